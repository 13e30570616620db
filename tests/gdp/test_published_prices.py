"""Volume extrapolation against published numbers.

Source: Eurostat ``nama_10_gdp`` (extracted 02.12.2018), GDP chain-linked volumes (2010) in
million euro and as an index 2010=100 — tests/fixtures/gdp_published/
eurostat_nama_10_gdp_b1gq.csv (citation in the README there). The million-euro series is the
2010 level extrapolated with the volume index.

``deflate`` is checked against DSEC Macao's and Statistics Canada's published worked examples in
test_published_method.py. No published worked example was found for reflate /
implicit_deflator (see test_prices.py).
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from xladdin.gdp import extrapolate

PUBLISHED = Path(__file__).resolve().parents[1] / "fixtures" / "gdp_published"


@pytest.mark.parametrize("geo", ["Belgium", "Germany", "Greece", "Ireland", "Poland"])
def test_extrapolate_2010_level_with_volume_index_reproduces_eurostat(geo):
    x = pd.read_csv(PUBLISHED / "eurostat_nama_10_gdp_b1gq.csv").query("geo == @geo")
    level_2010 = x["CLV10_MEUR"].iloc[2]  # Eurostat: CLV (2010), million euro, 2010
    got = extrapolate(level_2010, x["CLV_I10"].to_numpy(), 3)
    # Eurostat CLV (2010) million euro, all years. The index is published to 1 decimal
    # (±0.05 points), so the extrapolated level can be off by up to 0.05 % of the 2010 level.
    np.testing.assert_allclose(got, x["CLV10_MEUR"], rtol=0, atol=0.0005 * level_2010 + 0.05)
    assert got[2] == level_2010
