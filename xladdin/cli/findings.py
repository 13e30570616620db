"""``xladdin findings [--json] [--lang en|lo|both]``: print the finding catalogue (codes,
severities, messages and what to do), from xladdin/data/messages.csv."""

from __future__ import annotations

import argparse
import json

from xladdin.findings import catalogue


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``findings``."""
    from xladdin.cli.common import add_lang

    p = sub.add_parser("findings", help="list every finding code with its severity and messages")
    p.add_argument("--json", action="store_true", help="print the catalogue as JSON")
    add_lang(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the catalogue: JSON with both languages, or a table in ``--lang``."""
    types = catalogue()
    if args.json:
        rows = [
            {
                "code": t.code,
                "severity": t.severity.value,
                "category": t.category.value,
                "en": t.en,
                "lo": t.lo,
                "todo_en": t.description,
                "todo_lo": t.todo_lo,
                "description": t.description,  # the English "what to do" (kept for old readers)
                "refuses": t.refuses,
            }
            for t in types
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for line in table_lines(types, getattr(args, "lang", "en")):
        print(line)
    return 0


def table_lines(types, lang: str = "en") -> list[str]:
    """The catalogue as a table in ``lang``: code, severity, category, message, and under each
    code what to do ("both": the English line, then the Lao one)."""
    from xladdin.findings.words import one_line, render_table, word

    one = "lo" if lang == "lo" else "en"
    langs = {"en": ("en",), "lo": ("lo",)}.get(lang, ("en", "lo"))
    rows = []
    for t in types:
        msgs = {"en": t.en, "lo": t.lo}
        todos = {"en": t.description, "lo": t.todo_lo}
        sev, cat = word(t.severity.value, one), word(f"category_{t.category.value}", one)
        rows.append([t.code, sev, cat, msgs[langs[0]]])
        rows += [["", "", "", msgs[x]] for x in langs[1:]]
        rows += [["", "", "", f"{word('todo', x)}: {todos[x]}"] for x in langs if todos[x]]
    header = [word(k, one) for k in ("code", "severity", "category", "message")]
    return [one_line(line) for line in render_table(header, rows)]
