"""``--lang lo``: every word the user reads is Lao; ``--lang`` means the same in every command;
terminal tables are padded by display width (Lao vowel and tone marks take no column).

The Lao-only check removes what may stay Latin -- finding codes (kebab-case), cell addresses
(``'Results'!P136``), numbers, file paths, and the names of sheets and of the program the user
sees on screen (``Findings``, ``xladdin``) -- and then asserts that no Latin letter is left.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from xladdin.cli import build_parser, leaf_parsers, main
from xladdin.findings import Report, finding
from xladdin.findings.words import display_width, pad, render_table

LAO_RUN_COMMANDS = ("validate", "inspect", "prepare", "verify", "consolidate", "compile", "demo")

#: Names shown as they are on screen or in the workbook (a sheet tab, the program).
_NAMES_AS_SHOWN = ("Findings", "xladdin")


def latin_left(text: str, paths: list[str]) -> list[str]:
    """The Latin words of ``text`` once codes, cell addresses, numbers and paths are removed."""
    for p in sorted(paths, key=len, reverse=True):
        text = text.replace(p, " ")
    text = re.sub(r"'[^'\n]+'!\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?", " ", text)
    text = re.sub(r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b", " ", text)  # finding codes
    text = re.sub(r"\S+\.(?:xlsx|xlsm|csv|sqlite)\b", " ", text)  # file names
    for name in _NAMES_AS_SHOWN:
        text = re.sub(rf"\b{name}\b", " ", text)
    return re.findall(r"[A-Za-z]+", text)


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    from xladdin.cli.demo import run_demo
    from xladdin.returned import prepare_package

    root = tmp_path_factory.mktemp("lao")
    book = root / "Champasak.xlsx"
    run_demo(book)
    return {"book": book, "returned": Path(prepare_package(book).path), "root": root}


def test_every_command_that_prints_findings_takes_the_same_lang():
    leaves = leaf_parsers(build_parser())
    for name in LAO_RUN_COMMANDS:
        (action,) = [a for a in leaves[name]._actions if a.dest == "lang"]
        assert tuple(action.choices) == ("en", "lo", "both"), name


@pytest.mark.parametrize("command", ["validate", "compile", "consolidate"])
def test_a_lao_run_prints_no_english(command, books, tmp_path, capsys):
    review = tmp_path / "review.xlsx"
    argv = {
        "validate": ["validate", str(books["book"])],
        "compile": ["compile", str(books["book"]), "--no-backup"],
        "consolidate": ["consolidate", str(books["returned"]), "-o", str(review)],
    }[command]
    code = main([*argv, "--lang", "lo"])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert re.search(r"[\u0e80-\u0eff]", out)
    paths = [str(books["book"]), str(books["returned"]), str(review), str(tmp_path)]
    assert latin_left(out + err, paths + _sheet_names(books["book"])) == [], out + err


def _sheet_names(book: Path) -> list[str]:
    """The workbook's sheet tabs: a finding's place is named as the user sees it."""
    from xladdin.workbook.xlsx_reader import open_xlsx

    return [rf"{name}" for name in open_xlsx(book).sheet_names()]


def test_the_checker_finds_english():
    assert latin_left("ຄຳເຕືອນ growth-out-of-band 'Results'!P136 AGR 5.2 %", []) == ["AGR"]
    assert latin_left("ລວມ: 3 error(s)", []) == ["error", "s"]


def test_province_and_industry_names_are_lao_in_lao_messages():
    f = finding(
        "growth-out-of-band", sheet="Results", cell="M72", item="AGR", year=2020, growth=-0.5
    )
    assert "AGR" in f.message_en
    assert "AGR" not in f.message_lo
    f = finding("review-province-missing", code="16", name="Champasak", files="-")
    assert "Champasak" in f.message_en and "Champasak" not in f.message_lo
    assert "ແຂວງຈຳປາສັກ" in f.message_lo


def test_display_width_gives_lao_marks_no_column():
    # ກິ: KO + SARA I (U+0EB4, category Mn) -> one column; ກ່າ: tone mark MAI EK (Mn)
    assert unicodedata.category("\u0eb4") == "Mn"
    assert display_width("ກິ") == 1
    assert display_width("ກ່າ") == 2
    assert display_width("ab") == 2
    assert display_width("\u4e2d") == 2  # East Asian wide
    assert pad("ກິ", 4) == "ກິ   "
    assert pad("7", 3, ">") == "  7"


def test_lao_table_columns_line_up_by_display_width():
    lines = render_table(["ລະດັບ", "x"], [["ຄຳເຕືອນ", "A"], ["ຂໍ້ມູນ", "B"]])
    starts = {display_width(line[: line.index(last)]) for line, last in zip(lines, "xAB")}
    assert len(starts) == 1


@pytest.mark.parametrize("lang", ["en", "lo", "both"])
def test_report_text_in_each_language(lang):
    r = Report([finding("compile-rebase-skipped", sheet="Rebase", cell="B5", reason="no overlap")])
    text = r.to_text(lang=lang)
    has_lao = bool(re.search(r"[\u0e80-\u0eff]", text))
    assert has_lao == (lang != "en")
    assert ("warning" in text) == (lang != "lo")
    if lang == "lo":
        assert latin_left(text, []) == []
