"""The Status sheet: one row per file read, what happened to it and why."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from xladdin.findings.words import WORDS, word
from xladdin.returned.verify import stamped_validation
from xladdin.review.book.sheet import BOLD, Sheet, label
from xladdin.templates.data import term

if TYPE_CHECKING:
    from xladdin.review.results import ConsolidationResult

__all__ = ["status_sheet"]

COLUMNS = (
    ("file", "file"),
    ("level", "level"),
    ("code", "code"),
    ("province", "province"),
    ("period", "year"),
    ("template", "template"),
    ("base_year", "base_year"),
    ("stamped_by", "compiler"),
    ("stamped_utc", "stamped_utc"),
    ("signed_by", "signed_by"),  # xladdin/signing
    ("status", "status"),
    ("errors", "errors"),
    ("warnings", "warnings"),
    ("stamped_validation", "stamped_validation"),
    ("consolidated", "consolidated"),
    ("stamp", "stamp"),
    ("numbers", "numbers_summed"),
    ("accepted", "accepted"),
    ("superseded_by", "superseded_by"),
)
"""(field of a status row, glossary key of its header)."""

FILLS = {"ok": "#C6EFCE", "warnings": "#FFEB9C", "errors": "#FFC7CE", "refused": "#FF9999"}
RED = "#FF9999"
TOP = {"valign": "top"}
WRAP = {"text_wrap": True, "valign": "top"}


def _state(key: str) -> str | None:
    """The catalogue's ``English / ລາວ`` of a state word, None when it has no row."""
    return word(key, "both") if key in WORDS else None


def _accepted(row: dict[str, Any]) -> str | None:
    """``accepted (HOW): reasons`` / ``not accepted: reasons`` English / Lao, as
    :func:`xladdin.review.intake.apply_acceptance` wrote them (the row's ``accepted`` and
    ``accepted_lo``); None when there is no Lao text (then the English is shown as written)."""
    en, lo = str(row.get("accepted") or ""), str(row.get("accepted_lo") or "")
    return f"{en} / {lo}" if en and lo and lo != en else None


_SIG = sorted(
    ((en, lo) for key, (en, lo) in WORDS.items() if key.startswith("sig_") and "{" not in en),
    key=lambda p: -len(p[0]),
)
# the catalogue's English of sig_signer_not_listed, its fields as groups (one home: the row)
_NOT_LISTED = re.compile(
    re.escape(WORDS["sig_signer_not_listed"][0])
    .replace(re.escape("{province}"), r"(\S*)")
    .replace(re.escape("{table}"), "(.*)")
    + "$"
)


def _signature(parts: list[str]) -> str | None:
    """The "Signed by" text of :func:`xladdin.signing.review_signature_parts` (state before,
    signers, state after) English / Lao: the state's words (``sig_*`` rows of the catalogue)
    in Lao, the signers' names and times as written (never translated); None when no word
    of it is known."""
    before, who, after = [*parts, "", "", ""][:3]
    text = f"{before}{who}{after}"
    lo = f"{_state_lo(before)}{who}{_state_lo(after)}"
    return f"{text} / {lo}" if lo != text else None


def _state_lo(text: str) -> str:
    """The state part of a "Signed by" text with its known words in Lao."""
    lo = _NOT_LISTED.sub(
        lambda m: word("sig_signer_not_listed", "lo", province=m[1], table=m[2]), text
    )
    for en, lao in _SIG:
        lo = re.sub(rf"(?<![\w-]){re.escape(en)}(?![\w-])", lambda _m, t=lao: t, lo)
    return lo


def _shown(row: dict[str, Any], stamp: dict[str, Any] | None) -> dict[str, str]:
    """The cells of ``row`` whose value is a state word, shown English / Lao (the words of
    ``xladdin consolidate``'s terminal table, xladdin/data/messages.csv)."""
    out = {}
    for k, value in (
        ("status", _state(f"status_{row.get('status')}")),
        ("stamp", _state(f"stamp_{row.get('stamp')}")),
        ("consolidated", _state(f"consolidated_{row.get('consolidated')}")),
        ("numbers", _state(f"numbers_{row.get('numbers')}")),
        ("level", _state(f"level_{row.get('level')}")),
        ("accepted", _accepted(row)),
        ("signed_by", _signature(row.get("signed_by_parts") or ["", row.get("signed_by") or ""])),
    ):
        if value is not None:
            out[k] = value
    if row.get("stamped_validation") and stamp:
        en, lo = stamped_validation(stamp), stamped_validation(stamp, "lo")
        out["stamped_validation"] = en if en == lo else f"{en} / {lo}"
    return out


def status_sheet(result: ConsolidationResult) -> Sheet:
    """Status: each file with its level, code, stamp, validation and whether it was summed;
    refused, changed and unaccepted files stand out in red."""
    sheet = Sheet("Status")
    r = sheet.title(
        label("status"),
        word("review_status_note", "both", files=len(result.submissions), used=len(result.used)),
    )
    why = term("reason")
    keys = [k for k, _ in COLUMNS] + ["reason_en", "reason_lo"]
    sheet.header(r, [label(g) for _, g in COLUMNS] + [why.en, why.lo_marked])
    subs = result.submissions
    for i, row in enumerate(result.stats.get("status", [])):
        r += 1
        shown = _shown(row, subs[i].stamp if i < len(subs) else None)
        for c, k in enumerate(keys, start=1):
            style = dict(WRAP if c >= len(keys) - 1 else TOP)
            if k == "status" and row["status"] in FILLS:
                style["bg_color"] = FILLS[row["status"]]
            elif k == "stamp" and row.get("stamp") in ("CHANGED", "missing", "unknown"):
                style |= {"bg_color": RED} | BOLD
            elif k == "consolidated" and row["consolidated"] != "consolidated":
                style |= BOLD
            elif k == "accepted" and str(row.get("accepted") or "").startswith("not accepted"):
                style["bg_color"] = RED
            sheet.put(r, c, shown.get(k, row.get(k)), style)
        chars = max(len(row.get("reason_en") or ""), len(row.get("reason_lo") or "") * 1.3)
        if chars > 70:  # the reasons wrap; readers do not grow rows for wrapped text
            sheet.heights[r] = 13 * math.ceil(chars / 70)
    sheet.freeze = (5, 2)
    sheet.set_widths(
        {1: 30, 2: 9, 3: 7, 4: 18, 5: 10, 6: 16, 7: 8, 8: 14, 9: 20, 10: 10, 11: 8, 12: 9}
        | {13: 9, 14: 28, 15: 15, 16: 10, 17: 13, 18: 40, 19: 18, 20: 60, 21: 60}
    )
    return sheet
