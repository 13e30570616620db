"""The review sheets of issue 9 (levels that add up, from district to nation): Taxes,
Volumes, VolumeGrowth, DistrictGrowth and District levels, each only when there is something
to show. The calculations are in :mod:`xladdin.review.reconcile`,
:mod:`xladdin.review.levels` and :mod:`xladdin.review.districts`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from xladdin.findings.words import word
from xladdin.review.book.panels import line_name, panel_sheet
from xladdin.review.book.sheet import ADJUSTMENT, NUM, Sheet, label
from xladdin.review.geography import province_names

if TYPE_CHECKING:
    from xladdin.review.results import ConsolidationResult

__all__ = ["district_levels_sheet", "levels_sheets"]

GAP = "0.00;[Red]-0.00"


def _table(
    sheet: Sheet, r: int, headers: list[str], rows: list[list[Any]], formats: list[str | None]
) -> None:
    """A header row at ``r``, ``rows`` under it with ``formats``, frozen under the header."""
    sheet.header(r, headers)
    sheet.rows(r + 1, rows, formats)
    sheet.freeze = (r + 1, 1)


def levels_sheets(result: ConsolidationResult) -> list[Sheet]:
    """DistrictGrowth (districts vs province, when shares are given), Taxes (taxes on products
    allocated by GVA), Volumes and VolumeGrowth (the constant-price reconciliation)."""
    out: list[Sheet] = []
    records = result.stats.get("district_growth") or []
    if records:
        out.append(_district_growth(pd.DataFrame(records)))
    rec = result.reconciliation
    if rec is None:
        return out
    if rec.taxes is not None:
        out.append(_taxes(rec.taxes))
    vol = rec.volumes
    if vol is None:
        return out
    which = {"national": "review_deflated_national", "own": "review_deflated_own"}[vol.deflator]
    out.append(
        panel_sheet(
            "Volumes",
            label("volumes_reconciled"),
            vol.adjusted,
            word("review_volumes_note", "both", which=word(which), which_lo=word(which, "lo")),
        )
    )
    out.append(_volume_growth(vol.growth))
    return out


def _taxes(table: pd.DataFrame) -> Sheet:
    sheet = Sheet("Taxes")
    r = sheet.title(
        label("taxes_less_subsidies"),
        word("review_taxes_note", "both"),
    )
    if table.empty:
        sheet.put(r, 1, word("review_no_national_taxes", "both"))
        return sheet
    names = province_names()
    rows = [
        [
            t.province,
            names.get(t.province, (t.province, ""))[0],
            int(t.year),
            t.collected,
            t.allocated,
            t.difference,
            t.gva_share,
        ]
        for t in table.itertuples(index=False)
    ]
    _table(
        sheet,
        r,
        [
            label("province_code"),
            label("province"),
            label("year"),
            label("collected"),
            label("allocated_by_gva"),
            label("difference"),
            label("gva_share"),
        ],
        rows,
        [None, None, "0", NUM, NUM, ADJUSTMENT, "0.00"],
    )
    sheet.set_widths({1: 10, 2: 20, 3: 8, 4: 16, 5: 20, 6: 14, 7: 14})
    return sheet


def _volume_growth(table: pd.DataFrame | None) -> Sheet:
    sheet = Sheet("VolumeGrowth")
    r = sheet.title(
        label("volume_growth_vs"),
        word("review_volume_growth_note", "both"),
    )
    if table is None or table.empty:
        sheet.put(r, 1, word("review_no_national_constant", "both"))
        return sheet
    rows = [
        [
            t.line,
            line_name(t.line)[0],
            int(t.year),
            t.national,
            t.before,
            t.after,
            t.gap_before,
            t.gap_after,
        ]
        for t in table.itertuples(index=False)
    ]
    _table(
        sheet,
        r,
        [
            label("code"),
            label("sector"),
            label("year"),
            label("national"),
            label("provinces_before"),
            label("provinces_after"),
            label("gap_before"),
            label("gap_after"),
        ],
        rows,
        [None, None, "0"] + [GAP] * 5,
    )
    sheet.set_widths({1: 8, 2: 40, 3: 8} | {c: 14 for c in range(4, 9)})
    return sheet


def _district_growth(table: pd.DataFrame) -> Sheet:
    sheet = Sheet("DistrictGrowth")
    r = sheet.title(
        label("districts_vs_province"),
        word("review_district_growth_note", "both"),
    )
    names = province_names()
    rows = [
        [
            t.province_code,
            names.get(t.province_code, (t.province_code, ""))[0],
            t.sector,
            int(t.year),
            t.province,
            t.districts,
            t.gap,
            int(t.count),
        ]
        for t in table.itertuples(index=False)
    ]
    _table(
        sheet,
        r,
        [
            label("province_code"),
            label("province"),
            label("sector"),
            label("year"),
            label("province"),
            label("districts_weighted"),
            label("gap_points"),
            label("districts_count"),
        ],
        rows,
        [None, None, None, "0", GAP, GAP, GAP, "0"],
    )
    sheet.set_widths({1: 10, 2: 20, 3: 8, 4: 8} | {c: 14 for c in range(5, 9)})
    return sheet


def district_levels_sheet(result: ConsolidationResult) -> Sheet | None:
    """District GVA levels allocated from the province, when the consolidation has them.

    Hook: ``result.stats["district_levels"]`` maps a province code to an object with
    ``current`` and ``constant`` frames indexed (district, sector) x year, as
    :func:`xladdin.review.districts.allocate_levels` returns them, filled by ``consolidate``
    (:func:`xladdin.review.districts.districts_in_review`) when district returns and their
    province's return are both present."""
    levels = result.stats.get("district_levels") or {}
    rows: list[list[Any]] = []
    years: list[int] = []
    for lv in levels.values():
        for basis in ("current", "constant"):
            df = getattr(lv, basis, None)
            if df is not None and not df.empty:
                years = sorted(set(years) | {int(y) for y in df.columns})
    if not years:
        return None
    names = province_names()
    for prov, lv in sorted(levels.items()):
        for basis in ("current", "constant"):
            df = getattr(lv, basis, None)
            if df is None or df.empty:
                continue
            df = df.reindex(columns=years)
            for (district, sector), values in zip(
                df.index, df.to_numpy(float).tolist(), strict=True
            ):
                rows.append(
                    [
                        prov,
                        names.get(prov, (prov, ""))[0],
                        district,
                        sector,
                        label(f"{basis}_prices"),
                        *values,
                    ]
                )
    sheet = Sheet("District levels")
    r = sheet.title(
        label("district_levels"),
        word("review_district_levels_note", "both"),
    )
    _table(
        sheet,
        r,
        [
            label("province_code"),
            label("province"),
            label("district_code"),
            label("sector"),
            label("basis"),
            *map(str, years),
        ],
        rows,
        [None] * 5 + [NUM] * len(years),
    )
    sheet.freeze = (r + 1, 6)
    sheet.set_widths({1: 10, 2: 20, 3: 10, 4: 8, 5: 10})
    return sheet
