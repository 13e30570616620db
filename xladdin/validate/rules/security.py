"""Security rules over the text of any workbook: text that would become a formula elsewhere.

OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection): a cell whose text
starts with ``=``, ``+``, ``-``, ``@``, a tab (0x09) or a carriage return (0x0D) is read as a
formula by a spreadsheet that receives it pasted or as CSV. xladdin never evaluates such text
and writes it back as text (:mod:`xladdin.workbook.excel_limits`); the rule warns so the person
who sends or reviews the file knows.
"""

from __future__ import annotations

from collections.abc import Iterator

from xladdin.findings import Finding, finding
from xladdin.text import parse_number
from xladdin.validate.registry import Context, rule
from xladdin.workbook.excel_limits import looks_like_formula

__all__ = ["SHOWN", "text_looks_like_formula"]

SHOWN = 60
"""Characters of the cell text quoted in the message (the rest is replaced by ``...``)."""

_LEADS = {"\t": "tab", "\r": "carriage return"}


def _formula(text: str) -> bool:
    """Text read as a formula elsewhere that does not read as a number."""
    if not looks_like_formula(text):
        return False
    parsed = parse_number(text)
    return parsed.value is None and not parsed.ambiguous


def _shown(text: str) -> str:
    one_line = text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
    return one_line if len(one_line) <= SHOWN else one_line[: SHOWN - 3] + "..."


@rule("text-looks-like-formula")
def text_looks_like_formula(ctx: Context) -> Iterator[Finding]:
    """Text cells starting with = + - @ tab or CR (OWASP CSV injection), one finding per cell.

    Text that reads as a number (``"-5"``, ``"+1,234"``) is left to ``number-stored-as-text``
    and its siblings (one finding per cell, not two); a lone sign or dashes (``"-"``, a "no
    data" placeholder) is not a formula. Floods are capped by the engine: at most
    ``max_findings_per_sheet`` per sheet, the rest summarised as ``findings-truncated``.
    """
    hits = {t for t in ctx.texts() if _formula(t)}  # each distinct text once
    if not hits:
        return
    for sheet, cell, text in ctx.text_cells():
        if text not in hits:
            continue
        yield finding(
            "text-looks-like-formula",
            sheet=sheet,
            cell=cell,
            text=_shown(text),
            lead=_LEADS.get(text[0], text[0]),
        )
