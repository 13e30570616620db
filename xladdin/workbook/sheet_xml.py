"""Surgical edits of one worksheet part (``xl/worksheets/sheetN.xml``) as text.

Only what a patch must change is rewritten: the ``<c>`` elements of the cells written (and the
``<row>`` start tags that hold them), the ``ht``/``customHeight`` attributes of a row whose
height is set (the rest of that row kept byte for byte), ``<dimension>``, xladdin's own ``<conditionalFormatting>``
block and entries of ``<hyperlinks>``. Every other byte of the part -- untouched rows, sheet
views, column widths, merged cells, user conditional formats, data validations, drawings,
comments (legacyDrawing), table parts, sheet protection (``<sheetProtection>``,
``<protectedRanges>``), extLst -- is kept exactly as it was, in its place.
New elements are inserted at the position the CT_Worksheet schema requires.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from xladdin.errors import WorkbookError
from xladdin.workbook.cells import datetime_to_serial, xml_attr, xml_text, xml_unescape
from xladdin.workbook.excel_limits import EXCEL_MAX_TEXT, cut_text
from xladdin.workbook.formula_shift import shift_formula
from xladdin.workbook.limits import EXCEL_MAX_COLS, EXCEL_MAX_ROWS
from xladdin.workbook.model import CellError, col_letter, parse_ref, split_cell
from xladdin.workbook.xmledit import decode_part, insert_child

__all__ = [
    "OWNED_SHEET_WIDTHS",
    "WORKSHEET_ORDER",
    "SheetXml",
    "cell_xml",
    "cell_xml_value",
    "file_column_width",
    "new_sheet_xml",
]

# CT_Worksheet child order (ECMA-376 Part 1, 18.3.1.99).
WORKSHEET_ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
    "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
    "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
    "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
    "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects",
    "controls", "webPublishItems", "tableParts", "extLst",
)  # fmt: skip

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

MAX_TEXT = EXCEL_MAX_TEXT
"""Longest text Excel holds in a cell (UTF-16 code units: a character beyond the BMP counts 2)."""

HIGHLIGHT_MARKER = "xladdin-{severity}"
"""Marker in the formula of xladdin's own conditional format: ``"xladdin-error"="xladdin-error"``."""


OWNED_SHEET_WIDTHS: tuple[float, ...] = (15, 24, 12, 11, 9, 42, 42, 38)
"""Column widths (Excel's ``ColumnWidth``: characters of the default font) of the Checks
layout, from column A on: severity, code, category, sheet, cell, English message, Lao message,
what to do (with ``lang="en"`` or ``"lo"`` the one message column is F). The one home of these
widths: the templates' Checks sheet (:mod:`xladdin.templates.builder`), the row heights of
wrapped text (:mod:`xladdin.validate.checks`) and a sheet xladdin creates (here and in the
xlwings adapter) all use them. They add up to 193 characters, 1043 pt (ECMA-376 Part 1,
18.3.1.13: ``trunc(w * 7 + 5)`` pixels of 0.75 pt each), so the sheet prints one A4 landscape
page wide (784 pt between margins) at 73 %: 11 pt text at 8 pt. Only a *new* sheet gets them;
an existing sheet keeps its widths."""

MAX_DIGIT_WIDTH_PX = 7
"""Width in pixels of the widest digit of Excel's default font (Calibri 11)."""


def file_column_width(chars: float, max_digit_px: int = MAX_DIGIT_WIDTH_PX) -> float:
    """The ``<col width>`` Excel writes for ``ColumnWidth = chars``: the characters plus 5 pixels
    of padding, in characters, truncated to 1/256 (ECMA-376 Part 1, 18.3.1.13). With Calibri 11,
    10 -> 10.7109375."""
    return math.floor((chars * max_digit_px + 5) / max_digit_px * 256) / 256


def _cols_xml(widths: tuple[float, ...]) -> str:
    if not widths:
        return ""
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{_num(file_column_width(w))}" customWidth="1"/>'
        for i, w in enumerate(widths, start=1)
    )
    return f"<cols>{cols}</cols>"


def new_sheet_xml(widths: tuple[float, ...] = OWNED_SHEET_WIDTHS) -> bytes:
    """The XML of an empty worksheet, as Excel itself writes a new one, with column ``widths``
    (``ColumnWidth`` values from column A; ``()`` for Excel's default widths) and a print
    layout a person can read: landscape A4, never below 8 pt
    (:func:`xladdin.workbook.printing.page_setup_xml`)."""
    from xladdin.workbook.printing import page_setup_xml

    fit, page = page_setup_xml(widths or (8.43,))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        + (f"<sheetPr>{fit}</sheetPr>" if fit else "")
        + '<dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/>{_cols_xml(widths)}<sheetData/>'
        f"{page}</worksheet>"
    ).encode()


MAX_COL = EXCEL_MAX_COLS
MAX_ROW = EXCEL_MAX_ROWS
"""Excel's grid (XFD1048576): a cell outside it makes Excel refuse the whole file."""


def _checked_cell(cell: str) -> tuple[int, int]:
    """``split_cell`` that also refuses addresses outside Excel's grid (``A0``, ``XFE1``)."""
    col, row = split_cell(cell)
    if not (1 <= col <= MAX_COL and 1 <= row <= MAX_ROW):
        raise ValueError(f"{cell!r} is outside Excel's grid (A1:XFD1048576)")
    return col, row


def _checked_ref(ref: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """``parse_ref`` that also refuses ranges reaching outside Excel's grid."""
    (c1, r1), (c2, r2) = parse_ref(ref)
    for col, row in ((c1, r1), (c2, r2)):
        if not (1 <= col <= MAX_COL and 1 <= row <= MAX_ROW):
            raise ValueError(f"{ref!r} is outside Excel's grid (A1:XFD1048576)")
    return (c1, r1), (c2, r2)


def _num(value: float | int) -> str:
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def cell_xml_value(
    value: Any, date1904: bool = False, prefix: str = ""
) -> tuple[str | None, str] | None:
    """``(t attribute, inner XML)`` for a constant, or None for an empty cell.

    Strings are inline strings (``t="inlineStr"``), so a text starting with ``=`` stays text;
    text longer than Excel's 32,767 characters is cut with a note
    (:func:`xladdin.workbook.excel_limits.cut_text`).
    NaN is written as an empty cell, +/-inf as ``#NUM!``. ``prefix`` is the SpreadsheetML
    namespace prefix of the part (``"x:"``), usually empty.
    """
    v, v_ = f"<{prefix}v>", f"</{prefix}v>"
    if value is None:
        return None
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalar
    if isinstance(value, bool):
        return "b", f"{v}{int(value)}{v_}"
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float):
            if math.isnan(value):
                return None
            if math.isinf(value):
                return "e", f"{v}#NUM!{v_}"
        return None, f"{v}{_num(value)}{v_}"
    if isinstance(value, CellError):
        return "e", f"{v}{xml_text(value.code)}{v_}"
    if isinstance(value, (datetime, date, time)):
        return None, f"{v}{_num(datetime_to_serial(value, date1904))}{v_}"
    text, _cut = cut_text(str(value))  # Excel's 32,767 UTF-16 units, cut with a note
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return "inlineStr", f"<{prefix}is><{prefix}t{space}>{xml_text(text)}</{prefix}t></{prefix}is>"


def cell_xml(ref: str, value: Any, style: int | None = None, date1904: bool = False) -> str:
    """A whole ``<c>`` element holding the constant ``value`` (:func:`cell_xml_value`) at
    ``ref`` with style index ``style``; ``""`` for an empty cell (None, ``""``, NaN)."""
    if isinstance(value, str) and not value:
        return ""
    got = cell_xml_value(value, date1904)
    if got is None:
        return ""
    t = f' t="{got[0]}"' if got[0] else ""
    s = f' s="{style}"' if style is not None else ""
    return f'<c r="{ref}"{s}{t}>{got[1]}</c>'


def _cached_xml(value: Any, date1904: bool, prefix: str = "") -> tuple[str | None, str]:
    """``(t, <v>)`` for the cached result of a formula cell."""
    if value is None:
        return None, ""
    if isinstance(value, str):
        return "str", f"<{prefix}v>{xml_text(value)}</{prefix}v>"
    got = cell_xml_value(value, date1904, prefix)
    if got is None:
        return None, ""
    return got


_ATTR_R = re.compile(r'\sr="\$?([A-Za-z]{1,3})\$?(\d+)"')
_ATTR_ROW_R = re.compile(r'\sr="(\d+)"')
_ATTR_S = re.compile(r'\ss="(\d+)"')
_ATTR_SPANS = re.compile(r'\sspans="[^"]*"')
_ATTR_HT = re.compile(r'\sht="[^"]*"')
_ATTR_CUSTOM_HEIGHT = re.compile(r'\scustomHeight="[^"]*"')


@dataclass
class _Cell:
    col: int
    raw: str  # original text, or the new text once changed
    attrs: str = ""
    body: str | None = None
    had_r: bool = True
    changed: bool = False


@dataclass
class _Row:
    num: int
    raw: str | None  # original text while untouched
    attrs: str = ""
    body: str = ""
    had_r: bool = True
    cells: list[_Cell] | None = None
    tail: str = ""
    changed: bool = False
    cols: list[int] = field(default_factory=list)


class SheetXml:
    """One worksheet part opened for editing.

    Parameters
    ----------
    data : bytes
        The part's bytes (UTF-8 or UTF-16; written back as UTF-8).
    date1904 : bool
        The workbook's date system (for writing dates as serials).
    """

    def __init__(self, data: bytes, *, date1904: bool = False, name: str = ""):
        self.text = decode_part(data, name)
        self.name = name
        self.date1904 = date1904
        root = re.search(r"<(?:([A-Za-z_][\w.-]*):)?worksheet\b", self.text)
        if root is None:
            raise WorkbookError(f"{name}: not a worksheet part")
        self.prefix = f"{root.group(1)}:" if root.group(1) else ""
        p = re.escape(self.prefix)
        self._p = p
        sd = re.search(rf"<{p}sheetData\b[^>]*?(/>|>(.*?)</{p}sheetData\s*>)", self.text, re.DOTALL)
        if sd is None:
            raise WorkbookError(f"{name}: worksheet has no <sheetData>")
        self._before = self.text[: sd.start()]
        self._after = self.text[sd.end() :]
        open_tag = re.match(rf"<{p}sheetData\b[^>]*?(?=/?>)", sd.group(0))
        self._sd_open = (open_tag.group(0) if open_tag else f"<{self.prefix}sheetData") + ">"
        inner = sd.group(2) or ""
        self._rows: list[_Row] = []
        self._row_nums: list[int] = []
        self._row_re = re.compile(rf"<{p}row\b([^>]*?)(?:/>|>(.*?)</{p}row\s*>)", re.DOTALL)
        self._cell_re = re.compile(rf"<{p}c\b([^>]*?)(?:/>|>(.*?)</{p}c\s*>)", re.DOTALL)
        self._f_re = re.compile(rf"<{p}f\b([^>]*?)(?:/>|>(.*?)</{p}f\s*>)", re.DOTALL)
        num = 0
        for m in self._row_re.finditer(inner):
            attrs = m.group(1)
            r = _ATTR_ROW_R.search(attrs)
            num = int(r.group(1)) if r else num + 1
            self._rows.append(_Row(num, m.group(0), attrs, m.group(2) or "", had_r=r is not None))
            self._row_nums.append(num)
        self._sd_orig = sd.group(0)
        self._had_rows = bool(self._rows)
        self._col_styles = [
            (int(m.group(1)), int(m.group(2)), m.group(3))
            for m in re.finditer(
                rf'<{p}col\b(?=[^>]*?\smin="(\d+)")(?=[^>]*?\smax="(\d+)")(?=[^>]*?\sstyle="(\d+)")[^>]*>',
                self._before,
            )
        ]
        self._sd_changed = False
        self.formula_touched = False
        self.cells_changed = False
        self._bounds: list[tuple[int, int]] = []

    # -- rows and cells -----------------------------------------------------------------------

    def _row(self, num: int, create: bool) -> _Row | None:
        i = bisect.bisect_left(self._row_nums, num)
        if i < len(self._row_nums) and self._row_nums[i] == num:
            return self._rows[i]
        if not create:
            return None
        row = _Row(num, None, f' r="{num}"', "", had_r=True, cells=[], changed=True)
        self._rows.insert(i, row)
        self._row_nums.insert(i, num)
        return row

    def _cells(self, row: _Row) -> list[_Cell]:
        if row.cells is None:
            cells: list[_Cell] = []
            col = 0
            last_end = 0
            for m in self._cell_re.finditer(row.body):
                attrs = m.group(1)
                r = _ATTR_R.search(attrs)
                if r:
                    col = split_cell(r.group(1) + r.group(2))[0]
                else:
                    col += 1
                cells.append(_Cell(col, m.group(0), attrs, m.group(2), had_r=r is not None))
                last_end = m.end()
            row.tail = row.body[last_end:] if cells else row.body
            row.cells = cells
            row.cols = [c.col for c in cells]
        return row.cells

    def _find_cell(self, col: int, num: int) -> _Cell | None:
        row = self._row(num, create=False)
        if row is None:
            return None
        cells = self._cells(row)
        i = bisect.bisect_left(row.cols, col)
        if i < len(row.cols) and row.cols[i] == col:
            return cells[i]
        return None

    def _default_style(self, row: _Row, col: int) -> str:
        """The style Excel gives a new cell: the row's (customFormat) else the column's."""
        if 'customFormat="1"' in row.attrs:
            s = _ATTR_S.search(row.attrs)
            if s:
                return f' s="{s.group(1)}"'
        for lo, hi, style in self._col_styles:
            if lo <= col <= hi:
                return f' s="{style}"' if style != "0" else ""
        return ""

    def _replace(self, col: int, num: int, new_type: str | None, inner: str | None) -> None:
        """Set the cell at (col, num): ``inner`` None empties it (the style ``s`` is kept)."""
        row = self._row(num, create=inner is not None)
        if row is None:
            return
        cells = self._cells(row)
        i = bisect.bisect_left(row.cols, col)
        existing = cells[i] if i < len(row.cols) and row.cols[i] == col else None
        style = ""
        if existing is not None:
            s = _ATTR_S.search(existing.attrs)
            style = f' s="{s.group(1)}"' if s else ""
            if existing.body and f"<{self.prefix}f" in existing.body:
                self._release_formula(existing, col, num)
                self.formula_touched = True
        elif inner is not None:
            style = self._default_style(row, col)
        if inner is None and not style:
            if existing is not None:
                del cells[i]
                del row.cols[i]
                row.changed = True
                self._sd_changed = True
                self.cells_changed = True
            return
        addr = f"{col_letter(col)}{num}"
        t = f' t="{new_type}"' if new_type else ""
        raw = (
            f'<{self.prefix}c r="{addr}"{style}{t}/>'
            if inner is None
            else f'<{self.prefix}c r="{addr}"{style}{t}>{inner}</{self.prefix}c>'
        )
        if existing is not None and existing.raw == raw:
            return
        new = _Cell(col, raw, changed=True)
        if existing is not None:
            cells[i] = new
        else:
            cells.insert(i, new)
            row.cols.insert(i, col)
        row.changed = True
        self._sd_changed = True
        self.cells_changed = True
        if inner is not None:
            self._bounds.append((col, num))

    def _release_formula(self, cell: _Cell, col: int, num: int) -> None:
        """Before overwriting a shared-formula master, give its dependents explicit formulas."""
        m = self._f_re.search(cell.body or "")
        if m is None:
            return
        attrs, text = m.group(1), m.group(2)
        if 't="shared"' not in attrs or not text or "ref=" not in attrs:
            return
        si = re.search(r'\ssi="(\d+)"', attrs)
        if si is None:
            return
        for row in self._rows:
            if row.raw is not None and f'si="{si.group(1)}"' not in row.raw:
                continue
            for c in self._cells(row):
                if c is cell or not c.body:
                    continue
                fm = self._f_re.search(c.body)
                if (
                    fm is None
                    or fm.group(2)
                    or f'si="{si.group(1)}"' not in fm.group(1)
                    or 't="shared"' not in fm.group(1)
                ):
                    continue
                shifted = shift_formula(xml_unescape(text), row.num - num, c.col - col)
                body = (
                    c.body[: fm.start()]
                    + f"<{self.prefix}f>{xml_text(shifted)}</{self.prefix}f>"
                    + c.body[fm.end() :]
                )
                addr_attrs = c.attrs if c.had_r else f' r="{col_letter(c.col)}{row.num}"' + c.attrs
                c.raw = f"<{self.prefix}c{addr_attrs}>{body}</{self.prefix}c>"
                c.body = body
                c.changed = True
                row.changed = True
                self._sd_changed = True

    def set_value(self, cell: str, value: Any) -> None:
        """Write a constant (text as inline string, never a formula); None empties the cell."""
        col, num = _checked_cell(cell)
        got = cell_xml_value(value, self.date1904, self.prefix)
        if got is None:
            self._replace(col, num, None, None)
        else:
            self._replace(col, num, got[0], got[1])

    def set_formula(self, cell: str, formula: str, cached: Any = None) -> None:
        """Write a native formula (leading ``=`` optional) with an optional cached result."""
        col, num = _checked_cell(cell)
        text = formula[1:] if formula.startswith("=") else formula
        t, v = _cached_xml(cached, self.date1904, self.prefix)
        self._replace(col, num, t, f"<{self.prefix}f>{xml_text(text)}</{self.prefix}f>{v}")
        self.formula_touched = True

    def clear_range(self, ref: str) -> None:
        """Empty every cell in ``ref`` (values and formulas; styles kept)."""
        (c1, r1), (c2, r2) = _checked_ref(ref)
        lo = bisect.bisect_left(self._row_nums, r1)
        hi = bisect.bisect_right(self._row_nums, r2)
        for row in list(self._rows[lo:hi]):
            for c in list(self._cells(row)):
                if c1 <= c.col <= c2 and (c.body or "").strip():
                    self._replace(c.col, row.num, None, None)

    def clear_all(self) -> None:
        """Remove every cell (an owned sheet rebuilt from scratch) and its internal hyperlinks."""
        if any(r.raw is None or _has_cells(r) for r in self._rows):
            if any(f"<{self.prefix}f" in (r.raw or r.body) for r in self._rows):
                self.formula_touched = True
            self._rows = []
            self._row_nums = []
            self._sd_changed = True
            self.cells_changed = True
        self._edit_hyperlinks(remove_internal=True)

    def set_row_height(self, num: int, height: float | None) -> None:
        """Give row ``num`` a fixed height in points (``ht`` with ``customHeight="1"``), or with
        None its automatic height back (both attributes removed). Every other attribute of the
        row and its cells are kept; a missing row is created in its place (an empty
        ``<row r="N" ht=".." customHeight="1"/>``)."""
        if not 1 <= num <= MAX_ROW:
            raise ValueError(f"row {num} is outside Excel's grid (1..{MAX_ROW})")
        if height is not None and not (0 <= height <= 409):
            raise ValueError(f"row height {height!r} is not 0..409 points")
        row = self._row(num, create=height is not None)
        if row is None:
            return
        attrs = row.attrs
        if height is None:
            attrs = _ATTR_CUSTOM_HEIGHT.sub("", _ATTR_HT.sub("", attrs))
        else:
            ht = f' ht="{_num(float(height))}"'
            attrs = _ATTR_HT.sub(ht, attrs, count=1) if _ATTR_HT.search(attrs) else attrs + ht
            custom = ' customHeight="1"'
            attrs = (
                _ATTR_CUSTOM_HEIGHT.sub(custom, attrs, count=1)
                if _ATTR_CUSTOM_HEIGHT.search(attrs)
                else attrs + custom
            )
        if attrs == row.attrs:
            return
        if row.raw is not None and not row.changed:
            # an untouched row: only its start tag changes, the rest stays byte for byte
            head = f"<{self.prefix}row{row.attrs}"
            assert row.raw.startswith(head)
            row.raw = f"<{self.prefix}row{attrs}" + row.raw[len(head) :]
        row.attrs = attrs
        self._sd_changed = True

    # -- other elements -----------------------------------------------------------------------

    def _insert(self, text: str, name: str, xml: str) -> str:
        """Insert ``xml`` where element ``name`` belongs in CT_Worksheet order (``text`` is the
        part after ``</sheetData>``)."""
        try:
            return insert_child(text, name, WORKSHEET_ORDER, xml)
        except WorkbookError as exc:
            raise WorkbookError(f"{self.name}: {exc}") from exc

    def set_hyperlink(self, cell: str, target: str) -> None:
        """An internal link (``location``) in ``cell``; replaces any link already on that cell."""
        col, num = _checked_cell(cell)
        location = target.lstrip("#")
        new = f'<{self.prefix}hyperlink ref="{col_letter(col)}{num}" location="{xml_attr(location)}" display="{xml_attr(location)}"/>'
        self._edit_hyperlinks(replace_ref=f"{col_letter(col)}{num}", add=new)

    def _edit_hyperlinks(
        self,
        *,
        replace_ref: str | None = None,
        add: str | None = None,
        remove_internal: bool = False,
    ) -> None:
        p = self._p
        after = self._after
        block = re.search(
            rf"<{p}hyperlinks\b[^>]*?(?:/>|>(.*?)</{p}hyperlinks\s*>)", after, re.DOTALL
        )
        entries: list[str] = []
        if block is not None:
            entries = re.findall(
                rf"<{p}hyperlink\b[^>]*?(?:/>|>.*?</{p}hyperlink\s*>)",
                block.group(1) or "",
                re.DOTALL,
            )
        kept = []
        for e in entries:
            ref = re.search(r'\sref="([^"]*)"', e)
            if replace_ref is not None and ref and ref.group(1).replace("$", "") == replace_ref:
                continue
            if remove_internal and "location=" in e and not re.search(r"\sr:id=|\s\w+:id=", e):
                continue
            kept.append(e)
        if add:
            kept.append(add)
        if block is None and not kept:
            return
        if block is not None and kept == entries:
            return
        new_block = (
            f"<{self.prefix}hyperlinks>{''.join(kept)}</{self.prefix}hyperlinks>" if kept else ""
        )
        if block is not None:
            self._after = after[: block.start()] + new_block + after[block.end() :]
        else:
            self._after = self._insert(after, "hyperlinks", new_block)

    def set_highlights(self, refs: tuple[str, ...], severity: str, dxf_id: int | None) -> None:
        """Replace xladdin's conditional format of ``severity``; empty ``refs`` removes it."""
        p = self._p
        marker = HIGHLIGHT_MARKER.format(severity=severity)
        blocks = list(
            re.finditer(
                rf"<{p}conditionalFormatting\b[^>]*>.*?</{p}conditionalFormatting>",
                self._after,
                re.DOTALL,
            )
        )
        text = self._after
        for m in reversed(blocks):
            if marker in m.group(0):
                text = text[: m.start()] + text[m.end() :]
        for ref in refs:
            _checked_ref(ref)  # ValueError for anything but an A1 cell or range on the grid
        if refs:
            if dxf_id is None:
                raise ValueError("a dxf id is needed to highlight cells")
            others = re.sub(
                rf"<{p}conditionalFormatting\b[^>]*>(?:(?!</{p}conditionalFormatting>).)*?xladdin-(?:error|warning).*?</{p}conditionalFormatting>",
                "",
                text,
                flags=re.DOTALL,
            )
            priorities = [int(x) for x in re.findall(r'\spriority="(\d+)"', others)]
            priority = max(priorities, default=0) + (2 if severity == "warning" else 1)
            sqref = " ".join(dict.fromkeys(r.replace("$", "") for r in refs))
            block = (
                f'<{self.prefix}conditionalFormatting sqref="{xml_attr(sqref)}">'
                f'<{self.prefix}cfRule type="expression" dxfId="{dxf_id}" priority="{priority}">'
                f'<{self.prefix}formula>"{marker}"="{marker}"</{self.prefix}formula>'
                f"</{self.prefix}cfRule></{self.prefix}conditionalFormatting>"
            )
            rest = list(re.finditer(rf"</{p}conditionalFormatting>", text))
            if rest:
                at = rest[-1].end()
                text = text[:at] + block + text[at:]
            else:
                text = self._insert(text, "conditionalFormatting", block)
        self._after = text

    # -- output -------------------------------------------------------------------------------

    def _dimension(self, before: str) -> str:
        if not self._bounds:
            return before
        m = re.search(rf'(<{self._p}dimension\b[^>]*?\sref=")([^"]*)(")', before)
        if m is None:
            return before
        cols = [c for c, _ in self._bounds]
        rows = [r for _, r in self._bounds]
        c1, r1, c2, r2 = min(cols), min(rows), max(cols), max(rows)
        if self._had_rows:
            try:
                (a, b), (c, d) = parse_ref(m.group(2))
                c1, r1, c2, r2 = min(c1, a), min(r1, b), max(c2, c), max(r2, d)
            except ValueError:
                pass
        ref = f"{col_letter(c1)}{r1}" + ("" if (c1, r1) == (c2, r2) else f":{col_letter(c2)}{r2}")
        return before[: m.start(2)] + ref + before[m.end(2) :]

    def _row_xml(self, row: _Row, force_r: bool) -> str:
        if not row.changed and row.raw is not None:
            if force_r and not row.had_r:
                return re.sub(
                    rf"^<{self._p}row\b", f'<{self.prefix}row r="{row.num}"', row.raw, count=1
                )
            return row.raw
        attrs = row.attrs if row.had_r else f' r="{row.num}"' + row.attrs
        attrs = _ATTR_SPANS.sub("", attrs).rstrip()
        cells = row.cells or []
        if not cells and not row.tail.strip():
            if row.raw is None and not _ATTR_HT.search(attrs):
                return ""  # a new row that ended up empty (and has no height of its own)
            return f"<{self.prefix}row{attrs}/>"
        parts = []
        for c in cells:
            if c.changed or c.had_r:
                parts.append(c.raw)
            else:
                parts.append(
                    re.sub(
                        rf"^<{self._p}c\b",
                        f'<{self.prefix}c r="{col_letter(c.col)}{row.num}"',
                        c.raw,
                        count=1,
                    )
                )
        return f"<{self.prefix}row{attrs}>{''.join(parts)}{row.tail}</{self.prefix}row>"

    def to_bytes(self) -> bytes:
        """The edited part."""
        before = self._dimension(self._before)
        if not self._sd_changed:
            sheet_data = self._sd_orig
        else:
            force_r = any(not r.had_r for r in self._rows)
            inner = "".join(self._row_xml(r, force_r) for r in self._rows)
            sheet_data = (
                f"{self._sd_open}{inner}</{self.prefix}sheetData>"
                if inner
                else self._sd_open[:-1] + "/>"
            )
        return (before + sheet_data + self._after).encode("utf-8")


def _has_cells(row: _Row) -> bool:
    return bool(row.cells) if row.cells is not None else bool(row.body.strip())
