"""The About sheet: when and by what the review was written, the counts, the files that need
attention, the units, the sheets, and what † means."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from xladdin import __version__
from xladdin.review.book.sheet import TITLE, Sheet
from xladdin.templates.data import UNCONFIRMED_MARK, label, term

if TYPE_CHECKING:
    from xladdin.review.results import ConsolidationResult

__all__ = ["about_sheet"]

_EXIT_MEANING = {
    0: "consolidated, no errors",
    1: "consolidated, errors found",
    2: "at least one file refused, not consolidated",
}


def _plain(key: str) -> str:
    """``English / ລາວ`` without the † (the About sheet explains the mark once)."""
    return label(key, marked=False)


def counts_line(result: ConsolidationResult) -> str:
    c = result.report.counts()
    code = result.report.exit_code
    return (
        f"Findings: {c['error']} error(s), {c['warning']} warning(s), {c['info']} info; "
        f"exit code {code} ({_EXIT_MEANING.get(code, '')})."
    )


def attention_lines(result: ConsolidationResult) -> list[str]:
    """Which files were refused, changed after stamping, superseded (see the Status sheet)."""
    rows = result.stats.get("status", [])
    groups = (
        ("refused", [r for r in rows if r["refused"]]),
        ("changed_after_stamp", [r for r in rows if r.get("stamp") == "CHANGED"]),
        (
            "accepted_summed",
            [r for r in rows if str(r.get("accepted") or "").startswith("accepted")],
        ),
        ("superseded", [r for r in rows if r["consolidated"] == "superseded"]),
    )
    return [
        f"{_plain(key)}: {len(found)}: {', '.join(r['file'] for r in found)} (Status sheet)."
        for key, found in groups
        if found
    ]


def about_sheet(result: ConsolidationResult, sheets: list[str]) -> Sheet:
    """About, listing ``sheets`` (the names of the workbook's sheets, in order)."""
    sheet = Sheet("About")
    sheet.put(1, 1, _plain("national_review"), TITLE)
    t = term("unconfirmed_term")
    lines = [
        f"Written {datetime.now(UTC).isoformat(timespec='seconds')} by xladdin {__version__}.",
        f"Files: {result.stats.get('files', 0)} ({result.stats.get('read', 0)} read, "
        f"{result.stats.get('cached', 0)} unchanged from the register); consolidated: "
        f"{len(result.used)}.",
        counts_line(result),
        *attention_lines(result),
        "Units: billion kip (ຕື້ກີບ) unless stated; growth in percent.",
        f"Sheets: {', '.join(sheets)}.",
        "Constant prices as submitted are compared with the national total (Discrepancy); with "
        "national constant prices the review derives provincial volumes by deflation and "
        "reconciles them (Volumes, VolumeGrowth): constant prices of one base year are additive, "
        "chain-linked volumes are not (docs/levels.md).",
        f"{UNCONFIRMED_MARK} {t.en} / {t.lo}: Lao terms not yet confirmed by LSB. Each sheet says "
        "so once, in its legend line, and a note on each such header or title names it.",
    ]
    for i, text in enumerate(lines, start=3):
        sheet.put(i, 1, text)
    sheet.set_widths({1: 120})
    return sheet
