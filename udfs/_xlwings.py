"""xlwings' own UDF decorators, on every OS: ``func``, ``arg``, ``ret``.

On Windows with pywin32, ``xlwings.func`` / ``xlwings.arg`` / ``xlwings.ret`` are the
decorators of :mod:`xlwings.udfs` (BSD-3, xlwings' core) and are used as they are. Elsewhere
xlwings makes them no-ops; the ``__xlfunc__`` metadata is still needed there (the add-in
builder generates the VBA wrappers from it, ``xladdin calc`` and the tests read it), so the
same module :mod:`xlwings.udfs` is loaded from xlwings' sources with stand-ins for the pywin32
modules it imports at the top (its decorators never call them). The stand-ins are removed again
at once: nothing else in the process sees them.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable
from typing import Any

import xlwings

__all__ = ["arg", "func", "ret"]

_PYWIN32 = ("pythoncom", "pywintypes", "win32api", "win32com", "win32com.client")


def _stand_ins() -> dict[str, types.ModuleType]:
    """Empty pywin32 modules with the few names ``xlwings.udfs`` reads at import time."""
    mods = {name: types.ModuleType(name) for name in _PYWIN32}
    mods["pythoncom"].CoInitialize = lambda: None  # type: ignore[attr-defined]
    mods["pywintypes"].com_error = type("com_error", (Exception,), {})  # type: ignore[attr-defined]
    mods["win32com.client"].Dispatch = lambda *a, **k: None  # type: ignore[attr-defined]
    mods["win32com"].client = mods["win32com.client"]  # type: ignore[attr-defined]
    return mods


def _load_xlwings_udfs() -> types.ModuleType:
    """``xlwings.udfs`` imported behind pywin32 stand-ins; ``sys.modules`` restored after."""
    names = [*_PYWIN32, "xlwings.udfs"]
    saved = {name: sys.modules.get(name) for name in names}
    had = xlwings.__dict__.get("udfs")
    try:
        for name, module in _stand_ins().items():
            sys.modules.setdefault(name, module)
        sys.modules.pop("xlwings.udfs", None)
        module = importlib.import_module("xlwings.udfs")
        executor = getattr(module, "com_executor", None)
        if executor is not None:  # no thread has started; none ever will here
            executor.shutdown(wait=False)
        return module
    finally:
        for name, old in saved.items():
            if old is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = old
        if had is None:
            xlwings.__dict__.pop("udfs", None)
        else:
            xlwings.udfs = had  # type: ignore[attr-defined]


def _decorators() -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]:
    if getattr(xlwings.func, "__module__", None) == "xlwings.udfs":  # Windows (or the builder)
        return xlwings.func, xlwings.arg, xlwings.ret
    real = _load_xlwings_udfs()
    return real.xlfunc, real.xlarg, real.xlret


func, arg, ret = _decorators()
