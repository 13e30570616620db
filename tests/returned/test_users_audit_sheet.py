"""A user's own sheet called "Audit" is their data: prepare never overwrites it, the data hash
covers it, and xladdin's audit trail goes to "Audit (xladdin)" beside it."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from xladdin.returned import prepare_file
from xladdin.returned.verify import verify_file
from xladdin.workbook.owned import AUDIT
from xladdin.workbook.xlsx_reader import open_xlsx


def _book(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb["Data"]["A1"], wb["Data"]["B1"] = "GDP", 5854
    mine = wb.create_sheet("Audit")
    mine["A1"] = "Internal audit notes, 2024"
    mine["A2"] = "Checked by the provincial planning office"
    wb.save(path)
    return path


def test_prepare_keeps_a_users_audit_sheet_and_hashes_it(tmp_path: Path):
    returned = prepare_file(_book(tmp_path / "book.xlsx"), compiler="test")
    view = open_xlsx(returned)
    assert view.values("Audit", "A1:A2") == [
        ["Internal audit notes, 2024"],
        ["Checked by the provincial planning office"],
    ]
    assert "Audit (xladdin)" in view.sheet_names()
    assert AUDIT.is_ours(view, "Audit (xladdin)") and not AUDIT.is_ours(view, "Audit")
    assert verify_file(returned).intact

    # An edit to the user's Audit sheet after the stamp is a change to their data.
    wb = openpyxl.load_workbook(returned)
    wb["Audit"]["A2"] = "edited later"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    assert not verify_file(edited).intact


def test_preparing_again_reuses_xladdins_own_audit_sheet(tmp_path: Path):
    once = prepare_file(_book(tmp_path / "book.xlsx"), compiler="test")
    twice = prepare_file(once, out=tmp_path / "twice.xlsx", compiler="test")
    names = open_xlsx(twice).sheet_names()
    assert names.count("Audit (xladdin)") == 1 and "Audit (xladdin 2)" not in names
    assert verify_file(twice).intact
