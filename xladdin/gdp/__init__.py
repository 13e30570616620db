"""The calculation core: pure numpy functions named after the spreadsheet operation.

No xlwings, no openpyxl, no file I/O here (a test imports this package in a fresh interpreter
and checks). Every function takes array-likes (``None``/NaN = missing), never mutates its
inputs, propagates missing values to missing results, and raises the typed errors of
:mod:`xladdin.gdp.errors` with short messages naming the argument at fault.
"""

from __future__ import annotations

from xladdin.gdp.chain import (
    KixDetails,
    at_previous_year_prices,
    chain_link,
    chain_sum_annual_overlap,
    kix_details,
    rereference,
)
from xladdin.gdp.chowlin import ChowLinResult, chow_lin
from xladdin.gdp.contributions import (
    contributions,
    contributions_annual_overlap,
    contributions_chain_annual,
)
from xladdin.gdp.deflation import (
    DirectEntries,
    DoubleDeflation,
    PriceVolume,
    TaxesConstant,
    apply_direct_entries,
    double_deflate,
    double_extrapolate,
    single_indicator,
    taxes_at_constant_prices,
)
from xladdin.gdp.denton import denton, pro_rata
from xladdin.gdp.growth import growth, per_capita, shares, to_usd
from xladdin.gdp.identities import gdp, gva, sum_difference
from xladdin.gdp.prices import deflate, extrapolate, implicit_deflator, reflate, value
from xladdin.gdp.rebase import SpliceResult, splice_interpolate, splice_ratio
from xladdin.gdp.regional import allocate, rake

__all__ = [
    "ChowLinResult",
    "DirectEntries",
    "DoubleDeflation",
    "KixDetails",
    "PriceVolume",
    "SpliceResult",
    "TaxesConstant",
    "allocate",
    "apply_direct_entries",
    "at_previous_year_prices",
    "chain_link",
    "chain_sum_annual_overlap",
    "chow_lin",
    "contributions",
    "contributions_annual_overlap",
    "contributions_chain_annual",
    "deflate",
    "denton",
    "double_deflate",
    "double_extrapolate",
    "extrapolate",
    "gdp",
    "growth",
    "gva",
    "implicit_deflator",
    "kix_details",
    "per_capita",
    "pro_rata",
    "rake",
    "reflate",
    "rereference",
    "shares",
    "single_indicator",
    "splice_interpolate",
    "splice_ratio",
    "sum_difference",
    "taxes_at_constant_prices",
    "to_usd",
    "value",
]
