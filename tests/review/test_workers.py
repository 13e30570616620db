"""Reading new returns in worker processes (issue #12): the automatic setting, the
``XLADDIN_WORKERS`` override, results identical to one process, and a worker that dies."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

from xladdin.review import consolidate as cons
from xladdin.review.consolidate import Options, consolidate, read_many
from xladdin.review.sample import write_province_return

CODES = ("01", "03", "05", "16")


@pytest.fixture
def four(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for code in CODES:
        write_province_return(folder / f"province-{code}.xlsx", code)
    return folder


def test_workers_setting(monkeypatch):
    monkeypatch.delenv(cons.WORKERS_ENV, raising=False)
    monkeypatch.setattr(cons, "_usable_cpus", lambda: 2)
    linux = sys.platform.startswith("linux")
    assert cons._workers(Options(), 18) == (2 if linux else 1)  # automatic
    assert cons._workers(Options(), 3) == 1  # too few files to start processes
    assert cons._workers(Options(workers=1), 18) == 1  # --workers wins
    assert cons._workers(Options(workers=4), 3) == 3  # never more than files
    monkeypatch.setenv(cons.WORKERS_ENV, "1")
    assert cons._workers(Options(), 18) == 1  # forced serial
    monkeypatch.setenv(cons.WORKERS_ENV, "3")
    assert cons._workers(Options(), 18) == 3
    assert cons._workers(Options(workers=1), 18) == 1
    monkeypatch.setenv(cons.WORKERS_ENV, "many")  # not a number: automatic
    assert cons._workers(Options(), 18) == (2 if linux else 1)
    monkeypatch.delenv(cons.WORKERS_ENV)
    monkeypatch.setattr(cons, "_usable_cpus", lambda: 64)
    assert cons._workers(Options(), 18) == (cons.AUTO_MAX_WORKERS if linux else 1)  # capped
    assert cons._workers(Options(workers=8), 18) == 8  # asked for: not capped
    monkeypatch.setattr(cons, "_usable_cpus", lambda: 1)
    assert cons._workers(Options(), 18) == 1  # one CPU: one process


def test_a_pool_that_cannot_start_reads_every_file_in_this_process(four, monkeypatch):
    """No semaphores, fork refused...: the files are read here, none is lost or refused."""

    def no_pool(*args, **kwargs):
        raise OSError("no semaphores here")

    monkeypatch.setattr(cons, "_pool_read", no_pool)
    monkeypatch.setenv(cons.WORKERS_ENV, "2")
    unstamped = Options(require_stamp=False)
    result = consolidate([four], None, options=unstamped)
    assert not [f for f in result.report if f.code == "review-read-failed"]
    monkeypatch.setenv(cons.WORKERS_ENV, "1")
    serial = consolidate([four], None, options=unstamped)
    pd.testing.assert_frame_equal(result.tables.current, serial.tables.current)


def test_automatic_workers_give_the_same_result(four, monkeypatch):
    unstamped = Options(require_stamp=False)
    monkeypatch.setenv(cons.WORKERS_ENV, "1")
    one = consolidate([four], None, options=unstamped)
    monkeypatch.setenv(cons.WORKERS_ENV, "2")
    two = consolidate([four], None, options=unstamped)
    pd.testing.assert_frame_equal(one.tables.current, two.tables.current)
    pd.testing.assert_frame_equal(one.tables.constant, two.tables.constant)
    assert [(f.code, f.sheet, f.cell, f.message_en) for f in one.report] == [
        (f.code, f.sheet, f.cell, f.message_en) for f in two.report
    ]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers (Linux)")
def test_a_worker_that_dies_is_one_failed_file(four, monkeypatch):
    real = cons.read_submission
    paths = sorted(four.glob("*.xlsx"))

    def crash_on_05(path, options=None, **kwargs):  # a reader crash no Python code can catch
        if "05" in str(path):
            os._exit(70)
        return real(path, options, **kwargs)

    monkeypatch.setattr(cons, "read_submission", crash_on_05)  # inherited by forked workers
    monkeypatch.setenv(cons.WORKERS_ENV, "2")
    subs = read_many(paths, Options(require_stamp=False))
    assert [s.path for s in subs] == [str(p) for p in paths]  # order kept
    for path, sub in zip(paths, subs, strict=True):
        codes = {f.code for f in sub.findings}
        if "05" in path.name:
            assert codes == {"review-read-failed"}
        else:
            assert "review-read-failed" not in codes and sub.level == "province"


def test_load_readers_imports_what_reading_a_return_uses(tmp_path):
    """Worker processes are forked after :func:`load_readers`: reading a stamped return
    (stamp, binding, validation, recompute, signature) then imports no xladdin module of its
    own (each worker would import it again for its first file)."""
    pytest.importorskip("xladdin.templates.builder")
    from xladdin.review.sample import write_compiled_provinces

    (path,) = write_compiled_provinces(tmp_path / "returns", ["03"])
    how = "cons._Reading(Options(), review=True, register=True)"
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from xladdin.review import consolidate as cons\n"
        "from xladdin.review.intake import Options, load_readers\n"
        "load_readers()\n"
        "before = set(sys.modules)\n"
        f"sub = cons._read_one((Path({str(path)!r}), {how}))\n"
        "assert sub.recomputed and sub.signature is not None, sub.findings\n"
        "print(sorted(m for m in set(sys.modules) - before if m.startswith('xladdin')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
