"""A small, reusable fake of the xlwings ``Book`` API subset xladdin uses -- for tests of the
xlwings adapter, the ribbon actions and anything else that runs "inside Excel".

It behaves like Excel where it matters for correctness:

- assigning a string starting with ``=`` to ``range.value`` creates a **formula** (as Excel
  does), and a leading apostrophe makes the rest plain text -- so a test catches code that would
  turn untrusted text into a formula;
- strings that look like error codes (``"#N/A"``) become error values;
- numbers read back as ``float``; empty cells as ``None``; errors as ``None`` unless
  ``.options(err_to_str=True)``;
- ``range.formula`` gives the formula text for formula cells, the constant as text otherwise,
  ``""`` for empty cells (a single cell gives a string, a range a tuple of tuples);
- formulas are not evaluated: a formula cell's value is ``None`` unless the fake was built from
  a file with a cached value (or a test sets ``sheet.cached[(row, col)]``);
- **sheet protection**: a protected sheet (``sheet.protect()``, or ``<sheetProtection
  sheet="1">`` in the file given to :meth:`FakeBook.from_xlsx`) raises :class:`FakeComError` on
  any write into a *locked* cell (value, formula, clear, hyperlink), on conditional-format and
  hyperlink-collection changes, on fills unless ``AllowFormattingCells`` and on column widths
  unless ``AllowFormattingColumns`` -- as Excel does through COM. Lock state comes from the file
  (cell style, else row style, else column style, via openpyxl); a cell with no style is locked,
  as in Excel. ``sheet.unlock("B3:B9")`` marks cells unlocked in a test. ``api.Unprotect()`` /
  ``api.Protect(...)`` follow Excel's signatures and defaults (``Protect()`` with no arguments
  protects drawing objects, contents and scenarios and allows nothing else), and a sheet with a
  password refuses ``Unprotect`` without the right one;
- column widths: ``range.column_width = w`` sets the width of the range's columns (Excel's
  ``ColumnWidth``), recorded in ``sheet.column_widths`` (column number -> width; built from the
  file's ``<col width>`` by :meth:`FakeBook.from_xlsx`);
- row heights: ``sheet.range("6:6").row_height = h`` (whole rows, ``"6:8"``, or any range)
  sets the height of the range's rows in points (Excel's ``RowHeight``, refused on a protected
  sheet unless ``AllowFormattingRows``), and ``range.api.EntireRow.AutoFit()`` gives them their
  automatic height back; recorded in ``sheet.row_heights`` (row number -> points, only rows
  with a height of their own; built from the file's ``<row ht customHeight="1">``). The fake
  does not lay text out: an automatic row simply has no entry.

Usage::

    from fake_xlwings import FakeBook          # tests/workbook is on sys.path in its tests;
    book = FakeBook.from_xlsx("tests/fixtures/workbook/all_parts.xlsx")
    book.sheets["Inputs"].range("B3").value = 5
    book.to_patch_log()   # [("value", "Inputs", "B3", 5)]

From another test folder, load it with::

    import importlib.util, pathlib
    spec = importlib.util.spec_from_file_location(
        "fake_xlwings", pathlib.Path(__file__).parents[1] / "workbook" / "fake_xlwings.py")
    fake_xlwings = importlib.util.module_from_spec(spec)
    sys.modules["fake_xlwings"] = fake_xlwings  # before exec: its dataclasses look it up
    spec.loader.exec_module(fake_xlwings)

``com=False`` builds a book whose ``.api`` objects raise ``AttributeError``, like xlwings
without Excel's COM API (macOS, remote interpreter), to test fallbacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from xladdin.workbook.model import CellError, col_letter, parse_ref, ref_from

__all__ = [
    "FakeBook",
    "FakeComError",
    "FakeName",
    "FakeRange",
    "FakeSheet",
    "FakeTable",
    "file_row_heights",
]

ERROR_CODES = frozenset(
    ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!"]
)


def _address(ref: str) -> str:
    """``"B5:D9"`` -> ``"$B$5:$D$9"`` (how xlwings reports addresses)."""
    out = []
    for part in ref.split(","):
        (c1, r1), (c2, r2) = parse_ref(part)
        first = f"${col_letter(c1)}${r1}"
        out.append(first if (c1, r1) == (c2, r2) else f"{first}:${col_letter(c2)}${r2}")
    return ",".join(out)


_WHOLE_ROWS = re.compile(r"^\$?(\d+):\$?(\d+)$")


class FakeComError(Exception):
    """Stands for ``pywintypes.com_error``: what Excel raises through COM when a call fails."""


PROTECTED_MESSAGE = (
    "The cell or chart you're trying to change is on a protected sheet. To make a change,"
    " unprotect the sheet."
)  # Excel's text for the error 1004 of a write into a locked cell

ALLOW_OPTIONS = (
    "AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
    "AllowInsertingColumns", "AllowInsertingRows", "AllowInsertingHyperlinks",
    "AllowDeletingColumns", "AllowDeletingRows", "AllowSorting", "AllowFiltering",
    "AllowUsingPivotTables",
)  # fmt: skip
"""``Worksheet.Protection`` properties, which are also keyword arguments of ``Protect``."""

# <sheetProtection> attribute (True = the action is *prohibited*) -> Excel's Allow* option
_XML_ALLOW = {
    "formatCells": "AllowFormattingCells", "formatColumns": "AllowFormattingColumns",
    "formatRows": "AllowFormattingRows", "insertColumns": "AllowInsertingColumns",
    "insertRows": "AllowInsertingRows", "insertHyperlinks": "AllowInsertingHyperlinks",
    "deleteColumns": "AllowDeletingColumns", "deleteRows": "AllowDeletingRows",
    "sort": "AllowSorting", "autoFilter": "AllowFiltering", "pivotTables": "AllowUsingPivotTables",
}  # fmt: skip

XL_NO_RESTRICTIONS, XL_UNLOCKED_CELLS, XL_NO_SELECTION = 0, 1, -4142  # XlEnableSelection


class _NoCom:
    """Stands for ``.api`` when the COM API is unavailable."""

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"no COM API in this fake ({name})")


# --- COM-level fakes (only what the adapter uses) ---------------------------------------------


@dataclass
class _Colour:
    Color: int | None = None


@dataclass
class FakeFormatCondition:
    """A conditional format (``FormatCondition``) as created through the COM API."""

    AppliesTo: str
    Type: int
    Formula1: str
    Interior: _Colour = field(default_factory=_Colour)
    Font: _Colour = field(default_factory=_Colour)
    _owner: list[Any] | None = None
    _sheet: Any = None

    def Delete(self) -> None:
        if self._sheet is not None:
            self._sheet._check_sheet_change("conditional formats")
        if self._owner is not None:
            self._owner.remove(self)


class _FormatConditions:
    def __init__(self, store: list[FakeFormatCondition], applies_to: str, sheet: FakeSheet):
        self._store = store
        self._applies_to = applies_to
        self._sheet = sheet

    @property
    def Count(self) -> int:
        return len(self._store)

    def Item(self, i: int) -> FakeFormatCondition:
        return self._store[i - 1]  # COM collections are 1-based

    def Add(
        self, Type: int, Operator: Any = None, Formula1: str = "", Formula2: str = ""
    ) -> FakeFormatCondition:
        self._sheet._check_sheet_change("conditional formats")
        cond = FakeFormatCondition(
            self._applies_to, Type, Formula1, _owner=self._store, _sheet=self._sheet
        )
        self._store.append(cond)
        return cond


class _Hyperlinks:
    def __init__(self, sheet: FakeSheet):
        self._sheet = sheet

    def Add(
        self,
        Anchor: Any,
        Address: str,
        SubAddress: str = "",
        ScreenTip: str = "",
        TextToDisplay: str = "",
    ) -> None:
        cell = Anchor.address_ref.split(":")[0]
        self._sheet._check_cells(FakeRange(self._sheet, cell)._keys(), "hyperlink")
        self._sheet.hyperlinks[cell] = SubAddress or Address
        if TextToDisplay:
            (col, row), _ = parse_ref(cell)
            self._sheet._store((row, col), TextToDisplay, text=True)
        self._sheet.book._log(("hyperlink", self._sheet.name, cell, SubAddress or Address))

    def Delete(self) -> None:
        if self._sheet.hyperlinks:
            self._sheet._check_sheet_change("hyperlinks")
        self._sheet.hyperlinks.clear()


class _EntireRow:
    def __init__(self, rng: FakeRange):
        self._rng = rng

    def AutoFit(self) -> None:
        """``Range.EntireRow.AutoFit``: the rows get their automatic height back."""
        rng = self._rng
        if not rng.sheet._allows("AllowFormattingRows"):
            rng.sheet._check_sheet_change("row heights")
        for row in rng._rows():
            rng.sheet.row_heights.pop(row, None)
            rng.sheet.book._log(("row_height", rng.sheet.name, row, None))


class _RangeApi:
    def __init__(self, rng: FakeRange):
        self._rng = rng
        self.address_ref = rng.ref

    @property
    def EntireRow(self) -> _EntireRow:
        return _EntireRow(self._rng)

    @property
    def FormatConditions(self) -> _FormatConditions:
        sheet = self._rng.sheet
        return _FormatConditions(sheet.format_conditions, self._rng.ref, sheet)

    @property
    def Hyperlinks(self) -> _Hyperlinks:
        return _Hyperlinks(self._rng.sheet)


class _SheetApi:
    def __init__(self, sheet: FakeSheet):
        self._sheet = sheet

    @property
    def Visible(self) -> int:
        return {"visible": -1, "hidden": 0, "veryHidden": 2}[self._sheet.visibility]

    @Visible.setter
    def Visible(self, value: int) -> None:
        self._sheet.visibility = {-1: "visible", 0: "hidden", 2: "veryHidden"}[int(value)]

    @property
    def Cells(self) -> _RangeApi:
        return _RangeApi(FakeRange(self._sheet, "A1:XFD1048576"))

    @property
    def Hyperlinks(self) -> _Hyperlinks:
        return _Hyperlinks(self._sheet)

    # -- protection (Worksheet.Protect / Unprotect and the properties that describe it) --------

    def _option(self, name: str) -> bool:
        prot = self._sheet.protection
        return bool(prot and prot.get(name))

    @property
    def ProtectContents(self) -> bool:
        return self._option("Contents")

    @property
    def ProtectDrawingObjects(self) -> bool:
        return self._option("DrawingObjects")

    @property
    def ProtectScenarios(self) -> bool:
        return self._option("Scenarios")

    @property
    def ProtectionMode(self) -> bool:
        return self._option("UserInterfaceOnly")

    @property
    def Protection(self) -> Any:
        class Protection:
            pass

        out = Protection()
        for name in ALLOW_OPTIONS:
            setattr(out, name, self._option(name))
        return out

    @property
    def EnableSelection(self) -> int:
        return self._sheet.enable_selection

    @EnableSelection.setter
    def EnableSelection(self, value: int) -> None:
        self._sheet.enable_selection = int(value)

    def Protect(
        self,
        Password: str | None = None,
        DrawingObjects: bool = True,
        Contents: bool = True,
        Scenarios: bool = True,
        UserInterfaceOnly: bool = False,
        **allow: bool,
    ) -> None:
        """Excel's ``Worksheet.Protect``: omitted options take Excel's defaults."""
        unknown = set(allow) - set(ALLOW_OPTIONS)
        if unknown:
            raise TypeError(f"Protect() got unexpected arguments {sorted(unknown)}")
        sheet = self._sheet
        if sheet.protection is not None and sheet.password and Password != sheet.password:
            raise FakeComError("The password you supplied is not correct.")
        sheet.protect(
            Password or None,
            DrawingObjects=DrawingObjects,
            Contents=Contents,
            Scenarios=Scenarios,
            UserInterfaceOnly=UserInterfaceOnly,
            **{name: bool(allow.get(name, False)) for name in ALLOW_OPTIONS},
        )
        sheet.book._log(("protect", sheet.name))

    def Unprotect(self, Password: str | None = None) -> None:
        """Excel's ``Worksheet.Unprotect``. A sheet with a password and no (or a wrong)
        ``Password`` fails (Excel would prompt when the argument is omitted; the fake stands for a
        user who cancels)."""
        sheet = self._sheet
        if sheet.protection is None:
            return
        if sheet.password and Password != sheet.password:
            raise FakeComError(
                "The password you supplied is not correct. Verify that the CAPS LOCK key is off"
                " and be sure to use the correct capitalization."
            )
        sheet.protection = None
        sheet.password = None
        sheet.book._log(("unprotect", sheet.name))


class _DocProps:
    def __init__(self, book: FakeBook):
        self._book = book

    def __iter__(self):
        return iter(self._live())

    def _live(self) -> list[Any]:
        book = self._book

        class Live:
            def __init__(self, name: str):
                self.Name = name

            @property
            def Value(self) -> Any:
                return book.doc_props[self.Name]

            @Value.setter
            def Value(self, value: Any) -> None:
                book.doc_props[self.Name] = value
                book._log(("doc_property", self.Name, value))

        return [Live(n) for n in book.doc_props]

    def Add(self, Name: str, LinkToContent: bool, Type: int, Value: Any) -> None:
        self._book.doc_props[Name] = Value
        self._book._log(("doc_property", Name, Value))


class _BookApi:
    def __init__(self, book: FakeBook):
        self._book = book

    @property
    def CustomDocumentProperties(self) -> _DocProps:
        return _DocProps(self._book)


# --- xlwings-level fakes -----------------------------------------------------------------------


@dataclass
class FakeName:
    """``xw.Name``: ``name`` and ``refers_to`` (with the leading ``=``, as xlwings gives it)."""

    name: str
    refers_to: str


class FakeRange:
    """``xw.Range`` over a :class:`FakeSheet` (a rectangle, or several joined by commas)."""

    def __init__(
        self, sheet: FakeSheet, ref: str, *, ndim: int | None = None, err_to_str: bool = False
    ):
        self.sheet = sheet
        self.ref = ref.replace("$", "")
        self._ndim = ndim
        self._err_to_str = err_to_str

    def __repr__(self) -> str:
        return f"<FakeRange {self.sheet.name}!{self.ref}>"

    @property
    def address(self) -> str:
        return _address(self.ref)

    @property
    def api(self) -> Any:
        return _RangeApi(self) if self.sheet.book.com else _NoCom()

    def options(self, ndim: int | None = None, err_to_str: bool = False, **_: Any) -> FakeRange:
        return FakeRange(self.sheet, self.ref, ndim=ndim, err_to_str=err_to_str)

    def _cells(self) -> list[list[tuple[int, int]]]:
        (c1, r1), (c2, r2) = parse_ref(self.ref)
        return [[(r, c) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    def _keys(self) -> list[tuple[int, int]]:
        """Every (row, column) of the range, each area of a multi-area reference included."""
        keys = []
        for part in self.ref.split(","):
            (c1, r1), (c2, r2) = parse_ref(part)
            keys += [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
        return keys

    def _rows(self) -> list[int]:
        """Row numbers of the range: whole rows (``"6:8"``) or any A1 range."""
        rows: set[int] = set()
        for part in self.ref.split(","):
            m = _WHOLE_ROWS.match(part)
            if m:
                lo, hi = sorted((int(m.group(1)), int(m.group(2))))
            else:
                (_c1, lo), (_c2, hi) = parse_ref(part)
            rows.update(range(lo, hi + 1))
        return sorted(rows)

    def _columns(self) -> list[int]:
        cols: set[int] = set()
        for part in self.ref.split(","):
            (c1, _r1), (c2, _r2) = parse_ref(part)
            cols.update(range(c1, c2 + 1))
        return sorted(cols)

    def _shape(self, grid: list[list[Any]]) -> Any:
        if self._ndim == 2:
            return grid
        if len(grid) == 1 and len(grid[0]) == 1:
            return grid[0][0]
        if len(grid) == 1:
            return grid[0]
        if all(len(row) == 1 for row in grid):
            return [row[0] for row in grid]
        return grid

    @property
    def value(self) -> Any:
        grid = []
        for row in self._cells():
            out = []
            for key in row:
                v = self.sheet.values.get(key)
                if key in self.sheet.formulas and v is None:
                    v = self.sheet.cached.get(key)
                if isinstance(v, CellError):
                    v = v.code if self._err_to_str else None
                out.append(v)
            grid.append(out)
        return self._shape(grid)

    @value.setter
    def value(self, value: Any) -> None:
        self.sheet._check_cells(self._keys(), "value")
        cells = self._cells()
        rows = (
            value
            if isinstance(value, (list, tuple)) and value and isinstance(value[0], (list, tuple))
            else [value]
        )
        for i, row in enumerate(cells):
            for j, key in enumerate(row):
                src = rows[min(i, len(rows) - 1)]
                v = src[min(j, len(src) - 1)] if isinstance(src, (list, tuple)) else src
                self.sheet._store(key, v)
        self.sheet.book._log(("value", self.sheet.name, self.ref, value))

    @property
    def formula(self) -> Any:
        grid = []
        for row in self._cells():
            out = []
            for key in row:
                if key in self.sheet.formulas:
                    out.append(self.sheet.formulas[key])
                else:
                    v = self.sheet.values.get(key)
                    out.append(
                        "" if v is None else (v.code if isinstance(v, CellError) else str(v))
                    )
            grid.append(tuple(out))
        if len(grid) == 1 and len(grid[0]) == 1:
            return grid[0][0]
        return tuple(grid)

    @formula.setter
    def formula(self, formula: str) -> None:
        self.sheet._check_cells(self._keys(), "formula")
        for row in self._cells():
            for key in row:
                self.sheet._store(key, formula)
        self.sheet.book._log(("formula", self.sheet.name, self.ref, formula))

    def clear_contents(self) -> None:
        self.sheet._check_cells(self._keys(), "clear_contents")
        for row in self._cells():
            for key in row:
                self.sheet.values.pop(key, None)
                self.sheet.formulas.pop(key, None)
        self.sheet.book._log(("clear_contents", self.sheet.name, self.ref))

    def add_hyperlink(
        self, address: str, text_to_display: str | None = None, screen_tip: str | None = None
    ) -> None:
        cell = self.ref.split(":")[0]
        self.sheet._check_cells(FakeRange(self.sheet, cell)._keys(), "hyperlink")
        self.sheet.hyperlinks[cell] = address
        if text_to_display is not None:
            (col, row), _ = parse_ref(cell)
            self.sheet._store((row, col), text_to_display, text=True)
        self.sheet.book._log(("add_hyperlink", self.sheet.name, cell, address))

    @property
    def color(self) -> Any:
        return self.sheet.colors.get(self.ref)

    @color.setter
    def color(self, rgb: Any) -> None:
        if not self.sheet._allows("AllowFormattingCells"):
            self.sheet._check_cells(self._keys(), "color")
        self.sheet.colors[self.ref] = rgb
        self.sheet.book._log(("color", self.sheet.name, self.ref, rgb))

    @property
    def column_width(self) -> Any:
        widths = {self.sheet.column_widths.get(c) for c in self._columns()}
        return widths.pop() if len(widths) == 1 else None

    @column_width.setter
    def column_width(self, width: float) -> None:
        """Excel's ``Range.ColumnWidth``: sets the width of every column of the range."""
        if not self.sheet._allows("AllowFormattingColumns"):
            self.sheet._check_sheet_change("column widths")
        for col in self._columns():
            self.sheet.column_widths[col] = width
            self.sheet.book._log(("column_width", self.sheet.name, col_letter(col), width))

    @property
    def row_height(self) -> Any:
        """Points when every row of the range has the same fixed height, else None (the fake
        does not lay out text, so automatic rows have no height)."""
        heights = {self.sheet.row_heights.get(r) for r in self._rows()}
        return heights.pop() if len(heights) == 1 else None

    @row_height.setter
    def row_height(self, height: float) -> None:
        """Excel's ``Range.RowHeight``: sets the height of every row of the range (points)."""
        if not 0 <= height <= 409:
            raise FakeComError("Unable to set the RowHeight property of the Range class")
        if not self.sheet._allows("AllowFormattingRows"):
            self.sheet._check_sheet_change("row heights")
        for row in self._rows():
            self.sheet.row_heights[row] = float(height)
            self.sheet.book._log(("row_height", self.sheet.name, row, float(height)))


@dataclass
class FakeTable:
    """``xw.main.Table`` (a ListObject): ``name``, ``range``, ``header_row_range``."""

    name: str
    range: FakeRange
    header_row_range: FakeRange | None


class FakeSheet:
    """``xw.Sheet``: cells in dicts keyed by (row, column)."""

    def __init__(self, book: FakeBook, name: str, visibility: str = "visible"):
        self.book = book
        self.name = name
        self.visibility = visibility
        self.values: dict[tuple[int, int], Any] = {}
        self.formulas: dict[tuple[int, int], str] = {}
        self.cached: dict[tuple[int, int], Any] = {}
        self.hyperlinks: dict[str, str] = {}
        self.colors: dict[str, Any] = {}
        self.format_conditions: list[FakeFormatCondition] = []
        self.tables: list[FakeTable] = []
        self.column_widths: dict[int, float] = {}
        self.row_heights: dict[int, float] = {}  # rows with a fixed height (customHeight)
        # protection: None when unprotected, else the Protect options (Contents, DrawingObjects,
        # Scenarios, UserInterfaceOnly and the Allow* options) in effect
        self.protection: dict[str, bool] | None = None
        self.password: str | None = None
        self.enable_selection = XL_NO_RESTRICTIONS
        self.locked: dict[tuple[int, int], bool] = {}  # cell style's "locked", where known
        self.row_locked: dict[int, bool] = {}  # rows with their own style (customFormat)
        self.col_locked: dict[int, bool] = {}  # columns with a style

    def __repr__(self) -> str:
        return f"<FakeSheet {self.name!r}>"

    # -- protection ---------------------------------------------------------------------------

    def protect(self, password: str | None = None, **options: bool) -> FakeSheet:
        """Protect the sheet (for building a book in a test; not logged). ``options`` are
        Excel's ``Protect`` keywords; omitted ones take Excel's defaults."""
        prot = {
            "DrawingObjects": True,
            "Contents": True,
            "Scenarios": True,
            "UserInterfaceOnly": False,
        }
        prot.update(dict.fromkeys(ALLOW_OPTIONS, False))
        prot.update(options)
        self.protection = prot
        self.password = password
        return self

    def unlock(self, ref: str, locked: bool = False) -> FakeSheet:
        """Mark the cells of ``ref`` unlocked (or locked) as a cell style would."""
        for key in FakeRange(self, ref)._keys():
            self.locked[key] = locked
        return self

    def is_locked(self, row: int, col: int) -> bool:
        """Excel's ``Range.Locked`` of one cell: its style, else its row's, else its column's,
        else locked (the Normal style)."""
        if (row, col) in self.locked:
            return self.locked[(row, col)]
        if row in self.row_locked:
            return self.row_locked[row]
        return self.col_locked.get(col, True)

    def _allows(self, option: str) -> bool:
        return self.protection is None or bool(self.protection.get(option))

    def _guarded(self) -> bool:
        """Whether writes are checked: contents protected, and not UserInterfaceOnly (which
        lets code -- as opposed to the user -- write anywhere)."""
        prot = self.protection
        return bool(prot and prot.get("Contents") and not prot.get("UserInterfaceOnly"))

    def _check_cells(self, keys: list[tuple[int, int]], what: str) -> None:
        if not self._guarded():
            return
        for row, col in keys:
            if self.is_locked(row, col):
                self.book._log(("refused", self.name, f"{col_letter(col)}{row}", what))
                raise FakeComError(PROTECTED_MESSAGE)

    def _check_sheet_change(self, what: str) -> None:
        if self._guarded():
            self.book._log(("refused", self.name, None, what))
            raise FakeComError(PROTECTED_MESSAGE)

    def _store(self, key: tuple[int, int], value: Any, *, text: bool = False) -> None:
        """Store like Excel does when a user types ``value``."""
        self.formulas.pop(key, None)
        self.cached.pop(key, None)
        if value is None or value == "":
            self.values.pop(key, None)
            return
        if isinstance(value, str) and not text:
            if value.startswith("'"):
                self.values[key] = value[1:]
                return
            if value.startswith("="):
                self.formulas[key] = value
                self.values.pop(key, None)
                return
            if value in ERROR_CODES:
                self.values[key] = CellError(value)
                return
        if isinstance(value, bool) or isinstance(value, (str, datetime, CellError)):
            self.values[key] = value
        elif isinstance(value, (int, float)):
            self.values[key] = float(value)
        else:
            self.values[key] = value

    @property
    def api(self) -> Any:
        return _SheetApi(self) if self.book.com else _NoCom()

    @property
    def visible(self) -> bool:
        return self.visibility == "visible"

    @visible.setter
    def visible(self, value: bool) -> None:
        self.visibility = "visible" if value else "hidden"
        self.book._log(("visible", self.name, bool(value)))

    def range(self, ref: str) -> FakeRange:
        return FakeRange(self, ref)

    @property
    def used_range(self) -> FakeRange:
        keys = set(self.values) | set(self.formulas)
        if not keys:
            return FakeRange(self, "A1")
        rows = [r for r, _ in keys]
        cols = [c for _, c in keys]
        return FakeRange(self, ref_from(min(cols), min(rows), max(cols), max(rows)))

    @property
    def cells(self) -> FakeRange:
        return FakeRange(self, "A1:XFD1048576")


class _Sheets:
    def __init__(self, book: FakeBook):
        self._book = book
        self._items: list[FakeSheet] = []

    def __iter__(self):
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, key: int | str) -> FakeSheet:
        if isinstance(key, int):
            return self._items[key]
        for sheet in self._items:
            if sheet.name.casefold() == key.casefold():
                return sheet
        raise KeyError(key)

    def __contains__(self, name: str) -> bool:
        return any(s.name.casefold() == name.casefold() for s in self._items)

    def add(
        self,
        name: str | None = None,
        before: FakeSheet | None = None,
        after: FakeSheet | None = None,
    ) -> FakeSheet:
        name = name or f"Sheet{len(self._items) + 1}"
        if name in self:
            raise ValueError(f"a sheet named {name!r} already exists")
        sheet = FakeSheet(self._book, name)
        if after is not None:
            self._items.insert(self._items.index(after) + 1, sheet)
        elif before is not None:
            self._items.insert(self._items.index(before), sheet)
        else:
            self._items.insert(0, sheet)  # like Excel: new sheet before the active (first) one
        self._book._log(("add_sheet", name))
        return sheet


def file_row_heights(view: Any, sheet: str) -> dict[int, float]:
    """Rows of ``sheet`` with a height of their own in the file (``<row ht customHeight="1">``;
    LibreOffice writes ``"true"``): row number -> points. ``view`` is an
    :class:`~xladdin.workbook.xlsx_reader.XlsxView` (openpyxl cannot tell: its ``customHeight``
    is true for any row with an ``ht``, and Excel also saves ``ht`` for rows it grew itself)."""
    info = next((s for s in view._sheets if s.name == sheet), None)
    if info is None or not info.part:
        return {}
    out: dict[int, float] = {}
    num = 0
    for el in view.package.xml(info.part).iter():
        if not el.tag.endswith("}row") and el.tag != "row":
            continue
        num = int(el.get("r", num + 1))
        if el.get("customHeight") in ("1", "true") and el.get("ht") is not None:
            out[num] = float(el.get("ht"))
    return out


def _read_protection(book: FakeBook, path: Any) -> None:
    """Sheet protection, cell lock state and column widths of the file, through openpyxl
    (best effort: a file openpyxl cannot load gives a book with no protection)."""
    try:
        import openpyxl

        wb = openpyxl.load_workbook(path, keep_vba=False, rich_text=False)
    except Exception:
        return
    from openpyxl.utils import column_index_from_string

    for ws in wb.worksheets:
        if ws.title not in book.sheets:
            continue
        sheet = book.sheets[ws.title]
        for letter, dim in ws.column_dimensions.items():
            lo = dim.min or column_index_from_string(letter)
            hi = dim.max or lo
            for col in range(lo, hi + 1):
                if dim.customWidth and dim.width:
                    sheet.column_widths[col] = dim.width
                if dim.has_style:
                    sheet.col_locked[col] = bool(dim.protection.locked)
        for num, dim in ws.row_dimensions.items():
            if dim.customFormat and dim.has_style:
                sheet.row_locked[num] = bool(dim.protection.locked)
        for row in ws.iter_rows():
            for cell in row:
                if cell.has_style:
                    sheet.locked[(cell.row, cell.column)] = bool(cell.protection.locked)
        prot = ws.protection
        if prot.sheet:
            sheet.protect(
                prot.password or None,
                DrawingObjects=bool(prot.objects),
                Contents=True,
                Scenarios=bool(prot.scenarios),
                **{allow: not getattr(prot, attr) for attr, allow in _XML_ALLOW.items()},
            )
            if prot.selectLockedCells and prot.selectUnlockedCells:
                sheet.enable_selection = XL_NO_SELECTION
            elif prot.selectLockedCells:
                sheet.enable_selection = XL_UNLOCKED_CELLS


class FakeBook:
    """``xw.Book`` fake. Build it empty, by hand, or from a file with :meth:`from_xlsx`.

    Parameters
    ----------
    name : str
        ``book.name``; ``book.fullname`` is the same unless given.
    com : bool
        Whether ``.api`` objects (the COM API) are available.
    """

    def __init__(self, name: str = "Book1.xlsx", *, fullname: str | None = None, com: bool = True):
        self.name = name
        self.fullname = fullname or name
        self.com = com
        self.sheets = _Sheets(self)
        self.names: list[FakeName] = []
        self.doc_props: dict[str, Any] = {}
        self.log: list[tuple[Any, ...]] = []

    def __repr__(self) -> str:
        return f"<FakeBook {self.name!r}>"

    def _log(self, entry: tuple[Any, ...]) -> None:
        self.log.append(entry)

    @property
    def api(self) -> Any:
        return _BookApi(self) if self.com else _NoCom()

    def add_sheet(self, name: str, visibility: str = "visible") -> FakeSheet:
        """Append a sheet without logging it (for building a book in a test)."""
        sheet = FakeSheet(self, name, visibility)
        self.sheets._items.append(sheet)
        return sheet

    @classmethod
    def from_xlsx(cls, path: Any, *, com: bool = True) -> FakeBook:
        """A fake book holding what :func:`xladdin.workbook.xlsx_reader.open_xlsx` reads from a
        file: sheets and visibility, values (numbers as float) with formulas and their cached
        values, workbook-scoped names, tables and custom document properties."""
        from pathlib import Path

        from xladdin.workbook.xlsx_reader import open_xlsx

        view = open_xlsx(path)
        book = cls(Path(str(path)).name, fullname=str(path), com=com)
        for name in view.sheet_names():
            sheet = book.add_sheet(name, view.sheet_visibility(name))
            used = view.used_range(name)
            if used is None:
                continue
            (c1, r1), _ = parse_ref(used)
            formulas = view.formulas(name, used)
            for i, row in enumerate(view.values(name, used)):
                for j, v in enumerate(row):
                    key = (r1 + i, c1 + j)
                    f = formulas[i][j]
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        v = float(v)
                    if f is not None:
                        sheet.formulas[key] = f
                        if v is not None:
                            sheet.cached[key] = v
                    elif v is not None:
                        sheet.values[key] = v
        for name, refers_to in view.defined_names().items():
            book.names.append(FakeName(name, "=" + refers_to))
        for table in view.tables().values():
            sheet = book.sheets[table.sheet]
            (c1, r1), (c2, _r2) = parse_ref(table.ref)
            header = FakeRange(sheet, ref_from(c1, r1, c2, r1))
            sheet.tables.append(FakeTable(table.name, FakeRange(sheet, table.ref), header))
        book.doc_props = dict(view.doc_properties())
        for sheet in book.sheets:
            sheet.row_heights = file_row_heights(view, sheet.name)
        _read_protection(book, path)
        book.log.clear()
        return book

    def to_patch_log(self) -> list[tuple[Any, ...]]:
        """Every mutating call made on the book since it was built, in order, e.g.
        ``("value", "Checks", "A1", "'text")``, ``("formula", ...)``, ``("clear_contents", ...)``,
        ``("add_sheet", name)``, ``("visible", ...)``, ``("hyperlink", sheet, cell, target)``,
        ``("add_hyperlink", ...)``, ``("color", ...)``, ``("doc_property", name, value)``,
        ``("column_width", sheet, column letter, width)``, ``("row_height", sheet, row,
        points or None)``, ``("unprotect", sheet)``,
        ``("protect", sheet)``, and ``("refused", sheet, cell or None, what)`` for a write a
        protected sheet refused (just before the :class:`FakeComError`)."""
        return list(self.log)

    def cell_values(self, sheet: str) -> dict[str, Any]:
        """Non-empty constants of a sheet: A1 address -> value (formulas excluded)."""
        sh = self.sheets[sheet]
        return {f"{col_letter(c)}{r}": v for (r, c), v in sorted(sh.values.items())}

    def cell_formulas(self, sheet: str) -> dict[str, str]:
        """Formula cells of a sheet: A1 address -> formula text."""
        sh = self.sheets[sheet]
        return {f"{col_letter(c)}{r}": f for (r, c), f in sorted(sh.formulas.items())}
