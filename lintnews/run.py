"""One `lintnews check` (or `clean`) run: find the files, lint them through the cache and worker
processes, keep the ledger, drop baselined findings, and print the report, summary and exit code.

The command line only parses options; everything a run does is here, free of typer.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from rich.console import Console
from rich.markup import escape

from lintnews import report
from lintnews.api import FileResult, Linter, Options
from lintnews.baseline import Baseline, BaselineError, IgnoreFile, ignore_file_path
from lintnews.cache import Cache, is_cache_folder
from lintnews.errors import InputError, LintnewsError
from lintnews.files import discover
from lintnews.fix import wanted
from lintnews.ledger import Ledger
from lintnews.model import Severity
from lintnews.outfile import AtomicFile
from lintnews.source import decode, read_bytes

SEVERITIES = [s.value for s in Severity]
MARKUP_FORMATS = {"full", "concise"}
PROGRESS_FROM = 50  # files; fewer finish before a progress bar is worth drawing
PARALLEL_FROM = 50  # files; below this (without --jobs) starting workers costs more than it saves
FDS_PER_WORKER = 2  # pipes a worker process holds open in the main one (measured: 2 each)
FDS_PER_RUN = 24  # the pool's own pipes plus the files a run holds open at once, with room to spare


class UsageError(LintnewsError):
    """Options that cannot go together, or a run that cannot start: exit 2 before any file is touched."""


@dataclass
class RunOptions:
    paths: list[str] = field(default_factory=list)
    lint: Options = field(default_factory=Options)
    output_format: str = "full"
    output_file: str | None = None
    exit_zero: bool = False
    exit_non_zero_on_fix: bool = False
    fail_on: str | None = None
    statistics: bool = False
    quiet: bool = False
    baseline: str | None = None
    write_baseline: str | None = None
    ledger: str | None = None
    add_ignore: str | None = None  # the reason the current findings are accepted
    jobs: int = 0
    no_cache: bool = False
    cache_dir: str | None = None


def consoles() -> tuple[Console, Console]:
    return Console(highlight=False, soft_wrap=True), Console(stderr=True, highlight=False, soft_wrap=True)


def check(opts: RunOptions) -> int:
    """Run a check; the exit code."""
    out, err = consoles()
    try:
        return _check(opts, out, err)
    except LintnewsError as e:  # bad options, config, baseline or ledger
        err.print(f"error: {e}", markup=False)
        return 2


def _refuse_bad_options(opts: RunOptions) -> None:
    from lintnews.readers import formats

    lint = opts.lint
    if opts.output_format not in report.names():
        raise UsageError(f"unknown output format {opts.output_format!r}; choose from {', '.join(report.names())}")
    if lint.format and lint.format not in formats():
        raise UsageError(f"unknown format {lint.format!r}; choose from {', '.join(formats())}")
    if opts.fail_on is not None and opts.fail_on not in SEVERITIES:
        raise UsageError(f"--fail-on must be one of {', '.join(SEVERITIES)}, not {opts.fail_on!r}")
    if opts.ledger and not lint.fix:
        raise UsageError("--ledger records applied fixes; use it with --fix")
    if opts.ledger and lint.diff:
        raise UsageError("--ledger records applied fixes, and --diff applies none")
    if opts.add_ignore is not None and (lint.fix or lint.diff or opts.write_baseline):
        raise UsageError("--add-ignore accepts findings as they are; do not combine it with --fix, --diff "
                         "or --write-baseline")
    if opts.add_ignore is not None and not opts.add_ignore.strip():
        raise UsageError("--add-ignore needs a reason, e.g. --add-ignore 'quoted on purpose'")
    if opts.write_baseline and (lint.fix or lint.diff):
        raise UsageError("--write-baseline records findings as they are; do not combine it with --fix or --diff")
    if opts.jobs < 0 or opts.jobs > max_jobs():
        raise UsageError(f"--jobs {opts.jobs}: choose 0 (every core) up to {max_jobs()} "
                         "(four per core, at least 64)")
    if opts.jobs > 1:
        fit = jobs_that_fit()
        if opts.jobs > fit:
            raise UsageError(f"--jobs {opts.jobs} needs more open files than the limit allows "
                             f"(ulimit -n {_fd_limit()}); use --jobs {max(fit, 1)} or raise the limit")


def max_jobs() -> int:
    return max(64, 4 * (os.cpu_count() or 1))


def _fd_limit() -> int | None:
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, OSError, ValueError):
        return None
    return None if soft == resource.RLIM_INFINITY else soft


def jobs_that_fit() -> int:
    """How many worker processes the open-file limit leaves room for: each costs two pipes in
    this process, and a run needs some files of its own (articles, cache, report, ledger)."""
    limit = _fd_limit()
    if limit is None:
        return max_jobs()
    try:
        in_use = len(os.listdir("/proc/self/fd"))
    except OSError:
        in_use = 16
    return max(0, (limit - in_use - FDS_PER_RUN) // FDS_PER_WORKER)


def _check(opts: RunOptions, out: Console, err: Console) -> int:
    _refuse_bad_options(opts)
    # Everything that can refuse the run does so before a single file is touched.
    if opts.baseline and opts.lint.baseline is None:
        from dataclasses import replace

        opts.lint = replace(opts.lint, baseline=opts.baseline)  # never fixed, not only not reported
    linter = Linter(opts.lint)
    linter.accepted()  # a broken baseline or ignore file stops the run before any file is touched
    fail_on = opts.fail_on or linter.resolver.for_path(".").get("fail-on", "info")
    known = Baseline.load(opts.baseline) if opts.baseline else None
    cache = None if opts.no_cache else Cache(opts.cache_dir or default_cache_dir(linter))
    errors: list[LintnewsError] = []
    # Opened now, so a missing or unwritable report folder stops the run before any file is fixed.
    report_file = _open_report(opts.output_file) if opts.output_file else None
    try:
        return _run(opts, linter, fail_on, known, cache, errors, report_file, out, err)
    finally:
        if report_file is not None:
            report_file.abort()  # does nothing once the report is committed


def _open_report(path: str) -> AtomicFile:
    try:
        return AtomicFile(path)
    except OSError as e:
        raise UsageError(f"{path}: cannot write report: {e.strerror or e}") from None


def _run(opts: RunOptions, linter: Linter, fail_on: str, known: Baseline | None, cache: Cache | None,
         errors: list[LintnewsError], report_file: AtomicFile | None, out: Console, err: Console) -> int:
    book = Ledger(opts.ledger) if opts.ledger else None
    try:
        files = list(discover(opts.paths or ["."], linter.resolver, errors))
        results = list(_lint_all(linter, files, cache, opts, err, book))
    finally:
        if book is not None:
            book.close()
    errors += [e for r in results for e in r.errors]
    if cache is not None and cache.warning:
        err.print(f"warning: {cache.warning}", markup=False)

    filter_failed = False
    if "-" in files and opts.lint.fix and not opts.lint.diff:
        filter_failed = _write_fixed_stdin(results, opts.lint.stdin_filename)
        out = err  # the fixed text owns stdout; the report goes to stderr
    if opts.lint.diff:
        return _show_diff(results, errors, out, err, opts.quiet)
    accepted = next((k for k in linter.accepted() if isinstance(k, IgnoreFile)), None)
    ignored = _drop_baselined(results, accepted)
    if opts.add_ignore is not None:
        return _add_ignore(linter, accepted, opts.add_ignore, results, errors, err, opts.quiet)
    if opts.write_baseline:
        return _write_baseline(opts.write_baseline, results, errors, err, opts.quiet)

    baselined = _drop_baselined(results, known)
    first = files[0] if files else None
    unsafe = linter.unsafe(linter.resolver.for_path(first)) if first else bool(opts.lint.unsafe_fixes)
    rules_config = linter.resolver.for_path(first if first and first != "-" else ".")
    rules = LazyRules(lambda: _all_rules(rules_config))
    ctx = report.ReportContext(fix=opts.lint.fix, unsafe=unsafe, rules=rules,
                               color=out.is_terminal and not opts.output_file)
    _emit_report(opts, results, ctx, out, report_file)
    for e in errors:
        err.print(f"error: {e}", markup=False)
    remaining = [d for r in results for d in r.diagnostics]
    # With --output-file the terminal is free for the summary whatever the report's format.
    if opts.output_format in MARKUP_FORMATS or opts.output_file:
        if opts.statistics:
            _statistics(out, remaining, rules, ctx)
        # A filter that passed its input through says why in its one error line, nothing more.
        if not opts.quiet and not filter_failed:
            _summary(out, results, remaining, ctx, len(errors))
            if baselined:
                out.print(f"{baselined} finding(s) already in the baseline were not reported.")
            if ignored:
                out.print(f"{ignored} finding(s) accepted in {escape(accepted.shown)} were not reported.")
            if opts.output_file:
                out.print(f"Report written to {escape(opts.output_file)} ({opts.output_format}).")
    return exit_code(results, len(errors), exit_zero=opts.exit_zero, fail_on=fail_on,
                     exit_non_zero_on_fix=opts.exit_non_zero_on_fix)


def _all_rules(config) -> dict:
    from lintnews.registry import all_rules

    return all_rules(config)


# -- linting ---------------------------------------------------------------------------------
def _lint_all(linter: Linter, files: list[str], cache: Cache | None, opts: RunOptions, err: Console,
              book: Ledger | None) -> Iterator[FileResult]:
    keep_text = opts.lint.diff or "-" in files
    full_report = opts.output_format == "full"
    # Without --jobs, use as many cores as the open-file limit leaves room for.
    workers = opts.jobs or min(os.cpu_count() or 1, jobs_that_fit())
    if "-" in files or len(files) < (2 if opts.jobs else PARALLEL_FROM):
        workers = 1
    if book is not None:  # each file's fixes are recorded before the file is replaced
        linter.around_write = book.around_write
    if workers > 1:
        many: Iterable[FileResult] = process_in_parallel(files, workers, linter, cache, keep_text, full_report,
                                                         book)
    else:
        many = (process(linter, p, cache, lambda r: slim(r, keep_text, full_report)) for p in files)
    for r in _progress(many, len(files), err, opts.quiet):
        if book is not None and r.raw is not None and r.changed and not r.errors:
            book.record(r.fixed, r.original, r.new)  # stdin: no file is replaced, the fixed text goes to stdout
        yield r


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
    cached = cache.get(key, path, text)
    if cached is not None:
        fixing = opts.fix or opts.diff
        if not fixing or not any(wanted(d, linter.unsafe(config)) for d in linter.fixable(cached)):
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
            cache.put(key, result.diagnostics, path, text)
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


def _start_worker(options, cache_folder: str | None, keep_text: bool, full_report: bool,
                  ledger: tuple[str, str] | None = None) -> None:
    linter = Linter(options)
    if ledger is not None:  # workers append to the run's ledger themselves, before each write
        linter.around_write = Ledger(*ledger).around_write
    _WORKER.update(linter=linter, cache=Cache(cache_folder) if cache_folder else None,
                   keep_text=keep_text, full_report=full_report)


def _work(path: str) -> FileResult:
    # Slim in the worker: only findings (and frame lines) travel back to the main process.
    return process(_WORKER["linter"], path, _WORKER["cache"],
                   lambda r: slim(r, _WORKER["keep_text"], _WORKER["full_report"]))


def process_in_parallel(files: list[str], jobs: int, linter: Linter, cache: Cache | None,
                        keep_text: bool, full_report: bool, book: Ledger | None = None) -> Iterator[FileResult]:
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
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(jobs, initializer=_start_worker,
                                 initargs=(linter.options, folder, keep_text, full_report,
                                           (book.path, book.run) if book is not None else None)) as pool:
            linted = pool.map(_work, misses, chunksize=max(1, min(64, len(misses) // (jobs * 8))))
            for hit in hits:
                yield done(hit) if hit is not None else next(linted)
    except BrokenProcessPool:
        raise UsageError(f"a worker process died (out of memory, or killed); run stopped, "
                         f"try a smaller --jobs than {jobs}") from None
    except OSError as e:
        raise UsageError(f"cannot start {jobs} worker processes: {e.strerror or e}; "
                         "use a smaller --jobs or raise the open-file limit (ulimit -n)") from None


def _progress(results: Iterable[FileResult], total: int, err: Console, quiet: bool) -> Iterator[FileResult]:
    """Pass results through; a batch run in a terminal shows its progress on stderr."""
    if quiet or not err.is_terminal or total < PROGRESS_FROM:
        yield from results
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("Linting", total=total)
        for r in results:
            yield r
            bar.advance(task)


# -- what the run prints and writes ---------------------------------------------------------
def _write_fixed_stdin(results: list[FileResult], stdin_filename: str | None) -> bool:
    """Write the fixed stdin to stdout; True when it could not be fixed and went out unchanged."""
    result = next(r for r in results if r.path == (stdin_filename or "-"))
    if result.errors or result.raw is None or result.new is None:
        data = result.data or b""  # a filter that cannot fix its input passes it through as it came
    else:
        data = result.raw.encode(result.new)
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    return bool(result.errors)


def _show_diff(results: list[FileResult], errors: list[LintnewsError], out: Console, err: Console,
               quiet: bool) -> int:
    for r in results:
        if r.changed:
            out.print(unified_diff(r.path, r.original, r.new), markup=False, end="")
    for e in errors:
        err.print(f"error: {e}", markup=False)
    changed = sum(r.changed for r in results)
    if not quiet:
        fixes = sum(len(r.fixed) for r in results)
        err.print(f"Would fix {fixes} finding(s) in {changed} file(s).", markup=False)
    return 2 if errors else (1 if changed else 0)


def unified_diff(path: str, old: str, new: str) -> str:
    """A diff that `git apply` and `patch -p1` take: `a/x` paths as git writes them, and the
    "No newline at end of file" marker after a last line without one."""
    name = os.path.normpath(path)
    if os.path.isabs(name):
        inside = os.path.relpath(name)
        name = name if inside.startswith(os.pardir) else inside
    name = name.replace(os.sep, "/")
    lines = []
    for line in difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                     fromfile=f"a/{name}", tofile=f"b/{name}"):
        lines.append(line)
        if not line.endswith("\n"):
            lines.append("\n\\ No newline at end of file\n")
    return "".join(lines)


def _write_baseline(path: str, results: list[FileResult], errors: list[LintnewsError], err: Console,
                    quiet: bool) -> int:
    folder = os.path.dirname(os.path.abspath(path))
    try:
        old = Baseline.load(path) if os.path.exists(path) else Baseline(folder)
    except BaselineError:
        old = Baseline(folder)  # being replaced anyway
    linted = [r.path for r in results if not r.errors]
    diags = [d for r in results if not r.errors for d in r.diagnostics]
    new = old.rewritten(diags, linted)
    new.write(path)
    for e in errors:
        err.print(f"error: {e}", markup=False)
    if not quiet:
        files = len({p for p, _, _ in new.counts})
        err.print(f"Wrote {sum(new.counts.values())} finding(s) in {files} file(s) to {path}.", markup=False)
    return 2 if errors else 0


def _add_ignore(linter: Linter, accepted: IgnoreFile | None, reason: str, results: list[FileResult],
                errors: list[LintnewsError], err: Console, quiet: bool) -> int:
    """Accept the findings of this run in the ignore file, with ``reason``."""
    book = accepted or IgnoreFile(ignore_file_path(linter.resolver.for_path(".")))
    added = book.add([d for r in results if not r.errors for d in r.diagnostics], reason.strip())
    book.write()
    for e in errors:
        err.print(f"error: {e}", markup=False)
    if not quiet:
        err.print(f"Accepted {added} finding(s) in {book.shown} ({len(book.reasons)} in all).", markup=False)
    return 2 if errors else 0


def _drop_baselined(results: list[FileResult], known: Baseline | IgnoreFile | None) -> int:
    """Remove the findings the baseline knows; how many were removed."""
    if known is None:
        return 0
    dropped = 0
    for r in results:
        r.diagnostics, n = known.filter(r.diagnostics)
        dropped += n
    return dropped


def _emit_report(opts: RunOptions, results: list[FileResult], ctx: report.ReportContext, out: Console,
                 report_file: AtomicFile | None) -> None:
    text = report.render(opts.output_format, results, ctx)
    if report_file is not None:
        try:
            report_file.write(text)
            report_file.commit()
        except OSError as e:
            raise UsageError(f"{opts.output_file}: cannot write report: {e.strerror or e}") from None
    elif text:
        if ctx.color and opts.output_format in MARKUP_FORMATS:
            out.print(text, end="" if text.endswith("\n") else "\n")
        else:
            out.file.write(text if text.endswith("\n") else text + "\n")
            out.file.flush()


def _statistics(out: Console, remaining, rules: Mapping, ctx: report.ReportContext) -> None:
    counts = Counter(d.code for d in remaining)
    fixable = {d.code for d in remaining if report.is_fixable(d, ctx)}
    for code, n in counts.most_common():
        mark = "[*]" if code in fixable else "   "
        name = rules[code].name if code in rules else ""
        out.print(f"{n:>5}  {code:<7} {escape(mark)} {name}")


def _summary(out: Console, results: list[FileResult], remaining, ctx: report.ReportContext,
             errors: int = 0) -> None:
    fixed = sum(len(r.fixed) for r in results)
    files = len({d.path for d in remaining} | {r.path for r in results if r.fixed})
    failed = f" {errors} error(s)." if errors else ""
    if not remaining and errors:
        # Never "all checks passed" beside an error: some files were not checked at all.
        read = sum(1 for r in results if not r.errors)
        done = f"Fixed {fixed} finding(s); no" if fixed else "No"
        out.print(f"{done} findings in the {read} file(s) read;{failed}", markup=False)
        return
    if not remaining:
        msg = f"Fixed {fixed} finding(s); all checks passed!" if fixed else "All checks passed!"
        out.print(f"[green]{msg}[/]")
        return
    parts = [f"Found {len(remaining) + fixed} finding(s) in {files} of {len(results)} file(s)"]
    if fixed:
        parts.append(f" ({fixed} fixed, {len(remaining)} remaining)")
    safe = sum(wanted(d, False) for d in remaining)
    unsafe = sum(wanted(d, True) for d in remaining) - safe
    tail = []
    if safe and not ctx.fix:
        tail.append(f"{safe} fixable with --fix")
    if unsafe and not ctx.unsafe:
        tail.append(f"{unsafe} more with --unsafe-fixes")
    out.print("".join(parts) + "." + (f" [cyan]{'; '.join(tail)}.[/]" if tail else "") + failed)


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


# -- the cache folder ------------------------------------------------------------------------
def default_cache_dir(linter: Linter) -> str:
    """Beside the configuration that governs the working folder, else in the working folder."""
    config = linter.resolver.for_path(".")
    return os.path.join(os.path.dirname(config.path) if config.path else os.getcwd(), ".lintnews_cache")


def clean(cache_dir: str | None, config: str | None) -> int:
    """Remove the cache folder (only one lintnews made); the exit code."""
    import shutil

    out, err = consoles()
    try:
        folder = cache_dir or default_cache_dir(Linter(Options(config=config)))
    except LintnewsError as e:
        err.print(f"error: {e}", markup=False)
        return 2
    if not os.path.lexists(folder):
        out.print(f"No cache at {escape(folder)}.")
        return 0
    # Only a folder lintnews made: --cache-dir pointing at the wrong place must not cost data.
    if not os.path.isdir(folder) or os.path.islink(folder) or not is_cache_folder(folder):
        err.print(f"error: {folder}: not a lintnews cache folder (no CACHEDIR.TAG written by lintnews); "
                  "left alone", markup=False)
        return 2
    try:
        shutil.rmtree(folder)
    except OSError as e:
        err.print(f"error: {folder}: cannot remove: {e.strerror or e}", markup=False)
        return 2
    out.print(f"Removed {escape(folder)}.")
    return 0
