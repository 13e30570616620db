import json

import pytest

from xladdin.findings import Report, Severity, catalogue, define, finding


def test_messages_render_in_both_languages():
    f = finding("rule-error", sheet="Inputs", cell="B5", rule="gva-identity", error="boom")
    assert f.message_en == "Check 'gva-identity' could not run: boom"
    assert "gva-identity" in f.message_lo and "boom" in f.message_lo
    assert f.location == "'Inputs'!B5"


def test_exit_code_from_report():
    assert Report().exit_code == 0
    r = Report([finding("rule-error", rule="r", error="e")])
    assert r.exit_code == 1
    assert r.counts() == {"error": 1, "warning": 0, "info": 0}


def test_json_round_trip_equals_library_result():
    r = Report([finding("rule-error", sheet="S", cell="A1", rule="r", error="e")], source="x.xlsx")
    back = Report.from_dict(json.loads(r.to_json()))
    assert back.to_dict() == r.to_dict()


def test_codes_unique_and_kebab_case():
    with pytest.raises(ValueError):
        define("rule-error", Severity.ERROR, "data", "x", "x")
    with pytest.raises(ValueError):
        define("Bad_Code", Severity.ERROR, "data", "x", "x")


def test_every_catalogue_entry_is_bilingual_and_consistent():
    for t in catalogue():
        assert t.en.strip() and t.lo.strip(), t.code
        assert t.en.isascii(), f"{t.code}: English template should be ASCII"
        assert not t.lo.isascii(), f"{t.code}: Lao template contains no Lao text"
        assert t.description, f"{t.code}: needs a description for the docs"


def test_a_finding_may_carry_a_field_named_code():
    # e.g. "12 more findings of {code} not shown": `code` is the catalogue code positionally,
    # and a message field by keyword.
    f = finding("rule-error", rule="r", error="e", code="missing-input")
    assert f.code == "rule-error"
    assert f.details["code"] == "missing-input"


def test_a_refusing_finding_rebuilt_from_json_refuses_in_a_fresh_process():
    # Regression: the register stores findings as JSON; in a new interpreter the catalogue was
    # not loaded, so Report.exit_code said 0/1 for a refused file and review summed it.
    import subprocess
    import sys

    code = (
        "from xladdin.findings import Report;"
        "r = Report.from_dict({'findings': [{'code': 'workbook-encrypted', 'severity': 'error',"
        " 'category': 'structure', 'message_en': 'x', 'message_lo': 'x'}]});"
        "print(r.exit_code)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "2"
