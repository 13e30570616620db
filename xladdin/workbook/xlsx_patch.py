"""Apply a :class:`~xladdin.workbook.model.Patch` to an xlsx/xlsm package by editing it in place.

Only the parts a patch must change are rewritten:

=================================  =============================================================
part                               rewritten when
=================================  =============================================================
``xl/worksheets/sheetN.xml``       a cell, hyperlink, highlight or row height of that sheet
                                   changes (only the written ``<c>`` elements, their ``<row>``,
                                   a resized row's ``ht``/``customHeight``, ``<dimension>``,
                                   ``<hyperlinks>`` and xladdin's ``<conditionalFormatting>``)
``xl/workbook.xml``                a sheet is added, or cells change (``fullCalcOnLoad="1"``)
``xl/_rels/workbook.xml.rels``     a sheet is added or ``calcChain.xml`` is dropped
``[Content_Types].xml``            a part is added or dropped
``xl/styles.xml``                  xladdin's highlight format (a ``dxf``) is appended, once
``docProps/custom.xml``            a custom document property is set (created when missing,
                                   with its relationship in ``_rels/.rels``)
``xl/calcChain.xml``               dropped when a formula cell is written or overwritten
=================================  =============================================================

A sheet created by :class:`~xladdin.workbook.model.EnsureSheet` is a new
``xl/worksheets/sheetN.xml`` with the column widths of
:data:`~xladdin.workbook.sheet_xml.OWNED_SHEET_WIDTHS` (the Checks layout); an existing sheet
keeps its ``<cols>`` untouched.

Sheet protection does not matter here: it is enforced by Excel's user interface, not by the
file, so a patch writes into locked cells of a protected sheet like into any other, and the
``<sheetProtection>`` element (with ``<protectedRanges>`` and each cell's ``locked`` style) is
kept byte for byte -- the sheet is exactly as protected after the patch as before.

Every other part (charts, drawings, images, comments, VBA, pivot caches, custom XML, printer
settings, other sheets) is copied with its compressed bytes unchanged. A rewritten part whose
new content equals the old one is copied unchanged as well, so applying a patch twice gives
the same package.

Strings are written as inline strings (``t="inlineStr"``), so ``sharedStrings.xml`` never
changes and a text starting with ``=`` stays text. The save is atomic and keeps the previous
file as ``BOOK.xlsx.bak`` (see :func:`xladdin.workbook.atomic.atomic_write`).
"""

from __future__ import annotations

import math
import os
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from xladdin.errors import WorkbookError
from xladdin.workbook.atomic import atomic_write
from xladdin.workbook.cells import xml_attr, xml_text
from xladdin.workbook.excel_limits import INVALID_SHEET_CHARS as INVALID_SHEET_CHARS
from xladdin.workbook.excel_limits import valid_sheet_name
from xladdin.workbook.model import (
    ClearRange,
    EnsureSheet,
    Patch,
    SetDocProperty,
    SetFormulaText,
    SetHighlights,
    SetHyperlink,
    SetRowHeight,
    SetValue,
)
from xladdin.workbook.package import Package, read_text, relative_target, rels_path, write_parts
from xladdin.workbook.sheet_xml import SheetXml, new_sheet_xml
from xladdin.workbook.xlsx_reader import XlsxView
from xladdin.workbook.xmledit import (
    EMPTY_RELS,
    add_override,
    add_relationship,
    append_child,
    get_attr,
    insert_child,
    new_rel_id,
    remove_override,
    remove_relationship,
    root_prefix,
    set_attr,
)

__all__ = [
    "EMPTY_CUSTOM_PROPERTIES",
    "HIGHLIGHT_COLOURS",
    "PatchResult",
    "apply_patch",
    "patch_package",
    "set_custom_properties",
    "variant_xml",
    "write_package",
]

CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_CUSTOM_PROPS = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
RT_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
RT_CUSTOM_PROPS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
RT_CALC_CHAIN = "/calcChain"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

HIGHLIGHT_COLOURS = {
    "error": ("FFFFC7CE", "FF9C0006"),  # light red fill, dark red text (Excel's "Bad")
    "warning": ("FFFFEB9C", "FF9C5700"),  # amber fill, dark amber text (Excel's "Neutral")
    "info": ("FFDDEBF7", "FF1F4E78"),  # light blue fill, dark blue text (Checks: info rows)
    "header": ("FFD9D9D9", "FF000000"),  # grey fill, black text (Checks: the header row)
}
"""Severity -> (fill ARGB, font ARGB) of xladdin's highlight format."""

# CT_Workbook child order (ECMA-376 Part 1, 18.2.27).
WORKBOOK_ORDER = (
    "fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
    "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize",
    "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing",
    "fileRecoveryPr", "webPublishObjects", "extLst",
)  # fmt: skip

# CT_Stylesheet child order (18.8.39).
STYLES_ORDER = (
    "numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
    "tableStyles", "colors", "extLst",
)  # fmt: skip


class PatchResult:
    """What :func:`patch_package` changed: new bytes per part, parts dropped, parts added."""

    def __init__(self) -> None:
        self.parts: dict[str, bytes] = {}
        self.removed: set[str] = set()
        self.added: list[str] = []

    def changed(self) -> list[str]:
        """Names of parts rewritten, added or removed."""
        return sorted(set(self.parts) | self.removed)


def _root_start(text: str, root: str) -> re.Match[str] | None:
    """The start tag of the root element ``root`` (any prefix)."""
    return re.search(rf"<(?:[A-Za-z_][\w.-]*:)?{re.escape(root)}\b[^>]*>", text)


def _ns_prefix(text: str, uri: str, root: str) -> str | None:
    """The prefix bound to ``uri`` on the root element's start tag, else None.

    Only the root's declarations are in scope everywhere in the part: a prefix declared on some
    other element (openpyxl writes ``xmlns:vt`` on each property's value element when lxml is
    installed) is unbound outside that element, so reusing it elsewhere makes the part
    malformed.
    """
    start = _root_start(text, root)
    if start is None:
        return None
    m = re.search(rf'\sxmlns:([A-Za-z_][\w.-]*)\s*=\s*["\']{re.escape(uri)}["\']', start.group(0))
    return m.group(1) if m else None


def _declare_on_root(text: str, root: str, uri: str, want: str) -> tuple[str, str]:
    """``(text, prefix)`` with ``uri`` bound to a prefix on the root element's start tag:
    ``want`` unless the root already binds ``want`` to another namespace (then ``want2``...)."""
    start = _root_start(text, root)
    if start is None:
        raise WorkbookError(f"no <{root}> element")
    tag = start.group(0)
    taken = set(re.findall(r"\sxmlns:([A-Za-z_][\w.-]*)\s*=", tag))
    prefix, n = want, 1
    while prefix in taken:
        n += 1
        prefix = f"{want}{n}"
    name = re.match(r"<[^\s/>]+", tag)
    name_end = start.start() + (name.end() if name else len(tag) - 1)
    text = text[:name_end] + f' xmlns:{prefix}="{xml_attr(uri)}"' + text[name_end:]
    return text, prefix


def variant_xml(value: Any, vt: str = "vt") -> str:
    """The ``vt:`` value element of a custom document property (``vt`` is the prefix bound to
    the docPropsVTypes namespace): bool, i4 (r8 beyond 32 bits), r8, filetime (UTC) or lpwstr.

    Raises
    ------
    ValueError
        ``value`` is a NaN or infinite number (no property type holds one).
    """
    if isinstance(value, bool):
        return f"<{vt}:bool>{'true' if value else 'false'}</{vt}:bool>"
    if isinstance(value, int):
        if -(2**31) <= value < 2**31:
            return f"<{vt}:i4>{value}</{vt}:i4>"
        return f"<{vt}:r8>{float(value)!r}</{vt}:r8>"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"a document property cannot hold {value!r}")
        return f"<{vt}:r8>{value!r}</{vt}:r8>"
    if isinstance(value, datetime | date):
        if not isinstance(value, datetime):
            value = datetime(value.year, value.month, value.day)
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return f"<{vt}:filetime>{value.isoformat(timespec='seconds')}Z</{vt}:filetime>"
    return f"<{vt}:lpwstr>{xml_text(str(value))}</{vt}:lpwstr>"


EMPTY_CUSTOM_PROPERTIES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Properties xmlns="{NS_CUSTOM}" xmlns:vt="{NS_VT}"></Properties>'
)
"""A custom properties part (``docProps/custom.xml``) with no property."""


def set_custom_properties(text: str, values: dict[str, Any]) -> str:
    """The text of a custom properties part with ``values`` set (see :func:`variant_xml`).

    A property of the same name (case-insensitive, as in Excel) is replaced keeping its
    ``pid``; a new one is appended with the next free ``pid`` (2 and up). Every other property
    is kept byte for byte.

    Raises
    ------
    WorkbookError
        ``text`` is not a custom properties part.
    ValueError
        A value is NaN or infinite.
    """
    prefix = root_prefix(text, "Properties")
    if not re.search(rf"<{re.escape(prefix)}Properties\b", text):
        raise WorkbookError("not a custom properties part")
    vt = _ns_prefix(text, NS_VT, "Properties")
    if vt is None:
        text, vt = _declare_on_root(text, "Properties", NS_VT, "vt")
    prop = re.compile(
        rf"<{re.escape(prefix)}property\b[^>]*?(?:/>|>.*?</{re.escape(prefix)}property>)", re.DOTALL
    )
    pids = [int(x) for x in re.findall(r'\spid="(\d+)"', text)]
    next_pid = max(pids, default=1) + 1
    for name, value in values.items():
        body = variant_xml(value, vt)
        existing, pid = None, None
        for m in prop.finditer(text):
            start_tag = m.group(0)[: m.group(0).index(">") + 1]
            got = get_attr(start_tag, "name")
            if got is not None and got.casefold() == name.casefold():
                existing, pid = m, get_attr(start_tag, "pid")
        if pid is None:
            pid, next_pid = str(next_pid), next_pid + 1
        new = (
            f'<{prefix}property fmtid="{FMTID}" pid="{pid}" name="{xml_attr(name)}">'
            f"{body}</{prefix}property>"
        )
        if existing is not None:
            text = text[: existing.start()] + new + text[existing.end() :]
        else:
            text = append_child(text, "Properties", new)
    return text


class _Editor:
    """Collects the edits of one patch over one package."""

    def __init__(self, pkg: Package):
        self.pkg = pkg
        self.view = XlsxView(pkg)
        self.wb_part = self.view._workbook_part
        self.wb_text = read_text(pkg.read(self.wb_part), self.wb_part)
        self.wb_prefix = root_prefix(self.wb_text, "workbook")
        self.wb_rels_part = rels_path(self.wb_part)
        self.wb_rels_text = (
            read_text(pkg.read(self.wb_rels_part), self.wb_rels_part)
            if pkg.has(self.wb_rels_part)
            else EMPTY_RELS
        )
        self.ct_text = read_text(pkg.read("[Content_Types].xml"), "[Content_Types].xml")
        self.sheets: dict[str, str | None] = {s.name: s.part for s in self.view._sheets}
        self.kinds = {s.name: s.kind for s in self.view._sheets}
        self.edits: dict[str, SheetXml] = {}
        self.new_parts: dict[str, bytes] = {}
        self.result = PatchResult()
        self._styles: tuple[str, str] | None = None  # (part, text)
        self._props: dict[str, Any] = {}
        self._rel_ids = {r.id for r in pkg.rels(self.wb_part)}

    # -- sheets -------------------------------------------------------------------------------

    def _resolve(self, name: str) -> str:
        if name in self.sheets:
            return name
        folded = {n.casefold(): n for n in self.sheets}
        if name.casefold() in folded:
            return folded[name.casefold()]
        raise WorkbookError(f"{self.pkg.path}: no sheet named {name!r} (add an EnsureSheet first)")

    def sheet(self, name: str) -> SheetXml:
        name = self._resolve(name)
        if name not in self.edits:
            part = self.sheets[name]
            if self.kinds.get(name, "worksheet") != "worksheet" or part is None:
                raise WorkbookError(f"{self.pkg.path}: {name!r} is not a worksheet")
            data = self.new_parts[part] if part in self.new_parts else self.pkg.read(part)
            self.edits[name] = SheetXml(data, date1904=self.view.date1904, name=part)
        return self.edits[name]

    def ensure_sheet(self, op: EnsureSheet) -> None:
        try:
            existing = self._resolve(op.name)
        except WorkbookError:
            existing = None
        if existing is not None:
            if op.clear:
                self.sheet(existing).clear_all()
            return
        name = op.name
        if not valid_sheet_name(name):  # 31 characters, no []:*?/\, quotes, "History"
            raise ValueError(f"invalid sheet name {name!r}")
        n = 1
        taken = {p.lower() for p in self.pkg.names()} | {p.lower() for p in self.new_parts}
        while f"xl/worksheets/sheet{n}.xml" in taken:
            n += 1
        part = f"xl/worksheets/sheet{n}.xml"
        self.new_parts[part] = new_sheet_xml()
        rid = self._new_rel_id()
        self.wb_rels_text = add_relationship(
            self.wb_rels_text, rid, RT_WORKSHEET, relative_target(self.wb_part, part)
        )
        ids = [
            int(x) for x in re.findall(r'<(?:\w+:)?sheet\b[^>]*?\ssheetId="(\d+)"', self.wb_text)
        ]
        sheet_id = max(ids, default=0) + 1
        r_prefix = _ns_prefix(self.wb_text, NS_REL, "workbook")
        rattr = f'{r_prefix}:id="{rid}"' if r_prefix else f'r:id="{rid}" xmlns:r="{NS_REL}"'
        state = ' state="hidden"' if op.hidden else ""
        entry = (
            f'<{self.wb_prefix}sheet name="{xml_attr(name)}" sheetId="{sheet_id}"{state} {rattr}/>'
        )
        p = re.escape(self.wb_prefix)
        close = re.search(rf"</{p}sheets\s*>", self.wb_text)
        if close is not None:
            self.wb_text = self.wb_text[: close.start()] + entry + self.wb_text[close.start() :]
        else:
            empty = re.search(rf"<{p}sheets\s*/>", self.wb_text)
            if empty is None:
                raise WorkbookError(f"{self.pkg.path}: workbook.xml has no <sheets>")
            self.wb_text = (
                self.wb_text[: empty.start()]
                + f"<{self.wb_prefix}sheets>{entry}</{self.wb_prefix}sheets>"
                + self.wb_text[empty.end() :]
            )
        self.ct_text = add_override(self.ct_text, part, CT_WORKSHEET)
        self.sheets[name] = part
        self.kinds[name] = "worksheet"
        self.result.added.append(part)

    def _new_rel_id(self) -> str:
        rid = new_rel_id(self._rel_ids)
        self._rel_ids.add(rid)
        return rid

    # -- styles -------------------------------------------------------------------------------

    def dxf_id(self, severity: str) -> int:
        """Index of xladdin's highlight dxf for ``severity`` in styles.xml (appended once)."""
        if severity not in HIGHLIGHT_COLOURS:
            raise ValueError(f"unknown highlight severity {severity!r} (use 'error' or 'warning')")
        fill, font = HIGHLIGHT_COLOURS[severity]
        part, text = self._styles_text()
        prefix = root_prefix(text, "styleSheet")
        p = re.escape(prefix)
        block = re.search(rf"<{p}dxfs\b[^>]*?(?:/>|>(.*?)</{p}dxfs>)", text, re.DOTALL)
        dxf = (
            f'<{prefix}dxf><{prefix}font><{prefix}color rgb="{font}"/></{prefix}font>'
            f'<{prefix}fill><{prefix}patternFill patternType="solid"><{prefix}fgColor rgb="{fill}"/>'
            f'<{prefix}bgColor rgb="{fill}"/></{prefix}patternFill></{prefix}fill></{prefix}dxf>'
        )
        if block is None:
            new = f'<{prefix}dxfs count="1">{dxf}</{prefix}dxfs>'
            text = insert_child(text, "dxfs", STYLES_ORDER, new, root="styleSheet")
            self._styles = (part, text)
            return 0
        entries = re.findall(
            rf"<{p}dxf\b[^>]*?(?:/>|>.*?</{p}dxf>)", block.group(1) or "", re.DOTALL
        )
        for i, entry in enumerate(entries):
            upper = entry.upper()
            if fill in upper and font in upper:
                return i
        new = f'<{prefix}dxfs count="{len(entries) + 1}">{"".join(entries)}{dxf}</{prefix}dxfs>'
        text = text[: block.start()] + new + text[block.end() :]
        self._styles = (part, text)
        return len(entries)

    def _styles_text(self) -> tuple[str, str]:
        if self._styles is None:
            part = next(
                (
                    r.part
                    for r in self.pkg.rels(self.wb_part)
                    if r.type.endswith("/styles") and r.part
                ),
                None,
            )
            if part and self.pkg.has(part):
                self._styles = (part, read_text(self.pkg.read(part), part))
            else:
                part = "xl/styles.xml"
                text = (
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
                    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
                    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
                    "</styleSheet>"
                )
                rid = self._new_rel_id()
                self.wb_rels_text = add_relationship(
                    self.wb_rels_text, rid, RT_STYLES, relative_target(self.wb_part, part)
                )
                self.ct_text = add_override(self.ct_text, part, CT_STYLES)
                self.result.added.append(part)
                self._styles = (part, text)
        return self._styles

    # -- finish -------------------------------------------------------------------------------

    def finish(self) -> PatchResult:
        res = self.result
        formula_touched = any(e.formula_touched for e in self.edits.values())
        cells_changed = any(e.cells_changed for e in self.edits.values())
        for name, edit in self.edits.items():
            part = self.sheets[name]
            assert part is not None
            res.parts[part] = edit.to_bytes()
        for part, data in self.new_parts.items():
            res.parts.setdefault(part, data)
        if formula_touched:
            for rel in self.pkg.rels(self.wb_part):
                if rel.type.endswith(RT_CALC_CHAIN) and rel.part:
                    found = self.pkg.find(rel.part)
                    if found:
                        res.removed.add(found)
                    self.wb_rels_text = remove_relationship(self.wb_rels_text, rel.id)
                    self.ct_text = remove_override(self.ct_text, rel.part)
        if cells_changed:
            p = re.escape(self.wb_prefix)
            m = re.search(rf"<{p}calcPr\b[^>]*?/?>", self.wb_text)
            if m is not None:
                self.wb_text = (
                    self.wb_text[: m.start()]
                    + set_attr(m.group(0), "fullCalcOnLoad", "1")
                    + self.wb_text[m.end() :]
                )
            else:
                self.wb_text = insert_child(
                    self.wb_text,
                    "calcPr",
                    WORKBOOK_ORDER,
                    f'<{self.wb_prefix}calcPr fullCalcOnLoad="1"/>',
                    root="workbook",
                )
        if self._styles is not None:
            res.parts[self._styles[0]] = self._styles[1].encode("utf-8")
        if self._props:
            self._write_props()
        res.parts[self.wb_part] = self.wb_text.encode("utf-8")
        res.parts[self.wb_rels_part] = self.wb_rels_text.encode("utf-8")
        res.parts["[Content_Types].xml"] = self.ct_text.encode("utf-8")
        # Keep only real changes: an identical rewrite is copied raw.
        for part in list(res.parts):
            found = self.pkg.find(part)
            if (
                found is not None
                and found not in res.removed
                and self.pkg.read(found) == res.parts[part]
            ):
                del res.parts[part]
        return res

    def _write_props(self) -> None:
        pkg = self.pkg
        part = next(
            (r.part for r in pkg.rels("") if r.type.endswith("/custom-properties") and r.part), None
        )
        if part is not None and pkg.has(part):
            text = read_text(pkg.read(part), part)
        else:
            text = EMPTY_CUSTOM_PROPERTIES
            if part is None:  # a relationship to a missing part is reused, not doubled
                part = "docProps/custom.xml"
                root_rels = "_rels/.rels"
                rels_text = (
                    read_text(pkg.read(root_rels), root_rels) if pkg.has(root_rels) else EMPTY_RELS
                )
                rid = new_rel_id({r.id for r in pkg.rels("")})
                rels_text = add_relationship(rels_text, rid, RT_CUSTOM_PROPS, part)
                self.result.parts[root_rels] = rels_text.encode("utf-8")
            self.ct_text = add_override(self.ct_text, part, CT_CUSTOM_PROPS)
            self.result.added.append(part)
        try:
            text = set_custom_properties(text, self._props)
        except WorkbookError as exc:
            raise WorkbookError(f"{pkg.path}: {part}: {exc}") from exc
        self.result.parts[part] = text.encode("utf-8")

    # -- dispatch -----------------------------------------------------------------------------

    def apply(self, op: Any) -> None:
        if isinstance(op, SetValue):
            self.sheet(op.sheet).set_value(op.cell, op.value)
        elif isinstance(op, SetFormulaText):
            self.sheet(op.sheet).set_formula(op.cell, op.formula, op.cached)
        elif isinstance(op, ClearRange):
            self.sheet(op.sheet).clear_range(op.ref)
        elif isinstance(op, EnsureSheet):
            self.ensure_sheet(op)
        elif isinstance(op, SetHyperlink):
            self.sheet(op.sheet).set_hyperlink(op.cell, op.target)
        elif isinstance(op, SetHighlights):
            refs = tuple(op.refs)
            dxf = self.dxf_id(op.severity) if refs else None
            self.sheet(op.sheet).set_highlights(refs, op.severity, dxf)
        elif isinstance(op, SetRowHeight):
            self.sheet(op.sheet).set_row_height(op.row, op.height)
        elif isinstance(op, SetDocProperty):
            self._props[op.name] = op.value
        else:
            raise TypeError(f"unknown patch operation {op!r}")


def patch_package(pkg: Package, patch: Patch) -> PatchResult:
    """Compute the parts a patch changes, without writing anything.

    Returns
    -------
    PatchResult
        ``parts`` (part name -> new bytes, only parts whose content changes), ``removed``
        (dropped parts, e.g. ``xl/calcChain.xml``) and ``added`` (new parts).
    """
    editor = _Editor(pkg)
    for op in patch.ops:
        editor.apply(op)
    return editor.finish()


def write_package(pkg: Package, result: PatchResult, fh: IO[bytes]) -> None:
    """Write ``pkg`` with ``result`` applied into the open binary file ``fh``."""
    write_parts(pkg, fh, result.parts, result.removed)


def apply_patch(
    path: str | os.PathLike[str],
    patch: Patch,
    *,
    out: str | os.PathLike[str] | None = None,
    backup: bool = True,
    package: Package | None = None,
) -> Path:
    """Apply ``patch`` to the workbook at ``path`` by editing its package in place.

    Parameters
    ----------
    path : path-like
        The .xlsx/.xlsm to patch.
    patch : Patch
        Operations on cells and parts xladdin owns.
    out : path-like, optional
        Write the result here instead of over ``path`` (``path`` is then left untouched).
    backup : bool
        Keep the replaced file as ``<target>.bak`` (the previous backup is overwritten).
    package : Package, optional
        ``path`` already read and inspected (``view.package`` of
        :func:`xladdin.workbook.safety.open_untrusted`): the patch edits those bytes.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    UnreadableWorkbookError, RefusedWorkbookError
        The package cannot be read.
    WorkbookError
        An operation names a sheet that does not exist (and no EnsureSheet created it), or a
        sheet part cannot be edited.
    """
    pkg = package if package is not None else Package(path)
    result = patch_package(pkg, patch)
    target = Path(out) if out is not None else Path(path)
    return atomic_write(target, lambda fh: write_package(pkg, result, fh), backup=backup)
