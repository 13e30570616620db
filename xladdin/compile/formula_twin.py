"""A formula twin of a compiled province-gdp workbook: the same method written as native Excel
formulas in the output cells (what a compiler would type by hand without xladdin).

Used as an independent check -- a spreadsheet engine (LibreOffice) recalculating the twin must
give the numbers compile wrote -- and as the "what users would do instead" side of
``bench/bench_compile.py``.

Written as formulas: output and intermediate consumption at constant and current prices (single
indicator or double deflation, chosen as compile does), GVA, sectors, taxes less subsidies
(taxes volume index or GVA volume), GDP, growth, structure, deflators, contributions, per capita,
chain-linked volumes (previous-year prices, referenced to the base year) with their growth,
contributions and non-additivity, and real GDP per capita. NOT written as formulas (compile's
values stay): Direct entries (the twin is for workbooks without them) and the Rebase sheet
(back-casting needs a link year found per industry; see docs/templates.md).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook

from xladdin.templates.binding import Block, Bound, bind
from xladdin.templates.data import industries, unit_kip
from xladdin.workbook.model import col_letter, split_cell
from xladdin.workbook.xlsx_reader import open_xlsx

__all__ = ["write_formula_twin"]


def _ref(block: Block, row: object, col: object, *, abs_col: bool = False) -> str:
    c, r = split_cell(block.cell(row, col))
    sheet = block.sheet.replace("'", "''")
    return f"'{sheet}'!{'$' if abs_col else ''}{col_letter(c)}{r}"


def _double(bound: Bound, code: str, base: int) -> bool:
    """Compile's rule: double deflation where the IC price index has a positive base-year value
    and the Benchmark method cell does not say "single"."""
    icp, ben = bound.block("ic_prices"), bound.block("benchmark")
    if icp is None or code not in icp.values.index:
        return False
    chosen = ""
    if "method" in ben.raw.columns and code in ben.raw.index:
        chosen = str(ben.raw.at[code, "method"] or "").strip().casefold()
    q = icp.values.loc[code]
    return not chosen.startswith("s") and base in q.index and q[base] > 0


def write_formula_twin(src: str | Path, dst: str | Path) -> Path:
    """Write ``dst``: a copy of ``src`` whose province-gdp outputs are native formulas."""
    bound: Bound | None = bind(open_xlsx(src))
    if bound is None or bound.info.id != "province-gdp":
        raise ValueError("not a province-gdp workbook")
    wb = load_workbook(src)
    vol, pri, ben, yrs = (bound.block(k) for k in ("volume", "prices", "benchmark", "years"))
    icp = bound.block("ic_prices")
    base = bound.scalar("base_year").value
    years = vol.years
    df = industries()
    sectors = {
        s: list(df[(df.level == "industry") & (df.sector == s)]["code"])
        for s in df[df.level == "sector"]["code"]
    }
    inds = [c for codes in sectors.values() for c in codes]

    def put(key: str, code: str, year: int, formula: str) -> None:
        blk = bound.block(key)
        if blk is not None and blk.has(code, year):
            wb[blk.sheet][blk.cell(code, year)] = formula

    cur_b, con_b = bound.block("gva_current"), bound.block("gva_constant")
    prod = {
        k: bound.block(k)
        for k in ("output_current", "ic_current", "output_constant", "ic_constant")
    }
    has_prod = all(b is not None for b in prod.values())
    tax_b = bound.block("taxes")
    has_sub = "subsidies_current" in yrs.columns

    def vrel(code: str, t: int) -> str:
        return f"{_ref(vol, code, t)}/{_ref(vol, code, base, abs_col=True)}"

    def prel(code: str, t: int) -> str:
        if _double(bound, code, base):
            return f"{_ref(icp, code, t)}/{_ref(icp, code, base, abs_col=True)}"
        return f"{_ref(pri, code, t)}/{_ref(pri, code, base, abs_col=True)}"

    for t in years:
        for code in inds:
            out_k = f"{_ref(ben, code, 'output')}*{vrel(code, t)}"
            ic_k = f"{_ref(ben, code, 'ic')}*{vrel(code, t)}"
            p = f"{_ref(pri, code, t)}/{_ref(pri, code, base, abs_col=True)}"
            if has_prod:
                put("output_constant", code, t, f"={out_k}")
                put("ic_constant", code, t, f"={ic_k}")
                put("output_current", code, t, f"={_ref(prod['output_constant'], code, t)}*{p}")
                put("ic_current", code, t, f"={_ref(prod['ic_constant'], code, t)}*{prel(code, t)}")
                ok, ik = _ref(prod["output_constant"], code, t), _ref(prod["ic_constant"], code, t)
                oc, ic = _ref(prod["output_current"], code, t), _ref(prod["ic_current"], code, t)
                put("gva_constant", code, t, f"={ok}-{ik}")
                put("gva_current", code, t, f"={oc}-{ic}")
            else:
                put("gva_constant", code, t, f"={out_k}-{ic_k}")
                put("gva_current", code, t, f"=({out_k})*{p}-({ic_k})*{prel(code, t)}")
        for blk_key, blk in (("gva_current", cur_b), ("gva_constant", con_b)):
            for s, codes in sectors.items():
                put(blk_key, s, t, "=" + "+".join(_ref(blk, c, t) for c in codes))
            put(blk_key, "GVA", t, "=" + "+".join(_ref(blk, s, t) for s in sectors))
            put(blk_key, "GDP", t, f"={_ref(blk, 'GVA', t)}+{_ref(blk, 'TAX', t)}")
        # taxes and subsidies on products
        tb, tt = _ref(yrs, base, "taxes_current", abs_col=False), _ref(yrs, t, "taxes_current")
        tvb, tvt = _ref(yrs, base, "taxes_volume"), _ref(yrs, t, "taxes_volume")
        gvol = f"{_ref(con_b, 'GVA', t)}/{_ref(con_b, 'GVA', base, abs_col=True)}"
        tax_con = (
            f"IF(AND(ISNUMBER({tvt}),{tvt}>0,ISNUMBER({tvb}),{tvb}>0),{tb}*{tvt}/{tvb},{tb}*{gvol})"
        )
        if has_sub:
            sb, st = _ref(yrs, base, "subsidies_current"), _ref(yrs, t, "subsidies_current")
            defl = f"({_ref(cur_b, 'GVA', t)}/{_ref(con_b, 'GVA', t)})"
            sub_con = f"IF(N({sb})<>0,N({sb})*{gvol},IF(N({st})=0,0,{st}/{defl}))"
            sub_cur = f"N({st})"
        else:
            sub_con = sub_cur = "0"
        if tax_b is not None:
            put("taxes", "TAX_CUR", t, f"={tt}")
            put("taxes", "SUB_CUR", t, f"={sub_cur}")
            put("taxes", "NET_CUR", t, f"={_ref(tax_b, 'TAX_CUR', t)}-{_ref(tax_b, 'SUB_CUR', t)}")
            put("taxes", "TAX_CON", t, f"={tax_con}")
            put("taxes", "SUB_CON", t, f"={sub_con}")
            put("taxes", "NET_CON", t, f"={_ref(tax_b, 'TAX_CON', t)}-{_ref(tax_b, 'SUB_CON', t)}")
            put("gva_current", "TAX", t, f"={_ref(tax_b, 'NET_CUR', t)}")
            put("gva_constant", "TAX", t, f"={_ref(tax_b, 'NET_CON', t)}")
        else:
            put("gva_current", "TAX", t, f"={tt}-{sub_cur}")
            put("gva_constant", "TAX", t, f"={tax_con}-{sub_con}")
    codes = list(cur_b.rows)
    for i, t in enumerate(years):
        prev = years[i - 1] if i else None
        for code in codes:
            c, k = _ref(cur_b, code, t), _ref(con_b, code, t)
            put("deflator", code, t, f"={c}/{k}*100")
            put("structure", code, t, f"={c}/{_ref(cur_b, 'GDP', t)}*100")
            if prev is not None:
                kp = _ref(con_b, code, prev)
                put("growth", code, t, f"=({k}/{kp}-1)*100")
                put("contributions", code, t, f"=({k}-{kp})/{_ref(con_b, 'GDP', prev)}*100")
        pc = bound.block("per_capita")
        put("per_capita", "GDP", t, f"={_ref(cur_b, 'GDP', t)}")
        put("per_capita", "POP", t, f"={_ref(yrs, t, 'population')}")
        put("per_capita", "XR", t, f"={_ref(yrs, t, 'kip_per_usd')}")
        unit = bound.scalars.get("unit")
        kip = unit_kip(unit.value if unit else None) or 1.0  # same look-up as compile
        put("per_capita", "GDPPC_KIP", t, f"={_ref(pc, 'GDP', t)}*{kip:.0f}/{_ref(pc, 'POP', t)}")
        put("per_capita", "GDPPC_USD", t, f"={_ref(pc, 'GDPPC_KIP', t)}/{_ref(pc, 'XR', t)}")
    if tax_b is not None:
        _chain(bound, put, sectors, years, base, kip)
    from xladdin.workbook.atomic import atomic_write

    return atomic_write(Path(dst), wb.save, backup=False)


def _chain(
    bound: Bound,
    put: Callable[[str, str, int, str], None],
    sectors: dict[str, list[str]],
    years: list[int],
    base: int,
    kip: float,
) -> None:
    """Chain-linked volumes as formulas: PYP_t = CP_{t-1} x K_t / K_{t-1} by industry, taxes and
    subsidies; totals sum their parts' PYP; CL_base = CP_base, CL_t = CL_{t-1} x PYP_t / CP_{t-1}
    after the base year and CL_t = CL_{t+1} x CP_t / PYP_{t+1} before it."""
    cur, con, tax = (bound.block(k) for k in ("gva_current", "gva_constant", "taxes"))
    ch = bound.block("chain")
    if ch is None:
        return
    yrs = bound.block("years")

    def ratio_term(cp_blk: Block, k_blk: Block, row_cp: str, row_k: str, t: int, prev: int) -> str:
        return f"{_ref(cp_blk, row_cp, prev)}*{_ref(k_blk, row_k, t)}/{_ref(k_blk, row_k, prev)}"

    def pyp(row: str, t: int, prev: int) -> str:
        if row in sectors:
            return "+".join(pyp(c, t, prev) for c in sectors[row])
        if row == "GVA":
            return "+".join(f"({pyp(s, t, prev)})" for s in sectors)
        if row == "TAX":
            t_term = ratio_term(tax, tax, "TAX_CUR", "TAX_CON", t, prev)
            s_cp, s_k = _ref(tax, "SUB_CUR", prev), _ref(tax, "SUB_CON", prev)
            s_term = f"IF(N({s_k})=0,0,{s_cp}*{_ref(tax, 'SUB_CON', t)}/{s_k})"
            return f"{t_term}-{s_term}"
        if row == "GDP":
            return f"({pyp('GVA', t, prev)})+({pyp('TAX', t, prev)})"
        return ratio_term(cur, con, row, row, t, prev)

    rows = list(cur.rows)
    b = years.index(base)
    order = [base, *years[b + 1 :], *reversed(years[:b])]
    for t in order:
        i = years.index(t)
        for row in rows:
            if t == base:
                f = f"={_ref(cur, row, t)}"
            elif i > b:
                prev = years[i - 1]
                f = f"={_ref(ch, row, prev)}*({pyp(row, t, prev)})/{_ref(cur, row, prev)}"
            else:
                nxt = years[i + 1]
                f = f"={_ref(ch, row, nxt)}*{_ref(cur, row, t)}/({pyp(row, nxt, t)})"
            put("chain", row, t, f)
            if i > 0:
                prev = years[i - 1]
                put("chain_growth", row, t, f"=({_ref(ch, row, t)}/{_ref(ch, row, prev)}-1)*100")
                put(
                    "chain_contributions",
                    row,
                    t,
                    f"=(({pyp(row, t, prev)})-{_ref(cur, row, prev)})/{_ref(cur, 'GDP', prev)}*100",
                )
        parts = "+".join(_ref(ch, r, t) for r in [*sectors, "TAX"])
        put("chain", "NONADD", t, f"={_ref(ch, 'GDP', t)}-({parts})")
        pop = _ref(yrs, t, "population")
        rp = bound.block("real_per_capita")
        put("real_per_capita", "GDPPC_CON", t, f"={_ref(con, 'GDP', t)}*{kip:.0f}/{pop}")
        put("real_per_capita", "GDPPC_CHAIN", t, f"={_ref(ch, 'GDP', t)}*{kip:.0f}/{pop}")
        if i > 0 and rp is not None:
            prev = years[i - 1]
            for row in ("GDPPC_CON", "GDPPC_CHAIN"):
                put(
                    "real_per_capita",
                    f"{row}_G",
                    t,
                    f"=({_ref(rp, row, t)}/{_ref(rp, row, prev)}-1)*100",
                )
