"""The self-test workbook: GDP_ calls with expected values from published sources.

``xladdin addin selftest -o dist/xladdin-selftest.xlsx`` writes one sheet, ``SelfTest``. Each
case is a block of rows: inputs, the GDP_ formula (an array formula, entered with
Ctrl+Shift+Enter semantics so it works in Excel 2013-2019 and 365), the expected value with
its source, a tolerance and a check cell ``=IFERROR(ABS(actual-expected)<=tol, FALSE)``.
Cell B3 counts the TRUE checks and B4 says whether all of them passed.

In Excel with the add-in every check shows TRUE. Without the add-in (or in LibreOffice) the
GDP_ cells show ``#NAME?`` and the checks FALSE -- expected. The same cases are evaluated in
Python by the tests (:func:`evaluate_in_python`), so a wrong expected value is caught on Linux.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"
DATA = Path(__file__).resolve().parent / "src" / "selftest"
DEFAULT_OUTPUT = Path("dist") / "xladdin-selftest.xlsx"
# A copy ships inside the package, where the ribbon's Self-test button finds it
# (xladdin.ribbon.actions.selftest_candidates). Regenerate after changing the cases:
#     xladdin addin selftest -o xladdin/addin/xladdin-selftest.xlsx
PACKAGED = Path(__file__).resolve().parent / "xladdin-selftest.xlsx"
SHEET = "SelfTest"
COL_ACTUAL, COL_EXPECTED, COL_TOL, COL_CHECK, COL_SOURCE = "H", "I", "J", "K", "L"
INPUT_COLS = "BCDEF"
FIRST_BLOCK_ROW = 7


@dataclass
class Case:
    """One GDP_ call: inputs (columns of numbers), the call, the expected results."""

    title: str
    function: str
    inputs: list[tuple[str, list[float | None]]]  # (header, column values)
    call: Callable[[dict[str, str]], str]  # input ranges by header -> formula arguments
    expected: list[float | None]
    tolerance: float
    source: str
    python_args: Callable[[dict[str, Any]], tuple] = field(repr=False, default=lambda c: ())


def _read_reference(name: str) -> list[dict[str, str]]:
    for folder in (DATA, REFERENCE):
        path = folder / name
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as fh:
                return list(csv.DictReader(fh))
    raise FileNotFoundError(f"reference data {name} not found in {DATA} or {REFERENCE}")


def _col(values: list[float | None]) -> tuple:
    return tuple((v,) for v in values)


def cases() -> list[Case]:
    """The self-test cases, each with its published source."""
    denton = _read_reference("denton_1971_stata.csv")
    kix = _read_reference("kix_annual_overlap_aggregation.csv")
    lao = _read_reference("published_lao_figures.csv")

    def lao_value(item: str) -> float:
        for r in lao:
            if r["province"] == "Salavan" and r["period"] == "2022" and r["item"] == item:
                return float(r["value"])
        raise KeyError(item)

    indicator = [float(r["indicator"]) for r in denton]
    benchmarks: list[float | None] = [500.0, 400.0, 300.0, 400.0, 500.0]
    sectors = [lao_value(f"{s} value") for s in ("agriculture", "services", "industry")]
    shares = [lao_value(f"{s} share") for s in ("agriculture", "services", "industry")]
    salavan_src = "Salavan 2022, Royal Thai Consulate-General Savannakhet, 11 Apr 2023"
    return [
        Case(
            "Denton benchmarking (Denton 1971 example)",
            "GDP_DENTON",
            [("indicator", indicator), ("benchmarks", benchmarks)],
            lambda r: f"{r['indicator']},{r['benchmarks']}",
            [float(r["expected"]) for r in denton],
            1e-4,
            "Denton (1971) example, Stata result via statsmodels test_denton_quarterly2",
            lambda c: (_col(indicator), _col(benchmarks)),
        ),
        Case(
            "Growth of the Denton (1971) annual benchmarks, percent",
            "GDP_GROWTH",
            [("annual", benchmarks)],
            lambda r: r["annual"],
            [None, -20.0, -25.0, 100.0 / 3.0, 25.0],
            1e-6,
            "Denton (1971) benchmarks 500,400,300,400,500; growth = (x/x(-1) - 1) x 100",
            lambda c: (_col(benchmarks),),
        ),
        Case(
            "Sector shares of GDP, Salavan 2022, percent",
            "GDP_SHARE",
            [("sector value", sectors)],
            lambda r: r["sector value"],
            shares,
            0.02,
            f"{salavan_src} (shares published to 2 decimals)",
            lambda c: (_col(sectors),),
        ),
        Case(
            "GDP from sector values, Salavan 2022, billion kip",
            "GDP_GDP",
            [("agriculture", sectors[:1]), ("services", sectors[1:2]), ("industry", sectors[2:])],
            lambda r: f"{r['agriculture'].split(':')[0]}:{r['industry'].split(':')[-1]}",
            [lao_value("GDP")],
            0.5,
            f"{salavan_src} (values published in whole billion kip)",
            lambda c: ((tuple(sectors),),),
        ),
        Case(
            "Value added = output - intermediate consumption",
            "GDP_GVA",
            [("output", [150.0, 100.0]), ("intermediate", [60.0, 40.0])],
            lambda r: f"{r['output']},{r['intermediate']}",
            [90.0, 60.0],
            1e-9,
            "Definition (2008 SNA 6.222): no published Lao output/IC pair is available",
            lambda c: (_col([150.0, 100.0]), _col([60.0, 40.0])),
        ),
        Case(
            "Annual-overlap chain-linked aggregate, reference year 2005 (KIX)",
            "GDP_CHAIN_SUM",
            [
                ("A", [float(r["A"]) for r in kix]),
                ("B", [float(r["B"]) for r in kix]),
                ("wA", [float(r["wA"]) for r in kix]),
                ("wB", [float(r["wB"]) for r in kix]),
            ],
            lambda r: (
                f"{r['A'].split(':')[0]}:{r['B'].split(':')[-1]},"
                f"{r['wA'].split(':')[0]}:{r['wB'].split(':')[-1]},2004,2005,4"
            ),
            [float(r["result_2005eq100"]) for r in kix],
            0.006,
            "Deutsche Bundesbank, KIX 2.0 Method of calculation (2019), published to 2 decimals",
            lambda c: (
                tuple((float(r["A"]), float(r["B"])) for r in kix),
                tuple((float(r["wA"]), float(r["wB"])) for r in kix),
                2004.0,
                2005.0,
                4.0,
            ),
        ),
    ]


def write_selftest(output: str | Path = DEFAULT_OUTPUT) -> Path:
    """Write the self-test workbook and return its path."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.formula import ArrayFormula

    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    bold = Font(bold=True)
    ws["A1"] = (
        "xladdin self-test: every check in column K must show TRUE (needs the xladdin add-in)"
    )
    ws["A1"].font = bold
    ws["A2"] = (
        "Without the add-in (or in LibreOffice) the GDP_ cells show #NAME? and the checks FALSE."
    )
    row = FIRST_BLOCK_ROW
    check_cells: list[str] = []
    for case in cases():
        ws[f"A{row}"] = f"{case.function}: {case.title}"
        ws[f"A{row}"].font = bold
        row += 1
        headers = ["period", *[h for h, _ in case.inputs]]
        for i, h in enumerate(headers):
            ws[f"{'A' + INPUT_COLS}"[i] + str(row)] = h
        for col, h in zip(
            (COL_ACTUAL, COL_EXPECTED, COL_TOL, COL_CHECK, COL_SOURCE),
            ("actual", "expected", "tolerance", "check", "source"),
            strict=True,
        ):
            ws[f"{col}{row}"] = h
        row += 1
        first = row
        n_out = len(case.expected)
        n_rows = max(n_out, *(len(v) for _, v in case.inputs))
        ranges = {}
        for j, (header, values) in enumerate(case.inputs):
            col = INPUT_COLS[j]
            for k, v in enumerate(values):
                ws[f"{col}{first + k}"] = v
            ranges[header] = f"{col}{first}:{col}{first + len(values) - 1}"
        for k in range(n_rows):
            ws[f"A{first + k}"] = k + 1
        formula = f"={case.function}({case.call(ranges)})"
        target = f"{COL_ACTUAL}{first}:{COL_ACTUAL}{first + n_out - 1}"
        ws[f"{COL_ACTUAL}{first}"] = ArrayFormula(target, formula)
        for k, exp in enumerate(case.expected):
            r = first + k
            if exp is None:
                continue
            ws[f"{COL_EXPECTED}{r}"] = exp
            ws[f"{COL_TOL}{r}"] = case.tolerance
            ws[f"{COL_CHECK}{r}"] = (
                f"=IFERROR(ABS({COL_ACTUAL}{r}-{COL_EXPECTED}{r})<={COL_TOL}{r},FALSE)"
            )
            check_cells.append(f"{COL_CHECK}{r}")
        ws[f"{COL_SOURCE}{first}"] = case.source
        row = first + n_rows + 1
    ws["A3"] = "checks TRUE"
    ws["B3"] = f"=COUNTIF({COL_CHECK}{FIRST_BLOCK_ROW}:{COL_CHECK}{row},TRUE)"
    ws["C3"] = f"of {len(check_cells)}"
    ws["A4"] = "ALL PASS"
    ws["B4"] = f"=B3={len(check_cells)}"
    ws["A4"].font = bold
    ws["B4"].font = bold
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions[COL_SOURCE].width = 60
    wb.properties.title = "xladdin self-test"
    from xladdin.workbook.atomic import atomic_write

    atomic_write(out, wb.save, backup=False)
    return out


def cell_contents(path: str | Path) -> dict[str, object]:
    """Every non-empty cell of the self-test sheet: value, formula text or array formula."""
    from openpyxl import load_workbook

    ws = load_workbook(path)[SHEET]
    out: dict[str, object] = {}
    for row in ws.iter_rows():
        for cell in row:
            v = cell.value
            if v is None:
                continue
            if hasattr(v, "text") and hasattr(v, "ref"):  # ArrayFormula
                v = ("array", v.ref, v.text)
            out[cell.coordinate] = v
    return out


def evaluate_in_python(functions: dict[str, Callable[..., Any]] | None = None) -> list[str]:
    """Run every case through the Python UDFs; return the failures (empty when all pass)."""
    if functions is None:
        import udfs

        functions = udfs.FUNCTIONS
    failures = []
    for case in cases():
        func = functions.get(case.function)
        if func is None:
            failures.append(f"{case.function}: no such function")
            continue
        result = func(*case.python_args(case))
        if not isinstance(result, list | tuple):
            result = [[result]]
        flat = [row[0] if isinstance(row, list | tuple) else row for row in result]
        for k, exp in enumerate(case.expected):
            if exp is None:
                continue
            got = flat[k] if k < len(flat) else None
            if not isinstance(got, int | float) or abs(got - exp) > case.tolerance:
                failures.append(f"{case.function} row {k + 1}: got {got!r}, expected {exp}")
    return failures
