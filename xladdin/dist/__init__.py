"""Distribution: ``xladdin dist windows`` builds one offline, per-user Windows installer.

The build runs on Linux (or any OS with ``makensis`` and network access to PyPI); the
installer it writes needs neither admin rights nor network on the target PC. See
:mod:`xladdin.dist.windows` and docs/install.md.
"""

from __future__ import annotations

from xladdin.errors import XladdinError


class DistError(XladdinError):
    """Building the installer failed (a tool failed, a wheel is missing): exit code 1."""


class RefusedInputError(DistError):
    """An input file is refused (wrong hash, not the kind of file expected): exit code 2."""
