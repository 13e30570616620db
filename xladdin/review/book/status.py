"""The Status sheet: one row per file read, what happened to it and why."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

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


def status_sheet(result: ConsolidationResult) -> Sheet:
    """Status: each file with its level, code, stamp, validation and whether it was summed;
    refused, changed and unaccepted files stand out in red."""
    sheet = Sheet("Status")
    r = sheet.title(
        label("status"), f"{len(result.submissions)} file(s); {len(result.used)} consolidated"
    )
    why = term("reason")
    keys = [k for k, _ in COLUMNS] + ["reason_en", "reason_lo"]
    sheet.header(r, [label(g) for _, g in COLUMNS] + [why.en, why.lo_marked])
    for row in result.stats.get("status", []):
        r += 1
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
            sheet.put(r, c, row.get(k), style)
        chars = max(len(row.get("reason_en") or ""), len(row.get("reason_lo") or "") * 1.3)
        if chars > 70:  # the reasons wrap; readers do not grow rows for wrapped text
            sheet.heights[r] = 13 * math.ceil(chars / 70)
    sheet.freeze = (5, 2)
    sheet.set_widths(
        {1: 30, 2: 9, 3: 7, 4: 18, 5: 10, 6: 16, 7: 8, 8: 14, 9: 20, 10: 10, 11: 8, 12: 9}
        | {13: 9, 14: 28, 15: 15, 16: 10, 17: 13, 18: 40, 19: 18, 20: 60, 21: 60}
    )
    return sheet
