"""Province x line x year panels of the review workbook: Current, Constant (and Original,
Adjusted, Difference, Volumes), Structure, PerCapita, Allocation and Districts."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

from xladdin.findings.words import word
from xladdin.review.book.sheet import NUM, Sheet, bilingual, label, province_breaks
from xladdin.review.geography import industry_lines, province_names

if TYPE_CHECKING:
    from xladdin.review.results import ConsolidationResult

__all__ = ["allocation_sheet", "districts_sheet", "line_name", "panel_sheet", "simple_panel"]


@lru_cache(maxsize=1)
def _line_names() -> dict[str, tuple[str, str]]:
    lines = industry_lines()
    return {
        c: (str(r.name_en), str(r.name_lo))
        for c, r in zip(lines.index, lines.itertuples(), strict=True)
    }


def line_name(code: str) -> tuple[str, str]:
    """(English, Lao) name of a publication line (the code itself when unknown)."""
    return _line_names().get(code, (code, ""))


def panel_sheet(
    name: str, title: str, df: pd.DataFrame | None, note: str = "", fmt: str = NUM
) -> Sheet:
    """A (province, line) x year panel with the province and line names (English and Lao),
    frozen at the first number, a page break between provinces when longer than a page."""
    sheet = Sheet(name)
    r = sheet.title(title, note)
    if df is None or df.empty:
        sheet.put(r, 1, word("review_no_data", "both"))
        return sheet
    names = province_names()
    years = list(df.columns)
    sheet.header(
        r,
        [
            label("province_code"),
            label("province"),
            label("code"),
            label("sector"),
            label("lao_name"),
            *map(str, years),
        ],
    )
    rows = []
    for (prov, line), values in zip(df.index, df.to_numpy(float).tolist(), strict=True):
        en, lo = line_name(line)
        rows.append([prov, names.get(prov, (prov, ""))[0], line, en, lo, *values])
    sheet.rows(r + 1, rows, [None] * 5 + [fmt] * len(years))
    province_breaks(sheet, r + 1, [row[0] for row in rows])
    sheet.freeze = (5, 6)
    sheet.set_widths({1: 10, 2: 20, 3: 7, 4: 40, 5: 30} | {6 + j: 11 for j in range(len(years))})
    return sheet


def simple_panel(name: str, title: str, df: pd.DataFrame, fmt: str) -> Sheet:
    """A (province, line) x year table with the province names (Structure, PerCapita)."""
    sheet = Sheet(name)
    r = sheet.title(title)
    if df.empty:
        sheet.put(r, 1, word("review_no_data", "both"))
        return sheet
    names = province_names()
    years = list(df.columns)
    sheet.header(r, [label("province_code"), label("province"), label("code"), *map(str, years)])
    rows = [
        [prov, names.get(prov, (prov, ""))[0], line, *values]
        for (prov, line), values in zip(df.index, df.to_numpy(float).tolist(), strict=True)
    ]
    sheet.rows(r + 1, rows, [None] * 3 + [fmt] * len(years))
    province_breaks(sheet, r + 1, [row[0] for row in rows])
    sheet.freeze = (5, 4)
    sheet.set_widths({1: 10, 2: 20, 3: 12})
    return sheet


_ALLOCATION_NOTES = {"population": "review_allocation_population", "gva": "review_allocation_gva"}
"""Allocation key -> the catalogue row (xladdin/data/messages.csv) of the sheet's note."""


def allocation_sheet(result: ConsolidationResult, key: str) -> Sheet:
    """Top-down allocation of the national totals to provinces."""
    df = result.allocation
    sheet = Sheet("Allocation")
    r = sheet.title(
        label("allocation"),
        word(_ALLOCATION_NOTES[key], "both") if key in _ALLOCATION_NOTES else key,
    )
    if df.empty:
        sheet.put(r, 1, word("review_no_national_totals", "both"))
        return sheet
    names = province_names()
    sheet.header(r, [label("province_code"), label("province"), *list(df.columns)])
    rows = [
        [prov, names.get(prov, (prov, ""))[0], *vals]
        for prov, vals in zip(df.index, df.to_numpy(float).tolist(), strict=True)
    ]
    sheet.rows(r + 1, rows, [None, None] + [NUM] * len(df.columns))
    sheet.freeze = (5, 3)
    sheet.set_widths({1: 10, 2: 20})
    return sheet


def districts_sheet(result: ConsolidationResult) -> Sheet:
    """The district returns' composite growth index by year."""
    sheet = Sheet("Districts")
    r = sheet.title(
        bilingual("{d}: {i}, {g} (%)", d="district", i="composite_index", g="growth_rate")
    )
    df = result.tables.districts
    if df.empty:
        sheet.put(r, 1, word("review_no_district_files", "both"))
        return sheet
    sheet.header(r, [label("province_code"), label("district_code"), *map(str, df.columns)])
    rows = [[p, d, *v] for (p, d), v in zip(df.index, df.to_numpy(float).tolist(), strict=True)]
    sheet.rows(r + 1, rows, [None, None] + ["0.00"] * len(df.columns))
    sheet.freeze = (5, 3)
    sheet.set_widths({1: 10, 2: 10})
    return sheet
