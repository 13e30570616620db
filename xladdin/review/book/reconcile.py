"""The raking sheets: Original, Adjusted, Difference (cell by cell) and the Reconcile log with
its check (adjusted provinces summed against the national total)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from xladdin.findings.words import word
from xladdin.review.book.panels import panel_sheet
from xladdin.review.book.sheet import ADJUSTMENT, NUM, Sheet, label

if TYPE_CHECKING:
    from xladdin.review.results import ConsolidationResult

__all__ = ["reconcile_sheets", "year_list"]

WARNING = {"bold": True, "font_color": "#C00000"}


def year_list(years: list[int]) -> str:
    """``2018-2020, 2023`` from a list of years."""
    runs: list[list[int]] = []
    for y in sorted(set(years)):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def reconcile_sheets(result: ConsolidationResult) -> list[Sheet]:
    """Original, Adjusted, Difference and Reconcile (or an Adjusted sheet saying why there is
    no reconciliation)."""
    rec = result.reconciliation
    if rec is None:
        sheet = Sheet("Adjusted")
        sheet.title(
            label("adjusted"),
            word("review_no_reconciliation", "both"),
        )
        return [sheet]
    skipped = [f for f in rec.findings if f.code == "reconcile-incomplete"]
    warn = ""
    if skipped:
        years = sorted(int(f.details.get("year", 0)) for f in skipped)
        shown = skipped[0].details.get("provinces", "")
        warn = word("review_not_raked", "both", years=year_list(years), provinces=shown)
        warn = f"{warn} – {label('not_raked')}"
    sheets = [
        panel_sheet(
            "Original",
            label("original"),
            rec.original,
            word("review_original_note", "both"),
        ),
        panel_sheet(
            "Adjusted",
            label("adjusted"),
            rec.adjusted,
            word("review_adjusted_note", "both"),
        ),
        panel_sheet(
            "Difference",
            label("difference"),
            rec.difference,
            word("review_difference_note", "both"),
            fmt=ADJUSTMENT,
        ),
    ]
    log = Sheet("Reconcile")
    r = log.title(label("raking_log"), word("review_log_note", "both"))
    sheets.append(log)
    if warn:
        for sheet in sheets:
            sheet.put(3, 1, warn, WARNING)
    log.header(
        r,
        [
            label("line"),
            label("year"),
            label("national"),
            label("before"),
            label("after"),
            label("met"),
        ],
    )
    log.set_widths({1: 10, 2: 10, 3: 18, 4: 18, 5: 18, 6: 10})
    for row in rec.log.itertuples(index=False) if not rec.log.empty else []:
        r += 1
        log.row(r, [row.line, int(row.year)])
        log.row(r, [row.national, row.before, row.after], c0=3, style={"num_format": NUM})
        log.put(
            r,
            6,
            word("review_yes" if row.met else "review_no", "both"),
            None if row.met else WARNING,
        )
    log.freeze = (5, 1)
    _rake_check(log, result)
    return sheets


def _rake_check(log: Sheet, result: ConsolidationResult) -> None:
    """Beside the log: the adjusted provinces summed per national line and year raked, against
    the national total. Lines raked directly match exactly; a sector, GVA or GDP line is
    re-added from its parts, so it differs only when the national file's own total is not the
    sum of its parts (rounding)."""
    rec = result.reconciliation
    if rec is None or rec.log.empty or result.national is None:
        return
    nat = result.national.value("current")
    total = rec.adjusted.groupby(level="line", sort=False).sum(min_count=1)
    years = sorted({int(y) for y in rec.log["year"]})
    c0, r = 8, 4
    log.put(2, c0, label("rake_check"))
    log.put(
        3,
        c0,
        word("review_not_additive_note", "both"),
    )
    log.header(
        r,
        [
            label("line"),
            label("year"),
            label("national"),
            label("sum_of_provinces"),
            label("difference"),
        ],
        c0=c0,
    )
    unique = nat.index.is_unique and nat.columns.is_unique and total.columns.is_unique
    nat_cells = nat.to_dict(orient="index") if unique else None  # not one .at a cell
    total_cells = total.to_dict(orient="index") if unique else None
    for line in [x for x in total.index if x in nat.index]:
        for y in years:
            if y not in nat.columns or y not in total.columns:
                continue
            if nat_cells is None or total_cells is None:
                n, t = nat.at[line, y], total.at[line, y]
            else:
                n, t = nat_cells[line][y], total_cells[line][y]
            if pd.isna(n):
                continue
            r += 1
            n, t = float(n), float(t)
            d = round(t - n, 6) + 0.0  # no -0.000 from floating-point noise
            log.row(r, [line, y], c0=c0)
            log.row(r, [n, t], c0=c0 + 2, style={"num_format": NUM})
            style = {"num_format": "#,##0.000;[Red]-#,##0.000;0"}
            if abs(d) > 0.05:
                style["bg_color"] = "#FFEB9C"
            log.put(r, c0 + 4, d, style)
    log.set_widths({c0: 10, c0 + 1: 10, c0 + 2: 18, c0 + 3: 18, c0 + 4: 14})
