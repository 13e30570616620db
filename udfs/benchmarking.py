"""GDP_ functions for benchmarking, temporal disaggregation and regional reconciliation.

Thin wrappers over :mod:`xladdin.gdp.denton`, :mod:`xladdin.gdp.chowlin` and
:mod:`xladdin.gdp.regional`. Option words are case-insensitive; the core
functions check them and list the accepted words in their messages.
"""

from __future__ import annotations

import numpy as np

import udfs._xlwings as xw
from udfs._common import (
    CATEGORY,
    Layout,
    never_raises,
    read,
    read_bool,
    read_option,
    read_optional,
    read_table,
    shape_like,
)
from xladdin import gdp as core
from xladdin.gdp.arrays import as_float

_PPY = "High-frequency periods per benchmark period (default 4)"  # periods_per_year
_CONV = "sum (default), average, first or last"  # conversion
_OFFSET = "High-frequency periods before the first benchmark year (default 0)"  # offset


def _opt(x, name, default):
    value = read_option(x, name)
    return default if value is None else value


@xw.func(category=CATEGORY)
@xw.arg("indicator", "raw", doc="High-frequency indicator (e.g. quarterly), no blanks")
@xw.arg("benchmarks", "raw", doc="Benchmarks (e.g. annual totals); blanks = not benchmarked")
@xw.arg("method", "raw", doc="proportional (default) or additive")
@xw.arg("periods_per_year", "raw", doc=_PPY)
@xw.arg("conversion", "raw", doc=_CONV)
@xw.arg("offset", "raw", doc=_OFFSET)
@xw.arg("h", "raw", doc="Order of differencing (default 1)")
@never_raises
def GDP_DENTON(
    indicator,
    benchmarks,
    method="proportional",
    periods_per_year=4,
    conversion="sum",
    offset=0,
    h=1,
):
    """Benchmark an indicator to annual totals (Denton-Cholette)."""
    ind, layout = read(indicator, "indicator")
    bench, _ = read(benchmarks, "benchmarks")
    result = core.denton(
        ind,
        bench,
        method=_opt(method, "method", "proportional"),
        periods_per_year=_opt(periods_per_year, "periods_per_year", 4),
        conversion=_opt(conversion, "conversion", "sum"),
        offset=_opt(offset, "offset", 0),
        h=_opt(h, "h", 1),
    )
    return shape_like(result, layout)


@xw.func(category=CATEGORY)
@xw.arg("benchmarks", "raw", doc="Benchmarks (e.g. annual values)")
@xw.arg("indicators", "raw", doc="High-frequency indicators: periods in rows, one column each")
@xw.arg("method", "raw", doc="chow-lin-maxlog (default) or fernandez")
@xw.arg("periods_per_year", "raw", doc=_PPY)
@xw.arg("conversion", "raw", doc=_CONV)
@xw.arg("offset", "raw", doc=_OFFSET)
@xw.arg("min_rho", "raw", doc="Smallest autocorrelation allowed (default 0)")
@xw.arg("intercept", "raw", doc="TRUE (default) to include a constant")
@never_raises
def GDP_CHOWLIN(
    benchmarks,
    indicators,
    method="chow-lin-maxlog",
    periods_per_year=4,
    conversion="sum",
    offset=0,
    min_rho=0,
    intercept=True,
):
    """Disaggregate annual benchmarks with related indicators (Chow-Lin or Fernandez)."""
    bench, _ = read(benchmarks, "benchmarks")
    ind, layout = read_table(indicators, "indicators")
    if layout.kind == "row":  # one indicator laid out along a row
        ind = ind.reshape(-1, 1)
    result = core.chow_lin(
        bench,
        ind,
        method=_opt(method, "method", "chow-lin-maxlog"),
        periods_per_year=_opt(periods_per_year, "periods_per_year", 4),
        conversion=_opt(conversion, "conversion", "sum"),
        offset=_opt(offset, "offset", 0),
        min_rho=as_float(read_option(min_rho, "min_rho"), "min_rho", default=0.0),
        intercept=read_bool(intercept, "intercept", True),
    )
    series = np.asarray(result.series, dtype=float)
    out_layout = (
        layout if layout.kind in ("row", "flat", "scalar") else Layout("column", (series.size, 1))
    )
    return shape_like(series, out_layout)


@xw.func(category=CATEGORY)
@xw.arg("total", "raw", doc="The total (one cell, or one per period in a column)")
@xw.arg("indicators", "raw", doc="Indicator per unit (a row or column; or periods x units)")
@never_raises
def GDP_ALLOCATE(total, indicators):
    """Allocate a total in proportion to indicators (e.g. national value to provinces)."""
    tot, _ = read(total, "total")
    ind, layout = read(indicators, "indicators")
    result = core.allocate(tot[0] if tot.size == 1 else tot, ind)
    return shape_like(result, layout)


@xw.func(category=CATEGORY)
@xw.arg("components", "raw", doc="Components (a row or column; or periods x components)")
@xw.arg("total", "raw", doc="The total (one cell, or one per period)")
@xw.arg("basis", "raw", doc="value (default: proportional to values) or abs (to absolute values)")
@xw.arg("alterability", "raw", doc="Optional: 0 to hold a component fixed, 1 (default) to adjust")
@never_raises
def GDP_RAKE(components, total, basis="value", alterability=None):
    """Adjust components so they add up to the total (raking), keeping their proportions."""
    comp, layout = read(components, "components")
    tot, _ = read(total, "total")
    alter = read_optional(alterability, "alterability")
    result = core.rake(
        comp,
        tot[0] if tot.size == 1 else tot,
        basis=_opt(basis, "basis", "value"),
        alterability=alter,
    )
    return shape_like(result, layout)
