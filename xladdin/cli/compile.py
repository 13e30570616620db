"""``xladdin compile BOOK [--no-backup] [--json]``: compile a template workbook in place.

Exit codes: 0 clean (warnings allowed), 1 errors found, 2 unreadable or refused.
"""

from __future__ import annotations

import argparse
import json

__all__ = ["print_summary", "register"]


def print_summary(summary: dict) -> None:
    """Print a compile summary (GDP, growth, structure of the latest year) for the terminal."""
    if not summary:
        return
    if summary.get("template") == "province-gdp":
        unit = summary.get("unit") or ""
        y = summary.get("latest_year")
        print(
            f"Province {summary.get('province_code')}, base year {summary.get('base_year')}, "
            f"latest year {y}"
        )
        print(f"  GDP at current prices   {_f(summary.get('gdp_current'))} {unit}")
        print(
            f"  GDP at constant prices  {_f(summary.get('gdp_constant'))} {unit} "
            f"({summary.get('base_year')} prices)"
        )
        print(f"  real GDP growth         {_f(summary.get('gdp_growth_pct'), 2)} %")
        s = summary.get("structure_pct") or {}
        print("  structure (% of GDP)    " + ", ".join(f"{k} {_f(v, 1)}" for k, v in s.items()))
        print(
            f"  GDP per capita          {_f(summary.get('gdp_per_capita_kip'), 0)} kip = "
            f"{_f(summary.get('gdp_per_capita_usd'), 0)} USD"
        )
    else:
        for k, v in summary.items():
            print(f"  {k}: {v}")


def _f(value, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _run(args: argparse.Namespace) -> int:
    from xladdin.compile import compile_file

    result = compile_file(args.book, backup=not args.no_backup)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        if result.written:
            print(f"compiled: {result.written}")
        print_summary(result.summary)
        print(result.report.to_text())
    return result.exit_code


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``compile``."""
    p = sub.add_parser("compile", help="compile a template workbook in place (outputs + Checks)")
    p.add_argument(
        "book", help="the .xlsx workbook (province-gdp, district-growth, sez-enterprise)"
    )
    p.add_argument("--no-backup", action="store_true", help="do not keep BOOK.bak")
    p.add_argument("--json", action="store_true", help="print the findings and summary as JSON")
    p.set_defaults(func=_run)
