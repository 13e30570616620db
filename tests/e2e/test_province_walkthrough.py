"""A provincial statistician's file, end to end: the committed template filled the way real
provincial files look (typed with openpyxl into the input tables only, as a user types in
Excel), then ``xladdin compile`` and ``xladdin validate --lang lo``.

Every problem typed into the file must give one finding with the right code, at the right cell,
with an English and a Lao message; compile must still write everything it can, crash on
nothing and change none of the user's cells.

| cell                 | what the user typed                              | expected                       |
|----------------------|--------------------------------------------------|--------------------------------|
| Settings!C4          | province code as the number 16                   | nothing (read as "16")         |
| Settings!D15         | kip per USD "8,049" (text)                       | ambiguous-separator (error)    |
| Settings!C16         | population "697 540" (text, space grouping)      | number-stored-as-text, used    |
| Benchmark!D7         | Lao name pasted from a Saysettha Lao document    | legacy-lao-font + suggestion   |
| Benchmark!F7         | output "3,483.3" (text)                          | number-stored-as-text, used    |
| Benchmark!G8         | IC "5,463" (text)                                | ambiguous-separator (error)    |
| Benchmark!F9         | output "1.234" (text)                            | ambiguous-separator (error)    |
| Benchmark!B10:H10    | a row inserted in the table ("of which: ...")    | template-row-without-code      |
| Benchmark!F11        | output in Lao digits "໑໒໓"                       | lao-digits, used as 123        |
| Benchmark!G12        | IC -12                                           | negative-input                 |
| Volume!I12           | industry 06, 2016 left blank                     | missing-input                  |
| Volume!B14           | industry code 08 typed as "80"                   | template-unknown-code          |
| Prices!H13           | price index 0 (industry 07, 2015)                | index-not-positive, GVA empty  |
| Rebase!C4            | old base year 2015, after the base year 2012     | rebase-old-base-not-earlier    |
"""

from __future__ import annotations

import csv
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from xladdin.compile import compile_file
from xladdin.templates.binding import bind
from xladdin.text import has_lao
from xladdin.workbook.xlsx_reader import read_findings

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "province-gdp.xlsx"
SAMPLE = ROOT / "xladdin" / "data" / "sample"

# ກະສິກຳ, ປ່າໄມ້ ແລະ ການປະມົງ typed in the LSWin convention (Saysettha Lao font)
LEGACY_LABEL = "¡½¦ò¡¿, ¯ú¾Ä´û Áì½ ¡¾ß¯½´ö¤"

INPUT_SHEETS = ("Settings", "Benchmark", "Volume", "Prices", "Direct")


def _rows(name: str) -> list[dict[str, str]]:
    with open(SAMPLE / name, encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def fill_messy(path: Path) -> Path:
    """The committed template, filled with the sample province plus the problems above."""
    wb = openpyxl.load_workbook(TEMPLATE)
    s = wb["Settings"]
    s["C4"], s["C5"], s["C6"], s["C7"] = 16, 2012, "billion kip", "Somphone"
    years = {int(r["year"]): r for r in _rows("province_years.csv")}
    for row in range(13, 28):
        r = years[int(s.cell(row, 2).value)]
        s.cell(row, 3).value = int(r["population"])
        s.cell(row, 4).value = float(r["kip_per_usd"])
        s.cell(row, 5).value = float(r["taxes_current"])
        s.cell(row, 6).value = float(r["taxes_volume_index"])
    s["D15"] = "8,049"
    s["C16"] = "697 540"

    b = wb["Benchmark"]
    bench = {r["code"]: r for r in _rows("province_benchmark.csv")}
    for row in range(7, 28):
        r = bench[b.cell(row, 2).value]
        b.cell(row, 6).value = float(r["output"])
        b.cell(row, 7).value = float(r["intermediate_consumption"])
    b["F7"], b["G8"], b["F9"], b["F10"], b["G11"] = "3,483.3", "5,463", "1.234", "໑໒໓", -12.0
    b["D7"] = LEGACY_LABEL

    ind = {(r["code"], int(r["year"])): r for r in _rows("province_indicators.csv")}
    for sheet, key in (("Volume", "volume_index"), ("Prices", "price_index")):
        ws = wb[sheet]
        header = [c.value for c in ws[6]]
        for row in range(7, 28):
            code = ws.cell(row, 2).value
            for col in range(5, len(header) + 1):
                ws.cell(row, col).value = float(ind[(code, int(header[col - 1]))][key])
    wb["Volume"]["I12"] = None  # 06, 2016
    wb["Volume"]["B14"] = "80"  # 08 mistyped
    wb["Prices"]["H13"] = 0  # 07, 2015

    # Insert a row in tblBenchmark after industry 03, as Excel does: the table grows.
    b.move_range("B10:H27", rows=1, translate=True)
    b["C10"], b["F10"] = "of which: garments", 150.0
    table = b.tables["tblBenchmark"]
    table.ref = "B6:H28"
    if table.autoFilter is not None:
        table.autoFilter.ref = "B6:H28"

    r = wb["Rebase"]
    r["C4"] = 2015
    for i, rr in enumerate(_rows("province_rebase.csv")):
        r.cell(11 + i, 2).value = int(rr["year"])
        r.cell(11 + i, 3).value = float(rr["old_base_series"])
    wb.save(path)
    return path


EXPECTED = {
    # code, sheet, cell, severity
    ("ambiguous-separator", "Settings", "D15", "error"),
    ("ambiguous-separator", "Benchmark", "G8", "error"),
    ("ambiguous-separator", "Benchmark", "F9", "error"),
    ("number-stored-as-text", "Settings", "C16", "warning"),
    ("number-stored-as-text", "Benchmark", "F7", "warning"),
    ("legacy-lao-font", "Benchmark", "D7", "warning"),
    ("template-row-without-code", "Benchmark", "B10:H10", "warning"),
    ("lao-digits", "Benchmark", "F11", "warning"),
    ("negative-input", "Benchmark", "G12", "error"),
    ("missing-input", "Volume", "I12", "error"),
    ("template-unknown-code", "Volume", "B14", "warning"),
    ("index-not-positive", "Prices", "H13", "error"),
    ("rebase-old-base-not-earlier", "Rebase", "C4", "error"),
}

# One problem, one finding: these must not repeat what the findings above say.
NOT_EXPECTED = {
    "input-not-a-number",
    "unknown-province-code",
    "population-missing",
    "rule-error",
    "compile-calculation-failed",
}


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    d = tmp_path_factory.mktemp("walk")
    messy = fill_messy(d / "messy.xlsx")
    book = d / "province.xlsx"
    shutil.copy(messy, book)
    result = compile_file(book, backup=False)
    return messy, book, result


def _where(findings):
    return {(f.code, f.sheet, f.cell, f.severity.value) for f in findings}


def test_every_problem_has_its_finding_at_its_cell(walk):
    _, _, result = walk
    found = _where(result.report.findings)
    assert EXPECTED <= found, sorted(EXPECTED - found)
    codes = {f.code for f in result.report.findings}
    assert not codes & NOT_EXPECTED, codes & NOT_EXPECTED
    assert ("template-row-missing", "Volume") in {(f.code, f.sheet) for f in result.report.findings}
    # a cell is reported once: no compile-missing-input beside validation's finding
    cells = [(f.sheet, f.cell) for f in result.report.findings if f.code == "compile-missing-input"]
    assert not set(cells) & {(s, c) for _, s, c, _ in EXPECTED}
    assert result.exit_code == 1 and result.written


def test_messages_in_english_and_lao(walk):
    _, _, result = walk
    for f in result.report.findings:
        assert f.message_en and f.message_lo, f
        assert "{" not in f.message_en and "{" not in f.message_lo, f
        assert "  " not in f.message_en and " ;" not in f.message_en, f.message_en
        assert has_lao(f.message_lo), f.message_lo
    legacy = next(f for f in result.report.findings if f.code == "legacy-lao-font")
    assert "ປ່າໄມ້ ແລະ ການປະມົງ" in legacy.message_en


def test_one_negative_gva_finding_per_row_not_per_year(walk):
    _, _, result = walk
    neg = [f for f in result.report.findings if f.code == "negative-gva"]
    assert neg  # industry 04: Lao-digit output 123 below its IC
    per_row = [(f.sheet, re.sub(r"[A-Z]+", "", f.cell.split(":")[0])) for f in neg]
    assert len(per_row) == len(set(per_row))
    results = [f for f in neg if f.sheet == "Results"]
    assert results and all(":" in f.cell for f in results)
    assert all(re.search(r"20\d\d-20\d\d", f.message_en) for f in results)


def test_compile_uses_what_it_can_and_leaves_the_rest_empty(walk):
    _, book, _ = walk
    view, problems = read_findings(book)
    assert view is not None and not [p for p in problems if p.severity.value == "error"]
    bound = bind(view)
    const = bound.block("gva_constant").values
    bench = {r["code"]: r for r in _rows("province_benchmark.csv")}
    # "3,483.3" was read as 3483.3 and "໑໒໓" as 123
    assert const.at["01", 2012] == pytest.approx(
        3483.3 - float(bench["01"]["intermediate_consumption"])
    )
    assert const.at["04", 2012] == pytest.approx(
        123 - float(bench["04"]["intermediate_consumption"])
    )
    # ambiguous texts are not used: those industries stay empty, and so do their totals
    assert math.isnan(const.at["02", 2012]) and math.isnan(const.at["03", 2012])
    assert math.isnan(const.at["GDP", 2012])
    # industry 06 has no volume index in 2016: that year is empty, the others are not
    assert math.isnan(const.at["06", 2016]) and not math.isnan(const.at["06", 2015])
    # the price index 0 of industry 07 in 2015 gives no current-price number (not GVA 0):
    # that cell, its deflator and the year's GDP are empty, its other years are compiled
    cur = bound.block("gva_current").values
    deflator = bound.block("deflator").values
    assert math.isnan(cur.at["07", 2015]) and math.isnan(deflator.at["07", 2015])
    assert math.isnan(cur.at["GDP", 2015])
    assert cur.at["07", 2014] > 0 and cur.at["07", 2016] > 0 and deflator.at["07", 2016] > 0
    assert const.at["07", 2015] > 0  # the constant-price side does not use the price index
    # the sector without a problem is compiled
    assert not math.isnan(const.at["SER", 2012]) or not math.isnan(const.at["AGR", 2012])


def test_nothing_of_the_user_is_changed(walk):
    messy, book, _ = walk
    before = openpyxl.load_workbook(messy)
    after = openpyxl.load_workbook(book)
    for name in INPUT_SHEETS:
        a, b = before[name], after[name]
        for row in a.iter_rows():
            for c in row:
                assert b[c.coordinate].value == c.value, (name, c.coordinate)
    for row in range(11, 51):  # Rebase: year and old series are the user's
        for col in (2, 3):
            assert after["Rebase"].cell(row, col).value == before["Rebase"].cell(row, col).value
    assert after["Rebase"]["C4"].value == 2015


def test_checks_sheet_lists_links_and_highlights(walk):
    _, book, _ = walk
    wb = openpyxl.load_workbook(book)
    ws = wb["Checks"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=6)]
    listed = {(r[1], r[3], r[4]) for r in rows if r[1]}
    for code, sheet, cell, _ in EXPECTED:
        assert (code, sheet, cell) in listed
    links = {c.hyperlink.location for r in ws.iter_rows(min_row=6) for c in r if c.hyperlink}
    assert "'Benchmark'!G8" in links
    highlighted = [cf.sqref for cf in wb["Benchmark"].conditional_formatting]
    for cell in ("G8", "F9", "G12", "F7", "D7", "F11"):
        assert any(cell in sqref for sqref in highlighted), cell
    assert not any("F8" in sqref for sqref in highlighted)  # a clean cell is not highlighted


def test_validate_lao_on_the_command_line(walk):
    _, book, _ = walk
    run = subprocess.run(
        [sys.executable, "-m", "xladdin", "validate", str(book), "--lang", "lo"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    out = run.stdout
    for code, sheet, cell, _ in EXPECTED:
        assert f"'{sheet}'!{cell}" in out and code in out, (code, cell)
    assert "ຄ່າ" in out or "ຕົວເລກ" in out
