"""Top-down allocation and G-Series raking (xladdin.gdp.regional)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from xladdin.findings import Severity, finding, get_type
from xladdin.gdp.errors import (
    DivisionByZeroError,
    InfeasibleError,
    MissingValueError,
    NonPositiveError,
    ShapeError,
    UnknownOptionError,
)
from xladdin.gdp.regional import allocate, rake


# --------------------------------------------------------------------------- published examples
def test_gseries_tsraking_example_1():
    # Statistics Canada, R package gseries 3.0, tsraking() documentation, Example 1:
    # cars = 25, vans = 5, total = 40  ->  cars 33.33333, vans 6.666667
    got = rake([25.0, 5.0], 40.0)
    np.testing.assert_allclose(got, [33.33333, 6.666667], atol=5e-6)


def test_gseries_negative_values_example():
    # gseries tsraking() documentation, "Arguments Vmat_option and warnNegInput":
    # A + B = C with A = 2, B = -2, C = 1: Vmat_option = 1 fails; Vmat_option = 2 gives
    # A = 2.5, B = -1.5 (25% increase for A and B)
    np.testing.assert_allclose(rake([2.0, -2.0], 1.0, basis="abs"), [2.5, -1.5])
    with pytest.raises(InfeasibleError, match="cannot meet total 1"):
        rake([2.0, -2.0], 1.0)  # basis "value" (= Vmat_option 1)


# --------------------------------------------------------------------------------- rake
def test_rake_alterability_and_blanks():
    comps = np.array([[10.0, 20.0, np.nan], [30.0, 40.0, 30.0]])
    got = rake(comps, [40.0, 110.0], alterability=[1.0, 0.0, 1.0])
    # row 1: only the first cell may move: 10 + 10 = 20; the blank stays blank
    np.testing.assert_allclose(got[0], [20.0, 20.0, np.nan])
    # row 2: 10 shared by cells 1 and 3 in proportion 30:30
    np.testing.assert_allclose(got[1], [35.0, 40.0, 35.0])
    unchanged = rake(comps, [40.0, np.nan])  # blank total: row left as submitted
    np.testing.assert_array_equal(unchanged[1], comps[1])


def test_rake_errors():
    with pytest.raises(InfeasibleError, match="row 2"):
        rake([[1.0, 2.0], [3.0, 4.0]], [3.0, 9.0], alterability=0)
    with pytest.raises(InfeasibleError, match="all zero or held fixed"):
        rake([0.0, 0.0], 5.0)
    assert rake([0.0, 0.0], 0.0).tolist() == [0.0, 0.0]  # nothing to do
    with pytest.raises(UnknownOptionError, match="value, values"):
        rake([1.0, 2.0], 3.0, basis="uniform")
    with pytest.raises(ShapeError):
        rake([[1.0, 2.0], [3.0, 4.0]], [3.0, 4.0, 5.0])
    with pytest.raises(NonPositiveError, match="alterability"):
        rake([1.0, 2.0], 4.0, alterability=[1.0, -1.0])
    with pytest.raises(MissingValueError, match="alterability"):
        rake([1.0, 2.0], 4.0, alterability=[1.0, np.nan])
    with pytest.raises(ShapeError, match="alterability"):
        rake([1.0, 2.0], 4.0, alterability=[1.0, 1.0, 1.0])


# -------------------------------------------------------------------------------- allocate
def test_allocate():
    np.testing.assert_allclose(allocate(100.0, [1.0, 3.0]), [25.0, 75.0])  # hand computed
    got = allocate([10.0, 20.0, np.nan], [[1.0, 1.0], [1.0, 3.0], [2.0, 2.0]])
    np.testing.assert_allclose(got[:2], [[5.0, 5.0], [5.0, 15.0]])
    assert np.isnan(got[2]).all()  # blank total, blank row
    np.testing.assert_allclose(allocate(8.0, [[1.0, 3.0], [1.0, 1.0]]), [[2, 6], [4, 4]])
    with pytest.raises(DivisionByZeroError):
        allocate(5.0, [0.0, 0.0])
    with pytest.raises(NonPositiveError):
        allocate(5.0, [1.0, -1.0])
    with pytest.raises(MissingValueError, match="position 2"):
        allocate(5.0, [1.0, np.nan])
    with pytest.raises(ShapeError):
        allocate([1.0, 2.0], [1.0, 2.0, 3.0])


# ------------------------------------------------------------------------------ findings
def test_rake_finding_type():
    ftype = get_type("rake-total-not-met")
    assert ftype.severity is Severity.WARNING
    f = finding("rake-total-not-met", what="Agriculture 2023", total=1234.5, reason="fixed")
    assert "1,234.5" in f.message_en and "1,234.5" in f.message_lo
    assert not ftype.lo.isascii()
    assert get_type("rake-negative-result").fields() == {"what", "total", "value"}


# ------------------------------------------------------------------------ property tests
# No subnormal numbers (|x| < 2.2e-308): they carry fewer than 16 significant digits, so shares
# of a subnormal total cannot meet rtol=1e-7 (a stress run found total=2.2e-309). Not a value a
# national-accounts table holds; every other float in range is drawn.
_value = st.floats(
    min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False, allow_subnormal=False
)
_positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)
# CI must not flake: every run tests the same examples (seed derived from the test, no example
# database). Explore new examples locally with a higher max_examples and a --hypothesis-seed.
_CI = settings(deadline=None, derandomize=True, database=None)


@settings(_CI, max_examples=60)
@given(
    st.lists(_positive, min_size=2, max_size=20),
    _positive,
    st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0]), min_size=20, max_size=20),
)
def test_property_rake_hits_total_and_keeps_fixed(values, total, alter):
    comps = np.array(values)
    a = np.array(alter[: comps.size])
    assume(a.any())
    before, a_before = comps.copy(), a.copy()
    out = rake(comps, total, alterability=a)
    assert out.sum() == pytest.approx(total, rel=1e-9, abs=1e-6)
    np.testing.assert_array_equal(out[a == 0], comps[a == 0])
    np.testing.assert_array_equal(comps, before)
    np.testing.assert_array_equal(a, a_before)


@settings(_CI, max_examples=60)
@given(st.lists(_value, min_size=2, max_size=12), _value)
def test_property_rake_abs_basis_handles_mixed_signs(values, total):
    comps = np.array(values)
    assume(np.abs(comps).sum() > 1e-3)
    comps[0] = np.nan  # a blank component stays blank
    assume(np.nansum(np.abs(comps)) > 1e-3)
    out = rake(comps, total, basis="abs")
    assert np.isnan(out[0])
    assert np.nansum(out) == pytest.approx(total, rel=1e-9, abs=1e-6)
    # every component moves in the direction of the discrepancy
    gap = total - np.nansum(comps)
    assert np.all(np.sign(out[1:] - comps[1:]) * np.sign(gap) >= 0)


@settings(_CI, max_examples=40)
@given(st.lists(_positive, min_size=2, max_size=18), _value)
def test_property_allocate_shares_add_up(ind, total):
    arr = np.array(ind)
    out = allocate(total, arr)
    assert out.sum() == pytest.approx(total, rel=1e-9, abs=1e-6)
    np.testing.assert_allclose(out / out.sum() if total else out, arr / arr.sum() if total else 0)


# ------------------------------------------------------------ issue 9 helpers (levels)
from xladdin.gdp.regional import (  # noqa: E402
    allocate_exact,
    deflate_like,
    implied_growth,
    weighted_growth,
)


@settings(max_examples=200, deadline=None)
@given(
    total=st.floats(-1e9, 1e9, allow_nan=False),
    ind=st.lists(st.floats(0.0, 1e6, allow_nan=False), min_size=2, max_size=12),
)
def test_allocate_exact_adds_up_exactly(total, ind):
    assume(sum(ind) > 0)
    import math

    parts = allocate_exact(total, ind)
    assert math.fsum(parts) == total
    np.testing.assert_allclose(parts, allocate(total, ind), rtol=1e-9, atol=1e-6)


def test_allocate_exact_tie_case():
    # Found by hypothesis: 2 parts where every sum of the pair lies half-way between two floats
    # (the smaller part has a finer spacing); the smaller part must take the rest.
    import math

    t = 4083.4592162928243
    parts = allocate_exact(t, [1604.589958 * 1.0001, 2478.869258])
    assert math.fsum(parts) == t


def test_deflate_like_hand():
    # 150 at current prices, national 225 current / 210 constant: 150 * 210/225 = 140.
    assert deflate_like([150.0], [225.0], [210.0]).tolist() == [140.0]
    assert np.isnan(deflate_like([1.0], [0.0], [5.0])[0])  # zero reference: blank


def test_implied_growth_counts_regions_with_both_years():
    # Region 2 starts in period 2: growth = 110/100 - 1 = 10 %, not (110 + 40)/100 - 1.
    got = implied_growth([[100.0, np.nan], [110.0, 40.0], [121.0, 44.0]])
    assert np.isnan(got[0])
    assert got[1] == pytest.approx(10.0)
    assert got[2] == pytest.approx((165 / 150 - 1) * 100)


def test_weighted_growth_hand():
    # Weights 3:1, growth 10 and 0 -> 7.5; a blank growth drops its weight: 2 -> 2.
    got = weighted_growth([[10.0, 0.0], [np.nan, 2.0]], [3.0, 1.0])
    assert got.tolist() == [7.5, 2.0]
    with pytest.raises(NonPositiveError):
        weighted_growth([[1.0, 2.0]], [1.0, -1.0])
    with pytest.raises(ShapeError):
        weighted_growth([[1.0, 2.0]], [1.0])
