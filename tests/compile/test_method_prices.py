"""The province method of template 1.1 by hand (issue 8): double deflation, Direct entries at
current and constant prices, taxes less subsidies, chain-linked volumes, real GDP per capita.

Every expected value is derived by hand in a comment from the round numbers of
``province_hand.tiny_fill`` (21 industries, output 1000, IC 400, GVA 600 in 2012; taxes 1260);
none comes from xladdin.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from province_hand import CODES, YEARS, compile_fill, flat, tiny_fill


def _issue_case(ic_price_2013: float | None, method: str | None = None):
    """Industry 01: output volume +5 %, output price +20 %, IC price as given (issue 8)."""
    fill = tiny_fill()
    vol, pri = flat(), flat()
    vol.loc["01"] = [100.0, 105.0, 105.0]
    pri.loc["01"] = [100.0, 120.0, 120.0]
    fill.blocks["volume"], fill.blocks["prices"] = vol, pri
    if ic_price_2013 is not None:
        icp = pd.DataFrame(np.nan, index=CODES, columns=list(YEARS))
        icp.loc["01"] = [100.0, ic_price_2013, ic_price_2013]
        fill.blocks["ic_prices"] = icp
    if method is not None:
        bench = fill.blocks["benchmark"].copy().astype(object)
        bench["method"] = None
        bench.at["01", "method"] = method
        fill.blocks["benchmark"] = bench
    return compile_fill(fill)


def test_double_deflation_issue_example_630_not_756():
    # output 1000 x 1.05 = 1050 at 2012 prices, x 1.20 = 1260 at current prices;
    # IC 400 x 1.05 = 420 at 2012 prices, x 1.50 = 630 at current prices;
    # GVA current = 1260 - 630 = 630 (single indicator: 600 x 1.05 x 1.20 = 756);
    # GVA constant = 1050 - 420 = 630; implicit deflator 630 / 630 = 100.
    _, res = _issue_case(150.0)
    t = res.tables
    assert t["gva_current"].at["01", 2013] == pytest.approx(630.0)
    assert t["gva_constant"].at["01", 2013] == pytest.approx(630.0)
    assert t["output_current"].at["01", 2013] == pytest.approx(1260.0)
    assert t["ic_current"].at["01", 2013] == pytest.approx(630.0)
    assert t["output_constant"].at["01", 2013] == pytest.approx(1050.0)
    assert t["ic_constant"].at["01", 2013] == pytest.approx(420.0)
    assert t["deflator"].at["01", 2013] == pytest.approx(100.0)
    assert res.columns["methods"]["method"]["01"] == "double"
    assert res.columns["methods"]["method"]["02"] == "single"
    (info,) = [f for f in res.findings if f.code == "compile-deflation-methods"]
    assert info.message_en.startswith("Double deflation") and ": 01;" in info.message_en


def test_single_indicator_chosen_in_the_workbook_keeps_756():
    # the same IC price index, but the Benchmark method cell says "single": 600 x 1.05 x 1.2
    _, res = _issue_case(150.0, method="single")
    assert res.tables["gva_current"].at["01", 2013] == pytest.approx(756.0)
    assert res.columns["methods"]["method"]["01"] == "single"


def test_double_deflated_gva_that_turns_negative_gets_a_finding():
    # IC price x4: IC current = 420 x 4 = 1680 > output 1260: GVA current = -420
    _, res = _issue_case(400.0)
    assert res.tables["gva_current"].at["01", 2013] == pytest.approx(-420.0)
    hits = [f for f in res.findings if f.code == "compile-double-deflation-not-positive"]
    assert len(hits) == 1 and "2013-2014" in hits[0].message_en


@settings(max_examples=8, deadline=None)
@given(
    st.floats(50.0, 200.0),
    st.floats(50.0, 200.0),
    st.floats(50.0, 200.0),
    st.floats(50.0, 200.0),
)
def test_double_deflated_gva_at_base_year_prices_equals_current_in_the_base_year(v, p, q, b):
    # property: whatever the indices (base value b of the IC index included), in the base
    # year current = constant = output - IC = 600, and constant = 600 x V_t / V_b
    fill = tiny_fill()
    vol, pri = flat(), flat()
    vol.loc["01"] = [100.0, v, v]
    pri.loc["01"] = [100.0, p, p]
    icp = pd.DataFrame(np.nan, index=CODES, columns=list(YEARS))
    icp.loc["01"] = [b, q, q]
    fill.blocks.update(volume=vol, prices=pri, ic_prices=icp)
    _, res = compile_fill(fill)
    cur, con = res.tables["gva_current"], res.tables["gva_constant"]
    assert cur.at["01", 2012] == pytest.approx(600.0)
    assert con.at["01", 2012] == pytest.approx(600.0)
    assert con.at["01", 2013] == pytest.approx(600.0 * v / 100.0)
    assert cur.at["01", 2013] == pytest.approx(1000.0 * v / 100 * p / 100 - 400.0 * v / 100 * q / b)


def test_direct_current_entry_is_deflated_deflator_120_not_143():
    # issue 8: computed current GVA 756 (single), typed 900. Volume follows: 900 / 1.20 = 750;
    # deflator 900 / 750 x 100 = 120 = the price index (not 900 / 630 x 100 = 142.9)
    fill = tiny_fill()
    vol, pri = flat(), flat()
    vol.loc["01"] = [100.0, 105.0, 105.0]
    pri.loc["01"] = [100.0, 120.0, 120.0]
    direct = pd.DataFrame(np.nan, index=CODES, columns=list(YEARS))
    direct.at["01", 2013] = 900.0
    fill.blocks.update(volume=vol, prices=pri, direct=direct)
    _, res = compile_fill(fill)
    assert res.tables["gva_current"].at["01", 2013] == 900.0
    assert res.tables["gva_constant"].at["01", 2013] == pytest.approx(750.0)
    assert res.tables["deflator"].at["01", 2013] == pytest.approx(120.0)
    assert res.columns["methods"]["direct"]["01"] == "current 2013"


def test_direct_constant_entry_is_reflated():
    # constant 700 typed for 2014, price index 120: current = 700 x 1.2 = 840, deflator 120
    fill = tiny_fill()
    pri = flat()
    pri.loc["01"] = [100.0, 120.0, 120.0]
    k = pd.DataFrame(np.nan, index=CODES, columns=list(YEARS))
    k.at["01", 2014] = 700.0
    fill.blocks.update(prices=pri, direct_constant=k)
    _, res = compile_fill(fill)
    assert res.tables["gva_constant"].at["01", 2014] == 700.0
    assert res.tables["gva_current"].at["01", 2014] == pytest.approx(840.0)
    assert res.tables["deflator"].at["01", 2014] == pytest.approx(120.0)


def test_vat_rise_is_not_volume_growth_5_0_not_6_9():
    # issue 8: every industry +5 % volume, prices flat: GVA 12600 -> 13230.
    # Taxes 1260 -> 1260 x 1.05 x 1.20 = 1587.6 (a 20 % VAT rise), no taxes volume index.
    # Constant taxes = 1260 x GVA volume 1.05 = 1323; GDP 13860 -> 13230 + 1323 = 14553:
    # growth 14553 / 13860 - 1 = 5.0 %. (Deflating 1587.6 by the GVA deflator 100 gave
    # 13230 + 1587.6 = 14817.6: 6.909 %.)
    fill = tiny_fill()
    vol = flat()
    vol[2013] = 105.0
    vol[2014] = 105.0
    yrs = fill.blocks["years"].copy()
    yrs.at[2013, "taxes_current"] = 1587.6
    yrs.at[2014, "taxes_current"] = 1587.6
    yrs["taxes_volume"] = np.nan
    fill.blocks.update(volume=vol, years=yrs)
    _, res = compile_fill(fill)
    assert res.tables["gva_constant"].at["TAX", 2013] == pytest.approx(1323.0)
    assert res.tables["growth"].at["GDP", 2013] == pytest.approx(5.0)
    assert res.tables["deflator"].at["TAX", 2013] == pytest.approx(1587.6 / 1323.0 * 100)


def test_taxes_volume_index_at_or_below_zero_is_treated_as_missing():
    # taxes volume index 0 in 2013: that year follows the GVA volume (flat: 1260)
    fill = tiny_fill()
    yrs = fill.blocks["years"].copy()
    yrs.at[2013, "taxes_volume"] = 0.0
    yrs.at[2014, "taxes_volume"] = 110.0
    fill.blocks["years"] = yrs
    _, res = compile_fill(fill)
    assert res.tables["gva_constant"].at["TAX", 2013] == pytest.approx(1260.0)
    assert res.tables["gva_constant"].at["TAX", 2014] == pytest.approx(1260.0 * 1.10)


def _chain_case():
    # 01: volume 100, 110, 121, price flat: 600, 660, 726 at both prices.
    # 02: volume flat, price 100, 150, 225: constant 600; current 600, 900, 1350.
    # 19 other industries 600 flat (AGR = 01; IND = 02 + 4 x 600; SER = 15 x 600 = 9000);
    # taxes 1260 flat (volume index flat). Current GDP: 2012 600+600+11400+1260 = 13860;
    # 2013 660+900+11400+1260 = 14220; 2014 726+1350+11400+1260 = 14736.
    fill = tiny_fill()
    vol, pri = flat(), flat()
    vol.loc["01"] = [100.0, 110.0, 121.0]
    pri.loc["02"] = [100.0, 150.0, 225.0]
    fill.blocks.update(volume=vol, prices=pri)
    return compile_fill(fill)[1]


def test_chain_linked_gdp_growth_contributions_and_non_additivity():
    res = _chain_case()
    chain, g, c = (res.tables[k] for k in ("chain", "chain_growth", "chain_contributions"))
    # GDP at previous-year prices: 2013 = 660 + 600 + 11400 + 1260 = 13920 -> CL 13920;
    # 2014 = 726 + 900 + 11400 + 1260 = 14286 -> CL = 13920 x 14286 / 14220 = 13984.6076
    assert chain.at["GDP", 2012] == pytest.approx(13860.0)  # = current prices (reference)
    assert chain.at["GDP", 2013] == pytest.approx(13920.0)
    assert chain.at["GDP", 2014] == pytest.approx(13920.0 * 14286.0 / 14220.0)
    assert g.at["GDP", 2014] == pytest.approx((14286.0 / 14220.0 - 1) * 100)  # 0.4641 %
    # fixed 2012 prices: 726 + 600 + 11400 + 1260 = 13986 vs 13920: 0.4741 %
    assert res.tables["growth"].at["GDP", 2014] == pytest.approx((13986.0 / 13920.0 - 1) * 100)
    # contributions at previous-year prices: 01 (726 - 660) / 14220 x 100; 02 (900 - 900) = 0
    assert c.at["01", 2014] == pytest.approx(66.0 / 14220.0 * 100)
    assert c.at["02", 2014] == pytest.approx(0.0)
    # non-additivity: CL AGR 726 + CL IND 3000 (PYP 900 + 2400 = current 2013 3300: link 1)
    # + CL SER 9000 + CL TAX 1260 = 13986; NONADD = 13984.6076 - 13986 = -1.3924
    assert chain.at["IND", 2014] == pytest.approx(3000.0)
    assert chain.at["NONADD", 2014] == pytest.approx(13920.0 * 14286.0 / 14220.0 - 13986.0)
    assert chain.at["NONADD", 2013] == pytest.approx(0.0, abs=1e-9)  # additive next to ref.


def test_chain_contributions_add_up_to_chain_growth():
    res = _chain_case()
    c, g = res.tables["chain_contributions"], res.tables["chain_growth"]
    for year in (2013, 2014):
        assert c.loc[["AGR", "IND", "SER", "TAX"], year].sum() == pytest.approx(g.at["GDP", year])
        assert c.loc[[*CODES, "TAX"], year].sum() == pytest.approx(g.at["GDP", year])


def test_real_gdp_per_capita_in_kip():
    # 2014: constant GDP 13986 billion kip / 1,000,000 people = 13,986,000 kip;
    # chain-linked 13984.6076e9 / 1e6
    rpc = _chain_case().tables["real_per_capita"]
    assert rpc.at["GDPPC_CON", 2014] == pytest.approx(13986.0e9 / 1e6)
    assert rpc.at["GDPPC_CHAIN", 2014] == pytest.approx(13920.0 * 14286 / 14220 * 1e9 / 1e6)
    assert rpc.at["GDPPC_CON_G", 2014] == pytest.approx((13986.0 / 13920.0 - 1) * 100)


def test_double_chosen_without_an_ic_price_index_leaves_current_prices_empty():
    # method "double" typed for 01 but no IC price index: each year is reported, current
    # prices of 01 stay empty (never silently single), constant prices are still computed
    _, res = _issue_case(None, method="double")
    assert np.isnan(res.tables["gva_current"].at["01", 2013])
    assert res.tables["gva_constant"].at["01", 2013] == pytest.approx(630.0)
    missing = [f for f in res.findings if f.code == "compile-missing-input"]
    assert missing and all("Intermediate consumption price index" in f.message_en for f in missing)
