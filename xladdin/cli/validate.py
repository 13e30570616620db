"""``xladdin validate BOOK``: run every validation rule on a workbook, headless.

Prints the findings table (``--lang en|lo|both``) or, with ``--json``, exactly
``Report.to_json()`` of :func:`xladdin.validate.validate_file`. Exit code 0 clean (warnings
allowed), 1 errors found, 2 file unreadable or refused (or a bad ``--config``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``validate`` sub-command."""
    from xladdin.cli.common import add_lang

    p = sub.add_parser(
        "validate",
        help="check a workbook: identities, plausibility, data problems (no Excel needed)",
        description="Validate an .xlsx/.xlsm workbook (an xladdin template or any workbook) and "
        "print its findings. Exit code 0 clean, 1 errors found, 2 unreadable or refused.",
    )
    p.add_argument("book", metavar="BOOK", help="the workbook (.xlsx or .xlsm)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    add_lang(p)
    p.add_argument(
        "--config",
        metavar="FILE",
        help="validation settings (JSON or TOML): growth_band, deflator_growth_band, "
        "ratio_jump, identity_abs_tol, national_growth, ...",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from xladdin.cli.common import error_words, refused_line, usage_error
    from xladdin.validate import load_config, validate_file

    try:
        config = load_config(args.config) if args.config else None
    except (OSError, ValueError) as exc:
        why = error_words(exc, "config_invalid")
        why["reason"] = why["reason"].removeprefix(f"{Path(args.config).name}: ")
        fields = {"command": "validate", "option": "--config", "path": args.config}
        usage_error("option_unusable", args.lang, **fields, **why)
        return 2
    report = validate_file(args.book, config=config)
    if args.json:
        print(report.to_json())
    else:
        print(report.to_text(lang=args.lang))
    line = refused_line("validate", args.book, report, args.lang)
    if line:
        print(line, file=sys.stderr)
    return report.exit_code
