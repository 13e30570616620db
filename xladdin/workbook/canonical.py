"""The canonical text of a cell value: what the data hash of a returned file (scheme
``xladdin-data-v2``, :mod:`xladdin.returned.hashing`) writes for one cell, and what compile's
inputs hash (:mod:`xladdin.templates.current`) reads values as -- one definition, in the workbook
layer, so compile never imports the returned-file package.

=====  ======================  ================================================================
tag    Python value            canonical text
=====  ======================  ================================================================
``n``  int, float (not bool)   ``format(x, ".15g")``; ``-0`` becomes ``0``; NaN/inf give ``e``
``d``  datetime, date, time    the Excel 1900-system serial (no phantom-day shift below 61),
                               rounded to 8 decimals (~1 ms), then as ``n``
``b``  bool                    ``TRUE`` or ``FALSE``
``e``  CellError               its code, e.g. ``#DIV/0!``
``s``  str (anything else)     ``repr(str(x))``
=====  ======================  ================================================================

Stamped hashes depend on every character of this: it never changes within a scheme.
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
from typing import Any

from xladdin.workbook.cells import EPOCH_1900
from xladdin.workbook.model import CellError

__all__ = ["canonical"]

_EPOCH = EPOCH_1900  # no phantom-day shift below serial 61: stamped hashes depend on it


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


def _number(x: float, tag: str = "n") -> tuple[str, str]:
    if not math.isfinite(x):
        return "e", "#NUM!"
    text = format(x, ".15g")
    if text in ("-0", "-0.0"):
        text = "0"
    return tag, text


def canonical(value: Any) -> tuple[str, str] | None:
    """``(tag, text)`` of a cell value, or None for an empty cell. See the module docstring."""
    if value is None:
        return None
    kind = type(value)  # exact float, int and str first: nearly every cell (same results)
    if kind is float or kind is int:
        return _number(float(value))
    if kind is str:
        return ("s", repr(value)) if value else None
    if isinstance(value, bool):
        return "b", "TRUE" if value else "FALSE"
    if isinstance(value, CellError):
        return "e", value.code
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time, _dt.timedelta)):
        # ~1 ms: readers round times differently; tag d: a date is not the number it holds
        return _number(round(_serial(value), 8), "d")
    if isinstance(value, numbers.Real):
        return _number(float(value))
    if isinstance(value, numbers.Number):  # complex or other numeric: keep its text
        return "s", repr(str(value))
    text = str(value)
    if text == "":
        return None
    return "s", repr(text)
