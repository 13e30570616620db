"""Review workbook layout: column widths from the shown values (no ``###``), wrapped bilingual
headers tall enough to show whole, † said once per sheet in a legend line (issue 13), page
breaks between provinces. Sheets are planned with :mod:`xladdin.review.book.sheet`, written
with XlsxWriter and read back with openpyxl, as a user's Excel would see them."""

from __future__ import annotations

import re
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from xladdin.review.book import _write
from xladdin.review.book.panels import panel_sheet
from xladdin.review.book.sheet import Sheet, finish, province_breaks, shown_text, text_width
from xladdin.templates.data import UNCONFIRMED_MARK, label, term


def _saved(tmp_path, *sheets: Sheet):
    path = tmp_path / "book.xlsx"
    with open(path, "wb") as fh:
        _write(list(sheets), fh)
    return path, load_workbook(path)


def _column_chars(path, sheet: int = 1) -> dict[int, float]:
    """Column -> characters it shows, from the ``<col>`` elements of the saved sheet (one
    element may cover several columns). XlsxWriter stores about ``w + 5/7`` for a column of
    ``w`` characters (Calibri 11: 7 pixels a digit plus 5 pixels of padding)."""
    with zipfile.ZipFile(path) as z:
        xml = z.read(f"xl/worksheets/sheet{sheet}.xml").decode()
    out = {}
    for lo, hi, width in re.findall(r'<col min="(\d+)" max="(\d+)" width="([\d.]+)"', xml):
        for c in range(int(lo), int(hi) + 1):
            out[c] = round(float(width) - 5 / 7, 1)
    return out


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        # Excel's "#,##0": thousands separators, no decimals, half away from zero
        (52057575.87115769, "#,##0", "52,057,576"),
        (1450.8733, "#,##0.0", "1,450.9"),
        (-1234.5678, "#,##0.0;[Red]-#,##0.0", "-1,234.6"),  # first section decides decimals
        (0.123456, '#,##0.000;[Red]-#,##0.000;"–"', "0.123"),
        (5.5531, "0.00;[Red]-0.00", "5.55"),
        (12.0, None, "12"),  # General
    ],
)
def test_a_number_is_measured_as_its_format_shows_it(value, fmt, shown):
    assert shown_text(value, fmt) == shown


def test_kip_per_capita_columns_are_wide_enough_to_show_the_number(tmp_path):
    # GDP per capita in kip runs to eight digits: "52,057,576" is 10 characters, which a
    # default 8.43-wide column shows as ###; the column gets 10 + 2 characters.
    sheet = Sheet("PerCapita")
    sheet.header(4, ["Province code / ລະຫັດແຂວງ", "2025", "2026"])
    sheet.rows(5, [["16", 47907922.32, 52057575.87]], [None, "#,##0", "#,##0"])
    finish(sheet, legend=False)
    path, wb = _saved(tmp_path, sheet)
    ws = wb["PerCapita"]
    assert ws["C5"].number_format == "#,##0" and ws["C5"].value == 52057575.87
    assert _column_chars(path) == {2: 12.0, 3: 12.0}  # A: text is not measured, no width set


def test_a_bilingual_header_wraps_and_its_row_is_tall_enough(tmp_path):
    # "Current prices / ລາຄາໃນປີ" in an 11-wide column: 24 characters of width (Lao vowel
    # marks take none), 9 a line at (11 - 1) * 0.9 -> 3 lines of 15 pt = 45 pt.
    text = "Current prices / ລາຄາໃນປີ"
    assert text_width(text) == 24
    sheet = Sheet("S")
    sheet.header(4, [text])
    sheet.set_widths({1: 11})
    finish(sheet, legend=False)
    _path, wb = _saved(tmp_path, sheet)
    ws = wb["S"]
    assert ws["A4"].alignment.wrap_text and ws["A4"].font.b
    assert ws.row_dimensions[4].height == 45


def test_the_unconfirmed_mark_is_said_once_per_sheet(tmp_path):
    sheet = Sheet("Status")
    sheet.title(label("status"), "1 file(s)")
    sheet.header(4, [label("file"), label("year"), "2020"])
    sheet.row(5, ["a†b.xlsx", 2020, 1.0])  # a user's text (a file name) keeps its characters
    assert UNCONFIRMED_MARK in sheet.value(1, 1) and UNCONFIRMED_MARK in sheet.value(4, 1)
    finish(sheet)
    _path, wb = _saved(tmp_path, sheet)
    ws = wb["Status"]
    assert ws["A1"].value == "Status / ສະຖານະ"
    assert ws["A4"].value == "File / ໄຟລ໌"
    assert ws["A4"].comment is not None  # which term: a note on the header
    assert ws["A5"].value == "a†b.xlsx"
    t = term("unconfirmed_term")
    assert ws["A3"].value == f"{UNCONFIRMED_MARK} {t.en} / {t.lo}"
    marks = [
        c.coordinate for row in ws.iter_rows() for c in row if UNCONFIRMED_MARK in str(c.value)
    ]
    assert marks == ["A3", "A5"]
    assert not t.confirmed and t.lo_marked.endswith(UNCONFIRMED_MARK)  # the glossary keeps it


def test_a_sheet_whose_legend_row_is_in_use_says_it_once_in_its_note(tmp_path):
    # Original/Adjusted/Difference/Reconcile hold "NOT RAKED ..." in row 3: the legend goes to
    # the end of the note in row 2, and the headers lose their marks as on every sheet.
    sheet = Sheet("Adjusted")
    sheet.title(label("status"), "Raked to the national totals.")
    sheet.put(3, 1, "NOT RAKED in 2019-2023")
    sheet.header(4, [label("file")])
    finish(sheet)
    _path, wb = _saved(tmp_path, sheet)
    ws = wb["Adjusted"]
    assert ws["A3"].value == "NOT RAKED in 2019-2023"
    assert ws["A4"].value == "File / ໄຟລ໌"
    assert ws["A2"].value.startswith("Raked to the national totals.")
    marks = [c.coordinate for row in ws.iter_rows() for c in row if "†" in str(c.value)]
    assert marks == ["A2"]


def test_text_that_looks_like_a_formula_is_text_with_the_quote_prefix(tmp_path):
    sheet = Sheet("S")
    hostile = ["=cmd|'/c calc'!A1", "+SUM(1,1)", "-2+3", "@SUM(A1)"]
    for i, text in enumerate(hostile, start=1):
        sheet.put(i, 1, text)
    finish(sheet, legend=False)
    path, wb = _saved(tmp_path, sheet)
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert not re.search(r"<f[ >]", xml)
    for i, text in enumerate(hostile, start=1):
        cell = wb["S"].cell(i, 1)
        assert cell.value == text and cell.data_type == "s" and cell.quotePrefix


def test_a_long_province_table_breaks_pages_between_provinces(tmp_path):
    # two provinces of 30 lines each (60 rows, more than a page of 40): the table's rows start
    # at 5 (title, note, legend, header above), so province 01 ends at row 5 + 30 - 1 = 34
    lines = [f"L{i:02d}" for i in range(30)]
    index = pd.MultiIndex.from_product([["01", "02"], lines], names=["province", "line"])
    df = pd.DataFrame({2020: range(60), 2021: range(60)}, index=index, dtype=float)
    sheet = panel_sheet("Current", "Current", df, "billion kip")
    assert sheet.breaks == [34]
    finish(sheet)
    path, wb = _saved(tmp_path, sheet)
    assert [b.id for b in wb["Current"].row_breaks.brk] == [34]
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<rowBreaks[^>]*><brk id="34"', xml)
    assert '<row r="64"' in xml  # the data rows are in the saved sheet
    rows = [int(n) for n in re.findall(r'<row r="(\d+)"', xml)]
    assert rows == sorted(set(rows))  # one element per row, in order
    ws = wb["Current"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == "$1:$4"  # the title and the header on every page
    assert ws.freeze_panes == "F5"


def test_a_table_of_one_page_gets_no_breaks():
    assert province_breaks(Sheet("S"), 5, ["01"] * 20 + ["02"] * 20) == []


def test_whole_provinces_are_packed_onto_a_page():
    # 30 + 30 + 5 rows, 40 a page: 01 fills page 1 (rows 5-34), 02 and 03 share page 2
    assert province_breaks(Sheet("S"), 5, ["01"] * 30 + ["02"] * 30 + ["03"] * 5) == [34]
    # 18 provinces of 4 lines (a Structure sheet): 10 provinces a page, not a page each
    provinces = [f"{p:02d}" for p in range(1, 19) for _ in range(4)]
    assert province_breaks(Sheet("S"), 5, provinces) == [44]
    # a province longer than a page breaks where the page ends (row 44); 02 fits under the
    # rest of 01 on page 2 (10 + 20 rows), 03 does not: a break after 02 (row 5 + 70 - 1)
    assert province_breaks(Sheet("S"), 5, ["01"] * 50 + ["02"] * 20 + ["03"] * 20) == [74]
