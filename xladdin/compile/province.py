"""Compile the ``province-gdp`` template: production-approach GDP by industry and year.

Method (docs/templates.md "Method" and "Method pages" have the details and sources: SNA 2008
ch. 15, IMF QNA Manual 2017 ch. 6/8, ESA 2010 ch. 10, Eurostat Manual on regional accounts
methods 2013), all arithmetic through :mod:`xladdin.gdp`:

1. constant prices: output and IC = base-year value x V_t / V_base (``extrapolate``), GVA =
   output - IC (``gva``);
2. current prices: output x P_t / P_base, IC x Q_t / Q_base where an IC price index Q is given
   (double deflation) else x P (single indicator; chosen per industry), GVA = output - IC;
3. Direct entries: current-price GVA deflated with the industry's GVA price index, constant-price
   GVA reflated (``deflate``, ``reflate``): the implicit deflator equals the price index;
4. sectors = sum of industries, GVA = sum of sectors; taxes on products at constant prices =
   base-year taxes x taxes volume index (or x GVA volume without it), subsidies x GVA volume;
   TAX = taxes - subsidies; GDP = GVA + taxes - subsidies (``gdp``);
5. growth, structure, implicit deflators, contributions, per capita (kip, USD);
6. chain-linked volumes at previous-year prices referenced to the base year (``chain_link``),
   their growth, contributions and non-additivity; real GDP per capita;
7. Rebase: the one-series table linked by both methods; back-casting by industry, taxes and
   subsidies at current and constant prices (``splice_ratio`` / ``splice_interpolate``), totals
   as sums of the back-cast parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from xladdin import gdp as core
from xladdin.compile.chain_sign import note_sign_change
from xladdin.compile.inputs import _positions as _block_positions
from xladdin.compile.inputs import base_year as check_base_year
from xladdin.compile.inputs import year_row
from xladdin.errors import CalculationError
from xladdin.findings import Finding, finding, industry_lao_names
from xladdin.findings.words import calculation_words, field_words, reason, where_words, word
from xladdin.templates.binding import Block, Bound
from xladdin.templates.data import industries, units

__all__ = ["PROVINCE_COLUMN_TABLES", "PROVINCE_EXTRA_TABLES", "ProvinceResult", "compute_province"]

#: output tables by year added in template 1.1 (optional in a workbook)
PROVINCE_EXTRA_TABLES = (
    "taxes",
    "chain",
    "chain_growth",
    "chain_contributions",
    "real_per_capita",
    "output_current",
    "ic_current",
    "output_constant",
    "ic_constant",
    "back_current",
    "back_constant",
    "back_deflator",
    "back_growth",
    # 1.2: SEZs in the province (SezResults sheet)
    "sez_constant",
    "gva_incl_sez_current",
    "gva_excl_sez_current",
    "gva_incl_sez_constant",
    "gva_excl_sez_constant",
)
#: output tables with fixed columns by row code (table key -> column keys)
PROVINCE_COLUMN_TABLES = {
    "methods": ("method", "direct"),
    "links": ("link_year", "ratio_current", "ratio_constant", "method"),
}


@dataclass
class ProvinceResult:
    """Computed output tables (rows = publication codes, columns = years) and scalars."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    scalars: dict[str, Any] = field(default_factory=dict)
    rebase: pd.DataFrame | None = None
    #: fixed output columns of keyed tables: table key -> column key -> {row code: value}
    columns: dict[str, dict[str, dict[Any, Any]]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


def _missing(res: ProvinceResult, block: Block, row: Any, col: Any, what: str, item: Any) -> None:
    """``compile-missing-input`` for the cell (``row``, ``col``) of ``block``: ``what`` is the
    ``input_*`` word naming the input, ``item`` the English name of the industry ``row`` (or
    ""), shown in Lao by the industry's Lao name."""
    cell = block.cell(row, col) if block.has(row, col) else None
    year = col if isinstance(col, int) else (row if isinstance(row, int) else "")
    item_lo = industry_lao_names().get(str(row), item) if item else item
    res.findings.append(
        finding(
            "compile-missing-input",
            sheet=block.sheet,
            cell=cell,
            item=item,
            year=year,
            **field_words("what", what),
            **where_words(item, item_lo, year),
        )
    )


def _calc_failed(
    res: ProvinceResult,
    step: str,
    exc: Exception,
    block: Block | None = None,
    row: Any = None,
    step_lo: str | None = None,
) -> None:
    """``compile-calculation-failed`` naming ``step`` (English) and ``step_lo`` (Lao: a
    ``step_*`` row of xladdin/data/messages.csv)."""
    cell = block.row_ref(row) if block is not None and row in block.rows else None
    res.findings.append(
        finding(
            "compile-calculation-failed",
            sheet=block.sheet if block is not None else None,
            cell=cell,
            step=step,
            step_lo=step_lo or step,
            **calculation_words("error", exc),
        )
    )


def compute_province(bound: Bound) -> ProvinceResult:
    """Compute every output table of a bound ``province-gdp`` workbook (method: module doc)."""
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
    # rows (industries) x years; the frames are made from them once the loop is done
    arrays = {k: np.full((len(codes), len(years)), np.nan) for k in _PARTS}
    direct, direct_k = bound.block("direct"), bound.block("direct_constant")
    direct_cells: list[tuple[str, str | None]] = []
    methods: dict[str, str] = {}
    direct_used: dict[str, list[str]] = {}
    at = _float_cells(bench, ("output", "ic"))
    for i, code in enumerate(codes):
        if at is not None:  # the numbers .at gives, by position
            out_v, ic_v = at.get(code, (np.nan, np.nan))
        else:
            out_v = bench.values.at[code, "output"] if code in bench.values.index else np.nan
            ic_v = bench.values.at[code, "ic"] if code in bench.values.index else np.nan
        for col, v, what in (("output", out_v, "input_base_output"), ("ic", ic_v, "input_base_ic")):
            if np.isnan(v) and code in bench.rows:
                _missing(res, bench, code, col, what, names[code])
        for blk, what in ((volume, "input_volume_index"), (prices, "input_price_index")):
            for y, v in zip(years, year_row(blk, code, years), strict=False):
                if np.isnan(v) and code in blk.rows:
                    _missing(res, blk, code, y, what, names[code])
        methods[code] = _method(res, bound, code, names[code], years, bpos)
        parts = _industry(res, bound, code, names[code], (out_v, ic_v), bpos, methods[code])
        rows = {key: arrays[key][i] for key in _PARTS}  # views: written in place
        for key in _PARTS:
            rows[key][:] = parts[key]
        used = _direct_entries(res, (direct, direct_k), code, years, rows, parts["pidx"])
        for kind, y, cell, sheet in used:
            direct_used.setdefault(code, []).append(f"{kind} {y}")
            direct_cells.append((sheet, cell))
    # copy=False: each frame's block is the array's transpose, laid out in memory exactly as a
    # frame filled row by row (sums over rows then add in the same order: identical numbers)
    # the axes each frame would make of the lists codes and years, made once (an Index is not
    # changed: frames share it)
    row_axis, year_axis = pd.Index(codes), pd.Index(years)
    frames = {
        k: pd.DataFrame(arrays[k], index=row_axis, columns=year_axis, copy=False) for k in _PARTS
    }
    if direct_cells:
        res.findings.append(
            finding(
                "compile-direct-entries-used",
                sheet=direct_cells[0][0],
                cell=direct_cells[0][1],
                count=len(direct_cells),
            )
        )
    _report_methods(res, bench, methods, frames, names)
    cur_rows = _aggregate_rows(arrays["gva_c"], codes, df_ind)
    const_rows = _aggregate_rows(arrays["gva_k"], codes, df_ind)
    taxes = _taxes(res, yrs, years, bpos, cur_rows["GVA"], const_rows["GVA"])
    cur_all, const_all = (
        _with_gdp(rows, years, *taxes[basis])
        for rows, basis in ((cur_rows, "cur"), (const_rows, "con"))
    )
    res.tables["taxes"] = pd.DataFrame(
        np.vstack(
            [
                *taxes["cur"],
                cur_all.loc["TAX"].to_numpy(),
                *taxes["con"],
                const_all.loc["TAX"].to_numpy(),
            ]
        ),
        index=["TAX_CUR", "SUB_CUR", "NET_CUR", "TAX_CON", "SUB_CON", "NET_CON"],
        columns=year_axis,
    )
    res.tables["gva_current"] = cur_all
    res.tables["gva_constant"] = const_all
    for key, part in (
        ("output_current", "out_c"),
        ("ic_current", "ic_c"),
        ("output_constant", "out_k"),
        ("ic_constant", "ic_k"),
    ):
        res.tables[key] = frames[part]
    res.tables["growth"] = _safe(
        res, "Growth", lambda: _growth_by_row(const_all), word("step_growth", "lo")
    )
    res.tables["structure"] = _safe(
        res,
        "Structure",
        lambda: pd.DataFrame(
            core.shares(cur_all.to_numpy().T, cur_all.loc["GDP"].to_numpy()).T,
            index=cur_all.index,
            columns=year_axis,
        ),
        word("step_structure", "lo"),
    )
    res.tables["deflator"] = _safe(
        res,
        "Implicit deflators",
        lambda: pd.DataFrame(
            _divide_rows(cur_all, const_all), index=cur_all.index, columns=year_axis
        ),
        word("step_deflators", "lo"),
    )
    res.tables["contributions"] = _safe(
        res,
        "Contributions to growth",
        lambda: pd.DataFrame(
            core.contributions(const_all.to_numpy().T, const_all.loc["GDP"].to_numpy()).T,
            index=const_all.index,
            columns=year_axis,
        ),
        word("step_contributions", "lo"),
    )
    res.tables["per_capita"] = _per_capita(res, bound, yrs, cur_all.loc["GDP"], years)
    _chain(res, cur_all, const_all, taxes, bpos)
    _real_per_capita(res, yrs, const_all.loc["GDP"], years)
    res.columns["methods"] = {
        "method": dict(methods),
        "direct": {c: "; ".join(v) for c, v in direct_used.items()},
    }
    _rebase(res, bound, const_all.loc["GDP"])
    _backcast(res, bound, frames, taxes, years, df_ind)
    _sez(res, bound, frames["gva_c"], frames["gva_k"], years, bpos, names)
    res.summary = _summary(res, bound, years, base_year)
    return res


# per-industry arrays: output, IC and GVA at constant (k) and current (c) prices
_PARTS = ("out_k", "ic_k", "gva_k", "out_c", "ic_c", "gva_c")


def _float_cells(block: Block, cols: tuple[str, ...]) -> dict[Any, tuple[Any, ...]] | None:
    """Row key -> the values of ``cols`` as ``block.values.at[key, col]`` gives them, when
    every column of ``block.values`` is of floats and its keys are unique (else None)."""
    values = block.values
    if not all(dtype == np.float64 for dtype in values.dtypes):
        return None
    table = _block_positions(block)
    if table is None or any(c not in table[2] for c in cols):
        return None
    array, rows, columns = table
    js = [columns[c] for c in cols]
    return {k: tuple(array[i, j] for j in js) for k, i in rows.items()}


def _method(
    res: ProvinceResult, bound: Bound, code: str, name: str, years: list[int], bpos: int
) -> str:
    """ "double" where the Benchmark method cell says so, or is blank and the workbook gives an
    IC price index for the industry; "single" otherwise. A double-deflated industry needs its
    IC price index in every year: each missing (or <= 0) value is reported and leaves current
    prices empty in that year (the base year: in every year)."""
    bench, icp = bound.block("benchmark"), bound.block("ic_prices")
    chosen = ""
    if bench is not None and "method" in bench.raw.columns and code in bench.raw.index:
        typed = _raw_cells(bench, "method")
        value = typed[code] if typed is not None else bench.raw.at[code, "method"]
        chosen = str(value or "").strip().casefold()
    q = _positive(year_row(icp, code, years))
    if chosen.startswith("s") or not (chosen.startswith("d") or np.isfinite(q).any()):
        return "single"
    what = "input_ic_price_index"
    if icp is None or code not in icp.rows:
        year = years[bpos - 1]
        res.findings.append(
            finding(
                "compile-missing-input",
                sheet=bench.sheet if bench is not None else None,
                cell=bench.cell(code, "method")
                if bench is not None and bench.has(code, "method")
                else None,
                item=name,
                year=year,
                **field_words("what", what),
                **where_words(name, industry_lao_names().get(code, name), year),
            )
        )
        return "double"
    for y, v in zip(years, q, strict=False):
        if np.isnan(v):
            _missing(res, icp, code, y, what, name)
    return "double"


def _raw_cells(block: Block, col: str) -> dict[Any, Any] | None:
    """Row code -> the cell of column ``col`` (one of ``block.raw``) as ``raw.at[code, col]``
    gives it, made once per block; None when a row or column key is repeated (then looked up
    by label)."""
    raw = block.raw
    key = f"raw_cells:{col}"
    cached = block.memo.get(key)
    if cached is not None and cached[0] is raw:
        return cached[1]
    cells = None
    if raw.index.is_unique and raw.columns.is_unique and isinstance(raw[col].dtype, np.dtype):
        # a numpy column: .at gives its array's element, as this does
        cells = dict(zip(raw.index, list(raw[col].to_numpy()), strict=True))
    block.memo[key] = (raw, cells)
    return cells


def _industry(
    res: ProvinceResult,
    bound: Bound,
    code: str,
    name: str,
    bench: tuple[float, float],
    bpos: int,
    method: str,
) -> dict[str, np.ndarray]:
    """Output and IC at constant prices = base-year value x V_t / V_base (``extrapolate``; IC
    keeps its base-year ratio to output); at current prices
    ``reflate`` output with the output price index P and IC with the IC price index Q (double
    deflation) or P (single indicator); GVA = output - IC (``gva``) at both prices. ``pidx`` is
    the industry's GVA price index (base = 100) used for Direct entries."""
    volume, prices, icp = (bound.block(k) for k in ("volume", "prices", "ic_prices"))
    years = list(volume.years)
    nan = np.full(len(years), np.nan)
    out: dict[str, np.ndarray] = {k: nan.copy() for k in (*_PARTS, "pidx")}
    price = _positive(year_row(prices, code, years))
    if not np.isnan(price[bpos - 1]):
        out["pidx"] = core.extrapolate(100.0, price, bpos)
    out_b, ic_b = bench
    if np.isnan(out_b) or np.isnan(ic_b):
        return out
    vol = _not_negative(year_row(volume, code, years))
    try:
        out["out_k"] = core.extrapolate(out_b, vol, bpos)
        out["ic_k"] = core.extrapolate(ic_b, vol, bpos)
    except CalculationError as exc:
        step, step_lo = _step("step_constant_gva", code, name)
        _calc_failed(res, step, exc, volume, code, step_lo=step_lo)
        return out
    out["gva_k"] = core.gva(out["out_k"], out["ic_k"])
    if np.isnan(price[bpos - 1]):
        return out  # the missing (or <= 0) base-year price was reported; current prices empty
    q = _positive(year_row(icp, code, years)) if method == "double" else price
    if np.isnan(q[bpos - 1]):
        return out  # the missing base-year IC price index was reported; current prices empty
    try:
        out["out_c"] = core.reflate(out["out_k"], price, price[bpos - 1])
        out["ic_c"] = core.reflate(out["ic_k"], q, q[bpos - 1])
    except CalculationError as exc:
        step, step_lo = _step("step_current_gva", code, name)
        _calc_failed(res, step, exc, prices, code, step_lo=step_lo)
        return out
    out["gva_c"] = core.gva(out["out_c"], out["ic_c"])
    if method == "double":
        ok = out["gva_k"] != 0
        defl = np.full(len(years), np.nan)
        if ok.any():
            defl[ok] = core.implicit_deflator(out["gva_c"][ok], out["gva_k"][ok])
        out["pidx"] = defl
    return out


def _direct_entries(
    res: ProvinceResult,
    blocks: tuple[Block | None, Block | None],
    code: str,
    years: list[int],
    rows: dict[str, np.ndarray],
    pidx: np.ndarray,
) -> list[tuple[str, int, str | None, str]]:
    """Direct entries win. A current-price entry is deflated with the industry's GVA price
    index (``deflate``: the volume follows from it); a constant-price entry is reflated
    (``reflate``); with both, both are used. The implicit deflator then equals the price index.
    Output and IC of those years are left empty (GVA was typed, not its parts). ``rows``: the
    industry's row of each part (by year), written in place."""
    direct, direct_k = blocks
    d = year_row(direct, code, years)
    k = year_row(direct_k, code, years)
    used: list[tuple[str, int, str | None, str]] = []
    if np.isnan(d).all() and np.isnan(k).all():
        return used  # no entry in any year (the loop below would skip each)
    for i, y in enumerate(years):
        if np.isnan(d[i]) and np.isnan(k[i]):
            continue
        for part in ("out_k", "ic_k", "out_c", "ic_c"):
            rows[part][i] = np.nan
        if not np.isnan(d[i]):
            rows["gva_c"][i] = d[i]
            used.append(
                ("current", y, direct.cell(code, y) if direct.has(code, y) else None, direct.sheet)
            )
        if not np.isnan(k[i]):
            rows["gva_k"][i] = k[i]
            used.append(
                (
                    "constant",
                    y,
                    direct_k.cell(code, y) if direct_k.has(code, y) else None,
                    direct_k.sheet,
                )
            )
        if np.isnan(pidx[i]):
            continue  # no price index: the other price basis keeps its computed value
        if np.isnan(k[i]):
            rows["gva_k"][i] = float(core.deflate(d[i], pidx[i]))
        elif np.isnan(d[i]):
            rows["gva_c"][i] = float(core.reflate(k[i], pidx[i]))
    return used


def _report_methods(
    res: ProvinceResult,
    bench: Block,
    methods: dict[str, str],
    frames: dict[str, pd.DataFrame],
    names: dict[str, str],
) -> None:
    """One info finding naming the industries of each deflation method; a warning for each
    double-deflated industry whose GVA is zero or negative at current or constant prices."""
    double = [c for c, m in methods.items() if m == "double"]
    single = [c for c, m in methods.items() if m != "double"]
    res.findings.append(
        finding(
            "compile-deflation-methods",
            sheet=bench.sheet,
            double=", ".join(double) or "-",
            single=", ".join(single) or "-",
        )
    )
    cur, con = frames["gva_c"], frames["gva_k"]
    # .at[code, year] of both frames, by position (one row per code, the same year columns)
    cv, kv = cur.to_numpy(dtype=float), con.to_numpy(dtype=float)
    cpos, kpos = _positions(cur.index), _positions(con.index)
    kcol = {y: j for j, y in enumerate(con.columns)}
    for code in double:
        c, k = cv[cpos[code]], kv[kpos[code]]
        bad = [y for j, y in enumerate(cur.columns) if c[j] <= 0 or k[kcol[y]] <= 0]
        if bad:
            res.findings.append(
                finding(
                    "compile-double-deflation-not-positive",
                    sheet=bench.sheet,
                    cell=bench.row_ref(code) if code in bench.rows else None,
                    item=f"{code} {names[code]}",
                    years=_runs(bad),
                )
            )


def _runs(years: list[int]) -> str:
    """2013, 2014, 2015, 2018 -> "2013-2015, 2018"."""
    out: list[str] = []
    start = prev = None
    for y in [*years, None]:
        if prev is not None and y == prev + 1:
            prev = y
            continue
        if start is not None:
            out.append(f"{start}" if start == prev else f"{start}-{prev}")
        start = prev = y
    return ", ".join(out)


def _taxes(
    res: ProvinceResult,
    yrs: Block,
    years: list[int],
    bpos: int,
    gva_cur: np.ndarray,
    gva_con: np.ndarray,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Taxes T and subsidies S on products at current and constant prices.

    Constant-price taxes = base-year taxes x taxes volume index / its base value
    (``extrapolate``); without that index (or where it is <= 0) base-year taxes x GVA volume
    (constant-price GVA_t / GVA_base), never current taxes deflated with the GVA deflator,
    which would count a tax-rate rise as volume (SNA 2008 ch. 15, ESA 2010 ch. 10).
    Subsidies likewise with the GVA volume (deflated with the GVA implicit deflator when the
    base year has none). A blank subsidies cell is 0."""
    b = bpos - 1
    t_cur = _years_col(yrs, "taxes_current", years)
    t_vol = _positive(_years_col(yrs, "taxes_volume", years))
    s_cur = np.nan_to_num(_years_col(yrs, "subsidies_current", years), nan=0.0)
    for y, v in zip(years, t_cur, strict=False):
        if np.isnan(v):
            _missing(res, yrs, y, "taxes_current", "input_taxes", "")
    t_con = np.full(len(years), np.nan)
    if not np.isnan(t_cur[b]) and not np.isnan(t_vol[b]):
        try:
            t_con = core.extrapolate(t_cur[b], t_vol, bpos)
        except CalculationError as exc:
            _calc_failed(
                res,
                "Taxes on products at constant prices",
                exc,
                step_lo=word("step_taxes_constant", "lo"),
            )
    gaps = np.isnan(t_con) & ~np.isnan(t_cur)
    by_gva = np.full(len(years), np.nan)
    s_con = np.full(len(years), np.nan)
    if not np.isnan(gva_con[b]) and gva_con[b] != 0:
        by_gva = core.extrapolate(1.0, gva_con, bpos)  # GVA volume relative to the base year
    if gaps.any() and not np.isnan(t_cur[b]):
        t_con = np.where(gaps, t_cur[b] * by_gva, t_con)
        res.findings.append(
            finding(
                "compile-taxes-extrapolated",
                sheet=yrs.sheet,
                years=_runs([y for y, g in zip(years, gaps, strict=False) if g]),
            )
        )
    if s_cur[b] != 0:
        s_con = core.extrapolate(s_cur[b], by_gva, bpos) if not np.isnan(by_gva[b]) else s_con
    else:
        ok = (gva_con != 0) & ~np.isnan(gva_con) & ~np.isnan(gva_cur)
        defl = np.full(len(years), np.nan)
        if ok.any():
            defl[ok] = core.implicit_deflator(gva_cur[ok], gva_con[ok])
        s_con = np.where(s_cur == 0, 0.0, core.deflate(s_cur, defl))
    return {"cur": (t_cur, s_cur), "con": (t_con, s_con)}


def _chain(
    res: ProvinceResult,
    cur: pd.DataFrame,
    const: pd.DataFrame,
    taxes: dict[str, tuple[np.ndarray, np.ndarray]],
    bpos: int,
) -> None:
    """Annual chain-linked volumes (SNA 2008 §15.44-15.52, IMF QNA Manual 2017 §8.45-8.50).

    Each industry, taxes and subsidies at previous-year prices: PYP_t = CP_{t-1} x K_t /
    K_{t-1} (``extrapolate`` of last year's current value with this year's volume relative);
    a total's PYP is the sum of its parts' PYP; chained with ``chain_link`` and referenced to
    the base year (chain-linked = current prices there). Growth from the chain-linked series;
    contributions (PYP_i,t - CP_i,t-1) / CP_GDP,t-1 x 100 add up to GDP growth exactly.
    NONADD = chain-linked GDP - (AGR + IND + SER + TAX chain-linked)."""
    years = list(cur.columns)
    n = len(years)
    inds = [c for c in cur.index if str(c).isdigit()]
    # rows x years arrays (row positions of cur's index); frames are made at the end
    pos = _positions(cur.index)
    cv, kv = cur.to_numpy(dtype=float), const.to_numpy(dtype=float)
    kpos = _positions(const.index)
    pyp = np.full((len(pos), n), np.nan)

    def prev_prices(cp: np.ndarray, k: np.ndarray) -> np.ndarray:
        out = np.full(n, np.nan)
        base, k0, k1 = cp[:-1], k[:-1], k[1:]
        ok = (k0 != 0.0) & ~np.isnan(k0)
        if not (np.isinf(base[ok]).any() or np.isinf(k0[ok]).any() or np.isinf(k1[ok]).any()):
            # extrapolate(cp[t-1], [k[t-1], k[t]], 1)[1] for every t at once: the same
            # operations in the same order (cp x k_t, then / k_t-1), so the same numbers
            out[1:][ok] = base[ok] * k1[ok] / k0[ok]
            return out
        for t in range(1, n):  # an infinite value: extrapolate says which (CalculationError)
            if k[t - 1] not in (0.0,) and not np.isnan(k[t - 1]):
                out[t] = float(core.extrapolate(cp[t - 1], [k[t - 1], k[t]], 1)[1])
        return out

    for c in inds:
        pyp[pos[c]] = prev_prices(cv[pos[c]], kv[kpos[c]])
    t_p = prev_prices(taxes["cur"][0], taxes["con"][0])
    s_p = prev_prices(taxes["cur"][1], taxes["con"][1])
    sector_rows = _sectors(industries())
    sectors = [sec for sec, _ in sector_rows]
    for sec, codes in sector_rows:
        members = [c for c in inds if c in set(codes)]
        # rows[idx].T: periods x parts, F-ordered as the frames' .loc[...].to_numpy().T were
        pyp[pos[sec]] = core.gdp(pyp[[pos[c] for c in members]].T)
    pyp[pos["GVA"]] = core.gdp(pyp[[pos[s] for s in sectors]].T)
    s_p = np.nan_to_num(s_p)
    pyp[pos["TAX"]] = core.gdp(np.zeros((n, 1)), taxes=t_p, subsidies=s_p)
    pyp[pos["GDP"]] = core.gdp(pyp[[pos["GVA"]]].T, taxes=t_p, subsidies=s_p)
    chain = np.full((len(pos) + 1, n), np.nan)  # the last row: NONADD
    for i, row in enumerate(cur.index):
        try:
            chain[i] = core.chain_link(cv[i], pyp[i], bpos)
        except CalculationError:
            # a zero current-price value: the chain is undefined from there (left empty, as
            # growth from zero is); a series changing sign gets a finding (issue #8)
            note_sign_change(res.findings, row, cv[i], pyp[i], years)
            continue
    parts = chain[[pos[s] for s in [*sectors, "TAX"]]].T
    chain[-1] = chain[pos["GDP"]] - core.gdp(parts)
    chain_frame = pd.DataFrame(
        chain, index=cur.index.insert(len(cur.index), "NONADD"), columns=cur.columns, copy=False
    )
    res.tables["chain"] = chain_frame
    res.tables["chain_growth"] = _safe(
        res,
        "Chain-linked growth",
        lambda: _growth_by_row(
            # the rows of cur: chain_frame.drop(index="NONADD") without its label lookup
            chain_frame.iloc[:-1] if "NONADD" not in pos else chain_frame.drop(index="NONADD")
        ),
        word("step_chain_growth", "lo"),
    )
    contrib = np.full((len(pos), n), np.nan)
    gdp_cp = cv[pos["GDP"]]
    for t in range(1, n):
        if gdp_cp[t - 1] == 0 or np.isnan(gdp_cp[t - 1]):
            continue
        comp = np.vstack([cv[:, t - 1], pyp[:, t]])
        tot = [gdp_cp[t - 1], pyp[pos["GDP"], t]]
        contrib[:, t] = core.contributions(comp, tot)[1]
    res.tables["chain_contributions"] = pd.DataFrame(
        contrib, index=cur.index, columns=cur.columns, copy=False
    )


def _real_per_capita(
    res: ProvinceResult, yrs: Block, gdp_const: pd.Series, years: list[int]
) -> None:
    """Real GDP per capita in kip (SDG 8.1.1): constant-price and chain-linked GDP x unit /
    population (``per_capita``), and their growth."""
    scale = res.scalars.get("unit_kip")
    pop = _years_col(yrs, "population", years)
    index = ["GDPPC_CON", "GDPPC_CON_G", "GDPPC_CHAIN", "GDPPC_CHAIN_G"]
    rows = np.full((len(index), len(years)), np.nan)  # the frame is made at the end
    if scale is None:
        res.tables["real_per_capita"] = pd.DataFrame(rows, index=index, columns=years, copy=False)
        return
    pop_safe = np.where(pop == 0, np.nan, pop)
    chain = res.tables.get("chain")
    for row, series in (
        ("GDPPC_CON", gdp_const.to_numpy()),
        ("GDPPC_CHAIN", chain.loc["GDP"].to_numpy() if chain is not None else None),
    ):
        if series is None:
            continue
        try:
            pc = core.per_capita(series, pop_safe, scale)
        except CalculationError as exc:
            _calc_failed(
                res, "Real GDP per capita", exc, step_lo=word("step_real_gdp_per_capita", "lo")
            )
            continue
        at = index.index(row)
        rows[at] = pc
        rows[at + 1] = _growth_row(rows[at].copy())  # the row as a one-row frame gave it
    res.tables["real_per_capita"] = pd.DataFrame(rows, index=index, columns=years, copy=False)


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


def _sez(
    res: ProvinceResult,
    bound: Bound,
    cur: pd.DataFrame,
    const: pd.DataFrame,
    years: list[int],
    bpos: int,
    names: dict[str, str],
) -> None:
    """GVA including and excluding SEZ enterprises at current and constant prices (issue 9, 1).

    S(i,t) is the SEZ GVA at current prices typed (or imported) on the SEZ sheet; a blank is no
    SEZ activity. Its constant prices, with the SEZ price index PI where given in year t and the
    base year b, else with the province's own implicit deflator of the industry (``deflate_like``,
    ESA 2010 ch. 13: regional volumes by industry deflators):

        K_S(i,t) = S(i,t) x PI(i,b) / PI(i,t)     or     S(i,t) x K(i,t) / C(i,t)

    With the province's figures C, K and its "already include SEZ enterprises" setting per
    industry, at both prices:

        included yes:  including = province,          excluding = province - SEZ
        included no:   including = province + SEZ,    excluding = province

    An industry with SEZ values and no setting is left empty in both (and
    ``compile-sez-inclusion-missing``); GVA = sum of the industries (empty if one is empty).
    A 1.1 workbook (no SEZ sheet) gets none of these tables.
    """
    from xladdin.review.sez import included_flag

    sez_gva = bound.block("sez_gva")
    if sez_gva is None:
        return
    inc, pri = bound.block("sez_included"), bound.block("sez_prices")
    codes = list(cur.index)
    # rows (industries) x years arrays; the frames are made from them at the end
    cv, kv = cur.to_numpy(dtype=float), const.to_numpy(dtype=float)
    _positions(cur.index)  # refuses repeated row keys (KeyError); cv[i] is then row codes[i]
    kpos = _positions(const.index)
    s_cur = np.vstack([year_row(sez_gva, c, years) for c in codes])
    s_con = np.full((len(codes), len(years)), np.nan)
    for i, c in enumerate(codes):
        p = _positive(year_row(pri, c, years))
        own = core.regional.deflate_like(s_cur[i], cv[i], kv[kpos[c]])
        by_index = core.regional.deflate_like(s_cur[i], p, p[bpos - 1])
        s_con[i] = np.where(np.isfinite(by_index), by_index, own)
    out = {k: np.full((len(codes), len(years)), np.nan) for k in ("ic", "ec", "ik", "ek")}
    for i, c in enumerate(codes):
        has_sez = bool(np.isfinite(s_cur[i]).any())
        raw = None
        if inc is not None and c in inc.raw.index:
            typed = _raw_cells(inc, "included") if "included" in inc.raw.columns else None
            raw = typed[c] if typed is not None else inc.raw.at[c, "included"]
        flag = included_flag(raw)
        if has_sez and np.isnan(flag):
            res.findings.append(
                finding(
                    "compile-sez-inclusion-missing",
                    sheet=(inc or sez_gva).sheet,
                    cell=inc.cell(c, "included")
                    if inc is not None and inc.has(c, "included")
                    else None,
                    item=names.get(c, c),
                )
            )
            continue
        for (k_in, k_ex), prov, sez in (
            (("ic", "ec"), cv[i], s_cur[i]),
            (("ik", "ek"), kv[kpos[c]], s_con[i]),
        ):
            sez0 = np.nan_to_num(sez) if has_sez else np.zeros(len(years))
            out[k_in][i] = prov if flag == 1.0 else prov + sez0
            out[k_ex][i] = prov - sez0 if flag == 1.0 else prov

    row_axis, year_axis = pd.Index([*codes, "GVA"]), pd.Index(years)  # made once, shared

    def _with_total(rows: np.ndarray, min_count: int) -> pd.DataFrame:
        # the GVA row below, as pandas' frame.loc[codes].sum(axis=0, min_count=...) of the
        # frame made from rows gave it: a blank as 0, each year's sum over the same memory
        # layout (years x industries, copied only to blank the empties: the same order of
        # additions), empty with fewer than min_count values
        values = rows.T
        empty = np.isnan(values)
        if empty.any():
            values = values.copy()
            values[empty] = 0.0
        total = values.sum(axis=1)
        total[(~empty).sum(axis=1) < min_count] = np.nan
        return pd.DataFrame(np.vstack([rows, total]), index=row_axis, columns=year_axis)

    res.tables["sez_constant"] = _with_total(s_con, 1)
    for key, part in (
        ("gva_incl_sez_current", "ic"),
        ("gva_excl_sez_current", "ec"),
        ("gva_incl_sez_constant", "ik"),
        ("gva_excl_sez_constant", "ek"),
    ):
        res.tables[key] = _with_total(out[part], len(codes))


def _aggregate_rows(
    values: np.ndarray, index: Sequence[Any], df_ind: pd.DataFrame
) -> dict[str, np.ndarray]:
    """Industries -> publication rows (sectors with their industries, GVA; TAX/GDP: see
    :func:`_with_gdp`) as publication code -> values; ``values`` has one row per key of
    ``index``."""
    rows: dict[str, np.ndarray] = {}
    pos = {k: i for i, k in enumerate(index)}
    if len(pos) != len(index):
        _positions(pd.Index(index))  # repeated row keys: its KeyError
    totals = []
    for sector, codes in _sectors(df_ind):
        # periods x industries as the sum reads it (F-ordered: each period summed in order)
        total = core.gdp(values[[pos[c] for c in codes]].T)  # missing propagates
        rows[sector] = total
        totals.append(total)
        for c in codes:
            rows[c] = values[pos[c]].copy()
    rows["GVA"] = core.gdp(np.array(totals).T)
    return rows


def _with_gdp(
    rows: dict[str, np.ndarray], years: list[int], taxes: np.ndarray, subsidies: np.ndarray
) -> pd.DataFrame:
    """The frame of :func:`_aggregate_rows` ``rows`` with TAX = taxes - subsidies and GDP = GVA +
    TAX (``gdp``) below them."""
    n = len(years)
    tax = core.gdp(np.zeros((n, 1)), taxes=taxes, subsidies=subsidies)
    gdp = core.gdp(rows["GVA"].reshape(n, 1), taxes=taxes, subsidies=subsidies)
    index = [*rows, "TAX", "GDP"]
    return pd.DataFrame(np.vstack([*rows.values(), tax, gdp]), index=index, columns=years)


def _sectors(df_ind: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """(sector code, [its industry codes]) in the order of the industries table (made once for
    the table :func:`industries` returns; callers only read it)."""
    if _SECTORS and _SECTORS[0][0] is df_ind:
        return _SECTORS[0][1]
    out = _make_sectors(df_ind)
    if df_ind is industries():
        _SECTORS[:] = [(df_ind, out)]
    return out


#: [(the industries frame, its _sectors)]: the one frame industries() returns
_SECTORS: list[tuple[pd.DataFrame, list[tuple[str, list[str]]]]] = []


def _make_sectors(df_ind: pd.DataFrame) -> list[tuple[str, list[str]]]:
    level, code, sector = (df_ind[c].tolist() for c in ("level", "code", "sector"))
    return [
        (
            s,
            [
                c
                for c, lv, sec in zip(code, level, sector, strict=True)
                if lv == "industry" and sec == s
            ],
        )
        for s, lv in zip(code, level, strict=True)
        if lv == "sector"
    ]


def _positions(index: pd.Index) -> dict[Any, int]:
    """Row key -> row number (a repeated key: KeyError, as ``.loc`` of one row would not give
    one row)."""
    if not index.is_unique:
        raise KeyError(f"repeated row keys: {list(index[index.duplicated()])}")
    return {k: i for i, k in enumerate(index)}


def _years_col(block: Block, col: str, years: list[int]) -> np.ndarray:
    if col not in block.values.columns:
        return np.full(len(years), np.nan)
    table = _block_positions(block) if block.values.index.dtype.kind in "iuf" else None
    if table is not None:  # by position (unique keys, numbers): the same values as by label
        array, rows, columns = table
        j = columns[col]
        return np.array([array[rows[y], j] if y in rows else np.nan for y in years])
    s = block.values[col]
    return np.array([s.get(y, np.nan) for y in years], dtype=float)


def _growth_by_row(frame: pd.DataFrame) -> pd.DataFrame:
    """Growth by row; where a value is zero only the growth *from* it is undefined (empty)."""
    values = frame.to_numpy(dtype=float)
    out = np.full(values.shape, np.nan)
    _positions(frame.index)  # one row per key, as before
    for i, x in enumerate(values):
        out[i] = _growth_row(x)
    return pd.DataFrame(out, index=frame.index, columns=frame.columns, copy=False)


def _growth_row(x: np.ndarray) -> np.ndarray:
    """One row of :func:`_growth_by_row`."""
    try:
        return core.growth(x)
    except CalculationError:  # a zero value: growth from it undefined, the rest is not
        return np.array(
            [np.nan]
            + [
                float(core.growth(x[t - 1 : t + 1])[1]) if x[t - 1] != 0 else np.nan
                for t in range(1, len(x))
            ],
            dtype=float,
        )


def _divide_rows(cur: pd.DataFrame, const: pd.DataFrame) -> np.ndarray:
    """Implicit deflators by row; empty only where the constant-price value is zero."""
    out = np.full(cur.shape, np.nan)
    cv, kv = cur.to_numpy(dtype=float), const.to_numpy(dtype=float)
    kpos = _positions(const.index)
    _positions(cur.index)
    for i, code in enumerate(cur.index):
        c, k = cv[i], kv[kpos[code]]
        ok = k != 0  # zero constant-price value: deflator undefined, left empty
        if ok.any():
            out[i, ok] = core.implicit_deflator(c[ok], k[ok])
    return out


def _safe(
    res: ProvinceResult, step: str, func: Any, step_lo: str | None = None
) -> pd.DataFrame | None:
    try:
        return func()
    except CalculationError as exc:
        _calc_failed(res, step, exc, step_lo=step_lo)
        return None


def _step(key: str, code: str, name: str) -> tuple[str, str]:
    """(English, Lao) of the ``step_*`` row ``key`` naming industry ``code`` (``name``)."""
    from xladdin.findings import industry_lao_names

    name_lo = industry_lao_names().get(code, name)
    return word(key, "en", name=name, name_lo=name_lo), word(key, "lo", name=name, name_lo=name_lo)


def _per_capita(
    res: ProvinceResult, bound: Bound, yrs: Block, gdp_cur: pd.Series, years: list[int]
) -> pd.DataFrame:
    pop = _years_col(yrs, "population", years)
    xr = _years_col(yrs, "kip_per_usd", years)
    # rows GDP, POP, GDPPC_KIP, XR, GDPPC_USD by year; the frame is made on return
    rows = np.full((5, len(years)), np.nan)
    rows[0] = gdp_cur.to_numpy()
    rows[1] = pop
    rows[3] = xr

    def frame() -> pd.DataFrame:
        index = ["GDP", "POP", "GDPPC_KIP", "XR", "GDPPC_USD"]
        return pd.DataFrame(rows, index=index, columns=years, copy=False)

    for y, p, x in zip(years, pop, xr, strict=False):
        if np.isnan(p):
            _missing(res, yrs, y, "population", "input_population", "")
        if np.isnan(x):
            _missing(res, yrs, y, "kip_per_usd", "input_exchange_rate", "")
    unit_s = bound.scalar("unit")
    unit = unit_s.value if unit_s is not None else None
    scale = _unit_scale(unit)
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
        return frame()
    pop_safe = np.where(pop == 0, np.nan, pop)
    xr_safe = np.where(xr == 0, np.nan, xr)
    try:
        kip = core.per_capita(gdp_cur.to_numpy(), pop_safe, scale)
        rows[2] = kip
        rows[4] = core.to_usd(kip, xr_safe)
    except CalculationError as exc:
        _calc_failed(res, "GDP per capita", exc, step_lo=word("step_gdp_per_capita", "lo"))
    res.scalars["unit_kip"] = scale
    return frame()


@lru_cache(maxsize=1)
def _unit_sizes() -> dict[str, float]:
    """``units.csv`` as :func:`unit_kip` reads it: casefolded key -> size in kip (the first row
    of a key, as ``unit_kip`` takes it); read once."""
    table = units()
    sizes: dict[str, float] = {}
    for key, kip in zip(table.key.str.casefold(), table["kip"], strict=True):
        sizes.setdefault(key, float(kip))
    return sizes


def _unit_scale(unit: object) -> float | None:
    """:func:`unit_kip` of ``unit`` without reading ``units.csv`` again."""
    return _unit_sizes().get(str(unit if unit is not None else "").strip().casefold())


def _rebase_settings(bound: Bound) -> tuple[str, int | None, int | None]:
    """(method "ratio" | "interpolation", link year, old base year) from the Rebase sheet."""
    m = bound.scalar("rebase_method")
    text = str(m.value or "").strip().casefold() if m is not None else ""
    method = "interpolation" if text.startswith("interp") else "ratio"
    years = []
    for key in ("link_year", "old_base_year"):
        sc = bound.scalar(key)
        v = sc.value if sc is not None else None
        years.append(v if isinstance(v, int) else None)
    return method, years[0], years[1]


def _splice(
    old: np.ndarray,
    new: np.ndarray,
    years: list[int],
    method: str,
    link_year: int | None,
    old_base_year: int | None,
) -> core.SpliceResult:
    """Link ``old`` to ``new`` (both by ``years``, consecutive) with ``splice_ratio`` or
    ``splice_interpolate`` at the link year (default: the first year with both values) and
    the old base year (default: the first year with an old value; before the first year
    shown, it is passed as the number of years from it to the link)."""
    link = years.index(link_year) + 1 if link_year in years else None
    if method != "interpolation":
        return core.splice_ratio(old, new, link=link)
    if old_base_year is None or old_base_year in years:
        base = years.index(old_base_year) + 1 if old_base_year is not None else None
        return core.splice_interpolate(old, new, link=link, old_base=base)
    first = core.splice_ratio(old, new, link=link).link_position
    span = first - 1 + (years[0] - old_base_year)
    if old_base_year > years[-1] or span < 1:
        return core.splice_interpolate(old, new, link=link)
    return core.splice_interpolate(old, new, span=span, link=link)


def _rebase(res: ProvinceResult, bound: Bound, gdp_const: pd.Series) -> None:
    """The GDP table of the Rebase sheet: the old-base series linked by both methods."""
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
        res.findings.append(
            finding(
                "compile-rebase-skipped",
                sheet=blk.sheet,
                cell=blk.body_ref,
                **reason("rebase_new_series_empty"),
            )
        )
        return
    years = [int(y) for y in frame["year"]]
    _, link_year, old_base_year = _rebase_settings(bound)
    try:
        ratio = _splice(old, new, years, "ratio", link_year, old_base_year)
        interp = _splice(old, new, years, "interpolation", link_year, old_base_year)
    except CalculationError as exc:
        res.findings.append(
            finding(
                "compile-rebase-skipped",
                sheet=blk.sheet,
                cell=blk.body_ref,
                **calculation_words("reason", exc),
            )
        )
        return
    out = pd.DataFrame(index=frame.index)
    out["ratio"] = ratio.series
    out["interp"] = interp.series
    res.rebase = out
    link = years[ratio.link_position - 1]
    b = interp.old_base_position
    base = years[0] + (b - 1) if b is not None else "-"
    res.scalars["overlap"] = (
        f"link {link}, ratio new/old {ratio.link_ratio:.6g}; interpolation from the old base "
        f"{base} (ratio {interp.old_base_ratio:.6g}) to the link"
    )


def _rebase_line_reason(row: str, basis: str, exc: CalculationError) -> dict[str, str]:
    """The reason (English, Lao) a line of the back-cast was not linked: the line, the
    prices (``basis`` "cur" or "con") and the calculation error."""
    prices = "prices_current" if basis == "cur" else "prices_constant"
    error = calculation_words("error", exc)
    return reason(
        "rebase_line_failed",
        row=row,
        prices=word(prices),
        prices_lo=word(prices, "lo"),
        error=error["error"],
        error_lo=error["error_lo"],
    )


def _backcast(
    res: ProvinceResult,
    bound: Bound,
    frames: dict[str, pd.DataFrame],
    taxes: dict[str, tuple[np.ndarray, np.ndarray]],
    years: list[int],
    df_ind: pd.DataFrame,
) -> None:
    """Back-cast by industry, taxes and subsidies, at current and at constant prices, each
    linked on its own (``splice_ratio`` / ``splice_interpolate``, method, link year and old
    base year from the Rebase sheet); sectors, GVA, taxes less subsidies and GDP are the sums of
    their back-cast parts; deflators = back-cast current / constant x 100."""
    old_c, old_k = bound.block("old_current"), bound.block("old_constant")
    filled = [b for b in (old_c, old_k) if b is not None and _has_number(b)]
    if not filled:
        return
    span = sorted(set(years).union(*[set(b.years) for b in filled]))
    span = list(range(span[0], span[-1] + 1))
    method, link_year, old_base_year = _rebase_settings(bound)
    codes = list(frames["gva_c"].index)
    rows = [*codes, "TAX", "SUB"]
    pos = {y: i for i, y in enumerate(span)}
    idx = [pos[y] for y in years]
    gva = {b: frames[k].to_numpy(dtype=float) for b, k in (("cur", "gva_c"), ("con", "gva_k"))}
    gpos = {b: _positions(frames[k].index) for b, k in (("cur", "gva_c"), ("con", "gva_k"))}

    def new_series(basis: str, row: str) -> np.ndarray:
        out = np.full(len(span), np.nan)
        if row == "TAX":
            out[idx] = taxes[basis][0]
        elif row == "SUB":
            out[idx] = taxes[basis][1]
        else:
            out[idx] = gva[basis][gpos[basis][row]]
        return out

    # rows x span arrays and link columns by row (frames and dicts as before at the end)
    back = {b: np.full((len(rows), len(span)), np.nan) for b in ("cur", "con")}
    links: dict[str, dict[Any, Any]] = {
        c: {} for c in ("link_year", "ratio_current", "ratio_constant", "method")
    }
    for r, row in enumerate(rows):
        for basis, blk, col in (("cur", old_c, "ratio_current"), ("con", old_k, "ratio_constant")):
            new = new_series(basis, row)
            old = year_row(blk, row, span)
            if np.isnan(old).all() or np.isnan(new).all() or np.nanmax(np.abs(old)) == 0:
                back[basis][r] = np.where(np.isnan(new), old, new)
                continue
            try:
                spliced = _splice(old, new, span, method, link_year, old_base_year)
            except CalculationError as exc:
                res.findings.append(
                    finding(
                        "compile-rebase-skipped",
                        sheet=blk.sheet,
                        cell=blk.row_ref(row) if row in blk.rows else None,
                        **_rebase_line_reason(row, basis, exc),
                    )
                )
                back[basis][r] = new
                continue
            back[basis][r] = spliced.series
            links["link_year"][row] = span[spliced.link_position - 1]
            links[col][row] = spliced.link_ratio
            links["method"][row] = method
    tables = {}
    for basis, key in (("cur", "back_current"), ("con", "back_constant")):
        parts = _aggregate_rows(back[basis][: len(codes)], codes, df_ind)
        t, sub = back[basis][len(codes)], np.nan_to_num(back[basis][len(codes) + 1])
        tables[key] = _with_gdp(parts, span, t, sub)
    res.tables.update(tables)
    cur, con = tables["back_current"], tables["back_constant"]
    res.tables["back_deflator"] = _safe(
        res,
        "Back-cast deflators",
        lambda: pd.DataFrame(_divide_rows(cur, con), index=cur.index, columns=span),
        word("step_back_deflators", "lo"),
    )
    res.tables["back_growth"] = _safe(
        res, "Back-cast growth", lambda: _growth_by_row(con), word("step_back_growth", "lo")
    )
    # as the object frame's .dropna().to_dict() gave them: empties dropped, numbers unboxed
    res.columns["links"] = {
        c: {k: _native(v) for k, v in values.items() if not pd.isna(v)}
        for c, values in links.items()
    }


def _has_number(block: Block) -> bool:
    """True when a year column of ``block`` holds a finite number."""
    table = _block_positions(block)
    if table is not None and all(y in table[2] for y in block.years):
        array, _rows, columns = table  # the numbers year_values() gives, by position
        return bool(np.isfinite(array[:, [columns[y] for y in block.years]]).any())
    return bool(np.isfinite(block.year_values().to_numpy(dtype=float)).any())


def _native(value: Any) -> Any:
    """A numpy scalar as the Python number ``Series.to_dict`` gives (other values as they are)."""
    return value.item() if isinstance(value, np.generic) else value


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
    if cur.index.is_unique and cur.columns.is_unique:
        gdp = dict(zip(cur.columns, cur.to_numpy()[cur.index.get_loc("GDP")], strict=True))
        valid = [y for y in years if not np.isnan(gdp[y])]  # cur.at["GDP", y], by position
    else:
        valid = [y for y in years if not np.isnan(cur.at["GDP", y])]
    if not valid:
        return {}
    latest = valid[-1]
    growth = res.tables.get("growth")
    chain_g = res.tables.get("chain_growth")
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
        "gdp_growth_chain_pct": (_num(chain_g.at["GDP", latest]) if chain_g is not None else None),
        "structure_pct": {
            code: _num(structure.at[code, latest]) if structure is not None else None
            for code in ("AGR", "IND", "SER", "TAX")
        },
        "gdp_per_capita_kip": _num(pc.at["GDPPC_KIP", latest]) if pc is not None else None,
        "gdp_per_capita_usd": _num(pc.at["GDPPC_USD", latest]) if pc is not None else None,
    }
