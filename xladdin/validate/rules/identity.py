"""Accounting identities: GVA = output - IC, GDP = sum of GVA + taxes - subsidies, totals equal
the sum of their parts, shares sum to 100, quarters add up to the year.

Each check is a pure function over blocks (see :mod:`xladdin.validate.blocks`); the rules at
the bottom feed them from a bound template.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from xladdin.findings import Finding, finding
from xladdin.validate.blocks import Grid, grid_of, loc, loc_range
from xladdin.validate.config import ValidationConfig
from xladdin.validate.registry import Context, rule

if TYPE_CHECKING:  # pandas is loaded where a table is built, not on import
    import pandas as pd

__all__ = [
    "check_aggregates",
    "check_gdp_identity",
    "check_gva_identity",
    "check_quarters",
    "check_shares",
    "publication_groups",
]


def _num(df: pd.DataFrame, row: Hashable, col: Hashable) -> float:
    """One value as a float (NaN when absent or not a number). For many look-ups in one frame
    use a :class:`~xladdin.validate.blocks.Grid` (same answers, no pandas call per value)."""
    return Grid(df).num(row, col)


def check_gva_identity(
    block: Any,
    config: ValidationConfig,
    *,
    output: Hashable = "output",
    ic: Hashable = "ic",
    gva: Hashable = "gva",
    year: Any = "",
) -> Iterator[Finding]:
    """``gva-identity`` for every row where GVA, output and IC are all numbers."""
    values = block.values
    grid = grid_of(block)
    for row in values.index:
        o, i, g = grid.num(row, output), grid.num(row, ic), grid.num(row, gva)
        if math.isnan(o) or math.isnan(i) or math.isnan(g):
            continue
        expected = o - i
        if not config.identity_holds(g, expected):
            yield finding(
                "gva-identity",
                **loc(block, row, gva),
                item=row,
                year=year,
                gva=g,
                output=o,
                ic=i,
                expected=expected,
                diff=g - expected,
            )


def check_aggregates(
    block: Any,
    groups: Mapping[Hashable, Sequence[Hashable]],
    config: ValidationConfig,
    years: Sequence[Hashable] | None = None,
) -> Iterator[Finding]:
    """``aggregate-sum``: each total row equals the sum of its part rows, year by year.

    A year is checked only when the total and every part are numbers.
    """
    values = block.values
    grid = grid_of(block)
    cols = list(years) if years is not None else list(values.columns)
    for total_row, parts in groups.items():
        parts = [p for p in parts if grid.has_row(p)]
        if not grid.has_row(total_row) or not parts:
            continue
        for col in cols:
            total = grid.num(total_row, col)
            nums = [grid.num(p, col) for p in parts]
            if math.isnan(total) or any(math.isnan(n) for n in nums):
                continue
            expected = math.fsum(nums)
            if not config.identity_holds(total, expected):
                yield finding(
                    "aggregate-sum",
                    **loc(block, total_row, col),
                    item=total_row,
                    year=col,
                    total=total,
                    parts=f"{parts[0]}..{parts[-1]}"
                    if len(parts) > 3
                    else "+".join(map(str, parts)),
                    expected=expected,
                    diff=total - expected,
                )


def check_gdp_identity(
    block: Any,
    gva_rows: Sequence[Hashable],
    config: ValidationConfig,
    *,
    gdp: Hashable = "GDP",
    taxes: Hashable | None = "TAX",
    subsidies: Hashable | None = None,
    years: Sequence[Hashable] | None = None,
) -> Iterator[Finding]:
    """``gdp-identity``: GDP = sum of GVA over ``gva_rows`` + taxes - subsidies, per year.

    Taxes and subsidies rows that are absent count as zero; a year is skipped when GDP or a
    GVA value is not a number.
    """
    values = block.values
    grid = grid_of(block)
    if not grid.has_row(gdp):
        return
    rows = [r for r in gva_rows if grid.has_row(r)]
    if not rows:
        return
    for col in list(years) if years is not None else list(values.columns):
        g = grid.num(gdp, col)
        parts = [grid.num(r, col) for r in rows]
        if math.isnan(g) or any(math.isnan(p) for p in parts):
            continue
        t = grid.num(taxes, col) if taxes is not None and grid.has_row(taxes) else 0.0
        s = grid.num(subsidies, col) if subsidies is not None and grid.has_row(subsidies) else 0.0
        if math.isnan(t) or math.isnan(s):
            continue
        gva_sum = math.fsum(parts)
        expected = gva_sum + t - s
        if not config.identity_holds(g, expected):
            yield finding(
                "gdp-identity",
                **loc(block, gdp, col),
                year=col,
                gdp=g,
                gva_sum=gva_sum,
                taxes=t,
                subsidies=s,
                expected=expected,
                diff=g - expected,
            )


def check_shares(
    block: Any,
    rows: Sequence[Hashable],
    config: ValidationConfig,
    *,
    total: float = 100.0,
    alternatives: Sequence[Sequence[Hashable]] = (),
    years: Sequence[Hashable] | None = None,
) -> Iterator[Finding]:
    """``shares-sum``: the shares of ``rows`` sum to ``total`` (100) in every year.

    ``alternatives`` are other row sets accepted as summing to the total (e.g. shares of GVA
    without taxes). A year is checked only when every share of ``rows`` is a number.
    """
    values = block.values
    grid = grid_of(block)
    rows = [r for r in rows if grid.has_row(r)]
    if not rows:
        return
    for col in list(years) if years is not None else list(values.columns):
        nums = [grid.num(r, col) for r in rows]
        if any(math.isnan(n) for n in nums):
            continue
        s = math.fsum(nums)
        if abs(s - total) <= config.shares_tol:
            continue
        ok = False
        for alt in alternatives:
            alt_nums = [grid.num(r, col) for r in alt if grid.has_row(r)]
            if alt_nums and not any(math.isnan(n) for n in alt_nums):
                ok = ok or abs(math.fsum(alt_nums) - total) <= config.shares_tol
        if not ok:
            yield finding("shares-sum", **loc_range(block, rows, col), year=col, total=s)


def check_quarters(
    quarterly: Any,
    annual: Any,
    config: ValidationConfig,
) -> Iterator[Finding]:
    """``quarters-sum``: for every row and year, the four quarters add up to the annual value.

    ``quarterly.values`` has columns labelled ``(year, quarter)`` tuples or text such as
    ``"2023Q1"``; ``annual.values`` has the year columns. Years without four numeric quarters
    or without an annual number are skipped.
    """
    qv, av = quarterly.values, annual.values
    qgrid, agrid = grid_of(quarterly), grid_of(annual)
    by_year: dict[int, list[Hashable]] = {}
    for col in qv.columns:
        key = _quarter_key(col)
        if key is not None:
            by_year.setdefault(key[0], []).append(col)
    annual_cols = {_year_key(c): c for c in av.columns}
    for row in qv.index:
        if not agrid.has_row(row):
            continue
        for year, cols in by_year.items():
            if len(cols) != 4 or year not in annual_cols:
                continue
            nums = [qgrid.num(row, c) for c in cols]
            a = agrid.num(row, annual_cols[year])
            if math.isnan(a) or any(math.isnan(n) for n in nums):
                continue
            total = math.fsum(nums)
            if not config.identity_holds(total, a):
                yield finding(
                    "quarters-sum",
                    **_qloc(quarterly, row, cols),
                    item=row,
                    year=year,
                    total=total,
                    annual=a,
                    diff=total - a,
                )


def _qloc(block: Any, row: Hashable, cols: list[Hashable]) -> dict[str, str | None]:
    first, last = loc(block, row, cols[0]), loc(block, row, cols[-1])
    if first["cell"] and last["cell"]:
        return {"sheet": first["sheet"], "cell": f"{first['cell']}:{last['cell']}"}
    return first


def _year_key(label: Hashable) -> int | None:
    try:
        y = int(str(label).strip())
    except ValueError:
        return None
    return y if 1900 <= y <= 2200 else None


def _quarter_key(label: Hashable) -> tuple[int, int] | None:
    if isinstance(label, tuple) and len(label) == 2:
        y, q = _year_key(label[0]), str(label[1]).strip().upper().lstrip("Q")
        return (y, int(q)) if y is not None and q.isdigit() and 1 <= int(q) <= 4 else None
    text = str(label).strip().upper().replace(" ", "").replace("-", "")
    if len(text) == 6 and text[4] == "Q" and text[:4].isdigit() and text[5] in "1234":
        return int(text[:4]), int(text[5])
    return None


# --- rules over bound templates ----------------------------------------------------------------


_DERIVED: dict[str, tuple[Any, Any]] = {}


def _from_industries(key: str, make: Any) -> Any:
    """``make(industries())``, recomputed only when the (cached) industries table changes."""
    from xladdin.templates.data import industries

    df = industries()
    hit = _DERIVED.get(key)
    if hit is None or hit[0] is not df:
        hit = _DERIVED[key] = (df, make(df))
    return hit[1]


def _groups(df: pd.DataFrame) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    sectors = list(df[df.level == "sector"].code)
    for s in sectors:
        groups[s] = list(df[(df.level == "industry") & (df.sector == s)].code)
    groups["GVA"] = sectors
    return groups


def publication_groups() -> dict[str, list[str]]:
    """Totals of the publication rows and their parts: each sector -> its industries,
    ``GVA`` -> the sectors (from the industries data file)."""
    return {k: list(v) for k, v in _from_industries("groups", _groups).items()}


def _industry_codes() -> list[str]:
    codes = _from_industries("industries", lambda df: list(df[df.level == "industry"].code))
    return list(codes)


def _block(ctx: Context, key: str) -> Any:
    return ctx.bound.block(key) if ctx.bound is not None else None


def _years(block: Any) -> list[Hashable]:
    return list(getattr(block, "years", None) or [])


@rule("gva-identity", templates=("province-gdp",))
def gva_identity_rule(ctx: Context) -> Iterator[Finding]:
    """Benchmark table: GVA = output - intermediate consumption."""
    block = _block(ctx, "benchmark")
    if block is None:
        return
    base = ctx.bound.scalar("base_year")
    yield from check_gva_identity(block, ctx.config, year=base.value if base and base.value else "")


@rule("sez-gva-identity", templates=("sez-enterprise",))
def sez_gva_identity_rule(ctx: Context) -> Iterator[Finding]:
    """SEZ results: GVA = output - intermediate consumption by zone, industry and province."""
    for key in ("by_zone", "by_industry", "by_province"):
        block = _block(ctx, key)
        if block is not None:
            yield from check_gva_identity(block, ctx.config)


@rule("aggregate-sum", templates=("province-gdp",))
def aggregate_rule(ctx: Context) -> Iterator[Finding]:
    """Results at current and constant prices: sectors and total GVA equal their parts."""
    for key in ("gva_current", "gva_constant"):
        block = _block(ctx, key)
        if block is not None:
            yield from check_aggregates(block, publication_groups(), ctx.config, _years(block))


@rule("gdp-identity", templates=("province-gdp",))
def gdp_identity_rule(ctx: Context) -> Iterator[Finding]:
    """Results: GDP = sum of GVA over industries + taxes on products (- subsidies)."""
    for key in ("gva_current", "gva_constant"):
        block = _block(ctx, key)
        if block is None:
            continue
        industries = _industry_codes()
        rows = industries if all(r in block.values.index for r in industries) else ["GVA"]
        subsidies = "SUB" if "SUB" in block.values.index else None
        yield from check_gdp_identity(
            block, rows, ctx.config, subsidies=subsidies, years=_years(block)
        )


@rule("shares-sum", templates=("province-gdp", "district-growth"))
def shares_rule(ctx: Context) -> Iterator[Finding]:
    """Structure table (sector shares of GDP) and district sector weights sum to 100."""
    block = _block(ctx, "structure")
    if block is not None:
        sectors = ["AGR", "IND", "SER"]
        yield from check_shares(
            block,
            [*sectors, "TAX"],
            ctx.config,
            alternatives=[sectors],
            years=_years(block),
        )
    weights = _block(ctx, "weights")
    if weights is not None and "weight" in weights.values.columns:
        w = weights.values["weight"]
        if len(w) and not w.isna().any():
            s = math.fsum(w)
            if (
                abs(s - 100.0) > ctx.config.shares_tol
                and abs(s - 1.0) > ctx.config.shares_tol / 100
            ):
                rows = list(weights.values.index)
                yield finding("shares-sum", **loc_range(weights, rows, "weight"), year="-", total=s)


def _table_part(table: Any, rows: list[list[Any]], index: list[str], cols: list[int]) -> Any:
    """Some columns of an Excel Table's body as a Frame (values and cells)."""
    import pandas as pd

    from xladdin.validate.blocks import Frame
    from xladdin.workbook.model import col_letter, parse_ref

    (c1, r1), _ = parse_ref(table.data_ref)
    heads = list(table.headers)
    values = pd.DataFrame(
        [[_as_float(r[j]) for j in cols] for r in rows],
        index=index,
        columns=[heads[j] for j in cols],
    )
    cells = pd.DataFrame(
        [[f"{col_letter(c1 + j)}{r1 + i}" for j in cols] for i in range(len(rows))],
        index=index,
        columns=values.columns,
    )
    return Frame(values, cells, table.sheet)


@rule("quarters-sum")
def quarters_rule(ctx: Context) -> Iterator[Finding]:
    """Any Excel Table with quarter columns (``2023Q1``..``2023Q4``) and the year's column
    (``2023``): the quarters add up to the year, or average to it (indices, prices)."""
    from xladdin.validate.blocks import year_of

    for table in ctx.view.tables().values():
        heads = list(table.headers)
        quarters = [i for i, h in enumerate(heads) if _quarter_key(h) is not None]
        annual = [i for i, h in enumerate(heads) if year_of(h) is not None]
        if len(quarters) < 4 or not annual or table.data_ref is None:
            continue
        rows = ctx.view.values(table.sheet, table.data_ref)
        labels = next((i for i in range(len(heads)) if i not in quarters and i not in annual), None)
        index = [f"#{i + 1}" for i in range(len(rows))]
        if labels is not None:
            named = [
                str(r[labels]) if r[labels] not in (None, "") else index[i]
                for i, r in enumerate(rows)
            ]
            index = named if len(set(named)) == len(named) else index
        q = _table_part(table, rows, index, quarters)
        a = _table_part(table, rows, index, annual)
        for f in check_quarters(q, a, ctx.config):
            year, row = f.details["year"], f.details["item"]
            cols = [c for c in q.values.columns if _quarter_key(c)[0] == year]
            mean = math.fsum(q.values.at[row, c] for c in cols) / 4
            if not ctx.config.identity_holds(mean, f.details["annual"]):
                yield f


def _as_float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return math.nan
    return float(value)
