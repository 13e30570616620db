"""What the command line prints is escaped: text from a workbook never drives the terminal.

Cell text, sheet names and file names of an untrusted workbook reach the terminal through
finding messages and summaries. An ESC (``\\x1b[2J``, ``\\x1b]8;;...``), a C1 control such as
CSI (``\\x9b``), a carriage return or a bidirectional override could clear the screen, rewrite
earlier lines, plant hyperlinks or reorder what the reviewer reads. :func:`terminal_safe` writes
each such character as the escape ``\\uXXXX`` (valid inside a JSON string too, so ``--json``
output still parses to the same text); :func:`escaped_output` applies it to everything the
command prints on standard output and standard error.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from typing import Any, TextIO

__all__ = ["EscapingStream", "escaped_output", "terminal_safe"]

_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""C0 controls except tab and newline, DEL, C1 controls, bidirectional marks and overrides
(Unicode TR#9; "Trojan Source", CVE-2021-42574), lone surrogates."""


def terminal_safe(text: str) -> str:
    """``text`` with every control character written as ``\\uXXXX``.

    >>> terminal_safe("ok\\x1b[2J\\tLao ລາວ\\n")
    'ok\\\\u001b[2J\\tLao ລາວ\\n'
    """
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class EscapingStream:
    """A text stream that passes everything written through :func:`terminal_safe`."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_safe(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, encoding, isatty, buffer...
        return getattr(self._stream, name)


@contextlib.contextmanager
def escaped_output() -> Iterator[None]:
    """Escape control characters in everything printed to stdout and stderr (restored after)."""
    saved = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, EscapingStream):
        sys.stdout = EscapingStream(sys.stdout)  # type: ignore[assignment]
    if not isinstance(sys.stderr, EscapingStream):
        sys.stderr = EscapingStream(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
