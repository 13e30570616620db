"""Benchmark: compiling the sample province (21 industries x 15 years) against LibreOffice
headless recalculating the same workbook and its formula twin (the same method as native
formulas, what a compiler would build by hand).

Two tables, each alternated in one run (medians with min–max):

- **whole processes**, as a user runs them: ``xladdin compile BOOK`` (start, imports, read,
  compile, validate, patch in place, exit) against ``soffice --headless --convert-to xlsx`` of
  the same workbook and of its formula twin (start, open, recalculate, save, exit; the profile
  made once before timing). This is the fair comparison: a process against a process.
- **in-process** steps of xladdin (no process start): what the ribbon's Compile button costs
  once Excel's Python is running. LibreOffice has no in-process counterpart here.

Run ``python bench/bench_compile.py``. Not a test (no timing asserts).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _harness import PYTHON, command, interleaved, ratio, table  # noqa: E402


def _soffice(soffice: str, src: Path, work: Path) -> list[str]:
    return [
        soffice,
        "--headless",
        "--norestore",
        f"-env:UserInstallation=file://{work / 'lo_profile'}",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(work / "lo_out"),
        str(src),
    ]


def main(repeat: int = 5) -> str:
    from xladdin.compile import compile_file, compile_view
    from xladdin.compile.formula_twin import write_formula_twin
    from xladdin.templates.builder import build
    from xladdin.templates.sample import province_fill
    from xladdin.workbook.xlsx_reader import open_xlsx

    out: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fill, years = province_fill()
        book = build("province-gdp", work / "province.xlsx", years=years, fill=fill)
        compile_file(book, backup=False)  # compiled once: every later run recompiles the same
        size = f"sample province: 21 industries x {len(years)} years"

        # whole processes
        cases = {
            "xladdin compile (a process)": command(
                [PYTHON, "-m", "xladdin", "compile", str(book), "--no-backup"], ok=(0, 1)
            )
        }
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice:
            twin = write_formula_twin(book, work / "twin.xlsx")
            command(_soffice(soffice, book, work))()  # the first start makes the profile
            cases["LibreOffice headless: open, recalculate, save the same workbook"] = command(
                _soffice(soffice, book, work)
            )
            cases["LibreOffice headless: the formula twin (same method, native formulas)"] = (
                command(_soffice(soffice, twin, work))
            )
        t = interleaved(cases, repeats=repeat)
        base = t["xladdin compile (a process)"]
        print(f"Whole processes, {size}; {repeat} alternated rounds after one warm-up.\n")
        rows = [(name, timing.fmt(), ratio(timing, base)) for name, timing in t.items()]
        if not soffice:
            rows.append(("LibreOffice headless", "not installed", "n/a"))
        table(["process", "seconds, median (min–max)", "vs xladdin compile"], rows)
        out += [f"{r[0]}: {r[1]}" for r in rows]

        # in-process
        t = interleaved(
            {
                "compile_view, no validation (in memory)": lambda: compile_view(
                    open_xlsx(book), validate=False
                ),
                "compile_view + validate (in memory)": lambda: compile_view(open_xlsx(book)),
                "compile_file: read + compile + validate + patch in place": lambda: compile_file(
                    book, backup=False
                ),
            },
            repeats=repeat,
        )
        print(f"In-process (imports done), {size}; {repeat} alternated rounds.\n")
        table(["step", "seconds, median (min–max)"], [(n, x.fmt()) for n, x in t.items()])
        out += [f"{n}: {x.fmt()}" for n, x in t.items()]
    return "\n".join(out)


if __name__ == "__main__":
    main()
