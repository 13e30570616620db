"""Benchmark: start-up cost as whole processes (what a user waits for).

* ``import udfs`` is the delay before the first ``GDP_`` value in an Excel session (xlwings'
  COM server imports the UDF module once). xlwings itself imports pandas, so
  ``import xlwings`` alone is the floor; target: ``import udfs`` within 1.3x of it.
* ``xladdin compile BOOK`` is one ribbon click / one command on the sample province (each
  version compiles the sample built by its own code: template versions differ).

Each command is a fresh ``python`` process. The variants are alternated inside every round (the
order rotates from round to round), so a busy machine slows all of them alike; the table shows
the median and min-max over the rounds and the ratio of the medians to ``import xlwings``.

"before" runs the same commands against the sources of :data:`BASELINE` (exported with
``git archive`` into a temporary folder that is put first on ``PYTHONPATH``), measured in the
same run. Set ``XLADDIN_BENCH_BASELINE`` to another commit to compare with it, or to ``""`` to
skip the "before" rows (no git).

Run ``python bench/bench_startup.py [ROUNDS]`` or ``python bench/run.py startup``. Not a test.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/_harness.py
# The commit before issue 11 (scipy imported at module level by xladdin.gdp).
BASELINE = "05bc208"


def _export(rev: str, dest: Path) -> bool:
    """Export ``xladdin/`` and ``udfs/`` of ``rev`` into ``dest`` (read-only use of git)."""
    try:
        data = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "xladdin", "udfs"],
            check=True,
            capture_output=True,
            timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"(no 'before' rows: git archive {rev} failed: {exc})")
        return False
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return True


_MAKE_BOOK = (
    "import sys\n"
    "from xladdin.templates.builder import build\n"
    "from xladdin.templates.sample import province_fill\n"
    "fill, years = province_fill()\n"
    "build('province-gdp', sys.argv[1], years=years, fill=fill)\n"
)


def _sample_book(py: str, env: dict[str, str], dest: Path, cwd: Path) -> Path:
    """The sample province built by the code under ``env`` (each version reads its own
    template version)."""
    subprocess.run([py, "-c", _MAKE_BOOK, str(dest)], env=env, cwd=cwd, check=True, timeout=600)
    return dest


def _process(cmd: list[str], env: dict[str, str], cwd: Path, book: Path, work: Path):
    """A callable that runs ``cmd`` as a whole process on a fresh copy of ``book``."""

    def run() -> None:
        shutil.copyfile(book, work / "book.xlsx")  # compile writes into it
        proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, timeout=600)
        if proc.returncode not in (0, 1):  # compile exits 1 when the sample has errors
            raise RuntimeError(f"{cmd} exited {proc.returncode}: {proc.stderr.decode()[-400:]}")

    return run


def main(rounds: int = 7) -> str:
    from _harness import interleaved, machine_line, ratio, table, verdict

    py = sys.executable
    base_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    rev = os.environ.get("XLADDIN_BENCH_BASELINE", BASELINE)
    with tempfile.TemporaryDirectory(prefix="xladdin-bench-startup-") as tmp:
        work = Path(tmp)
        cwd = work / "cwd"  # an empty folder: nothing importable from the current directory
        cwd.mkdir()
        before_env = None
        if rev and _export(rev, work / "before"):
            before_env = dict(base_env, PYTHONPATH=str(work / "before"))
        now_book = _sample_book(py, base_env, work / "now.xlsx", cwd)
        compile_cmd = [py, "-m", "xladdin", "compile", "--no-backup", str(work / "book.xlsx")]
        cases = {
            "import numpy": _process([py, "-c", "import numpy"], base_env, cwd, now_book, work),
            "import xlwings (floor)": _process(
                [py, "-c", "import xlwings"], base_env, cwd, now_book, work
            ),
            "import udfs (now)": _process([py, "-c", "import udfs"], base_env, cwd, now_book, work),
        }
        if before_env is not None:
            before_book = _sample_book(py, before_env, work / "before.xlsx", cwd)
            cases[f"import udfs (before, {rev})"] = _process(
                [py, "-c", "import udfs"], before_env, cwd, before_book, work
            )
        cases["xladdin compile (now)"] = _process(compile_cmd, base_env, cwd, now_book, work)
        if before_env is not None:
            cases[f"xladdin compile (before, {rev})"] = _process(
                compile_cmd, before_env, cwd, before_book, work
            )
        timings = interleaved(cases, repeats=rounds, warmup=1)
    floor = timings["import xlwings (floor)"]
    print(
        f"Python {sys.version.split()[0]}, {rounds} rounds alternated, each a fresh process; "
        + machine_line()
        + "\n"
    )
    table(
        ["command", "median s (min-max)", "x import xlwings"],
        [(name, t.fmt(), ratio(t, floor)) for name, t in timings.items()],
    )
    now = timings["import udfs (now)"].median / floor.median
    said = verdict(now, 1.30, "`import udfs` vs `import xlwings` (whole processes)", f"{now:.2f}×")
    line = f"import udfs / import xlwings = {now:.2f} (target 1.30: {said})"
    print(line)
    return line


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
