"""How xladdin runs inside a Python process it shares (Excel's, through xlwings, or a command's).

One home for the process-wide settings xladdin touches, each only for the duration of a call
or at the very end of a command: the cyclic garbage collector's first threshold while a large
workbook is read (:func:`fewer_gc_passes`), the objects left out of its scans while worker
processes are forked (:func:`frozen_for_fork`), and at the exit of a command
(:func:`exit_without_last_collection`)."""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator
from typing import NoReturn

__all__ = ["exit_without_last_collection", "fewer_gc_passes", "frozen_for_fork"]


@contextlib.contextmanager
def fewer_gc_passes(gen0: int = 50_000) -> Iterator[None]:
    """Run the cyclic garbage collector less often inside the block (restored after it).

    Reading a workbook allocates some 10^5-10^6 container objects (XML elements, cells, frames)
    that die together; with Python's default threshold (700) the collector runs hundreds of
    times, scanning pandas' and numpy's long-lived objects again each time (10-15 % of a cold
    consolidation). Reference counting still frees almost everything at once; only cyclic
    garbage waits for the rarer collections. A collector that is disabled, or already relaxed
    further by the host, is left as it is; the collector is never disabled."""
    before = gc.get_threshold()
    if before[0] == 0 or before[0] >= gen0:
        yield
        return
    gc.set_threshold(gen0, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextlib.contextmanager
def frozen_for_fork() -> Iterator[None]:
    """Leave the objects alive now out of the collector's scans inside the block (worker
    processes forked there then never walk, and copy page by page, the memory they inherit:
    Python's :func:`gc.freeze` documentation, "before fork"). A host that froze its own
    objects keeps them frozen."""
    froze = gc.get_freeze_count() == 0
    if froze:
        gc.freeze()
    try:
        yield
    finally:
        if froze:
            gc.unfreeze()


def exit_without_last_collection(code: int) -> NoReturn:
    """End a command's process with ``code``, its live objects frozen first: the interpreter's
    last collection would otherwise walk every object of the run only to free memory the
    operating system takes back anyway. Only for the console command, never a host process."""
    gc.freeze()
    sys.exit(code)
