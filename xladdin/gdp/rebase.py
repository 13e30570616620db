"""Linking an old-base series to a new-base series (splicing, retropolation).

References
----------
* IMF QNA Manual (2017) §8.61–8.65 and Eurostat/OECD, *Handbook on backcasting / "Revisions
  and retropolation"*: the ratio (overlap) method keeps the old series' growth rates; the
  interpolation method spreads the level difference found at the overlap over earlier years.
* UN Statistics Division, *Backcasting handbook* (2018), ch. 3 ("splicing", "linear
  interpolation").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from xladdin.gdp._arrays import as_int, as_series
from xladdin.gdp.errors import DivisionByZeroError, NoOverlapError, ShapeError

__all__ = ["SpliceResult", "splice_interpolate", "splice_ratio"]


@dataclass(frozen=True)
class SpliceResult:
    """A linked series and how it was linked."""

    series: np.ndarray  #: the new-base series extended with the linked old-base values
    overlap_positions: tuple[int, ...]  #: 1-based positions where both series have values
    ratio_or_difference: float  #: new/old ratio ("ratio") or new − old difference ("interpolate")
    method: str  #: "ratio" or "interpolate"


def _pair(old: Any, new: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    o = as_series(old, "old")
    n = as_series(new, "new")
    if o.size != n.size:
        raise ShapeError(f"old has {o.size} cells, new has {n.size}")
    both = ~np.isnan(o) & ~np.isnan(n)
    if not both.any():
        raise NoOverlapError("old and new have no period with both values")
    return o, n, np.flatnonzero(both)


def splice_ratio(old: Any, new: Any) -> SpliceResult:
    """Link by the overlap ratio.

    ``k = mean(new_ov) / mean(old_ov)`` over the overlap periods; the result is ``new_t``
    where the new series has a value and ``old_t × k`` elsewhere, so the old series' growth
    rates are kept before the overlap.

    Examples
    --------
    >>> r = splice_ratio([100.0, 110.0, 121.0, None], [None, None, 242.0, 266.2])
    >>> r.series.round(6).tolist(), r.overlap_positions, r.ratio_or_difference
    ([200.0, 220.0, 242.0, 266.2], (3,), 2.0)
    """
    o, n, ov = _pair(old, new)
    denom = o[ov].mean()
    if denom == 0:
        raise DivisionByZeroError("old averages zero over the overlap")
    k = float(n[ov].mean() / denom)
    out = np.where(np.isnan(n), o * k, n)
    return SpliceResult(out, tuple(int(i) + 1 for i in ov), k, "ratio")


def splice_interpolate(old: Any, new: Any, span: Any = None) -> SpliceResult:
    """Link by spreading the level difference linearly over ``span`` periods.

    ``d = mean(new_ov − old_ov)`` over the overlap. With ``k`` the first overlap period
    (0-based) and weights ``a_t = max(0, 1 − (k − t) / span)``, periods before the overlap
    get ``old_t + a_t × d``: the full difference next to the overlap, fading linearly to none
    ``span`` periods back. ``span`` defaults to ``k`` (the first period keeps its old value).
    Periods after the overlap without a new value get ``old_t + d``.

    Examples
    --------
    >>> r = splice_interpolate([100.0, 100.0, 100.0, 100.0], [None, None, None, 104.0])
    >>> r.series.tolist(), r.ratio_or_difference
    ([100.0, 101.33333333333333, 102.66666666666667, 104.0], 4.0)
    """
    o, n, ov = _pair(old, new)
    d = float((n[ov] - o[ov]).mean())
    k = int(ov[0])
    s = k if span is None else as_int(span, "span", minimum=1)
    t = np.arange(o.size)
    if s == 0:
        weights = np.where(t < k, 0.0, 1.0)
    else:
        weights = np.where(t < k, np.clip(1.0 - (k - t) / s, 0.0, 1.0), 1.0)
    out = np.where(np.isnan(n), o + weights * d, n)
    return SpliceResult(out, tuple(int(i) + 1 for i in ov), d, "interpolate")
