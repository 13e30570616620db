"""The xlwings adapter, against the fake book: same view and same patch result as headless."""

from __future__ import annotations

import subprocess
import sys

import pytest
from fake_xlwings import FakeBook, FakeComError
from test_patch_protected_and_new_sheets import TEMPLATE, protected_book
from test_xlsx_patch import full_patch, one_sheet_patch
from wb_support import FIXTURES

from xladdin.workbook.model import (
    CellError,
    ClearRange,
    EnsureSheet,
    Patch,
    SetDocProperty,
    SetHighlights,
    SetHyperlink,
    WorkbookView,
)
from xladdin.workbook.sheet_xml import OWNED_SHEET_WIDTHS
from xladdin.workbook.xlsx_patch import apply_patch
from xladdin.workbook.xlsx_reader import open_xlsx
from xladdin.workbook.xlwings_adapter import (
    BookView,
    PatchNote,
    apply_patch_to_book,
    highlight_marker,
)


def test_module_imports_without_xlwings():
    code = "import sys, xladdin.workbook.xlwings_adapter; assert 'xlwings' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    "name", ["all_parts.xlsx", "shared_formulas_calcchain.xlsx", "vba_macro.xlsm"]
)
def test_bookview_sees_what_the_headless_reader_sees(name):
    headless = open_xlsx(FIXTURES / name)
    view = BookView(FakeBook.from_xlsx(FIXTURES / name))
    assert isinstance(view, WorkbookView)
    assert view.sheet_names() == headless.sheet_names()
    assert view.defined_names() == headless.defined_names()
    assert view.tables() == headless.tables()
    assert view.doc_properties() == headless.doc_properties()
    for sheet in headless.sheet_names():
        assert view.sheet_visibility(sheet) == headless.sheet_visibility(sheet)
        used = headless.used_range(sheet)
        assert view.used_range(sheet) == used
        if used:
            assert view.values(sheet, used) == headless.values(sheet, used)
            assert view.formulas(sheet, used) == headless.formulas(sheet, used)


def same_cells(path, book):
    """Compare every sheet: constants by value, formula cells by formula text."""
    headless = open_xlsx(path)
    fake = BookView(book)
    assert fake.sheet_names() == headless.sheet_names()
    for sheet in headless.sheet_names():
        used = headless.used_range(sheet)
        assert fake.used_range(sheet) == used, sheet
        if not used:
            continue
        hv, hf = headless.values(sheet, used), headless.formulas(sheet, used)
        fv, ff = fake.values(sheet, used), fake.formulas(sheet, used)
        assert ff == hf, sheet
        for i, row in enumerate(hf):
            for j, f in enumerate(row):
                if f is None:
                    assert fv[i][j] == hv[i][j], (sheet, i, j)
    assert fake.doc_properties() == headless.doc_properties()
    for sheet in headless.sheet_names():
        assert fake.sheet_visibility(sheet) == headless.sheet_visibility(sheet)


@pytest.mark.parametrize("make_patch", [one_sheet_patch, full_patch])
def test_patch_headless_and_through_xlwings_give_the_same_cells(fixture_copy, make_patch):
    book_path = fixture_copy("all_parts.xlsx")
    book = FakeBook.from_xlsx(book_path)
    notes = apply_patch_to_book(book, make_patch())
    assert notes == []
    apply_patch(book_path, make_patch())
    same_cells(book_path, book)


def test_text_is_never_a_formula_in_excel():
    book = FakeBook.from_xlsx(FIXTURES / "all_parts.xlsx")
    apply_patch_to_book(
        book,
        Patch().set_block("Inputs", "G1", [["=cmd|' /c calc'!A0", "1.234", "'quoted", "#N/A"]]),
    )
    view = BookView(book)
    assert view.values("Inputs", "G1:J1") == [["=cmd|' /c calc'!A0", "1.234", "'quoted", "#N/A"]]
    assert view.formulas("Inputs", "G1:J1") == [[None, None, None, None]]
    assert ("value", "Inputs", "G1", "'=cmd|' /c calc'!A0") in book.to_patch_log()


def test_error_values_and_none():
    book = FakeBook.from_xlsx(FIXTURES / "shared_formulas_calcchain.xlsx")
    view = BookView(book)
    assert view.values("Data", "E1") == [[CellError("#DIV/0!")]]
    apply_patch_to_book(
        book, Patch().set_value("Data", "A1", CellError("#N/A")).set_value("Data", "B1", None)
    )
    assert view.values("Data", "A1:B1") == [[CellError("#N/A"), None]]


def test_highlights_hyperlinks_properties_through_com():
    book = FakeBook.from_xlsx(FIXTURES / "all_parts.xlsx")
    p = Patch([EnsureSheet("Checks")]).set_value("Checks", "A1", "go")
    p.add(SetHyperlink("Checks", "A1", "'Inputs'!B3")).add(SetHighlights("Inputs", ("B3", "C4:C5")))
    p.add(SetDocProperty("xladdin.template_version", 3))
    assert apply_patch_to_book(book, p) == []
    inputs = book.sheets["Inputs"]
    assert [(c.AppliesTo, c.Formula1) for c in inputs.format_conditions] == [
        ("B3,C4:C5", highlight_marker("error"))
    ]
    assert inputs.format_conditions[0].Interior.Color == 255 + 199 * 256 + 206 * 65536
    assert book.sheets["Checks"].hyperlinks == {"A1": "'Inputs'!B3"}
    assert BookView(book).values("Checks", "A1") == [["go"]]
    assert book.doc_props["xladdin.template_version"] == 3
    # replaced, then cleared
    apply_patch_to_book(book, Patch([SetHighlights("Inputs", ("D2",))]))
    assert [c.AppliesTo for c in inputs.format_conditions] == ["D2"]
    apply_patch_to_book(book, Patch([SetHighlights("Inputs", ())]))
    assert inputs.format_conditions == []
    assert [s.name for s in book.sheets] == ["Inputs", "Notes", "Lists", "Checks"]


def test_fallbacks_without_com():
    book = FakeBook.from_xlsx(FIXTURES / "all_parts.xlsx", com=False)
    p = Patch(
        [
            SetHighlights("Inputs", ("B3",)),
            SetDocProperty("x", "y"),
            SetHyperlink("Inputs", "G1", "Notes!A1"),
        ]
    )
    notes = apply_patch_to_book(book, p)
    assert len(notes) == 2 and "fill colour" in notes[0] and "'x'" in notes[1]
    assert book.sheets["Inputs"].colors == {"B3": (255, 199, 206)}
    assert book.sheets["Inputs"].hyperlinks == {"G1": "#Notes!A1"}
    assert BookView(book).doc_properties() == {}
    assert BookView(book).sheet_visibility("Lists") == "hidden"


def test_very_hidden_and_ensure_hidden_sheet():
    book = FakeBook.from_xlsx(FIXTURES / "all_parts.xlsx")
    book.sheets["Lists"].visibility = "veryHidden"
    apply_patch_to_book(book, Patch([EnsureSheet("_xladdin", hidden=True)]))
    view = BookView(book)
    assert view.sheet_visibility("Lists") == "veryHidden"
    assert view.sheet_visibility("_xladdin") == "hidden"


def test_patch_log_records_calls():
    book = FakeBook.from_xlsx(FIXTURES / "all_parts.xlsx")
    assert book.to_patch_log() == []
    apply_patch_to_book(book, Patch().set_value("Inputs", "B3", 5).set_value("Inputs", "B4", None))
    assert book.to_patch_log() == [("value", "Inputs", "B3", 5), ("clear_contents", "Inputs", "B4")]


# --- protected sheets ---------------------------------------------------------------------------

TEMPLATE_OPTIONS = {  # what the templates' <sheetProtection> means in Excel's terms
    "DrawingObjects": False,
    "Contents": True,
    "Scenarios": False,
    "UserInterfaceOnly": False,
    "AllowFormattingCells": False,
    "AllowFormattingColumns": True,
    "AllowFormattingRows": True,
    "AllowInsertingColumns": False,
    "AllowInsertingRows": False,
    "AllowInsertingHyperlinks": False,
    "AllowDeletingColumns": False,
    "AllowDeletingRows": False,
    "AllowSorting": True,
    "AllowFiltering": True,
    "AllowUsingPivotTables": False,
}


@pytest.fixture
def protected(tmp_path):
    """A fake book from a file whose ``Inputs`` sheet is protected like a template's."""
    return FakeBook.from_xlsx(protected_book(tmp_path / "protected.xlsx"))


def test_fake_reads_protection_and_lock_state_from_the_file(protected):
    inputs = protected.sheets["Inputs"]
    assert inputs.protection == TEMPLATE_OPTIONS and inputs.password is None
    assert not inputs.is_locked(2, 2) and inputs.is_locked(2, 3)  # B2 input, C2 computed
    assert inputs.is_locked(50, 50)  # a cell with no style: locked, as in Excel
    assert protected.sheets["Notes"].protection is None
    api = inputs.api
    assert api.ProtectContents and not api.ProtectDrawingObjects and not api.ProtectScenarios
    assert api.Protection.AllowFormattingColumns and not api.Protection.AllowFormattingCells
    assert inputs.column_widths[1] == 25


def test_a_protected_fake_sheet_refuses_writes_to_locked_cells(protected):
    inputs = protected.sheets["Inputs"]
    inputs.range("B3").value = 7  # an unlocked input cell: the user may type here
    for write in (
        lambda: setattr(inputs.range("C2"), "value", 1),
        lambda: setattr(inputs.range("C2"), "formula", "=1"),
        lambda: inputs.range("B2:C2").clear_contents(),
        lambda: inputs.range("D9").add_hyperlink("#Notes!A1"),
        lambda: inputs.api.Cells.FormatConditions.Add(Type=2, Formula1="=TRUE"),
        lambda: setattr(inputs.range("G1"), "color", (255, 0, 0)),
    ):
        with pytest.raises(FakeComError, match="protected sheet"):
            write()
    inputs.range("A1").column_width = 30  # AllowFormattingColumns
    assert BookView(protected).values("Inputs", "B3:C3") == [[7.0, None]]
    # without this adapter, a patch on the protected sheet fails the way Excel fails
    with pytest.raises(FakeComError):
        for op in Patch().set_value("Inputs", "C2", 0.5).ops:
            inputs.range(op.cell).value = op.value


def test_adapter_writes_into_a_protected_sheet_and_protects_it_again(protected):
    inputs = protected.sheets["Inputs"]
    inputs.enable_selection = 1  # xlUnlockedCells
    patch = (
        Patch()
        .set_value("Inputs", "C2", 0.5)
        .set_value("Inputs", "C3", "text")
        .add(ClearRange("Inputs", "C4"))
        .add(SetHyperlink("Inputs", "D2", "'Notes'!A1"))
        .add(SetHighlights("Inputs", ("B2", "C3")))
        .set_value("Notes", "B1", "unprotected sheet")
    )
    assert apply_patch_to_book(protected, patch) == []
    view = BookView(protected)
    assert view.values("Inputs", "C2:C4") == [[0.5], ["text"], [None]]
    assert inputs.hyperlinks == {"D2": "'Notes'!A1"}
    assert [c.AppliesTo for c in inputs.format_conditions] == ["B2,C3"]
    # protected again, with exactly the options it had (not Protect()'s defaults)
    assert inputs.protection == TEMPLATE_OPTIONS and inputs.enable_selection == 1
    assert protected.sheets["Notes"].protection is None
    log = protected.to_patch_log()
    kinds = [e[0] for e in log if e[1] == "Inputs"]
    assert kinds[0] == "unprotect" and kinds[-1] == "protect"
    assert kinds.count("unprotect") == kinds.count("protect") == 1  # once per patch
    assert ("unprotect", "Notes") not in log and not any(e[0] == "refused" for e in log)


def test_a_failing_operation_never_leaves_the_sheet_unprotected(protected):
    patch = Patch().set_value("Inputs", "C2", 1).set_value("Missing", "A1", 2)
    with pytest.raises(KeyError):
        apply_patch_to_book(protected, patch)
    inputs = protected.sheets["Inputs"]
    assert inputs.protection == TEMPLATE_OPTIONS
    assert BookView(protected).values("Inputs", "C2") == [[1.0]]
    bad = Patch().set_value("Inputs", "C3", 1).add(SetHighlights("Inputs", ("B2",), "purple"))
    with pytest.raises(ValueError, match="severity"):
        apply_patch_to_book(protected, bad)
    assert inputs.protection == TEMPLATE_OPTIONS


def test_a_sheet_with_a_password_is_skipped_with_a_note(protected):
    notes_sheet = protected.sheets["Notes"].protect("secret")
    patch = (
        Patch()
        .set_value("Notes", "A1", "overwritten?")
        .add(SetHighlights("Notes", ("A1",)))
        .set_value("Inputs", "C2", 3)
    )
    notes = apply_patch_to_book(protected, patch)
    assert len(notes) == 1
    (note,) = notes
    assert isinstance(note, PatchNote) and note.code == "sheet-protected-password"
    assert note.params == {"sheet": "Notes", "count": 2}
    assert "'Notes'" in note and "password" in note and "'Notes'" in note.lo
    assert note.message("both").startswith(note.en) and note.lo in note.message("both")
    assert BookView(protected).values("Notes", "A1") == [["free text"]]  # untouched
    assert notes_sheet.protection is not None and notes_sheet.password == "secret"
    assert notes_sheet.format_conditions == []
    assert BookView(protected).values("Inputs", "C2") == [[3.0]]  # other sheets still written
    assert protected.sheets["Inputs"].protection == TEMPLATE_OPTIONS


def test_a_sheet_that_cannot_be_protected_again_is_reported(protected, monkeypatch):
    import fake_xlwings

    def broken(self, *args, **kwargs):
        raise FakeComError("Protect failed")

    monkeypatch.setattr(fake_xlwings._SheetApi, "Protect", broken)
    notes = apply_patch_to_book(protected, Patch().set_value("Inputs", "C2", 1))
    assert [n.code for n in notes] == ["sheet-protection-not-restored"]
    assert "'Inputs'" in notes[0] and "Protect failed" in notes[0]


@pytest.mark.skipif(not TEMPLATE.exists(), reason="templates/province-gdp.xlsx not built")
def test_template_sheets_in_excel_protected_before_and_after():
    book = FakeBook.from_xlsx(TEMPLATE)
    protected_sheets = [s for s in book.sheets if s.protection is not None]
    assert protected_sheets
    sheet = protected_sheets[-1]
    before = dict(sheet.protection)
    with pytest.raises(FakeComError):
        sheet.range("A1").value = "x"  # the title: locked
    assert apply_patch_to_book(book, Patch().set_value(sheet.name, "A1", "x")) == []
    assert BookView(book).values(sheet.name, "A1") == [["x"]]
    assert sheet.protection == before


# --- new sheets: column widths ------------------------------------------------------------------


def test_a_created_sheet_gets_the_checks_widths_an_existing_one_keeps_its_own(protected):
    before = {s.name: dict(s.column_widths) for s in protected.sheets}
    patch = Patch([EnsureSheet("Checks"), EnsureSheet("Notes"), EnsureSheet("Inputs", clear=False)])
    assert apply_patch_to_book(protected, patch) == []
    checks = protected.sheets["Checks"]
    assert checks.column_widths == dict(enumerate(OWNED_SHEET_WIDTHS, start=1))
    for name, widths in before.items():
        assert protected.sheets[name].column_widths == widths
    touched = {e[1] for e in protected.to_patch_log() if e[0] == "column_width"}
    assert touched == {"Checks"}
    # again: Checks exists now, its widths (even if the user changed them) stay
    checks.column_widths[6] = 100
    apply_patch_to_book(protected, Patch([EnsureSheet("Checks")]))
    assert checks.column_widths[6] == 100


def test_non_finite_values_of_any_numeric_type_match_the_headless_patcher(tmp_path):
    """NaN of any float type (numpy float32, Decimal) empties the cell and infinity is #NUM!,
    through xlwings exactly as headless -- never a NaN handed to Excel."""
    import shutil
    from decimal import Decimal

    import numpy as np

    src = tmp_path / "book.xlsx"
    shutil.copyfile(FIXTURES / "shared_formulas_calcchain.xlsx", src)
    patch = (
        Patch()
        .set_value("Data", "A1", np.float32("nan"))
        .set_value("Data", "B1", Decimal("NaN"))
        .set_value("Data", "C1", np.float32("inf"))
        .set_value("Data", "D1", Decimal("-Infinity"))
    )
    book = FakeBook.from_xlsx(src)
    apply_patch_to_book(book, patch)
    apply_patch(src, patch)
    expected = [[None, None, CellError("#NUM!"), CellError("#NUM!")]]
    assert open_xlsx(src).values("Data", "A1:D1") == expected
    assert BookView(book).values("Data", "A1:D1") == expected
