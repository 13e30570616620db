"""The optional "National GDP growth (%)" column of the province template's annual table:
bilingual label (unconfirmed Lao term, marked †), and the growth-sign check fires from the
workbook data alone, with no validation settings."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from xladdin.compile import compile_file
from xladdin.templates.binding import bind
from xladdin.templates.builder import build
from xladdin.templates.data import term
from xladdin.templates.sample import province_fill
from xladdin.templates.spec import SPECS
from xladdin.validate import ValidationConfig, validate_file
from xladdin.workbook.xlsx_reader import read_findings

# the committed copy of the reference glossary (tests/fixtures/reference)
REFERENCE = Path(__file__).resolve().parents[1] / "fixtures" / "reference" / "glossary.csv"


def _header_cell(ws, table, header):
    (ref_first, _) = table.ref.split(":")
    row = int("".join(ch for ch in ref_first if ch.isdigit()))
    for cell in ws[row]:
        if cell.value == header:
            return cell
    raise AssertionError(f"{header!r} not in {table.name}")


def test_template_has_the_optional_column_with_a_bilingual_label():
    col = next(
        c for c in SPECS["province-gdp"].table("years").columns if c.key == "national_growth"
    )
    assert col.header == "National GDP growth (%)" and col.optional
    t = term(col.label)
    assert not t.confirmed  # not in the reference glossary: marked †
    assert "national gdp growth" in t.en.casefold()
    with open(REFERENCE, encoding="utf-8") as f:
        assert col.label not in {row["key"] for row in csv.DictReader(f)}
    wb = openpyxl.load_workbook(Path(__file__).resolve().parents[2] / "templates/province-gdp.xlsx")
    ws = wb["Settings"]
    head = _header_cell(ws, ws.tables["tblYears"], "National GDP growth (%)")
    lao = ws.cell(head.row - 1, head.column).value
    # unconfirmed: no † on the label itself (the sheet's legend and the glossary say it once),
    # a note on the cell says so
    assert lao.startswith("ອັດຕາການຂະຫຍາຍຕົວ") and not lao.endswith("†")
    assert "†" in ws.cell(head.row - 1, head.column).comment.text
    assert head.column == 7  # after the taxes volume index: existing columns do not move


def test_growth_sign_check_fires_from_workbook_data_alone(tmp_path):
    fill, years = province_fill()
    path = build("province-gdp", tmp_path / "p.xlsx", years=years, fill=fill)
    compile_file(path, backup=False)
    bound = bind(read_findings(path)[0])
    growth = bound.block("growth").values
    year = next(y for y in years[1:] if growth.at["GDP", y] > 0)
    # the user types national growth in the new column: negative in a year the province grows
    wb = openpyxl.load_workbook(path)
    ws = wb["Settings"]
    head = _header_cell(ws, ws.tables["tblYears"], "National GDP growth (%)")
    for row in range(head.row + 1, head.row + 1 + len(years)):
        y = ws.cell(row, 2).value
        ws.cell(row, head.column).value = -3.5 if int(y) == year else 5.0
    wb.save(path)
    report = validate_file(path, config=ValidationConfig())
    gdp = [
        f
        for f in report.findings
        if f.code == "growth-sign-opposite" and f.details.get("item") == "GDP"
    ]
    assert [f.details["year"] for f in gdp] == [year]
    assert gdp[0].details["national"] == -3.5 and gdp[0].message_lo
    # without the column's values, no sign finding
    for row in range(head.row + 1, head.row + 1 + len(years)):
        ws.cell(row, head.column).value = None
    wb.save(path)
    assert "growth-sign-opposite" not in {f.code for f in validate_file(path).findings}
