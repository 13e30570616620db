"""district-growth and sez-enterprise compile to the expected numbers."""

from __future__ import annotations

import pytest

from xladdin.compile import compile_file
from xladdin.templates.binding import bind
from xladdin.workbook.xlsx_reader import open_xlsx


def test_district_composite_growth(district_book):
    result = compile_file(district_book)
    assert result.exit_code == 0, result.report.to_text()
    g = bind(open_xlsx(district_book)).block("growth").values
    # weights 50/20/30, sector growth 4/10/5 % -> composite 0.5*4 + 0.2*10 + 0.3*5 = 5.5 %
    assert g.at["COMPOSITE", 2021] == pytest.approx(105.5)
    assert g.at["COMPOSITE_G", 2021] == pytest.approx(5.5)
    assert g.at["IND_G", 2022] == pytest.approx(10.0)
    assert g.at["HH_INC_G", 2021] == pytest.approx(10.0)
    assert g.at["HH_INC_REAL_G", 2021] == pytest.approx((1.10 / 1.05 - 1) * 100)


def test_sez_gva_by_zone_industry_and_host_province(sez_book):
    result = compile_file(sez_book)
    assert result.exit_code == 0, result.report.to_text()
    bound = bind(open_xlsx(sez_book))
    zone = bound.block("by_zone").raw.dropna(how="all")
    zone = zone[zone["zone"].notna()].set_index("zone")
    assert zone.at["Golden Triangle", "gva"] == pytest.approx(70.0)
    assert zone.at["Savan-Seno", "gva"] == pytest.approx(60.0)
    assert zone.at["Savan-Seno", "province"] == "13"  # a code typed as a number is normalised
    prov = bound.block("by_province").raw
    prov = prov[prov["province"].notna()].set_index("province")
    assert prov.at["05", "enterprises"] == 2
    assert result.summary["gva_total"] == pytest.approx(130.0)
