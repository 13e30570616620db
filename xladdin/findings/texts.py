"""The one bilingual message catalogue: ``xladdin/data/messages.csv``, read once.

Every text xladdin says to a user in English and Lao is a row of that file, so LSB can review
the wording in one place (issue #12 item 4): the finding messages and their "what to do"
advice (``kind=finding``, key = the finding code), the words of the terminal tables
(``word``, :mod:`xladdin.findings.words`), the ribbon's messages (``ribbon``,
:mod:`xladdin.ribbon.messages`) and the consolidation state words (``state``,
``xladdin consolidate``). Columns: ``key, kind, en, lo, todo_en, todo_lo``; ``todo_*`` are
filled for findings only. Severity, category and *refuses* of a finding stay in Python, next
to its constant (:func:`xladdin.findings.define`).

This module imports nothing from xladdin (the lowest layer): :mod:`xladdin.findings.model`
reads the finding texts from it when a type is defined. The file is parsed once
(:func:`functools.lru_cache`) through :mod:`importlib.resources`; every text is normalised
to Unicode NFC as it is read.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["COLUMNS", "FILE", "KINDS", "Message", "get", "messages", "pairs", "todo"]

FILE = "messages.csv"
"""The catalogue's file name in the package :mod:`xladdin.data`."""

COLUMNS = ("key", "kind", "en", "lo", "todo_en", "todo_lo")
KINDS = ("finding", "word", "ribbon", "state", "addin", "installer", "ribbon-ui")
"""``addin``: the VBA add-in's own boxes (compiled into its VBA by xladdin/addin/vbatext.py);
``installer``: the Windows installer's pages (compiled into the NSIS script by
xladdin/dist/windows.py); ``ribbon-ui``: the GDP tab's labels and tips (filled into the
add-in's ribbon part by xladdin/addin/ribbonxml.py). Every other kind is read at run time."""


@dataclass(frozen=True)
class Message:
    """One row of the catalogue: a text in English and Lao (and, for a finding, what to do)."""

    key: str
    kind: str
    en: str
    lo: str
    todo_en: str = ""
    todo_lo: str = ""


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


@lru_cache(maxsize=1)
def messages() -> dict[tuple[str, str], Message]:
    """(kind, key) -> :class:`Message`, every row of the catalogue (read once, cached).

    Raises ValueError on a duplicate (kind, key), an unknown kind or a wrong header."""
    out: dict[tuple[str, str], Message] = {}
    ref = resources.files("xladdin.data").joinpath(FILE)
    with ref.open(encoding="utf-8-sig", newline="") as fh:  # a BOM from Excel is fine
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{FILE}: header must be {', '.join(COLUMNS)}")
        for row in reader:
            msg = Message(**{c: _nfc(row.get(c)) for c in COLUMNS})
            if msg.kind not in KINDS:
                raise ValueError(f"{FILE}: unknown kind {msg.kind!r} (key {msg.key!r})")
            if (msg.kind, msg.key) in out:
                raise ValueError(f"{FILE}: duplicate {msg.kind} key {msg.key!r}")
            out[(msg.kind, msg.key)] = msg
    return out


def get(kind: str, key: str) -> Message | None:
    """The row ``key`` of ``kind``, or None when the catalogue has none."""
    return messages().get((kind, key))


def pairs(kind: str) -> dict[str, tuple[str, str]]:
    """key -> (English, Lao) for every row of ``kind``, in file order."""
    return {m.key: (m.en, m.lo) for (k, _), m in messages().items() if k == kind}


def todo(code: str, lang: str = "en") -> str:
    """What to do about a finding of ``code`` in ``lang`` ("en" or "lo"; "both": the English
    line, then the Lao one). Empty when the code has no row."""
    msg = get("finding", code)
    if msg is None:
        return ""
    if lang == "both":
        return "\n".join(t for t in (msg.todo_en, msg.todo_lo) if t)
    return msg.todo_lo if lang == "lo" else msg.todo_en
