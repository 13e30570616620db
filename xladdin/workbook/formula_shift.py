"""Move the relative references of an A1 formula by a row/column offset.

Used to expand Excel *shared formulas*: the master cell stores ``B2*C2`` with ``t="shared"``
and its dependents store only the shared index; the dependent at one row below means ``B3*C3``.
String literals, quoted sheet names and structured references (``Table1[Col]``) are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from xladdin.workbook.limits import EXCEL_MAX_COLS, EXCEL_MAX_ROWS
from xladdin.workbook.model import col_letter, col_number

__all__ = ["shift_formula"]

_MAX_COL = EXCEL_MAX_COLS
_MAX_ROW = EXCEL_MAX_ROWS

_CELL = re.compile(r"(?<![A-Za-z0-9_.$\\])(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})(?![A-Za-z0-9_(\\])")
_COLS = re.compile(
    r"(?<![A-Za-z0-9_.$\\])(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})(?![A-Za-z0-9_(\\])"
)
_ROWS = re.compile(
    r"(?<![A-Za-z0-9_.$:\\])(\$?)([0-9]{1,7}):(\$?)([0-9]{1,7})(?![A-Za-z0-9_.(:\\])"
)


def _col(absolute: str, letters: str, dcol: int) -> str | None:
    n = col_number(letters)
    if n > _MAX_COL:
        raise _NotARefError
    if not absolute:
        n += dcol
    if n < 1 or n > _MAX_COL:
        return None
    return absolute + col_letter(n)


def _row(absolute: str, digits: str, drow: int) -> str | None:
    n = int(digits)
    if n < 1 or n > _MAX_ROW:
        raise _NotARefError
    if not absolute:
        n += drow
    if n < 1 or n > _MAX_ROW:
        return None
    return absolute + str(n)


class _NotARefError(Exception):
    pass


def _shift_plain(text: str, drow: int, dcol: int) -> str:
    def cell(m: re.Match[str]) -> str:
        try:
            c = _col(m.group(1), m.group(2), dcol)
            r = _row(m.group(3), m.group(4), drow)
        except _NotARefError:
            return m.group(0)
        return "#REF!" if c is None or r is None else c + r

    def span(
        shift: Callable[[str, str, int], str | None], delta: int
    ) -> Callable[[re.Match[str]], str]:
        """A whole-column (``A:C``) or whole-row (``2:5``) range: both ends move by ``delta``."""

        def sub(m: re.Match[str]) -> str:
            try:
                a = shift(m.group(1), m.group(2), delta)
                b = shift(m.group(3), m.group(4), delta)
            except _NotARefError:
                return m.group(0)
            return "#REF!" if a is None or b is None else f"{a}:{b}"

        return sub

    text = _CELL.sub(cell, text)
    if dcol:
        text = _COLS.sub(span(_col, dcol), text)
    if drow:
        text = _ROWS.sub(span(_row, drow), text)
    return text


def shift_formula(formula: str, drow: int, dcol: int) -> str:
    """Shift the relative references of ``formula`` (with or without a leading ``=``).

    Parameters
    ----------
    formula : str
        A1-style formula text, e.g. ``"=SUM(B2:B9)*$C$1"``.
    drow, dcol : int
        Offset to apply to references without ``$``.

    Returns
    -------
    str
        The shifted formula; references pushed off the sheet become ``#REF!``.

    Examples
    --------
    >>> shift_formula("=B2*$C$1+'My Sheet'!A1", 2, 1)
    "=C4*$C$1+'My Sheet'!B3"
    """
    if not drow and not dcol:
        return formula
    out: list[str] = []
    plain: list[str] = []
    i, n = 0, len(formula)
    while i < n:
        ch = formula[i]
        if ch in "\"'":
            j = i + 1
            while j < n:
                if formula[j] == ch:
                    if j + 1 < n and formula[j + 1] == ch:
                        j += 2
                        continue
                    break
                j += 1
            out.append(_shift_plain("".join(plain), drow, dcol))
            plain = []
            out.append(formula[i : j + 1])
            i = j + 1
        elif ch == "[":
            depth, j = 0, i
            while j < n:
                if formula[j] == "[":
                    depth += 1
                elif formula[j] == "]":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            out.append(_shift_plain("".join(plain), drow, dcol))
            plain = []
            out.append(formula[i : j + 1])
            i = j + 1
        else:
            plain.append(ch)
            i += 1
    out.append(_shift_plain("".join(plain), drow, dcol))
    return "".join(out)
