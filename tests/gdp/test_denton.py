"""Denton-Cholette benchmarking and pro-rata (xladdin.gdp.denton) against published results."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from xladdin.gdp.denton import denton, pro_rata
from xladdin.gdp.errors import (
    DivisionByZeroError,
    MissingValueError,
    NonPositiveError,
    ShapeError,
    UnknownOptionError,
)

REFERENCE = Path(__file__).resolve().parents[1] / "fixtures" / "reference"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gdp"


def _sales_a() -> np.ndarray:
    # tempdisagg swisspharma `sales.a`, 1975-2010 (see tests/fixtures/gdp/README.md)
    return np.loadtxt(FIXTURES / "swisspharma_sales_a.csv", delimiter=",", skiprows=1)[:, 1]


# --------------------------------------------------------------------------- published results
def test_denton_1971_example_matches_stata():
    # Denton (1971) example; expected = Stata results as stored in statsmodels' test suite
    # (statsmodels/tsa/interp/tests/test_denton.py::test_denton_quarterly2), copied into
    # tests/fixtures/reference/denton_1971_stata.csv.
    with open(REFERENCE / "denton_1971_stata.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    indicator = [float(r["indicator"]) for r in rows]
    expected = np.array([float(r["expected"]) for r in rows])
    benchmarks = [500, 400, 300, 400, 500]  # Denton (1971) annual benchmarks, same source
    got = denton(indicator, benchmarks)
    # published to 8 significant digits (e.g. 64.334796, 127.80616)
    np.testing.assert_allclose(got, expected, rtol=0, atol=5e-6)


def test_denton_cholette_tempdisagg_vignette_m1():
    # R tempdisagg introduction vignette: m1 <- td(sales.a ~ 1, to = "quarterly",
    # method = "denton-cholette"); predict(m1), printed to 5 decimals (fixture file).
    table = np.loadtxt(FIXTURES / "tempdisagg_vignette_denton_m1.txt", skiprows=1)
    expected = table[:, 1:].ravel()
    got = denton(np.ones(144), _sales_a())  # constant indicator, proportional, h = 1
    np.testing.assert_allclose(got, expected, rtol=0, atol=5e-6)
    # first published value, as printed in the vignette: 1975 Qtr1 = 33.38718
    assert got[0] == pytest.approx(33.38718, abs=5e-6)


# ------------------------------------------------------------------- statsmodels cross-checks
def test_matches_statsmodels_dentonm_including_extrapolation():
    sm = pytest.importorskip("statsmodels.tsa.interp.denton")
    rng = np.random.default_rng(7)
    for n_years, extra in [(5, 0), (10, 3), (30, 2)]:
        n = 4 * n_years + extra
        ind = 100 * np.exp(np.cumsum(rng.normal(0.01, 0.05, n)))
        bench = ind[: 4 * n_years].reshape(-1, 4).sum(1) * np.exp(rng.normal(0, 0.03, n_years))
        expected = sm.dentonm(ind, bench, freq="aq")  # proportional first differences (D4)
        got = denton(ind, bench)
        np.testing.assert_allclose(got, expected, rtol=1e-9, atol=0)


def test_statsmodels_monthly_variant():
    sm = pytest.importorskip("statsmodels.tsa.interp.denton")
    rng = np.random.default_rng(3)
    ind = 50 + rng.random(36) * 10
    bench = ind.reshape(-1, 3).sum(1) * 1.1
    np.testing.assert_allclose(
        denton(ind, bench, periods_per_year=3),
        sm.dentonm(ind, bench, freq="qm"),
        rtol=1e-9,
    )


# ----------------------------------------------------------------------- free ends, options
def test_free_ends_carry_period_ratio_flat_for_proportional_h1():
    rng = np.random.default_rng(11)
    ind = 100 + 20 * rng.random(28)
    bench = np.array([np.nan, 430.0, 470.0, 460.0, 500.0, np.nan])  # years 2..5 benchmarked
    x = denton(ind, bench, offset=2)  # 2 periods before year 1, so years cover 2..25
    ratio = x / ind
    first, last = 2 + 4, 2 + 4 * 5 - 1  # first / last benchmarked period
    np.testing.assert_allclose(ratio[:first], ratio[first], rtol=1e-12)
    np.testing.assert_allclose(ratio[last + 1 :], ratio[last], rtol=1e-12)
    np.testing.assert_allclose(x[first : last + 1].reshape(-1, 4).sum(1), bench[1:5])


def test_additive_h2_extrapolates_linearly():
    ind = np.r_[np.arange(16.0), np.arange(4.0)] + 10
    x = denton(ind, [60.0, 70.0, 95.0, 110.0], method="additive", h=2)
    d = x - ind
    np.testing.assert_allclose(np.diff(d[15:], 2), 0, atol=1e-9)


@pytest.mark.parametrize("conversion", ["sum", "average", "first", "last"])
@pytest.mark.parametrize("method", ["proportional", "additive"])
@pytest.mark.parametrize("h", [0, 1, 2])
def test_benchmarks_met(conversion, method, h):
    rng = np.random.default_rng(h)
    ind = 10 + rng.random(26)
    bench = 10 + rng.random(6) * (4 if conversion == "sum" else 1)
    x = denton(ind, bench, method=method, conversion=conversion, h=h, offset=1)
    block = x[1:25].reshape(6, 4)
    agg = {
        "sum": block.sum(1),
        "average": block.mean(1),
        "first": block[:, 0],
        "last": block[:, -1],
    }[conversion]
    np.testing.assert_allclose(agg, bench, rtol=1e-10)


def test_excel_style_options():
    ind = [50, 100, 150, 100] * 5
    bench = [500, 400, 300, 400, 500]
    base = denton(ind, bench)
    same = denton(
        ind,
        bench,
        method=" Proportional",
        periods_per_year=4.0,
        conversion="SUM",
        offset=0.0,
        h=1.0,
    )
    np.testing.assert_array_equal(base, same)
    np.testing.assert_allclose(
        denton(ind, [b / 4 for b in bench], conversion="average"), base, rtol=1e-12
    )


def test_column_input_is_flattened():
    ind = np.array([50, 100, 150, 100] * 5, dtype=float).reshape(-1, 1)
    out = denton(ind, np.array([[500, 400, 300, 400, 500]]))
    assert out.shape == (20,)


def test_proportional_indicator_in_other_units_keeps_full_precision():
    # Indicator in kip, benchmarks in billions of kip: the same result as the indicator in
    # billions, to round-off. (Before the solver worked on the ratio x/i, a 1e12 scale lost
    # five digits: max relative error 1e-5.)
    rng = np.random.default_rng(5)
    ind = 100 * np.exp(np.cumsum(rng.normal(0.01, 0.05, 40)))
    bench = ind.reshape(-1, 4).sum(1) * np.exp(rng.normal(0, 0.03, 10)) * 50
    ref = denton(ind, bench)
    for scale in [1e-9, 1e3, 1e9, 1e12]:
        np.testing.assert_allclose(denton(ind * scale, bench), ref, rtol=1e-13)


def test_large_series_runs():
    rng = np.random.default_rng(0)
    ind = 100 * np.exp(np.cumsum(rng.normal(0.002, 0.02, 4000)))
    bench = ind.reshape(-1, 4).sum(1) * 1.05
    x = denton(ind, bench)
    np.testing.assert_allclose(x.reshape(-1, 4).sum(1), bench, rtol=1e-9)


# ----------------------------------------------------------------------------------- errors
def test_errors():
    ind = [50, 100, 150, 100] * 2
    with pytest.raises(NonPositiveError, match="indicator"):
        denton([1, 2, 0, 4], [7])
    assert denton([1, -2, 3, 4], [7], method="additive").sum() == pytest.approx(7)
    with pytest.raises(UnknownOptionError, match="proportional, prop, additive"):
        denton(ind, [400, 400], method="ratio")
    with pytest.raises(UnknownOptionError, match="sum, average"):
        denton(ind, [400, 400], conversion="total")
    with pytest.raises(UnknownOptionError, match="periods_per_year"):
        denton(ind, [400, 400], periods_per_year=4.5)
    with pytest.raises(MissingValueError, match="position 2"):
        denton(ind * 2, [400, np.nan, 400, 400])
    with pytest.raises(MissingValueError, match="indicator"):
        denton([1, np.nan, 3, 4], [7])
    with pytest.raises(MissingValueError, match="no values"):
        denton(ind, [np.nan, np.nan])
    with pytest.raises(ShapeError, match="indicator has 8"):
        denton(ind, [400, 400, 400])
    with pytest.raises(ShapeError, match="h=2"):
        denton(ind, [400, np.nan], h=2)
    assert denton(ind, [400, 400, np.nan]).shape == (8,)  # trailing blank: not benchmarked


def test_blank_inside_benchmarks_names_the_benchmark_and_its_periods():
    # A provincial user sees this as "#GDP! <message>": it must say which benchmark cell is
    # blank and which quarters of the indicator it covers, and what to do about it.
    ind = [50, 100, 150, 100] * 6
    with pytest.raises(MissingValueError) as err:
        denton(ind, [400, 410, np.nan, 430, 440], offset=2)  # 2 quarters before year 1
    message = str(err.value)
    assert "benchmarks has a blank at position 3" in message
    assert "indicator periods 11-14" in message  # offset 2 + 2 years x 4, then 4 quarters
    assert "fill it in" in message and "leading or trailing" in message
    # several blanks: every position is named; leading / trailing blanks are not among them
    with pytest.raises(MissingValueError, match=r"positions 3, 4 and 6 between values"):
        denton(ind * 2, [np.nan, 400, np.nan, np.nan, 410, np.nan, 420, np.nan])
    with pytest.raises(MissingValueError, match=r"position 2 \(indicator periods 5-7\)"):
        denton(ind, [300, np.nan, 320], periods_per_year=3, offset=1)  # after 1 + 3 periods
    # the same message from pro_rata (shared layout check)
    with pytest.raises(MissingValueError, match="position 3"):
        pro_rata(ind, [400, 410, np.nan, 430, 440], offset=2)


# ------------------------------------------------------------------------------- pro rata
def test_pro_rata_hand_example():
    # year 1: 20 / (1+2+3+4) = 2; year 2: 16 / 8 = 2 ... hand computed
    got = pro_rata([1, 2, 3, 4, 2, 2, 2, 2, 1, 1], [20, 24])
    np.testing.assert_allclose(got, [2, 4, 6, 8, 6, 6, 6, 6, 3, 3])
    back = pro_rata([1, 1, 1, 2, 3, 4], [20], offset=2)  # 20 / 10 = 2, carried back
    np.testing.assert_allclose(back, [2, 2, 2, 4, 6, 8])
    with pytest.raises(DivisionByZeroError):
        pro_rata([0, 0, 0, 0], [5])


# ------------------------------------------------------------------------ property tests
# CI must not flake: every run tests the same examples (seed derived from the test, no example
# database). Explore new examples locally with a higher max_examples and a --hypothesis-seed.
_CI = settings(max_examples=30, deadline=None, derandomize=True, database=None)
_values = st.floats(min_value=0.5, max_value=1e4, allow_nan=False, allow_infinity=False)


@st.composite
def _problems(draw):
    k = draw(st.sampled_from([3, 4, 12]))
    years = draw(st.integers(min_value=2, max_value=6))
    offset = draw(st.integers(min_value=0, max_value=k))
    tail = draw(st.integers(min_value=0, max_value=k))
    n = offset + years * k + tail
    ind = np.array(draw(st.lists(_values, min_size=n, max_size=n)))
    bench = np.array(draw(st.lists(_values, min_size=years, max_size=years))) * k
    return ind, bench, k, offset


@settings(_CI, max_examples=40)
@given(_problems(), st.sampled_from(["proportional", "additive"]), st.sampled_from([0, 1, 2]))
def test_property_benchmarks_add_up_and_inputs_unchanged(problem, method, h):
    ind, bench, k, offset = problem
    ind_before, bench_before = ind.copy(), bench.copy()
    x = denton(ind, bench, method=method, periods_per_year=k, offset=offset, h=h)
    years = bench.size
    sums = x[offset : offset + years * k].reshape(years, k).sum(1)
    np.testing.assert_allclose(sums, bench, rtol=1e-8)
    np.testing.assert_array_equal(ind, ind_before)
    np.testing.assert_array_equal(bench, bench_before)


@_CI
@given(_problems(), st.sampled_from([0, 1, 2]))
def test_property_additive_keeps_an_indicator_that_already_fits(problem, h):
    ind, _, k, offset = problem
    years = (ind.size - offset) // k
    bench = ind[offset : offset + years * k].reshape(years, k).sum(1)
    np.testing.assert_allclose(
        denton(ind, bench, method="additive", periods_per_year=k, offset=offset, h=h),
        ind,
        rtol=1e-9,
        atol=1e-9 * np.abs(ind).max(),
    )


# the example hypothesis found against the old solver (monthly, benchmarks ~1e-4 x the indicator)
_FLAKE = (
    np.array([1, 1, 2948, 2, 69, 1, 7478, 4021, 2, 1, 2572, 7210,
              580, 1, 3, 2, 4, 1, 827, 4, 2504, 2914, 102, 243], dtype=float),
    np.array([6.0, 12.0]),
    12,
    0,
)  # fmt: skip


@_CI
@given(_problems(), st.floats(min_value=1e-9, max_value=1e9))
@example(_FLAKE, 1e-3)
def test_property_proportional_scale_invariance(problem, c):
    # Proportional Denton is scale-free, so an indicator in other units than the benchmarks
    # (kip vs billions of kip: c = 1e9) is in its domain. This test once flaked when hypothesis
    # drew benchmarks ~1e4 x below the indicator (_FLAKE): x was computed as i + i*z with
    # z = -1 + 1e-4, losing four digits (relative error 2.5e-7). Fixed in the solver (the
    # unknown is the ratio x/i), not by loosening this assertion.
    ind, bench, k, offset = problem
    x = denton(ind, bench, periods_per_year=k, offset=offset)
    tol = 1e-10 * np.abs(x).max()  # round-off on badly scaled random problems
    np.testing.assert_allclose(
        denton(ind * c, bench, periods_per_year=k, offset=offset), x, rtol=1e-7, atol=tol
    )
    np.testing.assert_allclose(
        denton(ind, bench * c, periods_per_year=k, offset=offset), x * c, rtol=1e-7, atol=tol * c
    )


def test_excel_shaped_inputs_with_empty_cells():
    # xlwings passes a column as a list of 1-tuples and empty cells as None
    ind = tuple((v,) for v in [50, 100, 150, 100] * 5)
    bench = ((500,), (400,), (300,), (400,), (500,), (None,))
    expected = denton([50, 100, 150, 100] * 5, [500, 400, 300, 400, 500])
    np.testing.assert_array_equal(denton(ind, bench), expected)
    np.testing.assert_array_equal(pro_rata(ind, bench), pro_rata(ind, bench[:5]))
