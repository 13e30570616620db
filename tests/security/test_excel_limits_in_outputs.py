"""Everything xladdin writes respects Excel's limits (issue #10 "Smaller" bullets).

Sheet names: at most 31 characters (UTF-16 units), none of ``[ ] : * ? / \\``, no leading or
trailing apostrophe, not ``History``, unique case-insensitively (Microsoft, "Excel
specifications and limits" and "Rename a worksheet"). Cell text: at most 32,767 characters, cut
with a note. Checked on the shared helper (:mod:`xladdin.workbook.excel_limits`) with a
property test, and on the Checks sheet written into a hand-made hostile workbook whose user
sheets already take "Checks" and "Checks (xladdin)" and whose other sheet is named with 31 Lao
characters.
"""

from __future__ import annotations

import re
import zipfile

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from xladdin.findings import Report, finding
from xladdin.workbook.excel_limits import (
    EXCEL_MAX_SHEET_NAME,
    EXCEL_MAX_TEXT,
    excel_text,
    sheet_title,
    valid_sheet_name,
)
from xladdin.workbook.owned import CHECKS, owned_sheet_name

LAO_31 = "ກ" * 31  # 31 Lao characters: the longest name Excel allows


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_sheet_title_makes_every_kind_of_bad_name_valid():
    assert sheet_title(LAO_31) == LAO_31
    long = sheet_title(LAO_31, suffix=" (xladdin)")
    assert valid_sheet_name(long) and _units(long) == EXCEL_MAX_SHEET_NAME
    assert long.endswith("~ (xladdin)") and long.startswith("ກ" * 20)
    assert sheet_title("a[b]:c*d?e/f\\g") == "a_b__c_d_e_f_g"
    assert sheet_title("'quoted'") == "quoted"
    assert sheet_title("history").casefold() != "history"
    assert sheet_title("Checks", taken=["CHECKS", "checks (2)"]) == "Checks (3)"
    assert _units(sheet_title("\U0001f600" * 20)) <= EXCEL_MAX_SHEET_NAME  # 2 units each
    assert not valid_sheet_name("History") and not valid_sheet_name("x" * 32)
    assert not valid_sheet_name("a\x1bb") and not valid_sheet_name("")


@given(st.text(max_size=60), st.lists(st.text(max_size=35), max_size=5), st.text(max_size=12))
def test_sheet_title_is_always_valid_and_unused(name, taken, suffix):
    title = sheet_title(name, taken=taken, suffix=suffix if valid_sheet_name(suffix) else "")
    assert valid_sheet_name(title)
    assert title.casefold() not in {t.casefold() for t in taken}


@given(st.text(max_size=200), st.integers(min_value=0, max_value=40_000))
def test_excel_text_is_always_storable(text, pad):
    out, _bad, cut = excel_text(text + "\U0001f600" * (pad // 2))
    assert _units(out) <= EXCEL_MAX_TEXT
    assert cut == (_units(text + "\U0001f600" * (pad // 2)) > EXCEL_MAX_TEXT)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", out)


class _View:
    """A view whose sheets are only names with an A1 text (what owned_sheet_name reads)."""

    def __init__(self, sheets: dict[str, str]):
        self.sheets = sheets

    def sheet_names(self):
        return list(self.sheets)

    def values(self, sheet, ref):
        return [[self.sheets[sheet]]]


def test_owned_sheet_name_when_a_hostile_file_took_every_candidate():
    names = ["Checks", "Checks (xladdin)"] + [f"checks (XLADDIN {i})" for i in range(2, 100)]
    view = _View({n: "a user's own sheet" for n in names})
    chosen = owned_sheet_name(view, CHECKS)
    assert valid_sheet_name(chosen)
    assert chosen.casefold() not in {n.casefold() for n in names}


def test_checks_sheet_in_a_hostile_workbook_is_valid_and_its_texts_fit(tmp_path):
    """A user's "Checks" and "Checks (xladdin)" exist, a sheet has a 31-Lao-character name, a
    finding quotes a 40,000-character text: the written Checks sheet has a valid new name and
    every cell text fits Excel's limit."""
    from xladdin.validate import validate_file
    from xladdin.validate.checks import checks_patch
    from xladdin.workbook.xlsx_patch import apply_patch
    from xladdin.workbook.xlsx_reader import open_xlsx

    wb = Workbook()
    wb.active.title = LAO_31
    wb.active["A1"] = "-2+3"
    wb.active["A1"].data_type = "s"
    for name in ("Checks", "Checks (xladdin)"):
        wb.create_sheet(name)["A1"] = "my own notes"
    path = tmp_path / "hostile.xlsx"
    wb.save(path)

    report = validate_file(path)
    assert any(f.code == "text-looks-like-formula" and f.sheet == LAO_31 for f in report)
    huge = "=" + "ລ" * 40_000
    report = Report(
        [
            *report,
            finding(
                "legacy-lao-font", sheet=LAO_31, cell="A1", text=huge, kind="x", suggestion=huge
            ),
        ]
    )
    apply_patch(path, checks_patch(report, open_xlsx(path)), backup=False)

    with zipfile.ZipFile(path) as z:
        wb_xml = z.read("xl/workbook.xml").decode()
        sheets = re.findall(r'<sheet [^>]*name="([^"]*)"', wb_xml)
        texts = [
            t
            for n in z.namelist()
            if n.startswith("xl/worksheets/")
            for t in re.findall(r"<t[^>]*>(.*?)</t>", z.read(n).decode(), re.S)
        ]
    assert sheets[:3] == [LAO_31, "Checks", "Checks (xladdin)"]
    assert all(valid_sheet_name(s) for s in sheets)
    assert len({s.casefold() for s in sheets}) == len(sheets)
    assert len(sheets) == 4 and sheets[3] == "Checks (xladdin 2)"
    assert texts and max(_units(t) for t in texts) <= EXCEL_MAX_TEXT
    back = load_workbook(path)
    cells = [c for row in back["Checks (xladdin 2)"].iter_rows() for c in row]
    cut = [c for c in cells if isinstance(c.value, str) and "[... cut:" in c.value]
    assert cut and all(c.data_type == "s" for c in cut)
    assert back["Checks"]["A1"].value == "my own notes"  # the user's sheets are untouched


def test_apply_patch_refuses_a_sheet_name_excel_would_reject(tmp_path):
    import pytest

    from xladdin.workbook.model import EnsureSheet, Patch
    from xladdin.workbook.xlsx_patch import apply_patch

    path = tmp_path / "book.xlsx"
    Workbook().save(path)
    for bad in ("History", LAO_31 + "x", "a/b", "'x"):
        with pytest.raises(ValueError, match="invalid sheet name"):
            apply_patch(path, Patch().add(EnsureSheet(bad)), backup=False)


def test_xlwings_writes_long_text_cut_and_as_text():
    from xladdin.workbook.xlwings_adapter import _excel_value

    value = _excel_value("=" + "x" * 40_000)
    assert value.startswith("'=") and _units(value[1:]) == EXCEL_MAX_TEXT
    assert value.endswith("[... cut: 40,001 characters]")
