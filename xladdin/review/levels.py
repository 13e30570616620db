"""Levels that add up, from district to nation (issue 9): GDP per capita with the taxes on
products allocated by GVA.

The calculations are in :mod:`xladdin.review.reconcile` (pure pandas over panels); this module
gives GDP per capita with the allocated taxes (called by
:func:`xladdin.review.consolidate.consolidate`). The review sheets that show them (``Taxes``,
``Volumes``, ``VolumeGrowth``, ``DistrictGrowth``) are written by
:mod:`xladdin.review.book.levels`. See ``docs/levels.md`` for the method and its sources.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from xladdin.review.reconcile import Reconciliation, per_capita_with_allocated_taxes

if TYPE_CHECKING:
    from xladdin.review.submission import Submission

__all__ = ["allocated_per_capita", "per_capita_note"]


def per_capita_note() -> str:
    """The PerCapita sheet's note when taxes on products are allocated by GVA, English / Lao
    (xladdin/data/messages.csv, ``review_per_capita_note``)."""
    from xladdin.findings.words import word

    return word("review_per_capita_note", "both")


def _years_table(subs: list[Submission], column: str) -> pd.DataFrame:
    rows = {}
    for s in subs:
        yrs = s.tables.get("years")
        if s.code and yrs is not None and column in yrs:
            rows[s.code] = pd.to_numeric(yrs[column], errors="coerce")
    return pd.DataFrame(rows).T if rows else pd.DataFrame()


def allocated_per_capita(
    rec: Reconciliation, subs: list[Submission], existing: pd.DataFrame
) -> pd.DataFrame:
    """GDP per capita (kip, USD) from the reconciled GDP with allocated taxes on products.

    Population and the exchange rate are each returned file's ``tblYears`` values. Provinces
    without a population keep their rows of ``existing`` (the per capita as submitted).

    Returns
    -------
    DataFrame
        (province, ``GDPPC_KIP``/``GDPPC_USD``) x year.
    """
    pop = _years_table(subs, "population")
    if pop.empty:
        return existing
    rate = _years_table(subs, "kip_per_usd")
    new = per_capita_with_allocated_taxes(rec.adjusted, pop, None if rate.empty else rate)
    if new.empty:
        return existing
    if existing is None or existing.empty:
        return new
    have = set(new.index.get_level_values(0))
    keep = existing[[p not in have for p in existing.index.get_level_values(0)]]
    out = pd.concat([new, keep.reindex(columns=new.columns)])
    return out.sort_index(level=0, sort_remaining=False)
