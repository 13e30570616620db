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

The whole interval [-0.999, 0.999] is searched on a grid, then the best grid peak is refined
(Brent), and so is the second-best local peak when it is within reach of the best (a second,
higher peak is not missed); ``min_rho`` then truncates the estimate as R's ``truncated.rho``
does. Equal peaks (the likelihood is symmetric in rho for "first" / "last" conversion with an even
number of periods per year) go to the positive rho, never to round-off.

Structure used for speed (no dense n x n matrix): with ``φ = ρ^k`` (Chow-Lin) or ``φ = 1``
(Fernández), the quasi-differenced annual errors ``W_1 = Y_1``, ``W_j = Y_j - φ Y_{j-1}`` are
at most MA(1), so ``B = L V L'`` is tridiagonal, ``|V| = |B|`` and ``V^{-1} = L' B^{-1} L``. Every
likelihood evaluation is O(m) and the final series O(n) (``Σ = (H'H)^{-1}`` with ``H`` bidiagonal).
The grid pass is vectorised over all rhos, and the Cholesky factor of ``B`` on the grid depends
only on the layout (periods per year, conversion, offset, years), not on the data, so it is
computed once and shared by every series of a job; the Brent steps use a lean banded LAPACK
evaluation (about 25 µs).

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
_GRID.flags.writeable = False
_PEAK_MARGIN = 1.0  #: a second grid peak this close to the best one is refined too
#: Brent's tolerance on rho. The log-likelihood is flat to round-off within about 3e-7 of its
#: maximum (rho is not determined more closely), so a tighter tolerance only chases noise: 1e-9
#: took 25 % more evaluations for the same maximum (to 5e-13) and coefficients (to 1e-9 relative).
_RHO_XTOL = 1e-7
#: Up to this many benchmarked years the grid is evaluated vectorised (its cached factor then
#: takes at most 2 x 300 x 102 floats); beyond, per rho with LAPACK (faster for one series).
_VECTORISED_MAX_YEARS = 300
# Per-layout caches (the data never enters them): the grid's Cholesky factor, the kernels.
_FACTORS: dict[tuple[Any, ...], tuple[np.ndarray, ...]] = {}
_KERNELS: dict[tuple[Any, ...], tuple[Any, ...]] = {}
_FACTORS_MAX = 32


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
        self._band = np.empty((2, self.m))  # work array of :meth:`loglik`
        self._kernels()

    # -- covariance structure -------------------------------------------------------------
    def _kernels(self) -> None:
        """Constant matrices turning powers of rho into the entries of B (depend on w only)."""
        key = (self.lay.k, self.lay.weights.tobytes(), self.lay.start)
        cached = _KERNELS.get(key)
        if cached is None:
            self._compute_kernels()
            cached = (self._to_g, self._to_cov, self._to_var, self._var_rw)
            for arr in cached[:3]:
                arr.flags.writeable = False
            if len(_KERNELS) >= _FACTORS_MAX:
                _KERNELS.pop(next(iter(_KERNELS)))
            _KERNELS[key] = cached
        self._to_g, self._to_cov, self._to_var, self._var_rw = cached

    def _compute_kernels(self) -> None:
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

    @staticmethod
    def _quasi_difference(v: np.ndarray, phi: float) -> np.ndarray:
        out = v.copy()
        out[1:] -= phi * v[:-1]
        return out

    # -- one rho, LAPACK banded path ------------------------------------------------------
    def fit(self, rho: float) -> tuple[float, np.ndarray, np.ndarray, float]:
        """(log-likelihood, beta, Cholesky factor of B, phi) at one rho."""
        from scipy.linalg.lapack import dpbtrf as _dpbtrf
        from scipy.linalg.lapack import dtbtrs as _dtbtrs

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
    def _layout_key(self) -> tuple[Any, ...]:
        """Everything the covariance factor depends on (not the data)."""
        lay = self.lay
        return (self.random_walk, lay.k, lay.weights.tobytes(), lay.start, self.m)

    def grid_factor(self, rhos: np.ndarray) -> tuple[np.ndarray, ...]:
        """Tridiagonal Cholesky of ``B`` at each of G rhos, vectorised over the rhos.

        Returns ``(phi (G,), log|B| (G,), 1/√d (m, G), a (m-1, G))`` with the squared pivots
        ``d_j = B_jj - B_j,j-1² / d_{j-1}`` and ``a_j = B_j,j-1 / √(d_{j-1} d_j)``. It depends
        on the layout only, never on the data, so the fixed search grid's factor is computed
        once per layout and reused for every series (:func:`_grid_factor`).
        """
        rhos = np.atleast_1d(np.asarray(rhos, dtype=float))
        m = self.m
        var1, cov12, inner, cross, phi = self._entries(rhos)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            d = np.empty((m, rhos.size))
            d[0] = var1
            off = np.empty((max(m - 1, 0), rhos.size))
            if m > 1:
                off[:] = cross
                off[0] = cov12
                off2 = off * off
                for j in range(1, m):  # two in-place ufunc calls per year
                    np.divide(off2[j - 1], d[j - 1], out=d[j])
                    np.subtract(inner, d[j], out=d[j])
            logdet = np.log(d).sum(axis=0)
            root = np.sqrt(d)
            a = off / (root[:-1] * root[1:])
        return phi, logdet, 1.0 / root, a

    def loglik_grid(self, rhos: np.ndarray) -> np.ndarray:
        """Log-likelihood at each of ``rhos`` (-inf where undefined), vectorised over the rhos.

        Whitened data ``z = R^{-1} L data`` by the recurrence ``z_j = w_j - a_j z_{j-1}``
        (``w = L data / √d``; two in-place ufunc calls per year, whatever the number of rhos),
        then the residual sum of squares by modified Gram-Schmidt on ``[X y]`` per rho
        (backward stable, and invariant to the scale of each indicator).
        """
        rhos = np.atleast_1d(np.asarray(rhos, dtype=float))
        if rhos is _GRID or (rhos.shape == _GRID.shape and np.array_equal(rhos, _GRID)):
            phi, logdet, inv_root, a = _grid_factor(self)
        else:
            phi, logdet, inv_root, a = self.grid_factor(rhos)
        m, p = self.m, self.p
        data = self.data.T  # (q, m)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            z = np.empty((p + 1, m, rhos.size))
            z[:] = data[:, :, None]
            z[:, 1:] -= phi * data[:, :-1, None]
            z *= inv_root
            tmp = np.empty((p + 1, rhos.size))
            for j in range(1, m):
                np.multiply(a[j - 1], z[:, j - 1], out=tmp)
                np.subtract(z[:, j], tmp, out=z[:, j])
            for i in range(p):  # modified Gram-Schmidt, column i against the later ones
                col = z[i]
                col /= np.sqrt(np.einsum("mg,mg->g", col, col))
                for c in range(i + 1, p + 1):
                    z[c] -= col * np.einsum("mg,mg->g", col, z[c])
            rss = np.einsum("mg,mg->g", z[p], z[p])
            out = self._loglik(rss, logdet)
        return np.where(np.isfinite(out), out, -np.inf)

    def loglik(self, rho: float) -> float:
        """Log-likelihood at one rho (-inf where undefined): lean banded LAPACK path.

        The same value as :meth:`fit` (least squares by QR instead of SVD, RSS from the last
        diagonal entry of R of the whitened ``[X y]``), for the Brent refinement, which only
        needs the value: about ten LAPACK/BLAS calls and no temporary beyond the band.
        """
        from scipy.linalg.lapack import dgeqrf as _dgeqrf
        from scipy.linalg.lapack import dpbtrf as _dpbtrf
        from scipy.linalg.lapack import dtbtrs as _dtbtrs

        var1, cov12, inner, cross, phi = self._entries_scalar(float(rho))
        ab = self._band
        ab[0] = inner
        ab[0, 0] = var1
        if self.m > 1:
            ab[1] = cross
            ab[1, 0] = cov12
            ab[1, -1] = 0.0
        factor, info = _dpbtrf(ab, lower=1, overwrite_ab=1)
        if info != 0:
            return -np.inf
        v = self.data.copy()
        v[1:] -= phi * self.data[:-1]
        white, info = _dtbtrs(factor, v, uplo="L", overwrite_b=1)
        qr, _, _, info = _dgeqrf(white, overwrite_a=1)
        rss = float(qr[self.p, self.p]) ** 2
        if not rss > 0.0 or info != 0:
            return -np.inf
        value = -0.5 * self.m * (1.0 + _LOG_2PI + math.log(rss / self.m))
        value -= float(np.log(factor[0]).sum())  # 0.5 * log|B|, B = R R'
        return value if math.isfinite(value) else -np.inf

    def _entries_scalar(self, rho: float) -> tuple[float, float, float, float, float]:
        """:meth:`_entries` at one rho with Python floats and small dot products."""
        k = self.lay.k
        base = 1.0 if self.random_walk else rho
        powers = np.array([base**lag for lag in range(k)])
        g = powers @ self._to_g
        inner = float(g @ g)
        cross = float(g[: k - 1] @ g[k:]) if k > 1 else 0.0
        cov12 = float(powers @ (self._to_cov @ g))
        if self.random_walk:
            return self._var_rw, cov12, inner, cross, 1.0
        return float(powers @ self._to_var) / (1.0 - rho * rho), cov12, inner, cross, rho**k

    # -- final series ---------------------------------------------------------------------
    def series(self, rho: float, beta: np.ndarray, factor: np.ndarray, phi: float) -> np.ndarray:
        from scipy.linalg.lapack import dpbtrs as _dpbtrs
        from scipy.linalg.lapack import dtbtrs as _dtbtrs

        lay = self.lay
        resid = self.y_l - self.x_l @ beta
        a, _ = _dpbtrs(factor, self._quasi_difference(resid, phi), lower=1)  # B^{-1} L resid
        v = a.copy()
        v[:-1] -= phi * a[1:]  # L' a
        c = np.zeros(lay.n)
        c[lay.start : lay.stop] = (v[:, None] * lay.weights[None, :]).ravel()
        # Sigma c = H^{-1} H'^{-1} c, H bidiagonal (first row scaled for a stationary AR(1))
        sub = 1.0 if self.random_walk else rho
        first = 1.0 if self.random_walk else np.sqrt(1.0 - rho * rho)
        low = np.empty((2, lay.n))  # H: lower bidiagonal, LAPACK band storage
        low[0] = 1.0
        low[0, 0] = first
        low[1] = -sub
        low[1, -1] = 0.0
        y, _ = _dtbtrs(low, c, uplo="L", trans="T")  # H'^{-1} c
        u, _ = _dtbtrs(low, y, uplo="L")  # H^{-1} y
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
    """Maximise the concentrated log-likelihood over [-0.999, 0.999]: grid, then Brent.

    The whole interval is evaluated on the grid (vectorised; the covariance factor is shared by
    every series with the same layout), then Brent refines around the best grid peak and
    around the second-best local peak when that one could be higher after refinement, so a
    second, higher peak between grid points is not missed.
    """
    from scipy.optimize import minimize_scalar

    if model.m <= _VECTORISED_MAX_YEARS:  # one vectorised pass over all rhos
        values = model.loglik_grid(_GRID)
    else:  # many years: the banded LAPACK path per rho is faster than a Python row loop
        values = np.array([model.loglik(r) for r in _GRID])
    found = []  # the highest point of each refined peak: (log-likelihood, rho)
    for best in _peaks(values):
        point = (float(values[best]), float(_GRID[best]))
        lo = _GRID[max(best - 1, 0)]
        hi = _GRID[min(best + 1, _GRID.size - 1)]
        res = minimize_scalar(
            lambda r: -model.loglik(r),
            bounds=(lo, hi),
            method="bounded",
            options={"xatol": _RHO_XTOL},
        )
        if res.success and np.isfinite(res.fun) and -float(res.fun) >= point[0]:
            point = (-float(res.fun), float(res.x))
        found.append(point)
    # Peaks that tie to round-off go to the larger rho: with "first" / "last" conversion and an
    # even number of periods per year the likelihood is symmetric (it depends on rho^k and
    # rho^2 only), and the positive root is the plausible one (and survives min_rho = 0).
    top = max(value for value, _ in found)
    tol = 1e-11 * max(1.0, abs(top))
    return max(rho for value, rho in found if value >= top - tol)


def _peaks(values: np.ndarray) -> list[int]:
    """Grid index of the highest value, then of the second-highest local peak if it matters.

    A local peak is refined only when its parabola through the three nearest grid points (an
    estimate of its true height) comes within ``_PEAK_MARGIN`` log-likelihood units of the
    best grid value; lower peaks cannot win after refinement.
    """
    best = int(np.argmax(values))
    if not np.isfinite(values[best]):
        return [best]
    left = np.r_[-np.inf, values[:-1]]
    right = np.r_[values[1:], -np.inf]
    local = np.flatnonzero((values >= left) & (values >= right) & np.isfinite(values))
    local = local[np.abs(local - best) > 1]  # the best peak's own neighbours are not peaks
    if local.size == 0:
        return [best]
    second = int(local[np.argmax(values[local])])
    height = values[second]
    if 0 < second < values.size - 1:
        # vertex of the parabola through the three grid points (a conservative upper estimate)
        y0, y1, y2 = values[second - 1 : second + 2]
        x0, x1, x2 = _GRID[second - 1 : second + 2]
        denom = (x0 - x1) * (x0 - x2) * (x1 - x2)
        with np.errstate(invalid="ignore", over="ignore"):  # -inf neighbours: no parabola
            a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / denom
            b = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / denom
        if a < 0 and np.isfinite(a) and np.isfinite(b):
            gain = -(a * x1 * x1 + b * x1) - b * b / (4.0 * a)  # vertex minus middle value
            height = y1 + 2.0 * max(gain, 0.0)
    if height + _PEAK_MARGIN >= values[best]:
        return [best, second]
    return [best]


def _grid_factor(model: _Model) -> tuple[np.ndarray, ...]:
    """``model.grid_factor(_GRID)``, computed once per layout (read-only arrays)."""
    key = model._layout_key()
    factor = _FACTORS.get(key)
    if factor is None:
        factor = model.grid_factor(_GRID)
        for arr in factor:
            arr.flags.writeable = False
        if len(_FACTORS) >= _FACTORS_MAX:
            _FACTORS.pop(next(iter(_FACTORS)))
        _FACTORS[key] = factor
    return factor


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
