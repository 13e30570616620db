"""Inspect an untrusted workbook package *before* anything else parses it: the one front door.

A returned file is untrusted (docs/design.md §6). Every command that reads a workbook file --
``validate``, ``compile``, ``prepare``, ``verify``, ``consolidate``, ``inspect`` and the ribbon's
Prepare -- goes through :func:`open_untrusted` (or :func:`inspect_package` for ``inspect``), with
one :class:`~xladdin.workbook.limits.Limits`. The file is read once (a regular file only, never
blocking on a FIFO or a device), the zip directory is checked, every part is inflated once and
streamed through expat, and the inflated bytes are handed to the headless reader
(:class:`~xladdin.workbook.xlsx_reader.XlsxView`) over the *same* :class:`Package`: the reader
and the inspection see the same entries and the same bytes. A worksheet is also cut into tokens
once (:mod:`xladdin.workbook.sheet_scan`): the sheet checks read the tokens and the reader turns
the same tokens into cells (issue #12: each part inflated and parsed once).

Findings are of category ``security`` and, for a file that is not a readable workbook at all,
the reader's own ``workbook-*`` codes (one code per condition, whoever detects it). Nothing is
ever evaluated: formulas are scanned as text, macros are never run.

Checks, in order (a refusing finding stops the later, more expensive checks):

1. the path: missing, not a regular file (FIFO, device, folder), larger than ``max_file_bytes``;
2. the magic bytes: OLE compound file (encrypted OOXML, or a legacy ``.xls``), not a zip;
3. the zip directory: too many entries (counted before :mod:`zipfile` parses it), damage,
   encrypted entries, declared sizes and compression ratios beyond the limits; unsafe entry
   names (absolute, ``..``, backslash, drive letter) and duplicate entries (case-insensitive);
4. content types and every relationship part: macros under any name (VBA project and Excel 4
   macro / dialog sheets found by content type, relationship type and content, not by path),
   embedded OLE objects / ActiveX controls, data connections, external relationships of every
   kind (UNC, ``file://``, http pictures, objects, templates; file hyperlinks);
5. ``workbook.xml``: sheets sharing one part, DDE / outward-reaching formulas in defined names;
6. every XML part streamed through expat in chunks, with the byte count and the time bounded:
   any DOCTYPE or entity declaration is refused (billion laughs, XXE); worksheets are checked
   for absurd dimensions or cells beyond the limits, formulas longer than ``max_formula_chars``,
   DDE / command formulas (``=cmd|'/c calc'!A1``), outward-reaching functions (``WEBSERVICE``,
   ``RTD``, ``CALL``...), ``HYPERLINK`` to ``file://`` or UNC paths, hidden sheets that hold
   data; tables whose ``ref`` covers more than ``max_table_cells``; XML macro sheets by their
   root element; other parts are sniffed for an OLE VBA project.

:func:`open_untrusted` then opens the view and reads every sheet once, so cell-level problems
(numbers Excel never writes, shared text expanding beyond ``max_text_chars``) are findings at
the door too, never exceptions later.
"""

from __future__ import annotations

import re
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from xladdin.errors import WorkbookError
from xladdin.findings import Finding, finding
from xladdin.findings.words import field_words, reason, word
from xladdin.workbook.cells import xml_unescape
from xladdin.workbook.limits import EXCEL_MAX_COLS, EXCEL_MAX_ROWS, Limits
from xladdin.workbook.opc import (
    EMBED_CONTENT_TYPES,
    EMBED_REL_KINDS,
    EXTERNAL_LINK_PATH_KINDS,
    MACRO_CONTENT_TYPES,
    MACRO_REL_KINDS,
    OLE_MAGIC,
    VBA_STREAM,
    is_encrypted_ole,
    is_macro_bytes,
    is_macro_name,
    rel_kind,
    targets_file,
)
from xladdin.workbook.package import (
    Package,
    read_regular_file,
    rels_owner,
    repeated_id,
    resolve_target,
    too_many_entries,
    with_finding,
)
from xladdin.workbook.sheet_scan import (
    TOKENISE_LIMIT,
    SheetTokens,
    declared_encoding,
    max_tokens,
    tokenise,
)

__all__ = [
    "MACRO_CODES",
    "PURPOSES",
    "Limits",
    "inspect_package",
    "inspect_untrusted",
    "is_refused",
    "open_checked",
    "open_untrusted",
]

ZIP_MAGIC = b"PK\x03\x04"
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_MAX_PER_CODE = 20  # findings of one code per file; the rest are counted in the last one

MACRO_CODES = frozenset({"macro-project-present", "macro-project-refused"})
"""The findings of the macro policy (``Limits.macros``)."""

PURPOSES = ("review", "validate", "compile", "prepare", "verify", "consolidate", "inspect")
"""What a file is opened for. ``compile`` opens the user's own workbook: only refusing findings
are kept and macros are not reported (the same limits apply). Every other purpose keeps all."""

_CONNECTIONS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml"


def is_refused(findings: list[Finding]) -> bool:
    """True when any finding refuses the file (exit code 2)."""
    return any(f.refuses for f in findings)


# --- scanning helpers ------------------------------------------------------------------------


class _StopError(Exception):
    """Internal: abort streaming a part (a refusing finding was recorded)."""


class _PartTooLargeError(Exception):
    """Internal: a part produced more bytes than allowed."""


@dataclass
class _SheetInfo:
    name: str
    state: str = "visible"


class _TimeoutError(Exception):
    """Internal: the inspection ran out of its time budget."""


@dataclass
class _State:
    """Findings of one inspection, with a cap per code."""

    limits: Limits
    file: str = ""
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    deadline: float = 0.0
    macro_parts: set[str] = field(default_factory=set)

    def tick(self) -> None:
        """Raise when the time budget is spent (checked per chunk and per part)."""
        if time.monotonic() > self.deadline:
            raise _TimeoutError

    def macro(self, part: str) -> None:
        """A macro found in ``part`` (reported once per part, by the macro policy)."""
        if part.lower() in self.macro_parts:
            return
        self.macro_parts.add(part.lower())
        code = (
            "macro-project-refused" if self.limits.macros == "refuse" else "macro-project-present"
        )
        self.add(code, part=part)

    def add(self, code: str, **kwargs: Any) -> None:
        n = self.counts.get(code, 0) + 1
        self.counts[code] = n
        if n <= _MAX_PER_CODE:
            self.findings.append(finding(code, **kwargs))

    def unreadable(self, code: str, **kwargs: Any) -> None:
        """A ``workbook-*`` finding (the reader's codes: one code per condition), which names
        the file in its message."""
        self.add(code, file=self.file, **kwargs)

    @property
    def refused(self) -> bool:
        return is_refused(self.findings)


_CELL_RE = re.compile(r"^([A-Za-z]{1,4})(\d{1,9})$")
_STRING_LITERAL = re.compile(r'"(?:[^"]|"")*"')
_QUOTED_NAME = re.compile(r"'(?:[^']|'')*'")
_DDE_FUNC = re.compile(r"(?<![A-Za-z0-9_.])(?:DDE|DDEAUTO|DDEEXEC|DDEINITIATE)\s*\(", re.I)
_OUTWARD_FUNC = re.compile(
    r"(?<![A-Za-z0-9_])(?:_xlfn\.)?(WEBSERVICE|FILTERXML|RTD|CALL|REGISTER(?:\.ID)?|EXEC)\s*\(",
    re.I,
)
_HYPERLINK_FILE = re.compile(
    r"HYPERLINK\s*\(\s*\"\s*(file:|\\\\|[A-Za-z]:[\\/]|smb:|ftp:)([^\"]{0,120})", re.I
)


def _col_row(ref: str) -> tuple[int, int] | None:
    m = _CELL_RE.match(ref.replace("$", ""))
    if not m:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + (ord(ch) - 64)
    return col, int(m.group(2))


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _scan_formula(state: _State, text: str, sheet: str | None, cell: str | None) -> None:
    """Look for DDE/command, outward-reaching and file-hyperlink formulas in ``text``."""
    m = _HYPERLINK_FILE.search(text)
    if m:
        state.add(
            "hyperlink-to-file", sheet=sheet, cell=cell, target=_short(m.group(1) + m.group(2))
        )
    bare = _QUOTED_NAME.sub("''", _STRING_LITERAL.sub('""', text))
    if "|" in bare or _DDE_FUNC.search(bare):
        state.add("dde-formula", sheet=sheet, cell=cell, formula=_short("=" + text))
    elif _OUTWARD_FUNC.search(bare):
        state.add("webservice-formula", sheet=sheet, cell=cell, formula=_short("=" + text))


def _new_parser(part: str) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True

    def refuse_dtd(*_args: Any) -> None:
        raise _DoctypeError(part)

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.ExternalEntityRefHandler = refuse_dtd
    return parser


class _DoctypeError(Exception):
    """Internal: a DOCTYPE or entity declaration was met."""


def _local(name: str) -> str:
    """Local name of an expat element/attribute name with ``namespace_separator=" "``."""
    return name.rsplit(" ", 1)[-1]


def _stream(
    pkg: Package,
    name: str,
    state: _State,
    setup: Callable[[expat.XMLParserType], None] | None = None,
    on_chunk: Callable[[bytes, bool], None] | None = None,
    keep: bool = True,
) -> bool:
    """Stream one XML part through expat with bounded reads and time; False when refused.

    ``on_chunk(chunk, last)`` sees every chunk after expat has accepted it (used to scan sheets
    with regular expressions, much faster than a Python callback per element). With ``keep``
    the inflated, CRC-checked bytes are handed to the package for the reader (inflated once)."""
    info = pkg.infos[name]
    parser = _new_parser(name)
    if setup is not None:
        setup(parser)
    limits = state.limits
    kept: list[bytes] | None = [] if keep and info.file_size <= limits.cache_bytes else None
    try:
        with pkg.zip.open(info) as fh:
            for chunk in _chunks(fh, state):
                if kept is not None:
                    kept.append(chunk)
                parser.Parse(chunk, False)
                if on_chunk is not None:
                    on_chunk(chunk, False)
            parser.Parse(b"", True)
            if on_chunk is not None:
                on_chunk(b"", True)
    except _DoctypeError:
        state.add("xml-entity-declaration", part=name)
        return False
    except _PartTooLargeError:
        state.add(
            "zip-bomb", part=name, **reason("reason_part_over_bytes", limit=limits.max_part_bytes)
        )
        return False
    except _StopError:
        return False
    except expat.ExpatError as exc:
        where = word("reason_xml_error", "lo", line=exc.lineno, column=exc.offset)
        state.add("xml-malformed", part=name, reason=_short(str(exc), 80), reason_lo=where)
        return False
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        state.unreadable("workbook-truncated", **_damaged(name, exc))
        return False
    if kept is not None:
        pkg.keep_inflated(name, b"".join(kept))
    return True


def _chunks(fh: IO[bytes], state: _State, read: int = 0) -> Iterator[bytes]:
    """The rest of an inflating part in chunks of ``limits.chunk_bytes``, the inspection's
    clock ticking at each; :class:`_PartTooLargeError` once more than ``limits.max_part_bytes``
    have come out (``read``: bytes already read from it)."""
    limits = state.limits
    while True:
        state.tick()
        chunk = fh.read(limits.chunk_bytes)
        if not chunk:
            return
        read += len(chunk)
        if read > limits.max_part_bytes:
            raise _PartTooLargeError
        yield chunk


def _sniff_binary(pkg: Package, name: str, state: _State) -> bool:
    """A part that is not XML: an OLE file holding a VBA project is a macro whatever its name
    (``xl/media/image1.png``); an XML macro sheet under another name is one too. Bounded like
    :func:`_stream`; False when refused.

    The part is inflated to its end (in chunks, nothing kept), so its CRC is checked as every
    XML part's is: a damaged picture makes the file ``workbook-truncated`` here, whichever
    reader would have come to it later (the review's signature check reads parts lazily from
    the inspected package)."""
    info = pkg.infos[name]
    limits = state.limits
    try:
        with pkg.zip.open(info) as fh:
            head = fh.read(limits.chunk_bytes)
            rest = _chunks(fh, state, len(head))
            if head[:8] == OLE_MAGIC:
                tail, found = head, is_macro_bytes(head)
                if not found:
                    for chunk in rest:
                        found = is_macro_bytes(head, tail[-len(VBA_STREAM) :] + chunk)
                        if found:
                            break
                        tail = chunk
                if found:
                    state.macro(name)
                elif not name.lower().startswith(("xl/embeddings/", "xl/activex/")):
                    state.add("embedded-object-present", part=name)
            elif is_macro_bytes(head):
                state.macro(name)
            for _chunk in rest:  # to the end: zipfile checks the CRC when the last byte is read
                pass
    except _PartTooLargeError:
        state.add(
            "zip-bomb", part=name, **reason("reason_part_over_bytes", limit=limits.max_part_bytes)
        )
        return False
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        state.unreadable("workbook-truncated", **_damaged(name, exc))
        return False
    return True


# --- content types, relationships, the workbook map ------------------------------------------


def _collect(tag: str, out: list[dict[str, str]]) -> Callable[[expat.XMLParserType], None]:
    """An expat setup that appends the attributes of every ``tag`` element to ``out``."""

    def setup(p: expat.XMLParserType) -> None:
        def start(name: str, attrs: dict[str, str]) -> None:
            if _local(name) == tag:
                out.append({_local(k): v for k, v in attrs.items()})

        p.StartElementHandler = start

    return setup


@dataclass
class _Map:
    """What the package declares: content types, every relationship, the workbook part."""

    defaults: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)
    rels: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # source part -> rels

    def content_type(self, part: str) -> str:
        ctype = self.overrides.get(part.lower())
        if ctype is None:
            ctype = self.defaults.get(part.rsplit(".", 1)[-1].lower(), "")
        return ctype.lower()


def _read_map(pkg: Package, state: _State) -> _Map | None:
    out = _Map()
    ct_name = pkg.find("[Content_Types].xml")
    if ct_name is None:
        state.unreadable(
            "workbook-missing-part", **reason("reason_part_missing", part="[Content_Types].xml")
        )
        return None
    entries: list[dict[str, str]] = []
    collected: list[dict[str, str]] = []

    def setup(p: expat.XMLParserType) -> None:
        def start(name: str, attrs: dict[str, str]) -> None:
            if _local(name) in ("Default", "Override"):
                local = {_local(k): v for k, v in attrs.items()}
                local["_kind"] = _local(name)
                collected.append(local)

        p.StartElementHandler = start

    if not _stream(pkg, ct_name, state, setup):
        return None
    entries = collected
    for e in entries:
        if e["_kind"] == "Default":
            out.defaults[e.get("Extension", "").lower()] = e.get("ContentType", "")
        else:
            out.overrides[e.get("PartName", "").lstrip("/").lower()] = e.get("ContentType", "")
    for name in pkg.names():
        if not name.lower().endswith(".rels"):
            continue
        rels: list[dict[str, str]] = []
        if not _stream(pkg, name, state, _collect("Relationship", rels)):
            return None
        twice = repeated_id([r.get("Id", "") for r in rels])
        if twice is not None:  # the last wins in one reader, the first in another
            state.add(
                "xml-malformed", part=name, **reason("reason_duplicate_rel_id", id=_short(twice))
            )
            return None
        out.rels[rels_owner(name)] = rels
    return out


def _workbook_part(pkg: Package, cmap: _Map) -> str:
    """The officeDocument part named by ``_rels/.rels`` (``xl/workbook.xml`` by default)."""
    for r in cmap.rels.get("", []):
        if r.get("Type", "").endswith("/officeDocument") and r.get("TargetMode") != "External":
            return resolve_target("", r.get("Target", ""))
    return "xl/workbook.xml"


def _workbook_map(
    pkg: Package, wb_part: str, cmap: _Map, state: _State
) -> dict[str, _SheetInfo] | None:
    """Worksheet part name (lower case) -> sheet name and visibility; None when refused. Sheets
    sharing one part are refused; defined names are scanned like formulas (DDE, WEBSERVICE)."""
    sheets: list[tuple[str, str, str]] = []  # (name, state, rid)
    names: list[list[str]] = []  # [name, text]
    current: dict[str, Any] = {"name": None}

    def setup(p: expat.XMLParserType) -> None:
        def start(name: str, attrs: dict[str, str]) -> None:
            tag = _local(name)
            if tag == "sheet":
                local = {_local(k): v for k, v in attrs.items()}
                sheets.append(
                    (local.get("name", "?"), local.get("state", "visible"), local.get("id", ""))
                )
            elif tag == "definedName":
                local = {_local(k): v for k, v in attrs.items()}
                names.append([local.get("name", "?"), ""])
                current["name"] = names[-1]

        def end(name: str) -> None:
            if _local(name) == "definedName":
                current["name"] = None

        def text(data: str) -> None:
            entry = current["name"]
            if entry is not None and len(entry[1]) <= state.limits.max_formula_chars:
                entry[1] += data

        p.StartElementHandler = start
        p.EndElementHandler = end
        p.CharacterDataHandler = text

    if not _stream(pkg, pkg.find(wb_part) or wb_part, state, setup):
        return None
    limits = state.limits
    for name, text in names:
        if len(text) > limits.max_formula_chars:
            state.add(
                "formula-too-long", cell=name, length=len(text), limit=limits.max_formula_chars
            )
            return None
        _scan_formula(state, text, None, name)
    by_id = {
        r.get("Id"): resolve_target(wb_part, r.get("Target", ""))
        for r in cmap.rels.get(wb_part, [])
        if r.get("TargetMode") != "External"
    }
    out: dict[str, _SheetInfo] = {}
    users: dict[str, list[str]] = {}
    for name, st, rid in sheets:
        target = by_id.get(rid)
        if target:
            users.setdefault(target.lower(), []).append(name)
            out[target.lower()] = _SheetInfo(name, st)
    for part, who in users.items():
        if len(who) > 1:
            shown = ", ".join(f"'{w}'" for w in who[:5]) + (" ..." if len(who) > 5 else "")
            state.add("sheet-part-shared", part=part, sheets=shown)
            return None
    return out


def _scan_relationships(cmap: _Map, state: _State) -> None:
    """Macros, embedded objects and connections by relationship type; external targets of
    every kind (UNC, ``file://``, http) in every relationship part."""
    for source, rels in cmap.rels.items():
        in_external_link = source.lower().startswith("xl/externallinks/")
        for r in rels:
            kind = rel_kind(r.get("Type", ""))
            target = r.get("Target", "")
            external = r.get("TargetMode") == "External"
            if kind in MACRO_REL_KINDS:
                state.macro(target if external else resolve_target(source, target))
            elif kind in EMBED_REL_KINDS and not external:
                state.add("embedded-object-present", part=resolve_target(source, target))
            elif kind == "connections":
                state.add("data-connection-present", part=resolve_target(source, target))
            if not external or in_external_link or kind in EXTERNAL_LINK_PATH_KINDS:
                continue
            if kind == "hyperlink":
                if targets_file(target):
                    state.add("hyperlink-to-file", target=_short(target))
            else:
                state.add(
                    "external-relationship", part=source or "(package)", target=_short(target)
                )


def _scan_content_types(pkg: Package, cmap: _Map, state: _State) -> None:
    """Macros, embedded objects and connections by content type and by name."""
    for name in pkg.names():
        low = name.lower()
        ctype = cmap.content_type(name)
        if ctype in MACRO_CONTENT_TYPES or is_macro_name(name):
            state.macro(name)
        elif (
            ctype in EMBED_CONTENT_TYPES or low.startswith(("xl/activex/", "xl/embeddings/"))
        ) and (not low.endswith(".rels")):
            state.add("embedded-object-present", part=name)
        elif ctype == _CONNECTIONS_TYPE or low == "xl/connections.xml":
            state.add("data-connection-present", part=name)


# --- worksheets ------------------------------------------------------------------------------


_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
_ROW_RE = re.compile(rb"<" + _NS + rb'row\b[^>]*?\sr="(\d+)"')
_WIDE_CELL_RE = re.compile(rb"<" + _NS + rb'c\b[^>]*?\sr="\$?([A-Za-z]{3,5})\$?\d+"')
_DIM_RE = re.compile(rb"<" + _NS + rb'dimension\b[^>]*?\sref="([^"]*)"')
_F_RE = re.compile(rb"<" + _NS + rb"f\b[^>]*?(?:/>|>([^<]*)</" + _NS + rb"f\s*>)")
_CELL_START = re.compile(rb"<" + _NS + rb"c[\s>/]")
_CELL_REF = re.compile(rb'\sr="([A-Za-z]{1,5}\d+)"')
_DATA_RE = re.compile(rb"<" + _NS + rb"(?:v|is)[\s>]")
_LOOK_BACK = 4096
# The same patterns without the optional namespace prefix, for a segment in which no tag has
# one (no ``<p:`` or ``</p:`` anywhere, so every ``_NS`` above could only match empty): they
# find exactly the same matches, several times faster (a literal start the engine can search).
_PREFIXED_TAG = re.compile(rb"</?[A-Za-z_][\w.-]*:")
_ROW_RE_PLAIN = re.compile(rb'<row\b[^>]*?\sr="(\d+)"')
_WIDE_CELL_RE_PLAIN = re.compile(rb'<c\b[^>]*?\sr="\$?([A-Za-z]{3,5})\$?\d+"')
_WIDE_HINT = re.compile(rb'r="\$?[A-Za-z]{3}')  # in every wide-cell match: absent, none
_F_RE_PLAIN = re.compile(rb"<f\b[^>]*?(?:/>|>([^<]*)</f\s*>)")
_DATA_RE_PLAIN = re.compile(rb"<(?:v|is)[\s>]")


def _unescape(raw: bytes) -> str:
    """Formula text of the byte-level scan, references resolved (:func:`xml_unescape`); the
    bytes of a part expat refused further on may hold anything, so nothing here raises."""
    return xml_unescape(raw.decode("utf-8", "replace"))


def _formula_text(state: _State, raw: bytes, sheet_name: str, cell: str | None) -> str:
    """The text of a formula as written in the part (entities resolved); a formula longer than
    the limit is ``formula-too-long`` and stops the scan of its sheet."""
    text = _unescape(raw)
    limit = state.limits.max_formula_chars
    if len(text) > limit:
        state.add("formula-too-long", sheet=sheet_name, cell=cell, length=len(text), limit=limit)
        raise _StopError
    return text


_NOT_CELL_START_PLAIN = re.compile(
    rb"<c(?=[^\s>/])"
)  # <col, <cfRule, ... (a lookahead: "<c<c" is two)
_COLONS_LOOKED_AT = 64


def _count_cells_plain(seg: bytes) -> int:
    """How many ``<c`` followed by whitespace, ``>`` or ``/`` (cell start tags without a
    prefix) ``seg`` holds: every ``<c`` less those followed by another character (``<col``)
    or by nothing (at the end), faster than matching each cell."""
    return seg.count(b"<c") - len(_NOT_CELL_START_PLAIN.findall(seg)) - seg.endswith(b"<c")


def _has_prefixed_tag(seg: bytes) -> bool:
    """Whether ``seg`` holds a tag with a namespace prefix (``<x:c``, ``</x:row``):
    ``_PREFIXED_TAG.search(seg) is not None``, looking only at the few colons a worksheet has
    (in its namespace declarations) instead of at every tag."""
    colons = seg.count(b":")
    if not colons:
        return False
    if colons > _COLONS_LOOKED_AT:
        return _PREFIXED_TAG.search(seg) is not None
    at = seg.find(b":")
    while at >= 0:
        lt = seg.rfind(b"<", 0, at)
        if lt >= 0 and _PREFIXED_TAG.match(seg, lt) is not None:
            return True
        at = seg.find(b":", at + 1)
    return False


def _scan_sheet(pkg: Package, part: str, sheet: _SheetInfo | None, state: _State) -> bool:
    """Stream a worksheet: expat checks well-formedness and DTDs (no Python callbacks); regular
    expressions over the same chunks find dimensions, far rows/columns, formulas and data."""
    limits = state.limits
    sheet_name = sheet.name if sheet else None
    hidden = (
        sheet is not None
        and sheet.state in ("hidden", "veryHidden")
        and not sheet.name.startswith(limits.trusted_hidden_prefixes)
    )
    ctx: dict[str, Any] = {"cells": 0, "data": 0, "dim_done": False}
    max_row_digits = len(str(limits.max_rows))

    def absurd(what: str, value: Any, limit: Any) -> None:
        """``sheet-dimension-absurd``: ``what`` is the word naming what is too far or too
        many (``dim_*``); ``limit`` a number or the fields ``limit`` and ``limit_lo``."""
        state.add(
            "sheet-dimension-absurd",
            sheet=sheet_name,
            part=part,
            value=value,
            **field_words("what", what),
            **(limit if isinstance(limit, dict) else {"limit": limit}),
        )
        raise _StopError

    def scan(seg: bytes) -> None:
        if b"<![CDATA[" in seg:  # would hide formula text from the scan; Excel never writes it
            state.add("xml-malformed", part=part, **reason("reason_cdata"))
            raise _StopError
        if not ctx["dim_done"]:
            m = _DIM_RE.search(seg) if b"dimension" in seg else None
            if m:
                ctx["dim_done"] = True
                ref = m.group(1).decode("ascii", "replace")
                for corner in ref.split(":"):
                    pos = _col_row(corner)
                    if pos and (pos[1] > limits.max_rows or pos[0] > limits.max_cols):
                        size = {"rows": limits.max_rows, "cols": limits.max_cols}
                        absurd("dim_dimension", ref, field_words("limit", "dim_size", **size))
        plain = not _has_prefixed_tag(seg)
        rows = (_ROW_RE_PLAIN if plain else _ROW_RE).findall(seg)
        if rows:
            top = max(rows, key=lambda b: (len(b), b))
            if len(top) >= max_row_digits and int(top) > limits.max_rows:
                absurd("dim_row", int(top), limits.max_rows)
        if _WIDE_HINT.search(seg) is not None:
            for letters in (_WIDE_CELL_RE_PLAIN if plain else _WIDE_CELL_RE).findall(seg):
                pos = _col_row(letters.decode("ascii") + "1")
                if pos and pos[0] > limits.max_cols:
                    absurd("dim_column", letters.decode("ascii"), limits.max_cols)
        ctx["cells"] += _count_cells_plain(seg) if plain else len(_CELL_START.findall(seg))
        if ctx["cells"] > limits.max_cells:
            absurd("dim_cells", limits.max_cells, limits.max_cells)
        if hidden:
            ctx["data"] += len((_DATA_RE_PLAIN if plain else _DATA_RE).findall(seg))
        for m in (_F_RE_PLAIN if plain else _F_RE).finditer(seg):
            raw = m.group(1)
            if not raw:
                continue
            # A cell's start tag is close before its formula: a bounded look-back keeps this
            # linear even for a segment packed with formulas outside cells.
            start = seg.rfind(b"<c", max(0, m.start() - _LOOK_BACK), m.start())
            ref = _CELL_REF.search(seg, start, m.start()) if start >= 0 else None
            cell = ref.group(1).decode("ascii") if ref else None
            text = _formula_text(state, raw, sheet_name, cell)
            _scan_formula(state, text, sheet_name, cell)

    chunks: list[bytes] = []

    def collect(chunk: bytes, _last: bool) -> None:
        chunks.append(chunk)

    # One pass of expat (well-formed, no DTD; C speed), then one tokenisation of the same bytes
    # whose tokens the checks below read and the reader turns into cells (issue #12).
    before = len(state.findings)
    ok = _stream(pkg, part, state, _root_check(part, state), collect, keep=False)
    data = b"".join(chunks)
    del chunks[:]
    tokens = None
    scanned = data
    try:
        if ok:
            # The checks below read UTF-8 bytes: a part in another encoding (UTF-16, a
            # declared single-byte one) is checked as the same text in UTF-8, and read by
            # the reader's general path (tokenise() does not read it).
            scanned = _as_utf8(data, part, state)
        odd = _odd_markup(scanned)
        if odd:  # each would hide formula text from the scan; Excel never writes them
            state.add("xml-malformed", part=part, **reason(odd))
            raise _StopError
        if ok and len(data) <= TOKENISE_LIMIT:  # larger: the chunked scan, then chunked tokens
            tokens = tokenise(data, max_tokens=max_tokens(limits))
        if tokens is not None:
            _check_tokens(state, tokens, scan, absurd, sheet_name)
            if hidden:  # the values in sheetData (scan() counted those around it)
                end = len(data) - len(tokens.tail)
                ctx["data"] += len(_DATA_RE_PLAIN.findall(data, len(tokens.head), end))
        else:
            # Not in the tokens' shapes (or not well-formed: what precedes the XML error is
            # still reported first, as when the scan ran chunk by chunk).
            failed = state.findings[before:]
            del state.findings[before:]
            try:
                scan(scanned)
            finally:
                state.findings.extend(failed)
    except _StopError:
        return False
    if not ok:
        return False
    if hidden and ctx["data"]:
        code = "very-hidden-sheet-data" if sheet.state == "veryHidden" else "hidden-sheet-data"
        state.add(code, sheet=sheet_name, cells=ctx["data"])
    if tokens is None and data is scanned and len(data) > TOKENISE_LIMIT:
        # A large part: the checks above ran chunk by chunk; the reader cuts the same
        # (well-formed) bytes into tokens a chunk at a time, without checking them again.
        tokens = tokenise(data, max_tokens=max_tokens(limits), chunked=True)
    if tokens is not None:
        pkg.keep_tokens(part, tokens)
    pkg.keep_inflated(part, data)  # the reader's exact path, if it needs one
    return True


_UTF8_BOM = b"\xef\xbb\xbf"


def _as_utf8(data: bytes, part: str, state: _State) -> bytes:
    """``data`` (a well-formed part) as UTF-8 bytes, for the byte-level checks: UTF-16 (with
    or without a byte-order mark) and declared encodings are decoded as expat decoded them.
    Raises _StopError (with a finding) for an encoding Python cannot decode."""
    if data.startswith(_UTF8_BOM):
        return data
    try:
        name = declared_encoding(data)
        if name in ("utf-8", "utf8", "us-ascii", "ascii"):
            return data
        return data.decode(name).encode("utf-8")
    except (LookupError, UnicodeError):
        state.add("xml-malformed", part=part, **reason("reason_encoding"))
        raise _StopError from None


def _odd_markup(data: bytes) -> str:
    """Why a sheet part's markup could split a formula's text for the byte-level checks
    (``WEB<!-- -->SERVICE(...)`` reads as ``WEBSERVICE(...)``): the catalogue word saying it,
    or ``""``."""
    if b"<![CDATA[" in data:
        return "reason_cdata"
    if b"<!--" in data:
        return "reason_comment"
    start = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    if data.find(b"<?", start + 1) >= 0 or (
        data.startswith(b"<?", start) and not data.startswith(b"<?xml", start)
    ):
        return "reason_processing_instruction"
    return ""


def _check_tokens(
    state: _State,
    tokens: SheetTokens,
    scan: Callable[[bytes], None],
    absurd: Callable[[str, Any, Any], None],
    sheet_name: str | None,
) -> None:
    """The sheet checks of :func:`_scan_sheet` on the tokens of its ``sheetData`` (the part
    around it goes through the regular-expression scan): far rows and columns, the number of
    cells, and every formula (DDE, outward-reaching, file hyperlinks, length)."""
    limits = state.limits
    scan(tokens.head)
    toks = tokens.tokens
    row_tags = list(filter(None, map(itemgetter(8), toks)))
    rows = _ROW_RE_PLAIN.findall(b"".join(row_tags))
    if rows:
        longest = len(max(rows, key=len))
        top = max(r for r in rows if len(r) == longest)  # the largest, as (len, bytes)
        if len(top) >= len(str(limits.max_rows)) and int(top) > limits.max_rows:
            absurd("dim_row", int(top), limits.max_rows)
    if any(len(letters) >= 3 for letters in set(map(itemgetter(0), toks))):
        for tok in toks:
            if len(tok[0]) >= 3:
                pos = _col_row(tok[0].decode("ascii") + "1")
                if pos and pos[0] > limits.max_cols:
                    absurd("dim_column", tok[0].decode("ascii"), limits.max_cols)
    if len(toks) - len(row_tags) > limits.max_cells:
        absurd("dim_cells", limits.max_cells, limits.max_cells)
    for tok in filter(itemgetter(5), toks):
        raw = tok[5]
        cell = (tok[0] + tok[1]).decode("ascii") or None
        _scan_formula(state, _formula_text(state, raw, sheet_name, cell), sheet_name, cell)
    scan(tokens.tail)


def _root_check(part: str, state: _State) -> Callable[[expat.XMLParserType], None]:
    """An expat setup that looks at the root element of a part: an XML macro sheet under any
    name is a macro; an Excel table whose ``ref`` covers more than ``max_table_cells`` (or goes
    beyond the sheet) is refused before any reader turns it into rows."""

    def setup(p: expat.XMLParserType) -> None:
        def start(name: str, attrs: dict[str, str]) -> None:
            p.StartElementHandler = None  # the root element only
            tag = _local(name)
            if tag in ("macrosheet", "dialogsheet"):
                state.macro(part)
            elif tag == "table":
                local = {_local(k): v for k, v in attrs.items()}
                _check_table(
                    state,
                    part,
                    local.get("displayName") or local.get("name") or "?",
                    local.get("ref", ""),
                )

        p.StartElementHandler = start

    return setup


def _check_table(state: _State, part: str, table: str, ref: str) -> None:
    limits = state.limits
    corners = [_col_row(c) for c in ref.replace("$", "").split(":")]
    if not ref or any(c is None for c in corners) or len(corners) > 2:
        state.add(
            "table-range-absurd",
            part=part,
            table=table,
            ref=_short(ref or "''", 40),
            cells="?",
            limit=limits.max_table_cells,
        )
        raise _StopError
    (c1, r1), (c2, r2) = corners[0], corners[-1]  # type: ignore[misc]
    cells = (abs(c2 - c1) + 1) * (abs(r2 - r1) + 1)
    if (
        cells > limits.max_table_cells
        or max(c1, c2) > EXCEL_MAX_COLS
        or max(r1, r2) > EXCEL_MAX_ROWS
    ):
        state.add(
            "table-range-absurd",
            part=part,
            table=table,
            ref=ref,
            cells=cells,
            limit=limits.max_table_cells,
        )
        raise _StopError


def _scan_external_link(pkg: Package, part: str, cmap: _Map, state: _State) -> bool:
    """An ``xl/externalLinks/*.xml`` part: an external workbook reference or a DDE link."""
    found: dict[str, Any] = {"dde": None}

    def setup(p: expat.XMLParserType) -> None:
        def start(name: str, attrs: dict[str, str]) -> None:
            if _local(name) == "ddeLink":
                local = {_local(k): v for k, v in attrs.items()}
                found["dde"] = f"{local.get('ddeService', '?')}|{local.get('ddeTopic', '?')}"

        p.StartElementHandler = start

    if not _stream(pkg, part, state, setup):
        return False
    if found["dde"]:
        state.add("dde-formula", formula=_short(found["dde"]))
        return False
    targets = [r.get("Target", "") for r in cmap.rels.get(part, [])] or [part]
    state.add("external-link-present", target=_short(", ".join(targets), 120))
    return True


# --- the entry points ------------------------------------------------------------------------


def inspect_package(path: str | Path, limits: Limits | None = None) -> list[Finding]:
    """Inspect an untrusted .xlsx/.xlsm package without reading it with a workbook library.

    Parameters
    ----------
    path : str or Path
        The returned file.
    limits : Limits, optional
        Bounds on size, ratio, parts, sheet and table dimensions, formula length and time, and
        the macro policy.

    Returns
    -------
    list of Finding
        Security findings (and ``workbook-*`` findings for a file that is no workbook); any
        with ``refuses`` true means the file must not be read (see :func:`is_refused`). An
        empty list means nothing suspicious was found.

    Notes
    -----
    Never raises for a bad file. Time and memory are bounded by ``limits``: the file must be a
    regular file (stat before open, non-blocking open), the zip directory is checked before any
    part is decompressed, parts are streamed in ``chunk_bytes`` pieces, the byte count of each
    is capped at ``max_part_bytes`` and the whole inspection at ``max_seconds``. The findings
    are those of :func:`open_untrusted` (every sheet is read once after the package checks), so
    ``xladdin inspect`` reports what any other command would.
    """
    return open_untrusted(path, limits, purpose="inspect")[1]


def inspect_untrusted(
    path: str | Path, limits: Limits | None = None
) -> tuple[list[Finding], Package | None]:
    """:func:`inspect_package`, also returning the opened :class:`Package` (None when the file
    is no zip package) whose inflated parts the reader then uses without inflating them again."""
    limits = limits or Limits()
    state = _State(limits, file=Path(path).name, deadline=time.monotonic() + limits.max_seconds)
    pkg: Package | None = None
    try:
        pkg = _inspect(Path(path), state)
    except _TimeoutError:
        state.add("inspection-time-exceeded", limit=f"{limits.max_seconds:g}")
    except Exception as exc:  # a bug or an unforeseen file: refuse, never crash
        state.unreadable(
            "workbook-unreadable",
            **reason("reason_not_inspected", error=f"{type(exc).__name__}: {_short(str(exc), 80)}"),
        )
    return state.findings, pkg


def _damaged(part: str, exc: BaseException) -> dict[str, str]:
    """The reason a part (or, ``part`` "", the zip directory) cannot be inflated: the
    library's own words in English (a CRC, a truncated stream), the part named in Lao."""
    detail = _short(str(exc) or type(exc).__name__, 80)
    if not part:
        return {"reason": detail, "reason_lo": word("reason_zip_truncated", "lo")}
    return {
        "reason": f"{part}: {detail}",
        "reason_lo": word("reason_part_damaged", "lo", part=part),
    }


def _error(state: _State, exc: WorkbookError) -> None:
    code = getattr(exc, "finding_code", None) or "workbook-unreadable"
    fields = dict(getattr(exc, "finding_fields", {}) or {})
    # the reason in both languages when the error carries it (a catalogue word), else its text
    said = {k: fields[k] for k in ("reason", "reason_lo") if k in fields}
    why = said or {"reason": _short(str(exc).split(": ", 1)[-1], 100)}
    if code == "package-too-large":
        state.add(code, size=fields.get("size", "?"), limit=fields.get("limit", "?"))
    else:
        state.unreadable(code, **why)  # (package-missing and workbook-*: names the file)


def _not_a_zip(magic: bytes) -> str:
    """Why a file that does not start like a zip is no workbook, in a user's words: the key of
    its sentence in the message catalogue (``unzip_*``)."""
    if not magic:
        return "unzip_empty"
    if magic.startswith(b"PK\x05\x06"):
        return "unzip_empty_archive"
    try:
        magic.decode("utf-8")
    except UnicodeDecodeError:
        return "unzip_binary"
    return "unzip_text"


def _inspect(path: Path, state: _State) -> Package | None:
    limits = state.limits
    try:
        data = read_regular_file(path, limits)
    except WorkbookError as exc:
        _error(state, exc)
        return None
    magic = data[:8]
    if magic == OLE_MAGIC:
        if is_encrypted_ole(data):
            state.unreadable("workbook-encrypted")
        else:
            state.unreadable("workbook-legacy-xls")
        return None
    if not magic.startswith(ZIP_MAGIC):
        why = _not_a_zip(magic)
        state.unreadable("workbook-unreadable", reason=word(why, "en"), reason_lo=word(why, "lo"))
        return None
    declared = too_many_entries(data, limits.max_parts)
    if declared is not None:
        # Refused before zipfile builds one ZipInfo per entry of a huge central directory.
        state.add("zip-too-many-parts", count=declared, limit=limits.max_parts)
        return None
    try:
        pkg = Package(data, limits=limits, name=str(path))
    except WorkbookError as exc:
        _error(state, exc)
        return None
    except Exception as exc:  # zipfile's own errors on a damaged directory
        state.unreadable("workbook-truncated", **_damaged("", exc))
        return None
    _inspect_zip(pkg, state)
    return pkg


def _inspect_zip(pkg: Package, state: _State) -> None:
    limits = state.limits
    infos = pkg.zip.infolist()
    if len(infos) > limits.max_parts:
        state.add("zip-too-many-parts", count=len(infos), limit=limits.max_parts)
        return
    if any(i.flag_bits & 0x1 for i in infos):
        state.unreadable("workbook-encrypted")
        return
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.max_part_bytes:
            state.add(
                "zip-bomb",
                part=_short(info.filename, 80),
                **reason("reason_part_size", size=info.file_size, limit=limits.max_part_bytes),
            )
        elif info.file_size >= limits.ratio_min_bytes:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                state.add(
                    "zip-bomb",
                    part=_short(info.filename, 80),
                    **reason(
                        "reason_ratio", ratio=f"{ratio:,.0f}", limit=f"{limits.max_ratio:,.0f}"
                    ),
                )
    if total > limits.max_total_bytes:
        state.add(
            "zip-bomb",
            **field_words("part", "all_parts"),
            **reason("reason_total_bytes", total=total, limit=limits.max_total_bytes),
        )
    for name, why in pkg.unsafe:
        state.add("zip-entry-name-unsafe", name=_short(repr(name)[1:-1], 80), **reason(why))
    for name in pkg.duplicates:
        state.add("zip-entry-duplicate", name=_short(name, 80))
    if state.refused:
        return

    cmap = _read_map(pkg, state)
    if cmap is None or state.refused:
        return
    wb_part = _workbook_part(pkg, cmap)
    found = pkg.find(wb_part)
    if found is None:
        state.unreadable("workbook-missing-part", **reason("reason_part_missing", part=wb_part))
        return
    wb_part = found

    _scan_content_types(pkg, cmap, state)
    _scan_relationships(cmap, state)
    if state.refused:
        return

    sheets = _workbook_map(pkg, wb_part, cmap, state)
    if sheets is None:
        return
    done = {"[content_types].xml", wb_part.lower()}
    for name in pkg.names():
        state.tick()
        low = name.lower()
        if low in done or low.endswith(".rels"):
            continue
        ctype = cmap.content_type(name)
        is_xml = low.endswith(_XML_SUFFIXES) or (
            ctype.endswith(("+xml", "/xml")) and ctype != "image/svg+xml"
        )
        if not is_xml:
            ok = _sniff_binary(pkg, name, state)
        elif low in sheets or low.startswith("xl/worksheets/") or "worksheet" in ctype:
            ok = _scan_sheet(pkg, name, sheets.get(low), state)
        elif low.startswith("xl/externallinks/"):
            ok = _scan_external_link(pkg, name, cmap, state)
        else:
            ok = _stream(pkg, name, state, _root_check(name, state))
        if not ok and state.refused:
            return


def open_untrusted(
    path: str | Path, limits: Limits | None = None, purpose: str = "review"
) -> tuple[Any, list[Finding]]:
    """Inspect ``path`` and, when nothing refuses it, open it with the headless reader over the
    same inflated bytes and read every sheet once.

    Parameters
    ----------
    path : str or Path
        The workbook file.
    limits : Limits, optional
        The one set of bounds (default ``Limits()``); ``limits.macros`` is the macro policy.
    purpose : str
        One of :data:`PURPOSES`. ``"compile"`` (the user's own workbook) keeps only refusing
        findings and never reports macros; the limits apply all the same.

    Returns
    -------
    (view or None, findings)
        ``view`` is a :class:`~xladdin.workbook.xlsx_reader.XlsxView`, or None when the file was
        refused or could not be read (then a refusing finding explains why). Never raises for
        a bad file.
    """
    from xladdin.workbook.xlsx_reader import XlsxView, error_finding

    limits = limits or Limits()
    if purpose == "compile" and limits.macros != "ignore":
        from dataclasses import replace

        limits = replace(limits, macros="ignore")
    findings, pkg = inspect_untrusted(path, limits)
    if purpose == "compile":
        findings = [f for f in findings if f.refuses and f.code not in MACRO_CODES]
    else:
        findings = [f for f in findings if limits.macros != "ignore" or f.code not in MACRO_CODES]
    if is_refused(findings) or pkg is None:
        return None, findings
    try:
        view = XlsxView(pkg, limits=limits)
        view.preload()
    except WorkbookError as exc:
        findings.append(error_finding(exc, str(path)))
        return None, findings
    except (MemoryError, RecursionError) as exc:  # never a traceback for one file
        findings.append(
            finding("workbook-refused", file=Path(path).name, reason=type(exc).__name__)
        )
        return None, findings
    return view, findings


def open_checked(path: str | Path, limits: Limits | None = None, purpose: str = "prepare") -> Any:
    """:func:`open_untrusted` for callers that raise: the view, or a
    :class:`~xladdin.errors.RefusedWorkbookError` whose message starts with the finding code
    and whose ``findings`` attribute holds every finding (``finding_code`` the first refusing
    one), so a command prints the code and exits 2."""
    from xladdin.errors import RefusedWorkbookError

    view, findings = open_untrusted(path, limits, purpose)
    if view is None:
        first = next((f for f in findings if f.refuses), None)
        code = first.code if first else "workbook-unreadable"
        text = first.message_en if first else "the file could not be read"
        fields = dict(first.details, sheet=first.sheet, cell=first.cell) if first else {}
        exc = with_finding(RefusedWorkbookError(f"{code}: {text}"), code, **fields)
        exc.findings = findings  # type: ignore[attr-defined]
        raise exc
    return view
