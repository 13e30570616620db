"""The xlwings adapter, against the fake book: same view and same patch result as headless."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import FIXTURES
from fake_xlwings import FakeBook
from test_xlsx_patch import full_patch, one_sheet_patch

from xladdin.workbook.model import (
    CellError,
    EnsureSheet,
    Patch,
    SetDocProperty,
    SetHighlights,
    SetHyperlink,
    WorkbookView,
)
from xladdin.workbook.xlsx_patch import apply_patch
from xladdin.workbook.xlsx_reader import open_xlsx
from xladdin.workbook.xlwings_adapter import BookView, apply_patch_to_book, highlight_marker


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
