"""How xladdin runs inside a Python process it shares (Excel's, through xlwings, or a command's).

One home for the one process-wide setting xladdin touches, and only for the duration of a call:
the cyclic garbage collector's first threshold while a large workbook is read."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["fewer_gc_passes"]


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
