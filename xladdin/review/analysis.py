"""The review tables: provinces x industries x years, the sum against national totals, growth,
structure and per capita. Pure pandas over :class:`~xladdin.review.submission.Submission`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import pandas as pd

from xladdin.findings import Finding, finding
from xladdin.review.national import NationalTotals
from xladdin.review.submission import Submission

__all__ = ["AGGREGATES", "Tables", "build_tables", "panel"]

AGGREGATES = frozenset({"AGR", "IND", "SER", "GVA", "TAX", "GDP"})


def panel(subs: list[Submission], key: str) -> pd.DataFrame:
    """Stack one results table of every provincial submission: index (province, line)."""
    frames = {s.code: s.tables[key] for s in subs if key in s.tables}
    if not frames:
        return pd.DataFrame()
    df = pd.concat(frames, names=["province", "line"])
    df = df.reindex(columns=sorted(df.columns))  # provinces may cover different years
    return df.sort_index(level=0, sort_remaining=False)


@dataclass
class Tables:
    """Everything the review workbook shows (frames) and the findings of the comparison."""

    current: pd.DataFrame
    constant: pd.DataFrame
    sum_current: pd.DataFrame
    sum_constant: pd.DataFrame
    comparison: pd.DataFrame
    growth: pd.DataFrame
    growth_summary: pd.DataFrame
    structure: pd.DataFrame
    per_capita: pd.DataFrame
    districts: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)


def _pct(a: float, b: float) -> float:
    return (a - b) / b * 100 if b else math.nan


def compare(
    sums: dict[str, pd.DataFrame], national: NationalTotals | None, tolerance_pct: float
) -> tuple[pd.DataFrame, list[Finding]]:
    """Sum of provinces vs national by basis, line and year (long table) and findings."""
    rows, findings = [], []
    if national is None or national.frame.empty:
        return pd.DataFrame(
            columns=["basis", "line", "year", "provinces", "national", "difference", "pct"]
        ), findings
    for basis, total in sums.items():
        nat = national.value(basis)
        if nat.empty or total.empty:
            continue
        a = total.stack().rename("provinces")
        b = nat.stack().rename("national")
        a.index.names = b.index.names = ["line", "year"]
        both = pd.concat([a, b], axis=1, join="inner").dropna()
        differing: dict[str, list[tuple[int, float, float, float, float]]] = {}
        for (line, year), t, n in zip(
            both.index, both["provinces"].tolist(), both["national"].tolist(), strict=True
        ):
            d = t - n
            p = _pct(t, n)
            rows.append(
                {
                    "basis": basis,
                    "line": line,
                    "year": int(year),
                    "provinces": t,
                    "national": n,
                    "difference": d,
                    "pct": p,
                }
            )
            if basis != "current" and line not in AGGREGATES:
                continue  # volume detail is on the Discrepancy sheet; findings for aggregates
            if abs(p) > tolerance_pct or (n == 0 and t != 0):
                if basis == "current":  # aggregated below: one finding a line
                    differing.setdefault(line, []).append((int(year), t, n, d, p))
                    continue
                findings.append(
                    finding(
                        "volume-sum-differs",
                        sheet="Discrepancy",
                        industry=line,
                        year=int(year),
                        total=round(t, 3),
                        national=round(n, 3),
                        diff=round(d, 3),
                        pct=round(p, 2),
                    )
                )
        for line, years in differing.items():
            findings.append(_sum_differs(line, years))
    return pd.DataFrame(rows), findings


def _sum_differs(line: str, years: list[tuple[int, float, float, float, float]]) -> Finding:
    """One ``province-sum-differs`` for a national line: the years that differ and the largest
    difference (by absolute value; the earlier year on a tie). The per-year detail is on the
    Discrepancy sheet."""
    year, t, n, d, p = max(years, key=lambda y: (abs(y[3]), -y[0]))
    return finding(
        "province-sum-differs",
        sheet="Discrepancy",
        industry=line,
        years=", ".join(str(y[0]) for y in sorted(years)),
        count=len(years),
        year=year,
        total=round(t, 3),
        national=round(n, 3),
        diff=round(d, 3),
        pct=round(p, 2),
    )


def growth_tables(
    constant: pd.DataFrame,
    sum_constant: pd.DataFrame,
    national: NationalTotals | None,
    gap_points: float,
) -> tuple[pd.DataFrame, pd.DataFrame, list[Finding]]:
    """Real GDP growth (percent) by province and year; the growth implied by the sum of
    provinces vs official national growth; how many provinces grow faster / slower."""
    findings: list[Finding] = []
    if constant.empty:
        return pd.DataFrame(), pd.DataFrame(), findings
    gdp = (
        constant.xs("GDP", level="line")
        if "GDP" in constant.index.get_level_values(1)
        else pd.DataFrame()
    )
    if gdp.empty:
        return pd.DataFrame(), pd.DataFrame(), findings
    gdp = gdp.reindex(columns=sorted(gdp.columns))
    years = list(gdp.columns)
    follows = pd.Series([False] + [b - a == 1 for a, b in pairwise(years)], index=years)
    prev = gdp.shift(1, axis=1)
    g = (gdp / prev - 1).mul(100).where(follows, axis=1)
    # Growth of the provincial sum over the provinces that report both years (a province that
    # starts reporting must not count as growth).
    both = gdp.notna() & prev.notna()
    implied = (gdp.where(both).sum() / prev.where(both).sum() - 1).mul(100)
    implied = implied.where(follows & both.any())
    official = (
        national.official_growth("GDP").reindex(years)
        if national is not None
        else pd.Series(np.nan, index=years)
    )
    summary = pd.DataFrame(
        {
            "implied": implied,
            "official": official,
            "gap": implied - official,
            "faster": [
                (g[y] > official[y]).sum() if pd.notna(official[y]) else np.nan for y in years
            ],
            "slower": [
                (g[y] < official[y]).sum() if pd.notna(official[y]) else np.nan for y in years
            ],
            "provinces": [g[y].notna().sum() for y in years],
        },
        index=years,
    )
    for y in years:
        gap = summary.loc[y, "gap"]
        if pd.notna(gap) and abs(gap) > gap_points:
            findings.append(
                finding(
                    "growth-gap",
                    sheet="Growth",
                    year=int(y),
                    implied=round(float(summary.loc[y, "implied"]), 2),
                    official=round(float(summary.loc[y, "official"]), 2),
                    gap=round(float(gap), 2),
                )
            )
    return g, summary, findings


def _stacked(rows: dict[tuple[str, str], pd.Series], names: list[str]) -> pd.DataFrame:
    """One row a key (a two-level index named ``names``); an empty frame when there are none."""
    if not rows:
        return pd.DataFrame()
    df = pd.DataFrame(rows).T
    df.index.names = names
    return df


def structure_table(current: pd.DataFrame) -> pd.DataFrame:
    """Shares (percent of GDP at current prices) of AGR, IND, SER and TAX by province and year."""
    if current.empty:
        return pd.DataFrame()
    parts = ["AGR", "IND", "SER", "TAX"]
    rows = {}
    if current.index.is_unique:  # rows found by position, divided as numpy arrays
        values = current.to_numpy(float)
        pos = {key: i for i, key in enumerate(current.index)}
        with np.errstate(divide="ignore", invalid="ignore"):
            for prov in current.index.get_level_values(0).unique():
                gdp = pos.get((prov, "GDP"))
                if gdp is None:
                    continue
                for part in parts:
                    if (prov, part) in pos:
                        share = values[pos[(prov, part)]] / values[gdp] * 100
                        rows[(prov, part)] = pd.Series(share, index=current.columns)
        return _stacked(rows, ["province", "line"])
    for prov in current.index.get_level_values(0).unique():
        block = current.loc[prov]
        if "GDP" not in block.index:
            continue
        for part in parts:
            if part in block.index:
                rows[(prov, part)] = block.loc[part] / block.loc["GDP"] * 100
    return _stacked(rows, ["province", "line"])


def per_capita_table(subs: list[Submission]) -> pd.DataFrame:
    """GDP per capita in kip and USD by province and year (from the per-capita table, else
    computed from GDP and the Years table)."""
    rows = {}
    for s in subs:
        pc = s.tables.get("per_capita")
        if pc is not None and {"GDPPC_KIP", "GDPPC_USD"} <= set(pc.index):
            rows[(s.code, "GDPPC_KIP")] = pc.loc["GDPPC_KIP"]
            rows[(s.code, "GDPPC_USD")] = pc.loc["GDPPC_USD"]
            continue
        cur, yrs = s.tables.get("gva_current"), s.tables.get("years")
        if cur is None or yrs is None or "GDP" not in cur.index:
            continue
        pop = yrs["population"].reindex(cur.columns) if "population" in yrs else None
        if pop is None:
            continue
        kip = cur.loc["GDP"] * 1e9 / pop  # billion kip -> kip
        rows[(s.code, "GDPPC_KIP")] = kip
        if "kip_per_usd" in yrs:
            rows[(s.code, "GDPPC_USD")] = kip / yrs["kip_per_usd"].reindex(cur.columns)
    return _stacked(rows, ["province", "line"])


def district_table(subs: list[Submission]) -> pd.DataFrame:
    """Composite growth (percent) by district and year, with the province code."""
    rows = {}
    for s in subs:
        t = s.tables.get("district_growth")
        if t is None or "COMPOSITE_G" not in t.index:
            continue
        rows[(s.province_code or "", s.code or "")] = t.loc["COMPOSITE_G"]
    return _stacked(rows, ["province", "district"]).sort_index()


def build_tables(
    provinces: list[Submission],
    districts: list[Submission],
    national: NationalTotals | None,
    tolerance_pct: float = 0.05,
    gap_points: float = 0.5,
) -> Tables:
    """All review tables from the usable submissions."""
    current = panel(provinces, "gva_current")
    constant = panel(provinces, "gva_constant")
    sum_current = (
        current.groupby(level="line", sort=False).sum(min_count=1)
        if not current.empty
        else pd.DataFrame()
    )
    sum_constant = (
        constant.groupby(level="line", sort=False).sum(min_count=1)
        if not constant.empty
        else pd.DataFrame()
    )
    comparison, findings = compare(
        {"current": sum_current, "constant": sum_constant}, national, tolerance_pct
    )
    growth, summary, gfind = growth_tables(constant, sum_constant, national, gap_points)
    findings += gfind
    bases = sorted({s.base_year for s in provinces if s.base_year is not None})
    if len(bases) > 1:
        findings.append(finding("base-years-mixed", years=", ".join(map(str, bases))))
    return Tables(
        current=current,
        constant=constant,
        sum_current=sum_current,
        sum_constant=sum_constant,
        comparison=comparison,
        growth=growth,
        growth_summary=summary,
        structure=structure_table(current),
        per_capita=per_capita_table(provinces),
        districts=district_table(districts),
        findings=findings,
    )
