"""Contributions to growth.

The annual-overlap contributions are checked on the Bundesbank KIX 2.0 example
(tests/fixtures/reference/kix_annual_overlap_aggregation.csv): contributions of A and B must add
up to the growth of the KIX aggregate of A and B (Eurostat Handbook on QNA 2013 §5.4: the
annual-overlap contributions are additive), and the aggregate itself matches the published
column ``result_2005eq100``. The Bundesbank's own published growth contributions of a single
component (example ``WBG``) are in test_published_contributions.py.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from xladdin.gdp import (
    chain_link,
    chain_sum_annual_overlap,
    contributions,
    contributions_annual_overlap,
    contributions_chain_annual,
    growth,
)
from xladdin.gdp.errors import ShapeError

REFERENCE = Path(__file__).resolve().parents[1] / "fixtures" / "reference"
positive = st.floats(min_value=0.5, max_value=1e5, allow_nan=False, allow_infinity=False)


def test_fixed_base_hand_example():
    # total 100 -> 104 with component 60 -> 66 and 40 -> 38:
    # contributions (66-60)/100*100 = 6 pp and (38-40)/100*100 = -2 pp; sum = 4 % growth
    c = contributions([[60.0, 40.0], [66.0, 38.0]], [100.0, 104.0])
    assert np.isnan(c[0]).all()
    assert c[1].tolist() == pytest.approx([6.0, -2.0])


def test_fixed_base_shape_error():
    with pytest.raises(ShapeError):
        contributions([1.0, 2.0, 3.0], [1.0, 2.0])


def test_annual_overlap_contributions_add_up_on_kix_example():
    kix = pd.read_csv(REFERENCE / "kix_annual_overlap_aggregation.csv")
    idx, val = kix[["A", "B"]].to_numpy(), kix[["wA", "wB"]].to_numpy()
    total = chain_sum_annual_overlap(idx, val, 2004, 2005)
    # the aggregate is the published one (Bundesbank KIX 2.0, column result_2005eq100)
    np.testing.assert_array_equal(np.round(total, 2), kix["result_2005eq100"].to_numpy())
    c = contributions_annual_overlap(idx, val, total, val.sum(axis=1))
    g = growth(total)
    assert np.isnan(c[0]).all() and np.isnan(g[0])
    np.testing.assert_allclose(c[1:].sum(axis=1), g[1:], atol=1e-10)
    # against the published (rounded) aggregate the sum agrees to rounding
    g_pub = growth(kix["result_2005eq100"].to_numpy())
    np.testing.assert_allclose(c[1:].sum(axis=1), g_pub[1:], atol=0.02)


def test_annual_overlap_single_component_contributes_all_growth():
    # one component that *is* the total: its contribution equals the total's growth
    idx = np.array([90.0, 95.0, 100.0, 105.0, 104.0, 108.0, 110.0, 115.0, 117.0])
    val = np.array([9.0, 10.0, 11.0, 12.0, 12.5, 13.0, 14.0, 15.0, 16.0])
    c = contributions_annual_overlap(idx, val, idx, val)
    np.testing.assert_allclose(c[1:], growth(idx)[1:], atol=1e-10)


def test_chain_annual_contributions_hand_example():
    # Two goods (ABS "Demystifying chain volume measures" set-up, as in test_chain.py):
    # prices Pa = 1, 2, 3 and Po = 3, 4, 5; quantities Qa = 5, 8, 13 and Qo = 3, 5, 10.
    # CP_a = 5, 16, 39; CP_o = 9, 20, 50; total CP = 14, 36, 89.
    # PYP_a = 1×8 = 8, 2×13 = 26; PYP_o = 3×5 = 15, 4×10 = 40; total PYP = 23, 66.
    # year 2: a (8 − 5)/14 × 100 = 21.43, o (15 − 9)/14 × 100 = 42.86; total 23/14 − 1 = 64.29 %
    # year 3: a (26 − 16)/36 × 100 = 27.78, o (40 − 20)/36 × 100 = 55.56; 66/36 − 1 = 83.33 %
    cp = [[5.0, 9.0], [16.0, 20.0], [39.0, 50.0]]
    pyp = [[None, None], [8.0, 15.0], [26.0, 40.0]]
    c = contributions_chain_annual(cp, pyp)
    assert np.isnan(c[0]).all()
    assert c[1].tolist() == pytest.approx([300 / 14, 600 / 14])
    assert c[2].tolist() == pytest.approx([1000 / 36, 2000 / 36])
    total = chain_link([14.0, 36.0, 89.0], [None, 23.0, 66.0])
    np.testing.assert_allclose(c[1:].sum(axis=1), growth(total)[1:], rtol=1e-12)
    # the chain-linked components do not add up to the chain-linked total in year 3
    # (non-additivity): a 5 → 8 → 8×26/16 = 13; o 9 → 15 → 15×40/20 = 30; sum 43 ≠ 42.17
    parts = chain_link(np.array(cp), np.array(pyp, dtype=float))
    assert parts[2].tolist() == pytest.approx([13.0, 30.0])
    assert parts[2].sum() - total[2] == pytest.approx(43.0 - 23 * 66 / 36)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 10), st.integers(1, 5), st.data())
def test_chain_annual_contributions_add_up_to_chain_linked_growth(rows, cols, data):
    cp = data.draw(arrays(float, (rows, cols), elements=positive))
    pyp = data.draw(arrays(float, (rows, cols), elements=positive))
    c = contributions_chain_annual(cp, pyp)
    total = chain_link(cp.sum(axis=1), pyp.sum(axis=1))
    np.testing.assert_allclose(c[1:].sum(axis=1), growth(total)[1:], rtol=1e-9, atol=1e-9)
    ref = data.draw(st.integers(1, rows))
    # chain-linked volumes equal current prices in the reference year
    assert chain_link(cp.sum(axis=1), pyp.sum(axis=1), ref)[ref - 1] == pytest.approx(
        cp.sum(axis=1)[ref - 1], rel=1e-12
    )
