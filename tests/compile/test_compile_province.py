"""Compiling the province-gdp template: identities hold in the written outputs, compiling twice
gives the same content, moved blocks give the same numbers, refused files are left alone."""

from __future__ import annotations

import shutil

import numpy as np
import openpyxl
import pytest

from tests.template_version import set_template_version
from xladdin.cli import main
from xladdin.compile import compile_file, compile_view
from xladdin.templates.binding import bind
from xladdin.workbook.xlsx_reader import open_xlsx


def _outputs(path):
    bound = bind(open_xlsx(path))
    return {k: b.year_values() for k, b in bound.outputs.items()}, bound


def test_sample_province_compiles_clean_with_identities(province_book):
    result = compile_file(province_book)
    assert result.exit_code == 0, result.report.to_text()
    out, _ = _outputs(province_book)
    cur, const = out["gva_current"], out["gva_constant"]
    # base-year GVA = output - IC (sample: industry 01 = 3483.3 - 975.3)
    assert const.at["01", 2012] == pytest.approx(2508.0)
    # current = constant in the base year; sectors add up; GDP = GVA + taxes
    np.testing.assert_allclose(cur[2012], const[2012])
    for frame in (cur, const):
        agr_ind_ser = frame.loc[["AGR", "IND", "SER"]].sum()
        np.testing.assert_allclose(frame.loc["GVA"], agr_ind_ser)
        np.testing.assert_allclose(frame.loc["GDP"], frame.loc["GVA"] + frame.loc["TAX"])
        industries = [c for c in frame.index if c.isdigit()]
        np.testing.assert_allclose(frame.loc[industries].sum(), frame.loc["GVA"])
    # shares of sectors + taxes are 100; contributions add up to GDP growth
    s = out["structure"]
    np.testing.assert_allclose(s.loc[["AGR", "IND", "SER", "TAX"]].sum(), 100.0)
    c, g = out["contributions"], out["growth"]
    np.testing.assert_allclose(
        c.loc[["AGR", "IND", "SER", "TAX"], 2013:].sum(), g.loc["GDP", 2013:], rtol=1e-9
    )
    pc = out["per_capita"]
    np.testing.assert_allclose(pc.loc["GDPPC_KIP"], pc.loc["GDP"] * 1e9 / pc.loc["POP"])
    np.testing.assert_allclose(pc.loc["GDPPC_USD"], pc.loc["GDPPC_KIP"] / pc.loc["XR"])
    assert result.summary["latest_year"] == 2026 and result.summary["base_year"] == 2012


def test_rebase_links_old_series_by_both_methods(province_book):
    compile_file(province_book)
    bound = bind(open_xlsx(province_book))
    rb = bound.block("rebase").values.set_index("year")
    gdp_const = bound.block("gva_constant").values.loc["GDP"]
    assert rb.at[2013.0, "ratio"] == pytest.approx(gdp_const[2013])
    # link year = the first year with both values (2012, the new base year): one ratio
    r_link = gdp_const[2012] / rb.at[2012.0, "old"]
    ratio_k = rb.at[2005.0, "ratio"] / rb.at[2005.0, "old"]
    assert ratio_k == pytest.approx(r_link)
    assert rb.at[2008.0, "ratio"] / rb.at[2008.0, "old"] == pytest.approx(ratio_k)
    # old growth kept into the link year (issue 8: the mean-ratio link broke 2011->2012)
    assert rb.at[2012.0, "ratio"] / rb.at[2011.0, "ratio"] == pytest.approx(
        rb.at[2012.0, "old"] / rb.at[2011.0, "old"]
    )
    # interpolation: the ratio new/old goes linearly from 1 in the old base year (2002, on the
    # Rebase sheet) to r_link in 2012; 2005 is 3 of those 10 years. (Before issue 8 the first
    # typed row kept its old value and an additive difference was phased in.)
    assert rb.at[2005.0, "interp"] == pytest.approx(rb.at[2005.0, "old"] * (1 + (r_link - 1) * 0.3))
    assert "link 2012" in str(bound.scalar("overlap").value)


def test_compiling_twice_gives_the_same_content(province_book, tmp_path):
    compile_file(province_book, backup=False)
    first = _cells(province_book)
    compile_file(province_book, backup=False)
    assert _cells(province_book) == first


def _cells(path):
    wb = openpyxl.load_workbook(path)
    return {
        (ws.title, c.coordinate): c.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    }


def test_moved_blocks_compile_to_the_same_numbers(province_book, province_moved_book):
    a = compile_file(province_book)
    b = compile_file(province_moved_book)
    assert a.exit_code == b.exit_code == 0
    out_a, _ = _outputs(province_book)
    out_b, _ = _outputs(province_moved_book)
    for key in out_a:
        np.testing.assert_allclose(out_a[key].to_numpy(float), out_b[key].to_numpy(float))
    assert a.summary == b.summary


def test_missing_input_points_at_its_cell(province_book, tmp_path):
    wb = openpyxl.load_workbook(province_book)
    ws = wb["Volume"]
    body = ws[ws.tables["tblVolume"].ref][1:]
    row03 = next(r for r in body if r[0].value == "03")
    row03[6].value = None  # industry 03, 4th year column
    missing_cell = row03[6].coordinate
    wb.save(province_book)
    result = compile_view(open_xlsx(province_book))
    assert result.exit_code == 1
    hits = [f for f in result.report.errors if f.sheet == "Volume" and f.cell == missing_cell]
    assert hits, result.report.to_text()


def test_non_template_is_refused_and_left_unchanged(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "hello"
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    before = path.read_bytes()
    result = compile_file(path)
    assert result.exit_code == 2 and result.written is None
    assert path.read_bytes() == before


def test_cli_exit_codes(province_book, tmp_path, capsys):
    assert main(["compile", str(province_book)]) == 0
    out = capsys.readouterr().out
    assert "GDP at current prices" in out
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    assert main(["compile", str(junk), "--json"]) == 2
    copy = tmp_path / "copy.xlsx"
    shutil.copy(province_book, copy)
    assert main(["compile", str(copy), "--no-backup", "--json"]) == 0


def test_backup_is_kept_by_default(province_book):
    compile_file(province_book)
    assert province_book.with_name(province_book.name + ".bak").exists()


def test_unsupported_template_version_is_refused(province_book):
    wb = openpyxl.load_workbook(province_book)
    set_template_version(wb, "0.5")
    wb.save(province_book)
    before = province_book.read_bytes()
    result = compile_file(province_book)
    assert result.exit_code == 2
    assert "template-version-unsupported" in {f.code for f in result.report}
    assert province_book.read_bytes() == before


def test_json_output_equals_the_library_result(province_book, tmp_path, capsys):
    import json

    copy = tmp_path / "copy.xlsx"
    shutil.copy(province_book, copy)
    expected = compile_file(province_book, backup=False).to_dict()
    assert main(["compile", str(copy), "--json", "--no-backup"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["findings"] == expected["findings"]
    assert got["summary"] == expected["summary"]


def test_missing_input_message_has_no_gaps(tmp_path):
    """compile-missing-input names the item and the year without empty slots ("for  2014",
    "fishing ;"), and the Rebase sheet says why it could not link when GDP is empty."""
    import openpyxl

    from xladdin.compile import compile_file
    from xladdin.templates.builder import build
    from xladdin.templates.sample import province_fill

    fill, years = province_fill()
    path = build("province-gdp", tmp_path / "p.xlsx", years=years, fill=fill)
    wb = openpyxl.load_workbook(path)

    def cell(sheet, table, key, header):
        ws = wb[sheet]
        first = ws.tables[table].ref.split(":")[0]
        top = int("".join(ch for ch in first if ch.isdigit()))
        col = next(c.column for c in ws[top] if c.value == header)
        row = next(r for r in range(top + 1, ws.max_row + 1) if str(ws.cell(r, 2).value) == key)
        return ws.cell(row, col)

    cell("Settings", "tblYears", "2014", "Taxes on products, current prices").value = None
    cell("Benchmark", "tblBenchmark", "01", "Output").value = None  # every GDP empty
    wb.save(path)
    from xladdin.compile.province import compute_province
    from xladdin.templates.binding import bind
    from xladdin.workbook.xlsx_reader import read_findings

    # compile's own findings (in the full report validation's missing-input replaces them)
    computed = compute_province(bind(read_findings(path)[0]))
    missing = [f for f in computed.findings if f.code == "compile-missing-input"]
    assert {f.details["where"] for f in missing} >= {
        "2014",
        "Agriculture, forestry and fishing",
    }
    report = compile_file(path, backup=False).report
    for f in missing:
        assert "  " not in f.message_en and " ;" not in f.message_en, f.message_en
        assert "  " not in f.message_lo and " ;" not in f.message_lo, f.message_lo
    (rebase,) = [f for f in report.findings if f.code == "compile-rebase-skipped"]
    assert "new-base series is empty" in rebase.message_en
    # Lao messages in Lao: the input, the industry and the reason by their Lao words (the
    # phrases are catalogue rows, issue #12), no English phrase of the code left in them
    from tests.lao_check import latin_left
    from xladdin.findings import industry_lao_names
    from xladdin.findings.words import word

    assert word("rebase_new_series_empty", "lo") in rebase.message_lo
    agr = next(f for f in missing if f.details["where"] == "Agriculture, forestry and fishing")
    assert word("input_base_output", "lo") in agr.message_lo
    assert industry_lao_names()["01"] in agr.message_lo
    assert (
        agr.message_en.startswith("Base-year output is missing") and "Agriculture" in agr.message_en
    )
    for f in [*missing, rebase]:
        assert latin_left(f.message_lo, [], ("Rebase", "Settings", "Benchmark")) == [], f.message_lo


def _index_cell(wb, sheet, table, code, year):
    ws = wb[sheet]
    body = ws[ws.tables[table].ref]
    header = [str(c.value) for c in body[0]]
    row = next(r for r in body[1:] if r[0].value == code)
    return row[header.index(str(year))]


@pytest.mark.parametrize(
    ("sheet", "table", "side", "bad"),
    [
        ("Prices", "tblPrices", "gva_current", 0.0),
        ("Prices", "tblPrices", "gva_current", -5.0),
        # a volume of 0 stays a GVA of 0 (an industry that stopped: test_method)
        ("Volume", "tblVolume", "gva_constant", -5.0),
    ],
)
def test_index_not_positive_leaves_its_year_empty(province_book, sheet, table, side, bad):
    """A price index <= 0 (a volume index < 0) gives no current- (constant-) price number: that
    industry and year, its sector, GVA, GDP and everything derived stay empty; other years
    unchanged."""
    compile_file(province_book, backup=False)
    before, _ = _outputs(province_book)
    wb = openpyxl.load_workbook(province_book)
    _index_cell(wb, sheet, table, "07", 2015).value = bad
    wb.save(province_book)
    result = compile_file(province_book, backup=False)
    assert "index-not-positive" in {f.code for f in result.report.errors}
    assert "compile-calculation-failed" not in {f.code for f in result.report.findings}
    after, _ = _outputs(province_book)
    for row in ("07", "SER", "GVA", "GDP"):
        assert np.isnan(after[side].at[row, 2015]), (side, row)
    assert np.isnan(after["deflator"].at["07", 2015])
    if side == "gva_current":
        assert np.isnan(after["structure"].at["01", 2015])
        assert np.isnan(after["per_capita"].iloc[0][2015])
    else:
        assert np.isnan(after["growth"].at["GDP", 2015])
        assert np.isnan(after["growth"].at["GDP", 2016])
    for y in (2012, 2014, 2017):
        assert after[side].at["GDP", y] == pytest.approx(before[side].at["GDP", y])
        assert after[side].at["07", y] == pytest.approx(before[side].at["07", y])


def test_base_year_index_not_positive_leaves_the_industry_empty(province_book):
    """A base-year volume index of -100 would flip the sign of every year: it is empty instead."""
    wb = openpyxl.load_workbook(province_book)
    _index_cell(wb, "Volume", "tblVolume", "07", 2012).value = -100.0
    wb.save(province_book)
    result = compile_file(province_book, backup=False)
    assert "index-not-positive" in {f.code for f in result.report.errors}
    after, _ = _outputs(province_book)
    for side in ("gva_constant", "gva_current"):
        assert after[side].loc["07"].isna().all(), after[side].loc["07"]


def test_output_table_findings_name_the_table_by_its_title(province_book, sez_book):
    """compile-output-year-missing / -too-small say "Growth rate", not "tblGrowth"."""
    import pandas as pd

    from xladdin.compile.writer import write_free, write_keyed
    from xladdin.workbook.model import Patch

    growth = bind(open_xlsx(province_book)).block("growth")
    (f,) = write_keyed(Patch(), growth, pd.DataFrame({2099: [1.0]}, index=["GDP"]))
    assert f.code == "compile-output-year-missing"
    assert f.message_en.startswith("Output table 'Growth rate' has no column for year(s) 2099")
    assert f.message_lo.startswith("ຕາຕະລາງຜົນ 'ອັດຕາການຂະຫຍາຍຕົວ' ບໍ່ມີຖັນປີ 2099")
    assert f.details["table"] == "tblGrowth"

    zones = bind(open_xlsx(sez_book)).block("by_zone")
    many = pd.DataFrame({"zone": [f"Z{i}" for i in range(500)]})
    (f,) = write_free(Patch(), zones, many, ["zone"])
    assert f.code == "compile-output-too-small"
    assert f.message_en.startswith("Output table 'Zone' has")
    assert f.message_lo.startswith("ຕາຕະລາງຜົນ 'ເຂດ' ມີ")
    assert f.details["table"] == "tblSezByZone"
    assert "tbl" not in f.message_en + f.message_lo
