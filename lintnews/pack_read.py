"""Where the shipped packs are, reading a pack file's TOML, and keeping what is worked out from a
shipped pack in the user's cache folder."""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from lintnews import __version__
from lintnews.errors import ConfigError

# What a cache file starts with: a format tag, the key it was written for, the digest of the rest.
_MAGIC = b"lintnews-pack-1\n"
_DIGEST = 32


def packs_dir() -> str:
    """The shipped packs: inside the installed package, or the source tree's top-level rules/."""
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.path.join(here, "_packs"), os.path.join(os.path.dirname(here), "rules")):
        if os.path.isdir(candidate):
            return candidate
    return os.path.join(here, "_packs")


def shipped_packs() -> list[str]:
    folder = packs_dir()
    if not os.path.isdir(folder):
        return []
    return sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".toml"))


@lru_cache(maxsize=1)
def _compiled_parser():
    # tomli is the standard library's tomllib as a package; its wheels are compiled (mypyc) and
    # read the shipped packs, a third of a megabyte of strings, in a quarter of the time (16 ms
    # against 60, most of loading them). Where it is missing, tomllib reads them the same way.
    try:
        import tomli
    except ImportError:
        import tomllib

        return tomllib
    return tomli


def read_pack(path: str, shipped: bool = False) -> dict:
    """The TOML of the pack file at ``path``. ``shipped``: one of the packs shipped with
    lintnews (the test suite checks that both parsers read each the same); any other pack is
    read by tomllib, whose errors are the ones users are shown."""
    return _parse(_read(path), path, shipped)


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as err:
        raise ConfigError(f"{path}: cannot read rule pack: {err.strerror or err}") from None


def _parse(data: bytes, path: str, shipped: bool) -> dict:
    # Imported here: a run whose packs come from the pack cache parses no TOML.
    import tomllib

    parser = _compiled_parser() if shipped else tomllib
    try:
        return parser.loads(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: rule pack is not valid TOML: {err}") from None
    except (tomllib.TOMLDecodeError, parser.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: rule pack is not valid TOML: {err}") from None


def cache_folder() -> str | None:
    """Where the work made of shipped packs is kept between runs: ``$LINTNEWS_PACK_CACHE`` (set
    empty: nowhere), else lintnews/packs in the user's cache folder."""
    folder = os.environ.get("LINTNEWS_PACK_CACHE")
    if folder is not None:
        return os.path.abspath(folder) if folder.strip() else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    if not base or not os.path.isabs(base):  # no home to expand: keep nothing
        return None
    return os.path.join(base, "lintnews", "packs")


def read_shipped(path: str, salt: str, derive: Callable[[dict, bool], Any]) -> tuple[dict, Any]:
    """A shipped pack's TOML and what ``derive(data, full)`` makes of it, kept in the user's cache
    folder under a key of the pack's bytes, lintnews' version, Python's, the code that works it
    out and ``salt`` (what else it depends on), so that a later run reads both at once instead
    of parsing the TOML and working it out again (most of loading the packs). A cache file that
    cannot be read, is corrupt or is for other bytes is passed over; one that cannot be written
    is not kept. ``full`` is False when nothing can be kept: ``derive`` then need not work out
    what only pays when kept."""
    data = _read(path)
    key = hashlib.sha256(b"\0".join((__version__.encode(), sys.version.encode(), _code_stamps(),
                                     salt.encode("utf-8", "surrogateescape"), data))).digest()
    folder = cache_folder()
    file = os.path.join(folder, key.hex()[:40] + ".bin") if folder else None
    if file is not None:
        got = _load(file, key)
        if got is not None:
            return got
        if not _writable(folder):
            file = None
    pack = _parse(data, path, shipped=True)
    derived = derive(pack, file is not None)
    if file is not None:
        _store(file, key, (pack, derived))
        _prune(folder)
    return pack, derived


# The modules that work out what is kept: one edited in a source tree, the version unchanged,
# must not be answered by what its former self worked out.
_DERIVING = ("packs.py", "pack_read.py", "pack_schema.py", "regex_heads.py", "regex_starts.py", "slots.py")


@lru_cache(maxsize=1)
def _code_stamps() -> bytes:
    here = os.path.dirname(os.path.abspath(__file__))
    stamps = []
    for name in _DERIVING:
        try:
            st = os.stat(os.path.join(here, name))
            stamps.append(f"{name}:{st.st_mtime_ns}:{st.st_size}")
        except OSError:
            stamps.append(f"{name}:?")
    return "|".join(stamps).encode()


def _load(file: str, key: bytes) -> tuple[dict, Any] | None:
    try:
        with open(file, "rb") as f:
            blob = f.read()
    except OSError:
        return None
    head = len(_MAGIC) + len(key)
    if (not blob.startswith(_MAGIC) or blob[len(_MAGIC):head] != key
            or hashlib.sha256(blob[head + _DIGEST:]).digest() != blob[head:head + _DIGEST]):
        return None
    try:
        got = marshal.loads(blob[head + _DIGEST:])
    except (EOFError, ValueError, TypeError):
        return None
    return got if isinstance(got, tuple) and len(got) == 2 and isinstance(got[0], dict) else None


_KEEP = 256  # files: the packs of a few versions (or of a few edits of the code, in a source tree)


def _prune(folder: str) -> None:
    """Remove the files least recently written beyond ``_KEEP`` (each version, or edit of the
    deriving code, writes its own)."""
    try:
        names = [n for n in os.listdir(folder) if n.endswith(".bin")]
        if len(names) <= _KEEP:
            return
        paths = [os.path.join(folder, n) for n in names]
        stamps = {}
        for path in paths:
            try:
                stamps[path] = os.stat(path).st_mtime_ns
            except OSError:
                continue
        for path in sorted(stamps, key=stamps.get)[:len(stamps) - _KEEP]:
            os.unlink(path)
    except OSError:
        pass


def _writable(folder: str) -> bool:
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _store(file: str, key: bytes, value: tuple[dict, Any]) -> None:
    try:
        payload = marshal.dumps(value)
    except ValueError:  # a value marshal does not keep (a TOML date): nothing is kept
        return
    # Written aside, then put in place: a reader (another run, a worker) sees the whole file or
    # none, and a failed write leaves nothing behind.
    tmp = f"{file}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(_MAGIC + key + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, file)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
