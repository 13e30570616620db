"""Workbooks for the national-workbook and end-to-end tests of issue 9 (ILLUSTRATIVE, NOT
OFFICIAL FIGURES).

- the **national workbook**: the real ``province-gdp`` template filled with the demo sample
  (:func:`xladdin.templates.sample.province_fill`) and the national code ``00`` (Lao PDR),
  compiled and prepared (stamped) like a provincial return;
- **provincial returns** shaped like compiled ones (:func:`xladdin.review.sample.write_province_return`,
  fast: openpyxl only) whose industries are the national ones split by the 2015 census
  population, with a deterministic +-3 % tilt per province and industry (different at current
  and constant prices) and ``bias`` overall, so that the provinces do *not* add up to the nation
  before reconciliation.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from xladdin.review.sample import add_aggregates, write_province_return
from xladdin.templates.data import provinces


def national_workbook(out: Path) -> tuple[Path, Path]:
    """(compiled, prepared) national workbook in ``out``."""
    from xladdin.compile import compile_file
    from xladdin.returned.prepare import prepare_file
    from xladdin.templates.builder import build
    from xladdin.templates.sample import province_fill

    fill, years = province_fill()
    scalars = {**fill.scalars, "province_code": "00", "compiler": "national (illustrative)"}
    compiled = build(
        "province-gdp", out / "national.xlsx", years=years, fill=replace(fill, scalars=scalars)
    )
    result = compile_file(compiled, backup=False)
    assert result.exit_code == 0, [
        f.message_en for f in result.report if f.severity.value == "error"
    ]
    returned = prepare_file(compiled, out=out / "national-return.xlsx", compiler="LSB national")
    return compiled, returned


def province_values_from(
    nat_cur: pd.DataFrame, nat_con: pd.DataFrame, codes: list[str], bias: float = -0.02
) -> dict[str, dict[str, pd.DataFrame]]:
    """Provincial values (the :func:`write_province_return` shape) from national industries."""
    pop = provinces().set_index("code")["population_2015_census"].astype(float)
    share = pop[codes] / pop[codes].sum()
    inds = [c for c in nat_cur.index if c.isdigit()]
    years = list(nat_cur.columns)
    out: dict[str, dict[str, pd.DataFrame]] = {}
    for code in codes:
        rng = np.random.default_rng(500 + int(code))
        tilt_c = rng.uniform(0.97, 1.03, (len(inds), 1))
        tilt_k = rng.uniform(0.97, 1.03, (len(inds), 1))
        f = share[code] * (1 + bias)
        cur = (nat_cur.loc[inds] * f * tilt_c).round(3)
        con = (nat_con.loc[inds] * f * tilt_k).round(3)
        n = np.arange(len(years))
        yrs = pd.DataFrame(
            {"population": (pop[code] * 1.015**n).round(0), "kip_per_usd": 8000 + 500.0 * n},
            index=years,
        )
        out[code] = {"current": add_aggregates(cur), "constant": add_aggregates(con), "years": yrs}
    return out


def write_returns(folder: Path, values: dict[str, dict[str, pd.DataFrame]]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_province_return(folder / f"province-{c}.xlsx", c, v, base_year=2012)
        for c, v in values.items()
    ]


DISTRICT_YEARS = tuple(range(2019, 2027))


def district_indices(district: str, years: tuple[int, ...] = DISTRICT_YEARS) -> pd.DataFrame:
    """Production indices by sector (100 in the first year, deterministic growth of 1-8 % a
    year per district and sector): sector x year. The growth a test expects is
    ``I_t / I_{t-1} - 1`` of these numbers, computed by the test itself."""
    rng = np.random.default_rng(7000 + int(district))
    steps = 1 + rng.uniform(0.01, 0.08, (3, len(years) - 1))
    idx = 100 * np.c_[np.ones(3), np.cumprod(steps, axis=1)]
    return pd.DataFrame(idx.round(3), index=["AGR", "IND", "SER"], columns=list(years))


def district_workbook(
    out: Path,
    province: str,
    district: str,
    base_gva: dict[str, float | None] | None,
    *,
    stamp: bool = True,
) -> Path:
    """A district-growth workbook from the real template (1.1), compiled and (with ``stamp``)
    prepared like a return: base-year weights 50/20/30, indices :func:`district_indices`,
    household rows, and ``base_gva`` (million kip, the district's base-year GVA by sector; a
    sector given None is left blank; ``base_gva=None`` leaves the column blank). ILLUSTRATIVE."""
    from xladdin.compile import compile_file
    from xladdin.returned.prepare import prepare_file
    from xladdin.templates.builder import Fill, build

    years = DISTRICT_YEARS
    sectors = ["AGR", "IND", "SER"]
    gva = [np.nan if not base_gva or base_gva.get(s) is None else base_gva[s] for s in sectors]
    n = np.arange(len(years))
    fill = Fill(
        scalars={
            "province_code": province,
            "district_code": district,
            "district_name": f"district {district} (illustrative)",
            "base_year": years[0],
        },
        blocks={
            "weights": pd.DataFrame({"weight": [50.0, 20.0, 30.0], "base_gva": gva}, index=sectors),
            "indices": district_indices(district, years),
            "household": pd.DataFrame(
                [2.0e6 * 1.05**n, 1.5e6 * 1.04**n, 100 * 1.03**n],
                index=["HH_INC", "HH_EXP", "CPI"],
                columns=list(years),
            ),
        },
        banner="illustrative, not official figures",
    )
    compiled = build(
        "district-growth", out / "compiled" / f"district-{district}.xlsx", years=years, fill=fill
    )
    result = compile_file(compiled, backup=False)
    assert result.exit_code in (0, 1), [f.message_en for f in result.report]
    if not stamp:
        return compiled
    return prepare_file(compiled, out=out / f"district-{district}.xlsx", compiler=f"d{district}")


def province_fill_for(code: str, bias: float = -0.02, sez_included: dict | None = None):
    """The demo sample (:func:`xladdin.templates.sample.province_fill`, the national workbook's
    inputs) as province ``code``: benchmark output and IC and taxes scaled by the province's
    2015 census population share times ``1 + bias`` and a +-3 % tilt per industry; volume and
    price indices tilted by a drift of +-1 % a year per industry (different at volume and
    price), so the provinces do *not* add up to the nation before reconciliation. The old-base
    series are left out (no back-cast: faster, and not what these tests are about).
    ``sez_included``: industry code -> "yes"/"no" (the SEZ sheet's Included column).
    ILLUSTRATIVE, NOT OFFICIAL FIGURES."""
    from xladdin.templates.builder import Fill
    from xladdin.templates.sample import province_fill

    fill, years = province_fill()
    pop = provinces().set_index("code")["population_2015_census"].astype(float)
    share = float(pop[code] / pop.sum()) * (1 + bias)
    rng = np.random.default_rng(500 + int(code))
    blocks = {k: v.copy() for k, v in fill.blocks.items() if k in ("volume", "prices", "years")}
    bench = fill.blocks["benchmark"].copy()
    tilt = rng.uniform(0.97, 1.03, (len(bench.index), 1))
    bench[["output", "ic"]] = bench[["output", "ic"]] * share * tilt
    blocks["benchmark"] = bench
    for key in ("volume", "prices"):
        frame = blocks[key]
        drift = rng.uniform(0.99, 1.01, (len(frame.index), 1))
        steps = np.arange(frame.shape[1])[None, :]
        blocks[key] = frame * drift**steps
    yrs = blocks["years"]
    for col in ("population", "taxes_current", "subsidies_current"):
        if col in yrs.columns:
            yrs[col] = yrs[col] * float(pop[code] / pop.sum())
    blocks["years"] = yrs
    if sez_included:
        blocks["sez_included"] = pd.DataFrame(
            {"included": list(sez_included.values())}, index=list(sez_included)
        )
    scalars = {k: v for k, v in fill.scalars.items() if k not in ("old_base_year", "rebase_method")}
    scalars.update(province_code=code, compiler=f"office {code} (illustrative)")
    return Fill(scalars=scalars, blocks=blocks, banner=fill.banner), years


def fill_patch(template: Path, fill) -> object:
    """The patch that writes ``fill`` (scalars and input blocks, as the builder would) into an
    empty built ``template``, cell by cell through the template's binding."""
    import math as _math

    from xladdin.templates.binding import bind
    from xladdin.workbook.model import Patch
    from xladdin.workbook.xlsx_reader import open_xlsx

    bound = bind(open_xlsx(template))
    patch = Patch()
    for key, value in fill.scalars.items():
        sc = bound.scalar(key)
        if sc is not None:
            patch.set_value(sc.sheet, sc.cell, value)
    for key, frame in fill.blocks.items():
        block = bound.block(key)
        if block is None:
            continue
        for row in frame.index:
            for col in frame.columns:
                value = frame.at[row, col]
                if isinstance(value, float) and _math.isnan(value):
                    continue
                if block.has(row, col):
                    v = value.item() if hasattr(value, "item") else value
                    patch.set_value(block.sheet, block.cell(row, col), v)
    return patch


def province_returns(out: Path, codes: list[str], **kw) -> list[Path]:
    """Build the province template **once**, then for each code write its inputs
    (:func:`province_fill_for`) through the patch writer, compile and prepare (stamp) it:
    the same workbook as building each one, in a fraction of the time."""
    import shutil

    from xladdin.compile import compile_file
    from xladdin.returned.prepare import prepare_file
    from xladdin.templates.builder import Fill, build
    from xladdin.workbook.xlsx_patch import apply_patch

    sez = kw.pop("sez_included", {}) or {}
    fill0, years = province_fill_for(codes[0], **kw)
    blank = build(
        "province-gdp", out / "compiled" / "blank.xlsx", years=years, fill=Fill(banner=fill0.banner)
    )
    paths = []
    for code in codes:
        fill, _ = province_fill_for(code, sez_included=sez.get(code), **kw)
        compiled = out / "compiled" / f"province-{code}.xlsx"
        shutil.copyfile(blank, compiled)
        apply_patch(compiled, fill_patch(blank, fill), backup=False)
        result = compile_file(compiled, backup=False)
        assert not result.report.refused, [f.message_en for f in result.report if f.refuses]
        paths.append(
            prepare_file(compiled, out=out / f"province-{code}.xlsx", compiler=f"office {code}")
        )
    return paths


def province_return(out: Path, code: str, **kw) -> Path:
    """Build, compile and prepare (stamp) province ``code`` (:func:`province_fill_for`)."""
    from xladdin.compile import compile_file
    from xladdin.returned.prepare import prepare_file
    from xladdin.templates.builder import build

    fill, years = province_fill_for(code, **kw)
    compiled = build(
        "province-gdp", out / "compiled" / f"province-{code}.xlsx", years=years, fill=fill
    )
    result = compile_file(compiled, backup=False)
    assert not result.report.refused, [f.message_en for f in result.report if f.refuses]
    return prepare_file(compiled, out=out / f"province-{code}.xlsx", compiler=f"office {code}")


def table_values(path: Path, table: str) -> dict[str, dict[int, float]]:
    """An Excel table of a workbook read back with openpyxl (independent of xladdin's reader):
    row code -> {year: value}."""
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=True)
    for ws in wb.worksheets:
        if table in ws.tables:
            rows = list(ws[ws.tables[table].ref])
            head = [str(c.value) for c in rows[0]]
            return {
                str(r[0].value): {
                    int(h): r[j].value for j, h in enumerate(head) if h.isdigit() and len(h) == 4
                }
                for r in rows[1:]
            }
    raise KeyError(table)
