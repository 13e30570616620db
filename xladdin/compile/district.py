"""Compile the ``district-growth`` template.

Composite production index: sector indices are re-referenced to the base year
(``I'_s,t = 100 x I_s,t / I_s,base`` with ``extrapolate``) and averaged with the base-year
weights as shares (``shares``): ``C_t = sum_s share_s x I'_s,t / 100``. Growth rates of the
composite, of each sector index and of household income and expenditure (``growth``); real
growth of household income/expenditure deflates them by the CPI first (``deflate``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from xladdin import gdp as core
from xladdin.compile.inputs import base_year, year_row
from xladdin.errors import CalculationError
from xladdin.findings import Finding, finding, industry_lao_names
from xladdin.findings.words import calculation_words, field_words, where_words, word
from xladdin.templates.binding import Bound
from xladdin.templates.data import districts, industries

__all__ = ["compute_district"]


def compute_district(bound: Bound) -> tuple[pd.DataFrame | None, list[Finding], dict[str, Any]]:
    """Return the growth table (rows = output codes, columns = years), findings, summary."""
    findings: list[Finding] = []
    weights, indices, hh = bound.block("weights"), bound.block("indices"), bound.block("household")
    if weights is None or indices is None:
        return None, findings, {}
    years = list(indices.years)
    base, invalid = base_year(bound, years)
    if invalid is not None:
        findings.append(invalid)
        return None, findings, {}
    bpos = years.index(base) + 1
    df_ind = industries()
    sectors = tuple(df_ind[df_ind.level == "sector"]["code"])  # data, not code
    findings.extend(_check_district(bound))
    out = pd.DataFrame(np.nan, index=[], columns=years, dtype=float)
    w = np.array(
        [weights.values.at[s, "weight"] if s in weights.values.index else np.nan for s in sectors]
    )
    for s, v in zip(sectors, w, strict=False):
        if np.isnan(v) and s in weights.rows:
            findings.append(
                finding(
                    "compile-missing-input",
                    sheet=weights.sheet,
                    cell=weights.cell(s, "weight"),
                    item=s,
                    year="",
                    **field_words("what", "input_weight"),
                    **where_words(s, industry_lao_names().get(s, s), ""),
                )
            )
    rebased = {}
    for s in sectors:
        row = (
            indices.values.loc[s, years].to_numpy(float)
            if s in indices.values.index
            else np.full(len(years), np.nan)
        )
        for y, v in zip(years, row, strict=False):
            if np.isnan(v) and s in indices.rows:
                findings.append(
                    finding(
                        "compile-missing-input",
                        sheet=indices.sheet,
                        cell=indices.cell(s, y),
                        item=s,
                        year=y,
                        **field_words("what", "input_production_index"),
                        **where_words(s, industry_lao_names().get(s, s), y),
                    )
                )
        try:
            rebased[s] = core.extrapolate(100.0, row, bpos)
        except CalculationError as exc:
            findings.append(
                finding(
                    "compile-calculation-failed",
                    sheet=indices.sheet,
                    cell=indices.row_ref(s) if s in indices.rows else None,
                    **_index_step(s),
                    **calculation_words("error", exc),
                )
            )
            rebased[s] = np.full(len(years), np.nan)
        out.loc[f"{s}_G"] = _growth(rebased[s])
    try:
        share = core.shares(w) / 100.0
        comp = sum(share[i] * rebased[s] for i, s in enumerate(sectors))
    except CalculationError as exc:
        findings.append(
            finding(
                "compile-calculation-failed",
                sheet=weights.sheet,
                step=word("step_composite_index"),
                step_lo=word("step_composite_index", "lo"),
                **calculation_words("error", exc),
            )
        )
        comp = np.full(len(years), np.nan)
    out.loc["COMPOSITE"] = comp
    out.loc["COMPOSITE_G"] = _growth(comp)
    if hh is not None:
        cpi = year_row(hh, "CPI", years)
        for code, key in (("HH_INC", "HH_INC"), ("HH_EXP", "HH_EXP")):
            nominal = year_row(hh, code, years)
            out.loc[f"{key}_G"] = _growth(nominal)
            try:
                real = core.deflate(nominal, np.where(cpi == 0, np.nan, cpi), cpi[bpos - 1])
            except CalculationError:
                real = np.full(len(years), np.nan)
            out.loc[f"{key}_REAL_G"] = _growth(real)
    latest = next((y for y in reversed(years) if not np.isnan(out.at["COMPOSITE_G", y])), None)
    summary = {
        "template": bound.info.id,
        "district_code": bound.scalar("district_code").value
        if bound.scalar("district_code")
        else None,
        "base_year": base,
        "latest_year": latest,
        "composite_growth_pct": None if latest is None else float(out.at["COMPOSITE_G", latest]),
    }
    return out, findings, summary


def _growth(x: np.ndarray) -> np.ndarray:
    try:
        return core.growth(x)
    except CalculationError:
        return np.full(len(x), np.nan)


def _check_district(bound: Bound) -> list[Finding]:
    prov_s, dist_s = bound.scalar("province_code"), bound.scalar("district_code")
    if prov_s is None or dist_s is None or dist_s.value is None:
        return []
    prov = str(prov_s.value).zfill(2) if prov_s.value is not None else ""
    dist = str(dist_s.value).zfill(4)
    known = districts()
    ok = ((known.code == dist) & (known.province_code == prov)).any()
    if ok:
        return []
    return [
        finding(
            "compile-unknown-district",
            sheet=dist_s.sheet,
            cell=dist_s.cell,
            district=dist_s.value,
            province=prov_s.value if prov_s.value is not None else "",
        )
    ]


def _index_step(sector: str) -> dict[str, str]:
    """The fields ``step`` and ``step_lo`` naming the index of ``sector`` (its Lao name in
    Lao)."""
    names = {"name": sector, "name_lo": industry_lao_names().get(sector, sector)}
    return {"step": word("step_index_of", **names), "step_lo": word("step_index_of", "lo", **names)}
