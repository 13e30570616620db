"""Package-level edits shared by the patcher and ``prepare`` (xladdin.workbook.package)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from test_element_order import PARTS, R, build_many_elements_xlsx

from xladdin.returned import prepare_package
from xladdin.workbook.model import Patch, SetDocProperty
from xladdin.workbook.package import EditablePackage, Package
from xladdin.workbook.xlsx_patch import apply_patch
from xladdin.workbook.xlsx_reader import open_xlsx

CUSTOM_REL = f"{R}/custom-properties"


def _utf16_workbook(path: Path) -> Path:
    """The many-elements book with workbook.xml stored as UTF-16 (as some writers do)."""
    build_many_elements_xlsx(path)
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    text = parts["xl/workbook.xml"].decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    parts["xl/workbook.xml"] = text.encode("utf-16")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    assert open_xlsx(path).sheet_names() == ["Data"]
    return path


def test_utf16_workbook_part_is_edited_and_declared_as_utf8(tmp_path: Path):
    book = _utf16_workbook(tmp_path / "utf16.xlsx")
    patched = apply_patch(book, Patch().set_value("Data", "B2", 5), out=tmp_path / "patched.xlsx")
    prepared = prepare_package(book, out=tmp_path / "returned.xlsx", compiler="K").path
    for out in (patched, prepared):
        with zipfile.ZipFile(out) as zf:
            data = zf.read("xl/workbook.xml")
        assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"')
        ET.fromstring(data)  # the declaration matches the bytes
    assert open_xlsx(patched).value("Data", "B2") == 5


def test_custom_properties_relationship_is_not_doubled(tmp_path: Path):
    """A package whose root rels point at a missing docProps/custom.xml gets the part, not a
    second relationship."""
    book = build_many_elements_xlsx(tmp_path / "book.xlsx")
    with zipfile.ZipFile(book) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rId9" Type="{CUSTOM_REL}" Target="docProps/custom.xml"/>'
        "</Relationships>".encode(),
    )
    with zipfile.ZipFile(book, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    apply_patch(book, Patch().add(SetDocProperty("xladdin.template_id", "t")))
    rels = Package(book).rels("")
    assert [r.part for r in rels if r.type == CUSTOM_REL] == ["docProps/custom.xml"]
    assert open_xlsx(book).doc_properties()["xladdin.template_id"] == "t"


def test_editable_package_remove_drops_part_rels_and_override(tmp_path: Path):
    book = build_many_elements_xlsx(tmp_path / "book.xlsx")
    pkg = EditablePackage(book)
    sheet = "xl/worksheets/sheet1.xml"
    assert pkg.content_type("XL/Tables/Table1.xml") == (  # part names are case-insensitive
        "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"
    )
    assert pkg.remove("xl/tables/table1.xml")
    pkg.remove_rel(sheet, "rId4")
    rid = pkg.add_rel(sheet, f"{R}/comments", "../comments1.xml")
    pkg.set_override("xl/comments1.xml", "application/x-test")
    pkg.put("xl/comments1.xml", "<comments/>")
    out = tmp_path / "out.xlsx"
    pkg.save(out)
    saved = Package(out)
    names = saved.names()
    assert "xl/tables/table1.xml" not in names and names[-1] == "xl/comments1.xml"
    assert names[:-1] == [n for n in PARTS if n != "xl/tables/table1.xml"]  # zip order kept
    assert [(r.id, r.part) for r in saved.rels(sheet)][-1] == (rid, "xl/comments1.xml")
    assert "xl/tables/table1.xml" not in {r.part for r in saved.rels(sheet)}
    _defaults, overrides = saved.content_types()
    assert "xl/tables/table1.xml" not in overrides
    assert overrides["xl/comments1.xml"] == "application/x-test"
    # untouched parts keep their compressed bytes
    assert saved.raw("xl/styles.xml")[1] == Package(book).raw("xl/styles.xml")[1]


def test_a_part_whose_deflated_bytes_were_edited_is_a_workbook_error(tmp_path: Path):
    # Bytes flipped inside a part's deflated data (a hex editor, a damaged download): inflate
    # fails (zlib.error) before zipfile's CRC check; Package.read says the part cannot be read.
    import zipfile

    from xladdin.errors import WorkbookError
    from xladdin.workbook.package import Package

    text = "<root>" + "".join(f"<v>{i * 7919 % 10007}</v>" for i in range(3000)) + "</root>"
    path = tmp_path / "flipped.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/data.xml", text)
    info = zipfile.ZipFile(path).getinfo("xl/data.xml")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for k in range(40, 60):
        data[start + k] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(WorkbookError, match="cannot be read"):
        Package(path).read("xl/data.xml")
