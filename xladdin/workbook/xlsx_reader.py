"""A fast, lazy, read-only :class:`~xladdin.workbook.model.WorkbookView` over an xlsx/xlsm package.

The file is read into memory once (and closed at once). ``workbook.xml`` and its relationships
are parsed when the view is opened; shared strings, styles, each sheet, tables and document
properties are parsed the first time they are needed and cached. XML is parsed with DTDs and
entities forbidden (defusedxml) and part sizes are bounded (see :mod:`xladdin.workbook.package`).
A worksheet in the usual shapes is read from the tokens of :mod:`xladdin.workbook.sheet_scan`
(those of the inspection when it made them, so the part is not parsed again); any other
worksheet, or one holding a value that is an error, goes through ElementTree, which gives the
same cells and raises the exact error (``tests/workbook/test_sheet_tokens.py`` compares both).

Values (choices documented here so every caller sees the same thing):

- numbers: ``int`` when the stored text is an integer literal (``<v>5</v>``), else ``float``;
- numbers whose cell number format is a date/time format: :class:`datetime.datetime`
  (1900 or 1904 date system honoured; time-only formats also give a ``datetime`` on 1899-12-30,
  like xlwings);
- shared strings, inline strings and formula string results: ``str`` (rich-text runs
  concatenated, phonetic runs dropped, ``_xHHHH_`` escapes decoded);
- booleans: ``bool``; error values: :class:`~xladdin.workbook.model.CellError`;
- an empty cell (or a cell with only a style): ``None``.

Formulas are returned with a leading ``=``, exactly as stored (``_xlfn.`` prefixes kept).
Shared formulas are expanded on every dependent cell; an array formula is reported on its
top-left cell only. The used range spans the cells that hold a value or a formula (a cell with
only a style does not count, unlike Excel's ``UsedRange``).
"""

from __future__ import annotations

import io
import math
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import Any

from xladdin.errors import RefusedWorkbookError, UnreadableWorkbookError
from xladdin.findings import Finding, finding
from xladdin.workbook.cells import serial_to_datetime
from xladdin.workbook.formula_shift import shift_formula
from xladdin.workbook.limits import DEFAULT_LIMITS, Limits
from xladdin.workbook.model import CellError, TableRef, col_letter, parse_ref, ref_from, split_cell
from xladdin.workbook.package import (
    MissingPartError,
    Package,
    iterparse_xml,
    local,
    ooxml_unescape,
    parse_xml,
    with_finding,
    with_reason,
)
from xladdin.workbook.sheet_scan import (
    TOKENISE_LIMIT,
    SheetTokens,
    attrs_of,
    max_tokens,
    text_of,
    tokenise,
    well_formed,
)

__all__ = ["SheetInfo", "XlsxView", "open_xlsx", "read_findings"]

REL_WORKSHEET = "/worksheet"
REL_TABLE = "/table"
REL_SHARED_STRINGS = "/sharedStrings"
REL_STYLES = "/styles"
REL_CUSTOM_PROPS = "/custom-properties"

_R_NAMESPACES = (
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}id",
)

# Built-in number formats that are dates or times (ECMA-376 18.8.30), plus common CJK ones.
_BUILTIN_DATE_FORMATS = frozenset([*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)])
_FORMAT_STRIP = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_DATE_CHARS = re.compile(r"[dmyhseDMYHSE]")


def _is_date_format(code: str) -> bool:
    """True when a number-format code displays a date or time."""
    section = code.split(";")[0]
    if re.search(r"\[(h+|m+|s+)\]", section, re.IGNORECASE):
        return True
    stripped = _FORMAT_STRIP.sub("", section)
    if "General" in stripped or "general" in stripped:
        stripped = stripped.replace("General", "").replace("general", "")
    return bool(_DATE_CHARS.search(stripped)) and "E+" not in stripped.upper()


TREE_PARSE_LIMIT = TOKENISE_LIMIT
"""Sheet parts up to this size (decompressed) are parsed whole; larger ones are streamed."""

_ADDR = re.compile(r"([A-Z]{1,3})([0-9]{1,7})$").match  # Excel writes upper case
_ROW_R = re.compile(rb'\sr="([^"]*)"').search  # a row tag's r (tokens: double quotes only)
_COLS: dict[str, int] = {}


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    _COLS[letters] = n
    return n


@dataclass
class SheetInfo:
    """A sheet as listed in ``workbook.xml``."""

    name: str
    sheet_id: str
    rel_id: str
    state: str
    part: str | None
    kind: str = "worksheet"


@dataclass
class _Sheet:
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    dimension: str | None = None
    bounds: tuple[int, int, int, int] | None = None  # min_col, min_row, max_col, max_row
    marked: list[tuple[int, int]] | None = None  # see XlsxView.cell_kinds


_XSD_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
"""A number as Excel writes it in ``<v>`` (the xsd:double lexical form without INF/NaN, ASCII
digits only, no blanks). Python's ``float`` is laxer: it accepts ``1_000``, `` 12 ``, ``nan``,
``inf`` and non-ASCII digits such as Lao ``໑໒``."""


class BadCellValueError(UnreadableWorkbookError):
    """A cell holds text Excel never writes for its type (finding ``cell-value-not-a-number``)."""

    finding_code = "cell-value-not-a-number"


class LimitError(RefusedWorkbookError):
    """A bound of :class:`~xladdin.workbook.limits.Limits` is exceeded while reading."""


def _limit_error(code: str, message: str, **fields: Any) -> LimitError:
    return with_finding(LimitError(message), code, **fields)


_LONGEST_INT = len(str(int(sys.float_info.max)))
"""Digits of the largest integer a double holds (309): an integer cell of more digits may be
beyond what a number cell can hold (Excel's numbers are doubles)."""


def _whole(raw: str | bytes) -> int:
    """An integer ``<v>`` text (digits, optional sign) as an int; ValueError beyond a double
    (``1`` followed by 400 zeros is no number Excel can hold, as ``1E400`` is not)."""
    value = int(raw)
    if len(raw) >= _LONGEST_INT and abs(value) > sys.float_info.max:
        raise ValueError(f"not a finite number: {raw[:40]!r}")
    return value


def _number(text: str) -> int | float:
    """The value of a number cell's ``<v>`` text, parsed strictly (:data:`_XSD_NUMBER`).

    Raises ValueError for anything else, and for a value that is not finite (``1E999``, or
    an integer of 400 digits)."""
    if text.isdigit() and text.isascii():
        return _whole(text)
    if not _XSD_NUMBER.match(text):
        raise ValueError(f"not a number: {text[:40]!r}")
    if "." not in text and "E" not in text and "e" not in text:
        return _whole(text)
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {text[:40]!r}")
    return value


_XSD_NUMBER_BYTES = re.compile(rb"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")


def _bytes_number(raw: bytes) -> int | float:
    """:func:`_number` of a ``<v>`` text still in bytes (the tokens' form)."""
    if _XSD_NUMBER_BYTES.match(raw):
        if b"." not in raw and b"e" not in raw and b"E" not in raw:
            return _whole(raw)
        value = float(raw)
        if not math.isfinite(value):
            raise ValueError(f"not a finite number: {raw[:40]!r}")
        return value
    return _number(text_of(raw))


_BCOLS: dict[bytes, int] = {}


def _bcol(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    _BCOLS[letters] = n
    return n


_FIRST = itemgetter(0)
_INF = math.inf


class RowMajorCells(dict):  # type: ignore[type-arg]
    """A1 address -> value, inserted in (row, column) order."""

    row_major = True


class XlsxView:
    """Read-only view of an xlsx/xlsm package (implements ``WorkbookView``).

    Parameters
    ----------
    source : str or Path or bytes or Package
        Path of the package (or its bytes, or a package already opened and inspected).
    limits : Limits, optional
        Bounds on table and range sizes, formula length and shared-text expansion (default the
        package's limits).

    Raises
    ------
    UnreadableWorkbookError
        Not a zip package, truncated, encrypted, legacy .xls, or no workbook part.
    RefusedWorkbookError
        A part is too large, too compressed, or declares a DTD/entities.
    """

    def __init__(
        self, source: str | os.PathLike[str] | bytes | Package, *, limits: Limits | None = None
    ):
        self.limits = limits or (source.limits if isinstance(source, Package) else DEFAULT_LIMITS)
        self.package = (
            source if isinstance(source, Package) else Package(source, limits=self.limits)
        )
        self._text_chars = 0  # shared-string characters expanded into cells so far
        self._formula_chars = 0  # shared-formula characters expanded into dependents so far
        self.source = self.package.path
        self._workbook_part = self.package.main_part()
        root = self.package.xml(self._workbook_part)
        if local(root.tag) != "workbook":
            raise UnreadableWorkbookError(
                f"{self.source}: {self._workbook_part} is not a workbook part"
            )
        self._ns = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
        rels = {r.id: r for r in self.package.rels(self._workbook_part)}
        self._sheets: list[SheetInfo] = []
        self._names: list[tuple[str, str, int | None, bool]] = []
        self.date1904 = False
        self.calc_props: dict[str, str] = {}
        for child in root:
            kind = local(child.tag)
            if kind == "workbookPr":
                self.date1904 = child.get("date1904", "0").lower() in ("1", "true")
            elif kind == "sheets":
                for el in child:
                    rid = next((el.get(a) for a in _R_NAMESPACES if el.get(a)), "") or ""
                    rel = rels.get(rid)
                    part = self.package.find(rel.part) if rel is not None and rel.part else None
                    sheet_kind = "worksheet"
                    if rel is not None and not rel.type.endswith(REL_WORKSHEET):
                        sheet_kind = rel.type.rpartition("/")[2]
                    self._sheets.append(
                        SheetInfo(
                            name=el.get("name", ""),
                            sheet_id=el.get("sheetId", ""),
                            rel_id=rid,
                            state=el.get("state", "visible"),
                            part=part,
                            kind=sheet_kind,
                        )
                    )
            elif kind == "definedNames":
                for el in child:
                    local_id = el.get("localSheetId")
                    hidden = el.get("hidden", "0").lower() in ("1", "true")
                    self._names.append(
                        (
                            el.get("name", ""),
                            el.text or "",
                            int(local_id) if local_id else None,
                            hidden,
                        )
                    )
            elif kind == "calcPr":
                self.calc_props = dict(child.attrib)
        self._by_name = {s.name: s for s in self._sheets}
        self._rels = rels
        self._cache: dict[str, _Sheet] = {}
        self._strings: list[str] | None = None
        self._date_styles: frozenset[int] | None = None
        self._tables: dict[str, TableRef] | None = None
        self._props: dict[str, Any] | None = None

    def __repr__(self) -> str:
        return f"XlsxView({self.source!r}, sheets={self.sheet_names()!r})"

    def preload(self) -> None:
        """Read every worksheet and table now, so a bad cell or an exceeded bound is an error
        at opening (turned into a finding by :func:`xladdin.workbook.safety.open_untrusted`),
        not later in the middle of a command. Sheets stay cached."""
        for info in self._sheets:
            self._sheet(info.name)
        self.tables()
        self.doc_properties()
        self.package.forget_inflated()  # parts nobody read: inflated again only if asked for

    # -- workbook-level -----------------------------------------------------------------------

    def sheet_names(self) -> list[str]:
        """Sheet names in workbook order (hidden ones and chart sheets included)."""
        return [s.name for s in self._sheets]

    def sheet_info(self, sheet: str) -> SheetInfo:
        """The ``workbook.xml`` entry of a sheet (KeyError when absent)."""
        return self._by_name[sheet]

    def sheet_visibility(self, sheet: str) -> str:
        """``"visible"``, ``"hidden"`` or ``"veryHidden"``."""
        return self._by_name[sheet].state

    def defined_names(self) -> dict[str, str]:
        """Workbook-scoped defined names -> ``refers_to`` text (sheet-scoped ones left out)."""
        return {name: text for name, text, local_id, _h in self._names if local_id is None}

    def all_defined_names(self) -> list[tuple[str, str, str | None, bool]]:
        """Every defined name as ``(name, refers_to, scope sheet or None, hidden)``."""
        out = []
        for name, text, local_id, hidden in self._names:
            scope = None
            if local_id is not None and 0 <= local_id < len(self._sheets):
                scope = self._sheets[local_id].name
            out.append((name, text, scope, hidden))
        return out

    def tables(self) -> dict[str, TableRef]:
        """Excel Tables (ListObjects) by display name, found through each sheet's relationships."""
        if self._tables is None:
            tables: dict[str, TableRef] = {}
            for info in self._sheets:
                if not info.part:
                    continue
                for rel in self.package.rels(info.part):
                    if (
                        not rel.type.endswith(REL_TABLE)
                        or not rel.part
                        or not self.package.has(rel.part)
                    ):
                        continue
                    root = self.package.xml(rel.part)
                    name = root.get("displayName") or root.get("name") or ""
                    headers: list[str] = []
                    for child in root:
                        if local(child.tag) == "tableColumns":
                            headers = [ooxml_unescape(c.get("name", "")) for c in child]
                    ref = (root.get("ref") or "").replace("$", "")
                    self._check_area(ref, self.limits.max_table_cells, name, rel.part)
                    tables[name] = TableRef(
                        name=name, sheet=info.name, ref=ref, headers=tuple(headers)
                    )
            self._tables = tables
        return dict(self._tables)

    def doc_properties(self) -> dict[str, Any]:
        """Custom document properties (``docProps/custom.xml``): name -> str/int/float/bool/datetime."""
        if self._props is None:
            props: dict[str, Any] = {}
            part = None
            for rel in self.package.rels(""):
                if rel.type.endswith(REL_CUSTOM_PROPS) and rel.part:
                    part = rel.part
            if part is None and self.package.has("docProps/custom.xml"):
                part = "docProps/custom.xml"
            if part is not None and self.package.has(part):
                for prop in self.package.xml(part):
                    if local(prop.tag) != "property" or len(prop) == 0:
                        continue
                    props[prop.get("name", "")] = _variant(prop[0])
            self._props = props
        return dict(self._props)

    # -- cells --------------------------------------------------------------------------------

    def used_range(self, sheet: str) -> str | None:
        """The range spanning every cell with a value or formula, or None for an empty sheet."""
        bounds = self._sheet(sheet).bounds
        return None if bounds is None else ref_from(*bounds)

    def dimension(self, sheet: str) -> str | None:
        """The ``<dimension ref>`` the writing application declared (may be stale)."""
        return self._sheet(sheet).dimension

    def _check_area(self, ref: str, limit: int, table: str = "", part: str = "") -> None:
        """Refuse a range of more than ``limit`` cells before it is turned into rows."""
        try:
            (c1, r1), (c2, r2) = parse_ref(ref)
        except Exception:  # an unparsable ref is left to the caller, as before
            return
        cells = (abs(c2 - c1) + 1) * (abs(r2 - r1) + 1)
        if cells > limit:
            raise _limit_error(
                "table-range-absurd",
                f"{self.source}: range {ref} has {cells} cells (limit {limit})",
                table=table or "?",
                part=part or "?",
                ref=ref,
                cells=cells,
                limit=limit,
            )

    def values(self, sheet: str, ref: str) -> list[list[Any]]:
        """Cell values of a rectangular range, row by row (at most ``limits.max_range_cells``)."""
        self._check_area(ref, self.limits.max_range_cells)
        (c1, r1), (c2, r2) = parse_ref(ref)
        cells = self._sheet(sheet).cells
        get = cells.get
        return [[get((r, c)) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    def value(self, sheet: str, cell: str) -> Any:
        """The value of one cell."""
        col, row = split_cell(cell)
        return self._sheet(sheet).cells.get((row, col))

    def formulas(self, sheet: str, ref: str) -> list[list[str | None]]:
        """Formula text (leading ``=``) per cell of a range, None where there is no formula."""
        self._check_area(ref, self.limits.max_range_cells)
        (c1, r1), (c2, r2) = parse_ref(ref)
        get = self._sheet(sheet).formulas.get
        return [[get((r, c)) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    def cells(self, sheet: str) -> dict[str, Any]:
        """Every non-empty cell of a sheet: A1 address -> value, in (row, column) order (the
        dict says so: ``row_major`` is True, so callers need not sort it again)."""
        out = RowMajorCells()
        letters: dict[int, str] = {}
        for (r, c), v in self.cell_items(sheet):
            col = letters.get(c)
            if col is None:
                col = letters[c] = col_letter(c)
            out[f"{col}{r}"] = v
        return out

    def cell_dict(self, sheet: str) -> dict[tuple[int, int], Any]:
        """Every non-empty cell of a sheet, ``(row, column) -> value`` in the order of the
        file (read-only: the view's own cache)."""
        return self._sheet(sheet).cells

    def cell_kinds(
        self, sheet: str
    ) -> tuple[dict[tuple[int, int], Any], list[tuple[int, int]]] | None:
        """``(cells, marked)``: :meth:`cell_dict` and the keys of every cell whose value may be
        something else than an ``int`` or a ``float`` (every other cell holds one): a sheet's
        texts without looking at every cell. None when the sheet was read without this list."""
        parsed = self._sheet(sheet)
        return None if parsed.marked is None else (parsed.cells, parsed.marked)

    def cell_items(self, sheet: str) -> list[tuple[tuple[int, int], Any]]:
        """Every non-empty cell of a sheet as ``((row, column), value)``, in (row, column)
        order: :meth:`cells` without an A1 address per cell."""
        return sorted(self._sheet(sheet).cells.items(), key=_FIRST)

    def formula_cells(self, sheet: str) -> dict[str, str]:
        """Every formula cell of a sheet: A1 address -> formula text."""
        return {
            f"{col_letter(c)}{r}": f for (r, c), f in sorted(self._sheet(sheet).formulas.items())
        }

    # -- parsing ------------------------------------------------------------------------------

    def _sheet(self, sheet: str) -> _Sheet:
        cached = self._cache.get(sheet)
        if cached is not None:
            return cached
        info = self._by_name.get(sheet)
        if info is None:
            raise KeyError(f"no sheet named {sheet!r} in {self.source}")
        if info.kind != "worksheet" or not info.part:
            parsed = _Sheet()  # chart sheets, dialog sheets, missing parts: no cells
        else:
            parsed = self._parse_sheet(info.part)
        self._cache[sheet] = parsed
        return parsed

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            part = next(
                (
                    r.part
                    for r in self._rels.values()
                    if r.type.endswith(REL_SHARED_STRINGS) and r.part
                ),
                None,
            )
            strings: list[str] = []
            if part and self.package.has(part):
                ns = "{" + self._ns + "}" if self._ns else ""
                si_tag, t_tag, r_tag = ns + "si", ns + "t", ns + "r"
                ext_tag = ns + "extLst"
                depth = 0
                with self.package.open(part) as stream:
                    for event, el in iterparse_xml(stream, part, ("start", "end")):
                        if event == "start":
                            depth += 1
                            # the list's own items only: a string anywhere else (inside another
                            # string, mc:AlternateContent, an unknown wrapper) is counted by one
                            # reader and not by another, shifting every later index
                            if (depth == 2 and el.tag not in (si_tag, ext_tag)) or (
                                depth > 2 and el.tag == si_tag
                            ):
                                raise self._odd_strings(part, el.tag)
                            continue
                        depth -= 1
                        if depth == 1 and el.tag == si_tag:
                            strings.append(_rich_text(el, t_tag, r_tag))
                            el.clear()
            self._strings = strings
        return self._strings

    def _date_style_ids(self) -> frozenset[int]:
        if self._date_styles is None:
            part = next(
                (r.part for r in self._rels.values() if r.type.endswith(REL_STYLES) and r.part),
                None,
            )
            dates: set[int] = set()
            if part and self.package.has(part):
                root = self.package.xml(part)
                custom: dict[int, str] = {}
                xfs: list[int] = []
                for child in root:
                    kind = local(child.tag)
                    if kind == "numFmts":
                        for fmt in child:
                            try:
                                custom[int(fmt.get("numFmtId", "-1"))] = fmt.get("formatCode", "")
                            except ValueError:
                                continue
                    elif kind == "cellXfs":
                        for xf in child:
                            try:
                                xfs.append(int(xf.get("numFmtId", "0")))
                            except ValueError:
                                xfs.append(0)
                for index, fmt_id in enumerate(xfs):
                    if fmt_id in custom:
                        if _is_date_format(custom[fmt_id]):
                            dates.add(index)
                    elif fmt_id in _BUILTIN_DATE_FORMATS:
                        dates.add(index)
            self._date_styles = frozenset(dates)
        return self._date_styles

    def _rows(
        self, part: str, row_tag: str, dim_tag: str, out: _Sheet, data: bytes | None = None
    ) -> Iterator[Any]:
        """The ``<row>`` elements of a sheet part: from a tree parsed at C speed for parts up
        to :data:`TREE_PARSE_LIMIT` bytes, else streamed (each row cleared once used).
        ``data``: the part's bytes when the caller already has them."""
        sheet_data_tag = row_tag[: -len("row")] + "sheetData"
        cell_tag = row_tag[: -len("row")] + "c"
        if self.package.infos[part].file_size <= TREE_PARSE_LIMIT:
            # (not Package.xml: a worksheet tree is not kept beside the cells read from it)
            root = parse_xml(data if data is not None else self.package.read(part), part)
            if root.tag != row_tag[: -len("row")] + "worksheet":
                raise self._odd_sheet(part, f"root element {root.tag[:80]!r}")
            sheet_data = None
            for child in root:
                if child.tag == dim_tag:
                    out.dimension = (child.get("ref") or "").replace("$", "") or None
                elif child.tag == sheet_data_tag and sheet_data is None:
                    sheet_data = child
                elif any(
                    el.tag in (row_tag, cell_tag) or _is_sheet_data(el.tag) for el in child.iter()
                ):
                    # a second sheetData, one in another namespace or inside
                    # mc:AlternateContent, rows outside it: readers differ (issue #12)
                    raise self._odd_sheet(part, f"{child.tag[:80]!r} holds sheet data")
            if sheet_data is not None:
                rows = sheet_data.findall(row_tag)
                if len(rows) != sum(1 for _ in sheet_data.iter(row_tag)):
                    raise self._odd_sheet(part, "a row inside a row or a cell")
                yield from rows
            return
        sheet_data_el = None
        with io.BytesIO(data) if data is not None else self.package.open(part) as stream:
            for _event, el in iterparse_xml(stream, part):
                tag = el.tag
                if tag == row_tag:
                    if sum(1 for _ in el.iter(row_tag)) > 1:
                        raise self._odd_sheet(part, "a row inside a row or a cell")
                    yield el
                    el.clear()  # the element stays (its tag too): a parent row sees it
                elif tag == dim_tag:
                    out.dimension = (el.get("ref") or "").replace("$", "") or None
                elif _is_sheet_data(tag):
                    if tag != sheet_data_tag or sheet_data_el is not None:
                        raise self._odd_sheet(part, f"{tag[:80]!r} holds sheet data")
                    sheet_data_el = el
                elif tag.endswith("}worksheet") or tag == "worksheet":
                    if tag != row_tag[: -len("row")] + "worksheet":
                        raise self._odd_sheet(part, f"root element {tag[:80]!r}")
                    if sheet_data_el is not None and not any(ch is sheet_data_el for ch in el):
                        # inside mc:AlternateContent or another element: readers differ
                        raise self._odd_sheet(part, "sheet data below another element")

    def _odd_strings(self, part: str, tag: str) -> UnreadableWorkbookError:
        """The error for a shared-strings part whose strings are not all direct items of the
        list (issue #12: readers would number them differently)."""
        what = f"<{local(tag)[:40]}>"
        error = UnreadableWorkbookError(
            f"{self.source}: {part}: {what} in the shared-strings list, which holds only strings"
        )
        return with_reason(error, "reason_shared_string_nested", what=what)

    def _odd_sheet(self, part: str, what: str) -> UnreadableWorkbookError:
        """The error for a worksheet in a shape that readers disagree on (issue #12)."""
        return UnreadableWorkbookError(f"{self.source}: {part}: {what}")

    def _parse_sheet(self, part: str) -> _Sheet:
        """The cells of a worksheet part: from the tokens the inspection made of it (or that
        are made here, after an expat check), else -- a part in an unusual shape, or a value
        that is an error -- through ElementTree, which decides every error exactly."""
        tokens = self.package.take_tokens(part)
        data: bytes | None = None
        if tokens is None:
            data = self.package.read(part)
            if well_formed(data):
                tokens = tokenise(
                    data, max_tokens=max_tokens(self.limits), chunked=len(data) > TOKENISE_LIMIT
                )
        if tokens is not None and tokens.ns == self._ns:
            try:
                fast = self._from_tokens(tokens)
            except (ValueError, IndexError, OverflowError, UnicodeDecodeError, KeyError):
                fast = None  # the general path below raises the exact error
            if fast is not None:
                return fast
        del tokens
        if data is not None and len(data) > TREE_PARSE_LIMIT:
            data = None  # a large part is streamed from the package: its bytes are not held
        return self._parse_sheet_xml(part, data)

    def _from_tokens(self, st: SheetTokens) -> _Sheet | None:
        """Cells from :func:`~xladdin.workbook.sheet_scan.tokenise` tokens; None when the
        general path must decide (a cell outside a row, nested rows, a limit reached)."""
        out = _Sheet()
        dim_tag = "{" + st.ns + "}dimension"
        for child in st.skeleton:
            if child.tag == dim_tag:
                out.dimension = (child.get("ref") or "").replace("$", "") or None
        cells = out.cells
        formulas = out.formulas
        masters: dict[str, tuple[int, int, str]] = {}
        dependents: list[tuple[int, int, str]] = []
        strings: list[str] | None = None
        date_styles = self._date_style_ids()
        date_s: dict[bytes, bool] = {}  # style index text -> a date style?
        date1904 = self.date1904
        max_formula = self.limits.max_formula_chars
        expanded = 0
        in_row = False
        references = st.references
        out.marked = []  # keys whose value may be other than an int or a float
        mark = out.marked.append
        cols = _BCOLS
        number = _bytes_number
        last = 0  # row << 15 | column of the previous cell: cells must come in order
        row_digits = b""  # the row digits of the previous cell, and their number
        row_no = 0
        for chunk in st.chunks():
            for letters, digits, s, t, ftag, ftext, v, ist, rowtag, _rest in chunk:
                if letters:  # a cell (the most common token first)
                    if not in_row:
                        return None
                    if digits != row_digits:  # a row's cells share its number: parsed once
                        row_digits = digits
                        row_no = int(digits)
                    col_no = cols.get(letters) or _bcol(letters)
                    order = row_no << 15 | col_no
                    if order <= last:
                        return None  # out of order, or twice: the general path decides (or refuses)
                    last = order
                    key = (row_no, col_no)
                    if v:
                        if not t or t == b"n":
                            if v.isdigit():
                                value: Any = int(v) if len(v) < _LONGEST_INT else number(v)
                            elif v.replace(b".", b"", 1).isdigit():
                                value = float(v)
                                if value == _INF:  # 400 digits: the general path refuses it
                                    return None
                            else:
                                value = number(v)
                            if s and date_styles:
                                is_date = date_s.get(s)
                                if is_date is None:  # once per style index text
                                    is_date = date_s[s] = int(s) in date_styles
                                if is_date:
                                    value = serial_to_datetime(float(value), date1904)
                                    mark(key)
                        elif t == b"inlineStr":
                            return None
                        else:
                            mark(key)
                            if t == b"s":
                                if strings is None:
                                    strings = self._shared_strings()
                                if not v.isdigit():
                                    return None
                                value = strings[int(v)]
                                expanded += len(value)
                            elif t == b"str":
                                value = ooxml_unescape(text_of(v))
                            elif t == b"b":
                                value = text_of(v).strip() in ("1", "true")
                            elif t == b"e":
                                value = CellError(text_of(v))
                            elif t == b"d":
                                value = datetime.fromisoformat(text_of(v).rstrip("Z"))
                            else:
                                value = text_of(v)
                        cells[key] = value
                    elif ist:
                        if t != b"inlineStr":
                            return None
                        raw = ist[1:] if ist[0] == 62 else b""  # ">text", or "/": <t/>
                        text = text_of(raw) if references else raw.decode()
                        # _xHHHH_ escapes decoded after &#..; references, as the XML path
                        cells[key] = ooxml_unescape(text) if "_x" in text else text
                        mark(key)
                    if ftag:
                        fattrs = attrs_of(ftag)
                        ftype = fattrs.get("t")
                        ftext_s = text_of(ftext) if ftext else None
                        if ftext_s and len(ftext_s) > max_formula:
                            return None
                        if ftype == "shared":
                            si = fattrs.get("si", "")
                            if ftext_s and fattrs.get("ref"):
                                masters[si] = (row_no, col_no, ftext_s)
                                formulas[key] = "=" + ftext_s
                            elif ftext_s:
                                formulas[key] = "=" + ftext_s
                            else:
                                dependents.append((row_no, col_no, si))
                        elif ftext_s and ftype != "dataTable":
                            formulas[key] = "=" + ftext_s
                    continue
                if not rowtag:
                    return None  # a cell without an address: its column is implicit
                if rowtag[1] == 47:  # </row>
                    if not in_row:
                        return None
                    in_row = False
                    continue
                if rowtag.startswith(b'<row r="'):  # as Excel and openpyxl write it
                    if not rowtag[8 : rowtag.find(b'"', 8)].isdigit():
                        return None  # an odd row number: the general path refuses it
                else:
                    r = _ROW_R(rowtag)
                    if r is not None and not r[1].isdigit():  # bytes: ASCII digits only
                        return None
                if rowtag[-2] != 47:  # <row ...> (not an empty <row/>)
                    if in_row:
                        return None  # nested rows: the general path decides
                    in_row = True
                elif in_row:
                    return None
        if in_row or expanded > self.limits.max_text_chars - self._text_chars:
            return None
        lengths = {si: len(m[2]) for si, m in masters.items()}
        shared_chars = sum(lengths.get(si, 0) for _r, _c, si in dependents)
        if self._formula_chars + shared_chars > self.limits.max_shared_formula_chars:
            return None
        self._text_chars += expanded
        self._formula_chars += shared_chars
        for row_no, col_no, si in dependents:
            master = masters.get(si)
            if master is None:
                continue
            mr, mc, text = master
            formulas[(row_no, col_no)] = "=" + shift_formula(text, row_no - mr, col_no - mc)
        # Bounds: over the cells with a value or a formula (dependents included).
        keys: list[Any] = [k for k in (cells, formulas) if k]
        if dependents:
            keys.append([(r, c) for r, c, _si in dependents])
        if keys:
            first = itemgetter(1)
            out.bounds = (
                min(min(map(first, k)) for k in keys),
                min(min(k)[0] for k in keys),
                max(max(map(first, k)) for k in keys),
                max(max(k)[0] for k in keys),
            )
        return out

    def _parse_sheet_xml(self, part: str, data: bytes | None = None) -> _Sheet:
        ns = "{" + self._ns + "}" if self._ns else ""
        row_tag, v_tag, f_tag, is_tag = ns + "row", ns + "v", ns + "f", ns + "is"
        t_tag, r_tag, dim_tag = ns + "t", ns + "r", ns + "dimension"
        strings: list[str] | None = None
        date_styles = self._date_style_ids()
        date1904 = self.date1904
        out = _Sheet()
        cells = out.cells
        formulas = out.formulas
        masters: dict[str, tuple[int, int, str]] = {}
        dependents: list[tuple[int, int, str]] = []
        row_no = 0
        expanded = 0
        text_budget = self.limits.max_text_chars - self._text_chars
        max_formula = self.limits.max_formula_chars
        min_c = min_r = 1 << 30
        max_c = max_r = 0
        seen: set[tuple[int, int]] = set()
        for el in self._rows(part, row_tag, dim_tag, out, data):
            r_attr = el.get("r")
            if r_attr and not (r_attr.isascii() and r_attr.isdigit()):
                raise self._odd_sheet(part, f"row number {r_attr[:20]!r}")
            row_no = int(r_attr) if r_attr else row_no + 1
            col_no = 0
            for c in el:
                addr = c.get("r")
                if addr:
                    m = _ADDR(addr) or _ADDR(addr.upper())
                    if m is None:
                        raise UnreadableWorkbookError(
                            f"{self.source}: {part}: bad cell address {addr!r}"
                        )
                    letters = m.group(1)
                    col_no = _COLS.get(letters) or _col(letters)
                    row_no = int(m.group(2))
                else:
                    col_no += 1
                key = (row_no, col_no)
                if key in seen:  # Excel, LibreOffice and openpyxl keep different ones
                    raise self._odd_sheet(part, f"cell {col_letter(col_no)}{row_no} twice")
                seen.add(key)
                t = c.get("t", "n")
                v_el = f_el = None
                is_el = None
                for child in c:
                    ctag = child.tag
                    if ctag == v_tag:
                        if v_el is not None:
                            raise self._odd_sheet(
                                part, f"two values in {col_letter(col_no)}{row_no}"
                            )
                        v_el = child
                    elif ctag == f_tag:
                        if f_el is not None:
                            raise self._odd_sheet(
                                part, f"two formulas in {col_letter(col_no)}{row_no}"
                            )
                        f_el = child
                    elif ctag == is_tag:
                        if is_el is not None or t != "inlineStr":
                            raise self._odd_sheet(
                                part, f"odd inline string in {col_letter(col_no)}{row_no}"
                            )
                        is_el = child
                if t == "inlineStr" and v_el is not None:
                    # openpyxl and LibreOffice show nothing; what Excel shows is unknown
                    raise self._odd_sheet(
                        part, f"inline string with a value in {col_letter(col_no)}{row_no}"
                    )
                value: Any = None
                try:
                    if is_el is not None:
                        value = _rich_text(is_el, t_tag, r_tag)
                    elif v_el is not None and v_el.text is not None:
                        text = v_el.text
                        if t == "n":
                            value = _number(text)
                            s = c.get("s")
                            if s and date_styles and int(s) in date_styles:
                                value = serial_to_datetime(float(value), date1904)
                        elif t == "s":
                            if strings is None:
                                strings = self._shared_strings()
                            if not (text.isdigit() and text.isascii()):
                                raise ValueError(f"not a shared-string index: {text[:40]!r}")
                            value = strings[int(text)]
                            expanded += len(value)
                        elif t == "str":
                            value = ooxml_unescape(text)
                        elif t == "b":
                            value = text.strip() in ("1", "true")
                        elif t == "e":
                            value = CellError(text)
                        elif t == "d":
                            value = datetime.fromisoformat(text.rstrip("Z"))
                        else:
                            value = text
                except (ValueError, IndexError) as exc:
                    sheet_name = next((s.name for s in self._sheets if s.part == part), part)
                    bad = BadCellValueError(
                        f"{self.source}: {part}: bad value in cell {col_letter(col_no)}{row_no} ({exc})"
                    )
                    bad.finding_fields = {  # type: ignore[attr-defined]
                        "sheet": sheet_name,
                        "cell": f"{col_letter(col_no)}{row_no}",
                        "value": (v_el.text or "")[:40] if v_el is not None else "",
                    }
                    raise bad from exc
                if expanded > text_budget:
                    raise _limit_error(
                        "shared-string-expansion",
                        f"{self.source}: shared strings expand to more than "
                        f"{self.limits.max_text_chars} characters",
                        limit=self.limits.max_text_chars,
                    )
                has = False
                if value is not None:
                    cells[key] = value
                    has = True
                if f_el is not None:
                    ftype = f_el.get("t")
                    ftext = f_el.text
                    if ftext and len(ftext) > max_formula:
                        raise _limit_error(
                            "formula-too-long",
                            f"{self.source}: {part}: formula of {len(ftext)} characters in "
                            f"{col_letter(col_no)}{row_no} (limit {max_formula})",
                            cell=f"{col_letter(col_no)}{row_no}",
                            length=len(ftext),
                            limit=max_formula,
                        )
                    if ftype == "shared":
                        si = f_el.get("si", "")
                        if ftext and f_el.get("ref"):
                            masters[si] = (row_no, col_no, ftext)
                            formulas[key] = "=" + ftext
                            has = True
                        elif ftext:
                            formulas[key] = "=" + ftext
                            has = True
                        else:
                            dependents.append((row_no, col_no, si))
                            has = True
                    elif ftext and ftype != "dataTable":
                        formulas[key] = "=" + ftext
                        has = True
                if has:
                    if col_no < min_c:
                        min_c = col_no
                    if col_no > max_c:
                        max_c = col_no
                    if row_no < min_r:
                        min_r = row_no
                    if row_no > max_r:
                        max_r = row_no
        self._text_chars += expanded
        # Counted before any formula is shifted (shifting costs time per character).
        lengths = {si: len(m[2]) for si, m in masters.items()}
        shared_chars = sum(lengths.get(si, 0) for _r, _c, si in dependents)
        if self._formula_chars + shared_chars > self.limits.max_shared_formula_chars:
            raise _limit_error(
                "shared-formula-expansion",
                f"{self.source}: shared formulas expand to more than "
                f"{self.limits.max_shared_formula_chars} characters",
                limit=self.limits.max_shared_formula_chars,
            )
        self._formula_chars += shared_chars
        for row_no, col_no, si in dependents:
            master = masters.get(si)
            if master is None:
                continue
            mr, mc, text = master
            formulas[(row_no, col_no)] = "=" + shift_formula(text, row_no - mr, col_no - mc)
        if max_c:
            out.bounds = (min_c, min_r, max_c, max_r)
        return out


def _is_sheet_data(tag: str) -> bool:
    """Whether an element (in any namespace) is a ``sheetData``."""
    return tag.rpartition("}")[2] == "sheetData"


def _rich_text(el: Any, t_tag: str, r_tag: str) -> str:
    """Text of an ``<si>`` / ``<is>`` element: plain ``<t>`` or rich-text runs, no phonetics."""
    parts: list[str] = []
    for child in el:
        if child.tag == t_tag:
            parts.append(child.text or "")
        elif child.tag == r_tag:
            for sub in child:
                if sub.tag == t_tag:
                    parts.append(sub.text or "")
    return ooxml_unescape("".join(parts))


def _variant(el: Any) -> Any:
    kind = local(el.tag)
    text = el.text or ""
    if kind in ("lpwstr", "lpstr", "bstr"):
        return text
    if kind in ("i1", "i2", "i4", "i8", "int", "ui1", "ui2", "ui4", "ui8", "uint"):
        try:
            return int(text)
        except ValueError:
            return text
    if kind in ("r4", "r8", "decimal", "cy"):
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "bool":
        return text.strip().lower() in ("1", "true")
    if kind in ("filetime", "date"):
        try:
            return datetime.fromisoformat(text.rstrip("Z"))
        except ValueError:
            return text
    return text


def open_xlsx(path: str | os.PathLike[str] | bytes) -> XlsxView:
    """Open an xlsx/xlsm package as a lazy read-only :class:`XlsxView`, WITHOUT the inspection.

    .. warning::
       Only for files xladdin wrote itself or bytes that already passed the inspection (our own
       templates, a package re-serialised after :func:`~xladdin.workbook.safety.open_checked`).
       A user's workbook or a returned file goes through
       :func:`xladdin.workbook.safety.open_untrusted` / ``open_checked`` (issue #10 item 5);
       ``tests/security/test_uninspected_readers.py`` lists the modules allowed to call this.

    Raises
    ------
    UnreadableWorkbookError
        Not a zip, truncated, encrypted (OLE compound file), legacy .xls, no ``xl/workbook.xml``.
    RefusedWorkbookError
        A part exceeds the size/ratio limits or declares a DTD or entities.
    """
    return XlsxView(path)


def error_finding(exc: UnreadableWorkbookError | RefusedWorkbookError, path: str) -> Finding:
    """The finding (``refuses=True``) that reports a workbook-level read error."""
    code = getattr(exc, "finding_code", None)
    if code is None:
        code = (
            "workbook-refused" if isinstance(exc, RefusedWorkbookError) else "workbook-unreadable"
        )
    fields = dict(getattr(exc, "finding_fields", {}) or {})
    sheet, cell = fields.pop("sheet", None), fields.pop("cell", None)
    fields.setdefault("file", os.path.basename(path))
    fields.setdefault("reason", str(exc))
    return finding(code, sheet=sheet, cell=cell, **fields)


def read_findings(path: str | os.PathLike[str]) -> tuple[XlsxView | None, list[Finding]]:
    """Open a workbook, turning read errors into findings instead of exceptions, WITHOUT the
    inspection (see the warning of :func:`open_xlsx`: never for a user's or a returned file).

    Returns
    -------
    (view, findings)
        ``(XlsxView, [])`` when the file opens; ``(None, [finding])`` when it is unreadable or
        refused. The finding is one of ``workbook-unreadable``, ``workbook-truncated``,
        ``workbook-encrypted``, ``workbook-legacy-xls``, ``workbook-missing-part``,
        ``workbook-refused`` (all with ``refuses=True``: exit code 2). The untrusted-file
        inspection (:func:`xladdin.workbook.safety.inspect_package`) gives the same codes for
        the same conditions, so a file gets one code whichever of the two detects it.

    Notes
    -----
    Only the package and ``workbook.xml`` are checked here; a sheet part damaged further in
    still raises :class:`UnreadableWorkbookError` when that sheet is first read.
    """
    try:
        return open_xlsx(path), []
    except (UnreadableWorkbookError, RefusedWorkbookError) as exc:
        return None, [error_finding(exc, os.fspath(path))]


__all__ += [
    "BadCellValueError",
    "LimitError",
    "MissingPartError",
    "error_finding",
    "serial_to_datetime",
]
