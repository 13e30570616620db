"""The review workbook writer: a thin door to :mod:`xladdin.review.book` (XlsxWriter, one
module per sheet), kept so callers and tests import from one stable place.

:func:`safe_text` stays here for the workbooks still written with openpyxl (the district
levels workbook of :mod:`xladdin.review.districts`): text is always stored as text, never a
formula.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from openpyxl.styles import PatternFill

from xladdin.review.book import write_review
from xladdin.review.book.sheet import ADJUSTMENT, NUM, PCT
from xladdin.workbook.excel_limits import EXCEL_MAX_TEXT as EXCEL_MAX_TEXT  # re-exported
from xladdin.workbook.excel_limits import FORMULA_LEADS, excel_text

__all__ = [
    "ADJUSTMENT",
    "EXCEL_MAX_TEXT",
    "HEADER_FILL",
    "NUM",
    "PCT",
    "excel_text",
    "safe_text",
    "write_review",
]

HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
"""The header fill of xladdin's openpyxl-written review workbooks (the same colour as the
review workbook's headers)."""


def safe_text(cell: Any, value: Any) -> None:
    """Write ``value`` into an openpyxl cell; text is always stored as text, never a formula.

    Strings starting with ``= + - @`` (or a tab / carriage return) get the text data type and
    the quote-prefix style, so neither openpyxl nor Excel (even after F2 + Enter) treats them as
    a formula; NaN and infinities become an empty cell. Text goes through :func:`excel_text`
    (characters XML cannot hold replaced, text cut to Excel's 32,767 characters).
    """
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        value = value.item()
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        cell.value = None
        return
    if isinstance(value, str):
        value = excel_text(value)[0]
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_LEADS):
            cell.quotePrefix = True
        return
    if isinstance(value, (int, float, bool, datetime)):
        cell.value = value
        return
    safe_text(cell, str(value))
