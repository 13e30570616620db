"""The ribbon's actions: one function per button tag, each over the same library functions as
the command line (``compile_view``, ``validate_view``, ``prepare_package``, ``verify_view``,
``consolidate``), reading the workbook through the xlwings adapter's ``BookView`` and writing
through ``apply_patch_to_book``.

An action receives a :class:`Context` (the target workbook, the language, and helpers for the
status bar and message boxes) and returns an exit code like the CLI's (0 clean, 1 problems
found, 2 refused). It may raise: :func:`xladdin.ribbon.run` turns exceptions into a message
box and a log entry.
"""

from __future__ import annotations

import datetime as _dt
import os
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xladdin import __version__
from xladdin.errors import XladdinError
from xladdin.findings import Finding, Report
from xladdin.ribbon.messages import text
from xladdin.workbook.model import Patch

__all__ = ["ACTIONS", "Context", "NoBookError", "UnavailableError", "action"]

NEW_BOOK_TEMPLATES = {
    "new-province": ("province-gdp", "GDP-province"),
    "new-district": ("district-growth", "GDP-district"),
    "new-sez": ("sez-enterprise", "GDP-SEZ"),
}

DOCS_URL = "https://github.com/lsb-lao/xladdin#readme"
"""Where Help points when no local documentation is found (assumed address)."""


class NoBookError(XladdinError):
    """The action needs a workbook and none is open or selected."""


class UnavailableError(XladdinError):
    """A part of xladdin the action needs cannot be imported (not installed / not built yet)."""


@dataclass
class Context:
    """What an action works with."""

    book: Any
    tag: str
    lang: str
    caller: Any = None

    @property
    def app(self) -> Any:
        return self.book.app if self.book is not None else self.caller.app

    def t(self, key: str, **fields: Any) -> str:
        fields.setdefault("tag", self.tag)
        return text(key, self.lang, **fields)

    def status(self, key: str, **fields: Any) -> None:
        try:
            self.app.status_bar = self.t(key, **fields)
        except Exception:  # the status bar is a courtesy; never fail on it
            pass

    def alert(self, message: str, *, mode: str = "info", buttons: str = "ok") -> Any:
        return self.app.alert(message, title=text("title", self.lang), buttons=buttons, mode=mode)

    def need_book(self) -> Any:
        if self.book is None:
            raise NoBookError
        return self.book


ACTIONS: dict[str, Callable[[Context], int]] = {}


def action(*tags: str) -> Callable[[Callable[[Context], int]], Callable[[Context], int]]:
    """Register an action for one or more ribbon tags."""

    def deco(fn: Callable[[Context], int]) -> Callable[[Context], int]:
        for tag in tags:
            ACTIONS[tag] = fn
        return fn

    return deco


# --- the shared plumbing: view, patch, report --------------------------------------------------


def book_view(book: Any) -> Any:
    """The library's view of an open workbook (the xlwings adapter)."""
    try:
        from xladdin.workbook.xlwings_adapter import BookView
    except ImportError as exc:
        raise UnavailableError(f"xladdin.workbook.xlwings_adapter ({exc})") from exc
    return BookView(book)


def read_view(ctx: Context, book: Any) -> Any:
    """The view of ``book``, with reading, then computing, in the status bar."""
    ctx.status("reading")
    view = book_view(book)
    ctx.status("computing")
    return view


def apply_patch(ctx: Context, patch: Patch) -> None:
    """Write a patch into the open workbook, with progress in the status bar."""
    try:
        from xladdin.workbook.xlwings_adapter import apply_patch_to_book
    except ImportError as exc:
        raise UnavailableError(f"xladdin.workbook.xlwings_adapter ({exc})") from exc
    ctx.status("writing", count=len(patch))
    notes = apply_patch_to_book(ctx.book, patch)
    if notes:
        # e.g. a sheet protected with a password was skipped: the user must know.
        lines = [
            note.message(ctx.lang) if hasattr(note, "message") else str(note) for note in notes
        ]
        ctx.alert("\n".join(lines), mode="warning")


def _message(f: Finding, lang: str) -> str:
    where = f" [{f.location}]" if f.location else ""
    return f"- {f.message_en if lang == 'en' else f.message_lo}{where}"


def report_summary(ctx: Context, report: Report, limit: int = 5) -> str:
    """A message-box text for a report: counts, then the first errors and warnings."""
    counts = report.counts()
    if report.refused:
        reasons = "\n".join(_message(f, ctx.lang) for f in report.findings if f.refuses)
        return ctx.t("refused", reason=reasons)
    if not counts["error"] and not counts["warning"]:
        return ctx.t("summary-clean")
    lines = [
        ctx.t("summary", errors=counts["error"], warnings=counts["warning"]),
        "",
        ctx.t("first-errors"),
    ]
    shown = [f for f in report.sorted() if f.severity.value in ("error", "warning")][:limit]
    lines += [_message(f, ctx.lang) for f in shown]
    return "\n".join(lines)


def _mode(report: Report) -> str:
    return "critical" if report.errors or report.refused else "info"


# --- Validate, Compile, Rebase -----------------------------------------------------------------


@action("validate")
def validate(ctx: Context) -> int:
    """Validate the workbook; write the Checks sheet and highlights; show a summary."""
    book = ctx.need_book()
    from xladdin.validate import validate_view
    from xladdin.validate.checks import checks_patch

    view = read_view(ctx, book)
    report = validate_view(view)
    apply_patch(ctx, checks_patch(report, view))
    ctx.alert(report_summary(ctx, report), mode=_mode(report))
    return report.exit_code


@action("compile")
def compile_(ctx: Context) -> int:
    """Compile the workbook (outputs, Checks sheet) exactly as ``xladdin compile`` does."""
    book = ctx.need_book()
    from xladdin.compile import compile_view

    view = read_view(ctx, book)
    result = compile_view(view)
    if not result.report.refused:
        apply_patch(ctx, result.patch)
    ctx.alert(report_summary(ctx, result.report), mode=_mode(result.report))
    return result.exit_code


@action("rebase")
def rebase(ctx: Context) -> int:
    """Recompute the Rebase sheet of a provincial workbook (the compile's rebase block only)."""
    book = ctx.need_book()
    from xladdin.compile import compile_view

    view = read_view(ctx, book)
    result = compile_view(view, validate=False)
    bound = result.bound
    block = bound.block("rebase") if bound is not None else None
    if block is None:
        ctx.alert(ctx.t("rebase-not-province"), mode="critical")
        return 2
    ops = [op for op in result.patch.ops if getattr(op, "sheet", None) == block.sheet]
    apply_patch(ctx, Patch(ops))
    ctx.alert(ctx.t("rebased", count=len(ops)))
    return 0


# --- Import SEZ --------------------------------------------------------------------------------


def pick_files(ctx: Context, title_key: str) -> list[Path]:
    """Excel's file picker (msoFileDialogFilePicker = 3), several files, Excel workbooks only;
    [] when cancelled."""
    dialog = ctx.app.api.FileDialog(3)
    dialog.Title = ctx.t(title_key)
    dialog.AllowMultiSelect = True
    try:
        dialog.Filters.Clear()
        dialog.Filters.Add("Excel", "*.xlsx;*.xlsm")
    except Exception:  # filters are a courtesy
        pass
    if dialog.Show() != -1:
        return []
    items = dialog.SelectedItems
    return [Path(str(items(i))) for i in range(1, int(items.Count) + 1)]


@action("sez-import")
def sez_import(ctx: Context) -> int:
    """Fill the open province workbook's SEZ GVA table (tblSezGva) from SEZ returns the user
    picks: the planner of ``xladdin sez import`` (:func:`xladdin.review.sez_import.plan_import`),
    the patch written into the open workbook. Unstamped SEZ returns are used only when the
    settings list ``"sez_accept"`` names them (as ``--accept``)."""
    book = ctx.need_book()
    from xladdin.review.sez_import import SezImportError, plan_import
    from xladdin.ribbon.settings import load_settings

    files = pick_files(ctx, "pick-sez-files")
    if not files:
        ctx.status("cancelled")
        return 0
    accept = load_settings().get("sez_accept") or []
    if isinstance(accept, str):
        accept = [accept]
    view = read_view(ctx, book)
    name = str(getattr(book, "name", "") or "")
    try:
        plan = plan_import(view, name, files, tuple(str(a) for a in accept if str(a).strip()))
    except SezImportError as exc:
        why = str(exc) if ctx.lang == "en" else f"{exc.path}: {exc.reason_lo}"
        ctx.alert(ctx.t("sez-import-refused", reason=why), mode="critical")
        return 2
    if plan.patch is None:
        ctx.alert(ctx.t("sez-import-none", province=plan.province))
        return 1
    apply_patch(ctx, plan.patch)
    from xladdin.templates.data import unit_term

    shown = unit_term(plan.unit)  # "million kip" -> ລ້ານກີບ in Lao
    unit = (shown.en if ctx.lang == "en" else shown.lo) if shown else plan.unit
    lines = [ctx.t("sez-imported", count=plan.industries, unit=unit, sheet=plan.sheet)]
    if plan.lost:
        lines += ["", ctx.t("sez-import-lost", years=", ".join(map(str, plan.lost)))]
    ctx.alert("\n".join(lines))
    return 0


# --- Prepare for return, Review ----------------------------------------------------------------


def _saved_path(ctx: Context) -> Path | None:
    """The workbook's file, saved first if the user agrees; None when it cannot be used."""
    book = ctx.book
    path = Path(str(getattr(book, "fullname", "") or ""))
    if not path.suffix or not path.is_file():
        ctx.alert(ctx.t("save-first"), mode="critical")
        return None
    try:
        saved = bool(book.api.Saved)
    except Exception:  # not on Windows Excel (fake books, macOS): trust the file
        saved = True
    if not saved:
        answer = ctx.alert(ctx.t("save-now"), buttons="yes_no")
        if answer != "yes":
            ctx.alert(ctx.t("cancelled"))
            return None
        book.save()
    return path


@action("prepare")
def prepare(ctx: Context) -> int:
    """Write ``BOOK-return.xlsx`` beside the saved workbook, as ``xladdin prepare`` does."""
    ctx.need_book()
    from xladdin.returned import prepare_package

    path = _saved_path(ctx)
    if path is None:
        return 2
    from xladdin.ribbon.settings import load_settings

    ctx.status("working")
    compiler = str(load_settings().get("compiler") or "").strip() or None
    result = prepare_package(path, compiler=compiler)
    lines = [ctx.t("prepared", path=result.path, frozen=len(result.frozen))]
    warnings = [f for f in result.report.sorted() if f.severity.value in ("error", "warning")]
    if warnings:
        lines += ["", ctx.t("prepared-warnings")] + [_message(f, ctx.lang) for f in warnings[:5]]
    sign_code, sign_lines = sign_prepared(ctx, Path(result.path))  # digital signature
    lines += sign_lines
    ctx.alert("\n".join(lines), mode="info")
    return sign_code


# -- digital signature after Prepare (library: xladdin.signing; CLI: xladdin sign) --------------


def ask_password(ctx: Context, key: Path) -> str | None:
    """The key file's password, asked in Excel (``Application.InputBox``); None if cancelled.

    Asked from Python through Excel's own InputBox rather than by VBA, so the password never
    travels in the command line RunPython starts Python with; it is kept only in this call.
    """
    prompt = ctx.t("sign-password", keyfile=key.name)
    answer = ctx.app.api.InputBox(prompt, text("title", ctx.lang), "", None, None, None, None, 2)
    if answer is False or answer is None or str(answer) == "":
        return None
    return str(answer)


def sign_prepared(ctx: Context, path: Path) -> tuple[int, list[str]]:
    """Sign the returned file when the settings name the province's key file
    (``"signing_key"``: a PKCS#12 .p12/.pfx path). Returns ``(exit code, message lines)``:
    ``(0, [])`` when no key is configured, 1 when the file stays unsigned."""
    from xladdin.ribbon.settings import load_settings

    key_setting = str(load_settings().get("signing_key") or "").strip()
    if not key_setting:
        return 0, []
    from xladdin.signing import sign_available

    if not sign_available():
        return 1, ["", ctx.t("sign-unavailable")]
    from xladdin.signing import load_pkcs12, sign_file
    from xladdin.signing.core import SigningError

    key = Path(key_setting).expanduser()
    password = ask_password(ctx, key)
    if password is None:
        return 1, ["", ctx.t("sign-cancelled")]
    try:
        signed = sign_file(path, load_pkcs12(key, password))
    except SigningError as exc:
        return 1, ["", ctx.t("sign-failed", error=_message(exc.finding, ctx.lang))]
    finally:
        password = None
    who = signed.signer
    return 0, ["", ctx.t("signed", signer=who.label(), time=who.signing_time)]


@action("review")
def review(ctx: Context) -> int:
    """Verify the return stamp, validate, write the Checks sheet, show the result."""
    book = ctx.need_book()
    from xladdin.returned.verify import package_findings, verify_view
    from xladdin.validate import validate_view
    from xladdin.validate.checks import checks_patch

    view = read_view(ctx, book)
    verdict = verify_view(view)
    report = Report(list(verdict.findings))
    path = Path(str(getattr(book, "fullname", "") or ""))
    if path.suffix and path.is_file():
        # The saved file goes through the same inspection as `xladdin verify` (issue #10 item
        # 5): macros under any name, external relationships, DDE in names, traversal entries...
        from xladdin.workbook.safety import open_untrusted

        saved, extra = open_untrusted(path, purpose="verify")
        if saved is not None:
            extra = [*extra, *package_findings(saved.package)]
        report.extend(extra)
        if extra:
            verdict.intact = False
    report.extend(validate_view(view).findings)
    apply_patch(ctx, checks_patch(report, view))
    who = verdict.stamp.get("compiled_by", "?")
    when = verdict.stamp.get("stamped_utc", "?")
    if not verdict.stamp.get("data_sha256"):
        head = ctx.t("review-unstamped")
    elif verdict.intact:
        head = ctx.t("review-intact", compiler=who, stamped=when)
    else:
        head = ctx.t("review-changed", compiler=who, stamped=when)
    ctx.alert(
        f"{head}\n\n{report_summary(ctx, report)}", mode="info" if verdict.intact else "critical"
    )
    if report.refused:
        return 2  # as `xladdin verify`: the saved file is unreadable or refused
    return 0 if verdict.intact and not report.errors else (2 if not verdict.stamp else 1)


# --- New workbooks, Consolidate ----------------------------------------------------------------


def _unique(folder: Path, stem: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    day = _dt.date.today().isoformat()
    path = folder / f"{stem}-{day}.xlsx"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{day} ({n}).xlsx"
        n += 1
    return path


def open_book(app: Any, path: Path) -> Any:
    """Open a workbook in the running Excel."""
    return app.books.open(str(path))


@action("new-province", "new-district", "new-sez")
def new_book(ctx: Context) -> int:
    """Build a fresh copy of the template and open it (the template itself is never opened)."""
    from xladdin.ribbon.settings import documents_dir

    try:
        from xladdin.templates.builder import build
    except ImportError as exc:
        raise UnavailableError(f"xladdin.templates.builder ({exc})") from exc
    template_id, stem = NEW_BOOK_TEMPLATES[ctx.tag]
    ctx.status("working")
    path = build(template_id, _unique(documents_dir(), stem))
    open_book(ctx.app, path)
    ctx.status("new-book", path=path)
    return 0


def pick_folder(ctx: Context) -> Path | None:
    """Excel's folder picker (msoFileDialogFolderPicker = 4); None when cancelled."""
    dialog = ctx.app.api.FileDialog(4)
    dialog.Title = ctx.t("pick-folder")
    if dialog.Show() != -1:
        return None
    return Path(str(dialog.SelectedItems(1)))


def consolidate_register(folder: Path) -> Path:
    """The submission register of a folder of returns: one fixed file, ``review/register.sqlite``.

    The review workbook gets a new dated name each run (``review/consolidated-DATE.xlsx``), so
    the register must not sit beside it under its name (the library's default): a re-run would
    find an empty register and read every file again instead of only the new or changed ones."""
    return folder / "review" / "register.sqlite"


@action("consolidate")
def consolidate(ctx: Context) -> int:
    """Consolidate every returned file of a folder into a review workbook, then open it."""
    try:
        from xladdin.review.consolidate import Options
        from xladdin.review.consolidate import consolidate as run_consolidate
    except ImportError as exc:
        raise UnavailableError(f"xladdin.review.consolidate ({exc})") from exc
    from xladdin.ribbon.settings import load_settings

    # Files the reviewer accepts although changed, unstamped or unverifiable: the settings
    # list "consolidate_accept" (file names or wildcards), as --accept on the command line.
    accept = load_settings().get("consolidate_accept") or []
    if isinstance(accept, str):
        accept = [accept]
    options = Options(accept=tuple(str(a) for a in accept if str(a).strip()))
    folder = pick_folder(ctx)
    if folder is None:
        ctx.status("cancelled")
        return 0
    ctx.status("working")
    out = _unique(folder / "review", "consolidated")
    from xladdin.ribbon.settings import SettingUnusableError, consolidate_signatures

    try:
        signatures = consolidate_signatures()  # as --trust-root, --signers
    except SettingUnusableError as exc:  # a setting names a file that cannot be used
        ctx.alert(
            ctx.t(
                "consolidate-setting-unusable",
                setting=exc.setting,
                reason=exc.reason,
                reason_lo=exc.reason_lo,
            ),
            mode="critical",
        )
        return 2
    result = run_consolidate(
        [folder],
        out,
        register=consolidate_register(folder),
        options=options,
        signatures=signatures,
    )
    counts = result.report.counts()
    if result.out is not None and Path(result.out).exists():
        open_book(ctx.app, Path(result.out))
    ctx.alert(
        ctx.t(
            "consolidated",
            count=len(result.submissions),
            folder=folder,
            path=result.out,
            errors=counts["error"],
            warnings=counts["warning"],
        ),
        mode=_mode(result.report),
    )
    return result.exit_code


# --- Help, Self-test ---------------------------------------------------------------------------


def docs_location() -> str:
    """Local documentation when shipped beside the package, else the online README."""
    here = Path(__file__).resolve().parents[2]
    for candidate in (here / "docs" / "index.html", here / "README.md"):
        if candidate.is_file():
            return candidate.as_uri()
    return DOCS_URL


@action("help")
def help_(ctx: Context) -> int:
    from xladdin.ribbon.settings import log_path

    docs = docs_location()
    ctx.alert(ctx.t("help", version=__version__, docs=docs, log=log_path()))
    try:
        webbrowser.open(docs)
    except Exception:
        pass
    return 0


def selftest_candidates(ctx: Context) -> list[Path]:
    """Where the self-test workbook may be: ``XLADDIN_SELFTEST``, beside the add-in that called
    us, in the package's ``addin`` folder, in ``dist/``."""
    names = ("xladdin-selftest.xlsx", "selftest.xlsx")
    out: list[Path] = []
    if os.environ.get("XLADDIN_SELFTEST"):
        out.append(Path(os.environ["XLADDIN_SELFTEST"]))
    folders = []
    caller_path = str(getattr(ctx.caller, "fullname", "") or "")
    if caller_path:
        folders.append(Path(caller_path).parent)
    pkg = Path(__file__).resolve().parents[1]
    folders += [pkg / "addin", pkg.parent / "dist"]
    out += [folder / name for folder in folders for name in names]
    return out


@action("selftest")
def selftest(ctx: Context) -> int:
    """Open the self-test workbook shipped with the add-in (or write a fresh one)."""
    candidates = selftest_candidates(ctx)
    found = next((p for p in candidates if p.is_file()), None)
    if found is None:
        found = _write_selftest()
    if found is None:
        ctx.alert(
            ctx.t("selftest-missing", where=", ".join(str(p.parent) for p in candidates[:2])),
            mode="critical",
        )
        return 2
    open_book(ctx.app, found)
    ctx.alert(ctx.t("selftest-opened", path=found))
    return 0


def _write_selftest() -> Path | None:
    """Generate the self-test workbook into the user's xladdin folder (None if impossible)."""
    from xladdin.ribbon.settings import documents_dir

    try:
        from xladdin.addin.selftest import write_selftest

        folder = documents_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return Path(write_selftest(folder / "xladdin-selftest.xlsx"))
    except Exception:
        return None
