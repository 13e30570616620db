"""Row sets of template tables, resolved from the data files (industries, years, fixed lists)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

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


def _industry_row(r) -> Row:
    return Row(r.code, r.name_en, r.name_lo, r.status == "confirmed", r.isic_section)


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
    df = industries()
    if table.rows == "industries":
        return [_industry_row(r) for r in df[df.level == "industry"].itertuples()]
    if table.rows == "sectors":
        return [_industry_row(r) for r in df[df.level == "sector"].itertuples()]
    if table.rows == "publication":
        out: list[Row] = []
        inds = df[df.level == "industry"]
        for s in df[df.level == "sector"].itertuples():
            out.append(_industry_row(s))
            out.extend(_industry_row(r) for r in inds[inds.sector == s.code].itertuples())
        out.extend(_industry_row(r) for r in df[df.level == "aggregate"].itertuples())
        return out
    if table.rows == "years":
        return [Row(str(y), "", "") for y in years]
    return []
