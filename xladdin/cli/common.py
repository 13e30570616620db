"""Helpers shared by the command modules of :mod:`xladdin.cli`: the ``--lang`` option and the
one-line messages for an output that cannot be written or a refused input file.

They live below the package (which imports every command module to build the parser), so the
command modules import this module and never the package (no import cycle, issue #12).
``xladdin.cli`` re-exports them.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import NoReturn

__all__ = [
    "USAGE_LANG",
    "Parser",
    "add_lang",
    "command_lines",
    "error_words",
    "output_problem",
    "refused_line",
    "requested_lang",
    "usage_error",
    "usage_lines",
]


def add_lang(parser: argparse.ArgumentParser, default: str = "en") -> None:
    """The one ``--lang en|lo|both`` of every command: the language of everything it prints
    (headers, severities, summary lines, messages, province and industry names); ``both``
    prints English then Lao."""
    parser.add_argument(
        "--lang",
        choices=("en", "lo", "both"),
        default=default,
        help=f"language of the output: en, lo (Lao) or both (default: {default})",
    )


USAGE_LANG: ContextVar[str | None] = ContextVar("xladdin_usage_lang", default=None)
"""The ``--lang`` typed on the command line being parsed (set by :func:`xladdin.cli.main`
around ``parse_args``): the language of a usage error, which argparse reports before the
command's own ``--lang`` is known."""


def requested_lang(argv: Sequence[str]) -> str | None:
    """The value of ``--lang VALUE`` or ``--lang=VALUE`` in ``argv`` (before a ``--``), else
    None."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


_ARG = r"argument (?P<argument>[^:]+): "
_USAGE_MESSAGES = [
    (re.compile(r"the following arguments are required: (?P<args>.+)"), "usage_required"),
    (re.compile(r"unrecognized arguments: (?P<args>.+)"), "usage_unrecognized"),
    (
        re.compile(_ARG + r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
        "usage_invalid_choice",
    ),
    (re.compile(_ARG + r"invalid int value: (?P<value>.+)"), "usage_invalid_int"),
    (re.compile(_ARG + r"invalid float value: (?P<value>.+)"), "usage_invalid_float"),
    (re.compile(_ARG + r"expected one argument"), "usage_expected_one"),
    (re.compile(_ARG + r"expected at least one argument"), "usage_expected_some"),
    (re.compile(_ARG + r"not allowed with argument (?P<other>.+)"), "usage_not_allowed_with"),
    (re.compile(r"one of the arguments (?P<args>.+) is required"), "usage_one_of_required"),
    (
        re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)"),
        "usage_ambiguous",
    ),
    (re.compile(_ARG + r"ignored explicit argument (?P<value>.+)"), "usage_explicit_ignored"),
]
"""argparse's usage errors (its English, Python 3.11-3.13) -> the ``word`` row saying each in
Lao (``usage_*`` rows of xladdin/data/messages.csv)."""


def usage_lines(prog: str, message: str, lang: str) -> list[str]:
    """argparse's error ``message`` for ``prog`` in ``lang`` ("both": English, then Lao), each
    one escaped terminal line: the English is argparse's own; the Lao says the same from the
    ``usage_*`` rows (an error not among them: the English detail is pointed to)."""
    from xladdin.findings.words import one_line, say, word

    message_lo = word("cli_detail_in_english", "lo")
    for pattern, key in _USAGE_MESSAGES:
        m = pattern.fullmatch(message)
        if m:
            message_lo = word(key, "lo", **m.groupdict())
            break
    lines = say("usage_line", lang, prog=prog, message=message, message_lo=message_lo)
    return [one_line(t) for t in lines]


class Parser(argparse.ArgumentParser):
    """argparse's parser whose usage errors are said in the language asked for (``--lang``
    as typed, else the command's default language): the usage line, then the error in English,
    Lao or both; exit code 2 as argparse's own. Subcommand parsers are of this class too
    (argparse makes them with the class of their parent)."""

    def error(self, message: str) -> NoReturn:
        lang = USAGE_LANG.get() or self.get_default("lang") or "en"
        if lang not in ("en", "lo", "both"):
            lang = "en"
        self.print_usage(sys.stderr)
        self.exit(2, "\n".join(usage_lines(self.prog, message, lang)) + "\n")


def output_problem(
    path: str | os.PathLike[str], *, folder: bool = False, lang: str = "en"
) -> str | None:
    """Why ``path`` (as the user typed it) cannot be written, in ``lang`` ("both": the English
    line, then the Lao one; ``word`` rows ``output_*`` of xladdin/data/messages.csv), or None
    when it can.

    Never creates anything: a missing folder is the user's to create (a typo in ``-o`` must not
    leave new folders behind). ``folder=True`` for an output that is itself a folder.
    """
    from xladdin.findings.words import say

    def text(key: str, **fields: object) -> str:
        return "\n".join(say(key, lang, path=os.fspath(path), **fields))

    p = Path(path)
    if folder:
        if p.is_dir():
            return None
        if p.exists():
            return text("output_folder_is_file")
        return text("output_folder_missing")
    if p.is_dir():
        return text("output_is_folder")
    parent = p.parent
    if not parent.exists():
        for up in parent.parents:  # a file in the way of the path, e.g. notes.txt/out.xlsx
            if up.exists() and not up.is_dir():
                return text("output_parent_is_file", parent=up)
        return text("output_parent_missing", parent=parent)
    if not parent.is_dir():
        return text("output_parent_is_file", parent=parent)
    return None


def refused_line(
    command: str, path: str | os.PathLike[str], findings: object, lang: str = "en"
) -> str | None:
    """The line (for "both": English, then Lao) for standard error naming the file as the user
    typed it when a refusing finding (exit code 2) stopped the command, or None when none did;
    ``word`` row ``cannot_use`` of xladdin/data/messages.csv."""
    for f in findings:  # type: ignore[attr-defined]
        if getattr(f, "refuses", False):
            from xladdin.findings.words import one_line, say  # a newline in a name stays one line

            fields = {"command": command, "path": os.fspath(path)}
            reason = {"reason": f.message_en, "reason_lo": f.message_lo}
            return "\n".join(one_line(t) for t in say("cannot_use", lang, **fields, **reason))
    return None


def usage_error(key: str, lang: str, **fields: object) -> None:
    """Print the ``word`` row ``key`` of xladdin/data/messages.csv on standard error in
    ``lang`` ("both": English, then Lao), each line escaped to one terminal line: why a
    command cannot run with the arguments it was given (it then exits 2)."""
    import sys

    from xladdin.findings.words import one_line, say

    print("\n".join(one_line(t) for t in say(key, lang, **fields)), file=sys.stderr)


def error_words(exc: BaseException, lo_key: str) -> dict[str, str]:
    """The fields ``reason`` and ``reason_lo`` for an input file that cannot be used, in this
    order: an operating-system error said by the one classifier (missing, a folder, no
    permission); an error carrying a refusing finding by that finding's code and messages; a
    reader's error by the Lao reason it carries (``finding_fields``); anything else by its own
    (English) text and, in Lao, the ``word`` row ``lo_key``."""
    from xladdin.findings.words import os_reason_words, word

    if isinstance(exc, OSError):
        return os_reason_words(exc)
    findings = getattr(exc, "findings", None) or []
    first = next((f for f in findings if getattr(f, "refuses", False)), None)
    if first is not None:
        return {
            "reason": f"{first.code}: {first.message_en}",
            "reason_lo": f"{first.code}: {first.message_lo}",
        }
    fields = getattr(exc, "finding_fields", None) or {}
    if "reason_lo" in fields:  # the reader said why in both languages (a catalogue word)
        return {"reason": str(exc), "reason_lo": str(fields["reason_lo"])}
    return {"reason": str(exc), "reason_lo": word(lo_key, "lo")}


def command_lines(command: str, text: str, lang: str) -> str:
    """``text`` (one line, or for "both" the English line then the Lao one) as the message of
    ``command`` that could not run, in ``lang``: ``xladdin demo: ...`` in English,
    ``'xladdin demo': ບໍ່ສຳເລັດ: ...`` in Lao (the ``cli_failed`` row)."""
    from xladdin.findings.words import one_line, say

    lines = text.split("\n")
    en, lo = (lines[0], lines[-1]) if lang == "both" else (text, text)
    said = say("cli_failed", lang, command=command, reason=en, reason_lo=lo)
    return "\n".join(one_line(t) for t in said)
