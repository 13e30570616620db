"""Template inputs: missing values, values that are not numbers, unknown codes, inconsistent base
years, population missing where per-capita figures are needed."""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Iterable, Iterator
from functools import lru_cache
from typing import Any

import numpy as np

from xladdin.findings import Finding, finding
from xladdin.text import parse_number
from xladdin.text.numbers import LAO_DIGITS
from xladdin.validate.blocks import grid_of, loc, year_of
from xladdin.validate.registry import Context, rule

__all__ = [
    "check_base_year_index",
    "check_codes",
    "check_missing",
    "normalise_code",
]


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value: Any) -> str:
    return str(value)[:60]


def check_missing(
    block: Any,
    rows: Iterable[Hashable],
    cols: Iterable[Hashable],
    name: str,
    headers: dict[Hashable, str] | None = None,
) -> Iterator[Finding]:
    """``missing-input`` for empty cells and ``input-not-a-number`` for cells whose raw value
    is not usable as a number (text, error value, date, boolean), over ``rows`` x ``cols``.

    The finding names the value as ``"<name>: <header> [<row>]"`` (``headers`` maps column
    keys to their header text)."""
    raw, values = grid_of(block, "raw"), grid_of(block)
    cols = [c for c in cols if raw.has_col(c)]
    for row in rows:
        if not raw.has_row(row):
            continue
        for col in cols:
            value = raw.at(row, col)
            if _empty(value):
                label = _label(name, headers, row, col)
                yield finding("missing-input", **loc(block, row, col), name=label)
            elif math.isnan(float(values.at(row, col))):
                if isinstance(value, str) and _ambiguous(value):
                    continue  # reported once, as ambiguous-separator (an error in inputs)
                label = _label(name, headers, row, col)
                yield finding(
                    "input-not-a-number", **loc(block, row, col), name=label, text=_shown(value)
                )


def _ambiguous(text: str) -> bool:
    return parse_number(text).ambiguous


def _label(name: str, headers: dict[Hashable, str] | None, row: Hashable, col: Hashable) -> str:
    return f"{name}: {headers.get(col, col)} [{row}]" if headers else f"{name} {row} {col}"


def normalise_code(value: Any, width: int = 2) -> str | None:
    """A code cell as text: numbers become zero-padded digits (3 -> "03"), text is stripped."""
    if _empty(value):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        if float(value).is_integer():
            return str(int(value)).zfill(width)
        return str(value)
    text = str(value).strip()
    return text.zfill(width) if text.isdigit() else text


def check_codes(
    items: Iterable[tuple[Any, dict[str, str | None]]],
    valid: set[str],
    code: str,
) -> Iterator[Finding]:
    """``code`` (``unknown-province-code`` / ``unknown-industry-code``) for every value not in
    ``valid``; ``items`` are (cell value, location) pairs. Empty cells are skipped."""
    for value, where in items:
        text = normalise_code(value)
        if text is not None and text not in valid:
            yield finding(code, **where, value=_shown(value))


def check_base_year_index(block: Any, base_year: int, name: str) -> Iterator[Finding]:
    """``inconsistent-base-year`` when an index table is not 100 in the base year but is 100
    in another year (e.g. a 2010-based price index in a 2012-based workbook)."""
    values = block.values
    years = {year_of(c): c for c in values.columns if year_of(c) is not None}
    if base_year not in years:
        return
    filled = values.dropna(how="all")
    if filled.empty:
        return
    base_col = filled[years[base_year]]
    if base_col.isna().all() or np.allclose(base_col.dropna(), 100.0, atol=0.05):
        return
    for year, col in years.items():
        col_values = filled[col].dropna()
        if (
            year != base_year
            and len(col_values) == len(filled)
            and np.allclose(col_values, 100.0, atol=0.05)
        ):
            rows = list(filled.index)
            yield finding(
                "inconsistent-base-year",
                **loc(block, rows[0], years[base_year]),
                found=year,
                expected=base_year,
                table=name,
            )
            return


# --- rules over bound templates ----------------------------------------------------------------


def _block(ctx: Context, key: str) -> Any:
    return ctx.bound.block(key) if ctx.bound is not None else None


def _headers(ctx: Context, key: str) -> dict[Hashable, str]:
    """Column key -> header text of a template table (year columns keep their year)."""
    try:
        table = ctx.bound.info.spec.table(key)
    except (AttributeError, KeyError):
        return {}
    return {c.key: c.header for c in table.columns}


def _title(ctx: Context, key: str) -> str:
    """The table's title as the user sees it above the table ("Volume index"), not its Excel
    name ("tblVolume")."""
    try:
        table = ctx.bound.info.spec.table(key)
    except (AttributeError, KeyError):
        return key
    try:
        from xladdin.templates.data import term

        return term(table.title).en or table.name
    except KeyError:
        return table.name


def _active_years(block: Any) -> list[Hashable]:
    """Year columns holding at least one value (a year not started yet is not 'missing')."""
    if block is None:
        return []
    out = []
    raw = block.raw
    unique = raw.columns.is_unique
    for y in getattr(block, "years", []) or []:
        if y not in raw.columns:
            continue
        if unique:
            if not all(map(_empty, raw[y].tolist())):
                out.append(y)
        elif not raw[y].map(_empty).all():
            out.append(y)
    return out


_REQUIRED_SCALARS = {
    "province-gdp": ("province_code", "base_year", "unit"),
    "district-growth": ("province_code", "district_code", "district_name", "base_year"),
    "sez-enterprise": ("unit",),
}


def _input_label(template_id: str | None, key: str, fallback: str) -> tuple[str, str]:
    """(English, Lao) label of a named input as the sheet shows it, from the template spec and
    the glossary (the defined name only when the spec does not know the key)."""
    from xladdin.templates.data import term
    from xladdin.templates.spec import SPECS

    spec = SPECS.get(template_id or "")
    for _sheet, name in spec.names() if spec else []:
        if name.key == key:
            try:
                t = term(name.label)
            except KeyError:
                break
            return t.en, t.lo or t.en
    return fallback, fallback


@rule("missing-input", templates="any")
def missing_input_rule(ctx: Context) -> Iterator[Finding]:
    """Every input the compilation needs is filled and is a number where a number is due."""
    bound, tid = ctx.bound, ctx.template_id
    for key in _REQUIRED_SCALARS.get(tid or "", ()):
        s = bound.scalar(key)
        if s is not None and _empty(s.raw):
            en, lo = _input_label(tid, key, s.name)  # "Province code", not xl_province_code
            yield finding("missing-input", sheet=s.sheet, cell=s.cell, name=en, name_lo=lo)
    if tid == "province-gdp":
        bench = _block(ctx, "benchmark")
        if bench is not None:
            yield from check_missing(
                bench,
                bench.raw.index,
                ["output", "ic"],
                _title(ctx, "benchmark"),
                _headers(ctx, "benchmark"),
            )
        for key in ("volume", "prices"):
            b = _block(ctx, key)
            if b is not None:
                yield from check_missing(
                    b, b.raw.index, _active_years(b), _title(ctx, key), _headers(ctx, key)
                )
        years = _block(ctx, "years")
        volume = _block(ctx, "volume")
        if years is not None and volume is not None:
            active = [y for y in _active_years(volume) if y in years.raw.index]
            yield from check_missing(
                years,
                active,
                ["kip_per_usd", "taxes_current", "taxes_volume"],
                _title(ctx, "years"),
                _headers(ctx, "years"),
            )
        direct = _block(ctx, "direct")
        if direct is not None:
            raw, values = grid_of(direct, "raw"), grid_of(direct)
            for row in direct.raw.index:
                for col in getattr(direct, "years", []) or []:
                    v = raw.at(row, col)
                    if not _empty(v) and math.isnan(float(values.at(row, col))):
                        yield finding(
                            "input-not-a-number",
                            **loc(direct, row, col),
                            name=f"{_title(ctx, 'direct')}: {col} [{row}]",
                            text=_shown(v),
                        )
    elif tid == "district-growth":
        w = _block(ctx, "weights")
        if w is not None:
            yield from check_missing(
                w, w.raw.index, ["weight"], _title(ctx, "weights"), _headers(ctx, "weights")
            )
        for key in ("indices", "household"):
            b = _block(ctx, key)
            if b is not None:
                yield from check_missing(
                    b, b.raw.index, _active_years(b), _title(ctx, key), _headers(ctx, key)
                )
    elif tid == "sez-enterprise":
        e = _block(ctx, "enterprises")
        if e is not None:
            heads = _headers(ctx, "enterprises")
            yield from check_missing(
                e, e.raw.index, ["output", "ic"], _title(ctx, "enterprises"), heads
            )
            raw = grid_of(e, "raw")
            for row in e.raw.index:
                for col in ("zone", "province", "industry", "year"):
                    if raw.has_col(col) and _empty(raw.at(row, col)):
                        name = f"{_title(ctx, 'enterprises')}: {heads.get(col, col)} [{row}]"
                        yield finding("missing-input", **loc(e, row, col), name=name)


@rule("population-missing", templates=("province-gdp",))
def population_rule(ctx: Context) -> Iterator[Finding]:
    """Population is given for every year with data (GDP per capita needs it)."""
    years, volume = _block(ctx, "years"), _block(ctx, "volume")
    if years is None or volume is None or "population" not in years.values.columns:
        return
    grid = grid_of(years)
    for y in _active_years(volume):
        if not grid.has_row(y):
            yield finding(
                "population-missing",
                sheet=years.sheet,
                cell=years.ref.split(":")[0] if hasattr(years, "ref") else None,
                year=y,
            )
            continue
        p = float(grid.at(y, "population"))
        if math.isnan(p) or p <= 0:
            yield finding("population-missing", **loc(years, y, "population"), year=y)


def _provinces() -> set[str]:
    from xladdin.templates.data import provinces

    return set(provinces().code)


def _industries() -> set[str]:
    from xladdin.templates.data import industries

    df = industries()
    return set(df[df.level == "industry"].code)


@rule("unknown-codes", templates="any")
def codes_rule(ctx: Context) -> Iterator[Finding]:
    """Province and industry codes typed by the user are in the geography and industry lists."""
    s = ctx.bound.scalar("province_code")
    if s is not None:
        valid = _provinces()
        if ctx.template_id == "province-gdp":  # 00 = Lao PDR: national GDP (nation.csv)
            from xladdin.templates.data import nation

            valid = valid | set(nation().code)
        yield from check_codes(
            [(s.raw, {"sheet": s.sheet, "cell": s.cell})], valid, "unknown-province-code"
        )
    e = _block(ctx, "enterprises")
    if e is not None:
        for col, valid, code in (
            ("province", _provinces(), "unknown-province-code"),
            ("industry", _industries(), "unknown-industry-code"),
        ):
            if col in e.raw.columns:
                raw = grid_of(e, "raw")
                items = [(raw.at(r, col), loc(e, r, col)) for r in e.raw.index]
                yield from check_codes(items, valid, code)


@rule("base-year", templates="any")
def base_year_rule(ctx: Context) -> Iterator[Finding]:
    """One base year: the settings, the validation settings and the index tables agree."""
    s = ctx.bound.scalar("base_year")
    base = s.value if s is not None and isinstance(s.value, int) else None
    expected = ctx.config.base_year
    if base is not None and expected is not None and base != expected:
        yield finding(
            "inconsistent-base-year", sheet=s.sheet, cell=s.cell, found=base, expected=expected
        )
    if base is None:
        return
    old = ctx.bound.scalar("old_base_year")
    if old is not None and isinstance(old.value, int) and old.value >= base:
        yield finding(
            "rebase-old-base-not-earlier", sheet=old.sheet, cell=old.cell, old=old.value, base=base
        )
    for key in ("volume", "prices", "indices"):
        b = _block(ctx, key)
        if b is not None:
            yield from check_base_year_index(b, base, key)


_LAO_DIGITS = str.maketrans(LAO_DIGITS, "0123456789")  # (xladdin.text.numbers)
_BASE_LABEL = re.compile(
    r"(?:constant|base[\s-]*year|ລາຄາຄົງທີ່|ປີຖານ)[^0-9\n]{0,30}?((?:19|20)\d\d)(?!\d)"
    r"|(?<!\d)((?:19|20)\d\d)\s*(?:constant\s+)?prices\b"
    r"|prices\s+of\s+((?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)


def base_year_mentions(text: str) -> list[int]:
    """Base years named in a label: ``"constant 2010 prices"``, ``"at 2012 prices"``,
    ``"base year: 2012"``, ``"ລາຄາຄົງທີ່ ປີ 2012"`` (Lao digits accepted)."""
    return list(_mentions(text))


@lru_cache(maxsize=16_384)
def _mentions(text: str) -> tuple[int, ...]:
    """:func:`base_year_mentions`, memoised (labels recur across tables and files)."""
    t = text.translate(_LAO_DIGITS)
    return tuple(int(next(g for g in m.groups() if g)) for m in _BASE_LABEL.finditer(t))


@rule("base-year-labels")
def base_year_labels_rule(ctx: Context) -> Iterator[Finding]:
    """Labels that name a base year ("constant 2010 prices") agree with the workbook's base
    year (or with each other, in any workbook)."""
    named = {t: m for t in ctx.texts() if (m := _mentions(t))}  # each distinct text once
    mentions = []
    if named:
        for sheet, cell, text in ctx.text_cells():
            for year in named.get(text, ()):
                mentions.append((year, sheet, cell))
    if not mentions:
        return
    expected = None
    s = ctx.bound.scalar("base_year") if ctx.bound is not None else None
    if s is not None and isinstance(s.value, int):
        expected = s.value
    elif ctx.config.base_year is not None:
        expected = ctx.config.base_year
    else:
        counts: dict[int, int] = {}
        for year, _, _ in mentions:
            counts[year] = counts.get(year, 0) + 1
        expected = max(counts, key=lambda y: (counts[y], y))
    accepted = {expected}
    old = ctx.bound.scalar("old_base_year") if ctx.bound is not None else None
    if old is not None and isinstance(old.value, int):
        accepted.add(old.value)  # a rebasing sheet names the old base on purpose
    seen = set()
    for year, sheet, cell in mentions:
        if year not in accepted and (sheet, cell) not in seen:
            seen.add((sheet, cell))
            # A label is weaker evidence than the base-year setting: a warning, not an error.
            yield finding(
                "inconsistent-base-year",
                sheet=sheet,
                cell=cell,
                severity="warning",
                found=year,
                expected=expected,
            )


def _range_checks(
    block: Any, rows: Iterable[Hashable], cols: Iterable[Hashable], name: str, code: str
) -> Iterator[Finding]:
    """``code`` for every value of ``rows`` x ``cols`` below zero (``negative-input``) or not
    above zero (``index-not-positive``). Empty and non-numeric cells are left to
    ``missing-input``."""
    values = grid_of(block)
    cols = [c for c in cols if values.has_col(c)]
    for row in rows:
        if not values.has_row(row):
            continue
        for col in cols:
            v = float(values.at(row, col))
            if math.isnan(v):
                continue
            if (code == "negative-input" and v < 0) or (code == "index-not-positive" and v <= 0):
                yield finding(code, **loc(block, row, col), name=f"{name} [{row}]", value=v)


@rule("input-range", templates=("province-gdp", "district-growth"))
def input_range_rule(ctx: Context) -> Iterator[Finding]:
    """Benchmark output and intermediate consumption, exchange rates and sector weights are
    not negative; volume, price and production indices, the volume index of taxes and the
    CPI are above zero."""
    if ctx.template_id == "district-growth":
        w = _block(ctx, "weights")
        if w is not None:
            label = f"{_title(ctx, 'weights')}"
            yield from _range_checks(w, w.values.index, ["weight"], label, "negative-input")
        for key, rows in (("indices", None), ("household", ("CPI",))):
            b = _block(ctx, key)
            if b is not None:
                for y in getattr(b, "years", []) or []:
                    label = f"{_title(ctx, key)}: {y}"
                    yield from _range_checks(
                        b, rows or b.values.index, [y], label, "index-not-positive"
                    )
        return
    bench = _block(ctx, "benchmark")
    if bench is not None:
        heads = _headers(ctx, "benchmark")
        for col in ("output", "ic"):
            label = f"{_title(ctx, 'benchmark')}: {heads.get(col, col)}"
            yield from _range_checks(bench, bench.values.index, [col], label, "negative-input")
    years = _block(ctx, "years")
    if years is not None:
        heads = _headers(ctx, "years")
        for col, code in (
            ("kip_per_usd", "negative-input"),
            ("taxes_volume", "index-not-positive"),
        ):
            label = f"{_title(ctx, 'years')}: {heads.get(col, col)}"
            yield from _range_checks(years, years.values.index, [col], label, code)
    for key in ("volume", "prices"):
        b = _block(ctx, key)
        if b is not None:
            for y in getattr(b, "years", []) or []:
                label = f"{_title(ctx, key)}: {y}"
                yield from _range_checks(b, b.values.index, [y], label, "index-not-positive")
