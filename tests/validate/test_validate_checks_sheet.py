"""checks_patch: the Checks sheet rows, links to cells, highlights, text stays text."""

import pytest
from memview import MemView

from xladdin.findings import Category, Finding, Report, Severity, finding
from xladdin.validate.checks import CHECKS_SHEET, HEADER_ROW, checks_patch, link_target
from xladdin.workbook.model import EnsureSheet, SetHighlights, SetHyperlink, SetValue


def _view():
    v = MemView(source="/tmp/x/province.xlsx")
    for s in ("Inputs", "My 'Data'", "Other"):
        v.put(s, "A1", "x")
    v.put("Checks", "A1", "xladdin checks / ຜົນການກວດສອບ")  # left by an earlier run
    return v


def _report():
    return Report(
        [
            finding("missing-input", sheet="Inputs", cell="B5", name="Output 01"),
            finding("number-stored-as-text", sheet="Inputs", cell="C7", text="12", value="12"),
            finding("number-stored-as-text", sheet="Inputs", cell="B5", text="1", value="1"),
            finding(
                "legacy-lao-font",
                sheet="My 'Data'",
                cell="A2",
                text="Á¢¸¤",
                kind="k",
                suggestion="ແຂວງ",
            ),
            finding("template-not-recognised", reason="no stamp"),
        ],
        source="/tmp/x/province.xlsx",
    )


def _values(patch):
    return {op.cell: op.value for op in patch.ops if isinstance(op, SetValue)}


def test_rows_header_summary_and_links():
    patch = checks_patch(_report(), _view())
    assert patch.ops[0] == EnsureSheet("Checks", hidden=False, clear=True)
    values = _values(patch)
    assert values["A2"].startswith("1 error(s), 3 warning(s), 1 info")
    assert values["A3"] == "province.xlsx"  # no local folder names in a returned file
    assert values[f"A{HEADER_ROW}"] == "Severity / ລະດັບ"
    first = HEADER_ROW + 1
    assert [values[f"{c}{first}"] for c in "ABCDE"] == [
        "error",
        "missing-input",
        "data",
        "Inputs",
        "B5",
    ]
    assert values[f"F{first}"] == "Input 'Output 01' is missing"
    assert values[f"G{first}"].startswith("ຂາດຂໍ້ມູນ")
    links = [op for op in patch.ops if isinstance(op, SetHyperlink)]
    assert SetHyperlink(CHECKS_SHEET, f"E{first}", "'Inputs'!B5") in links
    assert any(op.target == "'My ''Data'''!A2" for op in links)
    assert len(links) == 4  # the template finding has no location
    assert all(
        op.sheet == CHECKS_SHEET for op in patch.ops if isinstance(op, (SetValue, SetHyperlink))
    )


def test_highlights_errors_red_warnings_amber_and_clearing():
    patch = checks_patch(_report(), _view())
    hl = [op for op in patch.ops if isinstance(op, SetHighlights)]
    by = {(op.sheet, op.severity): op.refs for op in hl}
    assert by[("Inputs", "error")] == ("B5",)
    assert by[("Inputs", "warning")] == ("C7",)  # B5 is already red
    assert by[("My 'Data'", "warning")] == ("A2",)
    assert by[("My 'Data'", "error")] == ()
    # A sheet without findings is cleared (an earlier run may have highlighted it).
    assert by[("Other", "error")] == () and by[("Other", "warning")] == ()
    assert not any(op.sheet == "Checks" for op in hl)
    # Clearing operations come before the ones that set colours on the same sheet.
    inputs = [op for op in hl if op.sheet == "My 'Data'"]
    assert inputs[0].refs == ()


def test_empty_report_says_so_and_clears_everything():
    patch = checks_patch(Report(), _view())
    assert "No findings" in _values(patch)[f"A{HEADER_ROW + 1}"]
    hl = [op for op in patch.ops if isinstance(op, SetHighlights)]
    assert {op.sheet for op in hl} == {"Inputs", "My 'Data'", "Other"} and all(
        op.refs == () for op in hl
    )


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)"])
def test_workbook_text_stays_a_string(text):
    f = Finding(
        "legacy-lao-font", Severity.WARNING, Category.DATA, text, text, sheet=text, cell="A1"
    )
    patch = checks_patch(Report([f]), _view())
    values = [op.value for op in patch.ops if isinstance(op, SetValue)]
    assert values.count(text) == 3  # sheet, English and Lao message: verbatim strings
    assert all(isinstance(v, str) or v is None for v in values)
    assert not any(isinstance(op, SetHyperlink) for op in patch.ops)  # not a sheet of the view


@pytest.mark.parametrize("lang, absent", [("en", "ຂໍ້ຄວາມ (ພາສາລາວ)"), ("lo", "Message (English)")])
def test_language_columns(lang, absent):
    values = _values(checks_patch(_report(), _view(), lang=lang))
    assert absent not in values.values()
    with pytest.raises(ValueError):
        checks_patch(_report(), _view(), lang="fr")


def test_link_target_quotes_sheet_names():
    assert link_target("Inputs", "$B$5") == "'Inputs'!B5"
    assert link_target("It's", None) == "'It''s'!A1"


def test_a_users_own_checks_sheet_is_never_cleared():
    """A sheet the user named "Checks" (no xladdin marker in A1) is theirs: xladdin writes
    "Checks (xladdin)" beside it, validates it like any data sheet, and may highlight it."""
    v = MemView(source="/tmp/x/book.xlsx")
    v.put("Inputs", "A1", "x")
    v.put("Checks", "A1", "My own checklist")
    patch = checks_patch(_report(), v)
    assert patch.ops[0] == EnsureSheet("Checks (xladdin)", hidden=False, clear=True)
    cleared_or_written = {
        op.name if isinstance(op, EnsureSheet) else op.sheet
        for op in patch.ops
        if isinstance(op, (SetValue, SetHyperlink, EnsureSheet))
    }
    assert cleared_or_written == {"Checks (xladdin)"}
    # the next run finds its own sheet again by the marker it wrote into A1
    a1 = next(op.value for op in patch.ops if isinstance(op, SetValue) and op.cell == "A1")
    v.put("Checks (xladdin)", "A1", a1)
    again = checks_patch(_report(), v)
    assert again.ops[0] == EnsureSheet("Checks (xladdin)", hidden=False, clear=True)
