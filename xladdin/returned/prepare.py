"""``prepare``: make the returned copy of a workbook (frozen, link-free, macro-free, stamped).

The original is never modified. The returned file is written beside it as ``BOOK-return.xlsx``:

0. an xladdin template is compiled first (:func:`compile_copy`: the same
   :func:`xladdin.compile.compile_view` as ``xladdin compile``, its patch applied to the copy in
   memory), so the returned outputs always follow from the returned inputs; a template that
   cannot be compiled is refused (:class:`PrepareRefusedError`, ``return-compile-refused``);
   a workbook that is not a template is returned as it is;

then a copy of the package is edited (see :mod:`xladdin.returned.surgery`), and

1. the data hash (:mod:`xladdin.returned.hashing`) is computed through the same
   :class:`~xladdin.workbook.xlsx_reader.XlsxView` that ``verify`` uses;
2. an ``Audit`` sheet is added (visible) listing the stamp, a hash per sheet and per hashed
   group (with the lines of the small groups, so ``verify`` can say what changed), every
   frozen formula (sheet, cell, formula text, reason, value) and everything removed;
3. the stamp goes into custom document properties (:data:`STAMP_KEYS`).
"""

from __future__ import annotations

import datetime as _dt
import getpass
import io
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xladdin import __version__
from xladdin.errors import RefusedWorkbookError
from xladdin.findings import Finding, Report, finding
from xladdin.findings.texts import pairs
from xladdin.findings.words import reason
from xladdin.returned.hashing import (
    HASH_SCHEME,
    digest_of,
    part_hashes_of,
    part_lines,
    sheet_hashes,
    uncached_formulas,
)
from xladdin.returned.stamp import AUDIT_MARKER, AUDIT_SHEET, PREFIX, STAMP_KEYS
from xladdin.returned.surgery import Frozen, Removed, Surgery
from xladdin.text.width import display_width
from xladdin.workbook.cells import xml_attr, xml_unescape
from xladdin.workbook.model import CellError, WorkbookView, parse_refers_to
from xladdin.workbook.owned import AUDIT, owned_sheet_name
from xladdin.workbook.package import EditablePackage, Package
from xladdin.workbook.printing import choose_scale
from xladdin.workbook.sheet_xml import cell_xml
from xladdin.workbook.xlsx_patch import EMPTY_CUSTOM_PROPERTIES, set_custom_properties
from xladdin.workbook.xmledit import append_child, root_prefix

__all__ = [
    "AUDIT_MARKER",
    "AUDIT_SHEET",
    "STAMP_KEYS",
    "PrepareRefusedError",
    "PrepareResult",
    "compile_copy",
    "prepare_file",
    "prepare_package",
    "returned_path",
]

AUDIT_LINE_GROUPS = ("sheets", "tables", "names", "identity")
"""Hashed groups whose lines the Audit sheet lists (``part-line`` rows), so ``verify`` can say
what changed in them."""

VALIDATION_KEYS = ("validation_errors", "validation_warnings", "validation_xladdin_version")
"""Stamp keys holding the validation result recorded by ``prepare``."""

_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_WS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_WS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

REASONS = {
    r: pairs("word")[f"frozen_{r.replace('-', '_')}"]
    for r in ("udf", "external-link", "dde", "volatile", "removed-name")
}
"""Why a formula was frozen -> (English, Lao): ``word`` rows ``frozen_*`` of messages.csv."""


@dataclass
class PrepareResult:
    """What :func:`prepare_package` did."""

    path: Path
    stamp: dict[str, Any]
    report: Report
    frozen: list[Frozen] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)


def returned_path(path: str | os.PathLike[str]) -> Path:
    """``Province.xlsm`` -> ``Province-return.xlsx`` in the same folder."""
    path = Path(path)
    return path.with_name(f"{path.stem}-return.xlsx")


def prepare_file(
    path: str | os.PathLike[str],
    out: str | os.PathLike[str] | None = None,
    compiler: str | None = None,
) -> Path:
    """Write the returned copy of ``path`` and return its path. See :func:`prepare_package`."""
    return prepare_package(path, out=out, compiler=compiler).path


def prepare_package(
    path: str | os.PathLike[str],
    out: str | os.PathLike[str] | None = None,
    compiler: str | None = None,
    *,
    now: _dt.datetime | None = None,
) -> PrepareResult:
    """Make the returned copy of a workbook.

    Parameters
    ----------
    path : path-like
        The compiled workbook (.xlsx or .xlsm). Never modified.
    out : path-like, optional
        Where to write; default :func:`returned_path` (``BOOK-return.xlsx`` beside ``path``).
    compiler : str, optional
        Who compiled it; default :func:`compiler_name` (workbook property or ``Compiler``
        name, last author in the core properties, OS user).
    now : datetime, optional
        Stamp time (UTC); for tests.

    Returns
    -------
    PrepareResult

    Raises
    ------
    UnreadableWorkbookError, RefusedWorkbookError
        The file cannot be read, or is refused for safety.
    """
    from xladdin.workbook.safety import open_checked
    from xladdin.workbook.xlsx_reader import open_xlsx

    path = Path(path)
    target = Path(out) if out is not None else returned_path(path)
    if target.resolve() == path.resolve():
        raise ValueError(
            "prepare never overwrites the original workbook; choose another output path"
        )
    source_view = open_checked(path, purpose="prepare")  # the one inspection (issue #10 item 5)

    # Current by construction: compile (in memory, into the copy) before anything else.
    compiled, compile_findings = compile_copy(path, source_view)
    pkg = EditablePackage(compiled)
    surgery = Surgery(pkg)
    surgery.drop_external_links()
    surgery.drop_macros()
    surgery.drop_calc_chain()
    surgery.freeze_formulas()
    surgery.unhide_sheets()

    # Hash the frozen data through the same reader verify uses.
    view = open_xlsx(pkg.to_bytes())
    uncached = uncached_formulas(view)
    template_id, template_version = template_info(source_view)
    stamped = (now or _dt.datetime.now(_dt.UTC)).astimezone(_dt.UTC)
    stamp: dict[str, Any] = {
        "compiled_by": compiler or compiler_name(source_view, pkg),
        "stamped_utc": stamped.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "xladdin_version": __version__,
        "template_id": template_id or "",
        "template_version": template_version or "",
        "data_sha256": "",
        "hash_scheme": HASH_SCHEME,
        "data_cells": 0,
        "source_file": path.name,
        "uncached_formulas": (
            json.dumps(uncached, ensure_ascii=False, separators=(",", ":")) if uncached else ""
        ),
    }
    per_sheet = sheet_hashes(view, stamp)
    stamp["data_cells"] = sum(n for _, n in per_sheet.values())
    validation = validate_returned(view)
    if validation is not None:
        stamp.update(
            validation_errors=len(validation.errors),
            validation_warnings=len(validation.warnings),
            validation_xladdin_version=__version__,
        )
    # the hash covers every stamp field (the stamp time included) but itself
    hashed = part_lines(view, stamp)  # read once: the digest and the Audit rows agree
    stamp["data_sha256"] = digest_of(hashed)
    parts = part_hashes_of(hashed)
    lines = {k: v for k, v in hashed.items() if k in AUDIT_LINE_GROUPS}
    audit_name = owned_sheet_name(source_view, AUDIT)
    _write_audit_sheet(
        surgery,
        stamp,
        per_sheet,
        _earlier_audit(source_view),
        name=audit_name,
        parts=parts,
        lines=lines,
    )
    _write_custom_properties(pkg, {STAMP_KEYS[k]: v for k, v in stamp.items()})
    pkg.save(target)

    report = Report(source=str(target))
    report.extend(compile_findings)
    report.extend(_findings(surgery, template_id))
    if validation is not None and validation.errors:
        report.add(
            finding(
                "return-validation-errors",
                errors=len(validation.errors),
                warnings=len(validation.warnings),
            )
        )
    return PrepareResult(target, stamp, report, surgery.frozen, surgery.removed)


class PrepareRefusedError(RefusedWorkbookError):
    """``prepare`` cannot make a returned file whose outputs follow from its inputs (the
    workbook is an xladdin template that cannot be compiled). :attr:`finding` says why."""

    def __init__(self, refusal: Finding, findings: list[Finding] | None = None) -> None:
        super().__init__(f"{refusal.message_en}\n{refusal.message_lo}")  # the ribbon shows it
        self.finding = refusal
        self.findings = [refusal, *(findings or [])]


def _looks_like_template(view: WorkbookView) -> bool:
    """True when the workbook has a table or defined name of an xladdin template (the review
    would read it) although its template stamp is missing or refused."""
    from xladdin.templates.spec import SPECS

    known = {t.name.casefold() for spec in SPECS.values() for _, t in spec.tables()} | {
        n.name.casefold() for spec in SPECS.values() for _, n in spec.names()
    }
    present = {k.casefold() for k in view.tables()} | {k.casefold() for k in view.defined_names()}
    return bool(known & present)


def compile_copy(path: Path, view: WorkbookView) -> tuple[Package, list[Finding]]:
    """The package to return, compiled: :func:`xladdin.compile.compile_view` (what
    ``xladdin compile`` runs) on ``view``, its patch applied to a copy in memory (``path`` is
    never written).

    A workbook that is not an xladdin template at all is returned as it is (nothing to compile).

    Raises
    ------
    PrepareRefusedError
        The workbook is (or looks like) an xladdin template but cannot be compiled: an
        unsupported template version, a missing template stamp beside template tables, or a
        refusing compile finding.
    """
    from xladdin.compile import compile_view
    from xladdin.templates.binding import recognise
    from xladdin.templates.current import outputs_current
    from xladdin.workbook.xlsx_patch import patch_package, write_package

    source = getattr(view, "package", None) or Package(path)  # the bytes inspected
    info, rec = recognise(view)
    if info is None:
        refusing = [f for f in rec if f.code != "template-not-recognised"]
        if refusing or _looks_like_template(view):
            first = (refusing or rec)[0] if (refusing or rec) else None
            why = (
                {"reason": first.message_en, "reason_lo": first.message_lo}
                if first is not None
                else reason("reason_not_template")
            )
            raise PrepareRefusedError(finding("return-compile-refused", **why), list(rec))
        return source, []
    result = compile_view(view)
    bound = result.bound
    was_current = outputs_current(bound, view.doc_properties() or {}) if bound else None
    if result.report.refused:
        first = next(f for f in result.report.findings if f.refuses)
        raise PrepareRefusedError(
            finding("return-compile-refused", reason=first.message_en, reason_lo=first.message_lo),
            list(result.report.findings),
        )
    buf = io.BytesIO()
    write_package(source, patch_package(source, result.patch), buf)
    out = [finding("return-compiled", template=f"{info.id} {info.version}")]
    if was_current is False:
        stale = view.doc_properties().get("xladdin.inputs_sha256")
        why = reason("stale_changed" if stale else "stale_unrecorded")
        out.append(finding("return-outputs-were-stale", **why))
    return Package(buf.getvalue(), name=path.name), out


def validate_returned(view: WorkbookView) -> Report | None:
    """:func:`xladdin.validate.validate_view` on the data being returned (None when a part of
    the file cannot be read while validating: the stamp then records no validation result)."""
    from xladdin.errors import WorkbookError
    from xladdin.validate import validate_view

    try:
        return validate_view(view)
    except WorkbookError:
        return None


# --- who compiled it, which template ----------------------------------------------------------


def compiler_name(view: WorkbookView, pkg: EditablePackage | None = None) -> str:
    """The compiler's name: a workbook property or ``Compiler`` defined name, the last author
    in the core properties, the OS user -- the first that is set. (The ribbon passes the
    user's ``compiler`` setting explicitly; this library never reads front-end settings.)"""
    props = view.doc_properties()
    for key in (
        STAMP_KEYS["compiled_by"],
        "xladdin.compiled_by",
        "xladdin.compiler",
        "compiled_by",
        "Compiler",
    ):
        if str(props.get(key) or "").strip():
            return str(props[key]).strip()
    names = view.defined_names()
    for key in ("Compiler", "CompiledBy", "Compiled_By", "compiler"):
        if key in names:
            where = parse_refers_to(names[key])
            if where:
                try:
                    value = view.values(where[0], where[1].split(":")[0])[0][0]
                except Exception:
                    value = None
                if value not in (None, ""):
                    return str(value).strip()
    if pkg is not None and pkg.has("docProps/core.xml"):
        m = re.search(
            r"<cp:lastModifiedBy>(.*?)</cp:lastModifiedBy>",
            pkg.text("docProps/core.xml"),
            re.DOTALL,
        )
        if m and m.group(1).strip():
            return xml_unescape(m.group(1).strip())
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def template_info(view: WorkbookView) -> tuple[str | None, str | None]:
    """``(template id, template version)``: from the binding when it recognises the workbook,
    else from custom document properties whose names mention ``template``."""
    try:
        from xladdin.templates.binding import recognise

        info, _findings = recognise(view)
        if info is not None:
            return str(info.id), str(info.version)
    except Exception:  # recognition is best effort here; properties are the fallback
        pass
    tid = ver = None
    for key, value in view.doc_properties().items():
        low = key.lower()
        if key.startswith(PREFIX) or "template" not in low:
            continue
        if "version" in low and ver is None:
            ver = str(value)
        elif ("id" in low or low.endswith("template")) and tid is None:
            tid = str(value)
    return tid, ver


# --- findings ---------------------------------------------------------------------------------


def _findings(surgery: Surgery, template_id: str | None) -> list:
    out = []
    if surgery.frozen:
        counts: dict[str, int] = {}
        for f in surgery.frozen:
            for r in f.reasons:
                counts[r] = counts.get(r, 0) + 1
        shown = sorted(counts.items())
        out.append(
            finding(
                "return-formulas-frozen",
                count=len(surgery.frozen),
                reasons=", ".join(f"{k} {v}" for k, v in shown),
                reasons_lo=", ".join(f"{REASONS.get(k, (k, k))[1]} {v}" for k, v in shown),
            )
        )
    for f in surgery.frozen:
        if not f.has_value:
            out.append(
                finding(
                    "return-formula-no-cached-value", sheet=f.sheet, cell=f.cell, formula=f.formula
                )
            )
    macros = [r.detail for r in surgery.removed if r.kind in ("macros", "macro-sheet")]
    if macros:
        out.append(finding("return-macros-removed", parts="; ".join(macros)))
    for r in surgery.removed:
        if r.kind == "external-link":
            out.append(finding("return-external-link-removed", target=r.detail))
        elif r.kind == "name":
            out.append(finding("return-name-removed", name=r.detail, **r.extra))
        elif r.kind == "sheet-unhidden":
            out.append(finding("return-sheet-unhidden", sheet=r.detail, **_sheet_state(r.extra)))
    if not template_id:
        out.append(finding("return-template-unknown"))
    return out


def _sheet_state(extra: dict[str, Any]) -> dict[str, str]:
    """``state`` and ``state_lo`` of a sheet that was hidden, as words ("very hidden")."""
    from xladdin.findings.words import word

    state = str(extra.get("state", ""))
    key = {"hidden": "sheet_state_hidden", "veryHidden": "sheet_state_very_hidden"}.get(state)
    return {"state": word(key, "en"), "state_lo": word(key, "lo")} if key else {"state": state}


# --- the Audit sheet --------------------------------------------------------------------------


def _shown(value: Any) -> Any:
    if isinstance(value, CellError):
        return value.code
    return value


def audit_rows(
    stamp: dict[str, Any],
    per_sheet: dict[str, tuple[str, int]],
    frozen: list[Frozen],
    removed: list[Removed],
    parts: dict[str, tuple[str, int]] | None = None,
    lines: dict[str, list[str]] | None = None,
) -> list[list[Any]]:
    """The Audit sheet's content, row by row. Column A holds a fixed key on machine-read rows
    (``stamp``, ``sheet-sha256``, ``part-sha256``, ``frozen``, ``removed``) so ``verify`` can
    find them (to say what changed; the stamp's hash decides whether anything did)."""
    from xladdin.findings.words import say, word

    def col(name: str) -> str:  # a column header, "English / ລາວ" (messages.csv audit_col_*)
        return word(f"audit_col_{name}", "both")

    rows: list[list[Any]] = [
        [AUDIT_MARKER, word("audit_title", "both")],
        *[["", line] for line in say("audit_note", "both")],
        [],
        ["key", col("field"), col("value")],
    ]
    stamp_keys = (
        "compiled_by",
        "stamped_utc",
        "xladdin_version",
        "template_id",
        "template_version",
        "data_sha256",
        "hash_scheme",
        "data_cells",
        "source_file",
        "validation_errors",
        "validation_warnings",
        "validation_xladdin_version",
        "uncached_formulas",
    )
    for key in stamp_keys:  # the stamp's fields, named as verify names them
        rows.append(["stamp", word(f"field_{key}", "both"), stamp.get(key, "")])
    rows += [[], ["key", col("sheet"), "SHA-256", col("data_cells")]]
    for sheet, (digest, n) in per_sheet.items():
        rows.append(["sheet-sha256", sheet, digest, n])
    if parts:
        rows += [[], ["key", col("hashed"), "SHA-256", col("lines")]]
        for group, (digest, n) in parts.items():
            rows.append(["part-sha256", group, digest, n])
    if lines:
        rows += [[], ["key", col("hashed"), col("line")]]
        for group, group_lines in lines.items():
            rows += [["part-line", group, line[:32000]] for line in group_lines]
    rows += [
        [],
        [
            "key",
            col("sheet"),
            col("cell"),
            col("formula"),
            col("reason"),
            col("frozen_value"),
        ],
    ]
    for f in frozen:
        why = "; ".join(f"{REASONS[r][0]} / {REASONS[r][1]}" for r in f.reasons)
        value = _shown(f.value) if f.has_value else f"({word('audit_no_value', 'both')})"
        rows.append(["frozen", f.sheet, f.cell, f.formula[:32000], why, value])
    rows += [[], ["key", col("what"), col("detail")]]
    kinds = {
        "external-link": word("removed_external_link", "both"),
        "macros": word("removed_macros", "both"),
        "macro-sheet": word("removed_macro_sheet", "both"),
        "name": word("removed_name", "both"),
        "sheet-unhidden": word("removed_sheet_unhidden", "both"),
    }
    for r in removed:
        detail = r.detail
        if r.kind == "name":
            detail = f"{r.detail} = {r.extra.get('refers_to', '')}"
        rows.append(["removed", kinds.get(r.kind, r.kind), detail])
    return rows


def _cell_xml(ref: str, value: Any, style: int | None = None) -> str:
    """A cell of the audit sheet: text as written (cut to Excel's limit), numbers as numbers,
    anything else (a date in a removed name, say) as its text."""
    if not isinstance(value, (str, bool, int, float)) and value is not None:
        value = str(value)
    return cell_xml(ref, value, style)


def _wrapped_height(
    row: list[Any], widths: tuple[float, ...], line_pt: float = 15.0
) -> float | None:
    """Height (points) of a row whose texts wrap, so each shows whole: a line every
    ``line_pt`` for each ``w / 1.15`` characters of a column ``w`` wide (Lao vowel and tone
    marks, Unicode category Mn, take no width; a fallback font wider than Calibri may need a
    line more), at most Excel's 409 pt; None for a single line."""
    lines = 1
    for j, v in enumerate(row):
        if isinstance(v, str) and v and j < len(widths):
            per_line = max(1.0, widths[j] / 1.15)
            need = sum(math.ceil(max(1, display_width(t)) / per_line) for t in v.split("\n"))
            lines = max(lines, need)
    return min(409.0, lines * line_pt) if lines > 1 else None


def sheet_xml(
    rows: list[list[Any]],
    widths: tuple[float, ...] = (),
    wrap_style: int | None = None,
    scale: int | None = None,
) -> str:
    """A minimal worksheet part with inline strings (no shared strings). Cells get the cell
    style ``wrap_style`` (wrapped, top-aligned) when given, so a long formula or hashed line
    wraps inside its column instead of running past the last column onto pages of its own, and
    each row is made tall enough for its wrapped text (:func:`_wrapped_height`). ``scale``
    (percent) replaces the print scale chosen from the widths."""
    from xladdin.workbook.model import col_letter

    cols = "".join(
        f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>'
        for i, w in enumerate(widths)
    )
    body = []
    for i, row in enumerate(rows, start=1):
        cells = "".join(
            _cell_xml(f"{col_letter(j + 1)}{i}", v, wrap_style) for j, v in enumerate(row)
        )
        ht = _wrapped_height(row, widths) if wrap_style is not None else None
        attrs = f' ht="{ht}" customHeight="1"' if ht else ""
        body.append(f'<row r="{i}"{attrs}>{cells}</row>' if cells else "")
    from xladdin.workbook.printing import page_setup_xml

    ncols = max((len(r) for r in rows), default=0)
    every = tuple(widths) + (8.43,) * max(0, ncols - len(widths))
    fit, page = page_setup_xml(every or (8.43,))  # landscape A4, readable: not 4 pages cut
    if scale is not None:
        page = re.sub(r'scale="\d+"', f'scale="{scale}"', page)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_R_NS}">'
        f'<sheetPr><tabColor rgb="FF7F7F7F"/>{fit}</sheetPr>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + f"<sheetData>{''.join(body)}</sheetData>{page}</worksheet>"
    )


def _earlier_audit(view: WorkbookView) -> list[list[Any]]:
    """The ``frozen`` and ``removed`` rows of an Audit sheet left by an earlier preparation
    (kept when a returned file is prepared again, so no formula text is lost)."""
    sheet = next((s for s in view.sheet_names() if AUDIT.is_ours(view, s)), None)
    ref = view.used_range(sheet) if sheet else None
    if not ref:
        return []
    rows = view.values(sheet, ref)
    if not rows or not rows[0] or rows[0][0] != AUDIT_MARKER:
        return []
    return [list(r) for r in rows if r and r[0] in ("frozen", "removed")]


AUDIT_WIDTHS = (13, 28, 30, 42, 24, 12)
"""Audit sheet column widths (characters), printed at :data:`AUDIT_SCALE`: 149 characters,
804.75 pt by Excel's arithmetic (ECMA-376 18.3.1.13, ``trunc(w * 7 + 5) * 0.75`` pt each, 587 pt
at 73 %), and 1,043 pt where Calibri is missing and LibreOffice measures widths with a wider
fallback font (7 pt a character, measured here with DejaVu Sans: 761 pt at 73 %): one landscape
A4 page wide (784 pt inside the margins) either way. Long texts wrap inside their column."""

AUDIT_SCALE = choose_scale(0.0)[1]
"""Print scale (percent) of the Audit sheet: the smallest that keeps its 11 pt text at 8 pt."""


def _plain_wrap(xf: str) -> bool:
    """A cell format that only wraps: General, default font, no fill or border, no
    protection, no horizontal alignment, not quote-prefixed."""
    head = xf.split(">", 1)[0]
    if any(f'{k}="0"' not in head for k in ("numFmtId", "fontId", "fillId", "borderId")):
        return False
    if re.search(r'quotePrefix="(1|true)"', head) or "protection" in xf:
        return False
    return bool(re.search(r'wrapText="(1|true)"', xf)) and "horizontal=" not in xf


def _wrap_style(surgery: Surgery) -> int | None:
    """Index of a cell format that only wraps text (:func:`_plain_wrap`; a top-aligned one
    first): the workbook's own when it has one (workbooks built from xladdin's templates do, for
    their About texts), else one appended to ``cellXfs`` (:func:`append_wrap_xf`). None only
    when the workbook has no readable ``cellXfs`` (the Audit sheet is then written unstyled)."""
    pkg = surgery.pkg
    part = next(
        (r.part for r in pkg.rels(surgery.wb_part) if r.type.endswith("/styles") and r.part),
        None,
    )
    if not part or not pkg.has(part):
        return None
    text = pkg.text(part)
    block = re.search(r"<(\w+:)?cellXfs\b[^>]*>(.*?)</(\w+:)?cellXfs>", text, re.S)
    if block is None:
        return None
    xfs = re.findall(r"<(?:\w+:)?xf\b[^>]*?(?:/>|>.*?</(?:\w+:)?xf>)", block.group(2), re.S)
    plain = [i for i, xf in enumerate(xfs) if _plain_wrap(xf)]
    top = [i for i in plain if 'vertical="top"' in xfs[i]]
    if top or plain:
        return (top or plain)[0]
    added = append_wrap_xf(text)
    if added is None:
        return None
    pkg.put(part, added[0])
    return added[1]


def append_wrap_xf(styles: str) -> tuple[str, int] | None:
    """``styles`` (a ``styles.xml``) with one cell format appended to ``cellXfs`` -- General,
    the default font, no fill or border, top-aligned and wrapped -- and the list's ``count``
    raised by one; and the new format's index. Nothing is lost: every existing format keeps its
    index and its bytes (a cell refers to a format by index), and nothing else in the part
    changes. None when there is no ``cellXfs`` list to append to, or no font, fill or border
    for the new format to refer to."""
    m = re.search(r"<(\w+:)?cellXfs\b[^>]*>(.*?)</(\w+:)?cellXfs>", styles, re.S)
    if m is None or styles[m.start() : m.start(2)].endswith("/>"):
        return None  # no list, or an empty <cellXfs/>
    for kind in ("font", "fill", "border"):  # the new format refers to the first of each
        if not re.search(rf"<(?:\w+:)?{kind}s\b[^>]*>\s*<(?:\w+:)?{kind}\b", styles):
            return None
    prefix = m.group(1) or ""
    xfs = re.findall(r"<(?:\w+:)?xf\b[^>]*?(?:/>|>.*?</(?:\w+:)?xf>)", m.group(2), re.S)
    index = len(xfs)
    has_style_xf = re.search(r"<(?:\w+:)?cellStyleXfs\b[^>]*>\s*<(?:\w+:)?xf\b", styles)
    xf_id = ' xfId="0"' if has_style_xf else ""
    xf = (
        f'<{prefix}xf numFmtId="0" fontId="0" fillId="0" borderId="0"{xf_id} applyAlignment="1">'
        f'<{prefix}alignment vertical="top" wrapText="1"/></{prefix}xf>'
    )
    head = styles[m.start() : m.start(2)]
    new_head = re.sub(r'\bcount="\d+"', f'count="{index + 1}"', head, count=1)
    close = m.end(2)
    out = styles[: m.start()] + new_head + m.group(2) + xf + styles[close:]
    return out, index


def _write_audit_sheet(
    surgery: Surgery,
    stamp: dict[str, Any],
    per_sheet: dict[str, tuple[str, int]],
    earlier: list[list[Any]] | None = None,
    *,
    name: str = AUDIT_SHEET,
    parts: dict[str, tuple[str, int]] | None = None,
    lines: dict[str, list[str]] | None = None,
) -> None:
    """Write xladdin's Audit sheet as ``name`` (an earlier one of ours is replaced; a user's own
    sheet called "Audit" is never touched: ``name`` is then "Audit (xladdin)")."""
    pkg = surgery.pkg
    rows = audit_rows(stamp, per_sheet, surgery.frozen, surgery.removed, parts, lines)
    if earlier:
        from xladdin.findings.words import word

        rows += [[], ["key", word("audit_col_earlier", "both")], *earlier]
    xml = sheet_xml(rows, AUDIT_WIDTHS, _wrap_style(surgery), AUDIT_SCALE)
    for entry in surgery.sheets():
        if entry.name == name and entry.part and entry.kind == "worksheet":
            pkg.put(entry.part, xml)  # our earlier Audit sheet (found by marker): replaced
            return
    n = 1
    while pkg.has(f"xl/worksheets/sheet{n}.xml"):
        n += 1
    part = f"xl/worksheets/sheet{n}.xml"
    pkg.put(part, xml)
    pkg.set_override(part, _WS_TYPE)
    rel_target = os.path.relpath(part, os.path.dirname(surgery.wb_part) or ".").replace(os.sep, "/")
    rid = pkg.add_rel(surgery.wb_part, _WS_REL, rel_target)
    ids = [int(s.sheet_id) for s in surgery.sheets() if s.sheet_id.isdigit()]
    # declared on the element itself: a prefix openpyxl (with lxml) declared on each sibling
    # <sheet> is not in scope here
    rattr = f'xmlns:r="{_R_NS}" r:id="{rid}"'
    tag = f'sheet name="{xml_attr(name)}" sheetId="{max(ids, default=0) + 1}" {rattr}/>'
    text = surgery.wb_xml
    surgery.wb_xml = append_child(text, "sheets", f"<{root_prefix(text, 'sheets')}{tag}")


# --- custom document properties ---------------------------------------------------------------


def _write_custom_properties(pkg: EditablePackage, values: dict[str, Any]) -> None:
    """Set custom document properties, keeping every other property as it was."""
    part = next((r.part for r in pkg.rels("") if r.type == _CUSTOM_REL and r.part), None)
    if part is None:
        part = "docProps/custom.xml"
        pkg.add_rel("", _CUSTOM_REL, part)
    text = pkg.text(part) if pkg.has(part) else EMPTY_CUSTOM_PROPERTIES
    pkg.put(part, set_custom_properties(text, values))
    pkg.set_override(part, _CUSTOM_TYPE)
