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
  ``sheet.used_range``, ``sheet.range(address)``, ``sheet.api.Cells.FormatConditions`` (optional),
  ``sheet.api.ProtectContents``, ``.ProtectDrawingObjects``, ``.ProtectScenarios``,
  ``.ProtectionMode``, ``.Protection.Allow*``, ``.EnableSelection``, ``.Unprotect(password)``,
  ``.Protect(**options)`` (optional: without them protection is not handled);
- ``range.address``, ``range.options(ndim=2, err_to_str=True).value``, ``range.value = ...``,
  ``range.formula``, ``range.clear_contents()``, ``range.add_hyperlink(...)``, ``range.color``,
  ``range.api.FormatConditions.Add(...)`` and ``range.api.Hyperlinks.Add(...)`` (optional),
  ``range.column_width = ...``, ``range.row_height = ...`` (on a whole-row range ``"6:6"``),
  ``range.api.EntireRow.AutoFit()`` (optional).

Protected sheets. The templates protect their sheets (no password) so that only input cells
can be typed into; Excel refuses, through COM, a write into a locked cell of a protected sheet
(and any conditional-format or hyperlink change there). :func:`apply_patch_to_book` therefore,
the first time an operation writes to an existing sheet whose ``ProtectContents`` is true:
reads its protection options, calls ``Unprotect("")``, applies the operations, and in a
``finally`` calls ``Protect`` again with the options it had. Preserved: ``DrawingObjects``,
``Contents``, ``Scenarios``, ``UserInterfaceOnly`` (``ProtectionMode``), every ``Allow*`` option
of ``sheet.api.Protection`` that can be read (formatting cells/columns/rows, inserting
columns/rows/hyperlinks, deleting columns/rows, sorting, filtering, pivot tables) and
``EnableSelection``. Not touched, so they stay as they were: locked/unlocked state of cells, and
the ``AllowEditRanges`` (they belong to the sheet, not to a ``Protect`` call). Not preserved: a
password -- a sheet protected *with* a password is never unprotected; its writes are skipped and
a :class:`PatchNote` with code ``sheet-protected-password`` names it. An option that cannot be
read is left out of ``Protect`` and takes Excel's default (``False`` for the ``Allow*`` ones).
A sheet protected for drawing objects only (``ProtectContents`` false) is written as it is.

Column widths. A sheet that :class:`~xladdin.workbook.model.EnsureSheet` *creates* gets the
widths of :data:`xladdin.workbook.sheet_xml.OWNED_SHEET_WIDTHS` (the Checks layout), set through
``range.column_width`` (Excel's ``ColumnWidth``, in characters); an existing sheet's widths are
never changed.

Row heights. :class:`~xladdin.workbook.model.SetRowHeight` sets ``RowHeight`` of the whole row
(``sheet.range("6:6").row_height = 30``), which Excel saves as ``<row ht="30"
customHeight="1">`` -- what the headless patcher writes. ``None`` calls
``EntireRow.AutoFit()``: the row follows its content again (without the COM API the row keeps
its height). Clearing an existing owned sheet (``EnsureSheet(clear=True)``) also gives the rows
it held their automatic height back (``AutoFit``, COM only), as the headless patcher drops them
with their heights -- so a second run of the Checks sheet does not keep tall rows of the first.

What only Windows Excel can confirm (the fake shows the calls are made as intended, and that a
protected fake sheet refuses writes the way Excel is documented to):

- that ``Range.Value``/``Formula``/``ClearContents``, ``Hyperlinks.Add``/``Delete`` and
  ``FormatConditions.Add``/``Delete`` raise on a protected sheet exactly where the fake raises
  (locked cells, sheet-wide for conditional formats and hyperlink deletion);
- that ``Unprotect("")`` on a sheet protected *with* a password raises at once (error 1004,
  "The password you supplied is not correct") rather than showing a password prompt -- an
  omitted password would prompt -- and does nothing but unprotect on a sheet without one;
- that ``Protect(DrawingObjects=..., Contents=True, Scenarios=..., UserInterfaceOnly=...,
  Allow...=...)`` with keyword arguments through pywin32's late binding restores the same
  ``<sheetProtection>`` flags Excel saves (objects, scenarios, formatColumns, sort, autoFilter,
  ...), that ``EnableSelection`` survives the Unprotect/Protect pair or is restored by setting it,
  and that ``AllowEditRanges`` survive it;
- that ``ProtectionMode`` reads true only for a ``UserInterfaceOnly`` protection set in the
  current session (Excel does not save that flag), so re-protecting never adds it;
- that ``range("6:6").row_height = 30`` saves ``ht="30" customHeight="1"`` and that
  ``EntireRow.AutoFit()`` removes ``customHeight`` (Excel then grows the row with wrapped text
  itself), on a protected sheet as well once unprotected;
- that ``range("F1").column_width = 70`` sets the width of the whole column F, and the width
  Excel stores for ``ColumnWidth = 10`` (``10.7109375`` in the file with the default Calibri 11,
  which the headless patcher writes; another default font gives another width);
- the conditional-format highlight through ``FormatConditions.Add``, internal hyperlinks
  through ``Hyperlinks.Add(SubAddress=...)``, custom document properties through
  ``CustomDocumentProperties``, and ``veryHidden`` through ``Sheet.Visible``.

Without the COM API (macOS, remote interpreter) protection cannot be read: sheets are written
as they are, which fails on a protected sheet.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from xladdin.findings.texts import pairs
from xladdin.workbook.excel_limits import cut_text, valid_sheet_name
from xladdin.workbook.model import (
    CellError,
    ClearRange,
    EnsureSheet,
    Patch,
    SetDocProperty,
    SetFormulaText,
    SetHighlights,
    SetHyperlink,
    SetRowHeight,
    SetValue,
    TableRef,
    col_letter,
    parse_ref,
    ref_from,
)
from xladdin.workbook.sheet_xml import OWNED_SHEET_WIDTHS

__all__ = [
    "ERROR_CODES",
    "HIGHLIGHT_RGB",
    "NOTE_MESSAGES",
    "PROTECT_ALLOW_OPTIONS",
    "BookView",
    "PatchNote",
    "apply_patch_to_book",
    "highlight_marker",
]

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
    "info": ((221, 235, 247), (31, 78, 120)),
    "header": ((217, 217, 217), (0, 0, 0)),
}
"""Severity -> (fill RGB, font RGB), the same colours as the headless highlight dxf."""

PROTECT_ALLOW_OPTIONS = (
    "AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
    "AllowInsertingColumns", "AllowInsertingRows", "AllowInsertingHyperlinks",
    "AllowDeletingColumns", "AllowDeletingRows", "AllowSorting", "AllowFiltering",
    "AllowUsingPivotTables",
)  # fmt: skip
"""Properties of ``Worksheet.Protection`` that are also keyword arguments of ``Protect``."""

NOTE_MESSAGES = {
    k: pairs("word")[k]
    for k in (
        "sheet-protected-password",
        "sheet-protection-not-restored",
        "highlight-fill-fallback",
        "doc-property-not-set",
    )
}
"""Note code -> (English, Lao) message templates: ``word`` rows of xladdin/data/messages.csv."""

XL_EXPRESSION = 2  # XlFormatConditionType.xlExpression
XL_SHEET_VISIBILITY = {-1: "visible", 0: "hidden", 2: "veryHidden"}
MSO_PROPERTY_TYPE = {bool: 2, int: 1, float: 5, str: 4, datetime: 3}  # MsoDocProperties


class PatchNote(str):
    """A note from :func:`apply_patch_to_book`: a ``str`` (the English message, so notes print
    and compare as text) that also carries a stable ``code``, its ``params`` and the Lao
    message, so the ribbon can show it in the user's language.

    Parameters
    ----------
    code : str
        A key of :data:`NOTE_MESSAGES`, e.g. ``"sheet-protected-password"``.
    **params
        The fields of the message templates (``sheet``, ``count``, ``error``, ``name``).
    """

    code: str
    params: dict[str, Any]
    lo: str

    def __new__(cls, code: str, **params: Any) -> PatchNote:
        en, lo = NOTE_MESSAGES[code]
        note = super().__new__(cls, en.format(**params))
        note.code = code
        note.params = dict(params)
        note.lo = lo.format(**params)
        return note

    @property
    def en(self) -> str:
        return str.__str__(self)

    def message(self, lang: str = "en") -> str:
        """The message in ``"en"``, ``"lo"`` or ``"both"`` (English, then Lao)."""
        if lang == "lo":
            return self.lo
        if lang == "both":
            return f"{self.en} / {self.lo}"
        return self.en


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
    """What to assign to ``range.value`` so Excel stores exactly ``value`` as a constant (None:
    clear the cell)."""
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, Decimal):
        value = float(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, CellError):
        return value.code  # typed without apostrophe, Excel stores the error value
    if isinstance(value, str):
        # apostrophe prefix: always text, never a formula/number/date; Excel's 32,767 limit
        return "'" + cut_text(value)[0]
    if isinstance(value, float) and math.isinf(value):
        return "#NUM!"
    if isinstance(value, (datetime, date, bool, int, float)):
        return value
    return _excel_value(str(value))


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
            PatchNote("highlight-fill-fallback", sheet=sheet.name, error=exc.__class__.__name__)
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
        notes.append(PatchNote("doc-property-not-set", name=name, error=exc.__class__.__name__))


def _find_sheet(book: Any, name: str) -> Any | None:
    return next((s for s in book.sheets if s.name.casefold() == name.casefold()), None)


def _set_new_sheet_widths(sheet: Any) -> None:
    """Column widths of a sheet xladdin has just created (never of an existing sheet)."""
    for col, width in enumerate(OWNED_SHEET_WIDTHS, start=1):
        # ColumnWidth on one cell sets the width of its whole column
        sheet.range(f"{col_letter(col)}1").column_width = width


def _ensure_sheet(book: Any, op: EnsureSheet) -> None:
    sheet = _find_sheet(book, op.name)
    if sheet is None:
        if not valid_sheet_name(op.name):  # as the headless patcher: Excel would refuse it
            raise ValueError(f"invalid sheet name {op.name!r}")
        sheet = book.sheets.add(op.name, after=book.sheets[-1])
        _set_new_sheet_widths(sheet)
        if op.hidden:
            sheet.visible = False
        return
    if op.clear:
        used = sheet.used_range
        used.clear_contents()
        try:
            sheet.api.Hyperlinks.Delete()
        except Exception:
            pass
        try:  # rows an earlier run made taller follow their (now empty) content again
            used.api.EntireRow.AutoFit()
        except Exception:  # no COM: the heights stay until the rows are set again
            pass


def _row_height(sheet: Any, row: int, height: float | None) -> None:
    """``RowHeight`` of a whole row; None: its automatic height (``AutoFit``, COM only)."""
    rng = sheet.range(f"{row}:{row}")
    if height is not None:
        rng.row_height = height
        return
    try:
        rng.api.EntireRow.AutoFit()
    except Exception:  # no COM: the row keeps its height
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


def _read_protection(api: Any) -> tuple[dict[str, bool], int | None] | None:
    """The ``Protect`` keyword arguments that reproduce a sheet's protection, and its
    ``EnableSelection``; None when its contents are not protected."""
    if not bool(api.ProtectContents):
        return None
    options = {
        "DrawingObjects": bool(api.ProtectDrawingObjects),
        "Contents": True,
        "Scenarios": bool(api.ProtectScenarios),
    }
    try:
        options["UserInterfaceOnly"] = bool(api.ProtectionMode)
    except Exception:
        pass
    try:
        protection = api.Protection
    except Exception:
        protection = None
    if protection is not None:
        for name in PROTECT_ALLOW_OPTIONS:
            try:
                options[name] = bool(getattr(protection, name))
            except Exception:  # not readable (older Excel): Protect's default applies
                pass
    try:
        selection = int(api.EnableSelection)
    except Exception:
        selection = None
    return options, selection


class _Protections:
    """Unprotects each protected sheet a patch writes to, once, and protects it again."""

    def __init__(self, book: Any, notes: list[str]):
        self.book = book
        self.notes = notes
        self.checked: set[str] = set()
        self.restore: list[tuple[Any, dict[str, bool], int | None]] = []
        self.skipped: dict[str, list[Any]] = {}  # casefolded name -> [sheet name, count]

    def writable(self, name: str) -> bool:
        """Make sheet ``name`` writable; False when it cannot be (protected with a password)."""
        key = name.casefold()
        if key in self.skipped:
            self.skipped[key][1] += 1
            return False
        if key in self.checked:
            return True
        sheet = _find_sheet(self.book, name)
        if sheet is None:
            return True  # the operation itself reports the missing sheet, as before
        self.checked.add(key)
        try:
            api = sheet.api
            state = _read_protection(api)
        except Exception:  # no COM API: protection cannot be read, write as it is
            return True
        if state is None:
            return True
        try:
            # an explicit empty password: a sheet with a password raises instead of prompting
            api.Unprotect("")
        except Exception:
            self.skipped[key] = [sheet.name, 1]
            return False
        self.restore.append((sheet, *state))
        return True

    def close(self) -> None:
        """Protect again every sheet unprotected here, with the options it had."""
        for sheet, options, selection in self.restore:
            try:
                sheet.api.Protect(**options)
                if selection is not None and int(sheet.api.EnableSelection) != selection:
                    sheet.api.EnableSelection = selection
            except Exception as exc:
                self.notes.append(
                    PatchNote(
                        "sheet-protection-not-restored",
                        sheet=sheet.name,
                        error=f"{exc.__class__.__name__}: {exc}",
                    )
                )
        self.restore.clear()
        for sheet_name, count in self.skipped.values():
            self.notes.append(PatchNote("sheet-protected-password", sheet=sheet_name, count=count))


def _target_sheet(book: Any, op: Any) -> str | None:
    """The existing sheet an operation writes to, or None (document properties, new sheets)."""
    if isinstance(op, EnsureSheet):
        return op.name if op.clear and _find_sheet(book, op.name) is not None else None
    return getattr(op, "sheet", None)


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
    list of PatchNote
        Notes (``str`` with a ``code`` and a Lao rendering) on operations that were skipped or
        only approximated: writes to a sheet protected with a password
        (``sheet-protected-password``), a sheet that could not be protected again
        (``sheet-protection-not-restored``), and without Excel's COM API a highlight painted as
        a fill colour or a document property not set. Empty in Windows Excel on the templates.

    Notes
    -----
    Strings are written with an apostrophe prefix so Excel stores them as text (a string
    starting with ``=`` never becomes a formula, ``"1.234"`` never becomes a number).

    A protected sheet (no password) is unprotected before its first write and protected again
    with the same options once the patch is applied -- in a ``finally``, so an operation that
    fails never leaves it unprotected. A sheet protected with a password is left alone: its
    operations are skipped and reported in one note. See the module docstring for what is
    preserved.
    """
    notes: list[str] = []
    guard = _Protections(book, notes)
    try:
        for op in patch.ops:
            target = _target_sheet(book, op)
            if target is not None and not guard.writable(target):
                continue
            _apply_op(book, op, notes)
    finally:
        guard.close()
    return notes


def _apply_op(book: Any, op: Any, notes: list[str]) -> None:
    """Apply one operation (its sheet already writable)."""
    if isinstance(op, SetValue):
        rng = book.sheets[op.sheet].range(op.cell)
        value = _excel_value(op.value)
        if value is None:  # None and NaN (of any float type): an empty cell, as headless
            rng.clear_contents()
        else:
            rng.value = value
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
    elif isinstance(op, SetRowHeight):
        _row_height(book.sheets[op.sheet], op.row, op.height)
    elif isinstance(op, SetDocProperty):
        _set_doc_property(book, op.name, op.value, notes)
    else:
        raise TypeError(f"unknown patch operation {op!r}")
