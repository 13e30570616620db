"""Low-level helpers for an OOXML (xlsx/xlsm) package: opening it safely, reading parts with
bounded sizes, parsing XML with entity expansion forbidden, relationship and content-type
bookkeeping and raw (still compressed) copy of untouched parts. Atomic saves
(:mod:`xladdin.workbook.atomic`) and cell-text escaping (:mod:`xladdin.workbook.cells`) live in
their own modules and are re-exported here.

It also holds the package edits shared by the patcher and ``prepare``: XML text helpers
(attributes, insertion of a child at its schema position, relationships, content types),
:class:`EditablePackage` (parts edited in memory, saved atomically) and :func:`write_parts`.

Nothing here knows about cells. :mod:`xladdin.workbook.xlsx_reader`,
:mod:`xladdin.workbook.xlsx_patch` and :mod:`xladdin.returned` build on it.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import stat
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree

from xladdin.errors import RefusedWorkbookError, UnreadableWorkbookError
from xladdin.workbook.atomic import atomic_write
from xladdin.workbook.cells import (  # noqa: F401 (re-exported)
    ooxml_unescape,
    xml_attr,
    xml_text,
    xml_unescape,
)
from xladdin.workbook.limits import (
    DEFAULT_LIMITS,
    PARSED_PART_BYTES,
    PARSED_TOTAL_BYTES,
    STREAM_CHUNK_BYTES,
    XML_PROLOG_MAX_BYTES,
    Limits,
)
from xladdin.workbook.opc import NS, OLE_MAGIC, is_encrypted_ole
from xladdin.workbook.xmledit import (
    EMPTY_RELS,
    add_override,
    add_relationship,
    decode_part,
    new_rel_id,
    remove_default,
    remove_override,
    remove_relationship,
    same_part,
)
from xladdin.workbook.zipwriter import PackageWriter

__all__ = [
    "EMPTY_RELS",
    "MAX_FILE_BYTES",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "NS",
    "EditablePackage",
    "EncryptedWorkbookError",
    "LegacyXlsError",
    "MissingPartError",
    "Package",
    "Relationship",
    "TruncatedWorkbookError",
    "central_entries",
    "local",
    "os_reason",
    "parse_content_types",
    "parse_rels",
    "parse_xml",
    "read_all_parts",
    "read_text",
    "rels_owner",
    "rels_path",
    "repeated_id",
    "resolve_target",
    "too_many_entries",
    "with_finding",
    "with_reason",
    "write_parts",
    "xml_unescape",
    "zip_layout_problem",
]

MAX_FILE_BYTES = DEFAULT_LIMITS.max_file_bytes
"""Largest package file accepted (bytes): ``Limits().max_file_bytes``, the one bound for every reader."""

MAX_PART_BYTES = DEFAULT_LIMITS.max_part_bytes
"""Largest decompressed size of one part (bytes): ``Limits().max_part_bytes``."""

MAX_RATIO = DEFAULT_LIMITS.max_ratio
"""Largest compression ratio of a part of at least ``Limits().ratio_min_bytes``."""

REL_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
REL_STRICT_OFFICE_DOCUMENT = (
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
)


class EncryptedWorkbookError(UnreadableWorkbookError):
    """The file is a password-protected (encrypted) workbook: an OLE file holding EncryptedPackage."""

    finding_code = "workbook-encrypted"


class LegacyXlsError(UnreadableWorkbookError):
    """The file is an OLE compound file but not an encrypted xlsx: a legacy binary .xls."""

    finding_code = "workbook-legacy-xls"


class TruncatedWorkbookError(UnreadableWorkbookError):
    """The file starts like a zip package but its end (central directory) is missing or damaged."""

    finding_code = "workbook-truncated"


def os_reason(exc: OSError, lang: str = "en") -> str:
    """A user's words for why a path cannot be opened (never ``[Errno n]``): the catalogue's
    row for the kind of error (:func:`xladdin.findings.words.os_error_word`), else the system's
    own text."""
    from xladdin.findings.words import os_error_word, word

    key = os_error_word(exc)
    return word(key, lang) if key else (exc.strerror or type(exc).__name__)


class MissingPartError(UnreadableWorkbookError):
    """The zip opens but lacks a part every workbook must have (e.g. ``xl/workbook.xml``)."""

    finding_code = "workbook-missing-part"


class FileAccessError(UnreadableWorkbookError):
    """The path is missing, not a regular file (FIFO, device, directory) or cannot be read."""

    finding_code = "package-missing"


class FileTooLargeError(RefusedWorkbookError):
    """The file on disk is larger than ``Limits.max_file_bytes``."""

    finding_code = "package-too-large"


def read_regular_file(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of ``path``, refusing anything but a regular file of bounded size.

    The path is checked with ``os.stat`` before it is opened (a FIFO, a device such as a link to
    ``/dev/zero``, a directory named ``.xlsx`` are refused without being opened), opened with
    ``O_NONBLOCK`` (opening a FIFO never waits for a writer) and checked again on the open
    descriptor (the path cannot be swapped in between). At most ``max_file_bytes + 1`` bytes
    are read.

    Raises
    ------
    FileAccessError
        Missing, not a regular file, or unreadable (``finding_code`` ``package-missing``).
    FileTooLargeError
        Larger than ``limits.max_file_bytes`` (``package-too-large``).
    """
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except (OSError, ValueError) as exc:
        why = os_reason(exc) if isinstance(exc, OSError) else str(exc)
        raise _access_error(name, exc, why) from exc  # package-missing, as the inspection
    _check_regular(name, st, limits)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(name, flags)
    except OSError as exc:
        raise _access_error(name, exc, exc.strerror or str(exc)) from exc
    try:
        _check_regular(name, os.fstat(fd), limits)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise _access_error(name, exc, exc.strerror or str(exc)) from exc
    finally:
        os.close(fd)
    if len(data) > limits.max_file_bytes:
        raise FileTooLargeError(f"{name}: more than {limits.max_file_bytes} bytes")
    return data


_KINDS = (  # what a path that is no regular file is: the catalogue word saying it
    (stat.S_ISDIR, "kind_folder"),
    (stat.S_ISFIFO, "kind_fifo"),
    (stat.S_ISCHR, "kind_character_device"),
    (stat.S_ISBLK, "kind_block_device"),
    (stat.S_ISSOCK, "kind_socket"),
)


_E = TypeVar("_E", bound=Exception)


def with_finding(exc: _E, code: str, **fields: object) -> _E:
    """``exc`` carrying the finding it becomes: ``code`` and the message's ``fields`` (the
    inspection and the readers report it so, never as an exception's text)."""
    exc.finding_code = code  # type: ignore[attr-defined]
    exc.finding_fields = fields  # type: ignore[attr-defined]
    return exc


def with_reason(exc: _E, key: str, **fields: object) -> _E:
    """``exc`` carrying the finding fields ``reason`` and ``reason_lo``: the catalogue word
    ``key`` (the reader and the inspection turn it into the finding, in both languages)."""
    from xladdin.findings.words import reason

    exc.finding_fields = {  # type: ignore[attr-defined]
        **(getattr(exc, "finding_fields", None) or {}),
        **reason(key, **fields),
    }
    return exc


def _access_error(name: str, exc: Exception, text: str) -> FileAccessError:
    """The error for a path that cannot be opened (``text`` says why in English), carrying
    the reason in both languages when the one OS-error classifier knows its kind (missing, a
    folder, no permission): the same for the stat, the open and the read."""
    from xladdin.findings.words import os_error_word

    error = FileAccessError(f"{name}: {text}")
    key = os_error_word(exc) if isinstance(exc, OSError) else None
    return with_reason(error, key) if key else error


def _check_regular(name: str, st: os.stat_result, limits: Limits) -> None:
    if not stat.S_ISREG(st.st_mode):
        from xladdin.findings.words import word

        key = next((what for test, what in _KINDS if test(st.st_mode)), "kind_other")
        error = FileAccessError(f"{name}: not a regular file ({word(key)})")
        raise with_reason(error, "reason_not_regular_kind", kind=word(key), kind_lo=word(key, "lo"))
    if st.st_size > limits.max_file_bytes:
        exc = FileTooLargeError(
            f"{name}: file of {st.st_size} bytes exceeds {limits.max_file_bytes}"
        )
        exc.finding_fields = {"size": st.st_size, "limit": limits.max_file_bytes}  # type: ignore[attr-defined]
        raise exc


_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_entry_reason(name: str) -> str | None:
    """Why a zip entry name must never be used as a part name, as the catalogue word saying it
    (``entry_*``; None: it is safe).

    OPC part names (ECMA-376 Part 2, 6.2.2 and the ZIP item mapping) are relative, use ``/``,
    have no empty, ``.`` or ``..`` segments; anything else is refused so no entry can be
    written outside a folder or shadow another part (``/xl/workbook.xml``, ``..\\evil``, ``C:\\x``).
    """
    if not name:
        return "entry_empty_name"
    if name.startswith(("/", "\\")):
        return "entry_absolute_path"
    if _DRIVE.match(name):
        return "entry_drive_letter"
    if "\\" in name:
        return "entry_backslash"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return "entry_control_character"
    segments = name.rstrip("/").split("/")
    if any(seg in ("..", ".") for seg in segments):
        return "entry_path_traversal"
    if any(not seg for seg in segments):
        return "entry_empty_segment"
    return None


def local(tag: str) -> str:
    """Local name of an ElementTree tag: ``"{ns}sheet"`` -> ``"sheet"``."""
    return tag.rpartition("}")[2]


_PROLOG_LIMIT = XML_PROLOG_MAX_BYTES


def _check_prolog(head: bytes, part: str) -> int | None:
    """Scan the prolog (before the root element) of a UTF-8 XML part.

    Returns the offset of the root element, or None when ``head`` ends before it. Raises
    :class:`RefusedWorkbookError` for a document type declaration (the only place where
    entities can be declared: without it no entity expansion or external entity is possible).
    """
    i, n = 0, len(head)
    if head.startswith(b"\xef\xbb\xbf"):
        i = 3
    while True:
        while i < n and head[i] in b" \t\r\n":
            i += 1
        if i >= n:
            return None
        if head[i : i + 1] != b"<":
            raise UnreadableWorkbookError(f"{part}: malformed XML (text before the root element)")
        if head.startswith(b"<?", i):
            end = head.find(b"?>", i + 2)
            if end < 0:
                return None
            i = end + 2
        elif head.startswith(b"<!--", i):
            end = head.find(b"-->", i + 4)
            if end < 0:
                return None
            i = end + 3
        elif head.startswith(b"<!", i):
            if n - i < 9 and b"<!DOCTYPE".startswith(head[i:]):
                return None
            raise RefusedWorkbookError(
                f"{part}: forbidden XML construct (document type declaration / entities)"
            )
        else:
            return i


def _is_utf16(head: bytes) -> bool:
    return head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:4] in (b"<\x00?\x00", b"\x00<\x00?")


def parse_xml(data: bytes, part: str = "") -> Element:
    """Parse XML bytes with DTDs, entities and external references forbidden.

    UTF-8 parts are checked for a document type declaration and then parsed by the C parser;
    other encodings go through defusedxml.

    Raises
    ------
    RefusedWorkbookError
        The part declares a DTD or entities (XXE / billion laughs).
    UnreadableWorkbookError
        The part is not well-formed XML.
    """
    try:
        if _is_utf16(data):
            return defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
        if _check_prolog(data, part) is None:
            raise UnreadableWorkbookError(f"{part}: malformed XML (no root element)")
        return ET.fromstring(data)
    except defusedxml.DefusedXmlException as exc:
        raise RefusedWorkbookError(f"{part}: forbidden XML construct ({exc})") from exc
    except ParseError as exc:
        raise UnreadableWorkbookError(f"{part}: malformed XML ({exc})") from exc


def iterparse_xml(
    stream: IO[bytes], part: str = "", events: tuple[str, ...] = ("end",)
) -> Iterator[tuple[str, Element]]:
    """Like :func:`xml.etree.ElementTree.iterparse` (C parser, streamed in 64 KiB chunks) with
    the protections of :func:`parse_xml`."""
    head = b""
    while True:
        chunk = stream.read(STREAM_CHUNK_BYTES)
        head += chunk
        if _is_utf16(head):
            rest = head + stream.read()
            try:
                yield from defusedxml.ElementTree.iterparse(
                    io.BytesIO(rest), events=events, forbid_dtd=True
                )
            except defusedxml.DefusedXmlException as exc:
                raise RefusedWorkbookError(f"{part}: forbidden XML construct ({exc})") from exc
            except ParseError as exc:
                raise UnreadableWorkbookError(f"{part}: malformed XML ({exc})") from exc
            return
        if _check_prolog(head, part) is not None:
            break
        if not chunk or len(head) > _PROLOG_LIMIT:
            raise UnreadableWorkbookError(f"{part}: malformed XML (no root element)")
    parser = ET.XMLPullParser(events=events)
    try:
        yield from _pull(parser, head, stream)
    except ParseError as exc:
        raise UnreadableWorkbookError(f"{part}: malformed XML ({exc})") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise TruncatedWorkbookError(f"{part}: cannot be read ({exc})") from exc


def _pull(parser: Any, head: bytes, stream: IO[bytes]) -> Iterator[tuple[str, Element]]:
    parser.feed(head)
    yield from parser.read_events()
    while True:
        chunk = stream.read(STREAM_CHUNK_BYTES)
        if not chunk:
            break
        parser.feed(chunk)
        yield from parser.read_events()
    parser.close()
    yield from parser.read_events()


def rels_path(part: str) -> str:
    """The relationships part of ``part``: ``xl/workbook.xml`` -> ``xl/_rels/workbook.xml.rels``;
    ``""`` (the package itself) -> ``_rels/.rels``."""
    part = part.lstrip("/")
    if not part:
        return "_rels/.rels"
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def rels_owner(rels_part: str) -> str:
    """The part whose relationships ``rels_part`` holds (the inverse of :func:`rels_path`):
    ``xl/_rels/workbook.xml.rels`` -> ``xl/workbook.xml``; ``_rels/.rels`` -> ``""`` (the
    package itself)."""
    folder, base = posixpath.split(rels_part)
    owner_dir = posixpath.dirname(folder)
    return posixpath.join(owner_dir, base[: -len(".rels")]) if base != ".rels" else owner_dir


def resolve_target(source_part: str, target: str) -> str:
    """Resolve a relationship target relative to the part that owns the relationship."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    base = posixpath.dirname(source_part)
    return posixpath.normpath(posixpath.join(base, target))


def relative_target(source_part: str, part: str) -> str:
    """The relative target to write in ``source_part``'s rels for ``part``."""
    return posixpath.relpath(part, posixpath.dirname(source_part) or ".")


@dataclass(frozen=True)
class Relationship:
    """One ``<Relationship>`` of a rels part, with its target resolved to a part name."""

    id: str
    type: str
    target: str
    part: str | None
    external: bool

    @property
    def kind(self) -> str:
        """The last segment of the type URI, e.g. ``"worksheet"`` or ``"vbaProject"``."""
        return self.type.rstrip("/").rsplit("/", 1)[-1]


def repeated_id(ids: list[str]) -> str | None:
    """The first relationship Id given twice in one rels part, or None. ECMA-376 Part 2
    (OPC) §9.3.2.1: an Id is unique within its part; readers differ on which of two relationships
    with one Id they follow (the first, or the last), so such a part is refused."""
    seen: set[str] = set()
    for rid in ids:
        if not rid:  # no Id: nothing can point at it (the schema requires one; not ours to add)
            continue
        if rid in seen:
            return rid
        seen.add(rid)
    return None


def parse_rels(data: bytes, source_part: str, name: str = "") -> list[Relationship]:
    """The relationships in the bytes of a rels part owned by ``source_part`` (``""``: the
    package), with targets resolved to part names. A part that gives one Id twice is refused
    (:func:`repeated_id`)."""
    out: list[Relationship] = []
    name = name or rels_path(source_part)
    for el in parse_xml(data, name):
        if local(el.tag) != "Relationship":
            continue
        target = el.get("Target", "")
        external = el.get("TargetMode") == "External"
        out.append(
            Relationship(
                id=el.get("Id", ""),
                type=el.get("Type", ""),
                target=target,
                part=None if external else resolve_target(source_part, target),
                external=external,
            )
        )
    twice = repeated_id([r.id for r in out])
    if twice is not None:
        error = UnreadableWorkbookError(f"{name}: relationship Id {twice[:60]!r} is given twice")
        raise with_reason(error, "reason_duplicate_rel_id", id=twice[:60])
    return out


def parse_content_types(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """``(defaults by lower-case extension, overrides by part name)`` of ``[Content_Types].xml``."""
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for el in parse_xml(data, "[Content_Types].xml"):
        kind = local(el.tag)
        if kind == "Default":
            defaults[el.get("Extension", "").lower()] = el.get("ContentType", "")
        elif kind == "Override":
            overrides[el.get("PartName", "").lstrip("/")] = el.get("ContentType", "")
    return defaults, overrides


def _sniff(data: bytes, path: str) -> None:
    """Raise the right :class:`UnreadableWorkbookError` for bytes that are not a zip package."""
    if data[:8] == OLE_MAGIC:  # an encrypted xlsx or a legacy binary .xls
        if is_encrypted_ole(data):
            raise EncryptedWorkbookError(f"{path}: the workbook is encrypted (password protected)")
        raise LegacyXlsError(
            f"{path}: a legacy binary .xls (or other OLE) file, not an xlsx package"
        )
    if data[:4] == b"PK\x03\x04":
        error = TruncatedWorkbookError(f"{path}: the zip package is truncated or damaged")
        raise with_reason(error, "reason_zip_truncated")
    if not data:
        raise with_reason(
            UnreadableWorkbookError(f"{path}: the file is empty"), "reason_file_empty"
        )
    error = UnreadableWorkbookError(f"{path}: not an xlsx/xlsm package (not a zip file)")
    raise with_reason(error, "reason_not_zip")


_DESCRIPTOR_BYTES = (12, 16, 20, 24)
"""Lengths of a data descriptor after an entry (APPNOTE 4.3.9): CRC and sizes, 4 or 8 bytes each,
with or without its signature."""


def central_entries(data: bytes, cap: int) -> tuple[int, bool] | None:
    """``(entries, more)``: how many entries a zip's central directory lists -- the larger of
    what its end record declares (zip64 aware) and what the directory holds, its records
    counted one by one up to ``cap + 1`` (``more``: the count stopped there, there may be more).
    An end record that understates the count must not let a huge directory reach zipfile,
    which makes one ZipInfo per record. None when no end record is found (zipfile then reports
    the damage)."""
    tail_at = max(0, len(data) - (65_535 + 22 + 20))
    tail = data[tail_at:]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    count = int.from_bytes(tail[at + 10 : at + 12], "little")
    size = int.from_bytes(tail[at + 12 : at + 16], "little")
    end = tail_at + at  # the directory ends where the end record (or the zip64 one) starts
    if count == 0xFFFF or size == 0xFFFFFFFF:  # zip64: the record the locator points at
        loc = tail.rfind(b"PK\x06\x07", 0, at)
        z64 = tail.rfind(b"PK\x06\x06", 0, loc if loc >= 0 else at)
        if z64 >= 0 and z64 + 48 <= len(tail):
            count = int.from_bytes(tail[z64 + 32 : z64 + 40], "little")
            size = int.from_bytes(tail[z64 + 40 : z64 + 48], "little")
            end = tail_at + z64
    pos, walked = max(0, end - size), 0
    while pos + 46 <= end and walked <= cap and data[pos : pos + 4] == b"PK\x01\x02":
        lengths = data[pos + 28 : pos + 34]
        pos += 46 + sum(int.from_bytes(lengths[k : k + 2], "little") for k in (0, 2, 4))
        walked += 1
    return max(count, walked), walked > cap and walked > count


def too_many_entries(data: bytes, limit: int) -> int | str | None:
    """The number of entries to say when a zip lists more than ``limit`` (``"2001+"`` when its
    records were counted only that far), else None (:func:`central_entries`)."""
    found = central_entries(data, limit)
    if found is None or found[0] <= limit:
        return None
    entries, more = found
    return f"{entries}+" if more else entries


def zip_layout_problem(zf: zipfile.ZipFile, data: bytes) -> tuple[str, str, dict] | None:
    """Why the zip ``zf`` (of the bytes ``data``) is refused before any part is read, as
    ``(catalogue word, English text, fields)``; None for a package as Excel, LibreOffice,
    openpyxl and XlsxWriter write it.

    - Every entry stored or deflated (APPNOTE methods 0 and 8, all Excel reads): another method
      (bzip2, LZMA, ...) inflates without the size bound deflate has, whatever the part declares.
    - The entries one after another from the first byte, each local header, its data and (when
      flagged) its data descriptor, then the central directory: no byte the directory does not
      list. A reader that walks the local headers from the start (a streaming reader) would
      otherwise read parts the directory hides -- a changed sheet behind an intact stamp.
    """
    infos = zf.infolist()
    for info in infos:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            what = f"{info.filename[:80]!r} compressed with method {info.compress_type}"
            return (
                "reason_zip_method",
                what,
                {"name": info.filename[:80], "method": info.compress_type},
            )
    ordered = sorted(infos, key=lambda i: i.header_offset)
    ends = [*(i.header_offset for i in ordered), zf.start_dir]
    pos = 0
    for info in ordered:
        if info.header_offset != pos:
            break
        head = data[pos : pos + 30]
        if len(head) < 30 or head[:4] != b"PK\x03\x04":
            break
        pos += 30 + int.from_bytes(head[26:28], "little") + int.from_bytes(head[28:30], "little")
        pos += info.compress_size
        if info.flag_bits & 0x08:  # a data descriptor follows: the next entry says its length
            following = min((e for e in ends if e >= pos), default=pos)
            if following - pos in _DESCRIPTOR_BYTES:
                pos = following
    else:
        if pos == zf.start_dir:
            return None
    return (
        "reason_zip_unlisted",
        f"bytes at offset {pos} that the zip directory does not list as they are",
        {"offset": pos},
    )


class Package:
    """An OOXML package held in memory (the file is read once and closed at once, so Excel on
    Windows can still save it while xladdin looks at it).

    Entry names that are unsafe (:func:`unsafe_entry_reason`) or that repeat a name already seen
    (compared case-insensitively, as OPC does) are left out of :attr:`infos` and listed in
    :attr:`unsafe` and :attr:`duplicates`: no reader uses them and no writer copies them. The
    inspection (:mod:`xladdin.workbook.safety`) refuses such a package, so reader and inspector
    always agree on which bytes are a part.

    Parameters
    ----------
    source : str or Path or bytes
        The file to open, or its bytes.
    limits : Limits, optional
        Bounds on the file and part sizes (default ``Limits()``).
    max_part_bytes : int, optional
        Override of ``limits.max_part_bytes``.
    name : str, optional
        Path to report when ``source`` is bytes.
    """

    def __init__(
        self,
        source: str | os.PathLike[str] | bytes,
        *,
        limits: Limits | None = None,
        max_part_bytes: int | None = None,
        name: str | None = None,
    ):
        self.limits = limits or DEFAULT_LIMITS
        if isinstance(source, (bytes, bytearray)):
            self.path = name or "<bytes>"
            data = bytes(source)
        else:
            self.path = os.fspath(source)
            data = read_regular_file(self.path, self.limits)
        self.data = data
        self.max_part_bytes = max_part_bytes or self.limits.max_part_bytes
        too_many = too_many_entries(data, self.limits.max_parts)
        if too_many is not None:  # refused before zipfile makes a ZipInfo per entry
            error = RefusedWorkbookError(
                f"{self.path}: {too_many} parts, more than the limit of {self.limits.max_parts}"
            )
            raise with_finding(
                error, "zip-too-many-parts", count=too_many, limit=self.limits.max_parts
            )
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            ValueError,
            EOFError,
            struct.error,
            OSError,
        ) as exc:
            _sniff(data, self.path)
            raise TruncatedWorkbookError(f"{self.path}: {exc}") from exc  # pragma: no cover
        refused = zip_layout_problem(self.zip, data)
        if refused is not None:
            error = UnreadableWorkbookError(f"{self.path}: {refused[1]}")
            raise with_reason(error, refused[0], **refused[2])
        self.infos: dict[str, zipfile.ZipInfo] = {}
        self.unsafe: list[tuple[str, str]] = []
        self.duplicates: list[str] = []
        self._lower: dict[str, str] = {}
        for info in self.zip.infolist():
            entry = info.filename
            if entry.endswith("/") and not info.file_size and unsafe_entry_reason(entry) is None:
                continue  # a folder entry some zip tools write: not a part
            reason = unsafe_entry_reason(entry)
            if reason is not None:
                self.unsafe.append((entry, reason))
                continue
            low = entry.lower()
            if low in self._lower:  # a second entry of the same part name (OPC: case-insensitive)
                self.duplicates.append(entry)
                continue
            self.infos[entry] = info
            self._lower[low] = entry
        self._rels_cache: dict[str, list[Relationship]] = {}
        self._inflated: dict[str, bytes] = {}
        self._inflated_bytes = 0
        self._tokens: dict[str, Any] = {}
        self._parsed: dict[str, Element] = {}
        self._parsed_bytes = 0

    def keep_inflated(self, name: str, data: bytes) -> None:
        """Remember the inflated (and CRC-checked) bytes of a part so the next :meth:`read` or
        :meth:`open` of it does not inflate it again (the inspection streams each part once and
        hands its bytes to the reader). Bounded by ``limits.cache_bytes``; each part is handed
        out once and then forgotten."""
        if self._inflated_bytes + len(data) <= self.limits.cache_bytes:
            self._inflated[name] = data
            self._inflated_bytes += len(data)

    def forget_inflated(self) -> None:
        """Drop every inflated part and token list not handed out yet (memory stays bounded
        per file)."""
        self._inflated.clear()
        self._inflated_bytes = 0
        self._tokens.clear()

    def keep_tokens(self, name: str, tokens: Any) -> None:
        """Remember the tokens the inspection cut a worksheet part into
        (:class:`~xladdin.workbook.sheet_scan.SheetTokens`), so the reader turns the same tokens
        into cells without parsing the part again. Handed out once by :meth:`take_tokens`."""
        self._tokens[name] = tokens

    def take_tokens(self, name: str) -> Any:
        """The tokens kept for part ``name`` (then forgotten), or None."""
        found = self.find(name)
        return self._tokens.pop(found, None) if found is not None else None

    def _take_inflated(self, name: str) -> bytes | None:
        data = self._inflated.pop(name, None)
        if data is not None:
            self._inflated_bytes -= len(data)
        return data

    # -- parts ------------------------------------------------------------------------------

    def names(self) -> list[str]:
        """Part names in zip order."""
        return list(self.infos)

    def find(self, name: str) -> str | None:
        """The stored spelling of part ``name`` (OPC names are case-insensitive), or None."""
        name = name.lstrip("/")
        if name in self.infos:
            return name
        return self._lower.get(name.lower())

    def has(self, name: str) -> bool:
        return self.find(name) is not None

    def _checked_info(self, name: str) -> zipfile.ZipInfo:
        found = self.find(name)
        if found is None:
            error = MissingPartError(f"{self.path}: part {name!r} is missing")
            raise with_reason(error, "reason_part_missing", part=repr(name))
        info = self.infos[found]
        if info.flag_bits & 0x1:
            raise EncryptedWorkbookError(f"{self.path}: part {name!r} is encrypted")
        if info.file_size > self.max_part_bytes:
            raise RefusedWorkbookError(
                f"{self.path}: part {name!r} is {info.file_size} bytes once decompressed "
                f"(limit {self.max_part_bytes})"
            )
        lim = self.limits
        if info.file_size >= lim.ratio_min_bytes and info.file_size > lim.max_ratio * max(
            info.compress_size, 1
        ):
            raise RefusedWorkbookError(
                f"{self.path}: part {name!r} compresses {info.file_size // max(info.compress_size, 1)}:1 (zip bomb?)"
            )
        return info

    def read(self, name: str) -> bytes:
        """Decompressed bytes of a part (bounded by ``max_part_bytes``)."""
        info = self._checked_info(name)
        kept = self._take_inflated(info.filename)
        if kept is not None:
            return kept
        try:
            with self.zip.open(info) as fh:
                data = fh.read(self.max_part_bytes + 1)
        except (
            zipfile.BadZipFile,
            zlib.error,  # deflated data edited by hand: inflate fails before the CRC check
            EOFError,
            OSError,
            ValueError,
            NotImplementedError,
        ) as exc:
            raise TruncatedWorkbookError(
                f"{self.path}: part {name!r} cannot be read ({exc})"
            ) from exc
        if len(data) > self.max_part_bytes:  # pragma: no cover - zipfile enforces file_size
            raise RefusedWorkbookError(f"{self.path}: part {name!r} is too large")
        return data

    def open(self, name: str) -> IO[bytes]:
        """A stream over the decompressed part (for iterparse). Size limits are checked first."""
        info = self._checked_info(name)
        kept = self._take_inflated(info.filename)
        if kept is not None:
            return io.BytesIO(kept)
        try:
            return self.zip.open(info)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            raise TruncatedWorkbookError(
                f"{self.path}: part {name!r} cannot be read ({exc})"
            ) from exc

    def xml(self, name: str) -> Element:
        """A part parsed as XML (entities forbidden).

        Parsed once: the element of a part up to :data:`~xladdin.workbook.limits.PARSED_PART_BYTES` (tables, properties,
        relationships, styles) is kept and the same element is handed to every later caller
        (the reader, then the stamp hash), so such a part is neither inflated nor parsed
        twice. The element is shared: callers read it and never change it. Parts of at most
        :data:`~xladdin.workbook.limits.PARSED_TOTAL_BYTES` (inflated) in all are kept this way."""
        found = self.find(name)
        if found is not None:
            kept = self._parsed.get(found)
            if kept is not None:
                return kept
        root = parse_xml(self.read(name), name)
        if found is not None:
            size = self.infos[found].file_size
            if size <= PARSED_PART_BYTES and self._parsed_bytes + size <= PARSED_TOTAL_BYTES:
                self._parsed[found] = root
                self._parsed_bytes += size
        return root

    def raw(self, name: str) -> tuple[zipfile.ZipInfo, bytes]:
        """The zip entry of a part and its raw, still compressed bytes (for byte-exact copies)."""
        info = self.infos[self.find(name) or name]
        header = self.data[info.header_offset : info.header_offset + 30]
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise UnreadableWorkbookError(f"{self.path}: bad local header for {name!r}")
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        start = info.header_offset + 30 + name_len + extra_len
        return info, self.data[start : start + info.compress_size]

    # -- relationships and content types ------------------------------------------------------

    def rels(self, part: str) -> list[Relationship]:
        """Relationships of ``part`` (``""`` for the package itself); empty when none."""
        if part not in self._rels_cache:
            path = rels_path(part)
            self._rels_cache[part] = (
                parse_rels(self.read(path), part, path) if self.has(path) else []
            )
        return self._rels_cache[part]

    def main_part(self) -> str:
        """The workbook part (``xl/workbook.xml`` normally), found through ``_rels/.rels``."""
        for rel in self.rels(""):
            if rel.type in (REL_OFFICE_DOCUMENT, REL_STRICT_OFFICE_DOCUMENT) and rel.part:
                found = self.find(rel.part)
                if found:
                    return found
        found = self.find("xl/workbook.xml")
        if found:
            return found
        raise MissingPartError(f"{self.path}: no workbook part (xl/workbook.xml) in the package")

    def content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        """``(defaults by extension, overrides by part name)`` from ``[Content_Types].xml``."""
        if not self.has("[Content_Types].xml"):
            return {}, {}
        return parse_content_types(self.read("[Content_Types].xml"))


def read_all_parts(
    source: str | os.PathLike[str] | bytes, limits: Limits | None = None
) -> dict[str, bytes]:
    """Every part of a small package (an add-in), inflated, under ``limits``: the file size,
    each part's size and compression ratio, and the declared size of all parts together
    (``max_total_bytes``), checked before anything is inflated. A package with an unsafe or a
    repeated entry name, or an encrypted part, is refused.

    Raises
    ------
    xladdin.errors.WorkbookError
        The file cannot be read, is not a zip, or is refused by a limit.
    """
    pkg = Package(source, limits=limits)
    lim = pkg.limits
    if pkg.unsafe or pkg.duplicates:
        names = [n for n, _why in pkg.unsafe] + pkg.duplicates
        raise RefusedWorkbookError(f"{pkg.path}: unsafe or repeated entry names {names[:3]}")
    total = sum(info.file_size for info in pkg.infos.values())
    if total > lim.max_total_bytes:
        raise RefusedWorkbookError(
            f"{pkg.path}: the parts are {total} bytes once decompressed "
            f"(limit {lim.max_total_bytes})"
        )
    return {name: pkg.read(name) for name in pkg.names()}


# --- writing ------------------------------------------------------------------------------------


def write_parts(
    src: Package,
    fh: IO[bytes],
    parts: dict[str, bytes],
    removed: set[str] | frozenset[str] = frozenset(),
    added_time: tuple[int, int, int, int, int, int] | None = None,
) -> None:
    """Write ``src`` into ``fh`` with ``parts`` (name -> new bytes) replacing parts in place or
    adding them at the end, and ``removed`` parts left out. The zip order is kept; untouched
    parts are copied raw (byte-identical compressed data). A replaced part keeps its entry's
    time; an added part is dated ``added_time`` (default 1980-01-01, as zipfile's minimum)."""
    edits = {src.find(n) or n.lstrip("/"): data for n, data in parts.items()}
    gone = {src.find(n) or n.lstrip("/") for n in removed}
    names = [n for n in src.names() if n not in gone]
    known = set(names)
    names += [n for n in edits if n not in known and n not in gone]
    writer = PackageWriter(fh)
    for name in names:
        if name in edits:
            found = src.find(name)
            like = src.infos[found] if found else None
            if like is None and added_time is not None:
                like = zipfile.ZipInfo(name, date_time=added_time)
            writer.write(name, edits[name], like)
        else:
            writer.copy_raw(*src.raw(name))
    writer.close()


def read_text(data: bytes, part: str = "") -> str:
    """Text of an XML part for editing (see :func:`decode_part`); a document type declaration
    (where entities live) is refused.

    Raises
    ------
    RefusedWorkbookError
        The part declares a DTD or entities.
    """
    text = decode_part(data, part)
    _check_prolog(text[:_PROLOG_LIMIT].encode("utf-8", "surrogatepass"), part)
    return text


class EditablePackage:
    """A package opened for edits by XML text: reads through :class:`Package` (size limits,
    encryption and truncation detection), keeps edited parts in memory and saves atomically
    with every untouched part copied raw.

    Parameters
    ----------
    path : str or Path or Package
        The package to open (or one already opened and inspected, whose bytes are reused).

    Raises
    ------
    UnreadableWorkbookError
        Not a readable package (truncated, encrypted, legacy .xls, not a zip, no content types).
    RefusedWorkbookError
        A part is too large or compresses like a zip bomb.
    """

    def __init__(self, path: str | os.PathLike[str] | Package):
        self.src = path if isinstance(path, Package) else Package(path)
        if not self.src.has("[Content_Types].xml"):
            raise UnreadableWorkbookError(
                f"{Path(self.src.path).name}: no [Content_Types].xml, not an xlsx package"
            )
        self._edited: dict[str, bytes] = {}
        self._removed: set[str] = set()

    # -- parts --------------------------------------------------------------------------------

    def names(self) -> list[str]:
        """Current part names: original order first, then new parts."""
        out = [n for n in self.src.names() if n not in self._removed]
        return out + [n for n in self._edited if self.src.find(n) is None]

    def _key(self, name: str) -> str | None:
        name = name.lstrip("/")
        if name in self._edited:
            return name
        found = self.src.find(name)
        return None if found is None or found in self._removed else found

    def has(self, name: str) -> bool:
        return self._key(name) is not None

    def read(self, name: str) -> bytes:
        key = self._key(name)
        if key is None:
            raise KeyError(name)
        return self._edited[key] if key in self._edited else self.src.read(key)

    def text(self, name: str) -> str:
        """A part as XML text (see :func:`read_text`)."""
        return read_text(self.read(name), name)

    def put(self, name: str, data: bytes | str) -> None:
        """Add or replace a part."""
        key = self._key(name) or self.src.find(name) or name.lstrip("/")
        self._removed.discard(key)
        self._edited[key] = data.encode("utf-8") if isinstance(data, str) else data

    def remove(self, name: str) -> bool:
        """Drop a part, its relationships part and its content-type override."""
        key = self._key(name)
        if key is None:
            return False
        for gone in (key, self._key(rels_path(key))):
            if gone is not None:
                self._edited.pop(gone, None)
                if self.src.find(gone) is not None:
                    self._removed.add(gone)
        self.remove_override(key)
        return True

    def main_part(self) -> str:
        """The workbook part (see :meth:`Package.main_part`)."""
        return self.src.main_part()

    def save(self, out: str | os.PathLike[str]) -> Path:
        """Write the package atomically to ``out`` (no backup: ``out`` is a new file)."""
        return atomic_write(out, self._produce, backup=False)

    def to_bytes(self) -> bytes:
        """The package as it would be saved, in memory."""
        buf = io.BytesIO()
        self._produce(buf)
        return buf.getvalue()

    def _produce(self, fh: IO[bytes]) -> None:
        write_parts(self.src, fh, self._edited, self._removed)

    # -- relationships and content types ------------------------------------------------------

    def rels(self, part: str) -> list[Relationship]:
        """Relationships of ``part`` (``""`` for the package root), as edited so far."""
        name = rels_path(part)
        return parse_rels(self.read(name), part, name) if self.has(name) else []

    @staticmethod
    def resolve(part: str, target: str) -> str:
        """Part name a relationship target of ``part`` points to."""
        return resolve_target(part, target)

    def add_rel(self, part: str, rel_type: str, target: str) -> str:
        """Add a relationship to ``part``; returns its new id."""
        name = rels_path(part)
        text = self.text(name) if self.has(name) else EMPTY_RELS
        rid = new_rel_id({r.id for r in self.rels(part)})
        self.put(name, add_relationship(text, rid, rel_type, target))
        return rid

    def remove_rel(self, part: str, rel_id: str) -> None:
        name = rels_path(part)
        if self.has(name):
            text = self.text(name)
            new = remove_relationship(text, rel_id)
            if new != text:
                self.put(name, new)

    def content_type(self, name: str) -> str | None:
        """The content type of part ``name`` (its override, else its extension's default)."""
        defaults, overrides = parse_content_types(self.read("[Content_Types].xml"))
        for part, ctype in overrides.items():
            if same_part(part, name):
                return ctype
        return defaults.get(name.rsplit(".", 1)[-1].lower())

    def _edit_content_types(self, edit: Callable[[str], str]) -> None:
        text = self.text("[Content_Types].xml")
        new = edit(text)
        if new != text:
            self.put("[Content_Types].xml", new)

    def remove_override(self, name: str) -> None:
        self._edit_content_types(lambda t: remove_override(t, name))

    def remove_default(self, extension: str) -> None:
        self._edit_content_types(lambda t: remove_default(t, extension))

    def set_override(self, name: str, content_type: str) -> None:
        """Add or replace the content-type override of a part."""
        self._edit_content_types(
            lambda t: add_override(remove_override(t, name), name, content_type)
        )
