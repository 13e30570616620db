"""The review's Findings sheet helps (issue 13): coloured severity, a summary by severity and
sheet at the top, what to do for each code in English and Lao, links to each cell. Also the
District levels sheet, written when a consolidation carries district levels."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from openpyxl import load_workbook

from xladdin.findings import todo
from xladdin.findings.words import word
from xladdin.review.consolidate import consolidate
from xladdin.templates.data import label

FILL = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    """Three sample returns (one wrongly coded, so there are findings in a file) and national
    totals 2 % above their sum (so there are findings on the review's own sheets)."""
    from xladdin.review.consolidate import Options
    from xladdin.review.sample import (
        national_from_provinces,
        province_values,
        write_province_return,
    )

    root = tmp_path_factory.mktemp("findings")
    folder = root / "in"
    folder.mkdir()
    codes = ["01", "13", "16"]
    for c in codes:
        write_province_return(folder / f"province-{c}.xlsx", c)
    national = root / "national.csv"
    national_from_provinces({c: province_values(c) for c in codes}, bias=0.02).to_csv(
        national, index=False
    )
    out = root / "out" / "review.xlsx"
    result = consolidate(
        [folder], out, national=national, options=Options(require_stamp=False, validate=True)
    )
    return result, out


def _rows(ws):
    return {r: [c.value for c in ws[r]] for r in range(1, ws.max_row + 1)}


def test_summary_by_severity_and_sheet_counts_every_finding_and_links_to_it(review):
    result, out = review
    ws = load_workbook(out)["Findings"]
    found = result.report.sorted()
    assert len(found) > 0
    want = Counter((word(f.severity.value, "both"), f.sheet or "–") for f in found)
    got, r = {}, 5  # the summary starts under its header in row 4
    while ws.cell(r, 1).value is not None:
        sev, where, n = (ws.cell(r, c).value for c in (1, 2, 3))
        got[(sev, where)] = int(n)  # the count is the link's text
        target = ws.cell(r, 3).hyperlink.location  # the first finding it counts
        first = int(re.fullmatch(r"'Findings'!A(\d+)", target).group(1))
        assert ws.cell(first, 2).value == sev and (ws.cell(first, 5).value or "–") == where
        r += 1
    assert got == dict(want)


def test_severity_is_coloured_and_what_to_do_is_english_and_lao(review):
    result, out = review
    ws = load_workbook(out)["Findings"]
    table = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "File / ໄຟລ໌")
    codes = {f.code for f in result.report}
    advice = {}
    for r in range(5, table):
        if ws.cell(r, 1).value in codes:
            advice[ws.cell(r, 1).value] = (r, ws.cell(r, 7).value, ws.cell(r, 8).value)
    assert set(advice) == codes
    for code, (_r, en, lo) in advice.items():
        assert (en or "") == todo(code, "en") and (lo or "") == todo(code, "lo")
    assert any(re.search("[\u0e80-\u0eff]", lo or "") for _r, _en, lo in advice.values())
    findings = result.report.sorted()
    for i, f in enumerate(findings, start=table + 1):
        assert ws.cell(i, 3).value == f.code
        assert ws.cell(i, 2).fill.fgColor.rgb.endswith(FILL[f.severity.value])
        if any(advice[f.code][1:]):
            assert ws.cell(i, 9).hyperlink.location == f"'Findings'!G{advice[f.code][0]}"


def test_a_finding_links_to_its_cell(review):
    result, out = review
    ws = load_workbook(out)["Findings"]
    table = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "File / ໄຟລ໌")
    in_files = in_review = 0
    for i, f in enumerate(result.report.sorted(), start=table + 1):
        link = ws.cell(i, 6).hyperlink
        if not (f.sheet and f.cell):
            continue
        if f.details.get("file"):  # a returned file: relative to the review's folder
            assert link.target.replace("\\", "/") == f"../in/{f.details['file']}"
            assert link.location == f"'{f.sheet}'!{f.cell.replace('$', '')}"
            in_files += 1
        elif f.sheet in load_workbook(out, read_only=True).sheetnames:
            assert link.location == f"'{f.sheet}'!{f.cell}"
            in_review += 1
    assert in_files > 0
    # no link reaches a file by an absolute path or a network share (they are flagged as
    # hyperlink-to-file when a workbook is read as untrusted)
    with zipfile.ZipFile(out) as z:
        rels = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".rels"))
    assert "file:" not in rels and "\\\\" not in rels


def test_district_levels_sheet_when_the_consolidation_has_them(tmp_path):
    from xladdin.review.book import _write
    from xladdin.review.book.levels import district_levels_sheet
    from xladdin.review.book.sheet import finish

    assert district_levels_sheet(SimpleNamespace(stats={})) is None
    index = pd.MultiIndex.from_tuples(
        [("1601", "AGR"), ("1602", "AGR")], names=["district", "sector"]
    )
    # illustrative: 100 of provincial agriculture split 60 / 40
    levels = SimpleNamespace(
        current=pd.DataFrame({2024: [60.0, 40.0]}, index=index),
        constant=pd.DataFrame({2024: [50.0, 30.0]}, index=index),
    )
    sheet = district_levels_sheet(SimpleNamespace(stats={"district_levels": {"16": levels}}))
    finish(sheet)
    path = tmp_path / "levels.xlsx"
    with open(path, "wb") as fh:
        _write([sheet], fh)
    ws = load_workbook(path)["District levels"]
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    # the basis is shown by its glossary label, English / Lao (issue #13)
    cur, const = label("current_prices"), label("constant_prices")
    assert "ລາຄາໃນປີ" in cur and "ລາຄາຄົງທີ່" in const
    assert [r[2:] for r in rows] == [
        ("1601", "AGR", cur, 60.0),
        ("1602", "AGR", cur, 40.0),
        ("1601", "AGR", const, 50.0),
        ("1602", "AGR", const, 30.0),
    ]
    assert str(ws["E4"].value).startswith("Prices") and ws["F4"].value == "2024"
    assert Path(path).stat().st_size > 0
