"""A read-only view of a workbook *as it will be* after a patch (for validating compiled
outputs before anything is written)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xladdin.workbook.model import (
    Patch,
    SetValue,
    TableRef,
    WorkbookView,
    col_letter,
    parse_ref,
    split_cell,
)

__all__ = ["PatchedView"]


class PatchedView:
    """Wrap a :class:`WorkbookView`; cell values set by the patch's ``SetValue`` ops win."""

    def __init__(self, view: WorkbookView, patch: Patch) -> None:
        self.view = view
        self.source = getattr(view, "source", "")
        self._set: dict[str, dict[tuple[int, int], Any]] = {}
        for op in patch.ops:
            if isinstance(op, SetValue):
                self._set.setdefault(op.sheet, {})[split_cell(op.cell)] = op.value

    def sheet_names(self) -> list[str]:
        return self.view.sheet_names()

    def sheet_visibility(self, sheet: str) -> str:
        return self.view.sheet_visibility(sheet)

    def defined_names(self) -> dict[str, str]:
        return self.view.defined_names()

    def tables(self) -> dict[str, TableRef]:
        return self.view.tables()

    def used_range(self, sheet: str) -> str | None:
        return self.view.used_range(sheet)

    def doc_properties(self) -> dict[str, Any]:
        return self.view.doc_properties()

    def values(self, sheet: str, ref: str) -> list[list[Any]]:
        return self._overlay(sheet, ref, self.view.values(sheet, ref), lambda v: v)

    def formulas(self, sheet: str, ref: str) -> list[list[str | None]]:
        # a cell the patch sets holds a value, no formula
        return self._overlay(sheet, ref, self.view.formulas(sheet, ref), lambda v: None)

    def _overlay(
        self, sheet: str, ref: str, rows: list[list[Any]], shown: Callable[[Any], Any]
    ) -> list[list[Any]]:
        """``rows`` of ``ref`` with each cell the patch sets replaced by ``shown(value set)``."""
        changed = self._set.get(sheet)
        if not changed:
            return rows
        (c1, r1), _ = parse_ref(ref)
        out = [list(r) for r in rows]
        for (c, r), v in changed.items():
            i, j = r - r1, c - c1
            if 0 <= i < len(out) and 0 <= j < len(out[i]):
                out[i][j] = shown(v)
        return out

    def value(self, sheet: str, cell: str) -> Any:
        changed = self._set.get(sheet, {})
        key = split_cell(cell)
        return changed[key] if key in changed else self.view.value(sheet, cell)  # type: ignore[attr-defined]

    def cells(self, sheet: str) -> dict[str, Any]:
        out = dict(self.view.cells(sheet))  # type: ignore[attr-defined]
        for (c, r), v in self._set.get(sheet, {}).items():
            out[f"{col_letter(c)}{r}"] = v
        return out

    def __getattr__(self, name: str) -> Any:  # extra reader methods (value, cells, ...)
        return getattr(self.view, name)
