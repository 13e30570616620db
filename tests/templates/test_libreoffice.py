"""Every template, the compiled demo and compiled district/SEZ examples open in a real
spreadsheet engine (LibreOffice headless, recalculating on load) with no error values in any
cell, and LibreOffice recalculating the demo's formula twin gives compile's numbers. One soffice
call for all files."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from xladdin.cli.demo import run_demo
from xladdin.compile import compile_file
from xladdin.compile.formula_twin import write_formula_twin
from xladdin.templates.builder import build
from xladdin.templates.sample import district_fill, sez_fill

pytestmark = pytest.mark.libreoffice

ERRORS = ("#NAME?", "#REF!", "#DIV/0!", "#VALUE!", "#N/A", "#NUM!", "#NULL!")


def test_templates_and_compiled_demo_recalculate_without_error_values(soffice, built, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for path in built.values():
        shutil.copy(path, src / path.name)
    demo = run_demo(src / "demo.xlsx")
    assert demo.exit_code == 0
    fill, years = district_fill()
    district = build("district-growth", src / "district_compiled.xlsx", years=years, fill=fill)
    sez = build("sez-enterprise", src / "sez_compiled.xlsx", fill=sez_fill())
    for path in (district, sez):
        assert compile_file(path, backup=False).exit_code == 0
    write_formula_twin(src / "demo.xlsx", src / "twin.xlsx")
    out = tmp_path / "out"
    files = sorted(str(p) for p in src.glob("*.xlsx"))
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *files,
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = sorted(out.glob("*.xlsx"))
    assert len(converted) == len(files)
    # ... and each renders to PDF (what a reviewer would print), in one more soffice call.
    pdfs = tmp_path / "pdf"
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdfs),
            *files,
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    for path in files:
        pdf = pdfs / (Path(path).stem + ".pdf")
        data = pdf.read_bytes()
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
        assert data.startswith(b"%PDF") and pages >= 2, (pdf.name, pages)
    for path in converted:
        wb = openpyxl.load_workbook(path, data_only=True)
        bad = [
            (ws.title, c.coordinate, c.value)
            for ws in wb.worksheets
            for row in ws.iter_rows()
            for c in row
            if isinstance(c.value, str) and c.value.strip() in ERRORS
        ]
        assert not bad, f"{path.name}: {bad[:5]}"
    # the native GVA formula was recalculated by LibreOffice: output - IC of industry 01
    wb = openpyxl.load_workbook(out / "demo.xlsx", data_only=True)
    # names looked up from codes on the Lists sheet: province 16 of the sample, the unit
    shown = {r[2].value: r[3].value for r in wb["Settings"].iter_rows(min_row=4, max_row=8)}
    assert shown["16"] == "Champasak / ແຂວງຈຳປາສັກ"
    assert shown["billion kip"] == "Billion kip / ຕື້ກີບ"
    assert "(Billion kip / ຕື້ກີບ)" in wb["Results"]["B5"].value
    ents = openpyxl.load_workbook(out / "sez_compiled.xlsx", data_only=True)["Enterprises"]
    names = {c.value for row in ents.iter_rows() for c in row if isinstance(c.value, str)}
    assert {"Savannakhet / ແຂວງສະຫວັນນະເຂດ", "Manufacturing"} <= names  # 13 typed as a number
    ws = wb["Benchmark"]
    row = next(r for r in ws.iter_rows() if r[1].value == "01")
    assert row[7].value == pytest.approx(row[5].value - row[6].value)
    # an independent engine gives compile's numbers: LibreOffice recalculating the same method
    # written as native formulas (the formula twin) matches every output cell
    checked = {}
    for sheet in ("Results", "Production"):
        compiled = openpyxl.load_workbook(src / "demo.xlsx", data_only=True)[sheet]
        twin = openpyxl.load_workbook(out / "twin.xlsx", data_only=True)[sheet]
        checked[sheet] = 0
        for row in compiled.iter_rows():
            for c in row:
                if isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                    assert twin[c.coordinate].value == pytest.approx(c.value, rel=1e-9, abs=1e-9), (
                        sheet,
                        c.coordinate,
                    )
                    checked[sheet] += 1
    # Results: six publication tables (27 rows x 15 years; no growth or contribution in the
    # first year) + per capita (5 rows) + taxes and subsidies (6 rows) + chain-linked volumes
    # (27 rows + non-additivity) + their growth and contributions (no first year) + real GDP
    # per capita (2 levels x 15 + 2 growth rates x 14)
    assert checked["Results"] == (
        27 * 15 * 6 - 2 * 27 + 5 * 15 + 6 * 15 + 28 * 15 + 2 * 27 * 14 + 2 * 15 + 2 * 14
    )
    # Production: output and IC at current and constant prices, 21 industries x 15 years
    assert checked["Production"] == 4 * 21 * 15
