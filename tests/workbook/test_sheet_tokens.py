"""The tokenised sheet path (``workbook/sheet_scan.py``) against the general XML path and openpyxl.

The reader turns a worksheet into cells either from the tokens the inspection made of it or,
for a part in an unusual shape, through ElementTree. The stamp hash consumes those cells, so the
two paths must agree on every value and type, every formula, the dimension and the used range.
openpyxl is the independent reference for values and formulas.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.workbook.one_sheet_book import MAIN, one_sheet_book
from xladdin.workbook.cells import ooxml_unescape
from xladdin.workbook.model import CellError, col_letter
from xladdin.workbook.safety import open_untrusted
from xladdin.workbook.sheet_scan import (
    _TOKEN,
    _TOKEN_IN_ORDER,
    _find_tokens,
    text_of,
    tokenise,
    well_formed,
)
from xladdin.workbook.xlsx_reader import XlsxView

ROOT = Path(__file__).resolve().parents[2]
BOOKS = sorted(
    [
        *(ROOT / "tests" / "fixtures" / "workbook").glob("*.xls[xm]"),
        *(ROOT / "tests" / "fixtures" / "validate").glob("*.xlsx"),
        *(ROOT / "templates").glob("*.xlsx"),
    ]
)


def _view(source) -> XlsxView | None:
    try:
        return XlsxView(source)
    except Exception:
        return None


def _both(view: XlsxView, part: str):
    """(tokens path, XML path) of one worksheet part, each on a fresh view."""
    data = view.package.read(part)
    fast_view = XlsxView(view.package.data)
    slow_view = XlsxView(view.package.data)
    fast = fast_view._parse_sheet(part)
    slow = slow_view._parse_sheet_xml(part, data)
    return fast, slow


def _same(a, b) -> None:
    assert a.dimension == b.dimension
    assert a.bounds == b.bounds
    assert list(a.cells) == list(b.cells)  # same cells, in the same order
    for key, value in b.cells.items():
        got = a.cells[key]
        assert type(got) is type(value), (key, got, value)
        assert got == value, (key, got, value)
    assert a.formulas == b.formulas


def _readable() -> list[Path]:
    return [p for p in BOOKS if _view(p) is not None]


@pytest.mark.parametrize("path", _readable(), ids=lambda p: p.name)
def test_tokens_and_xml_paths_agree_on_every_fixture(path):
    view = _view(path)
    for info in view._sheets:
        if info.kind == "worksheet" and info.part:
            fast, slow = _both(view, info.part)
            _same(fast, slow)


def _reference_value(cell):
    value = cell.value
    if cell.data_type == "e":
        return CellError(value)
    if isinstance(value, str):  # openpyxl leaves _xHHHH_ in rich-text runs; the reader decodes
        return ooxml_unescape(value)
    return value


@pytest.mark.parametrize("path", _readable(), ids=lambda p: p.name)
def test_values_and_formulas_agree_with_openpyxl(path):
    view = _view(path)
    values = openpyxl.load_workbook(path, data_only=True)
    formulas = openpyxl.load_workbook(path, data_only=False)
    for name in view.sheet_names():
        if name not in values.sheetnames or view.sheet_info(name).kind != "worksheet":
            continue
        ours = view._sheet(name)
        ws, wf = values[name], formulas[name]
        # openpyxl's own sparse store (iter_rows would walk a far-corner sheet cell by cell)
        for cell in list(ws._cells.values()):
            expected = _reference_value(cell)
            got = ours.cells.get((cell.row, cell.column))
            if isinstance(expected, datetime) or isinstance(got, datetime):
                continue  # date styles: openpyxl gives time objects for time-only formats
            if expected is None:
                assert got is None or got == "", (name, cell.coordinate, got)
                continue
            assert type(got) is type(expected), (name, cell.coordinate, got, expected)
            assert got == expected, (name, cell.coordinate, got, expected)
        for cell in list(wf._cells.values()):
            if isinstance(cell.value, str) and cell.value.startswith("="):
                key = (cell.row, cell.column)
                assert ours.formulas.get(key) == cell.value, (name, cell.coordinate)


# --- quirks, written by hand ----------------------------------------------------------------

_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>'
)
_SST = (
    f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'
    "<si><t>shared</t></si><si><r><t>ri</t></r><r><t>ch</t></r></si>"
    "<si><t>line_x000D__x000A_two</t></si></sst>"
)


def _book(sheet_xml: str | bytes) -> bytes:
    """The sheet part in a one-sheet package with a date style (1) and three shared strings."""
    return one_sheet_book(sheet_xml, _SST, _STYLES)


def _sheet(rows: str, head: str = '<dimension ref="A1:H9"/>', ns: str = "") -> str:
    ns = ns or f'xmlns="{MAIN}"'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {ns} '
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
        f"{head}<sheetData>{rows}</sheetData></worksheet>"
    )


QUIRKS = {
    "types": _sheet(
        '<row r="1" spans="1:9" x14ac:dyDescent="0.25">'
        '<c r="A1"><v>5</v></c><c r="B1" t="n"><v>5.0</v></c><c r="C1"><v>-2.5E3</v></c>'
        '<c r="D1" s="1"><v>45292</v></c><c r="E1" t="s"><v>1</v></c>'
        '<c r="F1" t="b"><v>1</v></c><c r="G1" t="e"><v>#DIV/0!</v></c>'
        '<c r="H1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="I1" t="s"><v>2</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> sp &amp; &lt;x&gt; </t></is></c>'
        '<c r="B2" t="inlineStr"><is><t /></is></c><c r="C2" t="inlineStr"><is><t>a_x000A_b</t></is></c>'
        '<c r="D2" s="1"/><c r="E2"><v></v></c><c r="F2"><v /></c>'
        '<c r="G2" t="d"><v>2024-03-01T12:00:00Z</v></c><c r="H2"><v>+7</v></c>'
        '<c r="I2"><v>.5</v></c></row>'
        '<row r="3"><c r="A3"><f t="shared" ref="A3:A5" si="0">B3*2</f><v>1</v></c>'
        '<c r="B3"><f>SUM(A1:A2)</f></c><c r="C3"><f t="array" ref="C3:C4">A1:A2</f><v>5</v></c></row>'
        '<row r="4"><c r="A4"><f t="shared" si="0"/><v>2</v></c></row>'
        '<row r="5"><c r="A5"><f t="shared" si="0"/></c></row>'
        '<row r="6"/><row r="7" hidden="1"><c r="C7" t="str"><v>line&#13;&#10;x</v></c>'
        '<c r="E7" t="inlineStr"><is><t>&#x0E81;ກ</t></is></c>'
        "</row>"
    ),
    "crlf-in-text": _sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>a\r\nb\rc</t></is></c>'
        '<c r="B1" t="str"><f t="normal" aca="0">"x"</f><v>x</v></c></row>'
    ).encode(),
    "no-dimension": _sheet('<row r="1"><c r="B2"><v>1</v></c></row>', head=""),
    "empty-sheetdata": (f'<worksheet xmlns="{MAIN}"><dimension ref="A1"/><sheetData/></worksheet>'),
    "row-without-r": _sheet('<row><c r="A1"><v>1</v></c></row><row><c r="B2"><v>2</v></c></row>'),
    # shapes the tokens do not read: the XML path decides
    "prefixed": (
        f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>3</x:v>'
        "</x:c></x:row></x:sheetData></x:worksheet>"
    ),
    "pretty": _sheet('\n  <row r="1">\n    <c r="A1"><v>1</v></c>\n  </row>\n'),
    "cell-without-r": _sheet('<row r="1"><c><v>1</v></c><c><v>2</v></c></row>'),
    "single-quotes": _sheet("<row r='1'><c r='A1' t='n'><v>1</v></c></row>"),
    "rich-inline": _sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r><r><rPr><b/></rPr><t>b</t></r>'
        "<rPh><t>x</t></rPh></is></c></row>"
    ),
    "attribute-order": _sheet('<row r="1"><c t="n" s="0" r="A1"><v>4</v></c></row>'),
    "lower-case-ref": _sheet('<row r="1"><c r="a1"><v>4</v></c></row>'),
    "empty-t": _sheet('<row r="1"><c r="A1" t=""><v>4</v></c></row>'),
    "cell-outside-row": _sheet('<c r="A1"><v>4</v></c><row r="2"><c r="A2"><v>1</v></c></row>'),
    "sheetdata-in-comment": _sheet(
        '<row r="1"><c r="A1"><v>1</v></c></row>',
        head="<!-- <sheetData></sheetData> -->",
    ),
}
TOKENISED = {
    "types",
    "crlf-in-text",
    "no-dimension",
    "empty-sheetdata",
    "row-without-r",
    "attribute-order",
}


@pytest.mark.parametrize("name", sorted(QUIRKS))
def test_quirks_read_the_same_on_both_paths(name):
    data = _book(QUIRKS[name])
    view = XlsxView(data)
    part = "xl/worksheets/sheet1.xml"
    raw = view.package.read(part)
    assert well_formed(raw)
    tokens = tokenise(raw, max_tokens=10_000)
    used = tokens is not None and XlsxView(data)._from_tokens(tokens) is not None
    assert used == (name in TOKENISED)
    fast, slow = _both(view, part)
    _same(fast, slow)


def test_quirk_values_match_openpyxl(tmp_path):
    path = tmp_path / "types.xlsx"
    path.write_bytes(_book(QUIRKS["types"]))
    view, findings = open_untrusted(path)
    assert view is not None, findings
    ws = openpyxl.load_workbook(path, data_only=True)["S"]
    got = view._sheet("S").cells
    for cell in list(ws._cells.values()):
        if cell.value is None or cell.coordinate in ("G2",):  # t="d": openpyxl's own parse
            continue
        expected = _reference_value(cell)
        assert got[(cell.row, cell.column)] == expected, cell.coordinate
        assert type(got[(cell.row, cell.column)]) is type(expected), cell.coordinate
    # checked by hand against ECMA-376 18.3.1.4 (c), 18.3.1.40 (f), 22.9.2.19 (xsd:double)
    assert got[(1, 1)] == 5 and type(got[(1, 1)]) is int
    assert got[(1, 2)] == 5.0 and type(got[(1, 2)]) is float
    assert got[(2, 1)] == " sp & <x> "
    assert got[(2, 2)] == ""
    assert got[(2, 3)] == "a\nb"
    assert (2, 5) not in got and (2, 6) not in got
    assert got[(2, 8)] == 7 and type(got[(2, 8)]) is int
    assert got[(7, 3)] == "line\r\nx"
    # t="inlineStr" with a <v> (no <is>) is refused: tests/security/test_sheet_scan_quirks.py
    assert got[(1, 9)] == "line\r\ntwo"
    assert view.formulas("S", "A3:A5") == [["=B3*2"], ["=B4*2"], ["=B5*2"]]
    assert view.used_range("S") == "A1:I7"


def test_text_of_normalises_like_a_parser():
    # XML 1.0 section 2.11: CR LF and lone CR are read as LF; character references are not.
    assert text_of(b"a\r\nb\rc&#13;&amp;") == "a\nb\nc\r&"


def test_the_inspection_hands_its_tokens_to_the_reader(tmp_path, monkeypatch):
    path = tmp_path / "types.xlsx"
    path.write_bytes(_book(QUIRKS["types"]))
    import xladdin.workbook.xlsx_reader as reader

    made = []
    real = reader.tokenise
    monkeypatch.setattr(reader, "tokenise", lambda *a, **k: made.append(1) or real(*a, **k))
    view, _ = open_untrusted(path)
    assert view is not None
    assert made == []  # the reader did not tokenise again: it used the inspection's tokens
    assert view.value("S", "A1") == 5


def test_a_wide_sheet_reads_the_same(tmp_path):
    inline = ' t="inlineStr"'
    rows = "".join(
        f'<row r="{r}">'
        + "".join(
            f'<c r="{col_letter(c)}{r}"{inline if c % 3 == 0 else ""}>'
            + (f"<is><t>t{r}-{c}</t></is>" if c % 3 == 0 else f"<v>{r * c / 7:.6g}</v>")
            + "</c>"
            for c in range(1, 30)
        )
        + "</row>"
        for r in range(1, 200)
    )
    view = XlsxView(_book(_sheet(rows)))
    fast, slow = _both(view, "xl/worksheets/sheet1.xml")
    _same(fast, slow)
    assert len(fast.cells) == 199 * 29


# -- the in-order expression tried first (sheet_scan._find_tokens) ---------------------------

_ATTRS = [b'r="B7"', b's="3"', b't="n"', b't="s"', b't="inlineStr"', b'cm="1"', b'r="AA12"']
_BODIES = [
    b"/>",
    b" />",
    b"><v>1.5</v></c>",
    b"><v/></c>",
    b"><f>A1+1</f><v>2</v></c>",
    b'><f t="shared" si="0"/><v>3</v></c>',
    b"><is><t>text</t></is></c>",
    b'><is><t xml:space="preserve"> a </t></is></c>',
    b"><v>1</v><x/></c>",  # not a token shape: the rest
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(_ATTRS), max_size=4),
            st.sampled_from([b" ", b"  ", b"\n"]),
            st.sampled_from(_BODIES),
            st.sampled_from([b"", b'<row r="3">', b"</row>", b"<row/>"]),
        ),
        max_size=12,
    )
)
def test_the_in_order_expression_gives_the_general_tokens(pieces):
    """Whatever the attribute order, spacing or shape (and wherever the in-order expression
    stops), the tokens are exactly those of the general expression: the reader and the checks
    see the same tokens either way."""
    data = b"".join(
        row + b"<c" + b"".join(sep + a for a in attrs) + body for attrs, sep, body, row in pieces
    )
    data = b"<x>" + data + b"</x>"
    assert _find_tokens(data, 3, len(data) - 4) == _TOKEN.findall(data, 3, len(data) - 4)


def test_the_in_order_expression_reads_our_own_templates_whole():
    """The templates' sheets (XlsxWriter and openpyxl write ``r``, ``s``, ``t`` in this order)
    are read by the in-order expression alone: the faster path is the one taken."""
    import zipfile

    for path in sorted((ROOT / "templates").glob("*.xlsx")):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if not name.startswith("xl/worksheets/sheet"):
                    continue
                data = z.read(name)
                start = data.find(b"<sheetData>")
                end = data.rfind(b"</sheetData>")
                if start < 0 or end < 0:
                    continue
                tokens = _TOKEN_IN_ORDER.findall(data, start + 11, end)
                assert not (tokens and tokens[-1][9]), (path.name, name, tokens[-1][9][:80])
