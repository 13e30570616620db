"""Plausibility: growth outside the band or against national growth, implicit-deflator growth out
of band (every publication row: GDP, sectors, each industry, taxes; one finding per row and run of
consecutive years), negative GVA, jumps in benchmark-to-indicator ratios and in the ratio of taxes
on products to GVA at current prices.

Bands and thresholds come from :class:`~xladdin.validate.config.ValidationConfig`; the
severity of these findings is ``config.plausibility_severity`` (warning by default).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from xladdin.findings import Finding, finding
from xladdin.findings.words import field_words
from xladdin.templates.values import to_number
from xladdin.validate.blocks import Frame, Grid, grid_of, loc, year_of
from xladdin.validate.config import ValidationConfig
from xladdin.validate.registry import Context, rule

if TYPE_CHECKING:  # pandas is loaded where a table is built, not on import
    import pandas as pd

__all__ = [
    "check_deflator_growth",
    "check_growth_band",
    "check_growth_sign",
    "check_negative",
    "check_ratio_jumps",
    "growth_table",
    "national_growth_from_view",
]

HEADLINE = ("GDP", "AGR", "IND", "SER")


def _year_cols(values: pd.DataFrame) -> list[Hashable]:
    return [c for c in values.columns if year_of(c) is not None]


def growth_table(levels: pd.DataFrame) -> pd.DataFrame:
    """Percent change from the previous year column, row by row (NaN where the previous value
    is missing or zero). Columns are the year columns of ``levels`` (the first is all NaN)."""
    import pandas as pd

    cols = _year_cols(levels)
    lv = levels[cols].astype(float)
    level = lv.to_numpy(dtype=float)
    prev = np.full_like(level, np.nan)
    prev[:, 1:] = level[:, :-1]
    prev[prev == 0] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (level / prev - 1.0) * 100.0
    return pd.DataFrame(out, index=lv.index, columns=lv.columns)


def check_growth_band(
    block: Any,
    growth: pd.DataFrame,
    config: ValidationConfig,
    rows: Sequence[Hashable] | None = HEADLINE,
) -> Iterator[Finding]:
    """``growth-out-of-band`` for each of ``rows`` (None: every row) whose growth (per cent)
    lies outside ``config.growth_band``: one finding per row and run of consecutive years,
    located at ``block``'s cells of that run, with the growth farthest outside the band."""
    yield from _out_of_band("growth-out-of-band", block, growth, config.growth_band, config, rows)


def check_growth_sign(
    block: Any,
    growth: pd.DataFrame,
    national: Mapping[int, float],
    config: ValidationConfig,
    row: Hashable = "GDP",
) -> Iterator[Finding]:
    """``growth-sign-opposite`` when the growth of ``row`` and national growth (per cent, by
    year) have opposite signs (zero counts as neither)."""
    if row not in growth.index or not national:
        return
    grid = Grid(growth)
    for col in growth.columns:
        year = year_of(col)
        if year is None or year not in national:
            continue
        g, n = float(grid.at(row, col)), float(national[year])
        if math.isnan(g) or g * n >= 0:
            continue
        yield finding(
            "growth-sign-opposite",
            **loc(block, row, col),
            severity=config.plausibility_severity,
            item=row,
            year=year,
            growth=round(g, 2),
            national=round(n, 2),
        )


def check_deflator_growth(
    block: Any,
    deflator: pd.DataFrame,
    config: ValidationConfig,
    rows: Sequence[Hashable] | None = HEADLINE,
) -> Iterator[Finding]:
    """``deflator-growth-out-of-band``: year-on-year change of an implicit deflator outside
    ``config.deflator_growth_band`` (one finding per row and run of years; None = every row)."""
    yield from _out_of_band(
        "deflator-growth-out-of-band",
        block,
        growth_table(deflator),
        config.deflator_growth_band,
        config,
        rows,
    )


def _out_of_band(
    code: str,
    block: Any,
    growth: pd.DataFrame,
    band: tuple[float, float],
    config: ValidationConfig,
    rows: Sequence[Hashable] | None,
) -> Iterator[Finding]:
    """``code`` for each of ``rows`` (None: all) and run of consecutive columns of ``growth``
    (per cent) outside ``band``; located at ``block``'s cells of the run (``"M9"`` or
    ``"M9:O9"``), ``year`` the year or ``"2014-2016"``, ``growth`` the value farthest out."""
    low, high = band
    grid = Grid(growth)
    for row in rows if rows is not None else list(growth.index):
        if not grid.has_row(row):
            continue
        run: list[tuple[Hashable, float]] = []
        for col in [*growth.columns, None]:
            g = float(grid.at(row, col)) if col is not None else math.nan
            if not math.isnan(g) and not low <= g <= high:
                run.append((col, g))
                continue
            if run:
                yield _band_run(code, block, row, run, band, config)
                run = []


def _band_run(
    code: str,
    block: Any,
    row: Hashable,
    run: list[tuple[Hashable, float]],
    band: tuple[float, float],
    config: ValidationConfig,
) -> Finding:
    low, high = band
    first, last = loc(block, row, run[0][0]), loc(block, row, run[-1][0])
    cell = first["cell"]
    if len(run) > 1 and first["cell"] and last["cell"]:
        cell = f"{first['cell']}:{last['cell']}"
    worst = max(run, key=lambda cg: max(low - cg[1], cg[1] - high))[1]
    return finding(
        code,
        sheet=first["sheet"],
        cell=cell,
        severity=config.plausibility_severity,
        item=row,
        year=run[0][0] if len(run) == 1 else f"{run[0][0]}-{run[-1][0]}",
        growth=round(worst, 2),
        low=low,
        high=high,
    )


def check_negative(
    block: Any,
    config: ValidationConfig,
    rows: Sequence[Hashable] | None = None,
    cols: Sequence[Hashable] | None = None,
    year: Any = None,
) -> Iterator[Finding]:
    """``negative-gva`` for the negative values of ``rows`` x ``cols`` of ``block``.

    Consecutive negative years of one row make *one* finding over the range of cells (year
    ``2012-2026``, value the lowest), so one wrong input does not bury the report under a
    finding per year."""
    values = block.values
    grid = grid_of(block)
    rows = [r for r in (rows if rows is not None else values.index) if grid.has_row(r)]
    cols = [c for c in (cols if cols is not None else values.columns) if grid.has_col(c)]
    for row in rows:
        run: list[tuple[Hashable, float]] = []
        for col in [*cols, None]:
            v = float(grid.at(row, col)) if col is not None else math.nan
            if v < 0:
                run.append((col, v))
                continue
            if run:
                yield _negative(block, config, row, run, year)
                run = []


def _negative(
    block: Any, config: ValidationConfig, row: Hashable, run: list[tuple[Hashable, float]], year
) -> Finding:
    first, last = loc(block, row, run[0][0]), loc(block, row, run[-1][0])
    cell = first["cell"]
    if len(run) > 1 and first["cell"] and last["cell"]:
        cell = f"{first['cell']}:{last['cell']}"
    if year is None:
        year = run[0][0] if len(run) == 1 else f"{run[0][0]}-{run[-1][0]}"
    return finding(
        "negative-gva",
        sheet=first["sheet"],
        cell=cell,
        severity=config.plausibility_severity,
        item=row,
        year=year,
        value=min(v for _, v in run),
    )


def check_ratio_jumps(
    block: Any,
    values: pd.DataFrame,
    indicator: pd.DataFrame,
    config: ValidationConfig,
) -> Iterator[Finding]:
    """``ratio-jump``: the ratio value / indicator of a row changes between consecutive
    available years by more than ``config.ratio_jump`` per cent (located at the later value)."""
    cols = [c for c in _year_cols(values) if c in indicator.columns]
    vgrid, igrid = Grid(values), Grid(indicator)
    for row in values.index:
        if not igrid.has_row(row):
            continue
        prev: tuple[Hashable, float] | None = None
        for col in cols:
            v, i = float(vgrid.at(row, col)), float(igrid.at(row, col))
            if math.isnan(v) or math.isnan(i) or i == 0 or v == 0:
                continue
            ratio = v / i
            if prev is not None and prev[1] != 0:
                change = (ratio / prev[1] - 1.0) * 100.0
                if abs(change) > config.ratio_jump:
                    yield finding(
                        "ratio-jump",
                        **loc(block, row, col),
                        severity=config.plausibility_severity,
                        item=row,
                        year0=prev[0],
                        year1=col,
                        change=round(change, 1),
                        threshold=config.ratio_jump,
                    )
            prev = (col, ratio)


# --- rules over bound templates ----------------------------------------------------------------


def _block(ctx: Context, key: str) -> Any:
    return ctx.bound.block(key) if ctx.bound is not None else None


def _filled(block: Any) -> bool:
    return block is not None and bool(np.isfinite(block.values.to_numpy(dtype=float)).any())


def _province_growth(ctx: Context) -> tuple[Any, pd.DataFrame] | None:
    """(block to point at, growth in per cent): from constant-price results if compiled, else
    from the growth results table. Computed once per run (two rules use it)."""
    if "province_growth" not in ctx.cache:
        ctx.cache["province_growth"] = _compute_province_growth(ctx)
    return ctx.cache["province_growth"]


def _compute_province_growth(ctx: Context) -> tuple[Any, pd.DataFrame] | None:
    constant, table = _block(ctx, "gva_constant"), _block(ctx, "growth")
    if _filled(constant):
        return (table if table is not None else constant), growth_table(constant.values)
    if _filled(table):
        return table, table.values[_year_cols(table.values)]
    return None


def national_growth_from_view(view: Any) -> dict[int, float]:
    """National real GDP growth (per cent) by year typed in the workbook: an Excel Table with a
    ``Year`` column and a column whose header contains "national" and "growth" (e.g. an extra
    column "National GDP growth (%)" of the Settings years table)."""
    out: dict[int, float] = {}
    for table in view.tables().values():
        heads = [str(h).split(" / ")[0].strip().casefold() for h in table.headers]
        if "year" not in heads:
            continue
        col = next((i for i, h in enumerate(heads) if "national" in h and "growth" in h), None)
        if col is None or table.data_ref is None:
            continue
        for row in view.values(table.sheet, table.data_ref):
            year, value = year_of(row[heads.index("year")]), to_number(row[col])
            if year is not None and not math.isnan(value):  # "-1.5" typed as text counts too
                out[year] = value
    return out


def _national_growth(ctx: Context) -> dict[int, float]:
    """Workbook settings first, then the validation settings (which win where both exist)."""
    if "national_growth" not in ctx.cache:
        found = national_growth_from_view(ctx.view)
        found.update(ctx.config.national_growth)
        ctx.cache["national_growth"] = found
    return ctx.cache["national_growth"]


@rule("growth-band", templates=("province-gdp",))
def growth_band_rule(ctx: Context) -> Iterator[Finding]:
    """Real growth of GDP, the sectors, every industry and taxes inside the plausibility band
    (one finding per line and run of years)."""
    found = _province_growth(ctx)
    if found is not None:
        yield from check_growth_band(found[0], found[1], ctx.config, rows=None)


@rule("district-growth-band", templates=("district-growth",))
def district_growth_band_rule(ctx: Context) -> Iterator[Finding]:
    """District composite growth inside the plausibility band."""
    block = _block(ctx, "growth")
    if _filled(block):
        growth = block.values[_year_cols(block.values)]
        yield from check_growth_band(block, growth, ctx.config, rows=("COMPOSITE_G",))


@rule("growth-sign", templates=("province-gdp",))
def growth_sign_rule(ctx: Context) -> Iterator[Finding]:
    """Provincial GDP growth has the sign of national growth (when national growth is known)."""
    national = _national_growth(ctx)
    found = _province_growth(ctx)
    if national and found is not None:
        yield from check_growth_sign(found[0], found[1], national, ctx.config)


@rule("deflator-growth", templates=("province-gdp",))
def deflator_rule(ctx: Context) -> Iterator[Finding]:
    """Implicit deflators of GDP, sectors, every industry and taxes change within the deflator
    band (one finding per line and run of years)."""
    table = _block(ctx, "deflator")
    if _filled(table):
        yield from check_deflator_growth(table, table.values, ctx.config, rows=None)
        return
    current, constant = _block(ctx, "gva_current"), _block(ctx, "gva_constant")
    if _filled(current) and _filled(constant):
        cols = _year_cols(current.values)
        with np.errstate(divide="ignore", invalid="ignore"):
            deflator = (
                current.values[cols] / constant.values[cols].where(constant.values[cols] != 0) * 100
            )
        yield from check_deflator_growth(current, deflator, ctx.config, rows=None)


@rule("taxes-ratio-jump", templates=("province-gdp",))
def taxes_ratio_rule(ctx: Context) -> Iterator[Finding]:
    """Taxes less subsidies on products at current prices move like GVA: their ratio to GVA
    changes by at most ``ratio_jump`` per cent a year (a tax-rate change or a typing error
    otherwise)."""
    current = _block(ctx, "gva_current")
    if not _filled(current) or not {"TAX", "GVA"} <= set(current.values.index):
        return
    cols = _year_cols(current.values)
    values = current.values.loc[["TAX"], cols]
    gva = current.values.loc[["GVA"], cols].rename(index={"GVA": "TAX"})
    for f in check_ratio_jumps(current, values, gva, ctx.config):
        yield finding(
            "ratio-jump",
            sheet=f.sheet,
            cell=f.cell,
            severity=ctx.config.plausibility_severity,
            **field_words("item", "item_taxes_to_gva"),
            year0=f.details["year0"],
            year1=f.details["year1"],
            change=f.details["change"],
            threshold=f.details["threshold"],
        )


@rule("negative-gva", templates=("province-gdp", "sez-enterprise"))
def negative_gva_rule(ctx: Context) -> Iterator[Finding]:
    """GVA is not negative: benchmark, results by industry, SEZ results."""
    import pandas as pd

    bench = _block(ctx, "benchmark")
    if bench is not None and {"output", "ic"} <= set(bench.values.columns):
        gva = bench.values["output"] - bench.values["ic"]
        if "gva" in bench.values.columns:
            gva = bench.values["gva"].fillna(gva)
        base = ctx.bound.scalar("base_year")
        year = base.value if base is not None and base.value else "-"
        frame = Frame(pd.DataFrame({"gva": gva}), bench.cells, bench.sheet)
        yield from check_negative(frame, ctx.config, cols=["gva"], year=year)
    for key in ("gva_current", "gva_constant"):
        block = _block(ctx, key)
        if _filled(block):
            yield from check_negative(block, ctx.config, cols=_year_cols(block.values))
    ent = _block(ctx, "enterprises")
    if ent is not None and {"output", "ic"} <= set(ent.values.columns):
        gva = ent.values["output"] - ent.values["ic"]
        years = ent.values["year"] if "year" in ent.values.columns else None
        for row, value in gva.items():
            if value < 0:
                name = ent.raw.at[row, "name"] if "name" in ent.raw.columns else row
                y = years[row] if years is not None else math.nan
                yield finding(
                    "negative-gva",
                    **loc(ent, row, "ic"),
                    severity=ctx.config.plausibility_severity,
                    item=name if name not in (None, "") else row,
                    year=int(y) if y == y else "-",
                    value=float(value),
                )
    for key in ("by_zone", "by_industry", "by_province"):
        block = _block(ctx, key)
        if _filled(block) and "gva" in block.values.columns:
            years = block.values["year"] if "year" in block.values.columns else None
            for row in block.values.index:
                y = years[row] if years is not None else math.nan
                year = int(y) if isinstance(y, float) and y == y else "-"
                yield from check_negative(block, ctx.config, rows=[row], cols=["gva"], year=year)


@rule("ratio-jump", templates=("province-gdp",))
def ratio_jump_rule(ctx: Context) -> Iterator[Finding]:
    """Current-price GVA typed directly keeps a stable ratio to its indicator
    (volume index x price index)."""
    direct, volume, prices = _block(ctx, "direct"), _block(ctx, "volume"), _block(ctx, "prices")
    if not (_filled(direct) and _filled(volume) and _filled(prices)):
        return
    cols = [
        c
        for c in _year_cols(direct.values)
        if c in volume.values.columns and c in prices.values.columns
    ]
    indicator = volume.values[cols] * prices.values[cols] / 100.0
    yield from check_ratio_jumps(direct, direct.values[cols], indicator, ctx.config)
