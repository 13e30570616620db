"""GVA, GDP and sum checks.

Published source: Salavan province 2022 (Royal Thai Consulate-General Savannakhet, 11 Apr 2023;
row of tests/fixtures/reference/published_lao_figures.csv): agriculture 2872 + services 1609 +
industry 1373 = GDP 5854 billion kip.
"""

import numpy as np
import pytest

from xladdin.gdp import gdp, gva, sum_difference
from xladdin.gdp.errors import CalculationError, ShapeError


def test_salavan_2022_sectors_add_up_to_published_gdp():
    # published_lao_figures.csv, Salavan 2022: 2872 + 1609 + 1373 = 5854 billion kip
    sectors = [[2872.0, 1609.0, 1373.0]]
    assert gdp(sectors).tolist() == [5854.0]  # published GDP 5854 (Salavan 2022)
    assert float(sum_difference([2872.0, 1609.0, 1373.0], 5854.0)) == 0.0


def test_gva_hand_example():
    # Hand-derivable (SNA 2008 §6.75, GVA = output - IC): 100 - 40 = 60; 250 - 90 = 160
    assert gva([100.0, 250.0], [40.0, 90.0]).tolist() == [60.0, 160.0]


def test_gva_missing_propagates_and_shapes():
    out = gva([[100.0], [None]], [[40.0], [10.0]])
    assert out.shape == (2, 1)
    assert out[0, 0] == 60.0 and np.isnan(out[1, 0])
    with pytest.raises(ShapeError, match="output has 5 cells, intermediate has 4"):
        gva([1.0] * 5, [1.0] * 4)


def test_gva_rejects_text():
    with pytest.raises(CalculationError, match=r"intermediate has text 'n\.a\.' in cell 2"):
        gva([1.0, 2.0], [1.0, "n.a."])


def test_gdp_rows_are_periods_with_taxes_and_subsidies():
    # Hand-derivable (SNA 2008 §16.41): (10+20+30) + 5 - 1 = 64 ; (1+2+3) + 1 - 0 = 7
    table = [[10.0, 20.0, 30.0], [1.0, 2.0, 3.0]]
    assert gdp(table, taxes=[5.0, 1.0], subsidies=[1.0, 0.0]).tolist() == [64.0, 7.0]


def test_gdp_missing_industry_gives_missing_period():
    out = gdp([[10.0, None], [1.0, 2.0]])
    assert np.isnan(out[0]) and out[1] == 3.0


def test_gdp_tax_length_must_match_periods():
    with pytest.raises(ShapeError, match="gva has 2 periods"):
        gdp([[1.0, 2.0], [3.0, 4.0]], taxes=[1.0, 2.0, 3.0])


def test_sum_difference_per_row():
    d = sum_difference([[1.0, 2.0], [3.0, 4.0]], [3.0, 8.0])
    assert d.tolist() == [0.0, -1.0]
