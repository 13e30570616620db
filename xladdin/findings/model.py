"""The finding type model and its registry: the lowest layer of :mod:`xladdin.findings`.

:class:`Severity`, :class:`Category`, :class:`FindingType` and :func:`define` live here so
that the catalogue modules (:mod:`xladdin.findings.catalog`) can declare their types without
importing the package that loads them: the package imports the catalogue, the catalogue
imports this module, and nothing here imports either (no import cycle, issue #12).
Import these names from :mod:`xladdin.findings`; it re-exports them.

The texts of a type (English and Lao message, what to do in both languages) are data: the
rows of ``xladdin/data/messages.csv`` (:mod:`xladdin.findings.texts`), looked up by code when
the type is defined. Severity, category and *refuses* stay here in Python, with the constant.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from enum import Enum

from xladdin.findings.texts import get as _text_row

__all__ = ["REGISTRY", "Category", "FindingType", "Severity", "define"]


class Severity(str, Enum):  # noqa: UP042  (str() of members stays "Severity.ERROR")
    """How bad a finding is. ``error`` makes the exit code 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Category(str, Enum):  # noqa: UP042
    """What kind of rule produced a finding."""

    STRUCTURE = "structure"
    DATA = "data"
    IDENTITY = "identity"
    PLAUSIBILITY = "plausibility"
    CONSISTENCY = "consistency"
    SECURITY = "security"


@dataclass(frozen=True)
class FindingType:
    """One entry of the catalogue.

    Parameters
    ----------
    code : str
        Stable kebab-case identifier, never reused for another meaning.
    severity, category :
        Default severity and category of findings of this type.
    en, lo : str
        Message templates (``str.format`` style, e.g. ``"GVA differs by {diff}"``) in English
        and Lao, with the same fields in both (from ``xladdin/data/messages.csv``).
    description : str
        What the rule checks and what the user should do, in English (``todo_en``).
    refuses : bool
        True when a finding of this type means the file is unreadable or refused
        (exit code 2), e.g. a zip bomb or an encrypted file.
    todo_lo : str
        What to do, in Lao (``todo_lo``).
    """

    code: str
    severity: Severity
    category: Category
    en: str
    lo: str
    description: str = ""
    refuses: bool = False
    todo_lo: str = ""

    def fields(self) -> set[str]:
        """Names of the template fields used in either language."""
        names: set[str] = set()
        for text in (self.en, self.lo):
            for _, name, _, _ in string.Formatter().parse(text):
                if name:
                    names.add(name.split(".")[0].split("[")[0])
        return names


#: code -> type, filled by :func:`define` when the catalogue modules are imported.
REGISTRY: dict[str, FindingType] = {}


def define(
    code: str,
    severity: Severity | str,
    category: Category | str,
    en: str | None = None,
    lo: str | None = None,
    description: str | None = None,
    *,
    refuses: bool = False,
) -> FindingType:
    """Declare a finding type and register it in the catalogue. Codes must be unique.

    The texts come from the row ``code`` of ``xladdin/data/messages.csv``. ``en``, ``lo`` and
    ``description`` are only a fallback for a type whose row is not written yet (a test fails
    until it is: texts belong in the data file, not in the call)."""
    if code in REGISTRY:
        raise ValueError(f"finding code {code!r} is already defined")
    if code != code.lower() or " " in code or "_" in code:
        raise ValueError(f"finding code {code!r} is not kebab-case")
    row = _text_row("finding", code)
    if row is not None:
        en, lo, description, todo_lo = row.en, row.lo, row.todo_en, row.todo_lo
    else:
        en, lo, todo_lo = en or code, lo or en or code, ""
    ftype = FindingType(
        code,
        Severity(severity),
        Category(category),
        en,
        lo,
        description or "",
        refuses,
        todo_lo,
    )
    REGISTRY[code] = ftype
    return ftype
