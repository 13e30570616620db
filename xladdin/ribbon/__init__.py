"""Ribbon actions: what the buttons of the GDP tab do, on the workbook open in Excel.

Every button of the add-in calls one VBA callback (``xladdin_OnAction`` in
``xladdin/addin/src/Dispatcher.bas``), which runs::

    RunPython "import xladdin.ribbon as r; r.run('<tag>')"

with tags ``validate``, ``compile``, ``prepare``, ``new-province``, ``new-district``,
``new-sez``, ``rebase``, ``sez-import``, ``review``, ``consolidate``, ``help``, ``selftest``. The Language
button (tag ``language``, :data:`VBA_TAGS`) is handled by the VBA alone and never starts Python.

Contract with the add-in (agreed with its VBA):

- **Language**: VBA owns the setting, stored per user by ``SaveSetting "xladdin", "ui", "lang"``
  (``HKCU\\Software\\VB and VBA Program Settings\\xladdin\\ui``, value ``lang`` = ``"lo"`` or
  ``"en"``, default ``"lo"``). The Language button toggles it in VBA and invalidates the
  ribbon, without starting Python; Python reads it at every run
  (:func:`xladdin.ribbon.settings.get_lang`; a JSON file stands in where there is no registry).
- **Target workbook**: RunPython from an add-in makes ``xw.Book.caller()`` the .xlam itself, so
  actions work on the *active* workbook of that Excel (``caller.app.books.active``).
- **Errors**: an action never shows a traceback. Problems in the data are findings (Checks
  sheet, message box); an unexpected exception shows a bilingual message box naming the log
  file (:func:`xladdin.ribbon.settings.log_path`) where the full traceback is written.

Every action uses the same library functions as the CLI, through the xlwings adapter
(``BookView(book)`` to read, ``apply_patch_to_book(book, patch)`` to write), so a workbook gives
the same numbers and findings in Excel and on the command line. Progress shows in Excel's status
bar. xlwings is imported only inside :func:`run`, so this package imports on a Linux server.

For tests, ``run(tag, book=fake)`` runs an action on any object with the xlwings ``Book``
surface the adapter and the actions use (``app.status_bar``, ``app.alert``, ``app.books``,
``fullname``, sheets, ranges, names...).
"""

from __future__ import annotations

import logging
import logging.handlers
import traceback
from typing import Any

from xladdin.errors import RefusedWorkbookError, UnreadableWorkbookError, WorkbookError

__all__ = ["TAGS", "VBA_TAGS", "run"]

TAGS = (
    "validate",
    "compile",
    "prepare",
    "new-province",
    "new-district",
    "new-sez",
    "rebase",
    "sez-import",
    "review",
    "consolidate",
    "help",
    "selftest",
)
"""Every tag the ribbon may send to Python."""

VBA_TAGS = ("language",)
"""Ribbon tags the add-in's VBA handles itself (``Dispatcher.bas``); never sent to Python."""

_NEEDS_NO_BOOK = {
    "new-province",
    "new-district",
    "new-sez",
    "consolidate",
    "help",
    "selftest",
}


def _logger() -> logging.Logger:
    from xladdin.ribbon.settings import log_path

    log = logging.getLogger("xladdin.ribbon")
    path = log_path()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in log.handlers):
        for h in list(log.handlers):
            log.removeHandler(h)
            h.close()
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


def _target_book(caller: Any) -> Any:
    """The workbook an action works on: the active one (the caller is usually the add-in)."""
    name = str(getattr(caller, "name", "") or "")
    if caller is not None and not name.lower().endswith((".xlam", ".xla")):
        return caller
    try:
        return caller.app.books.active if caller is not None else None
    except Exception:
        return None


def run(tag: str, book: Any = None) -> int:
    """Run the ribbon action ``tag`` on ``book`` (default: the active workbook of the Excel
    that called). Returns the action's exit code (0 clean, 1 problems found, 2 refused or
    cancelled, 3 unexpected error). Never raises."""
    from xladdin.ribbon.actions import ACTIONS, Context, NoBookError, UnavailableError
    from xladdin.ribbon.messages import both, text
    from xladdin.ribbon.settings import get_lang, log_path

    lang = get_lang()
    caller = book
    if book is None:
        try:
            import xlwings as xw

            caller = xw.Book.caller()
        except Exception:  # not called from Excel: nothing to show a message in
            logging.getLogger("xladdin.ribbon").exception("run(%r) outside Excel", tag)
            return 2
        book = _target_book(caller)
    ctx = Context(book=book, tag=tag, lang=lang, caller=caller)
    log: logging.Logger | None
    try:
        log = _logger()
    except OSError:  # an unwritable log folder must not stop the action
        log = None
    fn = ACTIONS.get(tag)
    if fn is None:
        _safe_alert(ctx, text("unknown-tag", lang, tag=tag), "critical")
        return 2
    if book is None and tag not in _NEEDS_NO_BOOK:
        _safe_alert(ctx, text("no-book", lang), "critical")
        return 2
    if log:
        log.info("start %s on %s", tag, getattr(book, "fullname", None))
    try:
        ctx.status("working")
        code = int(fn(ctx) or 0)
        if log:
            log.info("end %s: exit %s", tag, code)
        return code
    except NoBookError:
        _safe_alert(ctx, text("no-book", lang), "critical")
        return 2
    except UnavailableError as exc:
        if log:
            log.error("unavailable in %s: %s", tag, exc)
        _safe_alert(ctx, text("unavailable", lang, what=exc), "critical")
        return 2
    except (UnreadableWorkbookError, RefusedWorkbookError) as exc:
        if log:
            log.warning("unreadable in %s: %s", tag, exc)
        _safe_alert(ctx, text("unreadable", lang, error=exc), "critical")
        return 2
    except OSError as exc:  # a file open in Excel (Windows locks it), no permission, a folder
        if log:
            log.warning("file problem in %s: %s", tag, exc)
        path = exc.filename2 or exc.filename or getattr(book, "fullname", None) or ""
        _safe_alert(
            ctx, both("file-problem", lang, path=path, error=exc.strerror or exc), "critical"
        )
        return 2
    except WorkbookError as exc:  # a save that failed (disk full, the file open in Excel)
        if log:
            log.warning("file problem in %s: %s", tag, exc)
        path = getattr(book, "fullname", None) or ""
        lo = (getattr(exc, "finding_fields", None) or {}).get("reason_lo") or str(exc)
        _safe_alert(ctx, both("file-problem", lang, path=path, error=exc, error_lo=lo), "critical")
        return 2
    except Exception as exc:  # never a traceback for users
        where = str(log_path())
        if log:
            log.error("action %s failed:\n%s", tag, traceback.format_exc())
            for h in log.handlers:
                h.flush()
        else:
            where = f"{where} (not writable)"
        error = f"{type(exc).__name__}: {exc}"[:200]
        _safe_alert(ctx, both("unexpected", lang, tag=tag, error=error, log=where), "critical")
        return 3
    finally:
        try:
            ctx.app.status_bar = False
        except Exception:
            pass


def _safe_alert(ctx: Any, message: str, mode: str) -> None:
    from xladdin.ribbon.messages import text

    try:
        ctx.app.alert(message, title=text("title", ctx.lang), buttons="ok", mode=mode)
    except Exception:  # no Excel to show it: the log has it
        pass
