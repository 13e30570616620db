"""Reading one returned workbook as the review does, and the reviewer's acceptance.

:func:`read_submission` inspects the file as untrusted, opens it, verifies its return stamp,
validates it, extracts its tables and recomputes its outputs from its inputs;
:func:`apply_acceptance` decides whether a file whose stamp shows a change, that has no stamp
or that cannot be recomputed is summed (``--accept FILE``). :class:`Options` are the settings
of a consolidation.

Both :mod:`xladdin.review.consolidate` (every returned file) and
:mod:`xladdin.review.national` (a compiled national workbook) read files this way; this module
sits below both, so neither imports the other (no import cycle, issue #12).
``xladdin.review.consolidate`` re-exports these names.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from xladdin.errors import WorkbookError
from xladdin.findings import finding
from xladdin.findings.words import word
from xladdin.review.submission import Submission, extract, recompute
from xladdin.workbook.safety import Limits, open_untrusted

__all__ = [
    "ACCEPTABLE",
    "REVIEW_MARKER",
    "TRUST_REASONS",
    "TRUST_WORDS",
    "Options",
    "accepted_by",
    "apply_acceptance",
    "needs_acceptance",
    "read_submission",
]

REVIEW_MARKER = "xladdin.review"
"""Custom document property naming a review workbook (:func:`xladdin.review.book._write`
sets it; consolidation skips such files)."""


@dataclass(frozen=True)
class Options:
    """Consolidation settings.

    Parameters
    ----------
    limits : Limits
        Bounds for untrusted files (see :class:`xladdin.workbook.safety.Limits`).
    accept : tuple of str
        Files the reviewer accepts although their stamp shows a change, they have no stamp or
        they cannot be verified (stamp or recomputation): matched against the file name or
        path, shell wildcards allowed (``--accept FILE``, repeatable). Other such files are
        not summed (``review-not-accepted``).
    require_stamp : bool
        Deprecated (``--allow-unstamped``): False accepts every file without a return stamp,
        as if each were named in ``accept``.
    validate : bool
        Run the validation rules on each new file.
    tolerance_pct : float
        Relative difference (percent) between the sum of provinces and the national total
        above which a finding is given.
    gap_points : float
        Gap (percentage points) between growth implied by the provincial sum and official
        growth above which ``growth-gap`` is given.
    reconcile : bool
        Rake provincial current-price GVA to the national totals.
    alterability : DataFrame, optional
        Index province code, columns line code; 0 holds a cell fixed while raking.
    allocation_key : {"population", "gva"}
        Indicator key of the top-down allocation sheet.
    rake_incomplete : bool
        Rake years in which some of the 18 provinces have no data (default False: such years
        are left as submitted with ``reconcile-incomplete``).
    workers : int, optional
        Processes reading new files in parallel (``--workers N`` on the command line). None:
        the environment variable ``XLADDIN_WORKERS``, else automatic -- one per CPU on Linux
        for 4 or more new files, else 1 (:func:`xladdin.review.consolidate.read_many`).
    """

    limits: Limits = field(default_factory=Limits)
    accept: tuple[str, ...] = ()
    require_stamp: bool = True
    validate: bool = True
    tolerance_pct: float = 0.05
    gap_points: float = 0.5
    reconcile: bool = True
    alterability: pd.DataFrame | None = None
    allocation_key: str = "population"
    workers: int | None = None
    rake_incomplete: bool = False
    # issue 9 (xladdin.review.reconcile.reconcile_national; docs/levels.md):
    taxes: str = "gva"
    """Taxes less subsidies on products: ``"gva"`` allocates the national total by GVA (ESA
    2010 ch. 13; collected taxes kept beside), ``"rake"`` rakes the collected taxes."""
    volume_deflator: str = "national"
    """Provincial volumes by the ``"national"`` industry deflator (ESA 2010 ch. 13) or the
    province's ``"own"``; then raked to the national constant prices."""
    district_shares: pd.DataFrame | None = None
    """District x sector base-year shares (``xladdin.review.districts.read_shares``) overriding
    the district returns' own base-year GVA for the sectors listed; the districts' weighted
    growth is compared with their province's (``district-growth-gap``)."""
    district_gap_points: float = 1.0

    def fingerprint(self) -> str:
        """The settings that change what is read from a file (the register's cache key)."""
        # weights=1: district submissions carry their base-year GVA table (issue 9); a register
        # entry read before that lacks it, so it is read again
        return f"limits={self.limits!r};validate={self.validate};recompute=1;weights=1"


def _verify(view: Any, sub: Submission) -> None:
    """Verify the stamp; ``sub.stamp_state`` says ``intact``, ``changed``, ``missing``,
    ``unknown`` (a scheme this xladdin cannot check) or ``""`` (verification failed)."""
    try:
        from xladdin.returned.verify import verify_view
    except ImportError:  # pragma: no cover - returned package incomplete
        return
    try:
        result = verify_view(view)
    except Exception as exc:  # a damaged stamp must not stop the review: unverifiable
        sub.findings.append(
            finding("rule-error", rule="verify", error=f"{type(exc).__name__}: {exc}")
        )
        return
    sub.stamp = dict(result.stamp)
    sub.data_hash = sub.stamp.get("data_sha256") or result.actual_hash
    codes = {f.code for f in result.findings}
    if result.intact:
        sub.stamp_state = "intact"
    elif "return-stamp-missing" in codes:
        sub.stamp_state = "missing"
    elif "return-stamp-unknown-scheme" in codes:
        sub.stamp_state = "unknown"
    else:
        sub.stamp_state = "changed"
    sub.findings.extend(result.findings)


def _binding(view: Any) -> tuple[list[Any], Any] | None:
    """Recognise and bind ``view`` once for validation and recompute: (recognise findings,
    Bound or None); None when binding raises (each step then binds itself and reports the
    error as it always did)."""
    from xladdin.templates.binding import bind, recognise

    try:
        info, rec = recognise(view)
        return list(rec), (bind(view, info) if info is not None else None)
    except Exception:  # reported by validate and recompute, each in its own words
        return None


def _validate(view: Any, sub: Submission, binding: tuple[list[Any], Any] | None = None) -> None:
    try:
        from xladdin.validate import validate_view
    except ImportError:  # pragma: no cover
        return
    try:
        if binding is None:
            report = validate_view(view)
        else:
            rec, bound = binding
            structure = rec + (list(bound.findings) if bound is not None else [])
            report = validate_view(view, bound, structure=structure)
    except Exception as exc:  # a validation bug must not stop the consolidation
        sub.findings.append(
            finding("rule-error", rule="validate", error=f"{type(exc).__name__}: {exc}")
        )
        return
    seen = {(f.code, f.sheet, f.cell) for f in sub.findings}
    sub.findings.extend(f for f in report if (f.code, f.sheet, f.cell) not in seen)


READING_MODULES = (
    "xladdin.returned.verify",
    "xladdin.templates.binding",
    "xladdin.validate",
    "xladdin.validate.rules",
    "xladdin.compile.core",
    "xladdin.compile.province",
    "xladdin.workbook.xlsx_reader",
    "xladdin.review.sez",
    "xladdin.signing",
)
"""The modules :func:`read_submission` imports when it first reads a file (the stamp check,
binding, validation, recompute, the reader; the review's signature check): see
:func:`load_readers`."""


def load_readers() -> None:
    """Import what reading a returned file uses, now.

    A consolidation calls this once before it starts its worker processes, so each forked
    worker begins with them instead of importing and parsing them again for its first file.
    """
    import importlib

    from xladdin.findings import catalogue

    catalogue()  # every finding's code, severity and messages
    for name in READING_MODULES:
        importlib.import_module(name)
    from xladdin.signing import sign_available

    sign_available()  # imports lxml and cryptography when the sign extra is installed


def read_submission(
    path: str | Path,
    options: Options | None = None,
    *,
    also: Callable[[Any, Submission], None] | None = None,
) -> Submission:
    """Inspect, open, verify, validate, extract and recompute one returned file (never raises:
    an unexpected error becomes ``review-read-failed`` for this file only).

    ``also(view, submission)``, when given, runs on the opened file before it is closed (the
    same bytes: the review checks the digital signatures this way)."""
    options = options or Options()
    try:
        return _read_submission(path, options, also)
    except Exception as exc:  # one file never stops the review (MemoryError included)
        return Submission(
            str(path),
            findings=[finding("review-read-failed", error=f"{type(exc).__name__}: {exc}"[:300])],
        )


def _read_submission(
    path: str | Path, options: Options, also: Callable[[Any, Submission], None] | None
) -> Submission:
    view, findings = open_untrusted(path, options.limits)
    sub = Submission(path=str(path), findings=list(findings))
    if view is None:
        return sub
    try:
        if REVIEW_MARKER in (view.doc_properties() or {}):
            return Submission(str(path), level="review")  # our own output, not a return
        extracted = extract(view, str(path))
        extracted.findings = sub.findings + extracted.findings
        sub = extracted
        if sub.level != "unknown":
            _verify(view, sub)
            recomputed = sub.level in ("province", "district")
            binding = _binding(view) if options.validate or recomputed else None
            if options.validate:
                _validate(view, sub, binding)
            if recomputed:
                recompute(view, sub, binding if binding and binding[1] is not None else None)
        if also is not None:
            also(view, sub)
    except WorkbookError as exc:  # a part damaged deeper in the package
        from xladdin.workbook.xlsx_reader import error_finding

        sub.findings.append(error_finding(exc, str(path)))
    return sub


TRUST_WORDS = {
    "changed": "trust_changed",
    "missing": "trust_missing",
    "unknown": "trust_unknown",
    "": "trust_unknown",
    "not-recomputed": "trust_not_recomputed",
}
"""Why a readable file needs the reviewer's acceptance: reason key -> ``word`` row of
xladdin/data/messages.csv."""

TRUST_REASONS = {k: (word(w, "en"), word(w, "lo")) for k, w in TRUST_WORDS.items()}
"""Why a readable file needs the reviewer's acceptance before it is summed (English, Lao),
from the catalogue rows :data:`TRUST_WORDS`."""

ACCEPTABLE = frozenset({"return-stamp-missing", "return-stamp-unknown-scheme"})
"""Refusing codes that an acceptance by name overrides (security refusals never are)."""


def needs_acceptance(sub: Submission) -> list[str]:
    """Keys of :data:`TRUST_REASONS` that keep ``sub`` out of the sums unless accepted (empty:
    stamp intact and numbers recomputed from the file's inputs)."""
    if sub.level not in ("province", "district"):
        return []
    reasons = [] if sub.stamp_state == "intact" else [sub.stamp_state]
    if not sub.recomputed:
        reasons.append("not-recomputed")
    return reasons


def accepted_by(sub: Submission, options: Options) -> str | None:
    """How the reviewer accepted ``sub`` (``--accept PATTERN`` or ``--allow-unstamped``), or
    None. A pattern matches the file name or its path (shell wildcards allowed)."""
    path = Path(sub.path)
    names = {path.name, str(path), str(path.resolve())}
    for pattern in options.accept:
        if any(fnmatch.fnmatchcase(n, pattern) for n in names) or _same_file(path, pattern):
            return f"--accept {pattern}"
    if not options.require_stamp and sub.stamp_state == "missing":
        return "--allow-unstamped"
    return None


def _same_file(path: Path, pattern: str) -> bool:
    try:
        return Path(pattern).exists() and Path(pattern).resolve() == path.resolve()
    except OSError:
        return False


def apply_acceptance(sub: Submission, options: Options) -> tuple[str, str]:
    """Add this run's acceptance findings to ``sub`` (never cached: acceptance is decided per
    run). Returns ``("", "")`` (nothing needed), or ``"accepted (HOW): reasons"`` /
    ``"not accepted: reasons"`` in English and in Lao (the ``accepted`` and ``not accepted``
    state rows and :data:`TRUST_REASONS`, xladdin/data/messages.csv)."""
    reasons = needs_acceptance(sub)
    if not reasons or any(f.refuses and f.code not in ACCEPTABLE for f in sub.findings):
        return "", ""
    en = "; ".join(TRUST_REASONS[r][0] for r in reasons)
    lo = "; ".join(TRUST_REASONS[r][1] for r in reasons)
    how = accepted_by(sub, options)
    if how is None:
        f = finding("review-not-accepted", reasons=en, reasons_lo=lo, name=Path(sub.path).name)
        sub.findings.append(f)
        return "not accepted: " + en, f"{_state_lo('not accepted')}: {lo}"
    kept = []
    for f in sub.findings:
        if f.code == "return-stamp-missing":
            kept.append(finding("review-unstamped"))
        elif f.code in ACCEPTABLE:  # the message stays, as a warning that does not refuse
            kept.append(
                finding("review-accepted", how=how, reasons=f.message_en, reasons_lo=f.message_lo)
            )
        else:
            kept.append(f)
    kept.append(finding("review-accepted", how=how, reasons=en, reasons_lo=lo))
    sub.findings = kept
    return f"accepted ({how}): {en}", f"{_state_lo('accepted')} ({how}): {lo}"


def _state_lo(key: str) -> str:
    """The Lao of the state row ``key`` (``accepted``, ``not accepted``) of the catalogue."""
    from xladdin.findings.texts import get

    msg = get("state", key)
    return msg.lo if msg is not None else key
