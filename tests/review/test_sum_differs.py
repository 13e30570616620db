"""Sum of provinces vs national: one ``province-sum-differs`` per national line, not per year."""

from __future__ import annotations

import pandas as pd

from xladdin.review.analysis import compare
from xladdin.review.national import NationalTotals


def _national(rows: dict[tuple[str, int], float]) -> NationalTotals:
    idx = pd.MultiIndex.from_tuples(list(rows), names=["industry", "year"])
    frame = pd.DataFrame(
        {"current": list(rows.values()), "constant": float("nan"), "growth": float("nan")},
        index=idx,
    )
    return NationalTotals(frame)


def test_one_finding_per_line_with_years_and_largest_difference():
    sums = pd.DataFrame(
        {2021: [100.0, 50.0, 10.0], 2022: [110.0, 50.0, 10.0], 2023: [120.0, 45.0, 10.0]},
        index=pd.Index(["GDP", "A01", "B05"], name="line"),
    )
    national = _national(
        {
            ("GDP", 2021): 101.0,  # -1 (-0.99 %)
            ("GDP", 2022): 110.0,  # equal
            ("GDP", 2023): 125.0,  # -5 (-4 %): the largest
            ("A01", 2021): 50.0,
            ("A01", 2022): 50.0,
            ("A01", 2023): 40.0,  # +5 (+12.5 %)
            ("B05", 2021): 10.0,
            ("B05", 2022): 10.0,
            ("B05", 2023): 10.0,
        }
    )
    comparison, findings = compare({"current": sums}, national, 0.05)
    assert len(comparison) == 9  # the per-year detail stays on the Discrepancy sheet
    got = {f.details["industry"]: f for f in findings if f.code == "province-sum-differs"}
    assert len(findings) == 2 and set(got) == {"GDP", "A01"}
    gdp = got["GDP"].details
    assert (gdp["years"], gdp["count"], gdp["year"]) == ("2021, 2023", 2, 2023)
    assert (gdp["total"], gdp["national"], gdp["diff"], gdp["pct"]) == (120.0, 125.0, -5.0, -4.0)
    a01 = got["A01"].details
    assert (a01["years"], a01["count"], a01["year"]) == ("2023", 1, 2023)
    assert (a01["total"], a01["national"], a01["diff"], a01["pct"]) == (45.0, 40.0, 5.0, 12.5)
    assert all(f.sheet == "Discrepancy" for f in findings)
    text = got["GDP"].message_en
    assert (
        "2 year(s) (2021, 2023)" in text
        and "largest in 2023" in text
        and "difference -5 (-4%)" in text
    )
    assert "2021, 2023" in got["GDP"].message_lo


def test_largest_difference_is_by_absolute_value_earliest_year_on_a_tie():
    sums = pd.DataFrame({2021: [90.0], 2022: [110.0]}, index=pd.Index(["GDP"], name="line"))
    national = _national({("GDP", 2021): 100.0, ("GDP", 2022): 100.0})
    _, findings = compare({"current": sums}, national, 0.05)
    (f,) = findings
    assert (f.details["year"], f.details["diff"], f.details["pct"]) == (2021, -10.0, -10.0)
    assert f.details["years"] == "2021, 2022"
