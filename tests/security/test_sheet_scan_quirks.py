"""Worksheet quirks written by hand (zip + text editor) against the one tokenising pass.

``xladdin/workbook/sheet_scan.py`` cuts ``<sheetData>`` into tokens with a regular expression;
the stamp hash of a returned file is computed from the cells the reader makes of them. Any
difference between what the tokens read and what an XML parser (Excel, openpyxl) reads is a
forgery vector. Each quirk below is a tiny worksheet built at the XML level; for each one the
tokens path, the ElementTree path and openpyxl must agree on every cell value and type, or the
file must be refused with a finding (never a traceback); no quirk may hang a run.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from xladdin.workbook.cells import ooxml_unescape
from xladdin.workbook.model import CellError
from xladdin.workbook.safety import open_untrusted
from xladdin.workbook.xlsx_reader import XlsxView

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PART = "xl/worksheets/sheet1.xml"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"

_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_OD}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WB_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_OD}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId3" Type="{_OD}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
_CT = (
    f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{_PKG}/content-types">'
    f'<Default Extension="rels" ContentType="{_PKG[:-5]}/package-relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_CT_SHEET}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT_SHEET}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT_SHEET}.sharedStrings+xml"/>'
    "</Types>"
)
_WB = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{_OD}">'
    '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_SST = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"><si><t>zero</t></si><si><t>one</t></si></sst>'


def _book(sheet: str | bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        z.writestr("xl/sharedStrings.xml", _SST)
        z.writestr(PART, sheet)
    return buf.getvalue()


DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _ws(rows: str, head: str = "", tail: str = "", root: str = "") -> str:
    root = root or f'xmlns="{MAIN}"'
    return f"{DECL}<worksheet {root}>{head}<sheetData>{rows}</sheetData>{tail}</worksheet>"


R1 = '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>'
HIDDEN = '<row r="1"><c r="A1"><v>9</v></c></row>'

QUIRKS: dict[str, str | bytes] = {
    # comments, CDATA, processing instructions: inside sheetData and hiding a second one
    "comment-in-sheetdata": _ws(f"<!-- {HIDDEN} -->{R1}"),
    "comment-in-cell": _ws('<row r="1"><c r="A1"><!-- x --><v>1</v></c></row>'),
    "comment-hides-sheetdata": (
        f"{DECL}<worksheet xmlns=\"{MAIN}\"><!--<sheetData>{HIDDEN}</sheetData>-->"
        "<sheetData/></worksheet>"
    ),
    "pi-hides-sheetdata": (
        f"{DECL}<worksheet xmlns=\"{MAIN}\"><?x <sheetData>{HIDDEN}</sheetData>?>"
        "<sheetData/></worksheet>"
    ),
    "cdata-hides-sheetdata": (
        f"{DECL}<worksheet xmlns=\"{MAIN}\"><![CDATA[<sheetData>{HIDDEN}</sheetData>]]>"
        "<sheetData/></worksheet>"
    ),
    "cdata-in-v": _ws('<row r="1"><c r="A1"><v><![CDATA[7]]></v></c></row>'),
    "cdata-in-t": _ws(
        '<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c></row>'
    ),
    "pi-in-sheetdata": _ws(f"<?x y?>{R1}"),
    "pi-in-v": _ws('<row r="1"><c r="A1"><v>1<?x?>2</v></c></row>'),
    # character references
    "charref-in-v": _ws('<row r="1"><c r="A1"><v>&#49;&#x32;</v></c></row>'),
    "charref-in-r": _ws('<row r="1"><c r="&#65;1"><v>1</v><c r="B1"><v>2</v></c></c></row>'.replace('</c></c>', '</c>') + ""),
    "charref-in-r-plain": _ws('<row r="1"><c r="&#66;1"><v>5</v></c></row>'),
    "charref-in-t": _ws('<row r="1"><c r="A1" t="&#115;"><v>1</v></c></row>'),
    "charref-in-s": _ws('<row r="1"><c r="A1" s="&#48;"><v>1</v></c></row>'),
    "charref-in-inline": _ws(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&#x41;&amp;&#66;</t></is></c></row>'
    ),
    "charref-in-formula": _ws('<row r="1"><c r="A1"><f>&#83;UM(1)</f><v>1</v></c></row>'),
    "xml-space-default": _ws(
        '<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="default"> a </t></is></c></row>'
    ),
    "xml-space-on-v": _ws('<row r="1"><c r="A1"><v xml:space="preserve">3</v></c></row>'),
    # attributes in other namespaces with the same local name
    "foreign-t": _ws(
        '<row r="1"><c r="A1" foo:t="s"><v>1</v></c></row>',
        root=f'xmlns="{MAIN}" xmlns:foo="urn:foo"',
    ),
    "foreign-r": _ws(
        '<row r="1"><c r="A1" foo:r="B9"><v>1</v></c></row>',
        root=f'xmlns="{MAIN}" xmlns:foo="urn:foo"',
    ),
    "main-prefixed-t": _ws(
        '<row r="1"><c r="A1" x:t="s"><v>1</v></c></row>',
        root=f'xmlns="{MAIN}" xmlns:x="{MAIN}"',
    ),
    # cell types
    "t-str": _ws('<row r="1"><c r="A1" t="str"><v>12</v></c></row>'),
    "t-s": _ws('<row r="1"><c r="A1" t="s"><v>1</v></c></row>'),
    "t-s-spaced-index": _ws('<row r="1"><c r="A1" t="s"><v> 1 </v></c></row>'),
    "t-inlinestr-with-v": _ws('<row r="1"><c r="A1" t="inlineStr"><v>12</v></c></row>'),
    "t-b": _ws('<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c></row>'),
    "t-e": _ws('<row r="1"><c r="A1" t="e"><v>#N/A</v></c></row>'),
    "t-d": _ws('<row r="1"><c r="A1" t="d"><v>2024-03-01T00:00:00</v></c></row>'),
    "t-unknown": _ws('<row r="1"><c r="A1" t="zz"><v>12</v></c></row>'),
    "t-uppercase": _ws('<row r="1"><c r="A1" t="S"><v>1</v></c></row>'),
    # formulas
    "shared-formula": _ws(
        '<row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">B1+1</f><v>3</v></c></row>'
        '<row r="2"><c r="A2"><f t="shared" si="0"/><v>4</v></c></row>'
    ),
    "v-before-f": _ws('<row r="1"><c r="A1"><v>5</v><f>1+1</f></c></row>'),
    "two-v": _ws('<row r="1"><c r="A1"><v>5</v><v>6</v></c></row>'),
    "empty-v": _ws('<row r="1"><c r="A1"><v/></c><c r="B1"><v></v></c></row>'),
    "spaces-in-v": _ws('<row r="1"><c r="A1"><v> 12 </v></c></row>'),
    "newline-in-v": _ws('<row r="1"><c r="A1"><v>12\n</v></c></row>'),
    # duplicated and out-of-order cells and rows
    "duplicate-cell": _ws('<row r="1"><c r="A1"><v>1</v></c><c r="A1"><v>9</v></c></row>'),
    "duplicate-cell-empty-last": _ws('<row r="1"><c r="A1"><v>1</v></c><c r="A1"/></row>'),
    "duplicate-cell-formula": _ws(
        '<row r="1"><c r="A1"><f>1+1</f></c><c r="A1"><v>9</v></c></row>'
    ),
    "duplicate-row": _ws(
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="1"><c r="A1"><v>9</v></c></row>'
    ),
    "cells-backwards": _ws('<row r="1"><c r="B1"><v>2</v></c><c r="A1"><v>1</v></c></row>'),
    "rows-backwards": _ws(
        '<row r="2"><c r="A2"><v>2</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>'
    ),
    "cell-row-mismatch": _ws('<row r="1"><c r="A5"><v>5</v></c></row>'),
    "lowercase-ref": _ws('<row r="1"><c r="b1"><v>5</v></c></row>'),
    "mixed-case-ref": _ws('<row r="1"><c r="aB1"><v>5</v></c></row>'),
    "ref-with-dollar": _ws('<row r="1"><c r="$A$1"><v>5</v></c></row>'),
    "ref-leading-zero": _ws('<row r="1"><c r="A01"><v>5</v></c></row>'),
    # numbers
    "long-number": _ws('<row r="1"><c r="A1"><v>' + "9" * 400 + "</v></c></row>"),
    "long-fraction": _ws('<row r="1"><c r="A1"><v>0.' + "1" * 400 + "</v></c></row>"),
    "huge-exponent": _ws('<row r="1"><c r="A1"><v>1E+308</v></c></row>'),
    "overflow-exponent": _ws('<row r="1"><c r="A1"><v>1E+309</v></c></row>'),
    "nan": _ws('<row r="1"><c r="A1"><v>NaN</v></c></row>'),
    "inf": _ws('<row r="1"><c r="A1"><v>INF</v></c></row>'),
    "hex-number": _ws('<row r="1"><c r="A1"><v>0x10</v></c></row>'),
    "underscore-number": _ws('<row r="1"><c r="A1"><v>1_000</v></c></row>'),
    "arabic-digits": _ws('<row r="1"><c r="A1"><v>١٢</v></c></row>'),
    "lao-digits": _ws('<row r="1"><c r="A1"><v>໑໒</v></c></row>'),
    "plus-sign": _ws('<row r="1"><c r="A1"><v>+5</v></c></row>'),
    # encodings
    "utf8-bom": b"\xef\xbb\xbf" + _ws(R1).encode(),
    "utf16-le": _ws(R1).replace("UTF-8", "UTF-16").encode("utf-16"),
    "utf16-be-nodecl": _ws(R1).replace(DECL, "").encode("utf-16-be"),
    "latin1": _ws(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>caf\u00e9</t></is></c></row>'
    ).replace("UTF-8", "ISO-8859-1").encode("latin-1"),
    "latin1-declared-ascii-body": _ws(R1).replace("UTF-8", "ISO-8859-1"),
    # namespaces and structure
    "alternate-content": (
        f'{DECL}<worksheet xmlns="{MAIN}" xmlns:mc="{MC}"><mc:AlternateContent>'
        f'<mc:Choice Requires="x"><sheetData>{HIDDEN}</sheetData></mc:Choice>'
        f"<mc:Fallback><sheetData>{R1}</sheetData></mc:Fallback></mc:AlternateContent>"
        "</worksheet>"
    ),
    "second-sheetdata": _ws(R1, tail=f"<sheetData>{HIDDEN}</sheetData>"),
    "second-sheetdata-empty": _ws(R1, tail="<sheetData/>"),
    "first-sheetdata-empty": _ws(HIDDEN, head="<sheetData/>"),
    "default-ns-redeclared-on-row": _ws(f'<row r="1" xmlns="urn:other"><c r="A1"><v>9</v></c></row>'),
    "default-ns-redeclared-on-v": _ws('<row r="1"><c r="A1"><v xmlns="urn:other">9</v></c></row>'),
    "sheetdata-in-other-ns": (
        f'{DECL}<worksheet xmlns="{MAIN}"><o:sheetData xmlns:o="urn:other">{HIDDEN}'
        "</o:sheetData></worksheet>"
    ),
    "other-ns-wrapper-and-prefixed-sheetdata": (
        f'{DECL}<worksheet xmlns="{MAIN}" xmlns:x="{MAIN}"><foo xmlns="urn:other">'
        f"<sheetData>{HIDDEN}</sheetData></foo><x:sheetData/></worksheet>"
    ),
    "strict-namespace": _ws(R1, root=f'xmlns="{STRICT}"'),
    "nested-row": _ws('<row r="1"><c r="A1"><v>1</v></c><row r="2"><c r="A2"><v>9</v></c></row></row>'),
    "row-in-cell": _ws('<row r="1"><c r="A1"><v>1</v><row r="2"><c r="A2"><v>9</v></c></row></c></row>'),
    "spaces-around-equals": _ws('<row r="1"><c r = "A1"><v>1</v></c></row>'),
    "tab-in-attribute": _ws('<row r="1"><c\tr="A1"\ts="0"><v>1</v></c></row>'),
    "duplicate-attribute": _ws('<row r="1"><c r="A1" r="B1"><v>1</v></c></row>'),
    # regular-expression pressure (must finish quickly)
    "many-attributes": _ws(
        '<row r="1"><c r="A1" ' + " ".join(f'a{i}="{i}"' for i in range(20000)) + "><v>1</v></c></row>"
    ),
    "huge-whitespace-in-tag": _ws('<row r="1"><c r="A1"' + " " * 200000 + "><v>1</v></c></row>"),
    "huge-whitespace-between": _ws('<row r="1">' + " " * 200000 + '<c r="A1"><v>1</v></c></row>'),
    "many-inline-runs": _ws(
        '<row r="1"><c r="A1" t="inlineStr"><is>' + "<r><t>x</t></r>" * 20000 + "</is></c></row>"
    ),
    "unclosed-tag": _ws('<row r="1"><c r="A1" ' + 'a="1" ' * 20000),
    "many-empty-cells": _ws('<row r="1">' + "".join(f'<c r="A{i}"/>' for i in range(1, 2)) + "</row>"),
}
# the quirks where openpyxl is not a usable reference (it raises, or reads a part no reader should)
NO_OPENPYXL_REFERENCE: set[str] = set()


def _value(cell):
    if cell.data_type == "e":
        return CellError(cell.value)
    if isinstance(cell.value, str):
        return ooxml_unescape(cell.value)
    return cell.value


def _read_all(data: bytes, tmp: Path) -> dict:
    """What each reader makes of the book: open_untrusted (tokens), the XML path, openpyxl."""
    path = tmp / "q.xlsx"
    path.write_bytes(data)
    out: dict = {}
    view, findings = open_untrusted(path)
    out["refused"] = view is None
    out["findings"] = [f.code for f in findings]
    if view is None:
        return out
    out["tokens"] = dict(view._sheet("S").cells)
    out["formulas"] = dict(view._sheet("S").formulas)
    slow = XlsxView(data)
    out["xml"] = dict(slow._parse_sheet_xml(PART, slow.package.read(PART)).cells)
    try:
        ws = openpyxl.load_workbook(path, data_only=True)["S"]
    except Exception as exc:  # noqa: BLE001 -- openpyxl's own refusal
        out["openpyxl_error"] = repr(exc)
        return out
    out["openpyxl"] = {
        k: _value(c) for k, c in ws._cells.items() if c.value is not None and c.value != ""
    }
    return out


@pytest.mark.parametrize("name", sorted(QUIRKS))
def test_quirk_reads_the_same_everywhere_or_is_refused(name, tmp_path):
    got = _read_all(_book(QUIRKS[name]), tmp_path)
    if got["refused"]:
        assert got["findings"], name
        return
    tokens, xml = got["tokens"], got["xml"]
    assert list(tokens) == list(xml), (tokens, xml)
    for key, value in xml.items():
        assert type(tokens[key]) is type(value) and tokens[key] == value, (key, tokens, xml)
    if "openpyxl" in got and name not in NO_OPENPYXL_REFERENCE:
        ref = got["openpyxl"]
        ours = {k: v for k, v in tokens.items() if v != ""}
        ours = {k: v for k, v in ours.items() if not isinstance(v, datetime)}
        ref = {k: v for k, v in ref.items() if not isinstance(v, datetime)}
        assert set(ours) == set(ref), (ours, ref)
        for key, value in ref.items():
            assert type(ours[key]) is type(value) and ours[key] == value, (key, ours, ref)
