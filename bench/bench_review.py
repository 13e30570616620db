"""Benchmark the central review: consolidation of 18 provincial and 148 district returns, an
incremental re-run with one changed file, and reading the same files with python-calamine,
openpyxl and xladdin's own reader.

Usage::

    python bench/bench_review.py            # prints a markdown table

The returned files are real: built from the templates with the illustrative sample (rescaled per
province), compiled and stamped by ``xladdin prepare`` (ILLUSTRATIVE, NOT OFFICIAL FIGURES). They
are generated once into ``$XLADDIN_BENCH_CACHE/xladdin-bench-review`` (default: the temp folder);
generation is not timed. Each step runs once, in this process (in-process, imports done), with a
fresh register where it says "cold": the steps change the register and the files, so they are
not repeated; the whole-process timings and the targets of issue #12 are bench_scale.py's. The
readers are alternated in one run (medians with min–max).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from xladdin.review.consolidate import Options, consolidate  # noqa: E402
from xladdin.templates.data import provinces  # noqa: E402

CACHE = Path(os.environ.get("XLADDIN_BENCH_CACHE", tempfile.gettempdir())) / "xladdin-bench-review"
N_DISTRICTS = 148


def _district_fill(province: str, district: str, seed: int):
    from xladdin.templates.builder import Fill
    from xladdin.templates.spec import get_spec

    years = get_spec("district-growth").default_years
    rng = np.random.default_rng(seed)
    idx = ["AGR", "IND", "SER"]
    w = rng.uniform(20, 50, 3)
    growth = 1 + rng.uniform(0.0, 0.08, (3, len(years)))
    growth[:, 0] = 1.0
    hh = np.cumprod(1 + rng.uniform(0.02, 0.08, (3, len(years))), axis=1) * [
        [1.5e6],
        [1.2e6],
        [100],
    ]
    return (
        Fill(
            scalars={
                "province_code": province,
                "district_code": district,
                "district_name": f"District {district} (illustrative)",
                "base_year": years[0],
                "compiler": f"district office {district}",
            },
            blocks={
                "weights": pd.DataFrame({"weight": (w / w.sum() * 100).round(2)}, index=idx),
                "indices": pd.DataFrame(
                    100 * np.cumprod(growth, axis=1), index=idx, columns=list(years)
                ),
                "household": pd.DataFrame(
                    hh, index=["HH_INC", "HH_EXP", "CPI"], columns=list(years)
                ),
            },
            banner="illustrative, not official figures",
        ),
        years,
    )


def _district_codes() -> list[tuple[str, str]]:
    codes = []
    prov = provinces()
    for r in prov.itertuples(index=False):
        n = int(r.districts) + (
            1 if r.code == "06" else 0
        )  # 147 + a twelfth Luang Prabang district
        codes += [(r.code, f"{r.code}{i:02d}") for i in range(1, n + 1)]
    return codes[:N_DISTRICTS]


def generate() -> tuple[Path, Path, Path]:
    """The 18 provincial and 148 district returns (cached), and an alternative province file."""
    from xladdin.compile import compile_file
    from xladdin.returned.prepare import prepare_file
    from xladdin.review.sample import compiled_province_fill, write_compiled_provinces
    from xladdin.templates.builder import build

    prov_dir, dist_dir, alt_dir = CACHE / "provinces", CACHE / "districts", CACHE / "alt"
    if len(list(prov_dir.glob("*-return.xlsx"))) < 18:
        t = time.perf_counter()
        write_compiled_provinces(prov_dir)
        print(
            f"(generated 18 provincial returns in {time.perf_counter() - t:.0f} s)", file=sys.stderr
        )
    if not list(alt_dir.glob("*-return.xlsx")):
        alt_dir.mkdir(parents=True, exist_ok=True)
        fill, years = compiled_province_fill("05")
        fill.blocks["benchmark"] = fill.blocks["benchmark"] * 1.05  # a corrected benchmark
        target = alt_dir / "province-05.xlsx"
        build("province-gdp", target, years=years, fill=fill)
        compile_file(target, backup=False)
        prepare_file(
            target, out=alt_dir / "province-05-return.xlsx", compiler="office 05 (revised)"
        )
    if len(list(dist_dir.glob("*-return.xlsx"))) < N_DISTRICTS:
        t = time.perf_counter()
        work = dist_dir / "compiled"
        work.mkdir(parents=True, exist_ok=True)
        for k, (p, d) in enumerate(_district_codes()):
            out = dist_dir / f"district-{d}-return.xlsx"
            if out.exists():
                continue
            fill, years = _district_fill(p, d, k)
            target = work / f"district-{d}.xlsx"
            build("district-growth", target, years=years, fill=fill)
            compile_file(target, backup=False)
            prepare_file(target, out=out, compiler=f"district office {d}")
        print(
            f"(generated {N_DISTRICTS} district returns in {time.perf_counter() - t:.0f} s)",
            file=sys.stderr,
        )
    return prov_dir, dist_dir, alt_dir


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _timed(fn, *args, **kwargs):
    """(result, wall seconds, CPU seconds of this process and its finished children)."""
    c, t = _cpu(), time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t, _cpu() - c


def _national_csv(prov_dir: Path, work: Path) -> Path:
    """Illustrative national totals: the provincial sum plus 1.5 %."""
    r = consolidate([prov_dir], None)
    rows = []
    for basis, df in (("current", r.tables.sum_current), ("constant", r.tables.sum_constant)):
        s = (df * 1.015).stack()
        s.index.names = ["industry", "year"]
        rows.append(s.rename(basis))
    path = work / "national.csv"
    pd.concat(rows, axis=1).reset_index().to_csv(path, index=False)
    return path


def _read_calamine(files: list[Path]) -> int:
    from python_calamine import CalamineWorkbook

    n = 0
    for f in files:
        wb = CalamineWorkbook.from_path(str(f))
        for name in wb.sheet_names:
            n += sum(len(row) for row in wb.get_sheet_by_name(name).to_python())
    return n


def _read_openpyxl(files: list[Path]) -> int:
    from openpyxl import load_workbook

    n = 0
    for f in files:
        wb = load_workbook(f, read_only=True, data_only=True)
        for ws in wb.worksheets:
            n += sum(len(row) for row in ws.iter_rows(values_only=True))
        wb.close()
    return n


def _read_xladdin(files: list[Path]) -> int:
    from xladdin.workbook.xlsx_reader import open_xlsx

    n = 0
    for f in files:
        view = open_xlsx(f)
        for name in view.sheet_names():
            ref = view.used_range(name)
            if ref:
                n += sum(len(row) for row in view.values(name, ref))
    return n


ROUNDS = 3
"""Rounds of the register-changing steps (each round from a fresh folder)."""


def main(workers: int | None = 1) -> None:
    """Print the benchmark tables. ``workers=1`` (default) measures one process, so CPU time
    is comparable across machines; ``--workers N`` on the command line uses N processes."""
    prov_dir, dist_dir, alt_dir = generate()
    work = Path(tempfile.mkdtemp(prefix="xladdin-bench-review-"))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _harness import Timing, interleaved, ratio

    try:
        national = _national_csv(prov_dir, work)
        opts = Options(workers=workers)
        # The steps change the register (cold, then unchanged, then one file changed): each
        # round runs them in order in a fresh folder, and each step's time is the median of
        # the rounds (3: the sequence is the unit that repeats).
        walls: dict[str, list[float]] = {}
        cpus: dict[str, list[float]] = {}
        read: dict[str, int] = {}
        for k in range(ROUNDS):
            here = work / f"round{k}"
            inputs = here / "inputs"
            shutil.copytree(prov_dir, inputs, ignore=shutil.ignore_patterns("compiled"))
            out = here / "review.xlsx"
            reg = here / "review.register.sqlite"

            def step(name, paths, out_path=None, options=opts, register=None):
                r, wall, cpu = _timed(
                    consolidate,
                    paths,
                    out_path,
                    national=national,
                    register=register,
                    options=options,
                )
                walls.setdefault(name, []).append(wall)
                cpus.setdefault(name, []).append(cpu)
                read[name] = r.stats["read"]

            step(
                "18 provincial returns, cold (inspect, verify, validate, extract, write)",
                [inputs],
                out,
            )
            step("18 provincial returns, all unchanged (register cache)", [inputs], out)
            changed = inputs / "province-05-return.xlsx"
            shutil.copy2(alt_dir / "province-05-return.xlsx", changed)
            os.utime(changed)
            step("18 provincial returns, one changed file", [inputs], out)
            os.utime(changed)
            step("  same again, without writing the review workbook", [inputs], None, register=reg)
            step(
                "18 provincial returns, cold, no validation, no workbook",
                [inputs],
                None,
                Options(workers=workers, validate=False),
                here / "novalidate.sqlite",
            )
            step(f"{N_DISTRICTS} district returns, cold", [dist_dir], here / "districts.xlsx")
            step(
                f"{N_DISTRICTS} district returns, all unchanged",
                [dist_dir],
                here / "districts.xlsx",
            )
        rows = [
            (name, read[name], Timing(tuple(walls[name])), Timing(tuple(cpus[name])))
            for name in walls
        ]

        files = sorted(inputs.glob("*.xlsx"))

        cells = {
            "python-calamine": _read_calamine(files),
            "xladdin XlsxView (the headless reader)": _read_xladdin(files),
            "openpyxl (read_only, data_only)": _read_openpyxl(files),
        }
        t = interleaved(
            {
                "python-calamine": lambda: _read_calamine(files),
                "xladdin XlsxView (the headless reader)": lambda: _read_xladdin(files),
                "openpyxl (read_only, data_only)": lambda: _read_openpyxl(files),
            },
            repeats=3,
            warmup=0,
        )

        print(f"workers: {workers}; CPUs: {os.cpu_count()}; load average: {os.getloadavg()[0]:.1f}")
        print()
        print(
            f"| step (in-process, each round in order; median of {ROUNDS} rounds) | files read "
            "| wall s, median (min–max) | CPU s, median (min–max) |"
        )
        print("|---|---:|---:|---:|")
        for name, n, wall, cpu in rows:
            print(f"| {name} | {n} | {wall.fmt()} | {cpu.fmt()} |")
        print()
        base = t["openpyxl (read_only, data_only)"]
        print(
            "| read every sheet of the 18 provincial returns (in-process, 3 alternated rounds) "
            "| cells | wall s, median (min–max) | vs openpyxl |"
        )
        print("|---|---:|---:|---:|")
        for name, timing in t.items():
            print(f"| {name} | {cells[name]} | {timing.fmt()} | {ratio(timing, base)} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[sys.argv.index("--workers") + 1]) if "--workers" in sys.argv else 1)
