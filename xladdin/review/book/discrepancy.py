"""The Discrepancy sheet: the sum of provinces against the national totals, GDP by year with
two charts (levels from zero; the gap as bars), then every line and year."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from xladdin.findings.words import word
from xladdin.review.book.panels import line_name
from xladdin.review.book.sheet import NUM, PCT, RED_FILL, SIGNED, Chart, Sheet, chart_title, label

if TYPE_CHECKING:
    from xladdin.review.results import ConsolidationResult

__all__ = ["discrepancy_sheet"]


def discrepancy_sheet(result: ConsolidationResult, tolerance_pct: float = 0.05) -> Sheet:
    """Sum of provinces vs national; a difference beyond ``tolerance_pct`` % is red."""
    sheet = Sheet("Discrepancy")
    r = sheet.title(
        label("provinces_vs_national"),
        word("review_discrepancy_note", "both", tolerance=f"{tolerance_pct:g}"),
    )
    comp = result.tables.comparison
    sums = result.tables.sum_current
    nat = result.national.value("current") if result.national is not None else pd.DataFrame()
    years = list(sums.columns) if not sums.empty else []
    sheet.header(
        r,
        [
            label("year"),
            label("sum_of_provinces"),
            label("national"),
            label("difference"),
            label("difference_pct"),
        ],
    )
    top = r
    pcts = [0.0]
    for y in years:
        r += 1
        s = sums.loc["GDP", y] if "GDP" in sums.index else None
        n = (
            nat.loc["GDP", y]
            if (not nat.empty and "GDP" in nat.index and y in nat.columns)
            else None
        )
        ok = s is not None and n is not None and not (pd.isna(s) or pd.isna(n))
        diff = float(s - n) if ok else None
        pct = float(diff / n * 100) if ok and n else None
        sheet.put(r, 1, str(y))
        for c, v, fmt in ((2, s, NUM), (3, n, NUM), (4, diff, SIGNED), (5, pct, PCT)):
            sheet.put(r, c, v, {"num_format": fmt})
        if pct is not None:
            pcts.append(pct)
    if years:
        sheet.charts.append(
            Chart(
                "line",
                chart_title("chart_gdp_levels"),
                (4, 7),
                [
                    {
                        "name": (top, c),
                        "categories": (top + 1, 1, r, 1),
                        "values": (top + 1, c, r, c),
                    }
                    for c in (2, 3)
                ],
                y_title=chart_title("billion_kip", " / "),
                y_min=0,  # a level: from zero, so differences keep their size
            )
        )
        sheet.charts.append(
            Chart(
                "column",
                chart_title("chart_gdp_gap"),
                (20, 7),
                [
                    {
                        "name": (top, 5),
                        "categories": (top + 1, 1, r, 1),
                        "values": (top + 1, 5, r, 5),
                    }
                ],
                y_title="%",
                # bars grow from zero, year labels below the plot even when every bar is negative
                y_min=math.floor(min(pcts)),
                y_max=math.ceil(max(pcts)) or 1,
                legend=None,
                labels_low=True,
            )
        )
    r = max(r + 2, 37) if years else r + 2
    sheet.header(
        r,
        [
            label("basis"),
            label("code"),
            label("sector"),
            label("year"),
            label("sum_of_provinces"),
            label("national"),
            label("difference"),
            label("difference_pct"),
        ],
    )
    rows = [
        [
            label(f"{row.basis}_prices"),
            row.line,
            line_name(row.line)[0],
            int(row.year),
            row.provinces,
            row.national,
            row.difference,
            row.pct,
        ]
        for row in (comp.itertuples(index=False) if not comp.empty else [])
    ]
    sheet.rows(r + 1, rows, [None, None, None, "0", NUM, NUM, SIGNED, PCT])
    if rows:  # a difference beyond the tolerance stands out (and the GDP block above)
        sheet.conditional.append(
            (f"H{r + 1}:H{r + len(rows)}", f"ABS(H{r + 1})>{tolerance_pct}", RED_FILL)
        )
        if years:
            sheet.conditional.append(
                (f"E{top + 1}:E{top + len(years)}", f"ABS(E{top + 1})>{tolerance_pct}", RED_FILL)
            )
    sheet.set_widths({1: 12, 2: 14, 3: 36, 4: 12, 5: 16, 6: 16, 7: 14, 8: 12})
    return sheet
