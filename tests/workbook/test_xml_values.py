"""Values that could corrupt a part: illegal XML characters, non-finite numbers, overlong text,
time zones of custom document properties."""

from __future__ import annotations

import math
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from wb_support import FIXTURES

from xladdin.workbook.model import Patch, SetDocProperty, SetHyperlink
from xladdin.workbook.package import ooxml_unescape, xml_attr, xml_text
from xladdin.workbook.sheet_xml import cell_xml_value
from xladdin.workbook.xlsx_patch import apply_patch
from xladdin.workbook.xlsx_reader import open_xlsx

NS_VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"


@pytest.mark.parametrize("text", ["a\x01b", "tab\tand\x0bvt", "lone \ud800 surrogate", "\uffff"])
def test_attribute_and_text_escapes_always_give_well_formed_xml(text: str):
    doc = f'<a b="{xml_attr(text)}">{xml_text(text)}</a>'.encode()  # encodes: no lone surrogate
    el = ET.fromstring(doc)
    assert ooxml_unescape(el.get("b")) == text  # _xHHHH_ decodes back to the character
    assert ooxml_unescape(el.text) == text


def test_control_characters_in_a_hyperlink_and_a_lone_surrogate_in_text(tmp_path: Path):
    src = tmp_path / "book.xlsx"
    src.write_bytes((FIXTURES / "all_parts.xlsx").read_bytes())
    sheet = open_xlsx(src).sheet_names()[0]
    patch = (
        Patch()
        .set_value(sheet, "Z1", "odd \ud83d text")
        .add(SetHyperlink(sheet, "Z2", "#'Sheet\x01'!A1"))
    )
    out = apply_patch(src, patch, out=tmp_path / "out.xlsx")
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                ET.fromstring(zf.read(name))  # every part is well-formed
    assert open_xlsx(out).values(sheet, "Z1")[0][0] == "odd \ud83d text"


def test_text_limit_counts_utf16_units_like_excel():
    t, inner = cell_xml_value("\U0001f600" * 16383 + "a")  # 32767 units: kept whole
    assert t == "inlineStr" and "cut" not in inner
    t, inner = cell_xml_value("\U0001f600" * 16384)  # 16384 characters, 32768 units: cut
    assert t == "inlineStr" and inner.endswith("[... cut: 32,768 characters]</t></is>")
    text = inner.split(">", 2)[2].rsplit("</t>", 1)[0]
    assert len(text.encode("utf-16-le")) // 2 <= 32767


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_doc_property_is_refused_not_written(tmp_path: Path, value: float):
    src = tmp_path / "book.xlsx"
    src.write_bytes((FIXTURES / "all_parts.xlsx").read_bytes())
    before = src.read_bytes()
    with pytest.raises(ValueError, match="document property"):
        apply_patch(src, Patch().add(SetDocProperty("xladdin.ratio", value)))
    assert src.read_bytes() == before


def test_aware_datetime_property_is_stored_in_utc(tmp_path: Path):
    src = tmp_path / "book.xlsx"
    src.write_bytes((FIXTURES / "all_parts.xlsx").read_bytes())
    vientiane = timezone(timedelta(hours=7))
    when = datetime(2024, 3, 1, 9, 30, tzinfo=vientiane)
    apply_patch(src, Patch().add(SetDocProperty("xladdin.stamped", when)))
    with zipfile.ZipFile(src) as zf:
        root = ET.fromstring(zf.read("docProps/custom.xml"))
    stored = [el.text for el in root.iter(NS_VT + "filetime")]
    assert stored == ["2024-03-01T02:30:00Z"]


def test_released_shared_formula_keeps_character_references():
    """A shared formula written with a character reference (``&#10;``) keeps its character when
    its master is overwritten and the dependents get explicit formulas."""
    from xladdin.workbook.sheet_xml import SheetXml

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    xml = (
        f'<worksheet xmlns="{main}"><sheetData><row r="1">'
        '<c r="B1" t="str"><f t="shared" ref="B1:B2" si="0">A1&amp;"&#10;"</f><v>x</v></c></row>'
        '<row r="2"><c r="B2" t="str"><f t="shared" si="0"/><v>y</v></c></row>'
        "</sheetData></worksheet>"
    )
    sheet = SheetXml(xml.encode())
    sheet.set_value("B1", 1)
    root = ET.fromstring(sheet.to_bytes())
    formulas = [f.text for f in root.iter(f"{{{main}}}f")]
    assert formulas == ['A2&"\n"']


@pytest.mark.parametrize("text", [" padded ", "trailing\t", "\nleading newline", "two  spaces"])
def test_whitespace_of_inline_strings_is_preserved(text: str):
    """Excel trims leading/trailing whitespace of a ``<t>`` without ``xml:space="preserve"``."""
    t, inner = cell_xml_value(text)
    assert t == "inlineStr"
    el = ET.fromstring(inner)[0]  # <is><t>
    assert ooxml_unescape(el.text) == text
    if text != text.strip():
        assert el.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"


@pytest.mark.parametrize("cell", ["A0", "XFE1", "A1048577"])
def test_cells_outside_excels_grid_are_refused_before_writing(tmp_path: Path, cell: str):
    from xladdin.workbook.model import SetHighlights

    src = tmp_path / "book.xlsx"
    src.write_bytes((FIXTURES / "all_parts.xlsx").read_bytes())
    before = src.read_bytes()
    sheet = open_xlsx(src).sheet_names()[0]
    for patch in (
        Patch().set_value(sheet, cell, 1),
        Patch().add(SetHyperlink(sheet, cell, "#A1")),
        Patch().add(SetHighlights(sheet, (f"A1:{cell}",))),
    ):
        with pytest.raises(ValueError, match="outside Excel's grid"):
            apply_patch(src, patch)
    assert src.read_bytes() == before
    assert apply_patch(src, Patch().set_value(sheet, "XFD1048576", 1)) == src  # the last cell
