"""The Windows wheel set: every dependency as a ``win_amd64`` wheel, fetched at build time.

* :func:`build_xladdin_wheel` builds xladdin's own wheel from the source tree (copied to a
  temporary folder first, so nothing is written into the work tree).
* :func:`download` runs ``pip download --platform win_amd64 --python-version 3.11
  --implementation cp --only-binary=:all:`` for ``xladdin`` and ``pywin32``. pywin32 is named
  explicitly: xlwings requires it only on Windows (``; platform_system == "Windows"``), and
  pip resolving on Linux would otherwise drop it even with ``--platform``.
* :func:`resolve_offline` is the proof that nothing is missing: ``pip install --dry-run
  --no-index --find-links BUNDLE --platform win_amd64 ... --target T xladdin pywin32``.
* :func:`install_target` installs the same set into a folder (the installer's
  ``python\\Lib\\site-packages``) with the same options, without ``--dry-run``.

Every offline pip call runs with ``PIP_CONFIG_FILE`` set to the null device: a machine's pip
configuration may add ``find-links`` folders, which would hide a missing wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from xladdin.dist import DistError

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ["xladdin", "pywin32"]
PIP_TIMEOUT = 900


def platform_args(python_version: str) -> list[str]:
    """pip options that select Windows x64 CPython wheels of ``python_version`` (``3.11``)."""
    return [
        "--platform",
        "win_amd64",
        "--python-version",
        python_version,
        "--implementation",
        "cp",
        "--only-binary=:all:",
    ]


def _pip(args: list[str], *, offline: bool, what: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if offline:
        env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    cmd = [sys.executable, "-m", "pip", *args]
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, env=env, timeout=PIP_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise DistError(f"{what}: pip did not finish in {PIP_TIMEOUT} s") from exc
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-12:])
        raise DistError(f"{what} failed (pip exit {proc.returncode}):\n{tail}")
    return proc


def build_xladdin_wheel(dest: Path, source: Path = ROOT) -> Path:
    """Build xladdin's wheel from ``source`` into ``dest``; return its path."""
    if not (source / "pyproject.toml").is_file():
        raise DistError(
            f"no pyproject.toml in {source}: the installer is built from a source checkout"
        )
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xladdin-wheel-src-") as tmp:
        copy = Path(tmp) / "src"
        copy.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copyfile(source / name, copy / name)
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
        for package in ("xladdin", "udfs"):
            shutil.copytree(source / package, copy / package, ignore=ignore)
        before = set(dest.glob("xladdin-*.whl"))
        _pip(
            ["wheel", "--no-deps", "-q", "-w", str(dest), str(copy)],
            offline=False,
            what="building the xladdin wheel",
        )
    built = sorted(set(dest.glob("xladdin-*.whl")) - before) or sorted(dest.glob("xladdin-*.whl"))
    if not built:
        raise DistError("building the xladdin wheel wrote no xladdin-*.whl")
    return built[-1]


def download(bundle: Path, python_version: str, requirements: list[str] | None = None) -> None:
    """Fill ``bundle`` with xladdin's wheel and every dependency's ``win_amd64`` wheel."""
    build_xladdin_wheel(bundle)
    _pip(
        [
            "download",
            "-q",
            "-d",
            str(bundle),
            "--find-links",
            str(bundle),
            *platform_args(python_version),
            *(requirements or REQUIREMENTS),
        ],
        offline=False,
        what="downloading the Windows wheels",
    )


def resolve_offline(
    bundle: Path, python_version: str, requirements: list[str] | None = None
) -> list[str]:
    """Resolve ``requirements`` for Windows x64 from ``bundle`` alone; return ``name==version``.

    Raises :class:`DistError` naming what is missing when the bundle is incomplete.
    """
    with tempfile.TemporaryDirectory(prefix="xladdin-dry-run-") as tmp:
        report = Path(tmp) / "report.json"
        _pip(
            [
                "install",
                "--dry-run",
                "--ignore-installed",
                "--no-index",
                "--find-links",
                str(bundle),
                *platform_args(python_version),
                "--target",
                str(Path(tmp) / "target"),
                "--report",
                str(report),
                *(requirements or REQUIREMENTS),
            ],
            offline=True,
            what=f"resolving the wheel set offline for win_amd64 from {bundle}",
        )
        import json

        data = json.loads(report.read_text(encoding="utf-8"))
    return sorted(
        f"{item['metadata']['name']}=={item['metadata']['version']}"
        for item in data.get("install", [])
    )


def install_target(
    bundle: Path, target: Path, python_version: str, requirements: list[str] | None = None
) -> None:
    """Install the wheel set into ``target`` (a ``site-packages`` folder for Windows)."""
    _pip(
        [
            "install",
            "-q",
            "--no-index",
            "--find-links",
            str(bundle),
            *platform_args(python_version),
            "--no-compile",
            "--target",
            str(target),
            *(requirements or REQUIREMENTS),
        ],
        offline=True,
        what="installing the wheel set into the installer's Python",
    )


def data_files(bundle: Path) -> list[str]:
    """Paths (``/``-separated) that wheels in ``bundle`` install into the Python prefix.

    A wheel's ``NAME.data/data/...`` files go to ``sys.prefix`` (xlwings puts its
    ``xlwings64-<version>.dll`` there, beside ``pythonw.exe``, where its VBA loads it from);
    ``pip install --target`` leaves them at the top of the target folder instead.
    """
    out = []
    for wheel in sorted(bundle.glob("*.whl")):
        with zipfile.ZipFile(wheel) as z:
            for name in z.namelist():
                parts = name.split("/")
                if (
                    len(parts) > 2
                    and parts[0].endswith(".data")
                    and parts[1] == "data"
                    and not name.endswith("/")
                ):
                    out.append("/".join(parts[2:]))
    return out
