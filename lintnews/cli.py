"""The `lintnews` command."""

from __future__ import annotations

import difflib
import os
import sys
from collections import Counter
from typing import Annotated, Optional

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
                             help="full, concise, json, json-lines (and the CI formats).")] = "full",
    select: Annotated[Optional[list[str]], typer.Option(help="Only these rule codes or prefixes.")] = None,
    extend_select: Annotated[Optional[list[str]], typer.Option(help="Add rule codes or prefixes.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option(help="Skip rule codes or prefixes.")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings remain.")] = False,
    statistics: Annotated[bool, typer.Option("--statistics", help="Count findings per rule.")] = False,
    config: Annotated[Optional[str], typer.Option("--config", help="Use this configuration file.")] = None,
    stdin_filename: Annotated[Optional[str], typer.Option(help="Name for stdin in reports.")] = None,
    format: Annotated[Optional[str], typer.Option("--format", help="Read every file as this format.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print findings only, no summary.")] = False,
) -> None:
    """Check articles; with --fix, clean them."""
    from lintnews import report
    from lintnews.readers import formats

    out, err = _consoles()
    if output_format not in report.names():
        err.print(f"error: unknown output format {output_format!r}; choose from {', '.join(report.names())}",
                  markup=False)
        raise typer.Exit(2)
    if format and format not in formats():
        err.print(f"error: unknown format {format!r}; choose from {', '.join(formats())}", markup=False)
        raise typer.Exit(2)
    options = Options(select=_codes(select) or None, extend_select=_codes(extend_select),
                      ignore=_codes(ignore), fix=fix, unsafe_fixes=unsafe_fixes, diff=diff,
                      config=config, stdin_filename=stdin_filename, format=format)
    try:
        linter = Linter(options)
        errors: list[LintnewsError] = []
        files = list(discover(paths or ["."], linter.resolver, errors))
        results = [linter.process(p) for p in files]
        unsafe = linter.unsafe(linter.resolver.for_path(files[0])) if files else bool(unsafe_fixes)
        from lintnews.registry import all_rules

        rules = all_rules(linter.resolver.for_path(files[0] if files and files[0] != "-" else "."))
    except ConfigError as e:
        err.print(f"error: {e}", markup=False)
        raise typer.Exit(2)
    errors += [e for r in results for e in r.errors]

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

    ctx = report.ReportContext(fix=fix, unsafe=unsafe, color=out.is_terminal, rules=rules)
    text = report.render(output_format, results, ctx)
    if text:
        if output_format in MARKUP_FORMATS:
            out.print(text, end="" if text.endswith("\n") else "\n")
        else:
            out.file.write(text)
            out.file.flush()
    for e in errors:
        err.print(f"error: {e}", markup=False)
    remaining = [d for r in results for d in r.diagnostics]
    if statistics and output_format in MARKUP_FORMATS:
        _statistics(out, remaining, rules, ctx)
    if not quiet and output_format in MARKUP_FORMATS:
        _summary(out, results, remaining, ctx, fix)
    if errors:
        raise typer.Exit(2)
    raise typer.Exit(0 if exit_zero or not remaining else 1)


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
    files = len({d.path for d in remaining})
    if not remaining:
        msg = f"Fixed {fixed} finding(s); all checks passed!" if fixed else "All checks passed!"
        out.print(f"[green]{msg}[/]")
        return
    parts = [f"Found {len(remaining) + fixed} finding(s) in {len(results)} file(s)"]
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


@app.command("rules")
def list_rules(
    config: Annotated[Optional[str], typer.Option("--config", help="Include this config's packs and plugins.")] = None,
    output_format: Annotated[str, typer.Option("--output-format", "-o", help="table or json")] = "table",
) -> None:
    """List every rule: code, name, fix, default, summary."""
    from lintnews.config import ConfigResolver
    from lintnews.registry import all_rules

    out, err = _consoles()
    try:
        rules = all_rules(ConfigResolver(config).for_path("."))
    except ConfigError as e:
        err.print(f"error: {e}", markup=False)
        raise typer.Exit(2)
    if output_format == "json":
        import json

        print(json.dumps([{"code": c.code, "name": c.name, "fix": c.fix_safety.value if c.fix_safety else None,
                           "default": c.default_enabled, "severity": c.severity.value,
                           "summary": c.summary()} for c in rules.values()], indent=2))
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for col in ("code", "name", "fix", "default", "summary"):
        table.add_column(col, overflow="fold")
    for cls in rules.values():
        table.add_row(cls.code, cls.name, cls.fix_safety.value if cls.fix_safety else "-",
                      "on" if cls.default_enabled else "off", escape(cls.summary()))
    out.print(table)
    out.print(f"{len(rules)} rules")


@app.command("rule")
def show_rule(code: Annotated[str, typer.Argument(help="Rule code or name, e.g. REL001.")],
              config: Annotated[Optional[str], typer.Option("--config")] = None) -> None:
    """Print a rule's documentation."""
    from lintnews.config import ConfigResolver, nearest
    from lintnews.registry import all_rules

    out, err = _consoles()
    try:
        rules = all_rules(ConfigResolver(config).for_path("."))
    except ConfigError as e:
        err.print(f"error: {e}", markup=False)
        raise typer.Exit(2)
    by_name = {c.name: c for c in rules.values()}
    cls = rules.get(code.upper()) or by_name.get(code)
    if cls is None:
        err.print(f"error: no rule {code!r}{nearest(code, set(rules) | set(by_name))}", markup=False)
        raise typer.Exit(2)
    fix = cls.fix_safety.value if cls.fix_safety else "none"
    print(f"# {cls.code} {cls.name}\n\nSeverity: {cls.severity.value} · fix: {fix} · "
          f"default: {'on' if cls.default_enabled else 'off'}\n")
    print(cls.documentation())


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        os._exit(0)
