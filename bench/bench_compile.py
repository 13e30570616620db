"""Benchmark: compile + validate of the sample province (21 industries x 15 years) against
LibreOffice headless recalculation of the same workbook and of its formula twin (the same method
as native formulas, what a compiler would build by hand), measured in the same run.

Run ``python bench/bench_compile.py``; prints a markdown table. Not a test (no timing asserts).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


def _time(func, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        func()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def _soffice(soffice: str, src: Path, work: Path) -> None:
    out = work / "lo_out"
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{work / 'lo_profile'}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


def main(repeat: int = 5) -> str:
    from xladdin.compile import compile_file, compile_view
    from xladdin.templates.builder import build
    from xladdin.templates.sample import province_fill
    from xladdin.workbook.xlsx_reader import open_xlsx

    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fill, years = province_fill()
        book = build("province-gdp", work / "province.xlsx", years=years, fill=fill)
        compile_file(book, backup=False)  # warm imports
        rows.append(
            (
                "compile_view, no validation (in memory)",
                _time(lambda: compile_view(open_xlsx(book), validate=False), repeat),
            )
        )
        rows.append(
            (
                "compile_view + validate (in memory)",
                _time(lambda: compile_view(open_xlsx(book)), repeat),
            )
        )
        rows.append(
            (
                "compile_file: read + compile + validate + patch in place",
                _time(lambda: compile_file(book, backup=False), repeat),
            )
        )
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice:
            _soffice(soffice, book, work)  # first start creates the profile
            rows.append(
                (
                    "LibreOffice headless: open + recalculate + save same workbook",
                    _time(lambda: _soffice(soffice, book, work), max(1, repeat // 2)),
                )
            )
            from xladdin.compile.formula_twin import write_formula_twin

            twin = write_formula_twin(book, work / "twin.xlsx")
            rows.append(
                (
                    "LibreOffice headless: formula twin (same method as native formulas)",
                    _time(lambda: _soffice(soffice, twin, work), max(1, repeat // 2)),
                )
            )
    base = rows[2][1]
    lines = [
        f"Sample province: 21 industries x {len(years)} years; median of {repeat} runs.",
        "",
        "| step | seconds | vs compile_file |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {sec:.3f} | {sec / base:.2f}x |" for name, sec in rows]
    table = "\n".join(lines)
    print(table)
    return table


if __name__ == "__main__":
    main()
