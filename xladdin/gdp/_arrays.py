"""Input coercion shared by the calculation core (and its callers).

Every public function of :mod:`xladdin.gdp` turns its inputs into float arrays with these
helpers, so the rules are the same everywhere:

* ``None`` and NaN are *missing* and become NaN (never zero);
* ``bool``, text (including ``"-"`` and ``"n.a."``), complex and infinite values are bad input
  and raise :class:`~xladdin.errors.CalculationError` naming the argument and the cell;
* inputs are never mutated: the helpers always return a new array.

Positions in messages are 1-based, counted row by row, as a spreadsheet user counts cells.
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from xladdin.gdp.errors import (
    CalculationError,
    DivisionByZeroError,
    ShapeError,
    UnknownOptionError,
)

__all__ = [
    "as_array",
    "as_float",
    "as_int",
    "as_series",
    "as_table",
    "cells",
    "check_divisor",
    "match_shapes",
    "option",
]


def cells(n: int) -> str:
    """``"1 cell"`` / ``"5 cells"``."""
    return f"{n} cell" if n == 1 else f"{n} cells"


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 20 else text[:17] + "..."


def _element(value: Any, name: str, position: int) -> float:
    """One cell to float (NaN for missing); raise on anything that is not a number."""
    if value is None:
        return np.nan
    if isinstance(value, (bool, np.bool_)):
        raise CalculationError(f"{name} has TRUE/FALSE in cell {position}, expected a number")
    if isinstance(value, str):
        if value.strip() == "":
            return np.nan  # a formula returning "" shows an empty cell
        raise CalculationError(f"{name} has text {_show(value)} in cell {position}")
    if isinstance(value, numbers.Real):
        number = float(value)
        if np.isinf(number):
            raise CalculationError(f"{name} has an infinite value in cell {position}")
        return number
    raise CalculationError(
        f"{name} has a {type(value).__name__} in cell {position}, expected a number"
    )


def as_array(x: Any, name: str) -> np.ndarray:
    """Coerce ``x`` to a new float array of 0, 1 or 2 dimensions.

    Parameters
    ----------
    x : scalar, sequence, nested sequence, numpy array or pandas object
        Values; ``None``/NaN/empty text are missing.
    name : str
        Argument name used in error messages.

    Returns
    -------
    numpy.ndarray
        A fresh float array (never a view of ``x``).

    Raises
    ------
    CalculationError
        Text, booleans, infinite or non-numeric values.
    ShapeError
        Ragged nesting or more than two dimensions.
    """
    if hasattr(x, "to_numpy") and not isinstance(x, np.ndarray):
        x = x.to_numpy()
    if isinstance(x, np.ndarray) and x.dtype.kind in "fiu":
        out = np.array(x, dtype=float, copy=True)
        if out.ndim > 2:
            raise ShapeError(f"{name} has {out.ndim} dimensions, at most 2 are allowed")
        if np.isinf(out).any():
            pos = int(np.flatnonzero(np.isinf(out.ravel()))[0]) + 1
            raise CalculationError(f"{name} has an infinite value in cell {pos}")
        return out
    if isinstance(x, np.ndarray):
        x = x.tolist()
    if not isinstance(x, (list, tuple)):
        return np.array(_element(x, name, 1), dtype=float)
    if len(x) == 0:
        raise ShapeError(f"{name} is empty")
    row_types = set(map(type, x))
    nested = {list, tuple} & row_types or any(issubclass(t, np.ndarray) for t in row_types)
    if not nested:
        return np.array([_element(v, name, i + 1) for i, v in enumerate(x)], dtype=float)
    if not row_types <= {list, tuple, np.ndarray}:
        raise ShapeError(f"{name} mixes single values and rows")
    rows = [row.tolist() if isinstance(row, np.ndarray) else row for row in x]
    width = len(rows[0])
    if width == 0 or set(map(len, rows)) != {width}:
        raise ShapeError(f"{name} has rows of different lengths")
    fast = _fast_table(rows)
    if fast is not None:
        return fast
    values = []
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, (list, tuple, np.ndarray)):
                raise ShapeError(f"{name} has more than 2 dimensions")
            values.append(_element(v, name, r * width + c + 1))
    return np.array(values, dtype=float).reshape(len(rows), width)


_FAST_TYPES = frozenset({float, type(None)})


def _fast_table(rows: Sequence[Sequence[Any]]) -> np.ndarray | None:
    """Vectorised path for the common case (only floats and empty cells, as Excel sends)."""
    if not set(map(type, itertools.chain.from_iterable(rows))) <= _FAST_TYPES:
        return None
    obj = np.array(rows, dtype=object)
    obj[np.equal(obj, None)] = np.nan
    out = obj.astype(float)
    if np.isinf(out).any():
        return None  # the slow path names the cell
    return out


def as_series(x: Any, name: str) -> np.ndarray:
    """Coerce to a 1-D float array: a scalar is one period; a 1×n or n×1 table is flattened.

    Raises
    ------
    ShapeError
        When ``x`` is a table with several rows *and* columns.
    """
    arr = as_array(x, name)
    if arr.ndim == 0:
        return arr.reshape(1)
    if arr.ndim == 2:
        if 1 in arr.shape:
            return arr.ravel()
        raise ShapeError(
            f"{name} must be a single row or column, got {arr.shape[0]}x{arr.shape[1]}"
        )
    return arr


def as_table(x: Any, name: str) -> np.ndarray:
    """Coerce to a 2-D float array (periods down the rows); 1-D becomes one column."""
    arr = as_array(x, name)
    if arr.ndim == 0:
        return arr.reshape(1, 1)
    if arr.ndim == 1:
        return arr.reshape(-1, 1)
    return arr


def as_float(x: Any, name: str, *, default: float | None = None) -> float:
    """A single number (a one-cell range is fine); ``None`` gives ``default``."""
    if x is None and default is not None:
        return float(default)
    arr = as_array(x, name)
    if arr.size != 1:
        raise ShapeError(f"{name} must be a single number, got {cells(arr.size)}")
    value = float(arr.ravel()[0])
    if np.isnan(value):
        if default is not None:
            return float(default)
        raise CalculationError(f"{name} is empty")
    return value


def as_int(x: Any, name: str, *, default: int | None = None, minimum: int | None = None) -> int:
    """A whole number; Excel passes every number as float, so ``4.0`` is accepted."""
    value = as_float(x, name, default=None if default is None else float(default))
    if value != np.floor(value):
        raise CalculationError(f"{name} must be a whole number, got {value:g}")
    result = int(value)
    if minimum is not None and result < minimum:
        raise CalculationError(f"{name} must be at least {minimum}, got {result}")
    return result


def option(word: Any, name: str, accepted: Sequence[str], *, default: str | None = None) -> str:
    """Validate an option word, case-insensitively; returns the lower-case word.

    Raises
    ------
    UnknownOptionError
        Listing the accepted words.
    """
    if word is None and default is not None:
        return default
    if isinstance(word, str) and word.strip().lower() in accepted:
        return word.strip().lower()
    if isinstance(word, str) and word.strip() == "" and default is not None:
        return default
    raise UnknownOptionError(f"{name} must be one of {', '.join(accepted)}; got {_show(word)}")


def match_shapes(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> np.ndarray:
    """Return ``b`` broadcast to the shape of ``a``.

    ``b`` may be a single number, the same shape as ``a``, or — when ``a`` is a table — one
    column with a value per row (e.g. a population per period for several series).

    Raises
    ------
    ShapeError
        With both sizes in the message, e.g. ``"output has 5 cells, intermediate has 4"``.
    """
    if b.size == 1:
        return np.full(a.shape, float(b.ravel()[0]))
    if a.shape == b.shape:
        return b.copy()
    a_vector = a.ndim < 2 or 1 in a.shape
    b_vector = b.ndim < 2 or 1 in b.shape
    if a.ndim == 2 and a.shape[1] > 1 and b_vector and b.size == a.shape[0]:
        return np.repeat(b.reshape(-1, 1), a.shape[1], axis=1)
    if a_vector and b_vector and a.size == b.size:
        return b.reshape(a.shape).copy()
    if a.size != b.size:
        raise ShapeError(f"{name_a} has {cells(a.size)}, {name_b} has {b.size}")
    raise ShapeError(f"{name_a} is {_dims(a)} but {name_b} is {_dims(b)}; give them the same shape")


def _dims(a: np.ndarray) -> str:
    if a.ndim == 2:
        return f"{a.shape[0]}x{a.shape[1]}"
    return cells(a.size)


def check_divisor(d: np.ndarray, name: str) -> None:
    """Raise :class:`DivisionByZeroError` when ``d`` has a zero (missing values are fine)."""
    zero = np.flatnonzero(np.asarray(d).ravel() == 0)
    if zero.size:
        raise DivisionByZeroError(f"{name} is zero in cell {int(zero[0]) + 1}")


def positions(values: Iterable[bool]) -> list[int]:
    """1-based positions where ``values`` is true."""
    return [i + 1 for i, v in enumerate(values) if v]
