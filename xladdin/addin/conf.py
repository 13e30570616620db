"""The add-in's xlwings configuration: the ``xladdin.conf`` sheet inside the .xlam.

xlwings' custom add-in VBA reads its settings from a sheet named ``<PROJECT_NAME>.conf`` in
the add-in (column A: key, column B: value, contiguous from A1). The values live in
``src/config.csv``; the build writes the sheet and ``xladdin addin install`` rewrites it with
the interpreter path of the machine.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from xladdin.workbook.cells import ooxml_unescape, xml_text

SRC = Path(__file__).resolve().parent / "src"
PROJECT_NAME = "xladdin"
CONF_SHEET = f"{PROJECT_NAME}.conf"
SHEET_PART = "xl/worksheets/sheet1.xml"
STRINGS_PART = "xl/sharedStrings.xml"
INTERPRETER_KEY = "Interpreter_Win"

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@dataclass(frozen=True)
class ConfValue:
    """One row of the config sheet."""

    key: str
    type: str  # "str" or "bool"
    value: str
    note: str = ""


def load_config(overrides: dict[str, str] | None = None) -> list[ConfValue]:
    """The config rows from ``src/config.csv``, with ``overrides`` applied by key."""
    rows = []
    with (SRC / "config.csv").open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            rows.append(ConfValue(rec["key"], rec["type"], rec["value"], rec.get("note", "")))
    for key, value in (overrides or {}).items():
        for i, row in enumerate(rows):
            if row.key.upper() == key.upper():
                rows[i] = ConfValue(row.key, row.type, value, row.note)
                break
        else:
            rows.append(ConfValue(key, "str", value))
    return rows


def sheet_parts(rows: list[ConfValue]) -> dict[str, bytes]:
    """``xl/worksheets/sheet1.xml`` and ``xl/sharedStrings.xml`` holding ``rows``."""
    strings: list[str] = []

    def sst(text: str) -> int:
        if text not in strings:
            strings.append(text)
        return strings.index(text)

    cells = []
    for r, row in enumerate(rows, start=1):
        parts = [f'<c r="A{r}" s="1" t="s"><v>{sst(row.key)}</v></c>']
        if row.type == "bool":
            flag = 1 if row.value.strip().lower() == "true" else 0
            parts.append(f'<c r="B{r}" s="1" t="b"><v>{flag}</v></c>')
        elif row.value != "":
            parts.append(f'<c r="B{r}" s="1" t="s"><v>{sst(row.value)}</v></c>')
        cells.append(f'<row r="{r}">{"".join(parts)}</row>')
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN_NS}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheetPr codeName="Sheet2"/>'
        f'<dimension ref="A1:B{max(len(rows), 1)}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15.75"/>'
        '<cols><col min="1" max="1" width="30" style="1" customWidth="1"/>'
        '<col min="2" max="2" width="60" style="1" customWidth="1"/></cols>'
        f"<sheetData>{''.join(cells)}</sheetData>"
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        "</worksheet>"
    )
    items = "".join(f'<si><t xml:space="preserve">{xml_text(s)}</t></si>' for s in strings)
    shared = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="{_MAIN_NS}" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    )
    return {SHEET_PART: sheet.encode("utf-8"), STRINGS_PART: shared.encode("utf-8")}


def read_sheet(sheet_xml: bytes, strings_xml: bytes) -> dict[str, object]:
    """Read the config sheet back: ``{KEY (upper case, as xlwings reads it): value}``."""
    from defusedxml import ElementTree

    ns = {"m": _MAIN_NS}
    sst = [
        ooxml_unescape("".join(t.text or "" for t in si.iter(f"{{{_MAIN_NS}}}t")))
        for si in ElementTree.fromstring(strings_xml).findall("m:si", ns)
    ]
    out: dict[str, object] = {}
    for row in ElementTree.fromstring(sheet_xml).iterfind(".//m:sheetData/m:row", ns):
        vals: dict[str, object] = {}
        for c in row.findall("m:c", ns):
            v = c.find("m:v", ns)
            raw = v.text if v is not None else None
            t = c.get("t")
            col = "".join(ch for ch in c.get("r", "") if ch.isalpha())
            if raw is None:
                vals[col] = None
            elif t == "s":
                vals[col] = sst[int(raw)]
            elif t == "b":
                vals[col] = raw == "1"
            else:
                vals[col] = raw
        if vals.get("A"):
            out[str(vals["A"]).upper()] = vals.get("B")
    return out
