"""Accounting identities: gross value added, GDP by production, sum checks.

Reference: System of National Accounts 2008 (UN et al.), §6.75 (value added = output −
intermediate consumption) and §2.138 / §16.41 (GDP at market prices = Σ gross value added at
basic prices + taxes on products − subsidies on products).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from xladdin.gdp._arrays import as_array, as_series, cells, match_shapes
from xladdin.gdp.errors import ShapeError

__all__ = ["gdp", "gva", "sum_difference"]


def gva(output: Any, intermediate: Any) -> np.ndarray:
    """Gross value added.

    ``GVA = output − intermediate consumption``, cell by cell.

    Parameters
    ----------
    output, intermediate : array_like
        Same shape (or ``intermediate`` a single number). Missing gives missing.

    Returns
    -------
    numpy.ndarray
        Same shape as ``output``.

    References
    ----------
    SNA 2008 §6.75.

    Examples
    --------
    >>> gva([100.0, 250.0], [40.0, 90.0]).tolist()
    [60.0, 160.0]
    """
    out = as_array(output, "output")
    inter = match_shapes(out, as_array(intermediate, "intermediate"), "output", "intermediate")
    return out - inter


def gdp(gva: Any, taxes: Any = None, subsidies: Any = None) -> np.ndarray:
    """GDP by the production approach.

    ``GDP_t = Σ_j GVA_{t,j} + taxes_t − subsidies_t`` (rows ``t`` are periods, columns ``j``
    industries). A period with any missing industry, tax or subsidy is missing.

    Parameters
    ----------
    gva : array_like
        2-D (periods × industries). A 1-D input is the industries of *one* period.
    taxes, subsidies : array_like, optional
        Taxes and subsidies on products: one number per period (omitted = 0).

    Returns
    -------
    numpy.ndarray
        1-D, one value per period (a 0-d array when ``gva`` is 1-D).

    References
    ----------
    SNA 2008 §2.138 and §16.41 (GDP at market prices).

    Examples
    --------
    >>> gdp([[10.0, 20.0, 30.0]], taxes=[5.0], subsidies=[1.0]).tolist()
    [64.0]
    """
    raw = as_array(gva, "gva")
    one_period = raw.ndim < 2
    table = raw.reshape(1, -1) if one_period else raw
    n = table.shape[0]
    total = table.sum(axis=1)  # NaN in any industry gives NaN (missing propagates)
    for name, extra, sign in (("taxes", taxes, 1.0), ("subsidies", subsidies, -1.0)):
        if extra is None:
            continue
        values = as_series(extra, name)
        if values.size == 1:
            values = np.full(n, values[0])
        elif values.size != n:
            raise ShapeError(
                f"gva has {n} periods (rows), {name} has {values.size}; "
                "industries go across the columns"
            )
        total = total + sign * values
    return total.reshape(()) if one_period else total


def sum_difference(parts: Any, total: Any) -> np.ndarray:
    """Difference between the sum of the parts and the total.

    ``d = Σ parts − total``: over the whole 1-D ``parts`` (``total`` one number), or per row of
    a 2-D ``parts`` (``total`` one number per row). Missing anywhere gives missing.

    Examples
    --------
    >>> float(sum_difference([1.0, 2.0, 3.0], 6.5))
    -0.5
    """
    p = as_array(parts, "parts")
    t = as_array(total, "total")
    if p.ndim == 2 and p.shape[0] > 1 and p.shape[1] > 1:
        sums = p.sum(axis=1)
        tt = t.ravel()
        if tt.size == 1:
            tt = np.full(sums.shape, tt[0])
        if tt.size != sums.size:
            raise ShapeError(f"parts has {p.shape[0]} rows, total has {cells(tt.size)}")
        return sums - tt
    if t.size != 1:
        raise ShapeError(f"total must be a single number, got {cells(t.size)}")
    return np.asarray(p.sum() - float(t.ravel()[0]))
