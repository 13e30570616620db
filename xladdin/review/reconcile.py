"""Reconcile provincial current-price GVA with the national totals.

Two methods, both visible cell by cell in the review workbook:

**Raking** (:func:`rake_panel`): for each year and each national line, the provincial cells
that make up the line are adjusted so they add up to the national total. The line is the most
detailed one the national file gives: an ISIC industry (``01``..``21``) when the national file has
every industry of the sector, else the sector (``AGR``/``IND``/``SER``, raking all its industries
together), else total GVA (every industry together), and ``TAX`` (taxes on products) on its own.
The adjustment of a cell is proportional to ``value x alterability`` (:func:`xladdin.gdp.rake`,
basis ``"value"``); alterability 0 holds
a cell fixed (an industry with strong source data, e.g. electricity from the utility's
accounts). Sector, GVA and GDP rows are re-added from the adjusted cells. When a total cannot be
met (every cell fixed or zero) the line is left as submitted and a ``rake-total-not-met``
warning is given.

**Top-down allocation** (:func:`allocate_top_down`): a national total by line is distributed
over provinces by an indicator key (:func:`xladdin.gdp.allocate`):

- ``"gva"``: each province's own current-price value of the line (so the allocation equals
  proportional raking without held cells);
- ``"population"``: the population of the province (the ``tblYears`` population of the returned
  file for that year, else the 2015 census).

Constant-price (volume) values are *not* reconciled: chain-linked and different-base-year
volumes are not additive, so their discrepancy is reported (``volume-sum-differs``) and never
forced away.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xladdin.findings import Finding, finding
from xladdin.gdp import allocate, rake
from xladdin.gdp.errors import CalculationError
from xladdin.review.geography import industry_lines

__all__ = ["Reconciliation", "allocate_top_down", "rake_panel", "reaggregate"]


def reaggregate(panel: pd.DataFrame) -> pd.DataFrame:
    """Recompute sector, GVA and GDP rows of a (province, industry) x year panel from the
    industry and TAX rows (rows absent from the panel are not created)."""
    lines = industry_lines()
    level, sector_of = lines["level"].to_dict(), lines["sector"].to_dict()
    values = panel.to_numpy(float, copy=True)
    pos = {key: i for i, key in enumerate(panel.index)}
    for prov in panel.index.get_level_values(0).unique():
        inds = [i for (p, c), i in pos.items() if p == prov and level.get(c) == "industry"]
        if not inds:
            continue

        def total(rows: list[int]) -> np.ndarray:
            block = values[rows]
            out = np.nansum(block, axis=0)
            out[np.all(np.isnan(block), axis=0)] = np.nan
            return out

        for sector in ("AGR", "IND", "SER"):
            members = [i for i in inds if sector_of[panel.index[i][1]] == sector]
            if (prov, sector) in pos and members:
                values[pos[(prov, sector)]] = total(members)
        gva = total(inds)
        if (prov, "GVA") in pos:
            values[pos[(prov, "GVA")]] = gva
        if (prov, "GDP") in pos and (prov, "TAX") in pos:
            values[pos[(prov, "GDP")]] = gva + values[pos[(prov, "TAX")]]
    return pd.DataFrame(values, index=panel.index, columns=panel.columns)


@dataclass
class Reconciliation:
    """Result of raking: every cell before and after, the difference, and a log per line."""

    original: pd.DataFrame
    adjusted: pd.DataFrame
    log: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)

    @property
    def difference(self) -> pd.DataFrame:
        return self.adjusted - self.original


def _groups(national: pd.DataFrame, year: int, present: set[str]) -> list[tuple[str, list[str]]]:
    """National lines to rake in ``year`` and the provincial industry codes making up each."""
    lines = industry_lines()
    level, sector_of = lines["level"].to_dict(), lines["sector"].to_dict()
    have = set(national.index[national[year].notna()]) if year in national else set()
    groups = []
    for sector in ("AGR", "IND", "SER"):
        members = [
            c
            for c in lines.index
            if level[c] == "industry" and sector_of[c] == sector and c in present
        ]
        if not members:
            continue
        if all(m in have for m in members):
            groups += [(m, [m]) for m in members]
        elif sector in have:
            groups.append((sector, members))
    if not groups and "GVA" in have:  # national GVA only: rake every industry together
        members = [c for c in lines.index if level[c] == "industry" and c in present]
        if members:
            groups.append(("GVA", members))
    if "TAX" in have and "TAX" in present:
        groups.append(("TAX", ["TAX"]))
    return groups


def rake_panel(
    panel: pd.DataFrame,
    national: pd.DataFrame,
    alterability: pd.DataFrame | None = None,
    years: list[int] | None = None,
    expected: list[str] | None = None,
) -> Reconciliation:
    """Rake a provincial current-price panel to national totals.

    Parameters
    ----------
    panel : DataFrame
        Index (province code, line code), columns years; current prices.
    national : DataFrame
        National current-price totals, index line code, columns years.
    alterability : DataFrame, optional
        Index province code, columns line code (industry or TAX), values >= 0; missing = 1,
        0 holds the cell fixed.
    years : list of int, optional
        Years to reconcile (default: every year in both).
    expected : list of str, optional
        Province codes that make up the nation. A year in which one of them has no data is not
        raked (``reconcile-incomplete``): raking the provinces that did report to the national
        total would hand them the missing provinces' share. None: rake whatever is there.

    Returns
    -------
    Reconciliation
    """
    values = panel.to_numpy(float, copy=True)
    pos = {key: i for i, key in enumerate(panel.index)}
    col = {y: j for j, y in enumerate(panel.columns)}
    largest: dict[int, tuple[float, str, str]] = {}
    raked: dict[int, int] = {}
    findings: list[Finding] = []
    log = []
    present = set(panel.index.get_level_values(1))
    provinces = list(panel.index.get_level_values(0).unique())
    years = years or [y for y in panel.columns if y in national.columns]
    nat_values = national.to_dict(orient="index")
    reported = {y: set(panel.index.get_level_values(0)[panel[y].notna().to_numpy()]) for y in years}
    for year in years:
        j = col[year]
        if expected is not None:
            missing = sorted(set(expected) - reported[year])
            if missing:
                shown = ", ".join(missing[:6]) + (" ..." if len(missing) > 6 else "")
                findings.append(
                    finding(
                        "reconcile-incomplete", year=int(year), count=len(missing), provinces=shown
                    )
                )
                continue
        for line, members in _groups(national, year, present):
            rows = [pos[(p, m)] for p in provinces for m in members if (p, m) in pos]
            rows = [i for i in rows if not np.isnan(values[i, j])]
            if not rows:
                continue
            x = values[rows, j].copy()
            alter = np.ones(len(rows))
            if alterability is not None:
                for k, i in enumerate(rows):
                    p, m = panel.index[i]
                    if p in alterability.index and m in alterability.columns:
                        a = alterability.loc[p, m]
                        alter[k] = 1.0 if pd.isna(a) else float(a)
            total = float(nat_values[line][year])
            met = True
            try:
                new = np.asarray(rake(x, total, basis="value", alterability=alter), float)
            except CalculationError as exc:  # InfeasibleError above all
                met = False
                new = x
                findings.append(
                    finding(
                        "rake-total-not-met",
                        what=f"{line} {year}",
                        total=total,
                        reason=str(exc),
                        line=line,
                        year=year,
                    )
                )
            values[rows, j] = new
            change = new - x
            if met and np.abs(change).max() > 0:
                k = int(np.argmax(np.abs(change)))
                if abs(change[k]) > abs(largest.get(year, (0.0,))[0]):
                    largest[year] = (float(change[k]), line, panel.index[rows[k]][0])
                raked[year] = raked.get(year, 0) + 1
            log.append(
                {
                    "line": line,
                    "year": year,
                    "national": total,
                    "before": float(x.sum()),
                    "after": float(np.sum(new)),
                    "met": met,
                }
            )
    for year, (change, line, prov) in largest.items():
        findings.append(
            finding(
                "reconcile-adjusted",
                year=year,
                lines=raked[year],
                largest=change,
                industry=line,
                province=prov,
            )
        )
    adjusted = pd.DataFrame(values, index=panel.index, columns=panel.columns)
    adjusted = reaggregate(adjusted)
    untouched = [y for y in panel.columns if y not in raked]
    adjusted[untouched] = panel[untouched]  # re-adding would only show rounding noise there
    return Reconciliation(panel.copy(), adjusted, pd.DataFrame(log), findings)


def allocate_top_down(
    national: pd.DataFrame,
    year: int,
    key: str,
    panel: pd.DataFrame | None = None,
    population: pd.Series | None = None,
    lines: list[str] | None = None,
) -> pd.DataFrame:
    """Distribute national totals of ``year`` over provinces by an indicator key.

    Parameters
    ----------
    national : DataFrame
        National current-price totals, index line code, columns years.
    key : {"gva", "population"}
        ``"gva"``: the province's own value of the line in ``panel``; ``"population"``: the
        ``population`` series (province code -> persons).
    lines : list of str, optional
        Lines to allocate (default: every line with a national value for ``year``).

    Returns
    -------
    DataFrame
        Index province code, columns line codes.
    """
    if year not in national.columns:
        return pd.DataFrame()
    lines = lines or [c for c in national.index if pd.notna(national.loc[c, year])]
    out = {}
    for line in lines:
        total = float(national.loc[line, year])
        if key == "population":
            if population is None:
                raise ValueError("key 'population' needs the population series")
            ind = population
        elif key == "gva":
            if panel is None:
                raise ValueError("key 'gva' needs the provincial panel")
            try:
                ind = panel.xs(line, level=1)[year]
            except KeyError:
                continue
        else:
            raise ValueError(f"unknown allocation key {key!r}")
        ind = ind.dropna()
        try:
            allocated = np.asarray(allocate(total, ind.to_numpy(float)), float)
            out[line] = pd.Series(allocated, index=ind.index)
        except CalculationError:  # zero or too few indicators: the line is left out
            continue
    return pd.DataFrame(out)
