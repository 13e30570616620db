"""checks_patch: the Checks sheet rows, links to cells, highlights, text stays text."""

import pytest
from memview import MemView

from xladdin.findings import Category, Finding, Report, Severity, finding
from xladdin.validate.checks import (
    CHECKS_SHEET,
    HEADER_ROW,
    checks_patch,
    link_target,
    message_lines,
    message_row_height,
)
from xladdin.workbook.model import (
    EnsureSheet,
    SetHighlights,
    SetHyperlink,
    SetRowHeight,
    SetValue,
)


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
    # on the Checks sheet itself: the header filled, each severity cell coloured
    assert by[("Checks", "header")] == (f"A{HEADER_ROW}:H{HEADER_ROW}",)
    first = HEADER_ROW + 1
    assert by[("Checks", "error")] == (f"A{first}",)
    assert by[("Checks", "warning")] == tuple(f"A{first + k}" for k in (1, 2, 3))
    assert by[("Checks", "info")] == (f"A{first + 4}",)
    # Clearing operations come before the ones that set colours on the same sheet.
    inputs = [op for op in hl if op.sheet == "My 'Data'"]
    assert inputs[0].refs == ()


def test_empty_report_says_so_and_clears_everything():
    patch = checks_patch(Report(), _view())
    assert "No findings" in _values(patch)[f"A{HEADER_ROW + 1}"]
    hl = [op for op in patch.ops if isinstance(op, SetHighlights)]
    assert {op.sheet for op in hl} == {"Inputs", "My 'Data'", "Other", "Checks"}
    assert all(op.refs == () for op in hl if op.severity != "header")


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


# --- row heights of wrapped messages ----------------------------------------------------------

SHORT_EN = "Input 'Output 01' is missing"
SHORT_LO = "ຂາດຂໍ້ມູນ 'Output 01'"
LONG_EN = "Implicit deflator of AGR changes by 32.26% in 2023, outside the band. " * 3  # 210
LONG_LO = "ຕົວປັບລາຄາຂອງ AGR ປ່ຽນແປງ 32.26% ໃນປີ 2023, ຢູ່ນອກຂອບເຂດ. " * 3  # 174


def _msg(en, lo, cell):
    return Finding("x", Severity.WARNING, Category.DATA, en, lo, sheet="Inputs", cell=cell)


def _heights(patch):
    return {op.row: op.height for op in patch.ops if isinstance(op, SetRowHeight)}


def test_rows_with_wrapped_messages_get_a_height():
    report = Report(
        [
            _msg(SHORT_EN, SHORT_LO, "A1"),  # row 6: one line each -> automatic
            _msg(LONG_EN, SHORT_LO, "A2"),  # row 7: 210 / (42 x 1.1 = 46.2) -> 5 lines x 15 pt
            _msg(SHORT_EN, LONG_LO, "A3"),  # row 8: 174 / (42 x 0.8 = 33.6) -> 6 lines x 17 pt
            _msg(LONG_EN, LONG_LO, "A4"),  # row 9: the taller of the two
        ]
    )
    assert len(LONG_EN) == 210 and len(LONG_LO) == 174
    patch = checks_patch(report, _view())
    first = HEADER_ROW + 1
    # the What-to-do column (the Lao advice for "data", 68 characters: 3 lines of 38 x 0.8 =
    # 30.4) gives 3 x 17 pt; the header row holds "Category / ປະເພດ" on 2 lines of 12 wide
    assert _heights(patch) == {
        HEADER_ROW: 34.0,
        first: 51.0,
        first + 1: 75.0,
        first + 2: 102.0,
        first + 3: 102.0,
    }
    assert all(op.sheet == CHECKS_SHEET for op in patch.ops if isinstance(op, SetRowHeight))
    # the height comes after the row's cells, in the order of the rows
    ops = patch.ops
    i = next(k for k, op in enumerate(ops) if isinstance(op, SetRowHeight) and op.row == first)
    assert any(isinstance(op, SetValue) and op.cell == f"G{first}" for op in ops[:i])
    # one message column: only that one counts
    assert _heights(checks_patch(report, _view(), lang="en")) == {
        first + 1: 75.0,
        first + 3: 75.0,
    }
    assert _heights(checks_patch(report, _view(), lang="lo")) == {
        first: 51.0,
        first + 1: 51.0,
        first + 2: 102.0,
        first + 3: 102.0,
    }


def test_row_height_estimates():
    assert message_lines(None) == 0 and message_lines("") == 0
    # a 42-wide message column holds 42 x 1.1 = 46.2 Latin or 42 x 0.8 = 33.6 Lao characters
    assert message_lines("x" * 46) == 1 and message_lines("x" * 47) == 2
    assert message_lines("ກ" * 33) == 1 and message_lines("ກ" * 34) == 2
    assert message_lines("one\ntwo") == 2  # explicit line breaks count
    assert message_row_height([SHORT_EN, SHORT_LO]) is None
    assert message_row_height([None, None]) is None
    assert message_row_height(["x" * 78]) == 30.0
    assert message_row_height(["x" * 100_000]) == 409.0  # Excel's largest row height
    assert message_row_height(["x" * 78], width=80) is None


def test_short_findings_and_no_findings_add_no_row_height():
    short = Report([_msg(SHORT_EN, SHORT_LO, "A1"), _msg("x" * 46, "ກ" * 33, "A2")])
    assert _heights(checks_patch(short, _view(), lang="en")) == {}  # no catalogue text for "x"
    # no finding: only the header row, whose "Category / ປະເພດ" takes 2 lines of 17 pt
    assert _heights(checks_patch(Report(), _view())) == {HEADER_ROW: 34.0}
    # the sample report: the legacy-font (132 characters) and template (107 / 83) messages wrap
    first = HEADER_ROW + 1
    # Lao only: the per-code Lao advice takes ceil(len / 30.4) lines of the 38-wide column
    # (0.8 Lao characters per unit): 3 lines for missing-input (82 characters) and
    # number-stored-as-text (74), 5 for legacy-lao-font (128) and 4 for
    # template-not-recognised (103), at 17 pt a line
    assert _heights(checks_patch(_report(), _view(), lang="lo")) == {
        first: 51.0,
        first + 1: 51.0,
        first + 2: 51.0,
        first + 3: 85.0,
        first + 4: 68.0,
    }
    # with both languages the What-to-do column (catalogue text + Lao advice) wraps on every row
    both = _heights(checks_patch(_report(), _view()))
    assert set(both) == {HEADER_ROW} | {first + k for k in range(5)}
    assert both[first + 3] >= 85.0 and both[first + 4] >= 68.0


def test_what_to_do_column_and_summary_by_sheet():
    values = _values(checks_patch(_report(), _view()))
    first = HEADER_ROW + 1
    assert values[f"H{HEADER_ROW}"] == "What to do / ຄວນເຮັດແນວໃດ"
    from xladdin.findings import get_type

    en, lo = values[f"H{first}"].split("\n")
    assert en == get_type("missing-input").description
    assert any("\u0e80" <= ch <= "\u0eff" for ch in lo)
    assert values["A4"].startswith("By sheet / ຕາມແຜ່ນງານ: Inputs: 1 error(s) (ຜິດພາດ 1), 2 warning")
    assert "My 'Data': 1 warning(s)" in values["A4"]
