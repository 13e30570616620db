"""``xladdin templates build [-o FOLDER]`` and ``xladdin templates list``."""

from __future__ import annotations

import argparse
import sys

__all__ = ["register"]

_DEFAULT = "templates"


def _build(args: argparse.Namespace) -> int:
    from xladdin.cli.common import command_lines, output_problem
    from xladdin.templates.builder import build_all

    if args.output != _DEFAULT:  # the default folder is made; one the user names must exist
        problem = output_problem(args.output, folder=True, lang=args.lang)
        if problem:
            print(command_lines("templates build", problem, args.lang), file=sys.stderr)
            return 2
    for path in build_all(args.output):
        print(path)
    return 0


def _list(args: argparse.Namespace) -> int:
    from xladdin.findings.words import pad, word
    from xladdin.templates.data import label, term
    from xladdin.templates.spec import SPECS

    said = word("templates_tables", args.lang)
    for spec in SPECS.values():
        tables = ", ".join(t.name for _, t in spec.tables())
        t = term(spec.title)  # "both": the glossary's "English / ລາວ"
        title = {"en": t.en, "lo": t.lo or t.en}.get(args.lang) or label(spec.title, marked=False)
        print(f"{pad(spec.id, 16)} {pad(spec.version, 5)} {title} -- {said}: {tables}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``templates build`` and ``templates list``."""
    from xladdin.cli.common import add_lang

    p = sub.add_parser("templates", help="build or list the Excel templates")
    tsub = p.add_subparsers(dest="templates_command", metavar="ACTION")
    b = tsub.add_parser("build", help="build every template from its spec")
    b.add_argument(
        "-o", "--output", default=_DEFAULT, help="existing folder (default: templates/, made)"
    )
    add_lang(b)
    b.set_defaults(func=_build)
    ls = tsub.add_parser("list", help="list templates, versions and tables")
    add_lang(ls)
    ls.set_defaults(func=_list)
    p.set_defaults(func=lambda a: (p.print_help(sys.stderr), 2)[1])  # no ACTION: bad usage
