"""``--lang lo``: every word the user reads is Lao; ``--lang`` means the same in every command;
terminal tables are padded by display width (Lao vowel and tone marks take no column).

The Lao-only check removes what may stay Latin -- finding codes (kebab-case), cell addresses
(``'Results'!P136``, ``B5``), numbers (and hashes, times), file paths, names quoted as the user
sees them (a sheet tab ``'Settings'``, a command ``'xladdin prepare'``), the fields of a
catalogue text (``{year}``, printed by ``xladdin findings``), command-line options, and the
short list of product names and acronyms allowed in Lao text
(:mod:`tests.lao_check`) -- and then asserts that no Latin letter is left.
Issue #13's proof: "a Lao-only run whose output contains no Latin letters outside codes, cell
addresses, numbers and file paths", for every command that takes ``--lang``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from tests.lao_check import latin_left
from xladdin.cli import build_parser, leaf_parsers, main
from xladdin.findings import Report, finding
from xladdin.findings.words import pad, render_table
from xladdin.text.width import display_width

LAO_RUN_COMMANDS = ("validate", "inspect", "prepare", "verify", "consolidate", "compile", "demo")


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    from xladdin.cli.demo import run_demo
    from xladdin.returned import prepare_package
    from xladdin.review.consolidate import consolidate

    root = tmp_path_factory.mktemp("lao")
    book = root / "Champasak.xlsx"
    run_demo(book)
    returned = Path(prepare_package(book).path)
    consolidate([returned], root / "review.xlsx")  # a register for "register list"
    return {"book": book, "returned": returned, "root": root}


def test_every_command_that_prints_findings_takes_the_same_lang():
    leaves = leaf_parsers(build_parser())
    for name in LAO_RUN_COMMANDS:
        (action,) = [a for a in leaves[name]._actions if a.dest == "lang"]
        assert tuple(action.choices) == ("en", "lo", "both"), name


def _lao_runs(books: dict[str, Path], tmp: Path) -> dict[str, tuple[list[str], tuple[int, ...]]]:
    """Every command that takes ``--lang``: its arguments on the demo data and the exit codes
    it may end with. ``sez import`` and ``districts allocate`` are given a province return
    where an SEZ or district return belongs, so they refuse it (exit 2) with a message."""
    book, ret = str(books["book"]), str(books["returned"])
    return {
        "validate": (["validate", book], (0, 1)),
        "inspect": (["inspect", ret], (0, 1)),
        "compile": (["compile", book, "--no-backup"], (0, 1)),
        "demo": (["demo", "-o", str(tmp / "demo.xlsx")], (0, 1)),
        "prepare": (["prepare", book, "-o", str(tmp / "again-return.xlsx")], (0,)),
        "verify": (["verify", ret], (0,)),
        "consolidate": (["consolidate", ret, "-o", str(tmp / "review.xlsx")], (0, 1)),
        "findings": (["findings"], (0,)),
        "register list": (
            ["register", "list", "--register", str(books["root"] / "review.register.sqlite")],
            (0,),
        ),
        "sign": (["sign", ret, "--key", str(tmp / "missing.p12")], (2,)),
        "sez import": (["sez", "import", book, ret, "--no-backup"], (2,)),
        "districts allocate": (
            ["districts", "allocate", ret, ret, "-o", str(tmp / "d.xlsx")],
            (2,),
        ),
        "templates list": (["templates", "list"], (0,)),
        # a folder that does not exist: refused with its reason (nothing is made)
        "templates build": (["templates", "build", "-o", str(tmp / "no-such-folder")], (2,)),
        # not Windows here: refused with what to do instead (the Windows run is in
        # tests/addin/test_addin_install.py)
        "addin install": (["addin", "install"], (2,)),
    }


def test_the_lao_run_covers_every_command_with_lang(books, tmp_path):
    leaves = leaf_parsers(build_parser())
    with_lang = {n for n, p in leaves.items() if any(a.dest == "lang" for a in p._actions)}
    assert with_lang == set(_lao_runs(books, tmp_path))


@pytest.mark.parametrize(
    "command",
    [
        "validate",
        "inspect",
        "compile",
        "demo",
        "prepare",
        "verify",
        "consolidate",
        "findings",
        "sign",
        "sez import",
        "districts allocate",
        "register list",
        "templates list",
        "templates build",
        "addin install",
    ],
)
def test_a_lao_run_prints_no_english(command, books, tmp_path, capsys):
    import getpass

    argv, codes = _lao_runs(books, tmp_path)[command]
    code = main([*argv, "--lang", "lo"])
    out, err = capsys.readouterr()
    assert code in codes, out + err
    assert re.search(r"[\u0e80-\u0eff]", out + err)
    # the stamp names who compiled (the user name, verify prints it): a value, not a word
    paths = [str(books["root"]), str(tmp_path)]
    shown = (getpass.getuser(), *_sheet_names(books["book"]), *_table_names())
    assert latin_left(out + err, paths, shown) == [], out + err


def _table_names() -> list[str]:
    """The templates' Excel table names (``tblYears``): shown as Excel's Name Manager shows
    them (``templates list``)."""
    from xladdin.templates.spec import SPECS

    return [t.name for spec in SPECS.values() for _, t in spec.tables()]


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
    from xladdin.findings.words import reason

    rebase = finding(
        "compile-rebase-skipped", sheet="Rebase", cell="B5", **reason("calc_no_overlap")
    )
    r = Report([rebase])
    text = r.to_text(lang=lang)
    has_lao = bool(re.search(r"[\u0e80-\u0eff]", text))
    assert has_lao == (lang != "en")
    assert ("warning" in text) == (lang != "lo")
    if lang == "lo":
        assert latin_left(text, []) == []


@pytest.mark.parametrize("lang", ["en", "lo", "both"])
def test_the_refused_line_is_in_the_chosen_language(lang):
    from xladdin.cli.common import refused_line

    f = finding("package-missing", file="a.xlsx", reason="-")
    line = refused_line("compile", "/data/a.xlsx", [f], lang)
    assert line.count("\n") == (1 if lang == "both" else 0)
    assert ("cannot use" in line) == (lang != "lo")
    if lang == "lo":
        assert latin_left(line, ["/data/a.xlsx"]) == []


@pytest.mark.parametrize("command", ["validate", "compile", "verify"])
def test_a_lao_run_on_a_refused_file_prints_no_english(command, tmp_path, capsys):
    book = tmp_path / "t.xlsx"
    book.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main([command, str(book), "--lang", "lo"]) == 2
    out, err = capsys.readouterr()
    assert latin_left(out + err, [str(book)]) == [], out + err


def test_numeric_industry_codes_are_lao_names_in_lao_messages():
    # industries.csv: 01 = ISIC A "Agriculture, forestry and fishing"; 01 is also the code of
    # Vientiane Capital in provinces.csv, so only industry fields are named as an industry.
    f = finding("growth-out-of-band", sheet="Results", cell="M9", item="01", year=2020, growth=9)
    assert " 01 " not in f.message_lo and "ກະສິກຳ, ປ່າໄມ້ ແລະ ການປະມົງ" in f.message_lo
    assert "01" in f.message_en
    f = finding("review-province-missing", province="01", name="Vientiane Capital", files="-")
    assert "ກະສິກຳ" not in f.message_lo


def test_the_district_weights_reason_is_lao_in_the_lao_message():
    from xladdin.review.districts import _weights

    w, f = _weights(None, ["0101", "0102"], "AGR", {"0101": "a.xlsx"}, province="01")
    assert w is None
    assert latin_left(f.message_lo, [], ("a.xlsx", "0102")) == [], f.message_lo
    assert "no base-year GVA" in f.message_en


@pytest.mark.parametrize("lang", ["lo", "both"])
def test_an_output_problem_is_said_in_the_chosen_language(lang, tmp_path):
    from xladdin.cli.common import output_problem

    out = tmp_path / "no-folder" / "x.xlsx"
    text = output_problem(out, lang=lang)
    assert text.count("\n") == (1 if lang == "both" else 0)
    assert ("does not exist" in text) == (lang == "both")
    lao = text.splitlines()[-1]
    assert latin_left(lao, [str(out), str(out.parent)]) == [], lao


def test_the_general_error_lines_are_lao_in_a_lao_run(tmp_path, capsys, monkeypatch):
    from xladdin.cli import sez

    def denied(args):
        raise PermissionError(13, "Permission denied", str(tmp_path / "p.xlsx"))

    monkeypatch.setattr(sez, "run", denied)
    code = main(
        ["sez", "import", str(tmp_path / "p.xlsx"), str(tmp_path / "s.xlsx"), "--lang", "lo"]
    )
    out, err = capsys.readouterr()
    assert code == 2
    assert latin_left(out + err, [str(tmp_path)]) == [], err


def test_an_unusable_input_is_said_by_its_finding_then_by_the_readers_lao_reason():
    """``error_words``: a refusing finding carried by the error gives its code and both
    messages; else the Lao reason the reader attached; an OS error the one classifier's words;
    anything else its own English and, in Lao, the caller's catalogue word."""
    from xladdin.cli.common import error_words
    from xladdin.errors import RefusedWorkbookError, UnreadableWorkbookError
    from xladdin.findings.words import word

    refused = RefusedWorkbookError("x.xlsx: workbook-truncated: ...")
    f = finding("workbook-truncated", file="x.xlsx", reason="r", reason_lo="ຮ")
    refused.findings = [f]
    refused.finding_fields = {"reason": "r", "reason_lo": "ຮ"}
    assert error_words(refused, "path_unreadable") == {
        "reason": f"workbook-truncated: {f.message_en}",
        "reason_lo": f"workbook-truncated: {f.message_lo}",
    }
    carried = UnreadableWorkbookError("x.xlsx: the file is empty")
    carried.finding_fields = {"reason": "the file is empty", "reason_lo": "ໄຟລ໌ຫວ່າງເປົ່າ"}
    assert error_words(carried, "path_unreadable")["reason_lo"] == "ໄຟລ໌ຫວ່າງເປົ່າ"
    missing = FileNotFoundError(2, "No such file or directory")
    assert error_words(missing, "path_unreadable")["reason_lo"] == word("path_missing", "lo")
    other = ValueError("Expecting value: line 1 column 1 (char 0)")
    assert error_words(other, "config_invalid") == {
        "reason": "Expecting value: line 1 column 1 (char 0)",
        "reason_lo": word("config_invalid", "lo"),
    }


# -- usage errors (argparse) in the language asked for -----------------------------------------

USAGE_CASES = {
    # argv -> the Lao words the error line must hold (from the usage_* rows)
    "missing-argument": (["validate", "--lang", "lo"], "ຍັງຂາດສິ່ງທີ່ຕ້ອງໃສ່"),
    "missing-option": (["consolidate", "x", "--lang", "lo"], "ຍັງຂາດສິ່ງທີ່ຕ້ອງໃສ່"),
    "not-an-int": (
        ["consolidate", "x", "-o", "y", "--workers", "two", "--lang=lo"],
        "ບໍ່ແມ່ນຈຳນວນເຕັມ",
    ),
    "unknown-command": (["bogus", "--lang", "lo"], "ບໍ່ມີທາງເລືອກ"),
    "unknown-option": (["register", "list", "--lang", "lo", "--nope"], "ບໍ່ຮູ້ຈັກສິ່ງທີ່ໃສ່ມາ"),
    "option-without-value": (["validate", "a.xlsx", "--config", "--lang", "lo"], "ຕ້ອງມີຄ່າໜຶ່ງຄ່າຕາມຫຼັງ"),
}


@pytest.mark.parametrize("case", sorted(USAGE_CASES))
def test_a_usage_error_is_said_in_lao(case, capsys):
    """A mistyped command in a Lao run: the usage line (option names), then the error in Lao
    only -- exit code 2 as argparse's own, no traceback."""
    argv, words = USAGE_CASES[case]
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]
    assert words in last, err
    assert "error:" not in err and "Traceback" not in err
    # what stays Latin: the argument names as the usage line shows them, and quoted choices
    assert not latin_left(last.split(":", 1)[1], [], ("BOOK", "COMMAND", "-o")), last


def test_a_usage_error_follows_the_commands_default_language(capsys):
    """No --lang typed: the command's own default (prepare says both languages)."""
    with pytest.raises(SystemExit):
        main(["prepare"])
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[-2].startswith("xladdin prepare: error: the following arguments are required")
    assert "ຍັງຂາດສິ່ງທີ່ຕ້ອງໃສ່" in lines[-1]
    with pytest.raises(SystemExit):
        main(["validate"])  # default English: argparse's own line, unchanged
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "xladdin validate: error: the following arguments are required: BOOK"
    )


def test_every_usage_message_of_this_python_is_recognised():
    """Each argparse error the table translates, raised by this Python's argparse, matches its
    pattern (argparse's English changes between versions: the Lao must follow)."""
    import argparse

    from xladdin.cli.common import Parser, usage_lines
    from xladdin.findings.words import word

    raised: list[str] = []

    class Catch(Parser):
        def error(self, message):  # type: ignore[override]
            raised.append(message)
            raise SystemExit(2)

    def parse(argv, build):
        p = Catch(prog="t")
        build(p)
        try:
            p.parse_args(argv)
        except SystemExit:
            pass

    parse([], lambda p: p.add_argument("book"))
    parse(["a", "b"], lambda p: p.add_argument("book"))
    parse(["--n", "x"], lambda p: p.add_argument("--n", type=int))
    parse(["--f", "x"], lambda p: p.add_argument("--f", type=float))
    parse(["--c", "z"], lambda p: p.add_argument("--c", choices=("a", "b")))
    parse(["--o"], lambda p: p.add_argument("--o"))
    parse(["--m"], lambda p: p.add_argument("--m", nargs="+"))

    def exclusive(p: argparse.ArgumentParser, required: bool = False) -> None:
        g = p.add_mutually_exclusive_group(required=required)
        g.add_argument("--x", action="store_true")
        g.add_argument("--y", action="store_true")

    parse(["--x", "--y"], exclusive)
    parse([], lambda p: exclusive(p, True))

    def two(p: argparse.ArgumentParser) -> None:
        p.add_argument("--alpha")
        p.add_argument("--alps")

    parse(["--al", "1"], two)
    parse(["--v=1"], lambda p: p.add_argument("--v", action="store_true"))
    assert len(raised) == 11
    fallback = word("cli_detail_in_english", "lo")
    for message in raised:
        lo = usage_lines("t", message, "lo")[0]
        assert fallback not in lo, message


def test_a_files_second_state_line_aligns_under_a_lao_file_name():
    """``--lang both``: the Lao state line stands under the English one, indented by the file
    name's display width (its vowel and tone marks take no column), not its character count."""
    from xladdin.cli.review import _why

    name = "ຈຳປາສັກ-ສົ່ງຄືນ.xlsx"
    assert display_width(name) < len(name)  # the name holds marks
    row = {"file": name, "refused": True, "consolidated": "", "status": "", "reasons": []}
    lines = _why(row, "both")
    first, second = lines[0], lines[1]
    colon = display_width(first[: first.index(": ") + 2])
    assert display_width(second) - display_width(second.lstrip(" ")) == colon


def test_a_demo_that_cannot_be_written_is_said_in_lao(tmp_path, capsys, monkeypatch):
    """``xladdin demo --lang lo`` whose workbook cannot be saved (open in Excel): the reason
    from the catalogue, in Lao, exit 2."""
    from xladdin.cli import demo

    def denied(output):
        raise PermissionError(13, "Permission denied", str(tmp_path / "demo.xlsx"))

    monkeypatch.setattr(demo, "run_demo", denied)
    out_path = tmp_path / "demo.xlsx"
    code = main(["demo", "-o", str(out_path), "--lang", "lo"])
    out, err = capsys.readouterr()
    assert code == 2 and err.strip()
    assert latin_left(out + err, [str(out_path), str(tmp_path)], ("xladdin", "demo")) == [], err
    assert main(["demo", "-o", str(out_path), "--lang", "en"]) == 2
    assert "cannot write the demo workbook" in capsys.readouterr().err


def test_the_allow_unstamped_notice_is_said_in_lao(tmp_path, capsys):
    from xladdin.review.sample import write_province_return

    returns = tmp_path / "returns"
    returns.mkdir()
    write_province_return(returns / "p01.xlsx", "01")
    out_path = tmp_path / "review.xlsx"
    code = main(
        ["consolidate", str(returns), "-o", str(out_path), "--allow-unstamped", "--lang", "lo"]
    )
    _out, err = capsys.readouterr()
    notice = [line for line in err.splitlines() if "--allow-unstamped" in line]
    assert code in (0, 1) and len(notice) == 1
    assert (
        latin_left(notice[0], [], ("xladdin", "consolidate", "allow", "unstamped", "accept")) == []
    )
