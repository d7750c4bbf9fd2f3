"""Work kept between runs in the user's cache folder: what is worked out from the shipped packs,
and the compiled code of the regexes built from them. A file holds one marshalled value under the
key it was written for and the CRC-32 of its bytes; a file that cannot be read, is corrupt or is
for another key is passed over, and one that cannot be written is not kept.

Standard library only: any layer may import this.
"""

from __future__ import annotations

import _sre
import marshal
import os
import re
import stat
import sys
import time
import zlib
from array import array
from typing import Any

try:  # hashlib loads OpenSSL first: 4 ms of a one-file check's start-up, for a digest of our own
    from _blake2 import blake2b
except ImportError:  # an interpreter built without it
    from hashlib import blake2b

# What a kept file starts with: a format tag, the key it was written for, the CRC-32 of the rest
# (damage is all it checks for: a run reads 3 MB of these files, a third of a digest's time).
MAGIC = b"lintnews-pack-2\n"
DIGEST, CHECK = 32, 4
KEEP = 256  # files: the packs of a few versions (or of a few edits of the code, in a source tree)
# bytes: a folder's files also fit in this. Counted in files alone, the folder of regexes (a
# file of up to 600 KB for a large alternation) grew to 450 MB over a few dozen versions.
KEEP_BYTES = 32 << 20


def digest(data: bytes) -> bytes:
    """The digest kept files are named by (``DIGEST`` bytes)."""
    return blake2b(data, digest_size=DIGEST).digest()


def _check(payload: bytes) -> bytes:
    return zlib.crc32(payload).to_bytes(CHECK, "big")


def folder() -> str | None:
    """``$LINTNEWS_PACK_CACHE`` (set empty: nowhere), else lintnews/packs in the user's cache
    folder."""
    named = os.environ.get("LINTNEWS_PACK_CACHE")
    if named is not None:
        return os.path.abspath(named) if named.strip() else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    if not base or not os.path.isabs(base):  # no home to expand: keep nothing
        return None
    return os.path.join(base, "lintnews", "packs")


def load(file: str, key: bytes, private: bool = False) -> Any:
    """The value kept in ``file`` under ``key``, or None. ``private``: only from a file of this
    user's that no one else may write (one holding code to run)."""
    # Opened without waiting, and read only if it is a regular file: a fifo or a device put in
    # the folder under a kept file's name must not hang or flood a run.
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        with open(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode) or private and not _private(st):
                return None
            blob = f.read()
    except OSError:
        return None
    head = len(MAGIC) + len(key)
    if (not blob.startswith(MAGIC) or blob[len(MAGIC):head] != key
            or _check(blob[head + CHECK:]) != blob[head:head + CHECK]):
        return None
    try:
        return marshal.loads(blob[head + CHECK:])
    except (EOFError, ValueError, TypeError):
        return None


def _private(st: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or st.st_uid == getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def store(file: str, key: bytes, value: Any, private: bool = False) -> None:
    try:
        payload = marshal.dumps(value)
    except ValueError:  # a value marshal does not keep (a TOML date): nothing is kept
        return
    # Written aside, then put in place: a reader (another run, a worker) sees the whole file or
    # none, and a failed write leaves nothing behind.
    tmp = f"{file}.{os.getpid()}.tmp"
    try:
        # A private file is made readable and writable by its owner alone before a byte is in it.
        with (open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600), "wb")
              if private else open(tmp, "wb")) as f:
            if private:
                os.chmod(tmp, 0o600)  # a file left by another process keeps its mode on opening
            f.write(MAGIC + key + _check(payload) + payload)
        os.replace(tmp, file)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def prune(where: str, most: int | None = None, most_bytes: int | None = None) -> None:
    """Remove the files least recently written beyond ``most`` files (``KEEP``: each version, or
    edit of the deriving code, writes its own) or ``most_bytes`` in all (``KEEP_BYTES``)."""
    most, most_bytes = KEEP if most is None else most, KEEP_BYTES if most_bytes is None else most_bytes
    try:
        names = [n for n in os.listdir(where) if n.endswith(".bin")]
        stamps = {}
        for name in names:
            path = os.path.join(where, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            stamps[path] = st.st_mtime_ns, st.st_size
        size = sum(s for _, s in stamps.values())
        for count, path in enumerate(sorted(stamps, key=stamps.get)):
            if len(stamps) - count <= most and size <= most_bytes:
                break
            os.unlink(path)
            size -= stamps[path][1]
    except OSError:
        pass


def writable(where: str) -> bool:
    try:
        os.makedirs(where, exist_ok=True)
    except OSError:
        return False
    return os.access(where, os.W_OK | os.X_OK)


# The regexes built from the packs are large alternations of phrases in up to 56 languages:
# Python parses and compiles them in pure Python, a fifth of the time of a one-file check and a
# second of every process that lints a large dump. The compiled code of each regex slow to compile
# is kept in a file of its own, found by a digest of the pattern, and handed back to the regex
# engine (as re's own compile does) on the next run. It is the engine's internal form: the
# folder is one per Python build and engine format, the engine checks the code it is given, and
# on a Python whose re module differs the regex is compiled by re.compile.
KEPT_FROM = 0.0001  # seconds: a regex compiled faster is not worth a file (reading one back takes 0.05 ms)
MAX_KEPT = 4096  # files (a {site} phrase compiles once for each site met)
# Reading back a hundred small regexes file by file (a one-file check's) took 4.5 ms, most of it
# opening, reading and checking each file. The small kept regexes a run used are also kept
# together in one file, read whole at the first regex of the next run: the regexes one kind of
# run uses are found there in memory, and the files serve the rest (a large regex, whose reading
# back is mostly its code's, stays in its own). It holds the last run's, then the runs' before
# it, up to RECENT words of code in all, and is written again only by a run that used a small
# regex it lacks.
SMALL = 4096  # words of code
RECENT = 100_000  # words of code: about half a megabyte
# Not a .bin: pruning the folder's files leaves it alone. The set holds each regex's code as the
# bytes of its words (an array's, in this machine's byte order, which its key names): read back
# as lists, its hundred thousand words took 3 to 5 ms of every run to make into ints; as bytes,
# 0.5 ms, and a regex's words become a list when it is used (0.7 ms for the 48,000 of a one-file
# check's 157 regexes). Named apart from the set of lists ("recent.set") that versions before
# kept: two versions sharing a cache folder must not write each other's set away in turn.
RECENT_FILE = "recent-words.set"
_WORD = next((t for t in "IL" if array(t).itemsize == _sre.CODESIZE), None)


class _Compiled:
    """The folder of kept regexes, and the regexes this process compiled to keep at its exit."""

    def __init__(self) -> None:
        self.opened = False
        self.folder: str | None = None
        self.salt = b""
        self.new: dict[tuple[str, int], tuple] = {}
        self.recent: dict[tuple[str, int], tuple] = {}  # read back from RECENT_FILE
        self.used: dict[tuple[str, int], tuple] = {}  # the kept regexes of this process, in order
        self.used_size = 0  # words of code in ``used``
        self.missed = False  # a regex used here is not in ``recent``: RECENT_FILE is written again

    def open(self) -> None:
        self.opened = True
        where = folder()
        if where is None:
            return
        self.salt = f"regex\0{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}\0".encode()
        self.folder = os.path.join(where, "regex-" + digest(self.salt).hex()[:16])
        got = load(*self._recent_file())
        if isinstance(got, dict):
            self.recent = {k: v for k, v in got.items() if isinstance(v, tuple) and len(v) == 5
                           and isinstance(v[1], (list, bytes)) and _words(v[1]) <= SMALL}
        import atexit

        atexit.register(self.save)

    def file(self, pattern: str, flags: int) -> tuple[str, bytes]:
        key = digest(self.salt + str(flags).encode() + b"\0" + pattern.encode("utf-8", "surrogatepass"))
        return os.path.join(self.folder, key.hex()[:40] + ".bin"), key

    def _recent_file(self) -> tuple[str, bytes]:
        return os.path.join(self.folder, RECENT_FILE), digest(self.salt + f"recent\0words\0{sys.byteorder}\0".encode())

    def used_one(self, key: tuple[str, int], parts: tuple, missed: bool) -> None:
        size = _words(parts[1])
        if size <= SMALL and self.used_size + size <= RECENT:
            self.used[key] = parts
            self.used_size += size
            self.missed = self.missed or missed

    def save(self) -> None:
        if self.folder is None or not (self.new or self.missed) or not writable(self.folder):
            return
        for (pattern, flags), parts in self.new.items():
            store(*self.file(pattern, flags), parts)
        if self.new:
            self.new = {}
            prune(self.folder, MAX_KEPT)
        if self.missed:
            together, size = {key: _packed(parts) for key, parts in self.used.items()}, self.used_size
            for key, parts in self.recent.items():
                if key not in together and size + _words(parts[1]) <= RECENT:
                    together[key] = parts
                    size += _words(parts[1])
            store(*self._recent_file(), together)
            self.recent, self.missed = together, False


_COMPILED = _Compiled()


def compile_regex(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, from the code kept by an earlier run where there is one."""
    flags = int(flags)
    if flags & re.DEBUG or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    kept = _COMPILED
    if not kept.opened:
        kept.open()
    if kept.folder is None:  # nothing is kept: nothing to read back, nothing to keep
        return re.compile(pattern, flags)
    parts = kept.recent.get((pattern, flags))
    compiled = _from_code(pattern, _unpacked(parts))
    missed = compiled is None
    if missed:
        parts = load(*kept.file(pattern, flags))
        compiled = _from_code(pattern, parts)
    if compiled is not None:
        kept.used_one((pattern, flags), parts, missed)
        return compiled
    start = time.perf_counter()
    try:
        from re import _compiler, _parser

        parsed = _parser.parse(pattern, flags)
        groups = parsed.state.groups
        names = [None] * groups
        for name, i in parsed.state.groupdict.items():
            names[i] = name
        # The code holds the engine's opcodes as named int constants, which marshal does not keep.
        parts = (int(flags | parsed.state.flags), list(map(int, _compiler._code(parsed, flags))), groups - 1,
                 dict(parsed.state.groupdict), tuple(names))
        compiled = _sre.compile(pattern, *parts)
    except re.error:
        raise
    except (AttributeError, ImportError, TypeError, ValueError, RuntimeError):  # another Python's internals
        return re.compile(pattern, flags)
    if time.perf_counter() - start >= KEPT_FROM:
        kept.new[(pattern, flags)] = parts
        kept.used_one((pattern, flags), parts, True)
    return compiled


def _words(code: list | bytes) -> int:
    return len(code) // _sre.CODESIZE if isinstance(code, bytes) else len(code)


def _packed(parts: tuple) -> tuple:
    """A regex's kept parts with its code as the bytes of its words (as they are, where no array
    type holds a word)."""
    if _WORD is None or not isinstance(parts[1], list):
        return parts
    try:
        return (parts[0], array(_WORD, parts[1]).tobytes(), *parts[2:])
    except (OverflowError, TypeError):
        return parts


def _unpacked(parts: Any) -> Any:
    if isinstance(parts, tuple) and len(parts) == 5 and isinstance(parts[1], bytes):
        if _WORD is None or len(parts[1]) % _sre.CODESIZE:
            return None
        return (parts[0], array(_WORD, parts[1]).tolist(), *parts[2:])
    return parts


def _from_code(pattern: str, parts: Any) -> re.Pattern | None:
    if not isinstance(parts, tuple):
        return None
    try:
        return _sre.compile(pattern, *parts)
    except (ValueError, TypeError, RuntimeError):  # not code this engine takes
        return None


def keep_compiled_in_worker() -> None:
    """A worker process forked from a run ends without the run's exit hooks: it keeps the code of
    the regexes it compiled when its pool shuts it down."""
    from multiprocessing import util

    util.Finalize(None, _COMPILED.save, exitpriority=0)


# @dataclass writes each class's methods (__init__, __repr__, __eq__ ...) as source text and has
# exec compile it: 118 methods, 13 ms of a one-file check's start-up, in every run. Run as a
# program, lintnews keeps their code in the cache folder (one file per Python build and -O
# level), found by its text, and hands exec the code in place of the text; exec compiles a text
# as compile() does with the future flags of the module calling it, which the code kept is
# compiled with, so each method is the one the text makes. The file holds code to run: it is read
# only if this user wrote it and no one else may write it; a missing, damaged or refused file
# compiles the texts as before.
CODE_SUFFIX = ".code"  # not a .bin: pruning the folder's files leaves it alone
MOST_CODE = 2000  # texts kept


class _Generated:
    """The kept code of the texts one module hands to exec, and the texts this run compiled."""

    def __init__(self, where: str, flags: int) -> None:
        import importlib.util

        self.where, self.flags = where, flags
        salt = f"generated-code\0{sys.version}\0{flags}\0{sys.flags.optimize}\0".encode() + importlib.util.MAGIC_NUMBER
        self.key = digest(salt)
        self.file = os.path.join(where, self.key.hex()[:40] + CODE_SUFFIX)
        got = load(self.file, self.key, private=True)
        code_type = type(_private.__code__)
        self.table: dict[str, Any] = {t: c for t, c in got.items() if isinstance(t, str) and type(c) is code_type} \
            if isinstance(got, dict) else {}
        self.used: dict[str, Any] = {}  # this run's texts, in order
        self.missed = 0  # texts this run compiled

    def code(self, text: str):
        code = self.table.get(text)
        if code is None:
            code = self.table[text] = compile(text, "<string>", "exec", self.flags, True)
            self.missed += 1
        self.used[text] = code
        return code

    def save(self) -> None:
        # Written again only by a run that compiled a text: this run's texts first, then those
        # of earlier runs (other commands, other versions) up to MOST_CODE.
        if not self.missed or not writable(self.where):
            return
        together = dict(self.used)
        for text, code in self.table.items():
            if len(together) >= MOST_CODE:
                break
            together.setdefault(text, code)
        store(self.file, self.key, together, private=True)


def keep_generated_code(module: Any, at_exit: bool = True) -> _Generated | None:
    """Serve the texts ``module`` (dataclasses) hands to exec from the code kept by earlier runs;
    the code of texts compiled anew is kept at exit (``at_exit``)."""
    if "exec" in vars(module):  # already served (or the module has an exec of its own)
        return None
    where = folder()
    if where is None:
        return None
    import __future__

    import builtins

    flags = 0
    for value in vars(module).values():
        if isinstance(value, __future__._Feature):
            flags |= value.compiler_flag
    kept = _Generated(where, flags)
    run = builtins.exec

    def exec_kept(source, *args, **kwargs):
        return run(kept.code(source) if type(source) is str else source, *args, **kwargs)

    module.exec = exec_kept
    if at_exit:
        import atexit

        atexit.register(kept.save)
    return kept
