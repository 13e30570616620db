"""Every command, every file argument, every kind of bad path: no traceback, a documented exit
code, and a message that names the file exactly as the user typed it.

The commands and their arguments are discovered from the parser (``COMMAND_MODULES``), so a new
command is covered the day it is added. An argument is a *file argument* when its name says so
(book, path, files, output, register, national, config, xlam, ...; not ``--accept FILE``,
a file-name pattern); ``-o/--output`` is an output,
the others are inputs. Bad values:

- ``missing``: a path that does not exist (for an output: a file in a folder that does not exist);
- ``csv``: a CSV file where something else is expected (a workbook, a register, a config);
- ``folder``: an existing folder where a file is expected;
- ``unwritable``: for an output, a path *inside a file* (``notes.txt/out.xlsx``): the tests run
  as root, so a read-only folder would still be writable.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from xladdin.cli import build_parser, leaf_parsers, main

#: Words in an argument's name (its dest) that make it a path.
_PATH_WORDS = re.compile(r"book|path|file|output|register|national|config|xlam|alterab|csv|dir")
#: Arguments that are not files although their name matches.
_NOT_PATHS = {"interpreter"}
#: Long-running work skipped where a flag exists (the bad path is met before it matters).
_FAST_FLAGS = {"--no-libreoffice"}


#: (kind, argument) that a command accepts on purpose (exit 0/1 allowed).
_ACCEPTED = {
    "demo": {("folder", "output")},  # writes the demo workbook into that folder
    "templates build": {("folder", "output")},  # -o is a folder
    "consolidate": {("missing", "register")},  # a new register is started
}
#: Many files at once: each named by its file name in the status table.
_NAMED_BY_FILE_NAME = {("consolidate", "paths")}


def _is_output(action: argparse.Action) -> bool:
    return action.dest == "output"


def _path_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    out = []
    for a in parser._actions:
        if a.nargs == 0 or a.dest in ("help", "version") or a.dest in _NOT_PATHS:
            continue
        if a.choices is not None:
            continue
        if _PATH_WORDS.search(a.dest.lower()):
            out.append(a)
    return out


LEAVES = leaf_parsers(build_parser())
CASES = [
    (name, action.dest, kind)
    for name, parser in LEAVES.items()
    for action in _path_actions(parser)
    for kind in (
        ("missing", "folder", "unwritable") if _is_output(action) else ("missing", "csv", "folder")
    )
]


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> dict[str, Path]:
    """Valid inputs: a compiled demo workbook and its returned file."""
    from xladdin.cli.demo import run_demo
    from xladdin.returned import prepare_package

    root = tmp_path_factory.mktemp("good")
    book = root / "Province.xlsx"
    run_demo(book)
    returned = prepare_package(book).path
    return {"book": book, "returned": Path(returned), "root": root}


def _bad(kind: str, output: bool, tmp: Path) -> Path:
    if kind == "missing":
        return tmp / "no-such-folder" / "out.xlsx" if output else tmp / "missing.xlsx"
    if kind == "csv":
        p = tmp / "data.csv"
        p.write_text("a,b\n1,2\n", encoding="utf-8")
        return p
    if kind == "folder":
        p = tmp / "a-folder"
        p.mkdir(exist_ok=True)
        return p
    assert kind == "unwritable"
    blocker = tmp / "notes.txt"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    return blocker / "out.xlsx"


def _argv(name: str, dest: str, value: Path, good: dict[str, Path], tmp: Path) -> list[str]:
    """A command line for ``name`` with ``value`` in ``dest`` and valid values elsewhere."""
    parser = LEAVES[name]
    argv = name.split()
    tail: list[str] = []
    for a in parser._actions:
        if a.option_strings and a.option_strings[0] in _FAST_FLAGS:
            argv.append(a.option_strings[0])
        if a.nargs == 0 or a.dest in ("help", "version"):
            continue
        if a.dest == dest:
            v = str(value)
        elif a.required or not a.option_strings:
            if a.nargs in ("?", argparse.REMAINDER):
                continue
            if _is_output(a):
                v = str(tmp / "written.xlsx")
            elif a.dest in ("paths", "files", "book", "path") and name in (
                "consolidate",
                "verify",
                "inspect",
            ):
                v = str(good["returned"])
            else:
                v = str(good["book"])
        else:
            continue
        if a.option_strings:
            argv += [a.option_strings[-1], v]
        else:
            tail.append(v)
    return argv + tail


@pytest.mark.parametrize(("name", "dest", "kind"), CASES, ids=[" ".join(c) for c in CASES])
def test_a_bad_path_gives_a_message_naming_it(name, dest, kind, good, tmp_path, capsys):
    action = next(a for a in LEAVES[name]._actions if a.dest == dest)
    value = _bad(kind, _is_output(action), tmp_path)
    argv = _argv(name, dest, value, good, tmp_path)
    try:
        code = main(argv)
    except SystemExit as done:  # argparse usage errors
        code = done.code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code in (0, 1, 2), (argv, code, err)
    said = out + err
    assert "[Errno" not in said and "b'" not in said, said
    if (kind, dest) in _ACCEPTED.get(name, ()):
        return
    assert code != 0, (argv, said)
    if "pip install" in said:  # refused first for a missing optional extra (e.g. sign: lxml)
        return
    shown = value.name if (name, dest) in _NAMED_BY_FILE_NAME else str(value)
    # A command may refuse the stand-in value of another required argument first (e.g. a
    # workbook given as --python of "dist windows"); its message must then name that one.
    others = [Path(v).name for v in argv if v != str(value) and Path(v).name.endswith(".xlsx")]
    assert shown in said or any(o in said for o in others), (argv, said)


def test_the_commands_are_discovered_not_listed():
    assert {"compile", "validate", "consolidate", "addin selftest"} <= set(LEAVES)
    assert {(n, d) for n, d, _ in CASES} >= {("compile", "book"), ("prepare", "output")}


def test_bare_xladdin_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "usage: xladdin" in err and "COMMAND" in err


@pytest.mark.parametrize("group", [["templates"], ["addin"], ["register"]])
def test_a_group_without_its_action_is_bad_usage(group, capsys):
    assert main(group) == 2
    assert "usage:" in capsys.readouterr().err


def test_calc_function_help_lists_every_argument_with_its_meaning(capsys, monkeypatch):
    import sys

    # tests/udfs (a folder of tests) must not shadow the udfs package of the repository
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2]))
    if not hasattr(sys.modules.get("udfs"), "FUNCTIONS"):
        monkeypatch.delitem(sys.modules, "udfs", raising=False)
    from udfs import FUNCTIONS
    from xladdin.cli.calc import NAMES

    for name in NAMES:
        assert main(["calc", name, "--help"]) == 0, name
        out = capsys.readouterr().out
        for arg in FUNCTIONS["GDP_" + name.upper()].__xlfunc__["args"]:
            labels = (arg["name"], "--" + arg["name"])
            line = next(ln for ln in out.splitlines() if ln.split()[:1] and ln.split()[0] in labels)
            assert arg["doc"] in line, (name, arg["name"])
    assert main(["calc", "deflate", "-h"]) == 0
    assert "--price_index" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("command", "default"),
    [
        (["demo", "-o"], None),
        (["addin", "selftest", "-o"], None),
        (["prepare", "BOOK", "-o"], None),
    ],
)
def test_a_missing_output_folder_is_never_created(command, default, good, tmp_path, capsys):
    target = tmp_path / "typo" / "out.xlsx"
    argv = [str(good["book"]) if a == "BOOK" else a for a in command] + [str(target)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert str(target) in err and "does not exist" in err
    assert not (tmp_path / "typo").exists()


def test_templates_build_into_a_missing_folder_is_refused(tmp_path, capsys):
    target = tmp_path / "typo"
    assert main(["templates", "build", "-o", str(target)]) == 2
    assert str(target) in capsys.readouterr().err
    assert not target.exists()


@pytest.mark.parametrize("command", ["validate", "compile", "verify", "inspect"])
def test_a_missing_workbook_has_one_code_in_every_command(command, tmp_path, capsys):
    missing = tmp_path / "Province-07.xlsx"
    assert main([command, str(missing), *(["--json"] if command != "inspect" else [])]) == 2
    out, err = capsys.readouterr()
    assert "package-missing" in out
    assert "workbook-unreadable" not in out and "return-file-unreadable" not in out
    assert str(missing) in err or str(missing) in out
    assert "does not exist" in out + err


@pytest.mark.parametrize("command", ["validate", "inspect"])
def test_a_csv_given_as_a_workbook_is_named_in_words(command, tmp_path, capsys):
    csv_file = tmp_path / "figures.xlsx"
    csv_file.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main([command, str(csv_file)]) == 2
    out, err = capsys.readouterr()
    assert "text file (a CSV?)" in out
    assert "b'" not in out + err and "\\n" not in out + err


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("industry,year,current\n", "no data rows"),
        ("industry,value\nGDP,5\n", "missing column"),
        ("industry,year,current\nGDP,20x2,5\n", "bad year"),
    ],
    ids=["header-only", "wrong-columns", "bad-year"],
)
def test_a_national_file_without_usable_totals_is_an_error(content, why, good, tmp_path, capsys):
    national = tmp_path / "national.csv"
    national.write_text(content, encoding="utf-8")
    review = tmp_path / "review.xlsx"
    argv = ["consolidate", str(good["returned"]), "-o", str(review), "--national", str(national)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert str(national) in err and why in err
    assert not review.exists()


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_outputs_honour_the_umask(umask, good, tmp_path, capsys):
    import os
    import stat

    old = os.umask(umask)
    try:
        returned = tmp_path / "returned.xlsx"
        assert main(["prepare", str(good["book"]), "-o", str(returned)]) == 0
        review = tmp_path / "review.xlsx"
        assert main(["consolidate", str(returned), "-o", str(review)]) in (0, 1)
    finally:
        os.umask(old)
    capsys.readouterr()
    for path in (returned, review):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path


def test_the_console_command_exits_with_the_code_of_main(tmp_path):
    """``xladdin`` (pyproject's console script) and ``python -m xladdin`` are
    :func:`xladdin.cli.run`: main's exit code, the collector's last pass at exit skipped
    (gc.freeze) -- the exit handlers still run."""
    import subprocess
    import sys
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    scripts = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert scripts["scripts"]["xladdin"] == "xladdin.cli:run"
    missing = tmp_path / "Province-07.xlsx"
    for argv, code in ((["--version"], 0), (["validate", str(missing)], 2), ([], 2)):
        done = subprocess.run(
            [sys.executable, "-m", "xladdin", *argv], capture_output=True, text=True, timeout=300
        )
        assert done.returncode == code, (argv, done.stderr)
        assert "Traceback" not in done.stderr


LAO_CASES = [c for c in CASES if any("--lang" in a.option_strings for a in LEAVES[c[0]]._actions)]
#: Sheet tabs and names shown as the workbook has them (data, not words of xladdin).
_SHOWN_AS_IS = ("Benchmark", "Settings", "Results", "Rebase", "Checks", "Volume", "Prices")


@pytest.mark.parametrize(("name", "dest", "kind"), LAO_CASES, ids=[" ".join(c) for c in LAO_CASES])
def test_a_bad_path_is_said_in_lao_with_lang_lo(name, dest, kind, good, tmp_path, capsys):
    """Issue #12 item 4 / #13: with ``--lang lo`` every word of the message about a bad path
    is Lao (the catalogue's rows), apart from the paths, codes and names shown as they are:
    no "bad --config", "no such file or folder", "the register ... cannot be used" in English."""
    from tests.lao_check import latin_left

    action = next(a for a in LEAVES[name]._actions if a.dest == dest)
    value = _bad(kind, _is_output(action), tmp_path)
    argv = [*_argv(name, dest, value, good, tmp_path), "--lang", "lo"]
    try:
        main(argv)
    except SystemExit:  # argparse usage errors (argparse's own English: not ours)
        return
    out, err = capsys.readouterr()
    paths = [str(value), str(tmp_path), str(good["root"]), *(a for a in argv if "/" in a)]
    paths += [str(p) for p in Path(value).parents if str(p) != "/"]
    left = [latin_left(line, paths, _SHOWN_AS_IS) for line in (out + err).splitlines()]
    assert [w for words in left for w in words] == [], (argv, out + err)
