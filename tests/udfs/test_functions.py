"""Every GDP_ function called as Excel calls it (xlwings conversion layer, Excel-shaped values).

Excel-shaped values: a single cell is a float (or str/None), a range is a tuple of row tuples,
empty cells are ``None``. Results come back as lists of rows; empty results are ``""``.
Expected numbers are hand-derived (arithmetic in the comments) unless a source is named.
"""

from pathlib import Path

import pandas as pd
import pytest

import udfs
from tests.udfs.excel_call import call_like_excel, col, row
from udfs import (
    GDP_ALLOCATE,
    GDP_CHAIN,
    GDP_CHAIN_SUM,
    GDP_CHECK_SUM,
    GDP_CHOWLIN,
    GDP_CONTRIB,
    GDP_CONTRIB_AO,
    GDP_DEFLATE,
    GDP_DEFLATOR,
    GDP_DENTON,
    GDP_EXTRAPOLATE,
    GDP_GDP,
    GDP_GROWTH,
    GDP_GVA,
    GDP_PER_CAPITA,
    GDP_RAKE,
    GDP_REBASE,
    GDP_REFLATE,
    GDP_SHARE,
    GDP_TO_USD,
)

REFERENCE = Path(__file__).resolve().parents[1] / "fixtures" / "reference"


def flat(result):
    return [v for r in result for v in r]


def approx_rows(result, expected, abs=1e-9):
    assert len(result) == len(expected)
    for got, exp in zip(result, expected):
        assert len(got) == len(exp)
        for g, e in zip(got, exp):
            if e == "":
                assert g == ""
            else:
                assert g == pytest.approx(e, abs=abs)


def is_error(result, *words):
    assert isinstance(result, list) and len(result) == 1 and len(result[0]) == 1, result
    text = result[0][0]
    assert isinstance(text, str) and text.startswith("#GDP! "), text
    for w in words:
        assert w in text, text
    return text


# ---- shapes -----------------------------------------------------------------------------


def test_column_in_column_out():
    approx_rows(call_like_excel(GDP_GVA, col(100.0, 250.0), col(40.0, 90.0)), [[60.0], [160.0]])


def test_row_in_row_out():
    approx_rows(call_like_excel(GDP_GVA, row(100.0, 250.0), row(40.0, 90.0)), [[60.0, 160.0]])


def test_scalar_in_scalar_out():
    assert call_like_excel(GDP_GVA, 100.0, 40.0) == [[60.0]]


def test_table_in_table_out():
    approx_rows(
        call_like_excel(GDP_GVA, ((10.0, 20.0), (30.0, 40.0)), ((1.0, 2.0), (3.0, 4.0))),
        [[9.0, 18.0], [27.0, 36.0]],
    )


def test_empty_cells_give_empty_results():
    approx_rows(call_like_excel(GDP_GVA, col(100.0, None), col(40.0, 1.0)), [[60.0], [""]])
    approx_rows(
        call_like_excel(GDP_GROWTH, col(100.0, 105.0, None, 110.0)), [[""], [5.0], [""], [""]]
    )


def test_wrong_shapes_and_text_give_gdp_errors():
    is_error(
        call_like_excel(GDP_GVA, col(1.0, 2.0, 3.0, 4.0, 5.0), col(1.0, 2.0, 3.0, 4.0)),
        "output has 5 cells, intermediate has 4",
    )
    is_error(
        call_like_excel(GDP_GVA, col(1.0, "-"), col(1.0, 2.0)), "output has text '-' in cell 2"
    )
    is_error(call_like_excel(GDP_GROWTH, col(1.0, "n.a.")), "'n.a.'")
    is_error(call_like_excel(GDP_GROWTH, col(1.0, True)), "TRUE/FALSE")
    is_error(call_like_excel(GDP_GROWTH, col(1.0, -2146826246)), "#N/A")


def test_integer_options_accept_excel_floats_and_reject_fractions():
    approx_rows(call_like_excel(GDP_GROWTH, col(100.0, 105.0, 110.25), 2.0), [[""], [""], [10.25]])
    is_error(call_like_excel(GDP_GROWTH, col(1.0, 2.0), 1.5), "lag must be a whole number")
    is_error(call_like_excel(GDP_GROWTH, col(1.0, 2.0), "x"), "lag has text")


def test_keyword_arguments_from_python():
    assert udfs.GDP_GROWTH(series=[100.0, 110.0], lag=1) == [None, pytest.approx(10.0)]
    assert udfs.GDP_DEFLATE(current=121.0, price_index=110.0, index_base=100) == pytest.approx(
        110.0
    )


# ---- each function --------------------------------------------------------------------


def test_gdp_rows_are_periods():
    # (10+20+30) + 5 - 1 = 64 ; (1+2+3) + 1 - 0 = 7
    gva = ((10.0, 20.0, 30.0), (1.0, 2.0, 3.0))
    approx_rows(call_like_excel(GDP_GDP, gva, col(5.0, 1.0), col(1.0, 0.0)), [[64.0], [7.0]])
    # one period laid out in a row -> one cell; Salavan 2022 sectors 2872+1609+1373 = 5854
    # (published_lao_figures.csv: Royal Thai Consulate-General Savannakhet, 11 Apr 2023)
    assert call_like_excel(GDP_GDP, row(2872.0, 1609.0, 1373.0)) == [[5854.0]]
    is_error(call_like_excel(GDP_GDP, gva, col(1.0, 2.0, 3.0)), "gva has 2 periods")


def test_prices():
    approx_rows(
        call_like_excel(GDP_DEFLATE, col(121.0, 220.0), col(110.0, 200.0)), [[110.0], [110.0]]
    )
    approx_rows(call_like_excel(GDP_REFLATE, col(110.0), 110.0), [[121.0]])  # 110*110/100
    approx_rows(call_like_excel(GDP_DEFLATOR, 121.0, 110.0, 1.0), [[1.1]])  # 121/110*1
    # 200 * [100, 103] / 100
    approx_rows(call_like_excel(GDP_EXTRAPOLATE, 200.0, col(100.0, 103.0)), [[200.0], [206.0]])
    is_error(call_like_excel(GDP_DEFLATE, col(1.0), col(0.0)), "price_index is zero")


def test_share_per_capita_usd():
    # Salavan 2022 published shares 49.07 / 27.48 / 23.45 % of GDP 5854 (published_lao_figures.csv)
    res = call_like_excel(GDP_SHARE, col(2872.0, 1609.0, 1373.0), 5854.0)
    approx_rows(res, [[49.07], [27.48], [23.45]], abs=0.02)
    approx_rows(call_like_excel(GDP_SHARE, ((1.0, 3.0), (2.0, 2.0))), [[25.0, 75.0], [50.0, 50.0]])
    # 5854 * 1e9 / 1e6 = 5,854,000 kip per person
    approx_rows(call_like_excel(GDP_PER_CAPITA, 5854.0, 1e6, 1e9), [[5.854e6]])
    approx_rows(call_like_excel(GDP_TO_USD, col(20000.0, 30000.0), 10000.0), [[2.0], [3.0]])


def test_contributions():
    # (66-60)/100*100 = 6 pp ; (38-40)/100*100 = -2 pp
    res = call_like_excel(GDP_CONTRIB, ((60.0, 40.0), (66.0, 38.0)), col(100.0, 104.0))
    approx_rows(res, [["", ""], [6.0, -2.0]])


def test_contrib_ao_and_chain_sum_on_kix_example():
    kix = pd.read_csv(REFERENCE / "kix_annual_overlap_aggregation.csv")
    idx = tuple(tuple(r) for r in kix[["A", "B"]].to_numpy().tolist())
    val = tuple(tuple(r) for r in kix[["wA", "wB"]].to_numpy().tolist())
    total = call_like_excel(GDP_CHAIN_SUM, idx, val, 2004.0, 2005.0)
    # published column result_2005eq100 (Deutsche Bundesbank KIX 2.0 example)
    assert [round(v, 2) for v in flat(total)] == kix["result_2005eq100"].tolist()
    tv = col(*(kix["wA"] + kix["wB"]).tolist())
    contrib = call_like_excel(GDP_CONTRIB_AO, idx, val, tuple(tuple(r) for r in total), tv)
    growth = call_like_excel(GDP_GROWTH, tuple(tuple(r) for r in total))
    assert contrib[0] == ["", ""]
    for c, g in zip(contrib[1:], growth[1:]):
        assert c[0] + c[1] == pytest.approx(g[0], abs=1e-9)
    # Bundesbank convention: same within the year, different first quarters from the third
    # year on (2006Q1 = row 9; in 2005 the year y-2 falls back to 2004 and the rules agree)
    kix_c = call_like_excel(GDP_CONTRIB_AO, idx, val, tuple(tuple(r) for r in total), tv, 4, "KIX")
    assert kix_c[5] == pytest.approx(contrib[5]) and kix_c[8] != pytest.approx(contrib[8])
    is_error(
        call_like_excel(GDP_CONTRIB_AO, idx, val, tuple(tuple(r) for r in total), tv, 4, "x"),
        "eurostat, kix",
    )


def test_chain_and_rebase():
    # hand example (see tests/gdp/test_chain.py): V = 14, 23, 23*66/36
    res = call_like_excel(GDP_CHAIN, col(14.0, 36.0, 89.0), col(None, 23.0, 66.0))
    approx_rows(res, [[14.0], [23.0], [23.0 * 66.0 / 36.0]])
    # quarterly, annual overlap (hand example in tests/gdp/test_chain.py)
    cp = col(10.0, 12.0, 14.0, 12.0, 13.0, 15.0, 16.0, 16.0)
    pyp = col(None, None, None, None, 11.0, 13.0, 14.0, 13.0)
    approx_rows(
        call_like_excel(GDP_CHAIN, cp, pyp, 1, 4),
        [[10.0], [12.0], [14.0], [12.0], [11.0], [13.0], [14.0], [13.0]],
    )
    is_error(call_like_excel(GDP_CHAIN, cp, pyp, 3, 4), "complete year")
    # ratio 242/121 = 2 -> 200, 220, 242, 266.2
    old, new = col(100.0, 110.0, 121.0, None), col(None, None, 242.0, 266.2)
    approx_rows(call_like_excel(GDP_REBASE, old, new), [[200.0], [220.0], [242.0], [266.2]])
    approx_rows(
        call_like_excel(GDP_REBASE, old, new, "RATIO"), [[200.0], [220.0], [242.0], [266.2]]
    )
    # interpolate: ratio 1 in period 1 (old base), 242/121 = 2 in period 3 (link), 1.5 between
    approx_rows(
        call_like_excel(GDP_REBASE, old, new, "Interpolate"), [[100.0], [165.0], [242.0], [266.2]]
    )
    # link at period 4 (user's choice): ratio 266.2/133.1 = 2 with old 133.1 in period 4
    old4 = col(100.0, 110.0, 121.0, 133.1)
    approx_rows(
        call_like_excel(GDP_REBASE, old4, col(None, None, 250.0, 266.2), "ratio", 4),
        [[200.0], [220.0], [242.0], [266.2]],
    )
    # interpolate with old base period 2 given a new-methodology value 165 (ratio 1.5 there):
    # period 1 takes the old-base ratio 1.5 -> 150
    approx_rows(
        call_like_excel(GDP_REBASE, old, new, "interpolate", "", 2, 165.0),
        [[150.0], [165.0], [242.0], [266.2]],
    )
    is_error(call_like_excel(GDP_REBASE, old, new, "ratio", 1), "link period 1 has no new value")
    is_error(call_like_excel(GDP_REBASE, old, new, "splice"), "ratio, interpolate")
    is_error(call_like_excel(GDP_REBASE, col(1.0, None), col(None, 2.0)), "no period")


def test_check_sum():
    assert call_like_excel(GDP_CHECK_SUM, col(1.0, 2.0), 3.0) == [["OK"]]
    assert call_like_excel(GDP_CHECK_SUM, col(1.0, 2.0), 3.5) == [["-0.5"]]
    assert call_like_excel(GDP_CHECK_SUM, col(1.0, 2.0), 3.5, 0.5) == [["OK"]]
    # float noise is OK: 0.1 + 0.2 vs 0.3
    assert call_like_excel(GDP_CHECK_SUM, row(0.1, 0.2), 0.3) == [["OK"]]
    assert call_like_excel(GDP_CHECK_SUM, ((1.0, 2.0), (3.0, 4.0)), col(3.0, 8.0)) == [
        ["OK"],
        ["-1"],
    ]


def test_denton_through_excel():
    # Denton (1971) example; expected from Stata via statsmodels' test suite
    # (tests/fixtures/reference/denton_1971_stata.csv, test_denton_quarterly2): first value 64.334796
    den = pd.read_csv(REFERENCE / "denton_1971_stata.csv")
    res = call_like_excel(
        GDP_DENTON, col(*den["indicator"].astype(float)), col(500.0, 400.0, 300.0, 400.0, 500.0)
    )
    assert flat(res) == pytest.approx(den["expected"].tolist(), abs=1e-4)
    res2 = call_like_excel(
        GDP_DENTON,
        col(*den["indicator"].astype(float)),
        col(500.0, 400.0, 300.0, 400.0, 500.0),
        "PROPORTIONAL",
        4.0,
        "Sum",
        0.0,
        1.0,
    )
    assert res2 == res
    is_error(call_like_excel(GDP_DENTON, col(1.0, 2.0), col(3.0), "bogus"), "method")


def test_chowlin_allocate_rake_through_excel():
    # Annual sums of the indicator 1..12 are 10, 26, 42; the benchmarks 30, 70, 110 are exactly
    # 5 + 2.5 x those sums, so the regression fits without residual and each quarter is
    # 5/4 + 2.5 x indicator: 3.75, 6.25, ..., 31.25 (and each year adds up to its benchmark).
    ind = col(*[float(v) for v in range(1, 13)])
    res = call_like_excel(GDP_CHOWLIN, col(30.0, 70.0, 110.0), ind)
    approx_rows(res, [[1.25 + 2.5 * q] for q in range(1, 13)], abs=1e-6)
    approx_rows(call_like_excel(GDP_ALLOCATE, 100.0, col(1.0, 3.0)), [[25.0], [75.0]])
    approx_rows(call_like_excel(GDP_RAKE, col(10.0, 30.0), 80.0), [[20.0], [60.0]])


def test_empty_base_value_gives_empty_results_not_an_error():
    # an empty benchmark cell is a missing value: every extrapolated value is missing
    assert call_like_excel(GDP_EXTRAPOLATE, None, col(100.0, 103.0)) == [[""], [""]]
    assert udfs.GDP_EXTRAPOLATE(None, [100.0, 103.0]) == [None, None]


def test_check_sum_negative_tolerance_is_a_short_gdp_error():
    res = call_like_excel(GDP_CHECK_SUM, col(1.0, 2.0), 3.0, -1.0)
    assert res == [["#GDP! tolerance must not be negative"]]


def test_garbage_collector_is_restored_after_calls():
    import gc

    assert gc.isenabled()
    udfs.GDP_GROWTH([1.0, 2.0])
    udfs.GDP_GROWTH("junk")
    assert gc.isenabled()
    gc.disable()
    try:
        udfs.GDP_GROWTH([1.0, 2.0])
        assert not gc.isenabled()  # never turned on behind the caller's back
    finally:
        gc.enable()


def test_an_empty_cell_for_optional_taxes_is_the_default_not_missing():
    # a formula returning "" in the taxes cell: same as omitting taxes (docs: conventions)
    gva = ((10.0, 20.0), (1.0, 2.0))
    approx_rows(call_like_excel(GDP_GDP, gva, ""), [[30.0], [3.0]])
    approx_rows(call_like_excel(GDP_GDP, gva, "", ""), [[30.0], [3.0]])
    # a column with one empty period stays missing for that period only: (1+2)+5 ; (10+20)+?
    approx_rows(call_like_excel(GDP_GDP, gva, col(None, 5.0)), [[""], [8.0]])
