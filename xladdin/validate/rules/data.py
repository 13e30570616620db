"""Generic data rules, run over the used range of every sheet of any workbook.

They look only at cells holding text: numbers stored as text (and among them ambiguous
separators and Lao digits) and labels typed in a legacy Lao font.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from xladdin.findings import Finding, finding
from xladdin.text import convert_lswin, legacy_lao_kind, parse_number
from xladdin.validate.registry import Context, rule
from xladdin.workbook.model import col_letter

# Pure functions of a label's text, memoised: the same labels recur in every table of a
# template and in every returned file of a consolidation.
_legacy_kind = lru_cache(maxsize=16_384)(legacy_lao_kind)
_parse = lru_cache(maxsize=16_384)(parse_number)  # ParsedNumber is frozen

__all__ = ["looks_like_label_number", "plain"]

_YEAR = re.compile(r"^(19|20)\d\d$")


def looks_like_label_number(text: str) -> bool:
    """True for text that parses as a number but is usually a label or a code on purpose:
    a year (``"2019"``) or a code with leading zeros (``"01"``, ``"0712"``)."""
    t = text.strip()
    if _YEAR.match(t):
        return True
    return len(t) > 1 and t.isdigit() and t.startswith("0")


def plain(value: float | None) -> str:
    """A number written without grouping separators (``1234``, ``1.234``), for messages about
    separators where ``1,234`` would be confusing."""
    return "" if value is None else f"{value:.12g}"


# What a text says (not a number: False; else its parse and whether it is plain digits) is a
# pure function of the text: memoised for the process (labels and codes recur in every return).
_SAYS: dict[str, Any] = {}
_MAX_SAYS = 65_536


def _says(text: str) -> Any:
    if looks_like_label_number(text):
        return False
    parsed = _parse(text)
    if parsed.value is None and not parsed.ambiguous:
        return False
    t = text.strip()
    return (parsed, not parsed.ambiguous and t.isascii() and t.isdigit())


def _text_numbers(ctx: Context):
    """The text cells that read as a number, with the parse: ``(sheet, cell, text, parsed)``
    in (sheet, row, column) order, cached. One pass over the text cells; what a text says is
    memoised for the process, a column's counts looked up once per column."""
    if "text_numbers" not in ctx.cache:
        says = _SAYS
        exempt: set[tuple[str, str]] | None = None  # made when a text first reads as a number
        code_column: dict[tuple[str, str], bool] = {}  # (sheet, column) -> digits are codes
        found = []
        for sheet, cell, text in ctx.text_cells():
            known = says.get(text)
            if known is None:
                known = _says(text)
                if len(says) < _MAX_SAYS:
                    says[text] = known
            if known is False:
                continue
            if exempt is None:
                exempt = ctx.text_cells_exempt()
            if exempt and (sheet, cell) in exempt:
                continue
            parsed, digits = known
            if digits:  # plain digits where text outnumbers numbers: a code, not a value
                col = cell.rstrip("0123456789")
                codes = code_column.get((sheet, col))
                if codes is None:
                    numbers, texts = ctx.column_counts(sheet).get(col, (0, 0))
                    codes = code_column[(sheet, col)] = texts >= numbers
                if codes:
                    continue
            found.append((sheet, cell, text, parsed))
        ctx.cache["text_numbers"] = found
    return ctx.cache["text_numbers"]


@rule("number-stored-as-text")
def number_stored_as_text(ctx: Context) -> Iterator[Finding]:
    """Text cells that read as a number (plain digits and separators)."""
    for sheet, cell, text, p in _text_numbers(ctx):
        if not p.ambiguous and not p.had_lao_digits:
            yield finding(
                "number-stored-as-text", sheet=sheet, cell=cell, text=text, value=plain(p.value)
            )


def _input_cells(ctx: Context) -> set[tuple[str, str]]:
    """(sheet, A1) of the numeric input cells of a bound template (input tables' value
    columns and year columns); empty for a workbook that is not a template."""
    if "input_cells" not in ctx.cache:
        out: set[tuple[str, str]] = set()
        inputs = getattr(ctx.bound, "inputs", None) or {}
        for block in inputs.values():
            for col in block.columns.values():
                letter = col_letter(col)
                out.update((block.sheet, f"{letter}{row}") for row in block.rows.values())
        ctx.cache["input_cells"] = out - ctx.text_cells_exempt()
    return ctx.cache["input_cells"]


@rule("ambiguous-separator")
def ambiguous_separator(ctx: Context) -> Iterator[Finding]:
    """Numbers stored as text whose separator may mean thousands or decimals. In an input
    cell of a template the value is not used until retyped, so the finding is an error
    there (it replaces ``input-not-a-number`` for that cell)."""
    for sheet, cell, text, p in _text_numbers(ctx):
        if p.ambiguous:
            inputs = _input_cells(ctx)
            yield finding(
                "ambiguous-separator",
                sheet=sheet,
                cell=cell,
                severity="error" if (sheet, cell) in inputs else None,
                text=text,
                value=plain(p.value),
                alternative=plain(p.alternative),
            )


@rule("lao-digits")
def lao_digits(ctx: Context) -> Iterator[Finding]:
    """Numbers typed with Lao digits (and no ambiguous separator)."""
    for sheet, cell, text, p in _text_numbers(ctx):
        if p.had_lao_digits and not p.ambiguous:
            yield finding("lao-digits", sheet=sheet, cell=cell, text=text, value=plain(p.value))


@rule("legacy-lao-font")
def legacy_lao_font(ctx: Context) -> Iterator[Finding]:
    """Labels that look typed in a legacy (non-Unicode) Lao font."""
    kinds = {t: k for t in ctx.texts() if (k := _legacy_kind(t)) is not None}
    if not kinds:
        return
    for sheet, cell, text in ctx.text_cells():
        kind = kinds.get(text)
        if kind is None:
            continue
        suggestion = convert_lswin(text) if kind == "lswin" else "?"
        yield finding(
            "legacy-lao-font",
            sheet=sheet,
            cell=cell,
            text=text,
            kind="Saysettha Lao / LSWin" if kind == "lswin" else "Thai code points",
            suggestion=suggestion,
        )
