"""The page plan of :mod:`xladdin.workbook.printing`, without rendering: where the pages across
and down end. Widths in points by ECMA-376 Part 1, 18.3.1.13 (a column ``w`` characters wide is
``trunc(w * 7 + 5)`` pixels of 0.75 pt); A4 landscape 841.89 x 595.28 pt (ISO 216: 297 x 210 mm).
The expected breaks are worked out by hand in each test's comment."""

from __future__ import annotations

from openpyxl import Workbook

from xladdin.workbook.printing import column_pages, row_breaks, set_print_layout


def test_year_columns_are_shared_out_over_the_pages_across():
    # Volume: margin, code, English and Lao names (625 pt), 15 years of 62 pt, on pages of
    # 1052 pt. Page 1: 625 + 6 x 62 = 997 (a 7th makes 1059); page 2 repeats margin, code and
    # name (401 pt) and holds the other 9 years (959 pt): two pages, the break after column
    # 4 + 6 = 10 (J).
    widths = [48, 46, 307, 224] + [62] * 15
    assert column_pages(widths, 3, 1052, 5) == [10]
    assert column_pages(widths[:10], 3, 1052, 5) == []  # fits on one page: no break
    assert column_pages([900, 300], 1, 1052, 2) is None  # labels and one year do not fit


def test_a_table_that_would_cross_the_foot_of_a_page_starts_the_next():
    # Two tables of 28 rows (420 pt at 15 pt a row) from rows 3 and 33, pages of 600 pt: the
    # first and its gap fill 450 pt; 450 + 420 > 600, so a page ends after row 32.
    ws = Workbook().active
    assert row_breaks(ws, [(3, 30), (33, 60)], first_row=3, last_row=60, page_rows_pt=600) == [32]
    # a table taller than a page is left to the application (no break of ours inside it)
    assert row_breaks(ws, [(3, 60)], first_row=3, last_row=60, page_rows_pt=600) == []
    assert row_breaks(ws, [], first_row=3, last_row=60, page_rows_pt=600) == []


def _titled_sheet(title: str):
    """A sheet with ``title`` in A1 over a legend in A2, columns B:U 12 characters wide."""
    ws = Workbook().active
    ws["A1"], ws["A2"] = title, "legend"
    for c in range(2, 22):
        ws.column_dimensions[ws.cell(1, c).column_letter].width = 12
    return ws


def test_a_sheet_of_tables_repeats_its_title_rows_only_and_prints_over_then_down():
    ws = _titled_sheet("Results")
    for top in (4, 40):
        ws.cell(top, 2, "title")
        for r in range(top + 1, top + 30):
            for c in range(2, 22):
                ws.cell(r, c, 1.5)
    ws.freeze_panes = "D7"
    # 20 columns of 12 (89 pt each) do not fit one page wide at 73 % (784 / 0.73 = 1074 pt).
    # A page holds (595.28 - 72) x 0.93 / 0.73 = 667 pt of rows less the two title rows (30):
    # rows 3-39 take 555 pt, the second table 450 more, so a page ends after row 39.
    got = set_print_layout(ws, blocks=[(4, 33), (40, 69)])
    assert ws.print_title_rows == "$1:$2"  # not the first table's header above the second
    assert got["row_breaks"] == [39] and got["col_breaks"]
    assert ws.page_setup.pageOrder == "overThenDown"
    assert got["scale"] == 73  # 11 pt at 73 % is 8.03 pt


def test_a_form_above_wide_tables_prints_in_a_range_of_its_own():
    # Rebase: a form in B:D above a table of 20 year columns of width 12 (89 px, 66.75 pt
    # each, by ECMA-376 18.3.1.13; column A 8.43: 64 px, 48 pt). At 73 % a page across holds
    # 784.29 x 0.98 / 0.73 = 1053 pt: the form (48 + 3 x 66.75 = 248 pt) fits, the table
    # (48 + 20 x 66.75 = 1383 pt) does not; the 85 rows of 15 pt (1275 pt) are more than a page
    # holds ((595.28 - 72) x 0.93 / 0.73 = 667 pt). The print area is two ranges: the form's
    # rows and columns (rows 1-44, through the row before the table), then the table.
    from xladdin.workbook.printing import print_ranges

    ws = _titled_sheet("Rebasing")
    ws.cell(4, 2, "form")
    for r in range(5, 44):
        for c in range(2, 5):
            ws.cell(r, c, 1.0)
    ws.cell(45, 2, "table")
    for r in range(46, 86):
        for c in range(2, 22):
            ws.cell(r, c, 2.0)
    got = set_print_layout(ws, blocks=[(4, 43), (45, 85)])
    assert got["print_area"] == "A1:D44,A45:U85"
    assert ws.print_area == "'Sheet'!$A$1:$D$44,'Sheet'!$A$45:$U$85"
    widths = [48.0] + [66.75] * 20
    assert print_ranges(ws, [(4, 43), (45, 85)], widths, 1053, 85) == [(1, 44, 4), (45, 85, 21)]
    # the first table wider than a page: one range (nothing to set apart)
    assert print_ranges(ws, [(45, 85), (4, 43)], widths, 1053, 85) == [(1, 85, 21)]
