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
from xladdin.findings.words import WORDS, word
from xladdin.review.book.sheet import Sheet, label
from xladdin.templates.data import term

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


def _severity(sheet: Sheet, r: int, c: int, sev: str) -> None:
    sheet.put(r, c, word(sev, "both"), {"bg_color": SEVERITY_FILL.get(sev, "#FFFFFF")} | WRAP)


def _category(f: Finding) -> str:
    """The finding's category, English / Lao (xladdin/data/messages.csv, ``category_*``)."""
    key = f"category_{f.category.value}"
    return word(key, "both") if key in WORDS else f.category.value


def findings_sheet(
    result: ConsolidationResult, out: Path | None = None, review_sheets: set[str] | None = None
) -> Sheet:
    """The Findings sheet of ``result``; ``out`` is where the review workbook is written
    (links to returned files are relative to its folder).

    At the top, the findings counted by severity and sheet, then what to do about each code
    (English and Lao, once per code); under them every finding, its "what to do" cell linking
    to its code's advice."""
    sheet = Sheet("Findings")
    summary_line = word("counts", "both", **result.report.counts()) if len(result.report) else ""
    r = sheet.title(label("findings"), summary_line)
    found = result.report.sorted()
    groups = Counter((f.severity.value, f.sheet or "") for f in found)
    codes = Counter(f.code for f in found)
    advice = {c: (todo(c, "en"), todo(c, "lo")) for c in codes}
    first_table_row = r + len(groups) + 2 + len(codes) + 2
    first_of: dict[tuple[str, str], int] = {}
    first_code: dict[str, tuple[int, str]] = {}
    for i, f in enumerate(found):
        first_of.setdefault((f.severity.value, f.sheet or ""), first_table_row + 1 + i)
        first_code.setdefault(f.code, (first_table_row + 1 + i, f.severity.value))
    # 1. by severity and sheet, each count linking to the first finding it counts
    sheet.header(r, [label("severity"), label("sheet"), label("findings")])
    for (sev, where), n in sorted(groups.items(), key=lambda g: first_of[g[0]]):
        r += 1
        _severity(sheet, r, 1, sev)
        sheet.put(r, 2, where or "–", WRAP)
        sheet.put(r, 3, n, TOP)
        sheet.links[(r, 3)] = f"internal:'Findings'!A{first_of[(sev, where)]}"
    # 2. what to do, once per code
    r += 2
    sheet.header(
        r,
        [
            label("code"),
            label("severity"),
            label("findings"),
            None,
            None,
            None,
            label("what_to_do"),
            label("what_to_do_lo"),
        ],
    )
    advice_row: dict[str, int] = {}
    for code in sorted(codes, key=lambda c: first_code[c][0]):
        r += 1
        advice_row[code] = r
        sheet.put(r, 1, code, WRAP)
        _severity(sheet, r, 2, first_code[code][1])
        sheet.put(r, 3, codes[code], TOP)
        sheet.links[(r, 3)] = f"internal:'Findings'!A{first_code[code][0]}"
        sheet.row(r, list(advice[code]), c0=7, style=WRAP)
    # 3. every finding
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
    see = term("see_row")
    for f in found:
        r += 1
        sheet.row(r, [f.details.get("file", ""), None, f.code, _category(f), f.sheet], style=WRAP)
        _severity(sheet, r, 2, f.severity.value)
        sheet.put(r, 6, f.cell, TOP)
        sheet.row(r, [f.message_en, f.message_lo], c0=7, style=WRAP)
        n = advice_row[f.code]
        if any(advice[f.code]):
            sheet.put(r, 9, f"↑ {see.en} {n} / {see.lo} {n}", WRAP)
            sheet.links[(r, 9)] = f"internal:'Findings'!G{n}"
        link = _link(f, files, here, names)
        if link and f.cell:
            sheet.links[(r, 6)] = link
    if found:
        sheet.autofilter = (first_table_row, 1, r, 9)
    # one landscape A4 page wide at 8 pt or more: text wraps, rows grow to their text
    sheet.set_widths({1: 16, 2: 11, 3: 20, 4: 10, 5: 11, 6: 7, 7: 44, 8: 44, 9: 18})
    return sheet
