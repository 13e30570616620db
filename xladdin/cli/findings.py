"""``xladdin findings``: print the finding catalogue (codes, severities, messages)."""

from __future__ import annotations

import argparse
import json

from xladdin.findings import catalogue


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("findings", help="list every finding code with its severity and messages")
    p.add_argument("--json", action="store_true", help="print the catalogue as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    types = catalogue()
    if args.json:
        rows = [
            {
                "code": t.code,
                "severity": t.severity.value,
                "category": t.category.value,
                "en": t.en,
                "lo": t.lo,
                "description": t.description,
                "refuses": t.refuses,
            }
            for t in types
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for t in types:
        print(f"{t.code:<34} {t.severity.value:<8} {t.category.value:<13} {t.en}")
    return 0
