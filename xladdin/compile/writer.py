"""Turn computed tables into Patch operations on the output cells the binding found."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from xladdin.findings import Finding, finding
from xladdin.templates.binding import Block, Scalar, block_title
from xladdin.workbook.model import Patch, SetValue, col_letter, parse_ref

__all__ = ["keyed_findings", "write_column", "write_free", "write_keyed", "write_scalar"]


def _clean(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return value
    return value


def _rows(table: pd.DataFrame) -> dict[Any, dict[Any, Any]]:
    """``table.to_dict("index")`` without pandas' per-cell boxing (``_clean`` unboxes numpy
    scalars): row key -> {column key: value}."""
    if not (table.index.is_unique and table.columns.is_unique):
        return table.to_dict("index")  # pandas' own error or behaviour for repeated keys
    columns = list(table.columns)
    return {
        code: dict(zip(columns, values, strict=True))
        for code, values in zip(table.index, table.to_numpy(dtype=object).tolist(), strict=True)
    }


def write_keyed(patch: Patch, block: Block, table: pd.DataFrame | None) -> list[Finding]:
    """Write ``table`` (rows = codes, columns = years) into every year cell of ``block``;
    cells without a result are emptied so that a second compile gives the same content.
    Returns :func:`keyed_findings`."""
    data = {} if table is None else _rows(table)
    sheet, ops = block.sheet, patch.ops
    letters = (
        [(year, col_letter(block.columns[year])) for year in block.years] if block.rows else []
    )
    for code, sheet_row in block.rows.items():  # block.cell(code, year) of each year
        row = data.get(code, {})
        for year, letter in letters:
            value = row.get(year)
            if type(value) is float:  # the common case of _clean: a finite number is kept
                if not math.isfinite(value):
                    value = None
            else:
                value = _clean(value)
            ops.append(SetValue(sheet, f"{letter}{sheet_row}", value))
    return keyed_findings(block, table)


def keyed_findings(block: Block, table: pd.DataFrame | None) -> list[Finding]:
    """What :func:`write_keyed` reports without writing: ``compile-output-year-missing`` for
    the years of ``table`` with a value and no column in ``block``."""
    if table is None:
        return []
    lost = [y for y in table.columns if y not in block.years and table[y].notna().any()]
    if not lost:
        return []
    return [
        finding(
            "compile-output-year-missing",
            sheet=block.sheet,
            cell=block.ref.split(":")[0],
            table=block.table,
            **block_title(block),
            years=", ".join(str(y) for y in lost),
        )
    ]


def write_free(
    patch: Patch, block: Block, table: pd.DataFrame, columns: list[str]
) -> list[Finding]:
    """Write ``table`` rows (in order) into the body rows of an output table, emptying the rest."""
    findings: list[Finding] = []
    (_c1, r1), (_c2, r2) = parse_ref(block.ref)
    capacity = r2 - r1
    records = table.to_dict("records")
    if len(records) > capacity:
        findings.append(
            finding(
                "compile-output-too-small",
                sheet=block.sheet,
                cell=block.ref,
                table=block.table,
                **block_title(block),
                capacity=capacity,
                needed=len(records),
            )
        )
    for i in range(capacity):
        row = r1 + 1 + i
        rec = records[i] if i < len(records) else {}
        for col in columns:
            if col in block.columns:
                cell = f"{col_letter(block.columns[col])}{row}"
                patch.set_value(block.sheet, cell, _clean(rec.get(col)))
    return findings


def write_column(patch: Patch, block: Block, col: str, values: dict[Any, Any]) -> None:
    """Write one column of a (mixed input/output) table by row key; other body rows emptied."""
    if col not in block.columns:
        return
    (_c1, r1), (_c2, r2) = parse_ref(block.ref)
    by_row = {block.rows[k]: v for k, v in values.items() if k in block.rows}
    letter = col_letter(block.columns[col])
    for row in range(r1 + 1, r2 + 1):
        patch.set_value(block.sheet, f"{letter}{row}", _clean(by_row.get(row)))


def write_scalar(patch: Patch, scalar: Scalar | None, value: Any) -> None:
    if scalar is not None:
        patch.set_value(scalar.sheet, scalar.cell, _clean(value))
