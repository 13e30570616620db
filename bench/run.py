"""Run every benchmark in this folder and print their tables.

Usage::

    python bench/run.py            # all benchmarks, every target of issue #12 with its verdict
    python bench/run.py gdp review # only some (file names bench_<name>.py)
    python bench/run.py startup    # import udfs / xladdin compile as whole processes
    python bench/run.py --quick    # all, without the 1,480-file run of bench_scale.py
                                   # (its two targets, time linear and memory bounded, then
                                   # print "not measured"); --full is accepted, as before

Each ``bench_<name>.py`` exposes ``main()`` that prints a markdown table with ratios against
what a user would otherwise use, measured in the same run. Benchmarks are not tests: nothing
here is asserted, numbers are printed for docs/benchmarks.md.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    quick = "--quick" in argv  # passed on to the benchmarks that take it (bench_scale)
    wanted = set(argv) - {"--full", "--quick"}
    files = sorted(HERE.glob("bench_*.py"))
    status = 0
    for path in files:
        name = path.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        print(f"\n## {name}  (python bench/{path.name})\n", flush=True)
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        assert spec.loader is not None
        start = time.perf_counter()
        try:
            spec.loader.exec_module(module)
            if name == "scale":
                module.main(["--quick"] if quick else [])
            else:
                module.main()
        except Exception as exc:  # a broken benchmark must not hide the others
            print(f"benchmark {name} failed: {exc!r}")
            status = 1
        print(f"\n({name}: {time.perf_counter() - start:.1f} s wall)", flush=True)
    _print_targets()
    return status


def _print_targets() -> None:
    """Every target the benchmarks measured in this run (issue #12), and whether it is met."""
    sys.path.insert(0, str(HERE))
    from _harness import TARGETS, table

    if TARGETS:
        print("\n## Targets\n")
        table(["target", "measured", "target", ""], TARGETS)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
