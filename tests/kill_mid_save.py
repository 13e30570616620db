"""Kill a process in the middle of an atomic save (used by the crash-safety tests).

:func:`kill_after` gives Python source to put at the top of a child process's ``-c`` script:
it wraps :func:`xladdin.workbook.atomic.atomic_write` so that the stream ``produce`` writes to
SIGKILLs the process after ``n`` bytes (written, flushed and fsynced first, so the partial
temporary file is really on disk). It must run before anything binds ``atomic_write`` by name,
i.e. before ``xladdin.workbook.package`` is imported. The production writer has no test hook.
"""

from __future__ import annotations

_SOURCE = """
import io as _io, os as _os, signal as _signal
import xladdin.workbook.atomic as _atomic

class _KillingWriter(_io.RawIOBase):
    def __init__(self, fh, limit):
        self._fh, self._left = fh, limit
    def write(self, data):
        data = bytes(data)
        if len(data) >= self._left:
            self._fh.write(data[: self._left])
            self._fh.flush()
            _os.fsync(self._fh.fileno())
            _os.kill(_os.getpid(), _signal.SIGKILL)
        self._left -= len(data)
        return self._fh.write(data)
    def seekable(self):
        return True
    def writable(self):
        return True
    def seek(self, pos, whence=0):
        return self._fh.seek(pos, whence)
    def tell(self):
        return self._fh.tell()
    def flush(self):
        self._fh.flush()

_real_atomic_write = _atomic.atomic_write

def _killing_atomic_write(target, produce, **kw):
    return _real_atomic_write(target, lambda fh: produce(_KillingWriter(fh, {n})), **kw)

_atomic.atomic_write = _killing_atomic_write
"""


def kill_after(n: int) -> str:
    """Source that makes the next atomic save of this process die after ``n`` bytes."""
    return _SOURCE.format(n=int(n))
