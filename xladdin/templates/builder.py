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
from xladdin.templates.binding import META_SHEET, PROP_ID, PROP_VERSION
from xladdin.templates.data import UNCONFIRMED_MARK, label, provinces, term, units
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

__all__ = ["Fill", "build", "build_all", "build_workbook"]

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
OUTPUT_FILL = PatternFill("solid", fgColor="E7E6E6")
LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
ITALIC = Font(italic=True, color="595959")
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
NUMBER_FORMAT = "#,##0.0"


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


def _make_validation(kind: str) -> DataValidation | None:
    if kind == "year":
        return DataValidation(
            type="whole",
            operator="between",
            formula1="1990",
            formula2="2100",
            allow_blank=True,
            error="Year between 1990 and 2100 / ປີ ລະຫວ່າງ 1990 ຫາ 2100",
            showErrorMessage=True,
        )
    if kind == "province":
        codes = ",".join(provinces()["code"])
        return DataValidation(
            type="list",
            formula1=f'"{codes}"',
            allow_blank=True,
            error="Province code 01-18 / ລະຫັດແຂວງ 01-18",
            showErrorMessage=True,
        )
    if kind == "industry":
        from xladdin.templates.data import industries

        df = industries()
        codes = ",".join(df[df.level == "industry"]["code"])
        return DataValidation(
            type="list",
            formula1=f'"{codes}"',
            allow_blank=True,
            error="Industry code 01-21 / ລະຫັດຂະແໜງ 01-21",
            showErrorMessage=True,
        )
    if kind == "unit":
        return DataValidation(
            type="list", formula1=f'"{",".join(units()["key"])}"', allow_blank=True
        )
    return None


def _title(ws: Worksheet, key: str, spec: TemplateSpec, banner: str | None) -> None:
    ws["A1"] = label(key)
    ws["A1"].font = TITLE_FONT
    ws["A2"] = f"{label(spec.title)} -- xladdin template {spec.id} {spec.version}"
    ws["A2"].font = ITALIC
    if banner:
        ws["A3"] = f"{banner.upper()} / {term('illustrative').lo}"
        ws["A3"].font = Font(bold=True, color="C00000")


def _write_name(
    ws: Worksheet, wb: Workbook, name: Name, row: int, col: int, fill: Fill, v: _Validations
) -> int:
    from openpyxl.workbook.defined_name import DefinedName

    ws.cell(row, col, label(name.label)).font = BOLD
    cell = ws.cell(row, col + 1)
    _style(cell, name.role, "text")
    if name.key in fill.scalars:
        cell.value = fill.scalars[name.key]
    v.add(name.kind, cell.coordinate)
    ref = f"'{ws.title}'!${get_column_letter(col + 1)}${row}"
    wb.defined_names[name.name] = DefinedName(name.name, attr_text=ref)
    ws.cell(row, col + 2, f"[{name.name}]").font = ITALIC
    return row + 1


def _write_table(
    ws: Worksheet,
    table: Table,
    row: int,
    col: int,
    years: tuple[int, ...],
    fill: Fill,
    v: _Validations,
) -> int:
    ws.cell(row, col, label(table.title)).font = BOLD
    row += 1
    headers: list[tuple[str, Any]] = [(c.header, c) for c in table.columns]
    if table.years:
        headers += [(str(y), y) for y in years]
    # Lao label row (not part of the table), header row, body
    col_of: dict[Any, int] = {}
    for j, (_header, c) in enumerate(headers):
        key = c.key if not isinstance(c, int) else c
        col_of[key] = col + j
        if not isinstance(c, int):
            t = term(c.label)
            lo = t.lo if t.confirmed else f"{t.lo}{UNCONFIRMED_MARK}"
            ws.cell(row, col + j, lo).font = ITALIC
            if not t.confirmed:
                ws.cell(row, col + j).comment = Comment(
                    f"{UNCONFIRMED_MARK} {term('unconfirmed_term').en} / {term('unconfirmed_term').lo}",
                    "xladdin",
                )
            width = c.width
        else:
            ws.cell(row, col + j, term("year").lo).font = ITALIC
            width = 11.0
        letter = get_column_letter(col + j)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, width)
    row += 1
    header_row = row
    for j, (header, c) in enumerate(headers):
        cell = ws.cell(row, col + j, header)
        cell.font = BOLD
        cell.border = BOX
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(c, int):  # year headers may be edited (users add/change years)
            cell.protection = UNLOCKED
    rows = row_set(table, years)
    n = len(rows) if rows else table.capacity
    data = fill.blocks.get(table.key)
    for i in range(n):
        r = header_row + 1 + i
        code = rows[i].code if rows else None
        for j, (_header, c) in enumerate(headers):
            cell = ws.cell(r, col + j)
            if isinstance(c, int):
                _style(cell, table.year_role)
                value = _lookup(data, code if rows else i, c, table)
            else:
                role = c.role
                kind = c.kind
                if table.role == OUTPUT and role in (KEY, INPUT):
                    role = OUTPUT
                elif role == KEY and rows and table.rows != "years":
                    role, kind = LABEL, "fixed"
                _style(cell, role, kind)
                if c.role == KEY and rows:
                    value = int(code) if table.rows == "years" else code
                elif c.key == "name_en" and rows:
                    value = rows[i].en
                elif c.key == "name_lo" and rows:
                    value = rows[i].lo + ("" if rows[i].confirmed else UNCONFIRMED_MARK)
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
                ):
                    v.add(c.kind, cell.coordinate)
                if c.kind == "year" or (c.role == KEY and table.rows == "years"):
                    cell.number_format = "0"
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
    return last_row + 1


def _formula(template: str, row: int, col_of: dict[Any, int]) -> str:
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


def _about(ws: Worksheet, spec: TemplateSpec, banner: str | None) -> None:
    row = 5 if banner else 4
    for en, lo in zip(spec.about_en, spec.about_lo, strict=False):
        ws.cell(row, 1, en).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row, 2, lo).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    for en in spec.about_en[len(spec.about_lo) :]:
        ws.cell(row, 1, en).alignment = Alignment(wrap_text=True)
        row += 1
    row += 1
    ws.cell(row, 1, label("input_cell"))
    _style(ws.cell(row, 2), INPUT, "text")
    ws.cell(row + 1, 1, label("computed_cell"))
    _style(ws.cell(row + 1, 2), OUTPUT, "text")
    ws.cell(row + 2, 1, f"{UNCONFIRMED_MARK} {label('unconfirmed_term')}")
    row += 4
    ws.cell(row, 1, label("template")).font = BOLD
    ws.cell(row, 2, f"{spec.id} {spec.version} (xladdin {__version__})")
    ws.column_dimensions["A"].width = 70
    ws.column_dimensions["B"].width = 70


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
    for sheet in spec.sheets:
        ws = wb.create_sheet(sheet.name)
        _title(ws, sheet.title, spec, fill.banner)
        if sheet.kind == "about":
            _about(ws, spec, fill.banner)
            continue
        if sheet.kind == "checks":
            ws["A4"] = "Filled by xladdin validate / compile. ປ້ອນໂດຍ xladdin validate / compile."
            continue
        _write_blocks(wb, ws, sheet, lay, years, fill)
        ws.protection.sheet = True
        for attr in ("formatColumns", "formatRows", "sort", "autoFilter"):
            setattr(ws.protection, attr, False)
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    for i, (k, value) in enumerate(
        [
            ("key", "value"),
            ("template", spec.id),
            ("template_version", spec.version),
            ("built_with", f"xladdin {__version__}"),
            ("note", "xladdin template stamp: do not edit / ຢ່າແກ້ໄຂ"),
        ],
        start=1,
    ):
        meta.cell(i, 1, k)
        meta.cell(i, 2, value)
    wb.custom_doc_props.append(StringProperty(name=PROP_ID, value=spec.id))
    wb.custom_doc_props.append(StringProperty(name=PROP_VERSION, value=spec.version))
    wb.properties.creator = "xladdin"
    wb.properties.title = f"{term(spec.title).en} ({spec.id} {spec.version})"
    return wb


def _write_blocks(
    wb: Workbook, ws: Worksheet, sheet: Sheet, lay: _Layout, years: tuple[int, ...], fill: Fill
) -> None:
    v = _Validations(ws)
    row = lay.row0 + (1 if fill.banner else 0)
    blocks = list(sheet.blocks)
    names = [b for b in blocks if isinstance(b, Name)]
    tables = [b for b in blocks if isinstance(b, Table)]
    if lay.reverse:
        tables.reverse()
    for name in names:
        row = _write_name(ws, wb, name, row, lay.col0, fill, v)
    if names:
        row += lay.gap
    for table in tables:
        row = _write_table(ws, table, row, lay.col0, years, fill, v) + lay.gap


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
    wb.save(path)
    return path


def build_all(folder: str | Path = "templates") -> list[Path]:
    """Build every template into ``folder`` as ``<id>.xlsx``."""
    return [build(tid, Path(folder) / f"{tid}.xlsx") for tid in SPECS]
