"""The Audit sheet of a returned file prints readably (issue 13): its texts wrap in their
columns -- with a wrap-only cell format the workbook already has (styles.xml then unchanged), or
one appended to ``cellXfs`` of a foreign workbook (every existing format keeps its index and
bytes: nothing lost, the data hash unchanged) -- rows are tall enough for the wrapped text, and
the sheet prints one A4 landscape page wide at 73 % (11 pt text at 8.03 pt). Rendered by
LibreOffice in ``tests/print``."""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

from xladdin.returned import prepare_package
from xladdin.returned.prepare import AUDIT_SCALE, AUDIT_WIDTHS, sheet_xml
from xladdin.returned.verify import verify_view
from xladdin.workbook.xlsx_reader import open_xlsx


def _parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}


def _xfs(styles: str) -> list[str]:
    block = re.search(r"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", styles, re.S)
    assert block is not None
    return re.findall(r"<(?:\w+:)?xf\b[^>]*?(?:/>|>.*?</(?:\w+:)?xf>)", block.group(1), re.S)


def _audit(parts: dict[str, str]) -> str:
    (xml,) = [
        t for n, t in parts.items() if n.startswith("xl/worksheets/") and "xladdin audit" in t
    ]
    return xml


def _book_with_a_wrap_format(path: Path) -> Path:
    """A workbook whose About text wraps (as xladdin's templates do): openpyxl writes a cell
    format of General, default font, top-aligned and wrapped."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "About"
    ws["A1"] = "About this workbook"
    ws["A1"].font = Font(bold=True)
    ws["A2"] = "A long explanation that wraps"
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    data = wb.create_sheet("Data")
    data["A1"], data["B1"] = 2020, 1.5
    data["B1"].alignment = Alignment(horizontal="right", wrap_text=True)  # not plain: skipped
    wb.save(path)
    return path


def test_audit_texts_wrap_with_the_workbooks_own_wrap_format(tmp_path):
    book = _book_with_a_wrap_format(tmp_path / "wrap.xlsx")
    styles_before = _parts(book)["xl/styles.xml"]
    xfs = _xfs(styles_before)
    (plain,) = [i for i, x in enumerate(xfs) if 'wrapText="1"' in x and "horizontal" not in x]
    out = Path(prepare_package(book).path)
    parts = _parts(out)
    assert parts["xl/styles.xml"] == styles_before  # nothing added: byte-identical
    audit = _audit(parts)
    assert set(re.findall(r'<c r="[A-Z]+\d+" s="(\d+)"', audit)) == {str(plain)}
    assert re.search(r'<row r="\d+" ht="[\d.]+" customHeight="1">', audit)
    assert f'scale="{AUDIT_SCALE}"' in audit and 'orientation="landscape"' in audit
    assert verify_view(open_xlsx(out)).intact


def _appended_only(before: str, after: str) -> str:
    """The one cell format ``after`` adds at the end of ``cellXfs`` of ``before``, asserting
    that nothing else changed but the list's count (raised by one)."""
    old, new = _xfs(before), _xfs(after)
    assert new[: len(old)] == old and len(new) == len(old) + 1  # every format kept, in place
    added = new[-1]
    bumped = re.sub(
        r'(<(?:\w+:)?cellXfs\b[^>]*?\bcount=")(\d+)"',
        lambda m: f'{m.group(1)}{int(m.group(2)) + 1}"',
        before,
        count=1,
    )
    close = re.search(r"</(?:\w+:)?cellXfs>", bumped)
    assert close is not None
    assert after == bumped[: close.start()] + added + bumped[close.start() :]
    return added


def test_a_foreign_workbook_gets_one_wrap_format_appended_and_loses_nothing(
    udf_link_macro_xlsm,
):
    # the hand-made .xlsm (tests/returned/quirk_books.py) has two cell formats, neither wraps
    before = _parts(udf_link_macro_xlsm)
    out = Path(prepare_package(udf_link_macro_xlsm).path)
    parts = _parts(out)
    added = _appended_only(before["xl/styles.xml"], parts["xl/styles.xml"])
    assert 'wrapText="1"' in added and 'vertical="top"' in added and "horizontal" not in added
    index = len(_xfs(before["xl/styles.xml"]))
    audit = _audit(parts)
    assert set(re.findall(r'<c r="[A-Z]+\d+" s="(\d+)"', audit)) == {str(index)}
    assert re.search(r'<row r="\d+" ht="[\d.]+" customHeight="1">', audit)
    assert f'scale="{AUDIT_SCALE}"' in audit
    assert verify_view(open_xlsx(out)).intact  # the data hash did not move


def test_a_foreign_workbook_with_prefixed_styles_keeps_its_prefix():
    # styles.xml written with an "x:" prefix (as some generators do): the new format takes it
    from xladdin.returned.prepare import append_wrap_xf

    styles = (
        '<x:styleSheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<x:fonts count="1"><x:font><x:sz val="11"/></x:font></x:fonts>'
        '<x:fills count="2"><x:fill/><x:fill/></x:fills>'
        '<x:borders count="1"><x:border/></x:borders>'
        '<x:cellXfs count="1"><x:xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</x:cellXfs></x:styleSheet>"
    )
    got = append_wrap_xf(styles)
    assert got is not None and got[1] == 1
    added = _appended_only(styles, got[0])
    assert added.startswith("<x:xf ") and "<x:alignment " in added
    assert 'xfId="0"' not in added  # no cellStyleXfs to refer to
    assert append_wrap_xf(styles.replace('<x:font><x:sz val="11"/></x:font>', "")) is None
    assert append_wrap_xf('<styleSheet><cellXfs count="0"/></styleSheet>') is None


def test_the_audit_sheet_prints_one_page_wide_at_8_pt():
    # 11 pt at 73 % is 8.03 pt; the widths, by ECMA-376 18.3.1.13 (trunc(w * 7 + 5) px of
    # 0.75 pt): 13 -> 72, 28 -> 150.75, 30 -> 161.25, 42 -> 234.75, 24 -> 129.75, 12 -> 66.75,
    # 815.25 pt at 73 % = 595 pt, inside A4 landscape less 0.4 in margins (841.89 - 57.6 =
    # 784.3 pt); with LibreOffice's fallback font here, 7 pt a character: 149 * 7 * 0.73 = 761.
    assert AUDIT_SCALE == 73 and 11 * AUDIT_SCALE / 100 >= 8
    assert AUDIT_WIDTHS == (13, 28, 30, 42, 24, 12)
    assert sum(math.trunc(w * 7 + 5) * 0.75 for w in AUDIT_WIDTHS) * 0.73 < 784.3
    assert sum(AUDIT_WIDTHS) * 7 * 0.73 < 784.3


def test_a_long_formula_row_is_tall_enough_for_its_wrapped_text():
    # A 300-character formula in column D (42 wide): 42 / 1.15 = 36.5 characters a line,
    # ceil(300 / 36.5) = 9 lines of 15 pt = 135 pt. A short row keeps the default height.
    formula = "=" + "+".join(["Inputs!A2"] * 30)
    assert len(formula) == 300
    rows = [["frozen", "Outputs", "B2", formula, "volatile", 1.5], ["key", "x"]]
    xml = sheet_xml(rows, AUDIT_WIDTHS, wrap_style=7, scale=AUDIT_SCALE)
    assert '<row r="1" ht="135.0" customHeight="1">' in xml
    assert '<row r="2">' in xml
    assert '<c r="F1" s="7">' in xml  # numbers top-aligned beside the first line too


def test_the_tallest_row_is_excels_largest():
    xml = sheet_xml([["frozen", "S", "A1", "=" + "1+" * 16000]], AUDIT_WIDTHS, wrap_style=3)
    assert '<row r="1" ht="409.0" customHeight="1">' in xml
