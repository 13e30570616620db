"""Growth rates, shares, per-capita values and currency conversion.

Reference: OECD, *Understanding National Accounts* (2nd ed., 2014), ch. 1 and annex (percent
change ``(x_t / x_{t−k} − 1) × 100``; shares; GDP per capita); the World Bank Atlas method
notes for conversion at an exchange rate (value in kip / kip per USD).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from xladdin.gdp._arrays import (
    as_array,
    as_float,
    as_int,
    check_divisor,
    match_shapes,
)
from xladdin.gdp.errors import DivisionByZeroError, ShapeError

__all__ = ["growth", "per_capita", "shares", "to_usd"]


def growth(series: Any, lag: Any = 1) -> np.ndarray:
    """Percent change over ``lag`` periods.

    ``g_t = (x_t / x_{t−lag} − 1) × 100``; the first ``lag`` results are missing. A table is
    treated column by column (time runs down the rows).

    Raises
    ------
    DivisionByZeroError
        When a base value ``x_{t−lag}`` is zero.

    Examples
    --------
    >>> growth([100.0, 105.0, 110.25]).round(10).tolist()
    [nan, 5.0, 5.0]
    """
    x = as_array(series, "series")
    k = as_int(lag, "lag", default=1, minimum=1)
    flat = x.ndim < 2
    table = x.reshape(-1, 1) if flat else x
    out = np.full(table.shape, np.nan)
    if k < table.shape[0]:
        prev = table[:-k]
        zero = np.argwhere(prev == 0)
        if zero.size:
            r, c = (int(v) for v in zero[0])
            where = f"cell {r + 1}" if flat else f"row {r + 1}, column {c + 1}"
            raise DivisionByZeroError(f"series is zero in {where}, growth from it is undefined")
        out[k:] = (table[k:] / prev - 1.0) * 100.0
    return out.reshape(x.shape) if x.ndim else out.reshape(())


def shares(parts: Any, total: Any = None) -> np.ndarray:
    """Percent shares.

    1-D: ``s_i = x_i / T × 100`` with ``T = Σ x`` (or ``total``). 2-D: within each row,
    ``s_{t,j} = x_{t,j} / T_t × 100`` with ``T_t`` the row sum (or ``total[t]``). Without a
    ``total``, a missing part makes the whole row (or series) missing, since the sum is unknown.

    Examples
    --------
    >>> shares([1.0, 3.0]).tolist()
    [25.0, 75.0]
    """
    x = as_array(parts, "parts")
    if x.ndim == 2 and x.shape[0] > 1 and x.shape[1] > 1:
        if total is None:
            t = x.sum(axis=1)
        else:
            t = as_array(total, "total").ravel()
            if t.size == 1:
                t = np.full(x.shape[0], t[0])
            if t.size != x.shape[0]:
                raise ShapeError(f"parts has {x.shape[0]} rows, total has {t.size} cells")
        check_divisor(t, "total" if total is not None else "the row sum of parts")
        return x / t.reshape(-1, 1) * 100.0
    if total is None:
        t = float(x.sum())
    else:
        t = as_float(total, "total")
    if t == 0:
        raise DivisionByZeroError("total is zero" if total is not None else "parts sum to zero")
    return x / t * 100.0


def per_capita(value: Any, population: Any, scale: Any = 1) -> np.ndarray:
    """Value per person: ``v_t × scale / population_t``.

    ``scale`` converts units, e.g. ``1e9`` for billion kip to kip per person.

    Examples
    --------
    >>> per_capita([5854.0], [1.0e6], 1e9).tolist()
    [5854000.0]
    """
    v = as_array(value, "value")
    pop = match_shapes(v, as_array(population, "population"), "value", "population")
    check_divisor(pop, "population")
    return v * as_float(scale, "scale", default=1.0) / pop


def to_usd(value: Any, exchange_rate: Any) -> np.ndarray:
    """Convert kip to US dollars: ``value_t / rate_t`` (rate in kip per USD).

    Examples
    --------
    >>> to_usd([10000.0], [10000.0]).tolist()
    [1.0]
    """
    v = as_array(value, "value")
    rate = match_shapes(v, as_array(exchange_rate, "exchange_rate"), "value", "exchange_rate")
    check_divisor(rate, "exchange_rate")
    return v / rate
