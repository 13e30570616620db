"""Write the national review workbook (a new file xladdin owns, written with openpyxl).

Sheets (headers bilingual, English / Lao, from the glossary):

About, Status (one row per file), Findings (every finding, with its file), National (the totals
used; type totals here and re-run with ``--national review.xlsx``), Current and Constant
(provinces x lines x years), Discrepancy (sum of provinces vs national, with a chart), Growth
(real GDP growth by province, implied vs official national growth, faster/slower counts, charts),
Structure, PerCapita, Original / Adjusted / Difference (raking, cell by cell) with the Reconcile
log, Allocation (top-down), Districts.

Text that comes from a returned file is untrusted: a value starting with ``=``, ``+``, ``-`` or
``@`` is written as a text cell with the quote-prefix style, never as a formula
(:func:`safe_text`).
"""

from __future__ import annotations

import io
import math
import re
import sys
import unicodedata
import zipfile
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xladdin import __version__
from xladdin.review.geography import bilingual, industry_lines, province_names
from xladdin.review.levels import PER_CAPITA_NOTE, write_levels_sheets  # issue 9 (L1)
from xladdin.workbook.cells import xml_escape
from xladdin.workbook.excel_limits import EXCEL_MAX_TEXT as EXCEL_MAX_TEXT  # re-exported
from xladdin.workbook.excel_limits import FORMULA_LEADS, excel_text

if TYPE_CHECKING:
    from xladdin.review.results import ConsolidationResult

__all__ = ["label", "safe_text", "write_review"]

REVIEW_MARKER = "xladdin.review"
"""Custom document property naming a review workbook (consolidation skips such files)."""
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
TITLE_FONT = Font(bold=True, size=13)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
UNCONFIRMED = "†"
NUM = "#,##0.0"
SIGNED = "#,##0.0;[Red]-#,##0.0"
PCT = "0.00;[Red]-0.00"
ADJUSTMENT = '#,##0.000;[Red]-#,##0.000;"–"'
"""Number formats: billion kip; signed differences (negative in red); percent (as a number:
1.5 = 1.5 %); raking adjustments (zero shown as a dash, so the adjusted cells stand out)."""

# Review terms not (yet) in the glossary: English and a draft Lao label (marked † as unconfirmed).
_DRAFT = {
    "status": ("Status", "ສະຖານະ"),
    "file": ("File", "ໄຟລ໌"),
    "findings": ("Findings", "ບັນຫາທີ່ພົບ"),
    "national": ("National", "ຂັ້ນຊາດ"),
    "sum_of_provinces": ("Sum of provinces", "ຜົນລວມຂອງແຂວງ"),
    "difference": ("Difference", "ສ່ວນຕ່າງ"),
    "difference_pct": ("Difference (%)", "ສ່ວນຕ່າງ (%)"),
    "original": ("Original (as submitted)", "ຕົ້ນສະບັບ (ຕາມທີ່ສົ່ງມາ)"),
    "adjusted": ("Adjusted (raked)", "ປັບແລ້ວ"),
    "implied_growth": ("Growth implied by the sum of provinces", "ການຂະຫຍາຍຕົວຈາກຜົນລວມຂອງແຂວງ"),
    "official_growth": ("Official national growth", "ການຂະຫຍາຍຕົວຂັ້ນຊາດທາງການ"),
    "gap_points": ("Gap (points)", "ສ່ວນຕ່າງ (ຈຸດ)"),
    "faster": ("Provinces growing faster", "ແຂວງທີ່ຂະຫຍາຍຕົວໄວກວ່າ"),
    "slower": ("Provinces growing slower", "ແຂວງທີ່ຂະຫຍາຍຕົວຊ້າກວ່າ"),
    "allocation": ("Top-down allocation", "ການແບ່ງສັນຈາກເທິງລົງລຸ່ມ"),
    "severity": ("Severity", "ລະດັບ"),
    "message": ("Message", "ຂໍ້ຄວາມ"),
    "line": ("Line", "ແຖວ"),
    "basis": ("Prices", "ລາຄາ"),
}


def label(key: str) -> str:
    """``"English / ລາວ"`` for a glossary key (or a review draft term, marked †)."""
    if key in _DRAFT:
        en, lo = _DRAFT[key]
        try:
            t_en, t_lo = bilingual(key)
            if t_lo:
                return f"{t_en} / {t_lo}"
        except Exception:
            pass
        return f"{en} / {lo}{UNCONFIRMED}"
    en, lo = bilingual(key)
    return f"{en} / {lo}" if lo else en


def safe_text(cell: Any, value: Any) -> None:
    """Write ``value`` into an openpyxl cell; text is always stored as text, never a formula.

    Strings starting with ``= + - @`` (or a tab / carriage return) get the text data type and
    the quote-prefix style, so neither openpyxl nor Excel (even after F2 + Enter) treats them as
    a formula; NaN and infinities become an empty cell. Text goes through :func:`excel_text`
    (characters XML cannot hold replaced, text cut to Excel's 32,767 characters), so no text
    from a returned file can make the review fail to save.
    """
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        value = value.item()
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        cell.value = None
        return
    if isinstance(value, str):
        value = _clean(cell.parent.parent, value)
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_LEADS):
            cell.quotePrefix = True
        return
    if isinstance(value, (int, float, bool, datetime)):
        cell.value = value
        return
    safe_text(cell, str(value))


def _row(
    ws: Worksheet, r: int, values: list[Any], c0: int = 1, font: Font | None = None, fill=None
) -> None:
    for j, v in enumerate(values):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            if not (font or fill):
                continue
            v = None
        cell = ws.cell(r, c0 + j)
        if isinstance(v, float) and math.isfinite(v):
            cell.value = v
        else:
            safe_text(cell, v)
        if font:
            cell.font = font
        if fill:
            cell.fill = fill


def _header(ws: Worksheet, r: int, values: list[Any]) -> None:
    """A header row: bold on the header fill, wrapped (its height is set by :func:`fit_sheet`
    once the column widths are known, so a bilingual header shows whole)."""
    _row(ws, r, values, font=BOLD, fill=HEADER_FILL)
    for j in range(len(values)):
        ws.cell(r, 1 + j).alignment = WRAP


def unconfirmed_legend(ws: Worksheet, row: int = 3) -> int:
    """Say "† term not yet confirmed by LSB" once per sheet instead of on every label.

    The mark is taken off the sheet's titles (rows 1-2) and bold headers, each such cell keeps
    a note (hover) saying its Lao term is unconfirmed, and one legend line is written in column
    A of ``row`` (the empty row between a title and its table). The glossary keeps the mark
    (:attr:`xladdin.templates.data.Term.lo_marked`). A sheet whose ``row`` is in use keeps its
    marks. Returns the number of cells unmarked."""
    from openpyxl.comments import Comment

    from xladdin.templates.data import term

    if any(c.value is not None for c in ws[row]) if ws.max_row >= row else False:
        return 0
    t = term("unconfirmed_term")
    note = f"{UNCONFIRMED} {t.en} / {t.lo}"
    marked = 0
    for line in ws.iter_rows():
        for cell in line:
            v = cell.value
            if not (isinstance(v, str) and UNCONFIRMED in v):
                continue
            if not (cell.row <= 2 or (cell.font is not None and cell.font.b)):
                continue
            cell.value = v.replace(UNCONFIRMED, "")
            comment = Comment(note, "xladdin")
            comment.width, comment.height = 220, 40
            cell.comment = comment
            marked += 1
    if marked:
        cell = ws.cell(row, 1)
        safe_text(cell, note)
        cell.font = Font(italic=True)
    return marked


PAGE_ROWS = 40
"""Rows of a table that print on one landscape A4 page (523 pt inside the margins, 15 pt rows
at the 73-100 % scales the review prints at: 35-47 rows, less the repeated title rows)."""


def province_breaks(
    ws: Worksheet, first_row: int, provinces: list[Any], page_rows: int = PAGE_ROWS
) -> list[int]:
    """Manual page breaks before each province of a (province, line) x year table longer than a
    page, so a printed page never starts with the end of one province's lines; a province
    longer than a page breaks where the page ends. Returns the rows a page breaks after."""
    from openpyxl.worksheet.pagebreak import Break

    if len(provinces) <= page_rows:
        return []
    breaks: list[int] = []
    for i in range(1, len(provinces)):
        if provinces[i] != provinces[i - 1]:
            breaks.append(first_row + i - 1)
    for after in breaks:
        ws.row_breaks.append(Break(id=after))
    return breaks


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


def _text_width(text: str) -> float:
    """Width of ``text`` in column-width units (digits of Calibri 11): Lao vowel and tone marks
    (Unicode category Mn) take no width of their own."""
    return sum(0.0 if unicodedata.category(ch) == "Mn" else 1.0 for ch in text)


def fit_sheet(ws: Worksheet, line_pt: float = 15.0) -> None:
    """Column widths from the values as shown, header heights from the wrapped headers.

    A column is widened (never narrowed) to its longest formatted number plus two characters,
    so no number shows ``###`` (Excel shows ``###`` when a number does not fit; text is not
    measured: long labels keep their chosen width and run on or wrap). Each wrapped cell (a
    header) gets its row ``line_pt`` points per line it needs at the column's width, so a
    bilingual header ("Current prices / ລາຄາປະຈຸບັນ") is never clipped. Used by every sheet of
    the review workbook (:func:`write_review`)."""
    need: dict[int, float] = {}

    def see(col: int, value: Any, fmt: str | None) -> None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            need[col] = max(need.get(col, 0.0), _text_width(shown_text(value, fmt)) + 2)

    for row in ws.iter_rows():
        for cell in row:
            see(cell.column, cell.value, cell.number_format)
    bulk = ws.parent.__dict__.get("_xladdin_bulk", {}).get(ws.title)
    for (_first, rows, _styles), formats in zip(
        bulk.blocks if bulk else [], bulk.formats if bulk else [], strict=False
    ):
        for row in rows:
            for j, v in enumerate(row):
                see(j + 1, v, formats[j] if j < len(formats) else None)
    for col, w in need.items():
        letter = get_column_letter(col)
        # .get: indexing creates a dimension with openpyxl's default width 13, then written
        dim = ws.column_dimensions.get(letter)
        have = dim.width if dim is not None and dim.width else 8.43
        if have < w:
            ws.column_dimensions[letter].width = min(w, 60)
    heights: dict[int, float] = {}
    for row in ws.iter_rows():
        for cell in row:
            if not (isinstance(cell.value, str) and cell.alignment and cell.alignment.wrap_text):
                continue
            dim = ws.column_dimensions.get(get_column_letter(cell.column))
            per_line = max(1.0, ((dim.width if dim is not None and dim.width else 8.43) - 1) * 0.9)
            lines = sum(
                max(1, math.ceil(_text_width(part) / per_line)) for part in cell.value.split("\n")
            )
            size = float(getattr(cell.font, "sz", None) or 11)
            heights[cell.row] = max(heights.get(cell.row, 0.0), lines * line_pt * size / 11)
    for r, h in heights.items():
        have = ws.row_dimensions[r].height or 0
        if h > have:
            ws.row_dimensions[r].height = min(h, 409)  # Excel's largest row height


def _title(ws: Worksheet, key_or_text: str, note: str = "") -> int:
    text = label(key_or_text) if (key_or_text in _DRAFT) else key_or_text
    safe_text(ws["A1"], text)
    ws["A1"].font = TITLE_FONT
    if note:
        safe_text(ws["A2"], note)
    return 4


def _widths(ws: Worksheet, widths: dict[int, float]) -> None:
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = w


@lru_cache(maxsize=1)
def _line_names() -> dict[str, tuple[str, str]]:
    lines = industry_lines()
    return {
        c: (str(r.name_en), str(r.name_lo))
        for c, r in zip(lines.index, lines.itertuples(), strict=True)
    }


def _line_name(code: str) -> tuple[str, str]:
    return _line_names().get(code, (code, ""))


def _panel_sheet(
    ws: Worksheet, title: str, df: pd.DataFrame, note: str = "", fmt: str = "#,##0.0"
) -> int:
    """A (province, line) x year panel with names; returns the last row written.

    The data rows are streamed into the sheet XML after openpyxl has saved (:class:`_Bulk`)."""
    r = _title(ws, title, note)
    if df is None or df.empty:
        safe_text(ws.cell(r, 1), "(no data)")
        return r
    names = province_names()
    years = list(df.columns)
    _header(
        ws,
        r,
        [
            label("province_code"),
            label("province"),
            label("code"),
            label("sector"),
            "ລາວ / Lao",
            *map(str, years),
        ],
    )
    rows = []
    for (prov, line), values in zip(df.index, df.to_numpy(float).tolist(), strict=True):
        en, lo = _line_name(line)
        rows.append([prov, names.get(prov, (prov, ""))[0], line, en, lo, *values])
    _Bulk.of(ws).add(r + 1, rows, [None] * 5 + [fmt] * len(years))
    province_breaks(ws, r + 1, [row[0] for row in rows])
    ws.freeze_panes = "F5"
    _widths(ws, {1: 10, 2: 20, 3: 7, 4: 40, 5: 30} | {6 + j: 11 for j in range(len(years))})
    return r + len(rows)


class _Bulk:
    """Rows appended to a sheet's XML after openpyxl has written the package.

    openpyxl serialises about 50,000 cells a second; the panels of a national review hold tens of
    thousands of cells, so their data rows are written here as plain XML (numbers as ``<v>``,
    text as inline strings, which are never formulas; text starting with ``= + - @`` also gets
    the quote-prefix style)."""

    def __init__(self, ws: Worksheet):
        self.ws = ws
        self.blocks: list[tuple[int, list[list[Any]]]] = []
        self.formats: list[list[str | None]] = []  # per block, per column (widths from them)

    @classmethod
    def of(cls, ws: Worksheet) -> _Bulk:
        wb = ws.parent
        registry = wb.__dict__.setdefault("_xladdin_bulk", {})
        if ws.title not in registry:
            registry[ws.title] = cls(ws)
        return registry[ws.title]

    def add(
        self, first_row: int, rows: list[list[Any]], formats: str | list[str | None] | None = None
    ) -> None:
        """Queue ``rows`` from ``first_row``; numbers get ``formats`` (one number format for
        every column, or one per column, ``None`` = General)."""
        width = max((len(row) for row in rows), default=0)
        if formats is None or isinstance(formats, str):
            formats = [formats] * width
        wb = self.ws.parent
        styles = [f' s="{number_style(wb, f)}"' if f else "" for f in formats]
        styles += [""] * (width - len(styles))
        self.blocks.append((first_row, rows, styles))
        self.formats.append(list(formats))

    def xml(self, quote_style: int) -> str:
        out: list[str] = []
        width = max((len(row) for _, rows, _ in self.blocks for row in rows), default=0)
        letters = [get_column_letter(j + 1) for j in range(width)]
        inf = math.inf
        for first, rows, styles in self.blocks:
            for r, row in enumerate(rows, start=first):
                cells = []
                for col, v, st in zip(letters, row, styles, strict=False):
                    if v is None:
                        continue
                    kind = type(v)
                    if kind is float:
                        if v != v or v in (inf, -inf):
                            continue
                        cells.append(f'<c r="{col}{r}"{st}><v>{v!r}</v></c>')
                        continue
                    if hasattr(v, "item") and callable(v.item):  # numpy scalar
                        v = v.item()
                        kind = type(v)
                    if kind is bool:
                        cells.append(f'<c r="{col}{r}" t="b"><v>{int(v)}</v></c>')
                    elif kind in (int, float):
                        if kind is float and not math.isfinite(v):
                            continue
                        cells.append(f'<c r="{col}{r}"{st}><v>{v!r}</v></c>')
                    else:
                        text = _clean(self.ws.parent, str(v))
                        style = f' s="{quote_style}"' if text.startswith(FORMULA_LEADS) else ""
                        cells.append(
                            f'<c r="{col}{r}"{style} t="inlineStr"><is><t xml:space="preserve">'
                            f"{_xml_text(text)}</t></is></c>"
                        )
                out.append(f'<row r="{r}">{"".join(cells)}</row>')
        return "".join(out)


def number_style(wb: Workbook, number_format: str) -> int:
    """The cell-style index (``s=``) of a plain cell with ``number_format`` in ``wb``, for cells
    written as XML by :class:`_Bulk` (openpyxl writes every registered style to styles.xml)."""
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, BUILTIN_FORMATS_REVERSE

    style = StyleArray()
    if number_format in BUILTIN_FORMATS_REVERSE:
        style.numFmtId = BUILTIN_FORMATS_REVERSE[number_format]
    else:
        style.numFmtId = wb._number_formats.add(number_format) + BUILTIN_FORMATS_MAX_SIZE
    return wb._cell_styles.add(style)


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold (openpyxl raises ``IllegalCharacterError`` for the control
characters; lone surrogates, e.g. from undecodable file names, cannot be encoded in UTF-8)."""
# EXCEL_MAX_TEXT and excel_text (bad characters replaced, text cut to Excel's 32,767 UTF-16
# units with a note) are the workbook layer's, shared by every writer: see
# xladdin.workbook.excel_limits (imported above).


def _clean(wb: Workbook, text: str) -> str:
    """:func:`excel_text`, counting the cells changed on ``wb`` (said on the About sheet)."""
    text, bad, cut = excel_text(text)
    if bad or cut:
        counts = wb.__dict__.setdefault("_xladdin_cleaned", [0, 0])
        counts[0] += bad
        counts[1] += cut
    return text


def _xml_text(text: str) -> str:
    return xml_escape(_XML_BAD.sub("\ufffd", text))


def _save(
    wb: Workbook, path: Any, quote_style: int, bulk_xml: dict[str, str] | None = None
) -> None:
    """Save through openpyxl into memory (stored, uncompressed), insert the bulk rows into their
    sheets, and write the final package once, compressed, to ``path`` (a path or a binary
    file). ``bulk_xml``: the rows already rendered (sheet title -> XML)."""
    from openpyxl.writer.excel import ExcelWriter

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        wb.properties.modified = datetime.now(UTC).replace(tzinfo=None)
        ExcelWriter(wb, archive).save()
    registry: dict[str, _Bulk] = wb.__dict__.get("_xladdin_bulk", {})
    parts = {f"xl/worksheets/sheet{i + 1}.xml": ws.title for i, ws in enumerate(wb.worksheets)}
    with (
        zipfile.ZipFile(buf) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=4) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            title = parts.get(info.filename)
            if title in registry:
                text = data.decode("utf-8")
                bulk = (bulk_xml or {}).get(title) or registry[title].xml(quote_style)
                # openpyxl's rows (titles, headers) come first; its <dimension> no longer
                # covers the sheet, and is optional, so it is dropped.
                text = re.sub(r"<dimension [^>]*/>", "", text, count=1)
                text, bulk = _merge_rows(text, bulk)
                if "<sheetData/>" in text:
                    text = text.replace("<sheetData/>", f"<sheetData>{bulk}</sheetData>")
                else:
                    text = text.replace("</sheetData>", bulk + "</sheetData>", 1)
                data = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, data)


_EMPTY_ROW = re.compile(r'<row r="(\d+)"([^>]*?)(?:/>|></row>)')
_BULK_ROW = re.compile(r'<row r="(\d+)">')


def _merge_rows(sheet_xml: str, bulk: str) -> tuple[str, str]:
    """One ``<row>`` element per row number, in order: openpyxl writes an empty ``<row>`` for
    every row whose dimensions were touched (heights, print layout); from the first bulk row on
    they are taken out of openpyxl's part, their attributes moved onto the bulk row of the same
    number, and the rest appended after the bulk rows. (Two elements for one row make readers
    show the first, empty one, and Excel repair the file.)"""
    numbers = [int(n) for n in _BULK_ROW.findall(bulk)]
    if not numbers:
        return sheet_xml, bulk
    first = min(numbers)
    moved: dict[int, str] = {}

    def take(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if n < first:
            return m.group(0)
        moved[n] = m.group(2)
        return ""

    sheet_xml = _EMPTY_ROW.sub(take, sheet_xml)
    if not moved:
        return sheet_xml, bulk
    have = set(numbers)
    bulk = _BULK_ROW.sub(
        lambda m: f'<row r="{m.group(1)}"{moved.get(int(m.group(1)), "")}>', bulk
    )
    tail = "".join(f'<row r="{n}"{moved[n]}/>' for n in sorted(moved) if n not in have)
    return sheet_xml, bulk + tail


def _write_status(ws: Worksheet, result: ConsolidationResult) -> None:
    r = _title(ws, "status", f"{len(result.submissions)} file(s); {len(result.used)} consolidated")
    cols = [
        ("file", label("file")),
        ("level", "Level / ລະດັບ"),
        ("code", label("code")),
        ("province", label("province")),
        ("period", label("year")),
        ("template", label("template")),
        ("base_year", label("base_year")),
        ("stamped_by", label("compiler")),
        ("stamped_utc", "Stamped (UTC) / ເວລາປະທັບ"),
        ("signed_by", "Digitally signed by / ລົງລາຍເຊັນດິຈິຕອນໂດຍ"),  # xladdin/signing
        ("status", label("status")),
        ("errors", "Errors / ຂໍ້ຜິດພາດ"),
        ("warnings", "Warnings / ຄຳເຕືອນ"),
        ("stamped_validation", "Validation when stamped / ການກວດສອບເມື່ອຢັ້ງຢືນ†"),
        ("consolidated", "Consolidated / ລວມແລ້ວ"),
        ("stamp", "Stamp / ການປະທັບ†"),
        ("numbers", "Numbers summed / ຕົວເລກທີ່ລວມ†"),
        ("accepted", "Accepted by the reviewer / ຜູ້ທົບທວນຍອມຮັບ†"),
        ("superseded_by", "Superseded by / ຖືກແທນທີ່ດ້ວຍ†"),
        ("reason_en", "Why (refused, superseded, errors)"),
        ("reason_lo", "ເຫດຜົນ (ປະຕິເສດ, ຖືກແທນທີ່, ຂໍ້ຜິດພາດ)†"),
    ]
    _header(ws, r, [c[1] for c in cols])
    for c in range(1, len(cols) + 1):
        ws.cell(r, c).alignment = WRAP
    ws.row_dimensions[r].height = 32
    fills = {"ok": "C6EFCE", "warnings": "FFEB9C", "errors": "FFC7CE", "refused": "FF9999"}
    keys = [k for k, _ in cols]
    status_col, stamp_col, cons_col = (
        keys.index(k) + 1 for k in ("status", "stamp", "consolidated")
    )
    red = PatternFill("solid", fgColor="FF9999")
    for row in result.stats.get("status", []):
        r += 1
        _row(ws, r, [row.get(k) for k in keys])
        colour = fills.get(row["status"])
        if colour:
            ws.cell(r, status_col).fill = PatternFill("solid", fgColor=colour)
        if row.get("stamp") in ("CHANGED", "missing", "unknown"):
            ws.cell(r, stamp_col).fill = red
            ws.cell(r, stamp_col).font = BOLD
        if row["consolidated"] != "consolidated":
            ws.cell(r, cons_col).font = BOLD
        if str(row.get("accepted") or "").startswith("not accepted"):
            ws.cell(r, keys.index("accepted") + 1).fill = red
        for c in range(1, len(keys) + 1):  # the reasons wrap; the row reads from the top
            ws.cell(r, c).alignment = WRAP if c >= len(keys) - 1 else TOP
        chars = max(len(row.get("reason_en") or ""), len(row.get("reason_lo") or "") * 1.3)
        if chars > 70:  # readers do not grow rows for wrapped text written by openpyxl
            ws.row_dimensions[r].height = 13 * math.ceil(chars / 70)
    ws.freeze_panes = "B5"
    _widths(
        ws,
        {1: 30, 2: 9, 3: 7, 4: 18, 5: 10, 6: 16, 7: 8, 8: 14, 9: 20, 10: 10, 11: 8, 12: 9}
        | {13: 28, 14: 15, 15: 10, 16: 13, 17: 40, 18: 18, 19: 60, 20: 60},
    )


def _write_findings(ws: Worksheet, result: ConsolidationResult) -> None:
    r = _title(
        ws, "findings", result.report.to_text().splitlines()[-1] if len(result.report) else ""
    )
    _header(
        ws,
        r,
        [
            label("file"),
            label("severity"),
            label("code"),
            "Category / ປະເພດ",
            "Sheet",
            "Cell",
            "Message (English)",
            "ຂໍ້ຄວາມ (ລາວ)",
        ],
    )
    rows = [
        [
            f.details.get("file", ""),
            f.severity.value,
            f.code,
            f.category.value,
            f.sheet,
            f.cell,
            f.message_en,
            f.message_lo,
        ]
        for f in result.report.sorted()
    ]
    _Bulk.of(ws).add(r + 1, rows)
    ws.freeze_panes = "A5"
    _widths(ws, {1: 30, 2: 9, 3: 26, 4: 12, 5: 14, 6: 9, 7: 80, 8: 80})


def _write_national(ws: Worksheet, result: ConsolidationResult) -> None:
    note = (
        f"Used: {result.national.source}"
        if result.national is not None and not result.national.frame.empty
        else "Type national totals here (billion kip) and run again with --national <this workbook>."
    )
    r = _title(ws, "national", note)
    _row(
        ws,
        r,
        [
            label("code"),
            label("year"),
            label("current_prices"),
            label("constant_prices"),
            label("growth_rate") + " (%)",
        ],
        font=BOLD,
    )
    r += 1
    _header(ws, r, ["industry", "year", "current", "constant", "growth"])
    nat = result.national.frame if result.national is not None else pd.DataFrame()
    if not nat.empty:
        values = nat[["current", "constant", "growth"]].to_numpy(float).tolist()
        rows = [[line, int(year), *v] for (line, year), v in zip(nat.index, values, strict=True)]
    elif not result.tables.sum_current.empty:  # an empty form with the lines and years
        s = result.tables.sum_current
        rows = [[line, int(year)] for line in s.index for year in s.columns]
    else:
        rows = []
    _Bulk.of(ws).add(r + 1, rows, [None, "0", "#,##0.0", "#,##0.0", "0.00"])
    _widths(ws, {1: 12, 2: 8, 3: 16, 4: 16, 5: 14})


def _write_discrepancy(
    ws: Worksheet, result: ConsolidationResult, tolerance_pct: float = 0.05
) -> None:
    r = _title(
        ws,
        "Sum of provinces vs national / ຜົນລວມຂອງແຂວງ ທຽບກັບຂັ້ນຊາດ",
        "Current prices are additive (raked on the Adjusted sheet); constant prices are reported, "
        f"not forced. Red: difference beyond {tolerance_pct:g} %.",
    )
    comp = result.tables.comparison
    # Chart block: GDP at current prices, provinces vs national, by year.
    sums = result.tables.sum_current
    nat = result.national.value("current") if result.national is not None else pd.DataFrame()
    years = list(sums.columns) if not sums.empty else []
    _header(
        ws,
        r,
        [
            label("year"),
            label("sum_of_provinces"),
            label("national"),
            label("difference"),
            label("difference_pct"),
        ],
    )
    for c in range(1, 6):
        ws.cell(r, c).alignment = WRAP
    ws.row_dimensions[r].height = 30
    top = r
    pcts = [0.0]
    for y in years:
        r += 1
        s = sums.loc["GDP", y] if "GDP" in sums.index else None
        n = (
            nat.loc["GDP", y]
            if (not nat.empty and "GDP" in nat.index and y in nat.columns)
            else None
        )
        ok = s is not None and n is not None and not (pd.isna(s) or pd.isna(n))
        diff = float(s - n) if ok else None
        pct = float(diff / n * 100) if ok and n else None
        _row(ws, r, [str(y), s, n, diff, pct])
        if pct is not None:
            pcts.append(pct)
        for c, fmt in ((2, NUM), (3, NUM), (4, SIGNED), (5, PCT)):
            ws.cell(r, c).number_format = fmt
    if years:
        chart = LineChart()
        chart.title = (
            "GDP, current prices: sum of provinces vs national (billion kip)\n"
            "ຈີດີພີ ລາຄາໃນປີ: ຜົນລວມຂອງແຂວງ ທຽບກັບຂັ້ນຊາດ (ຕື້ກີບ)"
        )
        chart.y_axis.title = "billion kip / ຕື້ກີບ"
        chart.y_axis.scaling.min = 0  # a level: from zero, so differences keep their size
        chart.y_axis.delete = chart.x_axis.delete = False
        chart.add_data(
            Reference(ws, min_col=2, max_col=3, min_row=top, max_row=r), titles_from_data=True
        )
        chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=r))
        chart.height, chart.width = 7.5, 16
        chart.legend.position = "b"
        _straight(chart)
        ws.add_chart(_readable(chart), "G4")
        gap = BarChart()
        gap.type = "col"
        gap.title = (
            "GDP: sum of provinces minus national (% of national)\n"
            "ຈີດີພີ: ຜົນລວມຂອງແຂວງ ລົບ ຂັ້ນຊາດ (% ຂອງຂັ້ນຊາດ)"
        )
        gap.y_axis.title = "%"
        gap.add_data(Reference(ws, min_col=5, min_row=top, max_row=r), titles_from_data=True)
        gap.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=r))
        gap.height, gap.width = 7.5, 16
        gap.legend = None
        # bars grow from zero, year labels below the plot even when every bar is negative
        gap.y_axis.scaling.min = math.floor(min(pcts))
        gap.y_axis.scaling.max = math.ceil(max(pcts))
        gap.x_axis.tickLblPos = "low"
        gap.y_axis.delete = gap.x_axis.delete = False
        ws.add_chart(_readable(gap), "G20")
    r = max(r + 2, 37) if years else r + 2
    _header(
        ws,
        r,
        [
            label("basis"),
            label("code"),
            label("sector"),
            label("year"),
            label("sum_of_provinces"),
            label("national"),
            label("difference"),
            label("difference_pct"),
        ],
    )
    rows = [
        [
            row.basis,
            row.line,
            _line_name(row.line)[0],
            int(row.year),
            row.provinces,
            row.national,
            row.difference,
            row.pct,
        ]
        for row in (comp.itertuples(index=False) if not comp.empty else [])
    ]
    for c in range(1, 9):
        ws.cell(r, c).alignment = WRAP
    ws.row_dimensions[r].height = 30
    _Bulk.of(ws).add(r + 1, rows, [None, None, None, "0", NUM, NUM, SIGNED, PCT])
    if rows:  # a difference beyond the tolerance stands out (and the GDP block above)
        flag = FormulaRule(
            formula=[f"ABS(H{r + 1})>{tolerance_pct}"], fill=PatternFill("solid", fgColor="FFC7CE")
        )
        ws.conditional_formatting.add(f"H{r + 1}:H{r + len(rows)}", flag)
        gdp = FormulaRule(
            formula=[f"ABS(E{top + 1})>{tolerance_pct}"],
            fill=PatternFill("solid", fgColor="FFC7CE"),
        )
        ws.conditional_formatting.add(f"E{top + 1}:E{top + len(years)}", gdp)
    _widths(ws, {1: 12, 2: 14, 3: 36, 4: 12, 5: 16, 6: 16, 7: 14, 8: 12})


def _readable(chart: BarChart | LineChart) -> BarChart | LineChart:
    """Axis labels at 11 pt (the default 10 pt prints below 8 pt on a sheet scaled to 73 %)."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties

    def rich() -> RichText:
        size = CharacterProperties(sz=1100)
        return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=size), endParaRPr=size)])

    for axis in (chart.x_axis, chart.y_axis):
        axis.txPr = rich()
        title = axis.title
        if title is not None and title.tx is not None and title.tx.rich is not None:
            for para in title.tx.rich.p:
                para.pPr = ParagraphProperties(defRPr=CharacterProperties(sz=1100))
                for run in para.r or []:
                    run.rPr = CharacterProperties(sz=1100)
    if chart.legend is not None:
        chart.legend.txPr = rich()
    return chart


def _straight(chart: LineChart) -> None:
    """Straight segments with a marker per year (openpyxl's default smoothing invents turns)."""
    for series in chart.series:
        series.smooth = False
        series.marker.symbol = "circle"
        series.marker.size = 5


def _write_growth(ws: Worksheet, result: ConsolidationResult) -> None:
    r = _title(ws, f"{label('growth_rate')}: GDP, {label('constant_prices')} (%)")
    g = result.tables.growth
    names = province_names()
    if g.empty:
        safe_text(ws.cell(r, 1), "(no data)")
        return
    years = list(g.columns)
    _header(ws, r, [label("province_code"), label("province"), *map(str, years)])
    top = r
    for prov, values in g.iterrows():
        r += 1
        _row(ws, r, [prov, names.get(prov, (prov, ""))[0], *values.tolist()])
        for j in range(len(years)):
            ws.cell(r, 3 + j).number_format = "0.00"
    last_prov = r
    chart = BarChart()
    chart.type = "col"
    chart.title = (
        f"GDP growth by province, {years[-1]} (%)\n"
        f"ອັດຕາການຂະຫຍາຍຕົວ ຈີດີພີ ຕາມແຂວງ, {years[-1]} (%)"
    )
    # bars from zero (an axis starting at 4.8 makes 5.06 against 5.55 look like 1 : 3)
    latest = [float(v) for v in g[years[-1]].tolist() if v is not None and not pd.isna(v)]
    chart.y_axis.scaling.min = math.floor(min([0.0, *latest]))
    chart.y_axis.scaling.max = math.ceil(max([0.0, *latest])) or 1
    chart.x_axis.tickLblPos = "low"
    chart.y_axis.delete = chart.x_axis.delete = False
    chart.legend = None
    chart.add_data(
        Reference(ws, min_col=2 + len(years), min_row=top, max_row=last_prov), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=2, min_row=top + 1, max_row=last_prov))
    chart.height, chart.width = 8, 18
    ws.add_chart(_readable(chart), f"{get_column_letter(len(years) + 4)}4")
    r += 3
    summary = result.tables.growth_summary
    _header(
        ws,
        r,
        [
            label("year"),
            label("implied_growth"),
            label("official_growth"),
            label("gap_points"),
            label("faster"),
            label("slower"),
            "Provinces / ແຂວງ",
        ],
    )
    s_top = r
    for c in range(1, 8):
        ws.cell(r, c).alignment = WRAP
    ws.row_dimensions[r].height = 58
    for y, row in summary.iterrows():
        r += 1
        _row(
            ws,
            r,
            [
                str(y),
                row["implied"],
                row["official"],
                row["gap"],
                row["faster"],
                row["slower"],
                row["provinces"],
            ],
        )
        for c in (2, 3, 4):
            ws.cell(r, c).number_format = "0.00"
    line = LineChart()
    line.title = (
        "Growth: sum of provinces vs official national (%)\n"
        "ອັດຕາການຂະຫຍາຍຕົວ: ຜົນລວມຂອງແຂວງ ທຽບກັບ ຕົວເລກທາງການຂັ້ນຊາດ (%)"
    )
    line.y_axis.delete = line.x_axis.delete = False
    line.add_data(
        Reference(ws, min_col=2, max_col=3, min_row=s_top, max_row=r), titles_from_data=True
    )
    line.set_categories(Reference(ws, min_col=1, min_row=s_top + 1, max_row=r))
    line.height, line.width = 8, 18
    _straight(line)
    ws.add_chart(_readable(line), f"{get_column_letter(len(years) + 4)}22")
    _widths(ws, {1: 10, 2: 22} | {c: 12 for c in range(3, 8)})


def _write_simple_panel(ws: Worksheet, title: str, df: pd.DataFrame, fmt: str) -> None:
    r = _title(ws, title)
    if df.empty:
        safe_text(ws.cell(r, 1), "(no data)")
        return
    names = province_names()
    years = list(df.columns)
    _header(ws, r, [label("province_code"), label("province"), label("code"), *map(str, years)])
    rows = [
        [prov, names.get(prov, (prov, ""))[0], line, *values]
        for (prov, line), values in zip(df.index, df.to_numpy(float).tolist(), strict=True)
    ]
    _Bulk.of(ws).add(r + 1, rows, [None] * 3 + [fmt] * len(years))
    province_breaks(ws, r + 1, [row[0] for row in rows])
    _widths(ws, {1: 10, 2: 20, 3: 12})


def _write_reconcile(wb: Workbook, result: ConsolidationResult) -> None:
    rec = result.reconciliation
    if rec is None:
        ws = wb.create_sheet("Adjusted")
        _title(
            ws, "adjusted", "No reconciliation: national totals at current prices were not given."
        )
        return
    skipped = [f for f in rec.findings if f.code == "reconcile-incomplete"]
    warn = ""
    if skipped:
        years = sorted(int(f.details.get("year", 0)) for f in skipped)
        shown = skipped[0].details.get("provinces", "")
        warn = (
            f"NOT RAKED in {_year_list(years)}: province(s) {shown} have no data, so the provinces "
            "that reported would be given their share (finding reconcile-incomplete). "
            "--rake-incomplete rakes them anyway. / ບໍ່ໄດ້ປັບ: ບາງແຂວງບໍ່ມີຂໍ້ມູນ†"
        )
    _panel_sheet(
        wb.create_sheet("Original"),
        "original",
        rec.original,
        "Current prices as submitted (billion kip).",
    )
    _panel_sheet(
        wb.create_sheet("Adjusted"),
        "adjusted",
        rec.adjusted,
        "Raked to the national totals; sectors, GVA and GDP re-added.",
    )
    _panel_sheet(
        wb.create_sheet("Difference"),
        "difference",
        rec.difference,
        "Adjusted minus original, cell by cell (billion kip; – = not adjusted).",
        fmt=ADJUSTMENT,
    )
    ws = wb.create_sheet("Reconcile")
    r = _title(ws, "Raking log / ບັນທຶກການປັບ", "One row per national line and year raked.")
    if warn:
        for name in ("Original", "Adjusted", "Difference", "Reconcile"):
            cell = wb[name]["A3"]
            safe_text(cell, warn)
            cell.font = Font(bold=True, color="C00000")
    _header(
        ws,
        r,
        [
            label("line"),
            label("year"),
            label("national"),
            "Before / ກ່ອນ",
            "After / ຫຼັງ",
            "Met / ບັນລຸ",
        ],
    )
    _widths(ws, {1: 10, 2: 10, 3: 18, 4: 18, 5: 18, 6: 10})
    for row in rec.log.itertuples(index=False) if not rec.log.empty else []:
        r += 1
        _row(
            ws,
            r,
            [
                row.line,
                int(row.year),
                row.national,
                row.before,
                row.after,
                "yes" if row.met else "NO",
            ],
        )
        for c in (3, 4, 5):
            ws.cell(r, c).number_format = NUM
        if not row.met:
            ws.cell(r, 6).font = Font(bold=True, color="C00000")
    _write_rake_check(ws, result)


def _write_rake_check(ws: Worksheet, result: ConsolidationResult) -> None:
    """Beside the log: the adjusted provinces summed per national line and year raked, against
    the national total. Lines raked directly match exactly; a sector, GVA or GDP line is
    re-added from its parts, so it differs only when the national file's own total is not the
    sum of its parts (rounding)."""
    rec = result.reconciliation
    if rec is None or rec.log.empty or result.national is None:
        return
    nat = result.national.value("current")
    total = rec.adjusted.groupby(level="line", sort=False).sum(min_count=1)
    years = sorted({int(y) for y in rec.log["year"]})
    c0, r = 8, 4
    safe_text(
        ws.cell(2, c0),
        "Check: adjusted provinces summed vs the national total (raked years). / ກວດ: ຜົນລວມແຂວງ"
        " ຫຼັງປັບ ທຽບກັບຂັ້ນຊາດ†",
    )
    safe_text(
        ws.cell(3, c0),
        "Yellow: a sector, GVA or GDP total of the national file is not the sum of its own parts "
        "(rounding); the provinces add up to the parts.",
    )
    _row(
        ws,
        r,
        [
            label("line"),
            label("year"),
            label("national"),
            label("sum_of_provinces"),
            label("difference"),
        ],
        c0=c0,
        font=BOLD,
        fill=HEADER_FILL,
    )
    for line in [x for x in total.index if x in nat.index]:
        for y in years:
            if y not in nat.columns or y not in total.columns or pd.isna(nat.loc[line, y]):
                continue
            r += 1
            n, t = float(nat.loc[line, y]), float(total.loc[line, y])
            d = round(t - n, 6) + 0.0  # no -0.000 from floating-point noise
            _row(ws, r, [line, y, n, t, d], c0=c0)
            for c, fmt in ((c0 + 2, NUM), (c0 + 3, NUM), (c0 + 4, "#,##0.000;[Red]-#,##0.000;0")):
                ws.cell(r, c).number_format = fmt
            if abs(d) > 0.05:
                ws.cell(r, c0 + 4).fill = PatternFill("solid", fgColor="FFEB9C")
    _widths(ws, {c0: 10, c0 + 1: 10, c0 + 2: 18, c0 + 3: 18, c0 + 4: 14})


def _year_list(years: list[int]) -> str:
    """``2018-2020, 2023`` from a list of years."""
    runs: list[list[int]] = []
    for y in sorted(set(years)):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _write_allocation(ws: Worksheet, result: ConsolidationResult, key: str) -> None:
    df = result.allocation
    note = {
        "population": "National current-price totals distributed by population (returned file's population, else the 2015 census).",
        "gva": "National current-price totals distributed by each province's own current-price value of the line.",
    }.get(key, key)
    r = _title(ws, "allocation", note)
    if df.empty:
        safe_text(ws.cell(r, 1), "(no national totals)")
        return
    names = province_names()
    _header(ws, r, [label("province_code"), label("province"), *list(df.columns)])
    rows = [
        [prov, names.get(prov, (prov, ""))[0], *vals]
        for prov, vals in zip(df.index, df.to_numpy(float).tolist(), strict=True)
    ]
    _Bulk.of(ws).add(r + 1, rows, [None, None] + [NUM] * len(df.columns))


def _write_districts(ws: Worksheet, result: ConsolidationResult) -> None:
    r = _title(ws, f"{label('district')}: {label('composite_index')} – {label('growth_rate')} (%)")
    df = result.tables.districts
    if df.empty:
        safe_text(ws.cell(r, 1), "(no district files)")
        return
    _header(ws, r, [label("province_code"), label("district_code"), *map(str, df.columns)])
    rows = [[p, d, *v] for (p, d), v in zip(df.index, df.to_numpy(float).tolist(), strict=True)]
    _Bulk.of(ws).add(r + 1, rows, [None, None] + ["0.00"] * len(df.columns))


_EXIT_MEANING = {
    0: "consolidated, no errors",
    1: "consolidated, errors found",
    2: "at least one file refused, not consolidated",
}


def _counts_line(result: ConsolidationResult) -> str:
    c = result.report.counts()
    code = result.report.exit_code
    return (
        f"Findings: {c['error']} error(s), {c['warning']} warning(s), {c['info']} info; "
        f"exit code {code} ({_EXIT_MEANING.get(code, '')})."
    )


def _attention_lines(result: ConsolidationResult) -> list[str]:
    """Which files were refused, changed after stamping, superseded (see the Status sheet)."""
    rows = result.stats.get("status", [])
    groups = (
        ("Refused (not consolidated) / ຖືກປະຕິເສດ†", [r for r in rows if r["refused"]]),
        (
            "Data changed after stamping / ຂໍ້ມູນປ່ຽນແປງຫຼັງການປະທັບ†",
            [r for r in rows if r.get("stamp") == "CHANGED"],
        ),
        (
            "Summed because the reviewer accepted them / ລວມເພາະຜູ້ທົບທວນຍອມຮັບ†",
            [r for r in rows if str(r.get("accepted") or "").startswith("accepted")],
        ),
        (
            "Superseded by a later file / ຖືກແທນທີ່†",
            [r for r in rows if r["consolidated"] == "superseded"],
        ),
    )
    return [
        f"{title}: {len(found)}: {', '.join(r['file'] for r in found)} (Status sheet)."
        for title, found in groups
        if found
    ]


def _write_about(ws: Worksheet, result: ConsolidationResult) -> None:
    ws["A1"] = "xladdin national review / ການທົບທວນຂັ້ນຊາດ"
    ws["A1"].font = TITLE_FONT
    lines = [
        f"Written {datetime.now(UTC).isoformat(timespec='seconds')} by xladdin {__version__}.",
        f"Files: {result.stats.get('files', 0)} ({result.stats.get('read', 0)} read, {result.stats.get('cached', 0)} unchanged from the register); consolidated: {len(result.used)}.",
        _counts_line(result),
        *_attention_lines(result),
        "Units: billion kip (ຕື້ກີບ) unless stated; growth in percent.",
        "Sheets: Status, Findings, National, Current, Constant, Discrepancy, Growth, Structure, PerCapita, Original/Adjusted/Difference/Reconcile, Taxes, Volumes, VolumeGrowth, DistrictGrowth (when shares are given), Allocation, Districts.",
        "Constant prices as submitted are compared with the national total (Discrepancy); with national constant prices the review derives provincial volumes by deflation and reconciles them (Volumes, VolumeGrowth): constant prices of one base year are additive, chain-linked volumes are not (docs/levels.md).",
        f"Lao terms marked {UNCONFIRMED} are not yet confirmed by LSB: each sheet says so once, "
        "in its legend (row 3), and a note on each such header or title names it.",
    ]
    for i, text in enumerate(lines, start=3):
        safe_text(ws.cell(i, 1), text)
    ws.column_dimensions["A"].width = 120


def _print_setup(ws: Worksheet) -> None:
    """A4 landscape, never below 8 pt, header rows (and label columns) repeated, no empty
    page (:func:`xladdin.workbook.printing.set_print_layout`). Rows written as XML count when
    they hold more than their two label cells: an empty National form (lines and years, no
    values) prints its header only, not 14 pages of codes."""
    from xladdin.workbook.printing import set_print_layout

    bulk = ws.parent.__dict__.get("_xladdin_bulk", {}).get(ws.title)
    extra = (0, 0)
    for first, rows, _styles in bulk.blocks if bulk else []:
        for i, row in enumerate(rows):
            if any(v is not None for v in row[2:]):
                extra = (max(extra[0], first + i), max(extra[1], len(row)))
    set_print_layout(ws, extra_extent=extra)


def write_review(
    result: ConsolidationResult,
    out: str | Path,
    allocation_key: str = "population",
    tolerance_pct: float = 0.05,
) -> Path:
    """Write the review workbook atomically (beside, then replace)."""
    out = Path(out)
    wb = Workbook()
    _write_about(wb.active, result)
    wb.active.title = "About"
    _write_status(wb.create_sheet("Status"), result)
    _write_findings(wb.create_sheet("Findings"), result)
    _write_national(wb.create_sheet("National"), result)
    _panel_sheet(
        wb.create_sheet("Current"),
        f"{label('gva')}, {label('current_prices')}",
        result.tables.current,
        "billion kip",
    )
    _panel_sheet(
        wb.create_sheet("Constant"),
        f"{label('gva')}, {label('constant_prices')}",
        result.tables.constant,
        "billion kip, each province's base year",
    )
    _write_discrepancy(wb.create_sheet("Discrepancy"), result, tolerance_pct)
    _write_growth(wb.create_sheet("Growth"), result)
    _write_simple_panel(
        wb.create_sheet("Structure"),
        f"{label('structure')} (% of GDP, {label('current_prices')})",
        result.tables.structure,
        "0.0",
    )
    _write_simple_panel(
        wb.create_sheet("PerCapita"),
        f"GDP {label('per_capita')} ({label('kip')}, {label('usd')})"
        + (  # issue 9 (L1): GDP with taxes on products allocated by GVA
            f" – {PER_CAPITA_NOTE}"
            if result.reconciliation is not None and result.reconciliation.taxes is not None
            else ""
        ),
        result.tables.per_capita,
        "#,##0",
    )
    _write_reconcile(wb, result)
    write_levels_sheets(wb, result, sys.modules[__name__])  # Taxes, Volumes, VolumeGrowth
    _write_allocation(wb.create_sheet("Allocation"), result, allocation_key)
    _write_districts(wb.create_sheet("Districts"), result)
    for ws in wb.worksheets:
        if ws.title != "About":  # the About sheet explains the mark itself
            unconfirmed_legend(ws)
        fit_sheet(ws)
        _print_setup(ws)
    out.parent.mkdir(parents=True, exist_ok=True)
    from openpyxl.packaging.custom import StringProperty

    from xladdin.workbook.package import atomic_write

    wb.custom_doc_props.append(StringProperty(name=REVIEW_MARKER, value=__version__))
    about = wb["About"]
    about["A2"].quotePrefix = True
    quote_style = about["A2"].style_id
    bulk_xml = {t: b.xml(quote_style) for t, b in wb.__dict__.get("_xladdin_bulk", {}).items()}
    bad, cut = wb.__dict__.get("_xladdin_cleaned", [0, 0])
    if bad or cut:  # said on the About sheet and in the report (terminal, JSON)
        from xladdin.findings import finding

        note = finding("review-text-cleaned", bad=bad, long=cut)
        safe_text(about.cell(about.max_row + 1, 1), f"{note.message_en} / {note.message_lo}")
        result.report.add(note)
    result.stats["text_cleaned"] = {"bad_characters": bad, "cut": cut}
    # The atomic writer's temporary file (``.~xladdin-NAME-XXXX.tmp``) is never collected as a
    # return, even when a killed run leaves it behind.
    atomic_write(out, lambda fh: _save(wb, fh, quote_style, bulk_xml), backup=False)
    return out
