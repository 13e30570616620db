"""The rule interface: the :func:`rule` decorator, the registry it fills and the
:class:`Context` a rule sees.

The rule modules (:mod:`xladdin.validate.rules`) import this module and register into
:data:`RULES`; the engine (:mod:`xladdin.validate.engine`) loads the built-in rules and reads
the registry. Nothing here imports the engine or the rules, so there is no import cycle
(issue #12).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from xladdin.findings import Finding
from xladdin.validate.config import ValidationConfig
from xladdin.workbook.model import WorkbookView, col_letter, parse_ref, split_cell
from xladdin.workbook.model import col_number as _col_number
from xladdin.workbook.owned import owned_sheets

__all__ = ["RULES", "Context", "Rule", "RuleFunc", "rule"]

RuleFunc = Callable[["Context"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: its id, function and the workbooks it applies to."""

    id: str
    func: RuleFunc
    templates: str | tuple[str, ...] = "*"

    def applies(self, template_id: str | None, bound: Any) -> bool:
        """Whether the rule runs on a workbook of this template (None: not recognised)."""
        if self.templates == "*":
            return True
        if bound is None:
            return False
        if self.templates == "any":
            return True
        return template_id in self.templates

    @property
    def description(self) -> str:
        doc = (self.func.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else ""


#: rule id -> rule, in registration order; filled by :func:`rule` when the rule modules
#: (:mod:`xladdin.validate.rules`) are imported, read by the engine.
RULES: dict[str, Rule] = {}


def rule(rule_id: str, *, templates: str | tuple[str, ...] = "*") -> Callable[[RuleFunc], RuleFunc]:
    """Register ``func`` as rule ``rule_id`` (kebab-case, unique)."""
    if isinstance(templates, list):
        templates = tuple(templates)

    def decorate(func: RuleFunc) -> RuleFunc:
        if rule_id in RULES and RULES[rule_id].func is not func:
            raise ValueError(f"rule {rule_id!r} is already registered")
        RULES[rule_id] = Rule(rule_id, func, templates)
        return func

    return decorate


@dataclass
class Context:
    """What a rule sees: the workbook view, the binding (None if not a recognised template),
    the settings, and cached scans of the sheets."""

    view: WorkbookView
    config: ValidationConfig = field(default_factory=ValidationConfig)
    bound: Any = None
    template_id: str | None = None
    template_version: str | None = None
    cache: dict[Any, Any] = field(default_factory=dict, repr=False)
    _cells: dict[str, list[tuple[str, Any]]] = field(default_factory=dict, repr=False)

    def data_sheets(self) -> list[str]:
        """Sheets of the workbook that are not owned by xladdin."""
        ours = owned_sheets(self.view)  # by content, so a user's own "Checks" is validated
        return [s for s in self.view.sheet_names() if s not in ours]

    def cells(self, sheet: str) -> list[tuple[str, Any]]:
        """Non-empty cells of a sheet's used range as ``(A1 address, value)``, cached.

        Uses the view's sparse ``cells(sheet)`` when it has one (the headless reader), so a
        sheet with one cell at XFD1048576 costs nothing; otherwise reads the used range."""
        if sheet not in self._cells:
            out: list[tuple[str, Any]] = []
            sparse = getattr(self.view, "cells", None)
            if callable(sparse):  # the headless reader: non-empty cells only
                try:
                    found = sparse(sheet)
                except AttributeError:  # a wrapper whose inner view has no sparse access
                    found = None
                if isinstance(found, dict):
                    out = [(c, v) for c, v in found.items() if v is not None and v != ""]
                    if not getattr(found, "row_major", False):  # the reader's is in order
                        out.sort(key=lambda item: _row_col(item[0]))
                    self._cells[sheet] = out
                    return out
            used = self.view.used_range(sheet)
            if used:
                (c1, r1), _ = parse_ref(used)
                for i, row in enumerate(self.view.values(sheet, used)):
                    for j, value in enumerate(row):
                        if value is not None and value != "":
                            out.append((f"{col_letter(c1 + j)}{r1 + i}", value))
            self._cells[sheet] = out
        return self._cells[sheet]

    def _scan(
        self, sheet: str
    ) -> tuple[dict[str, tuple[int, int]] | None, list[tuple[str, str]]] | None:
        """One pass over a sheet of the headless reader (its ``cell_kinds`` or ``cell_dict``:
        ``(row, column)`` -> value, no A1 address per cell): the column counts (None when not
        made yet: :meth:`column_counts` makes them on demand) and the text cells in
        (row, column) order, cached; None for a view without such access."""
        key = ("scan", sheet)
        if key not in self.cache:
            kinds = getattr(self.view, "cell_kinds", None)
            found = None
            if callable(kinds):
                try:
                    got = kinds(sheet)
                except AttributeError:  # a wrapper whose inner view has no such access
                    got = None
                if got is not None:
                    self.cache[("kinds", sheet)] = got
                    if len(got[1]) > _A1_KEPT_UP_TO:  # a large sheet: one pass for both
                        found = _scan_kinds(*got)
                    else:
                        found = (None, _texts_kinds(*got))
            grid = getattr(self.view, "cell_dict", None)
            if found is None and callable(grid):
                try:
                    found = _scan_grid(grid(sheet))
                except AttributeError:
                    found = None
            self.cache[key] = found
        return self.cache[key]

    def column_counts(self, sheet: str) -> dict[str, tuple[int, int]]:
        """Per column letter of a sheet: (cells holding numbers, cells holding text)."""
        key = ("column_counts", sheet)
        if key not in self.cache:
            scanned = self._scan(sheet)
            if scanned is not None:
                found = scanned[0]
                if found is None:
                    found = _counts_kinds(*self.cache[("kinds", sheet)])
                self.cache[key] = found
                return found
            counts: dict[str, list[int]] = {}
            for cell, value in self.cells(sheet):
                col = cell.rstrip("0123456789")
                c = counts.setdefault(col, [0, 0])
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    c[0] += 1
                elif isinstance(value, str):
                    c[1] += 1
            self.cache[key] = {k: (v[0], v[1]) for k, v in counts.items()}
        return self.cache[key]

    def text_cells_exempt(self) -> set[tuple[str, str]]:
        """Cells of a bound template that hold text on purpose: row codes, labels, code and
        year columns, text settings. Empty when the workbook is not a recognised template."""
        if "exempt" not in self.cache:
            exempt = _exempt_cells(self.bound)
            code_cells = getattr(self.bound, "code_cells", None)
            if callable(code_cells):
                exempt |= set(code_cells())
            self.cache["exempt"] = exempt
        return self.cache["exempt"]

    def text_cells(self) -> Iterator[tuple[str, str, str]]:
        """Every cell holding text, over the data sheets: ``(sheet, cell, text)`` (the list is
        built once and shared by the text rules)."""
        found = self.cache.get("text_cells")
        if found is None:
            found = []
            for sheet in self.data_sheets():
                scanned = self._scan(sheet)
                if scanned is None:
                    found += [(sheet, c, v) for c, v in self.cells(sheet) if isinstance(v, str)]
                else:
                    found += [(sheet, cell, text) for cell, text in scanned[1]]
            self.cache["text_cells"] = found
        return iter(found)

    def texts(self) -> set[str]:
        """The distinct texts of :meth:`text_cells` (cached): a rule about what a text says
        looks at each once (a return repeats a few hundred labels over thousands of cells)
        and goes over the cells only when some text matters."""
        found = self.cache.get("texts")
        if found is None:
            found = self.cache["texts"] = set(map(_THIRD, self.text_cells()))
        return found


def _counts_kinds(
    cells: dict[tuple[int, int], Any], marked: list[tuple[int, int]]
) -> dict[str, tuple[int, int]]:
    """The column counts of :func:`_scan_grid` when the reader says which cells may hold
    something else than a number (``marked``): only those are looked at; every other cell
    holds an int or a float."""
    per_col = Counter(map(_SECOND, cells))
    keys = marked  # the reader refuses an address written twice: each is marked once
    values = list(map(cells.__getitem__, keys))
    texts = Counter(k[1] for k, v in zip(keys, values, strict=True) if type(v) is str and v)
    others: Counter[int] = Counter(
        k[1]
        for k, v in zip(keys, values, strict=True)
        if not (type(v) is str and v) and type(v) is not int and type(v) is not float
    )
    letters = {c: col_letter(c) for c in per_col}
    return {
        letters[c]: (n - texts.get(c, 0) - others.get(c, 0), texts.get(c, 0))
        for c, n in sorted(per_col.items())
    }


def _texts_kinds(
    cells: dict[tuple[int, int], Any], marked: list[tuple[int, int]]
) -> list[tuple[str, str]]:
    """The non-empty text cells of :func:`_scan_grid` as ``(A1, text)`` in (row, column)
    order, looking only at the cells the reader marked (the others hold numbers)."""
    values = map(cells.__getitem__, marked)
    found = [(k, v) for k, v in zip(marked, values, strict=True) if type(v) is str and v]
    found.sort(key=_FIRST)  # (row, column) keys are unique: the text is never compared
    return [(_A1[k], text) for k, text in found]


_A1_KEPT_UP_TO = 20_000
"""Marked cells of a sheet whose text-cell addresses go through the kept :class:`_A1Names`
(the sheets of the templates: their returns repeat the same addresses); a larger sheet is
scanned by :func:`_scan_kinds`, its addresses made directly."""


def _scan_kinds(
    cells: dict[tuple[int, int], Any], marked: list[tuple[int, int]]
) -> tuple[dict[str, tuple[int, int]], list[tuple[str, str]]]:
    """:func:`_counts_kinds` and :func:`_texts_kinds` in one pass over the marked cells (a
    large sheet, whose text-cell addresses are not kept)."""
    per_col = Counter(map(_SECOND, cells))
    values = list(map(cells.__getitem__, marked))
    text_cells = [
        (k[0], k[1], v) for k, v in zip(marked, values, strict=True) if type(v) is str and v
    ]
    texts = Counter(map(_SECOND, text_cells))
    others: Counter[int] = Counter()
    if len(text_cells) < len(marked):  # booleans, dates, errors, empty texts among them
        others.update(
            k[1]
            for k, v in zip(marked, values, strict=True)
            if not (type(v) is str and v) and type(v) is not int and type(v) is not float
        )
    text_cells.sort()  # (row, column) is unique: the text is never compared
    letters = {c: col_letter(c) for c in per_col}
    counts = {
        letters[c]: (n - texts.get(c, 0) - others.get(c, 0), texts.get(c, 0))
        for c, n in sorted(per_col.items())
    }
    return counts, [(f"{letters[c]}{r}", text) for r, c, text in text_cells]


class _A1Names(dict):
    """(row, column) -> A1 address, made on first use and kept (bounded): the returns of one
    template put their text cells at the same addresses."""

    def __missing__(self, key: tuple[int, int]) -> str:
        name = f"{col_letter(key[1])}{key[0]}"
        if len(self) < _MAX_KEYS:
            self[key] = name
        return name


_FIRST = itemgetter(0)
_THIRD = itemgetter(2)
_SECOND = itemgetter(1)


def _scan_grid(
    cells: dict[tuple[int, int], Any],
) -> tuple[dict[str, tuple[int, int]], list[tuple[str, str]]]:
    """Column counts (numbers, texts) by column letter and the non-empty text cells as
    ``(A1, text)`` in (row, column) order, from ``(row, column) -> value`` (the reader's
    values: exactly ``int``, ``float``, ``str``, ``bool``, ``datetime``, ``CellError``)."""
    numbers: dict[int, int] = {}
    texts: dict[int, int] = {}
    text_cells: list[tuple[int, int, str]] = []
    add = text_cells.append
    for key, value in cells.items():
        kind = type(value)
        if kind is str:
            if value:
                c = key[1]
                texts[c] = texts.get(c, 0) + 1
                add((key[0], c, value))
        elif kind is int or kind is float:
            c = key[1]
            numbers[c] = numbers.get(c, 0) + 1
    text_cells.sort()  # (row, column) is unique: the text is never compared
    letters = {c: col_letter(c) for c in numbers.keys() | texts.keys()}
    counts = {letters[c]: (numbers.get(c, 0), texts.get(c, 0)) for c in sorted(letters)}
    return counts, [(f"{letters[c]}{r}", text) for r, c, text in text_cells]


_PLAIN_CELL = re.compile(r"([A-Z]{1,3})([0-9]+)")
_KEYS: dict[str, tuple[int, int]] = {}
_MAX_KEYS = 1 << 18
_A1 = _A1Names()


def _row_col(cell: str) -> tuple[int, int]:
    """Sort key (row, column) of an A1 address, memoised: the workbooks of one template put
    their cells at the same addresses."""
    key = _KEYS.get(cell)
    if key is None:
        m = _PLAIN_CELL.fullmatch(cell)
        if m is None:
            col, row = split_cell(cell)
        else:
            col, row = _col_number(m.group(1)), int(m.group(2))
        key = (row, col)
        if len(_KEYS) < _MAX_KEYS:
            _KEYS[cell] = key
    return key


def _exempt_cells(bound: Any) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    info = getattr(bound, "info", None)
    spec = getattr(info, "spec", None)
    if spec is None:
        return out
    kinds: dict[tuple[str, str], str] = {}
    for _sheet, table in spec.tables():
        for col in table.columns:
            kinds[(table.key, col.key)] = (
                "number" if col.role not in ("key", "label") and col.kind == "number" else col.kind
            )
    for key, block in (getattr(bound, "blocks", None) or {}).items():
        columns = getattr(block, "columns", {}) or {}
        rows = getattr(block, "rows", {}) or {}
        for col_key, col_number in columns.items():
            if isinstance(col_key, int) or kinds.get((key, col_key), "number") == "number":
                continue
            sheet, letter = block.sheet, col_letter(col_number)
            out.update((sheet, f"{letter}{row}") for row in rows.values())
    for _sheet, name in spec.names():
        scalar = bound.scalar(name.key) if hasattr(bound, "scalar") else None
        if scalar is not None and name.kind != "number":
            out.add((scalar.sheet, scalar.cell))
    return out
