"""The calculation core: pure numpy functions named after the spreadsheet operation.

No xlwings, no openpyxl, no file I/O here (a test imports this package in a fresh interpreter
and checks). Every function takes array-likes (``None``/NaN = missing), never mutates its
inputs, propagates missing values to missing results, and raises the typed errors of
:mod:`xladdin.gdp.errors` with short messages naming the argument at fault.
"""

from __future__ import annotations

from xladdin.gdp.chain import (
    KixDetails,
    chain_link,
    chain_sum_annual_overlap,
    kix_details,
    rereference,
)
from xladdin.gdp.contributions import contributions, contributions_annual_overlap
from xladdin.gdp.growth import growth, per_capita, shares, to_usd
from xladdin.gdp.identities import gdp, gva, sum_difference
from xladdin.gdp.prices import deflate, extrapolate, implicit_deflator, reflate, value
from xladdin.gdp.rebase import SpliceResult, splice_interpolate, splice_ratio

__all__ = [
    "KixDetails",
    "SpliceResult",
    "chain_link",
    "chain_sum_annual_overlap",
    "contributions",
    "contributions_annual_overlap",
    "deflate",
    "extrapolate",
    "gdp",
    "growth",
    "gva",
    "implicit_deflator",
    "kix_details",
    "per_capita",
    "reflate",
    "rereference",
    "shares",
    "splice_interpolate",
    "splice_ratio",
    "sum_difference",
    "to_usd",
    "value",
]

# Benchmarking, temporal disaggregation and regional allocation (helper modules of their own).
try:
    from xladdin.gdp.denton import denton, pro_rata

    __all__ += ["denton", "pro_rata"]
except ModuleNotFoundError as exc:  # pragma: no cover - module not yet present
    if exc.name != "xladdin.gdp.denton":
        raise
try:
    from xladdin.gdp.chowlin import ChowLinResult, chow_lin

    __all__ += ["ChowLinResult", "chow_lin"]
except ModuleNotFoundError as exc:  # pragma: no cover
    if exc.name != "xladdin.gdp.chowlin":
        raise
try:
    from xladdin.gdp.regional import allocate, rake

    __all__ += ["allocate", "rake"]
except ModuleNotFoundError as exc:  # pragma: no cover
    if exc.name != "xladdin.gdp.regional":
        raise
