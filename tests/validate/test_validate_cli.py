"""``xladdin validate BOOK``: table, --json equal to the library result, exit codes."""

import json
from pathlib import Path

import pytest

from xladdin.cli import main
from xladdin.validate import validate_file

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "validate"


def test_json_is_exactly_the_library_report(capsys):
    book = FIX / "numbers_stored_as_text.xlsx"
    code = main(["validate", str(book), "--json"])
    out = capsys.readouterr().out
    assert out == validate_file(str(book)).to_json() + "\n"
    data = json.loads(out)
    assert code == data["exit_code"] == 0
    codes = {f["code"] for f in data["findings"]}
    assert {
        "number-stored-as-text",
        "ambiguous-separator",
        "lao-digits",
        "template-not-recognised",
    } <= codes
    cells = {f["cell"] for f in data["findings"] if f["code"] != "template-not-recognised"}
    assert cells == {"B3", "B4", "B5", "B6"}  # not the year label "2019" nor the code "01"


def test_table_in_english_and_lao(capsys):
    book = str(FIX / "legacy_lao_font.xlsx")
    assert main(["validate", book]) == 0
    out = capsys.readouterr().out
    assert "legacy-lao-font" in out and "'Data'!A2" in out and "ແຂວງ" in out
    assert "'Data'!A4" not in out and "'Data'!A5" not in out  # Unicode Lao, French
    main(["validate", book, "--lang", "lo"])
    assert "ຟອນລາວແບບເກົ່າ" in capsys.readouterr().out


def test_unreadable_file_exits_2(capsys):
    assert main(["validate", str(FIX / "not_a_zip.xlsx")]) == 2
    assert "workbook-unreadable" in capsys.readouterr().out
    assert main(["validate", str(FIX / "does_not_exist.xlsx"), "--json"]) == 2


def test_clean_workbook_exits_0(capsys):
    assert main(["validate", str(FIX / "plain_clean.xlsx")]) == 0


def test_config_file_and_bad_config(tmp_path, capsys):
    good = tmp_path / "v.toml"
    good.write_text("growth_band = [-1.0, 9.0]\n")
    assert main(["validate", str(FIX / "plain_clean.xlsx"), "--config", str(good)]) == 0
    bad = tmp_path / "bad.json"
    bad.write_text('{"no_such_setting": 1}')
    assert main(["validate", str(FIX / "plain_clean.xlsx"), "--config", str(bad)]) == 2
    assert "no_such_setting" in capsys.readouterr().err


def test_errors_exit_1(tmp_path, capsys, monkeypatch):
    import xladdin.validate as v
    from xladdin.findings import Report, finding

    monkeypatch.setattr(
        v, "validate_file", lambda *a, **k: Report([finding("missing-input", name="x")])
    )
    assert main(["validate", "whatever.xlsx"]) == 1


@pytest.mark.parametrize("flag", ["--help"])
def test_help(flag, capsys):
    with pytest.raises(SystemExit):
        main(["validate", flag])
    assert "--config" in capsys.readouterr().out


def test_a_cell_in_the_far_corner_is_refused_by_default_and_scanned_sparsely_if_allowed():
    from xladdin.workbook.safety import Limits

    book = str(FIX / "far_corner_cell.xlsx")
    refused = validate_file(book)  # the untrusted-file limits, as consolidate
    assert [f.code for f in refused] == ["sheet-dimension-absurd"]
    assert refused.exit_code == 2
    report = validate_file(book, limits=Limits(max_rows=1_048_576, max_cols=16_384))
    (f,) = [f for f in report if f.code == "ambiguous-separator"]
    assert (f.sheet, f.cell) == ("Data", "XFD1048576")
