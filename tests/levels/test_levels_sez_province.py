"""SEZs in the province workbook (issue 9, section 1, template side): GVA including and
excluding SEZ enterprises at current and constant prices, and ``xladdin sez import``.

Every expected number is derived by hand in the test from the tiny province of
``tests/compile/province_hand.py``: every industry output 1000, IC 400 (GVA 600) in 2012,
volume and price indices flat at 100 unless set here.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "compile"))

from province_hand import compile_fill, tiny_fill

from xladdin.cli import main
from xladdin.compile import compile_file
from xladdin.review.sez import INCLUDED_TABLE, included_table
from xladdin.templates.binding import bind
from xladdin.templates.builder import Fill, build
from xladdin.templates.sample import province_fill
from xladdin.workbook.xlsx_reader import open_xlsx

Y = [2012, 2013, 2014]


def _fill(with_unknown: bool = False):
    f = tiny_fill()
    # industry 02: prices 100, 110, 121 -> current GVA 600, 660, 726; constant 600 each year
    f.blocks["prices"].loc["02"] = [100.0, 110.0, 121.0]
    sez = {"03": [50.0, 60.0, 70.0], "02": [22.0, 33.0, np.nan]}
    inc = {"03": "yes", "02": "no"}
    if with_unknown:
        sez["04"] = [10.0, np.nan, np.nan]  # no Included setting
    f.blocks["sez_gva"] = pd.DataFrame(sez, index=Y).T
    f.blocks["sez_included"] = pd.DataFrame({"included": inc})
    # SEZ price index for 03 in 2012 and 2013 only
    f.blocks["sez_prices"] = pd.DataFrame({"03": [100.0, 120.0, np.nan]}, index=Y).T
    return f


def test_including_and_excluding_at_both_prices_by_hand():
    result, res = compile_fill(_fill())
    t = res.tables
    assert "compile-sez-inclusion-missing" not in {f.code for f in result.report}
    # SEZ constant prices.
    # 03: own SEZ price index: 50 x 100/100 = 50; 60 x 100/120 = 50; 2014 no index ->
    #     the province's implicit deflator of 03 (flat: 1.0): 70.
    # 02: no SEZ index -> province deflator 660/600 = 1.1 in 2013: 33 / 1.1 = 30.
    assert t["sez_constant"].loc["03", Y].tolist() == pytest.approx([50.0, 50.0, 70.0])
    assert t["sez_constant"].loc["02", 2012] == pytest.approx(22.0)
    assert t["sez_constant"].loc["02", 2013] == pytest.approx(30.0)
    assert np.isnan(t["sez_constant"].loc["02", 2014])
    # 03 included = yes: including = province (600), excluding = 600 - SEZ
    assert t["gva_incl_sez_current"].loc["03", Y].tolist() == pytest.approx([600.0] * 3)
    assert t["gva_excl_sez_current"].loc["03", Y].tolist() == pytest.approx([550.0, 540.0, 530.0])
    assert t["gva_incl_sez_constant"].loc["03", Y].tolist() == pytest.approx([600.0] * 3)
    assert t["gva_excl_sez_constant"].loc["03", Y].tolist() == pytest.approx([550.0, 550.0, 530.0])
    # 02 included = no: including = province + SEZ (blank SEZ in 2014 = no SEZ), excluding =
    # province. Current: 600+22, 660+33, 726; constant: 600+22, 600+30, 600.
    assert t["gva_incl_sez_current"].loc["02", Y].tolist() == pytest.approx([622.0, 693.0, 726.0])
    assert t["gva_excl_sez_current"].loc["02", Y].tolist() == pytest.approx([600.0, 660.0, 726.0])
    assert t["gva_incl_sez_constant"].loc["02", Y].tolist() == pytest.approx([622.0, 630.0, 600.0])
    assert t["gva_excl_sez_constant"].loc["02", Y].tolist() == pytest.approx([600.0] * 3)
    # GVA, 2013: 19 other industries x 600 = 11400.
    # current incl 11400 + 693 + 600 = 12693; excl 11400 + 660 + 540 = 12600
    # constant incl 11400 + 630 + 600 = 12630; excl 11400 + 600 + 550 = 12550
    assert t["gva_incl_sez_current"].at["GVA", 2013] == pytest.approx(12693.0)
    assert t["gva_excl_sez_current"].at["GVA", 2013] == pytest.approx(12600.0)
    assert t["gva_incl_sez_constant"].at["GVA", 2013] == pytest.approx(12630.0)
    assert t["gva_excl_sez_constant"].at["GVA", 2013] == pytest.approx(12550.0)
    # SEZ constant total 2013: 50 + 30 = 80
    assert t["sez_constant"].at["GVA", 2013] == pytest.approx(80.0)
    # the province's own GVA is unchanged by the SEZ sheet: 11400 + 660 + 600 = 12660
    assert t["gva_current"].at["GVA", 2013] == pytest.approx(12660.0)


def test_sez_values_without_the_included_setting_are_not_guessed():
    result, res = compile_fill(_fill(with_unknown=True))
    found = [f for f in result.report if f.code == "compile-sez-inclusion-missing"]
    assert len(found) == 1 and found[0].sheet == "SEZ" and found[0].cell
    assert "Electricity" in found[0].message_en
    assert np.isnan(res.tables["gva_incl_sez_current"].loc["04", 2012])
    assert np.isnan(res.tables["gva_incl_sez_current"].at["GVA", 2012])  # total not partial


def test_the_review_reads_the_templates_included_table(tmp_path):
    # the province template's table is the one xladdin.review.sez reads: same name, headers
    path = build("province-gdp", tmp_path / "p.xlsx", years=tuple(Y), fill=_fill())
    view = open_xlsx(path)
    assert INCLUDED_TABLE in view.tables()
    flags = included_table(view, Y)
    assert flags.loc["03", 2013] == 1.0 and flags.loc["02", 2013] == 0.0
    assert "01" not in flags.index  # blank: not said


# --- xladdin sez import ---------------------------------------------------------------------


def _sez_return(path: Path, unit: str, rows: list[tuple]) -> Path:
    """A real sez-enterprise workbook, compiled (name, zone, host, industry, year, output, IC)."""
    df = pd.DataFrame(
        rows, columns=["name", "zone", "province", "industry", "year", "output", "ic"]
    )
    df["employees"] = 10
    build("sez-enterprise", path, fill=Fill(scalars={"unit": unit}, blocks={"enterprises": df}))
    compile_file(path, backup=False)
    return path


def test_sez_import_round_trip(tmp_path, capsys):
    fill, years = province_fill()
    fill = replace(fill, scalars={**fill.scalars, "province_code": "13"})
    prov = build("province-gdp", tmp_path / "province-13.xlsx", years=years, fill=fill)
    a = _sez_return(
        tmp_path / "savan-seno.xlsx",
        "billion kip",
        [
            ("Factory C", "Savan-Seno", "13", "03", 2024, 80.0, 50.0),  # GVA 30
            ("Factory E", "Savan-Seno", "13", "03", 2024, 15.0, 5.0),  # GVA 10 -> 03: 40
            ("Logistics D", "Savan-Seno", "13", "08", 2024, 40.0, 10.0),  # GVA 30
            ("Resort A", "Golden Triangle", "05", "09", 2024, 100.0, 60.0),  # another host
        ],
    )
    b = _sez_return(
        tmp_path / "other-zone.xlsx",
        "million kip",  # 5000 million kip = 5 billion kip
        [("Plant F", "Thakhek", "13", "03", 2025, 7000.0, 2000.0)],
    )
    # unstamped returns are refused like consolidate does, unless accepted by name
    assert main(["sez", "import", str(prov), str(a)]) == 2
    assert "stamp" in capsys.readouterr().err
    code = main(["sez", "import", str(prov), str(a), str(b), "--accept", "*.xlsx", "--no-backup"])
    assert code == 0, capsys.readouterr()
    bound = bind(open_xlsx(prov))
    got = bound.block("sez_gva").values
    assert got.at["03", 2024] == pytest.approx(40.0)
    assert got.at["08", 2024] == pytest.approx(30.0)
    assert got.at["03", 2025] == pytest.approx(5.0)
    assert np.isnan(got.at["09", 2024])  # zone of province 05: not imported
    assert got[[y for y in years if y not in (2024, 2025)]].isna().all().all()
    # nothing else changed: the inputs around it are as built
    assert bound.block("benchmark").values.equals(
        bind(open_xlsx(build("province-gdp", tmp_path / "ref.xlsx", years=years, fill=fill)))
        .block("benchmark")
        .values
    )
    # a second import of the same returns gives the same table
    main(["sez", "import", str(prov), str(a), str(b), "--accept", "*.xlsx", "--no-backup"])
    again = bind(open_xlsx(prov)).block("sez_gva").values
    pd.testing.assert_frame_equal(again, got)
    # the province says 03 is included, 08 not; compile writes including / excluding
    import openpyxl

    wb = openpyxl.load_workbook(prov)
    ws = wb["SEZ"]
    first, last = ws.tables[INCLUDED_TABLE].ref.split(":")
    for row in ws[first:last]:  # Industry code, Industry, Lao name, Included
        if row[0].value in ("03", "08"):
            row[3].value = "yes" if row[0].value == "03" else "no"
    wb.save(prov)
    compile_file(prov, backup=False)
    out = bind(open_xlsx(prov))
    cur = out.block("gva_current").values
    incl = out.block("gva_incl_sez_current").values
    excl = out.block("gva_excl_sez_current").values
    assert excl.at["03", 2024] == pytest.approx(cur.at["03", 2024] - 40.0)
    assert incl.at["03", 2024] == pytest.approx(cur.at["03", 2024])
    assert incl.at["08", 2024] == pytest.approx(cur.at["08", 2024] + 30.0)
    assert excl.at["08", 2024] == pytest.approx(cur.at["08", 2024])


def test_sez_import_refuses_a_workbook_without_the_sez_sheet(tmp_path, capsys):
    path = tmp_path / "district.xlsx"
    build("district-growth", path)
    sez = _sez_return(tmp_path / "s.xlsx", "billion kip", [("X", "Z", "13", "03", 2024, 2.0, 1.0)])
    assert main(["sez", "import", str(path), str(sez), "--accept", "*.xlsx"]) == 2
    assert "SEZ sheet" in capsys.readouterr().err
