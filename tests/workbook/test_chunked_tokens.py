"""Large sheet parts: tokens cut a chunk at a time (``sheet_scan.ChunkedTokens``).

A worksheet part larger than ``TOKENISE_LIMIT`` (16 MiB) is not cut into one token list (that
would take several times its size in memory): the reader cuts it a chunk at a time, each chunk
ending just after a ``</c>`` or ``</row>``. These tests prove the chunked tokens are exactly the
one-pass tokens for every hand-made quirk sheet and every fixture, at chunk sizes down to one
byte, and that a reader forced onto the chunked path reads every fixture and every quirk as the
one-pass path does (same cells, types, formulas; refused or not the same way).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.security.test_sheet_scan_quirks import QUIRKS, _book
from tests.workbook.test_sheet_tokens import _readable, _same
from xladdin.workbook import safety, sheet_scan, xlsx_reader
from xladdin.workbook.safety import open_untrusted
from xladdin.workbook.sheet_scan import ChunkedTokens, tokenise, well_formed
from xladdin.workbook.xlsx_reader import XlsxView

CHUNKS = [1, 7, 64, 4096]


def _tokens(data: bytes, chunk: int):
    """(one-pass tokens or None, chunked tokens or the ValueError the chunks raised)."""
    whole = tokenise(data, max_tokens=10**8)
    lazy = tokenise(data, max_tokens=10**8, chunked=True)
    if lazy is None:
        return whole, None
    if not isinstance(lazy.tokens, ChunkedTokens):  # an empty sheetData: nothing to cut
        return whole, list(lazy.tokens)
    small = ChunkedTokens(lazy.tokens.data, lazy.tokens.start, lazy.tokens.end, chunk)
    try:
        return whole, list(small)
    except ValueError as exc:
        return whole, exc


def _as_bytes(sheet: str | bytes) -> bytes:
    return sheet.encode("utf-8") if isinstance(sheet, str) else sheet


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize("name", sorted(QUIRKS))
def test_chunked_tokens_are_the_one_pass_tokens_for_every_quirk(name, chunk):
    data = _as_bytes(QUIRKS[name])
    if not well_formed(data):
        return  # neither path cuts a part expat refuses
    whole, chunked = _tokens(data, chunk)
    if whole is None:
        # not in the token shapes: the chunked tokens refuse it too (or the split refused it)
        assert chunked is None or isinstance(chunked, ValueError), name
    else:
        assert chunked == whole.tokens, name


@pytest.mark.parametrize("path", _readable(), ids=lambda p: p.name)
def test_chunked_tokens_are_the_one_pass_tokens_for_every_fixture(path):
    view = XlsxView(path)
    for info in view._sheets:
        if info.kind != "worksheet" or not info.part:
            continue
        data = view.package.read(info.part)
        if not well_formed(data):
            continue
        for chunk in (1, 97):
            whole, chunked = _tokens(data, chunk)
            if whole is None:
                assert chunked is None or isinstance(chunked, ValueError)
            else:
                assert chunked == whole.tokens, (path.name, info.part, chunk)


@pytest.fixture
def chunked_reader(monkeypatch):
    """Every sheet part counts as larger than TOKENISE_LIMIT and is cut 64 bytes at a time;
    yields the list of parts the reader read from chunked tokens."""
    monkeypatch.setattr(safety, "TOKENISE_LIMIT", 0)
    monkeypatch.setattr(xlsx_reader, "TOKENISE_LIMIT", 0)
    monkeypatch.setattr(sheet_scan, "CHUNK_BYTES", 64)
    used: list[int] = []
    chunks = ChunkedTokens.chunks

    def counting(self):
        used.append(self.end - self.start)
        return chunks(self)

    monkeypatch.setattr(ChunkedTokens, "chunks", counting)
    return used


def _read(path):
    view, findings = open_untrusted(path)
    if view is None:
        return None, sorted(f.code for f in findings)
    sheets = {
        info.name: view._sheet(info.name)
        for info in view._sheets
        if info.kind == "worksheet" and info.part
    }
    return sheets, sorted(f.code for f in findings)


@pytest.mark.parametrize("path", _readable(), ids=lambda p: p.name)
def test_a_reader_on_the_chunked_path_reads_every_fixture_the_same(path, request):
    normal, normal_codes = _read(path)
    used = request.getfixturevalue("chunked_reader")
    large, large_codes = _read(path)
    if normal is not None and not used:  # only a book whose sheets are not in token shapes
        view = XlsxView(path)
        for info in view._sheets:
            if info.kind == "worksheet" and info.part:
                data = view.package.read(info.part)
                assert tokenise(data, max_tokens=10**8) is None or b"<c" not in data
    assert large_codes == normal_codes
    assert (large is None) == (normal is None)
    if normal is not None:
        assert list(large) == list(normal)
        for name, sheet in normal.items():
            _same(large[name], sheet)


@pytest.mark.parametrize("name", sorted(QUIRKS))
def test_a_reader_on_the_chunked_path_reads_every_quirk_the_same(name, tmp_path, request):
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(_book(QUIRKS[name]))
    normal, normal_codes = _read(path)
    request.getfixturevalue("chunked_reader")
    large, large_codes = _read(path)
    assert large_codes == normal_codes, name
    assert (large is None) == (normal is None), name
    if normal is not None:
        for sheet_name, sheet in normal.items():
            _same(large[sheet_name], sheet)


# --- the byte checks of a large part, against the expressions they replace -------------------

_PREFIXED_TAG = re.compile(rb"</?[A-Za-z_][\w.-]*:")
_CELL_START_PLAIN = re.compile(rb"<c[\s>/]")
_ALPHABET = st.sampled_from(
    [b"<", b">", b"/", b":", b"c", b"x", b"ol", b" ", b"\t", b"\n", b'"', b"r", b"_", b"-", b"1"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map(b"".join))
def test_cell_count_and_prefix_check_equal_the_regular_expressions(seg):
    assert safety._count_cells_plain(seg) == len(_CELL_START_PLAIN.findall(seg))
    assert safety._has_prefixed_tag(seg) == (_PREFIXED_TAG.search(seg) is not None)


def test_prefix_check_with_many_colons_uses_the_expression():
    seg = b"<row>" + b"a:b " * 100 + b"</row><x:c/>"
    assert safety._has_prefixed_tag(seg) is True
    assert safety._has_prefixed_tag(seg.replace(b"<x:c/>", b"<c/>")) is False


@pytest.mark.parametrize("seg", [b"<c<c<", b"<c<c", b"<col<c>", b"<c<cx<c/>"])
def test_cell_count_of_overlapping_starts(seg):
    """Found by the property test above: a ``<c`` right after another ``<c`` is looked at too
    (the expression for "not a cell start" looks ahead instead of taking the next byte)."""
    assert safety._count_cells_plain(seg) == len(_CELL_START_PLAIN.findall(seg))
