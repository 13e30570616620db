"""Validation: every rule over a workbook view, one report of findings (docs/design.md §4).

Public API::

    from xladdin.validate import validate_view, validate_file, ValidationConfig, load_config
    from xladdin.validate.checks import checks_patch

    report = validate_view(view)                  # recognises and binds the template itself
    report = validate_view(view, bound, config=ValidationConfig(growth_band=(-2, 12)))
    report = validate_file("province.xlsx")       # inspected as untrusted first (safety)
    patch = checks_patch(report, view)            # the Checks sheet and cell highlights

:func:`validate_file` treats the file as untrusted, as ``consolidate`` does: it is inspected by
:func:`xladdin.workbook.safety.open_untrusted` before any parser reads it, and the security
findings come first. A validated view's report then holds, in this order: the structure findings
of the template binding
(:func:`xladdin.templates.binding.recognise` / ``bind``: template not recognised, older
version, table or name missing, sheet renamed ...), then the findings of every rule of
:mod:`xladdin.validate.rules` that applies. Any .xlsx can be validated: a workbook that is not
an xladdin template gets ``template-not-recognised`` plus the generic data rules (numbers stored
as text, ambiguous separators, Lao digits, legacy Lao fonts) over the used range of each sheet.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from xladdin.errors import WorkbookError
from xladdin.findings import Finding, Report, finding
from xladdin.runtime import fewer_gc_passes
from xladdin.validate.config import ValidationConfig, load_config
from xladdin.validate.engine import Context, Rule, rule, rules, run_rules
from xladdin.workbook.model import WorkbookView

if TYPE_CHECKING:
    from xladdin.workbook.safety import Limits

__all__ = [
    "Context",
    "Rule",
    "ValidationConfig",
    "load_config",
    "rule",
    "rules",
    "validate_file",
    "validate_view",
]


def _bind(view: WorkbookView) -> tuple[Any, list[Finding]]:
    """Recognise and bind the template: (Bound or None, structure findings)."""
    from xladdin.templates.recognition import recognise

    try:
        info, found = recognise(view)
        if info is None:  # not a template: nothing to bind (and pandas is not loaded)
            return None, list(found)
        from xladdin.templates.binding import bind

        bound = bind(view, info)
        return bound, list(found) + (list(bound.findings) if bound is not None else [])
    except WorkbookError:
        raise
    except Exception as exc:  # a binding bug must not hide the data findings
        return None, [
            finding("rule-error", rule="template-binding", error=f"{type(exc).__name__}: {exc}")
        ]


def validate_view(
    view: WorkbookView,
    bound: Any = None,
    *,
    config: ValidationConfig | None = None,
    structure: list[Finding] | None = None,
) -> Report:
    """Run every validation rule over a workbook view.

    Parameters
    ----------
    view : WorkbookView
        The workbook (headless reader, xlwings adapter or an in-memory view).
    bound : xladdin.templates.binding.Bound, optional
        The binding, when the caller (compile) already has it; its ``findings`` are included
        in the report. When None, the template is recognised and bound here.
    config : ValidationConfig, optional
        Bands and tolerances; defaults to :class:`ValidationConfig()`.
    structure : list of Finding, optional
        The recognition and binding findings when the caller has already recognised and
        bound ``view`` (``bound`` is then used as given, None for a workbook that is not a
        template): the file is not bound a second time.

    Returns
    -------
    Report
        Every finding (never stops at the first). A rule that fails yields ``rule-error``.

    Raises
    ------
    xladdin.errors.WorkbookError
        When a part of the file cannot be read while validating (I/O, not data).
    """
    config = config or ValidationConfig()
    if structure is not None:
        structure = list(structure)
    elif bound is None:
        bound, structure = _bind(view)
    else:
        structure = list(getattr(bound, "findings", []) or [])
    info = getattr(bound, "info", None)
    ctx = Context(
        view=view,
        config=config,
        bound=bound,
        template_id=getattr(info, "id", None),
        template_version=getattr(info, "version", None),
    )
    report = Report(source=getattr(view, "source", None))
    report.extend(structure)
    report.extend(run_rules(ctx))
    return report


def validate_file(
    path: str | os.PathLike[str],
    *,
    config: ValidationConfig | None = None,
    limits: Limits | None = None,
) -> Report:
    """Inspect an .xlsx/.xlsm as untrusted, open it headlessly and validate it.

    The file goes through the same front door as a consolidated return
    (:func:`xladdin.workbook.safety.open_untrusted`): the package is inspected before any
    parser reads it (zip bombs, XML entities, DDE and outward-reaching formulas, external links,
    macros, hidden sheets with data, absurd dimensions...), in bounded time and memory. Its
    security findings come first in the report. A refused or unreadable file (not a zip,
    encrypted, zip bomb ...) gives a report with that finding (exit code 2) instead of an
    exception, and is not validated.

    Parameters
    ----------
    path : path
        The workbook.
    config : ValidationConfig, optional
        Bands and tolerances.
    limits : xladdin.workbook.safety.Limits, optional
        Bounds for the untrusted-file inspection (default ``Limits()``, as ``consolidate``).
    """
    from xladdin.workbook.safety import open_untrusted
    from xladdin.workbook.xlsx_reader import error_finding

    source = os.fspath(path)
    with fewer_gc_passes():
        view, found = open_untrusted(path, limits)
        if view is None:
            return Report(list(found), source=source)
        try:
            report = validate_view(view, config=config)
        except WorkbookError as exc:  # a part damaged deeper in the package
            return Report([*found, error_finding(exc, source)], source=source)  # type: ignore[arg-type]
    report.findings[:0] = found
    report.source = source
    return report
