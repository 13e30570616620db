"""Explicit parsing of numbers stored as text (docs/design.md §9).

Never trust the Excel or system locale: the separators are read from the text itself.

- Lao digits ``໐``-``໙`` (U+0ED0-U+0ED9) are converted to ``0``-``9`` and reported.
- One kind of separator used once with exactly three digits after it (``1.234``, ``5,463``)
  is **ambiguous**: thousands or decimals. The value returned is the reading of an English
  locale (``.`` decimal, ``,`` thousands: 1.234 and 5463) and :attr:`ParsedNumber.alternative`
  holds the other reading.
- Both separators (``1,234.5``, ``1.234,5``): the last one is the decimal mark; the grouping
  must be by threes. The same separator repeated (``1,234,567``, ``1.234.567``) is a thousands
  separator. Spaces (also no-break and thin spaces) may group thousands (``1 234 567``).
- A sign may lead (``-``, ``+``, ``−``) or the number may be in parentheses (accounting
  negative); a trailing ``%`` divides by 100 (as Excel does); exponents are accepted.
- Missing-value markers (``-``, ``–``, ``n.a.``, ``na``, ``n/a``, ``..``, ``…``, ``x``,
  ``ບໍ່ມີ``) and empty text are not numbers: value None with reason ``"missing-marker"``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["LAO_DIGITS", "ParsedNumber", "parse_number"]

#: Lao digits zero to nine.
LAO_DIGITS = "໐໑໒໓໔໕໖໗໘໙"
_LAO_TO_ASCII = {ord(d): str(i) for i, d in enumerate(LAO_DIGITS)}

_MISSING = {
    "-",
    "--",
    "\u2013",
    "\u2014",
    "n.a.",
    "n.a",
    "na",
    "n/a",
    "..",
    "...",
    "\u2026",
    "x",
    "nil",
    "ບໍ່ມີ",
}
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]")
_BODY = re.compile(r"^[0-9.,]+(?:[eE][+-]?[0-9]+)?$")
_GROUPED = re.compile(r"^[0-9]{1,3}(?:X[0-9]{3})+$")


@dataclass(frozen=True)
class ParsedNumber:
    """The result of :func:`parse_number`.

    Attributes
    ----------
    value : float or None
        The number, or None when the text is not a number (or is a missing-value marker).
    ambiguous : bool
        True when the separators allow two readings (see :attr:`alternative`).
    had_lao_digits : bool
        True when Lao digits were converted.
    reason : str
        ``"ok"``, ``"ambiguous-separator"``, ``"decimal-comma"``, ``"missing-marker"``,
        ``"empty"`` or ``"not-a-number"``.
    alternative : float or None
        The other reading of an ambiguous text (``1.234`` -> 1234.0; ``5,463`` -> 5.463).
    """

    value: float | None
    ambiguous: bool = False
    had_lao_digits: bool = False
    reason: str = "ok"
    alternative: float | None = None

    @property
    def is_number(self) -> bool:
        return self.value is not None


def _not_number(reason: str, lao: bool = False) -> ParsedNumber:
    return ParsedNumber(None, False, lao, reason)


def _grouped(text: str, sep: str) -> bool:
    """True when ``text`` is digits grouped by threes with ``sep`` (e.g. ``1,234,567``)."""
    return bool(_GROUPED.match(text.replace(sep, "X"))) if sep in text else False


def _unsign(text: str) -> tuple[str, int, int]:
    """Strip sign, parentheses and a trailing percent: (body, sign, divisor)."""
    sign, scale = 1, 1
    if text.endswith("%"):
        text, scale = text[:-1].rstrip(), 100
    if len(text) > 2 and text[0] == "(" and text[-1] == ")":
        text, sign = text[1:-1].strip(), -1
    if text[:1] in ("-", "\u2212"):
        text, sign = text[1:].lstrip(), -sign
    elif text[:1] == "+":
        text = text[1:].lstrip()
    return text, sign, scale


def parse_number(text: object) -> ParsedNumber:
    """Parse a number typed as text, reading the separators explicitly.

    Parameters
    ----------
    text : object
        Usually a ``str`` from a cell. ``int``/``float`` (not ``bool``) are returned as they are.

    Returns
    -------
    ParsedNumber

    Examples
    --------
    >>> parse_number("1,234.5").value
    1234.5
    >>> p = parse_number("5,463"); (p.value, p.ambiguous, p.alternative)
    (5463.0, True, 5.463)
    >>> parse_number("໑໒໓").value, parse_number("໑໒໓").had_lao_digits
    (123.0, True)
    >>> parse_number("n.a.").value is None
    True
    """
    if isinstance(text, bool):
        return _not_number("not-a-number")
    if isinstance(text, (int, float)):
        value = float(text)
        return ParsedNumber(value) if value == value else _not_number("not-a-number")
    if not isinstance(text, str):
        return _not_number("not-a-number")

    raw = unicodedata.normalize("NFKC", text).strip()
    if not raw:
        return _not_number("empty")
    if raw.casefold() in _MISSING:
        return _not_number("missing-marker")
    lao = any(ch in LAO_DIGITS for ch in raw)
    raw = raw.translate(_LAO_TO_ASCII)
    if not all(ch.isascii() or ch.isspace() or ch == "\u2212" for ch in raw):
        return _not_number("not-a-number", lao)

    body, sign, scale = _unsign(_SPACES.sub(" ", raw).strip())
    if " " in body:
        if not _grouped(body.split(",")[0].split(".")[0], " "):
            return _not_number("not-a-number", lao)
        body = body.replace(" ", "")
    if not body or not _BODY.match(body) or not any(ch.isdigit() for ch in body):
        return _not_number("not-a-number", lao)

    mantissa, _, exponent = body.lower().partition("e")
    exp = f"e{exponent}" if exponent else ""
    result = _read_separators(mantissa)
    if result is None:
        return _not_number("not-a-number", lao)
    digits, alternative, reason = result
    try:
        value = float(Decimal(digits + exp) * sign / scale)
        alt = None
        if alternative is not None:
            alt = float(Decimal(alternative + exp) * sign / scale)
    except (ArithmeticError, ValueError):
        return _not_number("not-a-number", lao)
    if not math.isfinite(value):
        return _not_number("not-a-number", lao)
    return ParsedNumber(value, alternative is not None, lao, reason, alt)


def _read_separators(text: str) -> tuple[str, str | None, str] | None:
    """Plain digits text (``"1234.5"``), the other reading if ambiguous, and the reason."""
    commas, dots = text.count(","), text.count(".")
    if commas == 0 and dots == 0:
        return text, None, "ok"
    if commas and dots:
        last = max(text.rfind(","), text.rfind("."))
        decimal = text[last]
        thousands = "," if decimal == "." else "."
        whole, frac = text[:last], text[last + 1 :]
        if decimal in whole or not frac.isdigit() or not _grouped(whole, thousands):
            return None
        reason = "ok" if decimal == "." else "decimal-comma"
        return f"{whole.replace(thousands, '')}.{frac}", None, reason
    sep = "," if commas else "."
    count = commas or dots
    if count > 1:
        return (text.replace(sep, ""), None, "ok") if _grouped(text, sep) else None
    whole, frac = text.split(sep)
    if sep == "." and not frac and whole.isdigit():  # "12."
        return whole, None, "ok"
    if not whole and frac.isdigit():  # ".5" / ",5"
        return f"0.{frac}", None, "ok" if sep == "." else "decimal-comma"
    if not whole.isdigit() or not frac.isdigit():
        return None
    as_decimal = f"{whole}.{frac}"
    as_thousands = whole + frac
    if len(frac) == 3 and len(whole) <= 3 and whole.lstrip("0"):
        if sep == ".":
            return as_decimal, as_thousands, "ambiguous-separator"
        return as_thousands, as_decimal, "ambiguous-separator"
    return as_decimal, None, "ok" if sep == "." else "decimal-comma"
