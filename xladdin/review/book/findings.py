"""The Findings sheet (the review's checks): a summary by severity and sheet at the top, then
every finding with its file, place, message and what to do, English and Lao.

Severity is coloured (error red, warning yellow, info blue); each summary line links to the
first finding it counts; a finding in a returned file links to its cell in that file (a path
relative to the review workbook, so the folder can move as a whole), one on a review sheet to
the cell here. "What to do" is the catalogue's advice (:func:`xladdin.findings.todo`)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from xladdin.findings import todo
from xladdin.findings.words import word
from xladdin.review.book.sheet import Sheet, label

if TYPE_CHECKING:
    from xladdin.findings import Finding
    from xladdin.review.results import ConsolidationResult

__all__ = ["findings_sheet"]

SEVERITY_FILL = {"error": "#FFC7CE", "warning": "#FFEB9C", "info": "#DDEBF7"}
WRAP = {"text_wrap": True, "valign": "top"}
TOP = {"valign": "top"}


def _quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _link(f: Finding, files: dict[str, Path], here: Path | None, review_sheets: set[str]):
    """Where the finding's cell is: ``external:`` a returned file (relative path), or
    ``internal:`` a sheet of this workbook; None when it has no place or the path cannot be
    made relative (another drive)."""
    if not (f.sheet and f.cell):
        return None
    cell = str(f.cell).replace("$", "")
    if not cell.replace(":", "").isalnum():
        return None
    name = f.details.get("file")
    if name and name in files and here is not None:
        try:
            rel = os.path.relpath(files[name], here)
        except ValueError:  # pragma: no cover - Windows: another drive
            return None
        if rel.startswith(("/", "\\")):
            return None
        return f"external:{rel}#{_quote_sheet(f.sheet)}!{cell}"
    if not name and f.sheet in review_sheets:
        return f"internal:{_quote_sheet(f.sheet)}!{cell}"
    return None


def findings_sheet(
    result: ConsolidationResult, out: Path | None = None, review_sheets: set[str] | None = None
) -> Sheet:
    """The Findings sheet of ``result``; ``out`` is where the review workbook is written
    (links to returned files are relative to its folder)."""
    sheet = Sheet("Findings")
    summary_line = result.report.to_text().splitlines()[-1] if len(result.report) else ""
    r = sheet.title(label("findings"), summary_line)
    found = result.report.sorted()
    groups = Counter((f.severity.value, f.sheet or "") for f in found)
    # summary: severity x sheet, each line linking to its first finding below
    sheet.header(r, [label("severity"), label("sheet"), label("findings")])
    first_table_row = r + len(groups) + 3
    first_of: dict[tuple[str, str], int] = {}
    for i, f in enumerate(found):
        first_of.setdefault((f.severity.value, f.sheet or ""), first_table_row + 1 + i)
    for (sev, where), n in sorted(groups.items(), key=lambda g: first_of[g[0]]):
        r += 1
        sheet.put(r, 1, word(sev, "both"), {"bg_color": SEVERITY_FILL.get(sev, "#FFFFFF")})
        sheet.put(r, 2, where or "–")
        sheet.put(r, 3, n)
        sheet.links[(r, 3)] = f"internal:'Findings'!A{first_of[(sev, where)]}"
    r = first_table_row
    sheet.header(
        r,
        [
            label("file"),
            label("severity"),
            label("code"),
            label("category"),
            label("sheet"),
            label("cell"),
            label("message_en"),
            label("message_lo"),
            label("what_to_do"),
        ],
    )
    sheet.repeat = (r, r)
    files = {Path(s.path).name: Path(s.path) for s in result.submissions}
    here = out.resolve().parent if out is not None else None
    names = review_sheets or set()
    for f in found:
        r += 1
        sev = f.severity.value
        advice = todo(f.code, "both")
        sheet.row(
            r,
            [f.details.get("file", ""), word(sev, "both"), f.code, f.category.value, f.sheet],
            style=TOP,
        )
        sheet.put(r, 2, word(sev, "both"), {"bg_color": SEVERITY_FILL.get(sev, "#FFFFFF")} | TOP)
        sheet.put(r, 6, f.cell, TOP)
        sheet.row(r, [f.message_en, f.message_lo, advice], c0=7, style=WRAP)
        link = _link(f, files, here, names)
        if link and f.cell:
            sheet.links[(r, 6)] = link
    if found:
        sheet.autofilter = (first_table_row, 1, r, 9)
    sheet.set_widths({1: 26, 2: 16, 3: 26, 4: 12, 5: 14, 6: 9, 7: 55, 8: 55, 9: 60})
    return sheet
