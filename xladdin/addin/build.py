"""Build ``dist/xladdin.xlam`` from text sources, on any OS, without Excel.

Recipe (docs/design.md section 8):

1. Start from xlwings' own ribbon add-in template (``quickstart_addin_ribbon.xlam``, what
   ``xlwings quickstart --addin --ribbon`` copies), pinned to the xlwings version we ship.
2. Edit its VBA project with pyOpenVBA: drop the sample ribbon module, set ``PROJECT_NAME``
   in the ``xlwings`` module to ``xladdin`` (plus three small security patches, see
   :data:`XLWINGS_PATCHES`), add ``Dispatcher`` (ribbon callbacks), the generated UDF
   wrappers ``xlwings_udfs`` and Function Wizard text ``xladdin_help`` (see
   :mod:`xladdin.addin.wrappers`), the bilingual messages ``xladdin_text`` (from
   the catalogue's ``addin`` rows), and ``Workbook_Open`` in ``ThisWorkbook``. Every module is
   rewritten, so every module is stored as source only (no compiled p-code). The
   ``_VBA_PROJECT`` stream is one of two variants (:data:`VBA_PROJECT_VARIANTS`, chosen with
   ``vba_project=``; docs/addin.md says why the default is the default):

   * ``cache-zeroed`` (default): what pyOpenVBA's save writes and its live-Excel tests cover
     (its MS-OVBA implementation guide, section 5): the template's 5-byte header kept, version
     included, and the performance cache zeroed. xlwings' template carries version 0xFFFF,
     so the stream is ``cc61ffff00`` + zeros.
   * ``stub``: [MS-OVBA] 2.3.4.1 read literally (version 0xFFFF, no cache):
     ``cc61ffff000100``, byte for byte the stream of xlwings' own ``xlwings.xlam``.

   Excel compiles the source when it opens the add-in.
3. Replace the package parts around the VBA: ``customUI/customUI14.xml`` (the GDP tab), the
   ``xladdin.conf`` sheet (xlwings configuration), document properties.
4. Verify the result (:mod:`xladdin.addin.verify`); any failure raises AddinBuildError.
"""

from __future__ import annotations

import re
import shutil
import struct
import tempfile
import zipfile
from pathlib import Path
from typing import IO

from xladdin.addin import conf, wrappers
from xladdin.addin.manifest import (  # what the add-in contains (shared with verify)
    DISPATCHER,  # noqa: F401  (re-exported)
    PINNED,  # noqa: F401  (re-exported)
    TEMPLATE_SAMPLE_MODULE,  # noqa: F401  (re-exported)
    TEXT_MODULE,  # noqa: F401  (re-exported)
    XLWINGS_PATCHES,  # noqa: F401  (re-exported)
    Patch,  # noqa: F401  (re-exported)
    check_pins,
    crlf,  # noqa: F401  (re-exported)
    expected_modules,
    patch_xlwings_module,  # noqa: F401  (re-exported)
    src_text,  # noqa: F401  (re-exported)
    template_modules,  # noqa: F401  (re-exported)
    template_path,
)
from xladdin.addin.ribbonxml import ribbon_xml
from xladdin.addin.verify import verify_addin
from xladdin.errors import AddinBuildError, WorkbookError
from xladdin.workbook.atomic import atomic_write
from xladdin.workbook.package import read_all_parts
from xladdin.workbook.zipwriter import PackageWriter

DEFAULT_OUTPUT = Path("dist") / "xladdin.xlam"
CUSTOM_UI_PART = "customUI/customUI14.xml"
CUSTOM_UI_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
VBA_PART = "xl/vbaProject.bin"

# [MS-OVBA] 2.3.4.1 / 3.1.1: Reserved1=0x61CC, Version=0xFFFF, Reserved2=0x00,
# Reserved3=0x0001, no PerformanceCache. Version 0xFFFF tells Office to ignore every
# performance cache and compile from source. The same 7 bytes as xlwings' xlwings.xlam.
VBA_PROJECT_SOURCE_ONLY = bytes.fromhex("cc61ffff000100")
VBA_PROJECT_VARIANTS = ("cache-zeroed", "stub")
DEFAULT_VBA_PROJECT = "cache-zeroed"

VBA_PROJECT_NAME = "xladdin"  # the template's project is called "MyAddin"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed timestamps: the same sources give the same bytes


def _rename_project_in_dir(project, name: str) -> None:
    """Set PROJECTNAME ([MS-OVBA] 2.3.4.2.1.6) in the dir stream pyOpenVBA will write."""
    raw = bytes(project.dir_raw)
    pos = 0
    while pos + 6 <= project.dir_modules_offset:
        rid, size = struct.unpack_from("<HI", raw, pos)
        if rid == 0x0004:
            new = name.encode("ascii")
            project.dir_raw = (
                raw[:pos] + struct.pack("<HI", 0x0004, len(new)) + new + raw[pos + 6 + size :]
            )
            project.dir_modules_offset += len(new) - size
            project.dir_structure_dirty = True
            return
        if rid == 0x0009:  # PROJECTVERSION: Size says 4, but 6 bytes follow
            size = 6
        pos += 6 + size
    raise AddinBuildError("the template's VBA dir stream has no PROJECTNAME record")


def _write_vba(src_xlam: Path, dest: Path, modules: dict[str, str]) -> None:
    from pyopenvba import ExcelFile

    with ExcelFile(src_xlam) as wb:
        project = wb.vba_project()
        _rename_project_in_dir(project, VBA_PROJECT_NAME)
        present = {n.casefold(): n for n in wb.module_names()}
        for name in list(present.values()):
            if name not in modules:
                project.delete_module(name)
        for name, source in modules.items():
            if name.casefold() in present:
                wb.set_module(name, source)
            else:
                project.add_module(name, source)
        wb.save(dest)
    with ExcelFile(dest) as saved:
        problems = saved.validate()
    if problems:
        raise AddinBuildError(
            "pyOpenVBA reports an inconsistent VBA project: " + "; ".join(problems)
        )


def vba_project_stream(current: bytes, variant: str) -> bytes:
    """The ``_VBA_PROJECT`` stream for ``variant`` (see :data:`VBA_PROJECT_VARIANTS`).

    ``cache-zeroed``: ``current``'s 5-byte header (Reserved1, Version, Reserved2) kept and
    every later byte zeroed, as pyOpenVBA's ``invalidate_vba_project_cache`` does on save
    (pyOpenVBA docs/ms-ovba-implementation-guide_v2.md section 5). ``stub``:
    :data:`VBA_PROJECT_SOURCE_ONLY`.
    """
    if variant == "stub":
        return VBA_PROJECT_SOURCE_ONLY
    if variant != "cache-zeroed":
        raise AddinBuildError(
            f"unknown VBA project variant {variant!r}: use one of {', '.join(VBA_PROJECT_VARIANTS)}"
        )
    if len(current) < 5 or current[:2] != b"\xcc\x61" or current[4] != 0:
        raise AddinBuildError(
            f"the template's _VBA_PROJECT header is not cc61....00: {current[:8].hex()}"
        )
    return bytes(current[:5]) + bytes(len(current) - 5)


def _source_only_vba(vba_bin: bytes, variant: str = DEFAULT_VBA_PROJECT) -> bytes:
    """Write the ``_VBA_PROJECT`` variant, name the project, drop ``__SRP_`` caches."""
    from pyopenvba.cfb import CFB

    cfb = CFB.from_bytes(vba_bin)
    current = cfb.get_stream_in_storage("VBA", "_VBA_PROJECT")
    cfb.write_stream_in_storage("VBA", "_VBA_PROJECT", vba_project_stream(current, variant))
    project_text = cfb.get_stream("PROJECT")
    renamed, n = re.subn(rb'(?m)^Name="[^"]*"', f'Name="{VBA_PROJECT_NAME}"'.encode(), project_text)
    if n != 1:
        raise AddinBuildError("the PROJECT stream has no Name= line")
    cfb.write_stream("PROJECT", renamed)
    try:
        cfb.drop_streams_in_storage("VBA", lambda n: n.startswith("__SRP_"))
    except KeyError:
        pass
    return cfb.to_bytes()


def _rels(xml: str) -> str:
    """Point the template's ribbon relationship at customUI14.xml, with the Office 2010 type."""
    new, n = re.subn(
        r'<Relationship Id="(\w+)" Type="[^"]*/ui/extensibility" Target="[^"]*" ?/>',
        lambda m: (
            f'<Relationship Id="{m.group(1)}" Type="{CUSTOM_UI_REL}" Target="{CUSTOM_UI_PART}"/>'
        ),
        xml,
    )
    if n != 1:
        raise AddinBuildError("the template's _rels/.rels has no single customUI relationship")
    return new


def _workbook(xml: str) -> str:
    new, n = re.subn(r'<sheet name="_?myaddin\.conf"', f'<sheet name="{conf.CONF_SHEET}"', xml)
    if n != 1:
        raise AddinBuildError("the template's workbook.xml has no _myaddin.conf sheet")
    # The template remembers where it was last saved on its author's machine: drop it.
    return re.sub(r"<mc:AlternateContent\b.*?</mc:AlternateContent>", "", new, flags=re.S)


def _core_props() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        b"<dc:title>xladdin - GDP compilation (Lao Statistics Bureau)</dc:title>"
        b"<dc:description>GDP tab and GDP_ functions. Built from text sources by "
        b"xladdin addin build.</dc:description>"
        b"<dc:creator>xladdin</dc:creator>"
        b"</cp:coreProperties>"
    )


def _package(
    vba_xlam: Path,
    dest: Path,
    conf_rows: list[conf.ConfValue],
    vba_project: str = DEFAULT_VBA_PROJECT,
) -> None:
    """Write the final package: template parts around our VBA, ribbon and config."""
    replaced = conf.sheet_parts(conf_rows)
    ribbon = ribbon_xml()  # the template filled from the catalogue (ribbon-ui rows)
    parts: dict[str, bytes] = {}
    for name, data in read_parts(vba_xlam).items():
        if name.startswith("customUI/"):
            continue
        if name == "_rels/.rels":
            data = _rels(data.decode("utf-8")).encode("utf-8")
        elif name == "xl/workbook.xml":
            data = _workbook(data.decode("utf-8")).encode("utf-8")
        elif name == VBA_PART:
            data = _source_only_vba(data, vba_project)
        elif name == "docProps/core.xml":
            data = _core_props()
        elif name in replaced:
            data = replaced[name]
        parts[name] = data
    parts[CUSTOM_UI_PART] = ribbon
    write_zip(dest, parts)


def write_zip(dest: Path, parts: dict[str, bytes]) -> None:
    """Write a package deterministically ([Content_Types].xml first, fixed timestamps)."""
    order = sorted(parts, key=lambda n: (n != "[Content_Types].xml", n))

    def produce(fh: IO[bytes]) -> None:
        writer = PackageWriter(fh)  # the one zip writer (xladdin.workbook.zipwriter)
        for name in order:
            like = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            like.external_attr = 0o644 << 16
            writer.write(name, parts[name], like)
        writer.close()

    atomic_write(dest, produce, backup=False)


def build_addin(
    output: str | Path = DEFAULT_OUTPUT,
    *,
    interpreter: str | None = None,
    udf_module: str = wrappers.UDF_MODULE,
    verify: bool = True,
    libreoffice: bool | None = None,
    vba_project: str = DEFAULT_VBA_PROJECT,
) -> Path:
    """Build the add-in at ``output`` and return its path.

    ``interpreter`` fills the ``Interpreter_Win`` config value (normally left empty at build
    time and written by ``xladdin addin install``). With ``verify`` (the default) the file is
    checked by :func:`xladdin.addin.verify.verify_addin`; ``libreoffice`` as there.
    ``vba_project`` picks the ``_VBA_PROJECT`` variant (:data:`VBA_PROJECT_VARIANTS`).
    """
    check_pins()
    vba_project_stream(bytes.fromhex("cc61ffff00"), vba_project)  # refuse an unknown variant early
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    modules = expected_modules(udf_module)
    overrides = {conf.INTERPRETER_KEY: interpreter} if interpreter else None
    rows = load_rows(overrides)
    with tempfile.TemporaryDirectory(prefix="xladdin-build-") as tmpdir:
        tmp = Path(tmpdir)
        start = tmp / "template.xlam"
        shutil.copyfile(template_path(), start)
        with_vba = tmp / "vba.xlam"
        _write_vba(start, with_vba, modules)
        _package(with_vba, out, rows, vba_project)
    if verify:
        verify_addin(out, expected=modules, libreoffice=libreoffice, vba_project=vba_project)
    return out


def load_rows(overrides: dict[str, str] | None = None) -> list[conf.ConfValue]:
    """Config rows (see :func:`xladdin.addin.conf.load_config`)."""
    return conf.load_config(overrides)


def replace_parts(xlam: Path, new_parts: dict[str, bytes], dest: Path) -> None:
    """Copy ``xlam`` to ``dest`` with some parts replaced (VBA untouched)."""
    parts = read_parts(xlam)
    parts.update(new_parts)
    write_zip(dest, parts)


def read_parts(xlam: str | Path) -> dict[str, bytes]:
    """All parts of an add-in package, under the one set of package limits
    (:func:`xladdin.workbook.package.read_all_parts`): an ``.xlam`` given to ``install`` or
    ``verify`` is a file from elsewhere.

    Raises
    ------
    AddinBuildError
        The file cannot be read, is not a zip, or is refused by a limit.
    """
    try:
        return read_all_parts(xlam)
    except WorkbookError as exc:
        raise AddinBuildError(str(exc)) from exc
