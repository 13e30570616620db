"""The About sheet: when and by what the review was written, the counts, the files that need
attention, the units, the sheets, and what † means."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from xladdin import __version__
from xladdin.findings.words import word
from xladdin.review.book.sheet import TITLE, Sheet
from xladdin.templates.data import UNCONFIRMED_MARK, label, term

if TYPE_CHECKING:
    from xladdin.review.results import ConsolidationResult

__all__ = ["about_sheet"]


def _plain(key: str) -> str:
    """``English / ລາວ`` without the † (the About sheet explains the mark once)."""
    return label(key, marked=False)


def counts_line(result: ConsolidationResult) -> str:
    """The counts of findings and the exit code with its meaning, English / Lao."""
    c = result.report.counts()
    code = result.report.exit_code
    key = f"review_exit_{code}" if code in (0, 1, 2) else ""
    meaning = (word(key, "en"), word(key, "lo")) if key else ("", "")
    return word("review_counts", "both", **c, code=code, meaning=meaning[0], meaning_lo=meaning[1])


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
    out = []
    for key, found in groups:
        if found:
            what = term(key)
            files = ", ".join(r["file"] for r in found)
            fields = {"what": what.en, "what_lo": what.lo, "count": len(found), "files": files}
            out.append(word("review_attention_line", "both", **fields))
    return out


def about_sheet(result: ConsolidationResult, sheets: list[str]) -> Sheet:
    """About, listing ``sheets`` (the names of the workbook's sheets, in order)."""
    sheet = Sheet("About")
    sheet.put(1, 1, _plain("national_review"), TITLE)
    t = term("unconfirmed_term")
    stats = result.stats
    when = datetime.now(UTC).isoformat(timespec="seconds")
    lines = [
        word("review_written", "both", time=when, version=__version__),
        word(
            "review_files_line",
            "both",
            files=stats.get("files", 0),
            read=stats.get("read", 0),
            cached=stats.get("cached", 0),
            used=len(result.used),
        ),
        counts_line(result),
        *attention_lines(result),
        word("review_units", "both"),
        word("review_sheets", "both", sheets=", ".join(sheets)),
        word("review_constant_prices", "both"),
        word("review_unconfirmed", "both", mark=UNCONFIRMED_MARK, term=t.en, term_lo=t.lo),
    ]
    for i, text in enumerate(lines, start=3):
        sheet.put(i, 1, text)
    sheet.set_widths({1: 120})
    return sheet
