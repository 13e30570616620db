"""Review workbook layout: column widths from the shown values (no ``###``), wrapped bilingual
headers tall enough to show whole, and † said once per sheet in a legend line (issue 13)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from xladdin.review import review_book as rb


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
    assert rb.shown_text(value, fmt) == shown


def test_kip_per_capita_columns_are_wide_enough_to_show_the_number(tmp_path):
    # GDP per capita in kip runs to eight digits: "52,057,576" is 10 characters, which a
    # default 8.43-wide column shows as ###; the column gets 10 + 2 characters.
    wb = Workbook()
    ws = wb.active
    ws.title = "PerCapita"
    rb._header(ws, 4, ["Province code / ລະຫັດແຂວງ", "2025", "2026"])
    rb._Bulk.of(ws).add(5, [["16", 47907922.32, 52057575.87]], [None, "#,##0", "#,##0"])
    rb.fit_sheet(ws)
    assert ws.column_dimensions["B"].width == 12
    assert ws.column_dimensions["C"].width == 12
    assert ws.column_dimensions.get("A") is None  # text is not measured: no width set


def test_a_bilingual_header_wraps_and_its_row_is_tall_enough():
    # "Current prices / ລາຄາໃນປີ" in an 11-wide column: 24 characters of width (Lao vowel
    # marks take none), 9 a line at (11 - 1) * 0.9 -> 3 lines of 15 pt = 45 pt.
    wb = Workbook()
    ws = wb.active
    text = "Current prices / ລາຄາໃນປີ"
    assert rb._text_width(text) == 24
    rb._header(ws, 4, [text])
    ws.column_dimensions["A"].width = 11
    rb.fit_sheet(ws)
    assert ws["A4"].alignment.wrap_text
    assert ws.row_dimensions[4].height == 45


def test_the_unconfirmed_mark_is_said_once_per_sheet():
    from xladdin.templates.data import UNCONFIRMED_MARK, term

    wb = Workbook()
    ws = wb.active
    rb._title(ws, "status", "1 file(s)")
    rb._header(ws, 4, [rb.label("file"), rb.label("year"), "2020"])
    rb._row(ws, 5, ["a†b.xlsx", 2020, 1.0])  # a user's text (a file name) keeps its characters
    assert UNCONFIRMED_MARK in ws["A1"].value and UNCONFIRMED_MARK in ws["A4"].value
    assert rb.unconfirmed_legend(ws) >= 2
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


def test_a_sheet_whose_legend_row_is_in_use_keeps_its_marks():
    wb = Workbook()
    ws = wb.active
    rb._title(ws, "status")
    ws["A3"] = "NOT RAKED in 2019-2023"
    rb._header(ws, 4, [rb.label("file")])
    assert rb.unconfirmed_legend(ws) == 0
    assert ws["A4"].value.endswith("†") and ws["A3"].value == "NOT RAKED in 2019-2023"


def test_a_long_province_table_breaks_pages_between_provinces(tmp_path):
    import re
    import zipfile

    import pandas as pd

    # two provinces of 30 lines each (60 rows, more than a page of 40): the table's rows start
    # at 5 (title, note, legend, header above), so province 01 ends at row 5 + 30 - 1 = 34
    lines = [f"L{i:02d}" for i in range(30)]
    index = pd.MultiIndex.from_product([["01", "02"], lines], names=["province", "line"])
    df = pd.DataFrame({2020: range(60), 2021: range(60)}, index=index, dtype=float)
    wb = Workbook()
    ws = wb.active
    ws.title = "Current"
    rb._panel_sheet(ws, "Current", df, "billion kip")
    assert [b.id for b in ws.row_breaks.brk] == [34]
    out = tmp_path / "breaks.xlsx"
    rb._save(wb, out, 0, {t: b.xml(0) for t, b in wb.__dict__["_xladdin_bulk"].items()})
    with zipfile.ZipFile(out) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<rowBreaks[^>]*><brk id="34"', xml)
    assert '<row r="64"' in xml  # the data rows are in the saved sheet


def test_a_table_of_one_page_gets_no_breaks():
    wb = Workbook()
    assert rb.province_breaks(wb.active, 5, ["01"] * 20 + ["02"] * 20) == []
    assert rb.province_breaks(wb.active, 5, ["01"] * 30 + ["02"] * 30 + ["03"] * 5) == [34, 64]
