"""``xladdin calc``: the same GDP_ functions on numbers typed on the command line."""

import pytest

import udfs
from xladdin.cli import main
from xladdin.cli.calc import NAMES


def run(capsys, *argv):
    code = main(["calc", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_names_match_the_functions():
    assert [f"GDP_{n.upper()}" for n in NAMES] == list(udfs.FUNCTIONS)


def test_growth(capsys):
    # 100 -> 105 -> 110.25: +5 %, +5 %; first result empty
    code, out, _ = run(capsys, "growth", "100", "105", "110.25")
    assert code == 0
    assert out.splitlines() == ["", "5", "5"]


def test_denton_statsmodels_example(capsys):
    # Denton (1971) data; Stata result via statsmodels' test suite
    # (tests/fixtures/reference/denton_1971_stata.csv): first four values 64.334796, 127.80616,
    # 187.82379, 120.03526
    ind = ["50", "100", "150", "100"] * 5
    code, out, _ = run(
        capsys, "denton", "--indicator", *ind, "--benchmarks", "500", "400", "300", "400", "500"
    )
    assert code == 0
    got = [float(v) for v in out.split()]
    assert got[:4] == pytest.approx([64.334796, 127.80616, 187.82379, 120.03526], abs=1e-4)


def test_gdp_table_rows(capsys):
    # (10+20+30) + 5 - 1 = 64 ; (1+2+3) + 1 - 0 = 7
    code, out, _ = run(
        capsys,
        "GDP_GDP",
        "--gva",
        "10,20,30",
        "1,2,3",
        "--taxes",
        "5",
        "1",
        "--subsidies",
        "1",
        "0",
    )
    assert code == 0 and out.split() == ["64", "7"]


def test_option_names_with_dashes_and_scalars(capsys):
    code, out, _ = run(capsys, "to_usd", "20000", "--exchange-rate", "10000")
    assert code == 0 and out.strip() == "2"


def test_bad_input_exits_2_with_message(capsys):
    code, out, err = run(capsys, "growth", "100", "n.a.")
    assert code == 2 and out == "" and "#GDP! series has text 'n.a.' in cell 2" in err
    code, _, err = run(capsys, "gva", "1", "2", "3", "--intermediate", "1", "2")
    assert code == 2 and "output has 3 cells, intermediate has 2" in err
    code, _, err = run(capsys, "bogus", "1")
    assert code == 2 and "unknown function" in err
    code, _, err = run(capsys, "gva", "1", "--nope", "2")
    assert code == 2 and "unknown argument --nope" in err
    code, _, err = run(capsys, "gva", "1")
    assert code == 2 and "missing --intermediate" in err


def test_listing(capsys):
    code, out, _ = run(capsys)
    assert code == 0 and out.count("\n") == 20 and out.startswith("gva")
