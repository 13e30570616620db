"""Compile the ``sez-enterprise`` template: GVA = output - IC per enterprise (``gva``), summed
by zone, by industry and by host province (the province the zone's GVA is assigned to)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from xladdin import gdp as core
from xladdin.findings import Finding, finding
from xladdin.findings.words import field_words, where_words, word
from xladdin.templates.binding import Bound
from xladdin.templates.values import to_number

__all__ = ["compute_sez"]

_SUMS = ["enterprises", "output", "ic", "gva", "employees"]


def _code(value: Any, width: int) -> str | None:
    if value is None:
        return None
    n = to_number(value)
    if not np.isnan(n) and n.is_integer():
        return str(int(n)).zfill(width)
    s = str(value).strip()
    return s or None


def compute_sez(bound: Bound) -> tuple[dict[str, pd.DataFrame], list[Finding], dict[str, Any]]:
    """Return the three summary tables, findings and a summary."""
    findings: list[Finding] = []
    ent = bound.block("enterprises")
    if ent is None:
        return {}, findings, {}
    raw, vals = ent.raw, ent.values
    rows = []
    for i in raw.index:
        out_v, ic_v = vals.at[i, "output"], vals.at[i, "ic"]
        for col, v, what in (("output", out_v, "input_output"), ("ic", ic_v, "input_ic")):
            if np.isnan(v):
                name = raw.at[i, "name"]
                findings.append(
                    finding(
                        "compile-missing-input",
                        sheet=ent.sheet,
                        cell=ent.cell(i, col),
                        item=name or word("row_number", n=i + 1),
                        year="",
                        **field_words("what", what),
                        **where_words(
                            name or word("row_number", n=i + 1),
                            name or word("row_number", "lo", n=i + 1),
                            "",
                        ),
                    )
                )
        year = to_number(raw.at[i, "year"])
        rows.append(
            {
                "zone": str(raw.at[i, "zone"] or "").strip(),
                "province": _code(raw.at[i, "province"], 2),
                "industry": _code(raw.at[i, "industry"], 2),
                "year": int(year) if not np.isnan(year) else None,
                "enterprises": 1,
                "output": out_v,
                "ic": ic_v,
                "gva": float(core.gva(out_v, ic_v)),
                "employees": vals.at[i, "employees"],  # empty stays empty, never 0
            }
        )
    df = pd.DataFrame(rows, columns=["zone", "province", "industry", "year", *_SUMS])
    tables = {
        "by_zone": _group(df, ["zone", "province", "year"]),
        "by_industry": _group(df, ["industry", "year"]),
        "by_province": _group(df, ["province", "year"]),
    }
    summary = {
        "template": bound.info.id,
        "enterprises": len(df),
        "zones": int(df["zone"].nunique()) if len(df) else 0,
        "gva_total": _total(df["gva"]),
    }
    return tables, findings, summary


def _total(values: pd.Series) -> float | None:
    """Sum, or None when empty or when a value is missing (not a partial total)."""
    if values.empty or values.isna().any():
        return None
    return float(values.sum())


def _group(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    if df.empty:
        return pd.DataFrame(columns=[*keys, *_SUMS])
    df = df.copy()
    for k in keys:
        df[k] = df[k].map(lambda v: "" if v is None else str(v))
    g = df.groupby(keys, sort=True)
    # output, IC and GVA: a missing enterprise value makes its totals missing (as in
    # ``core.gdp``; the missing cell is reported), never a partial sum shown as a total.
    # Employees: the sum of the counts given (empty when none is given).
    out = g[["output", "ic", "gva"]].agg(lambda s: s.sum(skipna=False)).reset_index()
    out["employees"] = g["employees"].sum(min_count=1).to_numpy()
    out["enterprises"] = g.size().to_numpy()
    out = out[[*keys, *_SUMS]]
    if "year" in out.columns:
        out["year"] = [int(y) if y.isdigit() else (y or None) for y in out["year"]]
    return out
