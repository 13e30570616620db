"""Regional methods: top-down allocation of a total, and raking components to a binding total.

``allocate`` splits a national (or provincial) total over regions by indicator shares:

.. math::

    x_r = T \\cdot \\frac{s_r}{\\sum_q s_q}

``rake`` reconciles bottom-up components with a binding total, the one-dimensional case of
Statistics Canada's G-Series raking (PROC TSRAKING; Bérubé & Fortier 2009; Dagum & Cholette
2006, ch. 11). With alterability coefficients ``a_r ≥ 0`` (0 = held fixed) the generalised
least-squares solution with a binding total is

.. math::

    x_r = c_r + \\frac{v_r}{\\sum_q v_q}\\Big(T - \\sum_q c_q\\Big), \\qquad
    v_r = a_r c_r \\ (\\text{basis="value"}) \\quad\\text{or}\\quad v_r = a_r |c_r| \\
    (\\text{basis="abs"}),

i.e. G-Series' ``Vmat_option = 1`` and ``2``. With positive components both give the usual
proportional (pro-rata) raking; with negative components ``"abs"`` moves every component in the
direction of the discrepancy (G-Series example ``A + B = C`` with A=2, B=-2, C=1 gives A=2.5,
B=-1.5). When ``Σ v = 0`` but a discrepancy remains the total cannot be met and
:class:`~xladdin.gdp.errors.InfeasibleError` is raised; compile/review callers report it as the
``rake-total-not-met`` finding.

References
----------
Statistics Canada (2016). *G-Series 2.0 User Guide*, "The TSRAKING procedure"; R package
gseries 3.0, ``tsraking()`` documentation and examples.
Dagum, E. B. and Cholette, P. A. (2006). *Benchmarking, Temporal Distribution, and
Reconciliation Methods for Time Series*. Springer, Lecture Notes in Statistics 186.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from xladdin.gdp._temporal import as_float_array, parse_word
from xladdin.gdp.errors import (
    DivisionByZeroError,
    InfeasibleError,
    MissingValueError,
    NonPositiveError,
    ShapeError,
)

__all__ = [
    "allocate",
    "allocate_exact",
    "deflate_like",
    "implied_growth",
    "rake",
    "weighted_growth",
]

_BASES = {
    "value": "value",
    "values": "value",
    "proportional": "value",
    "abs": "abs",
    "absolute": "abs",
}


def _totals(total: Any, rows: int | None, name: str = "total") -> np.ndarray:
    """Totals as a 1-D array: one value (``rows`` None) or one per row (a scalar is repeated)."""
    tot = as_float_array(total, name)
    if tot.ndim == 2 and 1 in tot.shape:
        tot = tot.reshape(-1)
    if tot.ndim == 0:
        tot = tot.reshape(1)
    if tot.ndim != 1:
        raise ShapeError(f"{name} must be one value or one column; got shape {tot.shape}")
    want = 1 if rows is None else rows
    if tot.size == 1 and want > 1:
        tot = np.repeat(tot, want)
    if tot.size != want:
        raise ShapeError(f"{name} has {tot.size} values, components have {want} rows")
    return tot


def _matrix(values: Any, name: str) -> tuple[np.ndarray, bool]:
    """2-D float copy (periods x regions) and whether the input was 1-D."""
    arr = as_float_array(values, name)
    if arr.ndim == 1:
        if arr.size == 0:
            raise ShapeError(f"{name} is empty")
        return arr[None, :], True
    if arr.ndim != 2 or arr.size == 0:
        raise ShapeError(f"{name} must be a row, a column or a table; got shape {arr.shape}")
    return arr, False


def allocate(total: Any, indicators: Any) -> np.ndarray:
    """Split ``total`` over regions in proportion to ``indicators``.

    Parameters
    ----------
    total : float or array_like
        One total, or one per period (when ``indicators`` is 2-D; a single value then applies
        to every period). A blank total gives a blank row.
    indicators : array_like, shape (regions,) or (periods, regions)
        Non-negative allocation indicators (e.g. employment, population, output), no blanks.

    Returns
    -------
    numpy.ndarray
        Same shape as ``indicators``; each row adds up to its total.

    Raises
    ------
    MissingValueError
        A blank indicator.
    NonPositiveError
        A negative indicator.
    DivisionByZeroError
        The indicators of a period add up to zero.
    ShapeError
        ``total`` does not match the periods of ``indicators``.

    Examples
    --------
    >>> allocate(100.0, [1.0, 3.0]).tolist()
    [25.0, 75.0]
    """
    ind, flat = _matrix(indicators, "indicators")
    if flat and ind.shape[1] == 1:
        raise ShapeError("indicators must have at least two regions")
    tot = _totals(total, None if flat else ind.shape[0])
    if np.isnan(ind).any():
        r, c = np.argwhere(np.isnan(ind))[0]
        where = f"position {c + 1}" if flat else f"row {r + 1}, column {c + 1}"
        raise MissingValueError(f"indicators has a blank at {where}")
    if (ind < 0).any():
        r, c = np.argwhere(ind < 0)[0]
        raise NonPositiveError(f"indicators must not be negative; got {ind[r, c]:g}")
    sums = ind.sum(axis=1)
    if np.any(sums == 0):
        r = int(np.flatnonzero(sums == 0)[0])
        raise DivisionByZeroError(
            "indicators add up to zero" + ("" if flat else f" in row {r + 1}")
        )
    # shares first (each <= 1): tot / sums overflows for a tiny indicator sum
    out = ind / sums[:, None] * tot[:, None]
    return out[0] if flat else out


def rake(
    components: Any,
    total: Any,
    *,
    basis: str = "value",
    alterability: Any = None,
) -> np.ndarray:
    """Adjust ``components`` so that they add up to a binding ``total`` (G-Series raking).

    Parameters
    ----------
    components : array_like, shape (regions,) or (periods, regions)
        Values to reconcile (e.g. provincial GVA). Blank (NaN) components stay blank and count
        as 0 in the sum.
    total : float or array_like
        The binding total: one value, or one per period (row). A blank total leaves its row
        unchanged.
    basis : {"value", "abs"}
        Adjust in proportion to the values (default) or to their absolute values, so that
        negative components (e.g. a loss-making industry) move the right way.
    alterability : float or array_like, optional
        Alterability coefficients ``≥ 0`` (0 = held fixed): one value, one per region, or one per
        cell. Default 1 for every component.

    Returns
    -------
    numpy.ndarray
        Same shape as ``components``; each row adds up to its total.

    Raises
    ------
    InfeasibleError
        A discrepancy remains but no component can move (all fixed, all zero, or, with
        ``basis="value"``, alterable values that cancel out).
    ShapeError, MissingValueError, NonPositiveError, UnknownOptionError
        Bad shapes, blank or negative alterability, unknown ``basis``.

    Examples
    --------
    G-Series ``tsraking()`` example 1 (cars 25, vans 5, total 40):

    >>> rake([25.0, 5.0], 40.0).round(5).tolist()
    [33.33333, 6.66667]
    """
    how = parse_word(basis, "basis", _BASES)
    comp, flat = _matrix(components, "components")
    tot = _totals(total, None if flat else comp.shape[0])
    alter = _alterability(alterability, comp.shape)
    known = ~np.isnan(comp)
    filled = np.where(known, comp, 0.0)
    scale = np.abs(filled) if how == "abs" else filled
    weight = np.where(known, alter * scale, 0.0)
    diff = tot - filled.sum(axis=1)
    wsum = weight.sum(axis=1)
    size = np.maximum.reduce([np.abs(tot), np.abs(filled).sum(axis=1), np.ones_like(tot)])
    tol = 1e-12 * size
    out = comp.copy()
    for r in range(comp.shape[0]):
        if np.isnan(tot[r]) or abs(diff[r]) <= tol[r]:
            continue
        if abs(wsum[r]) <= 1e-14 * np.abs(weight[r]).sum() or wsum[r] == 0:
            where = "" if flat else f"row {r + 1}: "
            raise InfeasibleError(
                f"{where}cannot meet total {tot[r]:g}: the alterable components "
                f"{'add up to zero' if np.any(weight[r]) else 'are all zero or held fixed'} "
                f"(difference {diff[r]:g})"
            )
        out[r] = np.where(known[r], filled[r] + weight[r] * (diff[r] / wsum[r]), np.nan)
    return out[0] if flat else out


def _alterability(alterability: Any, shape: tuple[int, int]) -> np.ndarray:
    if alterability is None:
        return np.ones(shape)
    alt = as_float_array(alterability, "alterability")
    try:
        alt = np.broadcast_to(alt.reshape(-1) if alt.ndim == 2 and shape[0] == 1 else alt, shape)
    except ValueError:
        raise ShapeError(
            f"alterability has shape {alt.shape}, components have {shape[1]} regions"
        ) from None
    if np.isnan(alt).any():
        raise MissingValueError("alterability has a blank")
    if (alt < 0).any():
        raise NonPositiveError("alterability must be 0 or more")
    return np.array(alt, dtype=float)


# ------------------------------------------------------------------ levels (issue 9) helpers
def allocate_exact(total: float, indicators: Any) -> np.ndarray:
    """Split one ``total`` over regions in proportion to ``indicators`` so that the parts add
    up to the total exactly in floating point.

    .. math::

        x_r = T \\cdot \\frac{s_r}{\\sum_q s_q}, \\qquad x_k \\leftarrow x_k + \\Big(T -
        \\textstyle\\sum_q x_q\\Big)\\ \\text{for the largest part } k

    The proportional split of :func:`allocate` can miss the total by a unit in the last place; the
    largest part is set to the total less the others (moved one unit in the last place at a
    time while needed; if that cannot hit the total, the next largest part; sums by
    :func:`math.fsum`), so
    ``math.fsum(parts) == total`` (the district levels and the allocated taxes on products
    must add up to their total, ESA 2010 ch. 13).

    Parameters
    ----------
    total : float
        The total to split (may be negative: taxes less subsidies).
    indicators : array_like, shape (regions,)
        Non-negative indicators, at least two, not all zero.

    Returns
    -------
    numpy.ndarray
        The parts, same length as ``indicators``.

    Examples
    --------
    >>> bool(math.fsum(allocate_exact(10.0, [1.0, 1.0, 1.0])) == 10.0)
    True
    """
    parts = np.array(allocate(float(total), indicators), dtype=float)
    if not math.isfinite(float(total)):
        return parts
    t = float(total)
    if math.fsum(parts) == t:
        return parts
    # The largest part first; when the others' low bits put every sum half-way between two
    # floats (ties to even skip the total), a smaller part, with finer spacing, takes the rest.
    for k in np.argsort(-np.abs(parts), kind="stable").tolist():
        trial = parts.copy()
        trial[k] = t - math.fsum(np.delete(parts, k))
        for _ in range(4):  # rounding of the step above: one unit in the last place at a time
            got = math.fsum(trial)
            if got == t:
                return trial
            trial[k] = np.nextafter(trial[k], np.inf if got < t else -np.inf)
    return parts


def deflate_like(current: Any, reference_current: Any, reference_constant: Any) -> np.ndarray:
    """Constant prices of regional values deflated with a reference implicit deflator.

    .. math::

        K_{r,t} = C_{r,t} \\cdot \\frac{K^{ref}_t}{C^{ref}_t}

    where ``ref`` is the national industry (ESA 2010 ch. 13: regional volumes by deflating
    regional current-price GVA with national industry price indices, as detailed as
    possible) or the region's own current and constant prices. Summed over regions with the
    national reference, the constant prices add up to the national constant prices exactly
    when the current prices add up to the national current prices.

    Parameters
    ----------
    current : array_like
        Regional current-price values (any shape).
    reference_current, reference_constant : array_like
        Current and constant prices of the reference, broadcastable to ``current``.

    Returns
    -------
    numpy.ndarray
        Constant prices; NaN where the reference is blank or its current value is zero.
    """
    cur = np.asarray(as_float_array(current, "current"), float)
    rc = np.asarray(as_float_array(reference_current, "reference_current"), float)
    rk = np.asarray(as_float_array(reference_constant, "reference_constant"), float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(rc != 0, rk / np.where(rc != 0, rc, 1.0), np.nan)
    return cur * ratio


def implied_growth(table: Any) -> np.ndarray:
    """Growth (percent) of a sum over regions, counting in each period only the regions with a
    value in that period and the one before (a region that starts reporting is not growth).

    .. math::

        g_t = \\Big(\\frac{\\sum_{r \\in B_t} x_{r,t}}{\\sum_{r \\in B_t} x_{r,t-1}} - 1\\Big)
        \\cdot 100, \\qquad B_t = \\{r : x_{r,t}, x_{r,t-1} \\text{ given}\\}

    Parameters
    ----------
    table : array_like, shape (periods,) or (periods, regions)
        Values at constant prices; NaN = not given.

    Returns
    -------
    numpy.ndarray, shape (periods,)
        First period NaN; NaN where no region has both periods or the previous sum is zero.

    Examples
    --------
    >>> implied_growth([[100.0, 50.0], [110.0, 50.0]]).round(6).tolist()
    [nan, 6.666667]
    """
    x = as_float_array(table, "table")
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2:
        raise ShapeError(f"table must be a column or a table; got shape {x.shape}")
    out = np.full(x.shape[0], np.nan)
    for t in range(1, x.shape[0]):
        both = ~np.isnan(x[t]) & ~np.isnan(x[t - 1])
        if not both.any():
            continue
        prev = x[t - 1][both].sum()
        if prev != 0:
            out[t] = (x[t][both].sum() / prev - 1.0) * 100.0
    return out


def weighted_growth(growth: Any, weights: Any) -> np.ndarray:
    """Weighted mean growth of regions (percent), e.g. of a province's districts with their
    base-year shares as weights.

    .. math::

        \\bar g_t = \\frac{\\sum_{r} w_r\\, g_{r,t}}{\\sum_{r} w_r}
        \\quad\\text{over the regions with } g_{r,t} \\text{ given}

    With base-year shares this is the growth of the sum only in the year after the base year
    (later years: a Laspeyres-type approximation, the shares drift with relative growth).

    Parameters
    ----------
    growth : array_like, shape (periods, regions)
        Growth rates in percent; NaN = not given.
    weights : array_like, shape (regions,)
        Non-negative weights (e.g. base-year GVA or its shares).

    Returns
    -------
    numpy.ndarray, shape (periods,)
        NaN in a period where no weighted region has a growth rate.

    Examples
    --------
    >>> weighted_growth([[10.0, 0.0]], [3.0, 1.0]).tolist()
    [7.5]
    """
    g = as_float_array(growth, "growth")
    if g.ndim == 1:
        g = g[None, :]
    w = as_float_array(weights, "weights").reshape(-1)
    if g.ndim != 2 or g.shape[1] != w.size:
        raise ShapeError(f"growth has {g.shape[-1]} regions, weights {w.size}")
    if np.isnan(w).any():
        raise MissingValueError("weights has a blank")
    if (w < 0).any():
        raise NonPositiveError("weights must not be negative")
    known = ~np.isnan(g)
    wsum = (known * w).sum(axis=1)
    num = np.where(known, g, 0.0) @ w
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(wsum > 0, num / np.where(wsum > 0, wsum, 1.0), np.nan)
