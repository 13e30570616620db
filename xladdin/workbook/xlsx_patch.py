"""Apply a :class:`~xladdin.workbook.model.Patch` to an xlsx/xlsm package by editing it in place.

Only the parts a patch must change are rewritten:

=================================  =============================================================
part                               rewritten when
=================================  =============================================================
``xl/worksheets/sheetN.xml``       a cell, hyperlink or highlight of that sheet changes (only the
                                   written ``<c>`` elements, their ``<row>``, ``<dimension>``,
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
file as ``BOOK.xlsx.bak`` (see :func:`xladdin.workbook.package.atomic_write`).
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from xladdin.errors import WorkbookError
from xladdin.workbook.model import (
    ClearRange,
    EnsureSheet,
    Patch,
    SetDocProperty,
    SetFormulaText,
    SetHighlights,
    SetHyperlink,
    SetValue,
)
from xladdin.workbook.package import (
    Package,
    PackageWriter,
    atomic_write,
    relative_target,
    rels_path,
    xml_attr,
    xml_text,
)
from xladdin.workbook.sheet_xml import SheetXml, new_sheet_xml
from xladdin.workbook.xlsx_reader import XlsxView

__all__ = ["HIGHLIGHT_COLOURS", "PatchResult", "apply_patch", "patch_package"]

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

INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


class PatchResult:
    """What :func:`patch_package` changed: new bytes per part, parts dropped, parts added."""

    def __init__(self) -> None:
        self.parts: dict[str, bytes] = {}
        self.removed: set[str] = set()
        self.added: list[str] = []

    def changed(self) -> list[str]:
        """Names of parts rewritten, added or removed."""
        return sorted(set(self.parts) | self.removed)


def _insert_ordered(
    text: str, prefix: str, name: str, order: tuple[str, ...], xml: str, root: str
) -> str:
    """Insert ``xml`` where element ``name`` belongs in ``order`` among the root's children."""
    p = re.escape(prefix)
    after = order[order.index(name) + 1 :]
    best = None
    for other in after:
        m = re.search(rf"<{p}{other}\b", text)
        if m is not None and (best is None or m.start() < best):
            best = m.start()
    if best is None:
        close = re.search(rf"</{p}{root}\s*>", text)
        if close is None:
            raise WorkbookError(f"no closing </{root}> tag")
        best = close.start()
    return text[:best] + xml + text[best:]


def _root_prefix(text: str, root: str) -> str:
    m = re.search(rf"<(?:([A-Za-z_][\w.-]*):)?{root}\b", text)
    return f"{m.group(1)}:" if m and m.group(1) else ""


def _ns_prefix(text: str, uri: str) -> str | None:
    m = re.search(rf'xmlns:([A-Za-z_][\w.-]*)="{re.escape(uri)}"', text)
    return m.group(1) if m else None


def _set_attr(tag: str, name: str, value: str) -> str:
    """Set an attribute on a start tag text (``<calcPr calcId="1"/>``)."""
    pattern = re.compile(rf'(\s{re.escape(name)}=)"[^"]*"')
    if pattern.search(tag):
        return pattern.sub(lambda m: f'{m.group(1)}"{value}"', tag, count=1)
    end = tag.rstrip()
    cut = len(end) - 2 if end.endswith("/>") else len(end) - 1
    return end[:cut].rstrip() + f' {name}="{value}"' + end[cut:]


def _variant_xml(value: Any, vt: str) -> str:
    if isinstance(value, bool):
        return f"<{vt}:bool>{'true' if value else 'false'}</{vt}:bool>"
    if isinstance(value, int):
        if -(2**31) <= value < 2**31:
            return f"<{vt}:i4>{value}</{vt}:i4>"
        return f"<{vt}:r8>{float(value)!r}</{vt}:r8>"
    if isinstance(value, float):
        return f"<{vt}:r8>{value!r}</{vt}:r8>"
    if isinstance(value, datetime | date):
        if not isinstance(value, datetime):
            value = datetime(value.year, value.month, value.day)
        return f"<{vt}:filetime>{value.replace(tzinfo=None).isoformat(timespec='seconds')}Z</{vt}:filetime>"
    return f"<{vt}:lpwstr>{xml_text(str(value))}</{vt}:lpwstr>"


class _Editor:
    """Collects the edits of one patch over one package."""

    def __init__(self, pkg: Package):
        self.pkg = pkg
        self.view = XlsxView(pkg)
        self.wb_part = self.view._workbook_part
        self.wb_text = pkg.read(self.wb_part).decode("utf-8-sig")
        self.wb_prefix = _root_prefix(self.wb_text, "workbook")
        self.wb_rels_part = rels_path(self.wb_part)
        self.wb_rels_text = (
            pkg.read(self.wb_rels_part).decode("utf-8-sig")
            if pkg.has(self.wb_rels_part)
            else f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{NS_PKG_REL}"></Relationships>'
        )
        self.ct_text = pkg.read("[Content_Types].xml").decode("utf-8-sig")
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
        if (
            not name
            or len(name) > 31
            or INVALID_SHEET_CHARS.search(name)
            or name.startswith("'")
            or name.endswith("'")
        ):
            raise ValueError(f"invalid sheet name {name!r}")
        n = 1
        taken = {p.lower() for p in self.pkg.names()} | {p.lower() for p in self.new_parts}
        while f"xl/worksheets/sheet{n}.xml" in taken:
            n += 1
        part = f"xl/worksheets/sheet{n}.xml"
        self.new_parts[part] = new_sheet_xml()
        rid = self._new_rel_id()
        self.wb_rels_text = _add_relationship(
            self.wb_rels_text, rid, RT_WORKSHEET, relative_target(self.wb_part, part)
        )
        ids = [
            int(x) for x in re.findall(r'<(?:\w+:)?sheet\b[^>]*?\ssheetId="(\d+)"', self.wb_text)
        ]
        sheet_id = max(ids, default=0) + 1
        r_prefix = _ns_prefix(self.wb_text, NS_REL)
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
        self.ct_text = _add_override(self.ct_text, part, CT_WORKSHEET)
        self.sheets[name] = part
        self.kinds[name] = "worksheet"
        self.result.added.append(part)

    def _new_rel_id(self) -> str:
        n = len(self._rel_ids) + 1
        while f"rId{n}" in self._rel_ids:
            n += 1
        rid = f"rId{n}"
        self._rel_ids.add(rid)
        return rid

    # -- styles -------------------------------------------------------------------------------

    def dxf_id(self, severity: str) -> int:
        """Index of xladdin's highlight dxf for ``severity`` in styles.xml (appended once)."""
        if severity not in HIGHLIGHT_COLOURS:
            raise ValueError(f"unknown highlight severity {severity!r} (use 'error' or 'warning')")
        fill, font = HIGHLIGHT_COLOURS[severity]
        part, text = self._styles_text()
        prefix = _root_prefix(text, "styleSheet")
        p = re.escape(prefix)
        block = re.search(rf"<{p}dxfs\b[^>]*?(?:/>|>(.*?)</{p}dxfs>)", text, re.DOTALL)
        dxf = (
            f'<{prefix}dxf><{prefix}font><{prefix}color rgb="{font}"/></{prefix}font>'
            f'<{prefix}fill><{prefix}patternFill patternType="solid"><{prefix}fgColor rgb="{fill}"/>'
            f'<{prefix}bgColor rgb="{fill}"/></{prefix}patternFill></{prefix}fill></{prefix}dxf>'
        )
        if block is None:
            new = f'<{prefix}dxfs count="1">{dxf}</{prefix}dxfs>'
            text = _insert_ordered(text, prefix, "dxfs", STYLES_ORDER, new, "styleSheet")
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
                self._styles = (part, self.pkg.read(part).decode("utf-8-sig"))
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
                self.wb_rels_text = _add_relationship(
                    self.wb_rels_text, rid, RT_STYLES, relative_target(self.wb_part, part)
                )
                self.ct_text = _add_override(self.ct_text, part, CT_STYLES)
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
                    self.wb_rels_text = re.sub(
                        rf'<(?:\w+:)?Relationship\b[^>]*?\sId="{re.escape(rel.id)}"[^>]*?/>',
                        "",
                        self.wb_rels_text,
                    )
                    self.ct_text = re.sub(
                        rf'<(?:\w+:)?Override\b[^>]*?PartName="/{re.escape(rel.part)}"[^>]*?/>',
                        "",
                        self.ct_text,
                        flags=re.IGNORECASE,
                    )
        if cells_changed:
            p = re.escape(self.wb_prefix)
            m = re.search(rf"<{p}calcPr\b[^>]*?/?>", self.wb_text)
            if m is not None:
                self.wb_text = (
                    self.wb_text[: m.start()]
                    + _set_attr(m.group(0), "fullCalcOnLoad", "1")
                    + self.wb_text[m.end() :]
                )
            else:
                self.wb_text = _insert_ordered(
                    self.wb_text,
                    self.wb_prefix,
                    "calcPr",
                    WORKBOOK_ORDER,
                    f'<{self.wb_prefix}calcPr fullCalcOnLoad="1"/>',
                    "workbook",
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
            text = pkg.read(part).decode("utf-8-sig")
        else:
            part = part or "docProps/custom.xml"
            text = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<Properties xmlns="{NS_CUSTOM}" xmlns:vt="{NS_VT}"></Properties>'
            )
            root_rels = "_rels/.rels"
            rels_text = (
                pkg.read(root_rels).decode("utf-8-sig")
                if pkg.has(root_rels)
                else (
                    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{NS_PKG_REL}"></Relationships>'
                )
            )
            ids = set(re.findall(r'\sId="([^"]*)"', rels_text))
            n = len(ids) + 1
            while f"rId{n}" in ids:
                n += 1
            rels_text = _add_relationship(rels_text, f"rId{n}", RT_CUSTOM_PROPS, part)
            self.result.parts[root_rels] = rels_text.encode("utf-8")
            self.ct_text = _add_override(self.ct_text, part, CT_CUSTOM_PROPS)
            self.result.added.append(part)
        prefix = _root_prefix(text, "Properties")
        vt = _ns_prefix(text, NS_VT)
        p = re.escape(prefix)
        chunks = list(
            re.finditer(rf"<{p}property\b[^>]*?(?:/>|>.*?</{p}property>)", text, re.DOTALL)
        )
        pids = [int(x) for x in re.findall(r'\spid="(\d+)"', text)]
        next_pid = max(pids, default=1) + 1
        for name, value in self._props.items():
            body = _variant_xml(value, vt or "vt")
            decl = "" if vt else f' xmlns:vt="{NS_VT}"'
            existing = None
            for m in chunks:
                got = re.search(r'\sname="([^"]*)"', m.group(0))
                if got and _unattr(got.group(1)).casefold() == name.casefold():
                    existing = m
            if existing is not None:
                pid = re.search(r'\spid="(\d+)"', existing.group(0))
                pid_text = pid.group(1) if pid else str(next_pid)
                new = f'<{prefix}property fmtid="{FMTID}" pid="{pid_text}" name="{xml_attr(name)}"{decl}>{body}</{prefix}property>'
                text = text[: existing.start()] + new + text[existing.end() :]
            else:
                new = f'<{prefix}property fmtid="{FMTID}" pid="{next_pid}" name="{xml_attr(name)}"{decl}>{body}</{prefix}property>'
                next_pid += 1
                close = re.search(rf"</{p}Properties\s*>", text)
                if close is not None:
                    text = text[: close.start()] + new + text[close.start() :]
                else:
                    empty = re.search(rf"<{p}Properties\b[^>]*?/>", text)
                    if empty is None:
                        raise WorkbookError(
                            f"{self.pkg.path}: {part} is not a custom properties part"
                        )
                    text = (
                        text[: empty.end() - 2]
                        + ">"
                        + new
                        + f"</{prefix}Properties>"
                        + text[empty.end() :]
                    )
            chunks = list(
                re.finditer(rf"<{p}property\b[^>]*?(?:/>|>.*?</{p}property>)", text, re.DOTALL)
            )
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
        elif isinstance(op, SetDocProperty):
            self._props[op.name] = op.value
        else:
            raise TypeError(f"unknown patch operation {op!r}")


def _unattr(text: str) -> str:
    return (
        text.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    )


def _add_relationship(text: str, rid: str, rtype: str, target: str) -> str:
    entry = f'<Relationship Id="{rid}" Type="{rtype}" Target="{xml_attr(target)}"/>'
    close = re.search(r"</(?:\w+:)?Relationships\s*>", text)
    if close is not None:
        prefix = _root_prefix(text, "Relationships")
        if prefix:
            entry = entry.replace("<Relationship ", f"<{prefix}Relationship ")
        return text[: close.start()] + entry + text[close.start() :]
    empty = re.search(r"<Relationships\b[^>]*?/>", text)
    if empty is None:
        raise WorkbookError("malformed relationships part")
    return text[: empty.end() - 2] + ">" + entry + "</Relationships>" + text[empty.end() :]


def _add_override(text: str, part: str, content_type: str) -> str:
    if re.search(rf'PartName="/{re.escape(part)}"', text, re.IGNORECASE):
        return text
    entry = f'<Override PartName="/{part}" ContentType="{content_type}"/>'
    close = re.search(r"</(?:\w+:)?Types\s*>", text)
    if close is None:
        raise WorkbookError("malformed [Content_Types].xml")
    prefix = _root_prefix(text, "Types")
    if prefix:
        entry = entry.replace("<Override ", f"<{prefix}Override ")
    return text[: close.start()] + entry + text[close.start() :]


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
    writer = PackageWriter(fh)
    written = set()
    for name in pkg.names():
        if name in result.removed:
            continue
        info = pkg.infos[name]
        if name in result.parts:
            writer.write(info.filename, result.parts[name], like=info)
        else:
            raw_info, raw = pkg.raw(name)
            writer.copy_raw(raw_info, raw)
        written.add(name)
    for name, data in result.parts.items():
        if name not in written:
            writer.write(name, data)
    writer.close()


def apply_patch(
    path: str | os.PathLike[str],
    patch: Patch,
    *,
    out: str | os.PathLike[str] | None = None,
    backup: bool = True,
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
    pkg = Package(path)
    result = patch_package(pkg, patch)
    target = Path(out) if out is not None else Path(path)
    return atomic_write(target, lambda fh: write_package(pkg, result, fh), backup=backup)


__all__ += ["write_package"]
