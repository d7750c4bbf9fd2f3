"""Which files a run looks at: the paths given, folders walked, excludes and .gitignore honoured."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator

from lintnews.config import ConfigResolver
from lintnews.errors import InputError
from lintnews.readers import known_extensions

ALWAYS_SKIPPED = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
                  ".lintnews_cache", ".tox", ".mypy_cache", ".pytest_cache"}


class _GitIgnores:
    def __init__(self) -> None:
        self._specs: dict[str, object] = {}

    def spec(self, folder: str):
        if folder not in self._specs:
            path = os.path.join(folder, ".gitignore")
            spec = None
            if os.path.isfile(path):
                import pathspec

                try:
                    with open(path, encoding="utf-8", errors="replace") as f:
                        spec = pathspec.GitIgnoreSpec.from_lines(f)
                except OSError:
                    spec = None
            self._specs[folder] = spec
        return self._specs[folder]

    def ignored(self, path: str, is_dir: bool, ancestors: list[str]) -> bool:
        for folder in ancestors:
            spec = self.spec(folder)
            if spec is None:
                continue
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            if spec.match_file(rel + ("/" if is_dir else "")):
                return True
        return False


def discover(paths: list[str], resolver: ConfigResolver, errors: list[InputError],
             skipped: list[InputError] | None = None) -> Iterator[str]:
    """Yield the files to lint, in a stable order; unreadable paths go to ``errors``, and links to
    nothing met in a walked folder to ``skipped``: no file to read, so not an error, but named."""
    skipped = [] if skipped is None else skipped
    exts = known_extensions()
    ignores = _GitIgnores()
    seen: set[str] = set()
    for path in paths:
        if path == "-":
            if path not in seen:  # stdin is read once: a second read would be an empty article
                seen.add(path)
                yield path
            continue
        if not os.path.lexists(path):
            errors.append(InputError(path, "no such file or directory"))
            continue
        try:
            real = os.path.realpath(path, strict=True)
        except OSError as err:
            errors.append(InputError(path, f"cannot resolve: {err.strerror or err}"))
            continue
        if os.path.isfile(path):
            if resolver.for_path(path).is_excluded(path) or real in seen:
                continue
            seen.add(real)
            yield path
            continue
        if not os.path.isdir(path):
            errors.append(InputError(path, "not a regular file or folder (a device, fifo or socket); not read"))
            continue
        yield from _walk(path, resolver, ignores, exts, seen, errors, skipped)


def _walk(top, resolver, ignores, exts, seen, errors, skipped) -> Iterator[str]:
    visited_dirs: set[str] = set()

    def onerror(err: OSError) -> None:
        errors.append(InputError(err.filename or top, f"cannot list folder: {err.strerror or err}"))

    top_abs = os.path.abspath(top)
    for folder, dirs, files in os.walk(top, onerror=onerror):
        real = os.path.realpath(folder)
        if real in visited_dirs:
            errors.append(InputError(folder, "folder loop (reached twice through links); skipped"))
            dirs[:] = []
            continue
        visited_dirs.add(real)
        folder_abs = os.path.abspath(folder)
        config = resolver.for_path(os.path.join(folder, "x"))
        respect = config.get("respect-gitignore", True)
        ancestors = _ancestors(folder_abs, top_abs) if respect else []
        keep = []
        for name in sorted(dirs):
            full = os.path.join(folder, name)
            if name in ALWAYS_SKIPPED or config.is_excluded(full):
                continue
            if respect and ignores.ignored(os.path.abspath(full), True, ancestors + [folder_abs]):
                continue
            keep.append(name)
        dirs[:] = keep
        for name in sorted(files):
            if os.path.splitext(name)[1].lower() not in exts:
                continue
            full = os.path.join(folder, name)
            if config.is_excluded(full):
                continue
            if respect and ignores.ignored(os.path.abspath(full), False, ancestors + [folder_abs]):
                continue
            why = _not_read(full)
            if why is not None:  # a fifo would block the run, a link to a device could fill the memory
                if why:
                    skipped.append(InputError(full, why))
                continue
            real_file = os.path.realpath(full)
            if real_file in seen:
                continue
            seen.add(real_file)
            yield full


def _not_read(path: str) -> str | None:
    """Why a walked name is not read: None for a regular file (through links) or one the linter
    will report as unreadable (a link loop, no permission); "" for a fifo, device or socket; the
    reason to warn of for a link whose target is gone, which holds no article to report on."""
    try:
        return None if stat.S_ISREG(os.stat(path).st_mode) else ""
    except OSError as err:
        if err.errno in (errno.ENOENT, errno.ENOTDIR) and os.path.islink(path):
            return "a link to nothing; not read"
        return None


def _ancestors(folder: str, top: str) -> list[str]:
    """Folders from the repository root (or ``top``) down to ``folder``'s parent."""
    root = top
    probe = top
    while True:
        if os.path.exists(os.path.join(probe, ".git")):
            root = probe
            break
        parent = os.path.dirname(probe)
        if parent == probe:
            break
        probe = parent
    out = []
    cur = folder
    while True:
        parent = os.path.dirname(cur)
        if parent == cur or not cur.startswith(root):
            break
        cur = parent
        if cur.startswith(root):
            out.append(cur)
    return list(reversed(out))
