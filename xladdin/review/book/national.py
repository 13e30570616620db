"""The National sheet: the national totals used, or an empty form (lines and years) to type
them in and run again with ``--national <this workbook>`` (read back by
:mod:`xladdin.review.national`: a header row starting with ``industry``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from xladdin.findings.words import word
from xladdin.review.book.sheet import BOLD, NUM, Sheet, label

if TYPE_CHECKING:
    from xladdin.review.results import ConsolidationResult

__all__ = ["national_sheet"]


def national_sheet(result: ConsolidationResult) -> Sheet:
    """National totals by line and year (billion kip; growth in percent)."""
    sheet = Sheet("National")
    given = result.national is not None and not result.national.frame.empty
    note = (
        word("review_national_used", "both", source=result.national.source)
        if given
        else word("review_national_type", "both")
    )
    r = sheet.title(label("national"), note)
    sheet.row(
        r,
        [
            label("code"),
            label("year"),
            label("current_prices"),
            label("constant_prices"),
            label("growth_rate") + " (%)",
        ],
        style=BOLD,
    )
    r += 1
    sheet.header(r, ["industry", "year", "current", "constant", "growth"])
    nat = result.national.frame if result.national is not None else pd.DataFrame()
    if not nat.empty:
        values = nat[["current", "constant", "growth"]].to_numpy(float).tolist()
        rows = [[line, int(year), *v] for (line, year), v in zip(nat.index, values, strict=True)]
    elif not result.tables.sum_current.empty:  # an empty form with the lines and years
        s = result.tables.sum_current
        rows = [[line, int(year)] for line in s.index for year in s.columns]
    else:
        rows = []
    sheet.rows(r + 1, rows, [None, "0", NUM, NUM, "0.00"])
    sheet.layout["form_rows"] = True  # an empty form prints its header only
    sheet.freeze = (r + 1, 1)
    sheet.set_widths({1: 12, 2: 8, 3: 16, 4: 16, 5: 14})
    return sheet
