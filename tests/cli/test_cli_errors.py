"""The command line with files it cannot use: one clear line and exit code 2, never a traceback.

Covers every command's ``--help`` (with its exit codes), and for the file arguments: missing,
a folder instead of a file, not an xlsx, permission denied / locked by Excel (simulated: the
tests may run as root, and only Windows locks open files), an empty folder for consolidate.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from xladdin import cli
from xladdin.cli import EXIT_CODES, build_parser, leaf_parsers, main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "folder.xlsx").mkdir()
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.xlsx").write_text("not a workbook", encoding="utf-8")
    return {
        "missing": tmp_path / "missing.xlsx",
        "folder": tmp_path / "folder.xlsx",
        "text": tmp_path / "notes.xlsx",
        "empty": tmp_path / "empty",
    }


def test_every_command_documents_its_exit_codes(capsys):
    leaves = leaf_parsers(build_parser())
    assert set(leaves) == set(EXIT_CODES)
    for name in leaves:
        with pytest.raises(SystemExit) as done:
            main([*name.split(), "--help"])
        assert done.value.code == 0
        out = capsys.readouterr().out
        assert "exit codes:" in out, name
        assert all(line in out for line in EXIT_CODES[name]), name


@pytest.mark.parametrize("command", ["validate", "compile", "prepare", "verify", "inspect"])
@pytest.mark.parametrize("kind", ["missing", "folder", "text"])
def test_a_workbook_it_cannot_read_exits_2(command, kind, files, capsys):
    code, out, err = run(capsys, command, str(files[kind]))
    assert code == 2
    assert (out + err).strip()
    assert not files["folder"].with_suffix(".xlsx.bak").exists()


def test_a_locked_or_forbidden_file_is_explained(monkeypatch, tmp_path, capsys):
    # Excel on Windows locks an open workbook: PermissionError when writing it.
    import xladdin.addin.selftest as selftest

    def locked(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(selftest, "write_selftest", locked)
    code, _, err = run(capsys, "addin", "selftest", "-o", str(tmp_path / "s.xlsx"))
    assert code == 2
    assert "s.xlsx" in err and "open in Excel" in err
    assert err.startswith("xladdin addin selftest: ")


def test_compile_of_a_locked_workbook(monkeypatch, tmp_path, capsys):
    import xladdin.compile as compile_mod

    def locked(path, backup=True):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(compile_mod, "compile_file", locked)
    code, out, err = run(capsys, "compile", str(tmp_path / "Province.xlsx"))
    assert code == 2 and not out
    assert "Province.xlsx" in err


def test_consolidate_an_empty_folder(files, tmp_path, capsys):
    out_book = tmp_path / "review.xlsx"
    code, _, err = run(capsys, "consolidate", str(files["empty"]), "-o", str(out_book))
    assert code == 2
    assert "no .xlsx or .xlsm file" in err
    assert not out_book.exists()  # nothing written for nothing found


def test_consolidate_into_a_folder_or_a_missing_folder(files, tmp_path, capsys):
    code, _, err = run(capsys, "consolidate", str(files["text"]), "-o", str(files["empty"]))
    assert code == 2 and "not a folder" in err
    code, _, err = run(capsys, "consolidate", str(files["missing"]), "-o", "r.xlsx")
    assert code == 2 and "no such file or folder" in err


@pytest.mark.parametrize("kind", ["missing", "folder", "text"])
def test_register_list_of_something_else(kind, files, capsys):
    code, _, err = run(capsys, "register", "list", "--register", str(files[kind]))
    assert code == 2
    assert err.startswith("xladdin register")


def test_sqlite_errors_are_one_line(monkeypatch, capsys):
    import xladdin.cli.review as review_cli

    def broken(args):
        raise sqlite3.DatabaseError("file is not a database")

    monkeypatch.setattr(review_cli, "_register_list", broken)
    code, _, err = run(capsys, "register", "list")
    assert code == 2
    assert err == "xladdin register list: the register cannot be used: file is not a database\n"


@pytest.mark.parametrize("action", ["build", "selftest"])
def test_addin_output_into_a_folder(action, files, capsys):
    code, _, err = run(capsys, "addin", action, "-o", str(files["empty"]))
    assert code == 2 and "not a folder" in err
    assert list(files["empty"].iterdir()) == []


def test_addin_verify_of_a_folder_or_missing_file(files, capsys):
    assert run(capsys, "addin", "verify", str(files["empty"]))[:1] == (2,)
    assert run(capsys, "addin", "verify", str(files["missing"]))[:1] == (2,)
    code, out, _ = run(capsys, "addin", "verify", str(files["text"]))
    assert code == 1 and "not a valid zip" in out


def test_a_write_that_fails_leaves_no_temporary_file(tmp_path):
    from xladdin.addin.build import write_zip
    from xladdin.errors import WorkbookError

    target = tmp_path / "x.xlam"
    target.mkdir()  # os.replace onto a folder fails
    # the one atomic writer turns the OSError into a one-line WorkbookError (the CLI exits 2)
    with pytest.raises(WorkbookError, match=r"x\.xlam is unchanged"):
        write_zip(target, {"[Content_Types].xml": b"<Types/>"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.xlam"]


def test_the_file_problem_line_names_the_destination_of_a_rename():
    exc = IsADirectoryError(21, "Is a directory", "out.xlsx.tmp", None, "out.xlsx")
    assert cli._file_problem(exc).startswith("out.xlsx: Is a directory (a folder")


def test_a_closed_pipe_is_not_an_error(monkeypatch, capsys):
    # e.g. ``xladdin findings | head``
    import xladdin.cli.findings as findings_cli

    calls = []

    def closed(args):
        calls.append(args)
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(findings_cli, "run", closed)  # register() looks it up at parse time
    assert run(capsys, "findings")[0] == 0
    assert len(calls) == 1
