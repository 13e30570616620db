"""The project's exception hierarchy.

Exceptions are for programmer errors and I/O failures only. Problems in a user's data are
*findings* (see :mod:`xladdin.findings`), never exceptions.
"""

from __future__ import annotations


class XladdinError(Exception):
    """Root of every exception raised on purpose by xladdin."""


class CalculationError(XladdinError, ValueError):
    """A calculation cannot be done with the inputs given (shape, missing value, domain)."""


class WorkbookError(XladdinError):
    """A workbook file cannot be read or written."""


class UnreadableWorkbookError(WorkbookError):
    """The file is not a readable xlsx/xlsm package (truncated, encrypted, not a zip)."""


class RefusedWorkbookError(WorkbookError):
    """The file was read but refused for safety (zip bomb, entity expansion, absurd size)."""


class TemplateError(XladdinError):
    """A template specification or binding is inconsistent (a bug in the template, not user data)."""


class AddinBuildError(XladdinError):
    """Building or verifying the .xlam add-in failed."""
