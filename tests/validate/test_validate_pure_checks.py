"""The pure check functions on tiny frames (no workbook)."""

import math

import pandas as pd
import pytest

from xladdin.validate import ValidationConfig
from xladdin.validate.blocks import Frame, frame, loc, year_of
from xladdin.validate.rules.identity import (
    check_aggregates,
    check_gdp_identity,
    check_gva_identity,
    check_quarters,
    check_shares,
)
from xladdin.validate.rules.plausibility import (
    check_growth_band,
    check_ratio_jumps,
    growth_table,
)

CFG = ValidationConfig()


def test_quarters_add_up_to_the_year():
    q = frame(
        {"GDP": {"2023Q1": 25.0, "2023Q2": 25.0, "2023Q3": 25.0, "2023Q4": 26.0, "2024Q1": 30.0}},
        "Q",
    )
    a = frame({"GDP": {2023: 100.0, 2024: 120.0}}, "A")
    (f,) = check_quarters(q, a, CFG)
    assert f.code == "quarters-sum" and f.details["year"] == 2023 and f.cell == "B2:E2"
    assert f.details["diff"] == pytest.approx(1.0)
    # tuple labels work too, and an incomplete year (2024) is skipped
    q2 = frame(
        pd.DataFrame(
            {(2023, 1): [25.0], (2023, 2): [25], (2023, 3): [25], (2023, 4): [25]}, index=["GDP"]
        )
    )
    assert list(check_quarters(q2, a, CFG)) == []


def test_gva_identity_skips_rows_with_missing_values():
    b = frame(
        {
            "01": {"output": 10, "ic": 4, "gva": 6},
            "02": {"output": 10, "ic": math.nan, "gva": 1},
            "03": {"output": 10, "ic": 4, "gva": 7},
        }
    )
    (f,) = check_gva_identity(b, CFG, year=2012)
    assert f.details["item"] == "03" and f.cell == "D4"


def test_gdp_identity_with_subsidies():
    b = frame(
        {
            "A": {2020: 10.0},
            "B": {2020: 20.0},
            "TAX": {2020: 5.0},
            "SUB": {2020: 1.0},
            "GDP": {2020: 34.0},
        }
    )
    assert list(check_gdp_identity(b, ["A", "B"], CFG, subsidies="SUB")) == []
    (f,) = check_gdp_identity(b, ["A", "B"], CFG)  # without subsidies: 35 expected
    assert f.details["expected"] == 35.0


def test_aggregates_and_shares():
    b = frame({"S": {2020: 31.0}, "a": {2020: 10.0}, "b": {2020: 20.0}})
    (f,) = check_aggregates(b, {"S": ["a", "b"]}, CFG)
    assert f.details["expected"] == 30.0
    s = frame({"a": {2020: 40.0, 2021: 40.0}, "b": {2020: 60.0, 2021: 59.0}})
    (f,) = check_shares(s, ["a", "b"], CFG)
    assert f.details["year"] == 2021 and f.cell == "C2:C3"


def test_growth_table_and_band():
    levels = pd.DataFrame({"2020": [100.0, 0.0], "2021": [112.0, 5.0]}, index=["GDP", "X"])
    g = growth_table(levels)
    assert math.isnan(g.at["GDP", "2020"]) and g.at["GDP", "2021"] == pytest.approx(12.0)
    assert math.isnan(g.at["X", "2021"])  # previous value zero: no growth
    (f,) = check_growth_band(Frame(levels), g, CFG)
    assert f.details["growth"] == 12.0 and f.severity.value == "warning"


def test_ratio_jumps():
    values = pd.DataFrame({2020: [10.0], 2021: [11.0], 2022: [20.0]}, index=["01"])
    indicator = pd.DataFrame({2020: [100.0], 2021: [110.0], 2022: [120.0]}, index=["01"])
    (f,) = check_ratio_jumps(Frame(values), values, indicator, CFG)
    assert (f.details["year0"], f.details["year1"]) == (2021, 2022)


def test_loc_and_year_of():
    b = frame({"r": {"c": 1.0}}, "Sheet 1", origin="C3")
    assert loc(b, "r", "c") == {"sheet": "Sheet 1", "cell": "C3"}
    assert loc(b, "zz", "c")["cell"] is None
    assert [year_of(x) for x in (2012, "2012", 2012.0, "12", True, 1800)] == [
        2012,
        2012,
        2012,
        None,
        None,
        None,
    ]


def test_quarters_rule_on_any_table():
    from memview import MemView

    from xladdin.validate import validate_view

    v = MemView()
    v.put(
        "Q",
        "A1",
        [
            ["Item", "2023Q1", "2023Q2", "2023Q3", "2023Q4", "2023"],
            ["GVA", 25.0, 25.0, 25.0, 26.0, 100.0],  # flows: sum 101 != 100
            ["CPI", 99.0, 100.0, 100.0, 101.0, 100.0],  # index: averages to the year
            ["Output", 10.0, 10.0, 10.0, 10.0, 40.0],
        ],
    )
    v.add_table("tblQ", "Q", "A1:F4")
    found = [f for f in validate_view(v) if f.code == "quarters-sum"]
    assert [(f.cell, f.details["item"]) for f in found] == [("B2:E2", "GVA")]
