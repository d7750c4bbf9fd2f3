"""One `lintnews check` (or `clean`) run: find the files, lint them through the cache and worker
processes, keep the ledger, drop baselined findings, and print the report, summary and exit code.

The command line only parses options; everything a run does is here, free of typer.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lintnews import report
from lintnews.api import FileResult, Linter, Options
from lintnews.config import relative_to
from lintnews.errors import LintnewsError
from lintnews.files import discover
from lintnews.report import printable
from lintnews.report.summary import (Tally, exit_code, plural, removed, show_fixes,
                                     statistics, summary)
from lintnews.report.text import frame_lines
from lintnews.run.console import Console
from lintnews.run.options import UsageError, jobs_that_fit, refuse_bad_options, refuse_writing_over_an_article
from lintnews.run.output import (Interrupt, Sink, add_ignore, diff_summary, ignore_file, write_baseline, write_bytes,
                                 write_fixed_stdin)
from lintnews.run.progress import progress
from lintnews.run.parallel import WorkerDied, late_results, lint_files

# What only some runs use (a baseline, the cache, a ledger, a report file, diffs, the settings)
# is imported by those runs: a plain check of one file starts without them.
if TYPE_CHECKING:
    from lintnews.baseline import Baseline
    from lintnews.cache import Cache
    from lintnews.ledger import Ledger
    from lintnews.outfile import AtomicFile

# Info findings are report-only (a byline, an "Updated:" line): they inform, nothing needs fixing,
# so by default they do not fail a run (and a pre-commit hook does not block a commit for them).
DEFAULT_FAIL_ON = "warning"
MARKUP_FORMATS = {"full", "concise"}
PARALLEL_FROM = 50  # files; below this (without --jobs) starting workers costs more than it saves


@dataclass
class RunOptions:
    """A check run's options: the linter's, and what the run reports, writes and exits with."""
    paths: list[str] = field(default_factory=list)
    lint: Options = field(default_factory=Options)
    output_format: str = "full"
    output_file: str | None = None
    exit_zero: bool = False
    exit_non_zero_on_fix: bool = False
    fail_on: str | None = None
    statistics: bool = False
    group_by: str | None = None  # --statistics per "language" or "site"
    quiet: bool = False
    baseline: str | None = None
    write_baseline: str | None = None
    ledger: str | None = None
    add_ignore: str | None = None  # the reason the current findings are accepted
    jobs: int = 0
    no_cache: bool = False
    cache_dir: str | None = None
    show_fixes: bool = False
    fix_only: bool = False  # apply fixes, report nothing that remains
    show_settings: bool = False
    show_files: bool = False


def consoles() -> tuple[Console, Console]:
    return Console(), Console(stderr=True)


def check(opts: RunOptions) -> int:
    """Run a check; the exit code."""
    out, err = consoles()
    try:
        return _check(opts, out, err)
    except LintnewsError as e:  # bad options, config, baseline or ledger
        err.error(e)
        return 2


def _check(opts: RunOptions, out: Console, err: Console) -> int:
    refuse_bad_options(opts)
    if opts.group_by:
        opts.statistics = True  # --group-by is a way of counting: it asks for the counts
    # Everything that can refuse the run does so before a single file is touched.
    if opts.baseline and opts.lint.baseline is None:
        from dataclasses import replace

        opts.lint = replace(opts.lint, baseline=opts.baseline)  # never fixed, not only not reported
    linter = Linter(opts.lint)
    linter.accepted()  # a broken baseline or ignore file stops the run before any file is touched
    if not opts.paths and not opts.quiet and not (opts.show_settings or opts.show_files):
        err.print("No paths given: checking . (the working folder)", markup=False)
    if opts.show_settings:
        from lintnews.run.settings import show_settings

        return show_settings(linter, opts.paths or ["."], out)
    fail_on = opts.fail_on or linter.resolver.for_path(".").get("fail-on", DEFAULT_FAIL_ON)
    known = None
    if opts.baseline:
        from lintnews.baseline import Baseline

        known = Baseline.load(opts.baseline)
    cache = None
    if not opts.no_cache:
        from lintnews.cache import Cache

        cache = Cache(opts.cache_dir or default_cache_dir(linter))
    errors: list[LintnewsError] = []
    # Opened now, so a missing or unwritable report folder stops the run before any file is fixed.
    report_file = _open_report(opts.output_file) if opts.output_file else None
    if opts.output_file and not os.path.splitext(opts.output_file)[1] and report.known(opts.output_file):
        # `check -o concise`: -o is where the report goes (as ruff's), not its format.
        err.warning(f"the report is written to a file named {opts.output_file!r}; "
                    f"`--output-format {opts.output_file}` chooses the format")
    try:
        return _run(opts, linter, fail_on, known, cache, errors, report_file, out, err)
    finally:
        if report_file is not None:
            report_file.abort()  # does nothing once the report is committed


def _open_report(path: str) -> AtomicFile:
    from lintnews.outfile import AtomicFile

    try:
        return AtomicFile(path)
    except OSError as e:
        raise UsageError(f"{path}: cannot write report: {e.strerror or e}") from None


def _configs_used(linter: Linter, files: list[str], err: Console) -> None:
    """Name the configurations found beside the files (not the working folder's, which a user
    expects): a folder's own lintnews.toml changes what is reported there."""
    if linter.options.config:
        return
    home = linter.resolver.for_path(".").path
    seen: list[str] = []
    folders: set[str] = set()
    for path in files:
        folder = os.path.dirname(path)
        if path == "-" or folder in folders:
            continue
        folders.add(folder)
        found = linter.resolver.for_path(path).path
        if found and found != home and found not in seen:
            seen.append(found)
    for path in seen:
        err.print(f"Using configuration {relative_to(path, '.', inside_only=True)}", markup=False)


def _run(opts: RunOptions, linter: Linter, fail_on: str, known: Baseline | None, cache: Cache | None,
         errors: list[LintnewsError], report_file: AtomicFile | None, out: Console, err: Console) -> int:
    skipped: list[LintnewsError] = []
    files = list(discover(opts.paths or ["."], linter.resolver, errors, skipped))
    for notice in skipped:
        err.warning(notice)
    if opts.show_files:
        for e in errors:
            err.error(e)
        for path in sorted(files):
            out.file.write(printable(path) + "\n")
        return 2 if errors else 0
    refuse_writing_over_an_article(opts, files)
    if not files and not errors and not opts.quiet:
        # As ruff does: a run that found nothing to read says so, not only "All checks passed!"
        err.print("warning: no files to check under the given paths (lintnews reads .txt, .md, .markdown, "
                  ".html, .htm, .jsonl and .ndjson files; compressed ones are not read)", markup=False)
    stdin_fix = "-" in files and opts.lint.fix and not opts.lint.diff
    if stdin_fix:
        out = err  # the fixed text owns stdout; the report goes to stderr
    first = files[0] if files else None
    unsafe = linter.unsafe(linter.resolver.for_path(first)) if first else bool(opts.lint.unsafe_fixes)
    rules_config = linter.resolver.for_path(first if first and first != "-" else ".")
    rules = LazyRules(lambda: _all_rules(rules_config, linter, files))
    adding = opts.add_ignore is not None
    silent = opts.statistics or opts.fix_only or opts.lint.diff or opts.write_baseline or adding
    ctx = report.ReportContext(fix=opts.lint.fix, unsafe=unsafe, rules=rules,
                               color=out.is_terminal and not out.no_color and not opts.output_file)
    rep = None if silent else report.reporter(opts.output_format, ctx)
    sink = Sink(out, report_file)
    tally = Tally(keep_fixes_by_file=opts.show_fixes, group_by=opts.group_by)
    book = None
    if opts.ledger:
        from lintnews.ledger import Ledger

        book = Ledger(opts.ledger)
    baseline_diags: list = []
    accepted = ignore_file(linter)
    to_accept: list = []  # with --add-ignore: the findings of files read whole
    pending: list = []  # the findings of the streamed file whose parts are coming
    budget: Counter | None = None  # what the baseline still excuses in the file being reported
    changed = 0
    # A report streaming to the terminal is the run's progress; a bar would fight it for the screen.
    bar = err if not (rep is not None and report_file is None and out.is_terminal) else None
    results = _lint_all(linter, files, cache, opts, book)
    if opts.lint.diff:
        from lintnews.run.diffs import diff_for
    stop = Interrupt()
    try:
        if rep is not None:
            sink.write(rep.head())
        for r in progress(results, len(files), bar, opts.quiet):
            errors += r.errors
            if stdin_fix and r.raw is not None or (stdin_fix and r.path == (opts.lint.stdin_filename or "-")):
                write_fixed_stdin(r)
            if opts.lint.diff:
                if r.changed:
                    changed += 1
                    write_bytes(out.file, diff_for(r))
                tally.add(r, ctx)
            elif opts.write_baseline:
                pending.extend(r.diagnostics)
                if not r.part:
                    if not r.errors:  # a file that could not be read whole keeps its old entries
                        baseline_diags.append((r.path, pending))
                    pending = []
            else:
                if accepted is not None:
                    r.diagnostics, n = accepted.filter(r.diagnostics)
                    tally.ignored += n
                if adding:
                    pending.extend(r.diagnostics)
                    if not r.part:
                        if not r.errors:
                            to_accept.extend(pending)
                        pending = []
                    continue
                if known is not None:
                    budget = budget if budget is not None else Counter(known.counts)
                    r.diagnostics, n = known.filter(r.diagnostics, budget)
                    tally.baselined += n
                    if not r.part:
                        budget = None
                tally.add(r, ctx)
                if rep is not None:
                    for piece in rep.pieces(r):
                        sink.write(piece)
            stop.check()  # after the result is counted: its file is already written
    except KeyboardInterrupt:
        results.close()
        for r in late_results():
            tally.add(r, ctx)
        _interrupted(err, tally, len(files), opts)
        return 130
    finally:
        stop.restore()
        results.close()
        if book is not None:
            book.close()
    if cache is not None and cache.warning:
        err.print(f"warning: {cache.warning}", markup=False)
    if opts.lint.diff:
        return diff_summary(tally, changed, errors, err, opts.quiet)
    if opts.write_baseline:
        return write_baseline(opts.write_baseline, baseline_diags, errors, err, opts.quiet)
    if adding:
        return add_ignore(linter, accepted, opts.add_ignore, to_accept, errors, err, opts.quiet)
    if rep is not None:
        sink.write(rep.tail())
        notice = getattr(rep, "notice", lambda: None)()
        if notice:
            err.print(f"warning: {notice}", markup=False)
    elif opts.statistics:
        sink.write(statistics(tally, rules, opts.output_format))
    sink.commit(opts.output_file)
    if not opts.quiet:
        _configs_used(linter, files, err)
    for e in errors:
        err.error(e)
    # With --output-file the terminal is free for the summary whatever the report's format.
    if opts.output_format in MARKUP_FORMATS or opts.output_file or opts.fix_only:
        if opts.show_fixes:
            out.print(show_fixes(tally, rules), markup=False, end="")
        # A filter that passed its input through says why in its one error line, nothing more.
        if not opts.quiet and not (stdin_fix and errors):
            _print_summary(opts, tally, ctx, rules, errors, out)
    if opts.fix_only:
        return 2 if errors else (1 if opts.exit_non_zero_on_fix and tally.rewritten else 0)
    return exit_code(tally, len(errors), exit_zero=opts.exit_zero, fail_on=fail_on,
                     exit_non_zero_on_fix=opts.exit_non_zero_on_fix)


def _print_summary(opts: RunOptions, tally: Tally, ctx, rules, errors, out: Console) -> None:
    if opts.fix_only:
        left = f" ({plural(tally.remaining, 'finding')} left, not reported)" if tally.remaining else ""
        out.print(f"Fixed {plural(tally.fixed, 'finding')}{left}.", markup=False)
    else:
        style, text = summary(tally, ctx, len(errors))
        out.print(text, markup=False, style=style or None)
    if tally.ignored:
        out.print(f"{plural(tally.ignored, 'finding')} accepted in the ignore file "
                  f"{'was' if tally.ignored == 1 else 'were'} not reported.", markup=False)
    if tally.baselined:
        out.print(f"{plural(tally.baselined, 'finding')} already in the baseline "
                  f"{'was' if tally.baselined == 1 else 'were'} not reported.", markup=False)
    if tally.fixed and not opts.show_fixes and tally.files > 1:
        out.print(removed(tally, rules, opts.ledger), markup=False, end="")
    elif tally.fixed and opts.ledger:
        out.print(f"Ledger: {opts.ledger}", markup=False)
    if opts.output_file:
        out.print(f"Report written to {opts.output_file} ({opts.output_format}).", markup=False)


def _interrupted(err: Console, tally: Tally, total: int, opts: RunOptions) -> None:
    """Ctrl-C: each file is untouched or fully fixed (every write is atomic); say how far the
    run got and what it rewrote."""
    what = f"Interrupted after {tally.files:,} of {plural(total, 'file')}"
    if opts.lint.fix and not opts.lint.diff:
        what += f"; {plural(tally.rewritten, 'file')} rewritten, every other file untouched"
        if opts.ledger:
            what += f" (the ledger {opts.ledger} lists each removal)"
    err.print(what + ".", markup=False)


def _all_rules(config, linter: Linter | None = None, files: Iterable[str] = ()) -> dict:
    """Every rule the run's configurations know, ``config``'s first: a pack that one folder's
    configuration loads names its rules in the statistics and summaries too."""
    from lintnews.registry import all_rules

    table = dict(all_rules(config))
    if linter is not None:
        seen = {id(config)}
        for path in files:
            other = linter.resolver.for_path(path if path != "-" else ".")
            if id(other) not in seen:
                seen.add(id(other))
                for code, rule in all_rules(other).items():
                    table.setdefault(code, rule)
    return table


# -- linting ---------------------------------------------------------------------------------
def _lint_all(linter: Linter, files: list[str], cache: Cache | None, opts: RunOptions,
              book: Ledger | None) -> Iterator[FileResult]:
    keep_text = opts.lint.diff or "-" in files
    lines = frame_lines if opts.output_format == "full" and not opts.statistics else None
    # Without --jobs, use as many cores as the open-file limit leaves room for.
    # A large JSONL dump is split across them whatever the number of files.
    cores = opts.jobs or min(os.cpu_count() or 1, jobs_that_fit())
    workers = cores
    if "-" in files or len(files) < (2 if opts.jobs else PARALLEL_FROM):
        workers = 1
    if book is not None:  # each file's fixes are recorded before the file is replaced
        linter.around_write = book.around_write
    many = lint_files(files, workers, linter, cache, keep_text, lines, book, split=cores)
    try:
        for r in many:
            if book is not None and r.raw is not None and r.changed and not r.errors:
                book.record(r.fixed, r.original, r.new)  # stdin: no file is replaced, the fixed text goes to stdout
            yield r
    except WorkerDied as e:
        raise UsageError(str(e)) from None
    finally:
        many.close()


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
