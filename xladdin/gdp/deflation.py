"""Double deflation, single indicator, direct entries, taxes and subsidies on products.

Price indices here are used relative to their value in the base period (1-based
``base_position``): ``p_t = P_t / P_base``, so an index with any reference (100, 1, another
year) gives the same results.

* **Double deflation** (SNA 2008 §15.146–15.149; IMF QNA Manual 2017 §8.40–8.45): output and
  intermediate consumption are each deflated with their own price index; GVA at constant prices
  is their difference, GVA at current prices the difference at current prices.
* **Double extrapolation**: base-year output and IC × their volume indices give constant prices;
  constant × price gives current prices (the volume form of double deflation).
* **Single indicator**: base-year GVA × volume index, reflated with the output price index;
  right only when output and IC prices move together.
* **Direct entries**: a typed current-price value is deflated with the price index (the volume
  follows from it); a typed constant-price value is reflated. The implicit deflator then equals
  the price index.
* **Taxes / subsidies on products at constant prices** (ESA 2010 §10.42–10.45; SNA 2008
  §15.157): base-year taxes × volume of the taxed products (a taxes volume index, else the
  volume of GVA) — never current taxes deflated by the GVA deflator, which would count a change
  in tax rates as volume.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from xladdin.gdp._arrays import as_float, as_int, as_series
from xladdin.gdp.errors import DivisionByZeroError, ShapeError

__all__ = [
    "DirectEntries",
    "DoubleDeflation",
    "PriceVolume",
    "TaxesConstant",
    "apply_direct_entries",
    "double_deflate",
    "double_extrapolate",
    "single_indicator",
    "taxes_at_constant_prices",
]


@dataclass(frozen=True)
class PriceVolume:
    """A series at current prices and at constant (base-year) prices."""

    current: np.ndarray
    constant: np.ndarray


@dataclass(frozen=True)
class DoubleDeflation:
    """Output, intermediate consumption and GVA at current and constant prices."""

    output: PriceVolume
    ic: PriceVolume
    gva: PriceVolume  #: output − ic, at current and at constant prices


@dataclass(frozen=True)
class DirectEntries:
    """A series after typed (direct) entries, and where each kind was applied."""

    current: np.ndarray
    constant: np.ndarray
    deflated: np.ndarray  #: bool: a typed current-price value was deflated here
    reflated: np.ndarray  #: bool: a typed constant-price value was reflated here
    both_typed: np.ndarray  #: bool: both were typed; both kept as typed (deflator ≠ index)


@dataclass(frozen=True)
class TaxesConstant:
    """Taxes (or subsidies) on products at constant prices, and the volume used per period."""

    constant: np.ndarray
    used_taxes_volume: np.ndarray  #: bool: the taxes volume index was used (else GVA volume)


def _position(base_position: Any, n: int) -> int:
    pos = as_int(base_position, "base_position", default=1, minimum=1)
    if pos > n:
        raise ShapeError(f"base_position is {pos} but the series have {n} periods")
    return pos - 1


def _relative(index: Any, name: str, b: int, n: int) -> np.ndarray:
    """``P_t / P_base`` for a series of ``n`` periods (NaN where ``P_t`` is missing)."""
    p = as_series(index, name)
    if p.size != n:
        raise ShapeError(f"{name} has {p.size} cells, expected {n}")
    anchor = p[b]
    if np.isnan(anchor):
        raise DivisionByZeroError(f"{name} is empty in the base period {b + 1}")
    if anchor == 0:
        raise DivisionByZeroError(f"{name} is zero in the base period {b + 1}")
    zero = np.flatnonzero(p == 0)
    if zero.size:
        raise DivisionByZeroError(f"{name} is zero in period {int(zero[0]) + 1}")
    return p / anchor


def double_deflate(
    output_current: Any,
    ic_current: Any,
    output_price: Any,
    ic_price: Any,
    base_position: Any = 1,
) -> DoubleDeflation:
    """Double deflation of current-price output and intermediate consumption.

    ``O^K_t = O_t / (PO_t / PO_b)``, ``IC^K_t = IC_t / (PI_t / PI_b)``,
    ``GVA^K_t = O^K_t − IC^K_t`` and ``GVA_t = O_t − IC_t`` (``b`` = ``base_position``).
    In the base period constant and current prices are equal.
    Source: SNA 2008 §15.146–15.149; IMF QNA Manual (2017) §8.40–8.45.

    Examples
    --------
    >>> r = double_deflate([1000.0, 1260.0], [400.0, 630.0], [100.0, 120.0], [100.0, 150.0])
    >>> r.gva.current.tolist(), r.gva.constant.tolist()
    ([600.0, 630.0], [600.0, 630.0])
    """
    out = as_series(output_current, "output_current")
    n = out.size
    ic = as_series(ic_current, "ic_current")
    if ic.size != n:
        raise ShapeError(f"ic_current has {ic.size} cells, output_current has {n}")
    b = _position(base_position, n)
    po = _relative(output_price, "output_price", b, n)
    pi = _relative(ic_price, "ic_price", b, n)
    out_k, ic_k = out / po, ic / pi
    return DoubleDeflation(
        output=PriceVolume(out, out_k),
        ic=PriceVolume(ic, ic_k),
        gva=PriceVolume(out - ic, out_k - ic_k),
    )


def double_extrapolate(
    output_base: Any,
    ic_base: Any,
    output_volume: Any,
    output_price: Any,
    ic_price: Any,
    base_position: Any = 1,
    ic_volume: Any = None,
) -> DoubleDeflation:
    """Double indicator from base-year output and IC: volumes extrapolated, then reflated.

    ``O^K_t = O_b × VO_t / VO_b``, ``IC^K_t = IC_b × VI_t / VI_b`` (``VI`` = ``ic_volume``,
    default the output volume index: IC moves with output in volume), current prices
    ``O_t = O^K_t × PO_t / PO_b`` and ``IC_t = IC^K_t × PI_t / PI_b``; GVA is the difference
    at each valuation. Source: IMF QNA Manual (2017) §8.40–8.45 (double indicator).

    Examples
    --------
    Issue 8: output volume +5 %, output price +20 %, IC price +50 %, base output 1000 and IC
    400: current GVA 1260 − 630 = 630 (single indicator: 600 × 1.05 × 1.2 = 756).

    >>> r = double_extrapolate(1000.0, 400.0, [100.0, 105.0], [100.0, 120.0], [100.0, 150.0])
    >>> r.gva.current.round(6).tolist(), r.gva.constant.round(6).tolist()
    ([600.0, 630.0], [600.0, 630.0])
    """
    vo = as_series(output_volume, "output_volume")
    n = vo.size
    b = _position(base_position, n)
    o_b = as_float(output_base, "output_base")
    i_b = as_float(ic_base, "ic_base")
    vo_rel = _relative(vo, "output_volume", b, n)
    vi_rel = vo_rel if ic_volume is None else _relative(ic_volume, "ic_volume", b, n)
    po = _relative(output_price, "output_price", b, n)
    pi = _relative(ic_price, "ic_price", b, n)
    out_k, ic_k = o_b * vo_rel, i_b * vi_rel
    out_c, ic_c = out_k * po, ic_k * pi
    return DoubleDeflation(
        output=PriceVolume(out_c, out_k),
        ic=PriceVolume(ic_c, ic_k),
        gva=PriceVolume(out_c - ic_c, out_k - ic_k),
    )


def single_indicator(gva_base: Any, volume: Any, price: Any, base_position: Any = 1) -> PriceVolume:
    """Single indicator: ``GVA^K_t = GVA_b × V_t / V_b``; ``GVA_t = GVA^K_t × P_t / P_b``.

    Right only when output and intermediate-consumption prices move together; otherwise use
    :func:`double_extrapolate` / :func:`double_deflate`.
    Source: IMF QNA Manual (2017) §8.46 (single indicator methods).

    Examples
    --------
    >>> r = single_indicator(600.0, [100.0, 105.0], [100.0, 120.0])
    >>> r.constant.round(6).tolist(), r.current.round(6).tolist()
    ([600.0, 630.0], [600.0, 756.0])
    """
    v = as_series(volume, "volume")
    n = v.size
    b = _position(base_position, n)
    g = as_float(gva_base, "gva_base")
    const = g * _relative(v, "volume", b, n)
    return PriceVolume(const * _relative(price, "price", b, n), const)


def apply_direct_entries(
    current: Any,
    constant: Any,
    price_index: Any,
    direct_current: Any = None,
    direct_constant: Any = None,
    base_position: Any = 1,
) -> DirectEntries:
    """Replace computed values by typed ones, keeping price × volume = value.

    Where ``direct_current`` has a value: ``current_t = D_t`` and
    ``constant_t = D_t / (P_t / P_b)`` (the volume follows the typed value). Where
    ``direct_constant`` has a value: ``constant_t = K_t`` and ``current_t = K_t × P_t / P_b``.
    Either way the implicit deflator ``current / constant × 100`` equals ``P_t / P_b × 100``.
    Where both are typed, both are kept as typed (flagged in ``both_typed``).

    Examples
    --------
    Issue 8: computed constant 630 and current 756 at price 120; a typed current value 900
    gives constant 900 / 1.2 = 750 (deflator 120, not 900 / 630 = 143).

    >>> r = apply_direct_entries([600.0, 756.0], [600.0, 630.0], [100.0, 120.0], [None, 900.0])
    >>> r.current.tolist(), r.constant.round(6).tolist()
    ([600.0, 900.0], [600.0, 750.0])
    """
    cur = as_series(current, "current")
    n = cur.size
    const = as_series(constant, "constant")
    if const.size != n:
        raise ShapeError(f"constant has {const.size} cells, current has {n}")
    b = _position(base_position, n)
    p = _relative(price_index, "price_index", b, n)
    none = np.full(n, np.nan)
    dc = none if direct_current is None else as_series(direct_current, "direct_current")
    dk = none if direct_constant is None else as_series(direct_constant, "direct_constant")
    for name, arr in (("direct_current", dc), ("direct_constant", dk)):
        if arr.size != n:
            raise ShapeError(f"{name} has {arr.size} cells, current has {n}")
    has_c, has_k = ~np.isnan(dc), ~np.isnan(dk)
    both = has_c & has_k
    deflated, reflated = has_c & ~both, has_k & ~both
    new_cur = np.where(has_c, dc, np.where(reflated, dk * p, cur))
    new_const = np.where(has_k, dk, np.where(deflated, dc / p, const))
    return DirectEntries(new_cur, new_const, deflated, reflated, both)


def taxes_at_constant_prices(
    base_value: Any,
    gva_volume: Any,
    base_position: Any = 1,
    taxes_volume: Any = None,
) -> TaxesConstant:
    """Taxes (or subsidies) on products at constant prices, by volume extrapolation.

    ``T^K_t = T_b × X_t / X_b`` where ``X`` is the taxes volume index in the periods where it
    (and its base-period value) is given, and otherwise the volume of GVA (GVA at constant
    prices, or its volume index: only the movement counts). Never current taxes deflated with
    the GVA deflator: that would count a change in tax rates as volume. Use the same function
    for subsidies on products. Source: ESA 2010 §10.42–10.45 (base-year tax rates applied to
    this year's volumes); SNA 2008 §15.157.

    Examples
    --------
    Issue 8: taxes 100 in the base year; GVA volume +5 %; a 20 % VAT rise does not change the
    volume: taxes at constant prices 105 (current-price taxes 126 stay as they are).

    >>> taxes_at_constant_prices(100.0, [600.0, 630.0]).constant.round(6).tolist()
    [100.0, 105.0]
    """
    g = as_series(gva_volume, "gva_volume")
    n = g.size
    b = _position(base_position, n)
    t_b = as_float(base_value, "base_value")
    x = _relative(g, "gva_volume", b, n)
    used = np.zeros(n, dtype=bool)
    if taxes_volume is not None:
        tv = as_series(taxes_volume, "taxes_volume")
        if tv.size != n:
            raise ShapeError(f"taxes_volume has {tv.size} cells, gva_volume has {n}")
        if not np.isnan(tv[b]):
            rel = _relative(tv, "taxes_volume", b, n)
            used = ~np.isnan(rel)
            x = np.where(used, rel, x)
    return TaxesConstant(t_b * x, used)
