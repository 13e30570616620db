"""Are a compiled workbook's outputs current? The hash of the inputs compile read.

``compile`` records :func:`inputs_hash` of the binding it computed from in the custom document
property :data:`INPUTS_PROPERTY` (beside ``xladdin.compiled_with``). Later,
:func:`outputs_current` recomputes the hash from the workbook as it is now: when an input was
changed and compile was not run again, the two differ and the outputs do not follow from the
inputs (``validate`` reports ``outputs-not-current``; ``prepare`` compiles before stamping).

Definition (scheme ``xladdin-inputs-v1``): SHA-256 (hex) over UTF-8 lines, the first being the
scheme name, then ``template<TAB>id<TAB>version`` and, sorted, one line per non-empty cell of an
input table -- ``table<TAB>key<TAB>row<TAB>column<TAB>tag<TAB>text`` with the typed canonical
value of :func:`xladdin.workbook.canonical.canonical` (so ``"12.5"`` typed as text is not the
number 12.5) -- and one per input scalar (``scalar<TAB>key<TAB>tag<TAB>text``). Columns compile
writes (role ``output``) and the template's own formula columns (role ``formula``, e.g.
benchmark GVA = output - IC, recalculated by Excel) are not inputs.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas

from xladdin.templates.binding import Bound
from xladdin.templates.spec import OUTPUT

__all__ = [
    "COMPILED_PROPERTY",
    "INPUTS_PROPERTY",
    "INPUTS_SCHEME",
    "inputs_hash",
    "outputs_current",
]

INPUTS_PROPERTY = "xladdin.inputs_sha256"
"""Custom document property holding the inputs hash of the last compile."""
COMPILED_PROPERTY = "xladdin.compiled_with"
"""Custom document property compile writes (``xladdin <version>``)."""
INPUTS_SCHEME = "xladdin-inputs-v1"

_NOT_INPUT = frozenset({OUTPUT, "formula"})


def _input_columns(bound: Bound, key: str) -> set[Any] | None:
    """Column keys of block ``key`` that are inputs (None: every column)."""
    try:
        table = bound.info.spec.table(key)
    except KeyError:
        return None
    fixed = {c.key for c in table.columns if c.role not in _NOT_INPUT}
    block = bound.blocks[key]
    years = set(block.years) if table.year_role not in _NOT_INPUT else set()
    return fixed | years


def _input_lines(bound: Bound, rows_of) -> list[str]:
    lines = []
    for key, block in bound.inputs.items():
        lines += _block_lines(bound, key, rows_of(block.raw))
    _scalar_lines(bound, lines)
    return lines


def _block_lines(bound: Bound, key: str, rows: Any) -> list[str]:
    from xladdin.workbook.canonical import canonical

    lines = []
    wanted = _input_columns(bound, key)
    for row, values in rows:
        for col, value in values:
            if wanted is not None and col not in wanted:
                continue
            canon = canonical(value)
            if canon is not None:
                lines.append(f"table\t{key}\t{row}\t{col}\t{canon[0]}\t{canon[1]}")
    return lines


_CANON: dict[type, dict[Any, str]] = {float: {}, int: {}, str: {}}
_MAX_CANON = 1 << 16


def _canonical_tail(value: Any) -> str | None:
    """The end of a cell's line: a tab, the tag, a tab and the text of
    :func:`~xladdin.workbook.canonical.canonical` (None: an empty cell), memoised for exact
    floats, ints and texts: the same labels, codes and numbers recur in every return (equal
    floats, 0.0 and -0.0 included, have one canonical text)."""
    from xladdin.workbook.canonical import canonical

    memo = _CANON.get(type(value))
    if memo is None:
        canon = canonical(value)
        return None if canon is None else f"\t{canon[0]}\t{canon[1]}"
    tail = memo.get(value)
    if tail is None:
        canon = canonical(value)
        tail = "" if canon is None else f"\t{canon[0]}\t{canon[1]}"
        if len(memo) < _MAX_CANON and value == value:  # NaN: a new key each time
            memo[value] = tail
    return tail or None


def _fast_input_lines(bound: Bound) -> list[str]:
    """:func:`_input_lines` with :func:`_cells`, the same lines: a block whose ``raw`` frame is
    not made yet is read from its body rows (the objects that frame would hold, labels from
    the same row and column indexes) without making the frame."""
    lines: list[str] = []
    add = lines.append
    for key, block in bound.inputs.items():
        body = _body_rows(block)
        if body is None:
            lines += _block_lines(bound, key, _cells(block.raw))
            continue
        index, columns, rows = body
        wanted = _input_columns(bound, key)
        picked = [
            (j, f"\t{col}") for j, col in enumerate(columns) if wanted is None or col in wanted
        ]
        for row, line in zip(index, rows, strict=True):
            head = f"table\t{key}\t{row}"
            for j, col_text in picked:
                value = line[j]
                if value is None:
                    continue
                memo = _CANON.get(type(value))  # inline hit of _canonical_tail
                tail = memo.get(value) if memo is not None else None
                if tail is None:
                    tail = _canonical_tail(value)
                if tail:
                    add(head + col_text + tail)
    _scalar_lines(bound, lines)
    return lines


def _body_rows(block: Any) -> tuple[Any, Any, list[list[Any]]] | None:
    """(row index, column index, rows) a bound block's ``raw`` frame is made from; None when
    the frame is already made or the rows do not fill it exactly (then the frame is read)."""
    body = getattr(block, "body", None)
    axes = getattr(block, "_axes", None)
    if body is None or axes is None or "raw" in getattr(block, "__dict__", {"raw": None}):
        return None
    index, columns = axes()
    rows = body.lines
    width = len(columns)
    if len(rows) != len(index) or any(len(line) != width for line in rows):
        return None
    return index, columns, rows


def _scalar_lines(bound: Bound, lines: list[str]) -> None:
    from xladdin.workbook.canonical import canonical

    for key, scalar in bound.scalars.items():
        if scalar.role == OUTPUT:
            continue
        canon = canonical(scalar.raw)
        if canon is not None:
            lines.append(f"scalar\t{key}\t{canon[0]}\t{canon[1]}")


def _cells(raw: Any):
    """Each row's cells as the reader gave them: the frame's own objects, an empty cell None.
    (Not ``DataFrame.iterrows``: from pandas 3 it infers a string dtype for a row of text and
    empty cells and turns each None into NaN, which would hash as a ``#NUM!`` cell.)"""
    columns = list(raw.columns)
    for row, values in zip(raw.index, raw.to_numpy(dtype=object), strict=True):
        yield row, zip(columns, values, strict=True)


def _cells_as_iterrows(raw: Any):
    """The rows as ``DataFrame.iterrows`` gives them under the installed pandas: how xladdin
    0.x hashed before :func:`_cells` (identical under pandas 2)."""
    for row, values in raw.iterrows():
        yield row, values.items()


def _digest(bound: Bound, lines: list[str]) -> str:
    h = hashlib.sha256(INPUTS_SCHEME.encode("utf-8"))
    h.update(f"\ntemplate\t{bound.info.id}\t{bound.info.version}".encode())
    for line in sorted(lines):
        h.update(b"\n")
        h.update(line.encode("utf-8", errors="surrogatepass"))
    return h.hexdigest()


def inputs_hash(bound: Bound) -> str:
    """SHA-256 (hex) of the inputs of a bound template (see the module docstring)."""
    memo = getattr(bound, "memo", None)
    if memo is not None and "inputs_hash" in memo:
        return memo["inputs_hash"]
    digest = _digest(bound, _fast_input_lines(bound))
    if memo is not None:
        memo["inputs_hash"] = digest
    return digest


_PANDAS_MAJOR = int(pandas.__version__.split(".")[0])


def _legacy_inputs_hash(bound: Bound) -> str:
    """The hash an earlier xladdin recorded when it ran under pandas 3, where
    ``DataFrame.iterrows`` turned the empty cells of a text row into NaN (each hashed as a
    ``#NUM!`` cell, against the scheme's "one line per non-empty cell"). Accepted when reading
    so a workbook compiled then is not called out of date; never recorded."""
    return _digest(bound, _input_lines(bound, _cells_as_iterrows))


def outputs_current(bound: Bound, properties: dict[str, Any]) -> bool | None:
    """True when the inputs hash recorded by the last compile equals the inputs now; False
    when it differs, or when the workbook was compiled but no hash was recorded (an older
    xladdin); None when the workbook was never compiled (nothing to be current)."""
    recorded = properties.get(INPUTS_PROPERTY)
    if recorded in (None, ""):
        return False if properties.get(COMPILED_PROPERTY) else None
    recorded = str(recorded).strip().lower()
    if recorded == inputs_hash(bound):
        return True
    # under pandas 2 the legacy hash is the hash above: only pandas 3 could have recorded it
    return _PANDAS_MAJOR >= 3 and recorded == _legacy_inputs_hash(bound)
