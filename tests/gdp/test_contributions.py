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

from xladdin.gdp import (
    chain_sum_annual_overlap,
    contributions,
    contributions_annual_overlap,
    growth,
)
from xladdin.gdp.errors import ShapeError

REFERENCE = Path(__file__).resolve().parents[1] / "fixtures" / "reference"


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
