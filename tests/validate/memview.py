"""A dict-backed, in-memory :class:`~xladdin.workbook.model.WorkbookView` for tests.

Usable by every test suite that needs a workbook without a file::

    view = MemView(source="tiny.xlsx")
    view.put("Inputs", "A1", [["Code", "Output"], ["01", 10.0]])   # a block, row by row
    view.add_table("tblX", "Inputs", "A1:B2")                      # headers read from row 1
    view.add_name("xl_base_year", "Settings", "B2")
    view.formula("Inputs", "C2", "=B2-1", cached=9.0)

Cells hold raw values as the protocol says (float/int, str, bool, None, CellError, datetime).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xladdin.workbook.model import TableRef, col_letter, parse_ref, ref_from, split_cell

__all__ = ["MemView"]


@dataclass
class MemView:
    """An in-memory workbook implementing the WorkbookView protocol."""

    source: str = "memory.xlsx"
    _sheets: dict[str, dict[tuple[int, int], Any]] = field(default_factory=dict)
    _formulas: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    _visibility: dict[str, str] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)
    _tables: dict[str, TableRef] = field(default_factory=dict)
    _props: dict[str, Any] = field(default_factory=dict)

    # --- building ---------------------------------------------------------------------------

    def add_sheet(self, name: str, visibility: str = "visible") -> MemView:
        self._sheets.setdefault(name, {})
        self._formulas.setdefault(name, {})
        self._visibility[name] = visibility
        return self

    def put(self, sheet: str, top_left: str, rows: list[list[Any]] | Any) -> MemView:
        """Write one value, or a 2-D block of values starting at ``top_left``."""
        self.add_sheet(sheet, self._visibility.get(sheet, "visible"))
        if not isinstance(rows, list):
            rows = [[rows]]
        c0, r0 = split_cell(top_left)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                key = (c0 + j, r0 + i)
                if value is None:
                    self._sheets[sheet].pop(key, None)
                else:
                    self._sheets[sheet][key] = value
        return self

    def formula(self, sheet: str, cell: str, text: str, cached: Any = None) -> MemView:
        """Store a formula (with ``=``) and its cached value."""
        self.put(sheet, cell, cached if cached is not None else "")
        self._formulas[sheet][split_cell(cell)] = text
        return self

    def add_table(
        self, name: str, sheet: str, ref: str, headers: tuple[str, ...] | None = None
    ) -> MemView:
        """Declare an Excel Table; headers default to the text of the range's first row."""
        if headers is None:
            (c1, r1), (c2, _r2) = parse_ref(ref)
            headers = tuple(
                str(self._sheets.get(sheet, {}).get((c, r1), "")) for c in range(c1, c2 + 1)
            )
        self._tables[name] = TableRef(name, sheet, ref, tuple(headers))
        return self

    def add_name(self, name: str, sheet: str, ref: str) -> MemView:
        """A workbook-scoped defined name pointing at ``sheet!ref``."""
        (c1, r1), (c2, r2) = parse_ref(ref)
        cells = [f"${col_letter(c1)}${r1}", f"${col_letter(c2)}${r2}"]
        target = cells[0] if (c1, r1) == (c2, r2) else ":".join(cells)
        self._names[name] = f"'{sheet}'!{target}"
        return self

    def set_property(self, name: str, value: Any) -> MemView:
        self._props[name] = value
        return self

    # --- the WorkbookView protocol ----------------------------------------------------------

    def sheet_names(self) -> list[str]:
        return list(self._sheets)

    def sheet_visibility(self, sheet: str) -> str:
        return self._visibility[sheet]

    def defined_names(self) -> dict[str, str]:
        return dict(self._names)

    def tables(self) -> dict[str, TableRef]:
        return dict(self._tables)

    def used_range(self, sheet: str) -> str | None:
        cells = self._sheets[sheet]
        if not cells:
            return None
        cols = [c for c, _ in cells]
        rows = [r for _, r in cells]
        return ref_from(min(cols), min(rows), max(cols), max(rows))

    def values(self, sheet: str, ref: str) -> list[list[Any]]:
        (c1, r1), (c2, r2) = parse_ref(ref)
        cells = self._sheets[sheet]
        return [[cells.get((c, r)) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    def formulas(self, sheet: str, ref: str) -> list[list[str | None]]:
        (c1, r1), (c2, r2) = parse_ref(ref)
        fx = self._formulas[sheet]
        return [[fx.get((c, r)) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    def doc_properties(self) -> dict[str, Any]:
        return dict(self._props)
