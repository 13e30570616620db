"""What the add-in must contain, shared by the build and its verification.

:func:`expected_modules` gives every VBA module of ``xladdin.xlam`` with its exact source,
rebuilt from xlwings' ribbon add-in template (:data:`PINNED` version), the patches of
:data:`XLWINGS_PATCHES`, the text sources in ``src/`` and the UDF signatures.
:mod:`xladdin.addin.build` writes these modules and :mod:`xladdin.addin.verify` compares a
built add-in against them; both take the expected modules from here, so verify never imports
build (build runs verify on what it wrote: one direction, no cycle, issue #12).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from xladdin.addin import conf, vbatext, wrappers
from xladdin.errors import AddinBuildError

SRC = Path(__file__).resolve().parent / "src"

# Versions the build is written against (pyproject pins the same).
PINNED = {"xlwings": "0.37.8", "pyOpenVBA": "6.5.0", "oletools": "0.60.2"}

TEMPLATE_SAMPLE_MODULE = "RibbonMyAddin"  # xlwings' sample callback module, replaced by Dispatcher
DISPATCHER = "Dispatcher"
TEXT_MODULE = vbatext.MODULE  # bilingual messages, generated from the catalogue's addin rows


@dataclass(frozen=True)
class Patch:
    """One exact text replacement in xlwings' VBA module, applied exactly once."""

    old: str
    new: str
    why: str


XLWINGS_PATCHES = [
    Patch(
        'Public Const PROJECT_NAME As String = "myaddin"',
        f'Public Const PROJECT_NAME As String = "{conf.PROJECT_NAME}"',
        "the add-in's name: config sheet xladdin.conf, user file %USERPROFILE%\\.xladdin\\xladdin.conf",
    ),
    Patch(
        "            'Workbook Sheet Config\n"
        '            If SheetExists(ActiveWorkbook, PROJECT_NAME & ".conf") = True Then\n',
        "            'Workbook Sheet Config: disabled by xladdin. An opened workbook (maybe a returned,\n"
        "            'untrusted file) must never choose the Python interpreter or its settings.\n"
        "            If False Then\n",
        "a returned workbook with an 'xladdin.conf' sheet could otherwise set INTERPRETER_WIN",
    ),
    Patch(
        '    \' Directory Config\n    If source = "" Or source = "directory" Then\n',
        "    ' Directory Config: disabled by xladdin. A file beside an opened workbook must never\n"
        "    ' choose the Python interpreter or its settings.\n"
        "    If False Then\n",
        "an 'xladdin.conf' file next to a returned workbook could otherwise set INTERPRETER_WIN",
    ),
    Patch(
        '    Private Declare PtrSafe Function LoadLibrary Lib "KERNEL32" Alias "LoadLibraryA" '
        "(ByVal lpLibFileName As String) As Long\n",
        '    Private Declare PtrSafe Function LoadLibrary Lib "KERNEL32" Alias "LoadLibraryA" '
        "(ByVal lpLibFileName As String) As LongPtr\n",
        "LoadLibrary returns a module handle: As Long truncates it to 32 bits in 64-bit Office, "
        "so a DLL loaded at an address whose low 32 bits are zero would read as 'not loaded'",
    ),
    Patch(
        "    uses_embedded_code = False\n    For i = 1 To 2\n",
        "    uses_embedded_code = False\n"
        "    ' xladdin: only the add-in itself is searched for embedded code (it has none). A\n"
        '    \' ".py" sheet in an opened (maybe returned, untrusted) workbook is never run.\n'
        "    For i = 2 To 2\n",
        "a returned workbook with a '.py' sheet would switch RunPython to xlwings' embedded "
        "code (run that sheet's code with a licence key; without one, every button stops)",
    ),
]


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def crlf(text: str) -> str:
    """VBA line endings."""
    return _lf(text).replace("\n", "\r\n")


def check_pins() -> None:
    """Refuse to build with other versions of the tools the recipe depends on."""
    for dist, want in PINNED.items():
        try:
            have = metadata.version(dist)
        except metadata.PackageNotFoundError as exc:
            raise AddinBuildError(
                f"{dist}=={want} is needed to build the add-in: pip install -e '.[addin]'"
            ) from exc
        if have != want:
            raise AddinBuildError(
                f"{dist} {have} is installed; the add-in build is pinned to {dist}=={want}"
            )


def template_path() -> Path:
    """xlwings' ribbon add-in template, the starting point of the build."""
    import importlib.util

    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise AddinBuildError("xlwings is not installed")
    path = Path(spec.origin).parent / "quickstart_addin_ribbon.xlam"
    if not path.is_file():
        raise AddinBuildError(f"xlwings' ribbon add-in template is missing: {path}")
    return path


def template_modules() -> dict[str, str]:
    """The VBA modules of xlwings' template (name -> source)."""
    from pyopenvba import ExcelFile

    with ExcelFile(template_path()) as wb:
        return dict(wb.vba_modules())


def patch_xlwings_module(source: str) -> str:
    """Apply :data:`XLWINGS_PATCHES`; each must match exactly once."""
    text = _lf(source)
    for patch in XLWINGS_PATCHES:
        count = text.count(patch.old)
        if count != 1:
            raise AddinBuildError(
                f"xlwings VBA patch ({patch.why}) matched {count} times instead of once: "
                "the xlwings template changed; review XLWINGS_PATCHES"
            )
        text = text.replace(patch.old, patch.new)
    return crlf(text)


def _header(source: str) -> str:
    lines = _lf(source).split("\n")
    head = []
    for line in lines:
        if not line.startswith("Attribute VB_"):
            break
        head.append(line)
    return "\n".join(head) + "\n"


def src_text(name: str) -> str:
    """A text source from ``xladdin/addin/src``."""
    return (SRC / name).read_text(encoding="utf-8")


def expected_modules(udf_module: str = wrappers.UDF_MODULE) -> dict[str, str]:
    """Every VBA module the add-in must contain, name -> exact source (CRLF)."""
    tmpl = template_modules()
    for needed in ("ThisWorkbook", "xlwings", TEMPLATE_SAMPLE_MODULE):
        if needed not in tmpl:
            raise AddinBuildError(f"xlwings' template has no VBA module {needed!r}")
    out = {
        name: crlf(text)
        for name, text in tmpl.items()
        if name not in ("ThisWorkbook", "xlwings", TEMPLATE_SAMPLE_MODULE)
    }
    out["ThisWorkbook"] = crlf(_header(tmpl["ThisWorkbook"]) + src_text("ThisWorkbook.bas"))
    out["xlwings"] = patch_xlwings_module(tmpl["xlwings"])
    out[DISPATCHER] = crlf(src_text("Dispatcher.bas"))
    out[TEXT_MODULE] = crlf(vbatext.text_module(PINNED["xlwings"]))
    out.update(wrappers.generated_modules(udf_module))
    return out
