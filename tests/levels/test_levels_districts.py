"""Districts and their province (issue 9, section 2): growth compared, levels allocated.

Expected values are derived by hand in the comments."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.findings import get_type
from xladdin.review.districts import (
    allocate_levels,
    compare_growth,
    index_from_growth,
    read_shares,
)

Y = [2019, 2020, 2021]


def _growth(**rows: list[float]) -> pd.DataFrame:
    return pd.DataFrame(rows, index=Y).T


def test_index_from_growth_forward_and_back():
    g = pd.Series([np.nan, 10.0, 10.0], index=Y)
    assert index_from_growth(g, 2019).round(9).tolist() == [100.0, 110.0, 121.0]
    # Base 2020: 2019 = 100/1.1 = 90.909090909; 2021 = 110.
    got = index_from_growth(g, 2020)
    assert got[2019] == pytest.approx(90.909090909)
    assert got[2021] == pytest.approx(110.0)


def test_growth_gap_names_sector_year_and_gap():
    prov = pd.DataFrame({2019: {"AGR": 100.0}, 2020: {"AGR": 105.0}, 2021: {"AGR": 110.25}})
    growth = {
        "1601": _growth(AGR=[np.nan, 10.0, 5.0]),
        "1602": _growth(AGR=[np.nan, 0.0, 5.0]),
    }
    shares = pd.DataFrame({"AGR": {"1601": 25.0, "1602": 75.0}})
    table, found = compare_growth("16", prov, growth, shares, gap_points=1.0)
    # 2020: province 105/100 - 1 = 5 %; districts 0.25 x 10 + 0.75 x 0 = 2.5 %; gap -2.5.
    row = table.set_index(["sector", "year"]).loc[("AGR", 2020)]
    assert row["province"] == pytest.approx(5.0)
    assert row["districts"] == pytest.approx(2.5)
    assert row["gap"] == pytest.approx(-2.5)
    # 2021: province 5 %, districts 5 %: no finding.
    assert [(f.details["sector"], f.details["year"], f.details["gap"]) for f in found] == [
        ("AGR", 2020, -2.5)
    ]
    assert found[0].code == "district-growth-gap" and "ແຂວງ" in found[0].message_lo


def test_without_shares_a_finding_not_an_error():
    prov = pd.DataFrame({2019: {"AGR": 100.0}, 2020: {"AGR": 105.0}, 2021: {"AGR": 110.0}})
    growth = {"1601": _growth(AGR=[np.nan, 10.0, 5.0])}
    table, found = compare_growth("16", prov, growth, None)
    assert table.empty and [f.code for f in found] == ["district-weights-missing"]


def test_levels_hand_example():
    cur = pd.DataFrame({2019: {"AGR": 200.0}, 2020: {"AGR": 330.0}, 2021: {"AGR": 400.0}})
    con = pd.DataFrame({2019: {"AGR": 200.0}, 2020: {"AGR": 210.0}, 2021: {"AGR": 220.0}})
    growth = {
        "1601": _growth(AGR=[np.nan, 10.0, 0.0]),
        "1602": _growth(AGR=[np.nan, 0.0, 0.0]),
    }
    shares = pd.DataFrame({"AGR": {"1601": 50.0, "1602": 50.0}})
    lv = allocate_levels("16", cur, con, growth, shares, {"1601": 2019, "1602": 2019})
    # Indicators 2019: 50, 50; 2020: 50 x 1.1 = 55, 50. Current 2020: 330 x 55/105 = 172.857142857.
    assert lv.current.loc[("1601", "AGR"), 2019] == pytest.approx(100.0)
    assert lv.current.loc[("1601", "AGR"), 2020] == pytest.approx(172.857142857)
    assert lv.current.loc[("1602", "AGR"), 2020] == pytest.approx(157.142857143)
    # Constant 2020: 210 x 55/105 = 110.
    assert lv.constant.loc[("1601", "AGR"), 2020] == pytest.approx(110.0)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(2, 8),
    seed=st.integers(0, 100_000),
    total=st.floats(0.001, 1e7, allow_nan=False),
)
def test_district_levels_add_up_to_the_province_exactly(n, seed, total):
    rng = np.random.default_rng(seed)
    codes = [f"16{i:02d}" for i in range(1, n + 1)]
    growth = {
        d: _growth(
            AGR=[np.nan, *rng.uniform(-20, 30, 2)],
            IND=[np.nan, *rng.uniform(-20, 30, 2)],
            SER=[np.nan, *rng.uniform(-20, 30, 2)],
        )
        for d in codes
    }
    shares = pd.DataFrame(
        rng.uniform(0.01, 100, (n, 3)), index=codes, columns=["AGR", "IND", "SER"]
    )
    prov = pd.DataFrame(
        rng.uniform(0.5, 2.0, (3, 3)) * total, index=["AGR", "IND", "SER"], columns=Y
    )
    lv = allocate_levels("16", prov, prov * 0.9, growth, shares, dict.fromkeys(codes, 2019))
    for df, src in ((lv.current, prov), (lv.constant, prov * 0.9)):
        for s in ("AGR", "IND", "SER"):
            for y in Y:
                assert math.fsum(df.xs(s, level=1)[y]) == src.loc[s, y]


def test_read_shares_refuses_a_bad_table(tmp_path):
    bad = tmp_path / "shares.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="district,sector,share"):
        read_shares(bad)
    bad.write_text("district,sector,share\n1601,XYZ,5\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown sector"):
        read_shares(bad)
    bad.write_text("district,sector,share\n1601,agr,-1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="0 or more"):
        read_shares(bad)


def test_finding_types_are_bilingual():
    for code in ("district-growth-gap", "district-weights-missing"):
        t = get_type(code)
        assert t.en.isascii() and t.lo and t.description


# ------------------------------------------------------------------------------ command line
@pytest.fixture
def returns(tmp_path: Path) -> dict[str, Path]:
    from xladdin.review.sample import write_district_return, write_province_return

    out = {"province": write_province_return(tmp_path / "prov16.xlsx", "16")}
    for c in ("1601", "1602", "1603"):
        out[c] = write_district_return(tmp_path / f"d{c}.xlsx", "16", c)
    shares = tmp_path / "shares.csv"
    lines = ["district,sector,share"]
    for c, w in (("1601", 50), ("1602", 30), ("1603", 20)):
        lines += [f"{c},{s},{w}" for s in ("AGR", "IND", "SER")]
    shares.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out["shares"] = shares
    return out


def _argv(r: dict[str, Path], out: Path, *extra: str) -> list[str]:
    return [
        "districts",
        "allocate",
        str(r["province"]),
        str(r["1601"]),
        str(r["1602"]),
        str(r["1603"]),
        "-o",
        str(out),
        "--accept",
        "*.xlsx",
        *extra,
    ]


def test_command_writes_levels_that_add_up(returns, tmp_path, capsys):
    out = tmp_path / "districts.xlsx"
    code = main(_argv(returns, out, "--shares", str(returns["shares"])))
    said = capsys.readouterr().out
    assert code == 0 and "district-growth-gap" in said
    wb = load_workbook(out)
    assert wb.sheetnames == ["Levels", "Growth", "Findings"]
    rows = list(wb["Levels"].iter_rows(min_row=6, values_only=True))
    from xladdin.review.sample import province_values

    cur = province_values("16")["current"]
    sums: dict[str, tuple] = {}
    for r in rows:  # the first Σ block is current prices
        if r[0] == "Σ":
            sums.setdefault(r[2], r[3:])
    for s in ("AGR", "IND", "SER"):
        assert sums[s][0] == pytest.approx(float(cur.loc[s, 2019]), rel=1e-12)
    names = {r[1] for r in rows if r[0] == "1601"}
    assert names == {"Nakhone Pakse"}


def test_command_without_shares_warns(returns, tmp_path, capsys):
    assert main(_argv(returns, tmp_path / "d.xlsx")) == 0
    assert "district-weights-missing" in capsys.readouterr().out


def test_command_refuses_a_province_return_given_as_a_district(returns, tmp_path, capsys):
    argv = _argv(returns, tmp_path / "d.xlsx")
    argv[4] = str(returns["province"])
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert str(returns["province"]) in err and "not an xladdin district return" in err


def test_consolidation_compares_districts_with_their_province(returns, tmp_path):
    from xladdin.review.consolidate import Options, consolidate

    folder = tmp_path
    out = tmp_path / "out" / "review.xlsx"
    opts = Options(
        require_stamp=False,
        validate=False,
        accept=("*.xlsx",),
        district_shares=read_shares(returns["shares"]),
    )
    r = consolidate([folder], out, options=opts)
    gaps = [f for f in r.report if f.code == "district-growth-gap"]
    assert gaps and {f.details["province"] for f in gaps} == {"16"}
    rows = r.stats["district_growth"]
    assert rows and {row["sector"] for row in rows} == {"AGR", "IND", "SER"}
    # Same numbers as the pure function on the same inputs (hand example above checks it).
    assert all(row["count"] == 3 for row in rows)
    wb = load_workbook(out)
    assert "DistrictGrowth" in wb.sheetnames
    assert wb["DistrictGrowth"]["A5"].value == "16"


def test_consolidate_refuses_a_bad_shares_file(returns, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    code = main(
        [
            "consolidate",
            str(returns["province"]),
            "-o",
            str(tmp_path / "r.xlsx"),
            "--district-shares",
            str(bad),
        ]
    )
    assert code == 2
    assert str(bad) in capsys.readouterr().err


def test_a_shares_file_larger_than_the_table_limit_is_refused_before_it_is_parsed(
    tmp_path, monkeypatch
):
    # One home for the size of a table file given beside the workbooks (national totals,
    # district shares): xladdin.workbook.limits. A file over it is refused with a reason.
    import dataclasses

    import xladdin.workbook.limits as limits
    from xladdin.review.districts import read_shares

    path = tmp_path / "shares.csv"
    path.write_text("district,sector,share\n" + "0101,AGR,1\n" * 200, encoding="utf-8")
    small = dataclasses.replace(limits.DEFAULT_LIMITS, max_table_file_bytes=1_000)
    monkeypatch.setattr(limits, "DEFAULT_LIMITS", small)
    with pytest.raises(ValueError, match="not a shares table"):
        read_shares(path)
