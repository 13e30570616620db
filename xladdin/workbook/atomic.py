"""The one atomic file writer, :func:`atomic_write`: patched workbooks, review and district
workbooks, signed packages, the built add-in, the self-test workbook and the settings file are
saved through it. ``xladdin addin install`` writes a staged copy through it, verifies that
copy, and moves it over the installed add-in with :func:`replace_staged`, the same last step.

The new content is written to a temporary file beside the target (mode ``0o666 & ~umask``, as
any new file), flushed, fsynced and moved over the target with :func:`os.replace`; optionally
the previous version is kept as ``TARGET.bak``. Tests that kill a save midway wrap the stream
``produce`` writes to in a child process (``tests/kill_mid_save.py``); nothing here reads a
test hook.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

from xladdin.errors import WorkbookError

__all__ = ["atomic_write", "atomic_write_bytes", "backup_path", "honour_umask", "replace_staged"]


def backup_path(target: Path) -> Path:
    """Where :func:`atomic_write` keeps the previous version: ``BOOK.xlsx.bak`` beside it."""
    return target.with_name(target.name + ".bak")


_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _save_error(target: Path, exc: OSError, doing: str, **fields: object) -> WorkbookError:
    """A one-line, user-readable :class:`WorkbookError` for an OS failure while saving: the
    English (the message: the full path, the step that failed -- the ``save_step_*`` row
    ``doing`` -- and why) and the Lao (``finding_fields["reason_lo"]``: the ``save_*`` rows
    of xladdin/data/messages.csv), as the readers' errors do."""
    from xladdin.findings.words import word

    if exc.errno in _DISK_FULL or getattr(exc, "winerror", None) in (39, 112):
        key, why = "save_disk_full", word("save_why_disk_full")
    elif isinstance(exc, PermissionError):
        key = "save_permission"
        why = word("save_why_permission", detail=exc.strerror or str(exc))
    else:
        key, why = "save_other", exc.strerror or str(exc)
    step = word(doing, **fields)
    error = WorkbookError(word("save_failed", target=target, step=step, why=why, name=target.name))
    error.finding_fields = {  # type: ignore[attr-defined]
        "reason": str(error),
        "reason_lo": word(key, "lo", name=target.name),
    }
    return error


_UMASK_LOCK = threading.Lock()


def honour_umask(fd: int) -> None:
    """Give a file made by :func:`tempfile.mkstemp` (always ``0o600``) the mode a normal new
    file gets, ``0o666 & ~umask``, so colleagues on a shared server can read the output as
    with any other file (``umask 022`` gives ``-rw-r--r--``, ``002`` gives ``-rw-rw-r--``).
    No-op where ``os.fchmod`` does not exist (Windows)."""
    if not hasattr(os, "fchmod"):  # pragma: no cover - Windows
        return
    with _UMASK_LOCK:  # the umask can only be read by setting it
        mask = os.umask(0o077)
        os.umask(mask)
    try:
        os.fchmod(fd, 0o666 & ~mask)
    except OSError:  # pragma: no cover - e.g. a file system without modes
        pass


def atomic_write(
    target: str | os.PathLike[str], produce: Callable[[IO[bytes]], None], *, backup: bool = True
) -> Path:
    """Write a file atomically: ``produce`` writes into a temporary file beside ``target``,
    which is flushed, fsynced and then moved over ``target`` with :func:`os.replace`.

    With ``backup=True`` and an existing ``target``, its previous content is first copied to
    ``target.bak`` (replacing an older backup, itself through a temporary file, so a failed
    copy never destroys the older backup). If the process dies at any point, ``target`` is
    either the old file or the new one, never a mix; at worst a ``.~xladdin-*.tmp`` file is
    left beside it.

    Raises
    ------
    WorkbookError
        The file cannot be written: the disk is full, the folder is read-only, or ``target``
        (or its backup) is open in Excel on Windows. ``target`` is then unchanged and no
        temporary file is left.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".~xladdin-{target.name}-", suffix=".tmp", dir=folder
        )
    except OSError as exc:
        raise _save_error(target, exc, "save_step_create") from exc
    honour_umask(fd)
    tmp = Path(tmp_name)
    doing, fields = "save_step_write", {}
    try:
        with os.fdopen(fd, "w+b") as fh:
            produce(fh)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            try:
                shutil.copymode(target, tmp)
            except OSError:  # pragma: no cover
                pass
            if backup:
                doing, fields = "save_step_backup", {"backup": backup_path(target).name}
                _backup(target)
        doing, fields = "save_step_replace", {}
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _save_error(target, exc, doing, **fields) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(folder)
    return target


def atomic_write_bytes(
    target: str | os.PathLike[str], data: bytes, *, backup: bool = False
) -> Path:
    """:func:`atomic_write` of ``data`` as it is (a text file encoded by the caller)."""
    return atomic_write(target, lambda fh: fh.write(data), backup=backup)


def replace_staged(staged: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """Move ``staged`` -- a complete file written by :func:`atomic_write` beside ``target``
    and checked since -- over ``target`` with :func:`os.replace`, then fsync the folder (the
    last step of :func:`atomic_write`, for a caller that verifies the new file before it
    replaces the old one). ``target`` is the old file or the new one, never a mix.

    Raises
    ------
    PermissionError
        ``target`` is open (Excel on Windows); nothing was replaced.
    WorkbookError
        Any other OS failure; ``target`` is unchanged.
    """
    staged, target = Path(staged), Path(target)
    try:
        os.replace(staged, target)
    except PermissionError:
        raise
    except OSError as exc:
        raise _save_error(target, exc, "save_step_replace") from exc
    _sync_folder(target.parent if str(target.parent) else Path("."))
    return target


def _sync_folder(folder: Path) -> None:
    """fsync the folder, so a rename in it survives a power cut (no-op where folders cannot
    be opened, e.g. Windows)."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(dir_fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(dir_fd)


def _backup(target: Path) -> None:
    """Copy ``target`` to ``target.bak`` through a temporary file (the older backup survives a
    failed copy)."""
    bak = backup_path(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".~xladdin-{bak.name}-", suffix=".tmp", dir=bak.parent)
    os.close(fd)
    try:
        shutil.copy2(target, tmp_name)
        os.replace(tmp_name, bak)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
