"""One tokenisation of a worksheet part, shared by the inspection and the reader (issue #12).

A worksheet as Excel, LibreOffice, openpyxl and xladdin write it is a long ``<sheetData>`` of
``<row>`` and ``<c>`` elements in a few fixed shapes. :func:`tokenise` cuts that ``sheetData`` into
tokens with one regular expression (C speed), once; the inspection
(:mod:`xladdin.workbook.safety`) runs its sheet checks on the tokens and hands them to the reader
(:mod:`xladdin.workbook.xlsx_reader`), which turns them into values. The rest of the part (the
"skeleton": everything but the rows) is parsed with ElementTree.

The tokens are exact only for bytes that are well-formed XML (checked first by expat, which also
refuses a DTD: :func:`well_formed`) and only for the shapes below; anything else -- a namespace
prefix on the elements (``<x:c>``), single-quoted or spaced attributes, whitespace between
elements, rich-text inline strings, a cell without an address holding a value, an encoding other
than UTF-8 -- makes :func:`tokenise` return None and the caller uses the general XML path. The
tokens never decide anything the general path would decide differently.

Token tuple (the groups of :data:`_TOKEN`, bytes, ``b""`` when absent):

====  ===========================================================================
0     column letters of the cell's ``r`` (``b""``: not a cell, or a cell without ``r``)
1     row digits of the cell's ``r``
2     ``s`` (style index)
3     ``t`` (cell type)
4     the ``<f`` start tag up to (not including) ``>`` or ``/>`` (``b""``: no formula)
5     the formula text, still escaped
6     the ``<v>`` text, still escaped
7     ``>text`` (or ``/`` for ``<t/>``) of a plain inline string ``<is><t>text</t></is>``
8     a ``<row ...>``, ``<row/>`` or ``</row>`` tag, whole
9     the first stretch the expression does not recognise, to the end (a non-empty group
      here means "not this fast shape": the caller falls back)
====  ===========================================================================
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element
from xml.parsers import expat

from xladdin.workbook.cells import xml_unescape
from xladdin.workbook.limits import Limits
from xladdin.workbook.package import parse_xml

__all__ = [
    "CHUNK_BYTES",
    "TOKENISE_LIMIT",
    "ChunkedTokens",
    "SheetTokens",
    "attrs_of",
    "declared_encoding",
    "max_tokens",
    "text_of",
    "tokenise",
    "well_formed",
]

TOKENISE_LIMIT = 16 * 1024 * 1024
"""Largest worksheet part (bytes, inflated) cut into one token list and kept for the reader:
the tokens take several times the part's size in memory, so a larger part is checked chunk by
chunk and its tokens are cut a chunk at a time while the reader reads them
(:class:`ChunkedTokens`); a part in other shapes is read streamed (the limit the reader's tree
parse uses too)."""

_ANY_ATTR = rb'[A-Za-z_][\w.:-]*="[^"]*"'
_CONTENT = (  # what follows a cell's attributes: empty, or formula, value, inline string
    rb"(?:/>|>"
    rb"(?:(<f(?:\s+(?!xmlns)" + _ANY_ATTR + rb")*\s*)(?:/>|>([^<]*)</f>))?"
    rb"(?:<v>([^<]*)</v>|<v\s*/>"
    rb'|<is><t(?:\s+xml:space="preserve")?(>[^<]*(?=</t>)|\s*/(?=>))(?:</t>|>)</is>)?'
    rb"</c>)"
)
_CELL = (
    rb"<c(?:\s+(?:"
    rb'r="([A-Z]{1,3})([0-9]{1,7})"'
    rb'|s="([0-9]{1,9})"'
    rb'|t="([A-Za-z]{1,12})"'
    rb"|(?!xmlns|[rst]=)" + _ANY_ATTR + rb"))*\s*" + _CONTENT
)
_CELL_IN_ORDER = (  # r, then s, then t, one space apart: as Excel, openpyxl and XlsxWriter write
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: s="([0-9]{1,9})")?(?: t="([A-Za-z]{1,12})")?\s*'
    + _CONTENT
)
_ROW = rb"(<row(?:\s+(?!xmlns)" + _ANY_ATTR + rb")*\s*/?>|</row>)"
_TOKEN = re.compile(_CELL + rb"|" + _ROW + rb"|([\s\S]+)")
_TOKEN_IN_ORDER = re.compile(_CELL_IN_ORDER + rb"|" + _ROW + rb"|([\s\S]+)")
""":data:`_TOKEN` for cells whose attributes come in the usual order (a subset of the cells
:data:`_TOKEN` reads, with the same groups): about 15 % faster, tried first."""


def _find_tokens(data: bytes, start: int, end: int) -> list[tuple[bytes, ...]]:
    """``_TOKEN.findall(data, start, end)``: the tokens of :data:`_TOKEN_IN_ORDER` up to the
    first stretch it does not recognise, then those of :data:`_TOKEN` from there. Where
    :data:`_TOKEN_IN_ORDER` matches, :data:`_TOKEN` matches the same bytes with the same groups
    (its attribute loop reads ``r``, ``s`` and ``t`` through their own alternatives, and every
    other part of the expression is the same), so the result is exactly :data:`_TOKEN`'s."""
    tokens = _TOKEN_IN_ORDER.findall(data, start, end)
    if tokens and tokens[-1][9]:
        tokens[-1:] = _TOKEN.findall(data, end - len(tokens[-1][9]), end)
    return tokens


_DECL = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_SHEET_DATA = b"<sheetData"


@dataclass
class SheetTokens:
    """A worksheet part cut into tokens: the root's namespace, the skeleton (the part with an
    empty ``sheetData``, parsed), its head and tail bytes around ``sheetData`` and the tokens."""

    ns: str
    skeleton: Element
    head: bytes
    tail: bytes
    tokens: list[tuple[bytes, ...]] | ChunkedTokens = field(default_factory=list)
    references: bool = True
    """Whether the rows hold an ``&`` or a carriage return (texts go through :func:`text_of`)."""

    def chunks(self) -> Iterator[list[tuple[bytes, ...]]]:
        """The tokens as lists (one, or one per chunk of a :class:`ChunkedTokens`): a reader
        loops over each list without a generator step per token."""
        if isinstance(self.tokens, ChunkedTokens):
            yield from self.tokens.chunks()
        elif self.tokens:
            yield self.tokens


CHUNK_BYTES = 4 * 1024 * 1024
"""Bytes of ``sheetData`` cut into tokens at a time by :class:`ChunkedTokens`."""


class ChunkedTokens:
    """The tokens of a large ``sheetData``, cut a chunk at a time each time they are iterated
    (memory bounded by :data:`CHUNK_BYTES`, not by the part's size).

    Chunks end just after a ``</c>`` or ``</row>``: in well-formed XML neither text can stand
    inside a token (``<`` is never character data nor part of an attribute value), so the
    tokens are exactly those of one pass over the whole ``sheetData``. Iteration raises
    ValueError at the first stretch the expression does not recognise (the caller falls back to
    the general path, as when :func:`tokenise` returns None)."""

    def __init__(self, data: bytes, start: int, end: int, chunk: int | None = None) -> None:
        self.data, self.start, self.end = data, start, end
        self.chunk = chunk or CHUNK_BYTES

    def chunks(self) -> Iterator[list[tuple[bytes, ...]]]:
        """The tokens, one list per chunk."""
        data, pos, end = self.data, self.start, self.end
        while pos < end:
            stop = pos + self.chunk
            if stop >= end:
                stop = end
            else:
                cut = _last_end(data, pos, stop)
                if cut < 0:  # no cell or row ends in this stretch: to the next one that does
                    cut = _next_end(data, stop, end)
                stop = cut
            tokens = _find_tokens(data, pos, stop)
            if tokens and tokens[-1][9]:
                raise ValueError("a stretch of sheetData not in the token shapes")
            yield tokens
            pos = stop

    def __iter__(self) -> Iterator[tuple[bytes, ...]]:
        for tokens in self.chunks():
            yield from tokens


def _last_end(data: bytes, start: int, stop: int) -> int:
    """The position just after the last ``</c>`` or ``</row>`` within ``data[start:stop]``, or
    -1."""
    c = data.rfind(b"</c>", start, stop)
    r = data.rfind(b"</row>", start, stop)
    return max(c + 4 if c >= 0 else -1, r + 6 if r >= 0 else -1)


def _next_end(data: bytes, start: int, end: int) -> int:
    """The position just after the first ``</c>`` or ``</row>`` ending within
    ``data[start:end]``, else ``end``."""
    ends = [
        i + n
        for i, n in ((data.find(b"</c>", start, end), 4), (data.find(b"</row>", start, end), 6))
        if i >= 0
    ]
    return min(ends) if ends else end


class _DoctypeError(Exception):
    pass


def _refuse(*_args: Any) -> None:
    raise _DoctypeError


def well_formed(data: bytes) -> bool:
    """True when ``data`` is well-formed, namespace-well-formed XML without a DTD (expat, no
    Python callbacks: C speed)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, _DoctypeError):
        return False
    return True


def declared_encoding(data: bytes) -> str:
    """The encoding of an XML part's bytes as expat reads them: ``"utf-16"`` (a byte-order
    mark), ``"utf-16-le"`` / ``"utf-16-be"`` (no mark), else the declared one (lower case,
    ``-`` for ``_``; a UTF-8 byte-order mark may precede the declaration), else ``"utf-8"``."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    if data[:1] == b"\x00":
        return "utf-16-be"
    if data[1:2] == b"\x00":
        return "utf-16-le"
    m = _DECL.match(data)
    return m.group(1).decode("ascii").lower().replace("_", "-") if m else "utf-8"


def max_tokens(limits: Limits) -> int:
    """Tokens a sheet part may give in one list under ``limits`` (memory bound): two per cell,
    four per row and a few around them. A part with more is read another way."""
    return 2 * limits.max_cells + 4 * limits.max_rows + 16


def tokenise(data: bytes, *, max_tokens: int, chunked: bool = False) -> SheetTokens | None:
    """The tokens of a worksheet part whose bytes are already known to be well-formed
    (:func:`well_formed`), or None when the part is not in the shapes this module reads (the
    caller then reads it as XML) or would give more than ``max_tokens`` tokens (bounded memory:
    the caller's own checks then refuse it or read it streamed).

    With ``chunked`` the tokens are a :class:`ChunkedTokens`: cut a chunk at a time while they
    are read (a part larger than :data:`TOKENISE_LIMIT`), with no bound on their number."""
    if declared_encoding(data) not in ("utf-8", "utf8"):
        return None  # UTF-16, or another declared encoding
    # The split below is exact only when the one ``sheetData`` element is the only text
    # "sheetData" in the part (a second one hidden in a comment, a processing instruction or
    # under an element that redeclares the default namespace would move the split away from
    # the element an XML parser reads) and no comment or processing instruction can cut a
    # token in two: anything else is for the general path.
    named = data.count(b"sheetData")
    prolog = 4 if data.startswith(b"\xef\xbb\xbf") else 1  # after the XML declaration's "<?"
    if named > 2 or data.find(b"<!--") >= 0 or data.find(b"<?", prolog) >= 0:
        return None
    start = data.find(_SHEET_DATA)
    if start < 0 and (named or len(data) > 2**20):
        return None  # a prefixed sheetData (x:sheetData): the general path
    if start >= 0 and named != (1 if data.startswith(b"/>", start + len(_SHEET_DATA)) else 2):
        return None
    if start < 0:
        head, tail = data, b""
        cstart = cend = 0
        skeleton_bytes = data
    else:
        after = data[start + len(_SHEET_DATA) : start + len(_SHEET_DATA) + 2]
        if after[:1] == b">":
            end = data.rfind(b"</sheetData>")
            if end < start:
                return None
            head = data[:start]
            tail = data[end + len(b"</sheetData>") :]
            cstart, cend = start + len(_SHEET_DATA) + 1, end
        elif after == b"/>":
            head = data[:start]
            tail = data[start + len(_SHEET_DATA) + 2 :]
            cstart = cend = 0
        else:
            return None
        skeleton_bytes = head + b"<sheetData/>" + tail
    try:
        root = parse_xml(skeleton_bytes, "")
    except Exception:  # the split is not where the element is (a comment): the general path
        return None
    tag = root.tag
    if not tag.startswith("{") or not tag.endswith("}worksheet"):
        return None
    ns = tag[1 : -len("}worksheet")]
    sheet_data = [el for el in root if el.tag == "{" + ns + "}sheetData"]
    if start >= 0:
        if len(sheet_data) != 1 or len(sheet_data[0]) or sheet_data[0].attrib:
            return None
    elif sheet_data:
        return None
    row_tag, c_tag = "{" + ns + "}row", "{" + ns + "}c"
    if any(el.tag == row_tag or el.tag == c_tag for el in root.iter()):
        return None  # rows or cells outside sheetData: the general path decides
    tokens: list[tuple[bytes, ...]] | ChunkedTokens = []
    if chunked and start >= 0 and cend > cstart:
        tokens = ChunkedTokens(data, cstart, cend)
    elif start >= 0 and cend > cstart:
        # Bounded memory: every token is a "<c" or a row tag (or the one unrecognised tail).
        if data.count(b"<", cstart, cend) > max_tokens:
            return None
        tokens = _find_tokens(data, cstart, cend)
        if tokens and tokens[-1][9]:
            return None
    return SheetTokens(
        ns=ns,
        skeleton=root,
        head=head,
        tail=tail,
        tokens=tokens,
        references=data.find(b"&", cstart, cend) >= 0 or data.find(b"\r", cstart, cend) >= 0,
    )


_EOL = re.compile(rb"\r\n?")


def text_of(raw: bytes) -> str:
    """Character data of well-formed XML as a parser reports it: UTF-8 decoded, line ends
    normalised (``\\r\\n`` and ``\\r`` become ``\\n``), the predefined entities and character
    references resolved."""
    if b"\r" in raw:
        raw = _EOL.sub(b"\n", raw)
    text = raw.decode("utf-8")
    if "&" in text:
        text = xml_unescape(text)
    return text


_ATTR = re.compile(rb'([A-Za-z_][\w.:-]*)="([^"]*)"')


def attrs_of(tag: bytes) -> dict[str, str]:
    """Attributes of a start tag matched by :data:`_TOKEN` (double-quoted values), normalised
    as a parser reports them (whitespace characters become spaces, references resolved)."""
    out: dict[str, str] = {}
    for name, raw in _ATTR.findall(tag):
        if b"\t" in raw or b"\n" in raw or b"\r" in raw:
            # Literal tabs and line ends become spaces (&#9; and &#10; are kept).
            raw = _EOL.sub(b"\n", raw).replace(b"\t", b" ").replace(b"\n", b" ")
        out[name.decode("ascii")] = text_of(raw)
    return out
