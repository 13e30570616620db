"""The GDP_ Excel functions: thin wrappers over :mod:`xladdin.gdp`.

Names and required arguments are a contract: saved workbooks call them. Time runs down the
rows; several series sit side by side in columns; a row in gives a row out. Empty cells are
missing and give empty results. Bad input gives one ``#GDP! <reason>`` cell, never an error.
"""

from __future__ import annotations

import numpy as np

import udfs._xlwings as xw
from udfs._common import (
    CATEGORY,
    Layout,
    never_raises,
    read,
    read_option,
    read_optional,
    read_table,
    shape_like,
)
from xladdin import gdp as core
from xladdin.errors import CalculationError
from xladdin.gdp.arrays import as_float, as_int, option
from xladdin.gdp.chain import periods_per_year_arg
from xladdin.gdp.errors import ShapeError

# Argument descriptions reused by several functions (Function Wizard text, ASCII only).
_BASE = "Value of the price index in its base period (default 100)"  # index_base
_PPY = "4 for quarters (default), 12 for months, 1 for years"  # periods_per_year


@xw.func(category=CATEGORY)
@xw.arg("output", "raw", doc="Output at basic prices (cell or range)")
@xw.arg("intermediate", "raw", doc="Intermediate consumption, same shape as output")
@never_raises
def GDP_GVA(output, intermediate):
    """Gross value added: output minus intermediate consumption, cell by cell."""
    out, layout = read(output, "output")
    inter, _ = read(intermediate, "intermediate")
    return shape_like(core.gva(out, inter), layout)


@xw.func(category=CATEGORY)
@xw.arg("gva", "raw", doc="GVA: periods down the rows, industries across the columns")
@xw.arg("taxes", "raw", doc="Optional: taxes on products, one per period (row)")
@xw.arg("subsidies", "raw", doc="Optional: subsidies on products, one per period (row)")
@never_raises
def GDP_GDP(gva, taxes=None, subsidies=None):
    """GDP per period (row): sum of industry GVA (columns) + taxes - subsidies on products."""
    table, layout = read_table(gva, "gva")
    t, s = read_optional(taxes, "taxes"), read_optional(subsidies, "subsidies")
    result = np.atleast_1d(core.gdp(table, t, s))
    return shape_like(result, _per_period(layout, result.size))


def _per_period(layout: Layout, n: int) -> Layout:
    """Layout of a one-value-per-period result: a column (a flat list for Python callers)."""
    if layout.kind == "flat":
        return Layout("flat", (n,))
    return Layout("scalar", ()) if n == 1 else Layout("column", (n, 1))


@xw.func(category=CATEGORY)
@xw.arg("current", "raw", doc="Values at current prices")
@xw.arg("price_index", "raw", doc="Price index (deflator), same shape or one cell")
@xw.arg("index_base", "raw", doc=_BASE)
@never_raises
def GDP_DEFLATE(current, price_index, index_base=100):
    """Constant-price value: current-price value / price index x index base."""
    cur, layout = read(current, "current")
    p, _ = read(price_index, "price_index")
    return shape_like(core.deflate(cur, p, read_option(index_base, "index_base")), layout)


@xw.func(category=CATEGORY)
@xw.arg("volume", "raw", doc="Values at constant prices")
@xw.arg("price_index", "raw", doc="Price index (deflator), same shape or one cell")
@xw.arg("index_base", "raw", doc=_BASE)
@never_raises
def GDP_REFLATE(volume, price_index, index_base=100):
    """Current-price value: constant-price value x price index / index base."""
    vol, layout = read(volume, "volume")
    p, _ = read(price_index, "price_index")
    return shape_like(core.reflate(vol, p, read_option(index_base, "index_base")), layout)


@xw.func(category=CATEGORY)
@xw.arg("current", "raw", doc="Values at current prices")
@xw.arg("volume", "raw", doc="Values at constant prices, same shape")
@xw.arg("index_base", "raw", doc=_BASE)
@never_raises
def GDP_DEFLATOR(current, volume, index_base=100):
    """Implicit price deflator: current-price value / constant-price value x index base."""
    cur, layout = read(current, "current")
    vol, _ = read(volume, "volume")
    return shape_like(
        core.implicit_deflator(cur, vol, read_option(index_base, "index_base")), layout
    )


@xw.func(category=CATEGORY)
@xw.arg("base_value", "raw", doc="The benchmark value (one cell)")
@xw.arg("indicator", "raw", doc="Indicator series (volume or value index)")
@xw.arg("base_position", "raw", doc="Position of the benchmark period in the indicator (default 1)")
@never_raises
def GDP_EXTRAPOLATE(base_value, indicator, base_position=1):
    """Extrapolate a benchmark value with an indicator: base_value x indicator / indicator(base)."""
    ind, layout = read(indicator, "indicator")
    base = read_option(base_value, "base_value")  # empty: missing, so every result is empty
    pos = read_option(base_position, "base_position")
    return shape_like(core.extrapolate(base, ind, pos), layout)


@xw.func(category=CATEGORY)
@xw.arg("series", "raw", doc="Values, time down the rows (or along one row)")
@xw.arg("lag", "raw", doc="Periods back to compare with (default 1; 4 for same quarter last year)")
@never_raises
def GDP_GROWTH(series, lag=1):
    """Percent change over lag periods; the first lag results are empty."""
    x, layout = read(series, "series")
    return shape_like(core.growth(x, read_option(lag, "lag")), layout)


@xw.func(category=CATEGORY)
@xw.arg("parts", "raw", doc="The parts (one row or column, or a table with periods in rows)")
@xw.arg("total", "raw", doc="Optional: the total (default: the sum of the parts)")
@never_raises
def GDP_SHARE(parts, total=None):
    """Percent share of the total (one row or column: of its sum; a table: within each row)."""
    x, layout = read(parts, "parts")
    return shape_like(core.shares(x, read_optional(total, "total")), layout)


@xw.func(category=CATEGORY)
@xw.arg("component", "raw", doc="The component (one column, or several side by side)")
@xw.arg("total", "raw", doc="The total, one value per period")
@never_raises
def GDP_CONTRIB(component, total):
    """Contribution (percentage points) of a fixed-base component to the growth of the total."""
    c, layout = read(component, "component")
    t, _ = read(total, "total")
    return shape_like(core.contributions(c, t), layout)


@xw.func(category=CATEGORY)
@xw.arg("component_index", "raw", doc="Chain-linked volume (index) of the component(s)")
@xw.arg("component_value", "raw", doc="Current-price value of the component(s), same shape")
@xw.arg("total_index", "raw", doc="Chain-linked volume (index) of the total")
@xw.arg("total_value", "raw", doc="Current-price value of the total")
@xw.arg("periods_per_year", "raw", doc=_PPY)
@xw.arg(
    "convention",
    "raw",
    doc="eurostat (default: additive) or kix (Bundesbank first-quarter rule)",
)
@never_raises
def GDP_CONTRIB_AO(
    component_index,
    component_value,
    total_index,
    total_value,
    periods_per_year=4,
    convention="eurostat",
):
    """Contributions (pp) to growth of annual-overlap chain-linked series."""
    ci, layout = read(component_index, "component_index")
    cv, _ = read(component_value, "component_value")
    ti, _ = read(total_index, "total_index")
    tv, _ = read(total_value, "total_value")
    ppy = read_option(periods_per_year, "periods_per_year")
    conv = read_option(convention, "convention")
    return shape_like(core.contributions_annual_overlap(ci, cv, ti, tv, ppy, conv), layout)


@xw.func(category=CATEGORY)
@xw.arg("value", "raw", doc="Values (e.g. GDP in billion kip)")
@xw.arg("population", "raw", doc="Population, same shape or one cell")
@xw.arg("scale", "raw", doc="Unit factor (default 1; 1E9 turns billion kip into kip)")
@never_raises
def GDP_PER_CAPITA(value, population, scale=1):
    """Value per person: value x scale / population."""
    v, layout = read(value, "value")
    pop, _ = read(population, "population")
    return shape_like(core.per_capita(v, pop, read_option(scale, "scale")), layout)


@xw.func(category=CATEGORY)
@xw.arg("value", "raw", doc="Values in kip")
@xw.arg("exchange_rate", "raw", doc="Kip per US dollar, same shape or one cell")
@never_raises
def GDP_TO_USD(value, exchange_rate):
    """Convert kip to US dollars: value / exchange rate (kip per USD)."""
    v, layout = read(value, "value")
    rate, _ = read(exchange_rate, "exchange_rate")
    return shape_like(core.to_usd(v, rate), layout)


@xw.func(category=CATEGORY)
@xw.arg("current", "raw", doc="Values at current prices, one per period")
@xw.arg("previous_year_prices", "raw", doc="Values at previous year's (average) prices, same shape")
@xw.arg("reference_position", "raw", doc="Position of the reference year (default 1)")
@xw.arg("periods_per_year", "raw", doc="1 for years (default), 4 for quarters, 12 for months")
@never_raises
def GDP_CHAIN(current, previous_year_prices, reference_position=1, periods_per_year=1):
    """Chain-linked volumes at reference-year prices (annual, or annual overlap for quarters)."""
    cp, layout = read(current, "current")
    pyp, _ = read(previous_year_prices, "previous_year_prices")
    ref = read_option(reference_position, "reference_position")
    ppy = read_option(periods_per_year, "periods_per_year")
    if periods_per_year_arg(ppy, default=1) == 1:
        _refuse_quarterly_layout(pyp)
    return shape_like(core.chain_link(cp, pyp, ref, ppy), layout)


def _refuse_quarterly_layout(pyp: np.ndarray) -> None:
    """Refuse annual chain-linking of what is laid out like quarterly or monthly data.

    Quarterly (monthly) data have no previous-year-price values in the whole first year, so
    the first 4 (12) periods are empty and the rest filled. Annual data have only the first
    one empty; treated as annual, periods 2 to 4 (12) being empty would break the chain anyway
    (every later result empty), so refusing loses nothing and says what to do.
    """
    rows = pyp.reshape(pyp.shape[0], -1) if pyp.ndim else pyp.reshape(1, 1)
    missing = np.isnan(rows).all(axis=1)
    leading = int(np.argmin(missing)) if not missing.all() else rows.shape[0]
    if leading in (4, 12) and rows.shape[0] > leading:
        raise CalculationError(
            f"previous_year_prices is empty in the first {leading} periods, as for "
            f"{'quarterly' if leading == 4 else 'monthly'} data: give periods_per_year = "
            f"{leading} (the default 1 treats every period as a year)"
        )


@xw.func(category=CATEGORY)
@xw.arg("indices", "raw", doc="Chain-linked volume indices: periods in rows, components in columns")
@xw.arg("values", "raw", doc="Current-price values, same shape (the weights)")
@xw.arg("first_year", "raw", doc="Calendar year of the first row (a first quarter)")
@xw.arg("reference_year", "raw", doc="Reference year of the result")
@xw.arg("periods_per_year", "raw", doc=_PPY)
@never_raises
def GDP_CHAIN_SUM(indices, values, first_year, reference_year, periods_per_year=4):
    """Sum annual-overlap chain-linked quarterly indices (KIX method); one column out."""
    idx, layout = read_table(indices, "indices")
    w, _ = read_table(values, "values")
    result = core.chain_sum_annual_overlap(
        idx,
        w,
        as_int(read_option(first_year, "first_year"), "first_year"),
        as_int(read_option(reference_year, "reference_year"), "reference_year"),
        read_option(periods_per_year, "periods_per_year"),
    )
    return shape_like(result, _per_period(layout, len(result)))


@xw.func(category=CATEGORY)
@xw.arg("old_series", "raw", doc="Series in the old base (values before and in the overlap)")
@xw.arg("new_series", "raw", doc="Series in the new base (empty before it starts)")
@xw.arg("method", "raw", doc="ratio (default: keeps old growth rates) or interpolate")
@xw.arg("link_position", "raw", doc="Position of the link period (default: first with both values)")
@xw.arg(
    "old_base_position",
    "raw",
    doc="interpolate: position of the old base period (default 1st)",
)
@xw.arg("old_base_value", "raw", doc="interpolate: new-methodology value in the old base period")
@never_raises
def GDP_REBASE(
    old_series,
    new_series,
    method="ratio",
    link_position=None,
    old_base_position=None,
    old_base_value=None,
):
    """Extend a new-base series back with the old-base series (ratio or interpolate)."""
    old, _ = read(old_series, "old_series")
    new, layout = read(new_series, "new_series")
    if old.ndim != 1 or new.ndim != 1:
        raise ShapeError("old_series and new_series must each be one row or column")
    if old.size != new.size:
        raise ShapeError(f"old_series has {old.size} cells, new_series has {new.size}")
    how = option(read_option(method, "method"), "method", ("ratio", "interpolate"), default="ratio")
    link = read_option(link_position, "link_position")
    if how == "ratio":
        return shape_like(core.splice_ratio(old, new, link=link).series, layout)
    result = core.splice_interpolate(
        old,
        new,
        link=link,
        old_base=read_option(old_base_position, "old_base_position"),
        old_base_value=read_option(old_base_value, "old_base_value"),
    )
    return shape_like(result.series, layout)


@xw.func(category=CATEGORY)
@xw.arg("parts", "raw", doc="The parts (one row or column; or a table with one total per row)")
@xw.arg("total", "raw", doc="The total (one cell; or one per row of a table)")
@xw.arg("tolerance", "raw", doc="Largest difference still OK (default: rounding noise only)")
@never_raises
def GDP_CHECK_SUM(parts, total, tolerance=None):
    """Check that the parts add up to the total: OK or the difference (sum - total) as text."""
    p, _layout = read(parts, "parts")
    t, _ = read(total, "total")
    tol = read_option(tolerance, "tolerance")
    tol = 0.0 if tol is None else as_float(tol, "tolerance")
    if tol < 0:
        raise CalculationError("tolerance must not be negative")
    if p.ndim == 1 and t.size != 1:
        raise ShapeError(f"total must be one cell when parts is one row or column, got {t.size}")
    diff = np.atleast_1d(core.sum_difference(p, t))
    scale = np.maximum(1.0, np.abs(t.ravel()))
    if scale.size != diff.size:
        scale = np.full(diff.shape, scale.max())
    texts: list[object] = []
    for d, s in zip(diff, scale, strict=True):
        if np.isnan(d):
            texts.append(None)
        elif abs(d) <= tol + 1e-9 * s:
            texts.append("OK")
        else:
            texts.append(f"{d:.10g}")
    if p.ndim == 1:
        return texts[0]
    return [[v] for v in texts]
