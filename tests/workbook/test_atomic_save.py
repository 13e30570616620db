"""Atomic saves: a process killed in the middle of writing leaves the original intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

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
    env = dict(os.environ, XLADDIN_TEST_KILL_AFTER_BYTES=str(kill_after))
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(book)],
        env=env,
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
    from xladdin.workbook.package import atomic_write

    target = tmp_path / "book.xlsx"
    target.write_bytes(b"old")

    def boom(fh):
        fh.write(b"partial")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, boom)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]
