"""Words of the terminal output (table headers, severities, summary lines), English and Lao,
and the one function that pads a table column by its *display* width.

The finding messages and these words around them are rows of the one message catalogue,
``xladdin/data/messages.csv`` (``kind=word`` here), so every command says them the same way in
both languages (``--lang en|lo|both``). Lao is draft wording of xladdin (confirm with LSB).

Display width: :func:`xladdin.text.width.display_width` (a Lao vowel or tone mark takes no
column of its own).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from xladdin.findings.texts import pairs
from xladdin.text.width import display_width

__all__ = [
    "LANGS",
    "WORDS",
    "calculation_words",
    "field_words",
    "one_line",
    "os_error_word",
    "os_reason_words",
    "pad",
    "reason",
    "render_table",
    "say",
    "where_words",
    "word",
]

LANGS = ("en", "lo", "both")
"""The values of every command's ``--lang``: English, Lao, or English then Lao."""

WORDS: dict[str, tuple[str, str]] = pairs("word")
"""key -> (English, Lao): the rows ``kind=word`` of ``xladdin/data/messages.csv``
(:mod:`xladdin.findings.texts`). Lao wording is xladdin's draft (confirm with LSB)."""


def word(key: str, lang: str = "en", **fields: object) -> str:
    """The text of ``key`` in ``lang`` ("en", "lo"; "both" gives ``"English / ລາວ"``)."""
    en, lo = WORDS[key]
    en, lo = en.format(**fields), lo.format(**fields)
    if lang == "lo":
        return lo
    if lang == "both":
        return en if en == lo else f"{en} / {lo}"
    return en


def field_words(field: str, key: str, **fields: object) -> dict[str, str]:
    """The fields ``field`` and ``field_lo`` of a finding or message: the ``word`` row ``key``
    in English and in Lao (a ``{x_lo}`` field of the Lao text is passed as ``x_lo``), so a
    finding's Lao message never carries an English phrase written in code.

    >>> field_words("reason", "path_folder")["reason"]
    'a folder was given where a file is needed'
    """
    return {field: word(key, "en", **fields), f"{field}_lo": word(key, "lo", **fields)}


def where_words(item: object, item_lo: object, year: object) -> dict[str, str]:
    """The fields ``where`` and ``where_lo`` of a finding about an item in a year: "item,
    year" (either may be empty; "-" when both are), the item by its Lao name in Lao."""

    def joined(*parts: object) -> str:
        return ", ".join(str(x).strip() for x in parts if str(x).strip()) or "-"

    return {"where": joined(item, year), "where_lo": joined(item_lo, year)}


def reason(key: str, **fields: object) -> dict[str, str]:
    """:func:`field_words` for the field ``reason`` (the most common one)."""
    return field_words("reason", key, **fields)


def say(key: str, lang: str = "en", **fields: object) -> list[str]:
    """The lines of ``key`` for ``lang``: one line, or for "both" the English then the Lao."""
    en, lo = WORDS[key]
    en, lo = en.format(**fields), lo.format(**fields)
    return {"en": [en], "lo": [lo]}.get(lang, [en] if en == lo else [en, lo])


def pad(text: object, width: int, align: str = "<") -> str:
    """``text`` padded with spaces to ``width`` display columns (``align`` "<" or ">"); never
    cut (a longer text overflows, as ``str.ljust``)."""
    s = "" if text is None else str(text)
    fill = " " * max(0, width - display_width(s))
    return s + fill if align == "<" else fill + s


def render_table(
    header: Sequence[object],
    rows: Sequence[Sequence[object]],
    *,
    align: Sequence[str] | None = None,
    last_free: bool = True,
    indent: str = "",
) -> list[str]:
    """Lines of a plain table, each column as wide as its widest cell by display width.

    ``align`` gives "<" or ">" per column; with ``last_free`` the last column is not padded
    (a long message does not push trailing spaces)."""
    cols = len(header)
    align = list(align or ["<"] * cols)
    header = [one_line(h) for h in header]
    rows = [[one_line(v) for v in r] for r in rows]
    widths = [
        max([display_width(str(header[j]))] + [display_width(str(r[j])) for r in rows])
        for j in range(cols)
    ]
    out = []
    for row in [header, *rows]:
        cells = [
            str(row[j]) if (last_free and j == cols - 1) else pad(row[j], widths[j], align[j])
            for j in range(cols)
        ]
        out.append((indent + " ".join(cells)).rstrip())
    return out


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(value: object) -> str:
    """``str(value)`` as one terminal line: newline, carriage return and tab written ``\\n``,
    ``\\r``, ``\\t``; every other control character (ESC, C1, bidirectional overrides, lone
    surrogates) as ``\\uXXXX``. A cell text or a file name cannot then add a line, clear the
    screen or reorder what a table shows (the CLI also escapes all it prints:
    :mod:`xladdin.cli.terminal`).

    >>> one_line("a\\nb\\x1b[2J")
    'a\\\\nb\\\\u001b[2J'
    """
    text = str(value)
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: _NAMED.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


def os_error_word(exc: OSError) -> str | None:
    """The ``word`` row of the catalogue saying why a path could not be used, from the kind
    of ``exc`` (never ``[Errno n]``): the one place an operating-system error is classified
    for the user. None for another system error (its own text is all there is).

    A file held open by Excel on Windows (sharing violation, ``winerror`` 32 or 33) is said
    as a permission problem, with the advice to close it."""
    if isinstance(exc, NotADirectoryError):
        return "cli_os_not_dir"
    if isinstance(exc, FileExistsError):
        return "cli_os_exists"
    if isinstance(exc, IsADirectoryError):
        return "path_folder"
    if isinstance(exc, PermissionError) or getattr(exc, "winerror", None) in (32, 33):
        return "cli_os_permission"
    if isinstance(exc, FileNotFoundError):
        return "path_missing"
    return None


_CALCULATION_WORDS = {  # class name of a calculation-core error -> the word saying its kind
    "NoOverlapError": "calc_no_overlap",
    "DivisionByZeroError": "calc_division_by_zero",
    "MissingValueError": "calc_missing_value",
    "NonPositiveError": "calc_non_positive",
    "NotNumericError": "calc_not_numeric",
    "ShapeError": "calc_shape",
    "InfeasibleError": "calc_infeasible",
}


def calculation_words(field: str, exc: BaseException) -> dict[str, str]:
    """The fields ``field`` (the error's own English text, which names the period or argument
    at fault) and ``field_lo`` (the kind of problem in Lao: no overlap, a zero divisor, a
    missing value, ...) for an error of the calculation core (:mod:`xladdin.gdp.errors`),
    matched on its class and its bases; another error is a generic "cannot be calculated"."""
    key = next(
        (
            _CALCULATION_WORDS[c.__name__]
            for c in type(exc).__mro__
            if c.__name__ in _CALCULATION_WORDS
        ),
        "calc_other",
    )
    return {field: one_line(exc) or word(key), f"{field}_lo": word(key, "lo")}


def os_reason_words(exc: OSError) -> dict[str, str]:
    """The fields ``reason`` and ``reason_lo`` saying why a path could not be used, from the
    kind of ``exc`` (:func:`os_error_word`); another system error keeps its own text in
    English and is "the file cannot be read" in Lao."""
    key = os_error_word(exc)
    if key is not None:
        return reason(key)
    return {"reason": exc.strerror or str(exc), "reason_lo": word("path_unreadable", "lo")}
