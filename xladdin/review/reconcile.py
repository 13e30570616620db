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

**Provinces and nation in volumes too** (:func:`reconcile_national`, issue 9): after the
current-price raking,

1. *taxes less subsidies on products* (``TAX``) are by default allocated to provinces in
   proportion to their (raked) GVA, as ESA 2010 ch. 13 does for regional GDP
   (:func:`allocate_taxes`); the taxes each province collected are kept beside for comparison
   (``taxes="rake"`` keeps the old behaviour: the collected taxes raked on their own);
2. provincial constant-price values are derived by deflating the reconciled current prices
   (:func:`derive_volumes`) with the *national* implicit deflator of the most detailed line the
   national file gives (industry, else sector, else GVA; ESA 2010 ch. 13: regional volumes by
   deflating regional current-price GVA with national price indices by industry) or, with
   ``deflator="own"``, with the province's own implicit deflator as submitted;
3. the derived constant prices are raked to the national constant prices with the same lines
   and alterability as the current prices (:func:`rake_panel`), and sectors, GVA, GDP re-added;
4. per line and year, national volume growth is shown against the growth implied by the
   provinces before (as submitted) and after reconciliation (:func:`volume_growth`).

What is reconciled is constant prices *of the base year*, which are additive. Chain-linked
volumes are not additive; a national file with chain-linked volumes can only be compared
(``volume-sum-differs``), and its raking at constant prices moves the provinces' sum to a
non-additive total (see ``docs/levels.md``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xladdin.findings import Finding, finding
from xladdin.findings.words import calculation_words
from xladdin.gdp import allocate, rake
from xladdin.gdp.errors import CalculationError
from xladdin.gdp.regional import allocate_exact, deflate_like, implied_growth
from xladdin.review.geography import industry_lines

__all__ = [
    "DEFLATORS",
    "TAX_METHODS",
    "Reconciliation",
    "VolumeReconciliation",
    "allocate_taxes",
    "allocate_top_down",
    "derive_volumes",
    "per_capita_with_allocated_taxes",
    "rake_panel",
    "reaggregate",
    "reconcile_national",
    "volume_growth",
]

DEFLATORS = ("national", "own")
"""Deflators for provincial volumes: the national implicit deflator of the line (default,
ESA 2010 ch. 13) or the province's own implicit deflator as submitted."""
TAX_METHODS = ("gva", "rake")
"""Taxes less subsidies on products: allocated by GVA (default, ESA 2010 ch. 13) or the
collected taxes raked on their own."""


def reaggregate(panel: pd.DataFrame) -> pd.DataFrame:
    """Recompute sector, GVA and GDP rows of a (province, industry) x year panel from the
    industry and TAX rows (rows absent from the panel are not created)."""
    lines = industry_lines()
    level, sector_of = lines["level"].to_dict(), lines["sector"].to_dict()
    values = panel.to_numpy(float, copy=True)
    keys = list(panel.index)  # tuples: a MultiIndex looked up by position is slow
    pos = {key: i for i, key in enumerate(keys)}
    industries: dict[object, list[int]] = {}  # each province's industry rows, in panel order
    for (p, c), i in pos.items():
        if level.get(c) == "industry":
            industries.setdefault(p, []).append(i)
    for prov in panel.index.get_level_values(0).unique():
        inds = industries.get(prov)
        if not inds:
            continue

        def total(rows: list[int]) -> np.ndarray:
            block = values[rows]
            out = np.nansum(block, axis=0)
            out[np.all(np.isnan(block), axis=0)] = np.nan
            return out

        for sector in ("AGR", "IND", "SER"):
            members = [i for i in inds if sector_of[keys[i][1]] == sector]
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
    taxes: pd.DataFrame | None = None
    """Collected vs allocated taxes on products (:func:`allocate_taxes`); None when not
    allocated."""
    volumes: VolumeReconciliation | None = None
    """Constant-price reconciliation (:func:`reconcile_national`); None when not done."""

    @property
    def difference(self) -> pd.DataFrame:
        return self.adjusted - self.original


@dataclass
class VolumeReconciliation:
    """Constant prices: submitted, derived by deflation, raked; deflator used; growth table."""

    deflator: str
    submitted: pd.DataFrame
    derived: pd.DataFrame
    adjusted: pd.DataFrame
    source: pd.DataFrame
    """Per (province, line) x year: which deflator was used (``national 01``, ``own``...)."""
    growth: pd.DataFrame
    log: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)


def _line_order() -> list[tuple[str, str, str]]:
    """(code, level, sector) of every publication line, in publication order."""
    lines = industry_lines()
    level, sector_of = lines["level"].to_dict(), lines["sector"].to_dict()
    return [(c, level[c], sector_of[c]) for c in lines.index]


def _groups(
    national: pd.DataFrame,
    year: int,
    present: set[str],
    order: list[tuple[str, str, str]] | None = None,
) -> list[tuple[str, list[str]]]:
    """National lines to rake in ``year`` and the provincial industry codes making up each
    (``order``: :func:`_line_order`, when the caller has it)."""
    order = order if order is not None else _line_order()
    have = set(national.index[national[year].notna()]) if year in national else set()
    groups = []
    for sector in ("AGR", "IND", "SER"):
        members = [c for c, lv, sec in order if lv == "industry" and sec == sector and c in present]
        if not members:
            continue
        if all(m in have for m in members):
            groups += [(m, [m]) for m in members]
        elif sector in have:
            groups.append((sector, members))
    if not groups and "GVA" in have:  # national GVA only: rake every industry together
        members = [c for c, lv, _sec in order if lv == "industry" and c in present]
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
    basis: str = "current",
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
    keys = list(panel.index)  # tuples: a MultiIndex looked up by position is slow
    pos = {key: i for i, key in enumerate(keys)}
    col = {y: j for j, y in enumerate(panel.columns)}
    largest: dict[int, tuple[float, str, str]] = {}
    raked: dict[int, int] = {}
    findings: list[Finding] = []
    log = []
    present = set(panel.index.get_level_values(1))
    provinces = list(panel.index.get_level_values(0).unique())
    years = years or [y for y in panel.columns if y in national.columns]
    nat_values = national.to_dict(orient="index")
    given = ~np.isnan(values)
    codes = np.array([p for p, _line in keys], dtype=object)
    reported = {y: set(codes[given[:, col[y]]]) for y in years}
    alter_of: dict[tuple[object, object], float] = {}  # alterability of a cell, looked up once
    order = _line_order()
    rows_of: dict[tuple[str, ...], list[int]] = {}  # panel rows of a group's members
    for year in years:
        j = col[year]
        if expected is not None:
            missing = sorted(set(expected) - reported[year])
            if missing:
                if basis != "current":
                    continue
                shown = ", ".join(missing[:6]) + (" ..." if len(missing) > 6 else "")
                findings.append(
                    finding(
                        "reconcile-incomplete", year=int(year), count=len(missing), provinces=shown
                    )
                )
                continue
        for line, members in _groups(national, year, present, order):
            group = tuple(members)
            if group not in rows_of:
                rows_of[group] = [pos[(p, m)] for p in provinces for m in members if (p, m) in pos]
            rows = [i for i in rows_of[group] if given[i, j]]
            if not rows:
                continue
            x = values[rows, j].copy()
            alter = np.ones(len(rows))
            if alterability is not None:
                for k, i in enumerate(rows):
                    key = keys[i]
                    if key not in alter_of:
                        alter_of[key] = _alterability_of(alterability, *key)
                    alter[k] = alter_of[key]
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
                        **calculation_words("reason", exc),
                        what=f"{line} {year}",
                        total=total,
                        line=line,
                        year=year,
                    )
                )
            values[rows, j] = new
            # Raking in proportion to values of mixed signs (a loss-making industry in one
            # province) can turn a positive value negative: said, with the worst one.
            flipped = (x > 0) & (new < 0)
            if met and flipped.any():
                k = int(np.argmin(np.where(flipped, new, np.inf)))
                findings.append(
                    finding(
                        "rake-negative-result",
                        what=f"{line} {year}, {keys[rows[k]][0]}",
                        total=total,
                        value=float(new[k]),
                    )
                )
            change = new - x
            if met and np.abs(change).max() > 0:
                k = int(np.argmax(np.abs(change)))
                if abs(change[k]) > abs(largest.get(year, (0.0,))[0]):
                    largest[year] = (float(change[k]), line, keys[rows[k]][0])
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
                "reconcile-adjusted" if basis == "current" else "volume-reconcile-adjusted",
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


def _alterability_of(alterability: pd.DataFrame, prov: object, line: object) -> float:
    """Alterability of a cell: 1 when the table does not give it."""
    if prov in alterability.index and line in alterability.columns:
        a = alterability.loc[prov, line]
        return 1.0 if pd.isna(a) else float(a)
    return 1.0


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


def _incomplete_years(findings: list[Finding]) -> set[int]:
    return {int(f.details["year"]) for f in findings if f.code == "reconcile-incomplete"}


def _rows_of(panel: pd.DataFrame, line: str) -> pd.DataFrame:
    """Rows of one line (index province), empty when the panel has none."""
    if panel.empty or line not in set(panel.index.get_level_values(1)):
        return pd.DataFrame(columns=panel.columns)
    return panel.xs(line, level=1)


def allocate_taxes(
    panel: pd.DataFrame,
    national: pd.DataFrame,
    years: list[int] | None = None,
    skip: set[int] | None = None,
    collected: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Allocate national taxes less subsidies on products to provinces in proportion to GVA.

    .. math::

        TAX_{p,t} = TAX^{nat}_t \\cdot \\frac{GVA_{p,t}}{\\sum_q GVA_{q,t}}

    ESA 2010 ch. 13 (regional accounts): regional GDP is regional GVA plus taxes less
    subsidies on products allocated to regions in proportion to GVA, because where a tax is
    collected (customs posts, head offices of large importers) is not where the value is added.
    The parts add up to the national total exactly (:func:`~xladdin.gdp.regional.allocate_exact`).

    Parameters
    ----------
    panel : DataFrame
        Provincial current prices (province, line) x year with ``GVA`` and ``TAX`` rows
        (normally the raked panel).
    national : DataFrame
        National current prices, index line code, columns years; needs ``TAX``.
    years : list of int, optional
        Years to allocate (default: every year with a national TAX value).
    skip : set of int, optional
        Years left as they are (e.g. not raked because provinces are missing).
    collected : DataFrame, optional
        The panel as submitted, whose ``TAX`` rows are the taxes collected (default ``panel``).

    Returns
    -------
    (DataFrame, DataFrame)
        The panel with ``TAX`` replaced and ``GDP`` re-added, and a comparison table (columns
        ``province, year, collected, allocated, difference, gva_share``; ``gva_share`` in percent).
    """
    out = panel.copy()
    rows: list[dict[str, object]] = []
    if "TAX" not in national.index or panel.empty:
        return out, pd.DataFrame(rows)
    gva, tax = _rows_of(panel, "GVA"), _rows_of(panel, "TAX")
    kept = _rows_of(panel if collected is None else collected, "TAX")
    if gva.empty or tax.empty:
        return out, pd.DataFrame(rows)
    years = years or [y for y in panel.columns if y in national.columns]
    values = out.to_numpy(float, copy=True)
    pos = {key: i for i, key in enumerate(out.index)}
    col = {y: j for j, y in enumerate(out.columns)}
    for year in years:
        total = national.loc["TAX", year] if year in national.columns else math.nan
        if (skip and year in skip) or pd.isna(total):
            continue
        ind = gva[year].dropna()
        ind = ind[[p for p in ind.index if p in tax.index]]
        if len(ind) < 2 or (ind < 0).any() or ind.sum() == 0:
            continue  # one province or unusable GVA: nothing to allocate between
        parts = allocate_exact(float(total), ind.to_numpy(float))
        share = ind / ind.sum() * 100
        shares = share.tolist() if share.index.is_unique else None
        # the collected taxes of the year, by province (looked up once, not cell by cell)
        unique = kept.index.is_unique and kept.columns.is_unique
        kept_year = kept[year].to_dict() if year in kept and unique else None
        for n, (prov, value) in enumerate(zip(ind.index, parts.tolist(), strict=True)):
            if kept_year is not None:
                got = kept_year.get(prov, math.nan)
            else:
                got = kept.loc[prov, year] if prov in kept.index and year in kept else math.nan
            collected = float(got)
            values[pos[(prov, "TAX")], col[year]] = value
            rows.append(
                {
                    "province": prov,
                    "year": int(year),
                    "collected": collected,
                    "allocated": value,
                    "difference": value - collected if not math.isnan(collected) else math.nan,
                    "gva_share": float(shares[n] if shares is not None else share[prov]),
                }
            )
    done = {r["year"] for r in rows}
    out = reaggregate(pd.DataFrame(values, index=out.index, columns=out.columns))
    untouched = [y for y in panel.columns if int(y) not in done]
    out[untouched] = panel[untouched]  # re-adding would only show rounding noise there
    return out, pd.DataFrame(rows)


def _taxes_finding(table: pd.DataFrame) -> Finding:
    """``taxes-allocated``: the years and the largest difference from the collected taxes."""
    years = sorted({int(y) for y in table["year"]})
    diff = table["difference"].abs()
    row = table.loc[diff.idxmax()] if diff.notna().any() else table.iloc[0]
    shown = ", ".join(map(str, years))
    return finding(
        "taxes-allocated",
        sheet="Taxes",
        years=shown,
        diff=round(float(row["difference"]), 3),
        province=str(row["province"]),
        year=int(row["year"]),
    )


def _national_reference(
    line: str,
    year: int,
    nat_cur: pd.DataFrame,
    nat_con: pd.DataFrame,
    cells: tuple[dict, dict] | None = None,
) -> tuple[str, float, float] | None:
    """The most detailed national line with current and constant prices for ``year``:
    the industry, else its sector, else GVA (TAX: TAX, else GDP). ``cells``: both tables as
    :func:`_cells` gives them, when the caller has them."""
    lines = industry_lines()
    sector = lines["sector"].get(line)
    chain = ["TAX", "GDP"] if line == "TAX" else [line, sector, "GVA"]
    for ref in chain:
        if not isinstance(ref, str) or not ref:
            continue
        if cells is not None:
            cur, con = cells
            if ref in cur and ref in con and year in cur[ref] and year in con[ref]:
                c, k = cur[ref][year], con[ref][year]
            else:
                continue
        elif ref in nat_cur.index and ref in nat_con.index and year in nat_cur and year in nat_con:
            c, k = nat_cur.loc[ref, year], nat_con.loc[ref, year]
        else:
            continue
        if pd.notna(c) and pd.notna(k) and c != 0:
            return ref, float(c), float(k)
    return None


def _cells(table: pd.DataFrame) -> dict | None:
    """``{line: {year: value}}`` of a national table, None when a label repeats (then
    ``.loc`` gives several values and the caller looks cells up one by one)."""
    if not (table.index.is_unique and table.columns.is_unique):
        return None
    return table.to_dict(orient="index")


def derive_volumes(
    current: pd.DataFrame,
    national_current: pd.DataFrame,
    national_constant: pd.DataFrame,
    deflator: str = "national",
    own_current: pd.DataFrame | None = None,
    own_constant: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Provincial constant prices by deflating (reconciled) current prices.

    .. math::

        K_{p,i,t} = C_{p,i,t} \\cdot \\frac{K^{ref}_{i,t}}{C^{ref}_{i,t}}

    ``ref`` is the national line (``deflator="national"``, the default; ESA 2010 ch. 13) --
    industry ``i``, else its sector, else GVA; for TAX the national TAX, else GDP -- or the
    province's own submitted current and constant prices of the line (``"own"``; where they
    are missing or zero the national deflator is used and the source says so). Industries and
    TAX are deflated; sectors, GVA and GDP are re-added (constant prices of the base year are
    additive).

    Returns
    -------
    (DataFrame, DataFrame)
        Constant prices (same index and columns as ``current``) and the deflator used per
        cell (``"national 01"``, ``"national AGR"``, ``"own"``; empty text = none found).
    """
    if deflator not in DEFLATORS:
        raise ValueError(f"unknown deflator {deflator!r}; use one of {', '.join(DEFLATORS)}")
    level = industry_lines()["level"].to_dict()
    ref_c = np.full(current.shape, np.nan)  # reference current and constant prices per cell
    ref_k = np.full(current.shape, np.nan)
    source = np.full(current.shape, "", dtype=object)
    cur = current.to_numpy(float)
    own = deflator == "own" and own_current is not None and own_constant is not None
    if own:
        oc = own_current.reindex(index=current.index, columns=current.columns).to_numpy(float)
        ok = own_constant.reindex(index=current.index, columns=current.columns).to_numpy(float)
        usable = ~np.isnan(oc) & ~np.isnan(ok) & (oc != 0) & (ok > 0)
    refs: dict[tuple[str, int], tuple[str, float, float] | None] = {}
    names: dict[str, str] = {}  # the source text of each reference line
    cur_cells, con_cells = _cells(national_current), _cells(national_constant)
    cells = (cur_cells, con_cells) if cur_cells is not None and con_cells is not None else None
    given = ~np.isnan(cur)
    years = list(current.columns)
    usable_rows = usable.tolist() if own else None
    for i, (_prov, line) in enumerate(current.index):
        if level.get(line) != "industry" and line != "TAX":
            continue
        for j in np.flatnonzero(given[i]).tolist():
            if usable_rows is not None and usable_rows[i][j]:
                ref_c[i, j], ref_k[i, j], source[i, j] = oc[i, j], ok[i, j], "own"
                continue
            year = years[j]
            if (line, year) not in refs:
                refs[(line, year)] = _national_reference(
                    line, year, national_current, national_constant, cells
                )
            ref = refs[(line, year)]
            if ref is None:
                continue
            name, ref_c[i, j], ref_k[i, j] = ref
            if name not in names:
                names[name] = f"national {name}" + (" (own missing)" if deflator == "own" else "")
            source[i, j] = names[name]
    values = deflate_like(cur, ref_c, ref_k)
    derived = reaggregate(pd.DataFrame(values, index=current.index, columns=current.columns))
    return derived, pd.DataFrame(source, index=current.index, columns=current.columns)


def _by_line(panel: pd.DataFrame, years: list[int]) -> dict[object, np.ndarray]:
    """Each line's rows of a (province, line) x year panel as a years x provinces array (the
    columns ``years``, NaN where the panel has none), as :func:`_rows_of` gives them."""
    if panel.empty:
        return {}
    block = panel.reindex(columns=years).to_numpy(float)
    rows: dict[object, list[int]] = {}
    for i, line in enumerate(panel.index.get_level_values(1)):
        rows.setdefault(line, []).append(i)
    return {line: block[r].T for line, r in rows.items()}


def volume_growth(
    submitted: pd.DataFrame, adjusted: pd.DataFrame, national_constant: pd.DataFrame
) -> pd.DataFrame:
    """National volume growth against the growth implied by the provinces, per line and year.

    Growth of the provincial sum counts, in each year, the provinces with a value in that year
    and the one before (:func:`~xladdin.gdp.regional.implied_growth`). National growth is
    computed from the national constant prices of consecutive years.

    Returns
    -------
    DataFrame
        Columns ``line, year, national, before, after, gap_before, gap_after`` (percent and
        percentage points); ``before`` from the constant prices as submitted, ``after`` from
        the reconciled ones.
    """
    rows: list[dict[str, object]] = []
    if national_constant.empty:
        return pd.DataFrame(rows)
    present = set(adjusted.index.get_level_values(1)) if not adjusted.empty else set()
    order = [c for c in industry_lines().index if c in present and c in national_constant.index]
    years = sorted(int(y) for y in adjusted.columns)
    submitted_by, adjusted_by = _by_line(submitted, years), _by_line(adjusted, years)
    none = np.full(len(years), np.nan)
    for line in order:
        nat = national_constant.loc[line].reindex(years).to_numpy(float)
        before_t, after_t = submitted_by.get(line), adjusted_by.get(line)
        before = implied_growth(before_t) if before_t is not None else none
        after = implied_growth(after_t) if after_t is not None else none
        for k, year in enumerate(years):
            if k == 0 or year - years[k - 1] != 1:
                continue
            g = (nat[k] / nat[k - 1] - 1) * 100 if nat[k - 1] else math.nan
            if math.isnan(g) and math.isnan(before[k]) and math.isnan(after[k]):
                continue
            rows.append(
                {
                    "line": line,
                    "year": year,
                    "national": g,
                    "before": before[k],
                    "after": after[k],
                    # rounded to 1e-9 points: no -0.00 from floating-point noise
                    "gap_before": round(before[k] - g, 9) + 0.0,
                    "gap_after": round(after[k] - g, 9) + 0.0,
                }
            )
    return pd.DataFrame(rows)


def reconcile_national(
    current: pd.DataFrame,
    national_current: pd.DataFrame,
    alterability: pd.DataFrame | None = None,
    expected: list[str] | None = None,
    *,
    constant: pd.DataFrame | None = None,
    national_constant: pd.DataFrame | None = None,
    taxes: str = "gva",
    deflator: str = "national",
) -> Reconciliation:
    """Reconcile provinces with the nation at current and constant prices.

    1. :func:`rake_panel` at current prices;
    2. ``taxes="gva"`` (default): :func:`allocate_taxes` replaces TAX by the national total
       allocated by GVA (``"rake"``: the collected taxes stay raked on their own);
    3. with national constant prices: :func:`derive_volumes` (``deflator``), then
       :func:`rake_panel` at constant prices with the same alterability, then
       :func:`volume_growth`.

    Years not raked at current prices (``reconcile-incomplete``) are left as submitted at
    constant prices too.

    Returns
    -------
    Reconciliation
        ``adjusted`` at current prices; ``taxes`` the collected vs allocated table;
        ``volumes`` the constant-price reconciliation; ``findings`` of every step.
    """
    if taxes not in TAX_METHODS:
        raise ValueError(f"unknown taxes method {taxes!r}; use one of {', '.join(TAX_METHODS)}")
    rec = rake_panel(current, national_current, alterability, expected=expected)
    skip = _incomplete_years(rec.findings)
    if taxes == "gva":
        rec.adjusted, rec.taxes = allocate_taxes(
            rec.adjusted, national_current, skip=skip, collected=current
        )
        if rec.taxes is not None and not rec.taxes.empty:
            rec.findings.append(_taxes_finding(rec.taxes))
    if constant is None or constant.empty or national_constant is None or national_constant.empty:
        return rec
    submitted = constant.reindex(index=current.index, columns=current.columns)
    derived, source = derive_volumes(
        rec.adjusted, national_current, national_constant, deflator, current, submitted
    )
    years = [y for y in derived.columns if y in national_constant.columns and y not in skip]
    raked = rake_panel(
        derived, national_constant, alterability, years=years, expected=expected, basis="constant"
    )
    adjusted = raked.adjusted.copy()
    kept = [y for y in adjusted.columns if y not in years]
    adjusted[kept] = submitted[kept]  # not reconciled: as submitted
    volumes = VolumeReconciliation(
        deflator=deflator,
        submitted=submitted,
        derived=derived,
        adjusted=adjusted,
        source=source,
        growth=volume_growth(submitted, adjusted, national_constant),
        log=raked.log,
        findings=raked.findings,
    )
    rec.volumes = volumes
    rec.findings = rec.findings + raked.findings
    return rec


def per_capita_with_allocated_taxes(
    adjusted: pd.DataFrame, population: pd.DataFrame, kip_per_usd: pd.DataFrame | None = None
) -> pd.DataFrame:
    """GDP per capita from the reconciled GDP (GVA + taxes on products allocated by GVA).

    .. math::

        GDPPC_{p,t} = \\frac{(GVA_{p,t} + TAX^{alloc}_{p,t}) \\cdot 10^9}{POP_{p,t}}

    Parameters
    ----------
    adjusted : DataFrame
        Reconciled current prices in billion kip, (province, line) x year, with ``GDP``.
    population : DataFrame
        Persons, index province, columns years.
    kip_per_usd : DataFrame, optional
        Exchange rate, index province, columns years (gives ``GDPPC_USD`` rows).

    Returns
    -------
    DataFrame
        (province, ``GDPPC_KIP``/``GDPPC_USD``) x year.
    """
    gdp = _rows_of(adjusted, "GDP")
    rows: dict[tuple[str, str], pd.Series] = {}
    for prov in gdp.index:
        if prov not in population.index:
            continue
        pop = population.loc[prov].reindex(gdp.columns)
        kip = gdp.loc[prov] * 1e9 / pop.where(pop > 0)
        rows[(prov, "GDPPC_KIP")] = kip
        if kip_per_usd is not None and prov in kip_per_usd.index:
            rate = kip_per_usd.loc[prov].reindex(gdp.columns)
            rows[(prov, "GDPPC_USD")] = kip / rate.where(rate > 0)
    if not rows:
        return pd.DataFrame()
    out = pd.DataFrame(rows).T
    out.index.names = ["province", "line"]
    return out
