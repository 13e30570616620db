"""The province-16 workbook the forgery, quirk and outputs-current tests start from: built from
the template with the illustrative sample, compiled, and (for returns) prepared and stamped by
xladdin's own functions. One home, so the suites attack the same file."""

from __future__ import annotations

import zipfile
from pathlib import Path


def compiled_province_16(folder: Path) -> Path:
    """``folder/province-16.xlsx``: the province template filled with the sample and compiled."""
    from xladdin.compile import compile_file
    from xladdin.review.sample import compiled_province_fill
    from xladdin.templates.builder import build

    fill, years = compiled_province_fill("16")
    book = folder / "province-16.xlsx"
    build("province-gdp", book, years=years, fill=fill)
    compile_file(book, backup=False)
    return book


def stamped_return_16(folder: Path) -> Path:
    """``folder/province-16-return.xlsx``: the compiled workbook prepared (stamped)."""
    from xladdin.returned import prepare_package

    book = compiled_province_16(folder)
    out = folder / "province-16-return.xlsx"
    return prepare_package(book, out=out, compiler="office 16").path


def read_parts(path: Path) -> dict[str, bytes]:
    """Every zip entry of ``path`` by name, as bytes."""
    with zipfile.ZipFile(path) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def write_parts(parts: dict[str, bytes], out: Path) -> Path:
    """A zip package at ``out`` holding ``parts`` (name -> bytes), in order; ``out``."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out
