"""``xladdin demo [-o PATH]``: build a provincial GDP workbook from the bundled illustrative
sample (not official figures), compile it, and print its path, a summary and the findings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["register", "run_demo"]

DEFAULT_NAME = "xladdin-demo-province-gdp.xlsx"


def run_demo(path: str | Path | None = None):
    """Build and compile the demo workbook; returns the :class:`CompileResult`."""
    from xladdin.compile import compile_file
    from xladdin.templates.builder import build
    from xladdin.templates.sample import province_fill

    target = Path(path) if path else Path.cwd() / DEFAULT_NAME
    if target.is_dir():
        target = target / DEFAULT_NAME
    fill, years = province_fill()
    build("province-gdp", target, years=years, fill=fill)
    return compile_file(target, backup=False)


def _run(args: argparse.Namespace) -> int:
    from xladdin.cli.compile import print_summary
    from xladdin.errors import WorkbookError
    from xladdin.templates.sample import BANNER

    try:
        result = run_demo(args.output)
    except (OSError, WorkbookError) as exc:  # e.g. the demo file is open in Excel
        print(f"xladdin demo: cannot write the demo workbook: {exc}", file=sys.stderr)
        return 2
    print(f"Demo workbook ({BANNER}): {result.written}")
    print_summary(result.summary)
    print()
    print(result.report.to_text())
    return result.exit_code


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``demo``."""
    p = sub.add_parser(
        "demo", help="build and compile a provincial GDP workbook from illustrative sample data"
    )
    p.add_argument("-o", "--output", help=f"file or folder (default: ./{DEFAULT_NAME})")
    p.set_defaults(func=_run)
