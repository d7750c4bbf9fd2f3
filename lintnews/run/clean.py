"""``lintnews clean``: remove the cache folder, and only one lintnews made."""

from __future__ import annotations

import os

from rich.markup import escape

from lintnews.api import Linter, Options
from lintnews.cache import is_cache_folder
from lintnews.errors import LintnewsError
from lintnews.run import consoles, default_cache_dir


def clean(cache_dir: str | None, config: str | None) -> int:
    """Remove the cache folder (only one lintnews made); the exit code."""
    import shutil

    out, err = consoles()
    if cache_dir == "" or config == "":  # `--cache-dir "$UNSET"` must not clean the default one
        err.error(f"{'--cache-dir' if cache_dir == '' else '--config'}: empty file name")
        return 2
    try:
        folder = cache_dir or default_cache_dir(Linter(Options(config=config)))
    except LintnewsError as e:
        err.error(e)
        return 2
    if not os.path.lexists(folder):
        out.print(f"No cache at {escape(folder)}.")
        return 0
    # Only a folder lintnews made: --cache-dir pointing at the wrong place must not cost data.
    if not os.path.isdir(folder) or os.path.islink(folder) or not is_cache_folder(folder):
        err.error(f"{folder}: not a lintnews cache folder (no CACHEDIR.TAG written by lintnews); left alone")
        return 2
    try:
        shutil.rmtree(folder)
    except OSError as e:
        err.error(f"{folder}: cannot remove: {e.strerror or e}")
        return 2
    out.print(f"Removed {escape(folder)}.")
    return 0
