"""Text from a returned file never becomes a formula in the review workbook."""

from __future__ import annotations

import re
import zipfile

from openpyxl import Workbook, load_workbook

from xladdin.review.consolidate import Options, consolidate
from xladdin.review.review_book import safe_text
from xladdin.review.sample import write_province_return

HOSTILE = ["=cmd|'/c calc'!A1", "+SUM(1,1)", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x")']


def _sheet_xml(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {
            n: z.read(n).decode("utf-8")
            for n in z.namelist()
            if n.startswith("xl/worksheets/sheet")
        }


def test_safe_text_writes_text_with_quote_prefix(tmp_path):
    wb = Workbook()
    ws = wb.active
    for i, text in enumerate(HOSTILE, start=1):
        safe_text(ws.cell(i, 1), text)
    path = tmp_path / "out.xlsx"
    wb.save(path)
    xml = "".join(_sheet_xml(path).values())
    assert "<f>" not in xml and "<f " not in xml
    back = load_workbook(path)
    for i, text in enumerate(HOSTILE, start=1):
        cell = back.active.cell(i, 1)
        assert cell.value == text and cell.data_type == "s"
        assert cell.quotePrefix


def test_hostile_text_from_a_returned_file_stays_text(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    path = write_province_return(folder / "=cmd.xlsx", "16")
    wb = load_workbook(path)
    ws = wb["Settings"]
    ws["B1"] = HOSTILE[0]
    ws["B1"].data_type = "s"
    wb.save(path)
    out = tmp_path / "review.xlsx"
    result = consolidate([folder], out, options=Options(require_stamp=False, validate=False))
    assert "review-unknown-province" in {f.code for f in result.report}
    sheets = _sheet_xml(out)
    for name, xml in sheets.items():
        assert not re.search(r"<f[ >]", xml), name
    status = load_workbook(out)["Status"]
    values = [c.value for row in status.iter_rows() for c in row]
    assert HOSTILE[0] in values and "=cmd.xlsx" in values
    findings = load_workbook(out)["Findings"]
    cells = [
        c
        for row in findings.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
