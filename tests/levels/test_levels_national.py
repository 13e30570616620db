"""A compiled national workbook as the national totals (issue 9, section 4): the province
template with province code 00 (Lao PDR), compiled and prepared, read by ``--national`` with
the same untrusted-file inspection and stamp checks as a provincial return."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from levels_books import national_workbook, province_values_from, write_returns

from xladdin.cli import main
from xladdin.review.national import read_national
from xladdin.templates.binding import bind
from xladdin.templates.data import geography, is_national
from xladdin.workbook.xlsx_reader import open_xlsx


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    return national_workbook(tmp_path_factory.mktemp("national"))


def test_the_national_code_is_data():
    geo = geography().set_index("code")
    assert geo.loc["00", "name_en"] == "Lao PDR"  # nation.csv, not code
    assert is_national("00") and is_national(0) and not is_national("13")
    assert len(geo) == 19  # the nation and the 18 provinces


def test_a_prepared_national_workbook_gives_the_totals(books):
    compiled, returned = books
    nat = read_national(returned)
    assert not nat.findings
    out = bind(open_xlsx(compiled))
    cur, con = out.block("gva_current").values, out.block("gva_constant").values
    # every line (industries, sectors, GVA, TAX, GDP) and year, both prices, as compiled
    for line in ("01", "03", "AGR", "GVA", "TAX", "GDP"):
        for year in (2012, 2020, 2026):
            assert nat.value("current").at[line, year] == pytest.approx(cur.at[line, year])
            assert nat.value("constant").at[line, year] == pytest.approx(con.at[line, year])
    assert nat.value("current").shape[1] == len(out.block("gva_current").years)


def test_consolidate_uses_the_national_workbook(books, tmp_path):
    _compiled, returned = books
    nat = read_national(returned)
    codes = ["01", "13", "16"]
    values = province_values_from(nat.value("current"), nat.value("constant"), codes)
    write_returns(tmp_path / "in", values)
    out = tmp_path / "review.xlsx"
    code = main(
        [
            "consolidate",
            str(tmp_path / "in"),
            "-o",
            str(out),
            "--national",
            str(returned),
            "--accept",
            "province-*.xlsx",
            "--no-validate",
            "--rake-incomplete",
        ]
    )
    assert code in (0, 1)
    wb = openpyxl.load_workbook(out, read_only=True)
    assert {"National", "Volumes", "Taxes"} <= set(wb.sheetnames)


def test_a_tampered_national_workbook_is_refused_unless_accepted(books, tmp_path, capsys):
    _compiled, returned = books
    tampered = tmp_path / "national-tampered.xlsx"
    shutil.copy(returned, tampered)
    wb = openpyxl.load_workbook(tampered)
    bound = bind(open_xlsx(returned))
    cell = bound.block("gva_current").cell("GDP", 2024)
    wb[bound.block("gva_current").sheet][cell] = 1.0  # GDP 2024 changed after the stamp
    wb.save(tampered)
    nat = read_national(tampered)
    assert nat.frame.empty
    assert [f.code for f in nat.findings] == ["national-file-invalid"]
    assert "--accept" in nat.findings[0].message_en
    # the command refuses it (exit 2) ...
    folder = tmp_path / "in"
    write_returns(
        folder,
        province_values_from(
            read_national(returned).value("current"),
            read_national(returned).value("constant"),
            ["13"],
        ),
    )
    args = [
        "consolidate",
        str(folder),
        "-o",
        str(tmp_path / "r.xlsx"),
        "--national",
        str(tampered),
        "--accept",
        "province-*.xlsx",
        "--no-validate",
    ]
    assert main(args) == 2
    assert "bad --national" in capsys.readouterr().err
    # ... unless the reviewer accepts it by name; its (changed) figures are then what is read
    accepted = read_national(tampered, accept=("national-tampered.xlsx",))
    assert not accepted.frame.empty
    assert "review-accepted" in {f.code for f in accepted.findings}
    assert main([*args, "--accept", "national-tampered.xlsx"]) in (0, 1)


def test_a_province_workbook_is_not_the_national_one(books, tmp_path):
    compiled, _returned = books
    other = tmp_path / "province-13.xlsx"
    shutil.copy(compiled, other)
    wb = openpyxl.load_workbook(other)
    name = wb.defined_names["xl_province_code"]
    sheet, ref = next(iter(name.destinations))
    wb[sheet][ref.replace("$", "")] = "13"
    wb.save(other)
    nat = read_national(other, accept=("province-13.xlsx",))
    assert nat.frame.empty and "not the national one" in nat.findings[0].message_en
