"""Fixtures for the installer tests: a tiny stand-in "Windows Python" and tiny wheels.

The real inputs (python.org's embeddable package, ~100 MB of wheels) are not needed to test
the build's logic: the compile test uses files made here by hand, each named for what it
stands in for. One slow test downloads the real wheel set (needs PyPI).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "network: downloads from PyPI; skipped when it cannot be reached, "
        "required in CI (XLADDIN_REQUIRE_NETWORK=1)",
    )


def require_makensis() -> str:
    """Skip when NSIS is missing locally; fail in CI (XLADDIN_REQUIRE_NSIS=1)."""
    path = shutil.which("makensis")
    if path is None:
        if os.environ.get("XLADDIN_REQUIRE_NSIS"):
            pytest.fail("makensis (apt-get install nsis) is required in CI but not installed")
        pytest.skip("makensis (NSIS) not installed")
    return path


@pytest.fixture
def makensis() -> str:
    return require_makensis()


def embeddable_zip(path: Path, *, tag: str = "311", without: tuple[str, ...] = ()) -> Path:
    """A stand-in for python-3.11.x-embed-amd64.zip: the same file names, dummy contents.

    The ._pth text is the one python.org ships (``import site`` commented out).
    """
    stdlib = io.BytesIO()
    with zipfile.ZipFile(stdlib, "w") as z:
        z.writestr("os.pyc", b"dummy")
    files = {
        "python.exe": b"MZ dummy python.exe",
        "pythonw.exe": b"MZ dummy pythonw.exe",
        f"python{tag}.dll": b"MZ dummy dll",
        "python3.dll": b"MZ dummy dll",
        f"python{tag}.zip": stdlib.getvalue(),
        f"python{tag}._pth": (
            f"python{tag}.zip\r\n.\r\n\r\n# Uncomment to run site.main() automatically\r\n"
            "#import site\r\n"
        ).encode(),
    }
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            if name not in without:
                z.writestr(name, data)
    return path


def pins_for(path: Path, pinned: Path, version: str = "3.11.9") -> Path:
    digest = hashlib.sha256(pinned.read_bytes()).hexdigest()
    path.write_text(
        "file,version,sha256,source,note\n"
        f"{pinned.name},{version},{digest},test,stand-in made by tests/dist/conftest.py\n",
        encoding="utf-8",
    )
    return path


def tiny_wheel(
    folder: Path,
    name: str,
    version: str = "0.1",
    *,
    requires: tuple[str, ...] = (),
    data: dict[str, bytes] | None = None,
) -> Path:
    """A minimal valid pure-Python wheel written by hand (METADATA, WHEEL, RECORD)."""
    folder.mkdir(parents=True, exist_ok=True)
    info = f"{name}-{version}.dist-info"
    files = {
        f"{name}/__init__.py": f'"""{name} stand-in."""\nVALUE = 1\n'.encode(),
        f"{info}/METADATA": (
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
            + "".join(f"Requires-Dist: {r}\n" for r in requires)
        ).encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n",
    }
    for rel, blob in (data or {}).items():
        files[f"{name}-{version}.data/data/{rel}"] = blob
    record = []
    for arc, blob in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(blob).digest()).rstrip(b"=").decode()
        record.append(f"{arc},sha256={digest},{len(blob)}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    path = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as z:
        for arc, blob in files.items():
            z.writestr(arc, blob)
    return path
