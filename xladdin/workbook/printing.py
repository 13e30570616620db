"""Print layout of the sheets xladdin writes with openpyxl: A4 landscape, text never printed
below :data:`MIN_PRINT_PT`, title rows (and label columns) repeated, no empty pages.

A sheet is scaled to one page wide only when the scale that needs still prints its smallest
font at :data:`MIN_PRINT_PT` or more (an explicit ``scale``, not "fit to width", which lets the
application shrink further for text running past the print area); otherwise it prints at the
smallest readable scale and runs over several pages across, each repeating the code and name
columns left of the frozen pane, so a page of numbers always says which industry it shows; the
year columns are shared out evenly over those pages by explicit column breaks. On a sheet of
several tables, a row break goes before a table that would cross the foot of a page (each
table prints whole where it fits on a page), only the sheet's title rows repeat (each table has
its own header) and the pages of one table across follow each other ("over, then down"). The
print area stops at the last row and column holding a value, so trailing formatted-but-empty
rows print no page. A form one page across above tables wider than a page (Rebase) is a range
of the print area of its own (:func:`print_ranges`), so no page beside it is blank; an empty
margin column A is not repeated alone (it would show only the title, cut short).

Arithmetic (ECMA-376 Part 1, 18.3.1.13 for column widths): a column of width ``w`` characters
is ``trunc(w * 7 + 5)`` pixels of 0.75 pt (Calibri 11, 96 dpi); A4 landscape is 841.9 pt wide
(ISO 216: 297 mm); the printable width is that minus the left and right margins. The scale is
an integer percent 10..400 (``pageSetup/@scale``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from xladdin.workbook.model import col_letter, col_number

if TYPE_CHECKING:  # openpyxl is loaded by the writers that pass a worksheet, not on import
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "MIN_PRINT_PT",
    "choose_scale",
    "column_pages",
    "column_points",
    "page_setup_xml",
    "print_ranges",
    "row_breaks",
    "set_print_layout",
    "used_extent",
]

MIN_PRINT_PT = 8.0
"""Smallest font size (points) a printed page may show."""

A4_LONG_PT = 841.89
A4_SHORT_PT = 595.28
DEFAULT_WIDTH = 8.43
MARGIN_IN = 0.4
"""Left and right margins (inches) of a landscape page."""
MARGIN_TB_IN = 0.5
"""Top and bottom margins (inches)."""
PRINTABLE_WIDTH_PT = A4_LONG_PT - 2 * MARGIN_IN * 72
PRINTABLE_HEIGHT_PT = A4_SHORT_PT - 2 * MARGIN_TB_IN * 72
DEFAULT_ROW_PT = 15.0
"""Height of a row of 11 pt Calibri (or Carlito) text without a set height."""
PAGE_FILL = 0.93
"""Share of a page's height the row-break plan fills: rows sized by the application (wrapped
text, Lao) may be taller than their estimate, and a table cut by an early break is worse than a
line of white space."""


def column_points(ws: Worksheet, col: int) -> float:
    """Printed width of column ``col`` in points (hidden columns print nothing)."""
    dim = ws.column_dimensions.get(col_letter(col))
    if dim is not None and dim.hidden:
        return 0.0
    width = dim.width if (dim is not None and dim.width) else DEFAULT_WIDTH
    return math.trunc(width * 7 + 5) * 0.75


def used_extent(ws: Worksheet) -> tuple[int, int]:
    """(last row, last column) that prints something (0, 0 for an empty sheet): a value, the
    overflow of a long unwrapped text into the empty cells on its right (a title), or a chart.
    Styled empty cells and empty strings do not count."""
    last_row = last_col = 0
    spill: list[tuple[int, float]] = []  # (column, points the text runs past its start)
    for row in ws.iter_rows():
        for cell in row:
            v = cell.value
            if v is None or (isinstance(v, str) and not v.strip()):
                continue
            last_row = max(last_row, cell.row)
            last_col = max(last_col, cell.column)
            if isinstance(v, str) and not (cell.alignment and cell.alignment.wrap_text):
                size = float(getattr(cell.font, "sz", None) or 11)
                longest = max(len(line) for line in v.split("\n"))
                spill.append((cell.column, longest * size * 0.55))
    for table in getattr(ws, "tables", {}).values():  # an Excel table prints whole (a form)
        from openpyxl.utils.cell import range_boundaries

        _c1, _r1, c2, r2 = range_boundaries(table.ref)
        last_row, last_col = max(last_row, r2), max(last_col, c2)
    for col, need in spill:
        c, have = col, column_points(ws, col)
        while have < need and c < col + 60:
            c += 1
            have += column_points(ws, c)
        last_col = max(last_col, c)
    for chart in getattr(ws, "_charts", []):  # a chart prints where it is anchored
        anchor = chart.anchor
        if isinstance(anchor, str):
            m = re.fullmatch(r"([A-Z]+)(\d+)", anchor)
            if not m:
                continue
            col, row = col_number(m.group(1)), int(m.group(2))
        else:
            col, row = anchor._from.col + 1, anchor._from.row + 1
        rows = math.ceil(chart.height / 2.54 * 72 / 15)  # cm -> pt over 15 pt rows
        pts, c = chart.width / 2.54 * 72, col
        while pts > 0 and c < col + 60:
            pts -= column_points(ws, c)
            c += 1
        last_row = max(last_row, row + rows)
        last_col = max(last_col, c)
    return last_row, last_col


def choose_scale(total_pt: float, smallest_pt: float = 11.0, min_pt: float = MIN_PRINT_PT):
    """(scale fitting ``total_pt`` of columns on one landscape A4 width, lowest scale keeping
    ``smallest_pt`` text at ``min_pt``), both integer percent: fit to width when the first is
    not below the second."""
    printable = A4_LONG_PT - 2 * MARGIN_IN * 72
    lowest = math.ceil(min_pt / smallest_pt * 100)
    fit = math.floor(printable / total_pt * 100) if total_pt else 100
    return fit, lowest


def page_setup_xml(widths: tuple[float, ...], smallest_pt: float = 11.0) -> tuple[str, str]:
    """For a sheet part written as XML: the ``<pageSetUpPr>`` to put in ``<sheetPr>`` and the
    ``<pageMargins>``/``<pageSetup>`` to put after ``<sheetData>`` (CT_Worksheet order), for
    columns of ``widths`` characters: landscape A4 at an explicit scale, one page wide when
    that keeps 8 pt, else the smallest readable scale (several pages across)."""
    total = sum(math.trunc(w * 7 + 5) * 0.75 for w in widths)
    fit, lowest = choose_scale(total, smallest_pt)
    margins = (
        f'<pageMargins left="{MARGIN_IN}" right="{MARGIN_IN}" top="0.5" bottom="0.5" '
        'header="0.3" footer="0.3"/>'
    )
    scale = max(lowest, min(fit - 2, 100)) if fit >= lowest else max(lowest, 10)
    return "", margins + f'<pageSetup paperSize="9" scale="{scale}" orientation="landscape"/>'


def _smallest_font(ws: Worksheet, last_row: int, last_col: int) -> float:
    sizes = []
    for row in ws.iter_rows(min_row=1, max_row=last_row, max_col=last_col):
        for cell in row:
            if cell.value is None:
                continue
            sz = getattr(cell.font, "sz", None) or 11
            sizes.append(float(sz))
    return min(sizes, default=11.0)


def _row_points(ws: Worksheet, row: int) -> float:
    dim = ws.row_dimensions.get(row)
    if dim is not None and dim.hidden:
        return 0.0
    return float(dim.height) if (dim is not None and dim.height) else DEFAULT_ROW_PT


def row_breaks(
    ws: Worksheet,
    blocks: Sequence[tuple[int, int]],
    *,
    first_row: int,
    last_row: int,
    page_rows_pt: float,
) -> list[int]:
    """Rows after which a page ends so that each block (first row, last row) -- a table with
    its title -- prints whole on one page when it fits on one: a block that would cross the foot
    of a page starts the next one. A block taller than a page runs on as the application cuts
    it. ``page_rows_pt`` is the height (sheet points) a page holds below its repeated rows."""
    if not blocks:
        return []
    starts = {a: b for a, b in blocks}
    inside = {r for a, b in blocks for r in range(a, b + 1)}
    out: list[int] = []
    used = 0.0
    for r in range(first_row, last_row + 1):
        if r in starts:
            need = sum(_row_points(ws, i) for i in range(r, min(starts[r], last_row) + 1))
            if used and used + need > page_rows_pt and need <= page_rows_pt:
                out.append(r - 1)
                used = 0.0
        h = _row_points(ws, r)
        if used + h > page_rows_pt:  # the page is full: between tables, a break of ours (so
            if r not in inside and r > first_row:  # the plan is the pages); in a table taller
                out.append(r - 1)  # than a page, the application's own
            used = 0.0
        used += h
    return out


def column_pages(
    widths: Sequence[float], repeat: int, room: float, first_value: int
) -> list[int] | None:
    """Columns (1-based) after which a page ends across, for columns of ``widths`` points on
    pages of ``room`` points: the first page holds every label column (``first_value`` is the
    first column of numbers) and the following ones repeat columns ``1..repeat``; the value
    columns are shared out evenly so no page across is nearly empty. None when a page cannot
    hold the labels and one value column."""
    n = len(widths)
    lead = sum(widths[: first_value - 1])
    rep = sum(widths[:repeat])
    values = list(widths[first_value - 1 :])
    if not values or lead + values[0] > room or rep + max(values) > room:
        return None
    # the fewest pages: fill greedily, then even out the count of columns per page
    pages, used, cap = 1, lead, []
    count = 0
    for w in values:
        if used + w > room:
            cap.append(count)
            pages, used, count = pages + 1, rep, 0
        used += w
        count += 1
    cap.append(count)
    if pages == 1:
        return []
    per = math.ceil(len(values) / pages)
    breaks, c = [], first_value - 1
    for k in range(pages - 1):
        take = min(per, cap[k]) if k == 0 else per
        c += take
        if c >= n:
            break
        breaks.append(c)
    return breaks


def print_ranges(
    ws: Worksheet,
    blocks: Sequence[tuple[int, int]],
    widths: Sequence[float],
    room: float,
    last_row: int,
) -> list[tuple[int, int, int]]:
    """The print area of a sheet of several tables as ranges (first row, last row, last
    column), each printed on pages of its own: the leading tables that are one page across (a
    form) apart from the tables below, wider than a page, so the form prints on pages of its
    own columns, not beside pages across that hold nothing. One range when the first table is
    wider than a page or all are alike. ``widths`` are the columns' points, ``room`` the points
    a page across holds."""
    from openpyxl.utils.cell import range_boundaries

    spans = []
    for table in getattr(ws, "tables", {}).values():
        _c1, r1, c2, r2 = range_boundaries(table.ref)
        spans.append((r1, r2, c2))
    groups: list[list[int]] = []  # [first row, last row, last column, narrow]
    for k, (a, b) in enumerate(blocks):
        last = max(
            [c.column for row in ws.iter_rows(min_row=a, max_row=b) for c in row if c.value]
            + [c2 for r1, r2, c2 in spans if r1 <= b and r2 >= a]
            + [1]
        )
        narrow = int(sum(widths[:last]) <= room)
        start = 1 if k == 0 else a
        if groups and groups[-1][3] == narrow:
            groups[-1][1], groups[-1][2] = b, max(groups[-1][2], last)
        else:
            if groups:
                groups[-1][1] = start - 1
            groups.append([start, b, last, narrow])
    if len(groups) < 2 or not groups[0][3]:
        return [(1, last_row, len(widths))]
    rest = max(c for _a, _b, c, _n in groups[1:])
    return [(1, groups[0][1], groups[0][2]), (groups[0][1] + 1, last_row, rest)]


def set_print_layout(
    ws: Worksheet,
    *,
    title_rows: int | None = None,
    label_cols: int | None = None,
    min_pt: float = MIN_PRINT_PT,
    area: bool = True,
    extra_extent: tuple[int, int] = (0, 0),
    blocks: Sequence[tuple[int, int]] = (),
) -> dict[str, Any]:
    """A4 landscape, readable (smallest font >= ``min_pt``), titles repeated, no empty page,
    tables whole on a page where they fit.

    Parameters
    ----------
    ws : Worksheet
        A finished sheet (values, widths, row heights and fonts set).
    title_rows, label_cols : int, optional
        Rows ``1..title_rows`` repeated at the top of each page, columns ``A..label_cols`` at
        the left; by default those above and left of the frozen pane. A sheet of several
        ``blocks`` repeats only its title and legend rows (each table has its own header).
    min_pt : float
        Smallest printed font size allowed.
    area : bool
        Set the print area to what prints (False for a sheet filled later, e.g. Checks).
    extra_extent : (int, int)
        Last row and column of cells written outside openpyxl (streamed XML rows).
    blocks : sequence of (int, int)
        First and last row of each table (title to last row): a page break goes between
        tables so that each prints whole on a page when it fits on one.

    Returns
    -------
    dict
        ``scale`` (percent), ``fit_width`` (True when one page wide), ``print_area``,
        ``row_breaks`` and ``col_breaks`` (rows/columns after which a page ends).
    """
    from openpyxl.worksheet.pagebreak import Break, ColBreak, RowBreak

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_margins.left = ws.page_margins.right = MARGIN_IN
    ws.page_margins.top = ws.page_margins.bottom = MARGIN_TB_IN
    ws.print_options.gridLines = False
    frozen = ws.freeze_panes
    panes = label_cols is None and bool(frozen)  # label columns known from the frozen pane
    if frozen and (title_rows is None or label_cols is None):
        m = re.fullmatch(r"([A-Z]+)(\d+)", str(frozen))
        if m:
            if title_rows is None:
                title_rows = int(m.group(2)) - 1
            if label_cols is None:
                label_cols = col_number(m.group(1)) - 1
    last_row, last_col = used_extent(ws)
    last_row, last_col = max(last_row, extra_extent[0]), max(last_col, extra_extent[1])
    if last_row == 0:
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = 100
        return {
            "scale": 100,
            "fit_width": False,
            "print_area": None,
            "row_breaks": [],
            "col_breaks": [],
        }
    extent = f"A1:{col_letter(last_col)}{last_row}"
    blocks = [(a, b) for a, b in blocks if a <= last_row]
    if len(blocks) > 1:  # the first table's header would stand above every other table
        title_rows = min(title_rows or 2, 2, blocks[0][0] - 1)
    if not title_rows and last_row > 3:
        title_rows = 2  # the sheet's title and subtitle: every page says what it shows
    if label_cols is None:
        label_cols = 2  # no frozen pane: the code and name columns (capped below)
    if title_rows and title_rows < last_row:
        ws.print_title_rows = f"1:{title_rows}"
    widths = [column_points(ws, c) for c in range(1, last_col + 1)]
    total = sum(widths)
    smallest = _smallest_font(ws, last_row, last_col)
    fit, lowest = choose_scale(total, smallest, min_pt)
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    col_breaks: list[int] = []
    if fit >= lowest:  # one page wide, by an explicit scale (the printed size is then known:
        # "fit to width" lets the application shrink further for text running past the area)
        scale = max(lowest, min(fit - 2, 100))
        fit_width = True
    else:  # several pages across, each with the label columns
        scale = max(lowest, 10)
        fit_width = False
        room = PRINTABLE_WIDTH_PT * 0.98 / (scale / 100)
        # repeat the code and name columns (at most 45 % of a page), as many as keep the
        # fewest pages across, so each page across says which row it shows
        keep, used, fewest = 0, 0.0, None
        # a table under a pane frozen at column A (rows only): its first columns say what a
        # row is (not so on a sheet of lists side by side)
        for c in range(1, (label_cols or (2 if blocks else 0)) + 1):
            used += widths[c - 1]
            if used > room * 0.45:
                break
            plan = column_pages(widths, c, room, max(label_cols or 0, c) + 1)
            if plan is not None and (fewest is None or len(plan) <= fewest):
                keep, fewest = c, len(plan)
        below = range((title_rows or 0) + 1, last_row + 1)
        if keep == 1 and all(ws.cell(r, 1).value in (None, "") for r in below):
            keep = 0  # a margin column: repeated alone it would only show the title cut short
        if keep:  # column A also carries the sheet's title (row 1) onto each page across
            ws.print_title_cols = f"A:{col_letter(keep)}"
        if panes and keep and label_cols and label_cols < last_col:
            # the tables share their columns (labels, then years): break between years evenly
            col_breaks = column_pages(widths, keep, room, label_cols + 1) or []
    ws.page_setup.scale = scale
    repeated = sum(_row_points(ws, r) for r in range(1, (title_rows or 0) + 1))
    page_rows = PRINTABLE_HEIGHT_PT * PAGE_FILL / (scale / 100) - repeated
    ranges = [(1, last_row, last_col)]
    tall = sum(_row_points(ws, r) for r in range(1, last_row + 1)) > page_rows + repeated
    if not fit_width and tall and len(blocks) > 1:  # a form one page across above wide tables
        room = PRINTABLE_WIDTH_PT * 0.98 / (scale / 100)
        ranges = print_ranges(ws, blocks, widths, room, last_row)
    if area:
        extent = ",".join(f"A{a}:{col_letter(c)}{b}" for a, b, c in ranges)
        ws.print_area = extent
    breaks = []
    for a, b, _c in ranges:  # each range of the print area starts on a new page
        breaks += row_breaks(
            ws,
            [(x, min(y, b)) for x, y in blocks if a <= x <= b],
            first_row=max(a, (title_rows or 0) + 1),
            last_row=b,
            page_rows_pt=page_rows,
        )
    ws.row_breaks = RowBreak(brk=[Break(id=r) for r in breaks])
    ws.col_breaks = ColBreak(brk=[Break(id=c) for c in col_breaks])
    if not fit_width and len(blocks) > 1:  # a table's pages across follow each other
        ws.page_setup.pageOrder = "overThenDown"
    return {
        "scale": scale,
        "fit_width": fit_width,
        "print_area": extent if area else None,
        "row_breaks": breaks,
        "col_breaks": col_breaks,
    }
