"""The ``xladdin`` command line: a thin front door over the library.

Each command lives in its own module of this package and exposes ``register(subparsers)``,
which adds its sub-parser and sets ``func`` (taking the parsed args, returning the exit code).
Exit codes: 0 clean, 1 errors found (or a check failed), 2 unreadable/refused file or bad usage.
Every command's ``--help`` ends with its own exit codes (:data:`EXIT_CODES`).

A file that cannot be read or written (missing, a folder, permission denied, locked by Excel on
Windows) gives one line on standard error and exit code 2, never a traceback (:func:`main`).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys

from xladdin import __version__
from xladdin.cli.common import (  # re-exported; the command modules import cli.common
    USAGE_LANG,
    Parser,
    add_lang,  # noqa: F401
    output_problem,  # noqa: F401
    refused_line,  # noqa: F401
    requested_lang,
)
from xladdin.errors import XladdinError

# Order here is the order in --help.
COMMAND_MODULES = [
    "demo",  # xladdin demo           -- the main job on bundled sample data
    "calc",  # xladdin calc ...        -- run one GDP_ calculation on numbers given on the line
    "templates",  # xladdin templates build|list
    "compile",  # xladdin compile BOOK
    "validate",  # xladdin validate BOOK [--json]
    "prepare",  # xladdin prepare BOOK / xladdin verify BOOK
    "sign",  # xladdin sign FILE --key KEY.p12  (optional extra [sign])
    "review",  # xladdin consolidate ... / xladdin register list
    "addin",  # xladdin addin build|install|verify
    "dist",  # xladdin dist windows  -- the offline Windows installer
    "findings",  # xladdin findings  -- print the catalogue
    "levels",  # xladdin districts allocate -- districts vs province (issue 9)
    "sez",  # xladdin sez import -- SEZ returns into the province workbook (issue 9)
]


_FILE_PROBLEM = (
    "2 a file cannot be read or written (missing, a folder, no permission, open in Excel)"
)
_USAGE = "2 bad usage (unknown option, missing argument)"

EXIT_CODES: dict[str, list[str]] = {
    "demo": ["0 compiled, no errors", "1 the demo compiled with errors", _FILE_PROBLEM],
    "calc": ["0 computed (or the list of functions)", "2 bad input: the #GDP! message is printed"],
    "templates build": ["0 every template written", _FILE_PROBLEM],
    "templates list": ["0 always"],
    "compile": [
        "0 compiled, no errors (warnings allowed)",
        "1 compiled, errors found",
        "2 the workbook is unreadable or refused, or cannot be written",
    ],
    "validate": [
        "0 no errors (warnings allowed)",
        "1 errors found",
        "2 the workbook is unreadable or refused, or a bad --config",
    ],
    "prepare": ["0 the returned file was written", "2 the workbook is unreadable or refused"],
    "verify": [
        "0 intact (and, with --trust-root, signed by a trusted signer, every signed part unchanged)",
        "1 changed (or add-in formulas, macros or external links present; or the signature is "
        "invalid, missing or untrusted with --trust-root)",
        "2 unstamped or unreadable (or a --trust-root cannot be read)",
    ],
    "sign": [
        "0 signed",
        "2 the key, its password or the file cannot be used, or the 'sign' extra is missing",
    ],
    "districts allocate": [
        "0 compared and written, no errors (warnings allowed)",
        "1 written, errors found",
        "2 a return unreadable, refused or of the wrong kind, a bad --shares, or the output "
        "cannot be written",
    ],
    "sez import": [
        "0 the SEZ table was written",
        "1 no enterprise of the province in the returns (nothing written)",
        "2 a file unreadable, refused or of the wrong kind, or a unit not known",
    ],
    "consolidate": [
        "0 consolidated, no errors",
        "1 consolidated, errors found",
        "2 a file unreadable or refused, no .xlsx/.xlsm found, or the review cannot be written",
    ],
    "inspect": [
        "0 clean",
        "1 security errors found",
        "2 a file must not be read (or is missing)",
    ],
    "register list": ["0 listed", "2 no register there, or not a register"],
    "findings": ["0 always"],
    "addin build": [
        "0 built and verified",
        "1 the build or its verification failed",
        _FILE_PROBLEM,
    ],
    "addin verify": ["0 every check passed", "1 a check failed", "2 the file does not exist"],
    "addin install": [
        "0 installed",
        "1 the add-in failed its checks, or Excel is open",
        "2 not Windows, or a file cannot be read or written",
    ],
    "addin selftest": ["0 written", _FILE_PROBLEM],
    "dist windows": [
        "0 the installer was written",
        "1 the build failed (makensis or pip failed, a wheel is missing, no PyPI)",
        "2 the Python package is refused (hash not pinned, not an embeddable zip) or bad usage",
    ],
}
"""Exit codes shown at the end of each command's ``--help`` (a test keeps it complete)."""


def leaf_parsers(
    parser: argparse.ArgumentParser, prefix: str = ""
) -> dict[str, argparse.ArgumentParser]:
    """Every runnable command: ``{"compile": parser, "addin build": parser, ...}``."""
    out: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                full = f"{prefix} {name}".strip()
                inner = leaf_parsers(child, full)
                out.update(inner or {full: child})
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="xladdin",
        description="GDP compilation for the Lao Statistics Bureau: Excel functions, templates, "
        "compile, validate, prepare for return and central review, without Excel.",
        epilog="Exit codes: 0 clean, 1 errors found or a check failed, 2 a file cannot be used "
        "or bad usage. 'xladdin COMMAND --help' lists each command's own.",
    )
    parser.add_argument("--version", action="version", version=f"xladdin {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"xladdin.cli.{name}")
        module.register(sub)
    for name, child in leaf_parsers(parser).items():
        codes = EXIT_CODES.get(name)
        if codes:
            child.formatter_class = argparse.RawDescriptionHelpFormatter
            child.epilog = "exit codes:\n" + "\n".join(f"  {c}" for c in [*codes, _USAGE])
    return parser


def _os_reason(exc: OSError) -> tuple[str, str, str]:
    """The file ``exc`` names, and why it cannot be used in English (the system's reason and
    the likely cause) and in Lao (the cause: ``word`` rows ``cli_os_*`` of messages.csv)."""
    from xladdin.findings.words import one_line, os_error_word, word  # after the escaping ends

    where = one_line(exc.filename2 or exc.filename or "")  # os.replace: the destination
    reason = one_line(exc.strerror or str(exc))
    key = os_error_word(exc) or "cli_os_other"
    if key == "path_missing":  # after the system's "No such file or directory": what to check
        key = "cli_os_missing"
    hint = f" ({word(key, 'en')})" if key != "cli_os_other" else ""
    return where, f"{reason}{hint}", word(key, "lo")


def _file_problem(exc: OSError) -> str:
    """One English line for a file that cannot be used, with the likely cause."""
    where, reason, _ = _os_reason(exc)
    return f"{where}: {reason}" if where else reason


def _file_problem_lines(command: str, exc: OSError, lang: str = "en") -> str:
    """The line(s) in ``lang`` for a file that cannot be used (row ``cannot_use``, or
    ``cli_failed`` when no file is named)."""
    from xladdin.findings.words import say

    where, reason, reason_lo = _os_reason(exc)
    fields = {"command": command, "reason": reason, "reason_lo": reason_lo}
    if where:
        return "\n".join(say("cannot_use", lang, path=where, **fields))
    return "\n".join(say("cli_failed", lang, **fields))


def _failed(command: str, key: str, exc: BaseException | None, lang: str) -> str:
    """The line(s) of the general error handlers of :func:`main` in ``lang`` (the English
    keeps the error's own one-line text; the Lao says what happened in Lao)."""
    from xladdin.findings.words import say, word

    reason = _one_line(exc) if exc is not None else ""
    lo = getattr(exc, "message_lo", None) or word(
        "cli_register_reason" if key == "cli_register_unusable" else "cli_detail_in_english", "lo"
    )
    return "\n".join(say(key, lang, command=command, reason=reason, reason_lo=_one_line(lo)))


def _one_line(value: object) -> str:
    """``value`` as one escaped line (the handlers below print after :func:`escaped_output`)."""
    from xladdin.findings.words import one_line

    return one_line(value)


def main(argv: list[str] | None = None) -> int:
    # Lao text on any Windows console: never crash on encoding.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    parser = build_parser()
    said = USAGE_LANG.set(requested_lang(sys.argv[1:] if argv is None else argv))
    try:
        args = parser.parse_args(argv)  # a usage error exits 2, said in that language
    finally:
        USAGE_LANG.reset(said)
    if not getattr(args, "func", None):  # bare "xladdin": nothing was asked for
        parser.print_help(sys.stderr)
        return 2
    command = " ".join(
        str(v) for k, v in vars(args).items() if k == "command" or k.endswith("_command") if v
    )
    lang = getattr(args, "lang", "en")  # the language of the error lines below
    try:
        from xladdin.cli.terminal import escaped_output

        with escaped_output():  # text from a workbook never drives the terminal
            return int(args.func(args) or 0)
    except BrokenPipeError:  # e.g. "xladdin findings | head": the reader stopped, not an error
        try:  # Python docs' recipe: no second BrokenPipeError when stdout is flushed at exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):  # stdout is not a real file (tests)
            pass
        return 0
    except OSError as exc:
        print(_file_problem_lines(command, exc, lang), file=sys.stderr)
        return 2
    except XladdinError as exc:  # e.g. an output that cannot be saved: already one line
        print(_failed(command, "cli_failed", exc, lang), file=sys.stderr)
        return 2
    except sqlite3.Error as exc:
        print(_failed(command, "cli_register_unusable", exc, lang), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(_failed(command, "cli_interrupted", None, lang), file=sys.stderr)
        return 130


def run() -> None:
    """The ``xladdin`` console command (``[project.scripts]``, ``python -m xladdin``):
    :func:`main`, then exit with its code.

    Objects still alive when the command is done are frozen first (:func:`gc.freeze`): the
    interpreter's last garbage collection at exit would otherwise walk every object of the run
    once more only to free memory the operating system takes back anyway. Files are already
    closed and the exit handlers run as usual. The whole command, its imports included, runs
    with the collector's first threshold raised (:func:`~xladdin.runtime.fewer_gc_passes`):
    importing numpy and pandas allocates enough containers for dozens of collections that find
    almost nothing. :func:`main` itself (called by the tests and the ribbon in a long-lived
    process) leaves the collector alone."""
    from xladdin.runtime import exit_without_last_collection, fewer_gc_passes

    with fewer_gc_passes():
        code = main()
    exit_without_last_collection(code)


if __name__ == "__main__":  # pragma: no cover
    run()
