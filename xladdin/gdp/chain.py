"""Chain-linking: annual chain-linked volumes, annual-overlap aggregation (KIX), re-referencing.

References
----------
* IMF, *Quarterly National Accounts Manual* (2017), ch. 8, §8.41–8.60 (annual chain-linking,
  annual-overlap technique) and Example 8.3.
* Eurostat, *Handbook on quarterly national accounts* (2013), ch. 5 (annual overlap).
* Deutsche Bundesbank, *KIX 2.0 — Method of calculation* (2019): aggregation of
  annual-overlap chain-linked quarterly series (``KIX,A,wA,+,B,wB,ref``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from xladdin.gdp._arrays import as_array, as_int, as_table, check_divisor, match_shapes
from xladdin.gdp.errors import (
    CalculationError,
    MissingValueError,
    NonPositiveError,
    ShapeError,
)

__all__ = [
    "KixDetails",
    "at_previous_year_prices",
    "chain_link",
    "chain_sum_annual_overlap",
    "kix_details",
    "rereference",
    "year_means",
]


def chain_link(
    current: Any,
    previous_year_prices: Any,
    reference_position: Any = 1,
    periods_per_year: Any = 1,
) -> np.ndarray:
    """Chain-linked volumes expressed at reference-year prices (annual, or annual overlap).

    **Annual data** (``periods_per_year`` = 1): link factors ``r_t = PYP_t / CP_{t−1}``
    (volume at previous-year prices over the previous year's current-price value) are
    cumulated, ``L_1 = 1``, ``L_t = L_{t−1} × r_t``, and scaled so the reference year equals
    its current-price value: ``V_t = CP_ref × L_t / L_ref``.

    **Quarterly or monthly data** (``periods_per_year`` = 4 or 12), the annual-overlap
    technique: ``PYP`` holds each period's volume at the *previous year's average prices*.
    With annual sums ``ΣCP_y`` and ``ΣPYP_y``, the annual chain index is ``A_{y0} = 1``,
    ``A_y = A_{y−1} × ΣPYP_y / ΣCP_{y−1}``, and each period of year ``y > y0`` gets
    ``I_t = PYP_t / mean(CP_{y−1}) × A_{y−1}``; in the first year ``I_t = X_t / mean(X_{y0})``
    with ``X`` = PYP when given for the whole first year, else CP. The result is
    ``V_t = I_t × mean(CP_ref) / A_ref``, so the reference year's periods add up to its
    current-price total, and annual growth is ``ΣPYP_y / ΣCP_{y−1} − 1``. ``reference_position``
    then counts years (1 = the first year); series start in the first period of a year.

    Each column of a table is linked on its own. A missing value breaks the chain on its side
    of the reference year: periods further from the reference year are missing too (a series
    with leading empty cells is linked from its first value). A series that changes sign (a negative link factor, e.g. changes
    in inventories) is refused (IMF QNA Manual 2017 §8.56–8.58).

    Parameters
    ----------
    current : array_like
        Values at current prices, one per period.
    previous_year_prices : array_like
        Values at the previous year's (average) prices (the first year's values are not used
        for annual data).
    reference_position : int
        1-based position of the reference year.
    periods_per_year : int
        1 for annual data (default), 4 for quarters, 12 for months.

    References
    ----------
    IMF QNA Manual (2017) §8.45–8.55 (annual-overlap technique); SNA 2008 §15.44–15.52.

    Examples
    --------
    >>> chain_link([100.0, 110.0], [None, 105.0]).tolist()
    [100.0, 105.0]
    """
    cp = as_array(current, "current")
    pyp = match_shapes(
        cp,
        as_array(previous_year_prices, "previous_year_prices"),
        "current",
        "previous_year_prices",
    )
    flat = cp.ndim < 2
    cpt = cp.reshape(-1, 1) if flat else cp
    pyt = pyp.reshape(-1, 1) if flat else pyp
    n = cpt.shape[0]
    q = periods_per_year_arg(periods_per_year, default=1)
    ref = as_int(reference_position, "reference_position", default=1, minimum=1)
    if q > 1:
        out = _chain_annual_overlap(cpt, pyt, ref, q)
        return out.ravel() if flat else out
    if ref > n:
        raise ShapeError(f"reference_position is {ref} but current has {n} periods")
    check_divisor(cpt[:-1], "current")
    links = np.ones_like(cpt)
    links[1:] = pyt[1:] / cpt[:-1]
    _refuse_sign_change(links, "period")
    # From the reference year outwards: V_t = V_{t-1} x r_t after it, V_{t-1} = V_t / r_t before
    # it, so a missing value breaks the chain only on its side of the reference year (a series
    # starting after period 1 is linked from its first value).
    r = ref - 1
    out = np.full_like(cpt, np.nan)
    out[r] = cpt[r]
    out[r + 1 :] = cpt[r] * np.cumprod(links[r + 1 :], axis=0)
    if r > 0:
        with np.errstate(divide="ignore", invalid="ignore"):
            back = cpt[r] / np.cumprod(links[r:0:-1], axis=0)  # V_{r-1}, V_{r-2}, ..., V_0
        out[r - 1 :: -1] = np.where(np.isfinite(back), back, np.nan)
    return out.ravel() if flat else out


def periods_per_year_arg(x: Any, default: int) -> int:
    """``periods_per_year`` as a whole number ≥ 1; a bad value's message lists the usual ones."""
    try:
        return as_int(x, "periods_per_year", default=default, minimum=1)
    except CalculationError as exc:
        raise type(exc)(f"{exc}; use 1 (years), 4 (quarters) or 12 (months)") from None


def _refuse_sign_change(links: np.ndarray, unit: str) -> None:
    """Raise when a link factor is negative: the series changes sign (e.g. changes in inventories).

    Growth rates and chain-linked volumes cannot be calculated for a variable that can be
    positive, negative or zero (IMF QNA Manual 2017 §8.56): its implicit price index would be
    the ratio of two small numbers of either sign. Instead write it as the difference of two
    positive series (closing minus opening inventories, exports minus imports), chain-link
    each and take the difference (§8.57–8.58), or show its contribution to growth.
    """
    bad = np.flatnonzero((links < 0).any(axis=1) if links.ndim == 2 else links < 0)
    if bad.size:
        t = int(bad[0]) + 1
        raise NonPositiveError(
            f"the series changes sign between {unit} {t - 1} and {t}: no chain-linked volume "
            "for it (e.g. changes in inventories); chain-link its positive parts (closing, "
            "opening stocks) and subtract, or show its contribution to growth"
        )


def _year_sums(x: np.ndarray, q: int) -> np.ndarray:
    """Calendar-year sums (NaN for a year with a missing or absent period)."""
    return year_means(x, q) * q


def _chain_annual_overlap(cpt: np.ndarray, pyt: np.ndarray, ref: int, q: int) -> np.ndarray:
    """Annual-overlap chain-linking of periods × components (see :func:`chain_link`)."""
    n = cpt.shape[0]
    nyears = -(-n // q)
    if ref > nyears or ref * q > n:
        raise ShapeError(
            f"reference_position is {ref} but current has {n // q} complete year(s) of {q} periods"
        )
    cp_y = _year_sums(cpt, q)  # years × components
    pyp_y = _year_sums(pyt, q)
    year = np.arange(n) // q
    check_divisor(cp_y[:-1][~np.isnan(cp_y[:-1])], "the yearly sum of current")
    first = np.where(np.isnan(pyp_y[0]), cpt[:q], pyt[:q])  # per column: PYP if complete
    first_sum = first.sum(axis=0)
    if first.shape[0] < q:
        first_sum = first_sum * np.nan
    check_divisor(first_sum[~np.isnan(first_sum)], "the first year's sum")
    annual = np.ones_like(cp_y)
    annual_links = pyp_y[1:] / cp_y[:-1]
    _refuse_sign_change(np.vstack([np.ones_like(cp_y[:1]), annual_links]), "year")
    annual[1:] = np.cumprod(annual_links, axis=0)  # A_y; NaN breaks the chain
    index = np.empty_like(cpt)
    index[:q] = first / (first_sum / q)
    later = year >= 1
    y = year[later]
    index[later] = pyt[later] / (cp_y[y - 1] / q) * annual[y - 1]
    r = ref - 1
    return index * (cp_y[r] / q) / annual[r]


def at_previous_year_prices(current: Any, volume: Any) -> np.ndarray:
    """Values at the previous year's prices from current prices and a volume index (annual).

    ``PYP_t = CP_{t−1} × V_t / V_{t−1}``: last year's value moved with this year's volume
    change. The first period is missing. Each column of a table on its own. Feed the result to
    :func:`chain_link` (a single series chain-linked this way moves exactly with ``V``) and to
    :func:`contributions_chain_annual`.
    Source: IMF QNA Manual (2017) §8.45; SNA 2008 §15.44.

    Examples
    --------
    >>> at_previous_year_prices([14.0, 36.0], [100.0, 23 / 14 * 100]).round(6).tolist()
    [nan, 23.0]
    """
    cp = as_array(current, "current")
    v = match_shapes(cp, as_array(volume, "volume"), "current", "volume")
    out = np.full(cp.shape, np.nan)
    if cp.shape and cp.shape[0] > 1:
        check_divisor(v[:-1], "volume")
        out[1:] = cp[:-1] * v[1:] / v[:-1]
    return out


def year_means(x: np.ndarray, periods_per_year: int) -> np.ndarray:
    """Calendar-year averages of the rows of ``x`` (series start in the first period of a year).

    A year with a missing or absent period gets NaN.
    """
    n = x.shape[0]
    years = -(-n // periods_per_year)
    padded = np.full((years * periods_per_year, *x.shape[1:]), np.nan)
    padded[:n] = x
    return padded.reshape((years, periods_per_year, *x.shape[1:])).mean(axis=1)


@dataclass(frozen=True)
class KixDetails:
    """Intermediate columns of the annual-overlap aggregation (names as in the KIX example)."""

    unchained: np.ndarray  #: periods × components, percent of the previous year's average
    weighted_sum: np.ndarray  #: Σ weights × unchained / Σ weights
    prev_year_avg: np.ndarray  #: previous year's average of ``weighted_sum`` (100 in year 1)
    prev_year_avg_cum: np.ndarray  #: cumulated link factors, percent
    sum_chain_linked: np.ndarray  #: weighted_sum × prev_year_avg_cum / 100
    reference_weights: np.ndarray  #: reference-year volumes at previous-year prices
    result: np.ndarray  #: the aggregate, normalised in the reference year


def kix_details(
    indices: Any,
    values: Any,
    first_year: Any,
    reference_year: Any,
    periods_per_year: Any = 4,
) -> KixDetails:
    """Aggregate annual-overlap chain-linked indices, returning every intermediate column.

    See :func:`chain_sum_annual_overlap` for the method.
    """
    idx = as_table(indices, "indices")
    w = as_table(values, "values")
    if idx.shape != w.shape:
        raise ShapeError(
            f"indices is {idx.shape[0]}x{idx.shape[1]}, values is {w.shape[0]}x{w.shape[1]}"
        )
    q = as_int(periods_per_year, "periods_per_year", default=4, minimum=1)
    y0 = as_int(first_year, "first_year")
    ry = as_int(reference_year, "reference_year")
    n = idx.shape[0]
    nyears = -(-n // q)
    r = ry - y0
    if not 0 <= r < nyears or (r + 1) * q > n:
        raise ShapeError(f"reference_year {ry} is not a complete year of the data ({y0} on)")
    year = np.arange(n) // q

    idx_avg = year_means(idx, q)  # years × components
    w_avg = year_means(w, q)
    # previous-year averages; the first year uses its own
    prev_idx = np.vstack([idx_avg[:1], idx_avg[:-1]])
    prev_w = np.vstack([w_avg[:1], w_avg[:-1]])
    check_divisor(prev_idx[~np.isnan(prev_idx)], "the yearly average of indices")
    unchained = idx / prev_idx[year] * 100.0
    wy = prev_w[year]
    weighted = (wy * unchained).sum(axis=1) / wy.sum(axis=1)

    ws_avg = year_means(weighted.reshape(-1, 1), q).ravel()
    prev_avg = np.concatenate([[100.0], ws_avg[:-1]])
    prev_avg[0] = 100.0
    cum = np.cumprod(prev_avg / 100.0) * 100.0
    chained = weighted * cum[year] / 100.0

    # Normalise: in the reference year, the aggregate equals the weighted sum of the component
    # indices, weights = reference-year volumes at previous-year prices
    # = previous-year nominal total × annual volume change of the component.
    prev_year = max(r - 1, 0)
    nominal_prev = np.nansum(w[prev_year * q : (prev_year + 1) * q], axis=0)
    if np.isnan(w[prev_year * q : (prev_year + 1) * q]).any():
        nominal_prev = nominal_prev * np.nan
    volume_change = idx_avg[r] / idx_avg[prev_year]
    ref_weights = nominal_prev * volume_change
    target = (ref_weights * idx_avg[r]).sum() / ref_weights.sum()
    factor = target / ws_avg[r] / cum[r] * 100.0
    result = chained * factor
    return KixDetails(
        unchained=unchained,
        weighted_sum=weighted,
        prev_year_avg=prev_avg[year],
        prev_year_avg_cum=cum[year],
        sum_chain_linked=chained,
        reference_weights=ref_weights,
        result=result,
    )


def chain_sum_annual_overlap(
    indices: Any,
    values: Any,
    first_year: Any,
    reference_year: Any,
    periods_per_year: Any = 4,
) -> np.ndarray:
    """Sum annual-overlap chain-linked quarterly (or monthly) volume indices (KIX method).

    Steps, for components ``i`` (columns), periods ``t`` of year ``y`` (rows):

    1. unchain: ``u_{i,t} = I_{i,t} / Ī_{i,y−1} × 100`` (the first year uses its own average);
    2. weight: ``U_t = Σ_i w̄_{i,y−1} u_{i,t} / Σ_i w̄_{i,y−1}`` with ``w̄`` the yearly average
       of the current-price values (the first year uses its own);
    3. chain: ``S_t = U_t × C_y / 100`` with ``C_y = Π_{k≤y} Ū_{k−1} / 100 × 100`` and
       ``Ū_{y0−1} = 100``;
    4. normalise: ``R_t = S_t × T / S̄_ref`` where ``T = Σ_i v_i Ī_{i,ref} / Σ_i v_i`` and
       ``v_i = (Σ_{t∈ref−1} w_{i,t}) × Ī_{i,ref} / Ī_{i,ref−1}`` (reference-year volumes at
       previous-year prices). The reference-year average of ``R`` is therefore ``T``, not 100.

    Parameters
    ----------
    indices : array_like
        Periods × components, chain-linked volume indices (a single column is one component).
    values : array_like
        Current-price values, same shape.
    first_year, reference_year : int
        Calendar year of the first row (which must be the first period of that year) and the
        reference year.
    periods_per_year : int
        4 for quarters, 12 for months.

    References
    ----------
    Deutsche Bundesbank, KIX 2.0 "Method of calculation" (2019), example
    ``KIX,A,wA,+,B,wB,2005``; IMF QNA Manual (2017) §8.52–8.60.
    """
    return kix_details(indices, values, first_year, reference_year, periods_per_year).result


def rereference(series: Any, reference: Any = 1, level: float = 100.0) -> np.ndarray:
    """Move the reference period of an index (or chain-linked series).

    ``y_t = x_t × level / mean(x_ref)`` — growth rates are unchanged.

    Parameters
    ----------
    series : array_like
        1-D series or a table (each column re-referenced on its own).
    reference : int, (int, int) or slice
        1-based position of the reference period, or a 1-based inclusive ``(first, last)``
        range of positions (e.g. the four quarters of the reference year), or a Python slice.
    level : float
        Value of the reference period's average after re-referencing (100 by default).

    Examples
    --------
    >>> rereference([50.0, 100.0], 2).tolist()
    [50.0, 100.0]
    >>> rereference([50.0, 100.0], 1).tolist()
    [100.0, 200.0]
    """
    x = as_array(series, "series")
    flat = x.ndim < 2
    table = x.reshape(-1, 1) if flat else x
    n = table.shape[0]
    if isinstance(reference, slice):
        rows = np.arange(n)[reference]
    elif isinstance(reference, (tuple, list)) and len(reference) == 2:
        first = as_int(reference[0], "reference", minimum=1)
        last = as_int(reference[1], "reference", minimum=first)
        rows = np.arange(first - 1, min(last, n))
    else:
        pos = as_int(reference, "reference", minimum=1)
        rows = np.arange(pos - 1, min(pos, n))
    if rows.size == 0 or rows.max() >= n:
        raise ShapeError(f"reference is outside the {n} periods of series")
    base = table[rows].mean(axis=0)
    if np.isnan(base).any():
        raise MissingValueError("series is missing in the reference period")
    if (base == 0).any():
        raise CalculationError("series averages zero in the reference period")
    out = table * (float(level) / base)
    return out.ravel() if flat else out
