"""Helpers for the checks: locate values of a block and build small blocks for tests.

The identity and plausibility checks are pure functions over *blocks*: any object with
``values`` (DataFrame of floats), ``cells`` (same shape, A1 addresses) and ``sheet`` -- the
:class:`xladdin.templates.binding.Block` of a bound template, or the light :class:`Frame`
below (used in tests and for derived tables).
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pandas is loaded where a table is built, not on import
    import pandas as pd

__all__ = ["Frame", "Grid", "frame", "grid_of", "loc", "loc_range", "year_of"]


class Grid:
    """Read-only scalar access to a DataFrame's cells through plain dicts and lists.

    ``df.at[row, col]`` goes through pandas' indexing machinery (tens of microseconds a call);
    the rules of one provincial workbook made thousands of such calls. A Grid copies the frame
    once into a dict of row positions and one Python list per column, and answers the same
    look-ups with two dict look-ups. Every answer equals pandas': a label the dicts do not know
    (absent, or a frame whose index or columns hold duplicates) is looked up through pandas.

    The frame must not change while the Grid is used (the rules only read).
    """

    __slots__ = ("_cols", "_rows", "df")

    def __init__(self, df: pd.DataFrame) -> None:
        self.df = df
        self._rows: dict[Hashable, int] | None = None
        self._cols: dict[Hashable, list[Any]] | None = None
        if df.index.is_unique and df.columns.is_unique:
            self._rows = {r: i for i, r in enumerate(df.index)}
            self._cols = dict(zip(df.columns, _column_lists(df), strict=True))

    def has_row(self, row: Hashable) -> bool:
        """``row in df.index``."""
        if self._rows is not None and row in self._rows:
            return True
        return row in self.df.index

    def has_col(self, col: Hashable) -> bool:
        """``col in df.columns``."""
        if self._cols is not None and col in self._cols:
            return True
        return col in self.df.columns

    def at(self, row: Hashable, col: Hashable) -> Any:
        """``df.at[row, col]`` (KeyError when absent)."""
        if self._rows is not None:
            i = self._rows.get(row)
            column = self._cols.get(col)  # type: ignore[union-attr]
            if i is not None and column is not None:
                return column[i]
        return self.df.at[row, col]

    def num(self, row: Hashable, col: Hashable) -> float:
        """The value as a float; NaN when the row or column is absent or the value is not a
        number."""
        if self._rows is not None:
            i = self._rows.get(row)
            column = self._cols.get(col)  # type: ignore[union-attr]
            if i is not None and column is not None:
                value = column[i]
                try:
                    return float(value)
                except (TypeError, ValueError):
                    return math.nan
        if row not in self.df.index or col not in self.df.columns:
            return math.nan
        try:
            return float(self.df.at[row, col])
        except (TypeError, ValueError):
            return math.nan


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


def grid_of(block: Any, attr: str = "values") -> Grid:
    """``Grid(getattr(block, attr))``, made once per frame of a bound block (kept in its
    ``memo`` with the frame it was made from: several rules read the same table); a fresh Grid
    for a block without a memo (a :class:`Frame`)."""
    df = getattr(block, attr)
    memo = getattr(block, "memo", None)
    if not isinstance(memo, dict):
        return Grid(df)
    key = f"grid:{attr}"
    cached = memo.get(key)
    if cached is not None and cached.df is df:
        return cached
    grid = memo[key] = Grid(df)
    return grid


def _column_lists(df: pd.DataFrame) -> list[list[Any]]:
    """The columns of ``df`` as Python lists: one numpy conversion when every column has the
    same plain numpy dtype (floats, integers, booleans or objects), else column by column."""
    dtypes = df.dtypes.tolist()
    first = dtypes[0] if dtypes else None
    if isinstance(first, np.dtype) and first.kind in "fiubO" and all(d == first for d in dtypes):
        return df.to_numpy().T.tolist()
    return [df.iloc[:, j].tolist() for j in range(df.shape[1])]


def loc(block: Any, row: Hashable, col: Hashable) -> dict[str, str | None]:
    """``{"sheet": ..., "cell": ...}`` of one value of ``block`` (cell None when unknown)."""
    cell = None
    if getattr(block, "cells", None) is not None:
        grid = grid_of(block, "cells")
        if grid.has_row(row) and grid.has_col(col):
            found = grid.at(row, col)
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
    import pandas as pd

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
