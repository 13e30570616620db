"""Patched packages open in LibreOffice headless, with the written values (L4)."""

from __future__ import annotations

import csv

import pytest
from test_xlsx_patch import full_patch, one_sheet_patch
from wb_support import lo_convert

from xladdin.workbook.model import Patch
from xladdin.workbook.xlsx_patch import apply_patch
from xladdin.workbook.xlsx_reader import open_xlsx

pytestmark = pytest.mark.libreoffice


def read_csv(path):
    with open(path, newline="", encoding="utf-8", errors="replace") as fh:
        return list(csv.reader(fh))


def test_written_values_appear_and_dependents_recalculate(soffice, fixture_copy, tmp_path):
    book = fixture_copy("all_parts.xlsx")
    apply_patch(book, one_sheet_patch())
    rows = read_csv(lo_convert(soffice, book, "csv", tmp_path / "out"))
    assert rows[2][1] == "333.5"  # B3 written
    assert rows[2][3] == "213.5"  # D3 = B3 - C3, recalculated from the written value
    assert rows[6][6] == "=cmd|' /c calc'!A0"  # text stays text
    assert rows[1][0] == "Agriculture (rev.)"


def test_full_patch_round_trips_through_libreoffice(soffice, fixture_copy, tmp_path):
    book = fixture_copy("all_parts.xlsx")
    apply_patch(book, full_patch())
    out = lo_convert(soffice, book, "xlsx", tmp_path / "out")
    view = open_xlsx(out)
    assert view.sheet_names() == ["Inputs", "Notes", "Lists", "Checks", "_xladdin"]
    assert view.sheet_visibility("_xladdin") == "hidden"
    assert view.values("Checks", "A2:D2") == [
        ["error", "gva-negative", "'Inputs'!D3", 180]
    ]  # recalculated
    assert view.doc_properties()["xladdin.template"] == "provincial-gdp"
    assert "T_Sectors" in view.tables()


def test_xlsm_and_shared_formula_release_open(soffice, fixture_copy, tmp_path):
    book = fixture_copy("shared_formulas_calcchain.xlsx")
    apply_patch(book, Patch().set_value("Data", "C2", 7).set_value("Data", "A3", 10))
    rows = read_csv(lo_convert(soffice, book, "csv", tmp_path / "out"))
    assert [r[2] for r in rows[1:6]] == ["7", "200", "90", "160", "457"]
    macro = fixture_copy("vba_macro.xlsm")
    apply_patch(macro, Patch().set_value("Sheet1", "A1", "hello"))
    rows = read_csv(lo_convert(soffice, macro, "csv", tmp_path / "out2"))
    assert rows[0][0] == "hello"
