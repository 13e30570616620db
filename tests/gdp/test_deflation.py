"""Double deflation, single indicator, direct entries, taxes at constant prices.

Hand derivations (issue 8's example, reconstructed): the issue says output volume +5 %, output
price +20 %, IC price +50 % gives current GVA 630 by double deflation and 756 by the single
indicator. With base-year GVA 600 the single indicator gives 600 × 1.05 × 1.20 = 756. If IC
moves with output in volume, current GVA = 1.05 × 1.20 × O − 1.05 × 1.50 × IC with O − IC = 600:
1.26 (600 + IC) − 1.575 IC = 630 → 0.315 IC = 126 → IC = 400, O = 1000. So the base year is
output 1000, IC 400, GVA 600; year 2: output 1050 at constant, 1260 at current prices; IC 420
at constant, 630 at current prices; GVA 630 at constant and 630 at current prices.

No published worked example with numbers for double deflation was readable here (IMF QNA
Manual 2017 Example 8.x tables are images in the stored copy); the derivation above stands in.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from xladdin.gdp import (
    apply_direct_entries,
    double_deflate,
    double_extrapolate,
    implicit_deflator,
    single_indicator,
    taxes_at_constant_prices,
)
from xladdin.gdp.errors import DivisionByZeroError, ShapeError


def test_issue_example_double_vs_single_indicator():
    r = double_extrapolate(1000.0, 400.0, [100.0, 105.0], [100.0, 120.0], [100.0, 150.0])
    # output: 1000 × 1.05 = 1050 constant, × 1.2 = 1260 current
    assert r.output.constant.tolist() == pytest.approx([1000.0, 1050.0])
    assert r.output.current.tolist() == pytest.approx([1000.0, 1260.0])
    # IC: 400 × 1.05 = 420 constant, × 1.5 = 630 current
    assert r.ic.constant.tolist() == pytest.approx([400.0, 420.0])
    assert r.ic.current.tolist() == pytest.approx([400.0, 630.0])
    # GVA: 1260 − 630 = 630 current; 1050 − 420 = 630 constant
    assert r.gva.current.tolist() == pytest.approx([600.0, 630.0])
    assert r.gva.constant.tolist() == pytest.approx([600.0, 630.0])
    s = single_indicator(600.0, [100.0, 105.0], [100.0, 120.0])
    assert s.constant.tolist() == pytest.approx([600.0, 630.0])
    assert s.current.tolist() == pytest.approx([600.0, 756.0])  # 20 % too high


def test_double_deflate_from_current_prices():
    # the same numbers the other way round: current output 1260 / 1.2 = 1050, IC 630 / 1.5 = 420
    r = double_deflate([1000.0, 1260.0], [400.0, 630.0], [100.0, 120.0], [100.0, 150.0])
    assert r.gva.current.tolist() == pytest.approx([600.0, 630.0])
    assert r.gva.constant.tolist() == pytest.approx([600.0, 630.0])
    assert r.output.constant.tolist() == pytest.approx([1000.0, 1050.0])
    assert r.ic.constant.tolist() == pytest.approx([400.0, 420.0])


def test_base_position_and_index_reference_do_not_matter():
    # base year = period 2; indices referenced to 50 in period 1 (index value in the base 60)
    # output 1200 / (72/60) = 1000 in period 3, IC 450 / (90/60) = 300; period 1: 500/(50/60)
    r = double_deflate(
        [500.0, 900.0, 1200.0],
        [200.0, 300.0, 450.0],
        [50.0, 60.0, 72.0],
        [50.0, 60.0, 90.0],
        base_position=2,
    )
    assert r.output.constant.tolist() == pytest.approx([600.0, 900.0, 1000.0])
    assert r.ic.constant.tolist() == pytest.approx([240.0, 300.0, 300.0])
    assert r.gva.constant.tolist() == pytest.approx([360.0, 600.0, 700.0])


def test_separate_ic_volume_index():
    # IC volume +10 % while output volume +5 %: IC constant 440, current 440 × 1.5 = 660
    r = double_extrapolate(
        1000.0, 400.0, [100.0, 105.0], [100.0, 120.0], [100.0, 150.0], ic_volume=[100.0, 110.0]
    )
    assert r.ic.constant.tolist() == pytest.approx([400.0, 440.0])
    assert r.gva.current.tolist() == pytest.approx([600.0, 1260.0 - 660.0])
    assert r.gva.constant.tolist() == pytest.approx([600.0, 1050.0 - 440.0])


def test_double_deflation_can_give_negative_constant_gva():
    # IC price falls strongly: constant IC 500 / 0.5 = 1000 > output 900 / 1.0: GVA −100.
    r = double_deflate([600.0, 900.0], [400.0, 500.0], [100.0, 100.0], [100.0, 50.0])
    assert r.gva.constant[1] == pytest.approx(-100.0)


def test_direct_current_entry_is_deflated_by_the_price_index():
    # issue 8: computed constant 630, current 756, price 120; typed current 900 →
    # constant 900 / 1.2 = 750; the implicit deflator 900 / 750 × 100 = 120 = the price index
    r = apply_direct_entries([600.0, 756.0], [600.0, 630.0], [100.0, 120.0], [None, 900.0])
    assert r.current.tolist() == pytest.approx([600.0, 900.0])
    assert r.constant.tolist() == pytest.approx([600.0, 750.0])
    assert implicit_deflator(r.current, r.constant).tolist() == pytest.approx([100.0, 120.0])
    assert r.deflated.tolist() == [False, True] and not r.reflated.any()


def test_direct_constant_entry_is_reflated():
    # typed constant 700 at price 120: current 700 × 1.2 = 840
    r = apply_direct_entries(
        [600.0, 756.0], [600.0, 630.0], [100.0, 120.0], direct_constant=[None, 700.0]
    )
    assert r.current.tolist() == pytest.approx([600.0, 840.0])
    assert r.constant.tolist() == pytest.approx([600.0, 700.0])
    assert r.reflated.tolist() == [False, True]
    # both typed: kept as typed and flagged
    both = apply_direct_entries(
        [600.0, 756.0], [600.0, 630.0], [100.0, 120.0], [None, 900.0], [None, 700.0]
    )
    assert both.current[1] == 900.0 and both.constant[1] == 700.0
    assert both.both_typed.tolist() == [False, True]


def test_taxes_follow_volume_not_the_gva_deflator():
    # issue 8: GVA volume +5 %, taxes 100 in the base year, VAT rate +20 % → current taxes 126.
    # Constant taxes = 100 × 1.05 = 105; deflating 126 by the GVA deflator (100) would give 126.
    # GDP at constant prices: (600 + 100) → (630 + 105): growth 735/700 − 1 = 5.0 %
    t = taxes_at_constant_prices(100.0, [600.0, 630.0])
    assert t.constant.tolist() == pytest.approx([100.0, 105.0])
    assert not t.used_taxes_volume.any()
    gdp = np.array([600.0, 630.0]) + t.constant
    assert gdp[1] / gdp[0] - 1 == pytest.approx(0.05)


def test_taxes_volume_index_where_given_else_gva_volume():
    # taxes volume 100, 108, missing; GVA 600, 630, 660 → 100, 108, 100 × 660/600 = 110
    t = taxes_at_constant_prices(100.0, [600.0, 630.0, 660.0], taxes_volume=[100.0, 108.0, None])
    assert t.constant.tolist() == pytest.approx([100.0, 108.0, 110.0])
    assert t.used_taxes_volume.tolist() == [True, True, False]
    # without its base-year value the taxes volume index cannot be used at all
    t2 = taxes_at_constant_prices(100.0, [600.0, 630.0], taxes_volume=[None, 108.0])
    assert t2.constant.tolist() == pytest.approx([100.0, 105.0])
    # subsidies: the same function; base position 2
    s = taxes_at_constant_prices(20.0, [600.0, 630.0, 693.0], base_position=2)
    assert s.constant.tolist() == pytest.approx([20 * 600 / 630, 20.0, 22.0])


def test_errors():
    with pytest.raises(DivisionByZeroError, match="output_price is zero in the base period 1"):
        double_deflate([1.0, 2.0], [1.0, 1.0], [0.0, 1.0], [1.0, 1.0])
    with pytest.raises(DivisionByZeroError, match="ic_price is empty in the base period 2"):
        double_deflate([1.0, 2.0], [1.0, 1.0], [1.0, 1.0], [1.0, None], base_position=2)
    with pytest.raises(ShapeError):
        double_deflate([1.0, 2.0], [1.0], [1.0, 1.0], [1.0, 1.0])
    with pytest.raises(ShapeError, match="base_position is 3"):
        single_indicator(1.0, [1.0, 2.0], [1.0, 1.0], base_position=3)


def test_missing_values_propagate():
    r = double_deflate([1000.0, None], [400.0, 630.0], [100.0, 120.0], [100.0, None])
    assert np.isnan(r.gva.constant[1]) and np.isnan(r.gva.current[1])


positive = st.floats(min_value=0.5, max_value=1e5, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 12), st.data())
def test_property_base_year_constant_equals_current(n, data):
    out = data.draw(arrays(float, n, elements=positive))
    ic = data.draw(arrays(float, n, elements=positive))
    po = data.draw(arrays(float, n, elements=positive))
    pi = data.draw(arrays(float, n, elements=positive))
    b = data.draw(st.integers(1, n))
    r = double_deflate(out, ic, po, pi, base_position=b)
    assert r.gva.constant[b - 1] == pytest.approx(r.gva.current[b - 1], rel=1e-12)
    np.testing.assert_allclose(r.gva.current, out - ic, rtol=1e-12)
    # double_extrapolate with the deflated volumes gives back the same current prices
    e = double_extrapolate(
        out[b - 1], ic[b - 1], r.output.constant, po, pi, base_position=b, ic_volume=r.ic.constant
    )
    np.testing.assert_allclose(e.gva.current, r.gva.current, rtol=1e-9, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 12), st.data())
def test_property_direct_entries_make_the_deflator_equal_the_index(n, data):
    cur = data.draw(arrays(float, n, elements=positive))
    const = data.draw(arrays(float, n, elements=positive))
    p = data.draw(arrays(float, n, elements=positive))
    typed = data.draw(arrays(float, n, elements=positive))
    kind = data.draw(st.sampled_from(["current", "constant"]))
    r = apply_direct_entries(
        cur,
        const,
        p,
        typed if kind == "current" else None,
        typed if kind == "constant" else None,
    )
    np.testing.assert_allclose(implicit_deflator(r.current, r.constant), p / p[0] * 100, rtol=1e-9)
