"""Linting the files of a run: answered from the cache where possible, the rest in this process or
in worker processes. Results come back in input order, one at a time, slimmed to what the report
needs, so a run over a million files holds a few files' findings at once."""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from lintnews.api import FileResult, Linter, read_text
from lintnews.errors import InputError, LintnewsError
from lintnews.fix import wanted
from lintnews.source import read_bytes

if TYPE_CHECKING:  # imported where used: a run of one text file needs neither the ledger nor streams
    from lintnews.cache import Cache
    from lintnews.ledger import Ledger
    from lintnews.stream import Span, SpanResult

WINDOW_PER_JOB = 4  # batches in flight per worker: enough to keep them busy, few enough to hold
SMALL_RUN = 8  # files to lint (after cache hits) below which no worker is started
SPLIT_FROM = 8 << 20  # bytes; a streamed file this large is split across the workers
# Lines of a split file linted in this process before the workers start: the rules compile their
# regexes on first use, which is most of a fresh process's time on its first records; compiled
# here, they are every forked worker's from its start instead of each worker's to compile again.
WARM_LINES = 64
WARM_FILES, WARM_FILE_BYTES = 8, 1 << 20  # the same for a run of files: the first few small ones


class WorkerDied(LintnewsError):
    pass


def lookup(linter: Linter, path: str, cache: Cache | None):
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
        text = read_text(data, path, config, reader).text
    except InputError:
        return None, None, None  # the linter reports the error as it always does
    selection = {"select": opts.select, "extend-select": opts.extend_select, "ignore": opts.ignore,
                 "format": opts.format}
    key = cache.entry_key(cache.settings_key(config, selection), path, data)
    cached = cache.get(key, path, text)
    if cached is not None:
        fixing = opts.fix or opts.diff
        if not fixing or not any(wanted(d, linter.unsafe(config)) for d in linter.fixable(cached)):
            return FileResult(path, diagnostics=cached, original=text, new=text if fixing else None), key, text
    return None, key, text


def process(linter: Linter, path: str, cache: Cache | None, on_result: Callable[[FileResult], None]) -> FileResult:
    """``linter.process(path)``, answered from the cache when the file's findings are known."""
    result, key, text = lookup(linter, path, cache)
    if result is None:
        result = linter.process(path)
        # Store only what is known to belong to the bytes hashed: no errors, no rewrite, and the
        # text the linter read is the text we read (the file did not change in between).
        if key is not None and not result.errors and not result.changed and result.original == text:
            cache.put(key, result.diagnostics, path, text)
    on_result(result)
    return result


def streamed(linter: Linter, path: str) -> bool:
    from lintnews.readers import reader_for

    reader = reader_for(path, linter.options.format) if path != "-" else None
    return reader is not None and getattr(reader, "streaming", False) and not linter.options.diff


def process_parts(linter: Linter, path: str, cache: Cache | None,
                  done: Callable[[FileResult], FileResult], split: int = 1) -> Iterator[FileResult]:
    """A file's results: a streamed file (a JSONL dump) in parts, as its records are linted;
    with ``split`` > 1, a large one by that many worker processes, span by span."""
    if streamed(linter, path):
        spans = None
        if split > 1 and _size(path) >= SPLIT_FROM:
            def spans():
                return _spans_in_workers(path, split, linter)
        for part in linter.process_parts(path, spans=spans):
            yield done(part)
    else:
        yield process(linter, path, cache, done)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # the linter reports why it cannot be read


def slim(result: FileResult, keep_text: bool, frame_lines: Callable | None) -> None:
    """Drop what the report will not need: the texts, and the removed text of each fix (the
    ledger has recorded it before the write; the count of characters stays).

    The full report needs the lines around each finding for its code frame; it keeps those.
    """
    if keep_text:
        return
    for d in result.fixed:
        removed = d.extra.pop("removed", None)
        if removed is not None:
            d.extra["removed_chars"] = sum(len(t) for t in removed)
    for d in result.diagnostics:
        d.extra.pop("removed", None)
    result.wrote = result.changed  # remember it once the texts are gone
    if frame_lines is not None and result.diagnostics:
        text = result.new if result.new is not None else result.original
        if text is not None:
            lines = text.split("\n")
            if text.endswith("\n"):  # the end of the last line, not a line of its own for the frame
                lines.pop()
            wanted_lines = {n for d in result.diagnostics for n in frame_lines(d)}
            result.frame = {n: lines[n] for n in wanted_lines if 0 <= n < len(lines)}
    result.original = result.new = None


_WORKER: dict = {}


def _start_worker(options, cache_folder: str | None, keep_text: bool, frame_lines: Callable | None,
                  ledger: tuple[str, str] | None = None) -> None:
    # Ctrl-C is the main process's to handle: it lets the files in hand finish (each is written
    # whole or not at all), says how far the run got, and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from lintnews.cache import Cache
    from lintnews.keep import keep_compiled_in_worker
    from lintnews.ledger import Ledger

    keep_compiled_in_worker()

    linter = Linter(options)
    if ledger is not None:  # workers append to the run's ledger themselves, before each write
        linter.around_write = Ledger(*ledger).around_write
    _WORKER.update(linter=linter, cache=Cache(cache_folder) if cache_folder else None,
                   keep_text=keep_text, frame_lines=frame_lines)


def _work(paths: list[str]) -> list[FileResult]:
    # Slim in the worker: only findings (and frame lines) travel back to the main process.
    return [process(_WORKER["linter"], p, _WORKER["cache"],
                    lambda r: slim(r, _WORKER["keep_text"], _WORKER["frame_lines"])) for p in paths]


def lint_files(files: list[str], workers: int, linter: Linter, cache: Cache | None, keep_text: bool,
               frame_lines: Callable | None, book: Ledger | None = None, split: int = 1) -> Iterator[FileResult]:
    """Results in the order of ``files`` (a streamed file's in parts, each with ``part`` set
    but the last). ``workers`` processes share the files; ``split`` share each large streamed
    file (a JSONL dump), which is linted in its place in the order."""
    def done(r: FileResult) -> FileResult:
        slim(r, keep_text, frame_lines)
        return r

    if workers <= 1:
        for path in files:
            yield from process_parts(linter, path, cache, done, split)
        return
    # Streamed files (JSONL dumps) are linted here, part by part, in their place in the order;
    # the workers take the others.
    hits = [None if streamed(linter, p) else lookup(linter, p, cache)[0] for p in files]
    misses = [p for p, hit in zip(files, hits) if hit is None and not streamed(linter, p)]
    if len(misses) < SMALL_RUN:
        for path, hit in zip(files, hits):
            if hit is not None:
                yield done(hit)
            else:
                yield from process_parts(linter, path, cache, done, split)
        return
    linted = _in_workers(misses, workers, linter, cache, keep_text, frame_lines, book)
    try:
        for path, hit in zip(files, hits):
            if hit is not None:
                yield done(hit)
            elif streamed(linter, path):
                yield from process_parts(linter, path, cache, done, split)
            else:
                yield next(linted)
    finally:
        linted.close()  # stopped early: let the running batches finish, cancel the rest


def _span_work(path: str, span: Span) -> SpanResult:
    from lintnews.stream import lint_span

    return lint_span(_WORKER["linter"], path, span)


def _pool(jobs: int, initargs: tuple):
    from concurrent.futures import ProcessPoolExecutor

    try:
        return ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=initargs)
    except OSError as e:
        raise WorkerDied(f"cannot start {jobs} worker processes: {e.strerror or e}; "
                         "use a smaller --jobs or raise the open-file limit (ulimit -n)") from None


def _spans_in_workers(path: str, jobs: int, linter: Linter) -> Iterator[SpanResult]:
    """The spans of a streamed file linted by ``jobs`` processes, results in file order, a
    bounded number in flight."""
    from concurrent.futures.process import BrokenProcessPool

    from lintnews.stream import cut_spans, lint_span

    spans = cut_spans(path, WARM_LINES)
    head = next(spans, None)
    if head is None:
        return
    yield lint_span(linter, path, head)
    pool = _pool(jobs, (linter.options, None, True, None, None))
    window: deque = deque()
    finished = False
    try:
        for span in spans:
            window.append(pool.submit(_span_work, path, span))
            if len(window) >= jobs * WINDOW_PER_JOB:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
        finished = True
    except BrokenProcessPool:
        raise WorkerDied(f"a worker process died (out of memory, or killed); run stopped, "
                         f"try a smaller --jobs than {jobs}") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=not finished)


def _in_workers(paths: list[str], jobs: int, linter: Linter, cache: Cache | None, keep_text: bool,
                frame_lines: Callable | None, book: Ledger | None) -> Iterator[FileResult]:
    """Batches of ``paths`` through ``jobs`` processes, a bounded number in flight: results
    finished ahead of the report never pile up in memory. When the caller stops early (Ctrl-C),
    batches not started are cancelled and those running finish."""
    from concurrent.futures.process import BrokenProcessPool

    # The first few small files are linted here before the workers are forked (see WARM_LINES).
    warm = 0
    while warm < min(WARM_FILES, len(paths) - 1) and _size(paths[warm]) < WARM_FILE_BYTES:
        yield process(linter, paths[warm], cache, lambda r: slim(r, keep_text, frame_lines))
        warm += 1
    paths = paths[warm:]
    folder = cache.folder if cache is not None and cache.enabled else None
    size = max(1, min(64, len(paths) // (jobs * 8)))
    batches = (paths[i:i + size] for i in range(0, len(paths), size))
    pool = _pool(jobs, (linter.options, folder, keep_text, frame_lines,
                        (book.path, book.run) if book is not None else None))
    window: deque = deque()
    current: deque = deque()  # the results of the batch being handed on
    finished = False
    try:
        for batch in batches:
            window.append(pool.submit(_work, batch))
            if len(window) >= jobs * WINDOW_PER_JOB:
                current.extend(window.popleft().result())
                while current:
                    yield current.popleft()
        while window:
            current.extend(window.popleft().result())
            while current:
                yield current.popleft()
        finished = True
    except BrokenProcessPool:
        raise WorkerDied(f"a worker process died (out of memory, or killed); run stopped, "
                         f"try a smaller --jobs than {jobs}") from None
    except OSError as e:
        raise WorkerDied(f"cannot start {jobs} worker processes: {e.strerror or e}; "
                         "use a smaller --jobs or raise the open-file limit (ulimit -n)") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=not finished)
        if not finished:
            # Stopped early: the batches that were running have finished their files; hand
            # their results to whoever counts what was written.
            late = list(current) + [r for f in window if f.done() and not f.cancelled()
                                    and f.exception() is None for r in f.result()]
            _LATE[:] = late


_LATE: list[FileResult] = []  # results of batches that finished after the run was interrupted


def late_results() -> list[FileResult]:
    out = list(_LATE)
    _LATE.clear()
    return out
