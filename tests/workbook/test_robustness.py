"""Reader robustness: streamed and in-memory parsing agree, DTDs are refused anywhere,
damaged parts give typed errors; the patcher round-trips arbitrary cell writes."""

from __future__ import annotations

import io
import struct
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
cell_addr = (
    st.tuples(st.integers(1, 30), st.integers(1, 60))
    .map(lambda cr: f"{col_letter(cr[0])}{cr[1]}")
    # D2 of the fixture is formatted dd/mm/yyyy: a number written there keeps the user's date
    # style (xladdin never rewrites styles), so it reads back as a date, by design
    .filter(lambda addr: addr != "D2")
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


# --- one reader with limits (issue #10 item 5) -------------------------------------------------


def _tiny_book(sheet_rows: str) -> bytes:
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="r1" Type="{rel}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets>'
        '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{ns}"><sheetData>{sheet_rows}'
        "</sheetData></worksheet>",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return buf.getvalue()


@pytest.mark.parametrize(
    "text, value",
    [("5", 5), ("-5", -5), ("104.5", 104.5), ("1E-3", 0.001), ("1.5e+2", 150.0), (".5", 0.5)],
)
def test_numbers_as_excel_writes_them_are_read(text, value):
    view = open_xlsx(_tiny_book(f'<row r="1"><c r="A1"><v>{text}</v></c></row>'))
    assert view.value("S", "A1") == value and type(view.value("S", "A1")) is type(value)


@pytest.mark.parametrize(
    "text", ["1_000", " 12 ", "\u0ed1\u0ed2", "NaN", "nan", "INF", "-inf", "1E999", "0x10"]
)
def test_numbers_python_would_accept_but_excel_never_writes_are_a_finding(text):
    """float() accepts '1_000', ' 12 ', Lao digits, 'nan' and 'inf': a number cell holding
    them would be summed or dropped silently. The reader refuses them (strict xsd:double)."""
    from xladdin.workbook.xlsx_reader import BadCellValueError, error_finding

    view = open_xlsx(_tiny_book(f'<row r="1"><c r="A1" t="n"><v>{text}</v></c></row>'))
    with pytest.raises(BadCellValueError) as caught:
        view.value("S", "A1")
    f = error_finding(caught.value, "book.xlsx")
    assert f.code == "cell-value-not-a-number" and f.refuses
    assert (f.sheet, f.cell) == ("S", "A1")


def test_one_limits_type_for_reader_and_inspection():
    from xladdin.workbook import package, safety
    from xladdin.workbook.limits import Limits

    assert safety.Limits is Limits
    assert package.MAX_FILE_BYTES == Limits().max_file_bytes
    assert package.MAX_PART_BYTES == Limits().max_part_bytes
    assert package.MAX_RATIO == Limits().max_ratio


def test_inspection_and_reader_share_the_inflated_bytes(monkeypatch, tmp_path):
    """Each part is inflated once: the reader takes the bytes the inspection streamed."""
    from xladdin.workbook.safety import open_untrusted

    path = tmp_path / "book.xlsx"
    path.write_bytes(_tiny_book('<row r="1"><c r="A1"><v>7</v></c></row>'))
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def counting_open(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    view, findings = open_untrusted(path)
    assert findings == [] and view.value("S", "A1") == 7
    assert len(opened) == len(set(opened)), opened  # no part inflated twice


def test_unsafe_and_duplicate_entries_are_left_out_of_the_package():
    from xladdin.workbook.package import Package, unsafe_entry_reason

    data = _tiny_book("")
    buf = io.BytesIO(data)
    import warnings

    with warnings.catch_warnings(), zipfile.ZipFile(buf, "a") as z:
        warnings.simplefilter("ignore")
        z.writestr("/xl/worksheets/sheet1.xml", b"<x/>")
        z.writestr("XL/Workbook.xml", b"<x/>")
        z.writestr("../evil", b"x")
    pkg = Package(buf.getvalue())
    assert [n for n, _ in pkg.unsafe] == ["/xl/worksheets/sheet1.xml", "../evil"]
    assert pkg.duplicates == ["XL/Workbook.xml"]
    assert all(unsafe_entry_reason(n) is None for n in pkg.names())
    for name in ("C:\\x", "a\\b", "a//b", "./a", "a/../b", "\x01"):
        assert unsafe_entry_reason(name) is not None, name


def test_a_fifo_is_refused_without_blocking(tmp_path):
    import os

    from xladdin.workbook.package import FileAccessError, read_regular_file

    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)  # nobody writes: a blocking open would wait forever
    with pytest.raises(FileAccessError, match="FIFO"):
        read_regular_file(fifo)
    with pytest.raises(FileAccessError, match="folder"):
        read_regular_file(tmp_path)


def test_time_budget_gives_a_finding(tmp_path):
    from xladdin.workbook.safety import Limits, inspect_package

    path = tmp_path / "book.xlsx"
    path.write_bytes(_tiny_book('<row r="1"><c r="A1"><v>7</v></c></row>'))
    codes = [f.code for f in inspect_package(path, Limits(max_seconds=0))]
    assert codes == ["inspection-time-exceeded"]


def test_range_reads_are_bounded():
    from xladdin.workbook.safety import Limits
    from xladdin.workbook.xlsx_reader import LimitError, XlsxView

    view = XlsxView(_tiny_book(""), limits=Limits(max_range_cells=100))
    assert len(view.values("S", "A1:J10")) == 10
    with pytest.raises(LimitError):
        view.values("S", "A1:XFD1048576")


def test_surgery_regexes_stop_at_end_tags_with_blanks():
    """``</c >`` is a well-formed end tag: the cell pattern must stop there (a pattern that
    needs ``</c>`` scans to the end of the part for every cell, quadratic in the cells)."""
    from xladdin.returned.surgery import _CELL_RE

    xml = '<c r="A1"><f>1+1</f ><v>2</v></c ><c r="A2"><v>3</v></c >'
    bodies = [m.group("body") for m in _CELL_RE.finditer(xml)]
    assert bodies == ["<f>1+1</f ><v>2</v>", "<v>3</v>"]


def _with_damaged_picture(size: int) -> bytes:
    """The tiny book with a stored picture whose CRC (in both headers) no longer matches its
    bytes: what a byte flipped in transit, or by a hex editor, leaves behind."""
    buf = io.BytesIO(_tiny_book('<row r="1"><c r="A1"><v>7</v></c></row>'))
    with zipfile.ZipFile(buf, "a") as z:
        z.writestr(zipfile.ZipInfo("xl/media/image1.png"), b"\x89PNG\r\n\x1a\n" + b"\x00" * size)
    data = bytearray(buf.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/media/image1.png")
    bad = struct.pack("<L", info.CRC ^ 0xFFFFFFFF)
    data[info.header_offset + 14 : info.header_offset + 18] = bad  # local header
    central = bytes(data).find(b"xl/media/image1.png", bytes(data).find(b"PK\x01\x02")) - 46
    assert data[central : central + 4] == b"PK\x01\x02"
    data[central + 16 : central + 20] = bad  # central directory
    return bytes(data)


@pytest.mark.parametrize("size", [100, 200_000])  # within the first chunk, and past it
def test_a_picture_with_a_wrong_crc_makes_the_file_unreadable_at_inspection(size, tmp_path):
    """Every part is inflated to its end by the inspection, pictures too, so a damaged part
    is found there (and not by whichever reader comes to it later, if any)."""
    from xladdin.workbook.safety import open_untrusted

    path = tmp_path / "damaged-picture.xlsx"
    path.write_bytes(_with_damaged_picture(size))
    view, findings = open_untrusted(path)
    assert view is None
    assert [f.code for f in findings] == ["workbook-truncated"]
    assert "image1.png" in findings[0].message_en
