"""Benchmark: start-up cost as whole processes (what a user waits for).

* ``import udfs`` is the delay before the first ``GDP_`` value in an Excel session (xlwings'
  COM server imports the UDF module once). xlwings itself imports pandas, so
  ``import xlwings`` alone is the floor; target: ``import udfs`` within 1.3x of it.
* ``xladdin compile BOOK`` is one ribbon click / one command on the sample province.

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
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def _run(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, timeout=600)
    elapsed = time.perf_counter() - t
    if proc.returncode not in (0, 1):  # compile exits 1 when the sample has errors
        raise RuntimeError(f"{cmd} exited {proc.returncode}: {proc.stderr.decode()[-400:]}")
    return elapsed


def main(rounds: int = 7) -> str:
    from xladdin.templates.builder import build
    from xladdin.templates.sample import province_fill

    py = sys.executable
    base_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    rev = os.environ.get("XLADDIN_BENCH_BASELINE", BASELINE)
    with tempfile.TemporaryDirectory(prefix="xladdin-bench-startup-") as tmp:
        work = Path(tmp)
        cwd = work / "cwd"  # an empty folder: nothing importable from the current directory
        cwd.mkdir()
        fill, years = province_fill()
        book = build("province-gdp", work / "province.xlsx", years=years, fill=fill)
        before_env = None
        if rev and _export(rev, work / "before"):
            before_env = dict(base_env, PYTHONPATH=str(work / "before"))
        compile_cmd = [py, "-m", "xladdin", "compile", "--no-backup", str(work / "book.xlsx")]
        variants: list[tuple[str, list[str], dict[str, str]]] = [
            ("import numpy", [py, "-c", "import numpy"], base_env),
            ("import xlwings (floor)", [py, "-c", "import xlwings"], base_env),
            ("import udfs (now)", [py, "-c", "import udfs"], base_env),
            ("xladdin compile (now)", compile_cmd, base_env),
        ]
        if before_env is not None:
            variants.insert(
                3, (f"import udfs (before, {rev})", [py, "-c", "import udfs"], before_env)
            )
            variants.append((f"xladdin compile (before, {rev})", compile_cmd, before_env))
        for _, cmd, env in variants:  # warm the OS file cache once
            shutil.copyfile(book, work / "book.xlsx")
            _run(cmd, env, cwd)
        samples: dict[str, list[float]] = {name: [] for name, _, _ in variants}
        for r in range(rounds):
            order = variants[r % len(variants) :] + variants[: r % len(variants)]
            for name, cmd, env in order:
                shutil.copyfile(book, work / "book.xlsx")
                samples[name].append(_run(cmd, env, cwd))
    floor = statistics.median(samples["import xlwings (floor)"])
    lines = [
        f"Python {sys.version.split()[0]}, {rounds} rounds, each command a fresh process",
        "",
        "| command | median s | min-max s | x import xlwings |",
        "|---|---:|---:|---:|",
    ]
    for name, _, _ in variants:
        s = samples[name]
        med = statistics.median(s)
        lines.append(f"| {name} | {med:.3f} | {min(s):.3f}-{max(s):.3f} | {med / floor:.2f} |")
    table = "\n".join(lines)
    print(table)
    return table


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
