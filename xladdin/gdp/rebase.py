"""Linking an old-base series to a new-base series (splicing, back-casting, retropolation).

Both methods work with the *ratio* new/old, never with an additive difference, so positive
inputs always give positive results.

* **Link (ratio) method**: one link period ``L`` (by default the first period in which both
  series have a value, normally the new base year). Before the link the old series is scaled by
  ``new_L / old_L``; from the link on the new series is used. The old growth rates are kept
  exactly before the link and the new ones from it.
* **Interpolation method**: the ratio new/old is interpolated linearly between two benchmark
  periods, the old base period ``B`` (ratio 1 there, or ``new_B / old_B`` when a
  new-methodology value is given for it) and the link period ``L`` (ratio ``new_L / old_L``);
  before ``B`` the old-base ratio holds. The old series times that ratio is the result.

Positions are **1-based** (period 1 = the first cell), like ``base_position`` of
:func:`xladdin.gdp.extrapolate` and ``reference_position`` of :func:`xladdin.gdp.chain_link`;
callers with year labels pass ``year - first_year + 1``.

References
----------
* IMF QNA Manual (2017) ch. 8 (§8.61–8.65) and UN Statistics Division / ECA guidance on
  back-casting: the link (ratio) method keeps the old series' growth rates; the interpolation
  method spreads the revision ratio found at the link over the years back to the old base.
* Statistics Canada, *Revisions to the national accounts* (13-605): linking at one overlap year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from xladdin.gdp._arrays import as_float, as_int, as_series
from xladdin.gdp.errors import (
    CalculationError,
    DivisionByZeroError,
    MissingValueError,
    NonPositiveError,
    NoOverlapError,
    ShapeError,
)

__all__ = ["SpliceResult", "splice_interpolate", "splice_ratio"]


@dataclass(frozen=True)
class SpliceResult:
    """A linked series and how it was linked.

    ``ratio_or_difference`` is kept for callers of the first version: it now holds the link
    ratio for both methods (no method uses a difference any more).
    """

    series: np.ndarray  #: the new-base series extended back with the linked old-base values
    overlap_positions: tuple[int, ...]  #: 1-based positions where both series have values
    ratio_or_difference: float  #: the link ratio new_L / old_L (same as ``link_ratio``)
    method: str  #: "ratio" or "interpolate"
    link_position: int = 0  #: 1-based position of the link period L
    link_ratio: float = float("nan")  #: new_L / old_L
    #: ratio applied to the old value in each period (NaN where the new series is used)
    factors: np.ndarray | None = None
    old_base_position: int | None = None  #: "interpolate": 1-based position of B (may be < 1)
    old_base_ratio: float | None = None  #: "interpolate": ratio at B (1 unless a value given)


def _pair(old: Any, new: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    o = as_series(old, "old")
    n = as_series(new, "new")
    if o.size != n.size:
        raise ShapeError(f"old has {o.size} cells, new has {n.size}")
    both = ~np.isnan(o) & ~np.isnan(n)
    if not both.any():
        raise NoOverlapError("old and new have no period with both values")
    return o, n, np.flatnonzero(both)


def _link(o: np.ndarray, n: np.ndarray, ov: np.ndarray, link: Any) -> tuple[int, float]:
    """0-based link period and ratio new_L / old_L."""
    if link is None:
        k = int(ov[0])
    else:
        pos = as_int(link, "link", minimum=1)
        if pos > o.size:
            raise ShapeError(f"link must be at most {o.size} (the number of periods), got {pos}")
        k = pos - 1
        if np.isnan(o[k]) or np.isnan(n[k]):
            which = "old" if np.isnan(o[k]) else "new"
            raise NoOverlapError(
                f"link period {pos} has no {which} value; choose a period where both have one"
            )
    if o[k] == 0:
        raise DivisionByZeroError(f"old is zero in the link period {k + 1}")
    return k, float(n[k] / o[k])


def _assemble(
    o: np.ndarray, n: np.ndarray, k: int, factors: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Old × factor before the link; the new series from it (old × link factor in its gaps).

    A new-base value before the link where the old series is empty is kept (an official
    new-base value is never dropped for want of an old one).
    """
    t = np.arange(o.size)
    use_new = ((t >= k) | np.isnan(o)) & ~np.isnan(n)
    out = np.where(use_new, n, o * factors)
    return out, np.where(use_new, np.nan, factors)


def splice_ratio(old: Any, new: Any, link: Any = None) -> SpliceResult:
    """Link by the ratio in one link period.

    ``r = new_L / old_L``; the result is ``old_t × r`` before ``L`` and ``new_t`` from ``L``
    on (periods from ``L`` on where the new series is empty get ``old_t × r``). The old growth
    rates are kept exactly up to the link, the new ones from it.

    Parameters
    ----------
    old, new : array-like
        The old-base and new-base series, same length (``None``/NaN = missing).
    link : int, optional
        1-based position of the link period; it must have an old and a new value. Default:
        the first period in which both series have a value.

    Returns
    -------
    SpliceResult
        ``series``, ``link_position``, ``link_ratio`` (= ``ratio_or_difference``),
        ``factors`` and ``overlap_positions``.

    Examples
    --------
    >>> r = splice_ratio([100.0, 110.0, 121.0, None], [None, None, 242.0, 266.2])
    >>> r.series.round(6).tolist(), r.link_position, r.link_ratio
    ([200.0, 220.0, 242.0, 266.2], 3, 2.0)
    """
    o, n, ov = _pair(old, new)
    k, r = _link(o, n, ov, link)
    out, factors = _assemble(o, n, k, np.full(o.size, r))
    return SpliceResult(
        series=out,
        overlap_positions=tuple(int(i) + 1 for i in ov),
        ratio_or_difference=r,
        method="ratio",
        link_position=k + 1,
        link_ratio=r,
        factors=factors,
    )


def splice_interpolate(
    old: Any,
    new: Any,
    span: Any = None,
    link: Any = None,
    old_base: Any = None,
    old_base_value: Any = None,
) -> SpliceResult:
    """Link by interpolating the ratio new/old linearly from the old base to the link.

    With link ratio ``r_L = new_L / old_L`` and old-base ratio ``r_B`` (1, or
    ``old_base_value / old_B`` when a new-methodology value is given for the old base period),
    the factor for period ``t`` is

    * ``r_B`` for ``t ≤ B``,
    * ``r_B + (r_L − r_B) × (t − B) / (L − B)`` for ``B < t < L``,

    and the result is ``old_t × factor_t`` before ``L`` and the new series from ``L`` on
    (``old_t × r_L`` in gaps of the new series). Ratios are interpolated, never differences,
    so positive inputs give positive results.

    Parameters
    ----------
    old, new : array-like
        The old-base and new-base series, same length (``None``/NaN = missing).
    span : int, optional
        Kept from the first version: the ratio moves from 1 to ``r_L`` over ``span`` periods,
        i.e. ``old_base = link − span`` (which may lie before period 1). Ignored when
        ``old_base`` is given.
    link : int, optional
        1-based position of the link period (default: the first period with both values).
    old_base : int, optional
        1-based position of the old base period; must be before the link. 0 or less means
        before the first cell (old base 2002 for a series shown from 2005: −2), as ``span``
        allows. Default: the first period in which the old series has a value (if that is the
        link itself, nothing is interpolated).
    old_base_value : float, optional
        A new-methodology value for the old base period; the ratio there is then
        ``old_base_value / old_B`` instead of 1.

    Examples
    --------
    >>> r = splice_interpolate([100.0, 110.0, 121.0, 133.1, 146.41],
    ...                        [None, None, None, None, 161.051])
    >>> r.factors[:4].round(6).tolist(), round(r.link_ratio, 6), r.old_base_position
    ([1.0, 1.025, 1.05, 1.075], 1.1, 1)
    """
    o, n, ov = _pair(old, new)
    k, r_link = _link(o, n, ov, link)
    if old_base is not None:
        b_pos = as_int(old_base, "old_base")
        if b_pos > o.size:
            raise ShapeError(f"old_base must be at most {o.size}, got {b_pos}")
    elif span is not None:
        b_pos = k + 1 - as_int(span, "span", minimum=1)
    else:
        first_old = np.flatnonzero(~np.isnan(o))
        # no old value before the link: nothing to interpolate, any B before L will do
        b_pos = min(int(first_old[0]) + 1, k)
    b = b_pos - 1
    if b >= k:
        raise CalculationError(f"old_base (period {b_pos}) must be before the link period {k + 1}")
    r_base = 1.0
    if old_base_value is not None:
        value = as_float(old_base_value, "old_base_value")
        if np.isnan(value):
            raise MissingValueError("old_base_value is empty")
        if b < 0:
            raise CalculationError("old_base_value needs old_base inside the series")
        if np.isnan(o[b]):
            raise MissingValueError(f"old has no value in the old base period {b_pos}")
        if o[b] == 0:
            raise DivisionByZeroError(f"old is zero in the old base period {b_pos}")
        r_base = float(value / o[b])
    if r_base < 0 or r_link < 0:
        raise NonPositiveError(
            "the ratio new/old is negative at the link or the old base "
            f"({r_link:.6g} and {r_base:.6g}); use the ratio method for series that change sign"
        )
    t = np.arange(o.size, dtype=float)
    weight = np.clip((t - b) / (k - b), 0.0, 1.0)
    factors = r_base + (r_link - r_base) * weight
    out, shown = _assemble(o, n, k, factors)
    return SpliceResult(
        series=out,
        overlap_positions=tuple(int(i) + 1 for i in ov),
        ratio_or_difference=r_link,
        method="interpolate",
        link_position=k + 1,
        link_ratio=r_link,
        factors=shown,
        old_base_position=b_pos,
        old_base_ratio=r_base,
    )
