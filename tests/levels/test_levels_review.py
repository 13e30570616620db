"""Consolidation end to end with issue 9's reconciliation: Σ provinces = nation at current and
constant prices, taxes on products allocated by GVA, the review sheets that show it."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from xladdin.review.consolidate import Options, consolidate
from xladdin.review.sample import national_from_provinces, province_values, write_province_return

CODES = ["01", "13", "16"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for c in CODES:
        write_province_return(d / f"province-{c}.xlsx", c)
    return d


@pytest.fixture
def national_csv(tmp_path: Path) -> Path:
    """National totals 2 % above the sum of the three provinces (illustrative)."""
    path = tmp_path / "national.csv"
    national_from_provinces({c: province_values(c) for c in CODES}, bias=0.02).to_csv(
        path, index=False
    )
    return path


OPTIONS = Options(require_stamp=False, validate=False, rake_incomplete=True)


def test_sums_meet_nation_at_both_prices_and_sheets_show_it(tmp_path, folder, national_csv):
    out = tmp_path / "review.xlsx"
    r = consolidate([folder], out, national=national_csv, options=OPTIONS)
    rec = r.reconciliation
    assert rec is not None and rec.volumes is not None and rec.taxes is not None
    nat_cur, nat_con = r.national.value("current"), r.national.value("constant")
    for panel, nat in ((rec.adjusted, nat_cur), (rec.volumes.adjusted, nat_con)):
        sums = panel.groupby(level="line").sum()
        for line in [c for c in nat.index if c.isdigit() or c == "TAX"]:
            for year in nat.columns:
                assert sums.loc[line, year] == pytest.approx(nat.loc[line, year], rel=1e-9)
    for year in nat_cur.columns:  # allocated taxes add up to the national total exactly
        assert math.fsum(rec.adjusted.xs("TAX", level=1)[year]) == nat_cur.loc["TAX", year]
    # After reconciliation the provinces' volume growth is the nation's for every line.
    g = rec.volumes.growth
    assert not g.empty and (g["gap_after"].abs() < 1e-6).all()
    codes = {f.code for f in r.report}
    assert {"taxes-allocated", "reconcile-adjusted"} <= codes
    # Per capita uses the allocated taxes: GDP (reconciled) x 1e9 / population of the return.
    pop = province_values("13")["years"]["population"]
    gdp = rec.adjusted.loc[("13", "GDP"), 2023]
    assert r.tables.per_capita.loc[("13", "GDPPC_KIP"), 2023] == pytest.approx(
        gdp * 1e9 / pop[2023]
    )
    wb = load_workbook(out)
    assert {"Taxes", "Volumes", "VolumeGrowth"} <= set(wb.sheetnames)
    assert "allocated by GVA" in str(wb["PerCapita"]["A1"].value)
    rows = list(wb["VolumeGrowth"].iter_rows(min_row=5, values_only=True))
    assert rows and all(isinstance(row[2], int) for row in rows)
    taxes = pd.DataFrame(
        list(wb["Taxes"].iter_rows(min_row=5, values_only=True)),
    )
    assert len(taxes) == len(CODES) * len(nat_cur.columns)


def test_rake_option_keeps_collected_taxes(tmp_path, folder, national_csv):
    opts = Options(require_stamp=False, validate=False, rake_incomplete=True, taxes="rake")
    r = consolidate([folder], None, national=national_csv, options=opts)
    # The sample's collected taxes are 8 % of GVA in every province, national TAX is 1.02 x
    # their sum: raking scales each by 1.02.
    orig = r.reconciliation.original.xs("TAX", level=1)
    adj = r.reconciliation.adjusted.xs("TAX", level=1)
    assert (adj / orig).stack().round(9).eq(1.02).all()
    assert r.reconciliation.taxes is None
    assert "taxes-allocated" not in {f.code for f in r.report}


def test_command_line_options(tmp_path, folder, national_csv):
    from xladdin.cli import main

    out = tmp_path / "review-own.xlsx"
    code = main(
        [
            "consolidate",
            str(folder),
            "-o",
            str(out),
            "--national",
            str(national_csv),
            "--accept",
            "*.xlsx",
            "--no-validate",
            "--rake-incomplete",
            "--volume-deflator",
            "own",
            "--taxes",
            "rake",
        ]
    )
    assert code in (0, 1)
    wb = load_workbook(out)
    assert "Taxes" not in wb.sheetnames  # collected taxes raked, nothing allocated
    note = str(wb["Volumes"]["A2"].value)
    assert "own implicit deflator" in note
    with pytest.raises(SystemExit) as bad:  # argparse: bad usage exits with 2
        main(["consolidate", str(folder), "-o", str(out), "--taxes", "collected"])
    assert bad.value.code == 2
