"""SEZ returns matched to their host provinces (issue 9, section 1, consolidation side).

Numbers are hand-made: GVA = output - intermediate consumption, summed by zone, province,
industry and year."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.table import Table

from xladdin.review.consolidate import Options, consolidate
from xladdin.review.sample import write_province_return
from xladdin.review.sez import match_sez

HEAD = [
    "Enterprise",
    "Zone",
    "Host province code",
    "Industry code",
    "Year",
    "Output",
    "Intermediate consumption",
    "Employees",
]


def _sez_return(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Enterprises"
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    ws.add_table(Table(displayName="tblEnterprises", ref=f"A1:H{len(rows) + 1}"))
    meta = wb.create_sheet("_xladdin")
    meta.append(["template", "sez-enterprise"])
    meta.append(["template_version", "1.0"])
    meta.sheet_state = "veryHidden"
    wb.save(path)
    return path


def _with_included(path: Path, rows: list[list[object]]) -> Path:
    wb = load_workbook(path)
    ws = wb.create_sheet("SEZ")
    ws.append(["Industry code", "Included"])
    for r in rows:
        ws.append(r)
    ws.add_table(Table(displayName="tblSezIncluded", ref=f"A1:B{len(rows) + 1}"))
    wb.save(path)
    return path


def test_match_hand_example():
    sez = pd.DataFrame(
        {2022: {"Savan-Seno|13|03": 50.0, "Savan-Seno|13|07": 20.0, "Boten|03|03": 10.0}}
    )
    flags = pd.DataFrame({2022: {"03": 1.0, "07": 0.0}})
    found = match_sez({"sez.xlsx": sez}, {"13": flags}, {"sez.xlsx": "billion kip"})
    got = {(f.code, f.details["industry"], f.details["amount"]) for f in found}
    # Boten is hosted by province 03, which sent no return: nothing to match.
    assert got == {("sez-double-counted", "03", 50.0), ("sez-omitted", "07", 20.0)}
    double = next(f for f in found if f.code == "sez-double-counted")
    assert "Savan-Seno" in double.message_en and "13" in double.message_en
    assert "ເຂດເສດຖະກິດພິເສດ" in double.message_lo
    # A province that does not say: unknown; "*" covers every industry.
    unknown = match_sez({"s": sez}, {"13": None})
    assert {f.code for f in unknown} == {"sez-inclusion-unknown"}
    every = match_sez({"s": sez}, {"13": pd.DataFrame({2022: {"*": 1.0}})})
    assert {f.code for f in every} == {"sez-double-counted"}


def test_consolidation_finds_double_counting_and_omission(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _with_included(write_province_return(folder / "p13.xlsx", "13"), [["03", "yes"], ["07", "no"]])
    write_province_return(folder / "p16.xlsx", "16")  # says nothing about SEZs
    _sez_return(
        folder / "sez.xlsx",
        [
            # zone Savan-Seno in Savannakhet (13): industry 03 GVA (100-40)+(30-20) = 70
            ["A", "Savan-Seno", "13", "03", 2022, 100.0, 40.0, 10],
            ["B", "Savan-Seno", "13", "03", 2022, 30.0, 20.0, 5],
            # industry 07 GVA 25 - 5 = 20
            ["C", "Savan-Seno", "13", "07", 2022, 25.0, 5.0, 3],
            # a zone in Champasak (16): 12 - 2 = 10
            ["D", "Vangtao", 16, 7, 2022, 12.0, 2.0, 1],
        ],
    )
    r = consolidate(
        [folder], None, options=Options(require_stamp=False, validate=False, accept=("*.xlsx",))
    )
    sez = {
        (f.code, f.details["zone"], f.details["industry"], f.details["amount"])
        for f in r.report
        if f.code.startswith("sez-")
    }
    assert sez == {
        ("sez-double-counted", "Savan-Seno", "03", 70.0),
        ("sez-omitted", "Savan-Seno", "07", 20.0),
        ("sez-inclusion-unknown", "Vangtao", "07", 10.0),
    }
    double = next(f for f in r.report if f.code == "sez-double-counted")
    assert double.severity.value == "error"  # the review's exit code is at least 1
    assert r.exit_code >= 1
