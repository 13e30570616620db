"""District weights are data in the district workbooks (issue 9, section 2): the base-year GVA
by sector typed in each district return (template 1.1, sheet Indices, table tblWeights, column
"Base-year GVA (million kip)"), ``--shares CSV`` overriding, ``district-weights-missing``
naming the file and the sector when a value is absent; a 1.0 district workbook still reads.

Every workbook is built from the real templates, compiled and prepared (stamped) by the
product's own functions, so no ``--accept`` is needed. Expected growth rates are computed here
from the indices written into the district workbooks and from the province's constant prices
read back with openpyxl (ILLUSTRATIVE numbers).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from levels_books import DISTRICT_YEARS, district_indices, district_workbook

from tests.template_version import set_template_version
from xladdin.cli import main
from xladdin.compile import compile_file
from xladdin.review.sample import write_compiled_provinces
from xladdin.templates.binding import bind
from xladdin.templates.spec import SPECS
from xladdin.workbook.xlsx_reader import open_xlsx

GVA = {  # base-year GVA by sector, million kip (illustrative)
    "1601": {"AGR": 10.0, "IND": 60.0, "SER": 70.0},
    "1602": {"AGR": 30.0, "IND": 25.0, "SER": 20.0},
    "1603": {"AGR": 60.0, "IND": 15.0, "SER": 10.0},
}


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("weights")
    (prov,) = write_compiled_provinces(d, ["16"])
    out = {"province": prov}
    for code, gva in GVA.items():
        out[code] = district_workbook(d, "16", code, gva)
    lacking = {**GVA["1603"], "SER": None}
    out["1603-lacking"] = district_workbook(d / "lacking", "16", "1603", lacking)
    return out


def _province_constant(path: Path) -> dict[str, dict[int, float]]:
    wb = openpyxl.load_workbook(path, data_only=True)
    for ws in wb.worksheets:
        if "tblGvaConstant" in ws.tables:
            rows = list(ws[ws.tables["tblGvaConstant"].ref])
            head = [str(c.value) for c in rows[0]]
            return {
                r[0].value: {int(h): r[j].value for j, h in enumerate(head) if h.isdigit()}
                for r in rows[1:]
            }
    raise AssertionError("no tblGvaConstant")


def _growth_sheet(path: Path) -> dict[tuple[str, int], tuple[float, float, float]]:
    ws = openpyxl.load_workbook(path)["Growth"]
    return {
        (r[0], int(r[1])): (r[2], r[3], r[4])
        for r in ws.iter_rows(min_row=4, values_only=True)
        if r[0]
    }


def _expected(weights: dict[str, dict[str, float]], province: dict) -> dict:
    """(sector, year) -> (province growth, weighted district growth) computed from the inputs:
    g_d = I_t / I_{t-1} - 1 of each district's indices; g = sum w g_d / sum w."""
    out = {}
    idx = {d: district_indices(d) for d in weights}
    for s in ("AGR", "IND", "SER"):
        for y in DISTRICT_YEARS[1:]:
            g = {d: (idx[d].at[s, y] / idx[d].at[s, y - 1] - 1) * 100 for d in weights}
            w = {d: weights[d][s] for d in weights}
            g_d = math.fsum(w[d] * g[d] for d in weights) / math.fsum(w.values())
            g_p = (province[s][y] / province[s][y - 1] - 1) * 100
            out[(s, y)] = (g_p, g_d)
    return out


def _run(books, out: Path, *districts: str, extra: tuple[str, ...] = ()) -> int:
    files = [str(books[d]) for d in districts]
    return main(["districts", "allocate", str(books["province"]), *files, "-o", str(out), *extra])


def test_the_template_has_the_base_year_gva_column_from_1_1():
    spec = SPECS["district-growth"]
    assert spec.version == "1.1" and "1.0" in spec.migrations
    col = spec.table("weights").col("base_gva")
    assert col.optional and col.header == "Base-year GVA (million kip)"


def test_weights_come_from_the_district_workbooks(books, tmp_path, capsys):
    out = tmp_path / "districts.xlsx"
    code = _run(books, out, "1601", "1602", "1603")  # no --shares, no --accept
    said = capsys.readouterr()
    assert code in (0, 1), said.err
    assert "district-weights-missing" not in said.out
    assert "cannot use" not in said.err
    got = _growth_sheet(out)
    want = _expected(GVA, _province_constant(books["province"]))
    assert set(got) == set(want)
    for key, (g_p, g_d) in want.items():
        assert got[key][0] == pytest.approx(g_p, rel=1e-9)
        assert got[key][1] == pytest.approx(g_d, rel=1e-9)


def test_district_levels_from_workbook_weights_add_up_to_the_province(books, tmp_path):
    out = tmp_path / "districts.xlsx"
    _run(books, out, "1601", "1602", "1603")
    province = _province_constant(books["province"])
    rows = list(openpyxl.load_workbook(out)["Levels"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith("Constant"))
    head = rows[start + 1]
    years = [int(h) for h in head[3:] if h]
    parts: dict[tuple[str, int], list[float]] = {}
    for r in rows[start + 2 :]:
        if r[0] in GVA:
            for j, y in enumerate(years):
                parts.setdefault((r[2], y), []).append(r[3 + j])
    assert parts
    for (s, y), values in parts.items():
        assert math.fsum(values) == pytest.approx(province[s][y], rel=1e-12)
    # the base year: each district's share of the province is its share of base-year GVA
    y0 = DISTRICT_YEARS[0]
    first = next(r for r in rows[start + 2 :] if r[0] == "1601" and r[2] == "AGR")
    share = GVA["1601"]["AGR"] / sum(GVA[d]["AGR"] for d in GVA)
    assert first[3 + years.index(y0)] == pytest.approx(province["AGR"][y0] * share, rel=1e-12)


def test_a_missing_base_year_value_names_the_file_and_the_sector(books, tmp_path, capsys):
    out = tmp_path / "districts.xlsx"
    _run(books, out, "1601", "1602", "1603-lacking")
    said = capsys.readouterr().out
    assert "district-weights-missing" in said
    ws = openpyxl.load_workbook(out)["Findings"]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    missing = [r for r in rows if r[0] == "district-weights-missing"]
    assert len(missing) == 1
    assert "SER" in missing[0][2] and books["1603-lacking"].name in missing[0][2]
    assert missing[0][3]  # Lao message
    growth = _growth_sheet(out)
    assert {s for s, _ in growth} == {"AGR", "IND"}  # SER not compared


def test_shares_csv_overrides_the_workbooks_for_the_sectors_it_lists(books, tmp_path, capsys):
    csv = tmp_path / "shares.csv"
    csv.write_text(
        "district,sector,share\n1601,AGR,50\n1602,AGR,25\n1603,AGR,25\n", encoding="utf-8"
    )
    out = tmp_path / "districts.xlsx"
    _run(books, out, "1601", "1602", "1603", extra=("--shares", str(csv)))
    capsys.readouterr()
    weights = {d: dict(GVA[d]) for d in GVA}
    for d, w in (("1601", 50.0), ("1602", 25.0), ("1603", 25.0)):
        weights[d]["AGR"] = w
    want = _expected(weights, _province_constant(books["province"]))
    got = _growth_sheet(out)
    for key, (_g_p, g_d) in want.items():
        assert got[key][1] == pytest.approx(g_d, rel=1e-9)


def _as_1_0(path: Path) -> None:
    """Drop what 1.1 added to a district workbook: the Base-year GVA column of tblWeights."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Indices"]
    table = ws.tables["tblWeights"]
    first, last = table.ref.split(":")
    col = openpyxl.utils.cell.coordinate_from_string(last)[0]
    at = openpyxl.utils.column_index_from_string(col)
    for row in ws.iter_rows(min_col=at, max_col=at):
        row[0].value = None
    prev = openpyxl.utils.get_column_letter(at - 1)
    row_last = openpyxl.utils.cell.coordinate_from_string(last)[1]
    table.ref = f"{first}:{prev}{row_last}"
    table.autoFilter.ref = table.ref
    table.tableColumns = table.tableColumns[:-1]
    set_template_version(wb, "1.0")
    wb.save(path)


def test_a_1_0_district_workbook_binds_compiles_and_reports_missing_weights(tmp_path, capsys):
    path = district_workbook(tmp_path, "16", "1601", GVA["1601"], stamp=False)
    _as_1_0(path)
    bound = bind(open_xlsx(path))
    assert bound is not None and bound.info.version == "1.0" and bound.info.upgraded
    codes = {f.code for f in bound.findings}
    assert not codes & {"template-table-missing", "template-column-missing"}
    assert compile_file(path, backup=False).exit_code in (0, 1)
    from xladdin.review.consolidate import Options, read_submission

    sub = read_submission(path, Options(validate=False))
    assert "district_weights" not in sub.tables
    assert sub.tables["district_growth"].notna().any().any()


def test_consolidation_takes_the_weights_from_the_district_returns(books, tmp_path):
    import shutil

    from xladdin.review.consolidate import Options, consolidate

    folder = tmp_path / "in"
    folder.mkdir()
    for key in ("province", "1601", "1602", "1603"):
        shutil.copyfile(books[key], folder / books[key].name)
    r = consolidate([folder], tmp_path / "review.xlsx", options=Options(validate=False))
    codes = {f.code for f in r.report}
    assert "district-weights-missing" not in codes and "review-accepted" not in codes
    rows = {(row["sector"], row["year"]): row for row in r.stats["district_growth"]}
    want = _expected(GVA, _province_constant(books["province"]))
    assert set(rows) == set(want)
    for key, (g_p, g_d) in want.items():
        assert rows[key]["districts"] == pytest.approx(g_d, rel=1e-9)
        assert rows[key]["province"] == pytest.approx(g_p, rel=1e-9)
