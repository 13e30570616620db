"""What every sheet of the review workbook shares: a sheet planned cell by cell, then written
row by row with XlsxWriter, its formats, widths, print layout and the legend of the † mark.

A :class:`Sheet` collects the cells of one sheet (1-based rows and columns, as the user sees
them), its column widths, frozen pane, page breaks, charts, conditional formats, notes and
links. Once every sheet is planned, :func:`finish` measures it (column widths from the numbers
as shown, header heights from the wrapped headers, the † legend, the print layout) and
:meth:`Sheet.emit` writes it in row order, which is what XlsxWriter's constant-memory mode needs
(used for a very large workbook only, see :func:`xladdin.review.book._write`).

Text is never a formula: every string is written with ``write_string`` (a text cell), one that
starts with ``= + - @`` also gets the quote-prefix format, so Excel keeps it as text even after
F2 + Enter. Text goes through :func:`xladdin.workbook.excel_limits.excel_text` (characters XML
cannot hold replaced, text cut to Excel's 32,767 characters) and the cells changed are counted
(said on the About sheet).
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from xladdin.templates.data import UNCONFIRMED_MARK, label, term
from xladdin.text.width import display_width
from xladdin.workbook.excel_limits import FORMULA_LEADS, excel_text
from xladdin.workbook.printing import A4_LONG_PT, A4_SHORT_PT, MARGIN_IN, MIN_PRINT_PT, choose_scale

__all__ = [
    "ADJUSTMENT",
    "BOLD",
    "HEADER",
    "NUM",
    "PCT",
    "SIGNED",
    "Chart",
    "Sheet",
    "bilingual",
    "chart_title",
    "finish",
    "label",
    "province_breaks",
    "shown_text",
    "text_width",
]


def bilingual(template: str, **parts: str | tuple[str, str]) -> str:
    """``template`` written once in English, then " / ", then in Lao: each ``{name}`` is the
    glossary term ``parts[name]`` (a key) or an (English, Lao) pair, so a title made of
    several terms reads "A, B / ກ, ຂ" rather than "A / ກ, B / ຂ"."""

    def pair(v: str | tuple[str, str]) -> tuple[str, str]:
        if isinstance(v, tuple):
            return v
        t = term(v)
        return t.en, t.lo_marked

    pairs = {n: pair(v) for n, v in parts.items()}
    en = template.format(**{n: p[0] for n, p in pairs.items()})
    lo = template.format(**{n: p[1] for n, p in pairs.items()})
    return f"{en} / {lo}"


NUM = "#,##0.0"
SIGNED = "#,##0.0;[Red]-#,##0.0"
PCT = "0.00;[Red]-0.00"
ADJUSTMENT = '#,##0.000;[Red]-#,##0.000;"–"'
"""Number formats: billion kip; signed differences (negative in red); percent (as a number:
1.5 = 1.5 %); raking adjustments (zero shown as a dash, so the adjusted cells stand out)."""

HEADER_FILL = "#D9E1F2"
BOLD: dict[str, Any] = {"bold": True}
HEADER: dict[str, Any] = {"bold": True, "bg_color": HEADER_FILL, "text_wrap": True, "valign": "top"}
TITLE: dict[str, Any] = {"bold": True, "font_size": 13}
RED_FILL = "#FFC7CE"

PAGE_ROWS = 40
"""Rows of a table that print on one landscape A4 page (523 pt inside the margins, 15 pt rows
at the 73-100 % scales the review prints at: 35-47 rows, less the repeated title rows)."""

MAX_LINKS = 65_530
"""Links Excel (and XlsxWriter) keeps on one sheet; a cell past them keeps its text, unlinked."""

DEFAULT_WIDTH = 8.43
PRINT_SLACK = 1.07
"""LibreOffice fits about 7 % fewer columns on a scaled landscape A4 page than the column
arithmetic gives (measured: 18 columns of width 10 at 73 %, not 19), so a sheet is scaled to
one page wide only when it fits with that much to spare."""
CM_PX = 96 / 2.54


_excel_text = lru_cache(maxsize=8192)(excel_text)
"""Province, line and file names repeat on every row: each distinct text is cleaned once."""


def _key(style: dict[str, Any] | None) -> tuple | None:
    return tuple(sorted(style.items())) if style else None


def text_width(text: str) -> float:
    """Width of ``text`` in column-width units (digits of Calibri 11): Lao vowel and tone marks
    (Unicode category Mn) take no width of their own."""
    if text.isascii():
        return float(len(text))
    return _wide_width(text)


@lru_cache(maxsize=16384)
def _wide_width(text: str) -> float:
    """:func:`text_width` of non-ASCII text (headers and names repeat: measured once each)."""
    return float(display_width(text))


@lru_cache(maxsize=1024)
def _style(key: tuple | None) -> dict[str, Any]:
    """The style of a cell's key (read only: shared between cells)."""
    return dict(key) if key else {}


def shown_text(value: Any, number_format: str | None = None) -> str:
    """``value`` as a cell with ``number_format`` shows it (the first section of the format:
    decimals from the zeros after ``.``, thousands separators from ``,``; General shows up to
    11 characters, as Excel does in a default-width column)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    if not math.isfinite(value):
        return ""
    fmt = (number_format or "General").split(";")[0]
    if fmt == "General":
        text = f"{value:.10g}"
        return text if len(text) <= 11 else f"{value:.5g}"
    decimals = len(fmt.split(".", 1)[1].rstrip('"–%').replace("#", "")) if "." in fmt else 0
    text = f"{value:{',' if ',' in fmt else ''}.{decimals}f}"
    return text + ("%" if fmt.endswith("%") else "")


def column_points(width: float) -> float:
    """Printed width in points of a column ``width`` characters wide (XlsxWriter's pixels:
    ``int(width * 7 + 0.5) + 5`` at 96 dpi, 0.75 pt a pixel)."""
    return (int(width * 7 + 0.5) + 5) * 0.75 if width > 0 else 0.0


@dataclass
class Chart:
    """A native chart, anchored at ``anchor`` (row, column, 1-based).

    ``series`` are dicts with ``name`` (row, col), ``categories`` and ``values``
    ((first row, col, last row, col)); ``y_min``/``y_max`` fix the value axis (levels and bars
    start at zero); ``size_cm`` is (width, height)."""

    kind: str  # "line" or "column"
    title: str
    anchor: tuple[int, int]
    series: list[dict[str, Any]]
    size_cm: tuple[float, float] = (16.0, 7.5)
    y_title: str | None = None
    y_min: float | None = None
    y_max: float | None = None
    legend: str | None = "bottom"
    labels_low: bool = False


@dataclass
class Sheet:
    """One sheet of the review workbook, planned before it is written (module doc)."""

    name: str
    cleaned: list[int] = field(default_factory=lambda: [0, 0])
    cells: dict[int, dict[int, tuple[Any, tuple | None]]] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    freeze: tuple[int, int] | None = None  # (row, column) of the first cell that scrolls
    breaks: list[int] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    conditional: list[tuple[str, str, str]] = field(default_factory=list)
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    links: dict[tuple[int, int], str] = field(default_factory=dict)
    groups: list[tuple[int, list[Any]]] = field(default_factory=list)  # province page breaks
    repeat: tuple[int, int] | None = None  # rows repeated on each printed page (else frozen)
    autofilter: tuple[int, int, int, int] | None = None
    layout: dict[str, Any] = field(default_factory=dict)

    # -- cells ------------------------------------------------------------------------------
    def put(self, r: int, c: int, value: Any, style: dict[str, Any] | None = None) -> None:
        """Cell (``r``, ``c``): a number, a boolean or text (never a formula); ``None``, NaN
        and infinities leave it empty (styled, when a style is given)."""
        self._put(r, c, value, _key(style) if style else None)

    def _put(self, r: int, c: int, value: Any, key: tuple | None) -> None:
        """:meth:`put` with the style's key (:func:`_key`) made by the caller."""
        kind = type(value)
        if kind is str:  # the common cases first, without the generic checks below
            value, bad, cut = _excel_text(value)
            if bad or cut:
                self.cleaned[0] += bad
                self.cleaned[1] += cut
        elif (kind is float and math.isfinite(value)) or kind is int or kind is bool:
            pass
        else:
            self._put_other(r, c, value, key)
            return
        self.cells.setdefault(r, {})[c] = (value, key)

    def _put_other(self, r: int, c: int, value: Any, key: tuple | None) -> None:
        """:meth:`put` of anything but finite Python floats, ints, booleans and str."""
        if hasattr(value, "item") and callable(value.item):  # numpy scalar
            value = value.item()
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            if key is None:
                self.cells.get(r, {}).pop(c, None)
                return
            value = None
        elif isinstance(value, str):
            value, bad, cut = _excel_text(value)
            self.cleaned[0] += bad
            self.cleaned[1] += cut
        elif not isinstance(value, (int, float, bool, datetime)):
            self._put(r, c, str(value), key)
            return
        self.cells.setdefault(r, {})[c] = (value, key)

    def row(self, r: int, values: list[Any], c0: int = 1, style: dict[str, Any] | None = None):
        """``values`` from column ``c0`` of row ``r``."""
        key = _key(style) if style else None  # one style for the row: its key made once
        for j, v in enumerate(values):
            self._put(r, c0 + j, v, key)

    def rows(self, first: int, rows: list[list[Any]], formats: list[str | None] | str | None):
        """A block of data rows from row ``first``; numbers get ``formats`` (one number format
        for every column or one per column, ``None`` = General)."""
        width = max((len(row) for row in rows), default=0)
        if formats is None or isinstance(formats, str):
            formats = [formats] * width
        keys = [_key({"num_format": f}) if f else None for f in formats]
        keys += [None] * (width - len(keys))
        cells = self.cells
        for r, values in enumerate(rows, start=first):
            line = cells.setdefault(r, {})
            for c, (v, k) in enumerate(zip(values, keys, strict=False), start=1):
                kind = type(v)
                if kind is float:
                    if v == v and v not in (math.inf, -math.inf):
                        line[c] = (v, k)
                elif kind is str:  # as put() does it, without building the style again
                    text, bad, cut = _excel_text(v)
                    if bad or cut:
                        self.cleaned[0] += bad
                        self.cleaned[1] += cut
                    line[c] = (text, k)
                elif kind is int or kind is bool:
                    line[c] = (v, k)
                elif v is not None:
                    self._put(r, c, v, k)

    def value(self, r: int, c: int) -> Any:
        cell = self.cells.get(r, {}).get(c)
        return None if cell is None else cell[0]

    def title(self, text: str, note: str = "") -> int:
        """Title in A1 (13 pt bold), a note in A2; returns the row of the table header (4),
        row 3 is left for the legend or a warning."""
        self.put(1, 1, text, TITLE)
        if note:
            self.put(2, 1, note)
        return 4

    def header(self, r: int, values: list[Any], c0: int = 1) -> None:
        """A header row: bold on the header fill, wrapped (its height is set by
        :func:`finish` once the column widths are known, so a bilingual header shows whole)."""
        self.row(r, values, c0, HEADER)

    def set_widths(self, widths: dict[int, float]) -> None:
        self.widths.update(widths)

    def last_row(self) -> int:
        return max(self.cells, default=0)

    # -- measuring --------------------------------------------------------------------------
    def width(self, c: int) -> float:
        return self.widths.get(c, DEFAULT_WIDTH)

    def fit(self, line_pt: float = 15.0) -> None:
        """Column widths from the values as shown, header heights from the wrapped headers.

        A column is widened (never narrowed) to its longest formatted number plus two
        characters, so no number shows ``###`` (text is not measured: long labels keep their
        chosen width and run on or wrap). Each wrapped cell gets its row ``line_pt`` points per
        line it needs at the column's width, so a bilingual header is never clipped."""
        # the longest shown number of a column and format is its largest or its smallest
        # (more digits, or a minus sign); General is measured value by value. One pass over
        # the cells; each style is looked at once (its number format, whether it wraps).
        span: dict[tuple[int, str], tuple[float, float]] = {}
        general: list[tuple[int, float]] = []
        formats: dict[tuple | None, str | None] = {None: None}
        wrap_size: dict[tuple, float | None] = {}  # font size of a wrapping style, else None
        wrapped: list[tuple[int, int, str, float]] = []
        for r, line in self.cells.items():
            for c, (v, k) in line.items():
                kind = type(v)
                if kind is float or kind is int:
                    try:
                        fmt = formats[k]
                    except KeyError:
                        fmt = formats[k] = _style(k).get("num_format")
                    if not fmt:
                        general.append((c, v))
                        continue
                    pair = span.get((c, fmt))
                    if pair is None:
                        span[(c, fmt)] = (v, v)
                    elif v < pair[0]:  # as min(low, v), max(high, v)
                        span[(c, fmt)] = (v, pair[1])
                    elif v > pair[1]:
                        span[(c, fmt)] = (pair[0], v)
                elif k is not None and isinstance(v, str):
                    if k in wrap_size:
                        size = wrap_size[k]
                    else:
                        style = _style(k)
                        size = wrap_size[k] = (
                            float(style.get("font_size", 11)) if style.get("text_wrap") else None
                        )
                    if size is not None:
                        wrapped.append((r, c, v, size))
        need: dict[int, float] = {}
        measured = [(c, v, fmt) for (c, fmt), pair in span.items() for v in pair]
        for c, v, fmt in measured + [(c, v, None) for c, v in general]:
            w = text_width(shown_text(v, fmt)) + 2
            if w > need.get(c, 0.0):
                need[c] = w
        for c, w in need.items():
            if self.width(c) < w:
                self.widths[c] = min(w, 60)
        for r, c, v, size in wrapped:
            per_line = max(1.0, (self.width(c) - 1) * 0.9)
            lines = sum(max(1, math.ceil(text_width(p) / per_line)) for p in v.split("\n"))
            h = lines * line_pt * size / 11
            if h > self.heights.get(r, 0.0):
                self.heights[r] = min(h, 409)  # Excel's largest row height

    def legend(self, row: int = 3) -> int:
        """Say "† term not yet confirmed by LSB" once on this sheet instead of on every label.

        The mark is taken off the titles (rows 1-2) and the bold headers, each such cell keeps a
        note (hover) naming the term as unconfirmed, and one legend line is written in column A
        of ``row`` (the empty row between a title and its table) or, when a warning holds that
        row, at the end of the note in row 2. The glossary keeps the mark
        (:attr:`xladdin.templates.data.Term.lo_marked`). Returns the number of cells unmarked."""
        t = term("unconfirmed_term")
        note = f"{UNCONFIRMED_MARK} {t.en} / {t.lo}"
        marked = 0
        for r, line in self.cells.items():
            for c, (v, k) in line.items():  # (a cell's value replaced: no key added)
                if not (isinstance(v, str) and UNCONFIRMED_MARK in v):
                    continue
                if not (r <= 2 or (k and _style(k).get("bold"))):
                    continue
                line[c] = (v.replace(UNCONFIRMED_MARK, ""), k)
                self.notes[(r, c)] = note
                marked += 1
        if not marked:
            return 0
        if not self.cells.get(row):
            self.put(row, 1, note, {"italic": True})
        else:
            before = self.value(2, 1)
            self.put(2, 1, f"{before}   {note}" if before else note)
        return marked

    def extent(self) -> tuple[int, int]:
        """(last row, last column) that prints something: a value, the overflow of a long
        unwrapped text into the columns on its right (a title), or a chart."""
        return self._extent()[:2]

    def _extent(self) -> tuple[int, int, list[tuple[int, int, float]]]:
        """:meth:`extent`, and (row, column, size) of every value with an explicit font size
        (for :func:`_smallest_font`, in the same pass over the cells)."""
        last_row = last_col = 0
        points = {c: column_points(self.width(c)) for c in range(1, 200)}
        sizes: dict[tuple | None, float | None] = {}  # font size of an unwrapped style
        explicit: dict[tuple, float | None] = {}  # a style's explicit font size, else None
        fonts: list[tuple[int, int, float]] = []
        longest: dict[tuple[int, float], int] = {}  # (column, font size): longest text line
        for r, line in self.cells.items():
            for c, (v, k) in line.items():
                if v is None:
                    continue
                if k:
                    try:
                        font = explicit[k]
                    except KeyError:
                        style = _style(k)
                        font = explicit[k] = (
                            float(style["font_size"]) if "font_size" in style else None
                        )
                    if font is not None:
                        fonts.append((r, c, font))
                is_text = type(v) is str
                if is_text and not v.strip():
                    continue
                if r > last_row:
                    last_row = r
                if c > last_col:
                    last_col = c
                if not is_text:
                    continue
                if k in sizes:
                    size = sizes[k]
                else:
                    style = _style(k)
                    size = sizes[k] = None if style.get("text_wrap") else style.get("font_size", 11)
                if size is None:
                    continue
                # code points, not display width: Lao letters print wider than Latin digits,
                # which its uncounted-in-width marks make up for (generous, as the print area
                # must never cut a title)
                n = max(len(p) for p in v.split("\n")) if "\n" in v else len(v)
                if n > longest.get((c, size), -1):
                    longest[(c, size)] = n
        # the columns a text runs over grow with its length: the longest line of a column
        # (at each font size) reaches as far as any of that column's texts
        for (c, size), n in longest.items():
            need = n * size * 0.55
            cc, have = c, points.get(c) or column_points(self.width(c))
            while have < need and cc < c + 60:
                cc += 1
                have += points.get(cc) or column_points(self.width(cc))
            last_col = max(last_col, cc)
        for chart in self.charts:
            r, c = chart.anchor
            rows = math.ceil(chart.size_cm[1] / 2.54 * 72 / 15)
            pts, cc = chart.size_cm[0] / 2.54 * 72, c
            while pts > 0 and cc < c + 60:
                pts -= column_points(self.width(cc))
                cc += 1
            last_row, last_col = max(last_row, r + rows), max(last_col, cc)
        return last_row, last_col, fonts

    def print_layout(self, min_pt: float = MIN_PRINT_PT) -> None:
        """A4 landscape, smallest font at ``min_pt`` or more, header rows (and label columns)
        repeated, the print area stopping at what prints (no empty page): the rules of
        :func:`xladdin.workbook.printing.set_print_layout`, for a planned sheet. An empty form
        (rows with labels and no values, the National sheet) prints its header only."""
        title_rows = label_cols = None
        if self.freeze:
            title_rows, label_cols = self.freeze[0] - 1, self.freeze[1] - 1
        last_row, last_col, fonts = self._extent()
        if last_row == 0:
            self.layout = {"scale": 100}
            return
        if self.layout.get("form_rows"):  # trailing rows holding only their labels
            filled = [
                r
                for r, line in self.cells.items()
                if any(c > 2 and v is not None for c, (v, _k) in line.items())
            ]
            last_row = max(filled, default=last_row)
            last_row = max(last_row, *(ch.anchor[0] for ch in self.charts), 0)
        layout: dict[str, Any] = {"area": (last_row, last_col)}
        if not title_rows and last_row > 3:
            title_rows = 2  # the sheet's title and subtitle: every page says what it shows
        if label_cols is None:
            label_cols = 2
        if self.repeat:
            layout["repeat"] = self.repeat
        elif title_rows and title_rows < last_row:
            layout["repeat"] = (1, title_rows)
        total = PRINT_SLACK * sum(column_points(self.width(c)) for c in range(1, last_col + 1))
        smallest = _smallest_font(fonts, last_row, last_col)
        fit, lowest = choose_scale(total, min(smallest, 11.0), min_pt)
        if fit >= lowest:  # one page wide, by an explicit scale (the printed size is known)
            layout["scale"] = max(lowest, min(fit - 2, 100))
        else:  # several pages across, each repeating the label columns
            scale = max(lowest, 10)
            layout["scale"] = scale
            room = (A4_LONG_PT - 2 * MARGIN_IN * 72) / 3 / (scale / 100)
            keep, used = 0, 0.0
            for c in range(1, (label_cols or 0) + 1):
                used += column_points(self.width(c))
                if used > room:
                    break
                keep = c
            if keep:
                layout["label_cols"] = keep
        self.layout = layout

    # -- writing ----------------------------------------------------------------------------
    def emit(self, wb: Any, formats: Formats) -> None:
        """Write the sheet into the XlsxWriter workbook ``wb``, row by row in order."""
        ws = wb.add_worksheet(self.name)
        for c, w in sorted(self.widths.items()):
            ws.set_column(c - 1, c - 1, w)
        if self.freeze:
            ws.freeze_panes(self.freeze[0] - 1, self.freeze[1] - 1)
        quote = formats.quote
        heights = self.heights
        links = self.links
        cells = self.cells
        notes: dict[int, list[tuple[int, str]]] = {}
        for (r, c), text in self.notes.items():
            notes.setdefault(r, []).append((c, text))
        made: dict[tuple | None, Any] = {None: None}  # this sheet's formats, by style key
        write_number, write_string = ws.write_number, ws.write_string  # public API only (#12)
        n_links = 0
        for r in sorted(set(cells) | set(heights) | set(notes)):
            if r in heights:
                ws.set_row(r - 1, heights[r])
            for c, text in notes.get(r, ()):  # in row order too (constant memory)
                ws.write_comment(r - 1, c - 1, text, {"author": "xladdin", "x_scale": 1.5})
            line = cells.get(r)
            if not line:
                continue
            r0 = r - 1
            for c, (v, k) in sorted(line.items()):
                try:
                    fmt = made[k]
                except KeyError:
                    fmt = made[k] = formats.get(k)
                kind = type(v)
                if links and (r, c) in links:  # a link's text is a text cell
                    url = links[(r, c)]
                    if n_links < MAX_LINKS and _link(ws, r, c, url, formats.link(k), v):
                        n_links += 1
                        continue
                    v, kind = str(v), str  # no link (too many, URL too long): the text stays
                if kind is float or kind is int:
                    write_number(r0, c - 1, v, fmt)
                elif kind is str:
                    if v.startswith(FORMULA_LEADS):
                        write_string(r0, c - 1, v, quote(k))
                    else:
                        write_string(r0, c - 1, v, fmt)
                elif kind is bool:
                    ws.write_boolean(r0, c - 1, v, fmt)
                elif v is None:
                    ws.write_blank(r0, c - 1, None, fmt)
                else:
                    ws.write_datetime(r0, c - 1, v, fmt)
        for ref, formula, colour in self.conditional:
            ws.conditional_format(
                ref,
                {"type": "formula", "criteria": f"={formula}", "format": formats.fill(colour)},
            )
        for chart in self.charts:
            ws.insert_chart(chart.anchor[0] - 1, chart.anchor[1] - 1, _chart(wb, self, chart))
        if self.breaks:
            ws.set_h_pagebreaks(self.breaks)
        if self.autofilter:
            r0, c0, r1, c1 = self.autofilter
            ws.autofilter(r0 - 1, c0 - 1, r1 - 1, c1 - 1)
        self._emit_layout(ws)

    def _emit_layout(self, ws: Any) -> None:
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.set_margins(left=MARGIN_IN, right=MARGIN_IN, top=0.5, bottom=0.5)
        ws.set_print_scale(self.layout.get("scale", 100))
        area = self.layout.get("area")
        if area:
            ws.print_area(0, 0, area[0] - 1, area[1] - 1)
        if self.layout.get("repeat"):
            first, last = self.layout["repeat"]
            ws.repeat_rows(first - 1, last - 1)
        if self.layout.get("label_cols"):
            ws.repeat_columns(0, self.layout["label_cols"] - 1)


def _smallest_font(fonts: list[tuple[int, int, float]], last_row: int, last_col: int) -> float:
    """The smallest explicit font size of a value printed within (``last_row``,
    ``last_col``), 11 when none (``fonts``: from :meth:`Sheet._extent`)."""
    sizes = [size for r, c, size in fonts if r <= last_row and c <= last_col]
    return min(sizes) if sizes else 11.0


def _link(ws: Any, r: int, c: int, url: str, fmt: Any, text: Any) -> bool:
    """Write a link with its text into ``ws`` (1-based ``r``, ``c``); False when XlsxWriter
    refused it (a URL longer than Excel's 2,079 characters) and wrote nothing, without its
    warning: the caller then writes the text alone."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ws.write_url(r - 1, c - 1, url, fmt, str(text)) >= 0


class Formats:
    """XlsxWriter formats of one workbook, one per distinct style (made on first use)."""

    def __init__(self, wb: Any):
        self.wb = wb
        self._made: dict[tuple | None, Any] = {None: None}
        self._quoted: dict[tuple | None, Any] = {}
        self._links: dict[tuple | None, Any] = {}
        self._fills: dict[str, Any] = {}

    def get(self, key: tuple | None) -> Any:
        fmt = self._made.get(key)
        if fmt is None and key is not None:
            fmt = self._made[key] = self.wb.add_format(dict(key))
        return fmt

    def quote(self, key: tuple | None) -> Any:
        """The format of ``key`` with the quote prefix (text that looks like a formula)."""
        if key not in self._quoted:
            self._quoted[key] = self.wb.add_format(dict(key or ()) | {"quote_prefix": True})
        return self._quoted[key]

    def link(self, key: tuple | None) -> Any:
        if key not in self._links:
            self._links[key] = self.wb.add_format(
                dict(key or ()) | {"font_color": "#0563C1", "underline": 1}
            )
        return self._links[key]

    def fill(self, colour: str) -> Any:
        if colour not in self._fills:
            self._fills[colour] = self.wb.add_format({"bg_color": colour})
        return self._fills[colour]


def _chart(wb: Any, sheet: Sheet, spec: Chart) -> Any:
    """An XlsxWriter chart from ``spec``: axis labels and titles at 11 pt (the default 10 pt
    prints below 8 pt on a sheet scaled to 73 %), straight lines with a marker per year."""
    font = {"size": 11}
    chart = wb.add_chart({"type": spec.kind})
    for s in spec.series:
        r0, c0, r1, c1 = s["values"]
        k0, kc, k1, _ = s["categories"]
        series: dict[str, Any] = {
            "values": [sheet.name, r0 - 1, c0 - 1, r1 - 1, c1 - 1],
            "categories": [sheet.name, k0 - 1, kc - 1, k1 - 1, kc - 1],
        }
        if "name" in s:
            series["name"] = [sheet.name, s["name"][0] - 1, s["name"][1] - 1]
        if spec.kind == "line":
            series["marker"] = {"type": "circle", "size": 5}
            series["smooth"] = False
        chart.add_series(series)
    chart.set_title({"name": spec.title, "name_font": {"size": 12, "bold": True}})
    y: dict[str, Any] = {"num_font": font, "major_gridlines": {"visible": True}}
    if spec.y_title:
        y["name"] = spec.y_title
        y["name_font"] = font
    if spec.y_min is not None:
        y["min"] = spec.y_min
    if spec.y_max is not None:
        y["max"] = spec.y_max
    chart.set_y_axis(y)
    x: dict[str, Any] = {"num_font": font}
    if spec.labels_low:
        x["label_position"] = "low"
    chart.set_x_axis(x)
    if spec.legend:
        chart.set_legend({"position": spec.legend, "font": font})
    else:
        chart.set_legend({"none": True})
    chart.set_size(
        {"width": round(spec.size_cm[0] * CM_PX), "height": round(spec.size_cm[1] * CM_PX)}
    )
    return chart


def chart_title(key: str, sep: str = "\n", suffix: str = "") -> str:
    """A chart's title (or axis title), English and Lao from the glossary: a chart is no cell,
    so its Lao term carries no † (the sheet's legend says it once)."""
    t = term(key)
    return f"{t.en}{suffix}{sep}{t.lo}{suffix}" if t.lo else f"{t.en}{suffix}"


def province_breaks(
    sheet: Sheet, first_row: int, provinces: list[Any], page_rows: int = PAGE_ROWS
) -> list[int]:
    """Manual page breaks between the provinces of a (province, line) x year table longer than
    a page, so a printed page never starts with the end of one province's lines: whole
    provinces are packed onto a page, and a page breaks before the province that would not fit
    on it (a province longer than a page breaks where the page ends). :func:`finish` places
    them again with the rows a page holds at the sheet's print scale. Returns the rows a page
    breaks after (1-based)."""
    sheet.groups.append((first_row, list(provinces)))
    breaks = _pack(first_row, provinces, page_rows)
    sheet.breaks.extend(breaks)
    return breaks


def _pack(first_row: int, provinces: list[Any], page_rows: int) -> list[int]:
    if len(provinces) <= page_rows:
        return []
    starts = [i for i in range(1, len(provinces)) if provinces[i] != provinces[i - 1]]
    bounds = [0, *starts, len(provinces)]
    breaks: list[int] = []
    used = 0
    for a, b in itertools.pairwise(bounds):
        size = b - a
        if used and used + size > page_rows:
            breaks.append(first_row + a - 1)
            used = 0
        used = (used + size) % page_rows if size > page_rows else used + size
    return breaks


def _page_rows(sheet: Sheet, line_pt: float = 15.0) -> int:
    """Table rows one printed page holds at the sheet's scale, less its repeated rows."""
    scale = sheet.layout.get("scale", 100) / 100
    usable = (A4_SHORT_PT - 2 * 0.5 * 72) / scale
    first, last = sheet.layout.get("repeat") or (1, 0)
    repeated = sum(sheet.heights.get(r, line_pt) for r in range(first, last + 1))
    return max(1, int((usable - repeated) // line_pt) - 1)


def finish(sheet: Sheet, legend: bool = True) -> None:
    """Measure a planned sheet: the † legend, widths and heights, then the print layout and
    the page breaks between provinces at its print scale."""
    if legend:
        sheet.legend()
    sheet.fit()
    sheet.print_layout()
    if sheet.groups:
        rows = _page_rows(sheet)
        sheet.breaks = [b for first, provs in sheet.groups for b in _pack(first, provs, rows)]
