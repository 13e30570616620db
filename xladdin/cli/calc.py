"""``xladdin calc``: run one GDP_ function on numbers given on the command line.

Examples::

    xladdin calc growth 100 105 110.25
    xladdin calc denton --indicator 50 100 150 100 50 100 150 100 --benchmarks 500 400
    xladdin calc gdp --gva 10,20,30 1,2,3 --taxes 5 1 --subsidies 1 0
    xladdin calc                       # list the functions

The numbers go through the very same GDP_ functions Excel calls (``udfs.FUNCTIONS``), laid out
as Excel would pass them: several numbers are a column (time runs down), a token with commas
is one row of a table, one number is one cell, ``''`` is an empty cell. Leading values belong
to the function's first argument; the others are given as ``--name``. The result is printed
one row per line (cells separated by tabs; empty cells print as nothing). Bad input prints the
``#GDP!`` message and exits with code 2. xlwings is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["NAMES", "function_help", "parse_values", "register", "run"]

#: Function names without the GDP_ prefix, lower case (kept equal to udfs.FUNCTIONS by a test).
NAMES = (
    "gva",
    "gdp",
    "deflate",
    "reflate",
    "deflator",
    "extrapolate",
    "growth",
    "share",
    "contrib",
    "contrib_ao",
    "per_capita",
    "to_usd",
    "chain",
    "chain_sum",
    "rebase",
    "denton",
    "chowlin",
    "allocate",
    "rake",
    "check_sum",
)


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``xladdin calc``."""
    parser = sub.add_parser(
        "calc",
        help="run one GDP_ calculation on numbers given on the command line",
        description="Run one GDP_ Excel function on numbers given on the line, e.g. "
        "'xladdin calc growth 100 105 110.25' or 'xladdin calc denton --indicator 50 100 150 "
        "100 50 100 150 100 --benchmarks 500 400'. Several numbers are a column; a token "
        "with commas is a row of a table ('10,20,30'); '' is an empty cell. "
        f"Functions: {', '.join(NAMES)}.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("function", nargs="?", help="function name, e.g. growth or GDP_GROWTH")
    parser.add_argument(
        "values",
        nargs=argparse.REMAINDER,
        help="values of the first argument, then --name values for the others",
    )
    parser.set_defaults(func=run)


class _BadInputError(Exception):
    """Bad command-line input (exit 2)."""


def _cell(token: str) -> Any:
    text = token.strip()
    if text == "":
        return None
    try:
        return float(text)
    except ValueError:
        return text  # option words; text in a number is reported by the function itself


def parse_values(tokens: list[str]) -> Any:
    """Lay out tokens as Excel passes a range: one cell, a column, or rows of a table."""
    if not tokens:
        raise _BadInputError("no values given")
    if any("," in t for t in tokens):
        rows = [tuple(_cell(c) for c in t.split(",")) for t in tokens]
        if len({len(r) for r in rows}) != 1:
            raise _BadInputError("table rows have different numbers of cells")
        return tuple(rows)
    if len(tokens) == 1:
        return _cell(tokens[0])
    return tuple((_cell(t),) for t in tokens)


def _split(tokens: list[str], arg_names: list[str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    current = arg_names[0]
    for token in tokens:
        if token.startswith("--") and len(token) > 2:
            name = token[2:].replace("-", "_").lower()
            if name not in arg_names:
                raise _BadInputError(
                    f"unknown argument --{token[2:]}; expected {', '.join(arg_names)}"
                )
            if name in groups:
                raise _BadInputError(f"--{name} given twice")
            current = name
            groups[current] = []
        else:
            groups.setdefault(current, []).append(token)
    return groups


def _format(v: Any) -> str:
    if v is None or v == "":
        return ""
    if isinstance(v, float):
        return f"{v:.10g}"
    return str(v)


def _rows(result: Any) -> list[list[Any]]:
    if isinstance(result, list):
        return [r if isinstance(r, list) else [r] for r in result]
    return [[result]]


def function_help(key: str, func: Any) -> str:
    """``xladdin calc FUNCTION --help``: what the function returns and each argument's meaning
    (the same texts Excel's function wizard shows, from the UDF's own declarations)."""
    info = func.__xlfunc__
    meta = info["args"]
    short = key[4:].lower()
    first, rest = meta[0]["name"], meta[1:]
    usage = " ".join(
        [f"xladdin calc {short} VALUES..."]
        + [
            f"[--{a['name']} VALUES...]" if "optional" in a else f"--{a['name']} VALUES..."
            for a in rest
        ]
    )
    width = max(len(a["name"]) for a in meta) + 2
    lines = [f"usage: {usage}", "", f"{key}: {info['ret']['doc']}", "", "arguments:"]
    for a in meta:
        label = a["name"] if a["name"] == first else f"--{a['name']}"
        doc = a.get("doc") or ""
        default = ""
        if "optional" in a:
            default = " (optional)" if "default" in doc else f" (optional, default {a['optional']})"
        lines.append(f"  {label:<{width + 2}} {doc}{default}")
    lines += [
        "",
        f"The values of {first} come first. Several numbers are a column (time runs down), a "
        "token with commas is one row of a table ('10,20,30'), '' is an empty cell.",
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run the command; returns the exit code (0 done, 2 bad input)."""
    from udfs import FUNCTIONS  # lazy: imports xlwings

    if not args.function:
        for name, f in FUNCTIONS.items():
            print(f"{name[4:].lower():<12} {f.__xlfunc__['ret']['doc']}")
        return 0
    key = args.function.upper()
    key = key if key.startswith("GDP_") else "GDP_" + key
    func = FUNCTIONS.get(key)
    try:
        if func is None:
            raise _BadInputError(
                f"unknown function {args.function!r}; choose from {', '.join(NAMES)}"
            )
        meta = func.__xlfunc__["args"]
        if any(t in ("-h", "--help") for t in args.values):
            print(function_help(key, func))
            return 0
        names = [a["name"] for a in meta]
        groups = _split(list(args.values), names)
        missing = [a["name"] for a in meta if "optional" not in a and a["name"] not in groups]
        if missing:
            raise _BadInputError(f"missing {', '.join('--' + m for m in missing)}")
        kwargs = {name: parse_values(tokens) for name, tokens in groups.items()}
    except _BadInputError as exc:
        print(f"xladdin calc: {exc}", file=sys.stderr)
        return 2
    result = func(**kwargs)
    if isinstance(result, str) and result.startswith("#GDP!"):
        print(f"xladdin calc: {result}", file=sys.stderr)
        return 2
    for row in _rows(result):
        print("\t".join(_format(v) for v in row))
    return 0
