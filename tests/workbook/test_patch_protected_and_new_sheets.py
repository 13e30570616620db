"""The headless patcher on protected sheets (protection survives untouched) and on the sheets it
creates (Checks-layout column widths; an existing sheet keeps its widths)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Protection
from wb_support import FIXTURES

from xladdin.workbook.model import (
    ClearRange,
    EnsureSheet,
    Patch,
    SetFormulaText,
    SetHighlights,
    SetHyperlink,
)
from xladdin.workbook.sheet_xml import OWNED_SHEET_WIDTHS, file_column_width, new_sheet_xml
from xladdin.workbook.xlsx_patch import apply_patch
from xladdin.workbook.xlsx_reader import open_xlsx

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "province-gdp.xlsx"


def protected_book(path: Path) -> Path:
    """A small workbook shaped like a template: sheet ``Inputs`` protected (no password) with
    the templates' options, input cells B2:B4 unlocked, computed cells C2:C4 locked formulas;
    sheet ``Notes`` unprotected."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Inputs"
    ws["A1"], ws["B1"], ws["C1"] = "Sector", "Value", "Share"
    for r in range(2, 5):
        ws[f"A{r}"] = f"sector {r}"
        ws[f"B{r}"] = r * 10
        ws[f"B{r}"].protection = Protection(locked=False)
        ws[f"C{r}"] = f"=B{r}/SUM($B$2:$B$4)"
    ws.column_dimensions["A"].width = 25
    ws.protection.sheet = True
    for attr in ("formatColumns", "formatRows", "sort", "autoFilter"):
        setattr(ws.protection, attr, False)
    notes = wb.create_sheet("Notes")
    notes["A1"] = "free text"
    wb.save(path)
    return path


def sheet_part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(rf'<sheet [^>]*name="{re.escape(name)}"[^>]*r:id="([^"]+)"', wb).group(1)
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(
            rf'Target="([^"]+)"[^>]*Id="{rid}"', rels
        )
        part = target.group(1).lstrip("/")
        part = part if part.startswith("xl/") else "xl/" + part
        return z.read(part).decode()


def protection_xml(xml: str) -> list[str]:
    """Every protection-related element of a sheet part, as written."""
    return re.findall(
        r"<(?:\w+:)?(?:sheetProtection|protectedRanges)\b.*?(?:/>|</\w*:?protectedRanges>)", xml
    )


def test_patch_on_a_protected_sheet_writes_and_keeps_sheet_protection(tmp_path):
    book = protected_book(tmp_path / "protected.xlsx")
    before = sheet_part(book, "Inputs")
    assert protection_xml(before) and 'sheet="1"' in protection_xml(before)[0]
    patch = (
        Patch()
        .set_value("Inputs", "C2", 0.5)  # a locked (computed) cell: irrelevant to XML edits
        .set_value("Inputs", "B3", 99)
        .add(SetFormulaText("Inputs", "C4", "=B4*2", 80))
        .add(ClearRange("Inputs", "A4"))
        .add(SetHyperlink("Inputs", "D1", "'Notes'!A1"))
        .add(SetHighlights("Inputs", ("B2", "C3")))
    )
    apply_patch(book, patch)
    after = sheet_part(book, "Inputs")
    assert protection_xml(after) == protection_xml(before)  # byte-for-byte the same element
    view = open_xlsx(book)
    assert view.values("Inputs", "B3") == [[99]]
    assert view.values("Inputs", "C2") == [[0.5]]
    assert view.formulas("Inputs", "C4") == [["=B4*2"]]
    assert view.values("Inputs", "A4") == [[None]]
    ws = openpyxl.load_workbook(book)["Inputs"]
    assert ws.protection.sheet and not ws.protection.formatColumns and not ws.protection.sort
    assert ws["B2"].protection.locked is False and ws["C2"].protection.locked is True


@pytest.mark.skipif(not TEMPLATE.exists(), reason="templates/province-gdp.xlsx not built")
def test_patch_on_a_protected_template_keeps_every_sheet_protection(tmp_path):
    book = tmp_path / TEMPLATE.name
    shutil.copyfile(TEMPLATE, book)
    view = open_xlsx(book)
    protected = [s for s in view.sheet_names() if "<sheetProtection" in sheet_part(book, s)]
    assert protected, "the template protects its sheets"
    before = {s: protection_xml(sheet_part(book, s)) for s in view.sheet_names()}
    patch = Patch()
    for sheet in protected:
        patch.set_value(sheet, "A1", f"patched {sheet}")  # the title cell: locked
        patch.add(SetHighlights(sheet, ("A1",)))
    patch.add(EnsureSheet("Checks")).set_value("Checks", "A1", "checks")
    apply_patch(book, patch)
    after = open_xlsx(book)
    for sheet in view.sheet_names():
        assert protection_xml(sheet_part(book, sheet)) == before[sheet], sheet
    for sheet in protected:
        assert after.values(sheet, "A1") == [[f"patched {sheet}"]]


# --- new sheets: column widths --------------------------------------------------------------


def test_file_column_width_is_what_excel_writes():
    assert file_column_width(10) == 10.7109375
    assert file_column_width(70) == 70.7109375
    assert file_column_width(8.43) == 9.140625  # Excel's standard width


def test_a_created_sheet_gets_the_checks_widths(fixture_copy):
    book = fixture_copy("all_parts.xlsx")
    apply_patch(book, Patch([EnsureSheet("Checks")]).set_value("Checks", "F6", "message"))
    ws = openpyxl.load_workbook(book)["Checks"]
    widths = [ws.column_dimensions[c].width for c in "ABCDEFGH"]
    assert widths == [file_column_width(w) for w in OWNED_SHEET_WIDTHS]
    assert OWNED_SHEET_WIDTHS == (15, 24, 12, 11, 9, 42, 42, 38)  # ..., messages, what to do
    assert all(ws.column_dimensions[c].customWidth for c in "ABCDEFGH")
    # <cols> sits where CT_Worksheet wants it: after sheetFormatPr, before sheetData
    xml = sheet_part(book, "Checks")
    assert xml.index("<sheetFormatPr") < xml.index("<cols>") < xml.index("<sheetData")
    assert open_xlsx(book).values("Checks", "F6") == [["message"]]


def test_a_hidden_created_sheet_is_valid_too():
    assert b"<cols>" not in new_sheet_xml(())
    assert new_sheet_xml().count(b"<col ") == len(OWNED_SHEET_WIDTHS)


def test_an_existing_sheet_keeps_its_widths(fixture_copy, tmp_path):
    book = fixture_copy("all_parts.xlsx")
    names = open_xlsx(book).sheet_names()
    before = {s: re.findall(r"<cols>.*?</cols>", sheet_part(book, s)) for s in names}
    patch = Patch([EnsureSheet(s, clear=True) for s in names if s != "Inputs"])
    patch.add(EnsureSheet("Inputs", clear=False)).set_value("Inputs", "G1", "x")
    apply_patch(book, patch)
    for s in names:
        assert re.findall(r"<cols>.*?</cols>", sheet_part(book, s)) == before[s], s
    # a protected template's existing Checks sheet keeps its (absent or own) widths
    if TEMPLATE.exists():
        tpl = tmp_path / "tpl.xlsx"
        shutil.copyfile(TEMPLATE, tpl)
        cols = re.findall(r"<cols>.*?</cols>", sheet_part(tpl, "Checks"))
        apply_patch(tpl, Patch([EnsureSheet("Checks")]).set_value("Checks", "A6", "x"))
        assert re.findall(r"<cols>.*?</cols>", sheet_part(tpl, "Checks")) == cols


def test_fixture_is_not_protected_itself():
    """The shared fixtures stay unprotected (the protection tests build their own books)."""
    with zipfile.ZipFile(FIXTURES / "all_parts.xlsx") as z:
        assert not any(b"<sheetProtection" in z.read(n) for n in z.namelist() if "worksheets/" in n)
