"""Low-level helpers for an OOXML (xlsx/xlsm) package: opening it safely, reading parts with
bounded sizes, parsing XML with entity expansion forbidden, relationship and content-type
bookkeeping, raw (still compressed) copy of untouched parts, and atomic saves.

Nothing here knows about cells. :mod:`xladdin.workbook.xlsx_reader` and
:mod:`xladdin.workbook.xlsx_patch` build on it.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import shutil
import signal
import struct
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree

from xladdin.errors import RefusedWorkbookError, UnreadableWorkbookError, WorkbookError

__all__ = [
    "CFB_MAGIC",
    "MAX_FILE_BYTES",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "NS",
    "EncryptedWorkbookError",
    "LegacyXlsError",
    "MissingPartError",
    "Package",
    "Relationship",
    "TruncatedWorkbookError",
    "atomic_write",
    "local",
    "parse_xml",
    "rels_path",
    "resolve_target",
]

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Signature of an OLE compound file: an encrypted xlsx or a legacy binary .xls."""

MAX_FILE_BYTES = 512 * 1024 * 1024
"""Largest package file accepted (bytes)."""

MAX_PART_BYTES = 256 * 1024 * 1024
"""Largest decompressed size of one part (bytes). Bigger parts are refused."""

MAX_RATIO = 1000
"""Largest compression ratio of a part larger than 1 MiB (a zip bomb signature)."""

NS = {
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "cp": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}

REL_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
REL_STRICT_OFFICE_DOCUMENT = (
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
)

_KILL_ENV = "XLADDIN_TEST_KILL_AFTER_BYTES"
"""Test hook: when set, :func:`atomic_write` SIGKILLs its own process after writing that many
bytes to the temporary file (used to prove a killed save leaves the original intact)."""


class EncryptedWorkbookError(UnreadableWorkbookError):
    """The file is a password-protected (encrypted) workbook: an OLE file holding EncryptedPackage."""

    finding_code = "workbook-encrypted"


class LegacyXlsError(UnreadableWorkbookError):
    """The file is an OLE compound file but not an encrypted xlsx: a legacy binary .xls."""

    finding_code = "workbook-legacy-xls"


class TruncatedWorkbookError(UnreadableWorkbookError):
    """The file starts like a zip package but its end (central directory) is missing or damaged."""

    finding_code = "workbook-truncated"


class MissingPartError(UnreadableWorkbookError):
    """The zip opens but lacks a part every workbook must have (e.g. ``xl/workbook.xml``)."""

    finding_code = "workbook-missing-part"


def local(tag: str) -> str:
    """Local name of an ElementTree tag: ``"{ns}sheet"`` -> ``"sheet"``."""
    return tag.rpartition("}")[2]


_PROLOG_LIMIT = 1024 * 1024
_CHUNK = 1 << 16


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
        chunk = stream.read(_CHUNK)
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
        parser.feed(head)
        yield from parser.read_events()
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            parser.feed(chunk)
            yield from parser.read_events()
        parser.close()
        yield from parser.read_events()
    except ParseError as exc:
        raise UnreadableWorkbookError(f"{part}: malformed XML ({exc})") from exc


def rels_path(part: str) -> str:
    """The relationships part of ``part``: ``xl/workbook.xml`` -> ``xl/_rels/workbook.xml.rels``."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


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


def _sniff(data: bytes, path: str) -> None:
    """Raise the right :class:`UnreadableWorkbookError` for bytes that are not a zip package."""
    if data[:8] == CFB_MAGIC:
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise EncryptedWorkbookError(f"{path}: the workbook is encrypted (password protected)")
        raise LegacyXlsError(
            f"{path}: a legacy binary .xls (or other OLE) file, not an xlsx package"
        )
    if data[:4] == b"PK\x03\x04":
        raise TruncatedWorkbookError(f"{path}: the zip package is truncated or damaged")
    if not data:
        raise UnreadableWorkbookError(f"{path}: the file is empty")
    raise UnreadableWorkbookError(f"{path}: not an xlsx/xlsm package (not a zip file)")


class Package:
    """An OOXML package held in memory (the file is read once and closed at once, so Excel on
    Windows can still save it while xladdin looks at it).

    Parameters
    ----------
    source : str or Path or bytes
        The file to open, or its bytes.
    max_part_bytes : int
        Parts larger than this once decompressed are refused.
    """

    def __init__(
        self, source: str | os.PathLike[str] | bytes, *, max_part_bytes: int = MAX_PART_BYTES
    ):
        if isinstance(source, (bytes, bytearray)):
            self.path = "<bytes>"
            data = bytes(source)
        else:
            self.path = os.fspath(source)
            try:
                size = os.path.getsize(self.path)
            except OSError as exc:
                raise UnreadableWorkbookError(f"{self.path}: {exc.strerror or exc}") from exc
            if size > MAX_FILE_BYTES:
                raise RefusedWorkbookError(
                    f"{self.path}: file of {size} bytes exceeds {MAX_FILE_BYTES}"
                )
            try:
                with open(self.path, "rb") as fh:
                    data = fh.read()
            except OSError as exc:
                raise UnreadableWorkbookError(f"{self.path}: {exc.strerror or exc}") from exc
        self.data = data
        self.max_part_bytes = max_part_bytes
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            ValueError,
            EOFError,
            struct.error,
        ) as exc:
            _sniff(data, self.path)
            raise UnreadableWorkbookError(f"{self.path}: {exc}") from exc  # pragma: no cover
        self.infos: dict[str, zipfile.ZipInfo] = {}
        for info in self.zip.infolist():
            name = info.filename.lstrip("/")
            self.infos.setdefault(name, info)
        # Case-insensitive part names (OPC), for lookups only.
        self._lower = {name.lower(): name for name in self.infos}
        self._rels_cache: dict[str, list[Relationship]] = {}

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
            raise MissingPartError(f"{self.path}: part {name!r} is missing")
        info = self.infos[found]
        if info.flag_bits & 0x1:
            raise EncryptedWorkbookError(f"{self.path}: part {name!r} is encrypted")
        if info.file_size > self.max_part_bytes:
            raise RefusedWorkbookError(
                f"{self.path}: part {name!r} is {info.file_size} bytes once decompressed "
                f"(limit {self.max_part_bytes})"
            )
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise RefusedWorkbookError(
                f"{self.path}: part {name!r} compresses {info.file_size // max(info.compress_size, 1)}:1 (zip bomb?)"
            )
        return info

    def read(self, name: str) -> bytes:
        """Decompressed bytes of a part (bounded by ``max_part_bytes``)."""
        info = self._checked_info(name)
        try:
            with self.zip.open(info) as fh:
                data = fh.read(self.max_part_bytes + 1)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise UnreadableWorkbookError(
                f"{self.path}: part {name!r} cannot be read ({exc})"
            ) from exc
        if len(data) > self.max_part_bytes:  # pragma: no cover - zipfile enforces file_size
            raise RefusedWorkbookError(f"{self.path}: part {name!r} is too large")
        return data

    def open(self, name: str) -> IO[bytes]:
        """A stream over the decompressed part (for iterparse). Size limits are checked first."""
        info = self._checked_info(name)
        try:
            return self.zip.open(info)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            raise UnreadableWorkbookError(
                f"{self.path}: part {name!r} cannot be read ({exc})"
            ) from exc

    def xml(self, name: str) -> Element:
        """Parse a part as XML (entities forbidden)."""
        return parse_xml(self.read(name), name)

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
        if part in self._rels_cache:
            return self._rels_cache[part]
        path = "_rels/.rels" if part == "" else rels_path(part)
        out: list[Relationship] = []
        if self.has(path):
            root = self.xml(path)
            for el in root:
                if local(el.tag) != "Relationship":
                    continue
                target = el.get("Target", "")
                external = el.get("TargetMode") == "External"
                out.append(
                    Relationship(
                        id=el.get("Id", ""),
                        type=el.get("Type", ""),
                        target=target,
                        part=None if external else resolve_target(part, target),
                        external=external,
                    )
                )
        self._rels_cache[part] = out
        return out

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
        defaults: dict[str, str] = {}
        overrides: dict[str, str] = {}
        if not self.has("[Content_Types].xml"):
            return defaults, overrides
        for el in self.xml("[Content_Types].xml"):
            kind = local(el.tag)
            if kind == "Default":
                defaults[el.get("Extension", "").lower()] = el.get("ContentType", "")
            elif kind == "Override":
                overrides[el.get("PartName", "").lstrip("/")] = el.get("ContentType", "")
        return defaults, overrides


# --- writing ------------------------------------------------------------------------------------


def _strip_zip64_extra(extra: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i + 4 <= len(extra):
        tag, size = struct.unpack("<HH", extra[i : i + 4])
        if tag != 0x0001:
            out += extra[i : i + 4 + size]
        i += 4 + size
    return bytes(out)


class PackageWriter:
    """Writes a new zip package entry by entry: raw copies of untouched parts (byte-identical
    compressed data) and freshly compressed rewritten parts."""

    def __init__(self, fileobj: IO[bytes]):
        self.zip = zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)

    def copy_raw(self, info: zipfile.ZipInfo, raw: bytes) -> None:
        """Append an entry whose compressed bytes are copied verbatim from another package."""
        zf = self.zip
        if (
            info.file_size >= 0xFFFFFFFF
            or info.compress_size >= 0xFFFFFFFF
            or zf.fp.tell() >= 0xFFFFFFFF
        ):
            raise RefusedWorkbookError("zip64 packages are not supported")  # pragma: no cover
        new = zipfile.ZipInfo(info.filename, info.date_time)
        new.compress_type = info.compress_type
        new.comment = info.comment
        new.extra = _strip_zip64_extra(info.extra)
        new.create_system = info.create_system
        new.create_version = info.create_version
        new.extract_version = (
            min(info.extract_version, 20) if info.compress_type in (0, 8) else info.extract_version
        )
        new.flag_bits = info.flag_bits & ~0x08  # sizes go in the local header, no data descriptor
        new.internal_attr = info.internal_attr
        new.external_attr = info.external_attr
        new.CRC = info.CRC
        new.compress_size = info.compress_size
        new.file_size = info.file_size
        new.header_offset = zf.fp.tell()
        if hasattr(new, "_compresslevel"):
            new._compresslevel = None
        zf.fp.write(new.FileHeader(False))
        zf.fp.write(raw)
        zf.filelist.append(new)
        zf.NameToInfo[new.filename] = new
        zf.start_dir = zf.fp.tell()
        zf._didModify = True

    def write(self, name: str, data: bytes, like: zipfile.ZipInfo | None = None) -> None:
        """Append a (re)written part, deflated; keeps the timestamp of ``like`` when given."""
        info = zipfile.ZipInfo(name, like.date_time if like is not None else (1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = like.external_attr if like is not None else 0o600 << 16
        self.zip.writestr(info, data)

    def close(self) -> None:
        self.zip.close()


class _KillingWriter(io.RawIOBase):
    """File wrapper for the kill-mid-write test hook."""

    def __init__(self, fh: IO[bytes], limit: int):
        self._fh = fh
        self._left = limit

    def write(self, data: Any) -> int:  # type: ignore[override]
        data = bytes(data)
        if len(data) >= self._left:
            self._fh.write(data[: self._left])
            self._fh.flush()
            os.fsync(self._fh.fileno())
            os.kill(os.getpid(), signal.SIGKILL)
        self._left -= len(data)
        return self._fh.write(data)

    def seekable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seek(self, pos: int, whence: int = 0) -> int:
        return self._fh.seek(pos, whence)

    def tell(self) -> int:
        return self._fh.tell()

    def flush(self) -> None:
        self._fh.flush()


def backup_path(target: Path) -> Path:
    """Where :func:`atomic_write` keeps the previous version: ``BOOK.xlsx.bak`` beside it."""
    return target.with_name(target.name + ".bak")


def atomic_write(
    target: str | os.PathLike[str], produce: Callable[[IO[bytes]], None], *, backup: bool = True
) -> Path:
    """Write a file atomically: ``produce`` writes into a temporary file beside ``target``,
    which is flushed, fsynced and then moved over ``target`` with :func:`os.replace`.

    With ``backup=True`` and an existing ``target``, its previous content is first copied to
    ``target.bak`` (replacing an older backup). If the process dies at any point, ``target``
    is either the old file or the new one, never a mix; at worst a ``.~xladdin-*.tmp`` file is
    left beside it.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".~xladdin-{target.name}-", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w+b") as fh:
            kill_after = os.environ.get(_KILL_ENV)
            sink: IO[bytes] = _KillingWriter(fh, int(kill_after)) if kill_after else fh  # type: ignore[assignment]
            produce(sink)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            try:
                shutil.copymode(target, tmp)
            except OSError:  # pragma: no cover
                pass
            if backup:
                bak = backup_path(target)
                shutil.copy2(target, bak)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise WorkbookError(
                f"{target}: cannot be replaced -- is it open in Excel? ({exc.strerror or exc})"
            ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return target
    try:
        os.fsync(dir_fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(dir_fd)
    return target


_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")


def xml_text(text: str) -> str:
    """Escape text for an OOXML element: XML escapes plus ``_xHHHH_`` for control characters
    (carriage return included, which XML parsers would turn into a line feed) and for literal
    ``_xHHHH_`` sequences, so every string survives a round trip."""

    def repl(m: re.Match[str]) -> str:
        s = m.group(0)
        if len(s) == 1:
            return f"_x{ord(s):04X}_"
        return "_x005F" + s  # the leading '_' escaped as _x005F_

    text = _UNSAFE.sub(repl, text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    """Escape text for a double-quoted XML attribute."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


_DECL_ENCODING = re.compile(r"""^(<\?xml[^>]*?encoding=)(["'])[^"']*\2""")


def decode_part(data: bytes, part: str = "") -> str:
    """Text of an XML part for editing (UTF-8 or UTF-16, BOM dropped). A UTF-16 declaration is
    changed to UTF-8, because edited parts are always written back as UTF-8.

    Raises
    ------
    WorkbookError
        The part is neither UTF-8 nor UTF-16.
    """
    try:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            text = data.decode("utf-16")
        elif data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
            text = data.decode("utf-16-le" if data[:1] == b"<" else "utf-16-be")
        else:
            return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorkbookError(f"{part}: not UTF-8/UTF-16 text ({exc})") from exc
    return _DECL_ENCODING.sub(lambda m: f"{m.group(1)}{m.group(2)}UTF-8{m.group(2)}", text, count=1)


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def ooxml_unescape(text: str) -> str:
    """Decode ``_xHHHH_`` escapes of OOXML strings (``_x000A_`` -> newline)."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
