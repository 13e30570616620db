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
import resource
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from tests.returned.province16 import read_parts, stamped_return_16, write_parts
from tests.workbook.one_sheet_book import MAIN, SHEET_PART, one_sheet_book
from xladdin.workbook.cells import ooxml_unescape
from xladdin.workbook.model import CellError
from xladdin.workbook.safety import open_untrusted
from xladdin.workbook.xlsx_reader import XlsxView

STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PART = SHEET_PART
_SST = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"><si><t>zero</t></si><si><t>one</t></si></sst>'


def _book(sheet: str | bytes) -> bytes:
    """The sheet part ``sheet`` in a one-sheet package (its shared strings: "zero", "one")."""
    return one_sheet_book(sheet, _SST)


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
        f'{DECL}<worksheet xmlns="{MAIN}"><!--<sheetData>{HIDDEN}</sheetData>-->'
        "<sheetData/></worksheet>"
    ),
    "pi-hides-sheetdata": (
        f'{DECL}<worksheet xmlns="{MAIN}"><?x <sheetData>{HIDDEN}</sheetData>?>'
        "<sheetData/></worksheet>"
    ),
    "cdata-hides-sheetdata": (
        f'{DECL}<worksheet xmlns="{MAIN}"><![CDATA[<sheetData>{HIDDEN}</sheetData>]]>'
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
    "charref-in-r": _ws(
        '<row r="1"><c r="&#65;1"><v>1</v><c r="B1"><v>2</v></c></c></row>'.replace(
            "</c></c>", "</c>"
        )
        + ""
    ),
    "charref-in-r-plain": _ws('<row r="1"><c r="&#66;1"><v>5</v></c></row>'),
    "charref-in-t": _ws('<row r="1"><c r="A1" t="&#115;"><v>1</v></c></row>'),
    "charref-in-s": _ws('<row r="1"><c r="A1" s="&#48;"><v>1</v></c></row>'),
    # an OOXML _xHHHH_ escape spelled with a character reference (&#95; is "_"): the escape is
    # decoded after the reference is, on every path
    "charref-spells-an-ooxml-escape": _ws(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&#95;x0041_</t></is></c></row>'
    ),
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
    # a cell without r takes the next column (ECMA-376 Part 1, 18.3.1.4): here B1, written
    # again just after -- the fast path skipped the empty cell and read B1 once
    "cell-without-r-before-its-column": _ws(
        '<row r="1"><c r="A1"><v>1</v></c><c/><c r="B1"><v>2</v></c></row>'
    ),
    # a row number that is not a number (ST_RowIndex is an unsignedInt)
    "row-r-not-a-number": _ws('<row r="x"><c r="A1"><v>1</v></c></row>'),
    "row-r-arabic-digits": _ws('<row r="\u0661"><c r="A1"><v>1</v></c></row>'),
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
    "latin1": _ws('<row r="1"><c r="A1" t="inlineStr"><is><t>caf\u00e9</t></is></c></row>')
    .replace("UTF-8", "ISO-8859-1")
    .encode("latin-1"),
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
    "default-ns-redeclared-on-row": _ws(
        '<row r="1" xmlns="urn:other"><c r="A1"><v>9</v></c></row>'
    ),
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
    "nested-row": _ws(
        '<row r="1"><c r="A1"><v>1</v></c><row r="2"><c r="A2"><v>9</v></c></row></row>'
    ),
    "row-in-cell": _ws(
        '<row r="1"><c r="A1"><v>1</v><row r="2"><c r="A2"><v>9</v></c></row></c></row>'
    ),
    "spaces-around-equals": _ws('<row r="1"><c r = "A1"><v>1</v></c></row>'),
    "tab-in-attribute": _ws('<row r="1"><c\tr="A1"\ts="0"><v>1</v></c></row>'),
    "duplicate-attribute": _ws('<row r="1"><c r="A1" r="B1"><v>1</v></c></row>'),
    # regular-expression pressure (must finish quickly)
    "many-attributes": _ws(
        '<row r="1"><c r="A1" '
        + " ".join(f'a{i}="{i}"' for i in range(20000))
        + "><v>1</v></c></row>"
    ),
    "huge-whitespace-in-tag": _ws('<row r="1"><c r="A1"' + " " * 200000 + "><v>1</v></c></row>"),
    "huge-whitespace-between": _ws('<row r="1">' + " " * 200000 + '<c r="A1"><v>1</v></c></row>'),
    "many-inline-runs": _ws(
        '<row r="1"><c r="A1" t="inlineStr"><is>' + "<r><t>x</t></r>" * 20000 + "</is></c></row>"
    ),
    "unclosed-tag": _ws('<row r="1"><c r="A1" ' + 'a="1" ' * 20000),
    "many-empty-cells": _ws(
        '<row r="1">' + "".join(f'<c r="A{i}"/>' for i in range(1, 2)) + "</row>"
    ),
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
    except Exception as exc:  # openpyxl's own refusal
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


# Refused since issue #12's review (each read differently by the tokens, the XML path, openpyxl
# or LibreOffice 7 headless --convert-to csv before the fix; see the report of this file).
MUST_REFUSE = {
    "comment-hides-sheetdata",  # tokens read the commented copy, Excel/openpyxl an empty sheet
    "pi-hides-sheetdata",  # same, with a processing instruction
    "other-ns-wrapper-and-prefixed-sheetdata",  # tokens read a sheetData in another namespace
    "alternate-content",  # openpyxl and LibreOffice read the Fallback, xladdin nothing
    "duplicate-cell-empty-last",  # openpyxl: empty; LibreOffice: the first value
    "two-v",  # openpyxl: the first <v>; LibreOffice and the XML path: the last
    "t-inlinestr-with-v",  # openpyxl and LibreOffice: empty; xladdin read the <v>
    "strict-namespace",  # LibreOffice shows the values; xladdin and openpyxl read nothing
    "second-sheetdata",
    "first-sheetdata-empty",
    "sheetdata-in-other-ns",
    "row-in-cell",
    "nested-row",
    "duplicate-cell",
    "duplicate-cell-formula",
    "duplicate-row",
    "comment-in-sheetdata",  # a comment can split formula text (see the formula tests)
    "comment-in-cell",
    "pi-in-sheetdata",
    "pi-in-v",
    "cdata-in-v",
    "cdata-in-t",
    "cdata-hides-sheetdata",
    "ref-with-dollar",  # openpyxl refuses the workbook
    "cell-without-r-before-its-column",  # B1 twice on the XML path (openpyxl keeps the last)
    "row-r-not-a-number",  # int("x") failed on the XML path; the tokens did not look
    "row-r-arabic-digits",  # int() reads it as 1, an XML Schema unsignedInt does not
}


@pytest.mark.parametrize("name", sorted(MUST_REFUSE))
def test_quirks_readers_disagree_on_are_refused_with_a_finding(name, tmp_path):
    got = _read_all(_book(QUIRKS[name]), tmp_path)
    assert got["refused"], got
    assert set(got["findings"]) & {"xml-malformed", "workbook-unreadable"}, got["findings"]


# --- formula text split or encoded so that a byte-level scan would not see it ----------------

_WEB = 'WEBSERVICE("http://example.org/x")'
_DDE = "cmd|' /c calc'!A0"
_LINK = 'HYPERLINK("file:///c:/x.txt")'
FORMULAS = {
    "plain-webservice": (_WEB, "webservice-formula"),
    "webservice-split-by-comment": ('WEB<!-- -->SERVICE("http://example.org/x")', "xml-malformed"),
    "webservice-split-by-pi": ('WEB<?x?>SERVICE("http://example.org/x")', "xml-malformed"),
    "webservice-charref": ('&#87;EBSERVICE("http://example.org/x")', "webservice-formula"),
    "webservice-hex-charref": ('&#x57;EBSERVICE("http://example.org/x")', "webservice-formula"),
    "dde-split-by-comment": ("cmd<!--x-->|' /c calc'!A0", "xml-malformed"),
    "dde-charref": ("cmd&#124;' /c calc'!A0", "dde-formula"),
    "dde-cdata": ("<![CDATA[cmd|' /c calc'!A0]]>", "xml-malformed"),
    "hyperlink-split-by-comment": ('HYPER<!---->LINK("file:///c:/x.txt")', "xml-malformed"),
    "hyperlink-file": (_LINK, "hyperlink-to-file"),
}


@pytest.mark.parametrize("name", sorted(FORMULAS))
def test_formula_quirks_do_not_hide_a_formula_from_the_checks(name, tmp_path):
    formula, code = FORMULAS[name]
    path = tmp_path / "f.xlsx"
    path.write_bytes(_book(_ws(f'<row r="1"><c r="A1"><f>{formula}</f><v>1</v></c></row>')))
    _view, findings = open_untrusted(path)
    assert code in [f.code for f in findings]


_DDE_SHEET = _ws(f'<row r="1"><c r="A1"><f>{_DDE}</f><v>1</v></c></row>')
ENCODED = {
    "utf16-bom": _DDE_SHEET.replace("UTF-8", "UTF-16").encode("utf-16"),
    "utf16-le-no-bom": _DDE_SHEET.replace("UTF-8", "UTF-16").encode("utf-16-le"),
    "utf16-be-no-bom": _DDE_SHEET.replace("UTF-8", "UTF-16").encode("utf-16-be"),
    # no mark, no declaration, a space first: expat still reads UTF-16 (a zero byte first or
    # second); before declared_encoding() the checks read the raw bytes and missed the DDE
    # formula (the file was refused only as workbook-unreadable, by the reader)
    "utf16-le-space-first": (" " + _DDE_SHEET.replace(DECL, "")).encode("utf-16-le"),
    "utf16-be-newline-first": ("\n" + _DDE_SHEET.replace(DECL, "")).encode("utf-16-be"),
    "utf16-comment-split": _DDE_SHEET.replace("UTF-8", "UTF-16")
    .replace("cmd|", "cmd<!---->|")
    .encode("utf-16"),
    "utf16-cdata": _DDE_SHEET.replace("UTF-8", "UTF-16")
    .replace("cmd|", "<![CDATA[cmd|]]>")
    .encode("utf-16"),
    "iso-8859-1": _DDE_SHEET.replace("UTF-8", "ISO-8859-1").encode("latin-1"),
    "windows-1252": _DDE_SHEET.replace("UTF-8", "windows-1252").encode("cp1252"),
    "utf8-bom": b"\xef\xbb\xbf" + _DDE_SHEET.encode(),
}


@pytest.mark.parametrize("name", sorted(ENCODED))
def test_an_encoded_sheet_does_not_hide_a_dde_formula(name, tmp_path):
    """Before the fix a UTF-16 sheet's DDE formula passed: the checks read bytes as ASCII."""
    path = tmp_path / "e.xlsx"
    path.write_bytes(_book(ENCODED[name]))
    view, findings = open_untrusted(path)
    assert view is None
    codes = [f.code for f in findings]
    assert "dde-formula" in codes or "xml-malformed" in codes, codes


# --- no quirk hangs a run or exhausts memory ------------------------------------------------

MEMORY_LIMIT = 1536 * 2**20
PRESSURE = sorted(n for n in QUIRKS if n.startswith(("many-", "huge-", "unclosed")))
CHILD = r"""
import json, sys, time
from pathlib import Path
from xladdin.workbook.safety import open_untrusted
from xladdin.workbook.sheet_scan import tokenise
out = {}
for path in sys.argv[1:]:
    t0 = time.perf_counter()
    view, findings = open_untrusted(path)
    if view is not None:
        view._sheet("S")
    out[Path(path).stem] = [view is None, [f.code for f in findings], time.perf_counter() - t0]
# tokenise straight on bytes that are not well-formed (the callers check first): still linear
body = b'<c r="A1"' + b' a="1"' * 200000 + b' ' * 200000
for name, rows in {
    "raw-unclosed-cell": body,
    "raw-unclosed-inline": b'<row r="1"><c r="A1" t="inlineStr"><is><t>' * 50000,
    "raw-whitespace": b" " * 2000000 + b"<c",
}.items():
    t0 = time.perf_counter()
    tokenise(b'<worksheet xmlns="m"><sheetData>' + rows + b"</sheetData></worksheet>",
             max_tokens=10**7)
    out[name] = [None, [], time.perf_counter() - t0]
print(json.dumps(out))
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_no_quirk_hangs_or_exhausts_memory(tmp_path):
    paths = []
    for name in sorted(QUIRKS):
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(_book(QUIRKS[name]))
        paths.append(str(path))
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, *paths],
        capture_output=True,
        text=True,
        timeout=600,  # a hang guard on a shared machine, not a timing claim
        preexec_fn=_limit_memory,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert set(QUIRKS) <= set(out)
    for name in PRESSURE:
        refused, codes, _seconds = out[name]
        assert not refused or codes, name
    slow = {k: round(v[2], 1) for k, v in out.items() if v[2] > 60}
    assert not slow, slow  # regular-expression blow-ups take minutes, not seconds


# --- a prepared (stamped) return edited through each quirk ----------------------------------


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    return stamped_return_16(tmp_path_factory.mktemp("quirk-forgery"))


def _target_cell(prepared: Path) -> tuple[str, str, str]:
    """(sheet part, cell, value text) of the base-year current-price GDP (what review sums)."""
    from xladdin.templates.binding import bind
    from xladdin.workbook.xlsx_reader import open_xlsx

    view = open_xlsx(prepared)
    block = bind(view).block("gva_current")
    year = bind(view).scalar("base_year").value
    cell = block.cell("GDP", year)
    part = next(s.part for s in view._sheets if s.name == block.sheet)
    return part, cell, str(view.value(block.sheet, cell))


def _edit_cell(parts, part, cell, edit) -> None:
    text = parts[part].decode("utf-8")
    m = re.search(rf'<c r="{cell}"(?:\s[^>]*)?(?:/>|>.*?</c>)', text, re.DOTALL)
    assert m, cell
    new = edit(m.group(0))
    assert new != m.group(0)
    parts[part] = (text[: m.start()] + new + text[m.end() :]).encode("utf-8")


def _v(element: str) -> str:
    return re.search(r"<v>([^<]*)</v>", element).group(1)


def _forged(element: str) -> str:
    """A value that differs from the cell's as a double (appending a digit to a 16-digit
    value would not)."""
    return repr(float(_v(element)) + 1000.0)


def _charrefs(text: str) -> str:
    return "".join(f"&#{ord(ch)};" for ch in text)


FORGERIES = {
    # a changed value spelled with character references
    "charref-in-v": lambda c: c.replace(f"<v>{_v(c)}</v>", f"<v>{_charrefs(_forged(c))}</v>"),
    # the original cell kept, a second one with the forged value after it
    "duplicate-cell": lambda c: c + re.sub(r"<v>[^<]*</v>", "<v>1</v>", c),
    "duplicate-cell-empty-last": lambda c: c + re.sub(r"(<c r=\"\w+\").*", r"\1/>", c, flags=re.S),
    "two-v": lambda c: c.replace(f"<v>{_v(c)}</v>", f"<v>{_v(c)}</v><v>1</v>"),
    "v-split-by-comment": lambda c: c.replace(f"<v>{_v(c)}</v>", f"<v>1<!-- -->{_v(c)}</v>"),
    "v-split-by-pi": lambda c: c.replace(f"<v>{_v(c)}</v>", f"<v>1<?x?>{_v(c)}</v>"),
    "cdata-v": lambda c: c.replace(f"<v>{_v(c)}</v>", "<v><![CDATA[1]]></v>"),
    "inline-string-with-v": lambda c: c.replace("<c ", '<c t="inlineStr" ', 1).replace(
        f"<v>{_v(c)}</v>", "<v>1</v>"
    ),
    "spaces-in-v": lambda c: c.replace(f"<v>{_v(c)}</v>", f"<v> {_forged(c)} </v>"),
    "foreign-t-attribute": lambda c: c.replace("<c ", '<c xmlns:o="urn:o" o:t="s" ', 1).replace(
        f"<v>{_v(c)}</v>", "<v>1</v>"
    ),
}


@pytest.mark.parametrize("name", sorted(FORGERIES))
def test_editing_a_stamped_value_through_a_quirk_is_detected(prepared, tmp_path, name):
    from xladdin.returned import verify_file

    part, cell, _value = _target_cell(prepared)
    parts = read_parts(prepared)
    _edit_cell(parts, part, cell, FORGERIES[name])
    out = write_parts(parts, tmp_path / f"{name}.xlsx")
    result = verify_file(out)
    assert not result.intact, name
    assert result.exit_code in (1, 2), [f.code for f in result.findings]


def _re_encoded(part: bytes, encoding: str) -> bytes:
    """A UTF-8 XML part declared and written in ``encoding`` (characters it lacks as references)."""
    text = part.decode("utf-8")
    text = re.sub(r'encoding="[^"]*"', f'encoding="{encoding.upper()}"', text, count=1)
    return text.encode(encoding, errors="xmlcharrefreplace")


@pytest.mark.parametrize("encoding", ["utf-16", "iso-8859-1"])
def test_a_stamped_sheet_re_encoded_with_a_changed_value_is_detected(prepared, tmp_path, encoding):
    from xladdin.returned import verify_file

    part, cell, _value = _target_cell(prepared)
    parts = read_parts(prepared)
    _edit_cell(parts, part, cell, lambda c: c.replace(f"<v>{_v(c)}</v>", f"<v>{_forged(c)}</v>"))
    parts[part] = _re_encoded(parts[part], encoding)
    out = write_parts(parts, tmp_path / f"{encoding}.xlsx")
    result = verify_file(out)
    assert not result.intact
    assert result.exit_code in (1, 2)


@pytest.mark.parametrize("encoding", ["utf-16", "iso-8859-1"])
def test_a_stamped_sheet_only_re_encoded_still_verifies(prepared, tmp_path, encoding):
    """The same cells in another encoding are the same cells: the stamp still holds."""
    from xladdin.returned import verify_file

    part, _cell, _value = _target_cell(prepared)
    parts = read_parts(prepared)
    parts[part] = _re_encoded(parts[part], encoding)
    out = write_parts(parts, tmp_path / f"{encoding}.xlsx")
    assert verify_file(out).intact


@pytest.mark.parametrize("wrapper", ["comment", "processing-instruction", "other-namespace"])
def test_a_stamped_sheet_moved_out_of_sight_is_detected(prepared, tmp_path, wrapper):
    """Before the fix: the original rows in a comment beside an empty ``<sheetData/>`` -- Excel
    and openpyxl show an empty sheet, the tokens read the stamped cells and verify said intact."""
    from xladdin.returned import verify_file

    part, _cell, _value = _target_cell(prepared)
    parts = read_parts(prepared)
    text = parts[part].decode("utf-8")
    start, end = text.index("<sheetData>"), text.index("</sheetData>") + len("</sheetData>")
    original = text[start:end]
    hidden = {
        "comment": f"<!--{original}-->",
        "processing-instruction": f"<?x {original}?>",
        "other-namespace": f'<o:x xmlns:o="urn:o" xmlns="urn:o">{original}</o:x>',
    }[wrapper]
    parts[part] = (text[:start] + hidden + "<sheetData/>" + text[end:]).encode("utf-8")
    out = write_parts(parts, tmp_path / f"{wrapper}.xlsx")
    result = verify_file(out)
    assert not result.intact
    assert result.exit_code in (1, 2)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_data_in_a_hidden_sheet_is_found_in_any_encoding(tmp_path, encoding):
    sheet = _ws(R1).replace("UTF-8", encoding.upper()).encode(encoding)
    data = _book(sheet)
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "xl/workbook.xml":
                part = part.replace(b'sheetId="1"', b'sheetId="1" state="hidden"')
            dst.writestr(info.filename, part)
    path = tmp_path / "hidden.xlsx"
    path.write_bytes(buf.getvalue())
    _view, findings = open_untrusted(path)
    assert "hidden-sheet-data" in [f.code for f in findings]


STRUCTURAL = sorted(
    {
        "alternate-content",
        "second-sheetdata",
        "first-sheetdata-empty",
        "sheetdata-in-other-ns",
        "other-ns-wrapper-and-prefixed-sheetdata",
        "row-in-cell",
        "nested-row",
        "duplicate-cell",
        "duplicate-cell-empty-last",
        "duplicate-cell-formula",
        "duplicate-row",
        "two-v",
        "t-inlinestr-with-v",
        "strict-namespace",
        "ref-with-dollar",
        "cell-without-r-before-its-column",
        "row-r-not-a-number",
        "row-r-arabic-digits",
    }
)


@pytest.mark.parametrize("streamed", [False, True], ids=["tree", "streamed"])
@pytest.mark.parametrize("name", STRUCTURAL)
def test_the_xml_path_refuses_what_readers_disagree_on(name, streamed, monkeypatch):
    """The general path on its own (a tree, or streamed row by row for a large part)."""
    import xladdin.workbook.xlsx_reader as reader
    from xladdin.errors import UnreadableWorkbookError

    if streamed:
        monkeypatch.setattr(reader, "TREE_PARSE_LIMIT", 0)
    view = XlsxView(_book(QUIRKS[name]))
    with pytest.raises(UnreadableWorkbookError):
        view._parse_sheet_xml(PART, view.package.read(PART))


@pytest.mark.parametrize("streamed", [False, True], ids=["tree", "streamed"])
def test_the_xml_path_still_reads_an_ordinary_sheet(streamed, monkeypatch):
    import xladdin.workbook.xlsx_reader as reader

    if streamed:
        monkeypatch.setattr(reader, "TREE_PARSE_LIMIT", 0)
    view = XlsxView(_book(_ws(R1, head='<dimension ref="A1:B1"/>', tail="<pageMargins/>")))
    sheet = view._parse_sheet_xml(PART, view.package.read(PART))
    assert sheet.cells == {(1, 1): 1, (1, 2): 2}
