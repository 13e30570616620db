"""Findings: typed, catalogued data problems with English and Lao messages.

Modelled on frictionless-py's errors: each *kind* of finding is a :class:`FindingType` with a
stable kebab-case ``code`` (never reused), a severity, a category and message templates in
English and Lao. A :class:`Finding` is one occurrence, located at a sheet and cell. A
:class:`Report` collects every finding of a run (pandera style: never stop at the first) and
flattens into one table with fixed columns; the CLI exit code comes from the report.

Finding types are declared in the modules of :mod:`xladdin.findings.catalog` with
:func:`define` from :mod:`xladdin.findings.model` (re-exported here) and registered at import
time; :func:`catalogue` imports all of them and returns the full, sorted catalogue. Their texts
(messages and what to do, English and Lao) are rows of the one message catalogue,
``xladdin/data/messages.csv`` (:mod:`xladdin.findings.texts`); :func:`todo` gives the advice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from xladdin.findings.model import REGISTRY as _REGISTRY
from xladdin.findings.model import Category, FindingType, Severity, define
from xladdin.findings.texts import todo

__all__ = [
    "Category",
    "Finding",
    "FindingType",
    "Report",
    "Severity",
    "catalogue",
    "define",
    "finding",
    "get_type",
    "todo",
]


def get_type(code: str) -> FindingType:
    """The registered type for ``code`` (imports the whole catalogue first)."""
    catalogue()
    return _REGISTRY[code]


def catalogue() -> list[FindingType]:
    """Every finding type, sorted by category then code."""
    from xladdin.findings import catalog  # noqa: F401  (registers all types)

    return sorted(_REGISTRY.values(), key=lambda t: (t.category.value, t.code))


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_ERRNO = re.compile(r"\[(?:Errno|WinError) -?\d+\] ")


def _fmt(value: Any) -> Any:
    """A field as the message shows it: a missing value (None) as "-", never Python's
    "None"; an operating-system error as its text without the "[Errno 2] " prefix (and its
    file name); floats with thousands separators."""
    if value is None:
        return "-"
    if isinstance(value, OSError) and value.strerror:
        name = value.filename
        return f"{value.strerror}: {name}" if name else value.strerror
    if isinstance(value, str) and "Err" in value:
        return _ERRNO.sub("", value)
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return value


@dataclass(frozen=True)
class Finding:
    """One occurrence of a finding type at a location."""

    code: str
    severity: Severity
    category: Category
    message_en: str
    message_lo: str
    sheet: str | None = None
    cell: str | None = None
    details: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def refuses(self) -> bool:
        """True when this finding means the file is unreadable or refused (exit code 2).

        Looked up in the catalogue, which is loaded on demand: a finding rebuilt from JSON or
        from the submission register must refuse exactly as it did when it was made."""
        if self.code not in _REGISTRY:
            catalogue()
        ftype = _REGISTRY.get(self.code)
        return ftype.refuses if ftype is not None else False

    @property
    def location(self) -> str:
        if self.sheet and self.cell:
            return f"'{self.sheet}'!{self.cell}"
        return self.sheet or self.cell or ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "category": self.category.value,
            "sheet": self.sheet,
            "cell": self.cell,
            "message_en": self.message_en,
            "message_lo": self.message_lo,
            "details": _jsonable(self.details),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            code=data["code"],
            severity=Severity(data["severity"]),
            category=Category(data["category"]),
            message_en=data["message_en"],
            message_lo=data["message_lo"],
            sheet=data.get("sheet"),
            cell=data.get("cell"),
            details=dict(data.get("details") or {}),
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return value.item()
    if isinstance(value, float) and value != value:
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


@lru_cache(maxsize=1)
def lao_names() -> dict[str, str]:
    """English name or letter code -> Lao name, from the data files: industries (``AGR`` and
    "Agriculture and forestry" -> ກະສິກຳ-ປ່າໄມ້) and provinces ("Phongsaly" -> ແຂວງຜົ້ງສາລີ)."""
    import csv
    from importlib import resources

    out: dict[str, str] = {}
    for name in ("provinces.csv", "industries.csv"):
        with resources.files("xladdin.data").joinpath(name).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                lo = (row.get("name_lo") or "").strip()
                if not lo:
                    continue
                if row.get("name_en"):
                    out[row["name_en"].strip()] = lo
                code = (row.get("code") or "").strip()
                if name == "industries.csv" and code.isalpha():
                    out[code] = lo
    return out


INDUSTRY_FIELDS = ("item", "industry", "sector")
"""Message fields that hold a publication line (industry, sector or aggregate): their code,
numeric ones included ("01"), is shown by its Lao name in the Lao message."""


@lru_cache(maxsize=1)
def industry_lao_names() -> dict[str, str]:
    """Industry code -> Lao name, every code of ``industries.csv`` (``AGR``, ``01``..``21``,
    ``GVA``): the numeric codes are the provinces' codes too, so they are matched only in the
    fields of :data:`INDUSTRY_FIELDS`."""
    import csv
    from importlib import resources

    out: dict[str, str] = {}
    with resources.files("xladdin.data").joinpath("industries.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code, lo = (row.get("code") or "").strip(), (row.get("name_lo") or "").strip()
            if code and lo:
                out[code] = lo
    return out


def _lao_field(key: str, value: Any, fields: dict[str, Any]) -> Any:
    """The value of a message field in the Lao message: ``{key}_lo`` when the caller gave one,
    else the Lao name of a province or industry given by its English name or code (the Lao
    sentence never carries "Phongsaly", "AGR" or the industry code "01"), else the value."""
    if f"{key}_lo" in fields:
        return _fmt(fields[f"{key}_lo"])
    if isinstance(value, str):
        text = value.strip()
        if key in INDUSTRY_FIELDS and text in industry_lao_names():
            return industry_lao_names()[text]
        return lao_names().get(text, value)
    return value


def finding(
    code: str,
    /,
    *,
    sheet: str | None = None,
    cell: str | None = None,
    severity: Severity | str | None = None,
    **fields: Any,
) -> Finding:
    """Create a finding of a registered type, rendering both messages from ``fields``.

    ``severity`` overrides the type's default (e.g. a configurable plausibility band).
    ``code`` is positional-only, so a message template may use a field named ``code`` too
    (e.g. "{count} more findings of {code}").
    """
    if code not in _REGISTRY:
        catalogue()
    ftype = _REGISTRY[code]
    shown = _Missing({k: _fmt(v) for k, v in fields.items()})
    shown.setdefault("sheet", sheet or "")
    shown.setdefault("cell", cell or "")
    shown_lo = _Missing({k: _lao_field(k, v, fields) for k, v in shown.items()})
    for k in list(shown_lo):  # {x_lo} of a text: the Lao value of x when none was given
        shown_lo.setdefault(f"{k}_lo", shown_lo[k])
    return Finding(
        code=code,
        severity=Severity(severity) if severity is not None else ftype.severity,
        category=ftype.category,
        message_en=ftype.en.format_map(shown),  # as string.Formatter().vformat, in C
        message_lo=ftype.lo.format_map(shown_lo),
        sheet=sheet,
        cell=cell,
        details=dict(fields),
    )


COLUMNS = ("severity", "code", "category", "sheet", "cell", "message_en", "message_lo")


@dataclass
class Report:
    """All findings of one run over one workbook (or one consolidation)."""

    findings: list[Finding] = field(default_factory=list)
    source: str | None = None

    def add(self, item: Finding | Iterable[Finding]) -> None:
        if isinstance(item, Finding):
            self.findings.append(item)
        else:
            self.findings.extend(item)

    def extend(self, items: Iterable[Finding]) -> None:
        self.findings.extend(items)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def refused(self) -> bool:
        return any(f.refuses for f in self.findings)

    @property
    def exit_code(self) -> int:
        """0 clean (warnings allowed), 1 errors found, 2 unreadable or refused."""
        if self.refused:
            return 2
        return 1 if self.errors else 0

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Severity}
        for f in self.findings:
            out[f.severity.value] += 1
        return out

    def sorted(self) -> list[Finding]:
        order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        return sorted(
            self.findings,
            key=lambda f: (order[f.severity], f.sheet or "", _cell_key(f.cell), f.code),
        )

    def to_rows(self) -> list[dict[str, Any]]:
        """One dict per finding with the fixed columns of :data:`COLUMNS`."""
        return [{c: f.to_dict()[c] for c in COLUMNS} for f in self.sorted()]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "exit_code": self.exit_code,
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.sorted()],
        }

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        kwargs.setdefault("indent", 2)
        return json.dumps(self.to_dict(), **kwargs)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        return cls([Finding.from_dict(f) for f in data["findings"]], source=data.get("source"))

    def to_text(self, lang: str = "en", width: int = 100) -> str:
        """A plain table for the terminal in ``lang`` ("en", "lo" or "both": the English
        message, then the Lao one on the next line). Headers, severities and the summary line
        are in the same language (:mod:`xladdin.findings.words`); columns are padded by
        display width, so Lao text keeps them aligned."""
        from xladdin.findings.words import render_table, say, word

        if not self.findings:
            return "\n".join(say("no_findings", lang))
        one = "lo" if lang == "lo" else "en"
        header = [word(k, lang) for k in ("severity", "code", "where", "message")]
        rows = []
        for f in self.sorted():
            msg = f.message_lo if lang == "lo" else f.message_en
            rows.append([word(f.severity.value, one), f.code, f.location[:40], msg])
            if lang == "both":
                rows.append(["", "", "", f.message_lo])
        lines = render_table(header, rows)
        lines += say("counts", lang, **self.counts())
        return "\n".join(lines)


def _cell_key(cell: str | None) -> tuple[int, int]:
    if not cell:
        return (0, 0)
    first = cell.split(":")[0].replace("$", "")
    letters = "".join(ch for ch in first if ch.isalpha())
    digits = "".join(ch for ch in first if ch.isdigit())
    col = 0
    for ch in letters.upper():
        col = col * 26 + (ord(ch) - 64)
    return (int(digits) if digits else 0, col)
