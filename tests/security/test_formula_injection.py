"""Text from a returned file never becomes a formula in the review workbook."""

from __future__ import annotations

import re
import zipfile

from openpyxl import Workbook, load_workbook

from xladdin.review.consolidate import Options, consolidate
from xladdin.review.openpyxl_text import safe_text
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


# --- hand-made workbook through every command (issue #10 item 5) --------------------------------

# Text cells written at the XML level into the Benchmark sheet of a compiled demo workbook, each
# as an inline string (a text constant, as Excel writes "'=..." or a CSV import leaves it).
INJECTED = {
    "Z60": '=HYPERLINK("http://x","click")',
    "Z61": "@SUM(1)",
    "Z62": "+cmd|' /C calc'!A0",
    "Z63": "-2+3",
}
# What must never appear inside an <f> element of any output.
BODIES = ("HYPERLINK", "SUM(1)", "cmd|", "2+3")


def _inject(src, dst) -> str:
    """Copy ``src`` with the :data:`INJECTED` cells added to the Benchmark sheet's XML."""
    from xml.sax.saxutils import escape

    with zipfile.ZipFile(src) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    # parsed, not matched by regex: with lxml, openpyxl orders attributes and prefixes differently
    import xml.etree.ElementTree as ET

    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_r = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    sheet = next(
        e
        for e in ET.fromstring(parts["xl/workbook.xml"]).iter(f"{ns_main}sheet")
        if e.get("name") == "Benchmark"
    )
    rid = sheet.get(f"{ns_r}id")
    rel = next(e for e in ET.fromstring(parts["xl/_rels/workbook.xml.rels"]) if e.get("Id") == rid)
    part = "xl/" + rel.get("Target").lstrip("/").removeprefix("xl/")
    xml = parts[part].decode()
    rows = "".join(
        f'<row r="{ref[1:]}"><c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c></row>'
        for ref, text in INJECTED.items()
    )
    assert int(max(re.findall(r'<row r="(\d+)"', xml), key=int)) < 60
    parts[part] = xml.replace("</sheetData>", rows + "</sheetData>").encode()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return part


def _assert_text_never_formula(path) -> None:
    """At the XML level: no <f> of any sheet holds injected text, and every cell that holds
    one of the injected texts is a text cell (shared or inline string). Every sheet name is one
    Excel accepts."""
    from xladdin.workbook.excel_limits import valid_sheet_name

    with zipfile.ZipFile(path) as z:
        names = re.findall(r'<sheet [^>]*name="([^"]*)"', z.read("xl/workbook.xml").decode())
        assert names and all(valid_sheet_name(n) for n in names), (path, names)
        for name in z.namelist():
            if not name.startswith("xl/worksheets/") or not name.endswith(".xml"):
                continue
            xml = z.read(name).decode("utf-8")
            for body in re.findall(r"<(?:\w+:)?f\b[^>]*>(.*?)</(?:\w+:)?f>", xml, re.S):
                assert not any(b in body for b in BODIES), (path, name, body)
            for cell in re.findall(r"<c\b[^>]*>.*?</c>", xml, re.S):
                if any(b in cell for b in BODIES):
                    assert re.search(r'\bt="(s|inlineStr|str)"', cell), (path, name, cell)
                    assert "<f" not in cell, (path, name, cell)


def _values_back(path) -> dict[str, object]:
    ws = load_workbook(path)["Benchmark"]
    return {ref: (ws[ref].value, ws[ref].data_type) for ref in INJECTED}


def test_injected_text_stays_text_through_validate_compile_prepare_consolidate(tmp_path, capsys):
    import json

    from xladdin.cli import main

    demo = tmp_path / "demo.xlsx"
    assert main(["demo", "-o", str(demo)]) in (0, 1)
    book = tmp_path / "province.xlsx"
    _inject(demo, book)
    capsys.readouterr()

    # validate: one warning per injected cell, category security, text kept in --json
    assert main(["validate", str(book), "--json"]) in (0, 1)
    data = json.loads(capsys.readouterr().out)
    hits = {f["cell"]: f for f in data["findings"] if f["code"] == "text-looks-like-formula"}
    assert set(hits) == set(INJECTED)
    assert all(f["severity"] == "warning" and f["category"] == "security" for f in hits.values())
    assert "=HYPERLINK" in hits["Z60"]["message_en"] and "=HYPERLINK" in hits["Z60"]["message_lo"]

    # compile (writes outputs and the Checks sheet, whose messages quote the text)
    assert main(["compile", str(book), "--no-backup"]) in (0, 1)
    capsys.readouterr()
    _assert_text_never_formula(book)
    assert _values_back(book) == {ref: (text, "s") for ref, text in INJECTED.items()}
    checks = [
        c.value
        for row in load_workbook(book)["Checks"].iter_rows()
        for c in row
        if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert checks  # the finding is on the Checks sheet, as text

    # prepare (the returned file, with its Audit sheet)
    folder = tmp_path / "returns"
    folder.mkdir()
    returned = folder / "province-return.xlsx"
    assert main(["prepare", str(book), "-o", str(returned)]) in (0, 1)
    capsys.readouterr()
    _assert_text_never_formula(returned)
    assert _values_back(returned) == {ref: (text, "s") for ref, text in INJECTED.items()}

    # consolidate (the review workbook: findings quote the text)
    review = tmp_path / "review.xlsx"
    assert main(["consolidate", str(folder), "-o", str(review)]) in (0, 1)
    capsys.readouterr()
    _assert_text_never_formula(review)
    texts = [
        c
        for ws in load_workbook(review).worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert texts and all(c.data_type == "s" for c in texts)


def test_numbers_typed_as_text_are_not_reported_twice(tmp_path):
    from xladdin.validate import validate_file

    wb = Workbook()
    ws = wb.active
    for i, text in enumerate(["-5", "+1,234", "-", "---", "- item", "=1+1"], start=1):
        ws.cell(i, 1).value = text
        ws.cell(i, 1).data_type = "s"
    path = tmp_path / "numbers.xlsx"
    wb.save(path)
    report = validate_file(path)
    flagged = {f.cell for f in report if f.code == "text-looks-like-formula"}
    assert flagged == {"A5", "A6"}
    assert {f.cell for f in report if f.code == "number-stored-as-text"} >= {"A1"}
