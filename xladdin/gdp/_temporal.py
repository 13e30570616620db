"""Shared helpers for temporal benchmarking and disaggregation (private).

Option parsing (Excel sends ``4.0`` for ``4`` and words in any case), input checks and the
benchmark layout shared by :mod:`xladdin.gdp.denton` and :mod:`xladdin.gdp.chowlin`.

Layout
------
The indicator has ``n`` high-frequency periods (quarters). Benchmark ``j`` (0-based) covers the
``k = periods_per_year`` periods ``offset + j*k ... offset + j*k + k - 1``. Blank (NaN) benchmarks
at the start or the end mean "not benchmarked"; a blank between two values is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from xladdin.gdp.errors import MissingValueError, ShapeError, UnknownOptionError

CONVERSIONS: dict[str, str] = {
    "sum": "sum",
    "average": "average",
    "mean": "average",
    "avg": "average",
    "first": "first",
    "last": "last",
}


def parse_word(value: Any, name: str, accepted: dict[str, str]) -> str:
    """Canonical option word for ``value`` (case-insensitive, surrounding blanks ignored)."""
    if isinstance(value, str):
        key = value.strip().lower()
        if key in accepted:
            return accepted[key]
    words = ", ".join(dict.fromkeys(accepted))
    raise UnknownOptionError(f"{name} must be one of {words}; got {value!r}")


def as_int(value: Any, name: str, minimum: int = 0) -> int:
    """A whole number given as int or float (Excel sends ``4.0``); at least ``minimum``."""
    if isinstance(value, bool) or value is None:
        raise UnknownOptionError(f"{name} must be a whole number; got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UnknownOptionError(f"{name} must be a whole number; got {value!r}") from None
    if not np.isfinite(number) or number != int(number):
        raise UnknownOptionError(f"{name} must be a whole number; got {value!r}")
    if int(number) < minimum:
        raise UnknownOptionError(f"{name} must be at least {minimum}; got {int(number)}")
    return int(number)


def as_float_array(values: Any, name: str) -> np.ndarray:
    """A new float64 array (``None`` becomes NaN); never a view of the caller's data."""
    if isinstance(values, np.ndarray):
        arr = np.array(values, dtype=float, copy=True)
    else:
        try:
            arr = np.array(values, dtype=float)
        except (TypeError, ValueError):
            obj = np.array(values, dtype=object)
            obj[np.equal(obj, None)] = np.nan
            try:
                arr = obj.astype(float)
            except (TypeError, ValueError):
                raise ShapeError(f"{name} must contain numbers") from None
    return arr


def as_vector(values: Any, name: str) -> np.ndarray:
    """A 1-D float copy; a single column or row (n x 1, 1 x n) is flattened."""
    arr = as_float_array(values, name)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    elif arr.ndim == 2 and 1 in arr.shape:
        arr = arr.reshape(-1)
    if arr.ndim != 1:
        raise ShapeError(f"{name} must be one column or row; got shape {arr.shape}")
    if arr.size == 0:
        raise ShapeError(f"{name} is empty")
    return arr


def conversion_weights(conversion: str, k: int) -> np.ndarray:
    """Weights ``w`` (length ``k``) such that a year's value is ``sum_a w[a] x[s + a]``."""
    if conversion == "sum":
        return np.ones(k)
    if conversion == "average":
        return np.full(k, 1.0 / k)
    w = np.zeros(k)
    w[0 if conversion == "first" else k - 1] = 1.0
    return w


@dataclass(frozen=True)
class Layout:
    """Where the benchmarked years sit in the high-frequency series."""

    n: int  #: high-frequency periods
    k: int  #: periods per year
    offset: int  #: periods before benchmark 0
    first: int  #: index of the first non-blank benchmark
    last: int  #: index of the last non-blank benchmark
    weights: np.ndarray  #: conversion weights, length k

    @property
    def years(self) -> int:
        """Number of benchmarked years."""
        return self.last - self.first + 1

    @property
    def start(self) -> int:
        """First period of the first benchmarked year."""
        return self.offset + self.first * self.k

    @property
    def stop(self) -> int:
        """One past the last period of the last benchmarked year."""
        return self.offset + (self.last + 1) * self.k

    def aggregate(self, x: np.ndarray) -> np.ndarray:
        """Benchmarked-year aggregates of ``x`` (rows of ``x`` are periods)."""
        block = x[self.start : self.stop]
        shape = (self.years, self.k, *block.shape[1:])
        return np.tensordot(block.reshape(shape), self.weights, axes=([1], [0]))


def layout(
    n: int,
    benchmarks: np.ndarray,
    periods_per_year: Any,
    conversion: Any,
    offset: Any,
) -> Layout:
    """Check the benchmark layout and return it.

    Raises MissingValueError for all-blank benchmarks or a blank between two values, and
    ShapeError when a benchmarked year is not fully covered by the indicator.
    """
    k = as_int(periods_per_year, "periods_per_year", 1)
    off = as_int(offset, "offset", 0)
    conv = parse_word(conversion, "conversion", CONVERSIONS)
    present = np.flatnonzero(~np.isnan(benchmarks))
    if present.size == 0:
        raise MissingValueError("benchmarks has no values")
    first, last = int(present[0]), int(present[-1])
    if present.size != last - first + 1:
        raise MissingValueError(_inner_blank_message(benchmarks, first, last, k, off))
    stop = off + (last + 1) * k
    if stop > n:
        raise ShapeError(
            f"benchmarks need {stop} indicator periods (offset {off} + {last + 1} years x {k}), "
            f"indicator has {n}"
        )
    return Layout(n, k, off, first, last, conversion_weights(conv, k))


def _inner_blank_message(benchmarks: np.ndarray, first: int, last: int, k: int, off: int) -> str:
    """Name the blank benchmarks between two values and the indicator periods they cover."""
    gaps = [i for i in range(first, last + 1) if np.isnan(benchmarks[i])]

    def periods(i: int) -> str:
        start = off + i * k + 1
        return (
            f"indicator periods {start}-{start + k - 1}" if k > 1 else f"indicator period {start}"
        )

    rule = "only leading or trailing blanks are allowed"
    if len(gaps) == 1:
        return (
            f"benchmarks has a blank at position {gaps[0] + 1} ({periods(gaps[0])}) between "
            f"two values; fill it in ({rule})"
        )
    shown = [str(i + 1) for i in gaps[:8]]
    listed = ", ".join(shown[:-1]) + " and " + shown[-1] if len(gaps) <= 8 else ", ".join(shown)
    more = "" if len(gaps) <= 8 else f" and {len(gaps) - 8} more"
    return (
        f"benchmarks has blanks at positions {listed}{more} between values (position "
        f"{gaps[0] + 1}: {periods(gaps[0])}); fill them in ({rule})"
    )


def no_missing(values: np.ndarray, name: str) -> None:
    """Raise MissingValueError naming the first blank in ``values``."""
    bad = np.flatnonzero(np.isnan(np.asarray(values, dtype=float).reshape(len(values), -1)).any(1))
    if bad.size:
        raise MissingValueError(f"{name} has a blank at position {bad[0] + 1}")
