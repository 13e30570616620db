"""The package edits that make a workbook safe to return.

Each function takes a :class:`~xladdin.workbook.package.EditablePackage` and edits XML text in
place with narrow regular expressions, recording what it did, so the returned file keeps every
part it does not need to change byte-identical (charts, images, comments, styles, tables; the
one addition to ``styles.xml``, a wrap-only cell format appended when the workbook has none, is
made by :mod:`xladdin.returned.prepare` for its Audit sheet and changes no existing format).

- :func:`freeze_formulas`  add-in (GDP_ / ``_xludf.``), external-link, DDE and volatile formulas
  become their cached values; the formula text is recorded for the Audit sheet;
- :func:`drop_external_links`  ``xl/externalLinks/*`` parts, their relationships, the
  ``<externalReferences>`` element and names pointing outside (DDE included); then every
  external relationship Excel would fetch on opening, in every relationship part (pictures,
  objects, templates on UNC, ``file://`` or http addresses; hyperlinks to files), with the
  attributes that referred to them;
- :func:`drop_macros`  the VBA project (and signatures), ribbon customisation, Excel 4 macro
  and dialog sheets, macro names -- found by relationship type, content type and content
  (an OLE VBA project or an XML macro sheet under any name), not by path; the workbook content
  type becomes plain xlsx;
- :func:`unhide_sheets`  hidden and very hidden sheets become visible;
- :func:`drop_calc_chain`  the calculation chain (Excel rebuilds it; it lists frozen cells).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from xladdin.workbook.cells import xml_unescape as unescape
from xladdin.workbook.model import CellError, split_cell
from xladdin.workbook.opc import (
    MACRO_CONTENT_TYPES,
    MACRO_REL_KINDS,
    is_macro_bytes,
    is_macro_name,
    rel_kind,
    targets_file,
)
from xladdin.workbook.package import EditablePackage, parse_rels, rels_owner
from xladdin.workbook.xmledit import get_attr as attr
from xladdin.workbook.xmledit import (
    map_start_tags,
    remove_attributes_valued,
    remove_elements,
    root_prefix,
    set_attr,
)

__all__ = [
    "WORKBOOK_XLSX_TYPE",
    "Frozen",
    "Removed",
    "SheetEntry",
    "Surgery",
    "freeze_reasons",
]

WORKBOOK_XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_PRINTER_SETTINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"
)

_STRING_LITERAL = re.compile(r'"(?:[^"]|"")*"')
_UDF = re.compile(r"(?<![A-Za-z0-9_.])(?:_xludf\.)?GDP_[A-Za-z0-9_.]*\s*\(", re.IGNORECASE)
_XLUDF = re.compile(r"_xludf\.", re.IGNORECASE)
_EXTERNAL = re.compile(r"\[\d+\]")
_VOLATILE = re.compile(
    r"(?<![A-Za-z0-9_.])(?:_xlfn\.)?(TODAY|NOW|RAND|RANDBETWEEN|RANDARRAY)\s*\(",
    re.IGNORECASE,
)

_CELL_RE = re.compile(
    r"<(?P<p>(?:\w+:)?)c\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p)c\s*>)", re.DOTALL
)
_F_RE = re.compile(
    r"<(?:\w+:)?f\b(?P<attrs>[^>]*?)(?:/>|>(?P<text>.*?)</(?:\w+:)?f\s*>)", re.DOTALL
)
_V_RE = re.compile(r"<(?:\w+:)?v\b[^>]*?(?:/>|>(?P<text>.*?)</(?:\w+:)?v\s*>)", re.DOTALL)

MACRO_SHEET_KINDS = {"xlMacrosheet", "xlIntlMacrosheet", "macrosheet", "dialogsheet"}
_DDE_FUNC = re.compile(r"(?<![A-Za-z0-9_.])(?:DDE|DDEAUTO|DDEEXEC|DDEINITIATE)\s*\(", re.I)
_OUTWARD = re.compile(
    r"(?<![A-Za-z0-9_])(?:_xlfn\.)?(WEBSERVICE|FILTERXML|RTD|CALL|REGISTER(?:\.ID)?|EXEC)\s*\(",
    re.I,
)


def _strip_strings(formula: str) -> str:
    return _STRING_LITERAL.sub('""', formula)


def freeze_reasons(formula: str, removed_names: frozenset[str] = frozenset()) -> list[str]:
    """Why a formula must be frozen in a returned file (empty list: it may stay).

    ``udf`` an add-in function (``GDP_...`` or any ``_xludf.`` function): ``#NAME?`` without the
    add-in; ``external-link`` a reference ``[n]Sheet!A1`` into another workbook; ``dde`` a
    ``app|topic!item`` DDE call; ``volatile`` TODAY, NOW, RAND, RANDBETWEEN, RANDARRAY (their
    value changes on every opening, so the reviewer would not see what the compiler saw); ``removed-name`` a
    defined name that prepare had to remove.
    """
    text = _strip_strings(formula)
    reasons = []
    if _UDF.search(text) or _XLUDF.search(text):
        reasons.append("udf")
    if _EXTERNAL.search(text):
        reasons.append("external-link")
    if "|" in text:
        reasons.append("dde")
    if _VOLATILE.search(text):
        reasons.append("volatile")
    if removed_names:
        tokens = set(re.findall(r"[A-Za-z_\\][A-Za-z0-9_.\\]*", text))
        if tokens & removed_names:
            reasons.append("removed-name")
    return reasons


@dataclass(frozen=True)
class SheetEntry:
    """A ``<sheet>`` of workbook.xml: name, relationship id, state, part and kind."""

    name: str
    sheet_id: str
    rid: str
    state: str
    part: str | None
    kind: str
    tag: str


@dataclass(frozen=True)
class Frozen:
    """One formula frozen to its cached value."""

    sheet: str
    cell: str
    formula: str
    reasons: tuple[str, ...]
    value: Any
    has_value: bool


@dataclass(frozen=True)
class Removed:
    """One thing removed from the package: ``kind`` (``external-link``, ``macros``, ``name``,
    ``sheet-unhidden``...) and a human-readable detail."""

    kind: str
    detail: str
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


class Surgery:
    """Edits of one package, in memory, with a record of what was changed."""

    def __init__(self, pkg: EditablePackage):
        self.pkg = pkg
        self.wb_part = pkg.main_part()
        self.frozen: list[Frozen] = []
        self.removed: list[Removed] = []
        self.removed_names: set[str] = set()

    # --- workbook.xml ------------------------------------------------------------------------

    @property
    def wb_xml(self) -> str:
        return self.pkg.text(self.wb_part)

    @wb_xml.setter
    def wb_xml(self, text: str) -> None:
        self.pkg.put(self.wb_part, text)

    def r_prefix(self) -> str | None:
        """The prefix the workbook element itself binds to the relationships namespace, or
        None. A prefix declared only on a descendant (openpyxl with lxml writes some there) is
        out of scope elsewhere in the part, so it is never reused (as in
        :func:`xladdin.workbook.xlsx_patch._ns_prefix`)."""
        from xladdin.workbook.xlsx_patch import NS_REL, _ns_prefix

        return _ns_prefix(self.wb_xml, NS_REL, "workbook")

    def sheets(self) -> list[SheetEntry]:
        rels = {r.id: r for r in self.pkg.rels(self.wb_part)}
        block = re.search(
            r"<(?:\w+:)?sheets\b[^>]*>(.*?)</(?:\w+:)?sheets>", self.wb_xml, re.DOTALL
        )
        if not block:
            return []
        out = []
        for m in re.finditer(r"<(?:\w+:)?sheet\b[^>]*?/?>", block.group(1)):
            tag = m.group(0)
            rid = ""
            rm = re.search(r"\s(\w+):id\s*=\s*[\"']([^\"']*)[\"']", tag)
            if rm:
                rid = rm.group(2)
            rel = rels.get(rid)
            out.append(
                SheetEntry(
                    name=attr(tag, "name") or "",
                    sheet_id=attr(tag, "sheetId") or "",
                    rid=rid,
                    state=attr(tag, "state") or "visible",
                    part=self.pkg.resolve(self.wb_part, rel.target)
                    if rel and not rel.external
                    else None,
                    kind=rel.kind if rel else "",
                    tag=tag,
                )
            )
        return out

    def _replace_sheet_tag(self, old: str, new: str) -> None:
        self.wb_xml = self.wb_xml.replace(old, new, 1)

    # --- defined names -----------------------------------------------------------------------

    def _names(self) -> list[re.Match[str]]:
        return list(
            re.finditer(
                r"<(?:\w+:)?definedName\b(?P<attrs>[^>]*?)(?:/>|>(?P<text>.*?)</(?:\w+:)?definedName>)",
                self.wb_xml,
                re.DOTALL,
            )
        )

    def _drop_names(self, decide: Any) -> None:
        """Remove every defined name for which ``decide(attrs, text)`` returns a reason."""
        text = self.wb_xml
        out = []
        last = 0
        for m in self._names():
            reason = decide(m.group("attrs"), unescape(m.group("text") or ""))
            if reason:
                name = attr(m.group("attrs"), "name") or ""
                refers = unescape(m.group("text") or "")
                self.removed.append(Removed("name", name, {"reason": reason, "refers_to": refers}))
                self.removed_names.add(name)
                out.append(text[last : m.start()])
                last = m.end()
        out.append(text[last:])
        new = "".join(out)
        # An emptied <definedNames> block is invalid; drop it.
        new = remove_elements(new, "definedNames", empty_only=True)
        if new != text:
            self.wb_xml = new

    # --- external links ----------------------------------------------------------------------

    def drop_external_links(self) -> None:
        """Remove external workbook links (parts, relationships, references, names)."""
        for rel in self.pkg.rels(self.wb_part):
            if rel.kind != "externalLink":
                continue
            part = self.pkg.resolve(self.wb_part, rel.target)
            targets = [r.target for r in self.pkg.rels(part) if r.external] or [part]
            self.pkg.remove(part)
            self.pkg.remove_rel(self.wb_part, rel.id)
            for target in targets:
                self.removed.append(Removed("external-link", target))
        for name in self.pkg.names():  # external-link parts no relationship points at
            low = name.lower()
            ctype = (self.pkg.content_type(name) or "").lower()
            if low.endswith(".rels") or not (
                low.startswith("xl/externallinks/") or ctype.endswith("externallink+xml")
            ):
                continue
            if not self.pkg.has(name):
                continue
            targets = [r.target for r in self.pkg.rels(name) if r.external] or [name]
            self.pkg.remove(name)
            for target in targets:
                self.removed.append(Removed("external-link", target))
        new = remove_elements(self.wb_xml, "externalReferences")
        if new != self.wb_xml:
            self.wb_xml = new

        def outside(_attrs: str, text: str) -> str | None:
            stripped = _strip_strings(text)
            if _EXTERNAL.search(stripped):
                return "external-link"
            if "|" in stripped or _DDE_FUNC.search(stripped):
                return "dde"
            if _OUTWARD.search(stripped):
                return "outward"
            return None

        self._drop_names(outside)
        self.drop_external_relationships()

    def _rels_parts(self) -> list[tuple[str, str]]:
        """``(rels part, owning part)`` of every relationship part in the package."""
        out = []
        for name in self.pkg.names():
            if name.lower().endswith(".rels"):
                out.append((name, rels_owner(name)))
        return out

    def drop_external_relationships(self) -> None:
        """Remove every external relationship Excel would follow on opening, from every
        relationship part: pictures, OLE objects, templates and anything else on a UNC,
        ``file://`` or web address (Windows fetches a UNC picture on opening and sends the
        user's NTLM credentials), and hyperlinks to files. Web hyperlinks stay (Excel opens
        them only when clicked). Attributes that referred to a removed relationship are dropped
        from the owning part, so no dangling id remains."""
        for rels_name, owner in self._rels_parts():
            if owner.lower().startswith("xl/externallinks/"):
                continue  # the external-link parts themselves: drop_external_links
            for rel in parse_rels(self.pkg.read(rels_name), owner, rels_name):
                if not rel.external:
                    continue
                if rel_kind(rel.type) == "hyperlink" and not targets_file(rel.target):
                    continue
                self.pkg.remove_rel(owner, rel.id)
                self._drop_id_refs(owner, rel.id)
                self.removed.append(
                    Removed("external-link", rel.target, {"part": owner, "type": rel.type})
                )

    def _drop_id_refs(self, part: str, rid: str) -> None:
        """Remove the attributes of ``part`` whose value is relationship id ``rid``
        (``r:id``, ``r:link``, ``r:embed``...)."""
        if not part or not self.pkg.has(part) or not part.lower().endswith((".xml", ".vml")):
            return
        text = self.pkg.text(part)
        new = remove_attributes_valued(text, rid)
        if new != text:
            self.pkg.put(part, new)

    # --- macros ------------------------------------------------------------------------------

    def drop_macros(self) -> None:
        """Remove the VBA project, ribbon customisation, macro sheets and macro names."""
        pkg = self.pkg
        removed_parts: list[str] = []
        for rel in pkg.rels(self.wb_part):
            if rel.kind in ("vbaProject",):
                part = pkg.resolve(self.wb_part, rel.target)
                for sub in pkg.rels(part):
                    if not sub.external:
                        sub_part = pkg.resolve(part, sub.target)
                        if pkg.remove(sub_part):
                            removed_parts.append(sub_part)
                if pkg.remove(part):
                    removed_parts.append(part)
                pkg.remove_rel(self.wb_part, rel.id)
        for rel in pkg.rels(""):
            if rel.type.rstrip("/").endswith("ui/extensibility"):
                part = pkg.resolve("", rel.target)
                for sub in pkg.rels(part):
                    if not sub.external:
                        pkg.remove(pkg.resolve(part, sub.target))
                if pkg.remove(part):
                    removed_parts.append(part)
                pkg.remove_rel("", rel.id)
        macro_parts = self._macro_parts()
        removed_parts += self._drop_macros_anywhere(macro_parts)
        removed_parts += self._drop_macro_sheets(macro_parts)

        def macro_name(attrs: str, _text: str) -> str | None:
            for flag in ("function", "vbProcedure", "xlm"):
                if (attr(attrs, flag) or "0") in ("1", "true"):
                    return "macro"
            return None

        self._drop_names(macro_name)

        # Content types: workbook becomes a plain xlsx; a "bin" default that meant VBA goes.
        ctype = pkg.content_type(self.wb_part) or ""
        if "macroEnabled" in ctype or "template" in ctype or "addin" in ctype:
            pkg.set_override(self.wb_part, WORKBOOK_XLSX_TYPE)
        if (pkg.content_type("x.bin") or "") == "application/vnd.ms-office.vbaProject":
            pkg.remove_default("bin")
            ct = pkg.text("[Content_Types].xml")
            overridden = {
                (attr(m.group(0), "PartName") or "").lstrip("/")
                for m in re.finditer(r"<(?:\w+:)?Override\b[^>]*?/>", ct)
            }
            if any(n.lower().endswith(".bin") and n not in overridden for n in pkg.names()):
                p = root_prefix(ct, "Types")
                ct = map_start_tags(
                    ct,
                    "Types",
                    lambda tag: (
                        tag
                        + f'<{p}Default Extension="bin" ContentType="{_PRINTER_SETTINGS_TYPE}"/>'
                    ),
                    count=1,
                )
                pkg.put("[Content_Types].xml", ct)
        if removed_parts:
            self.removed.append(Removed("macros", ", ".join(removed_parts)))

    def _macro_parts(self) -> set[str]:
        """Parts that are macros by content type, by relationship type or by content."""
        pkg = self.pkg
        found: set[str] = set()
        for name in pkg.names():
            low = name.lower()
            if low.endswith(".rels") or low == "[content_types].xml":
                continue
            if (pkg.content_type(name) or "").lower() in MACRO_CONTENT_TYPES or is_macro_name(name):
                found.add(name)
                continue
            if low.endswith((".xml", ".vml")):
                continue  # XML parts are macros by type; only other names are sniffed
            data = pkg.read(name)
            if is_macro_bytes(data[:8192], data):
                found.add(name)
        for rels_name, owner in self._rels_parts():
            for rel in parse_rels(pkg.read(rels_name), owner, rels_name):
                if not rel.external and rel_kind(rel.type) in MACRO_REL_KINDS and rel.part:
                    if pkg.has(rel.part):
                        found.add(rel.part)
        return found

    def _drop_macros_anywhere(self, macro_parts: set[str]) -> list[str]:
        """Remove macro parts under any name (a VBA project stored as ``xl/media/image1.png``)
        and every relationship that points at them, except sheets (see
        :meth:`_drop_macro_sheets`, which also edits workbook.xml)."""
        pkg = self.pkg
        sheet_parts = {(s.part or "").lower() for s in self.sheets()}
        parts = sorted(p for p in macro_parts if self.pkg.has(p) and p.lower() not in sheet_parts)
        if not parts:
            return []
        gone = {p.lower() for p in parts}
        for rels_name, owner in self._rels_parts():
            if owner.lower() in gone:
                continue
            for rel in parse_rels(pkg.read(rels_name), owner, rels_name):
                if not rel.external and rel.part and rel.part.lower() in gone:
                    pkg.remove_rel(owner, rel.id)
                    self._drop_id_refs(owner, rel.id)
        for part in parts:
            pkg.remove(part)
        return parts

    def _drop_macro_sheets(self, macro_parts: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
        sheets = self.sheets()
        macro_parts = {p.lower() for p in macro_parts}
        gone = [
            i
            for i, s in enumerate(sheets)
            if s.kind in MACRO_SHEET_KINDS or (s.part or "").lower() in macro_parts
        ]
        if not gone:
            return []
        parts = []
        for i in gone:
            entry = sheets[i]
            self._replace_sheet_tag(entry.tag, "")
            if entry.part:
                self.pkg.remove(entry.part)
                parts.append(entry.part)
            self.pkg.remove_rel(self.wb_part, entry.rid)
            self.removed.append(Removed("macro-sheet", entry.name))

        # localSheetId indexes shift; names local to a removed sheet go.
        def renumber(tag: str) -> str:
            local = attr(tag, "localSheetId")
            if local is None or not local.isdigit():
                return tag
            idx = int(local)
            if idx in gone:
                return "\x00DROP\x00"
            shift = sum(1 for g in gone if g < idx)
            return set_attr(tag, "localSheetId", str(idx - shift)) if shift else tag

        text = map_start_tags(self.wb_xml, "definedName", renumber)
        text = re.sub(r"\x00DROP\x00.*?</(?:\w+:)?definedName>", "", text, flags=re.DOTALL)
        self.wb_xml = text
        return parts

    # --- calc chain, hidden sheets -------------------------------------------------------------

    def drop_calc_chain(self) -> None:
        for rel in self.pkg.rels(self.wb_part):
            if rel.kind == "calcChain":
                self.pkg.remove(self.pkg.resolve(self.wb_part, rel.target))
                self.pkg.remove_rel(self.wb_part, rel.id)

    def unhide_sheets(self) -> None:
        """Make hidden and very hidden sheets visible (no data the reviewer cannot see)."""
        for entry in self.sheets():
            if entry.state in ("hidden", "veryHidden"):
                self._replace_sheet_tag(entry.tag, set_attr(entry.tag, "state", None))
                self.removed.append(Removed("sheet-unhidden", entry.name, {"state": entry.state}))
        # A hidden workbook window would hide everything.
        text = map_start_tags(
            self.wb_xml, "workbookView", lambda tag: set_attr(tag, "visibility", None)
        )
        if text != self.wb_xml:
            self.wb_xml = text

    # --- formulas ------------------------------------------------------------------------------

    def freeze_formulas(self) -> None:
        """Freeze the formulas :func:`freeze_reasons` selects, in every worksheet."""
        names = frozenset(self.removed_names)
        for entry in self.sheets():
            if entry.kind != "worksheet" or not entry.part or not self.pkg.has(entry.part):
                continue
            text = self.pkg.text(entry.part)
            new = self._freeze_sheet(entry.name, text, names)
            if new != text:
                self.pkg.put(entry.part, new)

    def _freeze_sheet(self, sheet: str, xml: str, names: frozenset[str]) -> str:
        # Pass 1: shared-formula masters (si -> (cell, text)).
        masters: dict[str, tuple[str, str]] = {}
        for m in _CELL_RE.finditer(xml):
            body = m.group("body") or ""
            fm = _F_RE.search(body)
            if not fm:
                continue
            fattrs = fm.group("attrs")
            if attr(fattrs, "t") == "shared" and fm.group("text"):
                masters[attr(fattrs, "si") or ""] = (
                    attr(m.group("attrs"), "r") or "",
                    unescape(fm.group("text")),
                )

        def repl(m: re.Match[str]) -> str:
            body = m.group("body")
            if not body:
                return m.group(0)
            fm = _F_RE.search(body)
            if not fm:
                return m.group(0)
            cattrs = m.group("attrs")
            cell = attr(cattrs, "r") or ""
            fattrs = fm.group("attrs")
            formula = unescape(fm.group("text") or "")
            ftype = attr(fattrs, "t")
            if ftype == "dataTable":
                return m.group(0)
            if ftype == "shared" and not formula:
                master = masters.get(attr(fattrs, "si") or "")
                if master is None:
                    return m.group(0)
                formula = _shift(master[1], master[0], cell)
            reasons = freeze_reasons(formula, names)
            if not reasons:
                return m.group(0)
            return self._frozen_cell(m.group("p"), cattrs, body, sheet, cell, formula, reasons)

        return _CELL_RE.sub(repl, xml)

    def _frozen_cell(
        self,
        prefix: str,
        cattrs: str,
        body: str,
        sheet: str,
        cell: str,
        formula: str,
        reasons: list[str],
    ) -> str:
        vm = _V_RE.search(body)
        raw = vm.group("text") if vm and vm.group("text") is not None else None
        ctype = attr(cattrs, "t") or "n"
        start = f"<{prefix}c{cattrs}>"
        start = set_attr(start, "cm", None)
        value: Any = None
        if raw is None:
            start = set_attr(start, "t", None)
            inner = ""
        elif ctype in ("str", "inlineStr"):
            value = unescape(raw)
            start = set_attr(start, "t", "inlineStr")
            inner = f'<{prefix}is><{prefix}t xml:space="preserve">{raw}</{prefix}t></{prefix}is>'
        else:
            text = unescape(raw)
            if ctype == "b":
                value = text.strip() in ("1", "true")
            elif ctype == "e":
                value = CellError(text.strip())
            else:
                try:
                    value = float(text)
                except ValueError:
                    value = text
            inner = f"<{prefix}v>{raw}</{prefix}v>"
        self.frozen.append(
            Frozen(sheet, cell, "=" + formula, tuple(reasons), value, raw is not None)
        )
        if not inner:
            return start[:-1].rstrip() + "/>"
        return f"{start}{inner}</{prefix}c>"


def _shift(formula: str, master: str, cell: str) -> str:
    try:
        from xladdin.workbook.formula_shift import shift_formula

        (mc, mr), (cc, cr) = split_cell(master), split_cell(cell)
        return shift_formula(formula, cr - mr, cc - mc)
    except Exception:  # the text is for the audit record only
        return formula
