"""Benchmark: reading a provincial-size workbook with xladdin's headless reader, compared with
what one would use instead -- openpyxl (read-only and full) and python-calamine -- alternated in
one run (in-process, imports done; medians with min–max), plus the headless patcher.

The workbook: 20 sheets x (25 rows x 10 columns) = 5,000 filled cells (numbers, text with shared
strings, one formula column), written by openpyxl. Run: ``python bench/bench_workbook.py``.
Prints a markdown table: median (min–max) milliseconds and the ratio to xladdin reading every
sheet.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

SHEETS, ROWS, COLS = 20, 25, 10


def make_workbook(path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for s in range(SHEETS):
        ws = wb.create_sheet(f"Province{s + 1:02d}")
        ws.append(["Sector"] + [f"Y{2015 + c}" for c in range(COLS - 2)] + ["Total"])
        for r in range(2, ROWS + 1):
            ws.append(
                [f"Sector {r} ລາວ"]
                + [r * 100.5 + c for c in range(COLS - 2)]
                + [f"=SUM(B{r}:I{r})"]
            )
    wb.save(path)


def run(repeat: int = 9) -> dict:
    import openpyxl
    from python_calamine import CalamineWorkbook

    from xladdin.workbook.model import Patch
    from xladdin.workbook.xlsx_patch import apply_patch
    from xladdin.workbook.xlsx_reader import open_xlsx

    folder = Path(tempfile.mkdtemp(prefix="xladdin-bench-"))
    path = folder / "provincial_20_sheets.xlsx"
    make_workbook(path)

    def xladdin_all() -> int:
        view = open_xlsx(path)
        n = 0
        for sheet in view.sheet_names():
            used = view.used_range(sheet)
            n += sum(len(r) for r in view.values(sheet, used))
            view.formulas(sheet, used)
        return n

    def xladdin_one() -> object:
        view = open_xlsx(path)
        return view.values("Province07", "A1:J25")

    def xladdin_open() -> object:
        return open_xlsx(path).sheet_names()

    def openpyxl_ro() -> int:
        wb = openpyxl.load_workbook(path, read_only=True)
        n = sum(1 for ws in wb.worksheets for _row in ws.iter_rows(values_only=True))
        wb.close()
        return n

    def openpyxl_full() -> int:
        wb = openpyxl.load_workbook(path)
        return sum(1 for ws in wb.worksheets for _row in ws.iter_rows(values_only=True))

    def calamine() -> int:
        wb = CalamineWorkbook.from_path(str(path))
        return sum(len(wb.get_sheet_by_name(n).to_python()) for n in wb.sheet_names)

    patch = Patch().set_block("Province05", "L2", [[float(i), f"note {i}"] for i in range(10)])

    def patch_one_sheet() -> object:
        return apply_patch(path, patch, out=folder / "patched.xlsx", backup=False)

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _harness import interleaved

    t = interleaved(
        {
            "xladdin open_xlsx: open only (sheet list, names)": xladdin_open,
            "xladdin open_xlsx: one sheet's values": xladdin_one,
            "xladdin open_xlsx: all 20 sheets, values + formulas": xladdin_all,
            "python-calamine: all 20 sheets, values": calamine,
            "openpyxl load_workbook(read_only=True): all values": openpyxl_ro,
            "openpyxl load_workbook(): all values": openpyxl_full,
            "xladdin apply_patch: 20 cells on one sheet (atomic save)": patch_one_sheet,
        },
        repeats=repeat,
    )
    return t


def main() -> None:
    t = run()
    ref = t["xladdin open_xlsx: all 20 sheets, values + formulas"]
    print(
        f"Workbook: {SHEETS} sheets x {ROWS} rows x {COLS} columns = {SHEETS * ROWS * COLS:,} "
        "filled cells; in-process, alternated rounds\n"
    )
    print("| task | ms, median (min–max) | × xladdin (all sheets) |")
    print("|---|---:|---:|")
    for name, timing in t.items():
        print(f"| {name} | {timing.fmt('ms')} | {timing.median / ref.median:.2f} |")


if __name__ == "__main__":
    main()
