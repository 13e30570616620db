"""The zip container of a returned file, written byte by byte (``struct``), as an attacker with
a hex editor or a zip library of their own would write it.

xladdin reads a package through its central directory, as Excel does. A reader that walks the
local headers from the start of the file (a streaming reader: Java's ``ZipInputStream``,
``funzip``) reads whatever entries come first, listed or not. So every byte of the file must be
an entry the directory lists, where it lists it: a hidden copy of a sheet before the real one, a
whole forged zip in front of the real one or a sheet inside an unlisted padding entry would show
other numbers to such a reader behind an intact stamp. Each quirk below is refused with a
finding (never a traceback), and the packages real writers make (data descriptors included)
are read.
"""

from __future__ import annotations

import bz2
import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.returned.province16 import read_parts, stamped_return_16
from xladdin.cli import main
from xladdin.returned import verify_file
from xladdin.workbook.package import Package, too_many_entries
from xladdin.workbook.safety import inspect_untrusted


def _local(name: bytes, method: int, crc: int, csize: int, usize: int, flags: int = 0) -> bytes:
    return (
        struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, 0x21, crc, csize, usize, len(name), 0
        )
        + name
    )


def _central(name: bytes, method: int, crc: int, csize: int, usize: int, offset: int) -> bytes:
    return (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            method,
            0,
            0x21,
            crc,
            csize,
            usize,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        + name
    )


def _end(count: int, cd_size: int, cd_offset: int) -> bytes:
    return struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, cd_size, cd_offset, 0)


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def _entry(name: str, data: bytes, method: int = 8) -> tuple[bytes, bytes, int, int]:
    """(name, compressed bytes, CRC, uncompressed size) of one entry."""
    raw = {0: lambda d: d, 8: _deflate, 12: bz2.compress}[method](data)
    return name.encode(), raw, zlib.crc32(data), len(data)


def build_zip(
    parts: dict[str, bytes],
    *,
    before: bytes = b"",
    unlisted: dict[str, bytes] | None = None,
    methods: dict[str, int] | None = None,
) -> bytes:
    """A zip of ``parts`` listed by its directory, with ``before`` in front of the first entry
    and the ``unlisted`` entries (complete local entries) written before the listed ones but
    left out of the directory."""
    out = bytearray(before)
    for name, data in (unlisted or {}).items():
        n, raw, crc, size = _entry(name, data)
        out += _local(n, 8, crc, len(raw), size) + raw
    directory = bytearray()
    for name, data in parts.items():
        method = (methods or {}).get(name, 8)
        n, raw, crc, size = _entry(name, data, method)
        directory += _central(n, method, crc, len(raw), size, len(out))
        out += _local(n, method, crc, len(raw), size) + raw
    start = len(out)
    return bytes(out + directory + _end(len(parts), len(directory), start))


@pytest.fixture(scope="module")
def stamped(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    path = stamped_return_16(tmp_path_factory.mktemp("zip"))
    return path, read_parts(path)


def _sheet_with_changed_number(parts: dict[str, bytes]) -> tuple[str, bytes]:
    """A worksheet part of the return and a copy of it with one number changed."""
    for name, data in parts.items():
        if name.startswith("xl/worksheets/sheet") and b"<v>" in data:
            at = data.index(b"<v>") + 3
            end = data.index(b"</v>", at)
            return name, data[:at] + b"999999" + data[end:]
    raise AssertionError("no worksheet with a number")


def _refused(path: Path, code: str = "workbook-unreadable") -> None:
    findings, package = inspect_untrusted(path)
    assert package is None and code in [f.code for f in findings], [f.code for f in findings]
    result = verify_file(path)
    assert result.exit_code == 2 and not result.intact
    assert main(["verify", str(path), "--lang", "en"]) == 2


def test_the_return_rebuilt_byte_by_byte_verifies(stamped, tmp_path):
    """The builder itself changes nothing: the same parts, listed, verify as intact."""
    path = tmp_path / "rebuilt.xlsx"
    path.write_bytes(build_zip(stamped[1]))
    assert verify_file(path).intact


def test_a_forged_sheet_hidden_before_the_listed_entries(stamped, tmp_path):
    """A streaming reader meets the forged copy first; the directory lists only the real one."""
    parts = stamped[1]
    name, forged = _sheet_with_changed_number(parts)
    path = tmp_path / "hidden-local-entry-first.xlsx"
    path.write_bytes(build_zip(parts, unlisted={name: forged}))
    with zipfile.ZipFile(path) as z:  # the directory's reading: the real sheet
        assert z.read(name) == parts[name]
    _refused(path)


def test_a_whole_forged_zip_in_front_of_the_real_one(stamped, tmp_path):
    parts = stamped[1]
    name, forged = _sheet_with_changed_number(parts)
    path = tmp_path / "forged-zip-prepended.xlsx"
    path.write_bytes(build_zip(parts, before=build_zip({**parts, name: forged})))
    _refused(path)


def test_junk_in_front_of_the_first_entry(stamped, tmp_path):
    """A self-extractor's stub before the zip: no workbook writer makes one; refused."""
    path = tmp_path / "prefix-junk.xlsx"
    path.write_bytes(build_zip(stamped[1], before=b"MZ" + b"\0" * 510))
    _refused(path)


def test_a_sheet_compressed_with_bzip2(tmp_path):
    """Methods other than stored and deflated inflate without the bound deflate has (a bzip2
    part declaring 1,000 bytes can inflate to gigabytes): refused before any part is read."""
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    parts = {"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": sheet}
    path = tmp_path / "bzip2-sheet.xlsx"
    path.write_bytes(build_zip(parts, methods={"xl/worksheets/sheet1.xml": 12}))
    _refused(path)
    said = [f.message_en for f in inspect_untrusted(path)[0]]
    assert "method 12" in said[0]


def test_a_directory_larger_than_its_end_record_says(tmp_path):
    """The end record says 1 entry; the directory holds 5,000: its records are counted (up to
    the limit), refused before zipfile reads them (``zip-too-many-parts``), by every door."""
    n, raw, crc, size = _entry("a", b"x")
    body = _local(n, 8, crc, len(raw), size) + raw
    directory = _central(n, 8, crc, len(raw), size, 0) * 5_000
    data = body + directory + _end(1, len(directory), len(body))
    assert too_many_entries(data, 2_000) == "2001+"
    path = tmp_path / "count-understated.xlsx"
    path.write_bytes(data)
    _refused(path, "zip-too-many-parts")
    with pytest.raises(Exception) as raised:
        Package(path)
    assert getattr(raised.value, "finding_code", "") == "zip-too-many-parts"


@pytest.mark.parametrize("entries, said", [(1_999, None), (2_000, None), (2_001, 2_001)])
def test_the_entry_limit_counts_entries_not_directory_bytes(entries, said):
    """Long part names make a large directory, not many parts: 2,000 entries with 80-character
    names are within the limit of 2,000 (a workbook of 1,300 sheets is read), 2,001 are not."""
    parts = {f"xl/worksheets/{'a' * 60}{k:05d}.xml": b"<x/>" for k in range(entries)}
    assert too_many_entries(build_zip(parts), 2_000) == said


def test_data_descriptors_as_streaming_writers_make_them_are_read(stamped, tmp_path):
    """zipfile writing to a stream that cannot seek puts each entry's sizes in a data
    descriptor after its data (flag bit 3): a package as real writers make it, read and
    verified."""

    class Unseekable(io.RawIOBase):
        def __init__(self) -> None:
            self.buffer = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, b) -> int:
            self.buffer += bytes(b)
            return len(b)

    sink = Unseekable()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in stamped[1].items():
            z.writestr(name, data)
    data = bytes(sink.buffer)
    assert struct.unpack("<H", data[6:8])[0] & 0x08  # the first entry has a descriptor
    path = tmp_path / "data-descriptors.xlsx"
    path.write_bytes(data)
    assert verify_file(path).intact
