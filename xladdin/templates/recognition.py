"""Which xladdin template a workbook is, from its stamps (the hidden ``_xladdin`` sheet, else
the custom document properties): the first step of binding, kept free of pandas so that a
workbook that is not a template is told so without loading it (issue #12)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xladdin.findings import Finding, finding
from xladdin.findings.words import reason
from xladdin.templates.spec import SPECS, TemplateSpec
from xladdin.workbook.model import WorkbookView, col_letter, parse_ref

__all__ = ["META_SHEET", "PROP_ID", "PROP_VERSION", "TemplateInfo", "recognise", "stamp_text"]

META_SHEET = "_xladdin"
PROP_ID = "xladdin.template"
PROP_VERSION = "xladdin.template_version"


@dataclass(frozen=True)
class TemplateInfo:
    """A recognised template: its id, the version found in the file and the current spec.

    ``renames`` holds the migration applied when the file is an older, upgradable version.
    """

    id: str
    version: str
    spec: TemplateSpec = field(repr=False)
    source: str = "sheet"
    renames: dict[str, str] = field(default_factory=dict)

    @property
    def upgraded(self) -> bool:
        return self.version != self.spec.version


def _stamp_from_sheet(view: WorkbookView) -> dict[str, str]:
    if META_SHEET not in view.sheet_names():
        return {}
    used = view.used_range(META_SHEET)
    if not used:
        return {}
    (_c1, r1), (c2, r2) = parse_ref(used)
    rows = view.values(META_SHEET, f"A{r1}:{col_letter(max(c2, 2))}{r2}")
    out: dict[str, str] = {}
    for row in rows:
        if len(row) >= 2 and isinstance(row[0], str) and row[1] is not None:
            out[row[0].strip()] = stamp_text(row[1])
    return out


def stamp_text(value: Any) -> str:
    """A stamp's value as text (``2.0`` read back as a number is ``"2"``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def recognise(view: WorkbookView) -> tuple[TemplateInfo | None, list[Finding]]:
    """Identify the xladdin template of a workbook from its stamps.

    The hidden ``_xladdin`` sheet (keys ``template`` and ``template_version`` in column A,
    values in column B) wins over the custom document properties ``xladdin.template`` and
    ``xladdin.template_version``. Returns ``(None, findings)`` when the workbook is not one of
    ours (``template-not-recognised``) or its version is refused
    (``template-version-unsupported``).
    """
    findings: list[Finding] = []
    sheet = _stamp_from_sheet(view)
    try:
        props = view.doc_properties() or {}
    except Exception:  # a view without properties support
        props = {}
    s_id, s_ver = sheet.get("template"), sheet.get("template_version")
    p_id = stamp_text(props[PROP_ID]) if props.get(PROP_ID) is not None else None
    p_ver = stamp_text(props[PROP_VERSION]) if props.get(PROP_VERSION) is not None else None
    if s_id and p_id and (s_id, s_ver) != (p_id, p_ver):
        findings.append(
            finding(
                "template-id-mismatch",
                sheet=META_SHEET,
                sheet_value=f"{s_id} {s_ver}",
                property_value=f"{p_id} {p_ver}",
            )
        )
    tid, ver, source = (s_id, s_ver, "sheet") if s_id else (p_id, p_ver, "properties")
    if not tid:
        findings.append(finding("template-not-recognised", **reason("reason_no_template_id")))
        return None, findings
    spec = SPECS.get(tid)
    if spec is None:
        findings.append(
            finding("template-not-recognised", **reason("reason_unknown_template", id=tid))
        )
        return None, findings
    ver = ver or ""
    if ver == spec.version:
        return TemplateInfo(tid, ver, spec, source), findings
    if ver in spec.migrations:
        renames = dict(spec.migrations[ver])
        if not renames:  # only optional blocks were added since: the file binds as it is
            return TemplateInfo(tid, ver, spec, source, renames), findings
        findings.append(
            finding(
                "template-upgraded",
                template=tid,
                version=ver,
                current=spec.version,
                renames=", ".join(f"{a} -> {b}" for a, b in renames.items()) or "none",
            )
        )
        return TemplateInfo(tid, ver, spec, source, renames), findings
    findings.append(
        finding(
            "template-version-unsupported",
            sheet=META_SHEET if source == "sheet" else None,
            template=tid,
            version=ver or "?",
            current=spec.version,
        )
    )
    return None, findings
