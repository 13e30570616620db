"""The GDP_ Excel functions (xlwings user-defined functions).

``FUNCTIONS`` maps every function name to its function, in the order of the reference
(docs/functions.md); the add-in builder generates the VBA wrappers from it. The names and the
required arguments are a contract: saved workbooks call them.
"""

from __future__ import annotations

from udfs.benchmarking import GDP_ALLOCATE, GDP_CHOWLIN, GDP_DENTON, GDP_RAKE
from udfs.functions import (
    GDP_CHAIN,
    GDP_CHAIN_SUM,
    GDP_CHECK_SUM,
    GDP_CONTRIB,
    GDP_CONTRIB_AO,
    GDP_DEFLATE,
    GDP_DEFLATOR,
    GDP_EXTRAPOLATE,
    GDP_GDP,
    GDP_GROWTH,
    GDP_GVA,
    GDP_PER_CAPITA,
    GDP_REBASE,
    GDP_REFLATE,
    GDP_SHARE,
    GDP_TO_USD,
)

FUNCTIONS = {
    f.__name__: f
    for f in (
        GDP_GVA,
        GDP_GDP,
        GDP_DEFLATE,
        GDP_REFLATE,
        GDP_DEFLATOR,
        GDP_EXTRAPOLATE,
        GDP_GROWTH,
        GDP_SHARE,
        GDP_CONTRIB,
        GDP_CONTRIB_AO,
        GDP_PER_CAPITA,
        GDP_TO_USD,
        GDP_CHAIN,
        GDP_CHAIN_SUM,
        GDP_REBASE,
        GDP_DENTON,
        GDP_CHOWLIN,
        GDP_ALLOCATE,
        GDP_RAKE,
        GDP_CHECK_SUM,
    )
}

__all__ = ["FUNCTIONS", *FUNCTIONS]
