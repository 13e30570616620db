"""Chain-linking and the annual-overlap aggregation (KIX).

Published source: Deutsche Bundesbank, KIX 2.0 "Method of calculation" (2019), example
``KIX,A,wA,+,B,wB,2005`` — tests/fixtures/reference/kix_annual_overlap_aggregation.csv. Every
expected number in that test is read from the published CSV (2 decimals). More published
checks (single-series unchaining and chain-linking, re-referencing against Bundesbank and
Eurostat) are in test_published_chain.py; the annual ``chain_link`` link factors remain checked
only on the hand example below.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from xladdin.gdp import (
    at_previous_year_prices,
    chain_link,
    chain_sum_annual_overlap,
    kix_details,
    rereference,
)
from xladdin.gdp.errors import MissingValueError, ShapeError

REFERENCE = Path(__file__).resolve().parents[1] / "fixtures" / "reference"


@pytest.fixture(scope="module")
def kix():
    return pd.read_csv(REFERENCE / "kix_annual_overlap_aggregation.csv")


def test_kix_result_reproduces_bundesbank_to_2_decimals(kix):
    # published column result_2005eq100 (Bundesbank KIX 2.0 example)
    got = chain_sum_annual_overlap(
        kix[["A", "B"]].to_numpy(), kix[["wA", "wB"]].to_numpy(), 2004, 2005
    )
    np.testing.assert_array_equal(np.round(got, 2), kix["result_2005eq100"].to_numpy())


def test_kix_intermediate_columns_reproduce_bundesbank(kix):
    # published columns A_unchained, B_unchained, weighted_sum, prev_year_avg,
    # prev_year_avg_cum, sum_chain_linked and the 2005 weights 782.83 / 125.58 (Bundesbank KIX 2.0)
    d = kix_details(kix[["A", "B"]], kix[["wA", "wB"]], 2004.0, 2005.0, 4.0)
    np.testing.assert_array_equal(
        np.round(d.unchained, 2), kix[["A_unchained", "B_unchained"]].to_numpy()
    )
    np.testing.assert_array_equal(np.round(d.weighted_sum, 2), kix["weighted_sum"].to_numpy())
    np.testing.assert_array_equal(np.round(d.prev_year_avg, 2), kix["prev_year_avg"].to_numpy())
    np.testing.assert_array_equal(
        np.round(d.prev_year_avg_cum, 2), kix["prev_year_avg_cum"].to_numpy()
    )
    np.testing.assert_array_equal(
        np.round(d.sum_chain_linked, 2), kix["sum_chain_linked"].to_numpy()
    )
    assert np.round(d.reference_weights, 2).tolist() == [782.83, 125.58]  # published weights 2005
    # README "Method notes": the 2005 average of the result is 99.69, not 100
    assert round(float(d.result[4:8].mean()), 2) == 99.69


def test_kix_reference_year_must_be_complete(kix):
    with pytest.raises(ShapeError, match="reference_year 2011"):
        chain_sum_annual_overlap(kix[["A", "B"]], kix[["wA", "wB"]], 2004, 2011)


def test_chain_link_two_goods_hand_example():
    # Two goods (ABS "Demystifying chain volume measures" set-up: prices Pa=1,2,3, Po=3,4,5;
    # quantities Qa=5,8,13, Qo=3,5,10). Derivation by hand:
    #   current prices CP = 1*5+3*3 = 14, 2*8+4*5 = 36, 3*13+5*10 = 89
    #   previous-year prices PYP_2 = 1*8+3*5 = 23, PYP_3 = 2*13+4*10 = 66
    #   reference year 1: V1 = 14, V2 = 14 * 23/14 = 23, V3 = 23 * 66/36 = 42.1666...
    cp = [14.0, 36.0, 89.0]
    pyp = [None, 23.0, 66.0]
    assert chain_link(cp, pyp).tolist() == pytest.approx([14.0, 23.0, 23.0 * 66.0 / 36.0])
    # reference year 2: V2 = 36, V1 = 36 * 14/23, V3 = 36 * 66/36 = 66
    assert chain_link(cp, pyp, 2.0).tolist() == pytest.approx([36.0 * 14.0 / 23.0, 36.0, 66.0])


def test_chain_link_gap_breaks_the_chain():
    # V2 = 10 * 11/10 = 11 needs no CP_2; V3 = V2 * 12 / CP_2 needs the missing CP_2
    out = chain_link([10.0, None, 12.0, 13.0], [None, 11.0, 12.0, 13.0])
    assert out[:2].tolist() == pytest.approx([10.0, 11.0]) and np.isnan(out[2:]).all()


def test_rereference_hand_example():
    # [50, 100, 150] with period 2 as reference: unchanged; period 1: [100, 200, 300]
    assert rereference([50.0, 100.0, 150.0], 2).tolist() == [50.0, 100.0, 150.0]
    assert rereference([50.0, 100.0, 150.0], 1).tolist() == [100.0, 200.0, 300.0]
    # average of positions 1..2 = 75 -> 100: [66.67, 133.33, 200]
    assert rereference([50.0, 100.0, 150.0], (1, 2)).tolist() == pytest.approx(
        [200 / 3, 400 / 3, 200.0]
    )
    with pytest.raises(MissingValueError):
        rereference([None, 1.0], 1)


def test_chain_link_annual_overlap_hand_example():
    # Quarterly, annual-overlap technique (IMF QNA Manual 2017 §8.52-8.55). By hand:
    # year 1 CP 10, 12, 14, 12 (sum 48, mean 12); no PYP in year 1 -> I = CP / 12.
    # year 2 CP 13, 15, 16, 16 (sum 60, mean 15); PYP (at year-1 average prices) 11, 13, 14, 13
    #   (sum 51): A_2 = 51 / 48 = 1.0625; I = PYP / 12.
    # year 3 PYP (at year-2 average prices) 16, 16, 17, 17 (sum 66): A_3 = 1.0625 × 66/60
    #   = 1.16875; I = PYP / 15 × 1.0625.
    # reference year 1: V = I × 12 -> year 2 = PYP itself; year 3 = PYP × 12/15 × 1.0625
    #   = 13.6, 13.6, 14.45, 14.45 (sum 56.1 = 48 × 1.16875)
    cp = [10.0, 12.0, 14.0, 12.0, 13.0, 15.0, 16.0, 16.0, 17.0, 18.0, 19.0, 20.0]
    pyp = [None] * 4 + [11.0, 13.0, 14.0, 13.0, 16.0, 16.0, 17.0, 17.0]
    v = chain_link(cp, pyp, 1, 4)
    assert v.tolist() == pytest.approx(
        [10.0, 12.0, 14.0, 12.0, 11.0, 13.0, 14.0, 13.0, 13.6, 13.6, 14.45, 14.45]
    )
    # annual growth: year 2 51/48 - 1 = 6.25 %, year 3 66/60 - 1 = 10 %
    annual = v.reshape(3, 4).sum(axis=1)
    assert (annual[1:] / annual[:-1] - 1).tolist() == pytest.approx([0.0625, 0.10])
    # reference year 2: its quarters add up to its current-price total 60; year 3 = PYP
    v2 = chain_link(cp, pyp, 2, 4)
    assert v2[4:8].sum() == pytest.approx(60.0)
    assert v2[8:].tolist() == pytest.approx([16.0, 16.0, 17.0, 17.0])
    # the same data taken as 12 "years" gives a different (wrong) annual growth: the reason
    # periods_per_year must be given for quarterly data
    assert chain_link(cp, pyp, 1, 1)[4] != pytest.approx(v[4])


def test_chain_link_annual_overlap_first_year_pyp_and_errors():
    # first-year PYP given for the whole year: it sets the within-year pattern (PYP / its mean)
    cp = [10.0, 12.0, 14.0, 12.0, 13.0, 15.0, 16.0, 16.0]
    pyp = [9.0, 9.0, 9.0, 9.0, 11.0, 13.0, 14.0, 13.0]
    v = chain_link(cp, pyp, 1, 4)
    assert v[:4].tolist() == pytest.approx([12.0, 12.0, 12.0, 12.0])
    assert v[4:].tolist() == pytest.approx([11.0, 13.0, 14.0, 13.0])
    with pytest.raises(ShapeError, match="complete year"):
        chain_link(cp[:6], pyp[:6], 2, 4)
    # an incomplete last year is fine (its periods only need the previous year)
    assert chain_link(cp[:6], pyp[:6], 1, 4)[4:].tolist() == pytest.approx([11.0, 13.0])


def test_at_previous_year_prices_hand_example():
    # CP 14, 36, 89 and volume index 100, 164.29 (= 23/14), 300.6 (= 23/14 × 66/36 × 100):
    # PYP_2 = 14 × 23/14 = 23; PYP_3 = 36 × 66/36 = 66 (the two-goods example above)
    v = [100.0, 23 / 14 * 100, 23 / 14 * 66 / 36 * 100]
    pyp = at_previous_year_prices([14.0, 36.0, 89.0], v)
    assert np.isnan(pyp[0]) and pyp[1:].tolist() == pytest.approx([23.0, 66.0])
    # a single series chain-linked from it moves exactly with its volume index
    out = chain_link([14.0, 36.0, 89.0], pyp)
    assert (out / out[0] * 100).tolist() == pytest.approx(v)
