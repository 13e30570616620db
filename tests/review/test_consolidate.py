"""Consolidation end to end: returned files -> review workbook, findings, exit codes."""

from __future__ import annotations

import json
import os
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.review.consolidate import Options, consolidate
from xladdin.review.sample import write_province_return

SHEETS = {
    "About",
    "Status",
    "Findings",
    "National",
    "Current",
    "Constant",
    "Discrepancy",
    "Growth",
    "Structure",
    "PerCapita",
    "Original",
    "Adjusted",
    "Difference",
    "Reconcile",
    "Allocation",
    "Districts",
}


def test_review_workbook_end_to_end(tmp_path, returns, national_csv, unstamped):
    out = tmp_path / "review.xlsx"
    r = consolidate([tmp_path / "in"], out, national=national_csv, options=unstamped)
    assert len(r.used) == 3
    codes = {f.code for f in r.report}
    assert "province-sum-differs" in codes  # national is 2 % above the sum
    # One finding per national line (not per year), naming every year that differs.
    comp_cur = r.tables.comparison.query("basis == 'current'")
    differs = [f for f in r.report if f.code == "province-sum-differs"]
    assert sorted(f.details["industry"] for f in differs) == sorted(comp_cur["line"].unique())
    every_year = ", ".join(str(y) for y in sorted(comp_cur["year"].unique()))
    for f in differs:
        assert f.details["years"] == every_year and f.details["count"] == len(
            comp_cur["year"].unique()
        )
        assert f.details["pct"] == round((1 / 1.02 - 1) * 100, 2)
    assert "volume-sum-differs" in codes  # reported, never raked
    assert "review-unstamped" in codes
    assert sum(f.code == "review-province-missing" for f in r.report) == 15
    assert r.exit_code == 0  # warnings and info only

    wb = load_workbook(out)
    assert SHEETS <= set(wb.sheetnames)
    # Sum of provinces vs national is 1/1.02 for every line and year.
    comp = r.tables.comparison
    assert (comp["pct"].round(6) == round((1 / 1.02 - 1) * 100, 6)).all()
    # Raking met the current-price totals; constant prices untouched by raking.
    adj = r.reconciliation.adjusted
    nat = r.national.value("current")
    assert adj.xs("GDP", level="line").sum()[2023] == pytest.approx(nat.loc["GDP", 2023])
    # Bilingual headers from the glossary.
    assert wb["Current"]["B4"].value == "Province / ແຂວງ"
    # Native charts exist.
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) >= 3
    # Growth: faster + slower = provinces with growth (ties aside).
    summary = r.tables.growth_summary.dropna()
    assert ((summary["faster"] + summary["slower"]) <= summary["provinces"]).all()


def test_growth_gap_when_provinces_outgrow_the_nation(tmp_path, returns, values, unstamped):
    rows = []
    for basis in ("current", "constant"):
        total = sum(v[basis] for v in values.values())
        for year in total.columns:
            rows.append({"industry": "GDP", "year": year, basis: total.loc["GDP", year]})
    nat = pd.DataFrame(rows).groupby(["industry", "year"]).first().reset_index()
    nat["growth"] = 1.0  # official growth far below the provinces' ~5 %
    path = tmp_path / "nat.csv"
    nat.to_csv(path, index=False)
    r = consolidate([tmp_path / "in"], None, national=path, options=unstamped)
    gaps = [f for f in r.report if f.code == "growth-gap"]
    assert gaps and all(f.details["gap"] > 3 for f in gaps)
    assert (r.tables.growth_summary.dropna()["faster"] == 3).all()


def test_unstamped_files_are_refused_by_default(tmp_path, returns):
    r = consolidate([tmp_path / "in"], None, options=Options(validate=False))
    assert r.used == []
    assert r.exit_code == 2
    assert {s["status"] for s in r.stats["status"]} == {"refused"}


def test_refused_file_does_not_stop_the_others(tmp_path, returns, unstamped):
    bomb = tmp_path / "in" / "province-99-bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", b" " * (3 * 2**20))
    broken = tmp_path / "in" / "province-98-truncated.xlsx"
    broken.write_bytes(returns["01"].read_bytes()[:500])
    r = consolidate([tmp_path / "in"], tmp_path / "review.xlsx", options=unstamped)
    assert len(r.used) == 3
    assert r.exit_code == 2
    by_file = {s["file"]: s for s in r.stats["status"]}
    assert by_file[bomb.name]["status"] == "refused"
    assert by_file[broken.name]["consolidated"] == "not consolidated"


def test_latest_file_per_province_wins(tmp_path, returns, unstamped):
    newer = tmp_path / "in" / "province-01-v2.xlsx"
    write_province_return(newer, "01")
    old = returns["01"]
    os.utime(old, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    os.utime(newer, ns=(2_000_000_000_000_000_000, 2_000_000_000_000_000_000))
    r = consolidate([tmp_path / "in"], tmp_path / "review.xlsx", options=unstamped)
    assert [s.path for s in r.used if s.code == "01"] == [str(newer)]
    sup = [f for f in r.report if f.code == "review-superseded"]
    assert len(sup) == 1 and sup[0].details["file"] == old.name


def test_unknown_province_code_is_not_summed(tmp_path, unstamped):
    folder = tmp_path / "in"
    folder.mkdir()
    path = write_province_return(folder / "p.xlsx", "16")
    wb = load_workbook(path)
    wb["Settings"]["B1"] = "77"
    wb.save(path)
    r = consolidate([folder], None, options=unstamped)
    assert r.used == []
    assert "review-unknown-province" in {f.code for f in r.report}


def test_cli_consolidate_json_and_exit_code(tmp_path, returns, national_csv, capsys):
    out = tmp_path / "review.xlsx"
    code = main(
        [
            "consolidate",
            str(tmp_path / "in"),
            "-o",
            str(out),
            "--national",
            str(national_csv),
            "--allow-unstamped",
            "--no-validate",
            "--json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == data["exit_code"] == 0
    assert len(data["files"]) == 3 and out.exists()
    code = main(["consolidate", str(tmp_path / "in"), "-o", str(out), "--no-validate"])
    text = capsys.readouterr().out
    assert code == 2 and "refused" in text


def test_cli_missing_input_is_usage_error(tmp_path, capsys):
    assert main(["consolidate", str(tmp_path / "nope"), "-o", str(tmp_path / "r.xlsx")]) == 2


def test_alterability_csv_holds_cells(tmp_path, returns, national_csv, capsys):
    alter = tmp_path / "alter.csv"
    alter.write_text("province,line,alterability\n1,4,0\n16,4,0\n13,4,0\n")
    out = tmp_path / "review.xlsx"
    main(
        [
            "consolidate",
            str(tmp_path / "in"),
            "-o",
            str(out),
            "--national",
            str(national_csv),
            "--allow-unstamped",
            "--no-validate",
            "--json",
        ]
    )
    capsys.readouterr()
    code = main(
        [
            "consolidate",
            str(tmp_path / "in"),
            "-o",
            str(out),
            "--national",
            str(national_csv),
            "--allow-unstamped",
            "--no-validate",
            "--rake-incomplete",
            "--alterability",
            str(alter),
        ]
    )
    assert "rake-total-not-met" in capsys.readouterr().out
    wb = load_workbook(out)
    diff = wb["Difference"]
    rows = [r for r in diff.iter_rows(min_row=5, values_only=True) if r[2] == "04"]
    assert rows and all(v == 0 for r in rows for v in r[5:] if v is not None)
    assert code == 0


def test_national_sheet_of_the_review_workbook_reads_back(
    tmp_path, returns, national_csv, unstamped
):
    out = tmp_path / "review.xlsx"
    first = consolidate([tmp_path / "in"], out, national=national_csv, options=unstamped)
    again = consolidate([tmp_path / "in"], None, national=out, options=unstamped)
    assert not [f for f in again.report if f.code == "national-file-invalid"]
    pd.testing.assert_frame_equal(
        again.national.frame[["current", "constant"]], first.national.frame[["current", "constant"]]
    )


@pytest.mark.libreoffice
@pytest.mark.slow
def test_review_workbook_opens_in_libreoffice(tmp_path, returns, national_csv, unstamped, soffice):
    import subprocess

    out = tmp_path / "review.xlsx"
    consolidate([tmp_path / "in"], out, national=national_csv, options=unstamped)
    conv = tmp_path / "conv"
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,12",
            "--outdir",
            str(conv),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    adjusted = (conv / "review-Adjusted.csv").read_text(encoding="utf-8")
    assert "Vientiane Capital" in adjusted


def test_worker_processes_give_the_same_result(tmp_path, returns, national_csv):
    write_province_return(tmp_path / "in" / "province-05.xlsx", "05")
    one = consolidate(
        [tmp_path / "in"],
        None,
        national=national_csv,
        options=Options(require_stamp=False, validate=False, workers=1),
    )
    two = consolidate(
        [tmp_path / "in"],
        None,
        national=national_csv,
        options=Options(require_stamp=False, validate=False, workers=2),
    )
    pd.testing.assert_frame_equal(one.tables.current, two.tables.current)
    assert [f.code for f in one.report] == [f.code for f in two.report]


def test_provinces_with_different_years(tmp_path, unstamped):
    from xladdin.review.sample import province_values

    folder = tmp_path / "in"
    folder.mkdir()
    write_province_return(folder / "a.xlsx", "01", province_values("01", years=(2019, 2020, 2021)))
    write_province_return(
        folder / "b.xlsx", "16", province_values("16", years=(2015, 2016, 2020, 2021))
    )
    r = consolidate([folder], None, options=unstamped)
    assert list(r.tables.current.columns) == [2015, 2016, 2019, 2020, 2021]
    g = r.tables.growth
    assert pd.isna(g.loc["16", 2020])  # 2016 -> 2020 is not a one-year growth rate
    # Implied growth of the sum counts only provinces reporting both years.
    cons = r.tables.constant.xs("GDP", level="line")
    expected = (cons[2021].sum() / cons[2020].sum() - 1) * 100
    assert r.tables.growth_summary.loc[2021, "implied"] == pytest.approx(expected)
    expected_2020 = (cons.loc["01", 2020] / cons.loc["01", 2019] - 1) * 100
    assert r.tables.growth_summary.loc[2020, "implied"] == pytest.approx(expected_2020)


def test_years_with_missing_provinces_are_not_raked_by_default(tmp_path, returns, national_csv):
    r = consolidate(
        [tmp_path / "in"],
        None,
        national=national_csv,
        options=Options(require_stamp=False, validate=False),
    )
    inc = [f for f in r.report if f.code == "reconcile-incomplete"]
    assert len(inc) == 5 and inc[0].details["count"] == 15
    assert (r.reconciliation.difference.abs().sum().sum()) == 0  # left as submitted


def test_review_workbooks_in_the_folder_are_skipped(tmp_path, returns, unstamped):
    folder = tmp_path / "in"
    consolidate([folder], folder / "review.xlsx", options=unstamped)
    consolidate([folder], folder / "review-2.xlsx", options=unstamped)
    r = consolidate([folder], folder / "review-3.xlsx", options=unstamped)
    assert len(r.submissions) == 3
    assert "review-file-unrecognised" not in {f.code for f in r.report}


def test_garbage_collector_setting_is_restored_after_a_run(
    tmp_path, returns, unstamped, monkeypatch
):
    """Consolidation runs the cyclic GC less often while it reads, and puts the user's (or
    Excel's Python's) setting back afterwards, also when the run fails."""
    import gc

    import xladdin.review.consolidate as review

    before = gc.get_threshold()
    seen = []
    original = review._consolidate

    def spy(*args, **kwargs):
        seen.append(gc.get_threshold())
        return original(*args, **kwargs)

    monkeypatch.setattr(review, "_consolidate", spy)
    result = consolidate(list(returns.values()), None, options=unstamped)
    assert result.stats["read"] == len(returns)
    assert seen[0][0] >= 50_000 and gc.get_threshold() == before

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(review, "_consolidate", boom)
    with pytest.raises(RuntimeError):
        consolidate(list(returns.values()), None, options=unstamped)
    assert gc.get_threshold() == before
