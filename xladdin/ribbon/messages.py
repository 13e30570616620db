"""Every user-facing text of the ribbon, in Lao and English.

The texts are the rows ``kind=ribbon`` of the one message catalogue,
``xladdin/data/messages.csv`` (:mod:`xladdin.findings.texts`), which LSB reviews in one place.
Keys are stable; ``{fields}`` are filled by :func:`text`. Lao wording follows the glossary
where a term exists there; it is xladdin's draft until LSB confirms it (xladdin/data/README.md).
"""

from __future__ import annotations

from typing import Any

from xladdin.findings.texts import pairs

__all__ = ["MESSAGES", "both", "text"]

MESSAGES: dict[str, tuple[str, str]] = pairs("ribbon")
"""key -> (English, Lao): the rows ``kind=ribbon`` of ``xladdin/data/messages.csv``."""


def text(key: str, lang: str = "lo", **fields: Any) -> str:
    """The message ``key`` in ``lang`` (``"lo"`` or ``"en"``), fields filled in.

    A ``tag`` field (a ribbon button tag) also fills ``{action}`` with the action's name in
    that language. A field ``x_lo`` is the Lao value of ``{x}`` in the Lao text (as in a
    finding's message): one call fills both languages, each with its own words.
    """
    en, lo = MESSAGES[key]
    template = en if lang == "en" else lo
    if lang != "en":
        fields = {**fields, **{k[:-3]: v for k, v in fields.items() if k.endswith("_lo")}}
    if "action" not in fields and "tag" in fields:
        name = MESSAGES.get(f"action-{fields['tag']}")
        fields["action"] = (name[0] if lang == "en" else name[1]) if name else fields["tag"]
    return template.format(**fields)


def both(key: str, lang: str = "lo", **fields: Any) -> str:
    """The message in both languages, the chosen one first (for errors users forward)."""
    other = "en" if lang == "lo" else "lo"
    return f"{text(key, lang, **fields)}\n\n{text(key, other, **fields)}"
