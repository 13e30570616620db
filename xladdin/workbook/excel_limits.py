"""What Excel accepts in what xladdin writes: cell text, sheet names, text that looks like a formula.

One place for the limits every writer respects (the Checks sheet, the Audit sheet of a returned
file, the review and districts workbooks, the compiled outputs), so text from an untrusted
workbook can neither make a written file invalid nor turn into a formula:

- :func:`excel_text`: characters XML 1.0 cannot hold become U+FFFD, text over Excel's
  32,767-character cell limit is cut with a note saying how long it was (Microsoft, "Excel
  specifications and limits": "Total number of characters that a cell can contain: 32,767
  characters"; Excel counts UTF-16 code units).
- :func:`sheet_title`: a valid, unused sheet name (at most 31 characters, none of ``[ ] : * ? /
  \\``, no leading or trailing apostrophe, not the reserved name ``History``; Excel compares
  names case-insensitively), cut with ``~`` when it had to be shortened.
- :func:`looks_like_formula`: text a spreadsheet would read as a formula if it were pasted or
  exported as CSV (OWASP, "CSV Injection": cells starting with ``=``, ``+``, ``-``, ``@``, tab
  ``0x09`` or carriage return ``0x0D``). Writers keep such text as text (inline strings or the
  ``s`` data type, never ``<f>``); ``validate`` warns about it (``text-looks-like-formula``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "EXCEL_MAX_SHEET_NAME",
    "EXCEL_MAX_TEXT",
    "FORMULA_LEADS",
    "INVALID_SHEET_CHARS",
    "cut_text",
    "excel_text",
    "looks_like_formula",
    "sheet_title",
    "valid_sheet_name",
]

EXCEL_MAX_TEXT = 32_767
"""Most characters (UTF-16 code units) Excel keeps in a cell (Excel specifications and limits)."""
EXCEL_MAX_SHEET_NAME = 31
"""Longest sheet name Excel accepts (Excel specifications and limits: "Sheet name: 31 characters")."""
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
"""Characters Excel refuses in a sheet name."""
RESERVED_SHEET_NAMES = frozenset({"history"})
"""Names Excel reserves (``History`` is used by change tracking; compared case-insensitively)."""
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a pasted or CSV cell as a formula (OWASP)."""

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NAME_BAD = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _units(text: str) -> int:
    """Length in UTF-16 code units (what Excel counts)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _keep(text: str, room: int) -> str:
    """The longest prefix of ``text`` of at most ``room`` UTF-16 code units."""
    keep = 0
    for ch in text:
        room -= 2 if ord(ch) > 0xFFFF else 1
        if room < 0:
            break
        keep += 1
    return text[:keep]


def cut_text(text: str) -> tuple[str, bool]:
    """``text`` cut to :data:`EXCEL_MAX_TEXT` UTF-16 code units, ending with
    ``" [... cut: N characters]"`` when it was longer; and whether it was cut.

    >>> cut_text("ok")
    ('ok', False)
    """
    units = len(text) if len(text) * 2 <= EXCEL_MAX_TEXT else _units(text)
    if units <= EXCEL_MAX_TEXT:
        return text, False
    note = f" [... cut: {units:,} characters]"
    return _keep(text, EXCEL_MAX_TEXT - len(note)) + note, True


def excel_text(text: str) -> tuple[str, bool, bool]:
    """``text`` as a workbook can store it, with whether it had bad characters and was cut.

    Characters XML 1.0 cannot hold become U+FFFD; text over :data:`EXCEL_MAX_TEXT` UTF-16 code
    units is cut, ending with ``" [... cut: N characters]"``.

    >>> excel_text("a\\x1bb")
    ('a\\ufffdb', True, False)
    >>> t, bad, cut = excel_text("x" * 40_000)
    >>> len(t), cut, t[-29:]
    (32767, True, ' [... cut: 40,000 characters]')
    """
    bad = _XML_BAD.search(text) is not None
    if bad:
        text = _XML_BAD.sub("\ufffd", text)
    text, cut = cut_text(text)
    return text, bad, cut


def valid_sheet_name(name: str) -> bool:
    """True when Excel accepts ``name`` as a sheet name (uniqueness aside)."""
    return (
        0 < _units(name) <= EXCEL_MAX_SHEET_NAME
        and not INVALID_SHEET_CHARS.search(name)
        and not _NAME_BAD.search(name)
        and not name.startswith("'")
        and not name.endswith("'")
        and name.casefold() not in RESERVED_SHEET_NAMES
    )


def sheet_title(name: str, taken: Iterable[str] = (), suffix: str = "") -> str:
    """A sheet name Excel accepts, made from ``name`` (+ ``suffix``), unused among ``taken``.

    Invalid characters become ``_``, leading/trailing apostrophes are dropped, the reserved
    ``History`` gets ``_``; when ``name + suffix`` is longer than 31 characters ``name`` is cut
    and ends with ``~`` so the suffix stays whole; a name already in ``taken``
    (case-insensitive) gets `` (2)``, `` (3)``... within the same 31 characters.

    >>> sheet_title("a/b*c")
    'a_b_c'
    >>> sheet_title("History")
    'History_'
    >>> sheet_title("x" * 40, suffix=" (xladdin)")
    'xxxxxxxxxxxxxxxxxxxx~ (xladdin)'
    >>> sheet_title("Checks", taken=["checks"])
    'Checks (2)'
    """
    base = _NAME_BAD.sub("_", INVALID_SHEET_CHARS.sub("_", name)).strip("'") or "Sheet"
    used = {t.casefold() for t in taken}

    def fit(stem: str, tail: str) -> str:
        if _units(stem + tail) <= EXCEL_MAX_SHEET_NAME:
            out = stem + tail
        else:
            out = _keep(stem, EXCEL_MAX_SHEET_NAME - _units(tail) - 1).rstrip("'") + "~" + tail
        if out.casefold() in RESERVED_SHEET_NAMES:
            out += "_"
        return out

    title = fit(base, suffix)
    n = 2
    while title.casefold() in used:
        title = fit(base, f"{suffix} ({n})")
        n += 1
    return title


def looks_like_formula(text: str) -> bool:
    """True for text a spreadsheet would read as a formula when pasted or opened as CSV.

    OWASP "CSV Injection": a leading ``=``, ``+``, ``-``, ``@``, tab or carriage return. A
    lone sign or a run of dashes (``-``, ``--``, a "no data" placeholder) is not a formula.

    >>> [looks_like_formula(t) for t in ("=1+1", "@SUM(1)", "+cmd", "-2+3", "\\tx", "-", "a=b")]
    [True, True, True, True, True, False, False]
    """
    if not text.startswith(FORMULA_LEADS):
        return False
    if text[0] in "\t\r":
        return True
    return bool(text.strip().strip("-+= ")) or text.lstrip().startswith("=")
