"""The GDP_ Excel functions: thin wrappers over :mod:`xladdin.gdp`.

Names and required arguments are a contract: saved workbooks call them. Time runs down the
rows; several series sit side by side in columns; a row in gives a row out. Empty cells are
missing and give empty results. Bad input gives one ``#GDP! <reason>`` cell, never an error.
"""

from __future__ import annotations

import numpy as np

from udfs._common import Layout, read, read_option, read_optional, read_table, shape_like, udf
from xladdin import gdp as core
from xladdin.errors import CalculationError
from xladdin.gdp._arrays import as_float, as_int, option
from xladdin.gdp.errors import ShapeError

# Argument descriptions reused by several functions (Function Wizard text, ASCII only).
_BASE = ("index_base", "Value of the price index in its base period (default 100)")
_PPY = ("periods_per_year", "4 for quarters (default), 12 for months, 1 for years")


@udf(
    "Gross value added: output minus intermediate consumption, cell by cell.",
    [
        ("output", "Output at basic prices (cell or range)"),
        ("intermediate", "Intermediate consumption, same shape as output"),
    ],
)
def GDP_GVA(output, intermediate):
    out, layout = read(output, "output")
    inter, _ = read(intermediate, "intermediate")
    return shape_like(core.gva(out, inter), layout)


@udf(
    "GDP per period (row): sum of industry GVA (columns) + taxes - subsidies on products.",
    [
        ("gva", "GVA: periods down the rows, industries across the columns"),
        ("taxes", "Optional: taxes on products, one per period (row)"),
        ("subsidies", "Optional: subsidies on products, one per period (row)"),
    ],
)
def GDP_GDP(gva, taxes=None, subsidies=None):
    table, layout = read_table(gva, "gva")
    t, s = read_optional(taxes, "taxes"), read_optional(subsidies, "subsidies")
    result = np.atleast_1d(core.gdp(table, t, s))
    return shape_like(result, _per_period(layout, result.size))


def _per_period(layout: Layout, n: int) -> Layout:
    """Layout of a one-value-per-period result: a column (a flat list for Python callers)."""
    if layout.kind == "flat":
        return Layout("flat", (n,))
    return Layout("scalar", ()) if n == 1 else Layout("column", (n, 1))


@udf(
    "Constant-price value: current-price value / price index x index base.",
    [
        ("current", "Values at current prices"),
        ("price_index", "Price index (deflator), same shape or one cell"),
        _BASE,
    ],
)
def GDP_DEFLATE(current, price_index, index_base=100):
    cur, layout = read(current, "current")
    p, _ = read(price_index, "price_index")
    return shape_like(core.deflate(cur, p, read_option(index_base, "index_base")), layout)


@udf(
    "Current-price value: constant-price value x price index / index base.",
    [
        ("volume", "Values at constant prices"),
        ("price_index", "Price index (deflator), same shape or one cell"),
        _BASE,
    ],
)
def GDP_REFLATE(volume, price_index, index_base=100):
    vol, layout = read(volume, "volume")
    p, _ = read(price_index, "price_index")
    return shape_like(core.reflate(vol, p, read_option(index_base, "index_base")), layout)


@udf(
    "Implicit price deflator: current-price value / constant-price value x index base.",
    [
        ("current", "Values at current prices"),
        ("volume", "Values at constant prices, same shape"),
        _BASE,
    ],
)
def GDP_DEFLATOR(current, volume, index_base=100):
    cur, layout = read(current, "current")
    vol, _ = read(volume, "volume")
    return shape_like(
        core.implicit_deflator(cur, vol, read_option(index_base, "index_base")), layout
    )


@udf(
    "Extrapolate a benchmark value with an indicator: base_value x indicator / indicator(base).",
    [
        ("base_value", "The benchmark value (one cell)"),
        ("indicator", "Indicator series (volume or value index)"),
        ("base_position", "Position of the benchmark period in the indicator (default 1)"),
    ],
)
def GDP_EXTRAPOLATE(base_value, indicator, base_position=1):
    ind, layout = read(indicator, "indicator")
    base = read_option(base_value, "base_value")  # empty: missing, so every result is empty
    pos = read_option(base_position, "base_position")
    return shape_like(core.extrapolate(base, ind, pos), layout)


@udf(
    "Percent change over lag periods; the first lag results are empty.",
    [
        ("series", "Values, time down the rows (or along one row)"),
        ("lag", "Periods back to compare with (default 1; 4 for same quarter last year)"),
    ],
)
def GDP_GROWTH(series, lag=1):
    x, layout = read(series, "series")
    return shape_like(core.growth(x, read_option(lag, "lag")), layout)


@udf(
    "Percent share of the total (one row or column: of its sum; a table: within each row).",
    [
        ("parts", "The parts (one row or column, or a table with periods in rows)"),
        ("total", "Optional: the total (default: the sum of the parts)"),
    ],
)
def GDP_SHARE(parts, total=None):
    x, layout = read(parts, "parts")
    return shape_like(core.shares(x, read_optional(total, "total")), layout)


@udf(
    "Contribution (percentage points) of a fixed-base component to the growth of the total.",
    [
        ("component", "The component (one column, or several side by side)"),
        ("total", "The total, one value per period"),
    ],
)
def GDP_CONTRIB(component, total):
    c, layout = read(component, "component")
    t, _ = read(total, "total")
    return shape_like(core.contributions(c, t), layout)


@udf(
    "Contributions (pp) to growth of annual-overlap chain-linked series.",
    [
        ("component_index", "Chain-linked volume (index) of the component(s)"),
        ("component_value", "Current-price value of the component(s), same shape"),
        ("total_index", "Chain-linked volume (index) of the total"),
        ("total_value", "Current-price value of the total"),
        _PPY,
        ("convention", "eurostat (default: additive) or kix (Bundesbank first-quarter rule)"),
    ],
)
def GDP_CONTRIB_AO(
    component_index,
    component_value,
    total_index,
    total_value,
    periods_per_year=4,
    convention="eurostat",
):
    ci, layout = read(component_index, "component_index")
    cv, _ = read(component_value, "component_value")
    ti, _ = read(total_index, "total_index")
    tv, _ = read(total_value, "total_value")
    ppy = read_option(periods_per_year, "periods_per_year")
    conv = read_option(convention, "convention")
    return shape_like(core.contributions_annual_overlap(ci, cv, ti, tv, ppy, conv), layout)


@udf(
    "Value per person: value x scale / population.",
    [
        ("value", "Values (e.g. GDP in billion kip)"),
        ("population", "Population, same shape or one cell"),
        ("scale", "Unit factor (default 1; 1E9 turns billion kip into kip)"),
    ],
)
def GDP_PER_CAPITA(value, population, scale=1):
    v, layout = read(value, "value")
    pop, _ = read(population, "population")
    return shape_like(core.per_capita(v, pop, read_option(scale, "scale")), layout)


@udf(
    "Convert kip to US dollars: value / exchange rate (kip per USD).",
    [
        ("value", "Values in kip"),
        ("exchange_rate", "Kip per US dollar, same shape or one cell"),
    ],
)
def GDP_TO_USD(value, exchange_rate):
    v, layout = read(value, "value")
    rate, _ = read(exchange_rate, "exchange_rate")
    return shape_like(core.to_usd(v, rate), layout)


@udf(
    "Chain-linked volumes at reference-year prices (annual, or annual overlap for quarters).",
    [
        ("current", "Values at current prices, one per period"),
        ("previous_year_prices", "Values at previous year's (average) prices, same shape"),
        ("reference_position", "Position of the reference year (default 1)"),
        ("periods_per_year", "1 for years (default), 4 for quarters, 12 for months"),
    ],
)
def GDP_CHAIN(current, previous_year_prices, reference_position=1, periods_per_year=1):
    cp, layout = read(current, "current")
    pyp, _ = read(previous_year_prices, "previous_year_prices")
    ref = read_option(reference_position, "reference_position")
    ppy = read_option(periods_per_year, "periods_per_year")
    if as_int(ppy, "periods_per_year", default=1, minimum=1) == 1:
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


@udf(
    "Sum annual-overlap chain-linked quarterly indices (KIX method); one column out.",
    [
        ("indices", "Chain-linked volume indices: periods in rows, components in columns"),
        ("values", "Current-price values, same shape (the weights)"),
        ("first_year", "Calendar year of the first row (a first quarter)"),
        ("reference_year", "Reference year of the result"),
        _PPY,
    ],
)
def GDP_CHAIN_SUM(indices, values, first_year, reference_year, periods_per_year=4):
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


@udf(
    "Extend a new-base series back with the old-base series (ratio or interpolate).",
    [
        ("old_series", "Series in the old base (values before and in the overlap)"),
        ("new_series", "Series in the new base (empty before it starts)"),
        ("method", "ratio (default: keeps old growth rates) or interpolate"),
        ("link_position", "Position of the link period (default: first with both values)"),
        ("old_base_position", "interpolate: position of the old base period (default 1st)"),
        ("old_base_value", "interpolate: new-methodology value in the old base period"),
    ],
)
def GDP_REBASE(
    old_series,
    new_series,
    method="ratio",
    link_position=None,
    old_base_position=None,
    old_base_value=None,
):
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


@udf(
    "Check that the parts add up to the total: OK or the difference (sum - total) as text.",
    [
        ("parts", "The parts (one row or column; or a table with one total per row)"),
        ("total", "The total (one cell; or one per row of a table)"),
        ("tolerance", "Largest difference still OK (default: rounding noise only)"),
    ],
)
def GDP_CHECK_SUM(parts, total, tolerance=None):
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
