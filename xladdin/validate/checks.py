"""The ``Checks`` sheet: one row per finding, linked to the offending cell, and the offending cells
highlighted on their sheets (errors red, warnings amber).

:func:`checks_patch` only *describes* the changes as a :class:`~xladdin.workbook.model.Patch`;
the headless patcher or the xlwings adapter applies it. Every value written is a plain
``SetValue``: text that comes from the workbook (``=cmd|...``, ``+1``, ``@x``) stays text.

Layout::

    A1  title                          (bilingual)
    A2  summary line                   "2 error(s), 1 warning(s), 0 info | ຜິດພາດ 2, ..."
    A3  source file
    A4  summary by sheet               "By sheet / ຕາມແຜ່ນງານ: Results: 2 error(s); ..."
    A5: header row                     Severity / ລະດັບ | Code / ລະຫັດ | ... | What to do
    A6: one row per finding            (the Cell column links to the cell)

The header row is filled (a ``header`` highlight) and each severity cell coloured: errors red,
warnings amber, info blue-grey (xladdin's conditional formats, as the cell highlights on the
data sheets). The last column, *What to do / ຄວນເຮັດແນວໃດ*, is the catalogue's advice for the
code in English and Lao (``todo_en``/``todo_lo`` of xladdin/data/messages.csv).

The columns (:data:`~xladdin.workbook.sheet_xml.OWNED_SHEET_WIDTHS`, one A4 landscape page
wide at 8 pt) wrap their text: a long message is several lines high. Excel
grows such a row when the text is typed, but a file written by the headless patcher holds no
row height and LibreOffice then draws the wrapped lines over the next rows; so each finding row
whose longest message needs more than one line gets an explicit height
(:func:`message_row_height`). A row that fits on one line keeps its automatic height.
"""

from __future__ import annotations

import math
import os

from xladdin.findings import Finding, Report, Severity
from xladdin.text.lao import has_lao
from xladdin.workbook.model import (
    MAX_ROW_HEIGHT,
    EnsureSheet,
    Patch,
    SetHighlights,
    SetHyperlink,
    SetRowHeight,
    SetValue,
    WorkbookView,
    col_letter,
)
from xladdin.workbook.owned import CHECKS, owned_sheet_name, owned_sheets
from xladdin.workbook.sheet_xml import OWNED_SHEET_WIDTHS

__all__ = [
    "CHECKS_SHEET",
    "HEADER_ROW",
    "checks_patch",
    "link_target",
    "message_lines",
    "message_row_height",
]

CHECKS_SHEET = "Checks"
HEADER_ROW = 5

_COLUMN_KEYS = (
    "severity",
    "code",
    "category",
    "sheet",
    "cell",
    "message_en",
    "message_lo",
    "action",
)
"""The Checks columns; each header is the catalogue's ``word`` row ``checks_col_<key>``
(xladdin/data/messages.csv), in the sheet's language."""

SEVERITY_STYLE = {"error": "error", "warning": "warning", "info": "info"}
"""Severity -> the highlight that colours its cell in the Severity column."""


MESSAGE_WIDTH = OWNED_SHEET_WIDTHS[5]
"""Width of a message column (``ColumnWidth``, characters of the default font): 42, as in the
templates' Checks sheet and the one xladdin creates (one set of widths, fitting one A4 page
across at 8 pt)."""

LATIN_CHARS_PER_WIDTH = 1.1
"""Characters of English text per unit of column width (Calibri/Carlito 11: letters are on
average narrower than the digit that defines the width)."""

LAO_CHARS_PER_WIDTH = 0.8
"""Characters of Lao text per unit of column width (Lao glyphs are wider)."""

LATIN_LINE_PT = 15.0
LAO_LINE_PT = 17.0
"""Points per wrapped line: Lao needs more for its stacked vowels and tone marks."""

_MESSAGE_KEYS = ("message_en", "message_lo")

ACTION_WIDTH = OWNED_SHEET_WIDTHS[7]
"""Width of the What-to-do column (38)."""


def message_lines(text: str | None, width: float = MESSAGE_WIDTH) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` wide (0 for no text): each
    paragraph takes ``ceil(len / chars_per_line)`` lines, at least one, with chars_per_line
    :data:`LATIN_CHARS_PER_WIDTH` or (text with Lao in it) :data:`LAO_CHARS_PER_WIDTH` times
    the width. An estimate: no font is measured."""
    if not text:
        return 0
    per_line = max(1.0, width * (LAO_CHARS_PER_WIDTH if has_lao(text) else LATIN_CHARS_PER_WIDTH))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def message_row_height(texts: list[str | None], width: float = MESSAGE_WIDTH) -> float | None:
    """The height (points) of a Checks row holding ``texts`` in wrapped message columns: the
    largest ``lines x line height`` over them (17 pt per line for Lao, 15 for English), at most
    Excel's 409 pt; None when every text fits on one line (the row keeps its automatic
    height)."""
    best, lines = 0.0, 0
    for text in texts:
        n = message_lines(text, width)
        lines = max(lines, n)
        best = max(best, n * (LAO_LINE_PT if text and has_lao(text) else LATIN_LINE_PT))
    if lines <= 1:
        return None
    return min(best, MAX_ROW_HEIGHT)


def link_target(sheet: str, cell: str | None) -> str:
    """Internal hyperlink target, e.g. ``"'My Sheet'!B5"`` (quotes doubled inside the name)."""
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!{(cell or 'A1').replace('$', '')}"


def _summary(report: Report, lang: str = "both") -> str:
    """A2: the counts by severity, e.g. "2 error(s), 1 warning(s), 0 info | ຂໍ້ຜິດພາດ 2, ..."."""
    from xladdin.findings.words import say

    return " | ".join(say("counts", lang, **report.counts()))


def _title(key: str, lang: str) -> str:
    """The header of column ``key``: "English / ລາວ" for "both"; a message column's header is
    in its own language."""
    from xladdin.findings.words import word

    own = {"message_en": "en", "message_lo": "lo"}.get(key, lang)
    return word(f"checks_col_{key}", own)


def _columns(lang: str) -> list[tuple[str, str]]:
    if lang not in ("en", "lo", "both"):
        raise ValueError(f"lang must be 'en', 'lo' or 'both', not {lang!r}")
    skip = {"en": "message_lo", "lo": "message_en"}.get(lang)
    return [(k, _title(k, lang)) for k in _COLUMN_KEYS if k != skip]


def action_text(f: Finding, lang: str = "both") -> str | None:
    """What to do about ``f``: the catalogue's advice for its code in English and Lao
    (:func:`xladdin.findings.todo`), one per line (``lang`` "en" or "lo" keeps one); the Lao
    advice for its category only for a code the catalogue does not have (``word`` rows
    ``advice_<category>`` of xladdin/data/messages.csv; the English of such a code is its
    message, the column left empty as before)."""
    from xladdin.findings import todo
    from xladdin.findings.words import WORDS

    en = todo(f.code, "en")
    lo = todo(f.code, "lo") or WORDS.get(f"advice_{f.category.value}", ("", ""))[1]
    parts = {"en": [en], "lo": [lo]}.get(lang, [en, lo])
    return "\n".join(p for p in parts if p) or None


def _by_sheet(findings: list[Finding], lang: str = "both") -> str:
    """ "By sheet / ຕາມແຜ່ນງານ: Results: 2 error(s) (ຜິດພາດ 2), 1 warning(s) (ຄຳເຕືອນ 1);
    (workbook / ປຶ້ມວຽກ): 1 info (ຂໍ້ມູນ 1)" for "both"; one language for "en" or "lo"."""
    from xladdin.findings.words import word

    order = ("error", "warning", "info")
    counts: dict[str, dict[str, int]] = {}
    for f in findings:
        by = counts.setdefault(f.sheet or word("checks_workbook", lang), dict.fromkeys(order, 0))
        by[f.severity.value] += 1
    parts = []
    for sheet, by in counts.items():
        shown = [
            f"{word(f'count_{k}', 'en', n=by[k])} ({word(f'count_{k}', 'lo', n=by[k])})"
            if lang == "both"
            else word(f"count_{k}", lang, n=by[k])
            for k in order
            if by[k]
        ]
        parts.append(f"{sheet}: {', '.join(shown)}")
    return f"{word('checks_by_sheet', lang)}: " + "; ".join(parts) if parts else ""


def _cell_value(f: Finding, key: str, lang: str = "both") -> str | None:
    if key == "action":
        return action_text(f, lang)
    value = getattr(f, key)
    if key in ("severity", "category"):
        if lang != "lo":  # the code word, as the catalogue and --json name it
            return value.value
        from xladdin.findings.words import word

        return word(value.value if key == "severity" else f"category_{value.value}", "lo")
    return value


def checks_patch(report: Report, view: WorkbookView, *, lang: str = "both") -> Patch:
    """The patch that writes ``report`` to the Checks sheet and highlights offending cells.

    Parameters
    ----------
    report : Report
        Findings of a validation (or compile) run.
    view : WorkbookView
        The workbook the report is about (for its sheet names).
    lang : {"both", "en", "lo"}
        Which message columns to write.

    Returns
    -------
    Patch
        ``EnsureSheet("Checks", clear=True)``, the title, summary and header rows, one row per
        finding (sorted: errors first) with an internal hyperlink from its Cell column to the
        offending cell and, when a message wraps onto several lines, a ``SetRowHeight`` for the
        row (:func:`message_row_height`), then per data sheet ``SetHighlights`` for warnings and errors. Sheets
        with no finding of a severity get an empty ``SetHighlights`` of that severity, which
        clears the highlight of an earlier run.
    """
    from xladdin.findings.words import word

    cols = _columns(lang)
    sheets = list(view.sheet_names())
    present = set(sheets)
    patch = Patch()
    # Our Checks sheet (found by its A1 marker or the template spec); beside a user's own sheet
    # named "Checks" we write "Checks (xladdin)" and never clear theirs.
    checks = owned_sheet_name(view, CHECKS)
    ours = owned_sheets(view) | {checks}
    patch.add(EnsureSheet(checks, hidden=False, clear=True))
    # A1 is also the sheet's marker (xladdin.workbook.owned.CHECKS): always both languages
    patch.add(SetValue(checks, "A1", word("checks_title", "both")))
    patch.add(SetValue(checks, "A2", _summary(report, lang)))
    source = report.source or getattr(view, "source", None)
    patch.add(SetValue(checks, "A3", os.path.basename(str(source)) if source else None))
    findings = report.sorted()
    patch.add(SetValue(checks, "A4", _by_sheet(findings, lang) or None))
    for j, (_key, title) in enumerate(cols, start=1):
        patch.add(SetValue(checks, f"{col_letter(j)}{HEADER_ROW}", title))
    head = max(message_lines(t, OWNED_SHEET_WIDTHS[j]) for j, (_k, t) in enumerate(cols))
    if head > 1:  # "Category / ປະເພດ" wraps in its column: the header row holds both lines
        patch.add(SetRowHeight(checks, HEADER_ROW, min(head * LAO_LINE_PT, MAX_ROW_HEIGHT)))
    link_col = next(j for j, (k, _) in enumerate(cols, start=1) if k == "cell")
    for i, f in enumerate(findings, start=HEADER_ROW + 1):
        for j, (key, _title) in enumerate(cols, start=1):
            patch.add(SetValue(checks, f"{col_letter(j)}{i}", _cell_value(f, key, lang)))
        if f.sheet and f.cell and f.sheet in present:  # a whole-sheet finding has no cell
            patch.add(
                SetHyperlink(checks, f"{col_letter(link_col)}{i}", link_target(f.sheet, f.cell))
            )
        height = message_row_height([_cell_value(f, k) for k, _ in cols if k in _MESSAGE_KEYS])
        parts = (_cell_value(f, "action", lang) or "").split("\n")  # English, then Lao
        lines = [message_lines(t, ACTION_WIDTH) for t in parts]
        if sum(lines) > 1:
            pts = sum(
                n * (LAO_LINE_PT if has_lao(t) else LATIN_LINE_PT)
                for n, t in zip(lines, parts, strict=True)
            )
            height = max(height or 0.0, min(pts, MAX_ROW_HEIGHT))
        for j, (key, _title) in enumerate(cols[:5]):  # a long code or Lao category wraps too
            text = _cell_value(f, key, lang)
            n = message_lines(text, OWNED_SHEET_WIDTHS[j]) if isinstance(text, str) else 0
            if n > 1:
                pts = n * (LAO_LINE_PT if has_lao(text) else LATIN_LINE_PT)
                height = max(height or 0.0, min(pts, MAX_ROW_HEIGHT))
        if height is not None:
            patch.add(SetRowHeight(checks, i, height))
    if not findings:
        patch.add(SetValue(checks, f"A{HEADER_ROW + 1}", word("no_findings", lang)))
    _highlights(patch, findings, [s for s in sheets if s not in ours])
    _style_checks(patch, checks, findings, len(cols))
    return patch


def _style_checks(patch: Patch, checks: str, findings: list[Finding], ncols: int) -> None:
    """Fill the header row and colour each Severity cell (column A) by its severity, with
    xladdin's own conditional formats on its own sheet (replaced on every run)."""
    header = f"A{HEADER_ROW}:{col_letter(ncols)}{HEADER_ROW}"
    patch.add(SetHighlights(checks, (header,), "header"))
    rows: dict[str, list[str]] = {k: [] for k in SEVERITY_STYLE}
    for i, f in enumerate(findings, start=HEADER_ROW + 1):
        rows[f.severity.value].append(f"A{i}")
    for severity, style in SEVERITY_STYLE.items():
        patch.add(SetHighlights(checks, tuple(rows[severity]), style))


def _highlights(patch: Patch, findings: list[Finding], sheets: list[str]) -> None:
    errors: dict[str, list[str]] = {}
    warnings: dict[str, list[str]] = {}
    for f in findings:
        if not f.sheet or not f.cell:
            continue
        ref = f.cell.replace("$", "")
        target = (
            errors
            if f.severity is Severity.ERROR
            else warnings
            if f.severity is Severity.WARNING
            else None
        )
        if target is not None and ref not in target.setdefault(f.sheet, []):
            target[f.sheet].append(ref)
    for sheet in sheets:
        errs = errors.get(sheet, [])
        warns = [r for r in warnings.get(sheet, []) if r not in errs]
        # Empty (clearing) operations first, then amber, then red: red wins on a cell in both.
        ops = [
            SetHighlights(sheet, tuple(warns), "warning"),
            SetHighlights(sheet, tuple(errs), "error"),
        ]
        for op in sorted(ops, key=lambda o: (bool(o.refs), o.severity == "error")):
            patch.add(op)
