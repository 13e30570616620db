"""Regression-based temporal disaggregation: Chow-Lin (maximum likelihood) and Fernández.

Model (Chow & Lin 1971; Fernández 1981), in R tempdisagg's notation (Sax & Steiner 2013):

.. math::

    y = X\\beta + u, \\qquad y_l = C y, \\qquad V = \\mathrm{Var}(C u) = \\sigma^2\\, C\\Sigma C'

with ``Σ_ij = ρ^|i-j| / (1 - ρ²)`` (AR(1) errors, Chow-Lin) or ``Σ = (Δ'Δ)^{-1}`` (random-walk
errors starting at the first indicator period, Fernández). Given ``ρ``, ``β`` is the GLS estimate
on the low-frequency data and the high-frequency series is

.. math::

    \\hat y = X\\hat\\beta + \\Sigma C' (C\\Sigma C')^{-1} (y_l - C X \\hat\\beta),

so ``C ŷ = y_l`` exactly. ``"chow-lin-maxlog"`` chooses ``ρ`` in (-1, 1) by maximising the
concentrated log-likelihood (R tempdisagg's ``CalcGLS``)

.. math::

    \\ell(\\rho) = -\\tfrac m2\\big(1 + \\log 2\\pi + \\log(\\mathrm{RSS}/m)\\big)
                   - \\tfrac12 \\log\\lvert C\\Sigma C'\\rvert .

The whole interval [-0.999, 0.999] is searched on a grid, then the best grid point is refined
(Brent), so a second, higher peak is not missed; ``min_rho`` then truncates the estimate as R's
``truncated.rho`` does.

Structure used for speed (no dense n x n matrix): with ``φ = ρ^k`` (Chow-Lin) or ``φ = 1``
(Fernández), the quasi-differenced annual errors ``W_1 = Y_1``, ``W_j = Y_j - φ Y_{j-1}`` are
at most MA(1), so ``B = L V L'`` is tridiagonal, ``|V| = |B|`` and ``V^{-1} = L' B^{-1} L``. Every
likelihood evaluation is O(m) and the final series O(n) (``Σ = (H'H)^{-1}`` with ``H`` bidiagonal).

References
----------
Chow, G. C. and Lin, A. (1971). Best linear unbiased interpolation, distribution, and
extrapolation of time series by related series. *Rev. Econ. Stat.* 53(4), 372-375.
Fernández, R. B. (1981). A methodological note on the estimation of time series.
*Rev. Econ. Stat.* 63(3), 471-476.
Sax, C. and Steiner, P. (2013). Temporal disaggregation of time series. *The R Journal* 5(2),
80-87 (R package tempdisagg).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.linalg import cho_solve_banded, solve_banded
from scipy.linalg.lapack import dpbtrf as _dpbtrf
from scipy.linalg.lapack import dtbtrs as _dtbtrs
from scipy.optimize import minimize_scalar

from xladdin.gdp._temporal import Layout, as_float_array, as_vector, layout, no_missing, parse_word
from xladdin.gdp.errors import InfeasibleError, ShapeError, UnknownOptionError

__all__ = ["ChowLinResult", "chow_lin"]

_METHODS = {
    "chow-lin-maxlog": "chow-lin-maxlog",
    "chow-lin": "chow-lin-maxlog",
    "chowlin": "chow-lin-maxlog",
    "fernandez": "fernandez",
    "fernández": "fernandez",
}

_LOG_2PI = math.log(2.0 * math.pi)
RHO_BOUND = 0.999  #: search interval [-RHO_BOUND, RHO_BOUND], as R tempdisagg
_GRID = np.unique(np.r_[-RHO_BOUND, np.linspace(-0.99, 0.99, 100), RHO_BOUND])


@dataclass(frozen=True)
class ChowLinResult:
    """Result of :func:`chow_lin`.

    Attributes
    ----------
    series : numpy.ndarray
        The high-frequency series (length of the indicators); aggregates to the benchmarks.
    rho : float
        Autoregressive parameter used (after ``min_rho`` truncation); 0 for Fernández.
    coefficients : numpy.ndarray
        GLS coefficients, intercept first when ``intercept=True``.
    method : str
        Canonical method word.
    log_likelihood : float
        Concentrated log-likelihood at ``rho`` (R tempdisagg's ``logl``).
    """

    series: np.ndarray
    rho: float
    coefficients: np.ndarray
    method: str
    log_likelihood: float


class _Model:
    """Low-frequency GLS problem for one set of inputs (shared by every rho evaluated)."""

    def __init__(self, y_l: np.ndarray, x: np.ndarray, lay: Layout, random_walk: bool):
        self.y_l = y_l
        self.x = x
        self.lay = lay
        self.random_walk = random_walk
        self.x_l = lay.aggregate(x)
        self.data = np.column_stack([self.x_l, y_l])  # m x (p + 1)
        self.m, self.p = self.x_l.shape
        self._kernels()

    # -- covariance structure -------------------------------------------------------------
    def _kernels(self) -> None:
        """Constant matrices turning powers of rho into the entries of B (depend on w only)."""
        k, w = self.lay.k, self.lay.weights
        # g[d + k - 1] = sum_a w[a] rho^(a - d): weight of e_{s_j + d} in W_j (j >= 2)
        self._to_g = np.zeros((k, 2 * k - 1))
        # Cov(Y_1, W_2) = sum_a w[a] sum_{l < a} rho^l g[a - l - 1]
        self._to_cov = np.zeros((k, 2 * k - 1))
        for a in range(k):
            for lag in range(k):
                self._to_g[lag, a - lag + k - 1] += w[a]
                if lag < a:
                    self._to_cov[lag, a - lag - 1] += w[a]
        # Var(Y_1) for AR(1): sum_ab w_a w_b rho^|a-b| / (1 - rho^2) = powers @ c / (1 - rho^2)
        self._to_var = np.array([w @ w] + [2.0 * (w[:-d] @ w[d:]) for d in range(1, k)])
        a_idx = np.arange(k)
        self._var_rw = float(
            np.sum(np.outer(w, w) * (self.lay.start + np.minimum.outer(a_idx, a_idx) + 1))
        )

    def _entries(self, rho: np.ndarray) -> tuple[np.ndarray, ...]:
        """(var1, cov12, inner, cross, phi), each of shape (G,), for G rhos."""
        k = self.lay.k
        base = np.ones_like(rho) if self.random_walk else rho  # random walk: rho = 1
        powers = base[:, None] ** np.arange(k)[None, :]  # (G, k): rho^l
        g = powers @ self._to_g  # (G, 2k-1)
        inner = np.einsum("gi,gi->g", g, g)
        cross = np.einsum("gi,gi->g", g[:, : k - 1], g[:, k:]) if k > 1 else np.zeros(rho.size)
        cov12 = np.einsum("gl,gj,lj->g", powers, g, self._to_cov)
        if self.random_walk:
            var1 = np.full(rho.size, self._var_rw)
            phi = np.ones(rho.size)
        else:
            var1 = (powers @ self._to_var) / (1.0 - rho**2)
            phi = rho**k
        return var1, cov12, inner, cross, phi

    def _tridiagonal(self, rho: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Diagonal (G, m), off-diagonal (G, m-1) of B = L V L' and phi (G,), for G rhos."""
        m = self.m
        rho = np.atleast_1d(np.asarray(rho, dtype=float))
        var1, cov12, inner, cross, phi = self._entries(rho)
        diag = np.repeat(inner[:, None], m, axis=1)
        diag[:, 0] = var1
        off = np.repeat(cross[:, None], max(m - 1, 0), axis=1)
        if m > 1:
            off[:, 0] = cov12
        return diag, off, phi

    @staticmethod
    def _quasi_difference(v: np.ndarray, phi: float) -> np.ndarray:
        out = v.copy()
        out[1:] -= phi * v[:-1]
        return out

    # -- one rho, LAPACK banded path ------------------------------------------------------
    def fit(self, rho: float) -> tuple[float, np.ndarray, np.ndarray, float]:
        """(log-likelihood, beta, Cholesky factor of B, phi) at one rho."""
        var1, cov12, inner, cross, phis = self._entries(np.array([float(rho)]))
        phi = phis
        ab = np.empty((2, self.m))
        ab[0] = inner[0]
        ab[0, 0] = var1[0]
        ab[1] = cross[0]
        if self.m > 1:
            ab[1, 0] = cov12[0]
        ab[1, -1] = 0.0
        factor, info = _dpbtrf(ab, lower=1)
        if info != 0:
            raise InfeasibleError(f"the error covariance is singular at rho={rho:g}")
        white, info = _dtbtrs(factor, self._quasi_difference(self.data, phi[0]), uplo="L")
        beta, *_ = np.linalg.lstsq(white[:, : self.p], white[:, self.p], rcond=None)
        resid = white[:, self.p] - white[:, : self.p] @ beta
        rss = float(resid @ resid)
        if rss <= 0.0:
            logl = np.inf  # exact fit
        else:
            m = self.m
            logl = -0.5 * m * (1.0 + _LOG_2PI + math.log(rss / m))
            logl -= float(np.sum(np.log(factor[0])))  # 0.5 * log|B|, B = R R'
        return logl, beta, factor, float(phi[0])

    def _loglik(self, rss: float | np.ndarray, logdet: float | np.ndarray) -> Any:
        m = self.m
        with np.errstate(divide="ignore"):
            return -0.5 * m * (1.0 + np.log(2.0 * np.pi) + np.log(rss / m)) - 0.5 * logdet

    # -- many rhos at once (grid search) --------------------------------------------------
    def loglik_grid(self, rhos: np.ndarray) -> np.ndarray:
        """Log-likelihood at each of ``rhos`` (vectorised tridiagonal Cholesky)."""
        diag, off, phi = self._tridiagonal(rhos)
        v = np.repeat(self.data[None], rhos.size, axis=0)  # (G, m, q)
        v[:, 1:] -= phi[:, None, None] * self.data[None, :-1]
        z = np.empty_like(v)
        logdet = np.zeros(rhos.size)
        with np.errstate(invalid="ignore", divide="ignore"):
            lj = np.sqrt(diag[:, 0])
            logdet += 2 * np.log(lj)
            z[:, 0] = v[:, 0] / lj[:, None]
            for j in range(1, self.m):
                e = off[:, j - 1] / lj
                lj = np.sqrt(diag[:, j] - e * e)
                logdet += 2 * np.log(lj)
                z[:, j] = (v[:, j] - e[:, None] * z[:, j - 1]) / lj[:, None]
            # least squares by QR per rho (stable for badly scaled indicators)
            q, r = np.linalg.qr(z[:, :, : self.p])
            proj = np.einsum("gmp,gm->gp", q, z[:, :, self.p])
            rss = np.einsum("gm,gm->g", z[:, :, self.p], z[:, :, self.p]) - np.einsum(
                "gp,gp->g", proj, proj
            )
            rss = np.maximum(rss, 0.0)
            out = self._loglik(rss, logdet)
        del r
        return np.where(np.isfinite(out), out, -np.inf)

    # -- final series ---------------------------------------------------------------------
    def series(self, rho: float, beta: np.ndarray, factor: np.ndarray, phi: float) -> np.ndarray:
        lay = self.lay
        resid = self.y_l - self.x_l @ beta
        a = cho_solve_banded((factor, True), self._quasi_difference(resid, phi))
        v = a.copy()
        v[:-1] -= phi * a[1:]  # L' a
        c = np.zeros(lay.n)
        c[lay.start : lay.stop] = (v[:, None] * lay.weights[None, :]).ravel()
        # Sigma c = H^{-1} H'^{-1} c, H bidiagonal (first row scaled for a stationary AR(1))
        sub = 1.0 if self.random_walk else rho
        first = 1.0 if self.random_walk else np.sqrt(1.0 - rho * rho)
        ab = np.zeros((2, lay.n))
        ab[1] = 1.0
        ab[1, 0] = first
        ab[0, 1:] = -sub
        y = solve_banded((0, 1), ab, c, check_finite=False)
        low = np.zeros((2, lay.n))
        low[0] = 1.0
        low[0, 0] = first
        low[1, :-1] = -sub
        u = solve_banded((1, 0), low, y, check_finite=False)
        return self.x @ beta + u


def _prepare(
    benchmarks: Any,
    indicators: Any,
    periods_per_year: Any,
    conversion: Any,
    offset: Any,
    intercept: bool,
    random_walk: bool,
) -> _Model:
    bench = as_vector(benchmarks, "benchmarks")
    ind = as_float_array(indicators, "indicators")
    if ind.ndim == 1:
        ind = ind[:, None]
    if ind.ndim != 2 or ind.shape[0] == 0:
        raise ShapeError(f"indicators must be a column or a table of columns; got {ind.shape}")
    if ind.shape[0] == 1 and ind.shape[1] > 1:
        ind = ind.T
    no_missing(ind, "indicators")
    lay = layout(ind.shape[0], bench, periods_per_year, conversion, offset)
    x = np.column_stack([np.ones(ind.shape[0]), ind]) if intercept else ind
    model = _Model(bench[lay.first : lay.last + 1], x, lay, random_walk)
    if model.m <= model.p:
        raise ShapeError(
            f"benchmarks: {model.m} benchmarked years cannot estimate {model.p} coefficients"
        )
    scale = np.max(np.abs(model.x_l), axis=0)
    if np.any(scale == 0) or np.linalg.matrix_rank(model.x_l / scale) < model.p:
        raise InfeasibleError("indicators are collinear over the benchmarked years")
    return model


def _min_rho(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UnknownOptionError(
            f"min_rho must be a number in [-1, 1) or blank; got {value!r}"
        ) from None
    if not -1.0 <= number < 1.0:
        raise UnknownOptionError(f"min_rho must be in [-1, 1); got {number:g}")
    return None if number <= -1.0 else number


def chow_lin(
    benchmarks: Any,
    indicators: Any,
    *,
    method: str = "chow-lin-maxlog",
    periods_per_year: int | float = 4,
    conversion: str = "sum",
    offset: int | float = 0,
    min_rho: float | None = 0.0,
    intercept: bool = True,
) -> ChowLinResult:
    """Temporal disaggregation of ``benchmarks`` with related high-frequency ``indicators``.

    Parameters
    ----------
    benchmarks : array_like, shape (m,)
        Low-frequency series (e.g. annual GDP). Leading / trailing blanks are not benchmarked.
    indicators : array_like, shape (n,) or (n, p)
        High-frequency indicator(s), no blanks. Periods outside the benchmarked years are
        back-cast (``offset``) or forecast.
    method : {"chow-lin-maxlog", "fernandez"}
        AR(1) errors with ``ρ`` by maximum likelihood, or random-walk errors (``ρ`` fixed).
    periods_per_year : int
        High-frequency periods per benchmark (4, 12, 3).
    conversion : {"sum", "average", "first", "last"}
        What a benchmark is in terms of its periods.
    offset : int
        Indicator periods before the year of ``benchmarks[0]``.
    min_rho : float or None
        Estimates below ``min_rho`` become ``min_rho`` (R tempdisagg ``truncated.rho``, default 0).
        ``None`` or -1: no truncation.
    intercept : bool
        Add a constant regressor (first coefficient).

    Returns
    -------
    ChowLinResult

    Raises
    ------
    ShapeError, MissingValueError, UnknownOptionError
        Bad shapes, blanks, or option words.
    InfeasibleError
        Collinear indicators or a singular error covariance.

    Examples
    --------
    >>> r = chow_lin([10.0, 12.0, 15.0, 14.0], [1, 2, 3, 2, 2, 3, 4, 3, 3, 4, 5, 3, 3, 4, 4, 3])
    >>> bool(np.allclose(r.series.reshape(4, 4).sum(1), [10, 12, 15, 14]))
    True
    """
    meth = parse_word(method, "method", _METHODS)
    floor = _min_rho(min_rho)
    random_walk = meth == "fernandez"
    model = _prepare(
        benchmarks, indicators, periods_per_year, conversion, offset, bool(intercept), random_walk
    )
    if random_walk:
        rho = 0.0
    else:
        rho = _estimate_rho(model)
        if floor is not None and rho < floor:
            rho = floor
    logl, beta, factor, phi = model.fit(rho)
    series = model.series(rho, beta, factor, phi)
    return ChowLinResult(series, float(rho), beta, meth, float(logl))


def _estimate_rho(model: _Model) -> float:
    """Maximise the concentrated log-likelihood over [-0.999, 0.999]: grid, then Brent."""
    if model.m <= 200:  # few years: one vectorised pass over all rhos
        values = model.loglik_grid(_GRID)
    else:  # many years: the banded LAPACK path per rho is faster than a Python row loop
        values = np.array([_safe_loglik(model, r) for r in _GRID])
    best = int(np.argmax(values))
    lo = _GRID[max(best - 1, 0)]
    hi = _GRID[min(best + 1, _GRID.size - 1)]
    res = minimize_scalar(
        lambda r: -model.fit(r)[0],
        bounds=(lo, hi),
        method="bounded",
        options={"xatol": 1e-9},
    )
    candidates = [(values[best], float(_GRID[best]))]
    if res.success and np.isfinite(res.fun):
        candidates.append((-float(res.fun), float(res.x)))
    return max(candidates)[1]


def _safe_loglik(model: _Model, rho: float) -> float:
    try:
        value = model.fit(rho)[0]
    except InfeasibleError:
        return -np.inf
    return value if np.isfinite(value) else -np.inf


def _chow_lin_at_rho(
    benchmarks: Any,
    indicators: Any,
    rho: float,
    *,
    periods_per_year: int | float = 4,
    conversion: str = "sum",
    offset: int | float = 0,
    intercept: bool = True,
) -> ChowLinResult:
    """Chow-Lin with a fixed ``rho`` (for tests against other implementations)."""
    model = _prepare(benchmarks, indicators, periods_per_year, conversion, offset, intercept, False)
    logl, beta, factor, phi = model.fit(float(rho))
    return ChowLinResult(model.series(rho, beta, factor, phi), float(rho), beta, "chow-lin", logl)
