"""The workbook contract inside Excel: a :class:`BookView` over an ``xw.Book`` and
:func:`apply_patch_to_book`, which applies the same :class:`~xladdin.workbook.model.Patch`
operations as the headless patcher, through xlwings.

xlwings is never imported at module level (this module imports on a Linux server); the
functions only use the object they are given, so a small fake book (``tests/workbook/
fake_xlwings.py``) can stand in for Excel in tests.

The xlwings/COM subset used (and therefore what a fake must offer):

- ``book.fullname``, ``book.name``, ``book.sheets`` (iterable, ``[name]``, ``[-1]``,
  ``.add(name, after=)``), ``book.names`` (items with ``.name``, ``.refers_to``),
  ``book.api.CustomDocumentProperties`` (Windows only; optional);
- ``sheet.name``, ``sheet.visible``, ``sheet.api.Visible`` (optional, for ``veryHidden``),
  ``sheet.tables`` (``.name``, ``.range.address``, ``.header_row_range.value``),
  ``sheet.used_range``, ``sheet.range(address)``, ``sheet.api.Cells.FormatConditions`` (optional);
- ``range.address``, ``range.options(ndim=2, err_to_str=True).value``, ``range.value = ...``,
  ``range.formula``, ``range.clear_contents()``, ``range.add_hyperlink(...)``, ``range.color``,
  ``range.api.FormatConditions.Add(...)`` and ``range.api.Hyperlinks.Add(...)`` (optional).

What only Windows Excel can confirm (the fake shows the calls are made as intended):
the conditional-format highlight through ``FormatConditions.Add``, internal hyperlinks through
``Hyperlinks.Add(SubAddress=...)``, custom document properties through
``CustomDocumentProperties``, and ``veryHidden`` through ``Sheet.Visible``.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from xladdin.workbook.model import (
    CellError,
    ClearRange,
    EnsureSheet,
    Patch,
    SetDocProperty,
    SetFormulaText,
    SetHighlights,
    SetHyperlink,
    SetValue,
    TableRef,
    parse_ref,
    ref_from,
)

__all__ = ["ERROR_CODES", "HIGHLIGHT_RGB", "BookView", "apply_patch_to_book", "highlight_marker"]

ERROR_CODES = frozenset(
    [
        "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
        "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
    ]
)  # fmt: skip
"""Excel error values, as xlwings returns them with ``err_to_str=True``."""

HIGHLIGHT_RGB = {
    "error": ((255, 199, 206), (156, 0, 6)),
    "warning": ((255, 235, 156), (156, 87, 0)),
}
"""Severity -> (fill RGB, font RGB), the same colours as the headless highlight dxf."""

XL_EXPRESSION = 2  # XlFormatConditionType.xlExpression
XL_SHEET_VISIBILITY = {-1: "visible", 0: "hidden", 2: "veryHidden"}
MSO_PROPERTY_TYPE = {bool: 2, int: 1, float: 5, str: 4, datetime: 3}  # MsoDocProperties


def highlight_marker(severity: str) -> str:
    """The formula that marks xladdin's own conditional format (same as the headless one)."""
    marker = f"xladdin-{severity}"
    return f'="{marker}"="{marker}"'


def _bgr(rgb: tuple[int, int, int]) -> int:
    r, g, b = rgb
    return r + g * 256 + b * 65536


def _strip(address: str) -> str:
    return address.replace("$", "")


def _grid(value: Any) -> list[list[Any]]:
    if not isinstance(value, (list, tuple)):
        return [[value]]
    if value and not isinstance(value[0], (list, tuple)):
        return [list(value)]
    return [list(row) for row in value]


class BookView:
    """A :class:`~xladdin.workbook.model.WorkbookView` over an open ``xw.Book``.

    Values come from ``range.options(ndim=2, err_to_str=True).value``: numbers are floats (as
    Excel stores them), dates are ``datetime``, and an error value is a
    :class:`~xladdin.workbook.model.CellError` (a cell reading like an error code is re-read
    without ``err_to_str``: an error reads as None there, a text as itself). Formulas come from
    ``range.formula``: a cell is a formula cell when that text starts with ``=`` and differs
    from the cell's value (a text constant ``"=abc"`` has value and formula both ``"=abc"``).
    Defined names keep ``refers_to`` without its leading ``=``, as stored in the file.
    """

    def __init__(self, book: Any):
        self.book = book
        self.source = str(getattr(book, "fullname", None) or getattr(book, "name", "<book>"))

    def _sheet(self, name: str) -> Any:
        return self.book.sheets[name]

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def sheet_visibility(self, sheet: str) -> str:
        sh = self._sheet(sheet)
        try:
            state = sh.api.Visible
            if isinstance(state, bool):
                return "visible" if state else "hidden"
            return XL_SHEET_VISIBILITY.get(int(state), "visible")
        except Exception:  # no COM (macOS, remote): bool only
            return "visible" if sh.visible else "hidden"

    def defined_names(self) -> dict[str, str]:
        out = {}
        for name in self.book.names:
            if "!" in name.name:  # sheet-scoped: "Sheet1!Name"
                continue
            out[name.name] = str(name.refers_to).lstrip("=")
        return out

    def tables(self) -> dict[str, TableRef]:
        out = {}
        for sh in self.book.sheets:
            for table in getattr(sh, "tables", []) or []:
                headers_range = table.header_row_range
                headers = _grid(headers_range.value)[0] if headers_range is not None else []
                out[table.name] = TableRef(
                    name=table.name,
                    sheet=sh.name,
                    ref=_strip(table.range.address),
                    headers=tuple("" if h is None else str(h) for h in headers),
                )
        return out

    def used_range(self, sheet: str) -> str | None:
        rng = self._sheet(sheet).used_range
        ref = _strip(rng.address)
        if ":" not in ref and rng.options(ndim=2).value in ([[None]], None):
            return None
        return ref

    def values(self, sheet: str, ref: str) -> list[list[Any]]:
        sh = self._sheet(sheet)
        grid = _grid(sh.range(ref).options(ndim=2, err_to_str=True).value)
        (c1, r1), _ = parse_ref(ref)
        for i, row in enumerate(grid):
            for j, v in enumerate(row):
                if isinstance(v, str) and v in ERROR_CODES:
                    # an error, or a text that reads like one: without err_to_str an error is None
                    plain = sh.range(ref_from(c1 + j, r1 + i, c1 + j, r1 + i)).value
                    if plain is None:
                        row[j] = CellError(v)
        return grid

    def formulas(self, sheet: str, ref: str) -> list[list[str | None]]:
        rng = self._sheet(sheet).range(ref)
        raw = _grid(rng.formula)
        if not any(isinstance(f, str) and f.startswith("=") for row in raw for f in row):
            return [[None] * len(row) for row in raw]
        values = _grid(rng.options(ndim=2).value)
        # Range.Formula also gives "=..." for a text constant starting with "="; such a cell's
        # value is that same text, while a real formula's value is its result.
        return [
            [
                f if isinstance(f, str) and f.startswith("=") and values[i][j] != f else None
                for j, f in enumerate(row)
            ]
            for i, row in enumerate(raw)
        ]

    def doc_properties(self) -> dict[str, Any]:
        try:
            props = self.book.api.CustomDocumentProperties
            return {p.Name: p.Value for p in props}
        except Exception:  # no COM: custom properties are not reachable
            return {}


# --- patching ---------------------------------------------------------------------------------


def _excel_value(value: Any) -> Any:
    """What to assign to ``range.value`` so Excel stores exactly ``value`` as a constant."""
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, CellError):
        return value.code  # typed without apostrophe, Excel stores the error value
    if isinstance(value, str):
        return "'" + value  # apostrophe prefix: always text, never a formula/number/date
    if isinstance(value, float) and math.isinf(value):
        return "#NUM!"
    if isinstance(value, (datetime, date, bool, int, float)):
        return value
    return "'" + str(value)


def _clear_highlights(sheet: Any, severity: str) -> None:
    marker = highlight_marker(severity).lstrip("=")
    conditions = sheet.api.Cells.FormatConditions
    for i in range(int(conditions.Count), 0, -1):
        cond = conditions.Item(i)
        try:
            formula = str(cond.Formula1)
        except Exception:
            continue
        if marker in formula:
            cond.Delete()


def _highlight(sheet: Any, refs: tuple[str, ...], severity: str, notes: list[str]) -> None:
    fill, font = HIGHLIGHT_RGB[severity]
    try:
        _clear_highlights(sheet, severity)
        if refs:
            rng = sheet.range(",".join(refs))
            cond = rng.api.FormatConditions.Add(
                Type=XL_EXPRESSION, Formula1=highlight_marker(severity)
            )
            cond.Interior.Color = _bgr(fill)
            cond.Font.Color = _bgr(font)
        return
    except Exception as exc:  # no COM: paint the cells instead (changes their fill)
        notes.append(
            f"highlight on {sheet.name!r} fell back to a fill colour ({exc.__class__.__name__})"
        )
    for ref in refs:
        sheet.range(ref).color = fill


def _set_doc_property(book: Any, name: str, value: Any, notes: list[str]) -> None:
    try:
        props = book.api.CustomDocumentProperties
        for prop in props:
            if str(prop.Name).casefold() == name.casefold():
                prop.Value = value
                return
        kind = MSO_PROPERTY_TYPE.get(type(value), 4)
        props.Add(
            Name=name, LinkToContent=False, Type=kind, Value=value if kind != 4 else str(value)
        )
    except Exception as exc:
        notes.append(
            f"document property {name!r} not set: {exc.__class__.__name__} (needs Excel's COM API)"
        )


def _ensure_sheet(book: Any, op: EnsureSheet) -> None:
    names = {s.name.casefold(): s for s in book.sheets}
    sheet = names.get(op.name.casefold())
    if sheet is None:
        sheet = book.sheets.add(op.name, after=book.sheets[-1])
        if op.hidden:
            sheet.visible = False
        return
    if op.clear:
        sheet.used_range.clear_contents()
        try:
            sheet.api.Hyperlinks.Delete()
        except Exception:
            pass


def _hyperlink(sheet: Any, cell: str, target: str) -> None:
    rng = sheet.range(cell)
    location = target.lstrip("#")
    current = rng.value
    text = location if current is None else str(current)
    try:
        rng.api.Hyperlinks.Add(Anchor=rng.api, Address="", SubAddress=location, TextToDisplay=text)
    except Exception:  # no COM: xlwings' own helper with an internal "#..." address
        rng.add_hyperlink("#" + location, text_to_display=text, screen_tip=location)


def apply_patch_to_book(book: Any, patch: Patch) -> list[str]:
    """Apply ``patch`` to an open ``xw.Book`` through xlwings.

    Parameters
    ----------
    book : xlwings.Book
        The workbook open in Excel (or a fake with the same API subset).
    patch : Patch
        The same operations the headless patcher applies.

    Returns
    -------
    list of str
        Notes on operations that could only be approximated without Excel's COM API (highlight
        painted as a fill colour, document property not set); empty inside Windows Excel.

    Notes
    -----
    Strings are written with an apostrophe prefix so Excel stores them as text (a string
    starting with ``=`` never becomes a formula, ``"1.234"`` never becomes a number).
    """
    notes: list[str] = []
    for op in patch.ops:
        if isinstance(op, SetValue):
            rng = book.sheets[op.sheet].range(op.cell)
            value = op.value
            if value is None or (isinstance(value, float) and math.isnan(value)):
                rng.clear_contents()
            else:
                rng.value = _excel_value(value)
        elif isinstance(op, SetFormulaText):
            formula = op.formula if op.formula.startswith("=") else "=" + op.formula
            book.sheets[op.sheet].range(op.cell).formula = formula
        elif isinstance(op, ClearRange):
            book.sheets[op.sheet].range(op.ref).clear_contents()
        elif isinstance(op, EnsureSheet):
            _ensure_sheet(book, op)
        elif isinstance(op, SetHyperlink):
            _hyperlink(book.sheets[op.sheet], op.cell, op.target)
        elif isinstance(op, SetHighlights):
            if op.severity not in HIGHLIGHT_RGB:
                raise ValueError(
                    f"unknown highlight severity {op.severity!r} (use 'error' or 'warning')"
                )
            _highlight(book.sheets[op.sheet], tuple(op.refs), op.severity, notes)
        elif isinstance(op, SetDocProperty):
            _set_doc_property(book, op.name, op.value, notes)
        else:
            raise TypeError(f"unknown patch operation {op!r}")
    return notes
