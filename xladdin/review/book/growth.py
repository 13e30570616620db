"""The Growth sheet: real GDP growth by province (bars from zero), and the growth implied by the
sum of provinces against official national growth (lines), with faster/slower counts."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from xladdin.findings.words import word
from xladdin.review.book.sheet import Chart, Sheet, bilingual, chart_title, label
from xladdin.review.geography import province_names

if TYPE_CHECKING:
    from xladdin.review.results import ConsolidationResult

__all__ = ["growth_sheet"]

RATE = {"num_format": "0.00"}


def growth_sheet(result: ConsolidationResult) -> Sheet:
    """Growth of GDP at constant prices, by province and for the sum of provinces."""
    sheet = Sheet("Growth")
    r = sheet.title(
        bilingual("{g}: {gdp}, {p} (%)", g="growth_rate", gdp="gdp_abbr", p="constant_prices")
    )
    g = result.tables.growth
    if g.empty:
        sheet.put(r, 1, word("review_no_data", "both"))
        return sheet
    names = province_names()
    years = list(g.columns)
    sheet.header(r, [label("province_code"), label("province"), *map(str, years)])
    top = r
    for prov, values in g.iterrows():
        r += 1
        sheet.row(r, [prov, names.get(prov, (prov, ""))[0]])
        sheet.row(r, values.tolist(), c0=3, style=RATE)
    last_prov = r
    # bars from zero (an axis starting at 4.8 makes 5.06 against 5.55 look like 1 : 3)
    latest = [float(v) for v in g[years[-1]].tolist() if v is not None and not pd.isna(v)]
    col = 2 + len(years)
    sheet.charts.append(
        Chart(
            "column",
            chart_title("chart_growth_by_province", suffix=f", {years[-1]} (%)"),
            (4, len(years) + 4),
            [
                {
                    "name": (top, col),
                    "categories": (top + 1, 2, last_prov, 2),
                    "values": (top + 1, col, last_prov, col),
                }
            ],
            size_cm=(18, 8),
            y_min=math.floor(min([0.0, *latest])),
            y_max=math.ceil(max([0.0, *latest])) or 1,
            legend=None,
            labels_low=True,
        )
    )
    r += 3
    summary = result.tables.growth_summary
    sheet.header(
        r,
        [
            label("year"),
            label("implied_growth"),
            label("official_growth"),
            label("gap_points"),
            label("faster"),
            label("slower"),
            label("provinces_count"),
        ],
    )
    s_top = r
    for y, row in summary.iterrows():
        r += 1
        sheet.put(r, 1, str(y))
        sheet.row(r, [row["implied"], row["official"], row["gap"]], c0=2, style=RATE)
        sheet.row(r, [row["faster"], row["slower"], row["provinces"]], c0=5)
    if r > s_top:
        sheet.charts.append(
            Chart(
                "line",
                chart_title("chart_growth_vs_national"),
                (22, len(years) + 4),
                [
                    {
                        "name": (s_top, c),
                        "categories": (s_top + 1, 1, r, 1),
                        "values": (s_top + 1, c, r, c),
                    }
                    for c in (2, 3)
                ],
                size_cm=(18, 8),
            )
        )
    sheet.set_widths({1: 10, 2: 22} | {c: 12 for c in range(3, 8)})
    return sheet
