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
    from xladdin.cli.common import command_lines, output_problem
    from xladdin.cli.compile import print_summary
    from xladdin.errors import WorkbookError
    from xladdin.findings.words import os_reason_words, say, word

    if args.output and not Path(args.output).is_dir():
        problem = output_problem(args.output, lang=args.lang)
        if problem:  # never create folders the user did not make (a typo in -o)
            print(command_lines("demo", problem, args.lang), file=sys.stderr)
            return 2
    try:
        result = run_demo(args.output)
    except (OSError, WorkbookError) as exc:  # e.g. the demo file is open in Excel
        if isinstance(exc, OSError):
            why = os_reason_words(exc)
        else:  # the save's own reason, in Lao too when it carries one
            said = getattr(exc, "finding_fields", None) or {}
            lo = said.get("reason_lo") or word("cli_detail_in_english", "lo")
            why = {"reason": str(exc), "reason_lo": lo}
        for line in say("cli_demo_not_written", args.lang, path=args.output or "", **why):
            print(line, file=sys.stderr)
        return 2
    for line in say("demo_written", args.lang, path=result.written):
        print(line)
    print_summary(result.summary, args.lang)
    print()
    print(result.report.to_text(lang=args.lang))
    return result.exit_code


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``demo``."""
    from xladdin.cli.common import add_lang

    p = sub.add_parser(
        "demo", help="build and compile a provincial GDP workbook from illustrative sample data"
    )
    p.add_argument("-o", "--output", help=f"file or existing folder (default: ./{DEFAULT_NAME})")
    add_lang(p)
    p.set_defaults(func=_run)
