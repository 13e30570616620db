"""Reading and writing workbooks: the view/patch contract (model), the headless xlsx package
reader and patcher, and the xlwings adapter (imported lazily, only inside Excel)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from xladdin.workbook.model import (  # noqa: F401
    CellError,
    ClearRange,
    EnsureSheet,
    Patch,
    SetDocProperty,
    SetFormulaText,
    SetHighlights,
    SetHyperlink,
    SetRowHeight,
    SetValue,
    TableRef,
    WorkbookView,
    parse_ref,
    parse_refers_to,
)

if TYPE_CHECKING:  # the headless modules are imported on first use only
    from xladdin.findings import Finding
    from xladdin.workbook.xlsx_reader import XlsxView


def open_xlsx(path: str | os.PathLike[str] | bytes) -> XlsxView:
    """Open an xlsx/xlsm package as a lazy read-only view, WITHOUT the untrusted-file
    inspection: only for files xladdin wrote itself. A user's or a returned file goes through
    :func:`xladdin.workbook.safety.open_untrusted` (or ``open_checked``).

    See :func:`xladdin.workbook.xlsx_reader.open_xlsx`.
    """
    from xladdin.workbook.xlsx_reader import open_xlsx as _open

    return _open(path)


def apply_patch(
    path: str | os.PathLike[str],
    patch: Patch,
    *,
    out: str | os.PathLike[str] | None = None,
    backup: bool = True,
) -> Path:
    """Apply a patch to a package in place, atomically, keeping ``<file>.bak``.

    See :func:`xladdin.workbook.xlsx_patch.apply_patch`.
    """
    from xladdin.workbook.xlsx_patch import apply_patch as _apply

    return _apply(path, patch, out=out, backup=backup)


def read_findings(path: str | os.PathLike[str]) -> tuple[XlsxView | None, list[Finding]]:
    """Open a workbook, reporting read errors as (refusing) findings instead of exceptions,
    WITHOUT the untrusted-file inspection (only for files xladdin wrote itself; see
    :func:`xladdin.workbook.safety.open_untrusted` for a user's or a returned file).

    See :func:`xladdin.workbook.xlsx_reader.read_findings`.
    """
    from xladdin.workbook.xlsx_reader import read_findings as _read

    return _read(path)
