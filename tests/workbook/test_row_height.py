"""SetRowHeight: headless (``<row ht customHeight>``), through xlwings (the fake) and in
LibreOffice -- the same heights everywhere, idempotent, nothing else changed."""

from __future__ import annotations

import re
import shutil
import zipfile

import openpyxl
import pytest
from fake_xlwings import FakeBook, FakeComError, file_row_heights
from test_patch_protected_and_new_sheets import TEMPLATE, protected_book
from test_xlsx_patch import changed_parts
from wb_support import FIXTURES, lo_convert

from xladdin.workbook.model import EnsureSheet, Patch, SetRowHeight
from xladdin.workbook.sheet_xml import SheetXml
from xladdin.workbook.xlsx_patch import apply_patch
from xladdin.workbook.xlsx_reader import open_xlsx
from xladdin.workbook.xlwings_adapter import apply_patch_to_book


def rows_xml(path, part="xl/worksheets/sheet1.xml") -> list[str]:
    return re.findall(r"<row\b[^>]*>", zipfile.ZipFile(path).read(part).decode())


def heights(path, sheet: str) -> dict[int, float]:
    """Rows with a height of their own (``customHeight``) in the file."""
    return file_row_heights(open_xlsx(path), sheet)


def test_openpyxl_reads_the_heights(fixture_copy):
    book = fixture_copy("all_parts.xlsx")
    apply_patch(book, height_patch())
    dims = openpyxl.load_workbook(book)["Inputs"].row_dimensions
    assert (dims[3].height, dims[9].height, dims[1].height) == (45, 30.5, None)


def height_patch() -> Patch:
    return Patch(
        [
            SetRowHeight("Inputs", 3, 45),  # an existing row with cells
            SetRowHeight("Inputs", 9, 30.5),  # no row yet: created after row 5
            SetRowHeight("Inputs", 1, 20),
            SetRowHeight("Inputs", 1, None),  # and back to automatic
            SetRowHeight("Inputs", 12, None),  # a missing row stays missing
        ]
    )


def test_headless_writes_ht_and_custom_height_and_nothing_else(fixture_copy):
    book = fixture_copy("all_parts.xlsx")
    before = book.with_name("before.xlsx")
    shutil.copyfile(book, before)
    apply_patch(book, height_patch())
    assert changed_parts(before, book) == {"xl/worksheets/sheet1.xml"}  # not even workbook.xml
    assert rows_xml(book) == [
        '<row r="1">',
        '<row r="2">',
        '<row r="3" ht="45" customHeight="1">',
        '<row r="4">',
        '<row r="5">',
        '<row r="9" ht="30.5" customHeight="1"/>',
    ]
    assert heights(book, "Inputs") == {3: 45.0, 9: 30.5}
    # the cells and every other element of the sheet are as they were
    old = zipfile.ZipFile(before).read("xl/worksheets/sheet1.xml").decode()
    new = zipfile.ZipFile(book).read("xl/worksheets/sheet1.xml").decode()
    assert (
        new.replace(' ht="45" customHeight="1"', "").replace(
            '<row r="9" ht="30.5" customHeight="1"/>', ""
        )
        == old
    )
    a, b = open_xlsx(before), open_xlsx(book)
    assert a.values("Inputs", "A1:F5") == b.values("Inputs", "A1:F5")
    assert a.formulas("Inputs", "A1:F5") == b.formulas("Inputs", "A1:F5")


def test_idempotent_and_reversible(fixture_copy):
    book = fixture_copy("all_parts.xlsx")
    apply_patch(book, height_patch())
    once = book.read_bytes()
    apply_patch(book, height_patch())
    assert book.read_bytes() == once
    apply_patch(book, Patch([SetRowHeight("Inputs", 3, None), SetRowHeight("Inputs", 9, None)]))
    assert heights(book, "Inputs") == {}
    # row 9 stays as an empty <row r="9"/>: harmless, no height
    assert rows_xml(book) == [f'<row r="{n}">' for n in range(1, 6)] + ['<row r="9"/>']


def test_other_row_attributes_are_kept():
    xml = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="2" spans="1:3" s="4" customFormat="1" ht="18" customHeight="1"'
        b' hidden="0"><c r="A2"><v>1</v></c></row><row r="6" spans="1:1"/></sheetData>'
        b"</worksheet>"
    )
    sheet = SheetXml(xml)
    sheet.set_row_height(2, 33)
    sheet.set_row_height(6, 12.75)
    sheet.set_row_height(4, 40)
    out = sheet.to_bytes().decode()
    assert re.findall(r"<row\b[^>]*>", out) == [
        '<row r="2" spans="1:3" s="4" customFormat="1" ht="33" customHeight="1" hidden="0">',
        '<row r="4" ht="40" customHeight="1"/>',
        '<row r="6" spans="1:1" ht="12.75" customHeight="1"/>',
    ]
    assert '<c r="A2"><v>1</v></c>' in out
    sheet = SheetXml(out.encode())
    sheet.set_row_height(2, None)
    assert re.findall(r"<row\b[^>]*>", sheet.to_bytes().decode())[0] == (
        '<row r="2" spans="1:3" s="4" customFormat="1" hidden="0">'
    )
    # a row whose cells are also written keeps its height
    sheet = SheetXml(out.encode())
    sheet.set_value("B2", "x")
    assert 'ht="33" customHeight="1"' in sheet.to_bytes().decode()


def test_prefixed_namespace():
    xml = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData>'
        b"</x:worksheet>"
    )
    sheet = SheetXml(xml)
    sheet.set_row_height(1, 30)
    sheet.set_row_height(3, 30)
    out = sheet.to_bytes().decode()
    assert '<x:row r="1" ht="30" customHeight="1"><x:c' in out
    assert '<x:row r="3" ht="30" customHeight="1"/>' in out


@pytest.mark.parametrize(
    "row, height", [(0, 10), (1048577, 10), (1, -1), (1, 410), (1, float("nan")), (1, True)]
)
def test_out_of_range_is_refused(row, height):
    with pytest.raises(ValueError):
        SetRowHeight("Inputs", row, height)


def test_adapter_and_headless_give_the_same_heights(fixture_copy):
    book_path = fixture_copy("all_parts.xlsx")
    book = FakeBook.from_xlsx(book_path)
    assert apply_patch_to_book(book, height_patch()) == []
    apply_patch(book_path, height_patch())
    assert book.sheets["Inputs"].row_heights == heights(book_path, "Inputs") == {3: 45.0, 9: 30.5}
    assert FakeBook.from_xlsx(book_path).sheets["Inputs"].row_heights == {3: 45.0, 9: 30.5}
    log = [e for e in book.to_patch_log() if e[0] == "row_height"]
    assert log == [
        ("row_height", "Inputs", 3, 45.0),
        ("row_height", "Inputs", 9, 30.5),
        ("row_height", "Inputs", 1, 20.0),
        ("row_height", "Inputs", 1, None),  # EntireRow.AutoFit
        ("row_height", "Inputs", 12, None),
    ]
    # again: the same heights
    apply_patch_to_book(book, height_patch())
    assert book.sheets["Inputs"].row_heights == {3: 45.0, 9: 30.5}


def test_adapter_without_com_sets_heights_and_leaves_automatic_ones():
    book = FakeBook.from_xlsx(FIXTURES / "all_parts.xlsx", com=False)
    assert apply_patch_to_book(book, height_patch()) == []
    # without COM, None cannot AutoFit: row 1 keeps the 20 pt set just before
    assert book.sheets["Inputs"].row_heights == {1: 20.0, 3: 45.0, 9: 30.5}


def test_adapter_on_a_protected_sheet(tmp_path):
    path = protected_book(tmp_path / "protected.xlsx")
    book = FakeBook.from_xlsx(path)
    inputs = book.sheets["Inputs"]
    inputs.protection["AllowFormattingRows"] = False
    before = dict(inputs.protection)
    with pytest.raises(FakeComError):
        inputs.range("2:2").row_height = 30
    assert apply_patch_to_book(book, Patch([SetRowHeight("Inputs", 2, 30)])) == []
    assert inputs.row_heights == {2: 30.0}
    assert inputs.protection == before  # protected again, same options
    apply_patch(path, Patch([SetRowHeight("Inputs", 2, 30)]))
    assert heights(path, "Inputs") == {2: 30.0}


def test_clearing_an_owned_sheet_drops_its_heights_in_both(fixture_copy):
    book_path = fixture_copy("all_parts.xlsx")
    patch = Patch([EnsureSheet("Checks"), SetRowHeight("Checks", 2, 60)])
    patch.set_value("Checks", "A2", "long")
    book = FakeBook.from_xlsx(book_path)
    apply_patch_to_book(book, patch)
    apply_patch(book_path, patch)
    assert book.sheets["Checks"].row_heights == heights(book_path, "Checks") == {2: 60.0}
    rerun = Patch([EnsureSheet("Checks")]).set_value("Checks", "A2", "short")
    apply_patch_to_book(book, rerun)
    apply_patch(book_path, rerun)
    assert book.sheets["Checks"].row_heights == heights(book_path, "Checks") == {}


@pytest.mark.skipif(not TEMPLATE.exists(), reason="templates/province-gdp.xlsx not built")
def test_template_row_with_a_height_is_changed_in_place(tmp_path):
    path = tmp_path / "t.xlsx"
    shutil.copyfile(TEMPLATE, path)
    name = open_xlsx(path).sheet_names()[0]
    old = heights(path, name)
    assert old  # the template sets some row heights
    row = min(old)
    apply_patch(path, Patch([SetRowHeight(name, row, old[row] + 10)]))
    assert heights(path, name) == {**old, row: old[row] + 10}


@pytest.mark.libreoffice
def test_libreoffice_renders_the_heights(soffice, fixture_copy, tmp_path):
    book = fixture_copy("all_parts.xlsx")
    apply_patch(book, height_patch())
    out = lo_convert(soffice, book, "xlsx", tmp_path / "out")
    got = heights(out, "Inputs")
    assert got[3] == pytest.approx(45, abs=1)
    assert got[9] == pytest.approx(30.5, abs=1)  # LibreOffice rounds to its own units
    assert 1 not in got  # automatic again (LibreOffice writes customHeight="false")


@pytest.mark.libreoffice
def test_checks_rows_of_long_messages_keep_their_height_in_libreoffice(
    soffice, fixture_copy, tmp_path
):
    from xladdin.findings import Category, Finding, Report, Severity
    from xladdin.validate.checks import HEADER_ROW, checks_patch

    long_en = "Implicit deflator of AGR changes by 32.26% in 2023, outside the band. " * 3
    long_lo = "ຕົວປັບລາຄາຂອງ AGR ປ່ຽນແປງ 32.26% ໃນປີ 2023, ຢູ່ນອກຂອບເຂດ. " * 3
    report = Report(
        [
            Finding("a", Severity.ERROR, Category.DATA, "short", "ສັ້ນ", sheet="Inputs", cell="B2"),
            Finding(
                "b", Severity.ERROR, Category.DATA, long_en, long_lo, sheet="Inputs", cell="B3"
            ),
        ]
    )
    book = fixture_copy("all_parts.xlsx")
    apply_patch(book, checks_patch(report, open_xlsx(book), lang="lo"))
    first = HEADER_ROW + 1
    # row 1: the short message, but the Lao advice of the What-to-do column (68 characters,
    # 38 x 0.8 = 30.4 a line) takes 3 lines of 17 pt; row 2: the long Lao message (174
    # characters, 42 x 0.8 = 33.6 a line) 6 lines
    assert heights(book, "Checks") == {first: 51.0, first + 1: 102.0}
    got = heights(lo_convert(soffice, book, "xlsx", tmp_path / "out"), "Checks")
    assert got == {first: pytest.approx(51, abs=1), first + 1: pytest.approx(102, abs=1)}
