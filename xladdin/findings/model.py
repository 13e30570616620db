"""The finding type model and its registry: the lowest layer of :mod:`xladdin.findings`.

:class:`Severity`, :class:`Category`, :class:`FindingType` and :func:`define` live here so
that the catalogue modules (:mod:`xladdin.findings.catalog`) can declare their types without
importing the package that loads them: the package imports the catalogue, the catalogue
imports this module, and nothing here imports either (no import cycle, issue #12).
Import these names from :mod:`xladdin.findings`; it re-exports them.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from enum import Enum

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
        and Lao. Every field named in one template must be named in the other or be optional.
    description : str
        One sentence for the docs: what the rule checks and what the user should do.
    refuses : bool
        True when a finding of this type means the file is unreadable or refused
        (exit code 2), e.g. a zip bomb or an encrypted file.
    """

    code: str
    severity: Severity
    category: Category
    en: str
    lo: str
    description: str = ""
    refuses: bool = False

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
    en: str,
    lo: str,
    description: str = "",
    *,
    refuses: bool = False,
) -> FindingType:
    """Declare a finding type and register it in the catalogue. Codes must be unique."""
    if code in REGISTRY:
        raise ValueError(f"finding code {code!r} is already defined")
    if code != code.lower() or " " in code or "_" in code:
        raise ValueError(f"finding code {code!r} is not kebab-case")
    ftype = FindingType(code, Severity(severity), Category(category), en, lo, description, refuses)
    REGISTRY[code] = ftype
    return ftype
