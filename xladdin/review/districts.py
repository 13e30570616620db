"""Districts and their province (issue 9, section 2).

**Growth.** A district return (``district-growth`` template) gives growth by sector
(``AGR_G``, ``IND_G``, ``SER_G``) from production indices. The province's own growth by sector
(constant prices of its return) is compared with the districts' growth weighted with their
base-year shares of the sector in the province:

.. math::

    \\bar g_{s,t} = \\frac{\\sum_d w_{d,s}\\, g_{d,s,t}}{\\sum_d w_{d,s}}

(:func:`xladdin.gdp.regional.weighted_growth`); a gap above the threshold is the
``district-growth-gap`` finding naming the province, sector, year and gap.

**Levels.** Provincial sector GVA is allocated to districts in proportion to the district
indicators, the base-year share carried forward by the district's sector index
(``x_{d,s,t} = w_{d,s} \\cdot I_{d,s,t}/I_{d,s,b}``, index rebuilt from the growth rates):

.. math::

    GVA_{d,s,t} = GVA_{s,t}^{prov} \\cdot \\frac{x_{d,s,t}}{\\sum_e x_{e,s,t}}

adding up to the province exactly (:func:`xladdin.gdp.regional.allocate_exact`), at current and
at constant prices. This is the top-down (indicator) method of regional accounts (ESA 2010
ch. 13, no paragraph quoted: the paragraphs could not be read, see ``docs/levels.md``,
Sources; Eurostat, *Manual on regional accounts methods*, 2013) applied one level down.

**Weights.** ``w_{d,s}`` is the district's value added of sector ``s`` in the base year,
typed in its own return: column "Base-year GVA (million kip)" of the weights table
``tblWeights`` (sheet Indices, district-growth template 1.1; :func:`weights_table`). Only the
ratios between the districts of a sector matter, so any one unit used by all districts of the
province works; million kip is the template's. ``--shares CSV`` (``district,sector,share``,
:func:`read_shares`) overrides the workbooks for every sector it lists. A district without a
value for a sector is ``district-weights-missing`` naming its file and the sector: see
``docs/levels.md``.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xladdin.findings import Finding, finding
from xladdin.findings.words import reason, word
from xladdin.gdp.errors import CalculationError
from xladdin.gdp.regional import allocate_exact, weighted_growth
from xladdin.review.district_weights import WEIGHTS_TABLE, weights_table
from xladdin.review.geography import industry_lines

__all__ = [
    "DistrictLevels",
    "allocate_levels",
    "compare_and_allocate",
    "compare_growth",
    "district_weights",
    "districts_in_review",
    "index_from_growth",
    "read_shares",
    "sector_growth",
    "sectors",
    "weights_table",
    "written_exactly",
]


def sectors() -> list[str]:
    """Sector codes from ``industries.csv`` (data, not code): ``AGR``, ``IND``, ``SER``."""
    lines = industry_lines()
    return [c for c in lines.index if lines.loc[c, "level"] == "sector"]


def sector_growth(table: pd.DataFrame) -> pd.DataFrame:
    """Growth by sector (percent), sector x year, from a district return's growth table
    (rows ``AGR_G``...)."""
    table = table[~table.index.duplicated()]  # a row key twice: the first counts
    rows = {s: table.loc[f"{s}_G"] for s in sectors() if f"{s}_G" in table.index}
    return pd.DataFrame(rows).T.astype(float) if rows else pd.DataFrame()


def index_from_growth(growth: pd.Series, base_year: int) -> pd.Series:
    """Volume index (100 in ``base_year``) rebuilt from growth rates in percent.

    .. math::

        I_b = 100, \\quad I_t = I_{t-1}\\,(1 + g_t/100), \\quad I_{t-1} = I_t / (1 + g_t/100)

    Years after a gap in the growth rates are blank.
    """
    years = sorted(int(y) for y in growth.index)
    g = growth.reindex(years).astype(float)
    out = pd.Series(np.nan, index=years, dtype=float)
    if base_year not in out.index:
        return out
    out[base_year] = 100.0
    for y in years:
        if y > base_year and y - 1 in out.index and pd.notna(g[y]):
            out[y] = out[y - 1] * (1 + g[y] / 100)
    for y in reversed(years):
        if y < base_year and y + 1 in out.index and pd.notna(g.get(y + 1, math.nan)):
            out[y] = out[y + 1] / (1 + g[y + 1] / 100)
    return out


def read_shares(path: str | Path) -> pd.DataFrame:
    """Base-year shares of districts in each sector of the province (district x sector).

    CSV, UTF-8, header ``district,sector,share`` (``share`` in percent or any non-negative
    value: normalised per sector). Raises ValueError with a one-line reason when the file is
    not such a table.
    """
    from xladdin.workbook.limits import DEFAULT_LIMITS

    most = DEFAULT_LIMITS.max_table_file_bytes
    with Path(path).open("rb") as fh:
        raw = fh.read(most + 1)
    if len(raw) > most:
        raise ValueError(f"more than {most:,} bytes: not a shares table")
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or not {"district", "sector", "share"} <= set(rows[0]):
        raise ValueError("not a shares table: the header must be district,sector,share")
    known = set(sectors())
    data: dict[str, dict[str, float]] = {}
    for i, row in enumerate(rows, start=2):
        sector = (row.get("sector") or "").strip().upper()
        district = (row.get("district") or "").strip()
        try:
            share = float(row.get("share") or "")
        except ValueError:
            raise ValueError(f"line {i}: share {row.get('share')!r} is not a number") from None
        if sector not in known:
            raise ValueError(
                f"line {i}: unknown sector {sector!r} (use {', '.join(sorted(known))})"
            )
        if not district or not math.isfinite(share) or share < 0:
            raise ValueError(f"line {i}: a district code and a share of 0 or more are needed")
        data.setdefault(district, {})[sector] = share
    return pd.DataFrame(data).T.reindex(columns=sectors())


def district_weights(
    districts: list[Any], override: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The weights ``w_{d,s}`` of districts from their own returns, ``--shares`` overriding.

    Parameters
    ----------
    districts : list of Submission
        District returns; each one's ``district_weights`` table (:func:`weights_table`).
    override : DataFrame, optional
        District x sector shares from a CSV (:func:`read_shares`): a sector listed there takes
        all its weights from the CSV (mixing CSV shares with workbook values in one sector
        would mix units).

    Returns
    -------
    (DataFrame, dict)
        District x sector weights (NaN where missing) and district code -> file name (for
        ``district-weights-missing``).
    """
    cols = sectors()
    data: dict[str, dict[str, float]] = {}
    files: dict[str, str] = {}
    for sub in districts:
        code = sub.code or Path(sub.path).stem
        files[code] = Path(sub.path).name
        table = sub.tables.get("district_weights")
        row = dict.fromkeys(cols, math.nan)
        if table is not None and not table.empty:
            col = table.iloc[:, 0]
            col = col[~col.index.duplicated()]  # a code twice: the first counts
            row.update({s: float(col[s]) for s in cols if s in col.index})
        data[code] = row
    out = pd.DataFrame(data, index=cols, dtype=float).T
    if override is not None:
        for s in cols:
            if s in override.columns and override[s].notna().any():
                out[s] = override[s].reindex(out.index).astype(float)
    return out, files


def compare_growth(
    province: str,
    province_constant: pd.DataFrame,
    district_growth: dict[str, pd.DataFrame],
    shares: pd.DataFrame | None,
    gap_points: float = 1.0,
    files: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, list[Finding]]:
    """Province growth by sector against the base-year-share weighted growth of its districts.

    Parameters
    ----------
    province : str
        Province code (named in the findings).
    province_constant : DataFrame
        The province's constant prices, line x year (rows ``AGR``, ``IND``, ``SER``).
    district_growth : dict
        District code -> sector x year growth in percent (:func:`sector_growth`).
    shares : DataFrame or None
        District x sector base-year weights (:func:`district_weights`, :func:`read_shares`).
    gap_points : float
        Gap (percentage points) above which ``district-growth-gap`` is given.
    files : dict, optional
        District code -> file name, named by ``district-weights-missing``.

    Returns
    -------
    (DataFrame, list of Finding)
        Columns ``sector, year, province, districts, gap, count``; the findings.
    """
    findings: list[Finding] = []
    rows: list[dict[str, object]] = []
    in_province = [s for s in sectors() if s in province_constant.index]
    for s, have, w in _weighted_sectors(
        in_province, district_growth, shares, files, province, findings
    ):
        k = province_constant.loc[s].astype(float)
        years = sorted(int(y) for y in k.index)
        table = np.array([district_growth[d].loc[s].reindex(years).to_numpy(float) for d in have]).T
        dist = weighted_growth(table, w)
        for j, y in enumerate(years):
            if j == 0 or years[j - 1] != y - 1:
                continue
            prev, now = k.get(y - 1), k.get(y)
            pg = (now / prev - 1) * 100 if pd.notna(prev) and pd.notna(now) and prev else math.nan
            if math.isnan(pg) or math.isnan(dist[j]):
                continue
            gap = dist[j] - pg
            rows.append(
                {
                    "sector": s,
                    "year": y,
                    "province": pg,
                    "districts": float(dist[j]),
                    "gap": gap,
                    "count": int(np.sum(~np.isnan(table[j]))),
                }
            )
            if abs(gap) > gap_points:
                findings.append(
                    finding(
                        "district-growth-gap",
                        sheet="Growth",
                        province=province,
                        sector=s,
                        year=y,
                        province_growth=round(pg, 2),
                        district_growth=round(float(dist[j]), 2),
                        gap=round(gap, 2),
                    )
                )
    return pd.DataFrame(rows), findings


def _weighted_sectors(
    sector_list: list[str],
    district_growth: dict[str, pd.DataFrame],
    shares: pd.DataFrame | None,
    files: dict[str, str] | None,
    province: str,
    findings: list[Finding],
) -> Iterator[tuple[str, list[str], np.ndarray]]:
    """Each sector of ``sector_list`` some district has growth rates for: the sector, those
    districts and their weights. A sector whose weights cannot be used is skipped and its
    ``district-weights-missing`` finding appended to ``findings``."""
    names = list(district_growth)
    for s in sector_list:
        have = [d for d in names if s in district_growth[d].index]
        if not have:
            continue
        w, missing = _weights(shares, have, s, files, province)
        if w is None:
            findings.append(missing)
            continue
        yield s, have, w


def _weights(
    shares: pd.DataFrame | None,
    districts: list[str],
    sector: str,
    files: dict[str, str] | None = None,
    province: str = "",
) -> tuple[np.ndarray | None, Finding | None]:
    """The weights of ``districts`` in ``sector``, or None and the ``district-weights-missing``
    finding naming the district files without a value (or why the weights cannot be used)."""
    files = files or {}
    col = (
        shares[sector]
        if shares is not None and sector in shares.columns
        else pd.Series(dtype=float)
    )
    lacking = [d for d in districts if d not in col.index or pd.isna(col[d]) or col[d] < 0]
    if not lacking:
        w = np.array([float(col[d]) for d in districts])
        if w.sum() > 0:
            return w, None
        key, fields, lacking = "weights_sum_zero", {}, list(districts)
    else:
        named = ", ".join(files.get(d, d) for d in lacking)
        from xladdin.findings import industry_lao_names

        sector_lo = industry_lao_names().get(sector, sector)  # the Lao text names it in Lao
        key, fields = "weights_no_gva", {"sector": sector, "sector_lo": sector_lo, "files": named}
    first = files.get(lacking[0], lacking[0])
    return None, finding(
        "district-weights-missing",
        sheet="Indices",
        province=province,
        sector=sector,
        **reason(key, **fields),
        file=first,
        table=WEIGHTS_TABLE,
    )


@dataclass
class DistrictLevels:
    """District GVA by sector allocated from the province (index (district, sector) x year)."""

    current: pd.DataFrame
    constant: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)


def allocate_levels(
    province: str,
    province_current: pd.DataFrame,
    province_constant: pd.DataFrame,
    district_growth: dict[str, pd.DataFrame],
    shares: pd.DataFrame | None,
    base_year: dict[str, int],
    files: dict[str, str] | None = None,
) -> DistrictLevels:
    """Provincial sector GVA allocated to districts by their indicators, adding up exactly.

    Indicator of district ``d``, sector ``s``, year ``t``: ``w_{d,s} x I_{d,s,t}/100`` with the
    index rebuilt from the district's growth rates, 100 in its base year
    (:func:`index_from_growth`). A sector-year in which a district has no indicator is not
    allocated (``district-weights-missing`` names the reason): giving the others its share
    would overstate them.

    Returns
    -------
    DistrictLevels
        Current and constant prices, (district, sector) x year; each sector-year column adds up
        to the province's value exactly (``math.fsum``).
    """
    findings: list[Finding] = []
    out = {"current": {}, "constant": {}}
    for s, have, w in _weighted_sectors(
        sectors(), district_growth, shares, files, province, findings
    ):
        if len(have) < 2:
            findings.append(
                finding(
                    "district-weights-missing",
                    province=province,
                    sector=s,
                    **reason("weights_too_few"),
                )
            )
            continue
        idx = {d: index_from_growth(district_growth[d].loc[s], base_year.get(d, 0)) for d in have}
        for basis, table in (("current", province_current), ("constant", province_constant)):
            if s not in table.index:
                continue
            for y in sorted(int(c) for c in table.columns):
                total = table.loc[s, y]
                ind = np.array([w[i] * idx[d].get(y, math.nan) / 100 for i, d in enumerate(have)])
                if pd.isna(total) or np.isnan(ind).any():
                    continue
                try:
                    parts = allocate_exact(float(total), ind)
                except CalculationError:
                    continue
                for d, v in zip(have, written_exactly(float(total), parts.tolist()), strict=True):
                    out[basis].setdefault((d, s), {})[y] = v
    frames = {}
    for basis, rows in out.items():
        df = pd.DataFrame(rows).T if rows else pd.DataFrame()
        if not df.empty:
            df.index.names = ["district", "sector"]
            df = df.reindex(columns=sorted(df.columns)).sort_index()
        frames[basis] = df
    return DistrictLevels(frames["current"], frames["constant"], findings)


def _digits16(v: float) -> float:
    """``v`` as a workbook written by XlsxWriter stores it (16 significant digits)."""
    return float(f"{v:.16G}")


def written_exactly(total: float, parts: list[float]) -> list[float]:
    """Parts adding up to ``total`` exactly that also stay exact when written to a workbook.

    The review workbook is written by XlsxWriter, which stores a number with 16 significant
    digits (not the 17 a double may need), so parts adding up exactly (``math.fsum``) in
    memory can miss the total by a unit in the last place once read back from the file. The
    parts are moved to their 16-digit values and one part (the smallest first: its digits are
    the finest) takes the rest, moved a unit in the last place at a time, and if needed
    another part a unit in its 16th digit, until every part is stored as it is and
    ``math.fsum(parts) == total``. A part moves by a few units in the total's 16th
    significant digit at most. When no such parts are found (two parts in the total's own decade cannot
    always carry its 17th digit), ``parts`` is returned unchanged: exact in memory and in a
    file written with 17 digits (openpyxl), within a unit in the last place in the review
    workbook.
    """
    if not math.isfinite(total) or any(not math.isfinite(p) for p in parts):
        return parts
    if math.fsum(parts) == total and all(_digits16(p) == p for p in parts):
        return parts
    base = [_digits16(p) for p in parts]
    order = sorted(range(len(parts)), key=lambda i: abs(parts[i]))
    for k in order:
        for j in [None, *(i for i in order if i != k)]:
            for m in [0] if j is None else [1, -1, 2, -2, 3, -3]:
                trial = list(base)
                if j is not None and trial[j]:
                    step = 10.0 ** (math.floor(math.log10(abs(trial[j]))) - 15)
                    trial[j] = _digits16(trial[j] + m * step)
                rest = total - math.fsum(trial[:k] + trial[k + 1 :])
                for c in (rest, math.nextafter(rest, math.inf), math.nextafter(rest, -math.inf)):
                    trial[k] = c
                    if _digits16(c) == c and math.fsum(trial) == total:
                        return trial
    return parts


def write_districts_book(
    path: str | Path,
    province: str,
    growth: pd.DataFrame,
    levels: DistrictLevels,
    findings: list[Finding],
    names: dict[str, str] | None = None,
) -> Path:
    """The workbook the province sends to its district offices: ``Levels`` (district GVA by
    sector at current and constant prices, with a check row per sector adding up to the
    province), ``Growth`` (province vs weighted districts) and ``Findings`` (English and Lao).
    Text is never a formula (:func:`xladdin.review.openpyxl_text.safe_text`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from xladdin.review.openpyxl_text import HEADER_FILL, safe_text
    from xladdin.workbook.atomic import atomic_write

    bold = Font(bold=True)
    names = names or {}
    wb = Workbook()
    ws = wb.active
    ws.title = "Levels"

    def put(r: int, values: list[object], header: bool = False, fmt: str | None = None) -> None:
        for j, v in enumerate(values, start=1):
            cell = ws.cell(r, j)
            safe_text(cell, v)
            if header:
                cell.font, cell.fill = bold, HEADER_FILL
            elif fmt and isinstance(v, float):
                cell.number_format = fmt

    def both(key: str, **fields: object) -> str:  # "English / ລາວ": messages.csv districts_*
        return word(key, "both", **fields)

    r = 1
    safe_text(ws.cell(r, 1), both("districts_levels_title", province=province))
    ws.cell(r, 1).font = Font(bold=True, size=13)
    safe_text(ws.cell(2, 1), both("districts_levels_note"))
    r = 4
    for basis, df in (
        (both("districts_current"), levels.current),
        (both("districts_constant"), levels.constant),
    ):
        safe_text(ws.cell(r, 1), basis)
        ws.cell(r, 1).font = bold
        r += 1
        if df.empty:
            safe_text(ws.cell(r, 1), both("districts_not_allocated"))
            r += 2
            continue
        years = list(df.columns)
        heads = [both(f"districts_col_{k}") for k in ("district", "name", "sector")]
        put(r, [*heads, *map(str, years)], header=True)
        for (d, s), vals in zip(df.index, df.to_numpy(float).tolist(), strict=True):
            r += 1
            put(r, [d, names.get(d, ""), s, *vals], fmt="#,##0.000")
        for s in df.index.get_level_values(1).unique():
            r += 1
            total = [math.fsum(v for v in df.xs(s, level=1)[y] if not math.isnan(v)) for y in years]
            put(r, ["Σ", both("districts_col_province"), s, *total], fmt="#,##0.000")
            for j in range(len(years) + 3):
                ws.cell(r, j + 1).font = bold
        r += 2
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 24

    ws = wb.create_sheet("Growth")
    safe_text(ws.cell(1, 1), both("districts_growth_title"))
    ws.cell(1, 1).font = Font(bold=True, size=13)
    r = 3
    put(
        r,
        [
            both(f"districts_col_{k}")
            for k in ("sector", "year", "province", "districts", "gap", "counted")
        ],
        header=True,
    )
    for t in growth.itertuples(index=False) if not growth.empty else []:
        r += 1
        put(r, [t.sector, int(t.year), t.province, t.districts, t.gap, int(t.count)], fmt="0.00")

    ws = wb.create_sheet("Findings")
    heads = [word(f"districts_col_{k}", "en") for k in ("code", "severity", "message")]
    put(1, [*heads, word("districts_col_message", "lo")], header=True)  # English, then Lao
    for i, f in enumerate(findings, start=2):
        put(i, [f.code, f.severity.value, f.message_en, f.message_lo])
    ws.column_dimensions["C"].width = 90
    ws.column_dimensions["D"].width = 90

    def produce(fh) -> None:
        wb.save(fh)

    return atomic_write(Path(path), produce, backup=False)


def compare_and_allocate(
    province: str,
    current: pd.DataFrame | None,
    constant: pd.DataFrame | None,
    district_growth: dict[str, pd.DataFrame],
    shares: pd.DataFrame | None,
    base_years: dict[str, int],
    files: dict[str, str] | None = None,
    gap_points: float = 1.0,
) -> tuple[pd.DataFrame, DistrictLevels, list[Finding]]:
    """:func:`compare_growth` and :func:`allocate_levels` of one province's districts from
    the same growth and weights, as ``xladdin districts allocate`` and the review call them.

    Returns
    -------
    (DataFrame, DistrictLevels, list of Finding)
        The comparison, the levels and the findings of both (one finding both make, such as
        ``district-weights-missing``, once).
    """
    empty = pd.DataFrame()
    const = constant if constant is not None else empty
    table, found = compare_growth(province, const, district_growth, shares, gap_points, files)
    levels = allocate_levels(
        province,
        current if current is not None else empty,
        const,
        district_growth,
        shares,
        base_years,
        files,
    )
    return table, levels, found + [f for f in levels.findings if f not in found]


def districts_in_review(
    provinces: list[Any],
    districts: list[Any],
    shares: pd.DataFrame | None = None,
    gap_points: float = 1.0,
) -> tuple[pd.DataFrame, dict[str, DistrictLevels], list[Finding]]:
    """:func:`compare_and_allocate` for every province of a consolidation that has district
    returns: the review workbook's district growth comparison and District levels sheet.

    Parameters
    ----------
    provinces, districts : list of Submission
        The provincial and district returns consolidated; a district counts when it has a
        district code and growth table and its province's return is among ``provinces`` with
        GVA at current or constant prices.
    shares : DataFrame, optional
        District x sector base-year shares (:func:`read_shares`), all provinces in one table,
        overriding the returns' own base-year values (:func:`district_weights`).
    gap_points : float
        The gap (percentage points) :func:`compare_growth` reports.

    Returns
    -------
    (DataFrame, dict, list of Finding)
        The comparison with a ``province_code`` column first; province code ->
        :class:`DistrictLevels` (each sector-year adding up to the province exactly); the
        findings.
    """
    by_code = {s.code: s for s in provinces if s.code}
    groups: dict[str, list[Any]] = {}
    for d in districts:
        if d.province_code in by_code and d.code and d.tables.get("district_growth") is not None:
            groups.setdefault(d.province_code, []).append(d)
    frames, out, findings = [], {}, []
    for prov, subs in sorted(groups.items()):
        tables = by_code[prov].tables
        current, constant = tables.get("gva_current"), tables.get("gva_constant")
        if current is None and constant is None:
            continue
        growth = {s.code: sector_growth(s.tables["district_growth"]) for s in subs}
        base = {s.code: int(s.base_year or 0) for s in subs}
        weights, files = district_weights(subs, shares)
        table, levels, found = compare_and_allocate(
            prov, current, constant, growth, weights, base, files, gap_points
        )
        findings += found
        if not table.empty:
            table.insert(0, "province_code", prov)
            frames.append(table)
        if not (levels.current.empty and levels.constant.empty):
            out[prov] = levels
    return (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()), out, findings
