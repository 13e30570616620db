"""Provinces and industry lines for the review, from the versioned data files
(:mod:`xladdin.templates.data`): codes and labels are data, never constants in code."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from xladdin.templates import data as _data

__all__ = ["industry_lines", "province_names"]


@lru_cache(maxsize=1)
def industry_lines() -> pd.DataFrame:
    """Publication lines indexed by code (AGR, 01..21, IND, SER, GVA, TAX, GDP), in file order,
    with columns ``level``, ``sector``, ``name_en``, ``name_lo``."""
    df = _data.industries().set_index("code")
    # LSB order: each sector followed by its industries, then the aggregates.
    order: list[str] = []
    for sector in [c for c in df.index if df.loc[c, "level"] == "sector"]:
        order.append(sector)
        order += [
            c
            for c in df.index
            if df.loc[c, "level"] == "industry" and df.loc[c, "sector"] == sector
        ]
    order += [c for c in df.index if c not in order]
    return df.loc[order]


def province_names() -> dict[str, tuple[str, str]]:
    """Province code -> (English, Lao) name."""
    return {r.code: (r.name_en, r.name_lo) for r in _data.provinces().itertuples(index=False)}
