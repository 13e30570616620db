"""Prices and volumes: deflation, reflation, implicit deflators, extrapolation, valuation.

Reference: IMF, *Quarterly National Accounts Manual* (2017), ch. 8 "Price and Volume
Measures" (§8.9–8.20: deflation of current-price values by a price index, volume
extrapolation with a volume indicator, implicit deflator = current / volume).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from xladdin.gdp._arrays import (
    as_array,
    as_float,
    as_int,
    as_series,
    cells,
    check_divisor,
    match_shapes,
)
from xladdin.gdp.errors import DivisionByZeroError, ShapeError

__all__ = ["deflate", "extrapolate", "implicit_deflator", "reflate", "value"]


def _base(index_base: Any) -> float:
    base = as_float(index_base, "index_base", default=100.0)
    if base == 0:
        raise DivisionByZeroError("index_base is zero")
    return base


def deflate(current: Any, price_index: Any, index_base: Any = 100) -> np.ndarray:
    """Constant-price (volume) value from a current-price value.

    ``volume_t = current_t / P_t × base``, where ``P`` is a price index with ``base`` in the
    base period (100 by default).

    Examples
    --------
    >>> deflate([110.0, 121.0], [110.0, 121.0]).tolist()
    [100.0, 100.0]
    """
    cur = as_array(current, "current")
    p = match_shapes(cur, as_array(price_index, "price_index"), "current", "price_index")
    check_divisor(p, "price_index")
    return cur / p * _base(index_base)


def reflate(volume: Any, price_index: Any, index_base: Any = 100) -> np.ndarray:
    """Current-price value from a constant-price value: ``current_t = volume_t × P_t / base``.

    Examples
    --------
    >>> reflate([100.0], [105.0]).tolist()
    [105.0]
    """
    vol = as_array(volume, "volume")
    p = match_shapes(vol, as_array(price_index, "price_index"), "volume", "price_index")
    return vol * p / _base(index_base)


def implicit_deflator(current: Any, volume: Any, index_base: Any = 100) -> np.ndarray:
    """Implicit price deflator: ``P_t = current_t / volume_t × base``.

    Examples
    --------
    >>> implicit_deflator([105.0], [100.0]).tolist()
    [105.0]
    """
    cur = as_array(current, "current")
    vol = match_shapes(cur, as_array(volume, "volume"), "current", "volume")
    check_divisor(vol, "volume")
    return cur / vol * _base(index_base)


def extrapolate(base_value: Any, indicator: Any, base_position: Any = 1) -> np.ndarray:
    """Extrapolate a benchmark value with an indicator.

    ``x_t = x_b × I_t / I_b`` where ``b`` is the (1-based) ``base_position`` of the benchmark.
    A missing benchmark (``None``/NaN) gives missing values, like any other missing input.

    Examples
    --------
    >>> extrapolate(200.0, [100.0, 103.0, 106.09]).round(4).tolist()
    [200.0, 206.0, 212.18]
    """
    base_arr = as_array(base_value, "base_value")
    if base_arr.size != 1:
        raise ShapeError(f"base_value must be a single number, got {cells(base_arr.size)}")
    base = float(base_arr.ravel()[0])
    ind = as_series(indicator, "indicator")
    pos = as_int(base_position, "base_position", default=1, minimum=1)
    if pos > ind.size:
        raise ShapeError(f"base_position is {pos} but indicator has {ind.size} cells")
    anchor = ind[pos - 1]
    if anchor == 0:
        raise DivisionByZeroError(f"indicator is zero at base_position {pos}")
    return base * ind / anchor


def value(volume: Any, price: Any) -> np.ndarray:
    """Value = volume × price, cell by cell (e.g. tonnes × kip per tonne).

    Examples
    --------
    >>> value([2.0, 3.0], [10.0, 11.0]).tolist()
    [20.0, 33.0]
    """
    vol = as_array(volume, "volume")
    return vol * match_shapes(vol, as_array(price, "price"), "volume", "price")
