"""The `lintnews` command."""

from __future__ import annotations

import difflib
import os
import sys
from collections import Counter
from typing import Annotated, NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from lintnews import __version__
from lintnews.api import FileResult, Linter, Options
from lintnews.errors import ConfigError, LintnewsError
from lintnews.files import discover

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Lint and clean scraped news articles (text, Markdown, HTML, JSONL).",
                  pretty_exceptions_enable=False)
MARKUP_FORMATS = {"full", "concise"}


def _codes(values: list[str] | None) -> list[str]:
    return [c.strip() for v in values or [] for c in v.split(",") if c.strip()]


def _consoles() -> tuple[Console, Console]:
    return Console(highlight=False, soft_wrap=True), Console(stderr=True, highlight=False, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        print(f"lintnews {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Show the version and exit.")] = False) -> None:
    """Lint and clean scraped news articles."""


@app.command()
def check(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or folders; - reads stdin.")] = None,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes.")] = False,
    unsafe_fixes: Annotated[Optional[bool], typer.Option("--unsafe-fixes/--no-unsafe-fixes",
                            help="Also apply unsafe fixes (or not, whatever the config says).")] = None,
    diff: Annotated[bool, typer.Option("--diff", help="Show what --fix would change; write nothing.")] = False,
    output_format: Annotated[str, typer.Option("--output-format", "-o",
                             help="full, concise, json, json-lines, github, sarif, junit, gitlab.")] = "full",
    output_file: Annotated[Optional[str], typer.Option("--output-file",
                           help="Write the report to this file; the terminal gets the summary.")] = None,
    select: Annotated[Optional[list[str]], typer.Option(help="Only these rule codes or prefixes.")] = None,
    extend_select: Annotated[Optional[list[str]], typer.Option(help="Add rule codes or prefixes.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option(help="Skip rule codes or prefixes.")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings remain.")] = False,
    exit_non_zero_on_fix: Annotated[bool, typer.Option(
        "--exit-non-zero-on-fix", help="Exit 1 when --fix changed a file, even if nothing remains.")] = False,
    fail_on: Annotated[Optional[str], typer.Option(
        "--fail-on", help="Lowest severity that makes the exit code 1: info (default), warning or error.")] = None,
    statistics: Annotated[bool, typer.Option("--statistics", help="Count findings per rule.")] = False,
    config: Annotated[Optional[str], typer.Option("--config", help="Use this configuration file.")] = None,
    stdin_filename: Annotated[Optional[str], typer.Option(help="Name for stdin in reports.")] = None,
    format: Annotated[Optional[str], typer.Option("--format", help="Read every file as this format.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print findings only, no summary.")] = False,
    baseline: Annotated[Optional[str], typer.Option(
        "--baseline", help="Report only findings that are not in this baseline file.")] = None,
    write_baseline: Annotated[Optional[str], typer.Option(
        "--write-baseline", help="Record the current findings in this baseline file and exit 0.")] = None,
    ledger: Annotated[Optional[str], typer.Option(
        "--ledger", help="With --fix: append one JSON line per applied fix to this file.")] = None,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=0, help="Worker processes; 0 (default) uses every core for runs of 50 files or more.")] = 0,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")] = False,
    cache_dir: Annotated[Optional[str], typer.Option(
        "--cache-dir", envvar="LINTNEWS_CACHE_DIR",
        help="Cache folder (default: .lintnews_cache beside the config, or in the working folder).")] = None,
) -> None:
    """Check articles; with --fix, clean them."""
    from lintnews import report
    from lintnews.baseline import Baseline
    from lintnews.cache import Cache
    from lintnews.cli_support import (SEVERITIES, LazyRules, default_cache_dir, exit_code, process,
                                      process_in_parallel, slim)
    from lintnews.ledger import Ledger
    from lintnews.readers import formats

    out, err = _consoles()

    def usage(message: str) -> NoReturn:
        err.print(f"error: {message}", markup=False)
        raise typer.Exit(2)

    if output_format not in report.names():
        usage(f"unknown output format {output_format!r}; choose from {', '.join(report.names())}")
    if format and format not in formats():
        usage(f"unknown format {format!r}; choose from {', '.join(formats())}")
    if fail_on is not None and fail_on not in SEVERITIES:
        usage(f"--fail-on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")
    if ledger and not fix:
        usage("--ledger records applied fixes; use it with --fix")
    if ledger and diff:
        usage("--ledger records applied fixes, and --diff applies none")
    if write_baseline and (fix or diff):
        usage("--write-baseline records findings as they are; do not combine it with --fix or --diff")
    options = Options(select=_codes(select) or None, extend_select=_codes(extend_select),
                      ignore=_codes(ignore), fix=fix, unsafe_fixes=unsafe_fixes, diff=diff,
                      config=config, stdin_filename=stdin_filename, format=format)
    known: Baseline | None = None
    book: Ledger | None = None
    try:
        # Everything that can refuse the run does so before a single file is touched.
        linter = Linter(options)
        run_config = linter.resolver.for_path(".")
        fail_on = fail_on or run_config.get("fail-on", "info")
        if baseline:
            known = Baseline.load(baseline)
        if ledger:
            book = Ledger(ledger)
        cache = None if no_cache else Cache(cache_dir or default_cache_dir(linter))
        errors: list[LintnewsError] = []
        files = list(discover(paths or ["."], linter.resolver, errors))

        keep_text = diff or "-" in files

        full_report = output_format == "full"
        workers = jobs or (os.cpu_count() or 1)
        if "-" in files or len(files) < (2 if jobs else 50):
            workers = 1

        def one(p: str) -> FileResult:
            return process(linter, p, cache, lambda r: slim(r, keep_text, full_report))

        results = []
        many = (process_in_parallel(files, workers, linter, cache, keep_text, full_report)
                if workers > 1 else map(one, files))
        for r in _progress(many, len(files), err, quiet):
            if book is not None and r.changed and not r.errors:
                book.record(r.fixed)
            results.append(r)
        unsafe = linter.unsafe(linter.resolver.for_path(files[0])) if files else bool(unsafe_fixes)
        from lintnews.registry import all_rules

        rules_config = linter.resolver.for_path(files[0] if files and files[0] != "-" else ".")
        rules = LazyRules(lambda: all_rules(rules_config))
    except LintnewsError as e:  # bad config, baseline or ledger
        usage(str(e))
    finally:
        if book is not None:
            book.close()
    errors += [e for r in results for e in r.errors]
    if cache is not None and cache.warning:
        err.print(f"warning: {cache.warning}", markup=False)

    if "-" in files and (fix and not diff):
        stdin_result = next(r for r in results if r.path == (stdin_filename or "-"))
        raw = getattr(stdin_result, "raw", None)
        data = raw.encode(stdin_result.new) if raw and stdin_result.new is not None else b""
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        out = err  # the fixed text owns stdout; the report goes to stderr

    if diff:
        for r in results:
            if r.changed:
                out.print("".join(difflib.unified_diff(
                    r.original.splitlines(keepends=True), r.new.splitlines(keepends=True),
                    fromfile=f"a/{r.path}", tofile=f"b/{r.path}")), markup=False, end="")
        for e in errors:
            err.print(f"error: {e}", markup=False)
        changed = sum(r.changed for r in results)
        if not quiet:
            fixes = sum(len(r.fixed) for r in results)
            err.print(f"Would fix {fixes} finding(s) in {changed} file(s).", markup=False)
        raise typer.Exit(2 if errors else (1 if changed else 0))

    if write_baseline:
        _write_baseline(write_baseline, results, errors, err, quiet)

    baselined = 0
    if known is not None:
        for r in results:
            r.diagnostics, n = known.filter(r.diagnostics)
            baselined += n

    ctx = report.ReportContext(fix=fix, unsafe=unsafe, color=out.is_terminal and not output_file, rules=rules)
    text = report.render(output_format, results, ctx)
    human = output_format in MARKUP_FORMATS
    if output_file:
        from lintnews.outfile import write_atomic

        try:
            write_atomic(output_file, text)
        except OSError as e:
            usage(f"{output_file}: cannot write report: {e.strerror or e}")
    elif text:
        if ctx.color and human:
            out.print(text, end="" if text.endswith("\n") else "\n")
        else:
            out.file.write(text if text.endswith("\n") else text + "\n")
            out.file.flush()
    for e in errors:
        err.print(f"error: {e}", markup=False)
    remaining = [d for r in results for d in r.diagnostics]
    # With --output-file the terminal is free for the summary whatever the report's format.
    talk = human or bool(output_file)
    if statistics and talk:
        _statistics(out, remaining, rules, ctx)
    if not quiet and talk:
        _summary(out, results, remaining, ctx, fix)
        if baselined:
            out.print(f"{baselined} finding(s) already in the baseline were not reported.")
        if output_file:
            out.print(f"Report written to {escape(output_file)} ({output_format}).")
    raise typer.Exit(exit_code(results, len(errors), exit_zero=exit_zero, fail_on=fail_on,
                               exit_non_zero_on_fix=exit_non_zero_on_fix))


def _write_baseline(path: str, results: list[FileResult], errors, err: Console, quiet: bool) -> NoReturn:
    from lintnews.baseline import Baseline, BaselineError

    try:
        old = Baseline.load(path) if os.path.exists(path) else Baseline(os.path.dirname(os.path.abspath(path)))
    except BaselineError:
        old = Baseline(os.path.dirname(os.path.abspath(path)))  # being replaced anyway
    linted = [r.path for r in results if not r.errors]
    diags = [d for r in results if not r.errors for d in r.diagnostics]
    new = old.rewritten(diags, linted)
    try:
        new.write(path)
    except BaselineError as e:
        err.print(f"error: {e}", markup=False)
        raise typer.Exit(2)
    for e in errors:
        err.print(f"error: {e}", markup=False)
    if not quiet:
        files = len({p for p, _, _ in new.counts})
        err.print(f"Wrote {sum(new.counts.values())} finding(s) in {files} file(s) to {path}.", markup=False)
    raise typer.Exit(2 if errors else 0)


def _statistics(out: Console, remaining, rules, ctx) -> None:
    from lintnews.report import is_fixable

    counts = Counter(d.code for d in remaining)
    fixable = {d.code for d in remaining if is_fixable(d, ctx)}
    for code, n in counts.most_common():
        mark = "[*]" if code in fixable else "   "
        name = rules[code].name if code in rules else ""
        out.print(f"{n:>5}  {code:<7} {escape(mark)} {name}")


def _summary(out: Console, results: list[FileResult], remaining, ctx, fix: bool) -> None:
    from lintnews.fix import wanted

    fixed = sum(len(r.fixed) for r in results)
    files = len({d.path for d in remaining} | {r.path for r in results if r.fixed})
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
    if safe and not fix:
        tail.append(f"{safe} fixable with --fix")
    if unsafe and not ctx.unsafe:
        tail.append(f"{unsafe} more with --unsafe-fixes")
    out.print("".join(parts) + "." + (f" [cyan]{'; '.join(tail)}.[/]" if tail else ""))


@app.command("clean")
def clean(
    cache_dir: Annotated[Optional[str], typer.Option("--cache-dir", envvar="LINTNEWS_CACHE_DIR",
                                                     help="The cache folder to remove.")] = None,
    config: Annotated[Optional[str], typer.Option("--config", help="Locate the cache beside this config.")] = None,
) -> None:
    """Remove the cache folder."""
    import shutil

    from lintnews.cache import is_cache_folder
    from lintnews.cli_support import default_cache_dir

    out, err = _consoles()
    try:
        folder = cache_dir or default_cache_dir(Linter(Options(config=config)))
    except ConfigError as e:
        err.print(f"error: {e}", markup=False)
        raise typer.Exit(2)
    if not os.path.lexists(folder):
        out.print(f"No cache at {escape(folder)}.")
        return
    # Only a folder lintnews made: --cache-dir pointing at the wrong place must not cost data.
    if not os.path.isdir(folder) or os.path.islink(folder) or not is_cache_folder(folder):
        err.print(f"error: {folder}: not a lintnews cache folder (no CACHEDIR.TAG written by lintnews); "
                  "left alone", markup=False)
        raise typer.Exit(2)
    try:
        shutil.rmtree(folder)
    except OSError as e:
        err.print(f"error: {folder}: cannot remove: {e.strerror or e}", markup=False)
        raise typer.Exit(2)
    out.print(f"Removed {escape(folder)}.")


def _progress(results, total: int, err: Console, quiet: bool):
    """Pass results through; a batch run in a terminal shows its progress on stderr."""
    if quiet or not err.is_terminal or total < 50:
        yield from results
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("Linting", total=total)
        for r in results:
            yield r
            bar.advance(task)


def _all_rules(config: str | None, err: Console) -> dict:
    """Every rule the configuration knows, or exit 2 with the configuration's error."""
    from lintnews.config import ConfigResolver
    from lintnews.registry import all_rules

    try:
        return all_rules(ConfigResolver(config).for_path("."))
    except ConfigError as e:
        err.print(f"error: {e}", markup=False)
        raise typer.Exit(2)


@app.command("rules")
def list_rules(
    config: Annotated[Optional[str], typer.Option("--config", help="Include this config's packs and plugins.")] = None,
    output_format: Annotated[str, typer.Option("--output-format", "-o", help="table, json or markdown")] = "table",
) -> None:
    """List every rule: code, name, formats, fix, default, summary."""
    out, err = _consoles()
    rules = _all_rules(config, err)
    if output_format == "json":
        import json

        print(json.dumps([{"code": c.code, "name": c.name, "fix": c.fix_safety.value if c.fix_safety else None,
                           "default": c.default_enabled, "severity": c.severity.value,
                           "formats": list(c.formats), "aliases": list(c.aliases),
                           "summary": c.summary()} for c in rules.values()], indent=2))
        return
    if output_format == "markdown":
        from lintnews.docs import rules_markdown

        print(rules_markdown(rules))
        return
    if output_format != "table":
        err.print(f"error: unknown output format {output_format!r}; choose table, json or markdown",
                  markup=False)
        raise typer.Exit(2)
    from lintnews.docs import formats

    table = Table(box=None, pad_edge=False, header_style="bold")
    for col in ("code", "name", "formats", "fix", "default", "summary"):
        table.add_column(col, overflow="fold")
    for cls in rules.values():
        table.add_row(cls.code, cls.name, formats(cls), cls.fix_safety.value if cls.fix_safety else "-",
                      "on" if cls.default_enabled else "off", escape(cls.summary()))
    out.print(table)
    out.print(f"{len(rules)} rules")


@app.command("rule")
def show_rule(code: Annotated[str, typer.Argument(help="Rule code or name, e.g. REL001.")],
              config: Annotated[Optional[str], typer.Option("--config")] = None) -> None:
    """Print a rule's documentation."""
    from lintnews.config import nearest
    from lintnews.docs import formats
    from lintnews.registry import find

    out, err = _consoles()
    rules = _all_rules(config, err)
    cls = find(rules, code)
    if cls is None:
        by_name = {c.name: c for c in rules.values()}
        err.print(f"error: no rule {code!r}{nearest(code, set(rules) | set(by_name))}", markup=False)
        raise typer.Exit(2)
    fix = cls.fix_safety.value if cls.fix_safety else "none"
    formerly = f" · formerly: {', '.join(cls.aliases)}" if cls.aliases else ""
    print(f"# {cls.code} {cls.name}\n\nSeverity: {cls.severity.value} · fix: {fix} · "
          f"default: {'on' if cls.default_enabled else 'off'} · formats: {formats(cls)}{formerly}\n")
    print(cls.documentation())


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        os._exit(0)
