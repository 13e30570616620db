"""Contributions to growth (percentage points).

References
----------
* Fixed-base (additive) series: OECD, *Understanding National Accounts* (2014), §1.
  ``C_{i,t} = (c_{i,t} − c_{i,t−1}) / T_{t−1} × 100``.
* Annual-overlap chain-linked quarterly series: Eurostat, *Handbook on quarterly national
  accounts* (2013), §5.4 "Contributions to growth"; Ribe, M. (2012), "Some properties of
  annual chain-linked contributions to growth and annual overlap contributions", Statistics
  Sweden; IMF QNA Manual (2017) §8.74–8.80.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from xladdin.gdp._arrays import as_array, as_series, check_divisor, option
from xladdin.gdp.chain import periods_per_year_arg, year_means
from xladdin.gdp.errors import ShapeError

__all__ = ["contributions", "contributions_annual_overlap", "contributions_chain_annual"]


def _total_for(component: np.ndarray, total: Any) -> np.ndarray:
    tot = as_series(total, "total")
    n = component.shape[0] if component.ndim else 1
    if tot.size != n:
        raise ShapeError(f"component has {n} periods, total has {tot.size}")
    return tot


def contributions(component: Any, total: Any) -> np.ndarray:
    """Contribution of additive (fixed-base) components to the growth of their total.

    ``C_{i,t} = (c_{i,t} − c_{i,t−1}) / T_{t−1} × 100`` percentage points; the first period is
    missing. When the components add up to the total, the contributions add up to the total's
    percent growth.

    Parameters
    ----------
    component : array_like
        One component (1-D) or several side by side (periods × components).
    total : array_like
        The total, one value per period.

    Examples
    --------
    >>> contributions([60.0, 66.0], [100.0, 104.0]).tolist()
    [nan, 6.0]
    """
    c = as_array(component, "component")
    flat = c.ndim < 2
    table = c.reshape(-1, 1) if flat else c
    tot = _total_for(table, total)
    out = np.full(table.shape, np.nan)
    if table.shape[0] > 1:
        check_divisor(tot[:-1], "total")
        out[1:] = (table[1:] - table[:-1]) / tot[:-1].reshape(-1, 1) * 100.0
    return out.ravel() if flat else out


def contributions_annual_overlap(
    component_index: Any,
    component_value: Any,
    total_index: Any,
    total_value: Any,
    periods_per_year: Any = 4,
    convention: Any = "eurostat",
) -> np.ndarray:
    """Contributions to period-on-period growth of annual-overlap chain-linked series.

    Component ``i`` has volume ``I_{i,t}`` (chain-linked index or volume) and current-price
    value ``w_{i,t}``; the total has ``A_t`` and ``W_t``. Bars denote yearly averages and
    ``s_{i,y} = Σ_{t∈y} w_{i,t} / Σ_{t∈y} W_t`` current-price shares. For ``t`` in year ``y``:

    * not the first period of the year::

        C_{i,t} = s_{i,y−1} (I_{i,t} − I_{i,t−1}) / Ī_{i,y−1} × Ā_{y−1} / A_{t−1} × 100

    * the first period of the year (``t−1`` in year ``y−1``), split at the year-``y−1`` average::

        C_{i,t} = [ s_{i,y−1} (I_{i,t} − Ī_{i,y−1}) / Ī_{i,y−1} × Ā_{y−1}
                  + s_{i,y−2} (Ī_{i,y−1} − I_{i,t−1}) / Ī_{i,y−2} × Ā_{y−2} ] / A_{t−1} × 100

    The first year of data uses its own averages and shares in place of the previous year's;
    the first period is missing. Series start in the first period of a year. When the total
    is the annual-overlap aggregate of the components (e.g. :func:`chain_sum_annual_overlap`)
    with ``W = Σ w``, the contributions add up exactly to the total's percent growth.

    ``convention="kix"`` (Deutsche Bundesbank, KIX 2.0) applies the within-year formula to the
    first period of the year as well (the previous year's last period unchained with the
    current link ``Ī_{i,y−1}``); its first-period contributions do not add up exactly across
    components. ``"eurostat"`` (default) is the split formula above.

    References
    ----------
    Eurostat, Handbook on quarterly national accounts (2013) §5.4; Ribe (2012), Statistics
    Sweden; IMF QNA Manual (2017) §8.74–8.80.
    """
    ci = as_array(component_index, "component_index")
    flat = ci.ndim < 2
    idx = ci.reshape(-1, 1) if flat else ci
    cv = as_array(component_value, "component_value")
    val = cv.reshape(-1, 1) if cv.ndim < 2 else cv
    if val.shape != idx.shape:
        raise ShapeError(f"component_index has {idx.size} cells, component_value has {val.size}")
    a = as_series(total_index, "total_index")
    w_tot = as_series(total_value, "total_value")
    n = idx.shape[0]
    if a.size != n:
        raise ShapeError(f"component_index has {n} periods, total_index has {a.size}")
    if w_tot.size != n:
        raise ShapeError(f"component_index has {n} periods, total_value has {w_tot.size}")
    q = periods_per_year_arg(periods_per_year, default=4)
    kix = option(convention, "convention", ("eurostat", "kix"), default="eurostat") == "kix"

    i_avg = year_means(idx, q)  # years × components
    a_avg = year_means(a.reshape(-1, 1), q).ravel()
    shares = year_means(val, q) / year_means(w_tot.reshape(-1, 1), q)  # mean ratio = sum ratio

    def prev(arr: np.ndarray, k: int) -> np.ndarray:
        """Year y−k values for every year y; years before the first use the first year's."""
        return np.concatenate([np.repeat(arr[:1], k, axis=0), arr[:-k]]) if len(arr) else arr

    i1, a1, s1 = prev(i_avg, 1), prev(a_avg, 1), prev(shares, 1)
    i2, a2, s2 = prev(i_avg, 2), prev(a_avg, 2), prev(shares, 2)
    check_divisor(a[:-1], "total_index")
    check_divisor(i1[~np.isnan(i1)], "the yearly average of component_index")

    out = np.full(idx.shape, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        for t in range(1, n):
            y = t // q
            if t % q or kix:
                out[t] = s1[y] * (idx[t] - idx[t - 1]) / i1[y] * a1[y] / a[t - 1]
            else:
                out[t] = (
                    s1[y] * (idx[t] - i1[y]) / i1[y] * a1[y]
                    + s2[y] * (i1[y] - idx[t - 1]) / i2[y] * a2[y]
                ) / a[t - 1]
    out *= 100.0
    return out.ravel() if flat else out


def contributions_chain_annual(
    component_current: Any, component_pyp: Any, total_current: Any = None
) -> np.ndarray:
    """Contributions to the growth of an annual chain-linked total (previous-year prices).

    ``C_{i,y} = (PYP_{i,y} − CP_{i,y−1}) / CP_{T,y−1} × 100`` percentage points, with ``PYP``
    the component at the previous year's prices, ``CP`` at current prices and ``CP_T`` the
    total at current prices (default: the sum of the components). When the components make
    up the total, the contributions add up exactly to the growth of its chain-linked volume
    (``ΣPYP_y / ΣCP_{y−1} − 1``), although the chain-linked components themselves do not add
    up to the chain-linked total outside the reference year and the year after.
    Source: IMF QNA Manual (2017) §8.74–8.76; Eurostat Handbook on QNA (2013) §5.4.

    Examples
    --------
    >>> contributions_chain_annual([[5.0, 9.0], [16.0, 20.0]], [[None, None], [8.0, 15.0]])[1]
    array([21.42857143, 42.85714286])
    """
    cp = as_array(component_current, "component_current")
    flat = cp.ndim < 2
    cpt = cp.reshape(-1, 1) if flat else cp
    pyp = as_array(component_pyp, "component_pyp")
    pyt = pyp.reshape(-1, 1) if pyp.ndim < 2 else pyp
    if pyt.shape != cpt.shape:
        raise ShapeError(f"component_current has {cpt.size} cells, component_pyp has {pyt.size}")
    tot = cpt.sum(axis=1) if total_current is None else _total_for(cpt, total_current)
    out = np.full(cpt.shape, np.nan)
    if cpt.shape[0] > 1:
        check_divisor(tot[:-1], "total_current")
        out[1:] = (pyt[1:] - cpt[:-1]) / tot[:-1].reshape(-1, 1) * 100.0
    return out.ravel() if flat else out
