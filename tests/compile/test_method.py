"""The province-gdp method by hand on the illustrative demo numbers (xladdin/data/sample, NOT
official figures): volume extrapolation of the base-year benchmark, reflation with the price
index, Direct entries, taxes on products at constant prices, and every derived table on the
price basis it belongs to. Expected values are written from the input cells, not from xladdin.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from xladdin.compile import compile_view
from xladdin.templates.builder import build_workbook
from xladdin.templates.sample import province_fill
from xladdin.workbook.xlsx_reader import open_xlsx

# Demo inputs (xladdin/data/sample/*.csv): industry 01, base year 2012
OUT_01, IC_01 = 3483.3, 975.3
VOL_01 = {2012: 100.0, 2013: 101.13, 2014: 102.88}
PRI_01 = {2012: 100.0, 2013: 106.69, 2014: 110.59}
TAX_CUR = {2012: 418.0, 2013: 466.1, 2014: 517.0}
TAX_VOL = {2012: 100.0, 2013: 104.8, 2014: 111.67}
POP_2014, XR_2014 = 686450.0, 8049.0


def _compile(edit=None):
    fill, years = province_fill()
    if edit is not None:
        edit(fill, years)
    buf = io.BytesIO()
    build_workbook("province-gdp", years=years, fill=fill).save(buf)
    result = compile_view(open_xlsx(buf.getvalue()), validate=False)
    return result, result.bound


def _tables(result):
    from xladdin.compile.province import compute_province

    return compute_province(result.bound)


def _no_subsidies(fill, years):
    yrs = fill.blocks["years"].copy()
    yrs["subsidies_current"] = np.nan  # blank = 0; subsidies are tested on their own below
    fill.blocks["years"] = yrs


@pytest.fixture(scope="module")
def demo():
    result, _ = _compile(_no_subsidies)
    return _tables(result)


def test_constant_prices_extrapolate_the_benchmark_with_the_volume_index(demo):
    const = demo.tables["gva_constant"]
    gva_2012 = OUT_01 - IC_01  # 2508.0
    assert const.at["01", 2012] == pytest.approx(gva_2012)
    assert const.at["01", 2014] == pytest.approx(gva_2012 * 102.88 / 100.0)  # 2580.2304


def test_current_prices_reflate_constant_with_the_price_index(demo):
    cur = demo.tables["gva_current"]
    gva_2012 = OUT_01 - IC_01
    assert cur.at["01", 2012] == pytest.approx(gva_2012)  # = constant in the base year
    assert cur.at["01", 2014] == pytest.approx(gva_2012 * 102.88 / 100 * 110.59 / 100)


def test_taxes_at_constant_prices_extrapolate_base_year_taxes_with_their_volume(demo):
    const, cur = demo.tables["gva_constant"], demo.tables["gva_current"]
    assert const.at["TAX", 2014] == pytest.approx(418.0 * 111.67 / 100.0)
    assert cur.at["TAX", 2014] == pytest.approx(517.0)
    assert const.at["GDP", 2014] == pytest.approx(const.at["GVA", 2014] + 418.0 * 1.1167)


def test_derived_tables_use_the_right_price_basis(demo):
    cur, const = demo.tables["gva_current"], demo.tables["gva_constant"]
    # growth from constant prices
    g = demo.tables["growth"]
    want_g = (102.88 / 101.13 - 1) * 100
    assert g.at["01", 2014] == pytest.approx(want_g)
    assert g.at["TAX", 2014] == pytest.approx((111.67 / 104.8 - 1) * 100)
    # structure from current prices
    s = demo.tables["structure"]
    assert s.at["TAX", 2014] == pytest.approx(517.0 / cur.at["GDP", 2014] * 100)
    # implicit deflator = current / constant x 100 = the price index for one industry
    assert demo.tables["deflator"].at["01", 2014] == pytest.approx(110.59)
    assert demo.tables["deflator"].at["TAX", 2014] == pytest.approx(517.0 / (4.18 * 111.67) * 100)
    # contributions from constant prices, in points of last year's constant-price GDP
    c = demo.tables["contributions"]
    want_c = (2508.0 * 1.0288 - 2508.0 * 1.0113) / const.at["GDP", 2013] * 100
    assert c.at["01", 2014] == pytest.approx(want_c)
    # per capita: current-price GDP, billion kip -> kip (units.csv: 1e9), USD at the year's rate
    pc = demo.tables["per_capita"]
    kip = cur.at["GDP", 2014] * 1e9 / POP_2014
    assert pc.at["GDPPC_KIP", 2014] == pytest.approx(kip)
    assert pc.at["GDPPC_USD", 2014] == pytest.approx(kip / XR_2014)


def _direct(values: dict[tuple[str, int], float]):
    def edit(fill, years):
        frame = pd.DataFrame(np.nan, index=fill.blocks["volume"].index, columns=list(years))
        for (code, year), v in values.items():
            frame.at[code, year] = v
        fill.blocks["direct"] = frame

    return edit


def test_direct_entry_replaces_current_price_gva_and_the_volume_follows():
    result, bound = _compile(_direct({("01", 2014): 3000.0}))
    res = _tables(result)
    assert res.tables["gva_current"].at["01", 2014] == 3000.0
    assert res.tables["gva_current"].at["01", 2013] == pytest.approx(2508.0 * 1.0113 * 1.0669)
    # issue 8: the typed current value is deflated with the industry's price index (110.59),
    # so constant = 3000 / 1.1059 = 2712.72 and the implicit deflator IS the price index.
    # (Before, constant stayed 2508 x 1.0288 and the deflator became 116.27.)
    assert res.tables["gva_constant"].at["01", 2014] == pytest.approx(3000.0 / 1.1059)
    assert res.tables["deflator"].at["01", 2014] == pytest.approx(110.59)
    hits = [f for f in result.report if f.code == "compile-direct-entries-used"]
    assert len(hits) == 1 and hits[0].sheet == "Direct"
    assert hits[0].cell == bound.block("direct").cell("01", 2014)  # points at the value used


def test_direct_entry_is_used_even_without_a_benchmark():
    def edit(fill, years):
        bench = fill.blocks["benchmark"].copy()
        bench.loc["02", ["output", "ic"]] = np.nan
        fill.blocks["benchmark"] = bench
        _direct({("02", 2013): 310.0, ("02", 2014): 320.0})(fill, years)

    result, _ = _compile(edit)
    res = _tables(result)
    assert res.tables["gva_current"].at["02", 2013] == 310.0
    assert res.tables["gva_current"].at["02", 2014] == 320.0
    # issue 8: the volume follows from the typed value and the price index of 02 (sample:
    # 106.51 in 2013, 111.44 in 2014, base 2012 = 100); before, it stayed empty
    assert res.tables["gva_constant"].at["02", 2013] == pytest.approx(310.0 / 1.0651)
    assert res.tables["gva_constant"].at["02", 2014] == pytest.approx(320.0 / 1.1144)
    assert np.isnan(res.tables["gva_constant"].at["02", 2015])  # no benchmark, no entry
    assert "compile-direct-entries-used" in {f.code for f in result.report}


def test_taxes_without_volume_index_follow_the_gva_volume_and_are_reported():
    def edit(fill, years):
        _no_subsidies(fill, years)
        yrs = fill.blocks["years"].copy()
        yrs["taxes_volume"] = np.nan
        fill.blocks["years"] = yrs

    result, _ = _compile(edit)
    res = _tables(result)
    cur, const = res.tables["gva_current"], res.tables["gva_constant"]
    # issue 8: base-year taxes (418.0) x volume of GVA, never current taxes / GVA deflator
    gva_volume_2014 = const.at["GVA", 2014] / const.at["GVA", 2012]
    assert const.at["TAX", 2014] == pytest.approx(418.0 * gva_volume_2014)
    assert const.at["TAX", 2012] == pytest.approx(418.0)
    assert cur.at["TAX", 2014] == pytest.approx(517.0)
    assert "compile-taxes-extrapolated" in {f.code for f in res.findings}


def test_subsidies_are_deducted_at_both_prices():
    # sample subsidies: 30.4 (2012), 37.6 (2014); no subsidies volume index, so constant-price
    # subsidies = 30.4 x GVA volume; TAX = taxes less subsidies; GDP = GVA + taxes - subsidies
    result, _ = _compile()
    res = _tables(result)
    cur, const, tax = (res.tables[k] for k in ("gva_current", "gva_constant", "taxes"))
    assert tax.at["SUB_CUR", 2014] == pytest.approx(37.6)
    assert cur.at["TAX", 2014] == pytest.approx(517.0 - 37.6)
    vol = const.at["GVA", 2014] / const.at["GVA", 2012]
    assert tax.at["SUB_CON", 2014] == pytest.approx(30.4 * vol)
    assert const.at["TAX", 2014] == pytest.approx(418.0 * 1.1167 - 30.4 * vol)
    assert const.at["GDP", 2014] == pytest.approx(const.at["GVA", 2014] + const.at["TAX", 2014])
    assert cur.at["GDP", 2012] == pytest.approx(cur.at["GVA", 2012] + 418.0 - 30.4)


def test_a_zero_year_leaves_only_the_undefined_growth_and_deflator_empty():
    # forestry (02) stops for a year: volume index 0 in 2014 (e.g. a logging ban)
    def edit(fill, years):
        vol = fill.blocks["volume"].copy()
        vol.at["02", 2014] = 0.0
        fill.blocks["volume"] = vol

    result, _ = _compile(edit)
    res = _tables(result)
    g, d = res.tables["growth"], res.tables["deflator"]
    assert g.at["02", 2013] == pytest.approx((105.93 / 100 - 1) * 100)
    assert g.at["02", 2014] == pytest.approx(-100.0)  # to zero: -100 %
    assert np.isnan(g.at["02", 2015])  # from zero: undefined, empty
    assert g.at["02", 2016] == pytest.approx((120.29 / 117.02 - 1) * 100)
    assert np.isnan(d.at["02", 2014])  # 0 / 0: undefined, empty
    assert d.at["02", 2015] == pytest.approx(113.26)  # the price index, as in any other year


def test_formula_twin_reads_the_unit_as_compile_does(tmp_path):
    # "Billion Kip" (other case) is billion kip for compile; the twin must use 1e9 too, not 1
    from openpyxl import load_workbook

    from xladdin.compile import compile_file
    from xladdin.compile.formula_twin import write_formula_twin
    from xladdin.templates.builder import build

    fill, years = province_fill()
    fill.scalars["unit"] = "Billion Kip"
    src = build("province-gdp", tmp_path / "p.xlsx", years=years, fill=fill)
    compile_file(src, backup=False)
    twin = write_formula_twin(src, tmp_path / "twin.xlsx")
    blk = _compile(lambda f, y: f.scalars.update(unit="Billion Kip"))[1].block("per_capita")
    formula = load_workbook(twin)[blk.sheet][blk.cell("GDPPC_KIP", 2014)].value
    assert "*1000000000/" in formula


def test_structure_reproduces_salavan_2022_published_shares():
    # Salavan 2022 as published (/work/shared/reference/published_lao_figures.csv: Royal Thai
    # Consulate-General Savannakhet, 11 Apr 2023): agriculture 2872, industry 1373, services
    # 1609 = GDP 5854 billion kip (no separate taxes line: taxes 0); published shares
    # 49.07 / 23.45 / 27.48 %, computed by the province from unrounded values (hence 0.02 pp).
    from xladdin.templates.data import industries

    sectors = {"AGR": 2872.0, "IND": 1373.0, "SER": 1609.0}

    def edit(fill, years):
        df = industries()
        ind = df[df.level == "industry"]
        values = {}
        for s, v in sectors.items():
            codes = list(ind[ind.sector == s]["code"])
            values.update({(c, 2022): 0.0 for c in codes})
            values[(codes[0], 2022)] = v  # the sector's value in its first industry
        _direct(values)(fill, years)
        yrs = fill.blocks["years"].copy()
        yrs.at[2022, "taxes_current"] = 0.0
        yrs.at[2022, "subsidies_current"] = 0.0
        fill.blocks["years"] = yrs

    result, _ = _compile(edit)
    res = _tables(result)
    assert res.tables["gva_current"].at["GDP", 2022] == pytest.approx(5854.0)
    s = res.tables["structure"]
    got = [s.at[c, 2022] for c in ("AGR", "IND", "SER")]
    assert got == pytest.approx([49.07, 23.45, 27.48], abs=0.02)
