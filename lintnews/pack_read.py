"""Where the shipped packs are, reading a pack file's TOML, and keeping what is worked out from a
shipped pack in the user's cache folder."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from lintnews import __version__, keep
from lintnews.errors import ConfigError
from lintnews.source import read_settings_file


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
        return read_settings_file(path)  # a fifo or a device in the pack's place neither blocks nor floods
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


def read_shipped(path: str, salt: str, derive: Callable[[dict, bool], Any]) -> tuple[dict, Any]:
    """A shipped pack's TOML and what ``derive(data, full)`` makes of it, kept in the user's cache
    folder under a key of the pack's bytes, lintnews' version, Python's, the code that works it
    out and ``salt`` (what else it depends on), so that a later run reads both at once instead
    of parsing the TOML and working it out again (most of loading the packs). A cache file that
    cannot be read, is corrupt or is for other bytes is passed over; one that cannot be written
    is not kept. ``full`` is False when nothing can be kept: ``derive`` then need not work out
    what only pays when kept."""
    data = _read(path)
    key = keep.digest(b"\0".join((__version__.encode(), sys.version.encode(), _code_stamps(),
                                   salt.encode("utf-8", "surrogateescape"), data)))
    folder = keep.folder()
    file = os.path.join(folder, key.hex()[:40] + ".bin") if folder else None
    if file is not None:
        got = _load(file, key)
        if got is not None:
            return got
        if not keep.writable(folder):
            file = None
    pack = _parse(data, path, shipped=True)
    derived = derive(pack, file is not None)
    if file is not None:
        keep.store(file, key, (pack, derived))
        keep.prune(folder)
    return pack, derived


# The modules that work out what is kept: one edited in a source tree, the version unchanged,
# must not be answered by what its former self worked out. Their bytes, not their times: a fresh
# clone or a reinstall of the same code finds what an earlier one kept.
_DERIVING = ("packs.py", "pack_read.py", "pack_schema.py", "regex_heads.py", "regex_starts.py", "slots.py")


@lru_cache(maxsize=2)
def _code_stamps(here: str = os.path.dirname(os.path.abspath(__file__))) -> bytes:
    parts = []
    for name in _DERIVING:
        try:
            with open(os.path.join(here, name), "rb") as f:
                parts.append(name.encode() + b"\0" + f.read() + b"\0")
        except OSError:
            parts.append(name.encode() + b":?\0")
    return keep.digest(b"".join(parts))


def _load(file: str, key: bytes) -> tuple[dict, Any] | None:
    got = keep.load(file, key)
    return got if isinstance(got, tuple) and len(got) == 2 and isinstance(got[0], dict) else None
