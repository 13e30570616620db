"""The national totals format: CSV and the National sheet of an .xlsx."""

from __future__ import annotations

import math

from openpyxl import Workbook

from xladdin.review.national import read_national


def test_csv_with_comments_and_growth(tmp_path):
    path = tmp_path / "national.csv"
    path.write_text(
        "# national accounts, billion kip\n"
        "industry,year,current,constant,growth\n"
        "GDP,2021,1000,800,\n"
        "GDP,2022,1100,840,4.4\n"
        "1,2022,50,40,\n",
        encoding="utf-8",
    )
    nat = read_national(path)
    assert nat.findings == []
    assert nat.value("current").loc["GDP", 2022] == 1100
    assert nat.value("current").loc["01", 2022] == 50  # codes keep their leading zero
    g = nat.official_growth("GDP")
    assert g[2022] == 4.4  # the official figure wins
    assert math.isnan(g[2021])


def test_growth_computed_from_constant_when_absent(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text("industry,year,current,constant\nGDP,2021,1,100\nGDP,2022,1,105\n")
    assert abs(read_national(path).official_growth("GDP")[2022] - 5.0) < 1e-12


def test_bad_rows_are_findings_not_exceptions(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text(
        "industry,year,current\nXYZ,2022,1\nGDP,20x2,1\nGDP,2022,abc\nGDP,2022,5\nGDP,2022,6\n"
    )
    nat = read_national(path)
    reasons = [f.details["reason"] for f in nat.findings]
    assert any("unknown industry code 'XYZ'" in r for r in reasons)
    assert any("bad year" in r for r in reasons)
    assert any("not a number" in r for r in reasons)
    assert any("given twice" in r for r in reasons)
    assert nat.value("current").loc["GDP", 2022] == 6
    assert all(f.code == "national-file-invalid" for f in nat.findings)


def test_missing_columns_and_missing_file(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text("line,year\nGDP,2022\n")
    assert [f.code for f in read_national(path).findings] == ["national-file-invalid"]
    assert [f.code for f in read_national(tmp_path / "nope.csv").findings] == [
        "national-file-invalid"
    ]


def test_xlsx_national_sheet_with_bilingual_label_row(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "National"
    ws.append(["National totals"])
    ws.append(["Code / ລະຫັດ", "Year / ປີ", "Current prices / ລາຄາໃນປີ"])
    ws.append(["industry", "year", "current", "constant", "growth"])
    ws.append(["GDP", 2022, 1234.5, 1000, 4.1])
    path = tmp_path / "n.xlsx"
    wb.save(path)
    nat = read_national(path)
    assert nat.findings == []
    assert nat.value("current").loc["GDP", 2022] == 1234.5


def test_xlsx_without_national_sheet(tmp_path):
    wb = Workbook()
    path = tmp_path / "n.xlsx"
    wb.save(path)
    (f,) = read_national(path).findings
    assert "no sheet named National" in f.message_en
