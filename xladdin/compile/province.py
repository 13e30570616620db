"""Compile the ``province-gdp`` template: production-approach GDP by industry and year.

Method (docs/templates.md "Method" has the details and sources: IMF QNA Manual 2017 ch. 8,
SNA 2008 ch. 15, Eurostat Manual on regional accounts methods 2013), all arithmetic through
:mod:`xladdin.gdp`:

1. base-year GVA_i = output_i - IC_i (``gva``);
2. constant-price GVA_i,t = GVA_i,base x V_i,t / V_i,base (``extrapolate``, volume index V);
3. current-price GVA_i,t = constant_i,t x P_i,t / P_i,base (``reflate``, price index P);
   a value on the Direct sheet replaces it (even without a benchmark), constant prices stay;
4. sectors = sum of their industries; GVA = sum of sectors; taxes on products at constant
   prices = base-year taxes x taxes volume index / its base value (``extrapolate``), or, without
   that index, current taxes / GVA implicit deflator (``deflate``); GDP = GVA + taxes (``gdp``);
5. growth of constant-price values (``growth``), structure = shares of current-price GDP
   (``shares``), implicit deflators (``implicit_deflator``), contributions to GDP growth from
   constant-price values (``contributions``), GDP per capita in kip (``per_capita`` with the
   unit's size in kip from ``units.csv``) and in USD at the year's rate (``to_usd``);
6. Rebase: the old-base series linked to the new-base series by the ratio and the interpolation
   methods (``splice_ratio``, ``splice_interpolate``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from xladdin import gdp as core
from xladdin.compile.inputs import base_year as check_base_year
from xladdin.compile.inputs import year_row
from xladdin.errors import CalculationError
from xladdin.findings import Finding, finding
from xladdin.templates.binding import Block, Bound
from xladdin.templates.data import industries, unit_kip, units

__all__ = ["ProvinceResult", "compute_province"]


@dataclass
class ProvinceResult:
    """Computed output tables (rows = publication codes, columns = years) and scalars."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    scalars: dict[str, Any] = field(default_factory=dict)
    rebase: pd.DataFrame | None = None
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


def _missing(res: ProvinceResult, block: Block, row: Any, col: Any, what: str, item: Any) -> None:
    cell = block.cell(row, col) if block.has(row, col) else None
    year = col if isinstance(col, int) else (row if isinstance(row, int) else "")
    where = ", ".join(str(x).strip() for x in (item, year) if str(x).strip())
    res.findings.append(
        finding(
            "compile-missing-input",
            sheet=block.sheet,
            cell=cell,
            what=what,
            item=item,
            year=year,
            where=where or "-",
        )
    )


def _calc_failed(
    res: ProvinceResult, step: str, exc: Exception, block: Block | None = None, row: Any = None
) -> None:
    cell = block.row_ref(row) if block is not None and row in block.rows else None
    res.findings.append(
        finding(
            "compile-calculation-failed",
            sheet=block.sheet if block is not None else None,
            cell=cell,
            step=step,
            error=str(exc),
        )
    )


def compute_province(bound: Bound) -> ProvinceResult:
    """Compute every output table of a bound ``province-gdp`` workbook."""
    res = ProvinceResult()
    volume, prices = bound.block("volume"), bound.block("prices")
    bench, yrs = bound.block("benchmark"), bound.block("years")
    if volume is None or prices is None or bench is None or yrs is None:
        return res  # the binding already reported the missing table
    years = list(volume.years)
    base_year, invalid = check_base_year(bound, years)
    if invalid is not None:
        res.findings.append(invalid)
        return res
    bpos = years.index(base_year) + 1
    df_ind = industries()
    codes = list(df_ind[df_ind.level == "industry"]["code"])
    names = dict(zip(df_ind["code"], df_ind["name_en"], strict=False))
    const = pd.DataFrame(np.nan, index=codes, columns=years)
    cur = pd.DataFrame(np.nan, index=codes, columns=years)
    direct = bound.block("direct")
    direct_cells: list[str] = []
    for code in codes:
        out_v = bench.values.at[code, "output"] if code in bench.values.index else np.nan
        ic_v = bench.values.at[code, "ic"] if code in bench.values.index else np.nan
        for col, v, what in (("output", out_v, "Output"), ("ic", ic_v, "Intermediate consumption")):
            if np.isnan(v) and code in bench.rows:
                _missing(res, bench, code, col, f"Base-year {what.lower()}", names[code])
        vol = year_row(volume, code, years)
        price = year_row(prices, code, years)
        for y, v in zip(years, vol, strict=False):
            if np.isnan(v) and code in volume.rows:
                _missing(res, volume, code, y, "Volume index", names[code])
        for y, p in zip(years, price, strict=False):
            if np.isnan(p) and code in prices.rows:
                _missing(res, prices, code, y, "Price index", names[code])
        gva_base = float(core.gva(out_v, ic_v))
        _volume_and_price(res, (const, cur), (volume, prices), code, names[code], gva_base, bpos)
        # a Direct entry replaces the current-price value, whatever happened above
        d = year_row(direct, code, years)
        for y, v in zip(years, d, strict=False):
            if not np.isnan(v):
                cur.at[code, y] = v
                direct_cells.append(direct.cell(code, y) if direct.has(code, y) else None)
    if direct_cells:
        res.findings.append(
            finding(
                "compile-direct-entries-used",
                sheet=direct.sheet if direct else None,
                cell=direct_cells[0],
                count=len(direct_cells),
            )
        )
    cur_all = _aggregate(cur, df_ind)
    const_all = _aggregate(const, df_ind)
    # taxes on products
    tax_cur = _years_col(yrs, "taxes_current", years)
    tax_vol = _years_col(yrs, "taxes_volume", years)
    for y, v in zip(years, tax_cur, strict=False):
        if np.isnan(v):
            _missing(res, yrs, y, "taxes_current", "Taxes on products", "")
    tax_const = np.full(len(years), np.nan)
    if not np.isnan(tax_cur[bpos - 1]) and not np.isnan(tax_vol[bpos - 1]):
        try:
            tax_const = core.extrapolate(tax_cur[bpos - 1], tax_vol, bpos)
        except CalculationError as exc:
            _calc_failed(res, "Taxes on products at constant prices", exc)
    gaps = np.isnan(tax_const) & ~np.isnan(tax_cur)
    if gaps.any():
        try:
            defl = core.implicit_deflator(
                cur_all.loc["GVA"].to_numpy(), const_all.loc["GVA"].to_numpy()
            )
            tax_const = np.where(gaps, core.deflate(tax_cur, defl), tax_const)
            res.findings.append(
                finding(
                    "compile-taxes-deflated",
                    sheet=yrs.sheet,
                    years=", ".join(str(y) for y, g in zip(years, gaps, strict=False) if g),
                )
            )
        except CalculationError as exc:
            _calc_failed(res, "Taxes on products at constant prices", exc)
    for frame, tax in ((cur_all, tax_cur), (const_all, tax_const)):
        frame.loc["TAX"] = tax
        frame.loc["GDP"] = core.gdp(frame.loc[["GVA"]].to_numpy().T, taxes=tax)
    res.tables["gva_current"] = cur_all
    res.tables["gva_constant"] = const_all
    res.tables["growth"] = _safe(res, "Growth", lambda: _growth_by_row(const_all))
    res.tables["structure"] = _safe(
        res,
        "Structure",
        lambda: pd.DataFrame(
            core.shares(cur_all.to_numpy().T, cur_all.loc["GDP"].to_numpy()).T,
            index=cur_all.index,
            columns=years,
        ),
    )
    res.tables["deflator"] = _safe(
        res,
        "Implicit deflators",
        lambda: pd.DataFrame(_divide_rows(cur_all, const_all), index=cur_all.index, columns=years),
    )
    res.tables["contributions"] = _safe(
        res,
        "Contributions to growth",
        lambda: pd.DataFrame(
            core.contributions(const_all.to_numpy().T, const_all.loc["GDP"].to_numpy()).T,
            index=const_all.index,
            columns=years,
        ),
    )
    res.tables["per_capita"] = _per_capita(res, bound, yrs, cur_all.loc["GDP"], years)
    _rebase(res, bound, const_all.loc["GDP"])
    res.summary = _summary(res, bound, years, base_year)
    return res


def _volume_and_price(
    res: ProvinceResult,
    out: tuple[pd.DataFrame, pd.DataFrame],
    blocks: tuple[Block, Block],
    code: str,
    name: str,
    gva_base: float,
    bpos: int,
) -> None:
    """Constant = base-year GVA x V_t / V_base; current = constant x P_t / P_base (into ``out``)."""
    (const, cur), (volume, prices) = out, blocks
    if np.isnan(gva_base):
        return
    years = list(const.columns)
    try:
        c = core.extrapolate(gva_base, _not_negative(year_row(volume, code, years)), bpos)
    except CalculationError as exc:
        _calc_failed(res, f"Constant-price GVA of {name}", exc, volume, code)
        return
    const.loc[code] = c
    price = _positive(year_row(prices, code, years))
    if np.isnan(price[bpos - 1]):
        return  # the missing (or <= 0) base-year price was reported; current prices stay empty
    try:
        cur.loc[code] = core.reflate(c, price, price[bpos - 1])
    except CalculationError as exc:
        _calc_failed(res, f"Current-price GVA of {name}", exc, prices, code)


def _positive(index: np.ndarray) -> np.ndarray:
    """A price index with its values <= 0 made empty: validation reports them
    (``index-not-positive``) and, like a missing index, they give no number (a price of 0 would
    make current-price GVA 0 and flow into GDP, shares and deflators)."""
    return np.where(index > 0, index, np.nan)


def _not_negative(index: np.ndarray) -> np.ndarray:
    """A volume index with its negative values made empty (a negative volume, or a negative
    base year flipping the sign of every year, is never a number to publish). A volume of 0 is
    kept: an industry that stopped for a year (``test_method``: a logging ban) has GVA 0, and
    validation still reports the 0 (``index-not-positive``) for the compiler to confirm."""
    return np.where(index >= 0, index, np.nan)


def _aggregate(ind: pd.DataFrame, df_ind: pd.DataFrame) -> pd.DataFrame:
    """Industries -> publication rows (sectors with their industries, GVA); TAX/GDP added later."""
    rows: dict[str, np.ndarray] = {}
    sectors = df_ind[df_ind.level == "sector"]
    members = df_ind[df_ind.level == "industry"]
    totals = []
    for s in sectors.itertuples():
        codes = list(members[members.sector == s.code]["code"])
        total = core.gdp(ind.loc[codes].to_numpy().T)  # sum by period, missing propagates
        rows[s.code] = total
        totals.append(total)
        for c in codes:
            rows[c] = ind.loc[c].to_numpy()
    rows["GVA"] = core.gdp(np.array(totals).T)
    return pd.DataFrame.from_dict(rows, orient="index", columns=ind.columns)


def _years_col(block: Block, col: str, years: list[int]) -> np.ndarray:
    if col not in block.values.columns:
        return np.full(len(years), np.nan)
    s = block.values[col]
    return np.array([s.get(y, np.nan) for y in years], dtype=float)


def _growth_by_row(frame: pd.DataFrame) -> pd.DataFrame:
    """Growth by row; where a value is zero only the growth *from* it is undefined (empty)."""
    out = pd.DataFrame(np.nan, index=frame.index, columns=frame.columns)
    for code in frame.index:
        x = frame.loc[code].to_numpy()
        try:
            out.loc[code] = core.growth(x)
        except CalculationError:  # a zero value: growth from it undefined, the rest is not
            out.loc[code] = [np.nan] + [
                float(core.growth(x[t - 1 : t + 1])[1]) if x[t - 1] != 0 else np.nan
                for t in range(1, len(x))
            ]
    return out


def _divide_rows(cur: pd.DataFrame, const: pd.DataFrame) -> np.ndarray:
    """Implicit deflators by row; empty only where the constant-price value is zero."""
    out = np.full(cur.shape, np.nan)
    for i, code in enumerate(cur.index):
        c, k = cur.loc[code].to_numpy(), const.loc[code].to_numpy()
        ok = k != 0  # zero constant-price value: deflator undefined, left empty
        if ok.any():
            out[i, ok] = core.implicit_deflator(c[ok], k[ok])
    return out


def _safe(res: ProvinceResult, step: str, func: Any) -> pd.DataFrame | None:
    try:
        return func()
    except CalculationError as exc:
        _calc_failed(res, step, exc)
        return None


def _per_capita(
    res: ProvinceResult, bound: Bound, yrs: Block, gdp_cur: pd.Series, years: list[int]
) -> pd.DataFrame:
    pop = _years_col(yrs, "population", years)
    xr = _years_col(yrs, "kip_per_usd", years)
    out = pd.DataFrame(np.nan, index=["GDP", "POP", "GDPPC_KIP", "XR", "GDPPC_USD"], columns=years)
    out.loc["GDP"] = gdp_cur.to_numpy()
    out.loc["POP"] = pop
    out.loc["XR"] = xr
    for y, p, x in zip(years, pop, xr, strict=False):
        if np.isnan(p):
            _missing(res, yrs, y, "population", "Population", "")
        if np.isnan(x):
            _missing(res, yrs, y, "kip_per_usd", "Exchange rate", "")
    unit_s = bound.scalar("unit")
    unit = unit_s.value if unit_s is not None else None
    scale = unit_kip(unit)
    if scale is None:
        res.findings.append(
            finding(
                "compile-unknown-unit",
                sheet=unit_s.sheet if unit_s else None,
                cell=unit_s.cell if unit_s else None,
                unit=unit or "",
                known=", ".join(units().key),
            )
        )
        return out
    pop_safe = np.where(pop == 0, np.nan, pop)
    xr_safe = np.where(xr == 0, np.nan, xr)
    try:
        kip = core.per_capita(gdp_cur.to_numpy(), pop_safe, scale)
        out.loc["GDPPC_KIP"] = kip
        out.loc["GDPPC_USD"] = core.to_usd(kip, xr_safe)
    except CalculationError as exc:
        _calc_failed(res, "GDP per capita", exc)
    res.scalars["unit_kip"] = scale
    return out


def _rebase(res: ProvinceResult, bound: Bound, gdp_const: pd.Series) -> None:
    blk = bound.block("rebase")
    if blk is None or blk.values.empty or "old" not in blk.values.columns:
        return
    vals = blk.values
    if vals["old"].isna().all():
        return
    frame = vals.copy()
    frame["year"] = frame["year"].astype(float)
    frame = frame[~frame["year"].isna()].sort_values("year")
    if frame.empty:
        return
    new = (
        frame["new"].to_numpy(dtype=float)
        if "new" in frame.columns
        else np.full(len(frame), np.nan)
    )
    if np.isnan(new).all():  # blank new-base column: the compiled GDP at constant prices
        new = np.array([gdp_const.get(int(y), np.nan) for y in frame["year"]], dtype=float)
    old = frame["old"].to_numpy(dtype=float)
    if np.isnan(new).all():
        reason = (
            "the new-base series is empty: 'New base series' is blank and GDP at constant "
            "prices could not be compiled (see the other findings)"
        )
        res.findings.append(
            finding("compile-rebase-skipped", sheet=blk.sheet, cell=blk.body_ref, reason=reason)
        )
        return
    try:
        ratio = core.splice_ratio(old, new)
        interp = core.splice_interpolate(old, new)
    except CalculationError as exc:
        res.findings.append(
            finding("compile-rebase-skipped", sheet=blk.sheet, cell=blk.body_ref, reason=str(exc))
        )
        return
    out = pd.DataFrame(index=frame.index)
    out["ratio"] = ratio.series
    out["interp"] = interp.series
    res.rebase = out
    ov_years = [int(frame["year"].iloc[p - 1]) for p in ratio.overlap_positions]
    span = f"{ov_years[0]}" if len(ov_years) == 1 else f"{ov_years[0]}-{ov_years[-1]}"
    res.scalars["overlap"] = (
        f"{span} ({len(ov_years)} year(s)); ratio {ratio.ratio_or_difference:.6g}; "
        f"difference {interp.ratio_or_difference:.6g}"
    )


def _num(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(v) else v


def _summary(res: ProvinceResult, bound: Bound, years: list[int], base_year: int) -> dict[str, Any]:
    cur = res.tables.get("gva_current")
    const = res.tables.get("gva_constant")
    if cur is None or const is None:
        return {}
    valid = [y for y in years if not np.isnan(cur.at["GDP", y])]
    if not valid:
        return {}
    latest = valid[-1]
    growth = res.tables.get("growth")
    structure = res.tables.get("structure")
    pc = res.tables.get("per_capita")
    prov = bound.scalar("province_code")
    unit = bound.scalar("unit")
    return {
        "template": bound.info.id,
        "province_code": prov.value if prov else None,
        "base_year": base_year,
        "unit": unit.value if unit else None,
        "latest_year": latest,
        "gdp_current": _num(cur.at["GDP", latest]),
        "gdp_constant": _num(const.at["GDP", latest]),
        "gdp_growth_pct": _num(growth.at["GDP", latest]) if growth is not None else None,
        "structure_pct": {
            code: _num(structure.at[code, latest]) if structure is not None else None
            for code in ("AGR", "IND", "SER", "TAX")
        },
        "gdp_per_capita_kip": _num(pc.at["GDPPC_KIP", latest]) if pc is not None else None,
        "gdp_per_capita_usd": _num(pc.at["GDPPC_USD", latest]) if pc is not None else None,
    }
