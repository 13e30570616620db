"""`xladdin demo`: the README's first command, on the bundled illustrative sample."""

from __future__ import annotations

import openpyxl

from xladdin.cli import main


def test_demo_writes_compiled_workbook_and_prints_summary(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    path = tmp_path / "xladdin-demo-province-gdp.xlsx"
    assert path.exists() and str(path) in out
    assert "illustrative, not official figures" in out
    assert "GDP at current prices" in out and "structure" in out
    assert "warning" in out  # the findings table (2023 inflation is flagged as implausible)
    wb = openpyxl.load_workbook(path)
    assert "ILLUSTRATIVE, NOT OFFICIAL FIGURES" in wb["About"]["A3"].value
    assert wb["Checks"]["A1"].value


def test_demo_output_option_and_templates_commands(tmp_path, capsys):
    assert main(["demo", "-o", str(tmp_path / "d.xlsx")]) == 0
    assert (tmp_path / "d.xlsx").exists()
    (tmp_path / "t").mkdir()  # the command now wants an existing folder
    assert main(["templates", "build", "-o", str(tmp_path / "t")]) == 0
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == [
        "district-growth.xlsx",
        "province-gdp.xlsx",
        "sez-enterprise.xlsx",
    ]
    assert main(["templates", "list"]) == 0
    assert "province-gdp" in capsys.readouterr().out
