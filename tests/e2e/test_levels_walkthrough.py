"""Issue 9, section 5: from district to nation, one consistent picture (ILLUSTRATIVE data).

Every workbook is built from the real templates, compiled and prepared (stamped) by the
product's own functions, and consolidated **without ``--accept``**: every file must read as
intact. A national workbook (the province template with code 00), the 18 provinces (the
national inputs with benchmarks split by census population, tilted +-3 % per province and
industry and 2 % short overall, volume and price drifts per industry), Savannakhet (13) that
includes its SEZ *and* whose SEZ returns separately, Bokeo (05) that says its figures exclude
its SEZ, and Champasak (16) with three district returns whose base-year GVA by sector (the
district weights) is typed in the district workbooks themselves. Built and consolidated once
(module fixture); every test reads that one review.

Expected numbers are derived here from the inputs written (district indices, base-year GVA)
and from the returned files read back with openpyxl, never from the code under test.
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "levels"))

import levels_books
from levels_books import (
    DISTRICT_YEARS,
    district_indices,
    district_workbook,
    national_workbook,
    province_returns,
    table_values,
)

from tests.sez_books import sez_return
from xladdin.review.consolidate import Options, consolidate, read_submission
from xladdin.review.districts import allocate_levels, district_weights, sector_growth
from xladdin.review.national import read_national
from xladdin.templates.data import provinces

DISTRICTS = ["1601", "1602", "1603"]
BASE_GVA = {  # the districts' base-year GVA by sector, million kip (illustrative)
    "AGR": {"1601": 20.0, "1602": 30.0, "1603": 50.0},
    "IND": {"1601": 60.0, "1602": 25.0, "1603": 15.0},
    "SER": {"1601": 70.0, "1602": 20.0, "1603": 10.0},
}
SEZ_INCLUDED = {"13": {"03": "yes"}, "05": {"09": "no"}}


def _sez_return(folder: Path) -> Path:
    """The SEZ return of :mod:`tests.sez_books`, compiled and prepared: Savan-Seno (13)
    manufacturing GVA 30 + 10 = 40 and Golden Triangle (05) accommodation GVA 100 - 60 = 40, in
    2024."""
    return sez_return(
        folder / "compiled" / "sez.xlsx", folder / "sez-return.xlsx", compiler="SEZ office"
    )


def _inputs_key() -> str:
    """A hash of everything the built returns depend on: xladdin's source and data files and
    this test's builders. Any change rebuilds them; nothing stale is ever consolidated."""
    import xladdin

    h = hashlib.sha256()
    # openpyxl writes XML differently with lxml: the venv's own set of returns
    h.update(f"{sys.version};lxml={importlib.util.find_spec('lxml') is not None}".encode())
    root = Path(xladdin.__file__).resolve().parent
    files = [f for f in root.rglob("*") if f.is_file() and "__pycache__" not in f.parts]
    files += [Path(__file__), Path(levels_books.__file__)]
    for f in sorted(files):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:20]


def _build_returns(folder: Path) -> Path:
    """Every returned file of the walkthrough in ``folder`` (the national one beside it, in
    ``folder.parent``); returns the national return."""
    _compiled, national = national_workbook(folder.parent)
    province_returns(folder, list(provinces()["code"]), sez_included=SEZ_INCLUDED)
    _sez_return(folder)
    for dist in DISTRICTS:
        gva = {s: by[dist] for s, by in BASE_GVA.items()}
        district_workbook(folder, "16", dist, gva)
    shutil.rmtree(folder / "compiled")  # the compiled (unstamped) copies are not returns
    return national


@pytest.fixture(scope="module")
def walk(tmp_path_factory, request):
    """Built once per module; the returned files are kept in pytest's cache under a hash of
    xladdin's sources (:func:`_inputs_key`) so an unchanged tree does not rebuild them (the
    consolidation, which is what is tested, always runs)."""
    d = tmp_path_factory.mktemp("levels")
    folder = d / "in"
    store = getattr(request.config, "cache", None)  # None with -p no:cacheprovider
    cache = Path(store.mkdir("levels-walkthrough")) if store is not None else None
    key = cache / _inputs_key() if cache is not None else None
    if key is None:
        national = _build_returns(folder)
    elif (key / "done").is_file():
        shutil.copytree(key / "in", folder)
        shutil.copyfile(key / "national-return.xlsx", d / "national-return.xlsx")
        national = d / "national-return.xlsx"
    else:
        national = _build_returns(folder)
        for old in cache.iterdir():  # one cached set at a time
            shutil.rmtree(old, ignore_errors=True)
        shutil.copytree(folder, key / "in")
        shutil.copyfile(national, key / "national-return.xlsx")
        (key / "done").write_text("ok\n", encoding="utf-8")
    nat = read_national(national)
    options = Options(validate=False)  # nothing accepted by name: every file is stamped
    out = d / "review.xlsx"
    result = consolidate([folder], out, national=national, options=options)
    return {
        "dir": d,
        "national": national,
        "nat": nat,
        "folder": folder,
        "result": result,
        "review": out,
        "options": options,
    }


def _found(walk, code):
    return [f for f in walk["result"].report if f.code == code]


def test_sez_double_counted_and_omitted_name_zone_industry_amount(walk):
    double = _found(walk, "sez-double-counted")
    assert len(double) == 1
    f = double[0].details
    assert (f["zone"], f["province"], f["industry"], f["year"]) == ("Savan-Seno", "13", "03", 2024)
    assert f["amount"] == pytest.approx(40.0)  # (80 - 50) + (15 - 5)
    omitted = _found(walk, "sez-omitted")
    assert len(omitted) == 1
    f = omitted[0].details
    assert (f["zone"], f["province"], f["industry"], f["year"]) == (
        "Golden Triangle",
        "05",
        "09",
        2024,
    )
    assert f["amount"] == pytest.approx(40.0)  # 100 - 60
    assert double[0].message_lo and omitted[0].message_lo  # bilingual


def test_every_file_is_used_as_intact_without_accept(walk):
    subs = walk["result"].submissions
    levels = sorted(s.level for s in subs)
    assert levels.count("province") == 18 and levels.count("district") == 3
    assert levels.count("sez") == 1
    assert {s.stamp_state for s in subs} == {"intact"}, {
        Path(s.path).name: s.stamp_state for s in subs if s.stamp_state != "intact"
    }
    assert all(s.recomputed for s in subs if s.level in ("province", "district"))
    codes = {f.code for f in walk["result"].report}
    assert not codes & {"review-accepted", "return-stamp-missing", "return-stamp-changed"}
    assert "review-province-missing" not in codes


def test_district_growth_gaps_with_the_right_numbers(walk):
    # province 16's sector growth from its returned constant prices (read with openpyxl); the
    # districts' growth from the indices written into their workbooks, weighted with the
    # base-year GVA typed there: g = sum w g_d / sum w, g_d = I_t / I_{t-1} - 1
    con = table_values(walk["folder"] / "province-16.xlsx", "tblGvaConstant")
    idx = {d: district_indices(d) for d in DISTRICTS}
    expected = {}
    for s, by in BASE_GVA.items():
        for year in DISTRICT_YEARS[1:]:
            g_p = (con[s][year] / con[s][year - 1] - 1) * 100
            g = {d: (idx[d].at[s, year] / idx[d].at[s, year - 1] - 1) * 100 for d in DISTRICTS}
            g_d = math.fsum(by[d] * g[d] for d in DISTRICTS) / math.fsum(by.values())
            if abs(g_d - g_p) > 1.0:
                expected[(s, year)] = (g_p, g_d, g_d - g_p)
    got = {
        (f.details["sector"], f.details["year"]): f.details
        for f in _found(walk, "district-growth-gap")
    }
    assert expected and set(got) == set(expected)
    for key, (g_p, g_d, gap) in expected.items():
        assert got[key]["province"] == "16"
        assert got[key]["province_growth"] == pytest.approx(g_p, abs=0.006)
        assert got[key]["district_growth"] == pytest.approx(g_d, abs=0.006)
        assert got[key]["gap"] == pytest.approx(gap, abs=0.006)
    assert not _found(walk, "district-weights-missing")  # the weights are in the workbooks


def test_sum_of_provinces_is_the_nation_at_both_prices(walk):
    r = walk["result"]
    rec = r.reconciliation
    assert rec is not None and rec.volumes is not None
    nat_cur, nat_con = walk["nat"].value("current"), walk["nat"].value("constant")
    before = rec.original.groupby(level="line").sum()
    assert abs(before.loc["GVA", 2024] / nat_cur.loc["GVA", 2024] - 1) > 0.01  # not before
    for panel, nat in ((rec.adjusted, nat_cur), (rec.volumes.adjusted, nat_con)):
        sums = panel.groupby(level="line").sum()
        for line in [c for c in nat.index if c.isdigit()]:  # every industry
            for year in nat.columns:  # every year
                assert sums.loc[line, year] == pytest.approx(nat.loc[line, year], rel=1e-9)
    assert {"reconcile-adjusted", "taxes-allocated"} <= {f.code for f in r.report}


def test_allocated_taxes_add_up_to_the_national_total(walk):
    rec = walk["result"].reconciliation
    nat_cur = walk["nat"].value("current")
    tax = rec.adjusted.xs("TAX", level=1)
    gva = rec.adjusted.xs("GVA", level=1)
    for year in nat_cur.columns:
        assert math.fsum(tax[year]) == nat_cur.loc["TAX", year]  # exactly
        # in proportion to (reconciled) GVA: TAX(p) = TAX(nation) x GVA(p) / sum GVA
        share = gva.loc["13", year] / gva[year].sum()
        assert tax.loc["13", year] == pytest.approx(nat_cur.loc["TAX", year] * share, rel=1e-9)


def test_district_levels_add_up_to_the_province(walk):
    opts = walk["options"]
    prov = read_submission(walk["folder"] / "province-16.xlsx", opts)
    subs = [read_submission(walk["folder"] / f"district-{d}.xlsx", opts) for d in DISTRICTS]
    growth = {s.code: sector_growth(s.tables["district_growth"]) for s in subs}
    base = {s.code: int(s.base_year) for s in subs}
    weights, files = district_weights(subs)  # from the district workbooks themselves
    levels = allocate_levels(
        "16", prov.tables["gva_current"], prov.tables["gva_constant"], growth, weights, base, files
    )
    assert not levels.findings
    for table, name in ((levels.current, "tblGvaCurrent"), (levels.constant, "tblGvaConstant")):
        assert not table.empty
        want = table_values(walk["folder"] / "province-16.xlsx", name)
        for s, part in table.groupby(level=1):
            for year in part.columns:
                if part[year].notna().all():
                    assert math.fsum(part[year]) == pytest.approx(want[s][year], rel=1e-12)
    # base year: a district's level is its share of the base-year GVA typed in its workbook
    y0 = DISTRICT_YEARS[0]
    share = BASE_GVA["IND"]["1601"] / sum(BASE_GVA["IND"].values())
    want = table_values(walk["folder"] / "province-16.xlsx", "tblGvaCurrent")["IND"][y0]
    assert levels.current.loc[("1601", "IND"), y0] == pytest.approx(want * share, rel=1e-12)


def test_the_review_workbook_district_levels_add_up_to_the_province(walk):
    """The review's District levels sheet (read back with openpyxl): for every sector, year
    and price basis, the three districts add up to province 16 exactly (math.fsum), the
    province's values read back from its returned file."""
    rows = list(load_workbook(walk["review"])["District levels"].iter_rows(values_only=True))
    h = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith("Province code"))
    years = [int(y) for y in rows[h][5:] if y is not None]
    parts: dict[tuple[str, str, int], list[float]] = {}
    for r in rows[h + 1 :]:
        if r[0] == "16":
            basis = str(r[4]).split()[0]  # "Current prices / ..." or "Constant prices / ..."
            for j, y in enumerate(years):
                if r[5 + j] is not None:
                    parts.setdefault((basis, str(r[3]), y), []).append(r[5 + j])
    want = {
        b: table_values(walk["folder"] / "province-16.xlsx", t)
        for b, t in (("Current", "tblGvaCurrent"), ("Constant", "tblGvaConstant"))
    }
    expected = {
        (b, s, y)
        for b in want
        for s in BASE_GVA
        for y in DISTRICT_YEARS
        if want[b][s].get(y) is not None
    }
    assert expected and expected <= set(parts)
    for (basis, sector, year), values in parts.items():
        assert len(values) == len(DISTRICTS)
        assert math.fsum(values) == want[basis][sector][year]  # exactly


def test_national_workbook_totals_are_in_the_review(walk):
    wb = load_workbook(walk["review"], read_only=True)
    sheets = {"National", "Taxes", "Volumes", "VolumeGrowth", "DistrictGrowth", "District levels"}
    assert sheets <= set(wb.sheetnames)
    # bilingual: the findings carry English and Lao
    rows = list(wb["Findings"].iter_rows(values_only=True))
    text = " ".join(str(v) for r in rows for v in r if v is not None)
    assert "sez-double-counted" in text and "ເຂດເສດຖະກິດພິເສດ" in text


ERRORS = ("#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "Err:")


@pytest.mark.libreoffice
def test_review_workbook_renders_in_libreoffice_without_error_values(walk, soffice, tmp_path):
    out = tmp_path / "conv"
    profile = f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}"
    for target in (
        "pdf",
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
    ):
        subprocess.run(
            [
                soffice,
                profile,
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                str(walk["review"]),
            ],
            check=True,
            capture_output=True,
            timeout=240,
        )
    assert (out / "review.pdf").stat().st_size > 10_000
    sheets = sorted(out.glob("review-*.csv"))
    assert len(sheets) >= 5
    for csv in sheets:
        text = csv.read_text(encoding="utf-8")
        bad = [e for e in ERRORS if e in text]
        assert not bad, (csv.name, bad)
    findings = (out / "review-Findings.csv").read_text(encoding="utf-8")
    assert "ເຂດເສດຖະກິດພິເສດ" in findings  # Lao rendered through
    assert np.isfinite(1.0)
