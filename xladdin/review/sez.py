"""Special economic zones and their host provinces (issue 9, section 1, consolidation side).

A SEZ return (``sez-enterprise`` template) gives output and intermediate consumption per
enterprise with its zone, host province, industry and year; GVA = output - IC. A province's
own figures may or may not already include the SEZ enterprises. The review does not sum SEZ
returns (``review-sez-not-summed``), so:

- included by the province *and* returned by the SEZ: fine for the sum, but the SEZ return must
  not be added on top -- ``sez-double-counted`` says where it would be counted twice;
- not included by the province: the SEZ value added is missing from the sum of provinces --
  ``sez-omitted`` names the zone, industry, year and amount;
- the province does not say: ``sez-inclusion-unknown``.

Whether a province includes its SEZs is read from an optional table ``tblSezIncluded`` of the
province return (columns ``Industry code``, ``Included``, optional ``Year``; ``Included`` yes/no,
1/0, true/false; industry ``*`` = every industry). The province template has it on its SEZ
sheet from version 1.2; a 1.1 return without it gives ``sez-inclusion-unknown`` for every SEZ
row.

:func:`sez_gva_table` and :func:`included_table` read the two tables from a workbook view;
:func:`match_sez` is pure over the extracted frames.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from xladdin.findings import Finding, finding

__all__ = ["included_flag", "included_table", "match_sez", "sez_gva_table", "split_key"]

SEZ_TABLE = "tblEnterprises"
INCLUDED_TABLE = "tblSezIncluded"
_SEP = "|"
_YES = {"yes", "y", "1", "true", "included", "ແມ່ນ"}
_NO = {"no", "n", "0", "false", "excluded", "ບໍ່"}


def _norm(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


def included_flag(value: Any) -> float:
    """A cell of the ``Included`` column as 1.0 (yes), 0.0 (no) or NaN (blank, not understood).

    The one vocabulary of both compile (province template, SEZ sheet) and review."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)) and value in (0, 1):
        return float(value)
    word = _norm(value)
    return 1.0 if word in _YES else 0.0 if word in _NO else math.nan


def _code(value: Any, width: int = 2) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(int(value)).zfill(width) if math.isfinite(value) and value == int(value) else ""
    s = str(value).strip()
    return s.zfill(width) if s.isdigit() else s


def _num(value: Any) -> float:
    if isinstance(value, bool) or value is None:
        return math.nan
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return math.nan


def _rows(view: Any, name: str) -> tuple[list[str], list[list[Any]]] | None:
    tables = {k.casefold(): t for k, t in view.tables().items()}
    t = tables.get(name.casefold())
    if t is None:
        return None
    rows = view.values(t.sheet, t.ref)
    if not rows:
        return None
    return [_norm(h) for h in rows[0]], rows[1:]


def split_key(key: str) -> tuple[str, str, str]:
    """``zone|province|industry`` -> its three parts."""
    zone, prov, ind = [*str(key).split(_SEP), "", "", ""][:3]
    return zone, prov, ind


def sez_gva_table(view: Any) -> pd.DataFrame | None:
    """GVA (output - IC) of a SEZ return by zone, host province and industry.

    Returns
    -------
    DataFrame or None
        Index ``"zone|province|industry"`` (text), columns years (int), values GVA in the SEZ
        return's unit (float; a missing output or IC makes the cell blank, never a partial
        sum). None when the return has no enterprise table.
    """
    got = _rows(view, SEZ_TABLE)
    if got is None:
        return None
    head, rows = got
    need = {
        "zone": "zone",
        "province": "host province code",
        "industry": "industry code",
        "year": "year",
        "output": "output",
        "ic": "intermediate consumption",
    }
    if not all(h in head for h in need.values()):
        return None
    at = {k: head.index(h) for k, h in need.items()}
    sums: dict[tuple[str, int], float] = {}
    for row in rows:
        year = _num(row[at["year"]])
        zone = str(row[at["zone"]] or "").strip().replace(_SEP, "/")
        if not math.isfinite(year) or not zone:
            continue
        key = _SEP.join((zone, _code(row[at["province"]]), _code(row[at["industry"]])))
        gva = _num(row[at["output"]]) - _num(row[at["ic"]])
        k = (key, int(year))
        sums[k] = sums.get(k, 0.0) + gva  # NaN stays NaN
    if not sums:
        return pd.DataFrame(dtype=float)
    s = pd.Series(sums)
    df = s.unstack()
    df.columns = [int(c) for c in df.columns]
    return df.reindex(columns=sorted(df.columns)).astype(float)


def included_table(view: Any, years: list[int]) -> pd.DataFrame | None:
    """The province's "figures include SEZ enterprises" setting by industry and year.

    Returns
    -------
    DataFrame or None
        Index industry code (``*`` = every industry), columns ``years``; 1.0 included, 0.0 not
        included, NaN not said. None when the return has no ``tblSezIncluded`` table.
    """
    got = _rows(view, INCLUDED_TABLE)
    if got is None or not years:
        return None
    head, rows = got
    if "industry code" not in head or "included" not in head:
        return None
    i_ind, i_inc = head.index("industry code"), head.index("included")
    i_year = head.index("year") if "year" in head else None
    out = pd.DataFrame(dtype=float, columns=years)
    for row in rows:
        ind = _code(row[i_ind]) or ""
        flag = included_flag(row[i_inc])
        if not ind or math.isnan(flag):
            continue
        if ind not in out.index:
            out.loc[ind] = math.nan
        if i_year is not None and math.isfinite(_num(row[i_year])):
            y = int(_num(row[i_year]))
            if y in out.columns:
                out.loc[ind, y] = flag
        else:
            out.loc[ind, :] = flag
    return out.astype(float)


def match_sez(
    sez: dict[str, pd.DataFrame],
    included: dict[str, pd.DataFrame | None],
    units: dict[str, str] | None = None,
) -> list[Finding]:
    """Match SEZ returns to their host provinces: double counting, omission, unknown.

    Parameters
    ----------
    sez : dict
        SEZ file name -> :func:`sez_gva_table` frame.
    included : dict
        Province code of every province return consolidated -> :func:`included_table` frame
        (None: the return does not say).
    units : dict, optional
        SEZ file name -> its unit (shown with the amount).

    Returns
    -------
    list of Finding
        One per zone, host province, industry and year with a SEZ value: ``sez-double-counted``
        (the province says it includes the SEZ), ``sez-omitted`` (it says it does not) or
        ``sez-inclusion-unknown``. Hosts without a province return give none
        (``review-province-missing`` already says so).
    """
    findings: list[Finding] = []
    units = units or {}
    for name, table in sez.items():
        if table is None or table.empty:
            continue
        unit = units.get(name, "")
        for key in table.index:
            zone, prov, ind = split_key(str(key))
            if prov not in included:
                continue
            flags = included[prov]
            for year in table.columns:
                amount = table.loc[key, year]
                if pd.isna(amount) or amount == 0:
                    continue
                flag = math.nan
                if flags is not None and year in flags.columns:
                    for row in (ind, "*"):
                        if row in flags.index and pd.notna(flags.loc[row, year]):
                            flag = float(flags.loc[row, year])
                            break
                code = (
                    "sez-inclusion-unknown"
                    if math.isnan(flag)
                    else "sez-double-counted"
                    if flag
                    else "sez-omitted"
                )
                findings.append(
                    finding(
                        code,
                        zone=zone,
                        province=prov,
                        industry=ind,
                        year=int(year),
                        amount=round(float(amount), 3),
                        unit=unit,
                        file=name,
                    )
                )
    return findings
