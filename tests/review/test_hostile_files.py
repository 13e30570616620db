"""No file can stop the national review: control characters, over-long text, FIFOs and device
links named .xlsx, leftovers of a killed run, a damaged register entry, a killed consolidation.

Each fixture is made by hand (zip/XML level or the file system) and named after its quirk.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from kill_mid_save import kill_after as kill_source
from openpyxl import load_workbook
from review_hand_edit import rewrite_part

from xladdin.cli import main
from xladdin.review.consolidate import Options, collect_paths, consolidate
from xladdin.review.register import default_register_path
from xladdin.review.sample import write_province_return
from xladdin.workbook.excel_limits import EXCEL_MAX_TEXT, excel_text

ALLOW = Options(require_stamp=False, validate=False, rake_incomplete=True)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def set_inline_text(path: Path, part: str, cell: str, raw_xml_text: str) -> None:
    """Make ``cell`` of a sheet part an inline string whose XML text is ``raw_xml_text``
    (OOXML ``_xHHHH_`` escapes allowed: that is how a control character reaches a cell)."""

    def edit(xml: str) -> str:
        m = re.search(rf'<c r="{cell}"[^>]*?(/>|>.*?</c>)', xml, re.S)
        assert m, cell
        new = f'<c r="{cell}" t="inlineStr"><is><t>{raw_xml_text}</t></is></c>'
        return xml[: m.start()] + new + xml[m.end() :]

    rewrite_part(path, part, edit)


def _all_text(book: Path) -> list[str]:
    wb = load_workbook(book)
    return [
        c.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]


# --- the writer ------------------------------------------------------------------------------


def test_excel_text_replaces_bad_characters_and_cuts_long_text():
    assert excel_text("ok ລາວ") == ("ok ລາວ", False, False)
    assert excel_text("a\x1b[31mb\x07\udcff") == ("a\ufffd[31mb\ufffd\ufffd", True, False)
    text, bad, cut = excel_text("x" * 40_000)
    assert (bad, cut) == (False, True)
    assert len(text) == EXCEL_MAX_TEXT and text.endswith("[... cut: 40,000 characters]")
    # Excel counts UTF-16 code units: a character outside the BMP takes two.
    text, _, cut = excel_text("\U0001f600" * 20_000)
    assert cut and len(text.encode("utf-16-le")) // 2 <= EXCEL_MAX_TEXT
    assert excel_text("y" * EXCEL_MAX_TEXT) == ("y" * EXCEL_MAX_TEXT, False, False)


def test_control_characters_in_cells_and_file_names(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    write_province_return(folder / "province-01.xlsx", "01")
    evil_name = folder / "province-\x1b[2J\x07-99.xlsx"  # control characters in the file name
    write_province_return(evil_name, "13")
    # the province code cell holds ESC [31m ... BEL (OOXML escapes), as a hostile file can
    set_inline_text(evil_name, "xl/worksheets/sheet1.xml", "B1", "_x001B_[31m99_x0007_")
    out = tmp_path / "review.xlsx"
    r = consolidate([folder], out, options=ALLOW)
    assert out.exists()
    assert [s.code for s in r.used] == ["01"]
    texts = _all_text(out)
    assert not any(CONTROL.search(t) for t in texts)
    assert any("\ufffd" in t and "-99.xlsx" in t for t in texts)  # the file name, cleaned
    assert "review-text-cleaned" in {f.code for f in r.report}
    # Re-running from the register (the entry is cached) writes the review again.
    again = consolidate([folder], out, options=ALLOW)
    assert again.stats["cached"] == 2 and out.exists()

    # The terminal never receives the raw control characters.
    capsys.readouterr()
    code = main(["consolidate", str(folder), "-o", str(out), "--allow-unstamped"])
    printed = capsys.readouterr()
    assert code in (0, 1, 2)
    assert "\x1b" not in printed.out + printed.err and "\x07" not in printed.out
    assert "\\u001b" in printed.out


def test_over_long_text_is_cut_to_the_excel_limit(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    book = write_province_return(folder / "province-long.xlsx", "13")
    set_inline_text(book, "xl/worksheets/sheet1.xml", "B1", "9" * 40_000)
    out = tmp_path / "review.xlsx"
    consolidate([folder], out, options=ALLOW)
    assert max(len(t) for t in _all_text(out)) <= EXCEL_MAX_TEXT


# --- files that are not returns --------------------------------------------------------------

HANG_GUARD = 120  # seconds: a hang fails the test instead of blocking the suite

RUN = textwrap.dedent(
    """
    import sys
    from xladdin.cli import main
    sys.exit(main(["consolidate", sys.argv[1], "-o", sys.argv[2], "--allow-unstamped",
                   "--no-validate", "--json"]))
    """
)


def _run(folder: Path, out: Path, prelude: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", prelude + RUN, str(folder), str(out)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_and_device_link_named_xlsx_do_not_hang(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_province_return(folder / "province-01.xlsx", "01")
    os.mkfifo(folder / "province-fifo.xlsx")
    if Path("/dev/zero").exists():
        (folder / "province-zero.xlsx").symlink_to("/dev/zero")
    proc = _run(folder, tmp_path / "review.xlsx")
    assert proc.returncode in (1, 2), proc.stderr
    assert "Traceback" not in proc.stderr
    import json

    files = {row["file"]: row for row in json.loads(proc.stdout)["files"]}
    assert files["province-01.xlsx"]["consolidated"] == "consolidated"
    assert files["province-fifo.xlsx"]["consolidated"] == "not consolidated"


def test_leftover_temporary_review_is_never_read_as_a_return(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_province_return(folder / "province-01.xlsx", "01")
    # what a killed run of an earlier version left: a partial zip named like a workbook
    (folder / "review.k3j2_x.tmp.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 100)
    (folder / ".~xladdin-review.xlsx-abc.tmp").write_bytes(b"PK\x03\x04")
    r = consolidate([folder], folder / "review.xlsx", options=ALLOW)
    assert [row["file"] for row in r.stats["status"]] == ["province-01.xlsx"]
    skipped = [f for f in r.report if f.code == "review-file-skipped"]
    assert [f.details["file"] for f in skipped] == ["review.k3j2_x.tmp.xlsx"]
    assert r.exit_code == 0
    # The review workbook written into the same folder is skipped on the next run too.
    again = consolidate([folder], folder / "review-2.xlsx", options=ALLOW)
    assert [row["file"] for row in again.stats["status"]] == ["province-01.xlsx"]
    assert {p.name for p in collect_paths([folder])} == {
        "province-01.xlsx",
        "review.xlsx",
        "review-2.xlsx",
    }


def test_damaged_register_entry_is_read_again(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_province_return(folder / "province-01.xlsx", "01")
    out = tmp_path / "review.xlsx"
    consolidate([folder], out, options=ALLOW)
    db = sqlite3.connect(default_register_path(out))
    db.execute("UPDATE submissions SET submission_json = '{not json'")
    db.commit()
    db.close()
    r = consolidate([folder], out, options=ALLOW)
    assert r.stats["read"] == 1 and [s.code for s in r.used] == ["01"]


# --- killed runs -----------------------------------------------------------------------------


def _returns(folder: Path) -> None:
    folder.mkdir()
    for code in ("01", "13", "16"):
        write_province_return(folder / f"province-{code}.xlsx", code)


def _register_rows(out: Path) -> list[tuple]:
    db = sqlite3.connect(default_register_path(out))
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return db.execute("SELECT name, superseded_by FROM submissions ORDER BY id").fetchall()
    finally:
        db.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("kill_after", [1, 5000, 20000])
def test_killed_while_writing_the_review(tmp_path, kill_after):
    """The atomic writer, wrapped in the child process, kills it after N bytes of the review
    workbook; the next run reads no leftover as a return and the register is whole."""
    folder = tmp_path / "in"
    _returns(folder)
    out = folder / "review.xlsx"  # the review beside the returns: the worst case
    killed = _run(folder, out, kill_source(kill_after))
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not out.exists()
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".~xladdin-")]
    assert len(leftovers) == 1
    done = _run(folder, out)
    assert done.returncode == 0, done.stderr
    import json

    files = [row["file"] for row in json.loads(done.stdout)["files"]]
    assert files == ["province-01.xlsx", "province-13.xlsx", "province-16.xlsx"]
    names = [name for name, _ in _register_rows(out)]
    assert sorted(names) == files  # each file once: the killed run's rows are whole


KILL_IN_REGISTER = textwrap.dedent(
    """
    import os, signal, sys
    from xladdin.review import register
    real = register.Register.add
    count = [0]
    def add(self, *a, **k):
        row = real(self, *a, **k)
        count[0] += 1
        if count[0] == 2:  # two rows inserted, not committed: killed
            os.kill(os.getpid(), signal.SIGKILL)
        return row
    register.Register.add = add
    from xladdin.cli import main
    sys.exit(main(["consolidate", sys.argv[1], "-o", sys.argv[2], "--allow-unstamped",
                   "--no-validate"]))
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_while_writing_the_register(tmp_path):
    """Killed between two register rows (the test's own script wraps Register.add; no hook in
    the product): the transaction is rolled back, the next run registers every file once."""
    folder = tmp_path / "in"
    _returns(folder)
    out = tmp_path / "review.xlsx"
    killed = subprocess.run(
        [sys.executable, "-c", KILL_IN_REGISTER, str(folder), str(out)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert _register_rows(out) == []  # nothing half-written
    done = _run(folder, out)
    assert done.returncode == 0, done.stderr
    rows = _register_rows(out)
    assert sorted(name for name, _ in rows) == [
        "province-01.xlsx",
        "province-13.xlsx",
        "province-16.xlsx",
    ]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_output_folder_is_one_line_exit_2(tmp_path, capsys):
    folder = tmp_path / "in"
    _returns(folder)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code = main(
            ["consolidate", str(folder), "-o", str(locked / "review.xlsx"), "--allow-unstamped"]
        )
    finally:
        locked.chmod(0o700)
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and "review.xlsx" in err
    assert zipfile.is_zipfile(folder / "province-01.xlsx")


def test_terminal_output_is_escaped_and_json_stays_valid(capsys):
    import json

    from xladdin.cli.terminal import escaped_output, terminal_safe

    hostile = "a\x1b[2Jb\x9bc\rd\u202ee\x07 ລາວ\tok"
    assert terminal_safe(hostile) == "a\\u001b[2Jb\\u009bc\\u000dd\\u202ee\\u0007 ລາວ\tok"
    with escaped_output():
        print(hostile)
        print(json.dumps({"m": hostile}, ensure_ascii=False))
        print(hostile, file=sys.stderr)
    out, err = capsys.readouterr()
    text_line, json_line, _ = out.split("\n")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out + err)
    assert json.loads(json_line)["m"] == hostile  # the escape is JSON's own
    assert text_line == terminal_safe(hostile)
    assert sys.stdout is not None and not type(sys.stdout).__name__ == "EscapingStream"


def test_review_sheets_have_one_row_element_per_row_in_order(tmp_path):
    """Rows written as XML after openpyxl (panels, findings) never duplicate a row openpyxl
    wrote empty (print layout, heights): readers would show the empty one."""
    folder = tmp_path / "in"
    _returns(folder)
    out = tmp_path / "review.xlsx"
    consolidate([folder], out, options=ALLOW)
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                rows = [int(n) for n in re.findall(r'<row r="(\d+)"', z.read(name).decode())]
                assert rows == sorted(set(rows)), name
    wb = load_workbook(out, read_only=True)
    first = next(wb["Current"].iter_rows(min_row=5, max_row=5, values_only=True))
    assert first[0] == "01" and isinstance(first[5], float)
