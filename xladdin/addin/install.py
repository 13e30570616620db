"""``xladdin addin install``: put the add-in where Excel opens it at every start (Windows).

The add-in is copied into the user's Excel start-up folder
``%APPDATA%\\Microsoft\\Excel\\XLSTART`` (a trusted location by default, so its macros run
without Trust Center changes), with the path of this Python's ``pythonw.exe`` written into
its ``xladdin.conf`` sheet (``Interpreter_Win``), so the GDP_ functions and the ribbon use the
Python where xladdin is installed. Only that sheet is rewritten; the VBA is untouched and the
copy is verified before it replaces anything: every other part byte-identical to the source
add-in and the sheet reading back the path (:func:`check_configured`, which needs nothing
beyond xladdin's own dependencies, as on a PC set up by the Windows installer), plus the full
:func:`xladdin.addin.verify.verify_addin` where the build tools (pyOpenVBA, oletools) are
installed. Excel must be closed (it locks the file).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path, PureWindowsPath

from xladdin.addin import build, conf
from xladdin.errors import AddinBuildError
from xladdin.workbook.atomic import replace_staged

ADDIN_FILE = "xladdin.xlam"


class NotWindowsError(AddinBuildError):
    """Installing into Excel is only possible on Windows."""


class AddinInUseError(AddinBuildError):
    """The installed add-in could not be replaced: Excel has it open (``path``)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"cannot replace {path}: close Excel (all windows) and run the command again"
        )
        self.path = path


def xlstart_dir(env: Mapping[str, str]) -> PureWindowsPath:
    """``%APPDATA%\\Microsoft\\Excel\\XLSTART`` from the environment ``env``."""
    appdata = env.get("APPDATA")
    if not appdata:
        userprofile = env.get("USERPROFILE")
        if not userprofile:
            raise AddinBuildError("neither APPDATA nor USERPROFILE is set: cannot find XLSTART")
        appdata = str(PureWindowsPath(userprofile) / "AppData" / "Roaming")
    return PureWindowsPath(appdata) / "Microsoft" / "Excel" / "XLSTART"


def default_interpreter(executable: str | None = None) -> str:
    """``pythonw.exe`` beside this interpreter when it exists (no console window), else it."""
    exe = Path(executable or sys.executable)
    pythonw = exe.with_name("pythonw.exe")
    return str(pythonw if pythonw.is_file() else exe)


def ascii_path_warning(interpreter: str) -> str | None:
    """A warning when the interpreter path is not ASCII (xlwings starts Python with ANSI calls)."""
    if all(ord(ch) < 128 for ch in interpreter):
        return None
    return (
        f"warning: the Python path {interpreter!r} contains non-ASCII letters (e.g. a Lao user "
        "name). xlwings may fail to start it; install Python in an ASCII folder such as "
        "C:\\Python311 and run this command with that Python."
    )


def configure(xlam: Path, dest: Path, interpreter: str) -> None:
    """Copy ``xlam`` to ``dest`` with ``Interpreter_Win`` set in its config sheet."""
    rows = conf.load_config({conf.INTERPRETER_KEY: interpreter})
    build.replace_parts(xlam, conf.sheet_parts(rows), dest)


def check_configured(source: Path, staged: Path, interpreter: str) -> None:
    """Raise unless ``staged`` is ``source`` with only the config sheet changed, and that
    sheet gives ``Interpreter_Win`` = ``interpreter``."""
    old, new = build.read_parts(source), build.read_parts(staged)
    changed = sorted(n for n in set(old) | set(new) if old.get(n) != new.get(n))
    unexpected = [n for n in changed if n not in (conf.SHEET_PART, conf.STRINGS_PART)]
    if unexpected:
        raise AddinBuildError(f"the configured add-in differs from {source} in {unexpected}")
    try:
        values = conf.read_sheet(new[conf.SHEET_PART], new[conf.STRINGS_PART])
    except KeyError as exc:
        raise AddinBuildError(f"the configured add-in has no config sheet part {exc}") from exc
    got = values.get(conf.INTERPRETER_KEY.upper())
    if got != interpreter:
        raise AddinBuildError(
            f"the config sheet reads Interpreter_Win={got!r}, not {interpreter!r}"
        )


def _build_tools_installed() -> bool:
    import importlib.util

    try:
        return all(importlib.util.find_spec(m) is not None for m in ("pyopenvba", "oletools"))
    except (ImportError, ValueError):
        return False


def _install_file(source: Path, folder: Path, interpreter: str) -> None:
    """Stage a configured, verified copy beside the target, then replace the target."""
    dest = folder / ADDIN_FILE
    staged = folder / (ADDIN_FILE + ".new")
    configure(source, staged, interpreter)
    try:
        check_configured(source, staged, interpreter)
        if _build_tools_installed():
            from xladdin.addin.verify import verify_addin

            verify_addin(staged, libreoffice=False)
        replace_staged(staged, dest)
    except PermissionError as exc:
        raise AddinInUseError(dest) from exc
    finally:
        if staged.exists():
            staged.unlink()


def install(
    xlam: str | Path | None = None,
    *,
    interpreter: str | None = None,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    target_dir: str | Path | None = None,
) -> Path:
    """Install the add-in for the current Windows user; return the installed path.

    ``xlam`` defaults to ``dist/xladdin.xlam``, or a fresh build when there is none. ``env``,
    ``platform`` and ``target_dir`` exist for tests: ``target_dir`` replaces the XLSTART
    folder computed from ``env``.
    """
    platform = platform or sys.platform
    if not platform.startswith("win"):
        raise NotWindowsError(
            "xladdin addin install works on Windows only (it copies the add-in into Excel's "
            "XLSTART folder). On this machine use 'xladdin addin build' and copy "
            f"{build.DEFAULT_OUTPUT} to the Windows computer; see docs/addin.md."
        )
    env = os.environ if env is None else env
    folder = Path(target_dir) if target_dir else Path(str(xlstart_dir(env)))
    folder.mkdir(parents=True, exist_ok=True)
    interp = interpreter or default_interpreter()
    if xlam:
        source = Path(xlam)
        if not source.is_file():
            raise AddinBuildError(f"add-in not found: {source}")
        _install_file(source, folder, interp)
    elif build.DEFAULT_OUTPUT.is_file():
        _install_file(build.DEFAULT_OUTPUT, folder, interp)
    else:  # nothing built here: build from the installed sources, in a temporary folder
        with tempfile.TemporaryDirectory(prefix="xladdin-install-") as tmp:
            _install_file(build.build_addin(Path(tmp) / ADDIN_FILE), folder, interp)
    dest = folder / ADDIN_FILE
    return dest
