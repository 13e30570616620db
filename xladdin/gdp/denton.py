"""Benchmarking a high-frequency indicator to low-frequency totals: Denton and pro-rata.

Denton (1971) with Cholette's (1984) modification, as in the IMF *Quarterly National Accounts
Manual* (2017), chapter 6, and R tempdisagg's ``"denton-cholette"`` method. For an indicator
``i`` (n periods) and benchmarks ``b`` (one per benchmarked year), find ``x`` that minimises

.. math::

    \\sum_t \\big(\\Delta^h z_t\\big)^2, \\qquad
    z_t = \\frac{x_t - i_t}{i_t} \\ \\text{(proportional)}, \\quad
    z_t = x_t - i_t \\ \\text{(additive)}

subject to ``C x = b`` where row ``j`` of ``C`` sums (or averages, or takes the first / last of)
the ``k`` periods of benchmarked year ``j``. ``Δ^h`` is the difference of order ``h`` (``h = 0``:
no differencing) with *no* fixed pre-sample value (Cholette's modification), so the first and last
periods are free. Periods before the first and after the last benchmarked year get the same
criterion; for proportional ``h = 1`` that carries the benchmark-to-indicator ratio of the first /
last benchmarked *period* flat (what statsmodels' ``dentonm`` does for its forecast periods).

statsmodels' ``dentonm`` implements exactly one of these variants (its penalty "D4": proportional,
``h = 1``, sum conversion, no offset, forecast periods at the last period's ratio); ours agrees
with it to round-off (tests/gdp/test_denton.py).

The linear system is solved as one symmetric KKT system. Additive: unknown ``z = x - i``,

.. math::

    \\begin{pmatrix} D'D & A' \\\\ A & 0 \\end{pmatrix}
    \\begin{pmatrix} z \\\\ \\lambda \\end{pmatrix} =
    \\begin{pmatrix} 0 \\\\ b - C i \\end{pmatrix},
    \\qquad A = C,

and proportional: unknown the ratio ``r = x / i = 1 + z`` (``D'D 1 = 0`` for ``h >= 1``),

.. math::

    \\begin{pmatrix} D'D & A' \\\\ A & 0 \\end{pmatrix}
    \\begin{pmatrix} r \\\\ \\lambda \\end{pmatrix} =
    \\begin{pmatrix} D'D\\,\\mathbf 1 \\\\ b \\end{pmatrix},
    \\qquad A = C\\,\\mathrm{diag}(i),

so ``x = i r`` is computed without the cancellation of ``i + i z`` when the benchmarks are many
orders of magnitude below the indicator (different units: the method is scale-free, so users
legitimately pass an indicator in kip with benchmarks in billions of kip). Each constraint row is
scaled to unit L1 norm and the multiplier of year ``j`` placed right after the year's last
period, so the matrix is banded (half-bandwidth about ``k``) and a banded LU (LAPACK ``gbtrf``)
solves it in O(n), with one step of iterative refinement.

References
----------
Denton, F. T. (1971). Adjustment of monthly or quarterly series to annual totals: an approach
based on quadratic minimization. *JASA* 66(333), 99-102.
Cholette, P. A. (1984). Adjusting sub-annual series to yearly benchmarks. *Survey Methodology*
10(1), 35-49.
IMF (2017). *Quarterly National Accounts Manual*, ch. 6 "Benchmarking and reconciliation".
Dagum, E. B. and Cholette, P. A. (2006). *Benchmarking, Temporal Distribution, and
Reconciliation Methods for Time Series*. Springer, ch. 6.
"""

from __future__ import annotations

from math import comb
from typing import Any

import numpy as np

from xladdin.gdp._temporal import Layout, as_int, as_vector, layout, no_missing, parse_word
from xladdin.gdp.errors import (
    DivisionByZeroError,
    InfeasibleError,
    NonPositiveError,
    ShapeError,
)

__all__ = ["denton", "pro_rata"]

_METHODS = {
    "proportional": "proportional",
    "prop": "proportional",
    "additive": "additive",
    "add": "additive",
}


def denton(
    indicator: Any,
    benchmarks: Any,
    *,
    method: str = "proportional",
    periods_per_year: int | float = 4,
    conversion: str = "sum",
    offset: int | float = 0,
    h: int | float = 1,
) -> np.ndarray:
    """Benchmark ``indicator`` to ``benchmarks`` by the Denton-Cholette method.

    Parameters
    ----------
    indicator : array_like, shape (n,)
        High-frequency indicator (e.g. quarterly). No blanks. Positive for ``"proportional"``,
        in any units: proportional benchmarking is scale-free (an indicator in kip against
        benchmarks in billions of kip gives the same series to round-off).
    benchmarks : array_like, shape (m,)
        Low-frequency benchmarks (e.g. annual). Leading / trailing blanks (NaN) mean "not
        benchmarked"; those years are back-cast / extrapolated by the same criterion.
    method : {"proportional", "additive"}
        Preserve the indicator's period-to-period *ratios* (proportional, minimise
        ``Σ (Δ^h (x/i))²``) or *differences* (additive, minimise ``Σ (Δ^h (x - i))²``).
    periods_per_year : int
        High-frequency periods per benchmark (4 quarters, 12 months, 3 months per quarter).
    conversion : {"sum", "average", "first", "last"}
        What a benchmark is: the sum or the average of its periods, or its first / last period.
    offset : int
        Indicator periods before the year of ``benchmarks[0]``.
    h : {0, 1, 2, ...}
        Order of differencing in the penalty (1 is the standard Denton). ``h=0`` minimises
        ``Σ z_t²`` (as R tempdisagg; proportional ``h=0`` is *not* pro-rata, see
        :func:`pro_rata`).

    Returns
    -------
    numpy.ndarray, shape (n,)
        The benchmarked series: ``C x = b`` for every benchmarked year.

    Raises
    ------
    ShapeError
        Benchmarks beyond the indicator, or fewer benchmarked years than ``h``.
    MissingValueError
        Blank indicator value, no benchmark, or a blank between two benchmarks (the message
        names its position and the indicator periods it covers).
    NonPositiveError
        ``method="proportional"`` with a zero or negative indicator value.
    UnknownOptionError
        Unknown ``method`` or ``conversion`` word, or a non-whole option number.

    Examples
    --------
    Denton (1971) example (IMF QNA Manual 2017, Example 6.x; statsmodels' test data):

    >>> x = denton([50, 100, 150, 100] * 5, [500, 400, 300, 400, 500])
    >>> round(float(x[0]), 4)
    64.3348
    """
    meth = parse_word(method, "method", _METHODS)
    order = as_int(h, "h", 0)
    ind = as_vector(indicator, "indicator")
    bench = as_vector(benchmarks, "benchmarks")
    no_missing(ind, "indicator")
    lay = layout(ind.size, bench, periods_per_year, conversion, offset)
    if meth == "proportional" and np.any(ind <= 0):
        bad = int(np.flatnonzero(ind <= 0)[0])
        raise NonPositiveError(
            f"indicator must be positive for proportional Denton; position {bad + 1} is "
            f"{ind[bad]:g} (use method='additive')"
        )
    if lay.years < order:
        raise ShapeError(f"benchmarks: h={order} needs at least {order} benchmarked years")
    bench = bench[lay.first : lay.last + 1]
    if meth == "proportional":
        # Unknown: the ratio r = x / i (so x = i * r, no cancellation). Solving for
        # z = r - 1 and returning i + i * z loses every digit that the benchmarks lie below
        # the indicator (indicator in kip, benchmarks in billions: z = -1 + 1e-9).
        return ind * _solve(ind, lay, bench, order, prior=np.ones(ind.size))
    return ind + _solve(np.ones(ind.size), lay, bench - lay.aggregate(ind), order)


def _difference_coefficients(h: int) -> np.ndarray:
    """Coefficients of the order-``h`` difference, e.g. h=2: (1, -2, 1)."""
    return np.array([(-1) ** (h - a) * comb(h, a) for a in range(h + 1)], dtype=float)


def _difference_gram_times(v: np.ndarray, c: np.ndarray) -> np.ndarray:
    """``D'D v`` for the difference matrix ``D`` with coefficients ``c`` (no pre-sample)."""
    h = c.size - 1
    dv = np.zeros(v.size - h)
    for a in range(h + 1):
        dv += c[a] * v[a : v.size - h + a]
    out = np.zeros(v.size)
    for a in range(h + 1):
        out[a : v.size - h + a] += c[a] * dv
    return out


def _solve(
    weight: np.ndarray,
    lay: Layout,
    target: np.ndarray,
    h: int,
    prior: np.ndarray | None = None,
) -> np.ndarray:
    """Minimise ``||Δ^h (u - prior)||²`` s.t. ``C diag(weight) u = target`` (banded KKT solve).

    ``prior`` defaults to zero. Its right-hand side ``D'D prior`` is exactly zero for a constant
    ``prior`` and ``h >= 1`` (the integer difference coefficients sum to zero).
    """
    from scipy.linalg.lapack import dgbtrf as _dgbtrf
    from scipy.linalg.lapack import dgbtrs as _dgbtrs

    n, k, m = lay.n, lay.k, lay.years
    t = np.arange(n)
    year_end = lay.start + (np.arange(m) + 1) * k - 1
    pos_z = t + np.searchsorted(year_end, t, side="left")  # multipliers placed before t
    pos_l = year_end + np.arange(m) + 1
    size = n + m

    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    # D'D: row r of D has coefficients c[0..h] on periods r..r+h.
    c = _difference_coefficients(h)
    r = np.arange(n - h)
    for a in range(h + 1):
        for b in range(h + 1):
            rows.append(pos_z[r + a])
            cols.append(pos_z[r + b])
            vals.append(np.full(r.size, c[a] * c[b]))
    # Constraints, each row scaled to unit L1 norm for conditioning.
    periods = lay.start + np.arange(m * k)
    year = np.repeat(np.arange(m), k)
    a_vals = np.tile(lay.weights, m) * weight[periods]
    scale = 1.0 / np.abs(a_vals.reshape(m, k)).sum(axis=1)
    a_vals = a_vals * scale[year]
    rows += [pos_l[year], pos_z[periods]]
    cols += [pos_z[periods], pos_l[year]]
    vals += [a_vals, a_vals]

    row = np.concatenate(rows)
    col = np.concatenate(cols)
    val = np.concatenate(vals)
    bw = int(np.max(np.abs(row - col)))
    flat = (bw + row - col) * size + col
    ab = np.bincount(flat, weights=val, minlength=(2 * bw + 1) * size).reshape(2 * bw + 1, size)
    rhs = np.zeros(size)
    if prior is not None:
        rhs[pos_z] = _difference_gram_times(prior, c)
    rhs[pos_l] = target * scale
    # Banded LU (LAPACK gbtrf, partial pivoting: the KKT matrix is indefinite), used twice.
    lab = np.zeros((3 * bw + 1, size))
    lab[bw:] = ab
    lu, piv, info = _dgbtrf(lab, bw, bw, overwrite_ab=1)
    if info != 0:
        raise InfeasibleError(
            "benchmarks do not determine a unique series (too few benchmarked years for h)"
        )
    sol, info = _dgbtrs(lu, bw, bw, rhs, piv)
    if not np.all(np.isfinite(sol)):
        raise InfeasibleError("benchmarks do not determine a unique series")
    # One step of iterative refinement: benchmarks of very different sizes (1.5 next to 30,000)
    # are otherwise met only to the solve's normwise accuracy (3e-8 relative for the small one);
    # the refined solution meets each one to round-off.
    residual = rhs - np.bincount(row, weights=val * sol[col], minlength=size)
    correction, info = _dgbtrs(lu, bw, bw, residual, piv)
    sol = sol + correction
    if not np.all(np.isfinite(sol)):
        raise InfeasibleError("benchmarks do not determine a unique series")
    return sol[pos_z]


def pro_rata(
    indicator: Any,
    benchmarks: Any,
    *,
    periods_per_year: int | float = 4,
    conversion: str = "sum",
    offset: int | float = 0,
) -> np.ndarray:
    """Benchmark by pro-rata distribution: scale each year's periods by one factor.

    .. math::

        x_t = i_t \\cdot \\frac{b_j}{(C i)_j} \\quad (t \\text{ in year } j)

    Periods before the first (after the last) benchmarked year use the first (last) year's
    factor. Simple, but creates a step between years (the "step problem", IMF QNA Manual 2017,
    §6.7); prefer :func:`denton`.

    Parameters
    ----------
    indicator, benchmarks, periods_per_year, conversion, offset :
        As for :func:`denton`.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Raises
    ------
    DivisionByZeroError
        A benchmarked year's indicator aggregate is zero.
    ShapeError, MissingValueError, UnknownOptionError
        As for :func:`denton`.
    """
    ind = as_vector(indicator, "indicator")
    bench = as_vector(benchmarks, "benchmarks")
    no_missing(ind, "indicator")
    lay = layout(ind.size, bench, periods_per_year, conversion, offset)
    agg = lay.aggregate(ind)
    if np.any(agg == 0):
        year = int(np.flatnonzero(agg == 0)[0]) + lay.first
        raise DivisionByZeroError(f"indicator total is zero in benchmark year {year + 1}")
    factor = bench[lay.first : lay.last + 1] / agg
    per_period = np.empty(ind.size)
    per_period[: lay.start] = factor[0]
    per_period[lay.start : lay.stop] = np.repeat(factor, lay.k)
    per_period[lay.stop :] = factor[-1]
    return ind * per_period
