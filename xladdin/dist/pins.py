"""The Windows CPython the installer ships: an input file, checked against a pinned SHA-256.

The build machine is given the python.org *Windows embeddable package* (64-bit zip) as a file;
its SHA-256 must be listed in ``python-pins.csv`` beside this module (a data file, changed in a
reviewed commit after comparing the hash with the one python.org publishes). Any other file is
refused: :class:`~xladdin.dist.RefusedInputError`, exit code 2.
"""

from __future__ import annotations

import csv
import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from xladdin.dist import RefusedInputError

PINS_FILE = Path(__file__).resolve().parent / "python-pins.csv"
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class PythonPin:
    """One pinned CPython package: file name, version ``3.11.9``, sha256 (lower-case hex)."""

    file: str
    version: str
    sha256: str
    source: str

    @property
    def tag(self) -> str:
        """``311`` for 3.11.x (the name of ``python311._pth`` / ``python311.dll``)."""
        major, minor = self.version.split(".")[:2]
        return f"{major}{minor}"

    @property
    def short_version(self) -> str:
        """``3.11`` (what ``pip --python-version`` takes)."""
        return ".".join(self.version.split(".")[:2])


def load_pins(path: str | Path = PINS_FILE) -> list[PythonPin]:
    """Every row of the pins file that has a well-formed sha256 (empty ones are not pins)."""
    pins = []
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            digest = (row.get("sha256") or "").strip().lower()
            if _HEX64.fullmatch(digest):
                pins.append(PythonPin(row["file"], row["version"], digest, row.get("source", "")))
    return pins


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file, lower-case hex."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_python(path: str | Path, pins_file: str | Path = PINS_FILE) -> PythonPin:
    """Return the pin matching the file at ``path``; refuse anything else.

    Refused (:class:`RefusedInputError`): a missing file, a hash not pinned in ``pins_file``,
    and a pinned file that is not an embeddable package (no ``python.exe``, ``pythonw.exe``,
    ``pythonXY._pth`` inside).
    """
    path = Path(path)
    if not path.is_file():
        raise RefusedInputError(f"the Python package is not a file: {path}")
    digest = sha256_file(path)
    pins = load_pins(pins_file)
    match = next((p for p in pins if p.sha256 == digest), None)
    if match is None:
        listed = ", ".join(f"{p.file} ({p.sha256[:12]}...)" for p in pins) or "none yet"
        raise RefusedInputError(
            f"refused: {path.name} has SHA-256 {digest}, which is not pinned in "
            f"{Path(pins_file).name} (pinned: {listed}). Give the python.org Windows "
            "embeddable package (64-bit .zip) whose hash is pinned; to pin a new one, compare "
            "its SHA-256 with the hash python.org publishes and add a row to that file."
        )
    try:
        with zipfile.ZipFile(path) as z:
            names = {n.lower() for n in z.namelist()}
    except zipfile.BadZipFile as exc:
        raise RefusedInputError(f"refused: {path.name} is pinned but is not a zip file") from exc
    needed = {"python.exe", "pythonw.exe", f"python{match.tag}._pth"}
    if not needed <= names:
        raise RefusedInputError(
            f"refused: {path.name} is not a Windows embeddable package (missing "
            f"{sorted(needed - names)})"
        )
    return match
