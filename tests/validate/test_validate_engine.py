"""The rule engine: every rule runs, broken rules become rule-error findings, settings."""

import json

import pytest
from memview import MemView

from xladdin.findings import finding
from xladdin.validate import ValidationConfig, load_config, validate_view
from xladdin.validate.engine import Context, Rule, rules, run_rules


def _view():
    return MemView().put("Data", "A1", [["Label", "Value"], ["a", "12.5"], ["b", "1.234"]])


def test_every_rule_runs_and_all_findings_are_kept():
    report = validate_view(_view())
    codes = [f.code for f in report]
    assert "template-not-recognised" in codes  # from the template binding
    assert codes.count("number-stored-as-text") == 1
    assert codes.count("ambiguous-separator") == 1
    assert report.exit_code == 0  # warnings and info only


def test_a_broken_rule_yields_rule_error_and_the_others_still_run():
    def boom(ctx):
        yield finding("number-stored-as-text", sheet="Data", cell="A1", text="x", value="1")
        raise ZeroDivisionError("division by zero")

    selected = [Rule("boom", boom), *rules()]
    found = run_rules(Context(_view()), selected)
    errors = [f for f in found if f.code == "rule-error"]
    assert len(errors) == 1 and "boom" in errors[0].message_en
    assert "ZeroDivisionError" in errors[0].message_en
    assert any(f.code == "ambiguous-separator" for f in found)  # later rules ran


def test_template_rules_do_not_run_on_unrecognised_workbooks():
    called = []
    r = Rule("only-bound", lambda ctx: called.append(1) or [], templates="any")
    run_rules(Context(_view()), [r])
    assert called == []
    assert Rule("x", lambda c: [], templates=("province-gdp",)).applies("province-gdp", object())
    assert not Rule("x", lambda c: [], templates=("province-gdp",)).applies(
        "sez-enterprise", object()
    )


def test_findings_are_capped_per_code_and_sheet():
    view = MemView().put("Data", "A1", [[str(i + 0.5)] for i in range(30)])
    report = validate_view(view, config=ValidationConfig(max_findings_per_sheet=10))
    codes = [f.code for f in report]
    assert codes.count("number-stored-as-text") == 10
    (trunc,) = [f for f in report if f.code == "findings-truncated"]
    assert trunc.details["count"] == 20 and trunc.sheet == "Data"


def test_owned_sheets_are_not_scanned():
    # xladdin's own Checks sheet (its A1 marker) may quote user text such as "1.234"
    view = _view().put("Checks", "A1", "xladdin checks / ຜົນການກວດສອບ").put("Checks", "F6", "1.234")
    assert all(f.sheet != "Checks" for f in validate_view(view))


def test_a_users_sheet_named_checks_is_validated_like_any_other():
    view = _view().put("Checks", "A1", "My checklist").put("Checks", "B2", "1.234")
    assert any(f.sheet == "Checks" and f.cell == "B2" for f in validate_view(view))


def test_config_from_json_and_toml(tmp_path):
    j = tmp_path / "v.json"
    j.write_text(json.dumps({"growth_band": [-2, 12], "national_growth": {"2023": 4.2}}))
    c = load_config(j)
    assert c.growth_band == (-2.0, 12.0) and c.national_growth == {2023: 4.2}
    t = tmp_path / "v.toml"
    t.write_text("[validate]\nratio_jump = 40\ndeflator_growth_band = [0, 30]\n")
    c = load_config(t)
    assert c.ratio_jump == 40.0 and c.deflator_growth_band == (0.0, 30.0)
    assert c.growth_band == (0.0, 10.0)  # default kept


@pytest.mark.parametrize(
    "content",
    [
        '{"growth_bnd": [0, 1]}',
        '{"growth_band": [5, 1]}',
        "not json",
        '{"plausibility_severity": "fatal"}',
    ],
)
def test_bad_config_is_refused(tmp_path, content):
    p = tmp_path / "bad.json"
    p.write_text(content)
    with pytest.raises(ValueError):
        load_config(p)


def test_identity_tolerance():
    c = ValidationConfig(identity_abs_tol=0.05, identity_rel_tol=1e-6)
    assert c.identity_holds(100.04, 100.0)
    assert not c.identity_holds(100.06, 100.0)
    assert c.identity_holds(1e9 + 500, 1e9)  # relative tolerance on large values


def test_base_year_labels_in_any_workbook():
    v = MemView()
    v.put(
        "GDP",
        "A1",
        [
            ["GVA at constant 2012 prices"],
            ["GDP, 2012 prices"],
            ["ລາຄາຄົງທີ່ ປີ 2010"],
            ["Growth 2013 (%)"],
        ],
    )
    found = [f for f in validate_view(v) if f.code == "inconsistent-base-year"]
    assert [(f.cell, f.details["found"], f.details["expected"]) for f in found] == [
        ("A3", 2010, 2012)
    ]
    assert found[0].severity.value == "warning"
    found = [
        f
        for f in validate_view(v, config=ValidationConfig(base_year=2010))
        if f.code == "inconsistent-base-year"
    ]
    assert [f.cell for f in found] == ["A1", "A2"]


def test_a_wrapper_without_sparse_access_falls_back_to_the_used_range():
    class Wrapper:
        def __init__(self, view):
            self.view = view

        def cells(self, sheet):
            return self.view.cells(sheet)  # MemView has no cells(): AttributeError

        def __getattr__(self, name):
            return getattr(self.view, name)

    report = validate_view(Wrapper(_view()))
    assert not [f for f in report if f.code == "rule-error"]
    assert [f.code for f in report].count("ambiguous-separator") == 1
