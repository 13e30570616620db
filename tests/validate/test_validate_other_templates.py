"""District and SEZ templates (in-memory), and a built, compiled province sample."""

from pathlib import Path

import pytest
from memview import MemView

from xladdin.validate import validate_view


def _stamp(v, tid):
    v.add_sheet("_xladdin", "hidden")
    v.put("_xladdin", "A1", [["template", tid], ["template_version", "1.0"]])


def _codes(report, code):
    return [f for f in report if f.code == code]


def test_district_weights_must_sum_to_100():
    v = MemView(source="district.xlsx")
    _stamp(v, "district-growth")
    v.put(
        "Indices",
        "A1",
        [
            ["Code", "Industry", "Lao name", "Weight"],
            ["AGR", "", "", 30.0],
            ["IND", "", "", 30.0],
            ["SER", "", "", 30.0],
        ],
    )
    v.add_table("tblWeights", "Indices", "A1:D4")
    (f,) = _codes(validate_view(v), "shares-sum")
    assert (f.sheet, f.cell) == ("Indices", "D2:D4")
    v.put("Indices", "D4", 0.4)
    v.put("Indices", "D2", 0.3)
    v.put("Indices", "D3", 0.3)
    assert not _codes(validate_view(v), "shares-sum")  # fractions summing to 1 are fine


def test_sez_unknown_codes_and_missing_values():
    v = MemView(source="sez.xlsx")
    _stamp(v, "sez-enterprise")
    v.put("Settings", "B2", "million kip")
    v.add_name("xl_unit", "Settings", "B2")
    headers = [
        "Enterprise",
        "Zone",
        "Host province code",
        "Industry code",
        "Year",
        "Output",
        "Intermediate consumption",
        "Employees",
    ]
    rows = [
        ["Alpha", "Savan-Seno", "13", "03", 2023, 100.0, 60.0, 10],
        ["Beta", "Boten", 7, "99", 2023, 50.0, None, 5],
        ["Gamma", "Golden Triangle", "25", 3, 2023, 70.0, 20.0, 5],
    ]
    v.put("Enterprises", "A1", [headers, *rows])
    v.add_table("tblEnterprises", "Enterprises", "A1:H4")
    report = validate_view(v)
    assert [f.cell for f in _codes(report, "unknown-province-code")] == ["C4"]  # 7 -> "07" is fine
    assert [f.cell for f in _codes(report, "unknown-industry-code")] == ["D3"]  # 3 -> "03" is fine
    assert [f.cell for f in _codes(report, "missing-input")] == ["G3"]
    assert not _codes(report, "negative-gva")
    v.put("Enterprises", "G4", 90.0)  # Gamma: intermediate consumption above output
    (f,) = _codes(validate_view(v), "negative-gva")
    assert (f.cell, f.details["value"], f.details["year"]) == ("G4", -20.0, 2023)


def test_built_and_compiled_province_sample_has_no_errors(tmp_path: Path):
    builder = pytest.importorskip("xladdin.templates.builder")
    sample = pytest.importorskip("xladdin.templates.sample")
    core = pytest.importorskip("xladdin.compile.core")
    overlay = pytest.importorskip("xladdin.compile.overlay")
    from xladdin.validate.checks import checks_patch
    from xladdin.workbook.model import SetHighlights
    from xladdin.workbook.xlsx_patch import apply_patch
    from xladdin.workbook.xlsx_reader import open_xlsx

    fill, years = sample.province_fill()
    path = builder.build("province-gdp", tmp_path / "province.xlsx", years=years, fill=fill)
    view = open_xlsx(path)
    assert not [f for f in validate_view(view) if f.severity.value != "info"]  # inputs only
    compiled = overlay.PatchedView(view, core.compile_view(view, validate=False).patch)
    report = validate_view(compiled)
    assert report.errors == [], report.to_text()
    # The Checks sheet round-trips through the headless patcher.
    patch = checks_patch(report, compiled)
    assert any(isinstance(op, SetHighlights) and op.refs for op in patch.ops) == bool(
        report.warnings
    )
    apply_patch(path, patch, backup=False)
    back = open_xlsx(path)
    assert back.values("Checks", "A5")[0][0] == "Severity / ລະດັບ"
    assert back.values("Checks", "B6")[0][0] == report.sorted()[0].code if report.findings else True


def test_district_index_of_zero_and_negative_weight():
    v = MemView(source="district.xlsx")
    _stamp(v, "district-growth")
    v.put(
        "Indices",
        "A1",
        [
            ["Code", "Industry", "Lao name", "Weight"],
            ["AGR", "", "", 40.0],
            ["IND", "", "", -10.0],
            ["SER", "", "", 70.0],
        ],
    )
    v.add_table("tblWeights", "Indices", "A1:D4")
    v.put(
        "Indices",
        "A7",
        [
            ["Code", "Industry", "Lao name", "2012", "2013"],
            ["AGR", "", "", 100.0, 104.0],
            ["IND", "", "", 100.0, 0.0],
            ["SER", "", "", 100.0, 106.0],
        ],
    )
    v.add_table("tblIndices", "Indices", "A7:E10")
    report = validate_view(v)
    (neg,) = _codes(report, "negative-input")
    assert (neg.sheet, neg.cell) == ("Indices", "D3")
    (zero,) = _codes(report, "index-not-positive")
    assert (zero.sheet, zero.cell) == ("Indices", "E9")
