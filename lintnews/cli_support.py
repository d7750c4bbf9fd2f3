"""The check command's plumbing that is not argument parsing: running files through the cache,
choosing the exit code, writing reports to files."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping

from lintnews.api import FileResult, Linter
from lintnews.cache import Cache
from lintnews.errors import InputError
from lintnews.fix import wanted
from lintnews.model import Severity
from lintnews.source import decode, read_bytes

SEVERITIES = [s.value for s in Severity]


class LazyRules(Mapping):
    """The rule table, built only when a report asks for it (a fully cached run never does)."""

    def __init__(self, load: Callable[[], dict]) -> None:
        self._load = load
        self._rules: dict | None = None

    def _get(self) -> dict:
        if self._rules is None:
            self._rules = self._load()
        return self._rules

    def __getitem__(self, key):
        return self._get()[key]

    def __iter__(self) -> Iterator:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())


def _lookup(linter: Linter, path: str, cache: Cache | None):
    """(cached result or None, cache key, text read) for a file; key None when not cacheable.

    With --fix (or --diff) a cached entry is used only when none of its findings would be fixed:
    such a file would come out unchanged, and its findings are the cached ones.
    """
    # Streamed formats (JSONL dumps) are read once, line by line; hashing them whole first would
    # hold the dump in memory, so they bypass the cache.
    from lintnews.readers import reader_for

    reader = reader_for(path, linter.options.format) if path != "-" else None
    if cache is None or not cache.enabled or reader is None or getattr(reader, "streaming", False):
        return None, None, None
    opts = linter.options
    try:
        config = linter.resolver.for_path(path)
        data = read_bytes(path)
        text = decode(data, path, config.get("encoding"), reader.declared_encoding(data)).text
    except InputError:
        return None, None, None  # the linter reports the error as it always does
    selection = {"select": opts.select, "extend-select": opts.extend_select, "ignore": opts.ignore,
                 "format": opts.format}
    key = cache.entry_key(cache.settings_key(config, selection), path, data)
    cached = cache.get(key)
    if cached is not None:
        fixing = opts.fix or opts.diff
        if not fixing or not any(wanted(d, linter.unsafe(config)) for d in cached):
            return FileResult(path, diagnostics=cached, original=text, new=text if fixing else None), key, text
    return None, key, text


def process(linter: Linter, path: str, cache: Cache | None, on_result: Callable[[FileResult], None]) -> FileResult:
    """``linter.process(path)``, answered from the cache when the file's findings are known."""
    result, key, text = _lookup(linter, path, cache)
    if result is None:
        result = linter.process(path)
        # Store only what is known to belong to the bytes hashed: no errors, no rewrite, and the
        # text the linter read is the text we read (the file did not change in between).
        if key is not None and not result.errors and not result.changed and result.original == text:
            cache.put(key, result.diagnostics)
    on_result(result)
    return result


def slim(result: FileResult, keep_text: bool, full_report: bool) -> None:
    """Drop what the report will not need, so a run over a million files holds only findings.

    The full report needs the lines around each finding for its code frame; it keeps those.
    """
    if keep_text:
        return
    result.wrote = result.changed  # remember it once the texts are gone
    if full_report and result.diagnostics:
        lines = (result.new if result.new is not None else result.original or "").split("\n")
        wanted_lines = {n for d in result.diagnostics for n in range(d.line - 2, d.line + 1)}
        result.frame = {n: lines[n] for n in wanted_lines if 0 <= n < len(lines)}
    result.original = result.new = None


_WORKER: dict = {}


def _start_worker(options, cache_folder: str | None, keep_text: bool, full_report: bool) -> None:
    _WORKER.update(linter=Linter(options), cache=Cache(cache_folder) if cache_folder else None,
                   keep_text=keep_text, full_report=full_report)


def _work(path: str) -> FileResult:
    # Slim in the worker: only findings (and frame lines) travel back to the main process.
    return process(_WORKER["linter"], path, _WORKER["cache"],
                   lambda r: slim(r, _WORKER["keep_text"], _WORKER["full_report"]))


def process_in_parallel(files: list[str], jobs: int, linter: Linter, cache: Cache | None,
                        keep_text: bool, full_report: bool) -> Iterator[FileResult]:
    """Results in the order of ``files``. Cache hits are answered here; only the files that need
    linting go to ``jobs`` worker processes (none are started when only a few do)."""
    def done(r: FileResult) -> FileResult:
        slim(r, keep_text, full_report)
        return r

    hits = [_lookup(linter, p, cache)[0] for p in files]
    misses = [p for p, hit in zip(files, hits) if hit is None]
    if len(misses) < 8:
        for path, hit in zip(files, hits):
            yield done(hit) if hit is not None else process(linter, path, cache, done)
        return
    from concurrent.futures import ProcessPoolExecutor

    folder = cache.folder if cache is not None and cache.enabled else None
    with ProcessPoolExecutor(jobs, initializer=_start_worker,
                             initargs=(linter.options, folder, keep_text, full_report)) as pool:
        linted = pool.map(_work, misses, chunksize=max(1, min(64, len(misses) // (jobs * 8))))
        for hit in hits:
            yield done(hit) if hit is not None else next(linted)


def exit_code(results: list[FileResult], errors: int, *, exit_zero: bool, fail_on: str,
              exit_non_zero_on_fix: bool) -> int:
    if errors:
        return 2
    if exit_zero:
        return 0
    if exit_non_zero_on_fix and any(r.fixed and not r.errors for r in results):
        return 1
    threshold = Severity(fail_on).rank
    failing = any(d.severity.rank >= threshold for r in results for d in r.diagnostics)
    return 1 if failing else 0


def default_cache_dir(linter: Linter) -> str:
    """Beside the configuration that governs the working folder, else in the working folder."""
    config = linter.resolver.for_path(".")
    return os.path.join(os.path.dirname(config.path) if config.path else os.getcwd(), ".lintnews_cache")
