"""``xladdin addin install``: path logic with a fake environment; refusal off Windows."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import pytest

from xladdin.addin import build, conf, install
from xladdin.cli import main


def test_xlstart_from_appdata():
    env = {"APPDATA": r"C:\Users\somphone\AppData\Roaming"}
    assert install.xlstart_dir(env) == PureWindowsPath(
        r"C:\Users\somphone\AppData\Roaming\Microsoft\Excel\XLSTART"
    )


def test_xlstart_from_userprofile():
    env = {"USERPROFILE": r"C:\Users\somphone"}
    assert (
        str(install.xlstart_dir(env))
        == r"C:\Users\somphone\AppData\Roaming\Microsoft\Excel\XLSTART"
    )


def test_xlstart_without_env():
    with pytest.raises(install.AddinBuildError, match="APPDATA"):
        install.xlstart_dir({})


def test_refused_off_windows(tmp_path):
    with pytest.raises(install.NotWindowsError, match="Windows only"):
        install.install(tmp_path / "x.xlam", platform="linux")


def test_cli_exits_2_off_windows(capsys, monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    assert main(["addin", "install"]) == 2
    assert "Windows only" in capsys.readouterr().err


def test_install_writes_interpreter(built_addin, tmp_path):
    target = tmp_path / "XLSTART"
    python = r"C:\Users\somphone\AppData\Local\Programs\Python\Python311\pythonw.exe"
    path = install.install(
        built_addin, interpreter=python, platform="win32", env={}, target_dir=target
    )
    assert path == target / "xladdin.xlam"
    assert sorted(p.name for p in target.iterdir()) == ["xladdin.xlam"]  # no staging left
    parts = build.read_parts(path)
    values = conf.read_sheet(parts[conf.SHEET_PART], parts[conf.STRINGS_PART])
    assert values["INTERPRETER_WIN"] == python
    assert values["UDF MODULES"] == "udfs"
    # VBA untouched: the installed copy still verifies against the sources.
    assert parts["xl/vbaProject.bin"] == build.read_parts(built_addin)["xl/vbaProject.bin"]
    # Installing again replaces the file in place.
    install.install(
        built_addin, interpreter="C:\\Python311\\pythonw.exe", platform="win32", target_dir=target
    )
    values = conf.read_sheet(
        *(build.read_parts(path)[p] for p in (conf.SHEET_PART, conf.STRINGS_PART))
    )
    assert values["INTERPRETER_WIN"] == "C:\\Python311\\pythonw.exe"


def test_non_ascii_interpreter_warns():
    assert install.ascii_path_warning(r"C:\Python311\pythonw.exe") is None
    assert "non-ASCII" in install.ascii_path_warning("C:\\Users\\\u0eaa\u0ebb\u0ea1\\pythonw.exe")


def test_default_interpreter_prefers_pythonw(tmp_path):
    exe = tmp_path / "python.exe"
    exe.write_bytes(b"")
    assert install.default_interpreter(str(exe)) == str(exe)
    (tmp_path / "pythonw.exe").write_bytes(b"")
    assert install.default_interpreter(str(exe)) == str(tmp_path / "pythonw.exe")


def test_install_builds_when_nothing_is_built(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no dist/xladdin.xlam here
    env = {"APPDATA": str(tmp_path / "Roaming")}
    monkeypatch.setattr(install, "xlstart_dir", lambda e: Path(e["APPDATA"]) / "XLSTART")
    path = install.install(interpreter=r"C:\Python311\pythonw.exe", platform="win32", env=env)
    assert path.is_file() and path.parent.name == "XLSTART"
    assert not (tmp_path / "dist").exists()  # built in a temporary folder, not in the cwd


def test_missing_xlam_is_an_error(tmp_path):
    with pytest.raises(install.AddinBuildError, match="not found"):
        install.install(tmp_path / "nope.xlam", platform="win32", target_dir=tmp_path)


_WITHOUT_BUILD_TOOLS = """
import sys
from importlib.abc import MetaPathFinder

class NoBuildTools(MetaPathFinder):
    # As on a PC set up by the Windows installer: xladdin's dependencies only.
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("pyopenvba", "oletools", "olefile"):
            raise ModuleNotFoundError(name)
        return None

sys.meta_path.insert(0, NoBuildTools())
from xladdin.addin import install
path = install.install(sys.argv[1], interpreter=sys.argv[2], platform="win32", env={},
                       target_dir=sys.argv[3])
assert not any(m.startswith(("pyopenvba", "oletools")) for m in sys.modules)
print(path)
"""


def test_install_without_the_build_tools(built_addin, tmp_path):
    # The installer runs "python -m xladdin addin install" with only the runtime wheels.
    import subprocess
    import sys

    python = "C:\\xladdin-1\\python\\pythonw.exe"
    proc = subprocess.run(
        [sys.executable, "-c", _WITHOUT_BUILD_TOOLS, str(built_addin), python, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    parts = build.read_parts(tmp_path / "xladdin.xlam")
    values = conf.read_sheet(parts[conf.SHEET_PART], parts[conf.STRINGS_PART])
    assert values["INTERPRETER_WIN"] == python


def test_configured_copy_must_differ_only_in_the_config_sheet(built_addin, tmp_path):
    good = tmp_path / "good.xlam"
    install.configure(built_addin, good, "C:\\Python311\\pythonw.exe")
    install.check_configured(built_addin, good, "C:\\Python311\\pythonw.exe")
    with pytest.raises(install.AddinBuildError, match="Interpreter_Win="):
        install.check_configured(built_addin, good, "C:\\Other\\pythonw.exe")
    parts = build.read_parts(good)
    parts["customUI/customUI14.xml"] = b"<customUI/>"
    bad = tmp_path / "bad.xlam"
    build.write_zip(bad, parts)
    with pytest.raises(
        install.AddinBuildError, match=r"differs .* in \['customUI/customUI14.xml'\]"
    ):
        install.check_configured(built_addin, bad, "C:\\Python311\\pythonw.exe")


def _install_into(monkeypatch, target: Path) -> None:
    """``install.install`` as on Windows, into ``target`` (the CLI passes no platform)."""
    real = install.install

    def on_windows(xlam=None, *, interpreter=None, **_kw):
        return real(xlam, interpreter=interpreter, platform="win32", env={}, target_dir=target)

    monkeypatch.setattr(install, "install", on_windows)


def test_cli_install_says_what_it_did_in_the_language_asked(
    built_addin, tmp_path, monkeypatch, capsys
):
    # A provincial IT officer installing by hand: the lines in Lao, or in both languages.
    _install_into(monkeypatch, tmp_path / "XLSTART")
    python = r"C:\xladdin-1\python\pythonw.exe"
    argv = ["addin", "install", "--xlam", str(built_addin), "--interpreter", python]
    assert main([*argv, "--lang", "both"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"installed {tmp_path / 'XLSTART' / 'xladdin.xlam'}"
    assert out[1].startswith("ຕິດຕັ້ງແລ້ວ: ") and out[1].endswith("xladdin.xlam")
    assert f"Python used by Excel: {python}" in out and f"Python ທີ່ Excel ໃຊ້: {python}" in out
    assert main([*argv, "--lang", "lo"]) == 0
    lao = capsys.readouterr().out
    assert "installed" not in lao and "Start Excel" not in lao and "ເປີດ Excel" in lao


def test_cli_install_over_an_addin_excel_holds_open_says_close_excel(
    built_addin, tmp_path, monkeypatch, capsys
):
    # On Windows, replacing a file Excel has open fails with PermissionError (winerror 32).
    import xladdin.addin.install as module

    _install_into(monkeypatch, tmp_path / "XLSTART")

    def held_open(staged, target):
        raise PermissionError(13, "The process cannot access the file", str(target))

    monkeypatch.setattr(module, "replace_staged", held_open)
    argv = ["addin", "install", "--xlam", str(built_addin), "--interpreter", r"C:\P\pythonw.exe"]
    assert main([*argv, "--lang", "both"]) == 1
    err = capsys.readouterr().err
    assert "close Excel (all windows)" in err and "ປິດ Excel" in err
    assert not list((tmp_path / "XLSTART").glob("*.new"))  # the staged copy is removed


@pytest.mark.parametrize(
    ("quirk", "english"),
    [("missing", "does not exist"), ("folder", "folder"), ("not-a-zip", "not a zip file")],
)
def test_cli_install_refuses_an_xlam_it_cannot_use_in_both_languages(
    quirk, english, tmp_path, capsys
):
    xlam = tmp_path / "x.xlam"
    if quirk == "folder":
        xlam.mkdir()
    elif quirk == "not-a-zip":
        xlam.write_text("a text file named .xlam", encoding="utf-8")
    assert main(["addin", "install", "--xlam", str(xlam), "--lang", "both"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert english in err[0] and str(xlam) in err[0]
    assert err[1].startswith("ຜິດພາດ: --xlam ")
