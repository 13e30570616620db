"""The contract between the pipeline and a workbook, whatever holds it.

The pipeline (compile, validate, prepare, review) never touches files or Excel directly. It reads
through a :class:`WorkbookView` and returns a :class:`Patch` -- a list of small operations on
cells xladdin owns. Two implementations exist for each side:

- headless: :mod:`xladdin.workbook.xlsx_reader` (view over an .xlsx/.xlsm package) and
  :mod:`xladdin.workbook.xlsx_patch` (applies a patch by editing the package's XML parts in place,
  atomically, keeping a backup, leaving every other part byte-identical);
- in Excel: :mod:`xladdin.workbook.xlwings_adapter` (view and patch applier over an ``xw.Book``).

So the same workbook gives the same numbers and the same findings in Excel and on the command line.

Cell addresses are A1 strings without ``$`` (``"B5"``, ``"B5:D20"``). Sheet names are exact.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from xladdin.workbook.limits import EXCEL_MAX_ROWS

__all__ = [
    "MAX_ROW_HEIGHT",
    "CellError",
    "ClearRange",
    "EnsureSheet",
    "Patch",
    "SetDocProperty",
    "SetFormulaText",
    "SetHighlights",
    "SetHyperlink",
    "SetRowHeight",
    "SetValue",
    "TableRef",
    "WorkbookView",
    "col_letter",
    "col_number",
    "parse_ref",
    "parse_refers_to",
    "ref_from",
    "split_cell",
]


@dataclass(frozen=True)
class CellError:
    """An Excel error value stored in a cell, e.g. ``#DIV/0!`` or ``#NAME?``."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class TableRef:
    """An Excel Table (ListObject): its name, sheet, full range (header row included), headers."""

    name: str
    sheet: str
    ref: str
    headers: tuple[str, ...]

    @property
    def data_ref(self) -> str | None:
        """The data body (without the header row); None when the table has no data rows."""
        (c1, r1), (c2, r2) = parse_ref(self.ref)
        if r2 <= r1:
            return None
        return ref_from(c1, r1 + 1, c2, r2)

    def column_ref(self, header: str) -> str | None:
        """Data range of the column with this header text (exact match), or None."""
        if header not in self.headers or self.data_ref is None:
            return None
        (c1, r1), (_c2, r2) = parse_ref(self.ref)
        col = c1 + self.headers.index(header)
        return ref_from(col, r1 + 1, col, r2)


@runtime_checkable
class WorkbookView(Protocol):
    """Read-only access to a workbook. Values are raw: float/int, str (as stored), bool,
    None for an empty cell, :class:`CellError` for an error value, ``datetime`` for dates."""

    source: str

    def sheet_names(self) -> list[str]:
        """Sheet names in workbook order (hidden ones included)."""
        ...

    def sheet_visibility(self, sheet: str) -> str:
        """``"visible"``, ``"hidden"`` or ``"veryHidden"``."""
        ...

    def defined_names(self) -> dict[str, str]:
        """Workbook-scoped defined names -> ``refers_to`` text (e.g. ``"'Inputs'!$B$2:$B$9"``)."""
        ...

    def tables(self) -> dict[str, TableRef]:
        """Excel Tables by name."""
        ...

    def used_range(self, sheet: str) -> str | None:
        """The sheet's used range (``"A1:H40"``), or None for an empty sheet."""
        ...

    def values(self, sheet: str, ref: str) -> list[list[Any]]:
        """Cell values of a rectangular range, row by row."""
        ...

    def formulas(self, sheet: str, ref: str) -> list[list[str | None]]:
        """Formula text (with the leading ``=``) per cell, None where a cell holds no formula."""
        ...

    def doc_properties(self) -> dict[str, Any]:
        """Custom document properties (name -> value)."""
        ...


# --- patch operations -------------------------------------------------------------------------

MAX_ROW_HEIGHT = 409.0
"""Excel's largest row height, in points."""


@dataclass(frozen=True)
class SetValue:
    """Write a constant into a cell xladdin owns. Strings are always written as text, never as a
    formula (so ``"=cmd|..."`` from an untrusted file stays inert). None empties the cell."""

    sheet: str
    cell: str
    value: Any


@dataclass(frozen=True)
class SetFormulaText:
    """Write a native Excel formula (``"=SUM(B2:B9)"``) with a cached value, into an owned cell."""

    sheet: str
    cell: str
    formula: str
    cached: Any = None


@dataclass(frozen=True)
class ClearRange:
    """Empty every cell of a range xladdin owns (values and formulas; styles are kept)."""

    sheet: str
    ref: str


@dataclass(frozen=True)
class EnsureSheet:
    """Create an xladdin-owned sheet (e.g. ``Checks``) at the end if it does not exist.
    With ``clear=True`` its cells are emptied first (the sheet is owned entirely)."""

    name: str
    hidden: bool = False
    clear: bool = True


@dataclass(frozen=True)
class SetHyperlink:
    """An internal link in an owned cell, e.g. target ``"'Inputs'!B5"``."""

    sheet: str
    cell: str
    target: str


@dataclass(frozen=True)
class SetHighlights:
    """Replace xladdin's highlight of offending cells on a sheet for one severity (a conditional
    format owned by xladdin, so user cells and their styles are never rewritten). There is one
    highlight per (sheet, severity); empty ``refs`` clears it. ``severity`` picks the colour:
    ``"error"`` (red) or ``"warning"`` (amber)."""

    sheet: str
    refs: tuple[str, ...]
    severity: str = "error"


@dataclass(frozen=True)
class SetRowHeight:
    """Set the height of one row of a sheet xladdin owns, in points (Excel's ``RowHeight``:
    0 < height <= 409). ``None`` gives the row back its automatic height (it grows with wrapped
    text where the application does that, else the sheet's default).

    Headless this is the ``ht`` and ``customHeight="1"`` attributes of the ``<row>`` element
    (None removes both; every other attribute is kept); in Excel, ``Range.RowHeight`` of the
    whole row (None: ``EntireRow.AutoFit``). Used for the Checks sheet, where wrapped messages
    would otherwise overlap the next row in readers that do not grow rows on load
    (LibreOffice)."""

    sheet: str
    row: int
    height: float | None

    def __post_init__(self) -> None:
        if (
            isinstance(self.row, bool)
            or not isinstance(self.row, int)
            or not 1 <= self.row <= EXCEL_MAX_ROWS
        ):
            raise ValueError(f"row must be 1..{EXCEL_MAX_ROWS}, not {self.row!r}")
        h = self.height
        if h is not None and (
            isinstance(h, bool)
            or not isinstance(h, (int, float))
            or not 0 <= h <= MAX_ROW_HEIGHT  # also refuses NaN
        ):
            raise ValueError(f"row height must be 0..{MAX_ROW_HEIGHT:g} points or None, not {h!r}")


@dataclass(frozen=True)
class SetDocProperty:
    """Set a custom document property (str, float, int, bool)."""

    name: str
    value: Any


Operation = (
    SetValue
    | SetFormulaText
    | ClearRange
    | EnsureSheet
    | SetHyperlink
    | SetHighlights
    | SetRowHeight
    | SetDocProperty
)


@dataclass
class Patch:
    """An ordered list of operations on cells and parts that xladdin owns."""

    ops: list[Any] = field(default_factory=list)

    def add(self, op: Any) -> Patch:
        self.ops.append(op)
        return self

    def set_value(self, sheet: str, cell: str, value: Any) -> Patch:
        return self.add(SetValue(sheet, cell, value))

    def set_block(self, sheet: str, top_left: str, rows: list[list[Any]]) -> Patch:
        """Write a 2-D block of values starting at ``top_left``."""
        col0, row0 = split_cell(top_left)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                self.ops.append(SetValue(sheet, f"{col_letter(col0 + j)}{row0 + i}", value))
        return self

    def __len__(self) -> int:
        return len(self.ops)

    def sheets_touched(self) -> set[str]:
        names = set()
        for op in self.ops:
            names.add(getattr(op, "sheet", None) or getattr(op, "name", None))
        names.discard(None)
        return names


# --- A1 helpers -------------------------------------------------------------------------------

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def col_number(letters: str) -> int:
    """``"A"`` -> 1, ``"AA"`` -> 27."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


@functools.lru_cache(maxsize=20_000)
def col_letter(n: int) -> str:
    """1 -> ``"A"``, 27 -> ``"AA"`` (cached: called once per cell by binding and hashing)."""
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def split_cell(cell: str) -> tuple[int, int]:
    """``"B5"`` -> (2, 5) as (column, row)."""
    m = _CELL.match(cell.strip())
    if not m:
        raise ValueError(f"not a cell address: {cell!r}")
    return col_number(m.group(1)), int(m.group(2))


def parse_ref(ref: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """``"B5:D9"`` -> ((2, 5), (4, 9)); a single cell gives the same corner twice."""
    parts = ref.replace("$", "").split(":")
    a = split_cell(parts[0])
    b = split_cell(parts[1]) if len(parts) > 1 else a
    return (min(a[0], b[0]), min(a[1], b[1])), (max(a[0], b[0]), max(a[1], b[1]))


def ref_from(c1: int, r1: int, c2: int, r2: int) -> str:
    first = f"{col_letter(c1)}{r1}"
    return first if (c1, r1) == (c2, r2) else f"{first}:{col_letter(c2)}{r2}"


def parse_refers_to(refers_to: str) -> tuple[str, str] | None:
    """``"'My Sheet'!$B$2:$B$9"`` -> (``"My Sheet"``, ``"B2:B9"``); None if not a plain range."""
    text = refers_to.lstrip("=").strip()
    if "!" not in text:
        return None
    sheet, ref = text.rsplit("!", 1)
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    try:
        parse_ref(ref)
    except ValueError:
        return None
    return sheet, ref.replace("$", "")
