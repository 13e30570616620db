"""End to end: a province that rebases (issue 8). An old-base series at 2002 prices by industry,
taxes at current and constant prices to 2014, typed on the Rebase sheet; a new-base (2012)
compile from 2012; back-cast by the link (ratio) and the interpolation method, written into the
workbook and read back. Growth rates checked by hand.

New series (``province_hand.tiny_fill``): every industry GVA 600 in 2012, volume +5 % a year,
prices flat; taxes 1260, +5 % a year in volume. Old series (2002 prices):
industry 01 100 x 1.1^(t-2002) at constant prices, x 1.05^(t-2002) more at current prices;
industries 02-21 and taxes 100 x 1.04^(t-2002), current = constant.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from province_hand import CODES, compile_fill, flat, tiny_fill

from xladdin.compile import compile_file
from xladdin.templates.binding import bind
from xladdin.templates.builder import build
from xladdin.workbook.xlsx_reader import open_xlsx

OLD_YEARS = list(range(2002, 2015))
R01_CON = 600.0 / (100.0 * 1.1**10)  # link ratio of 01 at constant prices, 2.3132597
R01_CUR = 600.0 / (100.0 * 1.1**10 * 1.05**10)


def _old() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [*CODES, "TAX", "SUB"]
    con = pd.DataFrame(np.nan, index=rows, columns=OLD_YEARS)
    cur = con.copy()
    for y in OLD_YEARS:
        n = y - 2002
        con.loc[[*CODES[1:], "TAX"], y] = 100.0 * 1.04**n
        cur.loc[[*CODES[1:], "TAX"], y] = 100.0 * 1.04**n
        con.at["01", y] = 100.0 * 1.1**n
        cur.at["01", y] = 100.0 * 1.1**n * 1.05**n
    return cur, con


def _compiled(tmp_path, method: str):
    fill = tiny_fill()
    vol = flat()
    vol[2013], vol[2014] = 105.0, 110.25
    yrs = fill.blocks["years"].copy()
    yrs["taxes_volume"] = [100.0, 105.0, 110.25]
    yrs["taxes_current"] = [1260.0, 1323.0, 1389.15]
    cur, con = _old()
    fill.blocks.update(volume=vol, years=yrs, old_current=cur, old_constant=con)
    fill.scalars.update(old_base_year=2002, rebase_method=method)
    path = build("province-gdp", tmp_path / f"{method}.xlsx", years=(2012, 2013, 2014), fill=fill)
    result = compile_file(path, backup=False)
    assert result.exit_code == 0, [f.message_en for f in result.report.errors]
    bound = bind(open_xlsx(path))
    get = {k: bound.block(k).values for k in ("back_current", "back_constant", "back_growth")}
    return get, bound.block("links").raw


def test_ratio_method_keeps_old_growth_to_the_link_and_new_growth_from_it(tmp_path):
    t, links = _compiled(tmp_path, "ratio")
    con, g = t["back_constant"], t["back_growth"]
    # 01: back-cast = old x 600 / (100 x 1.1^10): 2011 = 600 / 1.1, 2002 = 600 / 1.1^10
    assert con.at["01", 2011] == pytest.approx(600.0 / 1.1)
    assert con.at["01", 2002] == pytest.approx(600.0 / 1.1**10)
    assert g.at["01", 2003] == pytest.approx(10.0)  # old growth
    assert g.at["01", 2012] == pytest.approx(10.0)  # into the link year: still the old rate
    assert g.at["01", 2013] == pytest.approx(5.0)  # the new growth from the link on
    assert g.at["02", 2012] == pytest.approx(4.0)
    # GDP = sum of back-cast parts: 2011 = 600/1.1 + 20 x 600/1.04 + 1260/1.04
    #                                    = 545.4545 + 11538.4615 + 1211.5385 = 13295.4545
    gdp_2011 = 600 / 1.1 + 20 * 600 / 1.04 + 1260 / 1.04
    assert con.at["GDP", 2011] == pytest.approx(gdp_2011)
    assert g.at["GDP", 2012] == pytest.approx((13860.0 / gdp_2011 - 1) * 100)  # 4.2462 %
    assert g.at["GDP", 2013] == pytest.approx(5.0)
    # 2003: (600/1.1^9 + 21 x 600... ) by parts: 01 grows 10 %, the rest 4 %
    g03 = (600 / 1.1**9 + 20 * 600 / 1.04**9 + 1260 / 1.04**9) / (
        600 / 1.1**10 + 20 * 600 / 1.04**10 + 1260 / 1.04**10
    )
    assert g.at["GDP", 2003] == pytest.approx((g03 - 1) * 100)
    assert con.at["GDP", 2005] == pytest.approx(con.loc[[*CODES, "TAX"], 2005].sum())
    # current prices and the implicit deflator: 01 current 2011 = 600 / (1.1 x 1.05)
    cur = t["back_current"]
    assert cur.at["01", 2011] == pytest.approx(600.0 / (1.1 * 1.05))
    assert cur.at["01", 2011] / con.at["01", 2011] * 100 == pytest.approx(100 / 1.05)
    # the link period and ratio used, per industry
    assert int(links.at["01", "link_year"]) == 2012
    assert links.at["01", "ratio_constant"] == pytest.approx(R01_CON)
    assert links.at["01", "ratio_current"] == pytest.approx(R01_CUR)
    assert links.at["TAX", "ratio_constant"] == pytest.approx(1260.0 / (100 * 1.04**10))
    assert links.at["01", "method"] == "ratio"


def test_interpolation_method_moves_the_ratio_linearly_from_the_old_base(tmp_path):
    t, links = _compiled(tmp_path, "interpolation")
    con, g = t["back_constant"], t["back_growth"]
    # ratio new/old: 1 in the old base year 2002, R01_CON in 2012, linear between:
    # 2011 = 1 + (R - 1) x 9/10; 2007 = 1 + (R - 1) x 5/10
    f2011 = 1 + (R01_CON - 1) * 0.9
    assert con.at["01", 2002] == pytest.approx(100.0)  # the old value in the old base year
    assert con.at["01", 2007] == pytest.approx(100 * 1.1**5 * (1 + (R01_CON - 1) * 0.5))
    assert con.at["01", 2011] == pytest.approx(100 * 1.1**9 * f2011)
    assert con.at["01", 2012] == pytest.approx(600.0)
    # growth into the link year: 600 / (100 x 1.1^9 x f2011) - 1 = 6.22 %, new growth after
    assert g.at["01", 2012] == pytest.approx((600 / (100 * 1.1**9 * f2011) - 1) * 100)
    assert g.at["01", 2013] == pytest.approx(5.0)
    assert (con.loc[[*CODES, "TAX"], [2003, 2011]] > 0).all().all()  # never negative
    assert con.at["GDP", 2011] == pytest.approx(con.loc[[*CODES, "TAX"], 2011].sum())
    assert links.at["01", "method"] == "interpolation"


@settings(max_examples=5, deadline=None)
@given(
    st.floats(-5.0, 15.0),  # old growth of 01, % a year
    st.floats(-5.0, 15.0),  # new growth of 01, % a year
    st.floats(50.0, 500.0),  # old level of 01 in 2002
)
def test_property_ratio_link_keeps_old_growth_before_and_new_growth_from_the_link(go, gn, lvl):
    fill = tiny_fill()
    vol = flat()
    vol.loc["01"] = [100.0, 100.0 * (1 + gn / 100), 100.0 * (1 + gn / 100) ** 2]
    cur, con = _old()
    for y in OLD_YEARS:
        con.at["01", y] = cur.at["01", y] = lvl * (1 + go / 100) ** (y - 2002)
    fill.blocks.update(volume=vol, old_current=cur, old_constant=con)
    fill.scalars.update(old_base_year=2002, rebase_method="ratio")
    _, res = compile_fill(fill)
    g = res.tables["back_growth"]
    for y in (2003, 2008, 2012):  # up to and into the link year 2012: the old rate
        assert g.at["01", y] == pytest.approx(go, abs=1e-9)
    for y in (2013, 2014):  # from the link on: the new rate
        assert g.at["01", y] == pytest.approx(gn, abs=1e-9)
    # totals are the sums of their back-cast parts
    back = res.tables["back_constant"]
    assert back.at["GDP", 2005] == pytest.approx(back.loc[[*CODES, "TAX"], 2005].sum())
