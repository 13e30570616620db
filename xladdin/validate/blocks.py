"""Helpers for the checks: locate values of a block and build small blocks for tests.

The identity and plausibility checks are pure functions over *blocks*: any object with
``values`` (DataFrame of floats), ``cells`` (same shape, A1 addresses) and ``sheet`` -- the
:class:`xladdin.templates.binding.Block` of a bound template, or the light :class:`Frame`
below (used in tests and for derived tables).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Frame", "frame", "loc", "loc_range", "year_of"]


@dataclass
class Frame:
    """A minimal block: float ``values``, A1 ``cells`` (optional) and the ``sheet``."""

    values: pd.DataFrame
    cells: pd.DataFrame | None = None
    sheet: str | None = None

    @property
    def years(self) -> list[int]:
        return [c for c in (year_of(c) for c in self.values.columns) if c is not None]

    @property
    def raw(self) -> pd.DataFrame:
        return self.values.astype(object)


def loc(block: Any, row: Hashable, col: Hashable) -> dict[str, str | None]:
    """``{"sheet": ..., "cell": ...}`` of one value of ``block`` (cell None when unknown)."""
    cells = getattr(block, "cells", None)
    cell = None
    if cells is not None and row in cells.index and col in cells.columns:
        found = cells.at[row, col]
        cell = found if isinstance(found, str) else None
    return {"sheet": getattr(block, "sheet", None), "cell": cell}


def loc_range(block: Any, rows: list[Hashable], col: Hashable) -> dict[str, str | None]:
    """Location of several values of one column, as the range from the first to the last."""
    first = loc(block, rows[0], col)
    last = loc(block, rows[-1], col)
    if first["cell"] and last["cell"] and first["cell"] != last["cell"]:
        return {"sheet": first["sheet"], "cell": f"{first['cell']}:{last['cell']}"}
    return first


def year_of(label: Hashable) -> int | None:
    """A column label as a year (int 1900-2200, or its four-digit text), else None."""
    if isinstance(label, (bool, np.bool_)):
        return None
    if isinstance(label, (int, np.integer)):
        return int(label) if 1900 <= int(label) <= 2200 else None
    if isinstance(label, (float, np.floating)) and float(label).is_integer():
        return int(label) if 1900 <= label <= 2200 else None
    if isinstance(label, str) and len(label.strip()) == 4 and label.strip().isdigit():
        y = int(label.strip())
        return y if 1900 <= y <= 2200 else None
    return None


def frame(
    data: dict[Hashable, dict[Hashable, float]] | pd.DataFrame, sheet: str = "S", origin: str = "B2"
) -> Frame:
    """A :class:`Frame` from ``{row: {col: value}}`` (or a DataFrame), with made-up cells
    laid out from ``origin`` (for tests)."""
    from xladdin.workbook.model import col_letter, split_cell

    df = pd.DataFrame(data).T if isinstance(data, dict) else data
    df = df.astype(float)
    c0, r0 = split_cell(origin)
    cells = pd.DataFrame(
        [[f"{col_letter(c0 + j)}{r0 + i}" for j in range(df.shape[1])] for i in range(df.shape[0])],
        index=df.index,
        columns=df.columns,
        dtype=object,
    )
    return Frame(df, cells, sheet)
