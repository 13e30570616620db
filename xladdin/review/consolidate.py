"""Consolidate returned provincial and district workbooks into one review workbook.

:func:`consolidate` is what ``xladdin consolidate`` and the ribbon's *Consolidate* button call:

1. every file is looked up in the submission register (:mod:`xladdin.review.register`); an
   unchanged file (same path, size, mtime and SHA-256) is not read again;
2. a new file is inspected as untrusted (:func:`xladdin.workbook.safety.open_untrusted`), its
   stamp verified (:func:`xladdin.returned.verify.verify_view`), validated
   (:func:`xladdin.validate.validate_view`) and its results tables extracted
   (:func:`xladdin.review.submission.extract`);
3. the latest file per province/district is kept (older ones are marked superseded);
4. the review tables are built (:mod:`xladdin.review.analysis`), provincial current-price GVA is
   raked to the national totals (:mod:`xladdin.review.reconcile`), and the review workbook is
   written (:mod:`xladdin.review.book`).

Problems in the files are findings, never exceptions; the result's ``report`` holds them all
(each finding's ``details["file"]`` names its file) and gives the exit code.
"""

from __future__ import annotations

import dataclasses
import functools
import multiprocessing
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from xladdin.findings import Finding, Report, catalogue, finding
from xladdin.findings.words import os_reason_words, reason, word
from xladdin.review.analysis import Tables, build_tables
from xladdin.review.geography import province_names
from xladdin.review.intake import (  # re-exported: the reading of one returned file
    ACCEPTABLE,
    TRUST_REASONS,  # noqa: F401
    Options,
    accepted_by,
    apply_acceptance,
    load_readers,
    needs_acceptance,  # noqa: F401
    read_submission,
)
from xladdin.review.national import NationalTotals, read_national
from xladdin.review.reconcile import allocate_top_down, reconcile_national
from xladdin.review.register import Register, default_register_path, file_key
from xladdin.review.results import ConsolidationResult
from xladdin.review.submission import Submission
from xladdin.runtime import fewer_gc_passes, frozen_for_fork
from xladdin.templates.data import provinces
from xladdin.workbook.safety import is_refused

if TYPE_CHECKING:
    from xladdin.signing import SignaturePolicy

__all__ = [
    "ConsolidationResult",
    "Options",
    "collect_paths",
    "consolidate",
    "own_temporary",
    "read_submission",
]

PATTERNS = ("*.xlsx", "*.xlsm")
EXCLUDING = frozenset({"review-unknown-province", "review-file-unrecognised", "review-no-results"})
"""Codes that keep a readable file out of the sums."""


def own_temporary(name: str) -> bool:
    """True for a file name that only xladdin's own writers make and that is never a return:
    Excel lock files ``~$...``, the atomic writer's ``.~xladdin-...`` temporary files, and the
    ``NAME.XXXX.tmp.xlsx`` temporary review workbooks of earlier versions (a killed run left
    them behind; they are partial zip files)."""
    low = name.casefold()
    return (
        low.startswith(("~$", ".~xladdin-"))
        or low.endswith((".tmp.xlsx", ".tmp.xlsm", ".tmp"))
        or low.endswith(".bak")
    )


def collect_paths(items: list[str | Path], skipped: list[Path] | None = None) -> list[Path]:
    """Files given directly plus every .xlsx/.xlsm in directories given (sorted, no
    duplicates). Files found in a folder that :func:`own_temporary` names are left out (and
    appended to ``skipped`` when given); a file named directly is always kept."""
    out: list[Path] = []
    seen: set[Path] = set()
    for item in items:
        p = Path(item)
        found = sorted(q for pat in PATTERNS for q in p.glob(pat)) if p.is_dir() else [p]
        for q in found:
            if p.is_dir() and own_temporary(q.name):
                if skipped is not None:
                    skipped.append(q)
                continue
            r = q.resolve()
            if r not in seen:
                seen.add(r)
                out.append(q)
    return out


WORKERS_ENV = "XLADDIN_WORKERS"
"""Environment variable: processes reading new files when ``Options.workers`` is not given
(``1`` forces one process; unset: automatic, see :func:`_workers`)."""
AUTO_MIN_FILES = 4
"""Fewest new files for which the automatic setting starts worker processes."""


@dataclasses.dataclass(frozen=True)
class _Reading:
    """How each new file is read (picklable: sent to the worker processes): the read options,
    and for a consolidation what the worker does beside reading, in parallel and on the bytes
    it read -- the digital signature check (``signatures``: the policy, None = the configured
    trust roots), the province code check and the register's JSON."""

    options: Options
    review: bool = False
    signatures: SignaturePolicy | None = None
    register: bool = False


def _read_one(args: tuple[Path, _Reading]) -> Submission:
    path, how = args
    if not how.review:
        return read_submission(path, how.options)
    sub = read_submission(path, how.options, also=functools.partial(_sign_check, how.signatures))
    if sub.level == "review":  # a review workbook in the folder: skipped
        return sub
    _check_codes(sub)
    if how.register and not any(f.code == "review-read-failed" for f in sub.findings):
        sub.register_json = sub.to_json()
    return sub


def _sign_check(policy: SignaturePolicy | None, view: Any, sub: Submission) -> None:
    """The Status sheet's "Signed by" parts of ``sub``, checked on the bytes just read."""
    from xladdin.signing import review_signature_parts

    package = getattr(view, "package", None)
    if package is not None:
        sub.signature = review_signature_parts(sub.path, sub.province_code, policy, package=package)


def _auto_context() -> Any:
    """The ``fork`` start method where the automatic setting may use processes (Linux: a
    forked worker starts with xladdin already imported), else None (Windows, where a pool is
    fragile inside Excel, and macOS: one process unless asked)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - a platform without fork
        return None


AUTO_MAX_WORKERS = 4
"""At most this many automatic worker processes (each holds its own pandas and numpy): on a
large server ``--workers N`` asks for more."""


def _usable_cpus() -> int:
    """CPUs this process may run on (its affinity, which containers set), not the machine's."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # Windows, macOS
        return os.cpu_count() or 1


def _workers(options: Options, n: int) -> int:
    """Processes reading ``n`` new files: ``Options.workers`` (``--workers N``) when given, else
    ``XLADDIN_WORKERS``, else automatic: one per usable CPU (at most :data:`AUTO_MAX_WORKERS`)
    on Linux for :data:`AUTO_MIN_FILES` or more files when more than one CPU is usable,
    otherwise one."""
    asked = options.workers
    if asked is None:
        text = os.environ.get(WORKERS_ENV, "").strip()
        try:
            asked = int(text) if text else None
        except ValueError:
            asked = None
    if asked is None:
        cpus = _usable_cpus()
        if n < AUTO_MIN_FILES or cpus < 2 or _auto_context() is None:
            return 1
        asked = min(cpus, AUTO_MAX_WORKERS)
    if asked <= 1 or n < 2:
        return 1
    return max(1, min(asked, n))


def read_many(paths: list[Path], options: Options) -> list[Submission]:
    """:func:`read_submission` for each path, in :func:`_workers` processes (order kept: the
    results are exactly those of one process). A worker that dies (a crash, the system killing
    it) stops no run: each file it left unread is read again in a process of its own, and a
    file that stops that process too is ``review-read-failed``."""
    return _read_all(paths, _Reading(options))


def _read_all(paths: list[Path], how: _Reading) -> list[Submission]:
    """:func:`read_many` with what a consolidation does beside reading (:class:`_Reading`)."""
    options = how.options
    workers = _workers(options, len(paths))
    if workers <= 1:
        return [_read_one((p, how)) for p in paths]
    # what reading a file needs (limits, validate): not the review's own tables
    slim = dataclasses.replace(
        how, options=dataclasses.replace(options, alterability=None, district_shares=None)
    )
    context = _auto_context() if options.workers is None else None
    out: list[Submission | None] = [None] * len(paths)
    try:
        _pool_read(paths, slim, workers, context, out, range(len(paths)))
    except Exception:  # no pool can start here (no semaphores, fork refused): this process reads
        return [sub or _read_one((p, how)) for p, sub in zip(paths, out, strict=True)]
    for i in [i for i, sub in enumerate(out) if sub is None]:
        try:
            _pool_read(paths, slim, 1, context, out, [i])
        except Exception:  # no process could be started for it
            pass
        if out[i] is None:
            out[i] = Submission(
                str(paths[i]),
                findings=[
                    finding(
                        "review-read-failed",
                        error=word("read_failed_worker", "en"),
                        error_lo=word("read_failed_worker", "lo"),
                    )
                ],
            )
    return [sub for sub in out if sub is not None]


def _pool_read(
    paths: list[Path],
    how: _Reading,
    workers: int,
    context: Any,
    out: list[Submission | None],
    which: Any,
) -> None:
    """Read ``paths[i]`` for each ``i`` in ``which`` in a pool of ``workers`` processes into
    ``out[i]``; a file whose worker died (or whose result could not come back) stays None."""
    from concurrent.futures import ProcessPoolExecutor

    load_readers()  # forked workers start with the reading modules imported
    with frozen_for_fork(), ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {i: pool.submit(_read_one, (paths[i], how)) for i in which}
        for i, future in futures.items():
            try:
                out[i] = future.result()
            except Exception:  # BrokenProcessPool: a worker died; its files are read again
                continue


def _excluded(sub: Submission, options: Options) -> bool:
    """True when the file must not be summed."""
    if any(f.refuses or f.code in EXCLUDING for f in sub.findings):
        return True
    return not sub.tables or sub.level == "unknown"


def _check_codes(sub: Submission) -> None:
    known = set(province_names())
    code = sub.province_code
    if sub.level in ("province", "district") and code not in known:
        sub.findings.append(finding("review-unknown-province", province=code or "?"))


def _tag(f: Finding, name: str) -> Finding:
    return dataclasses.replace(f, details={**f.details, "file": name})


def consolidate(
    paths: list[str | Path],
    out: str | Path | None,
    national: str | Path | NationalTotals | None = None,
    register: str | Path | None = None,
    options: Options | None = None,
    signatures: SignaturePolicy | None = None,
) -> ConsolidationResult:
    """Consolidate returned workbooks into a national review workbook.

    Parameters
    ----------
    paths : list of path
        Returned files and/or directories holding them.
    out : path or None
        The review workbook to write (None: compute only, write nothing).
    national : path or NationalTotals, optional
        National totals (CSV or .xlsx with a *National* sheet; see :mod:`xladdin.review.national`).
    register : path, optional
        The SQLite submission register; default beside ``out``. With ``out`` None and no
        register, nothing is cached.
    options : Options, optional
    signatures : xladdin.signing.SignaturePolicy, optional
        Trust roots and signer table the digital signatures are checked against
        (``--trust-root``, ``--signers``); default: ``XLADDIN_TRUST_ROOT``, no signer table.

    Returns
    -------
    ConsolidationResult
    """
    with fewer_gc_passes():
        return _consolidate(paths, out, national, register, options or Options(), signatures)


def _consolidate(
    paths: list[str | Path],
    out: str | Path | None,
    national: str | Path | NationalTotals | None,
    register: str | Path | None,
    options: Options,
    signatures: SignaturePolicy | None = None,
) -> ConsolidationResult:
    t0 = time.perf_counter()
    # Findings restored from the register know a code's severity, but whether it *refuses* the
    # file comes from the catalogue. Without this, a run where every file comes from the register
    # (so xladdin.returned.verify is never imported) summed an unstamped file.
    catalogue()
    skipped: list[Path] = []
    files = collect_paths(list(paths), skipped)
    if out is not None:  # never read the review workbook being written as a return
        target = Path(out).resolve()
        files = [f for f in files if f.resolve() != target]
    reg_path = Path(register) if register else (default_register_path(out) if out else None)
    subs: list[Submission] = []
    ids: list[int | None] = []
    mtimes: list[int] = []
    read = cached = 0
    fingerprint = options.fingerprint()
    keys: list[Any] = []
    hits: list[Any] = []
    why: dict[Path, dict[str, str]] = {}
    reg = Register(reg_path) if reg_path else None
    try:
        for path in files:
            try:
                key = file_key(path)
            except OSError as exc:  # unreadable, or a FIFO / device named .xlsx
                key = None
                why[path] = os_reason_words(exc)
            keys.append(key)
            hits.append(reg.cached(key, fingerprint) if (reg and key) else None)
    finally:
        if reg:
            reg.close()  # not held open across the worker processes
    todo = [p for p, k, h in zip(files, keys, hits, strict=True) if k is not None and h is None]
    how = _Reading(options, review=True, signatures=signatures, register=reg is not None)
    fresh = dict(zip(todo, _read_all(todo, how), strict=True))
    reg = Register(reg_path) if reg_path else None
    try:
        for path, key, hit in zip(files, keys, hits, strict=True):
            if key is None:
                subs.append(
                    Submission(
                        str(path),
                        findings=[
                            finding(
                                "package-missing",
                                file=path.name,
                                **why.get(path, reason("path_unreadable")),
                            )
                        ],
                    )
                )
                ids.append(None)
                mtimes.append(0)
                continue
            if hit is not None:
                row_id, sub = hit
                sub.path = str(path)
                cached += 1
            else:
                sub = fresh[path]
                if sub.level == "review":  # a review workbook in the folder: skipped
                    skipped.append(path)
                    continue
                row_id = None  # (the province code was checked where the file was read)
                failed = any(f.code == "review-read-failed" for f in sub.findings)
                if reg and not failed:  # a failed read is tried again next run, never cached
                    row_id = reg.add(key, sub, read_options=fingerprint)
                    sub.register_json = None  # recorded: not kept in the result
                    reg.supersede_same_file(key, row_id)
                read += 1
            subs.append(sub)
            ids.append(row_id)
            mtimes.append(key.mtime_ns)

        # Changed, unstamped or unverifiable files are summed only when accepted by name.
        acceptance = [apply_acceptance(sub, options) for sub in subs]
        if reg:
            for sub, row_id, (text, _lo) in zip(subs, ids, acceptance, strict=True):
                if text and row_id is not None:
                    reg.set_status(row_id, sub)
        # The latest file per province / district wins. A file with an intact stamp and
        # recomputed numbers always beats an accepted one (whose stamp time cannot be trusted);
        # among intact files the stamp time decides (a file saved from an e-mail later than a
        # newer version still loses), else the modification time.
        candidates: dict[tuple[str, str], list[int]] = {}
        for i, sub in enumerate(subs):
            if _excluded(sub, options) or sub.code is None:
                continue
            candidates.setdefault((sub.level, sub.code), []).append(i)
        winners: dict[tuple[str, str], int] = {}
        for unit, idx in candidates.items():
            trusted = [i for i in idx if not acceptance[i][0]]
            pool = trusted or idx
            stamps = [str((subs[i].stamp or {}).get("stamped_utc") or "") for i in pool]
            if trusted and all(stamps):
                winners[unit] = max(pool, key=lambda i: (stamps[pool.index(i)], mtimes[i], i))
            else:
                winners[unit] = max(pool, key=lambda i: (mtimes[i], i))
        extra: dict[int, list[Finding]] = {}
        for i, sub in enumerate(subs):
            if _excluded(sub, options) or sub.code is None:
                continue
            w = winners[(sub.level, sub.code)]
            if w != i:
                extra.setdefault(i, []).append(
                    finding(
                        "review-superseded",
                        level=sub.level,
                        unit=sub.code,
                        newer=Path(subs[w].path).name,
                    )
                )
        if reg:
            for (level, code), w in winners.items():
                if ids[w] is not None:
                    for old in reg.latest_for(level, code, exclude=ids[w]):
                        reg.supersede(old, ids[w])
    finally:
        if reg:
            reg.close()

    used = [subs[i] for i in sorted(winners.values())]
    prov_subs = [s for s in used if s.level == "province"]
    dist_subs = [s for s in used if s.level == "district"]

    nat: NationalTotals | None
    if isinstance(national, NationalTotals) or national is None:
        nat = national
    else:
        nat = read_national(national, accept=options.accept)
    tables = build_tables(prov_subs, dist_subs, nat, options.tolerance_pct, options.gap_points)

    review_findings: list[Finding] = list(tables.findings)
    review_findings.extend(
        finding("review-file-skipped", file=p.name, **_skip_reason(p)) for p in skipped
    )
    if nat is None or nat.frame.empty:
        review_findings.append(finding("review-national-missing"))
    if nat is not None:
        review_findings.extend(nat.findings)
    if prov_subs:
        have = {s.code for s in prov_subs}
        for code, (en, _lo) in province_names().items():
            if code not in have:
                sent = [
                    Path(s.path).name
                    for s in subs
                    if s.level == "province" and s.province_code == code
                ]
                review_findings.append(
                    finding(
                        "review-province-missing",
                        sheet="Status",
                        province=code,
                        name=en,
                        files=", ".join(sent) or "-",
                    )
                )

    district_growth = pd.DataFrame()  # issue 9 (L2): districts vs province (their weights)
    district_levels: dict[str, object] = {}  # and district GVA levels adding up to it
    if dist_subs and prov_subs:
        from xladdin.review.districts import districts_in_review

        district_growth, district_levels, found = districts_in_review(
            prov_subs, dist_subs, options.district_shares, options.district_gap_points
        )
        review_findings.extend(found)
    # issue 9 (L1): SEZ returns matched to their host provinces (xladdin.review.sez)
    # (an unstamped or changed SEZ return is used only when accepted by name, as a province)
    sez_subs = [
        s
        for s in subs
        if s.level == "sez"
        and all(f.code in ACCEPTABLE for f in s.findings if f.refuses)
        and (not any(f.refuses for f in s.findings) or accepted_by(s, options))
    ]
    if sez_subs and prov_subs:
        from xladdin.review.sez import match_sez

        review_findings.extend(
            match_sez(
                {Path(s.path).name: s.tables.get("sez_gva") for s in sez_subs},
                {s.code: s.tables.get("sez_included") for s in prov_subs if s.code},
                {Path(s.path).name: s.unit or "" for s in sez_subs},
            )
        )

    recon = None
    allocation = pd.DataFrame()
    if nat is not None and not nat.frame.empty and not tables.current.empty:
        nat_cur = nat.value("current")
        if options.reconcile:
            expected = None if options.rake_incomplete else list(province_names())
            recon = reconcile_national(
                tables.current,
                nat_cur,
                options.alterability,
                expected=expected,
                constant=tables.constant,
                national_constant=nat.value("constant"),
                taxes=options.taxes,
                deflator=options.volume_deflator,
            )
            review_findings.extend(recon.findings)
            if recon.taxes is not None and not recon.taxes.empty:  # issue 9: per capita
                from xladdin.review.levels import allocated_per_capita

                tables.per_capita = allocated_per_capita(recon, prov_subs, tables.per_capita)
        years = [y for y in nat_cur.columns if nat_cur[y].notna().any()]
        if years:
            allocation = _allocation(nat_cur, max(years), options.allocation_key, tables, prov_subs)

    signed_by = _signatures(subs, extra, signatures)  # xladdin/signing: the Status sheet's signer
    report = Report(source="consolidation")
    for i, sub in enumerate(subs):
        name = Path(sub.path).name
        report.extend(_tag(f, name) for f in sub.findings + extra.get(i, []))
    report.extend(review_findings)

    result = ConsolidationResult(
        out=Path(out) if out else None,
        register=reg_path,
        submissions=subs,
        used=used,
        tables=tables,
        national=nat,
        reconciliation=recon,
        allocation=allocation,
        report=report,
        stats={"files": len(files), "read": read, "cached": cached},
    )
    result.stats["acceptance"] = {subs[i].path: a[0] for i, a in enumerate(acceptance) if a[0]}
    result.stats["acceptance_lo"] = {subs[i].path: a[1] for i, a in enumerate(acceptance) if a[0]}
    result.stats["status"] = status_rows(result, extra, signed_by)
    result.stats["district_growth"] = district_growth.to_dict("records")  # DistrictGrowth sheet
    result.stats["district_levels"] = district_levels  # District levels sheet
    if out:
        from xladdin.review.book import write_review

        write_review(result, out, options.allocation_key, options.tolerance_pct)
    result.stats["seconds"] = time.perf_counter() - t0
    return result


def _skip_reason(path: Path) -> dict[str, str]:
    """Why ``path`` is not read as a return (English and Lao)."""
    return reason("reason_own_temporary" if own_temporary(path.name) else "reason_review_workbook")


def _allocation(
    nat_cur: pd.DataFrame, year: int, key: str, tables: Tables, subs: list[Submission]
) -> pd.DataFrame:
    if key == "gva":
        return allocate_top_down(nat_cur, year, "gva", panel=tables.current)
    pop = provinces().set_index("code")["population_2015_census"].astype(float)
    for s in subs:  # the returned file's own population for that year, when it has one
        yrs = s.tables.get("years")
        if (
            yrs is not None
            and "population" in yrs
            and year in yrs.index
            and pd.notna(yrs.loc[year, "population"])
        ):
            pop[s.code] = float(yrs.loc[year, "population"])
    return allocate_top_down(nat_cur, year, "population", population=pop)


def _signatures(
    subs: list[Submission], extra: dict[int, list[Finding]], policy: SignaturePolicy | None
) -> list[tuple[str, str, str]]:
    """The digital signer of each returned file (xladdin/signing, issue 10 item 4), as
    (state before, signers, state after); a signer the ``--signers`` table does not list for
    the file's province is a finding in ``extra``."""
    from xladdin.signing import review_signature_parts

    out = []
    for i, sub in enumerate(subs):
        if sub.signature is not None:  # checked where the file was read, on the same bytes
            parts, found = sub.signature
        else:  # from the register, or a file the reader could not open
            parts, found = review_signature_parts(sub.path, sub.province_code, policy)
        if found:
            extra.setdefault(i, []).extend(found)
        out.append(parts)
    return out


def status_rows(
    result: ConsolidationResult,
    extra: dict[int, list[Finding]],
    signed_by: list[tuple[str, str, str]] | None = None,
) -> list[dict[str, Any]]:
    """One row per file for the Status sheet."""
    from xladdin.returned.verify import stamped_validation
    from xladdin.review.register import status_of

    used_ids = {id(s) for s in result.used}
    rows = []
    names = province_names()
    for i, sub in enumerate(result.submissions):
        all_f = sub.findings + extra.get(i, [])
        counts = Report(all_f).counts()
        if any(f.code == "review-superseded" for f in all_f):
            state = "superseded"
        elif id(sub) in used_ids:
            state = "consolidated"
        else:
            state = "not consolidated"
        reason_en, reason_lo = _reasons(all_f)
        why, more = reason_findings(all_f)
        newer = next((f.details.get("newer") for f in all_f if f.code == "review-superseded"), "")
        rows.append(
            {
                "file": Path(sub.path).name,
                "level": sub.level,
                "code": sub.code or "",
                "province": names.get(sub.province_code or "", ("", ""))[0],
                "period": sub.period or "",
                "template": f"{sub.template_id or '?'} {sub.template_version or ''}".strip(),
                "base_year": sub.base_year,
                "stamped_by": str(sub.stamp.get("compiled_by", "")) if sub.stamp else "",
                "stamped_utc": str(sub.stamp.get("stamped_utc", "")) if sub.stamp else "",
                "signed_by": "".join(signed_by[i]) if signed_by else "",  # xladdin/signing
                "signed_by_parts": list(signed_by[i]) if signed_by else ["", "", ""],
                "status": status_of(Submission(sub.path, findings=all_f)),
                "errors": counts["error"],
                "warnings": counts["warning"],
                "stamped_validation": stamped_validation(sub.stamp or {}),
                "consolidated": state,
                "refused": is_refused(all_f),
                "stamp": _stamp_state(all_f),
                "superseded_by": newer or "",
                "accepted": result.stats.get("acceptance", {}).get(sub.path, ""),
                "accepted_lo": result.stats.get("acceptance_lo", {}).get(sub.path, ""),
                "numbers": _numbers_state(sub),
                "reason_en": reason_en,
                "reason_lo": reason_lo,
                "reasons": [
                    {
                        "code": f.code,
                        "severity": f.severity.value,
                        "refuses": f.refuses,
                        "message_en": f.message_en,
                        "message_lo": f.message_lo,
                    }
                    for f in why
                ],
                "more_reasons": more,
            }
        )
    return rows


def _numbers_state(sub: Submission) -> str:
    """Which numbers a file contributes: ``recomputed`` from its inputs, ``as submitted``
    (its own outputs: not recomputable), or ``""`` (no results read)."""
    if sub.level not in ("province", "district") or not sub.tables:
        return ""
    return "recomputed" if sub.recomputed else "as submitted"


STAMP_STATES = {
    "return-data-changed": "CHANGED",
    "return-stamp-missing": "missing",
    "review-unstamped": "missing",
    "return-stamp-unknown-scheme": "unknown",
    "return-stamp-intact": "intact",
}
"""Finding code -> the file's stamp state on the Status sheet and the terminal (first wins)."""


def _stamp_state(findings: list[Finding]) -> str:
    """``CHANGED`` (data edited after stamping), ``missing``, ``unknown``, ``intact``, or ``""``
    when the file was never opened (refused before the stamp could be read)."""
    codes = {f.code for f in findings}
    return next((state for code, state in STAMP_STATES.items() if code in codes), "")


def reason_findings(findings: list[Finding], limit: int = 3) -> tuple[list[Finding], int]:
    """Why a file was refused, superseded or has errors: the first finding of each refusing or
    error code (refusing first, then superseded, then errors; at most ``limit``) and how many
    more codes there are."""
    firsts: dict[str, Finding] = {}
    for f in findings:
        if f.refuses or f.severity.value == "error" or f.code == "review-superseded":
            firsts.setdefault(f.code, f)
    ranked = sorted(firsts.values(), key=lambda f: (not f.refuses, f.code != "review-superseded"))
    return ranked[:limit], len(ranked) - min(len(ranked), limit)


def _reasons(findings: list[Finding], limit: int = 3) -> tuple[str, str]:
    """:func:`reason_findings` as one English and one Lao text; ``""`` when none."""
    picked, more = reason_findings(findings, limit)
    en = "; ".join(f"{f.code}: {f.message_en}" for f in picked)
    lo = "; ".join(f"{f.code}: {f.message_lo}" for f in picked)
    if more:  # the catalogue's row more_in_findings (xladdin/data/messages.csv)
        en += "; " + word("more_in_findings", "en", more=more)
        lo += "; " + word("more_in_findings", "lo", more=more)
    return en, lo
