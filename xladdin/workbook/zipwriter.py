"""Writing a zip package entry by entry, without :mod:`zipfile`'s private parts.

:class:`PackageWriter` appends raw copies of untouched entries -- their compressed bytes, CRC
and sizes exactly as stored, so a part nobody changed stays byte for byte what it was -- and
parts (re)written here, deflated as :mod:`zipfile` deflates them. The records follow the ZIP
application note (PKWARE APPNOTE.TXT 6.3: 4.3.7 local file header, 4.3.12 central directory
header, 4.3.16 end of central directory record). ZIP64 is never written: a package that needs
it (4 GiB) is refused long before, by the limits of :mod:`xladdin.workbook.limits`.
"""

from __future__ import annotations

import struct
import sys
import zlib
from dataclasses import dataclass
from typing import IO
from zipfile import ZIP_BZIP2, ZIP_DEFLATED, ZIP_LZMA, ZIP_STORED, ZipInfo

from xladdin.errors import RefusedWorkbookError

__all__ = ["PackageWriter"]

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_UTF8_NAME = 0x800  # general purpose bit 11: the name is UTF-8
_DATA_DESCRIPTOR = 0x08  # bit 3: sizes after the data (never written here)
_LIMIT = 0xFFFFFFFF
_CREATE_SYSTEM = 0 if sys.platform == "win32" else 3  # as zipfile.ZipInfo: MS-DOS or Unix
_LEAST_VERSION = {ZIP_BZIP2: 46, ZIP_LZMA: 63}  # APPNOTE 4.4.3.2


@dataclass
class _Entry:
    name: bytes
    flags: int
    method: int
    dos_time: int
    dos_date: int
    crc: int
    compressed: int
    size: int
    extra: bytes
    comment: bytes
    create_version: int
    create_system: int
    extract_version: int
    internal_attr: int
    external_attr: int
    offset: int


def _strip_zip64_extra(extra: bytes) -> bytes:
    """``extra`` without its ZIP64 field (header ID 0x0001): the sizes are written plainly."""
    out = bytearray()
    i = 0
    while i + 4 <= len(extra):
        tag, size = struct.unpack("<HH", extra[i : i + 4])
        if tag != 0x0001:
            out += extra[i : i + 4 + size]
        i += 4 + size
    return bytes(out)


def _name_and_flags(name: str, flags: int) -> tuple[bytes, int]:
    """The stored name: ASCII as is, anything else UTF-8 with bit 11 set (as zipfile does)."""
    try:
        return name.encode("ascii"), flags
    except UnicodeEncodeError:
        return name.encode("utf-8"), flags | _UTF8_NAME


def _dos(date_time: tuple[int, ...]) -> tuple[int, int]:
    """(MS-DOS time, MS-DOS date) of ``(year, month, day, hour, minute, second)``."""
    y, mo, d, h, mi, s = date_time[:6]
    return h << 11 | mi << 5 | s // 2, (y - 1980) << 9 | mo << 5 | d


class PackageWriter:
    """Writes a new zip package into ``fileobj`` entry by entry: raw copies of untouched parts
    (byte-identical compressed data) and freshly deflated rewritten parts. ``fileobj`` must
    tell its position (a file or a BytesIO: every record's offset is where it was written);
    each entry's sizes go in its local header, so nothing is written back."""

    def __init__(self, fileobj: IO[bytes]):
        self.fh = fileobj
        self.entries: list[_Entry] = []
        self.closed = False

    def _offset(self) -> int:
        """Where the next record starts (from the start of the file, as zip offsets are)."""
        offset = self.fh.tell()
        if offset >= _LIMIT:
            raise RefusedWorkbookError("zip64 packages are not supported")  # pragma: no cover
        return offset

    def _append(self, entry: _Entry, data: bytes) -> None:
        if entry.size >= _LIMIT or entry.compressed >= _LIMIT:
            raise RefusedWorkbookError("zip64 packages are not supported")  # pragma: no cover
        self.fh.write(
            _LOCAL.pack(
                b"PK\x03\x04",
                entry.extract_version,
                0,
                entry.flags,
                entry.method,
                entry.dos_time,
                entry.dos_date,
                entry.crc,
                entry.compressed,
                entry.size,
                len(entry.name),
                len(entry.extra),
            )
        )
        self.fh.write(entry.name)
        self.fh.write(entry.extra)
        self.fh.write(data)
        self.entries.append(entry)

    def copy_raw(self, info: ZipInfo, raw: bytes) -> None:
        """Append an entry whose compressed bytes are copied verbatim from another package
        (its CRC, sizes, time, attributes and extra fields kept; the sizes move into the local
        header, so no data descriptor follows)."""
        flags = info.flag_bits & ~_DATA_DESCRIPTOR
        name, flags = _name_and_flags(info.filename, flags)
        dos_time, dos_date = _dos(info.date_time)
        extract, create = info.extract_version, info.create_version
        if info.compress_type in (ZIP_STORED, ZIP_DEFLATED):
            extract = min(extract, 20)
        else:  # bzip2 and LZMA need a later version to extract, as zipfile writes them
            least = _LEAST_VERSION.get(info.compress_type, 0)
            extract, create = max(extract, least), max(create, least)
        self._append(
            _Entry(
                name=name,
                flags=flags,
                method=info.compress_type,
                dos_time=dos_time,
                dos_date=dos_date,
                crc=info.CRC,
                compressed=info.compress_size,
                size=info.file_size,
                extra=_strip_zip64_extra(info.extra),
                comment=info.comment,
                create_version=create,
                create_system=info.create_system,
                extract_version=extract,
                internal_attr=info.internal_attr,
                external_attr=info.external_attr,
                offset=self._offset(),
            ),
            raw,
        )

    def write(self, name: str, data: bytes, like: ZipInfo | None = None) -> None:
        """Append a (re)written part, deflated (zlib's default level, as zipfile); keeps the
        timestamp and file attributes of ``like`` when given."""
        deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        packed = deflate.compress(data) + deflate.flush()
        stored, flags = _name_and_flags(name, 0)
        dos_time, dos_date = _dos(like.date_time if like is not None else (1980, 1, 1, 0, 0, 0))
        self._append(
            _Entry(
                name=stored,
                flags=flags,
                method=ZIP_DEFLATED,
                dos_time=dos_time,
                dos_date=dos_date,
                crc=zlib.crc32(data),
                compressed=len(packed),
                size=len(data),
                extra=b"",
                comment=b"",
                create_version=20,
                create_system=_CREATE_SYSTEM,
                extract_version=20,
                internal_attr=0,
                # zipfile gives a part without permissions ?rw-------, so does this
                external_attr=(like.external_attr if like is not None else 0) or 0o600 << 16,
                offset=self._offset(),
            ),
            packed,
        )

    def close(self) -> None:
        """Write the central directory and its end record (once)."""
        if self.closed:
            return
        self.closed = True
        directory = self._offset()
        for e in self.entries:
            self.fh.write(
                _CENTRAL.pack(
                    b"PK\x01\x02",
                    e.create_version,
                    e.create_system,
                    e.extract_version,
                    0,
                    e.flags,
                    e.method,
                    e.dos_time,
                    e.dos_date,
                    e.crc,
                    e.compressed,
                    e.size,
                    len(e.name),
                    len(e.extra),
                    len(e.comment),
                    0,
                    e.internal_attr,
                    e.external_attr,
                    e.offset,
                )
            )
            self.fh.write(e.name)
            self.fh.write(e.extra)
            self.fh.write(e.comment)
        size = self._offset() - directory
        count = len(self.entries)
        if count > 0xFFFF:
            raise RefusedWorkbookError("zip64 packages are not supported")  # pragma: no cover
        self.fh.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, size, directory, 0))
