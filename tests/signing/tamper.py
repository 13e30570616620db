"""Edit a signed package by hand at the zip/XML level, as an attacker with a zip tool and a
text editor would (no xladdin code involved)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path


def rewrite(
    path: Path,
    out: Path,
    *,
    edit: dict[str, Callable[[bytes], bytes]] | None = None,
    remove: set[str] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    """Copy the zip ``path`` to ``out`` with parts edited, removed or added."""
    edit, remove, add = edit or {}, remove or set(), add or {}
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in remove:
                continue
            data = src.read(info.filename)
            if info.filename in edit:
                new = edit[info.filename](data)
                assert new != data, f"the edit of {info.filename} changed nothing"
                data = new
            dst.writestr(info, data)
        for name, data in add.items():
            dst.writestr(name, data)
    return out


def sheet_with_number(path: Path) -> tuple[str, bytes]:
    """A worksheet part and the first ``<v>`` number in it."""
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
                m = re.search(
                    rb"<c [^>]*?r=\"[A-Z]+\d+\"(?: [^>]*)?><v>(\d+(?:\.\d+)?)</v>", z.read(name)
                )
                if m:
                    return name, m.group(1)
    raise AssertionError("no numeric cell found")


def change_first_number(data: bytes) -> bytes:
    """One cell edited by hand: the first numeric ``<v>`` gets 1 added to its first digit."""
    m = re.search(rb"<c [^>]*?r=\"[A-Z]+\d+\"(?: [^>]*)?><v>(\d)", data)
    assert m
    digit = str((int(m.group(1)) + 1) % 10).encode()
    return data[: m.start(1)] + digit + data[m.end(1) :]
