"""Template rules on a bound province-gdp workbook: each test breaks one thing."""

import math

import pytest
from province_view import cell_of, province_view

from xladdin.templates.binding import bind
from xladdin.validate import ValidationConfig, validate_view


def _codes(report):
    return [f.code for f in report]


def _only(report, code):
    found = [f for f in report if f.code == code]
    assert len(found) == 1, (code, report.to_text())
    return found[0]


def test_consistent_workbook_is_clean():
    report = validate_view(province_view())
    assert report.findings == [], report.to_text()


def test_gva_identity_in_benchmark():
    v = province_view()
    sheet, cell = cell_of(v, "tblBenchmark", "03", "GVA")
    v.put(sheet, cell, 999.0)
    f = _only(validate_view(v), "gva-identity")
    assert (f.sheet, f.cell) == (sheet, cell)
    assert f.details["item"] == "03" and f.details["year"] == 2012
    assert f.details["expected"] == pytest.approx(62.0)
    assert f.severity.value == "error"


def test_gdp_identity_and_aggregate_sum():
    v = province_view()
    sheet, cell = cell_of(v, "tblGvaCurrent", "GDP", "2013")
    v.put(sheet, cell, 1.0)
    f = _only(validate_view(v), "gdp-identity")
    assert (f.sheet, f.cell) == (sheet, cell) and f.details["year"] == 2013

    v = province_view()
    sheet, cell = cell_of(v, "tblGvaConstant", "IND", "2014")
    v.put(sheet, cell, 1.0)
    found = [f for f in validate_view(v) if f.code == "aggregate-sum"]
    # The sector differs from its industries, and total GVA from the (broken) sectors.
    assert {(f.sheet, f.cell) for f in found} == {
        (sheet, cell),
        cell_of(v, "tblGvaConstant", "GVA", "2014"),
    }


def test_shares_sum_to_100():
    v = province_view()
    sheet, cell = cell_of(v, "tblStructure", "SER", "2012")
    v.put(sheet, cell, 90.0)
    f = _only(validate_view(v), "shares-sum")
    assert f.sheet == "Results" and ":" in f.cell  # the column of shares


def test_growth_band_and_opposite_sign():
    report = validate_view(province_view(), config=ValidationConfig(growth_band=(6.0, 10.0)))
    growth = [f for f in report if f.code == "growth-out-of-band"]
    assert {f.details["item"] for f in growth} >= {"GDP", "AGR", "IND", "SER"}
    assert all(f.severity.value == "warning" for f in growth)
    assert all(f.details["growth"] == pytest.approx(5.0) for f in growth)

    cfg = ValidationConfig(national_growth={2013: -1.0, 2014: 4.0}, plausibility_severity="error")
    f = _only(validate_view(province_view(), config=cfg), "growth-sign-opposite")
    assert f.details["year"] == 2013 and f.severity.value == "error"


def test_deflator_growth_band():
    report = validate_view(
        province_view(), config=ValidationConfig(deflator_growth_band=(-1.0, 2.0))
    )
    found = [f for f in report if f.code == "deflator-growth-out-of-band"]
    assert found and all(f.details["growth"] == pytest.approx(3.0) for f in found)


def test_negative_gva():
    v = province_view()
    sheet, out_cell = cell_of(v, "tblBenchmark", "05", "Output")
    _, _ic_cell = cell_of(v, "tblBenchmark", "05", "Intermediate consumption")
    _, gva_cell = cell_of(v, "tblBenchmark", "05", "GVA")
    v.put(sheet, out_cell, 10.0)
    v.put(sheet, gva_cell, -30.0)
    report = validate_view(v)
    f = _only(report, "negative-gva")
    assert (f.sheet, f.cell) == (sheet, gva_cell)


def test_missing_and_non_numeric_inputs():
    v = province_view()
    sheet, cell = cell_of(v, "tblVolume", "07", "2013")
    v.put(sheet, cell, None)
    sheet2, cell2 = cell_of(v, "tblPrices", "08", "2014")
    v.put(sheet2, cell2, "#N/A?")
    report = validate_view(v)
    missing = _only(report, "missing-input")
    assert (missing.sheet, missing.cell) == (sheet, cell)
    bad = _only(report, "input-not-a-number")
    assert (bad.sheet, bad.cell) == (sheet2, cell2) and report.exit_code == 1


def test_number_stored_as_text_in_an_input_cell():
    v = province_view()
    sheet, cell = cell_of(v, "tblBenchmark", "02", "Output")
    v.put(sheet, cell, "1,101.5")
    codes = _codes(validate_view(v))
    # read explicitly (unambiguous: thousands comma and decimal point) and used: a warning
    # to retype it, not an error that the input is unusable
    assert "number-stored-as-text" in codes and "input-not-a-number" not in codes
    assert bind(v).block("benchmark").values.at["02", "output"] == 1101.5


def test_ambiguous_number_in_an_input_cell_is_one_error():
    v = province_view()
    sheet, cell = cell_of(v, "tblBenchmark", "02", "Output")
    v.put(sheet, cell, "1.101")
    report = validate_view(v)
    f = _only(report, "ambiguous-separator")
    assert (f.sheet, f.cell, f.severity.value) == (sheet, cell, "error")
    assert "input-not-a-number" not in _codes(report)
    assert math.isnan(bind(v).block("benchmark").values.at["02", "output"])
    # outside the input tables the same text stays a warning
    v2 = province_view()
    v2.put("Settings", "H40", "5,463")
    f = _only(validate_view(v2), "ambiguous-separator")
    assert f.severity.value == "warning"


def test_unknown_province_code_and_base_year():
    v = province_view()
    v.put("Settings", "B1", "19")
    f = _only(validate_view(v), "unknown-province-code")
    assert (f.sheet, f.cell) == ("Settings", "B1")
    f = _only(
        validate_view(province_view(), config=ValidationConfig(base_year=2020)),
        "inconsistent-base-year",
    )
    assert (f.sheet, f.cell) == ("Settings", "B2")


def test_price_index_on_another_base_year():
    v = province_view()
    t = v.tables()["tblPrices"]
    # A 2013 = 100 index in a 2012-based workbook.
    for code in [f"{i:02d}" for i in range(1, 22)]:
        for year, value in (("2012", 97.0), ("2013", 100.0), ("2014", 103.0)):
            sheet, cell = cell_of(v, t.name, code, year)
            v.put(sheet, cell, value)
    f = _only(validate_view(v), "inconsistent-base-year")
    assert f.details["found"] == 2013 and f.details["expected"] == 2012


def test_population_missing():
    v = province_view()
    sheet, cell = cell_of(v, "tblYears", 2014, "Population")
    v.put(sheet, cell, None)
    f = _only(validate_view(v), "population-missing")
    assert (f.sheet, f.cell, f.details["year"]) == (sheet, cell, 2014)


def test_ratio_jump_of_direct_entries():
    v = province_view()
    for year, value in (("2012", 61.0), ("2013", 66.0), ("2014", 120.0)):
        sheet, cell = cell_of(v, "tblDirect", "04", year)
        v.put(sheet, cell, value)
    f = _only(validate_view(v), "ratio-jump")
    assert f.details["year1"] == 2014 and f.details["item"] == "04"


def test_structure_findings_of_the_binding_are_included():
    v = province_view()
    del v._tables["tblPrices"]
    assert "template-table-missing" in _codes(validate_view(v))


def test_national_growth_from_the_workbook_settings():
    v = province_view()
    t = v.tables()["tblYears"]
    # A province adds a column "National GDP growth (%)" to its years table.
    v.put("Settings", "F6", [["National GDP growth (%)"], [None], [-2.0], [4.0]])
    v.add_table("tblYears", "Settings", t.ref.replace("E", "F"))
    f = _only(validate_view(v), "growth-sign-opposite")
    assert f.details["year"] == 2013 and f.details["national"] == -2.0
    # The validation settings win over the workbook.
    cfg = ValidationConfig(national_growth={2013: 3.0})
    assert "growth-sign-opposite" not in _codes(validate_view(v, config=cfg))


def test_negative_ic_and_zero_price_index():
    v = province_view()
    sheet, cell = cell_of(v, "tblBenchmark", "05", "Intermediate consumption")
    v.put(sheet, cell, -12.0)
    sheet2, cell2 = cell_of(v, "tblPrices", "07", "2013")
    v.put(sheet2, cell2, 0)
    report = validate_view(v)
    f = _only(report, "negative-input")
    assert (f.sheet, f.cell, f.severity.value) == (sheet, cell, "error")
    assert "Intermediate consumption [05]" in f.message_en and "ຕິດລົບ" in f.message_lo
    f = _only(report, "index-not-positive")
    assert (f.sheet, f.cell) == (sheet2, cell2) and f.details["value"] == 0
    assert "index-not-positive" not in _codes(validate_view(province_view()))


@pytest.mark.parametrize(("old", "fires"), [(2002, False), (2012, True), (2015, True)])
def test_rebase_old_base_year_must_be_earlier(old, fires):
    v = province_view()
    v.put("Rebase", "B3", old)
    v.add_name("xl_rebase_old_base", "Rebase", "B3")
    found = [f for f in validate_view(v) if f.code == "rebase-old-base-not-earlier"]
    if not fires:
        assert not found
        return
    (f,) = found
    assert (f.sheet, f.cell) == ("Rebase", "B3") and f.details == {"old": old, "base": 2012}
    assert "Rebase" in f.message_lo and str(old) in f.message_lo


def test_negative_gva_is_one_finding_per_row_of_consecutive_years():
    v = province_view()
    t = v.tables()["tblGvaConstant"]
    years = [h for h in t.headers if str(h).isdigit()]
    for y in years[1:]:
        sheet, cell = cell_of(v, "tblGvaConstant", "05", y)
        v.put(sheet, cell, -5.0 - int(y) % 10)
    (f,) = [x for x in validate_view(v) if x.code == "negative-gva" and x.details["item"] == "05"]
    first = cell_of(v, "tblGvaConstant", "05", years[1])[1]
    last = cell_of(v, "tblGvaConstant", "05", years[-1])[1]
    assert f.cell == f"{first}:{last}" and f.details["year"] == f"{years[1]}-{years[-1]}"
    assert f.details["value"] == min(-5.0 - int(y) % 10 for y in years[1:])
