"""Splicing old-base and new-base series (hand-derived examples; derivations written out).

No published worked example of ratio splicing or of the linear interpolation of the level
difference was found (searched: UN/Eurostat back-casting handbooks, IMF QNA 2017, ABS
back-casting notes, public code); see the test report.
"""

import numpy as np
import pytest

from xladdin.gdp import SpliceResult, splice_interpolate, splice_ratio
from xladdin.gdp.errors import NoOverlapError, ShapeError


def test_ratio_hand_example():
    # old 100, 110, 121 (10 % a year); new starts at 242 in period 3, ratio = 242/121 = 2
    # linked: 200, 220, 242, then new 266.2
    r = splice_ratio([100.0, 110.0, 121.0, None], [None, None, 242.0, 266.2])
    assert isinstance(r, SpliceResult)
    assert r.series.tolist() == pytest.approx([200.0, 220.0, 242.0, 266.2])
    assert r.overlap_positions == (3,)
    assert r.ratio_or_difference == pytest.approx(2.0)
    assert r.method == "ratio"


def test_ratio_uses_mean_over_several_overlap_periods():
    # overlap periods 2 and 3: mean(new) = (22+24)/2 = 23, mean(old) = (10+13)/2 = 11.5; k = 2
    r = splice_ratio([5.0, 10.0, 13.0], [None, 22.0, 24.0])
    assert r.ratio_or_difference == pytest.approx(2.0)
    assert r.series.tolist() == pytest.approx([10.0, 22.0, 24.0])


def test_interpolate_hand_example():
    # old flat at 100; new 104 at period 4: difference 4 spread linearly over the 3 periods
    # before it: weights 0, 1/3, 2/3 -> 100, 101.33, 102.67, then 104
    r = splice_interpolate([100.0, 100.0, 100.0, 100.0], [None, None, None, 104.0])
    assert r.series.tolist() == pytest.approx([100.0, 100 + 4 / 3, 100 + 8 / 3, 104.0])
    assert r.ratio_or_difference == pytest.approx(4.0)
    # span 2, first overlap k = 3 (0-based): weights max(0, 1 - (3 - t)/2)
    r1 = splice_interpolate([100.0] * 4, [None, None, None, 104.0], span=2)
    # t=2 -> 1 - 1/2 = 0.5 -> 100 + 0.5*4 = 102; t=1 -> 0; t=0 -> 0
    assert r1.series.tolist() == pytest.approx([100.0, 100.0, 102.0, 104.0])


def test_no_overlap_and_shapes():
    with pytest.raises(NoOverlapError):
        splice_ratio([1.0, None], [None, 2.0])
    with pytest.raises(ShapeError):
        splice_interpolate([1.0, 2.0], [1.0])


def test_inputs_not_mutated():
    old = np.array([1.0, 2.0, 3.0])
    new = np.array([np.nan, 4.0, 6.0])
    splice_ratio(old, new)
    assert old.tolist() == [1.0, 2.0, 3.0] and np.isnan(new[0]) and new[1:].tolist() == [4.0, 6.0]
