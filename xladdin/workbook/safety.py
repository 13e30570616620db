"""Inspect an untrusted workbook package *before* any reader touches it.

A returned file is untrusted (DESIGN.md §6). :func:`inspect_package` looks at the zip package with
the standard library only, streaming every part through a bounded reader and the expat parser, and
returns :class:`~xladdin.findings.Finding` objects of category ``security`` and, for a file that
is not a readable workbook at all, the reader's own ``workbook-*`` codes (``workbook-unreadable``,
``-truncated``, ``-encrypted``, ``-legacy-xls``, ``-missing-part``: one code per condition, whoever
detects it). It never raises for a bad file and never evaluates anything: formulas are scanned as
text, macros are never run.

Checks, in order (a refusing finding stops the later, more expensive checks):

1. the path: missing, not a file, larger than ``Limits.max_file_bytes``;
2. the magic bytes: OLE compound file (encrypted OOXML, or a legacy ``.xls``), not a zip;
3. the zip directory: damaged/truncated, encrypted entries, too many parts, declared sizes
   beyond the total or per-part limits, compression ratio beyond ``Limits.max_ratio``
   (the classic zip bomb), no workbook part;
4. part names: VBA projects and Excel 4 macro sheets, embedded OLE objects / ActiveX controls,
   external links, data connections;
5. every XML part streamed through expat in chunks, with the byte count bounded: any DOCTYPE or
   entity declaration is refused (billion laughs, XXE); worksheets are checked for absurd
   dimensions or cells beyond the row/column limits, DDE / command formulas
   (``=cmd|'/c calc'!A1``), outward-reaching functions (``WEBSERVICE``, ``RTD``, ``CALL``...),
   ``HYPERLINK`` to ``file://`` or UNC paths; hidden and very hidden sheets that hold data.

:func:`open_untrusted` runs the inspection and, when nothing refuses the file, opens it with the
headless reader (:func:`xladdin.workbook.xlsx_reader.open_xlsx`).
"""

from __future__ import annotations

import posixpath
import re
import stat
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from xladdin.findings import Finding, finding

__all__ = ["Limits", "inspect_package", "is_refused", "open_untrusted"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_MAX_FORMULA_CHARS = 8192  # Excel's own limit; longer text is truncated while scanning
_MAX_PER_CODE = 20  # findings of one code per file; the rest are counted in the last one


@dataclass(frozen=True)
class Limits:
    """Bounds applied to an untrusted package. Defaults are generous for GDP workbooks.

    Parameters
    ----------
    max_file_bytes : int
        Size of the file on disk.
    max_parts : int
        Number of entries in the zip directory.
    max_total_bytes, max_part_bytes : int
        Uncompressed size of all parts together and of any one part (declared and actually read).
    max_ratio : float
        Uncompressed / compressed size of a part, checked for parts of at least
        ``ratio_min_bytes`` uncompressed (small parts compress oddly and are harmless).
    max_rows, max_cols, max_cells : int
        A sheet whose dimension or cells go beyond these is refused; ``max_cells`` counts the
        ``<c>`` elements of one sheet.
    macros : {"warn", "refuse"}
        A file with a VBA project or Excel 4 macro sheet is read with a warning (macros are never
        run) or refused.
    trusted_hidden_prefixes : tuple of str
        Hidden sheets whose names start with one of these (xladdin's own metadata sheet) are not
        reported.
    chunk_bytes : int
        Read size when streaming a part.
    """

    max_file_bytes: int = 100 * 2**20
    max_parts: int = 2_000
    max_total_bytes: int = 256 * 2**20
    max_part_bytes: int = 128 * 2**20
    max_ratio: float = 200.0
    ratio_min_bytes: int = 2**20
    max_rows: int = 100_000
    max_cols: int = 1_000
    max_cells: int = 2_000_000
    macros: str = "warn"
    trusted_hidden_prefixes: tuple[str, ...] = ("_xladdin",)
    chunk_bytes: int = 64 * 2**10


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


@dataclass
class _State:
    """Findings of one inspection, with a cap per code."""

    limits: Limits
    file: str = ""
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

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
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    state: _State,
    setup: Callable[[expat.XMLParserType], None] | None = None,
    on_chunk: Callable[[bytes, bool], None] | None = None,
) -> bool:
    """Stream one XML part through expat with bounded reads; False when the file is refused.

    ``on_chunk(chunk, last)`` sees every chunk after expat has accepted it (used to scan sheets
    with regular expressions, much faster than a Python callback per element)."""
    part = info.filename
    parser = _new_parser(part)
    if setup is not None:
        setup(parser)
    limits = state.limits
    read = 0
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(limits.chunk_bytes)
                if not chunk:
                    break
                read += len(chunk)
                if read > limits.max_part_bytes:
                    raise _PartTooLargeError
                parser.Parse(chunk, False)
                if on_chunk is not None:
                    on_chunk(chunk, False)
            parser.Parse(b"", True)
            if on_chunk is not None:
                on_chunk(b"", True)
    except _DoctypeError:
        state.add("xml-entity-declaration", part=part)
        return False
    except _PartTooLargeError:
        state.add("zip-bomb", part=part, reason=f"more than {limits.max_part_bytes} bytes")
        return False
    except _StopError:
        return False
    except expat.ExpatError as exc:
        state.add("xml-malformed", part=part, reason=_short(str(exc), 80))
        return False
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        state.unreadable(
            "workbook-truncated", reason=f"{part}: {_short(str(exc) or type(exc).__name__, 80)}"
        )
        return False
    return True


# --- the workbook map (sheet names, states, parts) -------------------------------------------


def _resolve(base_part: str, target: str) -> str:
    """Resolve a relationship target against the part that owns the .rels file."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def _rels_for(part: str) -> str:
    d, name = posixpath.split(part)
    return posixpath.join(d, "_rels", name + ".rels")


def _read_rels(
    zf: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], owner: str, state: _State
) -> list[dict[str, str]] | None:
    """Relationships of ``owner`` (Id, Type, Target, TargetMode); None when refused."""
    info = names.get(_rels_for(owner).lower())
    if info is None:
        return []
    rels: list[dict[str, str]] = []

    def setup(p: expat.XMLParserType) -> None:
        def start(name: str, attrs: dict[str, str]) -> None:
            if _local(name) == "Relationship":
                rels.append({_local(k): v for k, v in attrs.items()})

        p.StartElementHandler = start

    return rels if _stream(zf, info, state, setup) else None


def _workbook_map(
    zf: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], wb_part: str, state: _State
) -> dict[str, _SheetInfo] | None:
    """Worksheet part name (lower case) -> sheet name and visibility; None when refused."""
    info = names.get(wb_part.lower())
    sheets: list[tuple[str, str, str]] = []  # (name, state, rid)

    def setup(p: expat.XMLParserType) -> None:
        def start(name: str, attrs: dict[str, str]) -> None:
            if _local(name) == "sheet":
                local = {_local(k): v for k, v in attrs.items()}
                sheets.append(
                    (local.get("name", "?"), local.get("state", "visible"), local.get("id", ""))
                )

        p.StartElementHandler = start

    if info is None or not _stream(zf, info, state, setup):
        return None
    rels = _read_rels(zf, names, wb_part, state)
    if rels is None:
        return None
    by_id = {r.get("Id"): _resolve(wb_part, r.get("Target", "")) for r in rels}
    out: dict[str, _SheetInfo] = {}
    for name, st, rid in sheets:
        target = by_id.get(rid)
        if target:
            out[target.lower()] = _SheetInfo(name, st)
    return out


def _workbook_part(zf: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], state: _State) -> str:
    """The officeDocument part named by ``_rels/.rels`` (``xl/workbook.xml`` by default)."""
    rels = _read_rels(zf, names, "", state) if "_rels/.rels" in names else []
    for r in rels or []:
        if r.get("Type", "").endswith("/officeDocument"):
            return _resolve("", r.get("Target", ""))
    return "xl/workbook.xml"


# --- worksheets ------------------------------------------------------------------------------


_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
_ROW_RE = re.compile(rb"<" + _NS + rb'row\b[^>]*?\sr="(\d+)"')
_WIDE_CELL_RE = re.compile(rb"<" + _NS + rb'c\b[^>]*?\sr="\$?([A-Za-z]{3,5})\$?\d+"')
_DIM_RE = re.compile(rb"<" + _NS + rb'dimension\b[^>]*?\sref="([^"]*)"')
_F_RE = re.compile(rb"<" + _NS + rb"f\b[^>]*?(?:/>|>([^<]*)</" + _NS + rb"f>)")
_CELL_START = re.compile(rb"<" + _NS + rb"c[\s>/]")
_CELL_REF = re.compile(rb'\sr="([A-Za-z]{1,5}\d+)"')
_DATA_RE = re.compile(rb"<" + _NS + rb"(?:v|is)[\s>]")
_ENTITIES = {b"&lt;": "<", b"&gt;": ">", b"&quot;": '"', b"&apos;": "'", b"&amp;": "&"}
_ENTITY_RE = re.compile(rb"&(?:lt|gt|quot|apos|amp|#\d+|#x[0-9A-Fa-f]+);")


def _unescape(raw: bytes) -> str:
    def repl(m: re.Match[bytes]) -> bytes:
        ent = m.group(0)
        if ent in _ENTITIES:
            return _ENTITIES[ent].encode()
        num = ent[2:-1]
        code = int(num[1:], 16) if num[:1] in (b"x", b"X") else int(num)
        return chr(code).encode("utf-8", "replace") if 0 < code < 0x110000 else b"?"

    return _ENTITY_RE.sub(repl, raw).decode("utf-8", "replace")


def _last_tag_end(buf: bytes) -> int:
    """Index just after the last closing tag (``</x>``) of ``buf``; 0 when there is none."""
    end = len(buf)
    while True:
        i = buf.rfind(b"</", 0, end)
        if i < 0:
            return 0
        j = buf.find(b">", i)
        if j >= 0:
            return j + 1
        end = i  # an incomplete closing tag at the very end: look before it


def _scan_sheet(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: _SheetInfo | None, state: _State
) -> bool:
    """Stream a worksheet: expat checks well-formedness and DTDs (no Python callbacks); regular
    expressions over the same chunks find dimensions, far rows/columns, formulas and data."""
    limits = state.limits
    part = info.filename
    sheet_name = sheet.name if sheet else None
    hidden = (
        sheet is not None
        and sheet.state in ("hidden", "veryHidden")
        and not sheet.name.startswith(limits.trusted_hidden_prefixes)
    )
    ctx: dict[str, Any] = {"carry": b"", "cells": 0, "data": 0, "dim_done": False}
    max_row_digits = len(str(limits.max_rows))

    def absurd(what: str, value: Any, limit: Any) -> None:
        state.add(
            "sheet-dimension-absurd",
            sheet=sheet_name,
            part=part,
            what=what,
            value=value,
            limit=limit,
        )
        raise _StopError

    def scan(seg: bytes) -> None:
        if not ctx["dim_done"]:
            m = _DIM_RE.search(seg)
            if m:
                ctx["dim_done"] = True
                ref = m.group(1).decode("ascii", "replace")
                for corner in ref.split(":"):
                    pos = _col_row(corner)
                    if pos and (pos[1] > limits.max_rows or pos[0] > limits.max_cols):
                        absurd(
                            "dimension", ref, f"{limits.max_rows} rows x {limits.max_cols} columns"
                        )
        rows = _ROW_RE.findall(seg)
        if rows:
            top = max(rows, key=lambda b: (len(b), b))
            if len(top) >= max_row_digits and int(top) > limits.max_rows:
                absurd("row", int(top), limits.max_rows)
        for letters in _WIDE_CELL_RE.findall(seg):
            pos = _col_row(letters.decode("ascii") + "1")
            if pos and pos[0] > limits.max_cols:
                absurd("column", letters.decode("ascii"), limits.max_cols)
        ctx["cells"] += len(_CELL_START.findall(seg))
        if ctx["cells"] > limits.max_cells:
            absurd("more cells than", limits.max_cells, limits.max_cells)
        if hidden:
            ctx["data"] += len(_DATA_RE.findall(seg))
        for m in _F_RE.finditer(seg):
            raw = m.group(1)
            if not raw:
                continue
            text = _unescape(raw[:_MAX_FORMULA_CHARS])
            start = seg.rfind(b"<c", 0, m.start())
            ref = _CELL_REF.search(seg, start, m.start()) if start >= 0 else None
            cell = ref.group(1).decode("ascii") if ref else None
            _scan_formula(state, text, sheet_name, cell)

    def on_chunk(chunk: bytes, last: bool) -> None:
        buf = ctx["carry"] + chunk
        cut = len(buf) if last else _last_tag_end(buf)
        if not last and cut == 0 and len(buf) > max(4 * limits.chunk_bytes, 2**20):
            cut = len(buf)  # no closing tag in a long stretch: scan it as it is
        scan(buf[:cut])
        ctx["carry"] = buf[cut:]

    ok = _stream(zf, info, state, None, on_chunk)
    if ok and hidden and ctx["data"]:
        code = "very-hidden-sheet-data" if sheet.state == "veryHidden" else "hidden-sheet-data"
        state.add(code, sheet=sheet_name, cells=ctx["data"])
    return ok


def _scan_external_link(
    zf: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], info: zipfile.ZipInfo, state: _State
) -> bool:
    """An ``xl/externalLinks/*.xml`` part: an external workbook reference or a DDE link."""
    found: dict[str, Any] = {"dde": None}

    def setup(p: expat.XMLParserType) -> None:
        def start(name: str, attrs: dict[str, str]) -> None:
            if _local(name) == "ddeLink":
                local = {_local(k): v for k, v in attrs.items()}
                found["dde"] = f"{local.get('ddeService', '?')}|{local.get('ddeTopic', '?')}"

        p.StartElementHandler = start

    if not _stream(zf, info, state, setup):
        return False
    if found["dde"]:
        state.add("dde-formula", formula=_short(found["dde"]))
        return False
    rels = _read_rels(zf, names, info.filename, state)
    if rels is None:
        return False
    targets = [r.get("Target", "") for r in rels] or [info.filename]
    state.add("external-link-present", target=_short(", ".join(targets), 120))
    return True


def _scan_rels_external(rels_part: str, rels: list[dict[str, str]], state: _State) -> None:
    for r in rels:
        target = r.get("Target", "")
        if r.get("TargetMode") == "External" and r.get("Type", "").endswith("/hyperlink"):
            low = target.lower()
            if low.startswith(("file:", "\\\\", "smb:")) or re.match(r"^[a-z]:[\\/]", low):
                state.add("hyperlink-to-file", target=_short(target))


# --- the entry points ------------------------------------------------------------------------


def inspect_package(path: str | Path, limits: Limits | None = None) -> list[Finding]:
    """Inspect an untrusted .xlsx/.xlsm package without reading it with a workbook library.

    Parameters
    ----------
    path : str or Path
        The returned file.
    limits : Limits, optional
        Bounds on size, ratio, parts and sheet dimensions, and the macro policy.

    Returns
    -------
    list of Finding
        Security findings (and ``workbook-*`` findings for a file that is no workbook); any
        with ``refuses`` true means the file must not be read (see :func:`is_refused`). An
        empty list means nothing suspicious was found.

    Notes
    -----
    Never raises for a bad file. Time and memory are bounded by ``limits``: the zip directory
    is checked before any part is decompressed, parts are streamed in ``chunk_bytes`` pieces
    and the byte count of each is capped at ``max_part_bytes``.
    """
    state = _State(limits or Limits(), file=Path(path).name)
    try:
        _inspect(Path(path), state)
    except Exception as exc:  # a bug or an unforeseen file: refuse, never crash
        state.unreadable(
            "workbook-unreadable",
            reason=f"could not be inspected ({type(exc).__name__}: {_short(str(exc), 80)})",
        )
    return state.findings


def _inspect(path: Path, state: _State) -> None:
    limits = state.limits
    try:
        st = path.stat()
    except OSError as exc:
        state.add("package-missing", reason=_short(exc.strerror or str(exc), 80))
        return
    if not stat.S_ISREG(st.st_mode):
        state.add("package-missing", reason="not a regular file")
        return
    if st.st_size > limits.max_file_bytes:
        state.add("package-too-large", size=st.st_size, limit=limits.max_file_bytes)
        return
    try:
        with path.open("rb") as fh:
            magic = fh.read(8)
            if magic == OLE_MAGIC:
                _inspect_ole(fh, state)
                return
    except OSError as exc:
        state.add("package-missing", reason=_short(exc.strerror or str(exc), 80))
        return
    if not magic.startswith(ZIP_MAGIC):
        shown = "an empty file" if not magic else repr(magic[:8])
        if magic.startswith(b"PK\x05\x06"):
            shown = "an empty zip archive"
        state.unreadable(
            "workbook-unreadable", reason=f"not a zip package (it starts with {shown})"
        )
        return
    declared = _declared_entries(path, st.st_size)
    if declared is not None and declared > limits.max_parts:
        # Refused before zipfile builds one ZipInfo per entry of a huge central directory.
        state.add("zip-too-many-parts", count=declared, limit=limits.max_parts)
        return
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        state.unreadable("workbook-truncated", reason=_short(str(exc) or type(exc).__name__, 80))
        return
    with zf:
        _inspect_zip(zf, state)


def _declared_entries(path: Path, size: int) -> int | None:
    """Number of entries the zip's end-of-central-directory record declares (zip64 aware);
    None when the record cannot be found (zipfile then reports the damage)."""
    tail_len = min(size, 65_535 + 22 + 20)
    try:
        with path.open("rb") as fh:
            fh.seek(size - tail_len)
            tail = fh.read(tail_len)
    except OSError:
        return None
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    count = int.from_bytes(tail[at + 10 : at + 12], "little")
    if count == 0xFFFF:  # zip64: the locator precedes the record and points at the zip64 record
        loc = tail.rfind(b"PK\x06\x07", 0, at)
        z64 = tail.rfind(b"PK\x06\x06", 0, loc if loc >= 0 else at)
        if z64 >= 0 and z64 + 40 <= len(tail):
            count = int.from_bytes(tail[z64 + 32 : z64 + 40], "little")
    return count


def _inspect_ole(fh: Any, state: _State) -> None:
    """OLE compound file: encrypted OOXML has an ``EncryptionInfo`` stream; else legacy .xls."""
    tail = b""
    while True:
        chunk = fh.read(state.limits.chunk_bytes)
        if not chunk:
            break
        if _ENCRYPTION_INFO in tail + chunk:
            state.unreadable("workbook-encrypted")
            return
        tail = chunk[-len(_ENCRYPTION_INFO) :]
    state.unreadable("workbook-legacy-xls")


def _inspect_zip(zf: zipfile.ZipFile, state: _State) -> None:
    limits = state.limits
    infos = zf.infolist()
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
                part=info.filename,
                reason=f"{info.file_size} bytes, limit {limits.max_part_bytes}",
            )
        elif info.file_size >= limits.ratio_min_bytes:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                state.add(
                    "zip-bomb",
                    part=info.filename,
                    reason=f"compression ratio {ratio:,.0f}:1, limit {limits.max_ratio:,.0f}:1",
                )
    if total > limits.max_total_bytes:
        state.add(
            "zip-bomb",
            part="(all parts)",
            reason=f"{total} bytes in total, limit {limits.max_total_bytes}",
        )
    if state.refused:
        return

    names = {i.filename.lower(): i for i in infos}
    if "[content_types].xml" not in names:
        state.unreadable("workbook-missing-part", reason="[Content_Types].xml is missing")
        return
    wb_part = _workbook_part(zf, names, state)
    if state.refused:
        return
    if wb_part.lower() not in names:
        state.unreadable("workbook-missing-part", reason=f"{wb_part} is missing")
        return

    # Part names alone.
    for info in infos:
        low = info.filename.lower()
        base = posixpath.basename(low)
        if base == "vbaproject.bin" or low.startswith("xl/macrosheets/"):
            code = "macro-project-refused" if limits.macros == "refuse" else "macro-project-present"
            state.add(code, part=info.filename)
        elif low.startswith(("xl/activex/", "xl/embeddings/")) and not low.endswith(".rels"):
            state.add("embedded-object-present", part=info.filename)
        elif low == "xl/connections.xml":
            state.add("data-connection-present", part=info.filename)
    if state.refused:
        return

    sheets = _workbook_map(zf, names, wb_part, state)
    if sheets is None:
        return
    wb_rels = _rels_for(wb_part).lower()
    for info in infos:
        low = info.filename.lower()
        if not low.endswith(_XML_SUFFIXES) or low in (wb_part.lower(), wb_rels, "_rels/.rels"):
            continue
        if low.endswith(".rels"):
            collected: list[dict[str, str]] = []

            def setup(p: expat.XMLParserType, out: list = collected) -> None:
                def start(name: str, attrs: dict[str, str]) -> None:
                    if _local(name) == "Relationship":
                        out.append({_local(k): v for k, v in attrs.items()})

                p.StartElementHandler = start

            ok = _stream(zf, info, state, setup)
            if ok:
                _scan_rels_external(info.filename, collected, state)
        elif low in sheets or low.startswith("xl/worksheets/"):
            ok = _scan_sheet(zf, info, sheets.get(low), state)
        elif low.startswith("xl/externallinks/"):
            ok = _scan_external_link(zf, names, info, state)
        else:
            ok = _stream(zf, info, state)
        if not ok and state.refused:
            return


def open_untrusted(path: str | Path, limits: Limits | None = None) -> tuple[Any, list[Finding]]:
    """Inspect ``path`` and open it with the headless reader when nothing refuses it.

    Returns
    -------
    (view or None, findings)
        ``view`` is a :class:`~xladdin.workbook.model.WorkbookView`, or None when the file was
        refused or could not be read (then a refusing finding explains why).
    """
    findings = inspect_package(path, limits)
    if is_refused(findings):
        return None, findings
    from xladdin.workbook.xlsx_reader import read_findings

    try:
        view, more = read_findings(path)
    except OSError as exc:  # vanished between inspection and reading
        view, more = None, [finding("package-missing", reason=_short(str(exc), 80))]
    findings.extend(more)
    return (None if is_refused(findings) else view), findings
