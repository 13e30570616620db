"""The ``xladdin`` command line: a thin front door over the library.

Each command lives in its own module of this package and exposes ``register(subparsers)``,
which adds its sub-parser and sets ``func`` (taking the parsed args, returning the exit code).
Exit codes: 0 clean, 1 errors found (or a check failed), 2 unreadable/refused file or bad usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from xladdin import __version__

# Order here is the order in --help.
COMMAND_MODULES = [
    "demo",  # xladdin demo           -- the main job on bundled sample data
    "calc",  # xladdin calc ...        -- run one GDP_ calculation on numbers given on the line
    "templates",  # xladdin templates build|list
    "compile",  # xladdin compile BOOK
    "validate",  # xladdin validate BOOK [--json]
    "prepare",  # xladdin prepare BOOK / xladdin verify BOOK
    "review",  # xladdin consolidate ... / xladdin register list
    "addin",  # xladdin addin build|install|verify
    "findings",  # xladdin findings  -- print the catalogue
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xladdin",
        description="GDP compilation for the Lao Statistics Bureau: Excel functions, templates, "
        "compile, validate, prepare for return and central review, without Excel.",
    )
    parser.add_argument("--version", action="version", version=f"xladdin {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"xladdin.cli.{name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    # Lao text on any Windows console: never crash on encoding.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
