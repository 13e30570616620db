"""Cell values as numbers, the way binding and the checks read them (no pandas)."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from xladdin.text.numbers import parse_number
from xladdin.workbook.model import CellError

__all__ = ["numbers_of", "to_number"]


def to_number(value: Any) -> float:
    """A cell value as float; NaN for empty, errors, booleans and text that is not a number.

    Numbers stored as text are read explicitly (:func:`xladdin.text.parse_number`, never the
    Excel locale): ``"1,234.5"`` and Lao digits ``"໑໒໓"`` are used, an *ambiguous* text
    (``"1.234"``, ``"5,463"``: thousands or decimals?) is not -- validation reports it
    (``ambiguous-separator``) and the user retypes it."""
    if value is None or isinstance(value, (bool, CellError)):
        return math.nan
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        return _text_number(value)
    return math.nan


def numbers_of(values: list[Any]) -> list[float]:
    """:func:`to_number` of each value (floats and ints, nearly every cell, without the calls)."""
    return [v if type(v) is float else float(v) if type(v) is int else to_number(v) for v in values]


@lru_cache(maxsize=65_536)
def _text_number(value: str) -> float:
    """:func:`to_number` of a text (cached: a template repeats the same labels and codes)."""
    parsed = parse_number(value)
    if parsed.value is None or parsed.ambiguous:
        return math.nan
    return parsed.value
