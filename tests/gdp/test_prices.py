"""Deflation, reflation, implicit deflators, extrapolation (IMF QNA Manual 2017 ch. 8).

``extrapolate`` is also checked against Eurostat's published chain-linked volumes in
test_published_prices.py, ``deflate`` against DSEC Macao (knowledge/128, Table 4) and Statistics
Canada 13-017-X Table 2.12 in test_published_method.py. For reflate / implicit_deflator no
published worked example was found (IMF QNA 2017 Examples 8.1-8.2 and the ABS/ONS worked
examples could not be read past their first page; no public data set with current prices,
volumes and the published deflator of one vintage was found); the expectations here are
hand-derived from the definitions, with the arithmetic written out.
"""

import numpy as np
import pytest

from xladdin.gdp import deflate, extrapolate, implicit_deflator, reflate, value
from xladdin.gdp.errors import DivisionByZeroError, ShapeError


def test_deflate_reflate_deflator_hand_example():
    # current 121 at price index 110 (base 100): volume = 121 / 110 * 100 = 110
    assert deflate([121.0], [110.0]).tolist() == pytest.approx([110.0])
    # volume 110 at price index 110: current = 110 * 110 / 100 = 121
    assert reflate([110.0], [110.0]).tolist() == pytest.approx([121.0])
    # implicit deflator = 121 / 110 * 100 = 110
    assert implicit_deflator([121.0], [110.0]).tolist() == pytest.approx([110.0])
    # base 1 instead of 100: 121 / 1.1 * 1 = 110
    assert deflate([121.0], [1.1], index_base=1).tolist() == pytest.approx([110.0])


def test_deflate_scalar_index_and_missing():
    out = deflate([200.0, None], 200.0)
    assert out[0] == 100.0 and np.isnan(out[1])


def test_deflate_zero_index_is_an_error():
    with pytest.raises(DivisionByZeroError, match="price_index is zero in cell 2"):
        deflate([1.0, 2.0], [100.0, 0.0])


def test_extrapolate_hand_example():
    # 200 * [100, 103, 106.09] / 100 = [200, 206, 212.18]
    assert extrapolate(200.0, [100.0, 103.0, 106.09]).tolist() == pytest.approx(
        [200.0, 206.0, 212.18]
    )
    # base at position 2: 206 * [100, 103] / 103 = [200, 206]
    assert extrapolate(206.0, [100.0, 103.0], base_position=2.0).tolist() == pytest.approx(
        [200.0, 206.0]
    )
    with pytest.raises(ShapeError):
        extrapolate(1.0, [1.0, 2.0], base_position=3)


def test_value():
    assert value([2.0, 3.0], [10.0, 11.0]).tolist() == [20.0, 33.0]


def test_extrapolate_missing_benchmark_gives_missing_not_an_error():
    # a missing input propagates to missing results (xladdin.gdp convention)
    assert np.isnan(extrapolate(None, [100.0, 103.0])).all()
    assert np.isnan(extrapolate(float("nan"), [100.0, 103.0])).all()
    with pytest.raises(ShapeError, match="base_value must be a single number"):
        extrapolate([1.0, 2.0], [100.0, 103.0])
