"""The headless patcher: no data loss, minimal rewrites, idempotence, every operation."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from wb_support import FIXTURES

from xladdin.errors import WorkbookError
from xladdin.workbook.model import (
    CellError,
    ClearRange,
    EnsureSheet,
    Patch,
    SetDocProperty,
    SetFormulaText,
    SetHighlights,
    SetHyperlink,
)
from xladdin.workbook.package import Package
from xladdin.workbook.xlsx_patch import apply_patch, patch_package
from xladdin.workbook.xlsx_reader import open_xlsx

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def raw_entries(path: Path) -> dict[str, tuple[int, int, bytes, bytes]]:
    """name -> (CRC, compress_type, raw compressed bytes, decompressed bytes)."""
    pkg = Package(path)
    out = {}
    for name in pkg.names():
        info, raw = pkg.raw(name)
        out[name] = (info.CRC, info.compress_type, raw, pkg.read(name))
    return out


def changed_parts(before: Path, after: Path) -> set[str]:
    a, b = raw_entries(before), raw_entries(after)
    names = set(a) | set(b)
    return {n for n in names if a.get(n) != b.get(n)}


def non_cell_children(xml: bytes) -> list[tuple[str, bytes]]:
    root = ET.fromstring(xml)
    return [
        (child.tag, ET.tostring(child))
        for child in root
        if child.tag not in (MAIN + "sheetData", MAIN + "dimension")
    ]


def one_sheet_patch() -> Patch:
    return (
        Patch()
        .set_value("Inputs", "B3", 333.5)
        .set_value("Inputs", "G7", "=cmd|' /c calc'!A0")  # text, never a formula
        .set_value("Inputs", "A2", "Agriculture (rev.)")
        .set_block("Inputs", "H40", [[1, 2.5], [True, None]])
    )


def test_one_sheet_patch_keeps_every_other_part_byte_identical(fixture_copy):
    book = fixture_copy("all_parts.xlsx")
    original = book.read_bytes()
    before = book.with_name("before.xlsx")
    before.write_bytes(original)
    apply_patch(book, one_sheet_patch())
    # only the touched sheet changes (openpyxl already set fullCalcOnLoad, so workbook.xml
    # needs no change); every other part keeps its compressed bytes
    assert changed_parts(before, book) == {"xl/worksheets/sheet1.xml"}
    with zipfile.ZipFile(before) as a, zipfile.ZipFile(book) as b:
        assert a.namelist() == b.namelist()  # same parts, same order
    # the touched sheet keeps every non-cell element, in place and in order
    old_sheet = zipfile.ZipFile(before).read("xl/worksheets/sheet1.xml")
    new_sheet = zipfile.ZipFile(book).read("xl/worksheets/sheet1.xml")
    assert non_cell_children(old_sheet) == non_cell_children(new_sheet)
    tags = [t.replace(MAIN, "") for t, _ in non_cell_children(new_sheet)]
    for needed in (
        "conditionalFormatting",
        "dataValidations",
        "drawing",
        "legacyDrawing",
        "tableParts",
    ):
        assert needed in tags
    # backup of the previous file
    assert book.with_name("all_parts.xlsx.bak").read_bytes() == original


def test_patched_values_read_back_and_untouched_cells_keep_style(fixture_copy):
    book = fixture_copy("all_parts.xlsx")
    apply_patch(book, one_sheet_patch())
    view = open_xlsx(book)
    assert view.value("Inputs", "B3") == 333.5
    assert view.value("Inputs", "G7") == "=cmd|' /c calc'!A0"
    assert view.formulas("Inputs", "G7") == [[None]]
    assert view.values("Inputs", "H40:I41") == [[1, 2.5], [True, None]]
    assert view.formulas("Inputs", "D2:D5") == [["=B2-C2"], ["=B3-C3"], ["=B4-C4"], ["=B5-C5"]]
    assert view.used_range("Inputs") == "A1:I41"
    assert view.dimension("Inputs") == "A1:I41"
    assert 'fullCalcOnLoad="1"' in zipfile.ZipFile(book).read("xl/workbook.xml").decode()


def test_result_opens_in_openpyxl_with_all_objects(fixture_copy):
    book = fixture_copy("all_parts.xlsx")
    apply_patch(book, one_sheet_patch())
    wb = openpyxl.load_workbook(book)
    ws = wb["Inputs"]
    assert ws["B3"].value == 333.5
    assert ws["G7"].value == "=cmd|' /c calc'!A0" and ws["G7"].data_type == "s"
    assert ws["B2"].fill.fgColor.rgb == "FFDDEEFF"  # style of an untouched cell
    assert ws["A2"].comment is not None and "province" in ws["A2"].comment.text
    assert len(ws._charts) == 1 and len(ws._images) == 1
    assert ws.data_validations.dataValidation[0].sqref is not None
    assert len(list(ws.conditional_formatting)) == 1
    assert "T_Sectors" in ws.tables
    assert wb["Lists"].sheet_state == "hidden"
    assert set(wb.defined_names) == {"Output", "SectorCodes"}
    assert wb["Notes"]["A1"].value == "User notes the tool must never touch"


def full_patch() -> Patch:
    p = Patch()
    p.add(EnsureSheet("Checks"))
    p.set_block(
        "Checks", "A1", [["severity", "code", "where"], ["error", "gva-negative", "'Inputs'!D3"]]
    )
    p.add(SetHyperlink("Checks", "C2", "'Inputs'!D3"))
    p.add(SetFormulaText("Checks", "D2", "=Inputs!D3", 120.0))
    p.add(SetHighlights("Inputs", ("D3", "B4:C4"), "error"))
    p.add(SetHighlights("Inputs", ("B5",), "warning"))
    p.add(EnsureSheet("_xladdin", hidden=True))
    p.set_value("_xladdin", "A1", "template-version")
    p.add(SetDocProperty("xladdin.template", "provincial-gdp"))
    p.add(SetDocProperty("xladdin.template_version", 3))
    p.add(SetDocProperty("xladdin.validated", True))
    p.add(SetDocProperty("xladdin.stamp_time", datetime(2025, 1, 2, 3, 4, 5)))
    return p


def test_every_operation_changes_only_the_parts_it_must(fixture_copy):
    book = fixture_copy("all_parts.xlsx")
    before = book.with_name("before.xlsx")
    before.write_bytes(book.read_bytes())
    apply_patch(book, full_patch())
    assert changed_parts(before, book) == {
        "xl/worksheets/sheet1.xml",  # highlights on Inputs
        "xl/worksheets/sheet4.xml",  # new Checks sheet
        "xl/worksheets/sheet5.xml",  # new hidden _xladdin sheet
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
        "xl/styles.xml",  # two dxfs appended
        "docProps/custom.xml",  # existing part updated
    }
    view = open_xlsx(book)
    assert view.sheet_names() == ["Inputs", "Notes", "Lists", "Checks", "_xladdin"]
    assert view.sheet_visibility("_xladdin") == "hidden"
    assert view.values("Checks", "A1:D2") == [
        ["severity", "code", "where", None],
        ["error", "gva-negative", "'Inputs'!D3", 120],
    ]
    assert view.formulas("Checks", "D2") == [["=Inputs!D3"]]
    assert view.doc_properties() == {
        "xladdin.template": "provincial-gdp",
        "xladdin.template_version": 3,
        "xladdin.validated": True,
        "xladdin.stamp_time": datetime(2025, 1, 2, 3, 4, 5),
    }
    wb = openpyxl.load_workbook(book)
    assert wb["Checks"]["C2"].hyperlink.location == "'Inputs'!D3"
    rules = {
        " ".join(sorted(str(cf.sqref).split())): cf.rules
        for cf in wb["Inputs"].conditional_formatting
    }
    assert set(rules) == {"D2:D5", "B4:C4 D3", "B5"}
    assert rules["B4:C4 D3"][0].formula == ['"xladdin-error"="xladdin-error"']
    assert wb["Inputs"]["B2"].value == 200  # user cells untouched


def test_patch_twice_gives_the_same_package(fixture_copy):
    book = fixture_copy("all_parts.xlsx")
    apply_patch(book, full_patch())
    once = book.read_bytes()
    apply_patch(book, full_patch())
    assert book.read_bytes() == once
    # styles: the highlight dxfs were appended once only
    styles = zipfile.ZipFile(book).read("xl/styles.xml").decode()
    assert styles.count("FFFFC7CE") == 2 and styles.count("FFFFEB9C") == 2  # fg+bg of one dxf each


def test_highlights_replace_and_clear(fixture_copy):
    book = fixture_copy("all_parts.xlsx")
    apply_patch(book, Patch([SetHighlights("Inputs", ("B2",), "error")]))
    apply_patch(book, Patch([SetHighlights("Inputs", ("C3", "C4"), "error")]))
    wb = openpyxl.load_workbook(book)
    assert {
        " ".join(sorted(str(cf.sqref).split())) for cf in wb["Inputs"].conditional_formatting
    } == {"D2:D5", "C3 C4"}
    apply_patch(book, Patch([SetHighlights("Inputs", (), "error")]))
    wb = openpyxl.load_workbook(book)
    assert {str(cf.sqref) for cf in wb["Inputs"].conditional_formatting} == {"D2:D5"}
    with pytest.raises(ValueError):
        apply_patch(book, Patch([SetHighlights("Inputs", ("A1",), "purple")]))


def test_docproperty_created_when_missing(fixture_copy):
    book = fixture_copy("shared_formulas_calcchain.xlsx")
    apply_patch(
        book, Patch([SetDocProperty("xladdin.template", "district"), SetDocProperty("n", 2.5)])
    )
    assert open_xlsx(book).doc_properties() == {"xladdin.template": "district", "n": 2.5}
    wb = openpyxl.load_workbook(book)
    assert {p.name: p.value for p in wb.custom_doc_props} == {
        "xladdin.template": "district",
        "n": 2.5,
    }


def test_overwriting_formulas_drops_calcchain_and_keeps_shared_dependents(fixture_copy):
    book = fixture_copy("shared_formulas_calcchain.xlsx")
    apply_patch(book, Patch().set_value("Data", "C2", 7))  # C2 is the shared-formula master
    names = zipfile.ZipFile(book).namelist()
    assert "xl/calcChain.xml" not in names
    z = zipfile.ZipFile(book)
    assert b"calcChain" not in z.read("[Content_Types].xml") and b"calcChain" not in z.read(
        "xl/_rels/workbook.xml.rels"
    )
    view = open_xlsx(book)
    assert view.value("Data", "C2") == 7
    assert [r[0] for r in view.formulas("Data", "C2:C6")] == [
        None,
        "=A3*B3",
        "=A4*B4",
        "=A5*B5",
        "=SUM(C2:C5)",
    ]
    assert view.values("Data", "A6:C6") == [[5.5, -2.25, 300]]  # implicit-position cells untouched


def test_value_only_patch_keeps_calcchain(fixture_copy):
    book = fixture_copy("shared_formulas_calcchain.xlsx")
    apply_patch(book, Patch().set_value("Data", "A2", 100))
    assert "xl/calcChain.xml" in zipfile.ZipFile(book).namelist()


def test_rows_without_r_stay_in_place_when_rows_are_inserted(fixture_copy):
    book = fixture_copy("shared_formulas_calcchain.xlsx")
    apply_patch(book, Patch().set_value("Data", "A9", "after").set_value("Data", "B1", "before"))
    view = open_xlsx(book)
    assert view.values("Data", "A6:C6") == [[5.5, -2.25, 300]]
    assert view.value("Data", "A9") == "after" and view.value("Data", "B1") == "before"


def test_clear_range_and_none_keep_styles(fixture_copy):
    book = fixture_copy("shared_formulas_calcchain.xlsx")
    apply_patch(book, Patch([ClearRange("Data", "C2:D3")]).set_value("Data", "E1", None))
    view = open_xlsx(book)
    assert view.values("Data", "C2:D3") == [[None, None], [None, None]]
    assert view.value("Data", "E1") is None
    sheet = zipfile.ZipFile(book).read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="C2" s="2"/>' in sheet and '<c r="D2" s="1"/>' in sheet
    assert '<c r="E1"' not in sheet  # no style: the cell is gone
    assert [r[0] for r in view.formulas("Data", "C4:C5")] == ["=A4*B4", "=A5*B5"]


def test_ensure_sheet_clear_empties_owned_sheet(fixture_copy):
    book = fixture_copy("all_parts.xlsx")
    p = Patch([EnsureSheet("Checks")]).set_block("Checks", "A1", [["a"], ["b"], ["c"]])
    p.add(SetHyperlink("Checks", "A2", "Inputs!A1"))
    apply_patch(book, p)
    apply_patch(book, Patch([EnsureSheet("Checks")]).set_value("Checks", "B1", "only"))
    view = open_xlsx(book)
    assert view.cells("Checks") == {"B1": "only"}
    assert b"<hyperlink" not in zipfile.ZipFile(book).read("xl/worksheets/sheet4.xml")
    # clear=False keeps the cells
    apply_patch(book, Patch([EnsureSheet("Checks", clear=False)]).set_value("Checks", "C1", 1))
    assert open_xlsx(book).cells("Checks") == {"B1": "only", "C1": 1}


def test_value_types(fixture_copy):
    book = fixture_copy("date1904.xlsx")
    p = Patch().set_block(
        "Sheet1",
        "A2",
        [
            [
                datetime(2024, 1, 2),
                "  spaced  ",
                "a\x01b _x0041_",
                CellError("#N/A"),
                float("nan"),
                float("inf"),
                "line\nbreak",
                "cr\r\nlf\ttab",
            ]
        ],
    )
    p.set_value("Sheet1", "A1", datetime(1904, 1, 1))  # s="1" (date format) is kept
    apply_patch(book, p)
    view = open_xlsx(book)
    assert view.value("Sheet1", "A1") == datetime(1904, 1, 1)
    assert view.values("Sheet1", "A2:H2") == [
        [
            43831,
            "  spaced  ",
            "a\x01b _x0041_",
            CellError("#N/A"),
            None,
            CellError("#NUM!"),
            "line\nbreak",
            "cr\r\nlf\ttab",
        ]
    ]
    assert openpyxl.load_workbook(book)["Sheet1"]["B2"].value == "  spaced  "


def test_prefixed_namespace_patch(fixture_copy):
    book = fixture_copy("prefixed_namespace.xlsx")
    apply_patch(
        book,
        Patch()
        .set_value("Sheet1", "C3", "new")
        .add(SetHighlights("Sheet1", ("A1",)))
        .add(EnsureSheet("Checks")),
    )
    view = open_xlsx(book)
    assert view.value("Sheet1", "C3") == "new" and view.sheet_names() == ["Sheet1", "Checks"]
    sheet = zipfile.ZipFile(book).read("xl/worksheets/sheet1.xml").decode()
    assert '<x:c r="C3" t="inlineStr">' in sheet and "<x:conditionalFormatting" in sheet
    openpyxl.load_workbook(book)


def test_xlsm_keeps_vba_project(fixture_copy):
    book = fixture_copy("vba_macro.xlsm")
    before = book.with_name("before.xlsm")
    before.write_bytes(book.read_bytes())
    apply_patch(book, Patch([EnsureSheet("Checks")]).set_value("Sheet1", "A1", "hello"))
    changed = changed_parts(before, book)
    assert "xl/vbaProject.bin" not in changed
    assert changed == {
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet3.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
    }
    assert b"macroEnabled" in zipfile.ZipFile(book).read("[Content_Types].xml")
    wb = openpyxl.load_workbook(book, keep_vba=True)
    assert wb["Sheet1"]["A1"].value == "hello"


def test_out_leaves_source_untouched(fixture_copy, tmp_path):
    book = fixture_copy("all_parts.xlsx")
    original = book.read_bytes()
    out = apply_patch(book, one_sheet_patch(), out=tmp_path / "copy.xlsx")
    assert book.read_bytes() == original and out.exists()
    assert not (tmp_path / "copy.xlsx.bak").exists()


def test_errors_for_programmer_mistakes(fixture_copy):
    book = fixture_copy("all_parts.xlsx")
    with pytest.raises(WorkbookError):
        apply_patch(book, Patch().set_value("NoSuchSheet", "A1", 1))
    with pytest.raises(ValueError):
        apply_patch(book, Patch([EnsureSheet("bad/name")]))
    with pytest.raises(TypeError):
        apply_patch(book, Patch(["not an op"]))
    assert book.read_bytes() == (FIXTURES / "all_parts.xlsx").read_bytes()


def test_patch_package_reports_changes():
    result = patch_package(
        Package(FIXTURES / "shared_formulas_calcchain.xlsx"), Patch().set_value("Data", "C3", 1)
    )
    assert result.removed == {"xl/calcChain.xml"}
    assert set(result.parts) == {
        "xl/worksheets/sheet1.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
    }


def test_new_cells_take_the_column_style_like_excel(fixture_copy):
    book = fixture_copy("vba_macro.xlsm")  # written by Excel: <col min="2" max="2" style="1">
    apply_patch(
        book, Patch().set_value("_xlwings.conf", "B2", "py").set_value("_xlwings.conf", "C30", 5)
    )
    sheet = zipfile.ZipFile(book).read("xl/worksheets/sheet2.xml").decode()
    assert '<c r="B2" s="1" t="inlineStr">' in sheet and '<c r="C30" s="1">' in sheet
    assert 'spans="1:2"' in sheet  # untouched rows keep their spans
