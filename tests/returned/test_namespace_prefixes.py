"""Namespace prefixes declared only on sibling elements (how openpyxl writes with lxml).

With lxml installed, openpyxl declares ``xmlns:vt`` on each property's value element of
``docProps/custom.xml`` and ``xmlns:r`` on each ``<sheet>`` of ``xl/workbook.xml``, never on the
root. Such a prefix is not in scope anywhere else; reusing it for a new element made the part
malformed (``unbound prefix``) and every compiled file unreadable. These files are made by hand
here in that shape, so the suite checks it with and without lxml installed.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from xladdin.compile import compile_file
from xladdin.returned import prepare_package, verify_file
from xladdin.validate import validate_file
from xladdin.workbook.xlsx_patch import set_custom_properties
from xladdin.workbook.xlsx_reader import open_xlsx

CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

OPENPYXL_LXML_CUSTOM = (
    f'<Properties xmlns="{CUSTOM}">'
    f'<property name="xladdin.template" fmtid="{FMTID}" pid="2">'
    f'<vt:lpwstr xmlns:vt="{VT}">province-gdp</vt:lpwstr></property>'
    f'<property name="xladdin.template_version" fmtid="{FMTID}" pid="3">'
    f'<vt:lpwstr xmlns:vt="{VT}">1.0</vt:lpwstr></property>'
    "</Properties>"
)
"""docProps/custom.xml exactly as openpyxl 3.1 writes it when lxml is installed."""


def _strict_parse(data: bytes | str) -> ET.Element:
    """Parse with the standard library (an unbound prefix is an error) and with lxml too when
    it is installed."""
    root = ET.fromstring(data)
    try:
        from lxml import etree
    except ImportError:
        return root
    etree.fromstring(data.encode() if isinstance(data, str) else data)
    return root


def _props(root: ET.Element) -> dict[str, str]:
    out = {}
    for prop in root:
        value = prop[0]
        out[prop.get("name")] = (value.tag, value.text)
    return out


def test_a_new_property_beside_properties_declaring_vt_on_themselves():
    text = set_custom_properties(OPENPYXL_LXML_CUSTOM, {"xladdin.compiled_with": "xladdin 1"})
    props = _props(_strict_parse(text))
    assert props["xladdin.compiled_with"] == (f"{{{VT}}}lpwstr", "xladdin 1")
    assert props["xladdin.template"] == (f"{{{VT}}}lpwstr", "province-gdp")
    # the neighbours are kept byte for byte
    for kept in re.findall(r"<property .*?</property>", OPENPYXL_LXML_CUSTOM):
        assert kept in text


def test_replacing_the_property_that_carried_a_declaration():
    text = set_custom_properties(OPENPYXL_LXML_CUSTOM, {"xladdin.template": "district-growth"})
    props = _props(_strict_parse(text))
    assert props["xladdin.template"] == (f"{{{VT}}}lpwstr", "district-growth")
    assert props["xladdin.template_version"] == (f"{{{VT}}}lpwstr", "1.0")


def test_a_root_binding_vt_to_another_namespace_gets_a_fresh_prefix():
    odd = OPENPYXL_LXML_CUSTOM.replace(
        f'<Properties xmlns="{CUSTOM}">', f'<Properties xmlns="{CUSTOM}" xmlns:vt="urn:other">'
    )
    text = set_custom_properties(odd, {"n": 5, "when": "x"})
    props = _props(_strict_parse(text))
    assert props["n"] == (f"{{{VT}}}i4", "5")


def test_the_root_declaration_is_reused_when_there_is_one():
    text = (
        f'<Properties xmlns="{CUSTOM}" xmlns:vt="{VT}"><property name="a" fmtid="{FMTID}" '
        'pid="2"><vt:bool>true</vt:bool></property></Properties>'
    )
    new = set_custom_properties(text, {"b": 1.5})
    assert new.count("xmlns:vt") == 1
    assert _props(_strict_parse(new))["b"] == (f"{{{VT}}}r8", "1.5")


def _openpyxl_lxml_shape(src: Path, dst: Path) -> Path:
    """Rewrite a workbook's custom.xml and workbook.xml the way openpyxl with lxml writes them:
    ``vt`` and ``r`` declared only on each element that uses them."""

    def custom(text: str) -> str:
        text = re.sub(rf'\sxmlns:vt="{re.escape(VT)}"', "", text)
        return re.sub(r"<vt:(\w+)>", rf'<vt:\1 xmlns:vt="{VT}">', text)

    def workbook(text: str) -> str:
        text = re.sub(rf'\sxmlns:r="{re.escape(R)}"', "", text)
        return re.sub(r"<sheet ", f'<sheet xmlns:r="{R}" ', text)

    edits = {"docProps/custom.xml": custom, "xl/workbook.xml": workbook}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in edits:
                data = edits[info.filename](data.decode()).encode()
                root = _strict_parse(data)  # the hand-made shape is itself well-formed
                assert root is not None
            zout.writestr(info, data)
    return dst


@pytest.fixture(scope="module")
def lxml_shaped(tmp_path_factory) -> Path:
    from xladdin.review.sample import compiled_province_fill
    from xladdin.templates.builder import build

    tmp = tmp_path_factory.mktemp("prefixes")
    fill, years = compiled_province_fill("16")
    built = tmp / "built.xlsx"
    build("province-gdp", built, years=years, fill=fill)
    book = _openpyxl_lxml_shape(built, tmp / "province-16.xlsx")
    with zipfile.ZipFile(book) as z:
        custom = z.read("docProps/custom.xml").decode()
        wb = z.read("xl/workbook.xml").decode()
    assert "xmlns:vt" not in re.match(r"<\?xml[^>]*>\s*<[^>]*>|<[^>]*>", custom).group(0)
    assert custom.count("xmlns:vt") >= 2
    assert wb.count("<sheet xmlns:r=") >= 2
    return book


def _all_xml_parts_parse(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                _strict_parse(z.read(name))


def test_compile_prepare_validate_verify_on_an_openpyxl_lxml_workbook(lxml_shaped, tmp_path):
    book = tmp_path / "book.xlsx"
    book.write_bytes(lxml_shaped.read_bytes())
    result = compile_file(book, backup=False)
    assert not result.report.refused
    _all_xml_parts_parse(book)
    assert open_xlsx(book).doc_properties()["xladdin.template"] == "province-gdp"
    report = validate_file(book)
    assert not [f for f in report.findings if f.code in ("xml-malformed", "workbook-unreadable")]
    assert report.exit_code == 0

    prepared = prepare_package(book, out=tmp_path / "book-return.xlsx").path
    _all_xml_parts_parse(prepared)
    assert verify_file(prepared).exit_code == 0
    assert validate_file(prepared).exit_code == 0


def test_prepare_without_compiling_first_on_an_openpyxl_lxml_workbook(lxml_shaped, tmp_path):
    """prepare compiles the copy itself: the new stamp properties and the Audit sheet's entry
    in workbook.xml must be well-formed too."""
    prepared = prepare_package(lxml_shaped, out=tmp_path / "direct-return.xlsx").path
    _all_xml_parts_parse(prepared)
    assert verify_file(prepared).exit_code == 0
