"""One way to time things for every benchmark in this folder.

Rules (the project's benchmark rules, issue #12):

- A and B are **alternated in the same run** (A B A B ...), so a load swing hits both alike.
- Each case is timed ``repeats`` times after ``warmup`` untimed calls; we print the **median with
  min–max**, and ratios of medians against what a user would otherwise use (the baseline).
- Whole processes as well as in-process: :func:`command` wraps a command line so it is timed as
  the user runs it (interpreter start, imports, work, exit).

Nothing here is asserted: benchmarks print tables; the targets they print are checked by eye and
quoted in docs/benchmarks.md with their sizes.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds of one case over its repeats."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def low(self) -> float:
        return min(self.samples)

    @property
    def high(self) -> float:
        return max(self.samples)

    def fmt(self, unit: str = "s") -> str:
        """``median (min–max)`` in seconds or milliseconds."""
        k = 1000.0 if unit == "ms" else 1.0
        return f"{self.median * k:,.{_digits(self.median * k)}f} ({self.low * k:,.{_digits(self.low * k)}f}–{self.high * k:,.{_digits(self.high * k)}f})"


def _digits(x: float) -> int:
    return 3 if x < 1 else 2 if x < 100 else 0


def interleaved(
    cases: dict[str, Callable[[], object]], repeats: int = 7, warmup: int = 1
) -> dict[str, Timing]:
    """Time every case ``repeats`` times, alternating the cases in each round.

    The order inside a round rotates, so no case always runs first after a pause.
    """
    names = list(cases)
    for _ in range(warmup):
        for name in names:
            cases[name]()
    samples: dict[str, list[float]] = {n: [] for n in names}
    for r in range(repeats):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            t = time.perf_counter()
            cases[name]()
            samples[name].append(time.perf_counter() - t)
    return {n: Timing(tuple(s)) for n, s in samples.items()}


def command(
    argv: Sequence[str],
    cwd: Path | None = None,
    env: dict | None = None,
    ok: Sequence[int] = (0,),
    timeout: float | None = 600,
) -> Callable[[], None]:
    """A callable that runs ``argv`` as a whole process (output discarded); an exit code other
    than ``ok`` raises, so a failing command is never timed as a fast one."""
    full_env = {**os.environ, **(env or {})}

    def run() -> None:
        done = subprocess.run(
            list(argv),
            cwd=cwd,
            env=full_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
            timeout=timeout,  # a hung process (LibreOffice) stops the benchmark
        )
        checked(done.returncode, argv, done.stderr, ok)

    return run


def checked(code: int, argv: Sequence[str], stderr: bytes | None = None, ok=(0,)) -> None:
    """Raise when a timed process exited with a code outside ``ok`` (its error shown)."""
    if code not in ok:
        tail = (stderr or b"").decode("utf-8", "replace")[-500:]
        raise RuntimeError(f"{' '.join(map(str, argv))[:200]} exited {code}: {tail}")


def python_code(code: str, env: dict | None = None) -> Callable[[], None]:
    """A callable that runs ``python -c code`` as a whole process."""
    return command([PYTHON, "-c", code], env=env)


def ratio(a: Timing, b: Timing) -> str:
    """``a`` relative to ``b`` as ``N.NN×`` (medians)."""
    return f"{a.median / b.median:,.2f}×"


TARGETS: list[tuple[str, str, str, str]] = []
"""(target, measured, limit, verdict) of every :func:`verdict` given a name in this process:
``python bench/run.py`` prints them together at the end."""


def verdict(value: float, limit: float, target: str | None = None, shown: str = "") -> str:
    """``"met"`` when ``value <= limit``, else ``"NOT met"``; with ``target``, recorded in
    :data:`TARGETS` (``shown``: the measured value as printed, default the value)."""
    said = "met" if value <= limit else "NOT met"
    if target:
        TARGETS.append((target, shown or f"{value:g}", f"≤ {limit:g}", said))
    return said


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a markdown table."""
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")
    print()


def machine_line() -> str:
    load = os.getloadavg()
    return f"CPUs: {os.cpu_count()}; load average at start: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}"
