"""``xladdin dist windows --python PYTHON-ZIP -o DIR``: the offline Windows installer.

Builds ``xladdin-setup-<version>.exe`` with NSIS (``makensis``) from the python.org Windows
embeddable package given as a file (its SHA-256 must be pinned in
``xladdin/dist/python-pins.csv``) and wheels downloaded from PyPI at build time. See
docs/install.md. Everything heavy is imported inside the command.
"""

from __future__ import annotations

import argparse
import sys


def _windows(args: argparse.Namespace) -> int:
    from pathlib import Path

    from xladdin.dist import DistError, RefusedInputError
    from xladdin.dist.windows import build_windows

    if Path(args.output).exists() and not Path(args.output).is_dir():
        print(f"error: -o must be a folder: {args.output}", file=sys.stderr)
        return 2
    try:
        result = build_windows(
            args.python,
            args.output,
            wheelhouse=args.wheelhouse,
            addin=args.addin,
        )
    except RefusedInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DistError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(result.installer)
    print(f"manifest: {result.manifest} ({result.files} files)")
    print(f"Python {result.python.version} ({result.python.file}), wheels: {len(result.wheels)}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``dist windows``."""
    parser = sub.add_parser(
        "dist",
        help="build the offline Windows installer (xladdin-setup-VERSION.exe)",
        description="Distribution: build installers on this machine for PCs without Python, "
        "admin rights or internet.",
    )
    parser.set_defaults(func=lambda a: (parser.print_help(), 0)[1])
    cmds = parser.add_subparsers(dest="dist_command", metavar="TARGET")
    p = cmds.add_parser(
        "windows",
        help="per-user, offline Windows installer built with NSIS (makensis)",
        description="Build xladdin-setup-VERSION.exe: the given Windows CPython (python.org "
        "embeddable package, SHA-256 pinned in xladdin/dist/python-pins.csv), every "
        "dependency as win_amd64 wheels (downloaded from PyPI now), the add-in, templates "
        "and help. Needs makensis (apt-get install nsis) and network access to PyPI.",
    )
    p.add_argument(
        "--python",
        required=True,
        metavar="PYTHON-ZIP",
        help="python-3.11.x-embed-amd64.zip from python.org (its hash must be pinned)",
    )
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write into")
    p.add_argument(
        "--wheelhouse",
        default=None,
        metavar="DIR",
        help="use these wheels instead of downloading (must resolve offline for win_amd64)",
    )
    p.add_argument(
        "--addin", default=None, metavar="XLAM", help="ship this built add-in (default: build)"
    )
    p.set_defaults(func=_windows)
