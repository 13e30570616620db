"""Build template workbooks from their spec with openpyxl (we own these new files).

``build_workbook(spec)`` returns an openpyxl Workbook; ``build(template_id, path)`` saves it;
``build_all(folder)`` writes every template (``xladdin templates build``). Optional ``fill``
prefills input cells (the demo uses it with the illustrative sample); ``layout="shifted"``
places every block elsewhere (other rows/columns, other order) -- the honest equivalent of a user
who inserted rows or moved a table, used by the tests to prove binding is address-free.

Every workbook carries its id and version twice: a hidden ``_xladdin`` sheet (key/value rows)
and custom document properties ``xladdin.template`` / ``xladdin.template_version``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from xladdin import __version__
from xladdin.findings.words import say as message_lines
from xladdin.findings.words import word as message
from xladdin.templates.binding import META_SHEET, PROP_ID, PROP_VERSION
from xladdin.templates.data import (
    UNCONFIRMED_MARK,
    geography,
    industries,
    provinces,
    term,
    units,
)
from xladdin.templates.data import label as data_label  # marked=False: each sheet has a † legend
from xladdin.templates.rows import row_set
from xladdin.templates.spec import (
    FORMULA,
    INPUT,
    KEY,
    LABEL,
    OUTPUT,
    SPECS,
    Name,
    Sheet,
    Table,
    TemplateSpec,
)
from xladdin.text.lao import has_lao, is_lao, is_lao_mark
from xladdin.workbook.sheet_xml import OWNED_SHEET_WIDTHS

__all__ = ["Fill", "build", "build_all", "build_workbook"]

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
OUTPUT_FILL = PatternFill("solid", fgColor="E7E6E6")
LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
FONT = "Calibri"  # the workbook default; a Font without a name renders as a serif in LibreOffice
TITLE_FONT = Font(name=FONT, bold=True, size=14)
BOLD = Font(name=FONT, bold=True, size=11)
ITALIC = Font(name=FONT, italic=True, color="595959", size=11)
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
NUMBER_FORMAT = "#,##0.0"
HINT = Font(name=FONT, italic=True, color="808080", size=11)  # 8 pt printed at 73 %, as the rest
BLUE = Font(name=FONT, color="1F4E79", size=11)
HEADER_ALIGN = Alignment(wrap_text=True, vertical="top")
LAO_LABEL_ALIGN = Alignment(wrap_text=True, vertical="bottom")

# --- measuring text ---------------------------------------------------------------------------
# Column widths are in Excel's units (about one digit of the default font). Lao letters are wider
# than Latin ones and its vowel/tone marks take no width of their own; we measure generously so
# that a bilingual label is never cut off in Excel (Calibri + a Lao fallback font) or LibreOffice.
_NARROW = frozenset(" .,;:'!|()[]/-iljtf†")
LAO_WIDTH = 1.25  # Phetsarath OT / Lao UI measure about 1.0
LINE_EN = 15.0  # points per line of 11 pt Latin text
LINE_LO = 21.0  # Lao needs taller lines (stacked vowels and tone marks)
CAP = 60.0  # widest column; longer text wraps and its row gets taller
NAME_CAP_OVER_TABLES = 36.0
"""Widest label column of settings above tables by year (Rebase): the rebasing form below
(year, old and new series, two linked series) then prints one A4 landscape page across."""


def text_width(text: str, bold: bool = False) -> float:
    """Estimated width of ``text`` in Excel column units (generous for Lao)."""
    w = 0.0
    for ch in text:
        if is_lao_mark(ch):
            continue
        if is_lao(ch):
            w += LAO_WIDTH
        elif ch in _NARROW:
            w += 0.6
        elif ch.isupper() or ch in "mw%@":
            w += 1.3
        else:
            w += 1.05
    return w * (1.12 if bold else 1.0)


def text_lines(text: str, width: float, bold: bool = False) -> int:
    """Lines ``text`` wraps to in a column ``width`` units wide (greedy word wrap)."""
    usable = max(width - 1.5, 4.0)
    space = text_width(" ", bold)
    lines = 0
    for para in text.split("\n"):
        n, cur = 1, 0.0
        for word in para.split(" "):
            ww = text_width(word, bold)
            if cur and cur + space + ww > usable:
                n, cur = n + 1, 0.0
            cur = ww if not cur else cur + space + ww
            while cur > usable:
                n, cur = n + 1, cur - usable
        lines += n
    return lines


def text_height(text: str, width: float, bold: bool = False, size: float = 11) -> float:
    """Row height (points) that shows all of ``text`` wrapped in a column ``width`` wide."""
    line = (LINE_LO if has_lao(text) else LINE_EN) * size / 11
    return round(text_lines(text, width, bold) * line + 3, 1)


class _Fit:
    """Column widths and row heights of one sheet, from the text actually written."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.want: dict[int, float] = {}
        self.wrap: list[tuple[Any, str, bool, float]] = []

    def min(self, col: int, width: float) -> None:
        self.want[col] = max(self.want.get(col, 0.0), width)

    def note(self, cell: Any, text: Any = None, bold: bool = False, cap: float = CAP) -> None:
        text = str(cell.value if text is None else text)
        size = (cell.font.sz or 11) if cell.font is not None else 11
        w = text_width(text, bold) * size / 11 + 2
        self.min(cell.column, min(w, cap))
        if w > cap:
            self.wrap.append((cell, text, bold, size))

    def apply(self) -> None:
        for col, w in sorted(self.want.items()):
            self.ws.column_dimensions[get_column_letter(col)].width = round(w, 1)
        for cell, text, bold, size in self.wrap:
            width = self.want.get(cell.column, 10.0)
            al = cell.alignment
            cell.alignment = Alignment(
                wrap_text=True, vertical=al.vertical or "top", horizontal=al.horizontal
            )
            rd = self.ws.row_dimensions[cell.row]
            rd.height = max(rd.height or 0.0, text_height(text, width, bold, size))


@dataclass
class Fill:
    """Values to prefill: ``scalars`` by spec key, ``blocks`` by table key as DataFrames indexed
    like the binding (code / year / position) with column keys (fixed keys or int years)."""

    scalars: dict[str, Any] = field(default_factory=dict)
    blocks: dict[str, pd.DataFrame] = field(default_factory=dict)
    banner: str | None = None  # e.g. "illustrative, not official figures"


@dataclass(frozen=True)
class _Layout:
    row0: int
    col0: int
    gap: int
    reverse: bool


_LAYOUTS = {
    "standard": _Layout(row0=4, col0=2, gap=2, reverse=False),
    "shifted": _Layout(row0=9, col0=4, gap=5, reverse=True),
}


def _style(cell: Any, role: str, kind: str = "number") -> None:
    cell.border = BOX
    if role in (INPUT, KEY) and kind != "fixed":
        cell.fill = INPUT_FILL
        cell.protection = UNLOCKED
    elif role in (OUTPUT, FORMULA):
        cell.fill = OUTPUT_FILL
        cell.protection = LOCKED
    else:
        cell.fill = LABEL_FILL
        cell.protection = LOCKED
    if kind == "number":
        cell.number_format = NUMBER_FORMAT


class _Validations:
    """Data validations of one sheet, one object per kind."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.dv: dict[str, DataValidation] = {}

    def add(self, kind: str, ref: str) -> None:
        dv = self.dv.get(kind)
        if dv is None:
            dv = _make_validation(kind)
            if dv is None:
                return
            self.ws.add_data_validation(dv)
            self.dv[kind] = dv
        dv.add(ref)


# --- the Lists sheet: code lists the dropdowns and the name look-ups read -----------------------
LISTS = "Lists"
_LIST_TOP = 6  # first data row of every list
_YEARS = tuple(range(1990, 2051))


def _n_provinces() -> int:
    return len(geography())  # the nation (00, Lao PDR) and the 18 provinces


def _industry_rows() -> pd.DataFrame:
    df = industries()
    return df[df.level == "industry"]


def _rng(col: str, n: int) -> str:
    return f"{LISTS}!${col}${_LIST_TOP}:${col}${_LIST_TOP + n - 1}"


def province_lookup(ref: str) -> str:
    """Native formula: the province name (English / Lao) of the code in ``ref``, else empty."""
    n = _n_provinces()
    return f'=IFERROR(INDEX({_rng("D", n)},MATCH(VALUE({ref}),{_rng("A", n)},0)),"")'


def industry_lookup(ref: str) -> str:
    """Native formula: the (ISIC, English) industry name of the code in ``ref``, else empty."""
    n = len(_industry_rows())
    return f'=IFERROR(INDEX({_rng("H", n)},MATCH(VALUE({ref}),{_rng("F", n)},0)),"")'


def _lookup_width(kind: str) -> float:
    if kind == "province":
        texts = [f"{r.name_en} / {r.name_lo}" for r in provinces().itertuples()]
    else:
        texts = list(_industry_rows()["name_en"])
    return min(max(text_width(t) for t in texts) + 2, CAP)


def unit_lookup(ref: str) -> str:
    """Expression (no ``=``): the bilingual name of the unit in ``ref``, else the text itself."""
    n = len(units())
    return f'IFERROR(INDEX({_rng("M", n)},MATCH({ref},{_rng("L", n)},0)),{ref}&"")'


def _lists(ws: Worksheet) -> None:
    """Provinces, industries, units and years: read-only lists for dropdowns and look-ups."""
    fit = _Fit(ws)
    blocks = [
        (
            1,
            term("province").en + " / " + term("province").lo,
            ("code", "province", "province", "name"),
            [
                (int(r.code), r.name_en, r.name_lo, f"{r.name_en} / {r.name_lo}")
                for r in geography().itertuples()
            ],
        ),
        (
            6,
            data_label("industry_code", marked=False),
            ("code", "isic_section", "sector", "name"),
            [
                (int(r.code), r.isic_section, r.name_en, r.name_lo, f"{r.name_en} / {r.name_lo}")
                for r in _industry_rows().itertuples()
            ],
        ),
        (
            12,
            data_label("unit", marked=False),
            ("unit", "name"),
            [(r.key, data_label(r.glossary_key, marked=False)) for r in units().itertuples()],
        ),
        (15, data_label("year", marked=False), ("year",), [(y,) for y in _YEARS]),
    ]
    prov, sector, unit = term("province"), term("sector"), term("unit")  # Lao from the glossary
    headers = {
        1: ("Code", prov.en, prov.lo, f"{prov.en} / {prov.lo}"),
        6: ("Code", "ISIC", "Industry", sector.lo, f"Industry / {sector.lo}"),
        12: ("Unit", f"{unit.en} / {unit.lo}"),
        15: ("Year",),
    }
    for col0, title, _keys, rows in blocks:
        ws.cell(_LIST_TOP - 2, col0, title).font = BOLD
        for j, h in enumerate(headers[col0]):
            cell = ws.cell(_LIST_TOP - 1, col0 + j, h)
            cell.font = BOLD
            cell.border = BOX
            cell.fill = LABEL_FILL
            fit.note(cell, bold=True)
        for i, values in enumerate(rows):
            for j, value in enumerate(values):
                cell = ws.cell(_LIST_TOP + i, col0 + j, value)
                cell.border = BOX
                if isinstance(value, int):
                    cell.number_format = "0" if col0 == 15 else "00"
                fit.note(cell, cap=100.0)
        fit.min(col0 + len(headers[col0]), 3.0)
    fit.apply()
    ws.freeze_panes = f"A{_LIST_TOP}"


def _code_list(codes: list[str], key: str) -> DataValidation:
    """A drop-down of ``codes``; the error names the range, in English and Lao (``word`` row
    ``key`` of xladdin/data/messages.csv)."""
    span = f"{codes[0]}-{codes[-1]}"
    return DataValidation(
        type="list",
        formula1=f'"{",".join(codes)}"',
        allow_blank=True,
        error=message(key, "both", span=span),
        showErrorMessage=True,
    )


def _make_validation(kind: str) -> DataValidation | None:
    if kind == "year":
        return DataValidation(
            type="whole",
            operator="between",
            formula1="1990",
            formula2="2100",
            allow_blank=True,
            error=message("dv_year_between", "both", low=1990, high=2100),
            showErrorMessage=True,
        )
    if kind == "year_list":  # a dropdown for single year settings (base year)
        return DataValidation(
            type="list",
            formula1=_rng("O", len(_YEARS)),
            allow_blank=True,
            error=message("dv_year_span", "both", low=_YEARS[0], high=_YEARS[-1]),
            showErrorMessage=True,
        )
    if kind == "province":  # the range shown comes from the data file
        # 00 = Lao PDR: the province template compiles national GDP too (nation.csv)
        return _code_list(list(geography()["code"]), "dv_province_code")
    if kind == "industry":
        return _code_list(list(_industry_rows()["code"]), "dv_industry_code")
    if kind == "unit":
        return DataValidation(
            type="list", formula1=f'"{",".join(units()["key"])}"', allow_blank=True
        )
    if kind == "rebase_method":  # back-casting method (Rebase sheet)
        return DataValidation(type="list", formula1='"ratio,interpolation"', allow_blank=True)
    if kind == "deflation_method":  # per industry (Benchmark); blank = automatic
        return DataValidation(type="list", formula1='"double,single"', allow_blank=True)
    if kind == "yes_no":  # per industry (SEZ: province figures include SEZ enterprises)
        return DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
    return None


def _title(ws: Worksheet, key: str, spec: TemplateSpec, banner: str | None) -> None:
    ws["A1"] = data_label(key, marked=False)
    ws["A1"].font = TITLE_FONT
    mark = term("unconfirmed_term")
    ws["A2"] = (
        f"{data_label(spec.title, marked=False)} -- xladdin template {spec.id} {spec.version}"
        f"     {UNCONFIRMED_MARK} = {mark.en} / {mark.lo}"
    )
    ws["A2"].font = ITALIC
    if banner:
        ws["A3"] = f"{banner.upper()} / {term('illustrative').lo}"
        ws["A3"].font = Font(name=FONT, bold=True, color="C00000", size=11)


def _write_name(
    ws: Worksheet,
    wb: Workbook,
    name: Name,
    row: int,
    col: int,
    fill: Fill,
    v: _Validations,
    fit: _Fit,
    cap: float = CAP,
) -> int:
    from openpyxl.workbook.defined_name import DefinedName

    head = ws.cell(row, col, data_label(name.label, marked=False))
    head.font = BOLD
    fit.note(head, bold=True, cap=cap)
    cell = ws.cell(row, col + 1)
    _style(cell, name.role, "text")
    if name.kind == "year":
        cell.number_format = "0"
    if name.key in fill.scalars:
        cell.value = fill.scalars[name.key]
        fit.note(cell)
    fit.min(col + 1, 16.0)
    if name.role == OUTPUT:  # a sentence written by compile (e.g. the rebasing overlap): wrap
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 3 * LINE_EN + 3
        fit.min(col + 1, 26.0)
        head.alignment = Alignment(vertical="top")
    v.add("year_list" if name.kind == "year" else name.kind, cell.coordinate)
    ref = f"'{ws.title}'!${get_column_letter(col + 1)}${row}"
    wb.defined_names[name.name] = DefinedName(name.name, attr_text=ref)
    # beside the code: its name, looked up live on the Lists sheet
    show = None
    if name.kind == "province":
        show = province_lookup(cell.coordinate)
        longest = max(f"{r.name_en} / {r.name_lo}" for r in provinces().itertuples())
    elif name.kind == "unit":
        show = "=" + unit_lookup(cell.coordinate)
        longest = max(
            (data_label(k, marked=False) for k in units()["glossary_key"]), key=text_width
        )
    if show is not None:
        shown = ws.cell(row, col + 2, show)
        shown.font = BLUE
        fit.min(col + 2, text_width(longest) + 2)
    hint = ws.cell(row, col + 3, f"[{name.name}]")
    hint.font = HINT
    hint.alignment = Alignment(vertical="top")
    fit.note(hint)
    return row + 1


def _table_title(ws: Worksheet, table: Table, row: int, col: int) -> None:
    text = data_label(table.title, marked=False)
    if table.unit == "money":
        quoted = text.replace('"', '""')
        unset = f"{data_label('unit', marked=False)}: Settings".replace('"', '""')
        value = f'="{quoted} ("&IF(xl_unit&""="","{unset}",{unit_lookup("xl_unit")})&")"'
    elif table.unit:
        value = f"{text} ({data_label(table.unit, marked=False)})"
    else:
        value = text
    ws.cell(row, col, value).font = BOLD


@dataclass
class _Placed:
    next_row: int
    header_row: int
    first_value_col: int


def _write_table(
    ws: Worksheet,
    table: Table,
    row: int,
    col: int,
    years: tuple[int, ...],
    fill: Fill,
    v: _Validations,
    fit: _Fit,
) -> _Placed:
    _table_title(ws, table, row, col)
    row += 1
    years = table_years(table, years)
    headers: list[tuple[str, Any]] = [(c.header, c) for c in table.columns]
    if table.years:
        headers += [(str(y), y) for y in years]
    # Lao label row (not part of the table), header row, body
    col_of: dict[Any, int] = {}
    lao_row = row
    for j, (header, c) in enumerate(headers):
        key = c.key if not isinstance(c, int) else c
        col_of[key] = col + j
        if not isinstance(c, int):
            t = term(c.label)
            # no † on each label: the sheet's legend (row 2) and the glossary say it once; an
            # unconfirmed term keeps its note (hover) for who wants to know which
            cell = ws.cell(row, col + j, t.lo)
            cell.font = ITALIC
            cell.alignment = LAO_LABEL_ALIGN
            if not t.confirmed:
                cell.comment = Comment(
                    f"{UNCONFIRMED_MARK} {term('unconfirmed_term').en} / {term('unconfirmed_term').lo}",
                    "xladdin",
                )
            cap = max(c.width, 22.0)
            fit.min(col + j, c.width)
            for kind in ("province", "industry"):
                if c.formula and f"{{{kind}_name:" in c.formula:
                    fit.min(col + j, _lookup_width(kind))
            fit.note(cell, cap=cap)
            fit.note(ws.cell(row + 1, col + j), header, bold=True, cap=cap)
        else:
            cell = ws.cell(row, col + j, term("year").lo)
            cell.font = ITALIC
            cell.alignment = LAO_LABEL_ALIGN
            fit.min(col + j, 12.0 if table.role == OUTPUT else 11.0)
    ws.row_dimensions[lao_row].height = LINE_LO
    row += 1
    header_row = row
    for j, (header, c) in enumerate(headers):
        cell = ws.cell(row, col + j, header)
        cell.font = BOLD
        cell.border = BOX
        cell.alignment = HEADER_ALIGN
        if isinstance(c, int):  # year headers may be edited (users add/change years)
            cell.protection = UNLOCKED
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="right")
    rows = row_set(table, years)
    n = len(rows) if rows else table.capacity
    data = fill.blocks.get(table.key)
    row_fmt = dict(table.row_fmt)
    for i in range(n):
        r = header_row + 1 + i
        code = rows[i].code if rows else None
        for j, (_header, c) in enumerate(headers):
            cell = ws.cell(r, col + j)
            if isinstance(c, int):
                _style(cell, table.year_role)
                if code in row_fmt:
                    cell.number_format = row_fmt[code]
                value = _lookup(data, code if rows else i, c, table)
            else:
                role = c.role
                kind = c.kind
                if table.role == OUTPUT and role in (KEY, INPUT):
                    role = OUTPUT
                elif role == KEY and rows and table.rows != "years":
                    role, kind = LABEL, "fixed"
                _style(cell, role, kind)
                if c.fmt and kind == "number":
                    cell.number_format = c.fmt
                if c.role == KEY and rows:
                    value = int(code) if table.rows == "years" else code
                elif c.key == "name_en" and rows:
                    value = rows[i].en
                elif c.key == "name_lo" and rows:
                    value = rows[i].lo  # unconfirmed names: † in the Lists/glossary only
                elif c.key == "section" and rows:
                    value = rows[i].section
                elif c.role == FORMULA and c.formula:
                    value = _formula(c.formula, r, col_of)
                else:
                    value = _lookup(data, code if rows else i, c.key, table)
                if (
                    c.kind in ("year", "province", "industry")
                    and c.role in (INPUT, KEY)
                    and not rows
                ) or (c.kind in ("deflation_method", "yes_no") and c.role == INPUT):
                    v.add(c.kind, cell.coordinate)
                if c.kind == "year" or (c.role == KEY and table.rows == "years"):
                    cell.number_format = "0"
                bold = table.rows == "publication" and c.role in (KEY, LABEL)
                bold = bold and not str(code).isdigit()
                if bold:  # sectors, GVA, taxes and GDP stand out from the industries
                    cell.font = BOLD
                if isinstance(value, str) and not value.startswith("="):
                    fit.note(cell, value, bold=bold)
            if value is not None:
                cell.value = value
    last_row = header_row + max(n, 1)
    if n == 0:
        for j in range(len(headers)):
            _style(ws.cell(last_row, col + j), INPUT)
    ref = f"{get_column_letter(col)}{header_row}:{get_column_letter(col + len(headers) - 1)}{last_row}"
    xt = XlTable(displayName=table.name, ref=ref)
    xt.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    ws.add_table(xt)
    labels = sum(1 for c in table.columns if c.role in (KEY, LABEL))
    return _Placed(last_row + 1, header_row, col + labels)


def table_years(table: Table, years: tuple[int, ...]) -> tuple[int, ...]:
    """The year columns a table is built with: the template's ``years``, or the span
    ``table.year_span`` (offsets from the first year; None = up to the last year)."""
    if not table.year_span or not years:
        return years
    first, last = table.year_span
    stop = years[-1] if last is None else years[0] + last
    return tuple(range(years[0] + first, stop + 1))


def _formula(template: str, row: int, col_of: dict[Any, int]) -> str:
    for kind, lookup in (("province_name", province_lookup), ("industry_name", industry_lookup)):
        for key, c in col_of.items():
            token = f"={{{kind}:{key}}}"
            if template == token:
                return lookup(f"{get_column_letter(c)}{row}")
    out = template.replace("{row}", str(row))
    for key, c in col_of.items():
        out = out.replace(f"{{col:{key}}}", get_column_letter(c))
    return out


def _lookup(data: pd.DataFrame | None, row: Any, col: Any, table: Table) -> Any:
    if data is None:
        return None
    if table.rows == "years" and row is not None:
        row = int(row)
    if row not in data.index or col not in data.columns:
        return None
    value = data.at[row, col]
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return value


ABOUT_WIDTH = 110.0
CHECKS_WIDTHS = OWNED_SHEET_WIDTHS
"""Severity, code, category, sheet, cell, English and Lao message, what to do: the one set of
Checks widths (:data:`xladdin.workbook.sheet_xml.OWNED_SHEET_WIDTHS`), one page wide at 8 pt."""


def _about(ws: Worksheet, spec: TemplateSpec, banner: str | None) -> None:
    """One sentence per row, English then Lao, each row as tall as its wrapped text."""
    ws.column_dimensions["A"].width = 4
    ws.column_dimensions["B"].width = ABOUT_WIDTH
    row = 5 if banner else 4
    top = Alignment(wrap_text=True, vertical="top")
    pairs = list(zip(spec.about_en, spec.about_lo, strict=False))
    pairs += [(en, "") for en in spec.about_en[len(spec.about_lo) :]]
    for en, lo in pairs:
        for text, font in ((en, None), (lo, BLUE)):
            if not text:
                continue
            cell = ws.cell(row, 2, text)
            cell.alignment = top
            if font is not None:
                cell.font = font
            ws.row_dimensions[row].height = text_height(text, ABOUT_WIDTH)
            row += 1
        ws.row_dimensions[row].height = 8.0  # a small gap between sentences
        row += 1
    ws.cell(row, 1, data_label("legend", marked=False)).font = BOLD
    row += 1
    for role, key in ((INPUT, "input_cell"), (OUTPUT, "computed_cell")):
        _style(ws.cell(row, 1), role, "text")
        ws.cell(row, 2, data_label(key, marked=False))
        ws.row_dimensions[row].height = LINE_LO
        row += 1
    ws.cell(row, 1, UNCONFIRMED_MARK).alignment = Alignment(horizontal="center")
    ws.cell(row, 2, data_label("unconfirmed_term", marked=False))
    ws.row_dimensions[row].height = LINE_LO
    row += 2
    ws.cell(
        row,
        2,
        f"{data_label('template', marked=False)}: {spec.id} {spec.version} (xladdin {__version__})",
    )
    ws.cell(row, 2).font = BOLD


def _checks(ws: Worksheet) -> None:
    """Widths, wrapping and the frozen header of the Checks sheet that validate/compile fill:
    new cells take their column's style, so long messages wrap in Excel and LibreOffice."""
    ws["A4"] = " ".join(message_lines("checks_filled_by", "both"))
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")  # a finding's code stays level with its wrapped message
    for j, width in enumerate(CHECKS_WIDTHS, start=1):
        cd = ws.column_dimensions[get_column_letter(j)]
        cd.width = width
        # every column but A wraps (a long code breaks at its hyphens, the headers and
        # messages at spaces): the title and summary in A1:A4 spill to the right
        cd.alignment = wrap if j >= 2 else top
    ws.freeze_panes = "A6"  # the header row of the findings (validate.checks.HEADER_ROW = 5)


def _print_setup(ws: Worksheet) -> None:
    """A4 landscape, all columns on one page width (as many pages down as needed)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5


def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True
    for attr in ("formatColumns", "formatRows", "sort", "autoFilter"):
        setattr(ws.protection, attr, False)


def build_workbook(
    spec: TemplateSpec | str,
    *,
    years: tuple[int, ...] | None = None,
    layout: str = "standard",
    fill: Fill | None = None,
) -> Workbook:
    """Build one template as an openpyxl Workbook (not saved)."""
    if isinstance(spec, str):
        spec = SPECS[spec]
    fill = fill or Fill()
    years = tuple(int(y) for y in (years or spec.default_years))
    lay = _LAYOUTS[layout]
    wb = Workbook()
    wb.remove(wb.active)
    spans: dict[str, list[tuple[int, int]]] = {}  # sheet -> (first, last row) of each block
    for sheet in spec.sheets:
        ws = wb.create_sheet(sheet.name)
        _title(ws, sheet.title, spec, fill.banner)
        _print_setup(ws)
        if sheet.kind == "about":
            _about(ws, spec, fill.banner)
            continue
        if sheet.kind == "checks":
            _checks(ws)
            continue
        if sheet.kind == "lists":
            _lists(ws)
            _protect(ws)
            continue
        spans[ws.title] = _write_blocks(wb, ws, sheet, lay, years, fill)
        _protect(ws)
    from xladdin.workbook.printing import set_print_layout

    for sheet, ws in zip(spec.sheets, wb.worksheets, strict=True):  # readable on A4, >= 8 pt
        # Checks is filled later; tables print whole on a page where they fit
        set_print_layout(ws, area=sheet.kind != "checks", blocks=spans.get(ws.title, ()))
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    for i, (k, value) in enumerate(
        [
            ("key", "value"),
            ("template", spec.id),
            ("template_version", spec.version),
            ("built_with", f"xladdin {__version__}"),
            ("note", message("template_stamp_note", "both")),
        ],
        start=1,
    ):
        meta.cell(i, 1, k)
        meta.cell(i, 2, value)
    # hidden here, but a returned file shows every sheet (prepare): A4 landscape like the rest,
    # one page; no print area or title rows (LibreOffice prints a hidden sheet that has them)
    meta.page_setup.orientation = "landscape"
    meta.page_setup.paperSize = meta.PAPERSIZE_A4
    meta.column_dimensions["A"].width = 18
    meta.column_dimensions["B"].width = 70
    wb.custom_doc_props.append(StringProperty(name=PROP_ID, value=spec.id))
    wb.custom_doc_props.append(StringProperty(name=PROP_VERSION, value=spec.version))
    wb.properties.creator = "xladdin"
    wb.properties.title = f"{term(spec.title).en} ({spec.id} {spec.version})"
    return wb


def _write_blocks(
    wb: Workbook, ws: Worksheet, sheet: Sheet, lay: _Layout, years: tuple[int, ...], fill: Fill
) -> list[tuple[int, int]]:
    """Write the sheet's settings and tables; return the first and last row of each block (the
    settings together, then each table from its title), which print whole on a page."""
    v = _Validations(ws)
    fit = _Fit(ws)
    row = lay.row0 + (1 if fill.banner else 0)
    blocks = list(sheet.blocks)
    names = [b for b in blocks if isinstance(b, Name)]
    tables = [b for b in blocks if isinstance(b, Table)]
    if lay.reverse:
        tables.reverse()
    spans: list[tuple[int, int]] = []
    first = row
    # above tables by year (Rebase) the labels share the narrow code column: they wrap there
    # rather than widen it past one A4 page across for the form below them
    cap = NAME_CAP_OVER_TABLES if any(t.years for t in tables) else CAP
    for name in names:
        row = _write_name(ws, wb, name, row, lay.col0, fill, v, fit, cap)
    if names:
        spans.append((first, row - 1))
        row += lay.gap
    placed: list[tuple[Table, _Placed]] = []
    for table in tables:
        p = _write_table(ws, table, row, lay.col0, years, fill, v, fit)
        placed.append((table, p))
        spans.append((row, p.next_row - 1))
        row = p.next_row + lay.gap
    fit.apply()
    # Freeze the header of a sheet's only table (and the code/name columns of tables by year)
    # so they stay visible while scrolling; on a sheet of several tables by year (Results) they
    # all share the first one's year columns, so its header row is frozen (a table without
    # years after them, e.g. the methods used by industry, does not change that).
    if placed and not names and (len(placed) == 1 or placed[0][0].years):
        table, p = placed[0]
        col = p.first_value_col if table.years else 1
        ws.freeze_panes = f"{get_column_letter(col)}{p.header_row + 1}"
        ws.print_title_rows = f"{p.header_row}:{p.header_row}"
    return spans


def build(
    template_id: str,
    path: str | Path,
    *,
    years: tuple[int, ...] | None = None,
    layout: str = "standard",
    fill: Fill | None = None,
) -> Path:
    """Build a template and save it to ``path``."""
    wb = build_workbook(template_id, years=years, layout=layout, fill=fill)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    from xladdin.workbook.atomic import atomic_write

    atomic_write(path, wb.save, backup=False)  # a killed build never leaves half a workbook
    return path


def build_all(folder: str | Path = "templates") -> list[Path]:
    """Build every template into ``folder`` as ``<id>.xlsx``."""
    return [build(tid, Path(folder) / f"{tid}.xlsx") for tid in SPECS]
