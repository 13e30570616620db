"""VBA for the GDP_ Excel functions, generated from the Python signatures at build time.

Two modules go into the add-in:

* ``xlwings_udfs`` -- the wrappers Excel calls (``Function GDP_GVA(...)``), written by
  **xlwings' own generator** (``xlwings.udfs.generate_vba_wrapper``), exactly what the
  "Import Functions" button would write, so nobody has to click it (and nobody needs
  "Trust access to the VBA project object model").
* ``xladdin_help`` -- ``xladdin_RegisterFunctionHelp``, called from ``Workbook_Open``: the
  Function Wizard descriptions (``Application.MacroOptions``), as xlwings' ``import_udfs``
  would set them, from the functions' docstrings and ``@xw.arg(..., doc=...)`` texts.

``xlwings.udfs`` imports pywin32 at import time, and on Linux ``xw.func`` is a no-op that
records nothing. :func:`xlwings_udf_metadata` therefore imports ``xlwings.udfs`` behind stub
``pythoncom``/``pywintypes``/``win32com`` modules, puts xlwings' real decorators in place
while it imports the ``udfs`` package afresh, and restores everything afterwards.

Renaming a GDP_ function breaks every saved workbook that uses it: the golden file
``tests/addin/golden/udfs_wrappers.bas`` pins the generated wrappers. To change it on
purpose: ``python -m xladdin.addin.wrappers --update-golden``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from xladdin.errors import AddinBuildError

UDF_MODULE = "udfs"  # the Python module the wrappers call (config "UDF Modules")
WRAPPER_MODULE = "xlwings_udfs"  # VBA module name xlwings itself uses for the wrappers
HELP_MODULE = "xladdin_help"
ADDIN_NAME = "xladdin.xlam"  # any .xlam name makes xlwings pass ActiveWorkbook to CallUDF
DEFAULT_CATEGORY = "GDP"
GOLDEN = Path(__file__).resolve().parents[2] / "tests" / "addin" / "golden" / "udfs_wrappers.bas"
_MAX_TEXT = 255  # Excel's limit for MacroOptions texts (xlwings truncates the same way)


class _FakeWorkbook:
    """What generate_vba_wrapper reads from the target workbook: only its name."""

    Name = ADDIN_NAME


def _stub_modules() -> dict[str, types.ModuleType]:
    """Stand-ins for the pywin32 modules ``xlwings.udfs`` imports (never called here)."""
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None  # type: ignore[attr-defined]
    pywintypes = types.ModuleType("pywintypes")

    class com_error(Exception):  # noqa: N801, N818 - pywin32's spelling
        """Stub of pywintypes.com_error."""

    pywintypes.com_error = com_error  # type: ignore[attr-defined]
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda *a, **k: None  # type: ignore[attr-defined]
    win32com.client = client  # type: ignore[attr-defined]
    win32api = types.ModuleType("win32api")
    return {
        "pythoncom": pythoncom,
        "pywintypes": pywintypes,
        "win32com": win32com,
        "win32com.client": client,
        "win32api": win32api,
    }


@contextlib.contextmanager
def _xlwings_udfs() -> Iterator[types.ModuleType]:
    """Import ``xlwings.udfs`` (the Windows-only module) behind pywin32 stubs."""
    import xlwings

    saved = {name: sys.modules.get(name) for name in [*_stub_modules(), "xlwings.udfs"]}
    had_attr = hasattr(xlwings, "udfs")
    old_attr = getattr(xlwings, "udfs", None)
    executor = None
    try:
        for name, module in _stub_modules().items():
            if saved[name] is None:
                sys.modules[name] = module
        sys.modules.pop("xlwings.udfs", None)
        import importlib

        udfs_mod = importlib.import_module("xlwings.udfs")
        executor = getattr(udfs_mod, "com_executor", None)
        yield udfs_mod
    finally:
        if executor is not None:
            executor.shutdown(wait=False)
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
        if had_attr:
            xlwings.udfs = old_attr  # type: ignore[attr-defined]
        elif hasattr(xlwings, "udfs"):
            delattr(xlwings, "udfs")


@contextlib.contextmanager
def decorated_udf_module(module_name: str = UDF_MODULE) -> Iterator[tuple[types.ModuleType, Any]]:
    """Yield ``(module, xlwings.udfs)`` with ``module`` imported under xlwings' real decorators.

    The module (and its submodules) is imported afresh while ``xlwings.func/arg/ret/sub``
    are xlwings' Windows implementations, so every function carries ``__xlfunc__`` as it
    would on Windows. ``sys.modules`` and ``xlwings`` are restored afterwards.
    """
    import importlib

    import xlwings

    names = ("func", "arg", "ret", "sub", "script")
    old = {n: getattr(xlwings, n, None) for n in names}

    def _ours(name: str) -> bool:
        return name == module_name or name.startswith(module_name + ".")

    saved = {n: m for n, m in sys.modules.items() if _ours(n)}
    with _xlwings_udfs() as xl_udfs:
        try:
            xlwings.func = xl_udfs.xlfunc  # type: ignore[attr-defined]
            xlwings.arg = xl_udfs.xlarg  # type: ignore[attr-defined]
            xlwings.ret = xl_udfs.xlret  # type: ignore[attr-defined]
            xlwings.sub = xl_udfs.xlsub  # type: ignore[attr-defined]
            xlwings.script = xl_udfs.xlsub  # type: ignore[attr-defined]
            for n in list(sys.modules):
                if _ours(n):
                    del sys.modules[n]
            try:
                module = importlib.import_module(module_name)
            except ImportError as exc:
                raise AddinBuildError(
                    f"cannot import the UDF module {module_name!r}: {exc}"
                ) from exc
            yield module, xl_udfs
        finally:
            for n, fn in old.items():
                setattr(xlwings, n, fn)
            for n in list(sys.modules):
                if _ours(n):
                    del sys.modules[n]
            sys.modules.update(saved)


def udf_metadata(module: types.ModuleType) -> list[dict[str, Any]]:
    """The ``__xlfunc__`` records of a module's Excel functions, in the order xlwings uses."""
    out = []
    for attr in dir(module):
        obj = getattr(module, attr)
        if hasattr(obj, "__xlfunc__"):
            out.append(obj.__xlfunc__)
    return out


# Words VBA does not accept as a Function or argument name (Python accepts all of them).
VBA_RESERVED = frozenset(
    w.lower()
    for w in """
    And As Attribute Boolean ByRef Byte ByVal Call Case CDecl Const Currency Date Decimal Declare
    DefBool DefByte DefCur DefDate DefDbl DefInt DefLng DefLngLng DefLngPtr DefObj DefSng DefStr
    DefVar Dim Do Double Each Else ElseIf Empty End EndIf Enum Eqv Erase Event Exit False For
    Friend Function Get Global GoSub GoTo If Imp Implements In Integer Is Let Lib Like Long
    LongLong LongPtr Loop LSet Me Mod New Next Not Nothing Null On Optional Or ParamArray
    Preserve Private PtrSafe Public RaiseEvent ReDim Rem Resume Return RSet Select Set Single
    Static Stop String Sub Then To True Type TypeOf Until Variant Wend While With WithEvents Xor
    """.split()
)
_VBA_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,254}$")


def check_vba_names(records: list[dict[str, Any]]) -> None:
    """Every function and argument name must be a legal VBA identifier (the wrapper uses them)."""
    bad = []
    for rec in records:
        for name in [rec["name"], *(a["name"] for a in rec["args"] if not a["vba"])]:
            if not _VBA_IDENT.match(name) or name.lower() in VBA_RESERVED:
                bad.append(f"{rec['name']}: {name!r}")
    if bad:
        raise AddinBuildError(
            "names that cannot appear in VBA (rename the Python function or argument): "
            + ", ".join(bad)
        )


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def wrapper_module_text(
    module: types.ModuleType, xl_udfs: Any, module_name: str = UDF_MODULE
) -> str:
    """The ``xlwings_udfs`` VBA module, written by xlwings' ``generate_vba_wrapper``."""
    buf = io.StringIO()
    buf.write(f'Attribute VB_Name = "{WRAPPER_MODULE}"\n')
    buf.write("'Autogenerated code by xlwings - changes will be lost with next import!\n")
    buf.write("'Generated at build time by xladdin (xladdin/addin/wrappers.py); do not edit.\n")
    buf.write('#Const App = "Microsoft Excel" \'Adjust when using outside of Excel\n')
    xl_udfs.generate_vba_wrapper(module_name, module, buf, _FakeWorkbook())
    return _crlf(buf.getvalue())


def _vba_string(text: str, what: str) -> str:
    """A VBA string literal for Function Wizard text: one line, ASCII, at most 255 chars."""
    text = " ".join(str(text).split())[:_MAX_TEXT]
    try:
        text.encode("ascii")
    except UnicodeEncodeError as exc:
        raise AddinBuildError(
            f"{what} is not ASCII ({text!r}): VBA text must be ASCII; put Lao text in the "
            "ribbon XML, the sheets or the docs (docs/design.md section 7)"
        ) from exc
    return '"' + text.replace('"', '""') + '"'


def help_module_text(records: list[dict[str, Any]]) -> str:
    """The ``xladdin_help`` module: ``Application.MacroOptions`` for every function."""
    lines = [
        f'Attribute VB_Name = "{HELP_MODULE}"',
        "' Function Wizard text for the GDP_ functions. Generated at build time by xladdin",
        "' (xladdin/addin/wrappers.py) from the Python docstrings; do not edit.",
        "' Called from Workbook_Open. MacroOptions needs no access to the VBA project.",
        "Option Explicit",
        "",
        "Public Sub xladdin_RegisterFunctionHelp()",
        "    On Error Resume Next",
        "    If xladdin_RegisterAll() > 0 Then",
        "        ' Some Excel builds refuse MacroOptions on a hidden add-in: retry while not an add-in.",
        "        Application.ScreenUpdating = False",
        "        ThisWorkbook.IsAddin = False",
        "        xladdin_RegisterAll",
        "        ThisWorkbook.IsAddin = True",
        "        ThisWorkbook.Saved = True",
        "        Application.ScreenUpdating = True",
        "    End If",
        "End Sub",
        "",
        "' Registers every function; returns how many MacroOptions calls failed. One failure",
        "' must not leave the functions after it without their Function Wizard text.",
        "Private Function xladdin_RegisterAll() As Long",
        "    Dim a As Variant",
        "    Dim failed As Long",
        "    On Error Resume Next",
    ]
    for rec in records:
        if rec.get("sub"):
            continue
        name = rec["name"]
        doc = rec["ret"]["doc"] or name
        first = doc.strip().splitlines()[0] if doc.strip() else name
        category = rec.get("category") or DEFAULT_CATEGORY
        if category == "xlwings":  # xlwings' default: not helpful to a GDP compiler
            category = DEFAULT_CATEGORY
        argdocs = [a["doc"] for a in rec["args"] if not a["vba"]]
        macro = '"\'" & ThisWorkbook.Name & "\'!' + name + '"'
        call = (
            f"    Application.MacroOptions Macro:={macro}, "
            f"Description:={_vba_string(first, name + ' description')}, "
            f"Category:={_vba_string(category, name + ' category') if isinstance(category, str) else category}"
        )
        if argdocs:
            lines.append(f"    ReDim a(0 To {len(argdocs) - 1})")
            for i, d in enumerate(argdocs):
                lines.append(f"    a({i}) = {_vba_string(d, f'{name} argument {i + 1}')}")
            call += ", ArgumentDescriptions:=a"
        lines.append("    Err.Clear")
        lines.append(call)
        lines.append("    If Err.Number <> 0 Then failed = failed + 1")
    lines += ["    xladdin_RegisterAll = failed", "End Function", ""]
    return _crlf("\n".join(lines))


def generated_modules(module_name: str = UDF_MODULE) -> dict[str, str]:
    """``{VBA module name: source}`` for the wrapper and help modules, from ``module_name``."""
    with decorated_udf_module(module_name) as (module, xl_udfs):
        records = udf_metadata(module)
        check_vba_names(records)
        wrappers = wrapper_module_text(module, xl_udfs, module_name)
        help_text = help_module_text(records)
    for name, text in ((WRAPPER_MODULE, wrappers), (HELP_MODULE, help_text)):
        try:
            text.encode("ascii")
        except UnicodeEncodeError as exc:
            raise AddinBuildError(f"generated VBA module {name} is not ASCII: {exc}") from exc
    return {WRAPPER_MODULE: wrappers, HELP_MODULE: help_text}


def function_names(module_name: str = UDF_MODULE) -> list[str]:
    """Names of the Excel functions the wrappers declare."""
    with decorated_udf_module(module_name) as (module, _):
        return [rec["name"] for rec in udf_metadata(module) if not rec.get("sub")]


def main(argv: list[str] | None = None) -> int:
    """``python -m xladdin.addin.wrappers [--update-golden]``: print or pin the wrappers."""
    parser = argparse.ArgumentParser(prog="python -m xladdin.addin.wrappers")
    parser.add_argument(
        "--update-golden",
        action="store_true",
        help=f"rewrite {GOLDEN} (only when renaming/adding an Excel function on purpose)",
    )
    args = parser.parse_args(argv)
    text = generated_modules()[WRAPPER_MODULE]
    if args.update_golden:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(text.encode("ascii"))
        print(f"updated {GOLDEN}")
    else:
        sys.stdout.write(text.replace("\r\n", "\n"))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
