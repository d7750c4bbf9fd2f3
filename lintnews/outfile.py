"""Writing files whole or not at all: fixed articles, reports, baselines and cache entries."""

from __future__ import annotations

import os
import stat
import tempfile

from lintnews.errors import InputError


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_MODE = _default_mode()


def fingerprint(path: str) -> tuple[int, int, int]:
    st = os.stat(path)
    return (st.st_size, st.st_mtime_ns, st.st_ino)


class AtomicFile:
    """A file written piece by piece beside ``path`` (same folder, so the rename is atomic) and
    renamed over it on ``commit``.

    A reader (a CI step picking up the report, a parallel run reading the cache) sees the old file
    or the new one, never half of one. The data is flushed to disk before the rename, and the file
    keeps its mode and owner. With ``expected`` (a ``fingerprint``), ``commit`` refuses when the
    file changed since it was read, so a concurrent edit is never overwritten. ``new`` marks a
    throwaway file not expected to exist (cache entries): no stat, no fsync. Raises OSError.
    """

    def __init__(self, path: str, expected: tuple[int, int, int] | None = None, *, new: bool = False) -> None:
        self.path = path
        self.expected = expected
        self.new = new
        self.stat: os.stat_result | None = None
        if not new:
            try:
                self.stat = os.stat(path)
            except FileNotFoundError:
                pass
        fd, self.tmp = tempfile.mkstemp(prefix=".lintnews-", suffix=".tmp", dir=os.path.dirname(os.path.abspath(path)))
        self.file = os.fdopen(fd, "wb", buffering=1 << 20)

    def write(self, data: str | bytes) -> None:
        self.file.write(data.encode("utf-8") if isinstance(data, str) else data)

    def commit(self) -> None:
        try:
            self.file.flush()
            if not self.new:
                os.fsync(self.file.fileno())
            self.file.close()
            if self.expected is not None and fingerprint(self.path) != self.expected:
                raise InputError(self.path, "changed since it was read; not written")
            # mkstemp's 0600 would hide a report from the CI user that uploads it.
            os.chmod(self.tmp, stat.S_IMODE(self.stat.st_mode) if self.stat else _MODE)
            if self.stat is not None:
                try:
                    os.chown(self.tmp, self.stat.st_uid, self.stat.st_gid)
                except PermissionError:
                    pass  # not ours to give away; the file keeps its mode at least
            os.replace(self.tmp, self.path)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        try:
            self.file.close()
        except OSError:
            pass
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def write_atomic(path: str, data: str | bytes, new: bool = False,
                 expected: tuple[int, int, int] | None = None) -> None:
    """Write ``data`` to ``path`` through an ``AtomicFile``. Raises OSError."""
    out = AtomicFile(path, expected, new=new)
    try:
        out.write(data)
    except BaseException:
        out.abort()
        raise
    out.commit()
