"""Growth, shares, per capita, USD.

Published source for shares: tests/fixtures/reference/published_lao_figures.csv — Salavan 2022
(Royal Thai Consulate-General Savannakhet, 11 Apr 2023) and Khammouane 2022H1 (same, 5 Sep
2022). Published shares were computed from unrounded values, so they are matched to 0.02 pp.
"""

import csv
from pathlib import Path

import numpy as np
import pytest

from xladdin.gdp import growth, per_capita, shares, to_usd
from xladdin.gdp.errors import DivisionByZeroError

REFERENCE = Path(__file__).resolve().parents[1] / "fixtures" / "reference"


def _published():
    with open(REFERENCE / "published_lao_figures.csv", encoding="utf-8") as fh:
        return {
            (r["province"], r["period"], r["item"]): float(r["value"]) for r in csv.DictReader(fh)
        }


def test_salavan_2022_sector_shares_match_published():
    pub = _published()
    values = [
        pub[("Salavan", "2022", f"{s} value")] for s in ("agriculture", "services", "industry")
    ]
    got = shares(values, pub[("Salavan", "2022", "GDP")])
    # published shares 49.07, 27.48, 23.45 percent (Salavan 2022)
    assert got.tolist() == pytest.approx([49.07, 27.48, 23.45], abs=0.02)


def test_khammouane_2022h1_agriculture_share_matches_published():
    pub = _published()
    got = shares(
        [pub[("Khammouane", "2022H1", "agriculture value")]], pub[("Khammouane", "2022H1", "GDP")]
    )
    assert got[0] == pytest.approx(23.16, abs=0.02)  # published 23.16 % (Khammouane 2022H1)


def test_growth_hand_example():
    # 100 -> 105 is +5 %; 105 -> 110.25 is +5 %; first value empty
    g = growth([100.0, 105.0, 110.25])
    assert np.isnan(g[0]) and g[1:].tolist() == pytest.approx([5.0, 5.0])
    # lag 2: 110.25 / 100 - 1 = 10.25 %
    g2 = growth([100.0, 105.0, 110.25], lag=2.0)
    assert np.isnan(g2[:2]).all() and g2[2] == pytest.approx(10.25)


def test_growth_table_by_column_and_missing():
    g = growth([[100.0, 10.0], [110.0, None], [121.0, 12.0]])
    assert g[1, 0] == pytest.approx(10.0) and g[2, 0] == pytest.approx(10.0)
    assert np.isnan(g[1, 1]) and np.isnan(g[2, 1])


def test_growth_from_zero_is_an_error():
    with pytest.raises(DivisionByZeroError):
        growth([0.0, 1.0])


def test_shares_within_rows():
    s = shares([[1.0, 3.0], [2.0, 2.0]])
    assert s.tolist() == [[25.0, 75.0], [50.0, 50.0]]
    s2 = shares([[1.0, None], [2.0, 2.0]])
    assert np.isnan(s2[0]).all()


def test_per_capita_and_usd_hand_example():
    # 5854 billion kip x 1e9 / 1,000,000 people = 5,854,000 kip per person
    assert per_capita([5854.0], [1.0e6], 1e9).tolist() == pytest.approx([5.854e6])
    # 5,854,000 kip / 10,000 kip per USD = 585.4 USD
    assert to_usd([5.854e6], 10000.0).tolist() == pytest.approx([585.4])
    with pytest.raises(DivisionByZeroError, match="exchange_rate"):
        to_usd([1.0], [0.0])
