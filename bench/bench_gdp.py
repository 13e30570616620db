"""Benchmark the calculation core's temporal and regional methods.

Usage::

    python bench/bench_gdp.py           # full run (about 2 minutes: the tempdisagg package is slow)
    python bench/bench_gdp.py --quick   # skip the slow reference runs (n >= 1,000 in tempdisagg)
    # national Chow-Lin job, this chowlin.py against an older one, alternating in one process:
    git show ab955ad:xladdin/gdp/chowlin.py > /tmp/chowlin_before.py
    python bench/bench_gdp.py --chow-lin-before /tmp/chowlin_before.py

Prints markdown tables: proportional Denton against statsmodels' ``dentonm`` and Chow-Lin /
Fernández against the ``tempdisagg`` package on the same data in the same run (ratios and the
largest absolute difference where the methods are the same), then a whole national job
(18 provinces x 21 industries x 160 quarters). Times are medians of repeats
(``time.perf_counter``). statsmodels and tempdisagg are optional (``pip install -e .[bench]``);
missing ones are reported as such.
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))

from xladdin.gdp.chowlin import chow_lin
from xladdin.gdp.denton import denton
from xladdin.gdp.regional import rake

SIZES = (40, 160, 1000, 4000)
K = 4


def _data(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A positive quarterly indicator and annual benchmarks (sums plus noise)."""
    rng = np.random.default_rng(seed)
    ind = 100.0 * np.exp(np.cumsum(rng.normal(0.004, 0.03, n)))
    bench = ind.reshape(-1, K).sum(1) * np.exp(rng.normal(0.02, 0.03, n // K))
    return ind, bench


def _import(name: str) -> Any:
    try:
        return __import__(name, fromlist=["_"])
    except ImportError:
        return None


def _plain_sparse_denton(ind: np.ndarray, bench: np.ndarray) -> np.ndarray:
    """What a user would write with scipy.sparse: proportional first-difference Denton (Cholette,
    no pre-sample value) as one sparse KKT system solved by ``spsolve``."""
    from scipy import sparse
    from scipy.sparse.linalg import spsolve

    n, m = len(ind), len(bench)
    d = sparse.diags([-np.ones(n - 1), np.ones(n - 1)], [0, 1], shape=(n - 1, n))
    dd = (d.T @ d).tocsc()
    c = sparse.kron(sparse.eye(m), np.ones((1, K)))
    a = c @ sparse.diags(ind)
    kkt = sparse.bmat([[dd, a.T], [a, None]], format="csc")
    rhs = np.concatenate([dd @ np.ones(n), bench])
    r = spsolve(kkt, rhs)[:n]
    return ind * r


def bench_denton(quick: bool) -> list[str]:
    """Proportional Denton at the lengths users have (40 and 160 quarters: 10 and 40 years)
    and beyond, xladdin vs statsmodels ``dentonm`` vs a plain sparse solve, interleaved."""
    from _harness import interleaved, ratio

    sm = _import("statsmodels.tsa.interp.denton")
    lines = [
        "| n quarters | xladdin denton, ms median (min–max) | statsmodels dentonm, ms | plain scipy.sparse solve, ms | dentonm / xladdin | sparse / xladdin | max rel diff |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in SIZES:
        ind, bench = _data(n)
        cases = {
            "xladdin": lambda ind=ind, bench=bench: denton(ind, bench),
            "sparse": lambda ind=ind, bench=bench: _plain_sparse_denton(ind, bench),
        }
        run_sm = sm is not None and not (quick and n > 1000)
        if run_sm:
            cases["dentonm"] = lambda ind=ind, bench=bench: sm.dentonm(ind, bench, freq="aq")
        reps = 9 if n <= 1000 else 3
        t = interleaved(cases, repeats=reps if not (run_sm and n > 1000) else 3)
        ours = denton(ind, bench)
        diff = None
        if run_sm:
            ref = sm.dentonm(ind, bench, freq="aq")
            diff = float(np.max(np.abs(ours - ref)) / np.max(np.abs(ref)))
        sm_cell = t["dentonm"].fmt("ms") if run_sm else "n/a"
        sm_ratio = ratio(t["dentonm"], t["xladdin"]) if run_sm else "n/a"
        lines.append(
            f"| {n:,} | {t['xladdin'].fmt('ms')} | {sm_cell} | {t['sparse'].fmt('ms')} | "
            f"{sm_ratio} | {ratio(t['sparse'], t['xladdin'])} | "
            f"{'n/a' if diff is None else f'{diff:.1e}'} |"
        )
    return lines


def bench_chow_lin(quick: bool) -> list[str]:
    """Chow-Lin (rho by maximum likelihood) and Fernández, xladdin vs the ``tempdisagg``
    package, alternated in one run (medians with min–max)."""
    from _harness import interleaved, ratio

    handler = _import("tempdisagg.model.models_handler")
    lines = [
        "| n quarters | method | xladdin, ms median (min–max) | tempdisagg pkg, ms median (min–max) | package / xladdin | note |",
        "|---:|---|---:|---:|---:|---|",
    ]
    for n in SIZES:
        ind, bench = _data(n, seed=1)
        cmat = np.kron(np.eye(n // K), np.ones((1, K)))
        mh = handler.ModelsHandler() if handler is not None else None
        run_ref = mh is not None and (n <= 400 or (n <= 1000 and not quick))
        reps = 7 if n <= 160 else 3
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Chow-Lin, rho by maximum likelihood (no intercept: the package has none)
            cases = {
                "xladdin": lambda ind=ind, bench=bench: chow_lin(
                    bench, ind, intercept=False, min_rho=None
                )
            }
            if run_ref:
                cases["ref"] = lambda mh=mh, b=bench, x=ind, c=cmat: mh.chow_lin_opt_estimation(
                    b, x, c
                )
            t = interleaved(cases, repeats=reps)
            ours = chow_lin(bench, ind, intercept=False, min_rho=None)
            note = "n/a"
            if run_ref:
                ref_rho = float(mh.chow_lin_opt_estimation(bench, ind, cmat)["rho"])
                note = f"rho {ours.rho:.3f} vs {ref_rho:.3f}*"
            lines.append(
                f"| {n:,} | chow-lin-maxlog | {t['xladdin'].fmt('ms')} | "
                f"{t['ref'].fmt('ms') if run_ref else 'n/a'} | "
                f"{ratio(t['ref'], t['xladdin']) if run_ref else 'n/a'} | {note} |"
            )
            # Fernández (same method in both): series must agree
            run_f = mh is not None and n <= 1000
            cases = {
                "xladdin": lambda ind=ind, bench=bench: chow_lin(
                    bench, ind, method="fernandez", intercept=False
                )
            }
            if run_f:
                cases["ref"] = lambda mh=mh, b=bench, x=ind, c=cmat: mh.fernandez_estimation(
                    b, x, c
                )
            t = interleaved(cases, repeats=reps)
            note = "n/a"
            if run_f:
                ours_f = chow_lin(bench, ind, method="fernandez", intercept=False)
                ref_y = mh.fernandez_estimation(bench, ind, cmat)["y_hat"].ravel()
                diff = float(np.max(np.abs(ours_f.series - ref_y)) / np.max(np.abs(ref_y)))
                note = f"max rel diff {diff:.1e}"
            lines.append(
                f"| {n:,} | fernandez | {t['xladdin'].fmt('ms')} | "
                f"{t['ref'].fmt('ms') if run_f else 'n/a'} | "
                f"{ratio(t['ref'], t['xladdin']) if run_f else 'n/a'} | {note} |"
            )
    return lines


def _national_data(
    provinces: int = 18, industries: int = 21, quarters: int = 160
) -> tuple[np.ndarray, np.ndarray]:
    """Quarterly indicators (provinces, industries, quarters) and their annual benchmarks."""
    rng = np.random.default_rng(5)
    ind = 50.0 * np.exp(
        np.cumsum(rng.normal(0.005, 0.03, (provinces, industries, quarters)), axis=2)
    )
    annual = ind.reshape(provinces, industries, -1, K).sum(3) * np.exp(
        rng.normal(0.02, 0.03, (provinces, industries, quarters // K))
    )
    return ind, annual


def bench_chow_lin_before(path: str, repeats: int = 5) -> list[str]:
    """The national Chow-Lin job with this chowlin.py and with the one at ``path``.

    Runs alternate (before, after, before, ...) in one process so both see the same load;
    reports medians, and how many series get a different rho (and a higher likelihood).
    """
    import importlib.util

    spec = importlib.util.spec_from_file_location("_chowlin_before", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    before = importlib.util.module_from_spec(spec)
    sys.modules["_chowlin_before"] = before  # dataclasses need the module registered
    spec.loader.exec_module(before)
    ind, annual = _national_data()
    pairs = [(annual[p, i], ind[p, i]) for p in range(ind.shape[0]) for i in range(ind.shape[1])]

    def job(fn: Callable[..., Any]) -> list[Any]:
        return [fn(b, x) for b, x in pairs]

    times: dict[str, list[float]] = {"before": [], "after": []}
    results: dict[str, list[Any]] = {}
    for _ in range(repeats):
        for name, fn in (("before", before.chow_lin), ("after", chow_lin)):
            start = time.perf_counter()
            results[name] = job(fn)
            times[name].append(time.perf_counter() - start)
    t_before, t_after = (statistics.median(times[k]) for k in ("before", "after"))
    moved = sum(
        abs(a.rho - b.rho) > 1e-6 for a, b in zip(results["after"], results["before"], strict=True)
    )
    return [
        f"| Chow-Lin maxlog, {len(pairs)} series (median of {repeats}) | seconds |",
        "|---|---:|",
        f"| before ({path}) | {t_before:.3f} |",
        f"| after (this checkout) | {t_after:.3f} |",
        f"| speed-up | {t_before / t_after:.2f}x |",
        f"| series whose rho moved by more than 1e-6 | {moved} |",
    ]


def bench_national_job() -> list[str]:
    """18 provinces x 21 industries x 160 quarters: benchmark, disaggregate, rake."""
    provinces, industries, quarters = 18, 21, 160
    ind, annual = _national_data(provinces, industries, quarters)

    def run_denton() -> np.ndarray:
        out = np.empty_like(ind)
        for p in range(provinces):
            for i in range(industries):
                out[p, i] = denton(ind[p, i], annual[p, i])
        return out

    def run_chow_lin() -> None:
        for p in range(provinces):
            for i in range(industries):
                chow_lin(annual[p, i], ind[p, i])

    benchmarked = run_denton()
    national = benchmarked.sum(0) * 1.01  # national quarterly totals 1 % above the provinces

    def run_rake() -> None:
        for i in range(industries):
            rake(benchmarked[:, i, :].T, national[i])  # rows = quarters, columns = provinces

    from _harness import interleaved

    series = provinces * industries
    t = interleaved({"denton": run_denton, "chow_lin": run_chow_lin, "rake": run_rake}, repeats=3)
    return [
        f"| national job: {provinces} provinces x {industries} industries x {quarters} quarters"
        f" ({series} series), in-process | seconds, median (min–max) of 3, alternated |",
        "|---|---:|",
        f"| proportional Denton, every series | {t['denton'].fmt()} |",
        f"| Chow-Lin maxlog, every series "
        f"({t['chow_lin'].median / series * 1e3:.2f} ms per series) | {t['chow_lin'].fmt()} |",
        f"| rake provinces to national, every industry and quarter | {t['rake'].fmt()} |",
        f"| total (Denton + rake), medians | {t['denton'].median + t['rake'].median:.3f} |",
    ]


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark tables; returns 0."""
    args = sys.argv[1:] if argv is None else argv
    if "--chow-lin-before" in args:
        path = args[args.index("--chow-lin-before") + 1]
        print("### National Chow-Lin job: before / after\n")
        print("\n".join(bench_chow_lin_before(path)))
        return 0
    quick = "--quick" in args
    print("### Proportional Denton (first differences, sum) vs statsmodels `dentonm`\n")
    print("\n".join(bench_denton(quick)))
    print(
        "\n### Chow-Lin and Fernández vs the `tempdisagg` package (one indicator, no intercept)\n"
    )
    print("\n".join(bench_chow_lin(quick)))
    print(
        "\n\\* the package's `chow-lin-opt` maximises a different objective (no concentrated"
        " variance, rho bounded to (-0.9, 0.99)), so its rho and series differ by design."
    )
    print("\n### National job\n")
    print("\n".join(bench_national_job()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
