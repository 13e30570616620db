"""Levels that add up, from district to nation (issue 9): the review sheets of the
constant-price reconciliation and the taxes on products allocated by GVA, and GDP per capita
with the allocated taxes.

The calculations are in :mod:`xladdin.review.reconcile` (pure pandas over panels); this module
turns them into review sheets (``Taxes``, ``Volumes``, ``VolumeGrowth``) and is called by
:func:`xladdin.review.review_book.write_review` and :func:`xladdin.review.consolidate.consolidate`.
See ``docs/levels.md`` for the method and its sources.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from xladdin.review.reconcile import Reconciliation, per_capita_with_allocated_taxes

if TYPE_CHECKING:
    from types import ModuleType

    from openpyxl import Workbook

    from xladdin.review.results import ConsolidationResult
    from xladdin.review.submission import Submission

__all__ = ["PER_CAPITA_NOTE", "allocated_per_capita", "write_levels_sheets"]

PER_CAPITA_NOTE = (
    "GDP = GVA + taxes less subsidies on products allocated by GVA (ESA 2010 ch. 13), not the "
    "taxes the province collected (Taxes sheet). / GDP ໃຊ້ອາກອນທີ່ແບ່ງຕາມມູນຄ່າເພີ່ມ†"
)


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


def write_levels_sheets(wb: Workbook, result: ConsolidationResult, rb: ModuleType) -> None:
    """Sheets ``Taxes``, ``Volumes``, ``VolumeGrowth`` and ``DistrictGrowth`` of the review
    workbook (issue 9), each only when there is something to show.

    ``rb`` is :mod:`xladdin.review.review_book`, whose sheet helpers (titles, headers, labels,
    bulk rows) these sheets share; the writer passes itself in, so this module does not import
    it (no import cycle, issue #12)."""
    records = result.stats.get("district_growth") or []
    if records:
        _write_district_growth(wb.create_sheet("DistrictGrowth"), pd.DataFrame(records), rb)
    rec = result.reconciliation
    if rec is None:
        return
    if rec.taxes is not None:
        _write_taxes(wb.create_sheet("Taxes"), rec.taxes, rb)
    vol = rec.volumes
    if vol is None:
        return
    which = {
        "national": "each line deflated with the national implicit deflator of the industry "
        "(else its sector, else GVA; ESA 2010 ch. 13)",
        "own": "each line deflated with the province's own implicit deflator as submitted "
        "(national where missing)",
    }[vol.deflator]
    rb._panel_sheet(
        wb.create_sheet("Volumes"),
        "Constant prices reconciled / ລາຄາຄົງທີ່ ປັບແລ້ວ†",
        vol.adjusted,
        f"Billion kip at base-year prices: reconciled current prices, {which}, then raked to the "
        "national constant prices; sectors, GVA, GDP re-added.",
    )
    _write_growth(wb.create_sheet("VolumeGrowth"), vol.growth, rb)


def _write_taxes(ws: Any, table: pd.DataFrame, rb: Any) -> None:
    r = rb._title(
        ws,
        "Taxes less subsidies on products / ອາກອນຫັກເງິນອຸດໜູນຜະລິດຕະພັນ†",
        "National total allocated to provinces in proportion to GVA (ESA 2010 ch. 13), used in "
        "the Adjusted sheet and GDP per capita; collected = what the province returned.",
    )
    if table.empty:
        rb.safe_text(ws.cell(r, 1), "(no national taxes on products)")
        return
    names = rb.province_names()
    rb._header(
        ws,
        r,
        [
            rb.label("province_code"),
            rb.label("province"),
            rb.label("year"),
            "Collected / ເກັບໄດ້†",
            "Allocated by GVA / ແບ່ງຕາມມູນຄ່າເພີ່ມ†",
            rb.label("difference"),
            "GVA share (%) / ສັດສ່ວນ (%)†",
        ],
    )
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
    rb._Bulk.of(ws).add(r + 1, rows, [None, None, "0", rb.NUM, rb.NUM, rb.ADJUSTMENT, "0.00"])
    ws.freeze_panes = f"A{r + 1}"
    rb._widths(ws, {1: 10, 2: 20, 3: 8, 4: 16, 5: 20, 6: 14, 7: 14})


def _write_growth(ws: Any, table: pd.DataFrame, rb: Any) -> None:
    r = rb._title(
        ws,
        "Volume growth: nation vs provinces / ການຂະຫຍາຍຕົວ: ຂັ້ນຊາດ ທຽບກັບແຂວງ†",
        "Percent. Before = the provinces' constant prices as submitted; after = reconciled. "
        "Gap = provinces minus nation (points).",
    )
    if table is None or table.empty:
        rb.safe_text(ws.cell(r, 1), "(no national constant prices)")
        return
    rb._header(
        ws,
        r,
        [
            rb.label("code"),
            rb.label("sector"),
            rb.label("year"),
            rb.label("national"),
            "Provinces before / ແຂວງ ກ່ອນ†",
            "Provinces after / ແຂວງ ຫຼັງ†",
            "Gap before / ຕ່າງກັນ ກ່ອນ†",
            "Gap after / ຕ່າງກັນ ຫຼັງ†",
        ],
    )
    rows = [
        [
            t.line,
            rb._line_name(t.line)[0],
            int(t.year),
            t.national,
            t.before,
            t.after,
            t.gap_before,
            t.gap_after,
        ]
        for t in table.itertuples(index=False)
    ]
    fmt = "0.00;[Red]-0.00"
    rb._Bulk.of(ws).add(r + 1, rows, [None, None, "0"] + [fmt] * 5)
    ws.freeze_panes = f"A{r + 1}"
    rb._widths(ws, {1: 8, 2: 40, 3: 8} | {c: 14 for c in range(4, 9)})


def _write_district_growth(ws: Any, table: pd.DataFrame, rb: Any) -> None:
    r = rb._title(
        ws,
        "Districts vs province: growth by sector / ເມືອງ ທຽບກັບແຂວງ: ການຂະຫຍາຍຕົວ†",
        "Percent. Province = its own constant prices; districts = their sector growth weighted "
        "with base-year shares (--district-shares). Gap = districts minus province (points).",
    )
    names = rb.province_names()
    rb._header(
        ws,
        r,
        [
            rb.label("province_code"),
            rb.label("province"),
            rb.label("sector"),
            rb.label("year"),
            "Province / ແຂວງ",
            "Districts (weighted) / ເມືອງ†",
            rb.label("gap_points"),
            "Districts / ຈຳນວນເມືອງ†",
        ],
    )
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
    fmt = "0.00;[Red]-0.00"
    rb._Bulk.of(ws).add(r + 1, rows, [None, None, None, "0", fmt, fmt, fmt, "0"])
    ws.freeze_panes = f"A{r + 1}"
    rb._widths(ws, {1: 10, 2: 20, 3: 8, 4: 8} | {c: 14 for c in range(5, 9)})
