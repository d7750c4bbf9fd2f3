"""Writing report, baseline and cache files whole or not at all."""

from __future__ import annotations

import os
import tempfile


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_MODE = _default_mode()


def write_atomic(path: str, data: str | bytes, new: bool = False) -> None:
    """Write through a temporary file in the same folder and a rename.

    A reader (a CI step picking up the report, a parallel run reading the cache) sees the old
    file or the new one, never half of one. An existing file keeps its mode unless ``new`` says
    the file is not expected to exist (cache entries: saves a stat per write). Raises OSError.
    """
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".lintnews-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        mode = _MODE
        if not new:
            try:
                mode = os.stat(path).st_mode & 0o777
            except FileNotFoundError:
                pass
        os.chmod(tmp, mode)  # mkstemp's 0600 would hide a report from the CI user that uploads it
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
