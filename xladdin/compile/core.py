"""compile_view / compile_file: bind, compute with :mod:`xladdin.gdp`, write outputs as values,
validate the result, and fill the Checks sheet."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from xladdin import __version__
from xladdin.compile.overlay import PatchedView
from xladdin.compile.writer import (
    keyed_findings,
    write_column,
    write_free,
    write_keyed,
    write_scalar,
)
from xladdin.findings import Finding, Report, finding
from xladdin.findings.words import one_line, reason
from xladdin.templates.binding import Block, Bound, Scalar, bind, recognise
from xladdin.templates.current import COMPILED_PROPERTY, INPUTS_PROPERTY, inputs_hash
from xladdin.validate.engine import truncate_findings
from xladdin.workbook.model import Patch, SetDocProperty, WorkbookView, parse_ref, split_cell

__all__ = ["CompileResult", "compile_file", "compile_view"]


@dataclass
class CompileResult:
    """What a compile produced: the patch (not yet applied), the findings, a summary."""

    patch: Patch
    report: Report
    summary: dict[str, Any] = field(default_factory=dict)
    bound: Bound | None = None
    written: str | None = None  # path written by compile_file

    @property
    def exit_code(self) -> int:
        return self.report.exit_code

    def to_dict(self) -> dict[str, Any]:
        out = self.report.to_dict()
        out["summary"] = self.summary
        out["written"] = self.written
        out["operations"] = len(self.patch)
        return out


def compile_view(
    view: WorkbookView,
    *,
    validate: bool = True,
    binding: tuple[list[Finding], Bound] | None = None,
    outputs: Collection[str] | None = None,
) -> CompileResult:
    """Compile a template workbook seen through ``view``; returns the patch without applying it.

    ``binding`` is ``(recognise findings, Bound)`` when the caller has already recognised and
    bound this same ``view`` (the review does, to validate it): the file is then not bound a
    second time. The binding is only read, never changed.

    ``outputs`` (Excel table names, any case; only with ``validate=False``) is for a caller
    that reads from the patch the cell values of those output tables and nothing else (the
    review): the values written to other cells are then left out of the patch -- unless one of
    those writes would reach a cell of these tables (an odd workbook), when the patch holds
    every value as without ``outputs``. Findings and summary are the same either way; such a
    patch is not one to apply.
    """
    if outputs is not None and validate:
        raise ValueError("compile_view: outputs= is for an in-memory compile (validate=False)")
    report = Report(source=getattr(view, "source", None))
    if binding is not None:
        rec, bound = binding
        info = bound.info
        report.extend(rec)
    else:
        info, rec = recognise(view)
        report.extend(rec)
        if info is None:
            if not report.refused:
                report.add(finding("compile-refused", **reason("reason_not_template")))
            return CompileResult(Patch(), report)
        bound = bind(view, info)
    assert bound is not None
    report.extend(bound.findings)
    patch = Patch()
    summary: dict[str, Any] = {}
    found: list[Finding] = []
    if info.id == "province-gdp":
        summary = _province(bound, _Writes(patch, bound, outputs), found)
    elif info.id == "district-growth":
        summary = _district(bound, _Writes(patch, bound, outputs), found)
    elif info.id == "sez-enterprise":
        summary = _sez(bound, patch, found)
    report.extend(truncate_findings(found, MAX_PER_SHEET))
    patch.add(SetDocProperty(COMPILED_PROPERTY, f"xladdin {__version__}"))
    # what these outputs follow from: validate and prepare compare it with the inputs later
    patch.add(SetDocProperty(INPUTS_PROPERTY, inputs_hash(bound)))
    if validate:
        _validate(view, info, patch, report)
    return CompileResult(patch, report, summary, bound)


#: a rectangle of cells on a sheet: (sheet, first column, first row, last column, last row)
_Area = tuple[str, int, int, int, int]


class _Writes:
    """The output writes of one compile (:func:`write_keyed`, :func:`write_column`,
    :func:`write_scalar`), made in the order they are asked for; :meth:`done` returns the
    findings of the keyed ones.

    Without ``outputs`` each write goes to the patch at once (``xladdin compile``). With
    ``outputs`` (table names) the writes are held until :meth:`done`, which makes only those
    into the output tables named -- or every write, in the same order, when one of the others
    could reach a cell of those tables (a later write wins a cell) or may not write as usual.
    """

    def __init__(self, patch: Patch, bound: Bound, outputs: Collection[str] | None) -> None:
        self.patch = patch
        self.findings: list[Finding] = []
        self.names = None if outputs is None else {n.casefold() for n in outputs}
        # the rectangles read: the whole of each output table named (None: cannot say)
        self.read: list[_Area | None] = []
        if self.names is not None:
            self.read = [
                _table_area(b) for b in bound.outputs.values() if b.table.casefold() in self.names
            ]
        # (kept, area written or None, whether its values are plain, the write, its findings)
        self.held: list[tuple[bool, _Area | None, bool, Callable[[], Any], Callable[[], Any]]]
        self.held = []

    def keyed(self, block: Block, table: pd.DataFrame | None) -> None:
        if self.names is None:
            self.findings.extend(write_keyed(self.patch, block, table))
            return
        self.held.append(
            (
                block.table.casefold() in self.names,
                _keyed_area(block),
                _plain(table),
                lambda: self.findings.extend(write_keyed(self.patch, block, table)),
                lambda: self.findings.extend(keyed_findings(block, table)),
            )
        )

    def column(self, block: Block, col: str, values: dict[Any, Any]) -> None:
        if self.names is None:
            write_column(self.patch, block, col, values)
            return
        self.held.append(
            (
                False,
                _column_area(block, col),
                True,
                lambda: write_column(self.patch, block, col, values),
                lambda: None,
            )
        )

    def scalar(self, scalar: Scalar | None, value: Any) -> None:
        if self.names is None or scalar is None:
            write_scalar(self.patch, scalar, value)
            return
        self.held.append(
            (
                False,
                _cell_area(scalar),
                True,
                lambda: write_scalar(self.patch, scalar, value),
                lambda: None,
            )
        )

    def done(self) -> list[Finding]:
        """Make the held writes (see the class); the findings of all the keyed writes."""
        every = any(
            not plain or area is None or any(r is None or _meet(area, r) for r in self.read)
            for kept, area, plain, _, _ in self.held
            if not kept
        )
        for kept, _area, _plain_values, write, report in self.held:
            if kept or every:
                write()
            else:
                report()
        self.held = []
        return self.findings


def _plain(table: pd.DataFrame | None) -> bool:
    """True when :func:`write_keyed` of ``table`` is sure to run through (unique keys, numbers):
    leaving its writes out then changes nothing else."""
    if table is None:
        return True
    return (
        table.index.is_unique
        and table.columns.is_unique
        and all(dtype.kind == "f" for dtype in table.dtypes)
    )


def _keyed_area(block: Block) -> _Area | None:
    """The rectangle holding every cell :func:`write_keyed` writes (None: cannot say)."""
    try:
        cols = [block.columns[y] for y in block.years]
    except KeyError:
        return None
    rows = list(block.rows.values())
    if not cols or not rows:
        return (block.sheet, 0, 0, -1, -1)  # writes nothing
    return (block.sheet, min(cols), min(rows), max(cols), max(rows))


def _column_area(block: Block, col: str) -> _Area | None:
    """The rectangle of the cells :func:`write_column` writes (None: cannot say)."""
    if col not in block.columns:
        return (block.sheet, 0, 0, -1, -1)  # writes nothing
    try:
        (_c1, r1), (_c2, r2) = parse_ref(block.ref)
    except ValueError:
        return None
    c = block.columns[col]
    return (block.sheet, c, r1 + 1, c, r2)


def _table_area(block: Block) -> _Area | None:
    try:
        (c1, r1), (c2, r2) = parse_ref(block.ref)
    except ValueError:
        return None
    return (block.sheet, c1, r1, c2, r2)


def _cell_area(scalar: Scalar) -> _Area | None:
    try:
        c, r = split_cell(str(scalar.cell).replace("$", ""))
    except ValueError:
        return None
    return (scalar.sheet, c, r, c, r)


def _meet(a: _Area, b: _Area) -> bool:
    """True when the rectangles share a cell (sheet names compared case-blind: cautious)."""
    return (
        a[0].casefold() == b[0].casefold()
        and max(a[1], b[1]) <= min(a[3], b[3])
        and max(a[2], b[2]) <= min(a[4], b[4])
    )


def _province(bound: Bound, writes: _Writes, found: list[Finding]) -> dict[str, Any]:
    from xladdin.compile.province import (
        PROVINCE_COLUMN_TABLES,
        PROVINCE_EXTRA_TABLES,
        compute_province,
    )

    res = compute_province(bound)
    found.extend(res.findings)
    for key in (
        "gva_current",
        "gva_constant",
        "growth",
        "structure",
        "deflator",
        "contributions",
        "per_capita",
        *PROVINCE_EXTRA_TABLES,
    ):
        block = bound.block(key)
        if block is not None:
            writes.keyed(block, res.tables.get(key))
    for key, columns in PROVINCE_COLUMN_TABLES.items():  # fixed output columns by row code
        block = bound.block(key)
        for col in columns if block is not None else ():
            writes.column(block, col, res.columns.get(key, {}).get(col, {}))
    rebase = bound.block("rebase")
    if rebase is not None:
        for col in ("ratio", "interp"):
            values = {} if res.rebase is None else res.rebase[col].to_dict()
            writes.column(rebase, col, values)
    writes.scalar(bound.scalar("overlap"), res.scalars.get("overlap"))
    found.extend(writes.done())
    return res.summary


def _district(bound: Bound, writes: _Writes, found: list[Finding]) -> dict[str, Any]:
    from xladdin.compile.district import compute_district

    table, findings, summary = compute_district(bound)
    found.extend(findings)
    block = bound.block("growth")
    if block is not None:
        writes.keyed(block, table)
    found.extend(writes.done())
    return summary


def _sez(bound: Bound, patch: Patch, found: list[Finding]) -> dict[str, Any]:
    from xladdin.compile.sez import compute_sez

    tables, findings, summary = compute_sez(bound)
    found.extend(findings)
    for key, table in tables.items():
        block = bound.block(key)
        if block is not None:
            # formula columns (names looked up from codes) are the template's, not compile's
            cols = [c.key for c in bound.info.spec.table(key).columns if c.role != "formula"]
            found.extend(write_free(patch, block, table, cols))
    return summary


MAX_PER_SHEET = 25


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.code, f.sheet, f.cell, f.message_en)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


# Generic text rules that misread template codes ("16", "21") as numbers stored as text.
_CODE_TEXT_RULES = {"number-stored-as-text"}
# Validation rules that report an unusable input cell; compile-missing-input at the same
# cell would say the same thing twice.
_INPUT_RULES = {"missing-input", "input-not-a-number", "ambiguous-separator"}
# Rules comparing the outputs with the inputs of the last compile: this compile rewrites them.
_CURRENT_RULES = {"outputs-not-current"}


def _validate(view: WorkbookView, info: Any, patch: Patch, report: Report) -> None:
    try:
        from xladdin.validate import validate_view
        from xladdin.validate.checks import checks_patch
    except ImportError as exc:
        report.add(finding("compile-validation-unavailable", reason=str(exc)))
        return
    patched = PatchedView(view, patch)
    pbound = bind(patched, info)
    try:
        vreport = validate_view(patched, bound=pbound)
    except Exception as exc:  # validation must never stop a compile
        report.add(finding("compile-validation-unavailable", reason=f"{type(exc).__name__}: {exc}"))
        return
    codes = pbound.code_cells() if pbound is not None else set()
    extra = [
        f
        for f in vreport.findings
        if not (f.code in _CODE_TEXT_RULES and (f.sheet, f.cell) in codes)
        and f.code not in _CURRENT_RULES  # the outputs were just computed from these inputs
    ]
    # validation's own rules cover the same cells (empty, not a number, ambiguous text):
    # keep one finding per cell
    covered = {(f.sheet, f.cell) for f in extra if f.code in _INPUT_RULES}
    mine = [
        f
        for f in report.findings
        if not (f.code == "compile-missing-input" and (f.sheet, f.cell) in covered)
    ]
    report.findings = _dedupe(mine + extra)
    try:
        checks = checks_patch(report, patched)
    except Exception as exc:
        report.add(
            finding(
                "compile-validation-unavailable",
                **reason("reason_checks_sheet", error=one_line(exc)),
            )
        )
        return
    patch.ops.extend(checks.ops)


def compile_file(
    path: str | Path, *, backup: bool = True, out: str | Path | None = None
) -> CompileResult:
    """Open ``path``, compile it and write the outputs in place (or to ``out``).

    Nothing is written when the workbook is unreadable or refused. The original is kept as a
    backup by the patcher unless ``backup=False``.
    """
    from xladdin.workbook.safety import open_untrusted

    view, problems = open_untrusted(path, purpose="compile")  # the one inspection, own file
    if view is None:
        report = Report(problems, source=str(path))
        return CompileResult(Patch(), report)
    result = compile_view(view)
    result.report.findings = _dedupe(list(problems) + result.report.findings)
    result.report.source = str(path)
    if result.report.refused:
        return result
    from xladdin.workbook.xlsx_patch import apply_patch

    target = apply_patch(
        path, result.patch, out=out, backup=backup, package=getattr(view, "package", None)
    )
    result.written = str(target or out or path)
    return result
