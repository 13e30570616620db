"""The data hash of a returned workbook: what it covers and how it is computed.

Definition (scheme ``xladdin-data-v2``)
---------------------------------------
The hash covers everything the central review reads from a returned file -- the values it
sums, where it finds them, whose file it is -- and the stamp itself. It is a SHA-256 (hex) over
UTF-8 lines, the first being the scheme name, then these groups (each sorted):

``cell`` lines -- every non-empty cell of every *data sheet* (each sheet that is not one of
xladdin's own: ``Checks``, ``Audit``, the ``_xladdin`` marker; recognised by content, see
:mod:`xladdin.workbook.owned`), hidden or not, plus every cell inside an Excel Table that lies on
one of xladdin's own sheets (a results table moved there stays covered). One line per cell:
``sheet<TAB>A1<TAB>tag<TAB>text``. A constant is hashed by its value **and type**:

=====  ======================  ================================================================
tag    Python value            canonical text
=====  ======================  ================================================================
``n``  int, float (not bool)   ``format(x, ".15g")`` (15 significant digits, what Excel keeps;
                               ``-0`` becomes ``0``); NaN/inf give tag ``e``
``d``  datetime, date, time    a number shown with a date format: the Excel 1900-system serial
                               number rounded to 8 decimals (~1 ms), then as above -- so a
                               number re-formatted as a date changes the hash
``b``  bool                    ``TRUE`` or ``FALSE``
``e``  CellError               its code, e.g. ``#DIV/0!``
``s``  str (anything else)     ``repr(str(x))`` -- a number stored as text (``t="str"``,
                               inline or shared string) is text, not a number
=====  ======================  ================================================================

A formula cell (tag ``f``) is hashed by its normalised **formula text and its cached value**
(``f<TAB>formula<TAB>tag<TAB>text`` of the cached value, ``-<TAB>-`` when it has none): the
review reads cached values, so a formula whose cached value does not follow from it
(``<f>10930.66</f><v>15930.66</v>``) hashes differently from the value it claims. The one
exception: a formula that had *no* cached value when the file was prepared (templates written
by a library carry none) is listed in the stamp field ``uncached_formulas`` and hashed as
``f<TAB>formula<TAB>~<TAB>~``, so the value Excel or LibreOffice computes and saves for it later
is not a change (compile reads no such cell: the template's formula columns are not inputs). Formula text
is normalised: leading ``=`` dropped; outside string literals, whitespace and single quotes
removed, ``_xlfn.``/``_xlws.`` prefixes removed, letters upper-cased (what Excel may rewrite
when it re-saves). A formula that is only a literal (``=TRUE()``, ``=#DIV/0!``, ``=5``, as
LibreOffice saves some constants) whose cached value is that literal counts as that constant.
Text typed as ``'=abc`` is text.

``sheet`` lines -- every sheet except xladdin's Audit sheet: name, visibility (``visible``,
``hidden``, ``veryHidden``) and which of xladdin's sheets it is (``checks``, ``marker`` or
``-``), so hiding a sheet or making a data sheet look like one of xladdin's changes the hash.

``table`` lines -- every Excel Table: name (case-folded, as the binding matches), sheet, range
(``ref``) and column names (the binding reads year headers from them); plus, for the headless
reader, a line per referenced table part that is a *twin* (a second table of the same name:
which one a reader keeps is reader-dependent) or has an unusual shape (``headerRowCount`` other
than 1, a totals row). An ordinary table gives no such line.

``name`` lines -- every defined name except Excel's built-in ``_xlnm.*``, one line per
definition (a name defined twice gives two): name (case-folded) and normalised ``refers_to``,
then ``@sheet`` for a sheet-scoped name and ``hidden`` for a hidden one (a visible
workbook-scoped name has neither, as in the first v2 files).

``identity`` lines -- the template id, version and where they were read (``_xladdin`` sheet or
document properties, via :func:`xladdin.templates.binding.recognise`), and the typed values of
the cells named ``xl_province_code``, ``xl_district_code``, ``xl_base_year`` and ``xl_unit``
(what the review files a return under).

``stamp`` lines -- every field of the return stamp except the hash itself (who compiled, the
stamp time, versions, source file, data cell count, the validation result), so editing the
stamp time or the compiler's name in ``docProps/custom.xml`` changes the hash. A stamp property
defined twice, or a second custom-properties part, is not hashed but makes ``verify`` report an
edited stamp (:func:`property_lines`): readers disagree on which copy wins.

What this means: not the file bytes (Excel re-saves change bytes), not formats (except a
date format on a number), comments or charts. Moving a sheet does not change the hash;
renaming one, changing, adding or deleting a value or a formula, a cached value, a table
range or column name, a defined name, a sheet's visibility, or a stamp field does.
``prepare`` freezes add-in, external-link, DDE and random/clock formulas (TODAY, NOW, RAND...)
to values first, so every remaining formula gives the same value wherever it is opened. A
formula that had no cached value when the file was prepared gets one when Excel or
LibreOffice recalculates and saves it: that is not a change (see ``uncached_formulas``).

It is tamper-*evidence* for honest mistakes and casual edits, not a signature: anyone with
xladdin can re-stamp a modified file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

# The canonical text of one cell value (the "cell" lines' tag and text) has one definition, in
# the workbook layer: compile's inputs hash uses it too, without importing this package.
from xladdin.workbook.canonical import _number, canonical
from xladdin.workbook.model import (
    WorkbookView,
    col_letter,
    parse_ref,
    parse_refers_to,
    split_cell,
)
from xladdin.workbook.owned import CHECKS, TEMPLATE_MARKER_SHEET, owned_sheets

__all__ = [
    "HASH_SCHEME",
    "IDENTITY_NAMES",
    "OLD_SCHEMES",
    "canonical",
    "canonical_formula",
    "data_hash",
    "data_lines",
    "digest_of",
    "hashed_sheets",
    "loose_cells",
    "part_hashes",
    "part_hashes_of",
    "part_lines",
    "property_lines",
    "sheet_hashes",
    "sparse_sheet",
    "uncached_formulas",
]

HASH_SCHEME = "xladdin-data-v2"
"""Name of the hashing scheme written into the stamp (change it if the definition changes)."""

OLD_SCHEMES = frozenset({"xladdin-data-v1"})
"""Schemes of earlier xladdin versions: their stamps cannot be checked against this one."""

IDENTITY_NAMES = ("xl_province_code", "xl_district_code", "xl_base_year", "xl_unit")
"""Defined names whose cells say whose return a file is (read by the review)."""

STAMP_FIELDS_EXCLUDED = frozenset({"data_sha256"})
"""Stamp fields not hashed (the hash itself)."""

_STRING = re.compile(r'"(?:[^"]|"")*"')
_PREFIXES = re.compile(r"_xl(?:fn|ws)\.", re.IGNORECASE)


def canonical_formula(formula: str) -> str:
    """Normalised formula text (see the module docstring)."""
    text = formula[1:] if formula.startswith("=") else formula
    out = []
    last = 0
    for m in _STRING.finditer(text):
        out.append(_norm_code(text[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_norm_code(text[last:]))
    return "".join(out)


def _norm_code(code: str) -> str:
    code = _PREFIXES.sub("", code)
    return re.sub(r"[\s']+", "", code).upper()


_ERROR_LITERALS = frozenset(
    ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"]
)
_NUMBER_LITERAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(E[+-]?\d+)?$")


def _literal(text: str) -> tuple[str, str] | None:
    """The constant a normalised formula consists of, or None (LibreOffice saves the constants
    TRUE and #DIV/0! as the formulas ``=TRUE()``, ``=#DIV/0!``)."""
    if text in ("TRUE()", "TRUE", "FALSE()", "FALSE"):
        return "b", text.rstrip("()")
    if text in _ERROR_LITERALS:
        return "e", text
    if _NUMBER_LITERAL.match(text):
        return _number(float(text))
    return None


def _formula_line(formula: str, cached: Any, loose: bool = False) -> tuple[str, str]:
    """``("f", "text<TAB>tag<TAB>cached")``; a literal formula whose cached value is that
    literal counts as the constant; ``loose`` (a formula without a cached value when stamped,
    listed in the stamp): ``("f", "text<TAB>~<TAB>~")`` whatever its cached value now."""
    text = canonical_formula(formula)
    if loose:
        return "f", f"{text}\t~\t~"
    value = canonical(cached)
    literal = _literal(text)
    if literal is not None and value == literal:
        return literal
    tag, shown = value if value is not None else ("-", "-")
    return "f", f"{text}\t{tag}\t{shown}"


def hashed_sheets(view: WorkbookView) -> list[str]:
    """Names of the data sheets whose every cell the hash covers (workbook order)."""
    ours = owned_sheets(view)  # by content (A1 marker), never by name alone
    return [s for s in view.sheet_names() if s not in ours]


def _cell_lines(
    view: WorkbookView, sheet: str, ref: str | None, loose: frozenset[str] = frozenset()
) -> Iterator[tuple[int, int, str]]:
    if not ref:
        return
    (c1, r1), _ = parse_ref(ref)
    rows = view.values(sheet, ref)
    formulas = view.formulas(sheet, ref)
    for i, row in enumerate(rows):
        frow = formulas[i] if i < len(formulas) else []
        for j, value in enumerate(row):
            formula = frow[j] if j < len(frow) else None
            if value is None and not formula:
                continue  # an empty cell: no line (canonical(None) is None)
            # Text typed as '=abc: Excel's Range.Formula shows "=abc" although the cell holds
            # text, so a formula whose value is its own text is text.
            cell = f"{col_letter(c1 + j)}{r1 + i}"
            if formula and not (isinstance(value, str) and value == formula):
                canon: tuple[str, str] | None = _formula_line(str(formula), value, cell in loose)
            else:
                canon = canonical(value)
            if canon is None:
                continue
            yield r1 + i, c1 + j, f"{sheet}\t{cell}\t{canon[0]}\t{canon[1]}"


def _sheet_lines(
    view: WorkbookView, sheet: str, loose: frozenset[str] = frozenset()
) -> Iterator[tuple[int, int, str]]:
    yield from _cell_lines(view, sheet, view.used_range(sheet), loose)


def sparse_sheet(
    view: WorkbookView, sheet: str, ref: str
) -> tuple[dict[tuple[int, int], Any], dict[tuple[int, int], str]] | None:
    """``(values, formulas)`` of a sheet of the headless reader, ``(row, column)`` -> value or
    formula text, with only the cells that hold one: what :meth:`values` and :meth:`formulas`
    give for ``ref`` (its used range: every such cell lies in it) without the empty cells.

    None for any other view (a wrapper such as ``PatchedView`` changes values the reader's
    dictionaries do not show) and for a range over ``limits.max_range_cells`` (``values``
    refuses it: the caller takes that path, so the error stays the same)."""
    from xladdin.workbook.xlsx_reader import XlsxView

    if type(view) is not XlsxView:
        return None
    (c1, r1), (c2, r2) = parse_ref(ref)
    if (abs(c2 - c1) + 1) * (abs(r2 - r1) + 1) > view.limits.max_range_cells:
        return None
    formulas = {}
    for cell, text in view.formula_cells(sheet).items():
        col, row = split_cell(cell)
        formulas[(row, col)] = text
    return view.cell_dict(sheet), formulas


def _sheet_line_list(view: WorkbookView, sheet: str, loose: frozenset[str]) -> list[str]:
    """The lines of :func:`_sheet_lines` (in row-major order), built by
    :func:`_sparse_line_list` from the sheet's non-empty cells: the headless reader's own
    dictionaries, or (any other view) the values and formulas of the used range."""
    ref = view.used_range(sheet)
    if not ref:
        return []
    sparse = sparse_sheet(view, sheet, ref)
    if sparse is not None:  # the headless reader: its non-empty cells only, same lines
        return _sparse_line_list(sheet, *sparse, loose, parse_ref(ref)[1][0])
    (c1, r1), _ = parse_ref(ref)
    cells: dict[tuple[int, int], Any] = {}
    for i, row in enumerate(view.values(sheet, ref)):
        for j, value in enumerate(row):
            if value is not None:
                cells[(r1 + i, c1 + j)] = value
    formulas: dict[tuple[int, int], str] = {}
    for i, frow in enumerate(view.formulas(sheet, ref)):
        for j, formula in enumerate(frow):
            if formula:
                formulas[(r1 + i, c1 + j)] = formula
    last_col = max((c for _r, c in [*cells, *formulas]), default=c1)
    return _sparse_line_list(sheet, cells, formulas, loose, last_col)


def _sparse_line_list(
    sheet: str,
    cells: dict[tuple[int, int], Any],
    formulas: dict[tuple[int, int], str],
    loose: frozenset[str],
    last_col: int,
) -> list[str]:
    """The lines of :func:`_sheet_lines` from the non-empty cells only (``(row, column)`` ->
    value and formula text; every column at most ``last_col``), cell by cell in (row, column)
    order, the common cell types (float, int, str) canonicalised inline exactly as
    :func:`canonical` does (the hash depends on it, byte for byte). ``format(x, ".15g")`` is ``"-0"`` only for
    ``-0.0`` (a non-zero number keeps a non-zero digit), so ``x == 0.0`` gives ``"0"`` and any
    other finite number its format."""
    out: list[str] = []
    append = out.append
    heads: list[str | None] = [None] * (last_col + 1)  # column -> "sheet<TAB>letters"
    get = cells.get
    last = None
    line_row = ""
    keys = list(cells)  # in (row, column) order already when the reader read them in order
    keys += [key for key in formulas if key not in cells]  # a formula without a value
    keys.sort()
    for key in keys:
        value = get(key)
        row, col = key
        if row != last:
            last = row
            line_row = f"{row}\t"
        head = heads[col]
        if head is None:
            head = heads[col] = f"{sheet}\t{col_letter(col)}"
        if key in formulas:
            formula = formulas[key]
            if formula and not (isinstance(value, str) and value == formula):
                canon = _formula_line(str(formula), value, f"{col_letter(col)}{row}" in loose)
                append(f"{head}{line_row}{canon[0]}\t{canon[1]}")
                continue
        kind = type(value)
        if kind is float or kind is int:
            x = value if kind is float else float(value)
            if x - x != 0.0:  # inf - inf and nan - nan are nan
                append(f"{head}{line_row}e\t#NUM!")
            elif x == 0.0:
                append(f"{head}{line_row}n\t0")
            else:
                append(f"{head}{line_row}n\t{x:.15g}")
        elif kind is str:
            if value:
                append(f"{head}{line_row}s\t{value!r}")
        elif value is not None:
            canon = canonical(value)
            if canon is not None:
                append(f"{head}{line_row}{canon[0]}\t{canon[1]}")
    return out


def uncached_formulas(view: WorkbookView) -> dict[str, list[str]]:
    """Formula cells of the data sheets that have no cached value: sheet -> [A1, ...].

    ``prepare`` records them in the stamp (``uncached_formulas``, hashed with it): their value
    is what Excel or LibreOffice computes from the (hashed) formula when they recalculate, so
    the cached value a re-save adds is not a change. Every other formula's cached value is."""
    out: dict[str, list[str]] = {}
    for sheet in hashed_sheets(view):
        ref = view.used_range(sheet)
        if not ref:
            continue
        (c1, r1), _ = parse_ref(ref)
        rows = view.values(sheet, ref)
        for i, frow in enumerate(view.formulas(sheet, ref)):
            for j, formula in enumerate(frow):
                value = rows[i][j] if i < len(rows) and j < len(rows[i]) else None
                if formula and value in (None, ""):
                    out.setdefault(sheet, []).append(f"{col_letter(c1 + j)}{r1 + i}")
    return out


def loose_cells(stamp: Mapping[str, Any] | None) -> dict[str, frozenset[str]]:
    """The stamp's ``uncached_formulas`` (JSON ``{sheet: [A1, ...]}``) as sets; empty when
    absent or unreadable (the stamp line then still covers the text as written)."""
    text = (stamp or {}).get("uncached_formulas")
    if not text:
        return {}
    try:
        data = json.loads(str(text))
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): frozenset(str(c) for c in v) for k, v in data.items() if isinstance(v, list)}


def _owned_table_lines(view: WorkbookView, ours: frozenset[str]) -> list[tuple[Any, str]]:
    """Cells of Excel Tables lying on xladdin's own sheets (no template puts one there)."""
    out = []
    seen: set[tuple[str, int, int]] = set()
    for t in view.tables().values():
        if t.sheet not in ours or t.sheet not in view.sheet_names():
            continue
        for row, col, line in _cell_lines(view, t.sheet, t.ref):
            if (t.sheet, row, col) not in seen:
                seen.add((t.sheet, row, col))
                out.append(((t.sheet, row, col), line))
    return out


def data_lines(
    view: WorkbookView,
    sheets: Iterable[str] | None = None,
    stamp: Mapping[str, Any] | None = None,
) -> list[str]:
    """The ``cell`` lines, sorted (sheet name, row, column): every non-empty cell of ``sheets``
    (default :func:`hashed_sheets`, plus the table cells on xladdin's own sheets); formula
    cells the ``stamp`` lists as uncached hash without their cached value."""
    loose = loose_cells(stamp)
    if sheets is None:
        ours = owned_sheets(view)  # once: hashed_sheets and the owned tables both need it
        names = [s for s in view.sheet_names() if s not in ours]
        owned = _owned_table_lines(view, ours)
    else:
        names, owned = list(sheets), []
    if owned or len(set(names)) != len(names):  # the general sort by (sheet, row, column)
        keyed = []
        for sheet in names:
            for row, col, line in _sheet_lines(view, sheet, loose.get(sheet, frozenset())):
                keyed.append(((sheet, row, col), line))
        keyed += owned
        keyed.sort(key=lambda item: item[0])
        return [line for _, line in keyed]
    # each sheet's lines come in (row, column) order already: sort the sheets only
    out: list[str] = []
    for sheet in sorted(names):
        out += _sheet_line_list(view, sheet, loose.get(sheet, frozenset()))
    return out


# --- structure, identity, stamp ---------------------------------------------------------------


def _owned_kind(view: WorkbookView, sheet: str, ours: frozenset[str]) -> str:
    if sheet not in ours:
        return "-"
    if sheet == TEMPLATE_MARKER_SHEET:
        return "marker"
    if CHECKS.is_ours(view, sheet):
        return "checks"
    return "audit"


def _visibility(view: WorkbookView, sheet: str) -> str:
    try:
        return str(view.sheet_visibility(sheet))
    except (AttributeError, KeyError):  # a view that cannot tell
        return "visible"


def structure_lines(view: WorkbookView) -> list[str]:
    """``sheet`` lines: name, visibility and owner of every sheet but xladdin's Audit sheet
    (written after the hash), sorted by name."""
    ours = owned_sheets(view)
    out = []
    for sheet in view.sheet_names():
        kind = _owned_kind(view, sheet, ours)
        if kind == "audit":
            continue
        out.append(f"sheet\t{sheet}\t{_visibility(view, sheet)}\t{kind}")
    return sorted(out)


def table_lines(view: WorkbookView) -> list[str]:
    """``table`` lines: every Excel Table's case-folded name, sheet, range and column names,
    plus :func:`_table_part_lines` (twins and unusual shapes)."""
    out = []
    for name, t in view.tables().items():
        headers = "\t".join(repr(h) for h in t.headers)
        out.append(f"table\t{name.casefold()}\t{t.sheet}\t{t.ref.upper()}\t{headers}")
    return sorted(out + _table_part_lines(view))


def _table_part_lines(view: WorkbookView) -> list[str]:
    """``table<TAB>name<TAB>sheet<TAB>part<TAB>...`` for each table part a sheet references that
    :meth:`tables` cannot show: a second table with the same (case-folded) name (readers keep
    one: which one is reader-dependent), ``headerRowCount`` other than 1, a totals row. No
    line for an ordinary table, so files stamped before these lines existed still verify.
    Needs the package (the headless reader); a view without one gives none."""
    pkg = getattr(view, "package", None)
    info_of = getattr(view, "sheet_info", None)
    if pkg is None or info_of is None:
        return []
    found = []
    for sheet in view.sheet_names():
        part = getattr(info_of(sheet), "part", None)
        if not part:
            continue
        for rel in pkg.rels(part):
            if not rel.type.endswith("/table") or not rel.part or not pkg.has(rel.part):
                continue
            root = pkg.xml(rel.part)
            name = (root.get("displayName") or root.get("name") or "").casefold()
            found.append(
                (name, sheet, rel.part, root.get("headerRowCount"), root.get("totalsRowCount"))
            )
    names = [f[0] for f in found]
    out = []
    for name, sheet, part, header, totals in found:
        extra = []
        if names.count(name) > 1:
            extra.append("twin")
        if (header or "1").strip() not in ("1", "true"):
            extra.append(f"headerRowCount={header}")
        if (totals or "0").strip() not in ("0", "false"):
            extra.append(f"totalsRowCount={totals}")
        if extra:
            out.append(f"table\t{name}\t{sheet}\t{part}\t" + "\t".join(extra))
    return out


def name_lines(view: WorkbookView) -> list[str]:
    """``name`` lines: every defined name but Excel's ``_xlnm.*``, each definition its own line
    (a name defined twice gives two lines, though a reader keeps only one of them).

    A visible workbook-scoped name: ``name<TAB>casefolded<TAB>refers_to``; a sheet-scoped or
    hidden one adds ``<TAB>@sheet`` (or ``@#index`` when the index is out of range) and/or
    ``<TAB>hidden``, so adding a second, sheet-scoped or hidden definition of
    ``xl_province_code`` is a change even where the review would read the first one.
    """
    every = getattr(view, "all_defined_names", None)
    if every is None:  # a view without scopes (Excel itself allows no duplicates)
        entries = [(n, r, None, False) for n, r in view.defined_names().items()]
    else:
        entries = list(every())
    out = []
    for name, refers, scope, hidden in entries:
        if name.lower().startswith("_xlnm."):
            continue
        line = f"name\t{name.casefold()}\t{canonical_formula(str(refers or ''))}"
        if scope is not None:
            line += f"\t@{scope}"
        if hidden:
            line += "\thidden"
        out.append(line)
    return sorted(out)


def _named_value(view: WorkbookView, name: str) -> Any:
    """The value of the first cell a defined name refers to, the way the review reads it."""
    names = {k.casefold(): v for k, v in view.defined_names().items()}
    target = parse_refers_to(names.get(name.casefold()) or "")
    if target is None or target[0] not in view.sheet_names():
        return None
    try:
        rows = view.values(target[0], target[1].split(":")[0])
    except Exception:  # a name pointing at a bad range: absent, like the review reads it
        return None
    return rows[0][0] if rows and rows[0] else None


def identity_lines(view: WorkbookView) -> list[str]:
    """``identity`` lines: template id/version/source and the typed identity cells."""
    out = []
    try:
        from xladdin.templates.binding import recognise

        info, _ = recognise(view)
    except Exception:  # a damaged marker: no template identity
        info = None
    if info is not None:
        out.append(f"identity\ttemplate\t{info.id}\t{info.version}\t{info.source}")
    for name in IDENTITY_NAMES:
        canon = canonical(_named_value(view, name))
        if canon is not None:
            out.append(f"identity\t{name}\t{canon[0]}\t{canon[1]}")
    return out


def stamp_lines(stamp: Mapping[str, Any] | None) -> list[str]:
    """``stamp`` lines: every stamp field but the hash (sorted by field)."""
    out = []
    for key, value in sorted((stamp or {}).items()):
        if key in STAMP_FIELDS_EXCLUDED:
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a count read back from a document property
        canon = canonical(value)
        if canon is not None:
            out.append(f"stamp\t{key}\t{canon[0]}\t{canon[1]}")
    return out


def property_lines(view: WorkbookView, prefix: str = "xladdin.return.") -> list[str]:
    """What a property dictionary hides: a stamp property (custom document property whose name
    starts with ``prefix``) defined more than once -- readers disagree on which wins: this one
    keeps the last, Office may show the first -- and more than one custom-properties part.
    Empty for an ordinary file; ``verify`` treats anything else as an edited stamp (not part of
    the hash: ``prepare`` hashes before it writes the properties). Needs the package (the
    headless reader); a view without one gives none."""
    pkg = getattr(view, "package", None)
    if pkg is None:
        return []
    parts = [r.part for r in pkg.rels("") if r.type.endswith("/custom-properties") and r.part]
    out = [f"stamp\tproperty-parts\t{len(parts)}"] if len(parts) > 1 else []
    part = parts[-1] if parts else "docProps/custom.xml"
    if not pkg.has(part):
        return out
    counts: dict[str, int] = {}
    for prop in pkg.xml(part):
        if prop.tag.rpartition("}")[2] == "property":
            name = prop.get("name", "")
            if name.startswith(prefix):
                counts[name] = counts.get(name, 0) + 1
    out += [f"stamp\tduplicate\t{n!r}\t{c}" for n, c in sorted(counts.items()) if c > 1]
    return out


def _digest(lines: list[str]) -> str:
    """SHA-256 (hex) of the scheme name and ``"\\n" + line`` for each line, UTF-8 (lone
    surrogates passed through), encoded in one piece (the same bytes as line by line)."""
    h = hashlib.sha256(HASH_SCHEME.encode("utf-8"))
    if lines:
        h.update(("\n" + "\n".join(lines)).encode("utf-8", errors="surrogatepass"))
    return h.hexdigest()


def part_lines(view: WorkbookView, stamp: Mapping[str, Any] | None = None) -> dict[str, list[str]]:
    """The hashed lines by group: ``cells``, ``sheets``, ``tables``, ``names``, ``identity``,
    ``stamp``."""
    return {
        "cells": data_lines(view, stamp=stamp),
        "sheets": structure_lines(view),
        "tables": table_lines(view),
        "names": name_lines(view),
        "identity": identity_lines(view),
        "stamp": stamp_lines(stamp),
    }


def data_hash(view: WorkbookView, stamp: Mapping[str, Any] | None = None) -> str:
    """SHA-256 (hex) of ``view`` and the ``stamp`` fields (scheme :data:`HASH_SCHEME`).

    Without ``stamp`` the stamp group is empty (the hash of the workbook alone)."""
    return digest_of(part_lines(view, stamp))


def digest_of(parts: Mapping[str, list[str]]) -> str:
    """:func:`data_hash` from lines already computed by :func:`part_lines`."""
    return _digest([line for lines in parts.values() for line in lines])


def part_hashes(
    view: WorkbookView, stamp: Mapping[str, Any] | None = None
) -> dict[str, tuple[str, int]]:
    """Per group of :func:`part_lines` but ``cells``: ``(sha256 hex, number of lines)``.

    Used to say *what* changed; the stamp's overall hash is :func:`data_hash`."""
    return part_hashes_of(part_lines(view, stamp))


def part_hashes_of(parts: Mapping[str, list[str]]) -> dict[str, tuple[str, int]]:
    """:func:`part_hashes` from lines already computed by :func:`part_lines`."""
    return {k: (_digest(v), len(v)) for k, v in parts.items() if k != "cells"}


def sheet_hashes(
    view: WorkbookView, stamp: Mapping[str, Any] | None = None
) -> dict[str, tuple[str, int]]:
    """Per data sheet: ``(sha256 hex of that sheet's cell lines, number of data cells)``.

    Used to say *which* sheet changed; the stamp's overall hash is :func:`data_hash`.
    """
    out = {}
    for sheet in hashed_sheets(view):
        lines = data_lines(view, [sheet], stamp)
        out[sheet] = (_digest(lines), len(lines))
    return out
