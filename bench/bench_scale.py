"""The targets of issue #12, measured as a user runs them: whole commands against reading the same
files with python-calamine in a process of its own, A and B alternated in one run.

Usage::

    python bench/bench_scale.py           # 18, 148 and 1,480 files, the 100k-row workbook
    python bench/bench_scale.py --quick   # without the 1,480-file run

Prints, for each target, the medians with min–max, the ratio and whether the target is met:

- ``xladdin consolidate`` of 18 provincial returns (recompute included) within 8× of calamine
  reading the same 18 files in a process: the command as the issue names it, and the same with
  ``--national`` (the reconciliation to national totals and its eight sheets), each its own
  target, the three alternated in one run;
- peak memory (max RSS) of the consolidate command at 18, 148 and 1,480 files (flat), and the
  time per file (linear);
- ``xladdin validate`` of a generic 100,000-row workbook within 5× of calamine reading it.

The files are generated once into ``$XLADDIN_BENCH_CACHE`` (default: the temp folder) and not
timed. The 1,480-file set is the 148 district returns copied ten times (different file names,
the same contents: every copy is inspected, verified and read; later copies supersede earlier
ones).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _harness import (  # noqa: E402
    PYTHON,
    TARGETS,
    Timing,
    checked,
    command,
    interleaved,
    machine_line,
    ratio,
    table,
    verdict,
)

CACHE = Path(os.environ.get("XLADDIN_BENCH_CACHE", tempfile.gettempdir()))
ROWS = 99_999  # the reader refuses more than 100,000 rows; with the header this is 100,000

_CALAMINE = (
    "import sys\n"
    "from python_calamine import CalamineWorkbook\n"
    "n = 0\n"
    "for f in sys.argv[1:]:\n"
    "    wb = CalamineWorkbook.from_path(f)\n"
    "    for s in wb.sheet_names:\n"
    "        n += sum(len(r) for r in wb.get_sheet_by_name(s).to_python())\n"
)


def _xladdin() -> list[str]:
    """The ``xladdin`` command of this interpreter's environment, as a user runs it."""
    beside = Path(PYTHON).parent / "xladdin"
    exe = str(beside) if beside.exists() else shutil.which("xladdin")
    if exe is None:
        raise SystemExit("the xladdin command is not installed (pip install -e .)")
    return [exe]


FINDINGS_OK = (0, 1)
"""Exit codes of a command that ran to its end: 0 clean, 1 findings with errors (the sample
returns carry some); 2 (a file refused, bad usage) or a crash stops the benchmark."""


_LAUNCHER = (
    "import os, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "err = p.stderr.read()\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "print(time.perf_counter() - t, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))\n"
    "sys.stderr.write(err[-500:].decode('utf-8', 'replace'))\n"
)
"""Runs a command and prints its wall time, peak RSS (MiB) and exit code. A child's peak RSS
starts at its parent's resident size when it is forked (Linux counts the copied address space
until ``exec``); started from this small process, the command's peak is its own, not the
benchmark's (which holds the generated files' tables)."""


def _run_rss(argv: list[str]) -> tuple[float, float]:
    """Run a whole process; (wall seconds, peak RSS in MiB: the largest of the command and
    its worker processes, not their sum)."""
    done = subprocess.run(
        [PYTHON, "-c", _LAUNCHER, *argv], capture_output=True, text=True, check=True
    )
    wall, rss, code = done.stdout.split()
    checked(int(code), argv, done.stderr.encode(), ok=FINDINGS_OK)
    return float(wall), float(rss)


def generic_workbook() -> Path:
    """A generic (non-template) workbook: 100,000 rows × 8 columns of numbers and text."""
    path = CACHE / f"xladdin-bench-generic-{ROWS}.xlsx"
    if path.exists():
        return path
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(["id", "province", "industry", "year", "output", "ic", "gva", "note"])
    for i in range(ROWS):
        out = 100.0 + (i % 997) * 1.5
        ic = out * 0.4
        ws.append(
            [i, f"{i % 18 + 1:02d}", f"I{i % 21:02d}", 2012 + i % 15, out, ic, out - ic, "ok"]
        )
    tmp = path.with_suffix(".tmp.xlsx")
    wb.save(tmp)
    tmp.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    full = "--quick" not in args  # the 1,480-file run (time linear, memory bounded)
    import bench_review

    print(machine_line())
    # An installed xladdin runs from compiled bytecode; with PYTHONDONTWRITEBYTECODE set (as on
    # this machine) every command would compile its modules from source first. Compile once.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(HERE.parent / "xladdin")], check=False)
    print()
    prov_dir, dist_dir, _ = bench_review.generate()
    prov = sorted(prov_dir.glob("*-return.xlsx"))
    dist = sorted(dist_dir.glob("*-return.xlsx"))
    work = Path(tempfile.mkdtemp(prefix="xladdin-bench-scale-"))
    rows = []
    try:
        national = bench_review._national_csv(prov_dir, work)
        out = work / "review.xlsx"
        plain = [*_xladdin(), "consolidate", str(prov_dir), "-o", str(out)]
        cons = [*plain, "--national", str(national)]

        def cold(run):
            def timed() -> None:
                for p in work.glob("review*"):  # the review and its register: a cold run
                    p.unlink()
                run()

            return timed

        cal18 = [PYTHON, "-c", _CALAMINE, *map(str, prov)]
        t = interleaved(
            {
                "consolidate": cold(command(plain, ok=FINDINGS_OK)),
                "consolidate --national": cold(command(cons, ok=FINDINGS_OK)),
                "calamine": command(cal18),
            },
            repeats=5,
        )
        for case, what, label in (
            (
                "consolidate",
                "`xladdin consolidate` 18 returns (cold, as a command) vs calamine reading them"
                " (a process)",
                "`xladdin consolidate` 18 returns vs calamine (ratio of whole processes)",
            ),
            (
                "consolidate --national",
                "the same with `--national` (reconciled to national totals: 8 more sheets)",
                "`xladdin consolidate --national` 18 returns vs calamine (whole processes)",
            ),
        ):
            r18 = t[case].median / t["calamine"].median
            rows.append(
                (
                    what,
                    t[case].fmt(),
                    t["calamine"].fmt(),
                    ratio(t[case], t["calamine"]),
                    "≤ 8×",
                    verdict(r18, 8.0, label, f"{r18:.2f}×"),
                )
            )

        # memory and linearity in the number of files
        sets = [
            ("18 provincial returns", prov_dir, len(prov)),
            ("148 district returns", dist_dir, len(dist)),
        ]
        if full:
            big = CACHE / "xladdin-bench-1480"
            if len(list(big.glob("*.xlsx"))) < 10 * len(dist):
                big.mkdir(parents=True, exist_ok=True)
                for k in range(10):
                    for f in dist:
                        shutil.copy2(f, big / f"c{k}-{f.name}")
            sets.append(("1,480 district returns (148 × 10 copies)", big, 10 * len(dist)))
        mem_rows = []
        measured: dict[int, tuple[float, float]] = {}  # files -> (ms per file, peak RSS MiB)
        scale_rows: list[tuple[str, ...]] = []
        for label, folder, n in sets:
            samples = []
            rss = []
            for _ in range(3 if n < 1000 else 1):
                for p in work.glob("scale*"):
                    p.unlink()
                wall, peak = _run_rss(
                    [*_xladdin(), "consolidate", str(folder), "-o", str(work / "scale.xlsx")]
                )
                samples.append(wall)
                rss.append(peak)
            tm = Timing(tuple(samples))
            measured[n] = (tm.median / n * 1000, max(rss))
            mem_rows.append((label, n, tm.fmt(), f"{tm.median / n * 1000:.1f}", f"{max(rss):.0f}"))
        if full:  # the same 148 files, and ten copies of them: time linear, memory bounded
            (ms148, rss148), (ms1480, rss1480) = measured[len(dist)], measured[10 * len(dist)]
            scale_rows.append(
                (
                    "time per file, 1,480 vs 148 district returns (the same files ×10)",
                    f"{ms1480:.1f} ms",
                    f"{ms148:.1f} ms",
                    f"{ms1480 / ms148:.2f}×",
                    "≤ 1.2×",
                    verdict(
                        ms1480 / ms148,
                        1.2,
                        "consolidate time linear: ms per file at 1,480 vs 148 files",
                        f"{ms1480 / ms148:.2f}×",
                    ),
                )
            )
            scale_rows.append(
                (
                    "peak memory (RSS), 1,480 vs 148 district returns (10× the files)",
                    f"{rss1480:.0f} MiB",
                    f"{rss148:.0f} MiB",
                    f"{rss1480 / rss148:.2f}×",
                    "≤ 2×",
                    verdict(
                        rss1480 / rss148,
                        2.0,
                        "consolidate memory bounded: peak RSS at 1,480 vs 148 files",
                        f"{rss1480 / rss148:.2f}×",
                    ),
                )
            )
        # validate of a generic 100k-row workbook
        book = generic_workbook()
        val = [*_xladdin(), "validate", str(book)]
        calv = [PYTHON, "-c", _CALAMINE, str(book)]
        t = interleaved(
            {
                "validate": command(val, ok=FINDINGS_OK),
                "calamine": command(calv),
            },
            repeats=3,
        )
        rv = t["validate"].median / t["calamine"].median
        rows.append(
            (
                f"`xladdin validate` generic workbook, {ROWS:,} rows × 8 columns, vs calamine reading it",
                t["validate"].fmt(),
                t["calamine"].fmt(),
                ratio(t["validate"], t["calamine"]),
                "≤ 5×",
                verdict(
                    rv,
                    5.0,
                    f"`xladdin validate` {ROWS:,}-row generic workbook vs calamine (whole processes)",
                    f"{rv:.2f}×",
                ),
            )
        )
        table(["target", "xladdin, s median (min–max)", "calamine, s", "ratio", "target", ""], rows)
        table(
            [
                "consolidate as a command",
                "files",
                "s median (min–max)",
                "ms per file",
                "peak RSS MiB",
            ],
            mem_rows,
        )
        if not full:  # every target is printed, with what was not measured
            for what, target, limit in (
                (
                    "time per file",
                    "consolidate time linear: ms per file at 1,480 vs 148 files",
                    1.2,
                ),
                (
                    "peak memory (RSS)",
                    "consolidate memory bounded: peak RSS at 1,480 vs 148 files",
                    2,
                ),
            ):
                said = "not measured (--quick)"
                scale_rows.append(
                    (f"{what}, 1,480 vs 148 district returns", "-", "-", "-", f"≤ {limit}×", said)
                )
                TARGETS.append((target, "-", f"≤ {limit:g}", said))
        table(["target", "1,480 files", "148 files", "ratio", "target", ""], scale_rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
