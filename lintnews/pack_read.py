"""Where the shipped packs are, and reading a pack file's TOML."""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache

from lintnews.errors import ConfigError


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
        return tomllib
    return tomli


def read_pack(path: str, shipped: bool = False) -> dict:
    """The TOML of the pack file at ``path``. ``shipped``: one of the packs shipped with
    lintnews (the test suite checks that both parsers read each the same); any other pack is
    read by tomllib, whose errors are the ones users are shown."""
    parser = _compiled_parser() if shipped else tomllib
    try:
        with open(path, "rb") as f:
            return parser.load(f)
    except OSError as err:
        raise ConfigError(f"{path}: cannot read rule pack: {err.strerror or err}") from None
    except (tomllib.TOMLDecodeError, parser.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: rule pack is not valid TOML: {err}") from None
