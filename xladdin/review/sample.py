"""Illustrative returned workbooks for tests, benchmarks and trying the review (not LSB data).

:func:`write_province_return` writes a small workbook shaped like a compiled ``province-gdp``
template: the defined names and Excel Tables (``tblGvaCurrent``, ``tblGvaConstant``,
``tblPerCapita``, ``tblYears``) that the review reads by name and header text. When the templates
package can build real compiled workbooks (``xladdin demo``), prefer those; this writer needs
only openpyxl and is deterministic.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table

from xladdin.review.geography import industry_lines
from xladdin.templates.data import provinces
from xladdin.workbook.atomic import atomic_write

__all__ = [
    "national_from_provinces",
    "province_values",
    "write_district_return",
    "write_province_return",
]

YEARS = tuple(range(2019, 2024))


def province_values(
    code: str, years: tuple[int, ...] = YEARS, seed: int = 7
) -> dict[str, pd.DataFrame]:
    """Deterministic illustrative current and constant GVA by industry for one province."""
    prov = provinces().set_index("code")
    pop = float(prov.loc[code, "population_2015_census"])
    rng = np.random.default_rng(seed + int(code))
    inds = [c for c in industry_lines().index if c.isdigit()]
    base = rng.uniform(0.2, 1.0, len(inds)) * pop / 1000.0 / len(inds) * 10
    growth = rng.uniform(0.02, 0.08, len(inds))
    infl = rng.uniform(0.02, 0.06, len(inds))
    n = np.arange(len(years))
    constant = base[:, None] * (1 + growth[:, None]) ** n
    current = constant * (1 + infl[:, None]) ** (n + 1)
    cur = pd.DataFrame(current.round(3), index=inds, columns=list(years))
    con = pd.DataFrame(constant.round(3), index=inds, columns=list(years))
    tax_share = 0.08
    out = {}
    for name, df in (("current", cur), ("constant", con)):
        out[name] = add_aggregates(df, tax_share)
    popser = pd.Series([pop * 1.015**i for i in n], index=list(years))
    out["years"] = pd.DataFrame({"population": popser.round(0), "kip_per_usd": 10000 + 1000.0 * n})
    return out


def add_aggregates(df: pd.DataFrame, tax_share: float = 0.08) -> pd.DataFrame:
    """Add sector (AGR, IND, SER), GVA, TAX and GDP rows to an industry frame, in LSB order."""
    lines = industry_lines()
    sectors = lines["sector"]
    rows = {}
    for code in lines.index:
        if code in df.index:
            rows[code] = df.loc[code]
        elif code in ("AGR", "IND", "SER"):
            members = [c for c in df.index if sectors.get(c) == code]
            rows[code] = df.loc[members].sum()
    gva = df.sum()
    rows["GVA"] = gva
    rows["TAX"] = (gva * tax_share).round(3)
    rows["GDP"] = rows["GVA"] + rows["TAX"]
    order = [c for c in lines.index if c in rows]
    return pd.DataFrame({c: rows[c] for c in order}).T


def national_from_provinces(
    frames: dict[str, dict[str, pd.DataFrame]], bias: float = 0.0
) -> pd.DataFrame:
    """Illustrative national totals: the sum of provinces scaled by ``1 + bias`` (long format)."""
    out = []
    for basis in ("current", "constant"):
        total = sum(f[basis] for f in frames.values()) * (1 + bias)
        s = total.stack()
        s.index.names = ["industry", "year"]
        out.append(s.rename(basis))
    df = pd.concat(out, axis=1).reset_index()
    return df


def _add_table(ws, name: str, top: int, headers: list[str], rows: list[list]) -> None:
    for j, h in enumerate(headers, start=1):
        ws.cell(top, j).value = h
    for i, row in enumerate(rows, start=top + 1):
        for j, v in enumerate(row, start=1):
            ws.cell(i, j).value = v
    last = ws.cell(top + len(rows), len(headers)).coordinate
    ws.add_table(Table(displayName=name, ref=f"A{top}:{last}"))


def _name(wb: Workbook, name: str, sheet: str, cell: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!${cell[0]}${cell[1:]}")


def write_province_return(
    path: str | Path,
    code: str,
    values: dict[str, pd.DataFrame] | None = None,
    *,
    base_year: int = 2012,
    template_version: str = "1.0",
) -> Path:
    """Write a compiled-looking provincial workbook for province ``code``."""
    values = values or province_values(code)
    lines = industry_lines()
    wb = Workbook()
    ws = wb.active
    ws.title = "Settings"
    ws["A1"], ws["B1"] = "Province", code
    ws["A2"], ws["B2"] = "Base year", base_year
    ws["A3"], ws["B3"] = "Unit", "billion kip"
    _name(wb, "xl_province_code", "Settings", "B1")
    _name(wb, "xl_base_year", "Settings", "B2")
    _name(wb, "xl_unit", "Settings", "B3")
    yrs = values["years"]
    _add_table(
        ws,
        "tblYears",
        6,
        ["Year", "Population", "Kip per USD"],
        [[int(y), float(r.population), float(r.kip_per_usd)] for y, r in yrs.iterrows()],
    )
    res = wb.create_sheet("Results")
    top = 1
    years = list(values["current"].columns)
    for name, basis in (("tblGvaCurrent", "current"), ("tblGvaConstant", "constant")):
        df = values[basis]
        rows = [
            [c, lines.loc[c, "name_en"], lines.loc[c, "name_lo"], *[float(v) for v in df.loc[c]]]
            for c in df.index
        ]
        _add_table(res, name, top, ["Code", "Industry", "Lao name", *map(str, years)], rows)
        top += len(rows) + 3
    gdp = values["current"].loc["GDP"]
    pop = yrs["population"].reindex(years)
    xr = yrs["kip_per_usd"].reindex(years)
    pc = gdp * 1e9 / pop
    per = [
        ["GDP", "GDP", "", *gdp.tolist()],
        ["POP", "Population", "", *pop.tolist()],
        ["GDPPC_KIP", "GDP per capita (kip)", "", *pc.tolist()],
        ["XR", "Kip per USD", "", *xr.tolist()],
        ["GDPPC_USD", "GDP per capita (USD)", "", *(pc / xr).tolist()],
    ]
    _add_table(res, "tblPerCapita", top, ["Code", "Industry", "Lao name", *map(str, years)], per)
    meta = wb.create_sheet("_xladdin")
    meta.append(["template", "province-gdp"])
    meta.append(["template_version", template_version])
    meta.sheet_state = "veryHidden"
    path = Path(path)
    atomic_write(path, wb.save, backup=False)
    return path


def write_district_return(path: str | Path, province: str, district: str, seed: int = 3) -> Path:
    """Write a compiled-looking district-growth workbook."""
    rng = np.random.default_rng(seed + int(province) * 100 + int(district[-2:] or 0))
    wb = Workbook()
    ws = wb.active
    ws.title = "Settings"
    ws["A1"], ws["B1"] = "Province", province
    ws["A2"], ws["B2"] = "District", district
    ws["A3"], ws["B3"] = "Base year", 2019
    _name(wb, "xl_province_code", "Settings", "B1")
    _name(wb, "xl_district_code", "Settings", "B2")
    _name(wb, "xl_base_year", "Settings", "B3")
    res = wb.create_sheet("Results")
    years = list(YEARS)
    composite = 100 * np.cumprod(1 + rng.uniform(0.01, 0.07, len(years)))
    g = np.r_[np.nan, composite[1:] / composite[:-1] * 100 - 100]
    rows = [["COMPOSITE", "Composite index", "", *composite.round(3).tolist()]]
    rows.append(["COMPOSITE_G", "Growth", "", *[None if np.isnan(v) else float(v) for v in g]])
    for code in ("AGR_G", "IND_G", "SER_G"):
        rows.append([code, code, "", None, *rng.uniform(0, 8, len(years) - 1).round(2).tolist()])
    _add_table(
        res, "tblDistrictGrowth", 1, ["Code", "Industry", "Lao name", *map(str, years)], rows
    )
    meta = wb.create_sheet("_xladdin")
    meta.append(["template", "district-growth"])
    meta.append(["template_version", "1.0"])
    meta.sheet_state = "veryHidden"
    path = Path(path)
    atomic_write(path, wb.save, backup=False)
    return path


def compiled_province_fill(code: str):
    """The demo sample (:func:`xladdin.templates.sample.province_fill`) rescaled to province
    ``code``: benchmark and taxes scaled by the census population ratio, volume growth
    perturbed deterministically. ILLUSTRATIVE, NOT OFFICIAL FIGURES."""
    from dataclasses import replace

    from xladdin.templates.sample import province_fill

    fill, years = province_fill()
    pop = provinces().set_index("code")["population_2015_census"].astype(float)
    ratio = float(pop[code] / pop[fill.scalars["province_code"]])
    rng = np.random.default_rng(1000 + int(code))
    blocks = {k: v.copy() for k, v in fill.blocks.items()}
    blocks["benchmark"] = blocks["benchmark"] * ratio
    vol = blocks["volume"]
    tilt = rng.uniform(0.97, 1.03, size=(len(vol.index), 1))
    steps = np.arange(vol.shape[1])[None, :]
    blocks["volume"] = vol * tilt**steps
    yrs = blocks["years"]
    for col in ("population", "taxes_current"):
        yrs[col] = yrs[col] * ratio
    blocks["years"] = yrs
    scalars = {**fill.scalars, "province_code": code, "compiler": f"illustrative province {code}"}
    return replace(fill, scalars=scalars, blocks=blocks), years


def write_compiled_provinces(
    out_dir: str | Path, codes: list[str] | None = None, stamp: bool = True
) -> list[Path]:
    """Build, compile and (with ``stamp``) prepare one provincial workbook per province code,
    with the real template, compiler and return stamp. Returns the returned (stamped) files, or
    the compiled ones when ``stamp`` is False. ILLUSTRATIVE, NOT OFFICIAL FIGURES."""
    from xladdin.compile import compile_file
    from xladdin.templates.builder import build

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    work = out / "compiled"
    work.mkdir(exist_ok=True)
    paths = []
    for code in codes or list(provinces()["code"]):
        fill, years = compiled_province_fill(code)
        target = work / f"province-{code}.xlsx"
        build("province-gdp", target, years=years, fill=fill)
        compile_file(target, backup=False)
        if stamp:
            from xladdin.returned.prepare import prepare_file

            paths.append(
                prepare_file(
                    target, out=out / f"province-{code}-return.xlsx", compiler=f"office {code}"
                )
            )
        else:
            paths.append(target)
    return paths
