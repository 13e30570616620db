"""Call the GDP_ functions the way Excel does, through xlwings' real conversion layer.

``call_like_excel`` mirrors ``xlwings.udfs.call_udf`` minus COM: each argument goes through
``xlwings.conversion.read(None, value, options)`` with the options declared in the function's
``__xlfunc__`` metadata, omitted arguments get the declared default, and the result goes
through ``xlwings.conversion.write(result, None, ret_options)``.

xlwings' conversion layer looks up the ``"excel"`` engine, which only exists on Windows.
:func:`windows_like_engine` registers a stand-in whose two data hooks are copies of
``xlwings._xlwindows.Engine.prepare_xl_data_element`` and ``clean_value_data`` (xlwings 0.37.8),
so the pipelines run exactly as on Windows (the ``excel_engine`` fixtures of
``tests/udfs/conftest.py`` and ``tests/gdp/test_issue8_cases.py`` use it).

Imported as ``tests.udfs.excel_call`` (``pythonpath = ["."]`` in pyproject.toml), so no other
folder's module of the same name can be picked.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from typing import Any

from xlwings import conversion

MISSING = -2147352572  # what pywin32 passes for an omitted optional argument (see call_udf)

CELL_ERRORS = {
    -2146826281: "#DIV/0!",
    -2146826246: "#N/A",
    -2146826259: "#NAME?",
    -2146826288: "#NULL!",
    -2146826252: "#NUM!",
    -2146826265: "#REF!",
    -2146826273: "#VALUE!",
}


class WindowsLikeEngine:
    """The data hooks of xlwings' Windows engine, without COM."""

    name = "excel"
    type = "desktop"
    apps = None

    @staticmethod
    def prepare_xl_data_element(x, date_format):
        import numpy as np
        import pandas as pd

        if pd.isna(x) if not isinstance(x, (list, tuple)) else False:
            return ""
        if isinstance(x, (np.floating, float)) and math.isnan(x):
            return ""
        if isinstance(x, np.number):
            return float(x)
        if x is None:
            return ""
        return x

    @staticmethod
    def clean_value_data(data, datetime_builder, empty_as, number_builder, err_to_str):
        def clean(value):
            if value in ("", None):
                return empty_as
            if number_builder is not None and isinstance(value, float):
                return number_builder(value)
            if isinstance(value, int) and value in CELL_ERRORS:
                return CELL_ERRORS[value] if err_to_str else None
            return value

        return [[clean(c) for c in row] for row in data]


@contextlib.contextmanager
def windows_like_engine() -> Iterator[Any]:
    """Register :class:`WindowsLikeEngine` as xlwings' ``excel`` engine while the block runs
    (unless an ``excel`` engine exists: then that one is used and left alone)."""
    import xlwings
    from xlwings.main import Engine

    engines = xlwings.engines
    if "excel" in engines.engines_by_name:
        yield engines["excel"]
        return
    engine = Engine(impl=WindowsLikeEngine())
    engines.add(engine)
    try:
        yield engine
    finally:
        engines.engines.remove(engine)
        del engines.engines_by_name["excel"]


def call_like_excel(func, *excel_args):
    """Call ``func`` as xlwings' COM server would, with Excel-shaped argument values.

    Trailing arguments not given are passed as "missing" (their declared default).
    Returns the value handed back to Excel (a list of rows).
    """
    info = func.__xlfunc__
    args_info = info["args"]
    args = list(excel_args) + [MISSING] * (len(args_info) - len(excel_args))
    for i, arg in enumerate(args):
        arg_info = args_info[min(i, len(args_info) - 1)]
        if isinstance(arg, int) and arg == MISSING:
            args[i] = arg_info.get("optional", None)
        else:
            args[i] = conversion.read(None, arg, arg_info["options"])
    ret = func(*args)
    return conversion.write(ret, None, info["ret"]["options"])


def col(*values):
    """An Excel column range value: ((v1,), (v2,), ...)."""
    return tuple((v,) for v in values)


def row(*values):
    """An Excel row range value: ((v1, v2, ...),)."""
    return (tuple(values),)
