"""The self-test workbook: opens anywhere; expected values are numbers that the UDFs reproduce."""

from __future__ import annotations

import csv
import subprocess

import pytest

from xladdin.addin import selftest
from xladdin.cli import main


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    return selftest.write_selftest(tmp_path_factory.mktemp("selftest") / "xladdin-selftest.xlsx")


def test_expected_values_are_reproduced_by_the_python_udfs():
    assert selftest.evaluate_in_python() == []


def test_workbook_layout(workbook):
    from openpyxl import load_workbook

    ws = load_workbook(workbook)[selftest.SHEET]
    checks = [
        c for c in ws["K"] if isinstance(c.value, str) and c.value.startswith("=IFERROR(ABS(")
    ]
    n = sum(sum(e is not None for e in case.expected) for case in selftest.cases())
    assert len(checks) == n
    assert ws["B4"].value == f"=B3={n}"
    for cell in checks:
        expected = ws[f"I{cell.row}"].value
        assert isinstance(expected, int | float), cell.coordinate
    functions = {c.function for c in selftest.cases()}
    assert {"GDP_DENTON", "GDP_GROWTH", "GDP_GVA", "GDP_SHARE"} <= functions
    formulas = [ws[f"H{r}"].value for r in range(1, ws.max_row + 1)]
    texts = [getattr(f, "text", "") for f in formulas if f is not None]
    assert any(t.startswith("=GDP_DENTON(") for t in texts)


def test_denton_expected_values_are_statas(workbook):
    from openpyxl import load_workbook

    ws = load_workbook(workbook)[selftest.SHEET]
    with (selftest.DATA / "denton_1971_stata.csv").open() as fh:
        stata = [float(r["expected"]) for r in csv.DictReader(fh)]
    start = next(r for r in range(1, 40) if str(ws[f"A{r}"].value).startswith("GDP_DENTON")) + 2
    assert [ws[f"I{r}"].value for r in range(start, start + 20)] == stata


def test_cli_writes_it(tmp_path, capsys):
    out = tmp_path / "st.xlsx"
    assert main(["addin", "selftest", "-o", str(out)]) == 0
    assert out.is_file() and str(out) in capsys.readouterr().out


@pytest.mark.libreoffice
def test_opens_in_libreoffice(workbook, soffice, tmp_path):
    # No add-in there: the GDP_ cells are #NAME? (expected); the expected values stay numbers.
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
         "--norestore", "--convert-to", "csv", "--outdir", str(tmp_path), str(workbook)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    rows = list(csv.reader((tmp_path / "xladdin-selftest.csv").open(encoding="utf-8")))
    checked = [r for r in rows if len(r) > 10 and r[10] in ("TRUE", "FALSE")]
    assert len(checked) == sum(sum(e is not None for e in c.expected) for c in selftest.cases())
    for r in checked:
        float(r[8])  # expected value: a number
        assert r[7] == "#NAME?"


def test_packaged_copy_is_current(workbook):
    # The ribbon's Self-test button opens the copy shipped in the package.
    assert selftest.PACKAGED.is_file()
    assert selftest.cell_contents(selftest.PACKAGED) == selftest.cell_contents(workbook), (
        "xladdin/addin/xladdin-selftest.xlsx is out of date with the self-test cases; "
        "regenerate it: xladdin addin selftest -o xladdin/addin/xladdin-selftest.xlsx"
    )
