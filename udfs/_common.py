"""What every GDP_ Excel function shares: argument reading, result shaping, ``#GDP!`` errors.

Each UDF is declared the xlwings way, with xlwings' own decorators (:mod:`udfs._xlwings`)::

    @xw.func(category=CATEGORY)
    @xw.arg("series", "raw", doc="Values, periods down the rows")
    @never_raises
    def GDP_GROWTH(series, lag=1):
        '''Percent change on the value ``lag`` periods before.'''

* every argument uses xlwings' ``"raw"`` conversion, so xlwings hands over the cell values
  untouched (a float, a string, ``None`` or a tuple of row tuples) and its conversion cannot
  raise before our own checks run;
* :func:`never_raises` makes the body never raise: a calculation error or anything unexpected
  comes back as one text cell ``"#GDP! <short reason>"``; it also joins the docstring into the
  one line the Function Wizard shows;
* ``doc=`` is the Function Wizard text of each argument.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from xladdin.errors import CalculationError
from xladdin.gdp.arrays import as_array

__all__ = [
    "CATEGORY",
    "ERROR_PREFIX",
    "Layout",
    "error_text",
    "never_raises",
    "read",
    "read_bool",
    "read_option",
    "read_optional",
    "read_table",
    "shape_like",
]

CATEGORY = "GDP (xladdin)"
ERROR_PREFIX = "#GDP!"

#: Excel error values as pywin32 delivers them in raw cell values (see xlwings._xlwindows).
CELL_ERRORS = {
    -2146826281: "#DIV/0!",
    -2146826246: "#N/A",
    -2146826259: "#NAME?",
    -2146826288: "#NULL!",
    -2146826252: "#NUM!",
    -2146826265: "#REF!",
    -2146826273: "#VALUE!",
}


# --------------------------------------------------------------------------------------------
# reading arguments
# --------------------------------------------------------------------------------------------


def _reject_cell_errors(x: Any, name: str) -> None:
    """Excel error values (#N/A, #DIV/0! ...) arrive as special ints: refuse them by name."""
    if isinstance(x, (list, tuple)):
        rows = [r if isinstance(r, (list, tuple)) else [r] for r in x]
        flat: Sequence[Any] = list(itertools.chain.from_iterable(rows))
        if int not in set(map(type, flat)):
            return  # fast path: Excel sends floats, so error codes are the only ints
    else:
        flat = [x]
    for i, v in enumerate(flat):
        if isinstance(v, int) and not isinstance(v, bool) and v in CELL_ERRORS:
            raise CalculationError(f"{name} has {CELL_ERRORS[v]} in cell {i + 1}")


@dataclass(frozen=True)
class Layout:
    """How an argument was laid out, so the result can be given the same shape.

    ``kind`` is ``"scalar"`` (one cell), ``"column"``, ``"row"``, ``"table"`` or ``"flat"``
    (a flat Python list from a Python caller; Excel never sends one).
    """

    kind: str
    shape: tuple[int, ...]


def read(x: Any, name: str) -> tuple[np.ndarray, Layout]:
    """Read a raw argument as a series: 1-D for a cell, a row or a column; 2-D for a table."""
    _reject_cell_errors(x, name)
    arr = as_array(x, name)
    if arr.ndim == 0:
        return arr.reshape(1), Layout("scalar", ())
    if arr.ndim == 1:
        return arr, Layout("flat", arr.shape)
    rows, cols = arr.shape
    if rows == 1 and cols == 1:
        return arr.ravel(), Layout("scalar", ())
    if cols == 1:
        return arr.ravel(), Layout("column", arr.shape)
    if rows == 1:
        return arr.ravel(), Layout("row", arr.shape)
    return arr, Layout("table", arr.shape)


def read_table(x: Any, name: str) -> tuple[np.ndarray, Layout]:
    """Read a raw argument as a table (periods down the rows); a flat list is one column."""
    _reject_cell_errors(x, name)
    arr = as_array(x, name)
    if arr.ndim == 0:
        return arr.reshape(1, 1), Layout("scalar", ())
    if arr.ndim == 1:
        return arr.reshape(-1, 1), Layout("flat", arr.shape)
    rows, cols = arr.shape
    kind = "scalar" if arr.size == 1 else "column" if cols == 1 else "row" if rows == 1 else "table"
    return arr, Layout(kind, arr.shape)


def read_option(x: Any, name: str) -> Any:
    """An option cell: ``None``/empty gives ``None`` (the default); a 1-cell range its value."""
    _reject_cell_errors(x, name)
    while isinstance(x, (list, tuple)) and len(x) == 1:
        x = x[0]
    if isinstance(x, (list, tuple)):
        raise CalculationError(f"{name} must be a single cell")
    if isinstance(x, str) and x.strip() == "":
        return None
    return x


def read_optional(x: Any, name: str) -> np.ndarray | None:
    """An optional range argument: omitted or one empty cell gives ``None`` (the default)."""
    if x is None:
        return None
    values = read(x, name)[0]
    return None if values.size == 1 and np.isnan(values[0]) else values


def read_bool(x: Any, name: str, default: bool) -> bool:
    """TRUE/FALSE, 1/0, or the words TRUE/FALSE/YES/NO; empty gives ``default``."""
    x = read_option(x, name)
    if x is None:
        return default
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, float)) and x in (0, 1):
        return bool(x)
    if isinstance(x, str) and x.strip().lower() in ("true", "yes", "1"):
        return True
    if isinstance(x, str) and x.strip().lower() in ("false", "no", "0"):
        return False
    raise CalculationError(f"{name} must be TRUE or FALSE, got {x!r}")


# --------------------------------------------------------------------------------------------
# shaping results
# --------------------------------------------------------------------------------------------


def _cell(v: Any) -> Any:
    if isinstance(v, (str, type(None))):
        return v
    f = float(v)
    return None if np.isnan(f) or np.isinf(f) else f


def shape_like(result: Any, layout: Layout) -> Any:
    """Give a result the layout of an input: missing values become ``None`` (empty cells).

    A 1-D result follows a ``column``/``row``/``flat``/``scalar`` layout; a 2-D result is
    returned as rows; a 1-D result for a ``table`` layout is a column (one value per period).
    """
    if isinstance(result, np.ndarray) and result.dtype.kind == "f" and result.ndim > 0:
        # fast path: NaN/inf -> None (empty cells) without a Python call per cell
        clean = np.where(np.isfinite(result), result, np.nan).astype(object)
        clean[np.isnan(result) | np.isinf(result)] = None
        if result.size == 1 and layout.kind == "scalar":
            return clean.ravel()[0]
        if clean.ndim == 2:
            return clean.tolist()
        values = clean.tolist()
    else:
        arr = np.asarray(result, dtype=object if _has_text(result) else float)
        if arr.ndim == 0 or (arr.size == 1 and layout.kind == "scalar"):
            return _cell(arr.ravel()[0])
        if arr.ndim == 2:
            return [[_cell(v) for v in row] for row in arr.tolist()]
        values = [_cell(v) for v in arr.tolist()]
    if layout.kind == "row":
        return [values]
    if layout.kind == "flat":
        return values
    return [[v] for v in values]


def _has_text(result: Any) -> bool:
    return isinstance(result, str) or (
        isinstance(result, (list, tuple, np.ndarray))
        and any(isinstance(v, str) for v in np.asarray(result, dtype=object).ravel())
    )


# --------------------------------------------------------------------------------------------
# the decorator
# --------------------------------------------------------------------------------------------


def error_text(exc: BaseException) -> str:
    """``"#GDP! <reason>"`` for an exception, one line, at most 255 characters (never raises:
    an exception whose text cannot be made is named by its class)."""
    name = type(exc).__name__
    try:
        if isinstance(exc, CalculationError):
            reason = str(exc)
        else:
            reason = f"unexpected {name}: {exc}"
        reason = " ".join(str(reason).split()) or name
    except Exception:  # its __str__ raised, or returned something that is not text
        reason = f"unexpected {name}"
    return f"{ERROR_PREFIX} {reason}"[:255]


def never_raises(f: Callable[..., Any]) -> Callable[..., Any]:
    """Make a GDP_ function never raise: any exception comes back as ``"#GDP! <reason>"``.

    NumPy floating-point warnings are silenced for the call (a division by zero gives NaN, an
    empty cell, and the core says why where it matters). The docstring of ``f`` is joined into
    one line: xlwings shows it in Excel's Function Wizard. The signature is kept
    (``functools.wraps``), so xlwings' decorators above see the real arguments.
    """

    @functools.wraps(f)
    def wrapper(*a: Any, **kw: Any) -> Any:
        try:
            with np.errstate(all="ignore"):
                return f(*a, **kw)
        except Exception as exc:  # a UDF never raises
            return error_text(exc)

    wrapper.__doc__ = " ".join((f.__doc__ or "").split()) or None
    return wrapper
