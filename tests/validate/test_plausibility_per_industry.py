"""Issue 8: growth and deflator bands apply to every line (each industry, not only GDP and the
three sectors), one finding per line and run of consecutive years; taxes that move very
differently from GVA at current prices are flagged."""

from __future__ import annotations

import pandas as pd

from xladdin.validate import ValidationConfig
from xladdin.validate.blocks import Frame, frame
from xladdin.validate.rules.plausibility import check_deflator_growth, check_growth_band

CFG = ValidationConfig()  # growth band 0 to 10 %, deflator band -5 to 25 %


def test_one_growth_finding_per_industry_and_run_of_years():
    # industry 04 grows 12, 15, 11 % (2013-2015: one run), 5 % in 2016, 13 % in 2017 (a second
    # run); industry 01 stays inside the band; GDP 5 % every year
    g = pd.DataFrame(
        {
            2013: [5.0, 12.0, 3.0],
            2014: [5.0, 15.0, 3.0],
            2015: [5.0, 11.0, 3.0],
            2016: [5.0, 5.0, 3.0],
            2017: [5.0, 13.0, 3.0],
        },
        index=["GDP", "04", "01"],
    )
    where = frame(g.T.to_dict(), "Results", origin="C3")  # rows GDP, 04, 01; years C..G
    found = list(check_growth_band(where, g, CFG, rows=None))
    assert [(f.details["item"], f.details["year"]) for f in found] == [
        ("04", "2013-2015"),
        ("04", 2017),
    ]
    assert found[0].details["growth"] == 15.0  # the value farthest outside the band
    assert (found[0].cell, found[1].cell) == ("C4:E4", "G4")  # the cells of the whole run
    # the default rows (GDP and the sectors) ignore the industry
    assert list(check_growth_band(Frame(g), g, CFG)) == []


def test_deflator_band_for_every_industry():
    # deflator of 06: 100 -> 94 (-6 %, below -5 %) -> 94; GDP 100 -> 102 -> 104.04
    d = pd.DataFrame(
        {2012: [100.0, 100.0], 2013: [102.0, 94.0], 2014: [104.04, 94.0]}, index=["GDP", "06"]
    )
    found = list(check_deflator_growth(Frame(d), d, CFG, rows=None))
    assert [(f.details["item"], f.details["year"]) for f in found] == [("06", 2013)]
    assert found[0].details["growth"] == -6.0


def test_taxes_moving_unlike_gva_are_flagged():
    import io

    from xladdin.compile import compile_view
    from xladdin.templates.builder import build_workbook
    from xladdin.templates.sample import province_fill
    from xladdin.workbook.xlsx_reader import open_xlsx

    fill, years = province_fill()
    yrs = fill.blocks["years"].copy()
    yrs.at[2016, "taxes_current"] = yrs.at[2016, "taxes_current"] * 2  # doubled: a typo
    fill.blocks["years"] = yrs
    buf = io.BytesIO()
    build_workbook("province-gdp", years=years, fill=fill).save(buf)
    report = compile_view(open_xlsx(buf.getvalue())).report
    jumps = [f for f in report if f.code == "ratio-jump" and "taxes" in str(f.details["item"])]
    assert {(f.details["year0"], f.details["year1"]) for f in jumps} == {
        (2015, 2016),
        (2016, 2017),
    }
