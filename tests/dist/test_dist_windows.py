"""``xladdin dist windows``: the offline Windows installer, built and checked on Linux.

No Windows here: the installer is compiled by makensis and its contents read back from the
compiler's own log; running it is in docs/windows-checklist.md.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from dist_support import embeddable_zip, pins_for, tiny_wheel

from xladdin.dist import DistError, RefusedInputError, pins, wheels, windows


def _docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "install.md").write_text("# xladdin\n\nການຕິດຕັ້ງ / Installing\n", encoding="utf-8")
    (docs / "addin.md").write_text("# Add-in\n", encoding="utf-8")
    return docs


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xladdin", *args], capture_output=True, text=True, timeout=120
    )


# ---------------------------------------------------------------- the pinned Python


def test_pinned_python_is_accepted(tmp_path):
    py = embeddable_zip(tmp_path / "python-3.11.9-embed-amd64.zip")
    pin = pins.check_python(py, pins_for(tmp_path / "pins.csv", py))
    assert (pin.version, pin.tag, pin.short_version) == ("3.11.9", "311", "3.11")
    assert pin.sha256 == hashlib.sha256(py.read_bytes()).hexdigest()


def test_unpinned_python_is_refused_with_exit_2(tmp_path):
    # The repository's pins file: a stand-in never has a pinned hash.
    py = embeddable_zip(tmp_path / "python-3.11.9-embed-amd64.zip")
    with pytest.raises(RefusedInputError, match="not pinned"):
        pins.check_python(py)
    out = tmp_path / "out"
    proc = _cli("dist", "windows", "--python", str(py), "-o", str(out))
    assert proc.returncode == 2, proc.stderr
    assert "not pinned" in proc.stderr and "python-pins.csv" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists() or not any(out.iterdir())


def test_one_changed_byte_is_refused(tmp_path):
    py = embeddable_zip(tmp_path / "python-3.11.9-embed-amd64.zip")
    pinned = pins_for(tmp_path / "pins.csv", py)
    data = bytearray(py.read_bytes())
    data[-1] ^= 1  # the zip comment length field's high byte: still the same size
    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(bytes(data))
    with pytest.raises(RefusedInputError, match="not pinned"):
        pins.check_python(tampered, pinned)


def test_pinned_file_that_is_not_an_embeddable_package_is_refused(tmp_path):
    no_pythonw = embeddable_zip(tmp_path / "no-pythonw.zip", without=("pythonw.exe",))
    with pytest.raises(RefusedInputError, match="not a Windows embeddable package"):
        pins.check_python(no_pythonw, pins_for(tmp_path / "a.csv", no_pythonw))
    installer = tmp_path / "python-3.11.9-amd64.exe"  # the python.org .exe installer
    installer.write_bytes(b"MZ not a zip")
    with pytest.raises(RefusedInputError, match="not a zip"):
        pins.check_python(installer, pins_for(tmp_path / "b.csv", installer))
    with pytest.raises(RefusedInputError, match="not a file"):
        pins.check_python(tmp_path / "missing.zip", pins_for(tmp_path / "c.csv", installer))


def test_repository_pins_file_names_the_python_org_package():
    import csv

    with pins.PINS_FILE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert any(r["file"] == "python-3.11.9-embed-amd64.zip" for r in rows)
    for row in rows:
        assert row["source"].startswith("https://www.python.org/ftp/python/")
        # A row is a pin only with a full sha256; an empty one pins nothing (see its note).
        digest = row["sha256"].strip()
        assert digest == "" or len(digest) == 64
    assert all(len(p.sha256) == 64 for p in pins.load_pins())


# ---------------------------------------------------------------- staging


def test_embeddable_python_gets_site_and_site_packages(tmp_path):
    py = embeddable_zip(tmp_path / "python-3.11.9-embed-amd64.zip")
    pin = pins.check_python(py, pins_for(tmp_path / "pins.csv", py))
    windows.stage_python(py, pin, tmp_path / "python")
    lines = (tmp_path / "python" / "python311._pth").read_text().splitlines()
    # As shipped, "#import site" leaves .pth files and site-packages unread (pywin32 needs both).
    code = [line for line in lines if not line.startswith("#")]
    assert code == ["python311.zip", ".", "Lib\\site-packages", "import site"]


def test_nsis_strings_are_escaped():
    assert windows.nsis_string('a$b "c"\nd') == 'a$$b $\\"c$\\"$\\r$\\nd'


def test_compiler_log_is_read_in_every_format():
    # Lines as makensis -V4 writes them (copied from its logs of a zlib and a solid-lzma build):
    log = "\n".join(
        [
            'SetOutPath: "$INSTDIR\\addin"',
            'File: "xladdin.xlam" [compress] 49412 -> 20011 bytes',
            'SetOutPath: "$INSTDIR\\python\\Lib\\site-packages\\a-1.dist-info"',
            'File: "INSTALLER" 4 bytes',
            'File: "RECORD" 0/4 bytes',  # a duplicate, stored once
            'File: "nsExec.dll"->"$PLUGINSDIR\\nsExec.dll" 10752 bytes',  # a plug-in
            'SetOutPath: "$INSTDIR"',
            'File: "manifest.tsv" 99 bytes',
        ]
    )
    assert windows.packed_files(log) == [
        "addin\\xladdin.xlam",
        "python\\Lib\\site-packages\\a-1.dist-info\\INSTALLER",
        "python\\Lib\\site-packages\\a-1.dist-info\\RECORD",
        "manifest.tsv",
    ]


def test_missing_wheel_is_named(tmp_path):
    bundle = tmp_path / "bundle"
    tiny_wheel(bundle, "tinyapp", requires=("tinydep>=0.1",))
    with pytest.raises(DistError) as err:
        wheels.resolve_offline(bundle, "3.11", ["tinyapp"])
    assert "tinydep" in str(err.value)


def test_machine_pip_config_cannot_fill_a_gap(tmp_path, monkeypatch):
    # A pip.conf adding find-links (as on some build machines) must not hide a missing wheel.
    extra = tmp_path / "extra"
    tiny_wheel(extra, "tinydep")
    conf = tmp_path / "pip.conf"
    conf.write_text(f"[global]\nfind-links = {extra}\n", encoding="utf-8")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(conf))
    bundle = tmp_path / "bundle"
    tiny_wheel(bundle, "tinyapp", requires=("tinydep>=0.1",))
    with pytest.raises(DistError, match="tinydep"):
        wheels.resolve_offline(bundle, "3.11", ["tinyapp"])


# ---------------------------------------------------------------- the installer


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from dist_support import require_makensis

    makensis = require_makensis()
    tmp_path = tmp_path_factory.mktemp("dist")
    tiny_bundle = tmp_path / "bundle"
    tiny_wheel(tiny_bundle, "tinyapp", requires=("tinydep>=0.1",))
    tiny_wheel(tiny_bundle, "tinydep", data={"tinydep64-0.1.dll": b"MZ dummy dll"})
    py = embeddable_zip(tmp_path / "python-3.11.9-embed-amd64.zip")
    xlam = tmp_path / "xladdin.xlam"
    xlam.write_bytes(b"stand-in add-in")
    result = windows.build_windows(
        py,
        tmp_path / "out",
        pins_file=pins_for(tmp_path / "pins.csv", py),
        wheelhouse=tiny_bundle,
        requirements=["tinyapp"],
        addin=xlam,
        docs=_docs(tmp_path),
        makensis=makensis,
    )
    return result


def test_nsis_script_compiles(built):
    from xladdin import __version__

    assert built.installer.name == f"xladdin-setup-{__version__}.exe"
    assert built.installer.read_bytes()[:2] == b"MZ"  # a Windows executable
    assert built.wheels == ["tinyapp==0.1", "tinydep==0.1"]


def test_installer_contents_match_the_manifest(built):
    listed = windows.read_manifest(built.manifest)
    assert len(listed) == built.files
    expected = sorted([*listed, windows.MANIFEST])
    log = built.installer.with_name(built.installer.stem + ".makensis.log").read_text()
    # what the compiler packed (its own log), what the script says, what the uninstaller deletes
    assert sorted(windows.packed_files(log)) == expected
    nsi = built.nsi.read_text(encoding="utf-8-sig")
    assert sorted(windows.nsi_file_list(nsi)) == expected
    assert sorted(windows.nsi_uninstall_list(nsi)) == sorted([*expected, *windows.RUNTIME_FILES])


def test_manifest_has_every_part(built):
    listed = set(windows.read_manifest(built.manifest))
    for path in (
        "python\\python.exe",
        "python\\pythonw.exe",
        "python\\python311._pth",
        "python\\Lib\\site-packages\\tinyapp\\__init__.py",
        "python\\tinydep64-0.1.dll",  # wheel data files beside pythonw.exe (xlwings' DLL)
        "addin\\xladdin.xlam",
        "templates\\province-gdp.xlsx",
        "docs\\install.md",
        "docs\\index.html",
    ):
        assert path in listed, path
    assert not any(p.startswith("python\\Lib\\site-packages\\bin\\") for p in listed)
    assert not any("__pycache__" in p for p in listed)
    rows = built.manifest.read_text(encoding="utf-8").splitlines()[1:]
    for row in rows:
        digest, size, _ = row.split("\t")
        assert len(digest) == 64 and int(size) >= 0


def test_installer_is_per_user_and_removes_only_its_own(built):
    nsi = built.nsi.read_text(encoding="utf-8-sig")
    assert "RequestExecutionLevel user" in nsi
    assert "HKLM" not in nsi  # nothing machine-wide
    assert '"$LOCALAPPDATA\\xladdin"' in nsi and "Call IsAscii" in nsi
    assert "xladdin-$3" in nsi  # the ASCII fall-back C:\xladdin-N
    uninstall = nsi.split('Section "Uninstall"', 1)[1]
    assert "RMDir /r" not in uninstall  # folders go only when empty
    assert '"$INSTDIR\\' in uninstall
    # the user's settings (language) are never touched
    assert "VB and VBA Program Settings" not in uninstall
    assert 'Delete "${XLSTART}\\xladdin.xlam"' in uninstall
    # the add-in goes into XLSTART through the same code as "xladdin addin install"
    assert "-m xladdin addin install --xlam" in nsi and "pythonw.exe" in nsi
    # an upgrade first runs the previous version's own uninstaller
    assert "ExecWait '\"$INSTDIR\\uninstall.exe\" /S _?=$INSTDIR'" in nsi
    # no network anywhere in the installer
    for word in ("NSISdl", "inetc", "http://", "https://"):
        assert word not in nsi


def test_installer_texts_are_lao_and_english(built):
    import re

    nsi = built.nsi.read_text(encoding="utf-8-sig")
    defines = dict(re.findall(r'^!define (T_\w+) "(.*)"$', nsi, re.M))
    assert {"T_WELCOME", "T_FINISH", "T_CLOSE_EXCEL", "T_ADDIN_FAILED"} <= set(defines)
    for key, text in defines.items():
        assert re.search("[\u0e80-\u0eff]", text), key
        assert re.search("[A-Za-z]{4,} [a-z]+", text), key


def test_windows_python_zip_is_not_needed_in_the_repository():
    # The CPython for Windows is an input file: nothing of it is committed.
    root = Path(windows.__file__).resolve().parents[2]
    tracked = subprocess.run(
        ["git", "-C", str(root), "ls-files", "*.zip", "*.exe", "*.whl"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert not [t for t in tracked if "python" in t.lower()]


# ---------------------------------------------------------------- the real wheel set


@pytest.mark.slow
@pytest.mark.network
def test_real_wheel_set_resolves_offline_for_win_amd64(tmp_path):
    bundle = tmp_path / "bundle"
    try:
        wheels.download(bundle, "3.11")
    except DistError as exc:
        if os.environ.get("XLADDIN_REQUIRE_NETWORK"):
            raise
        pytest.skip(f"PyPI not reachable: {str(exc).splitlines()[-1]}")
    names = {w.name.split("-")[0].lower() for w in bundle.glob("*.whl")}
    assert {"xladdin", "xlwings", "pywin32", "numpy", "scipy", "pandas", "openpyxl"} <= names
    resolved = wheels.resolve_offline(bundle, "3.11")  # --no-index: nothing missing
    pinned = {r.split("==")[0].lower(): r.split("==")[1] for r in resolved}
    assert pinned["xlwings"] == "0.37.8" and "pywin32" in pinned and "xladdin" in pinned
    for wheel in bundle.glob("*.whl"):
        tag = wheel.stem.split("-")[-1]
        assert tag in ("any", "win_amd64"), wheel.name
    # installed as the installer does: xlwings' DLL lands beside pythonw.exe
    python_dir = tmp_path / "python"
    python_dir.mkdir()
    pin = pins.PythonPin("python-3.11.9-embed-amd64.zip", "3.11.9", "0" * 64, "")
    windows.install_wheels(bundle, python_dir, pin, None)
    assert (python_dir / "xlwings64-0.37.8.dll").is_file()
    assert (python_dir / "xlwings32-0.37.8.dll").is_file()
    site = python_dir / "Lib" / "site-packages"
    for path in ("pywin32.pth", "win32com", "xladdin/__init__.py", "udfs/__init__.py"):
        assert (site / path).exists(), path
    with zipfile.ZipFile(next(bundle.glob("xladdin-*.whl"))) as z:
        assert "xladdin/addin/src/customUI14.xml" in z.namelist()
        assert "xladdin/data/messages.csv" in z.namelist()
