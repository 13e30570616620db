"""Row sets of template tables, resolved from the data files (industries, years, fixed lists)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from xladdin.templates.data import industries, term
from xladdin.templates.spec import Table

__all__ = ["Row", "row_set"]


@dataclass(frozen=True)
class Row:
    """One prefilled row: its code and bilingual label (``confirmed`` False marks a † term)."""

    code: str
    en: str
    lo: str
    confirmed: bool = True
    section: str = ""


def _from_label(code: str, key: str) -> Row:
    terms = [term(k) for k in key.split("+")]
    return Row(
        code,
        ": ".join(t.en for t in terms),
        ": ".join(t.lo for t in terms),
        all(t.confirmed for t in terms),
    )


def _industry_row(r: dict[str, Any]) -> Row:
    return Row(r["code"], r["name_en"], r["name_lo"], r["status"] == "confirmed", r["isic_section"])


_MADE: list[tuple[Any, dict[str, list[Row]], list[Row]]] = []
"""[(the industries table, its rows by level, the publication order)]: made once per table
:func:`~xladdin.templates.data.industries` returns (one pass over it, not one per table)."""


def _industry_rows(df: Any) -> tuple[dict[str, list[Row]], list[Row]]:
    """The rows of the industries table ``df`` by level (``industry``, ``sector``,
    ``aggregate``), and in publication order: each sector followed by its industries, then
    the aggregates."""
    for frame, by_level, publication in _MADE:
        if frame is df:
            return by_level, publication
    records = df.to_dict("records")
    by_level: dict[str, list[Row]] = {}
    for r in records:
        by_level.setdefault(r["level"], []).append(_industry_row(r))
    publication: list[Row] = []
    for s in (r for r in records if r["level"] == "sector"):
        publication.append(_industry_row(s))
        publication.extend(
            _industry_row(r)
            for r in records
            if r["level"] == "industry" and r["sector"] == s["code"]
        )
    publication.extend(by_level.get("aggregate", []))
    _MADE[:] = [(df, by_level, publication)]
    return by_level, publication


def row_set(table: Table, years: tuple[int, ...] = ()) -> list[Row]:
    """The rows a table is built with (and that the binding expects), in order.

    ``free`` tables have no expected rows; ``years`` tables one row per year.
    """
    return list(_row_set(table, tuple(years)))


@lru_cache(maxsize=256)
def _row_set(table: Table, years: tuple[int, ...]) -> tuple[Row, ...]:
    return tuple(_rows(table, years))


def _rows(table: Table, years: tuple[int, ...]) -> list[Row]:
    return _base_rows(table, years) + [_from_label(c, k) for c, k in table.extra_rows]


def _base_rows(table: Table, years: tuple[int, ...]) -> list[Row]:
    if table.fixed_rows:
        return [_from_label(code, key) for code, key in table.fixed_rows]
    if table.rows in ("industries", "sectors", "publication"):
        by_level, publication = _industry_rows(industries())
        if table.rows == "publication":
            return list(publication)
        return list(by_level.get("industry" if table.rows == "industries" else "sector", []))
    if table.rows == "years":
        return [Row(str(y), "", "") for y in years]
    return []
