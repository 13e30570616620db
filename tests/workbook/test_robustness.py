"""Reader robustness: streamed and in-memory parsing agree, DTDs are refused anywhere,
damaged parts give typed errors; the patcher round-trips arbitrary cell writes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wb_support import FIXTURES

from xladdin.errors import RefusedWorkbookError, UnreadableWorkbookError
from xladdin.workbook import xlsx_reader
from xladdin.workbook.model import Patch, col_letter
from xladdin.workbook.package import iterparse_xml, parse_xml
from xladdin.workbook.xlsx_patch import apply_patch
from xladdin.workbook.xlsx_reader import open_xlsx

GOOD = [
    "all_parts.xlsx",
    "shared_formulas_calcchain.xlsx",
    "prefixed_namespace.xlsx",
    "date1904.xlsx",
    "vba_macro.xlsm",
]


def snapshot(path: Path) -> dict:
    view = open_xlsx(path)
    out = {}
    for sheet in view.sheet_names():
        out[sheet] = (
            view.cells(sheet),
            view.formula_cells(sheet),
            view.used_range(sheet),
            view.dimension(sheet),
        )
    return out


@pytest.mark.parametrize("name", GOOD)
def test_streamed_parse_equals_tree_parse(name, monkeypatch):
    tree = snapshot(FIXTURES / name)
    monkeypatch.setattr(xlsx_reader, "TREE_PARSE_LIMIT", 0)
    assert snapshot(FIXTURES / name) == tree


def replace_part(src: Path, dst: Path, part: str, data: bytes) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, data if info.filename == part else zin.read(info))
    return dst


DTD_SHEET = (
    b'<?xml version="1.0"?>\n<!-- a comment first -->\n<!DOCTYPE x [<!ENTITY a "aaaa">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
)


@pytest.mark.parametrize("limit", [0, 10**9])
def test_dtd_in_a_sheet_is_refused_when_the_sheet_is_read(tmp_path, monkeypatch, limit):
    monkeypatch.setattr(xlsx_reader, "TREE_PARSE_LIMIT", limit)
    book = replace_part(
        FIXTURES / "date1904.xlsx", tmp_path / "dtd.xlsx", "xl/worksheets/sheet1.xml", DTD_SHEET
    )
    view = open_xlsx(book)  # workbook.xml is fine: the file opens
    with pytest.raises(RefusedWorkbookError):
        view.values("Sheet1", "A1")


@pytest.mark.parametrize("limit", [0, 10**9])
def test_malformed_sheet_is_unreadable(tmp_path, monkeypatch, limit):
    monkeypatch.setattr(xlsx_reader, "TREE_PARSE_LIMIT", limit)
    book = replace_part(
        FIXTURES / "date1904.xlsx",
        tmp_path / "bad.xlsx",
        "xl/worksheets/sheet1.xml",
        b"<worksheet><sheetData>",
    )
    with pytest.raises(UnreadableWorkbookError):
        open_xlsx(book).values("Sheet1", "A1")


def test_xml_guards():
    with pytest.raises(RefusedWorkbookError):
        parse_xml(DTD_SHEET, "x")
    with pytest.raises(RefusedWorkbookError):
        list(iterparse_xml(io.BytesIO(DTD_SHEET), "x"))
    with pytest.raises(UnreadableWorkbookError):
        parse_xml(b"<a>&undefined;</a>", "x")
    with pytest.raises(UnreadableWorkbookError):
        parse_xml(b"", "x")
    utf16 = '<?xml version="1.0" encoding="UTF-16"?><a b="1"/>'.encode("utf-16")
    assert parse_xml(utf16, "x").get("b") == "1"
    assert [
        el.tag for _e, el in iterparse_xml(io.BytesIO(b"<?xml version='1.0'?>\n<a><b/></a>"))
    ] == ["b", "a"]


cell_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64).filter(lambda x: abs(x) < 1e300),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
)
cell_addr = st.tuples(st.integers(1, 30), st.integers(1, 60)).map(
    lambda cr: f"{col_letter(cr[0])}{cr[1]}"
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(writes=st.dictionaries(cell_addr, cell_value, min_size=1, max_size=25))
def test_any_writes_read_back_exactly(tmp_path_factory, writes):
    folder = tmp_path_factory.mktemp("prop")
    book = folder / "book.xlsx"
    book.write_bytes((FIXTURES / "shared_formulas_calcchain.xlsx").read_bytes())
    patch = Patch()
    for addr, value in writes.items():
        patch.set_value("Data", addr, value)
    apply_patch(book, patch, backup=False)
    view = open_xlsx(book)
    for addr, value in writes.items():
        got = view.value("Data", addr)
        if isinstance(value, str) and value == "":
            assert got in ("", None)
        else:
            assert (got == value and type(got) is type(value)) or (
                isinstance(value, float) and got == value
            ), (addr, value, got)
        assert view.formulas("Data", addr) == [[None]]
    openpyxl.load_workbook(book)  # still a valid package for another reader


def test_utf16_sheet_part_reads_and_patches(tmp_path):
    sheet = (
        '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1"/>'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ຕື້ກີບ</t></is></c></row></sheetData></worksheet>'
    ).encode("utf-16")
    book = replace_part(
        FIXTURES / "date1904.xlsx", tmp_path / "utf16.xlsx", "xl/worksheets/sheet1.xml", sheet
    )
    assert open_xlsx(book).value("Sheet1", "A1") == "ຕື້ກີບ"
    apply_patch(book, Patch().set_value("Sheet1", "B2", "ok"))
    view = open_xlsx(book)
    assert view.values("Sheet1", "A1:B2") == [["ຕື້ກີບ", None], [None, "ok"]]
    assert (
        zipfile.ZipFile(book)
        .read("xl/worksheets/sheet1.xml")
        .startswith(b'<?xml version="1.0" encoding="UTF-8"')
    )
    openpyxl.load_workbook(book)


def test_highlight_refs_are_validated(tmp_path):
    from xladdin.workbook.model import SetHighlights

    book = tmp_path / "b.xlsx"
    book.write_bytes((FIXTURES / "date1904.xlsx").read_bytes())
    with pytest.raises(ValueError):
        apply_patch(book, Patch([SetHighlights("Sheet1", ('A1"/><evil',))]))
