"""District GVA levels in the review workbook (issue 9, section 2): a consolidation with a
province and its districts writes a District levels sheet whose districts add up, for every
sector, year and price basis, to the province exactly.

Every workbook is built from the real templates, compiled and prepared (stamped) by the
product's own functions (no ``--accept``). The expected totals are the province's own GVA by
sector read back with openpyxl from the returned province file, never from the code under
test; the districts' base-year GVA is ILLUSTRATIVE.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from levels_books import DISTRICT_YEARS, district_workbook

from xladdin.review.consolidate import consolidate
from xladdin.review.sample import write_compiled_provinces

GVA = {  # base-year GVA by sector, million kip (illustrative)
    "1601": {"AGR": 10.0, "IND": 60.0, "SER": 70.0},
    "1602": {"AGR": 30.0, "IND": 25.0, "SER": 20.0},
    "1603": {"AGR": 60.0, "IND": 15.0, "SER": 10.0},
}
TABLES = {"Current": "tblGvaCurrent", "Constant": "tblGvaConstant"}


@pytest.fixture(scope="module")
def review(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("district-review")
    (prov,) = write_compiled_provinces(d / "in", ["16"])
    for code, gva in GVA.items():
        district_workbook(d / "in", "16", code, gva)
    out = d / "review.xlsx"
    result = consolidate([d / "in"], out)
    return {"province": prov, "review": out, "result": result}


def province_table(path: Path, name: str) -> dict[str, dict[int, float]]:
    """Line -> year -> value of table ``name`` in the returned province file (openpyxl)."""
    wb = openpyxl.load_workbook(path, data_only=True)
    for ws in wb.worksheets:
        if name in ws.tables:
            rows = list(ws[ws.tables[name].ref])
            head = [str(c.value) for c in rows[0]]
            return {
                r[0].value: {int(h): r[j].value for j, h in enumerate(head) if h.isdigit()}
                for r in rows[1:]
            }
    raise AssertionError(f"no {name}")


def district_levels(path: Path) -> dict[tuple[str, str, str, int], list[float]]:
    """(basis, province, sector, year) -> the districts' values on the District levels sheet."""
    rows = list(openpyxl.load_workbook(path)["District levels"].iter_rows(values_only=True))
    h = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith("Province code"))
    years = [int(y) for y in rows[h][5:] if y is not None]
    out: dict[tuple[str, str, str, int], list[float]] = {}
    for r in rows[h + 1 :]:
        if not r[0]:
            continue
        basis = str(r[4]).split()[0]  # "Current prices / ..." or "Constant prices / ..."
        for j, y in enumerate(years):
            if r[5 + j] is not None:
                out.setdefault((basis, str(r[0]), str(r[3]), y), []).append(r[5 + j])
    return out


def test_the_review_has_district_levels_adding_up_to_the_province(review):
    assert "District levels" in openpyxl.load_workbook(review["review"]).sheetnames
    got = district_levels(review["review"])
    want = {b: province_table(review["province"], t) for b, t in TABLES.items()}
    # every sector, every district year the province has, both price bases
    keys = {
        (b, "16", s, y)
        for b in TABLES
        for s in ("AGR", "IND", "SER")
        for y in DISTRICT_YEARS
        if want[b][s].get(y) is not None
    }
    assert keys and keys <= set(got)
    for (basis, _prov, sector, year), parts in got.items():
        assert len(parts) == len(GVA)
        assert math.fsum(parts) == want[basis][sector][year]  # exactly
    # the allocation the sheet was written from adds up exactly too
    levels = review["result"].stats["district_levels"]["16"]
    for basis, table in (("Current", levels.current), ("Constant", levels.constant)):
        for sector, part in table.groupby(level="sector"):
            for year in part.columns:
                assert math.fsum(part[year]) == want[basis][sector][year]


def test_the_base_year_split_is_the_districts_base_year_gva(review):
    got = district_levels(review["review"])
    y0 = DISTRICT_YEARS[0]
    want = province_table(review["province"], "tblGvaCurrent")["IND"][y0]
    rows = list(openpyxl.load_workbook(review["review"])["District levels"].values)
    row = next(r for r in rows if r[2] == "1601" and r[3] == "IND" and str(r[4]).startswith("Cur"))
    h = next(r for r in rows if r[0] and str(r[0]).startswith("Province code"))
    share = GVA["1601"]["IND"] / sum(GVA[d]["IND"] for d in GVA)
    assert row[list(h).index(str(y0))] == pytest.approx(want * share, rel=1e-12)
    assert len(got[("Current", "16", "IND", y0)]) == 3


def test_parts_stay_exact_through_a_file_with_16_digit_numbers(tmp_path):
    """XlsxWriter stores 16 significant digits: the parts are chosen so that the numbers read
    back from such a file still add up exactly whenever a part lies a decade below the total
    (its 16 digits then reach the total's 17th); in memory they always add up exactly
    (random totals and indicators, seeded)."""
    import numpy as np
    import xlsxwriter

    from xladdin.gdp.regional import allocate_exact
    from xladdin.review.districts import written_exactly

    def decade(v: float) -> int:
        return math.floor(math.log10(abs(v)))

    rng = np.random.default_rng(9)
    cases = []
    for _ in range(400):
        total = float(rng.uniform(1, 9) * 10.0 ** rng.integers(-1, 6))
        ind = rng.uniform(0.01, 1, rng.integers(2, 9))
        first = allocate_exact(total, ind).tolist()
        parts = written_exactly(total, first)
        assert math.fsum(parts) == total  # in memory: always exact
        for a, b in zip(parts, first, strict=True):  # a few units in the total's 16th digit
            assert abs(a - b) <= len(parts) * 10.0 ** (decade(total) - 15)
        if min(decade(v) for v in parts) < decade(total):
            cases.append((total, parts))
    assert len(cases) > 300
    path = tmp_path / "parts.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet()
    for i, (_total, parts) in enumerate(cases):
        for j, v in enumerate(parts):
            ws.write_number(i, j, v)
    wb.close()
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    for (total, parts), row in zip(cases, rows, strict=True):
        back = [v for v in row if v is not None]
        assert len(back) == len(parts)
        assert math.fsum(back) == total  # exactly, read back from the file
