"""Linking old-base and new-base series (hand derivations written in each test).

No published worked example with numbers for the link (ratio) method at one period or for the
linear interpolation of the new/old ratio was found (searched this session: IMF QNA Manual 2017
ch. 8, Statistics Canada 13-605, UN/ECA rebasing guides, ABS linking notes — the stored pages
hold only index-splicing textbook exercises). The issue's own example (issue 8) is derived by
hand below.
"""

import numpy as np
import pytest

from xladdin.gdp import SpliceResult, growth, splice_interpolate, splice_ratio
from xladdin.gdp.errors import (
    CalculationError,
    DivisionByZeroError,
    NonPositiveError,
    NoOverlapError,
    ShapeError,
)

OLD_10PCT = [100.0, 110.0, 121.0, 133.1, 146.41]  # +10 % a year


def test_ratio_hand_example():
    # old 100, 110, 121 (10 % a year); new starts at 242 in period 3, ratio = 242/121 = 2
    # linked: 200, 220, 242, then new 266.2
    r = splice_ratio([100.0, 110.0, 121.0, None], [None, None, 242.0, 266.2])
    assert isinstance(r, SpliceResult)
    assert r.series.tolist() == pytest.approx([200.0, 220.0, 242.0, 266.2])
    assert r.overlap_positions == (3,)
    assert r.link_position == 3
    assert r.link_ratio == pytest.approx(2.0)
    assert r.ratio_or_difference == pytest.approx(2.0)
    assert r.method == "ratio"
    # factor 2 applied before the link, none (NaN) where the new series is used
    assert r.factors[:2].tolist() == [2.0, 2.0] and np.isnan(r.factors[2:]).all()


def test_ratio_links_at_one_period_not_the_mean_of_the_overlap():
    # issue 8: old +10 % a year, new from period 3 with a 3-period overlap: 250, 270, 300.
    # link = first overlap (period 3): r = 250 / 121; periods 1-2: 100 r, 110 r.
    new = [None, None, 250.0, 270.0, 300.0]
    r = splice_ratio(OLD_10PCT, new)
    k = 250.0 / 121.0
    assert r.link_position == 3
    assert r.series.tolist() == pytest.approx([100 * k, 110 * k, 250.0, 270.0, 300.0])
    # growth into the link is the old 10 %, not a jump (the mean-ratio method gave 13.78 %)
    assert r.series[2] / r.series[1] - 1 == pytest.approx(0.10)
    assert r.series[3] / r.series[2] - 1 == pytest.approx(270 / 250 - 1)


def test_ratio_user_chosen_link():
    # link = period 4: r = 270 / 133.1; periods 1-3 are old x r, so growth 3 -> 4 is old 10 %
    new = [None, None, 250.0, 270.0, 300.0]
    r = splice_ratio(OLD_10PCT, new, link=4)
    k = 270.0 / 133.1
    assert r.link_position == 4 and r.link_ratio == pytest.approx(k)
    assert r.series.tolist() == pytest.approx([100 * k, 110 * k, 121 * k, 270.0, 300.0])
    assert r.series[3] / r.series[2] - 1 == pytest.approx(0.10)
    assert r.overlap_positions == (3, 4, 5)


def test_ratio_fills_gaps_of_the_new_series_after_the_link():
    # new has no value in period 3: old 121 x link ratio 2 = 242
    r = splice_ratio([100.0, 110.0, 121.0, 130.0], [None, 220.0, None, 300.0])
    assert r.series.tolist() == pytest.approx([200.0, 220.0, 242.0, 300.0])


def test_interpolate_issue_example():
    # issue 8: old 100, 110, 121, 133.1, 146.41, old base = period 1, new 161.051 in period 5.
    # r_L = 161.051 / 146.41 = 1.1; r_B = 1; ratio at t = 1 + 0.1 x (t - 1) / 4:
    # 1, 1.025, 1.05, 1.075, 1.1 -> 100, 112.75, 127.05, 143.0825, 161.051
    r = splice_interpolate(OLD_10PCT, [None, None, None, None, 161.051], old_base=1)
    assert r.link_ratio == pytest.approx(1.1)
    assert r.old_base_position == 1 and r.old_base_ratio == 1.0
    assert r.factors[:4].tolist() == pytest.approx([1.0, 1.025, 1.05, 1.075])
    ratios = r.series / np.array(OLD_10PCT)
    assert ratios.tolist() == pytest.approx([1.0, 1.025, 1.05, 1.075, 1.1])
    assert r.series.tolist() == pytest.approx([100.0, 112.75, 127.05, 143.0825, 161.051])
    # the default old base is the first period with an old value: same result
    d = splice_interpolate(OLD_10PCT, [None, None, None, None, 161.051])
    assert d.series.tolist() == pytest.approx(r.series.tolist())


def test_interpolate_stays_positive_issue_example():
    # issue 8: old 10, 20, 40, 80, 160 with new 60 in period 5 gave -5 and -10 additively.
    # r_L = 60/160 = 0.375; ratios 1, 0.84375, 0.6875, 0.53125 (step (0.375 - 1)/4 = -0.15625)
    # -> 10, 16.875, 27.5, 42.5, 60
    r = splice_interpolate([10.0, 20.0, 40.0, 80.0, 160.0], [None, None, None, None, 60.0])
    assert r.series.tolist() == pytest.approx([10.0, 16.875, 27.5, 42.5, 60.0])
    assert (r.series > 0).all()


def test_interpolate_old_base_inside_with_a_new_methodology_value():
    # old 50, 100, 110, 121, 133.1; old base period 2 with new-methodology value 105
    # -> r_B = 105/100 = 1.05; new 146.41 in period 5 -> r_L = 146.41/133.1 = 1.1.
    # ratio: period 1 (before B) 1.05; 2: 1.05; 3: 1.05 + 0.05/3; 4: 1.05 + 0.10/3
    old = [50.0, 100.0, 110.0, 121.0, 133.1]
    new = [None, None, None, None, 146.41]
    r = splice_interpolate(old, new, old_base=2, old_base_value=105.0)
    assert r.old_base_ratio == pytest.approx(1.05)
    expected = [
        50 * 1.05,
        105.0,
        110 * (1.05 + 0.05 / 3),
        121 * (1.05 + 0.10 / 3),
        146.41,
    ]
    assert r.series.tolist() == pytest.approx(expected)
    # without the value the old-base ratio is 1: period 1 keeps 50, period 2 keeps 100
    r1 = splice_interpolate(old, new, old_base=2)
    assert r1.series[:2].tolist() == pytest.approx([50.0, 100.0])
    assert r1.series[2] == pytest.approx(110 * (1 + 0.1 / 3))


def test_interpolate_user_link_and_span_compatibility():
    # old flat at 100; new 104 at period 4: ratio 1 at period 1 -> 1.04 at period 4
    r = splice_interpolate([100.0] * 4, [None, None, None, 104.0])
    assert r.series.tolist() == pytest.approx([100.0, 100 + 4 / 3, 100 + 8 / 3, 104.0])
    # span 2 = old base two periods before the link (period 2): ratio 1, 1, 1.02, 1.04
    r2 = splice_interpolate([100.0] * 4, [None, None, None, 104.0], span=2)
    assert r2.old_base_position == 2
    assert r2.series.tolist() == pytest.approx([100.0, 100.0, 102.0, 104.0])
    # user link at period 4 although period 3 overlaps: r_L = 108/100, r_B = 1 (period 1)
    r3 = splice_interpolate([100.0] * 4, [None, None, 104.0, 108.0], link=4)
    assert r3.series.tolist() == pytest.approx([100.0, 102 + 2 / 3, 105 + 1 / 3, 108.0])


def test_bad_link_and_old_base():
    with pytest.raises(NoOverlapError, match="link period 1 has no new value"):
        splice_ratio([1.0, 2.0], [None, 2.0], link=1)
    with pytest.raises(ShapeError, match="at most 2"):
        splice_ratio([1.0, 2.0], [None, 2.0], link=3)
    with pytest.raises(DivisionByZeroError, match="link period 2"):
        splice_ratio([1.0, 0.0], [None, 2.0])
    with pytest.raises(CalculationError, match="must be before the link"):
        splice_interpolate([1.0, 2.0, 3.0], [None, 2.0, 3.0], old_base=2)
    with pytest.raises(NonPositiveError):
        splice_interpolate([1.0, 2.0, 3.0], [None, None, -3.0])


def test_interpolate_without_old_values_before_the_link():
    # nothing to back-cast: the result is the new series (period 1 stays empty)
    r = splice_interpolate([None, 5.0, 6.0], [None, 10.0, 12.0])
    assert np.isnan(r.series[0]) and r.series[1:].tolist() == [10.0, 12.0]
    r1 = splice_interpolate([5.0, 6.0], [10.0, 12.0])  # link at period 1
    assert r1.series.tolist() == [10.0, 12.0] and r1.link_position == 1


def test_no_overlap_and_shapes():
    with pytest.raises(NoOverlapError):
        splice_ratio([1.0, None], [None, 2.0])
    with pytest.raises(ShapeError):
        splice_interpolate([1.0, 2.0], [1.0])


def test_missing_old_values_stay_missing():
    r = splice_ratio([None, 110.0, 121.0], [None, None, 242.0])
    assert np.isnan(r.series[0]) and r.series[1:].tolist() == pytest.approx([220.0, 242.0])
    assert growth(r.series)[2] == pytest.approx(10.0)


def test_inputs_not_mutated():
    old = np.array([1.0, 2.0, 3.0])
    new = np.array([np.nan, 4.0, 6.0])
    splice_ratio(old, new)
    splice_interpolate(old, new)
    assert old.tolist() == [1.0, 2.0, 3.0] and np.isnan(new[0]) and new[1:].tolist() == [4.0, 6.0]


def test_province_backcast_by_industry_at_current_and_constant_prices():
    # The provinces' situation (issue 8): an old-base series (2002 prices) by industry to 2014,
    # a new-base compile (2012 prices) from 2012. Years 2002..2016 = positions 1..15; the new
    # base year 2012 is position 11, the old base year 2002 position 1.
    years = np.arange(2002, 2017)
    t = years - 2002
    old_a = np.where(years <= 2014, 100 * 1.05**t, np.nan)  # +5 % a year at 2002 prices
    old_b = np.where(years <= 2014, 50 * 1.10**t, np.nan)  # +10 % a year
    new_a = np.where(years >= 2012, 200 * 1.04 ** (years - 2012), np.nan)  # +4 % from 2012
    new_b = np.where(years >= 2012, 130 * 1.02 ** (years - 2012), np.nan)
    # current prices: old deflators +3 % (A) and +6 % (B) a year from 100 in 2002; new
    # current values in 2012 equal the new constant values (base year), then +2 % a year
    old_a_cur, old_b_cur = old_a * 1.03**t, old_b * 1.06**t
    new_a_cur = np.where(years >= 2012, new_a * 1.02 ** (years - 2012), np.nan)
    new_b_cur = np.where(years >= 2012, new_b * 1.02 ** (years - 2012), np.nan)

    # link (ratio) method, by industry
    ka, kb = splice_ratio(old_a, new_a), splice_ratio(old_b, new_b)
    assert ka.link_position == kb.link_position == 11  # 2012, the first year with both
    assert ka.link_ratio == pytest.approx(200 / (100 * 1.05**10))
    # growth by hand: A +5 % every year up to 2012 (incl. 2011 -> 2012), +4 % after
    ga = growth(ka.series)[1:] / 100
    assert ga[:10] == pytest.approx([0.05] * 10) and ga[10:] == pytest.approx([0.04] * 4)
    gb = growth(kb.series)[1:] / 100
    assert gb[:10] == pytest.approx([0.10] * 10) and gb[10:] == pytest.approx([0.02] * 4)
    # current prices by the same method, same link; implicit deflator before the link = the
    # old deflator scaled by (current ratio / constant ratio): 2012 deflator of the new base
    # (100) with the old deflator's movement (+3 % a year for A) before it
    ca = splice_ratio(old_a_cur, new_a_cur)
    deflator_a = ca.series / ka.series * 100
    assert deflator_a[10] == pytest.approx(100.0)
    assert deflator_a[9] == pytest.approx(100 / 1.03)
    assert deflator_a[0] == pytest.approx(100 / 1.03**10)
    cb = splice_ratio(old_b_cur, new_b_cur)
    assert (cb.series / kb.series * 100)[9] == pytest.approx(100 / 1.06)
    # GVA deflator of the total = Σ current / Σ constant of the back-cast parts
    total_cur = ca.series + cb.series
    assert total_cur[10] == pytest.approx(330.0)
    # totals are the sum of their back-cast parts (not a back-cast of the old total)
    total = ka.series + kb.series
    assert total[0] == pytest.approx(200 / 1.05**10 + 130 / 1.10**10)
    assert total[10] == pytest.approx(330.0)

    # interpolation method, old base 2002 (position 1): ratio 1 in 2002, r_L in 2012
    ia = splice_interpolate(old_a, new_a, old_base=1)
    r_l = 200 / (100 * 1.05**10)
    assert ia.series[0] == pytest.approx(100.0)  # the old 2002 value is kept
    # 2003: old 105 × (1 + (r_L − 1) × 1/10); growth 2002 -> 2003 = 1.05 × that − 1
    assert ia.series[1] == pytest.approx(105 * (1 + (r_l - 1) / 10))
    assert growth(ia.series)[1] / 100 == pytest.approx(1.05 * (1 + (r_l - 1) / 10) - 1)
    assert ia.series[10:].tolist() == pytest.approx(new_a[10:].tolist())
    assert (ia.series > 0).all()
