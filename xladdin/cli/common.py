"""Helpers shared by the command modules of :mod:`xladdin.cli`: the ``--lang`` option and the
one-line messages for an output that cannot be written or a refused input file.

They live below the package (which imports every command module to build the parser), so the
command modules import this module and never the package (no import cycle, issue #12).
``xladdin.cli`` re-exports them.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

__all__ = [
    "add_lang",
    "command_lines",
    "error_words",
    "output_problem",
    "refused_line",
    "usage_error",
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
