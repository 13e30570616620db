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

from xladdin.gdp import chain_link, chain_sum_annual_overlap, kix_details, rereference
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
