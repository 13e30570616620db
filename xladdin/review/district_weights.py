"""A district return's weights: its base-year GVA by sector (issue 9, section 2).

The ``district-growth`` template (1.1) has a column "Base-year GVA (million kip)" in its weights
table ``tblWeights`` (sheet Indices): the district's value added of each sector in its base
year, its weight in the province's sector. Read here, with no other xladdin import, by the
submission reader (:mod:`xladdin.review.submission`) and used by
:mod:`xladdin.review.districts`.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

__all__ = ["BASE_GVA_HEADER", "WEIGHTS_TABLE", "weights_table"]

WEIGHTS_TABLE = "tblWeights"
"""The district template's weights table (sheet Indices): sector rows, column
"Base-year GVA (million kip)" from template 1.1."""
BASE_GVA_HEADER = "base-year gva"
"""The start of the base-year value column's header, compared case-insensitively (a unit in
brackets may follow)."""


def _norm(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


def weights_table(view: Any, base_year: int | None = None) -> pd.DataFrame | None:
    """A district return's base-year value added by sector (:data:`WEIGHTS_TABLE`).

    Parameters
    ----------
    view : WorkbookView
        The district workbook.
    base_year : int, optional
        The return's base year: the one column label (0 when unknown).

    Returns
    -------
    DataFrame or None
        Index sector code (``AGR``...), one column ``base_year``, values float (NaN where
        blank or not a number). None when the workbook has no weights table or the table has no
        "Base-year GVA" column (a template 1.0 return).
    """
    tables = {k.casefold(): t for k, t in view.tables().items()}
    t = tables.get(WEIGHTS_TABLE.casefold())
    if t is None:
        return None
    rows = view.values(t.sheet, t.ref)
    if not rows:
        return None
    head = [_norm(h) for h in rows[0]]
    at = next((j for j, h in enumerate(head) if h.startswith(BASE_GVA_HEADER)), None)
    if at is None or "code" not in head:
        return None
    key = head.index("code")
    index, data = [], []
    for row in rows[1:]:
        code = str(row[key] or "").strip().upper()
        if not code or code in index:
            continue  # a code typed twice: the first row counts (validate reports the repeat)
        v = row[at]
        ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
        index.append(code)
        data.append(float(v) if ok else math.nan)
    return pd.DataFrame({int(base_year or 0): data}, index=index, dtype=float)
