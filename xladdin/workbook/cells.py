"""Cell values in SpreadsheetML: Excel date serials and the escaping of cell text and
attributes. The one home of these conversions for the reader, the patcher and the writers.

Sources: ECMA-376 Part 1, 18.17.4 (date systems, serial values) and 22.9.2.19 (``ST_Xstring``:
the ``_xHHHH_`` escape of characters XML cannot hold); XML 1.0, 2.4 (the predefined entities).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

__all__ = [
    "EPOCH_1900",
    "EPOCH_1904",
    "datetime_to_serial",
    "ooxml_unescape",
    "serial_to_datetime",
    "xml_attr",
    "xml_escape",
    "xml_text",
    "xml_unescape",
]

EPOCH_1900 = datetime(1899, 12, 30)
"""Day 0 of Excel's 1900 date system as counted from serial 61 (1900-03-01) on; below 61 the
count is one day off because Excel keeps the non-existent 1900-02-29."""

EPOCH_1904 = datetime(1904, 1, 1)
"""Day 0 of Excel's 1904 date system (``workbookPr date1904="1"``)."""


def serial_to_datetime(serial: float, date1904: bool = False) -> datetime | float:
    """An Excel date serial as a ``datetime`` (1900 leap-year bug handled); the number itself
    when it is out of Excel's date range."""
    if serial < 0 or serial > 2958465.999999:
        return serial
    if date1904:
        base = EPOCH_1904
    else:
        base = EPOCH_1900
        if serial < 60:
            serial += 1
    value = base + timedelta(days=serial)
    # round to the millisecond like Excel's display
    micro = round(value.microsecond, -3)
    if micro >= 1_000_000:
        return value.replace(microsecond=0) + timedelta(seconds=1)
    return value.replace(microsecond=micro)


def datetime_to_serial(value: datetime | date | time, date1904: bool = False) -> float:
    """Excel's date serial of a date, datetime or time (a time alone is a fraction of a day).

    ``serial = (value - epoch) / 1 day`` with the epoch 1899-12-30 (1900 system) or 1904-01-01;
    in the 1900 system a serial below 61 is one less, because Excel counts the non-existent
    1900-02-29 (ECMA-376 Part 1, 18.17.4.1 "Date Representation")."""
    if isinstance(value, time):
        return (
            value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        ) / 86400
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    base = EPOCH_1904 if date1904 else EPOCH_1900
    serial = (value - base) / timedelta(days=1)
    if not date1904 and serial < 61:
        serial -= 1  # Excel's phantom 1900-02-29
    return serial


def xml_escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as XML entities (enough for element text; see :func:`xml_text`)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")


def xml_text(text: str) -> str:
    """Escape text for an OOXML element: XML escapes plus ``_xHHHH_`` for control characters
    (carriage return included, which XML parsers would turn into a line feed), for characters
    XML cannot hold (lone surrogates, U+FFFE, U+FFFF) and for literal ``_xHHHH_`` sequences,
    so every string survives a round trip and never corrupts the part."""

    def repl(m: re.Match[str]) -> str:
        s = m.group(0)
        if len(s) == 1:
            return f"_x{ord(s):04X}_"
        return "_x005F" + s  # the leading '_' escaped as _x005F_

    return xml_escape(_UNSAFE.sub(repl, text))


_ILLEGAL_IN_ATTR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_attr(text: str) -> str:
    """Escape text for a double-quoted XML attribute. Characters XML cannot hold at all (control
    characters other than tab/newline/carriage return, lone surrogates) become ``_xHHHH_``."""
    text = _ILLEGAL_IN_ATTR.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)
    return (
        xml_escape(text)
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


_REFERENCE = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot|apos);")
_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _resolve(m: re.Match[str]) -> str:
    ref = m.group(1)
    if ref[0] == "#":
        try:
            code = int(ref[2:], 16) if ref[1] == "x" else int(ref[1:])
        except ValueError:  # more digits than Python converts (only in text a parser refuses)
            return "\ufffd"
        # beyond Unicode (only in text an XML parser refuses): shown, never raised
        return chr(code) if 0 < code < 0x110000 else "\ufffd"
    return _PREDEFINED[ref]


def xml_unescape(text: str) -> str:
    """XML character references (``&#10;``, ``&#x0A;``) and the five predefined entities
    resolved, as an XML parser reports them; anything else (a DTD's entity, which xladdin
    never reads) is left as written."""
    return _REFERENCE.sub(_resolve, text) if "&" in text else text


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def ooxml_unescape(text: str) -> str:
    """Decode ``_xHHHH_`` escapes of OOXML strings (``_x000A_`` -> newline)."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
