"""The Audit sheet of a returned file prints readably (issue 13): its texts wrap in their
columns (a wrapped, top-aligned cell format appended to the workbook's ``cellXfs``), rows are
tall enough for the wrapped text, and the sheet prints one A4 landscape page wide at 73 %
(11 pt text at 8.03 pt). Rendered by LibreOffice in ``tests/print``."""

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


def test_audit_texts_wrap_with_a_format_added_after_the_existing_ones(udf_link_macro_xlsm):
    before = _xfs(_parts(udf_link_macro_xlsm)["xl/styles.xml"])
    out = Path(prepare_package(udf_link_macro_xlsm).path)
    parts = _parts(out)
    after = _xfs(parts["xl/styles.xml"])
    assert after[: len(before)] == before  # every data cell keeps its format
    assert len(after) == len(before) + 1 and 'wrapText="1"' in after[-1]
    audit = _audit(parts)
    styles = set(re.findall(r'<c r="[A-Z]+\d+" s="(\d+)"', audit))
    assert styles == {str(len(before))}
    assert f'scale="{AUDIT_SCALE}"' in audit and 'orientation="landscape"' in audit
    assert verify_view(open_xlsx(out)).intact  # styles are not part of the data hash


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


def test_preparing_again_reuses_the_wrap_format(udf_link_macro_xlsm, tmp_path):
    once = Path(prepare_package(udf_link_macro_xlsm).path)
    n = len(_xfs(_parts(once)["xl/styles.xml"]))
    result = prepare_package(once, out=tmp_path / "again.xlsx")
    assert result.path is not None
    assert len(_xfs(_parts(Path(result.path))["xl/styles.xml"])) == n
