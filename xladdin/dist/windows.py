"""``xladdin dist windows``: one offline, per-user Windows installer, built on Linux.

What the build does (docs/install.md has the user's side, docs/windows-checklist.md what
only Windows can confirm):

1. Check the CPython input: the python.org *Windows embeddable package* (64-bit .zip) whose
   SHA-256 is pinned in ``python-pins.csv`` (:mod:`xladdin.dist.pins`); anything else is
   refused (exit 2).
2. Fetch the wheel set for ``win_amd64`` (:mod:`xladdin.dist.wheels`; needs PyPI), and prove
   it resolves offline with nothing missing (``pip install --dry-run --no-index``).
3. Stage the install tree: ``python\\`` (the embeddable package, its ``python3XY._pth`` made to
   import ``site`` and to see ``Lib\\site-packages``), the wheel set installed into
   ``python\\Lib\\site-packages`` by pip with ``--no-index --find-links`` (done here, not on
   the PC: the embeddable package has no pip, and a file list known at build time lets the
   uninstaller delete exactly what was installed), wheel data files such as xlwings'
   ``xlwings64-<version>.dll`` moved beside ``pythonw.exe`` (where xlwings' VBA loads it),
   ``addin\\xladdin.xlam`` (built and verified), ``templates\\``, ``docs\\`` (the Markdown
   pages and an ``index.html`` that the Start-menu shortcut opens).
4. Write ``manifest.tsv`` (sha256, size, path of every file), generate the NSIS script from
   ``installer.nsi.txt`` with one ``File`` line per manifest entry and one ``Delete`` line per
   entry in the uninstaller, and run ``makensis``.

On the PC the installer runs without admin rights (``RequestExecutionLevel user``), into
``%LOCALAPPDATA%\\xladdin``, or ``C:\\xladdin-N`` when that path is not ASCII (a Lao user
name), runs ``python -m xladdin addin install`` to put the add-in into XLSTART with the
interpreter path written, and adds a Start-menu shortcut to the help.
"""

from __future__ import annotations

import csv
import hashlib
import html
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from xladdin.dist import DistError, RefusedInputError
from xladdin.dist import wheels as wheelset
from xladdin.dist.pins import PINS_FILE, PythonPin, check_python
from xladdin.workbook.atomic import atomic_write_bytes

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
NSI_TEMPLATE = HERE / "installer.nsi.txt"
MANIFEST = "manifest.tsv"
MAKENSIS_TIMEOUT = 1800
# Written by the installer itself at run time, so not in the manifest (the uninstaller
# deletes them by name): the uninstaller and the log of "xladdin addin install".
RUNTIME_FILES = ("uninstall.exe", "setup-log.txt")


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build_windows` wrote."""

    installer: Path
    manifest: Path
    nsi: Path
    files: int
    python: PythonPin
    wheels: list[str]


@dataclass(frozen=True)
class ManifestEntry:
    """One installed file: ``path`` relative to the install folder, ``/``-separated."""

    path: str
    size: int
    sha256: str

    @property
    def windows_path(self) -> str:
        return self.path.replace("/", "\\")


def version() -> str:
    """xladdin's version (the installer is ``xladdin-setup-<version>.exe``)."""
    from xladdin import __version__

    return __version__


def installer_name(ver: str | None = None) -> str:
    return f"xladdin-setup-{ver or version()}.exe"


# ---------------------------------------------------------------- staging


def stage_python(zip_path: Path, pin: PythonPin, dest: Path) -> None:
    """Unpack the embeddable package into ``dest`` and enable ``site`` + site-packages.

    The package's ``python3XY._pth`` fixes ``sys.path`` and, as shipped, leaves
    ``import site`` commented out, so nothing in ``Lib\\site-packages`` (and no ``.pth``
    file, which pywin32 needs) would load.
    """
    dest.mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as z:
        for info in z.infolist():
            name = PurePosixPath(info.filename.replace("\\", "/"))
            if info.is_dir() or name.is_absolute() or ".." in name.parts:
                continue
            target = dest.joinpath(*name.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(z.read(info))
    pth = next(
        (p for p in dest.iterdir() if p.name.lower() == f"python{pin.tag}._pth"),
        None,
    )
    if pth is None:
        raise RefusedInputError(f"the embeddable package has no python{pin.tag}._pth")
    lines = [ln.strip() for ln in pth.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln and ln.lstrip("#").strip() != "import site"]
    for needed in ("Lib\\site-packages",):
        if needed not in lines:
            lines.append(needed)
    lines.append("import site")
    pth.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def install_wheels(
    bundle: Path, python_dir: Path, pin: PythonPin, requirements: list[str] | None
) -> None:
    """Install the wheel set into ``python\\Lib\\site-packages`` and tidy what pip left.

    Data files (``NAME.data/data/...``) go beside ``python.exe`` (``sys.prefix``); the
    ``bin/`` folder of scripts pip wrote for Linux is dropped (nothing here runs them).
    """
    site = python_dir / "Lib" / "site-packages"
    site.mkdir(parents=True, exist_ok=True)
    wheelset.install_target(bundle, site, pin.short_version, requirements)
    for rel in wheelset.data_files(bundle):
        src = site / rel
        if src.is_file():
            dst = python_dir / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(src), dst)
    shutil.rmtree(site / "bin", ignore_errors=True)
    for cache in site.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)


def stage_docs(dest: Path, docs: Path) -> None:
    """Copy the Markdown help pages and write ``index.html`` linking them (UTF-8, Lao safe)."""
    dest.mkdir(parents=True)
    pages = sorted(docs.glob("*.md"))
    if not any(p.name == "install.md" for p in pages):
        raise DistError(f"docs/install.md is missing from {docs}")
    order = sorted(pages, key=lambda p: (p.name != "install.md", p.name))
    sections = []
    for page in order:
        shutil.copyfile(page, dest / page.name)
        text = page.read_text(encoding="utf-8")
        sections.append(
            f'<h2 id="{html.escape(page.stem)}">{html.escape(page.name)}</h2>\n'
            f"<pre>{html.escape(text)}</pre>"
        )
    links = "".join(
        f'<li><a href="#{html.escape(p.stem)}">{html.escape(p.name)}</a></li>' for p in order
    )
    (dest / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="lo"><head><meta charset="utf-8">'
        f"<title>xladdin {html.escape(version())}</title>"
        "<style>body{font-family:'Leelawadee UI','Lao UI','Phetsarath OT',sans-serif;"
        "max-width:60em;margin:auto}pre{white-space:pre-wrap;font-family:inherit}</style>"
        f"</head><body><h1>xladdin {html.escape(version())}</h1><ul>{links}</ul>"
        + "\n".join(sections)
        + "</body></html>\n",
        encoding="utf-8",
    )


def stage_templates(dest: Path) -> None:
    """The Excel templates, built from their specs (``xladdin templates build``)."""
    from xladdin.templates.builder import build_all

    dest.mkdir(parents=True)
    build_all(dest)


def manifest_entries(stage: Path) -> list[ManifestEntry]:
    """Every file under ``stage`` (sorted, ``/``-separated), with size and sha256."""
    out = []
    for path in sorted(p for p in stage.rglob("*") if p.is_file()):
        rel = path.relative_to(stage).as_posix()
        if rel == MANIFEST:
            continue
        data = path.read_bytes()
        out.append(ManifestEntry(rel, len(data), hashlib.sha256(data).hexdigest()))
    return out


def write_manifest(entries: list[ManifestEntry], dest: Path) -> None:
    """``sha256<TAB>size<TAB>path`` per line, with a header line."""
    lines = ["sha256\tsize\tpath"] + [f"{e.sha256}\t{e.size}\t{e.windows_path}" for e in entries]
    dest.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_manifest(path: Path) -> list[str]:
    """The install-relative paths (Windows separators) listed in a manifest."""
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return [row.split("\t", 2)[2] for row in rows if row]


# ---------------------------------------------------------------- NSIS


def nsis_string(text: str) -> str:
    """Text for a double-quoted NSIS string: ``$`` doubled, quotes and newlines escaped."""
    return (
        text.replace("$", "$$").replace('"', '$\\"').replace("\r\n", "\n").replace("\n", "$\\r$\\n")
    )


def text_defines(ver: str) -> str:
    """``!define T_KEY "Lao / English"`` for each ``installer`` row of the catalogue
    (xladdin/data/messages.csv)."""
    from xladdin.findings.texts import pairs

    out = []
    for name, (en, lo) in pairs("installer").items():
        key = "T_" + name.upper().replace("-", "_")
        if name == "docs-link":
            text = f"{lo} - {en}"  # a file name: one line
        else:
            text = f"{lo}\n\n{en}"
        text = text.replace("{version}", ver).replace("{log}", "@@LOG@@")
        text = nsis_string(text).replace("@@LOG@@", "$INSTDIR\\setup-log.txt")
        out.append(f'!define {key} "{text}"')
    return "\n".join(out)


def _dirs_of(entries: list[ManifestEntry]) -> list[str]:
    dirs: set[str] = set()
    for e in entries:
        parent = PurePosixPath(e.path).parent
        while str(parent) != ".":
            dirs.add(str(parent))
            parent = parent.parent
    return sorted(dirs)


def render_nsi(entries: list[ManifestEntry], stage: Path, outfile: Path, *, compressor: str) -> str:
    """The NSIS script: one ``File`` per manifest entry, one ``Delete`` per entry to undo it."""
    ver = version()
    install: list[str] = []
    current = None
    for e in [*entries, ManifestEntry(MANIFEST, 0, "")]:
        folder = str(PurePosixPath(e.path).parent)
        if folder != current:
            sub = "" if folder == "." else "\\" + folder.replace("/", "\\")
            install.append(f'  SetOutPath "$INSTDIR{nsis_string(sub)}"')
            current = folder
        install.append(f'  File "{nsis_string(str(stage / e.path))}"')
    uninstall = [f'  Delete "$INSTDIR\\{nsis_string(e.windows_path)}"' for e in entries]
    uninstall.append(f'  Delete "$INSTDIR\\{MANIFEST}"')
    dirs = _dirs_of(entries)
    has_py = {str(PurePosixPath(e.path).parent) for e in entries if e.path.endswith(".py")}
    rmdirs = []
    for d in sorted(dirs, key=lambda d: (-d.count("/"), d)):
        win = nsis_string(d.replace("/", "\\"))
        if d in has_py:  # byte code Python wrote here (compileall at install, or imports)
            rmdirs.append(f'  Delete "$INSTDIR\\{win}\\__pycache__\\*.pyc"')
            rmdirs.append(f'  RMDir "$INSTDIR\\{win}\\__pycache__"')
        rmdirs.append(f'  RMDir "$INSTDIR\\{win}"')
    numeric = [int(x) for x in re.findall(r"\d+", ver)[:4]]
    vi = ".".join(str(x) for x in [*numeric, 0, 0, 0, 0][:4])
    fields = {
        "VERSION": ver,
        "VI_VERSION": vi,
        "OUTFILE": nsis_string(str(outfile)),
        "COMPRESSOR": compressor,
        "TEXT_DEFINES": text_defines(ver),
        "INSTALL_FILES": "\n".join(install),
        "UNINSTALL_FILES": "\n".join(uninstall),
        "UNINSTALL_DIRS": "\n".join(rmdirs),
    }
    text = NSI_TEMPLATE.read_text(encoding="utf-8")
    for key, value in fields.items():
        text = text.replace(f"@@{key}@@", value)
    left = re.findall(r"@@\w+@@", text)
    if left:
        raise DistError(f"installer template fields not filled: {sorted(set(left))}")
    return text


def nsi_file_list(nsi_text: str) -> list[str]:
    """Install-relative paths (Windows separators) of the ``File`` lines of a generated script.

    Reads the script the way makensis does: each ``File "src"`` goes into the folder of the
    ``SetOutPath "$INSTDIR..."`` before it, under the source file's name.
    """
    out = []
    folder = ""
    for line in nsi_text.splitlines():
        m = re.match(r'\s*SetOutPath "\$INSTDIR(.*)"\s*$', line)
        if m:
            folder = m.group(1).replace("$$", "$").lstrip("\\")
            continue
        m = re.match(r'\s*File "(.*)"\s*$', line)
        if m:
            name = m.group(1).replace("$$", "$").rsplit("/", 1)[-1]
            out.append(f"{folder}\\{name}" if folder else name)
    return out


def nsi_uninstall_list(nsi_text: str) -> list[str]:
    """Install-relative paths the uninstaller deletes one by one (no wildcards)."""
    section = nsi_text.split('Section "Uninstall"', 1)[1]
    return [
        m.group(1).replace("$$", "$")
        for m in re.finditer(r'^\s*Delete "\$INSTDIR\\([^"*]+)"\s*$', section, re.M)
    ]


def packed_files(makensis_log: str) -> list[str]:
    """Install-relative paths of the files makensis packed, read from its ``-V4`` log.

    The compiler's own record of the installer's contents (``SetOutPath: "$INSTDIR\\x"``
    then ``File: "name" [compress] 123 -> 45 bytes``, or ``File: "name" 123 bytes`` with solid
    compression, ``0/123 bytes`` for a duplicate stored once, per file), independent of
    :func:`nsi_file_list`. Plug-ins (``File: "x.dll"->"$PLUGINSDIR..."``) are not counted.
    """
    out = []
    folder = ""
    for line in makensis_log.splitlines():
        m = re.match(r'SetOutPath: "\$INSTDIR(.*)"', line)
        if m:
            folder = m.group(1).lstrip("\\")
            continue
        m = re.match(r'File: "([^"]+)" (?:\[compress\] )?\d', line)
        if m:
            out.append(f"{folder}\\{m.group(1)}" if folder else m.group(1))
    return out


def find_makensis() -> str:
    path = shutil.which("makensis")
    if path is None:
        raise DistError(
            "makensis (NSIS) is not installed: apt-get install nsis (Debian/Ubuntu), then run "
            "the build again"
        )
    return path


def run_makensis(nsi: Path, makensis: str | None = None) -> str:
    """Compile ``nsi``; return makensis' verbose log (it names every file it packed)."""
    cmd = [makensis or find_makensis(), "-V4", "-INPUTCHARSET", "UTF8", str(nsi)]
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=MAKENSIS_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise DistError(f"makensis did not finish in {MAKENSIS_TIMEOUT} s") from exc
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise DistError(f"makensis failed (exit {proc.returncode}):\n{tail}")
    return proc.stdout


# ---------------------------------------------------------------- entry point


def build_windows(
    python: str | Path,
    out_dir: str | Path,
    *,
    pins_file: str | Path = PINS_FILE,
    wheelhouse: str | Path | None = None,
    requirements: list[str] | None = None,
    addin: str | Path | None = None,
    docs: str | Path | None = None,
    compressor: str = "/SOLID lzma",
    makensis: str | None = None,
) -> BuildResult:
    """Build ``xladdin-setup-<version>.exe`` in ``out_dir``; return what was written.

    ``python``: the Windows embeddable package (checked against ``pins_file``).
    ``wheelhouse``: a folder of wheels to use instead of downloading (tests; it is still
    resolved offline first). ``requirements``: what to install (default xladdin + pywin32).
    ``addin``: a built ``.xlam`` to ship instead of building one. ``docs``: the folder of
    help pages (default: the repository's ``docs/``).
    """
    pin = check_python(python, pins_file)
    tool = makensis or find_makensis()
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise RefusedInputError(f"-o must be a folder: {out}")
    out.mkdir(parents=True, exist_ok=True)
    docs_dir = Path(docs) if docs else ROOT / "docs"
    if not docs_dir.is_dir():
        raise DistError(f"no docs folder at {docs_dir}: build from a source checkout")
    with tempfile.TemporaryDirectory(prefix="xladdin-dist-") as tmp:
        work = Path(tmp)
        if wheelhouse is None:
            bundle = work / "wheels"
            wheelset.download(bundle, pin.short_version, requirements)
        else:
            bundle = Path(wheelhouse)
        resolved = wheelset.resolve_offline(bundle, pin.short_version, requirements)
        stage = work / "stage"
        stage.mkdir()
        stage_python(Path(python), pin, stage / "python")
        install_wheels(bundle, stage / "python", pin, requirements)
        (stage / "addin").mkdir()
        if addin is not None:
            shutil.copyfile(addin, stage / "addin" / "xladdin.xlam")
        else:
            from xladdin.addin.build import build_addin

            build_addin(stage / "addin" / "xladdin.xlam", libreoffice=False)
        stage_templates(stage / "templates")
        stage_docs(stage / "docs", docs_dir)
        entries = manifest_entries(stage)
        clash = [e.path for e in entries if e.path in RUNTIME_FILES]
        if clash:
            raise DistError(f"staged files clash with files the installer writes: {clash}")
        write_manifest(entries, stage / MANIFEST)
        exe = out / installer_name()
        nsi_text = render_nsi(entries, stage, exe.resolve(), compressor=compressor)
        nsi = out / f"xladdin-setup-{version()}.nsi"
        atomic_write_bytes(nsi, nsi_text.encode("utf-8-sig"))
        manifest = out / f"xladdin-setup-{version()}.manifest.tsv"
        atomic_write_bytes(manifest, (stage / MANIFEST).read_bytes())
        log = run_makensis(nsi, tool)
        atomic_write_bytes(out / f"xladdin-setup-{version()}.makensis.log", log.encode("utf-8"))
    if not exe.is_file():
        raise DistError(f"makensis reported success but wrote no {exe}")
    return BuildResult(exe, manifest, nsi, len(entries), pin, resolved)
