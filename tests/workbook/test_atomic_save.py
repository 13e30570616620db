"""Atomic saves: a process killed in the middle of writing leaves the original intact."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from kill_mid_save import kill_after as kill_source

SCRIPT = textwrap.dedent(
    """
    import sys
    from xladdin.workbook.model import Patch
    from xladdin.workbook.xlsx_patch import apply_patch
    apply_patch(sys.argv[1], Patch().set_value("Inputs", "B3", 1.0))
    print("finished")
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("kill_after", [1, 3000])
def test_killed_save_leaves_original_intact(fixture_copy, kill_after):
    book = fixture_copy("all_parts.xlsx")
    original = book.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-c", kill_source(kill_after) + SCRIPT, str(book)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert "finished" not in proc.stdout
    assert book.read_bytes() == original
    leftovers = [p.name for p in book.parent.iterdir() if p.name not in ("all_parts.xlsx",)]
    # at most the temporary file, partially written; never a partial target or backup
    assert all(
        name.startswith(".~xladdin-all_parts.xlsx-") and name.endswith(".tmp") for name in leftovers
    ), leftovers
    assert len(leftovers) == 1
    assert 0 < (book.parent / leftovers[0]).stat().st_size <= kill_after


def test_unkilled_save_replaces_and_backs_up(fixture_copy):
    book = fixture_copy("all_parts.xlsx")
    original = book.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(book)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert book.read_bytes() != original
    assert book.with_name("all_parts.xlsx.bak").read_bytes() == original
    assert sorted(p.name for p in book.parent.iterdir()) == ["all_parts.xlsx", "all_parts.xlsx.bak"]


def test_failed_produce_removes_temp_file(tmp_path):
    from xladdin.workbook.atomic import atomic_write

    target = tmp_path / "book.xlsx"
    target.write_bytes(b"old")

    def boom(fh):
        fh.write(b"partial")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, boom)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]


def _disk_full(fh):
    fh.write(b"partial")
    raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_gives_a_clear_error_and_keeps_original_and_backup(tmp_path):
    from xladdin.errors import WorkbookError
    from xladdin.workbook.atomic import atomic_write

    target = tmp_path / "book.xlsx"
    target.write_bytes(b"old")
    (tmp_path / "book.xlsx.bak").write_bytes(b"older")
    with pytest.raises(WorkbookError, match=r"disk is full.*book\.xlsx is unchanged"):
        atomic_write(target, _disk_full)
    assert target.read_bytes() == b"old"
    assert (tmp_path / "book.xlsx.bak").read_bytes() == b"older"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx", "book.xlsx.bak"]


def test_disk_full_while_backing_up_keeps_the_older_backup(tmp_path, monkeypatch):
    import shutil

    from xladdin.errors import WorkbookError
    from xladdin.workbook.atomic import atomic_write

    target = tmp_path / "book.xlsx"
    target.write_bytes(b"old")
    (tmp_path / "book.xlsx.bak").write_bytes(b"older")

    def copy_half(src, dst, **kw):
        with open(dst, "wb") as fh:
            fh.write(b"o")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copy2", copy_half)
    with pytest.raises(WorkbookError, match=r"backup book\.xlsx\.bak: the disk is full"):
        atomic_write(target, lambda fh: fh.write(b"new"))
    assert target.read_bytes() == b"old"
    assert (tmp_path / "book.xlsx.bak").read_bytes() == b"older"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx", "book.xlsx.bak"]


def _lock_like_excel(monkeypatch, book) -> None:
    """``os.replace`` onto ``book`` fails as on Windows while Excel has it open (a sharing
    violation, PermissionError 13); every other replace works."""
    real_replace = os.replace

    def locked(src, dst):
        if os.fspath(dst) == os.fspath(book):
            raise PermissionError(13, "The process cannot access the file", os.fspath(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", locked)


def test_target_locked_by_excel_is_left_untouched(fixture_copy, monkeypatch):
    """On Windows os.replace fails while Excel has the file open (sharing violation)."""
    from xladdin.errors import WorkbookError
    from xladdin.workbook.model import Patch
    from xladdin.workbook.xlsx_patch import apply_patch

    book = fixture_copy("all_parts.xlsx")
    original = book.read_bytes()
    _lock_like_excel(monkeypatch, book)
    with pytest.raises(WorkbookError, match=r"open in Excel.*all_parts\.xlsx is unchanged"):
        apply_patch(book, Patch().set_value("Inputs", "B3", 1.0))
    assert book.read_bytes() == original
    assert book.with_name("all_parts.xlsx.bak").read_bytes() == original  # a usable backup
    assert sorted(p.name for p in book.parent.iterdir()) == ["all_parts.xlsx", "all_parts.xlsx.bak"]


def test_read_only_folder_gives_a_clear_error(tmp_path, monkeypatch):
    import tempfile

    from xladdin.errors import WorkbookError
    from xladdin.workbook.atomic import atomic_write

    def denied(*a, **kw):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(WorkbookError, match="cannot create a file in its folder"):
        atomic_write(tmp_path / "book.xlsx", lambda fh: fh.write(b"new"))


def test_one_atomic_writer_and_no_test_hook_in_production_code():
    """Issue #12: one home for the atomic writer (``xladdin.workbook.atomic``, re-exported by no
    other module), and the kill
    point for the crash tests is injected by the tests (``tests/kill_mid_save.py``), never
    read from the environment by the package."""
    from pathlib import Path

    import xladdin
    from xladdin.workbook import atomic, package

    assert "atomic_write" not in package.__all__ and "atomic_write" in atomic.__all__
    root = Path(xladdin.__file__).parent
    hooks = [p for p in root.rglob("*.py") if "XLADDIN_TEST_" in p.read_text(encoding="utf-8")]
    assert hooks == []


def test_settings_are_saved_through_the_atomic_writer(tmp_path, monkeypatch):
    import json

    from xladdin.ribbon import settings

    path = tmp_path / "cfg" / "settings.json"
    monkeypatch.setenv("XLADDIN_SETTINGS", str(path))
    settings.save_settings({"lang": "lo"})
    settings.save_settings({"other": 1})
    assert json.loads(path.read_text(encoding="utf-8")) == {"lang": "lo", "other": 1}
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temporary left


def test_a_save_that_fails_says_why_in_lao_too(tmp_path):
    """The error carries its reason in Lao (``finding_fields``), as the readers' errors do:
    a command in a Lao run says it in Lao."""
    from xladdin.errors import WorkbookError
    from xladdin.workbook.atomic import atomic_write

    with pytest.raises(WorkbookError) as raised:
        atomic_write(tmp_path / "book.xlsx", _disk_full)
    fields = raised.value.finding_fields
    assert "ບ່ອນເກັບຂໍ້ມູນເຕັມ" in fields["reason_lo"] and "book.xlsx" in fields["reason_lo"]
    assert "disk is full" in fields["reason"]


def test_compile_that_cannot_save_says_so_in_lao(fixture_copy, monkeypatch, capsys):
    """``xladdin compile --lang lo`` on a workbook open in Excel (the replace refused): the
    line is the catalogue's, in Lao, and the workbook is unchanged."""
    from xladdin.cli import main
    from xladdin.templates.builder import build

    book = fixture_copy("all_parts.xlsx").with_name("province.xlsx")
    build("province-gdp", book)
    original = book.read_bytes()
    _lock_like_excel(monkeypatch, book)
    assert main(["compile", str(book), "--no-backup", "--lang", "lo"]) == 2
    err = capsys.readouterr().err
    assert "'xladdin compile': ສັງລວມ" in err and "ບໍ່ມີສິດຂຽນ" in err
    assert "permission denied" not in err
    assert book.read_bytes() == original


def test_consolidate_that_cannot_save_its_review_says_so_in_both_languages(
    fixture_copy, monkeypatch, capsys
):
    """``xladdin consolidate --lang both`` whose review workbook is open in Excel: the
    catalogue's failure line in English, then in Lao with the Lao reason; exit 2."""
    from xladdin.cli import main

    folder = fixture_copy("all_parts.xlsx").parent
    out = folder / "review.xlsx"
    _lock_like_excel(monkeypatch, out)
    assert main(["consolidate", str(folder), "-o", str(out), "--lang", "both"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[-2].startswith("xladdin consolidate: ") and "open in Excel" in lines[-2]
    assert lines[-1].startswith("'xladdin consolidate': ") and "ບໍ່ມີສິດຂຽນ" in lines[-1]
    assert not out.exists()
