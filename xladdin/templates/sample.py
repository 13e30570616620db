"""Turn the illustrative sample data (``xladdin/data/sample``) into a builder :class:`Fill`
for the province-gdp template. ILLUSTRATIVE, NOT OFFICIAL FIGURES."""

from __future__ import annotations

import pandas as pd

from xladdin.templates.builder import Fill
from xladdin.templates.data import load_sample

__all__ = ["BANNER", "district_fill", "province_fill", "sez_fill"]

BANNER = "illustrative, not official figures"


def _num(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s, errors="coerce")


def province_fill() -> tuple[Fill, tuple[int, ...]]:
    """The sample province as a Fill plus its years."""
    data = load_sample()
    settings = dict(zip(data["settings"]["key"], data["settings"]["value"], strict=False))
    ind = data["indicators"].copy()
    ind["year"] = ind["year"].astype(int)
    years = tuple(int(y) for y in sorted(ind["year"].unique()))
    volume = ind.pivot(index="code", columns="year", values="volume_index").apply(_num)
    prices = ind.pivot(index="code", columns="year", values="price_index").apply(_num)
    bench = data["benchmark"].set_index("code").rename(columns={"intermediate_consumption": "ic"})
    bench = bench.apply(_num)
    yrs = data["years"].copy()
    yrs["year"] = yrs["year"].astype(int)
    yrs = yrs.set_index("year").rename(columns={"taxes_volume_index": "taxes_volume"}).apply(_num)
    # subsidies_current keeps its name (the column key of the Settings years table)
    rebase = data["rebase"].copy()
    rebase = pd.DataFrame(
        {"year": rebase["year"].astype(int), "old": _num(rebase["old_base_series"])}
    ).reset_index(drop=True)
    icp = data["ic_prices"].copy()
    icp["year"] = icp["year"].astype(int)
    ic_prices = icp.pivot(index="code", columns="year", values="ic_price_index").apply(_num)
    old = data["old_base"].copy()
    old["year"] = old["year"].astype(int)
    old_current = old.pivot(index="code", columns="year", values="current").apply(_num)
    old_constant = old.pivot(index="code", columns="year", values="constant").apply(_num)
    scalars = {
        "province_code": settings["province_code"],
        "base_year": int(settings["base_year"]),
        "unit": settings["unit"],
        "compiler": settings["compiler"],
        "old_base_year": int(settings["rebase_old_base_year"]),
        "rebase_method": settings.get("rebase_method", "ratio"),
    }
    fill = Fill(
        scalars=scalars,
        blocks={
            "volume": volume,
            "prices": prices,
            "benchmark": bench,
            "years": yrs,
            "rebase": rebase,
            "ic_prices": ic_prices,
            "old_current": old_current,
            "old_constant": old_constant,
        },
        banner=BANNER,
    )
    return fill, years


def district_fill() -> tuple[Fill, tuple[int, ...]]:
    """A tiny illustrative district (three years) whose growth is easy to check by hand:
    weights 50/20/30 and sector growth 4/10/5 % give a composite growth of 5.5 %."""
    years = (2020, 2021, 2022)
    sectors = ["AGR", "IND", "SER"]
    fill = Fill(
        scalars={
            "province_code": "03",
            "district_code": "0301",
            "district_name": "Example district (illustrative)",
            "base_year": 2020,
        },
        blocks={
            "weights": pd.DataFrame({"weight": [50.0, 20.0, 30.0]}, index=sectors),
            "indices": pd.DataFrame(
                [[100.0, 104.0, 108.16], [100.0, 110.0, 121.0], [100.0, 105.0, 110.25]],
                index=sectors,
                columns=list(years),
            ),
            "household": pd.DataFrame(
                [[2.0e6, 2.2e6, 2.42e6], [1.5e6, 1.6e6, 1.7e6], [100.0, 105.0, 110.25]],
                index=["HH_INC", "HH_EXP", "CPI"],
                columns=list(years),
            ),
        },
        banner=BANNER,
    )
    return fill, years


def sez_fill() -> Fill:
    """Four illustrative enterprises in two zones (one host province code typed as a number)."""
    rows = pd.DataFrame(
        {
            "name": ["Resort A", "Casino B", "Factory C", "Logistics D"],
            "zone": ["Golden Triangle", "Golden Triangle", "Savan-Seno", "Savan-Seno"],
            "province": ["05", "05", "13", 13],
            "industry": ["09", "18", "03", "08"],
            "year": [2024, 2024, 2024, 2024],
            "output": [100.0, 50.0, 80.0, 40.0],
            "ic": [60.0, 20.0, 50.0, 10.0],
            "employees": [120, 30, 400, 55],
        }
    )
    return Fill(scalars={"unit": "billion kip"}, blocks={"enterprises": rows}, banner=BANNER)
