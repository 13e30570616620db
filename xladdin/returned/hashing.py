"""The data hash of a returned workbook: what it covers and how it is computed.

Definition (scheme ``xladdin-data-v1``)
---------------------------------------
*Data cells* are every non-empty cell of every sheet of the workbook, visible or not, except the
sheets xladdin owns and rewrites freely: ``Checks`` (validation results) and ``Audit`` (the
frozen-formula record written by ``xladdin prepare``). A cell is empty when it holds no formula
and its value is None or the empty string. Hidden sheets are included, so hiding a sheet cannot
hide a change (and ``prepare`` unhides every sheet anyway).

Each data cell becomes one line ``sheet<TAB>A1<TAB>tag<TAB>text``. A cell holding a formula is
hashed by its **formula text**, not its value (tag ``f``; a formula that is only a literal --
``=TRUE()``, ``=#DIV/0!``, ``=5`` -- counts as that constant), so a workbook whose formulas Excel
recalculates on opening -- or whose cached values are missing because a library wrote it --
hashes the same before and after; its value follows from the constants and formulas, which are
all hashed. Formula text is normalised: leading ``=`` dropped; outside string literals,
whitespace and single quotes removed, ``_xlfn.``/``_xlws.`` prefixes removed, letters
upper-cased (what Excel may rewrite when it re-saves). A constant is hashed by its value:

=====  ======================  ================================================================
tag    Python value            canonical text
=====  ======================  ================================================================
``n``  int, float (not bool)   ``format(x, ".15g")`` (15 significant digits, what Excel keeps;
                               ``-0`` becomes ``0``); NaN/inf give tag ``e``
``n``  datetime, date, time    the Excel 1900-system serial number rounded to 8 decimals
                               (~1 ms), then as above
``b``  bool                    ``TRUE`` or ``FALSE``
``e``  CellError               its code, e.g. ``#DIV/0!``
``s``  str (anything else)     ``repr(str(x))`` (quotes and escapes make tabs/newlines safe)
=====  ======================  ================================================================

Lines are sorted by sheet name, then row, then column (numerically), joined with ``\\n`` after
a first line holding the scheme name, encoded as UTF-8 and hashed with SHA-256 (hex digest).

What this means: the hash sees the values a user typed or xladdin wrote, and the formulas; not
the file bytes (Excel re-saves change bytes), not formats, comments or charts. Moving a sheet
does not change it; renaming a sheet, or changing, adding or deleting a value or a formula does.
``prepare`` freezes add-in, external-link, DDE and random/clock formulas (TODAY, NOW, RAND...)
to values first, so every remaining formula gives the same value wherever it is opened.

It is tamper-*evidence* for honest mistakes and casual edits, not a signature: anyone with
xladdin can re-stamp a modified file.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import math
import numbers
import re
from collections.abc import Iterable, Iterator
from typing import Any

from xladdin.workbook.model import CellError, WorkbookView, col_letter, parse_ref
from xladdin.workbook.owned import owned_sheets

__all__ = [
    "HASH_SCHEME",
    "canonical",
    "canonical_formula",
    "data_hash",
    "data_lines",
    "hashed_sheets",
    "sheet_hashes",
]

HASH_SCHEME = "xladdin-data-v1"
"""Name of the hashing scheme written into the stamp (change it if the definition changes)."""

"""Sheets that xladdin owns and that are not data."""

_EPOCH = _dt.datetime(1899, 12, 30)


def _serial(value: _dt.date | _dt.time | _dt.timedelta) -> float:
    if isinstance(value, _dt.timedelta):
        return value.total_seconds() / 86400.0
    if isinstance(value, _dt.time):
        return (
            value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        ) / 86400.0
    if not isinstance(value, _dt.datetime):
        value = _dt.datetime(value.year, value.month, value.day)
    delta = value.replace(tzinfo=None) - _EPOCH
    return delta.days + delta.seconds / 86400.0 + delta.microseconds / 86400e6


def _number(x: float) -> tuple[str, str]:
    if not math.isfinite(x):
        return "e", "#NUM!"
    text = format(x, ".15g")
    if text in ("-0", "-0.0"):
        text = "0"
    return "n", text


def canonical(value: Any) -> tuple[str, str] | None:
    """``(tag, text)`` of a cell value, or None for an empty cell. See the module docstring."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "b", "TRUE" if value else "FALSE"
    if isinstance(value, CellError):
        return "e", value.code
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time, _dt.timedelta)):
        return _number(round(_serial(value), 8))  # ~1 ms: readers round times differently
    if isinstance(value, numbers.Real):
        return _number(float(value))
    if isinstance(value, numbers.Number):  # complex or other numeric: keep its text
        return "s", repr(str(value))
    text = str(value)
    if text == "":
        return None
    return "s", repr(text)


_STRING = re.compile(r'"(?:[^"]|"")*"')
_PREFIXES = re.compile(r"_xl(?:fn|ws)\.", re.IGNORECASE)


def canonical_formula(formula: str) -> str:
    """Normalised formula text (see the module docstring)."""
    text = formula[1:] if formula.startswith("=") else formula
    out = []
    last = 0
    for m in _STRING.finditer(text):
        out.append(_norm_code(text[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_norm_code(text[last:]))
    return "".join(out)


def _norm_code(code: str) -> str:
    code = _PREFIXES.sub("", code)
    return re.sub(r"[\s']+", "", code).upper()


_ERROR_LITERALS = frozenset(
    ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"]
)
_NUMBER_LITERAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(E[+-]?\d+)?$")


def _formula_line(formula: str) -> tuple[str, str]:
    """``("f", text)``, except that a formula which is only a literal counts as that constant
    (LibreOffice saves the constants TRUE and #DIV/0! as the formulas ``=TRUE()``, ``=#DIV/0!``)."""
    text = canonical_formula(formula)
    if text in ("TRUE()", "TRUE", "FALSE()", "FALSE"):
        return "b", text.rstrip("()")
    if text in _ERROR_LITERALS:
        return "e", text
    if _NUMBER_LITERAL.match(text):
        return _number(float(text))
    return "f", text


def hashed_sheets(view: WorkbookView) -> list[str]:
    """Names of the sheets the hash covers (workbook order)."""
    ours = owned_sheets(view)  # by content (A1 marker), never by name alone
    return [s for s in view.sheet_names() if s not in ours]


def _sheet_lines(view: WorkbookView, sheet: str) -> Iterator[tuple[int, int, str]]:
    ref = view.used_range(sheet)
    if not ref:
        return
    (c1, r1), _ = parse_ref(ref)
    rows = view.values(sheet, ref)
    formulas = view.formulas(sheet, ref)
    for i, row in enumerate(rows):
        frow = formulas[i] if i < len(formulas) else []
        for j, value in enumerate(row):
            formula = frow[j] if j < len(frow) else None
            # Text typed as '=abc: Excel's Range.Formula shows "=abc" although the cell holds
            # text, so a formula whose value is its own text is text.
            if formula and not (isinstance(value, str) and value == formula):
                canon: tuple[str, str] | None = _formula_line(str(formula))
            else:
                canon = canonical(value)
            if canon is None:
                continue
            cell = f"{col_letter(c1 + j)}{r1 + i}"
            yield r1 + i, c1 + j, f"{sheet}\t{cell}\t{canon[0]}\t{canon[1]}"


def data_lines(view: WorkbookView, sheets: Iterable[str] | None = None) -> list[str]:
    """The canonical lines of the data cells, sorted (sheet name, row, column)."""
    keyed = []
    for sheet in sheets if sheets is not None else hashed_sheets(view):
        for row, col, line in _sheet_lines(view, sheet):
            keyed.append(((sheet, row, col), line))
    keyed.sort(key=lambda item: item[0])
    return [line for _, line in keyed]


def _digest(lines: list[str]) -> str:
    h = hashlib.sha256()
    h.update(HASH_SCHEME.encode("utf-8"))
    for line in lines:
        h.update(b"\n")
        h.update(line.encode("utf-8", errors="surrogatepass"))
    return h.hexdigest()


def data_hash(view: WorkbookView) -> str:
    """SHA-256 (hex) over the data cells of ``view`` (scheme :data:`HASH_SCHEME`)."""
    return _digest(data_lines(view))


def sheet_hashes(view: WorkbookView) -> dict[str, tuple[str, int]]:
    """Per hashed sheet: ``(sha256 hex of that sheet's lines, number of data cells)``.

    Used to say *which* sheet changed; the stamp's overall hash is :func:`data_hash`.
    """
    out = {}
    for sheet in hashed_sheets(view):
        lines = data_lines(view, [sheet])
        out[sheet] = (_digest(lines), len(lines))
    return out
