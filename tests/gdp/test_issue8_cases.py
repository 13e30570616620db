"""Issue 8, re-run as a reviewer would: every concrete case of the issue, three ways.

Each case goes through the pure function (``xladdin.gdp``), the Excel function (through
xlwings' real conversion layer, as ``tests/udfs/excel_call.py`` does) and, where the function
exists there, ``xladdin calc``. Expected values are derived by hand in the comments, never
taken from the code under test. Edge cases a provincial compiler will hit come at the end.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

import udfs.functions as F
from tests.udfs.excel_call import call_like_excel, col, windows_like_engine
from xladdin import gdp
from xladdin.cli import main
from xladdin.gdp.errors import CalculationError

SAMPLE = Path(__file__).resolve().parents[2] / "xladdin" / "data" / "sample"


@pytest.fixture(scope="module", autouse=True)
def excel_engine():
    """xlwings' Windows data hooks without COM (tests/udfs/excel_call.py)."""
    with windows_like_engine() as engine:
        yield engine


def excel(func, *args):
    """Call like Excel; return a flat list of the cells handed back."""
    out = call_like_excel(func, *args)
    if not isinstance(out, list):
        return [out]
    return [c for r in out for c in (r if isinstance(r, list) else [r])]


def calc(capsys, *argv):
    code = main(["calc", *argv])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def pct(a, b):
    return (b / a - 1) * 100


def is_gdp_error(cells, *words):
    text = cells[0] if cells else None
    return isinstance(text, str) and text.startswith("#GDP!") and all(w in text for w in words)


# --------------------------------------------------------------------------------------------
# 1. Rebasing
# --------------------------------------------------------------------------------------------

OLD10 = [100.0, 110.0, 121.0, 133.1, 146.41]  # +10 % a year
# new base from period 3, 3 overlap periods, growing 15 %: 200, 230, 264.5
NEW15 = [None, None, 200.0, 230.0, 264.5]


def test_rebase_old_series_growing_10pct_with_3_year_overlap_has_no_jump_at_the_link(capsys):
    # Link period = first period with both values = 3; r = 200 / 121.
    # Before it: 100 r, 110 r -> growth 2->3 = 200 / (110 * 200/121) = 121/110 = 1.10 -> 10 %
    # (the old rate), 1->2 = 10 %; from it the new rates 15 %, 15 %.
    # (The mean overlap ratio (200/121 + 230/133.1 + 264.5/146.41)/3 = 1.7292 would give
    # 200 / (110 * 1.7292) - 1 = 5.1 % into the link: a jump.)
    expected_growth = [10.0, 10.0, 15.0, 15.0]
    r = gdp.splice_ratio(OLD10, NEW15)
    assert r.link_position == 3 and r.link_ratio == pytest.approx(200 / 121)
    assert np.diff(r.series) / r.series[:-1] * 100 == pytest.approx(expected_growth)
    cells = excel(F.GDP_REBASE, col(*OLD10), col(*NEW15))
    assert [pct(a, b) for a, b in pairwise(cells)] == pytest.approx(expected_growth)
    code, out, _ = calc(
        capsys, "rebase", *map(str, OLD10), "--new-series", "", "", "200", "230", "264.5"
    )
    got = [float(v) for v in out]
    assert code == 0 and [pct(a, b) for a, b in pairwise(got)] == pytest.approx(
        expected_growth, abs=1e-6
    )


def _demo_old_series() -> dict[int, float]:
    rows = (SAMPLE / "province_rebase.csv").read_text().splitlines()
    data = [r.split(",") for r in rows if r and r[0].isdigit()]
    return {int(y): float(v) for y, v in data}


def test_rebase_demo_2011_2012_growth_keeps_the_old_5_14_pct(capsys):
    # Demo old series (xladdin/data/sample/province_rebase.csv): 2011 6303.4, 2012 6627.1;
    # 6627.1 / 6303.4 = 1.05135 -> 5.14 %. The new (2012-base) series starts in 2012, the link
    # year, so growth into 2012 is the old rate whatever its level (the mean ratio over
    # 2012-2014 gave 7.81 % on the issue's sample). New values: the demo compile's GDP at
    # constant prices 2012-2014 (7725.4, 8069.3, 8441.0), inputs only.
    old = _demo_old_series()
    years = sorted(old)
    assert old[2011] == 6303.4 and old[2012] == 6627.1  # the sample the issue used
    new_vals = {2012: 7725.4, 2013: 8069.3, 2014: 8441.0}
    new = [new_vals.get(y) for y in years]
    olds = [old[y] for y in years]
    i11 = years.index(2011)
    for series in (
        gdp.splice_ratio(olds, new).series,
        excel(F.GDP_REBASE, col(*olds), col(*new)),
    ):
        assert pct(series[i11], series[i11 + 1]) == pytest.approx(5.14, abs=0.005)
        # old growth kept for every year before the link, e.g. 2005->2006 = 4454.7/4100 - 1
        assert pct(series[0], series[1]) == pytest.approx((4454.7 / 4100 - 1) * 100)
        # new growth from the link: 8069.3 / 7725.4 - 1
        assert pct(series[i11 + 1], series[i11 + 2]) == pytest.approx((8069.3 / 7725.4 - 1) * 100)
    code, out, _ = calc(
        capsys,
        "rebase",
        *map(str, olds),
        "--new-series",
        *["" if v is None else str(v) for v in new],
    )
    got = [float(v) for v in out]
    assert code == 0 and pct(got[i11], got[i11 + 1]) == pytest.approx(5.14, abs=0.005)
    # Interpolation with the demo's old base year 2002 (settings: rebase_old_base_year),
    # before the first year shown (2005 = position 1, so 2002 = position -2): ratio 1 in 2002,
    # R = 7725.4 / 6627.1 = 1.165728 in 2012; 2011 is 9/10 of the way: 1 + 0.9 (R - 1).
    # Growth into 2012: R / (1 + 0.9 (R - 1)) x 6627.1 / 6303.4 - 1 = 6.65 %.
    r_link = 7725.4 / 6627.1
    expected = (r_link / (1 + 0.9 * (r_link - 1)) * 6627.1 / 6303.4 - 1) * 100
    assert expected == pytest.approx(6.65, abs=0.005)
    interp = gdp.splice_interpolate(olds, new, old_base=2002 - 2005 + 1).series
    assert pct(interp[i11], interp[i11 + 1]) == pytest.approx(expected)
    cells = excel(F.GDP_REBASE, col(*olds), col(*new), "interpolate", None, -2)
    assert pct(cells[i11], cells[i11 + 1]) == pytest.approx(expected)
    # 2005 (3 years after the old base, 7 before the link): ratio 1 + 0.3 (R - 1)
    assert cells[0] == pytest.approx(4100.0 * (1 + 0.3 * (r_link - 1)))


def test_rebase_interpolate_10_20_40_80_160_with_new_60_stays_positive(capsys):
    # old = 10, 20, 40, 80, 160; new 60 in period 5 only. Link ratio r_L = 60/160 = 0.375,
    # old base = period 1 (ratio 1). Ratios 1, 0.84375, 0.6875, 0.53125, 0.375 (linear:
    # step (0.375 - 1)/4 = -0.15625). Result 10, 16.875, 27.5, 42.5, 60 (the additive shift
    # gave -5 and -10).
    expected = [10.0, 16.875, 27.5, 42.5, 60.0]
    old, new = [10.0, 20.0, 40.0, 80.0, 160.0], [None, None, None, None, 60.0]
    assert gdp.splice_interpolate(old, new).series == pytest.approx(expected)
    assert excel(F.GDP_REBASE, col(*old), col(*new), "interpolate") == pytest.approx(expected)
    code, out, _ = calc(
        capsys,
        "rebase",
        "10",
        "20",
        "40",
        "80",
        "160",
        "--new-series",
        "",
        "",
        "",
        "",
        "60",
        "--method",
        "interpolate",
    )
    assert code == 0 and [float(v) for v in out] == pytest.approx(expected)


def test_rebase_interpolate_issue_example_ratios_1_to_1_1(capsys):
    # old = 100, 110, 121, 133.1, 146.41 (old base period 1), new = 161.051 in period 5:
    # r_L = 161.051 / 146.41 = 1.1; linear ratios 1, 1.025, 1.05, 1.075, 1.1.
    # Result = old x ratio: 100, 112.75, 127.05, 143.0825, 161.051.
    expected = [100.0, 112.75, 127.05, 143.0825, 161.051]
    new = [None, None, None, None, 161.051]
    r = gdp.splice_interpolate(OLD10, new)
    assert r.factors[:4] == pytest.approx([1.0, 1.025, 1.05, 1.075])
    assert r.link_ratio == pytest.approx(1.1) and r.old_base_position == 1
    assert excel(F.GDP_REBASE, col(*OLD10), col(*new), "interpolate") == pytest.approx(expected)
    code, out, _ = calc(
        capsys,
        "rebase",
        *map(str, OLD10),
        "--new-series",
        "",
        "",
        "",
        "",
        "161.051",
        "--method",
        "interpolate",
    )
    assert code == 0 and [float(v) for v in out] == pytest.approx(expected)


def test_rebase_link_period_chosen_by_the_user():
    # Same OLD10/NEW15, link chosen at period 4: r = 230 / 133.1. Period 3 is then old x r:
    # 121 x 230/133.1 = 209.0909; growth 3->4 = 133.1/121 = 10 % (old rate up to the link),
    # 4->5 = 15 % (new).
    r = gdp.splice_ratio(OLD10, NEW15, link=4)
    assert r.series[2] == pytest.approx(121 * 230 / 133.1)
    assert pct(r.series[2], r.series[3]) == pytest.approx(10.0)
    cells = excel(F.GDP_REBASE, col(*OLD10), col(*NEW15), "ratio", 4)
    assert cells[2] == pytest.approx(209.0909090909) and cells[3:] == [230.0, 264.5]


def test_rebase_old_base_year_is_used():
    # old = 100, 110, 121, 133.1, 146.41; new 161.051 in period 5 (r_L = 1.1).
    # Old base at period 3 (not the default 1): ratio 1 up to period 3, then 1.05 in period 4
    # (halfway from 1 to 1.1), 1.1 at the link. Result 100, 110, 121, 139.755, 161.051.
    new = [None, None, None, None, 161.051]
    expected = [100.0, 110.0, 121.0, 133.1 * 1.05, 161.051]
    assert gdp.splice_interpolate(OLD10, new, old_base=3).series == pytest.approx(expected)
    assert excel(F.GDP_REBASE, col(*OLD10), col(*new), "interpolate", None, 3) == pytest.approx(
        expected
    )
    # a new-methodology value for the old base period (110 in period 1 -> ratio 1.1 there and
    # at the link): every ratio is 1.1, so every growth rate is the old one.
    got = excel(F.GDP_REBASE, col(*OLD10), col(*new), "interpolate", None, 1, 110)
    assert got == pytest.approx([110.0, 121.0, 133.1, 146.41, 161.051])


# --------------------------------------------------------------------------------------------
# 2. Price and volume
# --------------------------------------------------------------------------------------------


def test_double_deflation_630_not_756(capsys):
    # Base year: output 1000, IC 400, GVA 600. Year 2: output volume +5 %, output price +20 %,
    # IC price +50 % (IC volume moves with output). Output at constant prices 1050, at current
    # 1050 x 1.2 = 1260; IC constant 420, current 420 x 1.5 = 630; GVA current 1260 - 630 = 630,
    # constant 1050 - 420 = 630. Single indicator: 600 x 1.05 x 1.2 = 756 (20 % too high).
    r = gdp.double_extrapolate(1000.0, 400.0, [100.0, 105.0], [100.0, 120.0], [100.0, 150.0])
    assert r.gva.current == pytest.approx([600.0, 630.0])
    assert r.gva.constant == pytest.approx([600.0, 630.0])
    assert gdp.single_indicator(600.0, [100.0, 105.0], [100.0, 120.0]).current[1] == pytest.approx(
        756.0
    )
    # deflating the current values back gives the same volumes
    d = gdp.double_deflate([1000.0, 1260.0], [400.0, 630.0], [100.0, 120.0], [100.0, 150.0])
    assert d.gva.constant == pytest.approx([600.0, 630.0])
    # the same with Excel functions: EXTRAPOLATE -> REFLATE -> GVA
    o_k = excel(F.GDP_EXTRAPOLATE, 1000.0, col(100.0, 105.0))
    i_k = excel(F.GDP_EXTRAPOLATE, 400.0, col(100.0, 105.0))
    o_c = excel(F.GDP_REFLATE, col(*o_k), col(100.0, 120.0))
    i_c = excel(F.GDP_REFLATE, col(*i_k), col(100.0, 150.0))
    assert excel(F.GDP_GVA, col(*o_c), col(*i_c)) == pytest.approx([600.0, 630.0])
    code, out, _ = calc(capsys, "gva", "1000", "1260", "--intermediate", "400", "630")
    assert code == 0 and [float(v) for v in out] == pytest.approx([600.0, 630.0])


def test_direct_entry_900_deflated_by_price_index_120_gives_deflator_120(capsys):
    # Computed: constant 630, current 756 (price 120). Typed current 900: constant 900 / 1.2
    # = 750, implicit deflator 900 / 750 x 100 = 120 (keeping 630 would give 142.86).
    r = gdp.apply_direct_entries([600.0, 756.0], [600.0, 630.0], [100.0, 120.0], [None, 900.0])
    assert r.current == pytest.approx([600.0, 900.0])
    assert r.constant == pytest.approx([600.0, 750.0])
    assert r.deflated.tolist() == [False, True]
    assert (r.current / r.constant * 100) == pytest.approx([100.0, 120.0])
    k = excel(F.GDP_DEFLATE, 900.0, 120.0)
    assert k == pytest.approx([750.0])
    assert excel(F.GDP_DEFLATOR, 900.0, k[0]) == pytest.approx([120.0])
    code, out, _ = calc(capsys, "deflate", "900", "--price-index", "120")
    assert code == 0 and float(out[0]) == pytest.approx(750.0)
    # a typed constant-price value is reflated: 700 x 1.2 = 840
    r2 = gdp.apply_direct_entries(
        [600.0, 756.0], [600.0, 630.0], [100.0, 120.0], None, [None, 700.0]
    )
    assert r2.current[1] == pytest.approx(840.0) and r2.reflated.tolist() == [False, True]


def test_taxes_20pct_vat_rise_gdp_growth_5_0_not_6_9(capsys):
    # Base year: GVA 1000, taxes on products 100, GDP 1100. Next year GVA volume +5 % (1050 at
    # constant prices, prices unchanged), taxed volume also +5 %, VAT rate +20 %: current taxes
    # 100 x 1.05 x 1.2 = 126. Deflated by the GVA deflator (1.0) they stay 126 ->
    # GDP^K = 1050 + 126 = 1176, growth 6.909 % (wrong). Extrapolated by GVA volume:
    # 100 x 1.05 = 105 -> GDP^K = 1155, growth 5.0 %.
    t = gdp.taxes_at_constant_prices(100.0, [1000.0, 1050.0])
    assert t.constant == pytest.approx([100.0, 105.0])
    gdp_k = excel(F.GDP_GDP, col(1000.0, 1050.0), col(*t.constant))
    assert gdp_k == pytest.approx([1100.0, 1155.0])
    assert excel(F.GDP_GROWTH, col(*gdp_k))[1] == pytest.approx(5.0)
    assert pct(1100, 1050 + 126) == pytest.approx(6.909, abs=1e-3)  # the rejected method
    # subsidies on products: the same extrapolation, subtracted: 1050 + 105 - 21 = 1134
    s = gdp.taxes_at_constant_prices(20.0, [1000.0, 1050.0]).constant
    assert excel(F.GDP_GDP, col(1000.0, 1050.0), col(*t.constant), col(*s)) == pytest.approx(
        [1080.0, 1134.0]
    )
    code, out, _ = calc(capsys, "growth", "1100", "1155")
    assert code == 0 and float(out[1]) == pytest.approx(5.0)


# --------------------------------------------------------------------------------------------
# Chain-linking
# --------------------------------------------------------------------------------------------

# Quarterly hand example, 3 years. CP = current prices; PYP = at the previous year's average
# prices (empty in year 1).
Q_CP = [25.0, 26.0, 27.0, 28.0, 28.0, 29.0, 30.0, 31.0, 33.0, 34.0, 35.0, 36.0]
Q_PYP = [None] * 4 + [27.0, 28.0, 29.0, 30.0, 30.0, 31.0, 32.0, 33.0]


def test_gdp_chain_quarterly_data_refused_without_periods_per_year(capsys):
    cells = excel(F.GDP_CHAIN, col(*Q_CP), col(*Q_PYP))
    assert is_gdp_error(cells, "periods_per_year = 4")
    code, _, err = calc(
        capsys,
        "chain",
        *map(str, Q_CP),
        "--previous-year-prices",
        *["" if v is None else str(v) for v in Q_PYP],
    )
    assert code == 2 and "periods_per_year = 4" in err


def test_gdp_chain_quarterly_annual_overlap_growth_is_the_annual_overlap_formula(capsys):
    # Annual-overlap technique (IMF QNA Manual 2017 §8.45-8.55), reference year 1:
    # ΣCP_1 = 106, ΣPYP_2 = 114, ΣCP_2 = 118, ΣPYP_3 = 126.
    # Year 1 = CP (25..28); year 2 = PYP / mean(CP_1) x mean(CP_1) = PYP (27..30);
    # year 3 = PYP_3 / mean(CP_2) x (114/106) x mean(CP_1) = PYP_3 x 114 / 118.
    # Annual growth: 114/106 - 1 = 7.547 %, 126/118 - 1 = 6.780 %.
    expected = Q_CP[:4] + Q_PYP[4:8] + [v * 114 / 118 for v in Q_PYP[8:]]
    got = gdp.chain_link(Q_CP, Q_PYP, 1, 4)
    assert got == pytest.approx(expected)
    cells = excel(F.GDP_CHAIN, col(*Q_CP), col(*Q_PYP), 1, 4)
    assert cells == pytest.approx(expected)
    years = [sum(cells[i : i + 4]) for i in (0, 4, 8)]
    assert pct(years[0], years[1]) == pytest.approx((114 / 106 - 1) * 100)
    assert pct(years[1], years[2]) == pytest.approx((126 / 118 - 1) * 100)
    code, out, _ = calc(
        capsys,
        "chain",
        *map(str, Q_CP),
        "--previous-year-prices",
        *["" if v is None else str(v) for v in Q_PYP],
        "--periods-per-year",
        "4",
    )
    assert code == 0 and [float(v) for v in out] == pytest.approx(expected)


def test_gdp_chain_annual_equals_current_prices_in_reference_year():
    # Annual: CP 100, 115, 114 (sum of A and B below); PYP 105, 114.
    # Reference year 2 -> V_2 = 115; V_1 = 115 / (105/100) = 109.5238; V_3 = 115 x 114/115 = 114.
    cells = excel(F.GDP_CHAIN, col(100.0, 115.0, 114.0), col(None, 105.0, 114.0), 2)
    assert cells == pytest.approx([115 / 1.05, 115.0, 114.0])


# --------------------------------------------------------------------------------------------
# Contributions
# --------------------------------------------------------------------------------------------


def test_contributions_fixed_base_add_up_to_growth(capsys):
    # A 60 -> 66, B 40 -> 38, total 100 -> 104: contributions 6 and -2 pp, sum 4 = growth 4 %.
    got = excel(F.GDP_CONTRIB, ((60.0, 40.0), (66.0, 38.0)), col(100.0, 104.0))
    assert got[0] in ("", None) and got[1] in ("", None)
    assert got[2:] == pytest.approx([6.0, -2.0]) and sum(got[2:]) == pytest.approx(4.0)


def test_contributions_chain_linked_annual_add_up_to_chain_growth():
    # A, B at current prices: year 1 60, 40; year 2 70, 45. At previous-year prices: year 2
    # 63, 42; year 3 73.5, 40.5 (CP year 3 not needed for the contributions).
    # Year 2: (63-60)/100 = 3 pp, (42-40)/100 = 2 pp; chain growth 105/100 - 1 = 5 %.
    # Year 3: (73.5-70)/115 = 3.0435 pp, (40.5-45)/115 = -3.9130 pp; growth 114/115 - 1
    # = -0.8696 %.
    cp = [[60.0, 40.0], [70.0, 45.0], [72.0, 42.0]]
    pyp = [[None, None], [63.0, 42.0], [73.5, 40.5]]
    c = gdp.contributions_chain_annual(cp, pyp)
    assert c[1] == pytest.approx([3.0, 2.0])
    assert c[2] == pytest.approx([3.5 / 1.15, -4.5 / 1.15])
    total = gdp.chain_link([100.0, 115.0, 114.0], [None, 105.0, 114.0])
    growth = np.diff(total) / total[:-1] * 100
    assert c[1:].sum(axis=1) == pytest.approx(growth)
    assert growth == pytest.approx([5.0, (114 / 115 - 1) * 100])
    # non-additivity: chain-linked A + B differs from the chain-linked total in year 3
    a = gdp.chain_link([60.0, 70.0, 72.0], [None, 63.0, 73.5])
    b = gdp.chain_link([40.0, 45.0, 42.0], [None, 42.0, 40.5])
    assert (a + b)[:2] == pytest.approx(total[:2])  # additive in the reference year and next
    assert abs((a + b)[2] - total[2]) > 0.1


@pytest.fixture(scope="module")
def kix():
    import pandas as pd

    return pd.read_csv(
        Path(__file__).resolve().parents[1]
        / "fixtures"
        / "gdp_published"
        / "kix_growth_contribution.csv"
    )


def test_gdp_contrib_ao_both_conventions(kix):
    # Deutsche Bundesbank, KIX 2.0 "Calculating growth contributions" (2019), example
    # WBG,A,wA,+,Total,wTotal,1: published contributions (2 decimals) of A to the total.
    # convention "kix": every quarter as published (inputs published to 1 decimal -> 0.05 pp).
    # convention "eurostat" (default): quarters 2-4 as published; first quarters split at
    # the previous year's average (e.g. 1999Q1 0.55 against 1.09).
    args = (col(*kix["A"]), col(*kix["wA"]), col(*kix["Total"]), col(*kix["wTotal"]))
    pub = kix["growth_contribution"].to_numpy()
    k = np.array(
        [np.nan if v in ("", None) else v for v in excel(F.GDP_CONTRIB_AO, *args, 4, "kix")]
    )
    e = np.array([np.nan if v in ("", None) else v for v in excel(F.GDP_CONTRIB_AO, *args)])
    np.testing.assert_allclose(k[1:], pub[1:], atol=0.05 + 1e-9)
    within = np.arange(len(pub)) % 4 != 0
    np.testing.assert_allclose(e[within], pub[within], atol=0.05 + 1e-9)
    assert np.isnan(k[0]) and np.isnan(e[0])
    assert is_gdp_error(excel(F.GDP_CONTRIB_AO, *args, 4, "bundesbank"), "eurostat, kix")


def test_gdp_contrib_ao_single_component_equals_growth_in_both_conventions():
    # One component that is the whole total (share 1, I = A): both formulas reduce to
    # (A_t - A_t-1) / A_t-1 x 100. A = 100, 102, 104, 106 | 110, 108, 112, 115.
    a = [100.0, 102.0, 104.0, 106.0, 110.0, 108.0, 112.0, 115.0]
    w = [50.0, 51.0, 53.0, 54.0, 57.0, 56.0, 59.0, 61.0]
    expected = [(b / x - 1) * 100 for x, b in pairwise(a)]
    for conv in ("eurostat", "kix"):
        got = excel(F.GDP_CONTRIB_AO, col(*a), col(*w), col(*a), col(*w), 4, conv)
        assert got[0] in ("", None) and got[1:] == pytest.approx(expected)


# --------------------------------------------------------------------------------------------
# Real GDP per capita (SDG 8.1.1)
# --------------------------------------------------------------------------------------------


def test_real_gdp_per_capita_and_its_growth(capsys):
    # Chain-linked GDP 1000, 1050 billion kip; population 2 000 000, 2 050 000.
    # Per capita: 1000e9 / 2e6 = 500 000 kip; 1050e9 / 2.05e6 = 512 195.12 kip.
    # Growth 1.05 / 1.025 - 1 = 2.439 %.
    pc = excel(F.GDP_PER_CAPITA, col(1000.0, 1050.0), col(2.0e6, 2.05e6), 1e9)
    assert pc == pytest.approx([500000.0, 1050e9 / 2.05e6])
    assert excel(F.GDP_GROWTH, col(*pc))[1] == pytest.approx((1.05 / 1.025 - 1) * 100)
    code, out, _ = calc(
        capsys, "per_capita", "1000", "1050", "--population", "2000000", "2050000", "--scale", "1e9"
    )
    assert code == 0 and float(out[1]) == pytest.approx(1050e9 / 2.05e6)


# --------------------------------------------------------------------------------------------
# Edge cases a compiler will hit
# --------------------------------------------------------------------------------------------


def test_edge_blank_cells_give_blank_results_never_zero():
    # old has an empty cell in period 2: the linked value there is empty, not 0.
    cells = excel(F.GDP_REBASE, col(100.0, None, 121.0, 130.0), col(None, None, 220.0, 230.0))
    assert cells[1] == "" and cells[0] == pytest.approx(100 * 220 / 121)
    # growth from/to an empty cell is empty
    assert excel(F.GDP_GROWTH, col(100.0, None, 110.0)) == ["", "", ""]
    # per capita with an empty value
    assert excel(F.GDP_PER_CAPITA, col(1.0, None), col(2.0, 2.0))[1] == ""
    # chain: an empty year breaks the chain from there (no zeros)
    got = excel(F.GDP_CHAIN, col(100.0, 110.0, None, 130.0), col(None, 105.0, 115.0, 125.0))
    assert got[:2] == pytest.approx([100.0, 105.0]) and got[3] == ""


def test_edge_chain_series_starting_after_period_1_is_linked_from_its_first_value():
    # An industry that starts in year 2 (leading empty cell), reference year 2:
    # V_2 = CP_2 = 100; V_3 = 100 x 105/100 = 105; V_4 = 105 x 115/110 = 109.7727.
    # Reference year 4 instead: V_4 = 121, V_3 = 121 / (115/110) = 115.7391,
    # V_2 = 115.7391 / (105/100) = 110.2277. Period 1 stays empty (never 0).
    cp, pyp = col(None, 100.0, 110.0, 121.0), col(None, None, 105.0, 115.0)
    got = excel(F.GDP_CHAIN, cp, pyp, 2)
    assert got[0] == "" and got[1:] == pytest.approx([100.0, 105.0, 105 * 115 / 110])
    got = excel(F.GDP_CHAIN, cp, pyp, 4)
    assert got[0] == "" and got[1:] == pytest.approx(
        [121 / 1.15 * 1.1 / 1.05, 121 / 1.15 * 1.1, 121]
    )
    # the reference year itself empty: nothing can be referenced
    assert excel(F.GDP_CHAIN, cp, pyp, 1) == ["", "", "", ""]


def test_edge_new_base_value_is_kept_where_the_old_series_is_empty():
    # old empty in 2012 (period 3) but the new base has 220 there; first period with both
    # = 4 (130 / 230). The new value 220 is kept (never dropped); before it old x 230/130.
    r = gdp.splice_ratio([100.0, 110.0, None, 130.0], [None, None, 220.0, 230.0])
    assert r.link_position == 4
    assert r.series == pytest.approx([100 * 230 / 130, 110 * 230 / 130, 220.0, 230.0])


def test_edge_zeros():
    # old zero before the link: 0 x r = 0 (a real zero stays zero)
    assert excel(F.GDP_REBASE, col(100.0, 0.0, 121.0), col(None, None, 242.0)) == pytest.approx(
        [200.0, 0.0, 242.0]
    )
    # old zero at the link: no ratio -> a clear message
    assert is_gdp_error(excel(F.GDP_REBASE, col(100.0, 0.0), col(None, 5.0)), "zero")
    # chain: zero at current prices -> the link factor is undefined
    assert is_gdp_error(excel(F.GDP_CHAIN, col(10.0, 0.0, 8.0), col(None, -4.0, 9.0)), "zero")
    # price index zero
    with pytest.raises(CalculationError, match="zero"):
        gdp.apply_direct_entries([1.0, 2.0], [1.0, 2.0], [100.0, 0.0], [None, 3.0])


def test_edge_single_overlap_period():
    # old 100, 110; new only in period 2 (242): r = 2.2 -> 220, 242.
    assert excel(F.GDP_REBASE, col(100.0, 110.0), col(None, 242.0)) == pytest.approx([220.0, 242.0])
    # interpolate: the old base defaults to period 1 (ratio 1 there), the link is period 2,
    # nothing lies between: 100 x 1 = 100, then 242.
    assert excel(F.GDP_REBASE, col(100.0, 110.0), col(None, 242.0), "interpolate") == pytest.approx(
        [100.0, 242.0]
    )
    # one period only: the new value
    assert excel(F.GDP_REBASE, 100.0, 200.0) == [200.0]


def test_edge_negative_values():
    # Ratio method on a series that changes sign: r = -4/-2 = 2, old x 2 before the link:
    # -10, 6, then the new -4, 8.
    cells = excel(F.GDP_REBASE, col(-5.0, 3.0, -2.0, 4.0), col(None, None, -4.0, 8.0))
    assert cells == pytest.approx([-10.0, 6.0, -4.0, 8.0])
    # interpolation with a negative link ratio is refused (use the ratio method)
    got = excel(F.GDP_REBASE, col(5.0, 3.0, 2.0), col(None, None, -4.0), "interpolate")
    assert is_gdp_error(got, "ratio method")
    # Chain-linking a component that changes sign (change in inventories): CP 10, -5, 8; PYP
    # -4, 9. Link factors -4/10 = -0.4 and 9/-5 = -1.8 are negative: the implicit price index
    # is a ratio of small numbers of either sign (CP 0.1 instead of -5 would give V_3 = -360
    # for a positive volume 9 at year-2 prices). IMF QNA Manual 2017 §8.56: no growth rates
    # or chain-linked volumes for such a series -> refused with what to do instead.
    for cp in ((10.0, -5.0, 8.0), (10.0, 0.1, 8.0)):
        got = excel(F.GDP_CHAIN, col(*cp), col(None, -4.0, 9.0))
        assert is_gdp_error(got, "changes sign between period 1 and 2", "inventories")
    with pytest.raises(CalculationError, match="changes sign between year 1 and 2"):
        gdp.chain_link([25.0] * 4 + [-5.0] * 4, [None] * 4 + [-4.0] * 4, 1, 4)
    # a series negative throughout (e.g. net taxes when subsidies exceed taxes) chains fine:
    # links -4/-10 = 0.4, -9/-5 = 1.8 -> V = -10, -4, -7.2
    assert excel(F.GDP_CHAIN, col(-10.0, -5.0, -8.0), col(None, -4.0, -9.0)) == pytest.approx(
        [-10.0, -4.0, -7.2]
    )


def test_edge_sign_changing_component_by_its_positive_parts():
    # IMF QNA Manual 2017 §8.57-8.58: changes in inventories = closing - opening stocks, each
    # positive, chain-linked separately, then subtracted. Closing CP 110, 120, 150; PYP
    # 115.5 (110 x 1.05), 114 (120 x 0.95) -> V = 110, 115.5, 115.5 x 0.95 = 109.725.
    # Opening CP 100, 110, 120; PYP 104 (100 x 1.04), 121 (110 x 1.1) -> V = 100, 104,
    # 104 x 1.1 = 114.4. Change in inventories at year-1 prices: 10, 11.5, -4.675.
    closing = excel(F.GDP_CHAIN, col(110.0, 120.0, 150.0), col(None, 115.5, 114.0))
    opening = excel(F.GDP_CHAIN, col(100.0, 110.0, 120.0), col(None, 104.0, 121.0))
    diff = [c - o for c, o in zip(closing, opening, strict=True)]
    assert diff == pytest.approx([10.0, 11.5, 115.5 * 0.95 - 104 * 1.1])


def test_edge_nan_and_inf():
    # NaN from Python is missing (empty), inf is refused naming the cell
    got = gdp.splice_ratio([100.0, np.nan, 121.0], [np.nan, np.nan, 242.0]).series
    assert np.isnan(got[1]) and got[0] == pytest.approx(200.0)
    assert is_gdp_error(
        excel(F.GDP_REBASE, col(100.0, float("inf"), 121.0), col(None, None, 242.0)),
        "infinite",
        "cell 2",
    )
    with pytest.raises(CalculationError, match="infinite"):
        gdp.chain_link([1.0, np.inf], [None, 1.0])


def test_edge_very_long_series():
    # 2000 annual periods growing 1 % (old) and 2 % (new from period 1001): growth 1 % up to
    # the link, 2 % from it, no overflow.
    n = 2000
    old = 100.0 * 1.01 ** np.arange(n)
    new = np.full(n, np.nan)
    new[1000:] = 500.0 * 1.02 ** np.arange(n - 1000)
    s = gdp.splice_ratio(old, new).series
    g = np.diff(s) / s[:-1] * 100
    assert g[:1000] == pytest.approx(np.full(1000, 1.0)) and g[1000:] == pytest.approx(2.0)
    # chain-linking 2000 years at 1 % volume growth: V_t = 100 x 1.01^(t-1)
    cp = 100.0 * 1.03 ** np.arange(n)  # prices +2 % a year on top
    pyp = np.r_[np.nan, cp[:-1] * 1.01]
    v = gdp.chain_link(cp, pyp)
    assert v[-1] == pytest.approx(100.0 * 1.01 ** (n - 1), rel=1e-9)


def test_edge_no_overlap_at_all(capsys):
    cells = excel(F.GDP_REBASE, col(100.0, 110.0, None, None), col(None, None, 5.0, 6.0))
    assert is_gdp_error(cells, "no period with both values")
    code, _, err = calc(capsys, "rebase", "100", "110", "", "", "--new-series", "", "", "5", "6")
    assert code == 2 and "no period with both values" in err


def test_edge_link_position_outside_the_series():
    old, new = col(100.0, 110.0, 121.0), col(None, 200.0, 220.0)
    assert is_gdp_error(excel(F.GDP_REBASE, old, new, "ratio", 7), "at most 3")
    assert is_gdp_error(excel(F.GDP_REBASE, old, new, "ratio", 0), "at least 1")
    assert is_gdp_error(excel(F.GDP_REBASE, old, new, "ratio", 1), "no new value")
    assert is_gdp_error(excel(F.GDP_REBASE, old, new, "interpolate", None, 9), "old_base")
    assert is_gdp_error(excel(F.GDP_CHAIN, col(1.0, 2.0), col(None, 2.0), 5), "reference_position")


def test_edge_non_numeric_option_words_list_the_valid_ones(capsys):
    old, new = col(100.0, 110.0, 121.0), col(None, 200.0, 220.0)
    assert is_gdp_error(excel(F.GDP_REBASE, old, new, "chain"), "ratio, interpolate")
    assert is_gdp_error(excel(F.GDP_REBASE, old, new, 3), "ratio, interpolate")
    assert is_gdp_error(
        excel(F.GDP_CHAIN, col(*Q_CP), col(*Q_PYP), 1, "quarterly"),
        "1 (years), 4 (quarters) or 12 (months)",
    )
    ao = (col(1.0, 2.0), col(1.0, 2.0), col(1.0, 2.0), col(1.0, 2.0))
    assert is_gdp_error(excel(F.GDP_CONTRIB_AO, *ao, "q"), "4 (quarters)")
    code, _, err = calc(
        capsys, "rebase", "1", "2", "3", "--new-series", "", "4", "5", "--method", "linear"
    )
    assert code == 2 and "ratio, interpolate" in err
