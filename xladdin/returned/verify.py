"""``verify``: has a returned workbook changed since it was stamped?

:func:`verify_view` works on any :class:`~xladdin.workbook.model.WorkbookView` (the headless
xlsx reader, or the xlwings adapter inside Excel), so the ribbon's *Review this file*, the
central consolidation and ``xladdin verify`` give the same answer. :func:`verify_file` adds the
package-level checks a view cannot see (macros, external-link parts).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xladdin.errors import RefusedWorkbookError, UnreadableWorkbookError
from xladdin.findings import Finding, Report, finding
from xladdin.returned.hashing import (
    HASH_SCHEME,
    OLD_SCHEMES,
    data_hash,
    part_hashes_of,
    part_lines,
    property_lines,
    sheet_hashes,
    sparse_sheet,
)
from xladdin.returned.stamp import AUDIT_MARKER, PREFIX, STAMP_KEYS
from xladdin.returned.surgery import freeze_reasons
from xladdin.workbook.model import WorkbookView, parse_ref, ref_from
from xladdin.workbook.owned import AUDIT, owned_sheets

__all__ = [
    "VerifyResult",
    "package_findings",
    "read_stamp",
    "stamped_validation",
    "verify_file",
    "verify_view",
]


@dataclass
class VerifyResult:
    """The answer of :func:`verify_view`.

    Attributes
    ----------
    intact : bool
        True when the workbook is stamped and its data hash equals the stamp's.
    stamp : dict
        The stamp (short keys of :data:`~xladdin.returned.prepare.STAMP_KEYS`); empty if none.
    findings : list of Finding
        ``return-stamp-intact`` (info) or what is wrong.
    actual_hash : str or None
        The hash computed now (None when there is no stamp to compare with).
    """

    intact: bool
    stamp: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)
    actual_hash: str | None = None

    @property
    def report(self) -> Report:
        return Report(list(self.findings))

    @property
    def exit_code(self) -> int:
        """0 intact, 1 changed, 2 unstamped or unreadable."""
        if any(f.refuses for f in self.findings):
            return 2
        return 0 if self.intact else 1


def read_stamp(view: WorkbookView) -> dict[str, Any]:
    """The return stamp of a workbook (short keys), empty when it has none."""
    props = view.doc_properties()
    stamp = {short: props[name] for short, name in STAMP_KEYS.items() if name in props}
    for key in ("data_cells", "validation_errors", "validation_warnings"):
        value = stamp.get(key)
        if isinstance(value, float) and value.is_integer():
            stamp[key] = int(value)
    return stamp


def stamped_validation(stamp: dict[str, Any], lang: str = "en") -> str:
    """The validation result recorded in a stamp, e.g. ``stamped: 2 errors, 5 warnings``;
    empty for a stamp written before ``prepare`` recorded it (or no stamp)."""
    errors, warnings = stamp.get("validation_errors"), stamp.get("validation_warnings")
    if errors in (None, "") or warnings in (None, ""):
        return ""
    from xladdin.findings.words import word  # xladdin/data/messages.csv, word stamped_validation

    return word(
        "stamped_validation", "lo" if lang == "lo" else "en", errors=errors, warnings=warnings
    )


def _audit_sheet_hashes(view: WorkbookView) -> dict[str, tuple[str, int]]:
    sheet = next((s for s in view.sheet_names() if AUDIT.is_ours(view, s)), None)
    ref = view.used_range(sheet) if sheet else None
    if not ref:
        return {}
    (c1, r1), (_c2, r2) = parse_ref(ref)
    rows = view.values(sheet, ref_from(c1, r1, max(c1 + 3, _c2), r2))
    if not rows or not rows[0] or rows[0][0] != AUDIT_MARKER:
        return {}
    out = {}
    for row in rows:
        if len(row) >= 4 and row[0] == "sheet-sha256" and row[1] is not None:
            try:
                count = int(row[3])
            except (TypeError, ValueError):
                count = 0
            out[str(row[1])] = (str(row[2]), count)
    return out


def _audit_parts(view: WorkbookView) -> tuple[dict[str, str], dict[str, list[str]]]:
    """``part-sha256`` and ``part-line`` rows of the Audit sheet: hashed group -> SHA-256 and
    lines at preparation."""
    sheet = next((s for s in view.sheet_names() if AUDIT.is_ours(view, s)), None)
    ref = view.used_range(sheet) if sheet else None
    if not ref:
        return {}, {}
    (c1, r1), (c2, r2) = parse_ref(ref)
    rows = view.values(sheet, ref_from(c1, r1, max(c1 + 2, c2), r2))
    hashes: dict[str, str] = {}
    lines: dict[str, list[str]] = {}
    for row in rows:
        if len(row) < 3 or row[1] is None:
            continue
        if row[0] == "part-sha256":
            hashes[str(row[1])] = str(row[2])
        elif row[0] == "part-line" and row[2] is not None:
            lines.setdefault(str(row[1]), []).append(str(row[2]))
    return hashes, lines


_PART_FINDINGS = {
    "sheets": "return-sheets-changed",
    "tables": "return-tables-changed",
    "names": "return-names-changed",
    "identity": "return-identity-changed",
    "stamp": "return-stamp-edited",
}


def _shown(lines: list[str], limit: int = 4) -> str:
    shown = ["; ".join(line.split("\t")[1:]) for line in lines[:limit]]
    more = f" (+{len(lines) - limit})" if len(lines) > limit else ""
    return (" | ".join(shown) or "-")[:400] + more


def _change(before: list[str] | None, now: list[str]) -> str:
    if before is None:
        return f"now {_shown(now)}"
    gone = [line for line in before if line not in set(now)]
    new = [line for line in now if line not in set(before)]
    return f"was {_shown(gone)}; now {_shown(new)}"


def _part_findings(view: WorkbookView, stamp: dict[str, Any]) -> list[Finding]:
    """Which hashed groups differ from the Audit sheet's ``part-sha256`` rows, and how
    (diagnostics: the Audit sheet is not hashed, so an edited one only makes these vaguer)."""
    before, before_lines = _audit_parts(view)
    if not before:
        return []
    lines = part_lines(view, stamp)
    now = part_hashes_of(lines)
    out = []
    for group, code in _PART_FINDINGS.items():
        if group not in before or before[group] == now[group][0]:
            continue
        if group == "stamp":
            out.append(
                finding(
                    code,
                    stamped=stamp.get("stamped_utc") or "?",
                    compiler=stamp.get("compiled_by") or "?",
                )
            )
        else:
            out.append(finding(code, change=_change(before_lines.get(group), lines[group])))
    return out


def _udf_formulas(view: WorkbookView, sheets: list[str]) -> list[Finding]:
    out = []
    for sheet in sheets:
        ref = view.used_range(sheet)
        if not ref:
            continue
        sparse = sparse_sheet(view, sheet, ref)
        if sparse is not None:  # the formula cells only, in (row, column) order
            for (r, c), text in sorted(sparse[1].items()):
                if text and "udf" in freeze_reasons(text.lstrip("=")):
                    cell = ref_from(c, r, c, r)
                    out.append(finding("return-udf-formula", sheet=sheet, cell=cell, formula=text))
            continue
        (c1, r1), _ = parse_ref(ref)
        for i, row in enumerate(view.formulas(sheet, ref)):
            for j, text in enumerate(row):
                if text and "udf" in freeze_reasons(text.lstrip("=")):
                    cell = ref_from(c1 + j, r1 + i, c1 + j, r1 + i)
                    out.append(finding("return-udf-formula", sheet=sheet, cell=cell, formula=text))
    return out


def verify_view(view: WorkbookView) -> VerifyResult:
    """Recompute the data hash of ``view`` and compare it with its stamp.

    Returns
    -------
    VerifyResult
        ``intact`` False with ``return-stamp-missing`` (refusing: exit 2) when there is no
        stamp; ``return-data-changed`` plus ``return-sheet-changed/added/removed`` naming the
        sheets (from the per-sheet hashes of the Audit sheet) when the data changed;
        ``return-udf-formula`` for add-in formulas present again.
    """
    stamp = read_stamp(view)
    expected = stamp.get("data_sha256")
    if not expected:
        return VerifyResult(False, stamp, [finding("return-stamp-missing")])
    scheme = str(stamp.get("hash_scheme") or "").strip()
    if scheme != HASH_SCHEME:
        code = "return-stamp-unknown-scheme"
        if not scheme or scheme in OLD_SCHEMES:  # no scheme: written before schemes were named
            code, scheme = "return-stamp-old-scheme", scheme or "xladdin-data-v1"
        return VerifyResult(False, stamp, [finding(code, scheme=scheme, expected=HASH_SCHEME)])
    actual = data_hash(view, stamp)
    who = stamp.get("compiled_by") or "?"
    when = stamp.get("stamped_utc") or "?"
    findings: list[Finding] = []
    intact = actual == str(expected).strip().lower()
    twins = property_lines(view)  # a stamp property defined twice: which one is the stamp?
    if twins:
        intact = False
        findings.append(finding("return-stamp-edited", stamped=when, compiler=who))
    if intact:
        findings.append(
            finding(
                "return-stamp-intact",
                stamped=when,
                compiler=who,
                cells=stamp.get("data_cells", "?"),
            )
        )
    else:
        findings.append(
            finding(
                "return-data-changed",
                stamped=when,
                compiler=who,
                actual=actual[:16],
                expected=str(expected)[:16],
            )
        )
        findings += _part_findings(view, stamp)
        before = _audit_sheet_hashes(view)
        if before:
            now = sheet_hashes(view, stamp)
            for sheet, (digest, n) in now.items():
                if sheet not in before:
                    if n:
                        findings.append(finding("return-sheet-added", sheet=sheet))
                elif before[sheet][0] != digest:
                    findings.append(
                        finding(
                            "return-sheet-changed", sheet=sheet, before=before[sheet][1], after=n
                        )
                    )
            for sheet, (_digest, n) in before.items():
                if sheet not in now and n:
                    findings.append(finding("return-sheet-removed", sheet=sheet))
    ours = owned_sheets(view)
    findings += _udf_formulas(view, [s for s in view.sheet_names() if s not in ours])
    if any(f.code == "return-udf-formula" for f in findings):
        intact = False
    return VerifyResult(intact, stamp, findings, actual)


def package_findings(path: Path) -> list[Finding]:
    """Findings a view cannot see: a VBA project or external-link parts in the package."""
    from xladdin.workbook.package import Package

    pkg = path if isinstance(path, Package) else Package(path)
    out = []
    wb = pkg.main_part()
    for rel in pkg.rels(wb):
        if rel.kind == "vbaProject":
            out.append(finding("return-macros-present", part=rel.part or rel.target))
        elif rel.kind == "externalLink" and rel.part:
            targets = [r.target for r in pkg.rels(rel.part) if r.external] or [rel.part]
            for target in targets:
                out.append(finding("return-external-links-present", target=target))
    return out


def verify_file(
    path: str | os.PathLike[str], *, opened: tuple[Any, list] | None = None
) -> VerifyResult:
    """:func:`verify_view` on a file, plus package checks (macros, external links).

    An unreadable or refused file gives the reader's refusing finding (``package-missing``,
    ``workbook-unreadable``, ``workbook-truncated``, ...; exit 2), not an exception.
    ``opened``: what :func:`~xladdin.workbook.safety.open_untrusted` gave for ``path``
    (``xladdin verify`` checks the signatures on the same bytes); default: opened here.
    """
    from xladdin.workbook.safety import open_untrusted

    path = Path(path)
    # the one inspection (issue #10 item 5)
    view, found = opened if opened is not None else open_untrusted(path, purpose="verify")
    if view is None:
        return VerifyResult(False, {}, found)
    try:
        result = verify_view(view)
        extra = [*found, *package_findings(view.package)]
    except (UnreadableWorkbookError, RefusedWorkbookError) as exc:
        from xladdin.workbook.xlsx_reader import error_finding

        # The reader's own codes (package-missing, workbook-unreadable, -truncated, ...): one
        # code per condition whichever command meets the file.
        return VerifyResult(False, {}, [error_finding(exc, os.fspath(path))])
    if extra:
        result.findings.extend(extra)
        result.intact = False
    return result


def stamp_property_names() -> list[str]:
    """Every custom document property name the stamp uses (all start with ``xladdin.return.``)."""
    return [name for name in STAMP_KEYS.values() if name.startswith(PREFIX)]
