"""Writing files whole or not at all: fixed articles, reports, baselines and cache entries."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time

from lintnews.errors import InputError
from lintnews.patterns import LazyPattern


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_MODE = _default_mode()

# `.lintnews-<pid>-<random>.tmp`; the pid tells a sweep whether the writer is still alive.
# Names without a pid come from older versions. Compiled on first use: only a folder holding such
# files is swept.
_TEMP_NAME = LazyPattern(r"\.lintnews-(?:(\d+)-)?[A-Za-z0-9_]+\.tmp\Z")
STALE_AFTER = 60  # seconds untouched before a dead writer's temporary file is removed
ABANDONED_AFTER = 86400  # seconds: removed whoever owns it (the pid may have been reused)
_swept: set[str] = set()


def fingerprint(path: str) -> tuple[int, int, int]:
    st = os.stat(path)
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def sweep(folder: str) -> None:
    """Remove the temporary files a killed lintnews left in ``folder`` (once per folder and process).

    Only lintnews's own temporary names, and only when their writer is gone and they have not
    been touched for a minute (a writer on another machine sharing the folder keeps its file
    fresh), or when they are a day old.
    """
    if folder in _swept:
        return
    _swept.add(folder)
    try:
        names = [n for n in os.listdir(folder) if n.startswith(".lintnews-") and n.endswith(".tmp")]
    except OSError:
        return
    now = time.time()
    for name in names:
        match = _TEMP_NAME.match(name)
        if not match:
            continue
        pid = int(match.group(1)) if match.group(1) else None
        path = os.path.join(folder, name)
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or pid == os.getpid():
            continue
        age = now - st.st_mtime
        if age > ABANDONED_AFTER or (age > STALE_AFTER and (pid is None or not _alive(pid))):
            with contextlib.suppress(OSError):
                os.unlink(path)


def target(path: str) -> str:
    """The file a write to ``path`` replaces: the one a symbolic link names (the link stays)."""
    return os.path.realpath(path) if os.path.islink(path) else path


def sweep_for(path: str) -> None:
    """``sweep`` the folder a write to ``path`` writes its temporary file in."""
    sweep(os.path.dirname(os.path.abspath(target(path))))


def _temp_file(folder: str) -> tuple[int, str]:
    for _ in range(100):
        # os.urandom is what secrets.token_hex reads; importing secrets (with base64 and hmac)
        # cost a millisecond of every run's start.
        path = os.path.join(folder, f".lintnews-{os.getpid()}-{os.urandom(6).hex()}.tmp")
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", folder)


@contextlib.contextmanager
def _locked(path: str):
    """An exclusive ``flock`` on the file at ``path`` (the inode it names now), or no lock where
    the file system has none. Every lintnews writer takes it between its last check of the file
    and the rename, so two runs cannot both pass the check and then overwrite each other."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        yield None
        return
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        except (ImportError, OSError):
            pass  # no locks here (some network file systems): the checks alone remain
        yield fd
    finally:
        os.close(fd)


class AtomicFile:
    """A file written piece by piece beside ``path`` (same folder, so the rename is atomic) and
    renamed over it on ``commit``.

    A reader (a CI step picking up the report, a parallel run reading the cache) sees the old file
    or the new one, never half of one. The data is flushed to disk before the rename, and the file
    keeps its mode (setuid and setgid bits too) and owner. A link is followed: the file it names is
    replaced and the link stays. With ``expected`` (a ``fingerprint``), ``commit`` refuses when the
    file (and, with ``original``, its bytes) changed since it was read, under a lock on the file so that two runs cannot both pass that
    check; a file with several hard links is then written in place (see ``_copy_in_place``).
    Something that is not a regular file (the null device, a fifo) is written in place, never
    replaced. ``new`` marks a throwaway file not expected to exist (cache entries): no stat, no
    fsync, no sweep. Raises OSError.
    """

    def __init__(self, path: str, expected: tuple[int, int, int] | None = None, *, new: bool = False,
                 original: bytes | None = None) -> None:
        self.path = path
        self.target = target(path)
        self.expected = expected
        self.original = original
        self.new = new
        self.stat: os.stat_result | None = None
        self.tmp: str | None = None
        if not new:
            try:
                self.stat = os.stat(self.target)
            except FileNotFoundError:
                pass
        if self.stat is not None and not stat.S_ISREG(self.stat.st_mode):
            if expected is not None:
                raise InputError(path, "not a regular file; not written")
            self.file = open(self.target, "wb")  # a device or fifo takes the bytes as they come
            return
        folder = os.path.dirname(os.path.abspath(self.target))
        if not new:
            sweep(folder)
        fd, self.tmp = _temp_file(folder)
        self.file = os.fdopen(fd, "w+b", buffering=1 << 20)

    def write(self, data: str | bytes) -> None:
        self.file.write(data.encode("utf-8") if isinstance(data, str) else data)

    def commit(self) -> None:
        if self.tmp is None:
            self.file.close()
            return
        try:
            self._commit()
            self.tmp = None  # renamed or copied: nothing left for abort to remove
        except BaseException:
            self.abort()
            raise

    def _commit(self) -> None:
        self.file.flush()
        if not self.new:
            os.fsync(self.file.fileno())
        if self.expected is None:
            self.file.close()
            self._replace()
            return
        with _locked(self.target) as fd:
            current = os.fstat(fd) if fd is not None else None
            if (current is None or fingerprint(self.target) != self.expected
                    or current.st_ino != self.expected[2] or not self._same_bytes(fd)):
                raise InputError(self.path, "changed since it was read; not written")
            if current.st_nlink > 1 or not self._owner_kept(current):
                self._copy_in_place()
                self.file.close()
                os.unlink(self.tmp)
            else:
                self.file.close()
                self._replace()

    def _owner_kept(self, current: os.stat_result) -> bool:
        """Whether the new file can have the file's owner and group: a file another user owns
        (writable to us) is written in place instead, or the rename would make it ours."""
        chown = getattr(os, "chown", None)
        if chown is None:  # a system without owners to keep (Windows)
            return True
        try:
            chown(self.tmp, current.st_uid, current.st_gid)
        except PermissionError:
            return False
        except OSError:  # a file system that keeps no owners: the rename changes none
            return True
        return True

    def _same_bytes(self, fd: int) -> bool:
        """The file still holds the bytes it was read with (when given): a change within the
        file system's timestamp resolution leaves the fingerprint as it was."""
        if self.original is None:
            return True
        with os.fdopen(os.dup(fd), "rb") as f:
            return f.read() == self.original

    def _replace(self) -> None:
        # Owner first: chown clears the setuid and setgid bits that chmod then puts back.
        if self.stat is not None:
            try:
                os.chown(self.tmp, self.stat.st_uid, self.stat.st_gid)
            except PermissionError:
                pass  # not ours to give away; the file keeps its mode at least
        # mkstemp-like 0600 would hide a report from the CI user that uploads it.
        os.chmod(self.tmp, stat.S_IMODE(self.stat.st_mode) if self.stat else _MODE)
        os.replace(self.tmp, self.target)

    def _copy_in_place(self) -> None:
        """Write the new bytes through the file's own inode, so every hard link sees them.

        A rename would split the links (one name new, the others old). The new bytes are already
        flushed to the temporary file, and the copy happens under the lock, so no other lintnews
        writes in between; a reader outside lintnews may see the file half-copied.
        """
        self.file.seek(0)
        fd = os.open(self.target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            with os.fdopen(fd, "wb", closefd=False) as out:
                while chunk := self.file.read(1 << 20):
                    out.write(chunk)
                out.truncate()
                out.flush()
                os.fsync(fd)
        finally:
            os.close(fd)

    def abort(self) -> None:
        try:
            self.file.close()
        except OSError:
            pass
        if self.tmp is not None:
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
