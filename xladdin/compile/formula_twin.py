"""A formula twin of a compiled province-gdp workbook: the same method written as native Excel
formulas in the output cells (what a compiler would type by hand without xladdin).

Used as an independent check -- a spreadsheet engine (LibreOffice) recalculating the twin must
give the numbers compile wrote -- and as the "what users would do instead" side of
``bench/bench_compile.py``. Rebase and per-capita USD rows are included; Direct entries are not
(the twin is for workbooks without them).
"""

from __future__ import annotations

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


def write_formula_twin(src: str | Path, dst: str | Path) -> Path:
    """Write ``dst``: a copy of ``src`` whose province-gdp outputs are native formulas."""
    bound: Bound | None = bind(open_xlsx(src))
    if bound is None or bound.info.id != "province-gdp":
        raise ValueError("not a province-gdp workbook")
    wb = load_workbook(src)
    vol, pri, ben, yrs = (bound.block(k) for k in ("volume", "prices", "benchmark", "years"))
    base = bound.scalar("base_year").value
    years = vol.years
    df = industries()
    sectors = {
        s: list(df[(df.level == "industry") & (df.sector == s)]["code"])
        for s in df[df.level == "sector"]["code"]
    }

    def put(key: str, code: str, year: int, formula: str) -> None:
        blk = bound.block(key)
        if blk is not None and blk.has(code, year):
            wb[blk.sheet][blk.cell(code, year)] = formula

    cur_b, con_b = bound.block("gva_current"), bound.block("gva_constant")
    for t in years:
        for code in (c for codes in sectors.values() for c in codes):
            gva = f"({_ref(ben, code, 'output')}-{_ref(ben, code, 'ic')})"
            const = f"{gva}*{_ref(vol, code, t)}/{_ref(vol, code, base, abs_col=True)}"
            put("gva_constant", code, t, f"={const}")
            put(
                "gva_current",
                code,
                t,
                f"={_ref(con_b, code, t)}*{_ref(pri, code, t)}/{_ref(pri, code, base, abs_col=True)}",
            )
        for blk_key, blk in (("gva_current", cur_b), ("gva_constant", con_b)):
            for s, codes in sectors.items():
                put(blk_key, s, t, "=" + "+".join(_ref(blk, c, t) for c in codes))
            put(blk_key, "GVA", t, "=" + "+".join(_ref(blk, s, t) for s in sectors))
            put(blk_key, "GDP", t, f"={_ref(blk, 'GVA', t)}+{_ref(blk, 'TAX', t)}")
        put("gva_current", "TAX", t, f"={_ref(yrs, t, 'taxes_current')}")
        put(
            "gva_constant",
            "TAX",
            t,
            f"={_ref(yrs, base, 'taxes_current')}*{_ref(yrs, t, 'taxes_volume')}"
            f"/{_ref(yrs, base, 'taxes_volume')}",
        )
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
    dst = Path(dst)
    wb.save(dst)
    return dst
