"""National totals: the figures the sum of provinces is compared with.

Format (CSV, UTF-8, or an .xlsx with a sheet named ``National``): one row per industry line and
year, with a header row naming the columns (other columns are ignored; lines starting with ``#``
before the header are comments)::

    industry,year,current,constant,growth
    AGR,2022,31250.4,14210.0,2.9
    GDP,2022,229400.0,142980.5,4.4

- ``industry``: a code of ``industries.csv`` (AGR, IND, SER, 01..21, GVA, TAX, GDP);
- ``year``: four-digit year;
- ``current``: billion kip at current prices;
- ``constant``: billion kip at constant prices (optional);
- ``growth``: official real growth in percent (optional; when absent it is computed from
  ``constant``).

The review workbook's *National* sheet uses the same columns, so totals typed there can be
read back with ``--national review.xlsx``.

A compiled **national workbook** is accepted too (issue 9, section 4): the ``province-gdp``
template with the national code ``00`` (Lao PDR, ``nation.csv``) as its province code. It is
read like a provincial return (:func:`xladdin.review.intake.read_submission`: untrusted-file
inspection, return stamp, outputs recomputed from its inputs) and needs the reviewer's
acceptance by name (``--accept FILE``) when it is unstamped, changed or cannot be recomputed;
security refusals are never overridden. Its ``tblGvaCurrent`` and ``tblGvaConstant`` give the
``current`` and ``constant`` columns of every line (industries, sectors, GVA, TAX, GDP).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from xladdin.findings import Finding, finding
from xladdin.findings.words import os_error_word, reason, word
from xladdin.review.geography import industry_lines
from xladdin.review.intake import (
    TRUST_REASONS,
    Options,
    apply_acceptance,
    needs_acceptance,
    read_submission,
)
from xladdin.workbook.limits import DEFAULT_LIMITS

__all__ = ["COLUMNS", "NationalTotals", "read_national"]

COLUMNS = ("industry", "year", "current", "constant", "growth")
MAX_ROWS = 100_000


@dataclass
class NationalTotals:
    """National totals indexed by (industry, year) with float columns current, constant, growth."""

    frame: pd.DataFrame
    source: str = ""
    findings: list[Finding] = field(default_factory=list)

    def value(self, basis: str) -> pd.DataFrame:
        """A wide table (industry x year) of ``current``/``constant``/``growth``."""
        if self.frame.empty or basis not in self.frame:
            return pd.DataFrame()
        return self.frame[basis].unstack("year")

    def official_growth(self, industry: str = "GDP") -> pd.Series:
        """Official growth (percent) by year: the ``growth`` column, else from ``constant``."""
        if self.frame.empty:
            return pd.Series(dtype=float)
        try:
            rows = self.frame.xs(industry, level="industry")
        except KeyError:
            return pd.Series(dtype=float)
        g = rows["growth"].copy()
        computed = (rows["constant"] / rows["constant"].shift(1) - 1) * 100
        computed = computed.where(rows.index.to_series().diff() == 1)
        return g.fillna(computed)


def _empty() -> pd.DataFrame:
    idx = pd.MultiIndex.from_arrays([[], []], names=["industry", "year"])
    return pd.DataFrame({c: pd.Series(dtype=float) for c in COLUMNS[2:]}, index=idx)


def _to_float(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return math.nan
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).replace(",", "").strip())
    except ValueError:
        return None


def from_rows(rows: list[list[Any]], source: str) -> NationalTotals:
    """Parse rows (header row somewhere on top, first cell ``industry``) into totals."""
    findings: list[Finding] = []
    header_at = None
    for i, row in enumerate(rows[:50]):
        first = str(row[0]).strip().casefold() if row and row[0] is not None else ""
        if first == "industry":
            header_at = i
            break
    if header_at is None:
        findings.append(
            finding(
                "national-file-invalid",
                where=source,
                **reason("national_no_header"),
            )
        )
        return NationalTotals(_empty(), source, findings)
    header = [str(h).strip().casefold() if h is not None else "" for h in rows[header_at]]
    missing = [c for c in ("industry", "year", "current") if c not in header]
    if missing:
        findings.append(
            finding(
                "national-file-invalid",
                where=source,
                **reason("national_missing_columns", columns=", ".join(missing)),
            )
        )
        return NationalTotals(_empty(), source, findings)
    at = {c: header.index(c) for c in COLUMNS if c in header}
    known = set(industry_lines().index)
    records = []
    for n, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        row = list(row) + [None] * (len(header) - len(row))
        code = row[at["industry"]]
        if code is None or str(code).strip() == "":
            continue
        code = str(code).strip()
        if code.isdigit():
            code = code.zfill(2)
        where = f"{source} row {n}"
        if code not in known:
            findings.append(
                finding(
                    "national-file-invalid",
                    where=where,
                    **reason("national_unknown_industry", code=code),
                )
            )
            continue
        year = _to_float(row[at["year"]])
        if year is None or math.isnan(year) or year != int(year) or not 1900 < year < 2200:
            findings.append(
                finding(
                    "national-file-invalid",
                    where=where,
                    **reason("national_bad_year", year=repr(row[at["year"]])),
                )
            )
            continue
        values = {}
        for c in COLUMNS[2:]:
            v = _to_float(row[at[c]]) if c in at else math.nan
            if v is None:
                findings.append(
                    finding(
                        "national-file-invalid",
                        where=where,
                        **reason("national_not_number", column=c, value=repr(row[at[c]])),
                    )
                )
                v = math.nan
            values[c] = v
        records.append({"industry": code, "year": int(year), **values})
    if not records:
        if not findings:  # a header and nothing under it is not "no national totals given"
            findings.append(
                finding(
                    "national-file-invalid",
                    where=source,
                    **reason("national_no_rows"),
                )
            )
        return NationalTotals(_empty(), source, findings)
    df = pd.DataFrame.from_records(records)
    dup = df.duplicated(["industry", "year"], keep="last")
    for r in df[dup].itertuples():
        findings.append(
            finding(
                "national-file-invalid",
                where=source,
                **reason("national_given_twice", industry=r.industry, year=r.year),
            )
        )
    df = df[~dup].set_index(["industry", "year"]).sort_index()
    return NationalTotals(df, source, findings)


def _invalid(source: str, key: str, **fields: Any) -> NationalTotals:
    """Empty totals and one ``national-file-invalid`` finding, its reason the row ``key``."""
    return _invalid_because(source, reason(key, **fields))


def _invalid_because(source: str, why: dict[str, str]) -> NationalTotals:
    return NationalTotals(_empty(), source, [finding("national-file-invalid", where=source, **why)])


def _joined(found: list[Finding]) -> dict[str, str]:
    """The messages of ``found`` as one reason, English and Lao."""
    return {
        "reason": "; ".join(f.message_en for f in found),
        "reason_lo": "; ".join(f.message_lo for f in found),
    }


def _from_workbook(path: Path, source: str, accept: tuple[str, ...]) -> NationalTotals:
    """National totals from a compiled national ``province-gdp`` workbook (module doc)."""
    from xladdin.templates.data import is_national

    options = Options(validate=False, accept=tuple(accept))
    sub = read_submission(path, options)
    status, _status_lo = apply_acceptance(sub, options)
    refusing = [f for f in sub.findings if f.refuses]
    if refusing:
        return _invalid_because(source, _joined(refusing))
    if status.startswith("not accepted"):
        reasons = needs_acceptance(sub)
        why = {
            lang: word(
                "national_use_accept",
                lang,
                reasons="; ".join(TRUST_REASONS[r][i] for r in reasons),
                source=source,
            )
            for i, lang in enumerate(("en", "lo"))
        }
        return _invalid_because(source, {"reason": why["en"], "reason_lo": why["lo"]})
    if sub.level != "province" or "gva_current" not in sub.tables:
        return _invalid(source, "national_not_compiled")
    if not is_national(sub.province_code or sub.code):
        return _invalid(
            source, "national_other_province", code=sub.province_code or sub.code or "?"
        )
    if sub.unit and str(sub.unit).strip().casefold() != "billion kip":
        return _invalid(source, "national_unit", unit=sub.unit)
    known = set(industry_lines().index)
    cur = sub.tables["gva_current"]
    con = sub.tables.get("gva_constant")
    records = []
    for code in cur.index:
        if code not in known:
            continue
        for year in cur.columns:
            value = float(cur.at[code, year])
            constant = (
                float(con.at[code, year])
                if con is not None and code in con.index and year in con.columns
                else math.nan
            )
            if math.isnan(value) and math.isnan(constant):
                continue
            records.append(
                {
                    "industry": code,
                    "year": int(year),
                    "current": value,
                    "constant": constant,
                    "growth": math.nan,
                }
            )
    if not records:
        return _invalid(source, "national_empty_results")
    df = pd.DataFrame.from_records(records).set_index(["industry", "year"]).sort_index()
    kept = [f for f in sub.findings if f.code in ("review-accepted", "review-unstamped")]
    return NationalTotals(df, source, kept)


def read_national(path: str | Path, accept: tuple[str, ...] = ()) -> NationalTotals:
    """Read national totals from a CSV file, the ``National`` sheet of an .xlsx, or a compiled
    national workbook (``province-gdp`` with province code 00).

    ``accept`` are the reviewer's ``--accept`` patterns (a national workbook without a stamp,
    or changed, is used only when accepted). Problems are findings (``national-file-invalid``),
    never exceptions; an unreadable file gives empty totals and one finding.
    """
    path = Path(path)
    source = path.name
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            from xladdin.workbook.safety import is_refused, open_untrusted

            view, found = open_untrusted(path)
            if view is None or is_refused(found):
                return _invalid_because(
                    source, _joined(found) if found else reason("path_unreadable")
                )
            sheets = {s.casefold(): s for s in view.sheet_names()}
            sheet = sheets.get("national")
            if sheet is None and "_xladdin" in sheets:  # a compiled national workbook
                return _from_workbook(path, source, accept)
            if sheet is None:
                return _invalid(source, "national_no_sheet")
            used = view.used_range(sheet)
            rows = view.values(sheet, used) if used else []
            if used and not used.startswith("A"):
                from xladdin.workbook.model import parse_ref

                (c1, _r1), _ = parse_ref(used)
                rows = [[None] * (c1 - 1) + r for r in rows]
        else:
            most = DEFAULT_LIMITS.max_table_file_bytes
            with path.open("rb") as fh:
                raw = fh.read(most + 1)
            if len(raw) > most:
                return _invalid(source, "national_too_large")
            text = raw.decode("utf-8-sig")
            lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
            rows = list(csv.reader(io.StringIO("\n".join(lines[:MAX_ROWS]))))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        if isinstance(exc, OSError):
            return _invalid(source, os_error_word(exc) or "path_unreadable")
        if isinstance(exc, UnicodeDecodeError):
            return _invalid(source, "national_not_utf8")
        return _invalid(source, "national_bad_csv", error=str(exc))
    totals = from_rows(rows, source)
    return totals
