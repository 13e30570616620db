"""``xladdin prepare BOOK`` and ``xladdin verify BOOK``: returned files.

``prepare`` compiles an xladdin template into the copy it returns, writes ``BOOK-return.xlsx``
beside the workbook (never modifying it) and prints its path on the first line of standard
output. Exit 0, or 2 when the workbook cannot be read or is a template that cannot be compiled
(``return-compile-refused``: nothing is written).

``verify`` recomputes the data hash and compares it with the stamp. Exit 0 intact, 1 changed
(or add-in formulas, macros or external links present), 2 unstamped or unreadable.

Messages are printed in English and Lao (``--lang`` picks one); ``--json`` prints the result
as JSON instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from xladdin.errors import RefusedWorkbookError, UnreadableWorkbookError
from xladdin.findings import Finding

__all__ = ["register"]

_TEXT = {
    "written": "prepare_written",
    "unreadable": "prepare_unreadable",
    "intact": "verify_intact",
    "changed": "verify_changed",
    "validation_errors": "prepare_validation_errors",
    "stamped_validation": "verify_stamped_validation",
    "no_stamped_validation": "verify_no_stamped_validation",
    "unstamped": "verify_unstamped",
}
"""What prepare and verify say -> its ``word`` row in xladdin/data/messages.csv."""


def _say(key: str, lang: str, **fields: Any) -> str:
    from xladdin.findings.words import say

    return "\n".join(say(_TEXT[key], lang, **fields))


def _field(key: str, lang: str) -> str:
    """The label of a stamp field (``word`` row ``field_<key>``), or the key if it has none."""
    from xladdin.findings.words import WORDS, word

    return word(f"field_{key}", lang) if f"field_{key}" in WORDS else key


def _print_findings(findings: list[Finding], lang: str) -> None:
    from xladdin.findings.words import pad, word

    for f in findings:
        where = f" {f.location}" if f.location else ""
        head = f"  {pad(word(f.severity.value, 'lo' if lang == 'lo' else 'en'), 7)} {f.code}{where}"
        if lang == "lo":
            print(f"{head}: {f.message_lo}")
        elif lang == "en":
            print(f"{head}: {f.message_en}")
        else:
            print(f"{head}: {f.message_en}\n          {f.message_lo}")


def _prepare(args: argparse.Namespace) -> int:
    from xladdin.cli.common import command_lines, error_words, output_problem
    from xladdin.returned import prepare_package

    problem = output_problem(args.output, lang=args.lang) if args.output else None
    if problem:  # before any work: a folder, a missing folder or a file in the way
        if args.json:
            print(json.dumps({"path": None, "error": problem, "exit_code": 2}, ensure_ascii=False))
        else:
            print(command_lines("prepare", problem, args.lang), file=sys.stderr)
        return 2
    from xladdin.returned.prepare import PrepareRefusedError

    try:
        result = prepare_package(args.book, out=args.output, compiler=args.compiler)
    except PrepareRefusedError as exc:  # an xladdin template that cannot be compiled
        if args.json:
            out = {
                "path": None,
                "error": str(exc),
                "findings": [f.to_dict() for f in exc.findings],
                "exit_code": 2,
            }
            print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        else:
            _print_findings(exc.findings, args.lang)
        return 2
    except (UnreadableWorkbookError, RefusedWorkbookError, OSError, ValueError) as exc:
        if args.json:
            print(json.dumps({"path": None, "error": str(exc), "exit_code": 2}, ensure_ascii=False))
        else:
            why = error_words(exc, "path_unreadable")
            said = {"error": why["reason"], "error_lo": why["reason_lo"]}
            print(_say("unreadable", args.lang, path=args.book, **said), file=sys.stderr)
        return 2
    if args.json:
        out = {
            "path": str(result.path),
            "stamp": result.stamp,
            "frozen": [
                {"sheet": f.sheet, "cell": f.cell, "formula": f.formula, "reasons": list(f.reasons)}
                for f in result.frozen
            ],
            "report": result.report.to_dict(),
            "exit_code": 0,
        }
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return 0
    print(result.path)
    print(_say("written", args.lang, path=result.path), file=sys.stderr)
    if result.stamp.get("validation_errors"):
        errors, warnings = result.stamp["validation_errors"], result.stamp["validation_warnings"]
        print(
            _say("validation_errors", args.lang, errors=errors, warnings=warnings), file=sys.stderr
        )
    if result.report.findings:
        _print_findings(result.report.sorted(), args.lang)
    return 0


def _verify(args: argparse.Namespace) -> int:
    from xladdin.returned import verify_file
    from xladdin.returned.verify import stamped_validation
    from xladdin.workbook.safety import open_untrusted

    opened = open_untrusted(args.book, purpose="verify")  # read and inspected once, for both
    result = verify_file(args.book, opened=opened)
    code = result.exit_code
    # -- digital signature (xladdin/cli/sign.py; issue 10 item 4) --
    from xladdin.cli.sign import signature_for_verify

    sig = signature_for_verify(args.book, args.trust_root, args.signers, view=opened[0])
    if sig.usage:  # a bad --signers table (xladdin/cli/sign.py)
        from xladdin.findings.words import one_line, say

        lines = say("cli_failed", args.lang, command="verify", **sig.usage)
        print("\n".join(one_line(t) for t in lines), file=sys.stderr)
        return 2
    # -- end digital signature --
    if args.json:
        out = {
            "path": str(args.book),
            "intact": result.intact,
            "exit_code": sig.combine(code),
            "stamp": result.stamp,
            "actual_sha256": result.actual_hash,
            "findings": [f.to_dict() for f in result.findings],
            "signature": sig.data,
        }
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return sig.combine(code)
    print(_say({0: "intact", 1: "changed"}.get(code, "unstamped"), args.lang))
    from xladdin.cli.common import refused_line

    line = refused_line("verify", args.book, result.findings, args.lang)
    if line:
        print(line, file=sys.stderr)
    for key, value in result.stamp.items():
        print(f"  {_field(key, args.lang)}: {value}")
    if result.stamp.get("data_sha256"):
        stamp = result.stamp
        if stamped_validation(stamp):
            text = _say(
                "stamped_validation",
                args.lang,
                errors=stamp["validation_errors"],
                warnings=stamp["validation_warnings"],
                version=stamp.get("validation_xladdin_version") or "?",
            )
        else:
            text = _say("no_stamped_validation", args.lang)
        print(text)
    _print_findings(result.findings, args.lang)
    _print_findings(sig.findings, args.lang)  # digital signature (xladdin/cli/sign.py)
    return sig.combine(code)


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``prepare`` and ``verify``."""
    from xladdin.cli.common import add_lang

    p = sub.add_parser(
        "prepare",
        help="write BOOK-return.xlsx: formulas of the add-in frozen, no links, no macros, stamped",
        description="Make the file to send back: an xladdin template compiled first (so its "
        "outputs follow from its inputs), GDP_ formulas frozen to values (formula text on "
        "the Audit sheet), external links and macros removed, hidden sheets shown, and a stamp "
        "(compiler, time, versions, data hash). The original is never modified.",
    )
    p.add_argument("book", help="the compiled workbook (.xlsx or .xlsm)")
    p.add_argument("-o", "--output", help="output path (default: BOOK-return.xlsx beside BOOK)")
    p.add_argument("--compiler", help="name of the person who compiled the workbook")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    add_lang(p, "both")
    p.set_defaults(func=_prepare)

    v = sub.add_parser(
        "verify",
        help="check a returned file's stamp: exit 0 intact, 1 changed, 2 unstamped/unreadable",
        description="Recompute the data hash of a returned workbook and compare it with its stamp.",
    )
    v.add_argument("book", help="the returned workbook")
    v.add_argument(  # digital signature (xladdin/cli/sign.py)
        "--trust-root",
        action="append",
        metavar="CA.pem",
        help="require a valid digital signature by a certificate chaining to this root "
        "(PEM or DER; repeatable), e.g. the Lao national root CA",
    )
    v.add_argument(  # digital signature (xladdin/cli/sign.py)
        "--signers",
        metavar="CSV",
        help="signer table (province,sha256,common_name,valid_from,valid_to,note): the signer "
        "must be listed for the file's province; needs --trust-root",
    )
    v.add_argument("--json", action="store_true", help="print the result as JSON")
    add_lang(v, "both")
    v.set_defaults(func=_verify)
