"""A district return that types a sector code twice (in its weights table or its growth table)
must not stop a consolidation: the first row counts, as in the rest of xladdin (validate
reports the repeat as ``template-duplicate-code``). Before, ``float()`` of a two-row Series
raised a TypeError for the whole run."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd

from xladdin.review.districts import district_weights, sector_growth


def test_a_sector_code_twice_in_the_weights_table_keeps_the_first_row():
    table = pd.DataFrame({2012: [120.0, 999.0, 80.0]}, index=["AGR", "AGR", "IND"])
    sub = SimpleNamespace(code="1601", path="/returns/district-1601.xlsx", tables={})
    sub.tables["district_weights"] = table
    weights, files = district_weights([sub], None)
    assert weights.loc["1601", "AGR"] == 120.0
    assert weights.loc["1601", "IND"] == 80.0
    assert math.isnan(weights.loc["1601", "SER"])
    assert files == {"1601": "district-1601.xlsx"}


def test_a_growth_row_twice_keeps_the_first_row():
    table = pd.DataFrame({2013: [5.0, 6.0, 4.0]}, index=["AGR_G", "AGR_G", "SER_G"])
    growth = sector_growth(table)
    assert growth.loc["AGR", 2013] == 5.0
    assert growth.loc["SER", 2013] == 4.0
