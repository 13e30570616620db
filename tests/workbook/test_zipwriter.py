"""xladdin.workbook.zipwriter: zip packages written entry by entry without zipfile's private
parts (issue #12). Each source package is made here by hand with the quirk it is named after;
the oracle is the standard library's own zipfile reading the result (and, for new parts,
zipfile writing the same entries: the bytes must be the same)."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from xladdin.workbook.package import Package
from xladdin.workbook.zipwriter import PackageWriter


def _copy_all(data: bytes, edits: dict[str, bytes] | None = None) -> bytes:
    pkg = Package(data)
    fh = io.BytesIO()
    writer = PackageWriter(fh)
    for name in pkg.names():
        if edits and name in edits:
            writer.write(name, edits[name], pkg.infos[name])
        else:
            writer.copy_raw(*pkg.raw(name))
    writer.close()
    return fh.getvalue()


def _local_data(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """The compressed bytes of an entry, found through its local header."""
    name_len, extra_len = struct.unpack(
        "<HH", data[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_len + extra_len
    return data[start : start + info.compress_size]


def _zip(entries: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info, payload in entries:
            z.writestr(info, payload)
    return buf.getvalue()


def _info(name: str, method: int = zipfile.ZIP_DEFLATED, **attrs) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, attrs.pop("date_time", (2024, 5, 6, 7, 8, 10)))
    info.compress_type = method
    for key, value in attrs.items():
        setattr(info, key, value)
    return info


def test_raw_copies_keep_every_entry_byte_for_byte():
    src = _zip(
        [
            (_info("[Content_Types].xml", zipfile.ZIP_STORED), b"<Types/>"),
            (_info("xl/workbook.xml", comment=b"a comment"), b"<workbook/>" * 50),
            # stored beside deflated (a package in another method is refused on reading:
            # tests/security/test_zip_container.py)
            (_info("xl/media/image1.bin", zipfile.ZIP_STORED), b"\x00\x01" * 300),
            (_info("docProps/extra.xml", extra=struct.pack("<HH4s", 0xCAFE, 4, b"abcd")), b"<p/>"),
        ]
    )
    out = _copy_all(src)
    assert out == src  # zipfile wrote these with sizes in the local header: nothing to change
    a, b = zipfile.ZipFile(io.BytesIO(src)), zipfile.ZipFile(io.BytesIO(out))
    assert b.testzip() is None
    for x, y in zip(a.infolist(), b.infolist(), strict=True):
        assert (y.filename, y.CRC, y.compress_size, y.file_size, y.date_time) == (
            x.filename, x.CRC, x.compress_size, x.file_size, x.date_time
        )  # fmt: skip
        assert (y.compress_type, y.comment, y.extra, y.external_attr) == (
            x.compress_type, x.comment, x.extra, x.external_attr
        )  # fmt: skip
        assert _local_data(out, y) == _local_data(src, x)


def test_a_data_descriptor_source_is_copied_with_its_sizes_in_the_local_header():
    """A zip tool that streams (no seeking) puts sizes after the data (flag bit 3); the copy
    keeps the compressed bytes and writes the sizes in the local header instead."""

    class Stream(io.RawIOBase):
        def __init__(self) -> None:
            self.buf = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, b) -> int:  # type: ignore[override]
            self.buf += b
            return len(b)

    stream = Stream()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"<workbook/>" * 40)
        z.writestr("xl/styles.xml", b"<styleSheet/>")
    src = bytes(stream.buf)
    assert all(i.flag_bits & 0x08 for i in zipfile.ZipFile(io.BytesIO(src)).infolist())
    out = _copy_all(src)
    got = zipfile.ZipFile(io.BytesIO(out))
    assert got.testzip() is None and not any(i.flag_bits & 0x08 for i in got.infolist())
    assert got.read("xl/workbook.xml") == b"<workbook/>" * 40
    for x, y in zip(zipfile.ZipFile(io.BytesIO(src)).infolist(), got.infolist(), strict=True):
        assert _local_data(out, y) == _local_data(src, x)
        header = out[y.header_offset : y.header_offset + 30]
        assert struct.unpack("<LLL", header[14:26]) == (y.CRC, y.compress_size, y.file_size)


def test_a_zip64_extra_field_is_dropped_for_plain_sizes():
    zip64 = struct.pack("<HHQQ", 0x0001, 16, 11 * 40, 30)
    src = _zip([(_info("xl/workbook.xml", extra=zip64 + struct.pack("<HH2s", 0xBEEF, 2, b"ok")),
                 b"<workbook/>" * 40)])  # fmt: skip
    got = zipfile.ZipFile(io.BytesIO(_copy_all(src)))
    (info,) = got.infolist()
    assert info.extra == struct.pack("<HH2s", 0xBEEF, 2, b"ok")
    assert got.read(info) == b"<workbook/>" * 40


@pytest.mark.parametrize("name", ["xl/worksheets/sheet1.xml", "xl/ແຂວງ.xml"])
def test_a_rewritten_part_is_what_zipfile_would_write(name):
    """New bytes for a part: deflated at zlib's default level, the old entry's time and
    attributes kept, a non-ASCII name stored as UTF-8 with bit 11 set -- the same bytes as the
    standard library's writestr."""
    old = _info(name, date_time=(2023, 1, 2, 3, 4, 6), external_attr=0o644 << 16)
    src = _zip([(old, b"<worksheet/>")])
    new = b"<worksheet><sheetData/></worksheet>" * 20
    out = _copy_all(src, {name: new})
    like = _info(name, date_time=(2023, 1, 2, 3, 4, 6), external_attr=0o644 << 16)
    assert out == _zip([(like, new)])
    (info,) = zipfile.ZipFile(io.BytesIO(out)).infolist()
    assert bool(info.flag_bits & 0x800) == (not name.isascii())


def test_an_added_part_without_permissions_gets_owner_read_write():
    fh = io.BytesIO()
    writer = PackageWriter(fh)
    writer.write("docProps/custom.xml", b"<Properties/>")
    writer.write("docProps/app.xml", b"<Properties/>", _info("x", external_attr=0))
    writer.close()
    writer.close()  # once only: a second close writes nothing
    got = zipfile.ZipFile(io.BytesIO(fh.getvalue()))
    assert [i.external_attr for i in got.infolist()] == [0o600 << 16] * 2
    assert [i.date_time for i in got.infolist()] == [(1980, 1, 1, 0, 0, 0), (2024, 5, 6, 7, 8, 10)]
    assert got.testzip() is None and fh.getvalue().count(b"PK\x05\x06") == 1
