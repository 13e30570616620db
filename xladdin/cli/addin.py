"""``xladdin addin build|verify|install|selftest``: the Excel add-in, built from text sources.

Everything heavy (xlwings, pyOpenVBA, oletools, openpyxl) is imported inside the commands,
so ``xladdin --help`` stays light and runs on a server without Excel.
"""

from __future__ import annotations

import argparse
import sys

from xladdin.errors import AddinBuildError

_BUILD_DEFAULT = "dist/xladdin.xlam"
_SELFTEST_DEFAULT = "dist/xladdin-selftest.xlsx"


def _not_a_folder(path: str, what: str, default: str | None = None) -> bool:
    """Print why ``path`` cannot be the output file (an existing folder, or a folder that does
    not exist: only the default's folder is made, never one typed in ``-o``)."""
    from pathlib import Path

    from xladdin.cli.common import output_problem

    if Path(path).is_dir():
        print(f"error: -o must name the {what} file, not a folder: {path}", file=sys.stderr)
        return True
    problem = None if path == default else output_problem(path)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return True
    return False


def _build(args: argparse.Namespace) -> int:
    from xladdin.addin.build import build_addin

    if _not_a_folder(args.output, ".xlam", _BUILD_DEFAULT):
        return 2
    path = build_addin(args.output, libreoffice=_lo(args), vba_project=args.vba_project)
    print(path)
    return 0


def _lo(args: argparse.Namespace) -> bool | None:
    if getattr(args, "require_libreoffice", False):
        return True
    if getattr(args, "no_libreoffice", False):
        return False
    return None


def _verify(args: argparse.Namespace) -> int:
    from pathlib import Path

    from xladdin.addin.verify import verify_addin

    if not Path(args.path).is_file():
        what = "a folder, not a file" if Path(args.path).is_dir() else "file not found"
        print(f"error: {what}: {args.path}", file=sys.stderr)
        return 2
    report = verify_addin(args.path, libreoffice=_lo(args), raise_on_failure=False)
    print(report.render())
    if report.failures:
        n = len(report.failures)
        print(f"xladdin addin verify: {args.path}: {n} check(s) failed", file=sys.stderr)
    return 1 if report.failures else 0


def _install(args: argparse.Namespace) -> int:
    """Install the add-in; every line it prints is a row of xladdin/data/messages.csv, in
    ``--lang`` (the Windows installer keeps the default, English: its log is for LSB IT)."""
    import zipfile
    from pathlib import Path

    from xladdin.addin import install
    from xladdin.cli.common import usage_error
    from xladdin.findings.words import reason, say

    lang = args.lang
    if args.xlam:
        xlam = Path(args.xlam)
        why = None
        if not xlam.is_file():
            why = reason("path_folder" if xlam.is_dir() else "path_missing")
        elif not zipfile.is_zipfile(xlam):
            why = reason("addin_xlam_not_zip")
        if why is not None:
            usage_error("addin_xlam_unusable", lang, path=args.xlam, **why)
            return 2
    try:
        path = install.install(args.xlam, interpreter=args.interpreter)
    except install.NotWindowsError:
        from xladdin.addin.build import DEFAULT_OUTPUT

        usage_error("addin_windows_only", lang, xlam=DEFAULT_OUTPUT)
        return 2
    except install.AddinInUseError as exc:
        usage_error("addin_in_use", lang, path=exc.path)
        return 1
    except AddinBuildError as exc:
        usage_error("addin_failed", lang, reason=exc)
        return 1
    interp = args.interpreter or install.default_interpreter()
    if install.ascii_path_warning(interp):
        usage_error("addin_non_ascii_python", lang, interpreter=repr(interp))
    for key, fields in (
        ("addin_installed", {"path": path}),
        ("addin_python", {"interpreter": interp}),
        ("addin_start_excel", {}),
    ):
        print("\n".join(say(key, lang, **fields)))
    return 0


def _selftest(args: argparse.Namespace) -> int:
    from xladdin.addin.selftest import write_selftest

    if _not_a_folder(args.output, "self-test workbook", _SELFTEST_DEFAULT):
        return 2
    print(write_selftest(args.output))
    return 0


def _guard(func):
    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except AddinBuildError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1

    return run


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``addin build|verify|install|selftest``."""
    from xladdin.cli.common import add_lang

    parser = sub.add_parser(
        "addin",
        help="build, verify and install the Excel add-in (.xlam)",
        description="The Excel add-in: built from text sources (ribbon XML, VBA, generated "
        "UDF wrappers) on any OS, verified by independent parsers, installed on Windows.",
    )
    parser.set_defaults(func=lambda a: (parser.print_help(sys.stderr), 2)[1])  # no ACTION
    cmds = parser.add_subparsers(dest="addin_command", metavar="ACTION")

    p = cmds.add_parser("build", help="write dist/xladdin.xlam and verify it; prints its path")
    p.add_argument("-o", "--output", default=_BUILD_DEFAULT, help="where to write the .xlam")
    _lo_flags(p)
    p.add_argument(
        "--vba-project",
        choices=("cache-zeroed", "stub"),
        default="cache-zeroed",
        help="how _VBA_PROJECT is written: cache-zeroed (default; pyOpenVBA's tested path) or "
        "stub (version 0xFFFF, no cache); docs/addin.md says which to try when",
    )
    p.set_defaults(func=_guard(_build))

    p = cmds.add_parser("verify", help="check an .xlam against the current sources")
    p.add_argument("path", help="the .xlam file")
    _lo_flags(p)
    p.set_defaults(func=_guard(_verify))

    p = cmds.add_parser(
        "install",
        help="Windows: copy the add-in into Excel's XLSTART folder with this Python's path",
    )
    p.add_argument("--xlam", default=None, help="add-in to install (default: dist/xladdin.xlam)")
    p.add_argument(
        "--interpreter",
        default=None,
        help="pythonw.exe Excel should start (default: the one beside this Python)",
    )
    add_lang(p)
    p.set_defaults(func=_guard(_install))

    p = cmds.add_parser(
        "selftest", help="write the self-test workbook (GDP_ calls vs published values)"
    )
    p.add_argument("-o", "--output", default=_SELFTEST_DEFAULT, help="where to write it")
    p.set_defaults(func=_guard(_selftest))


def _lo_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument(
        "--no-libreoffice", action="store_true", help="skip the LibreOffice import check"
    )
    g.add_argument(
        "--require-libreoffice",
        action="store_true",
        help="fail when LibreOffice is not installed (default: check only when installed)",
    )
