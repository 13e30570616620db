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


def test_a_district_index_that_cannot_be_rebased_is_a_finding_in_both_languages(tmp_path):
    """A zero index in the base year makes the rebasing divide by zero: compile reports
    ``compile-calculation-failed`` naming the sector's index (its Lao name in Lao) and the kind
    of problem in Lao, and never stops with a traceback."""
    from tests.lao_check import latin_left
    from xladdin.findings import industry_lao_names
    from xladdin.findings.words import word
    from xladdin.templates.builder import build
    from xladdin.templates.sample import district_fill

    fill, years = district_fill()
    base = fill.blocks["indices"].columns[0]
    fill.blocks["indices"].loc["AGR", base] = 0.0
    path = build("district-growth", tmp_path / "district.xlsx", years=years, fill=fill)
    result = compile_file(path)
    failed = [f for f in result.report.findings if f.code == "compile-calculation-failed"]
    assert failed, result.report.to_text()
    f = failed[0]
    assert "Index of AGR" in f.message_en
    assert industry_lao_names()["AGR"] in f.message_lo
    assert word("calc_division_by_zero", "lo") in f.message_lo
    assert latin_left(f.message_lo, []) == []
