"""Inputs read by more than one compiler: the base year, a row of a year table."""

from __future__ import annotations

from typing import Any

import numpy as np

from xladdin.findings import Finding, finding
from xladdin.templates.binding import Block, Bound

__all__ = ["base_year", "year_row"]


def base_year(bound: Bound, years: list[int]) -> tuple[int | None, Finding | None]:
    """(base year, None) when the ``base_year`` cell holds one of ``years``; else (None, a
    ``compile-base-year-invalid`` finding at that cell)."""
    scalar = bound.scalar("base_year")
    value = scalar.value if scalar is not None else None
    if isinstance(value, int) and value in years:
        return value, None
    return None, finding(
        "compile-base-year-invalid",
        sheet=scalar.sheet if scalar else None,
        cell=scalar.cell if scalar else None,
        base_year=value if value is not None else "(empty)",
        first=years[0] if years else "?",
        last=years[-1] if years else "?",
    )


def year_row(block: Block | None, code: str, years: list[int]) -> np.ndarray:
    """Row ``code`` of a year table as floats in the order of ``years`` (NaN where a year is
    absent; all NaN when the block or the row is absent)."""
    if block is None or code not in block.values.index:
        return np.full(len(years), np.nan)
    values = block.values
    table = _positions(block)
    if table is not None:  # by position: the same numbers, each year looked up by label
        array, rows, columns = table
        i = rows[code]
        return np.array([array[i, columns[y]] if y in columns else np.nan for y in years])
    vals = values.loc[code]
    return np.array([vals.get(y, np.nan) for y in years], dtype=float)


def _positions(block: Block) -> tuple[np.ndarray, dict[Any, int], dict[Any, int]] | None:
    """(values as a float array, row key -> row, column key -> column) of ``block``, made once
    per block (kept in :attr:`Block.memo` with the frame it was made from); None when a key is
    repeated (then looked up by label)."""
    cached = block.memo.get("positions")
    if cached is not None and cached[0] is block.values:
        return cached[1]
    values = block.values
    table = None
    if values.index.is_unique and values.columns.is_unique:
        try:
            array = values.to_numpy(dtype=float)
        except (TypeError, ValueError):  # not a frame of numbers: by label
            array = None
        if array is not None:
            table = (
                array,
                {k: i for i, k in enumerate(values.index)},
                {k: j for j, k in enumerate(values.columns)},
            )
    block.memo["positions"] = (values, table)
    return table
