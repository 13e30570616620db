"""Text in the workbooks xladdin still writes with openpyxl (the district levels workbook of
:mod:`xladdin.review.districts`): :func:`safe_text` stores text as text, never a formula, and
``HEADER_FILL`` is the review workbook's header colour as an openpyxl fill. The review
workbook itself is XlsxWriter's (:mod:`xladdin.review.book`, one module per sheet).
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from xladdin.workbook.excel_limits import FORMULA_LEADS, excel_text

__all__ = ["safe_text"]


def __getattr__(name: str) -> Any:
    """``HEADER_FILL``: the header fill of xladdin's openpyxl-written workbooks (the district
    workbook), the review workbook's header colour (:data:`xladdin.review.book.sheet.HEADER_FILL`),
    made on first use so that importing this module loads no openpyxl."""
    if name == "HEADER_FILL":
        from openpyxl.styles import PatternFill

        from xladdin.review.book import sheet

        return PatternFill("solid", fgColor=sheet.HEADER_FILL.lstrip("#"))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
