"""Edit a returned workbook by hand, at the zip/XML level, as an attacker would (no workbook
library writes the result). Shared by the review tests."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path


def _sheet_part(z: zipfile.ZipFile, sheet: str) -> str:
    wb = z.read("xl/workbook.xml").decode("utf-8")
    m = re.search(rf'<(?:\w+:)?sheet [^>]*name="{re.escape(sheet)}"[^>]*/>', wb)
    assert m, sheet
    rid = re.search(r'\br:id="([^"]+)"|\b\w+:id="([^"]+)"', m.group(0))
    rid_value = rid.group(1) or rid.group(2)
    rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    rel = re.search(rf'<Relationship [^>]*Id="{rid_value}"[^>]*/>', rels)
    target = re.search(r'Target="([^"]+)"', rel.group(0)).group(1)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def rewrite_part(path: Path, part: str, edit) -> None:
    """Replace one zip entry's text with ``edit(text)``; every other entry copied as is."""
    tmp = path.with_suffix(".edit")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                new = edit(data.decode("utf-8"))
                assert new != data.decode("utf-8"), f"nothing changed in {part}"
                data = new.encode("utf-8")
            dst.writestr(info, data)
    tmp.replace(path)


def set_cell_value(path: Path, sheet: str, cell: str, value: float) -> None:
    """Set the cached value of ``sheet!cell`` by editing the sheet XML (no workbook library)."""
    with zipfile.ZipFile(path) as z:
        part = _sheet_part(z, sheet)

    def edit(xml: str) -> str:
        pat = re.compile(rf'(<c r="{cell}"[^>]*?)(/>|>(.*?)</c>)', re.S)
        m = pat.search(xml)
        assert m, f"{sheet}!{cell} not in {part}"
        head = re.sub(r'\st="[^"]*"', "", m.group(1))
        return xml[: m.start()] + f"{head}><v>{value!r}</v></c>" + xml[m.end() :]

    rewrite_part(path, part, edit)


def output_cell(path: Path, table_key: str, row: str, year: int) -> tuple[str, str]:
    """(sheet, cell) of an output cell, found by the template binding (never by address)."""
    from xladdin.templates.binding import bind, recognise
    from xladdin.workbook.xlsx_reader import read_findings

    view, _ = read_findings(path)
    info, _ = recognise(view)
    block = bind(view, info).block(table_key)
    return block.sheet, block.cell(row, year)
