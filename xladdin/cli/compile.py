"""``xladdin compile BOOK [--no-backup] [--json]``: compile a template workbook in place.

Exit codes: 0 clean (warnings allowed), 1 errors found, 2 unreadable or refused.
"""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["print_summary", "register"]


def print_summary(summary: dict) -> None:
    """Print a compile summary (GDP, growth, structure of the latest year), English and Lao."""
    if not summary:
        return
    if summary.get("template") != "province-gdp":
        for k, v in summary.items():
            print(f"  {k}: {v}")
        return
    from xladdin.templates.data import industries, term

    names = dict(zip(industries()["code"], industries()["name_en"], strict=False))

    def lo(*keys: str) -> str:
        return " ".join(term(k).lo for k in keys)

    unit = summary.get("unit") or ""
    base = summary.get("base_year")
    print(
        f"Province {summary.get('province_code')}, base year {base}, "
        f"latest year {summary.get('latest_year')}"
    )
    print(
        f"  GDP at current prices    {_f(summary.get('gdp_current'))} {unit}"
        f"   ({lo('gdp', 'current_prices')})"
    )
    print(
        f"  GDP at {base} prices       {_f(summary.get('gdp_constant'))} {unit}"
        f"   ({lo('gdp', 'constant_prices')})"
    )
    print(
        f"  real GDP growth          {_f(summary.get('gdp_growth_pct'), 2)} %"
        f"   ({lo('growth_rate')})"
    )
    s = summary.get("structure_pct") or {}
    print(f"  structure, % of GDP      ({lo('structure')})")
    for code, v in s.items():
        print(f"    {names.get(code, code):<28} {_f(v, 1):>6} %")
    print(
        f"  GDP per capita           {_f(summary.get('gdp_per_capita_kip'), 0)} kip = "
        f"{_f(summary.get('gdp_per_capita_usd'), 0)} USD   ({lo('per_capita')})"
    )


def _f(value, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _run(args: argparse.Namespace) -> int:
    from xladdin.compile import compile_file
    from xladdin.errors import WorkbookError

    try:
        result = compile_file(args.book, backup=not args.no_backup)
    except (OSError, WorkbookError) as exc:  # e.g. the file is open in Excel on Windows
        print(f"xladdin compile: cannot compile {args.book}: {exc}", file=sys.stderr)
        return 2
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
    p.add_argument("--no-backup", action="store_true", help="do not keep the backup copy BOOK.xlsx.bak")
    p.add_argument("--json", action="store_true", help="print the findings and summary as JSON")
    p.set_defaults(func=_run)
