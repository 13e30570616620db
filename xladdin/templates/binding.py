"""Binding: recognise an xladdin template in any workbook view and give its inputs and outputs.

Stable API (used by compile, validate and review)::

    from xladdin.templates.binding import recognise, bind

    info, findings = recognise(view)      # TemplateInfo | None, list[Finding]
    bound = bind(view)                    # Bound | None (None when not a usable template)
    bound = bind(view, info)              # reuse a recognition

    bound.info.id, bound.info.version     # "province-gdp", "1.0"
    bound.findings                        # recognition + structure findings (list[Finding])
    bound.scalar("base_year").value       # typed value (int for years, str, float) or None
    bound.scalar("base_year").sheet/.cell # where it is, e.g. ("Settings", "C6")
    blk = bound.block("volume")           # a Block (inputs AND outputs, by spec key)
    blk.values                            # DataFrame of floats (NaN = empty / not a number)
    blk.raw                               # DataFrame of raw cell values (same shape)
    blk.cells                             # DataFrame of A1 addresses (same shape)
    blk.years                             # [2012, ..., 2026] year columns (int) in sheet order
    blk.cell("03", 2015)                  # "H9": the cell of one value (sheet = blk.sheet)
    blk.role                              # "input" or "output"
    bound.where("volume", "03", 2015)     # ("Volume", "H9")
    bound.code_cells()                    # {(sheet, A1)} of code/label cells (text on purpose)

Block keys (spec keys) per template (see :mod:`xladdin.templates.spec`):

- ``province-gdp``: inputs ``years`` (index = year int; columns population, kip_per_usd,
  taxes_current, taxes_volume), ``benchmark`` (index = industry code "01".."21"; columns
  output, ic, gva, name_en, name_lo, section), ``volume``, ``prices``, ``direct`` (index = code,
  year columns), ``rebase`` (positional index; columns year, old, new, ratio, interp);
  outputs ``gva_current``, ``gva_constant``, ``growth``, ``structure``, ``deflator``,
  ``contributions`` (index = publication codes AGR, 01, IND, 02..06, SER, 07..21, GVA, TAX,
  GDP; year columns), ``per_capita`` (index GDP, POP, GDPPC_KIP, XR, GDPPC_USD);
  scalars ``province_code``, ``base_year``, ``unit``, ``compiler``, ``old_base_year``,
  ``overlap`` (output).
- ``district-growth``: ``weights`` (index AGR, IND, SER; column weight), ``indices``
  (index AGR, IND, SER; years), ``household`` (index HH_INC, HH_EXP, CPI; years); output
  ``growth``; scalars ``province_code``, ``district_code``, ``district_name``, ``base_year``.
- ``sez-enterprise``: ``enterprises`` (positional index; columns name, zone, province,
  industry, year, output, ic, employees); outputs ``by_zone``, ``by_industry``,
  ``by_province`` (positional); scalar ``unit``.

Keyed tables are indexed by normalised code (text; a number typed as 1 becomes "01" when the
template expects two digits) or by year (int); ``free`` tables by position 0..n-1 (empty rows
dropped from ``values``/``raw`` only for input tables; output tables keep every body row).
Numbers stored as text become NaN in ``values`` (plain ``"12.5"`` is parsed); the raw text stays in
``raw`` for validation to report. Everything is resolved through table names, header text and
defined names, so inserted rows, moved tables and renamed sheets do not matter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from xladdin.findings import Finding, finding
from xladdin.templates.recognition import (
    META_SHEET,
    PROP_ID,
    PROP_VERSION,
    TemplateInfo,
    recognise,
    stamp_text,
)
from xladdin.templates.rows import row_set
from xladdin.templates.spec import KEY, LABEL, OUTPUT, SPECS, Name, Table
from xladdin.templates.values import numbers_of, to_number
from xladdin.workbook.model import (
    CellError,
    TableRef,
    WorkbookView,
    col_letter,
    parse_ref,
    parse_refers_to,
)

__all__ = [
    "META_SHEET",
    "PROP_ID",
    "PROP_VERSION",
    "Block",
    "Bound",
    "Scalar",
    "TemplateInfo",
    "bind",
    "normalise_header",
    "recognise",
    "to_number",
]

# --- blocks ------------------------------------------------------------------------------------


def normalise_header(text: Any) -> str:
    """Header text for matching: the English part before `` / ``, case- and space-insensitive."""
    s = stamp_text(text) if text is not None else ""
    s = s.split(" / ")[0]
    return " ".join(s.split()).casefold()


def _year(value: Any) -> int | None:
    v = to_number(value)
    if math.isnan(v) or not v.is_integer() or not 1900 <= v <= 2100:
        return None
    return int(v)


@dataclass(frozen=True)
class Scalar:
    """A named cell: its spec key, defined name, location and value."""

    key: str
    name: str
    sheet: str
    cell: str
    raw: Any
    role: str = "input"

    @property
    def value(self) -> Any:
        """Typed value: int for whole numbers, float, stripped str, or None when empty."""
        v = self.raw
        if v is None or isinstance(v, CellError):
            return None
        if isinstance(v, str):
            v = v.strip()
            if not v:
                return None
            n = to_number(v)
            return v if math.isnan(n) else (int(n) if n.is_integer() else n)
        if isinstance(v, float) and v.is_integer():
            return int(v)
        return v


@dataclass(frozen=True)
class Body:
    """What a block's frames are made from: the raw values of the kept body rows (one list a
    row, in the order of ``col_keys``), their keys and the column letters of ``col_keys``."""

    lines: list[list[Any]]
    index: list[Any]
    col_keys: list[Any]
    letters: list[str]
    axes: dict[tuple[Any, ...], pd.Index] = field(default_factory=dict)
    """Row and column indexes already made (shared by the blocks of one binding)."""


@dataclass
class Block:
    """A bound Excel Table: values, raw values and cell addresses in aligned DataFrames.

    The frames are made when first read (a consolidation reads about half the tables of a
    return, and most of them only as numbers), then kept."""

    key: str
    table: str
    sheet: str
    ref: str
    role: str
    body: Body = field(repr=False, compare=False)
    rows: dict[Any, int]
    columns: dict[Any, int]
    years: list[int]
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Lookups derived from the frames, made once (a bound block is read, never changed)."""

    def _axes(self) -> tuple[pd.Index, pd.Index]:
        body = self.body
        return _axis(body.index, body.axes), _axis(body.col_keys, body.axes)

    @cached_property
    def raw(self) -> pd.DataFrame:
        """Raw cell values (object), rows by key, columns by spec key or year."""
        return _frame(self.body.lines, *self._axes(), object)

    @cached_property
    def values(self) -> pd.DataFrame:
        """The values as floats (:func:`to_number`: NaN = empty / not a number)."""
        lines = self.body.lines
        if not lines:
            return self.raw.astype(float)
        return _frame([numbers_of(line) for line in lines], *self._axes(), float)

    @cached_property
    def cells(self) -> pd.DataFrame:
        """A1 addresses (on :attr:`sheet`) of the values, same shape."""
        letters = self.body.letters
        rows = [self.rows[k] for k in self.body.index]
        return _frame([[f"{c}{r}" for c in letters] for r in rows], *self._axes(), object)

    def cell(self, row: Any, col: Any) -> str:
        """A1 address of the value at (row key, column key) on :attr:`sheet`."""
        return f"{col_letter(self.columns[col])}{self.rows[row]}"

    def has(self, row: Any, col: Any) -> bool:
        return row in self.rows and col in self.columns

    def row_ref(self, row: Any) -> str:
        """Range of the whole row of the table body for a row key."""
        (c1, _), (c2, _) = parse_ref(self.ref)
        r = self.rows[row]
        return f"{col_letter(c1)}{r}:{col_letter(c2)}{r}"

    @property
    def body_ref(self) -> str | None:
        (c1, r1), (c2, r2) = parse_ref(self.ref)
        return None if r2 <= r1 else f"{col_letter(c1)}{r1 + 1}:{col_letter(c2)}{r2}"

    def year_values(self) -> pd.DataFrame:
        """The numeric values of the year columns (rows x years)."""
        return self.values[self.years]


@dataclass
class Bound:
    """A workbook bound to its template spec."""

    info: TemplateInfo
    blocks: dict[str, Block]
    scalars: dict[str, Scalar]
    findings: list[Finding]
    source: str = ""
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Values derived from the binding, computed once (e.g. the inputs hash, which validation
    and compile both need): a binding is read, never changed, once :func:`bind` returns it."""

    def block(self, key: str) -> Block | None:
        return self.blocks.get(key)

    def scalar(self, key: str) -> Scalar | None:
        return self.scalars.get(key)

    @property
    def inputs(self) -> dict[str, Block]:
        return {k: b for k, b in self.blocks.items() if b.role != OUTPUT}

    @property
    def outputs(self) -> dict[str, Block]:
        return {k: b for k, b in self.blocks.items() if b.role == OUTPUT}

    def code_cells(self) -> set[tuple[str, str]]:
        """(sheet, A1) of every cell that holds a code or label on purpose (row keys, label
        columns, year keys): text such as ``"16"`` there is a code, not a number stored as text."""
        out: set[tuple[str, str]] = set()
        spec = self.info.spec
        for key, blk in self.blocks.items():
            table = spec.table(key)
            text_cols = {
                c.key
                for c in table.columns
                if c.role in (KEY, LABEL)
                or c.kind in ("code", "province", "industry", "text", "year")
            }
            letters = [col_letter(cnum) for ck, cnum in blk.columns.items() if ck in text_cols]
            if letters:  # the text columns' letters once per table, not per row and column
                sheet = blk.sheet
                out.update((sheet, f"{letter}{r}") for r in blk.rows.values() for letter in letters)
        for sc in self.scalars.values():
            out.add((sc.sheet, sc.cell))
        return out

    def where(self, key: str, row: Any, col: Any) -> tuple[str, str]:
        """(sheet, cell) of a value of block ``key``."""
        b = self.blocks[key]
        return b.sheet, b.cell(row, col)


def _find_table(view_tables: dict[str, TableRef], name: str) -> TableRef | None:
    if name in view_tables:
        return view_tables[name]
    low = {k.casefold(): v for k, v in view_tables.items()}
    return low.get(name.casefold())


def _norm_code(value: Any, expected: set[str]) -> str | None:
    if value is None or isinstance(value, CellError):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            return str(value)
        s = str(int(value))
    else:
        s = str(value).strip()
        if not s:
            return None
    if s not in expected and s.isdigit():
        for width in (2, 3, 4):
            padded = s.zfill(width)
            if padded in expected:
                return padded
    return s


def table_title(spec_table: Table) -> dict[str, str]:
    """The fields that name a table in a message: its title as the user sees it above the
    table, in English (``title``) and Lao (``title_lo``) -- "Volume index" / "ດັດຊະນີປະລິມານ",
    not the Excel table name ("tblVolume"), which findings keep in ``details["table"]``."""
    try:
        from xladdin.templates.data import term

        t = term(spec_table.title)
    except KeyError:
        return {"title": spec_table.name, "title_lo": spec_table.name}
    en = t.en or spec_table.name
    return {"title": en, "title_lo": t.lo or en}


def block_title(block: Block) -> dict[str, str]:
    """:func:`table_title` of a bound block (its template table found by key and Excel name,
    else by key; the Excel name when neither is found)."""
    tables = [t for spec in SPECS.values() for _, t in spec.tables() if t.key == block.key]
    for t in sorted(tables, key=lambda t: t.name != block.table):
        return table_title(t)
    return {"title": block.table, "title_lo": block.table}


def _bind_table(
    view: WorkbookView,
    sheet_name: str,
    spec_table: Table,
    tref: TableRef,
    renames_back: dict[str, str],
    years_hint: tuple[int, ...],
    findings: list[Finding],
    axes: dict[tuple[Any, ...], pd.Index] | None = None,
) -> Block | None:
    (c1, r1), (c2, r2) = parse_ref(tref.ref)
    headers = [normalise_header(h) for h in tref.headers]
    cols: dict[Any, int] = {}
    fixed_keys = []
    ok = True
    for col in spec_table.columns:
        want = {normalise_header(col.header)}
        if col.header in renames_back:
            want.add(normalise_header(renames_back[col.header]))
        idx = next((i for i, h in enumerate(headers) if h in want), None)
        if idx is None:
            if col.optional:
                continue
            if col.role == KEY or spec_table.role != OUTPUT or col.role == OUTPUT:
                findings.append(
                    finding(
                        "template-column-missing",
                        sheet=tref.sheet,
                        cell=tref.ref.split(":")[0],
                        table=tref.name,
                        **table_title(spec_table),
                        header=col.header,
                    )
                )
            if col.role == KEY:
                ok = False
            continue
        cols[col.key] = c1 + idx
        fixed_keys.append(col.key)
    years: list[int] = []
    if spec_table.years:
        for i, h in enumerate(tref.headers):
            y = _year(h)
            if y is not None:
                years.append(y)
                cols[y] = c1 + i
        if not years:
            findings.append(
                finding(
                    "template-no-year-columns",
                    sheet=tref.sheet,
                    cell=tref.ref.split(":")[0],
                    table=tref.name,
                    **table_title(spec_table),
                )
            )
    if not ok:
        return None
    body = view.values(tref.sheet, tref.ref) if r2 > r1 else [[]]
    body = body[1:] if r2 > r1 else []
    key_col = spec_table.key_col
    keyed = spec_table.rows != "free"
    expected_rows = [r.code for r in row_set(spec_table, years_hint or tuple(years))]
    expected = set(expected_rows)
    col_keys = [k for k in cols if not (keyed and k == key_col.key)]
    raw_rows: list[list[Any]] = []
    index: list[Any] = []
    rows: dict[Any, int] = {}
    seen: set[Any] = set()
    letters = [col_letter(cols[k]) for k in col_keys]
    offsets = [cols[k] - c1 for k in col_keys]
    for i, line in enumerate(body):
        sheet_row = r1 + 1 + i

        def get(c: int, _line: list[Any] = line) -> Any:
            j = c - c1
            return _line[j] if 0 <= j < len(_line) else None

        width = len(line)
        vals = [line[j] if 0 <= j < width else None for j in offsets]  # get() of each column
        if keyed:
            kraw = get(cols[key_col.key])
            if key_col.kind == "year" or spec_table.rows == "years":
                key = _year(kraw)
            else:
                key = _norm_code(kraw, expected)
            if key is None:
                if spec_table.role != OUTPUT and any(
                    v is not None and v != "" for v in vals if not isinstance(v, str)
                ):
                    findings.append(
                        finding(
                            "template-row-without-code",
                            sheet=tref.sheet,
                            cell=f"{col_letter(c1)}{sheet_row}:{col_letter(c2)}{sheet_row}",
                            table=tref.name,
                            **table_title(spec_table),
                        )
                    )
                continue
            if key in seen:
                problem = "template-duplicate-code"
            elif expected and str(key) not in expected and spec_table.rows != "years":
                problem = "template-unknown-code"
            else:
                problem = None
            if problem is not None:
                findings.append(
                    finding(
                        problem,
                        sheet=tref.sheet,
                        cell=f"{col_letter(cols[key_col.key])}{sheet_row}",
                        table=tref.name,
                        **table_title(spec_table),
                        code=key,
                    )
                )
                continue
            seen.add(key)
        else:
            if spec_table.role != OUTPUT and all(v is None or v == "" for v in vals):
                continue
            key = len(index)
        index.append(key)
        rows[key] = sheet_row
        raw_rows.append(vals)
    if keyed and spec_table.rows not in ("years",):
        for code in expected_rows:
            if code not in seen:
                findings.append(
                    finding(
                        "template-row-missing",
                        sheet=tref.sheet,
                        # the header of the code column: the first data row's code cell would
                        # be highlighted as if that (present, correct) row were the problem
                        cell=tref.ref.split(":")[0],
                        table=tref.name,
                        **table_title(spec_table),
                        code=code,
                    )
                )
    return Block(
        key=spec_table.key,
        table=tref.name,
        sheet=tref.sheet,
        ref=tref.ref,
        role=spec_table.role,
        body=Body(raw_rows, index, col_keys, letters, {} if axes is None else axes),
        rows=rows,
        columns=cols,
        years=years,
    )


def _axis(labels: list[Any], axes: dict[tuple[Any, ...], pd.Index] | None) -> pd.Index:
    """``pd.Index(labels)`` as a DataFrame makes it from a list of labels, made once per
    distinct list in ``axes`` (an Index is immutable: the frames of a binding share them;
    labels are keyed with their types, so 1, 1.0 and True stay apart)."""
    key = tuple((type(label), label) for label in labels)
    found = axes.get(key) if axes is not None else None
    if found is None:
        found = pd.Index(labels, tupleize_cols=False)
        if axes is not None:
            axes[key] = found
    return found


def _frame(rows: list[list[Any]], index: pd.Index, columns: pd.Index, dtype: type) -> pd.DataFrame:
    """``pd.DataFrame(rows, index, columns, dtype)`` made from one 2-D array (the same frame,
    without pandas' column-by-column conversion of nested lists)."""
    if rows:
        array = np.array(rows, dtype=dtype)
        if array.shape == (len(index), len(columns)):
            return pd.DataFrame(array, index=index, columns=columns, dtype=dtype)
    return pd.DataFrame(rows, index=index, columns=columns, dtype=dtype)


def _bind_name(
    view: WorkbookView,
    spec_name: Name,
    names: dict[str, str],
    renames_back: dict[str, str],
    findings: list[Finding],
) -> Scalar | None:
    candidates = [spec_name.name] + (
        [renames_back[spec_name.name]] if spec_name.name in renames_back else []
    )
    low = {k.casefold(): k for k in names}
    found = next((low[c.casefold()] for c in candidates if c.casefold() in low), None)
    if found is None:
        if not spec_name.optional:
            findings.append(
                finding("template-name-missing", name=spec_name.name, title=spec_name.label)
            )
        return None
    target = parse_refers_to(names[found])
    if target is None or ":" in target[1] or target[0] not in view.sheet_names():
        findings.append(finding("template-name-broken", name=found, refers_to=names[found] or ""))
        return None
    sheet, cell = target
    raw = view.values(sheet, cell)[0][0]
    return Scalar(spec_name.key, found, sheet, cell, raw, spec_name.role)


def bind(view: WorkbookView, info: TemplateInfo | None = None) -> Bound | None:
    """Bind a workbook to its template: typed inputs, output targets, and their cells.

    Returns None when the workbook is not a (supported) xladdin template; call
    :func:`recognise` to get the reason. Structure problems (missing table, column, name, row)
    are in :attr:`Bound.findings`; the blocks that could be bound are still returned.
    """
    findings: list[Finding] = []
    if info is None:
        info, findings = recognise(view)
        if info is None:
            return None
    spec = info.spec
    renames_back = {new: old for old, new in info.renames.items()}
    view_tables = view.tables()
    names = view.defined_names()
    blocks: dict[str, Block] = {}
    scalars: dict[str, Scalar] = {}
    years_hint: tuple[int, ...] = ()
    found_sheets: dict[str, set[str]] = {}
    axes: dict[tuple[Any, ...], pd.Index] = {}  # row and column indexes, shared by the frames
    for sheet, spec_table in spec.tables():
        tref = _find_table(view_tables, spec_table.name)
        if tref is None and spec_table.name in renames_back:
            tref = _find_table(view_tables, renames_back[spec_table.name])
        if tref is None:
            if not spec_table.optional:
                findings.append(
                    finding(
                        "template-table-missing",
                        sheet=sheet.name if sheet.name in view.sheet_names() else None,
                        table=spec_table.name,
                        **table_title(spec_table),
                        expected_sheet=sheet.name,
                    )
                )
            continue
        found_sheets.setdefault(sheet.name, set()).add(tref.sheet)
        block = _bind_table(
            view, sheet.name, spec_table, tref, renames_back, years_hint, findings, axes
        )
        if block is not None:
            blocks[spec_table.key] = block
            if spec_table.key == "volume":
                years_hint = tuple(block.years)
    for sheet, spec_name in spec.names():
        scalar = _bind_name(view, spec_name, names, renames_back, findings)
        if scalar is not None:
            scalars[spec_name.key] = scalar
            found_sheets.setdefault(sheet.name, set()).add(scalar.sheet)
    present = set(view.sheet_names())
    for expected, where in sorted(found_sheets.items()):
        if expected not in present and where:
            findings.append(
                finding(
                    "template-sheet-renamed",
                    expected_sheet=expected,
                    found_sheet=", ".join(sorted(where)),
                )
            )
    return Bound(info, blocks, scalars, findings, source=getattr(view, "source", ""))
