"""The `lintnews` command."""

# No "from __future__ import annotations" here: typer reads each option from its annotation, and
# annotations kept as strings are compiled and evaluated again each time the command is built
# (about 15 ms of every run); written out, they are evaluated once, as the module loads.

import gc
import os
import sys

# Starting lintnews builds some fifty thousand objects that live as long as the run (typer's,
# the rules', the packs' phrases); at the collector's default threshold (a collection every 700
# allocations) it went over them about sixty times before the first file was linted (8 ms by the
# collector's callbacks). Run as a program (the lintnews command, or python -m lintnews: see
# __main__.py), lintnews collects every START_GC allocations instead: a run of many files
# measured the same time and memory either way. And when the command is done its objects are
# frozen, so the interpreter's collections as it shuts down pass them over: they went over every
# object again (25 ms of a one-file check's 160). Nothing needs collecting then: every file the
# run writes is closed and the workers stopped before the command returns. A program that imports
# this module keeps its own collector.
START_GC = (100_000, 10, 10)
PROGRAM = os.path.basename(sys.argv[0] if sys.argv else "") in ("lintnews", "lintnews.exe", "lintnews-script.py")
END_NOW = PROGRAM  # the process is lintnews' own: it ends as the command does (see run.ending)
if PROGRAM:
    gc.set_threshold(*START_GC)
    import dataclasses

    from lintnews import keep

    keep.keep_generated_code(dataclasses)  # before typer and lintnews make their dataclasses
from functools import lru_cache
from typing import Annotated, Optional

import typer

from lintnews import __version__
from lintnews.api import Options
from lintnews.cli_values import plain_values
from lintnews.errors import ConfigError
from lintnews.run import consoles
from lintnews.run.console import Console
from lintnews.run.ending import end_now

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Lint and clean scraped news articles (text, Markdown, HTML, JSONL).",
                  pretty_exceptions_enable=False)


TRUST_HELP = ("Let configurations found beside the linted files load rule-paths and packs from "
              "outside their folder (by default only --config and the working folder's may).")


def _codes(values: list[str] | None) -> list[str]:
    # Empty ones kept (`--select ""`, `--ignore REL,`): the selection refuses them.
    return [c.strip() for v in values or [] for c in v.split(",")]


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
    output_format: Annotated[str, typer.Option("--output-format",
                             help="full, concise, json, json-lines, github, sarif, junit, gitlab.")] = "full",
    output_file: Annotated[Optional[str], typer.Option("--output-file", "-o",
                           help="Write the report to this file; the terminal gets the summary.")] = None,
    select: Annotated[Optional[list[str]], typer.Option(help="Only these rule codes or prefixes.")] = None,
    extend_select: Annotated[Optional[list[str]], typer.Option(help="Add rule codes or prefixes.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option(help="Skip rule codes or prefixes.")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings remain.")] = False,
    exit_non_zero_on_fix: Annotated[bool, typer.Option(
        "--exit-non-zero-on-fix", help="Exit 1 when --fix changed a file, even if nothing remains.")] = False,
    fail_on: Annotated[Optional[str], typer.Option(
        "--fail-on", help="Lowest severity that makes the exit code 1: info, warning (default) or error.")] = None,
    statistics: Annotated[bool, typer.Option("--statistics",
                          help="Print a count of findings per rule instead of the report.")] = False,
    group_by: Annotated[Optional[str], typer.Option(
        "--group-by", metavar="language|site",
        help="Statistics per article language or site (then per rule); implies --statistics.")] = None,
    show_fixes: Annotated[bool, typer.Option("--show-fixes",
                          help="With --fix: list the fixes applied, per file and rule.")] = False,
    fix_only: Annotated[bool, typer.Option("--fix-only",
                        help="Apply fixes (as --fix) and report nothing that remains.")] = False,
    show_settings: Annotated[bool, typer.Option("--show-settings",
                             help="Print the configuration that applies (and its file), then exit.")] = False,
    show_files: Annotated[bool, typer.Option("--show-files",
                          help="Print the files that would be checked, then exit.")] = False,
    config: Annotated[Optional[str], typer.Option("--config", help="Use this configuration file.")] = None,
    trust_config: Annotated[bool, typer.Option("--trust-config", help=TRUST_HELP)] = False,
    stdin_filename: Annotated[Optional[str], typer.Option(help="Name for stdin in reports.")] = None,
    format: Annotated[Optional[str], typer.Option("--format", help="Read every file as this format.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print findings only, no summary.")] = False,
    baseline: Annotated[Optional[str], typer.Option(
        "--baseline", help="Report only findings that are not in this baseline file.")] = None,
    write_baseline: Annotated[Optional[str], typer.Option(
        "--write-baseline", help="Record the current findings in this baseline file and exit 0.")] = None,
    ledger: Annotated[Optional[str], typer.Option(
        "--ledger", help="With --fix: append one JSON line per applied fix to this file.")] = None,
    add_ignore: Annotated[Optional[str], typer.Option(
        "--add-ignore", metavar="REASON",
        help="Accept the current findings for good: record them, with this reason, in the ignore file "
             "(.lintnews-ignore.json, or the configuration's ignore-file) and exit 0.")] = None,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=0, help="Worker processes; 0 (default) uses every core for runs of 50 files or more "
                             "and for JSONL dumps of 8 MB or more (split by line ranges); "
                             "at most 4 per core (at least 64).")] = 0,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")] = False,
    cache_dir: Annotated[Optional[str], typer.Option(
        "--cache-dir", envvar="LINTNEWS_CACHE_DIR",
        help="Cache folder (default: .lintnews_cache beside the config, or in the working folder).")] = None,
) -> None:
    """Check articles; with --fix, clean them."""
    from lintnews.run import RunOptions, check as run_check

    lint = Options(select=None if select is None else _codes(select), extend_select=_codes(extend_select), ignore=_codes(ignore),
                   fix=fix or fix_only, unsafe_fixes=unsafe_fixes, diff=diff, config=config,
                   stdin_filename=stdin_filename, format=format, trust_config=trust_config)
    raise typer.Exit(run_check(RunOptions(
        paths=paths or [], lint=lint, output_format=output_format, output_file=output_file,
        exit_zero=exit_zero, exit_non_zero_on_fix=exit_non_zero_on_fix, fail_on=fail_on,
        statistics=statistics, group_by=group_by, quiet=quiet, baseline=baseline, write_baseline=write_baseline,
        ledger=ledger, add_ignore=add_ignore, jobs=jobs, no_cache=no_cache, cache_dir=cache_dir,
        show_fixes=show_fixes, fix_only=fix_only, show_settings=show_settings, show_files=show_files)))


@app.command("clean")
def clean(
    cache_dir: Annotated[Optional[str], typer.Option("--cache-dir", envvar="LINTNEWS_CACHE_DIR",
                                                     help="The cache folder to remove.")] = None,
    config: Annotated[Optional[str], typer.Option("--config", help="Locate the cache beside this config.")] = None,
) -> None:
    """Remove the cache folder."""
    from lintnews.run.clean import clean as run_clean

    raise typer.Exit(run_clean(cache_dir, config))


@app.command("undo")
def undo(
    ledger: Annotated[str, typer.Argument(metavar="LEDGER", help="The ledger a check --fix --ledger run wrote.")],
    run: Annotated[Optional[str], typer.Option("--run", help="The run to undo (its id or the start of it); "
                                               "default: the last run in the ledger.")] = None,
    skip_changed: Annotated[bool, typer.Option(
        "--skip-changed", help="Restore the files that can be even when others changed since the run.")] = False,
) -> None:
    """Put back every file a --fix run rewrote, byte for byte, from its ledger."""
    from lintnews.undo import undo as run_undo

    out, err = consoles()
    raise typer.Exit(run_undo(ledger, run, skip_changed, out, err))


def _all_rules(config: str | None, err: Console, trust: bool = False) -> dict:
    """Every rule the configuration knows, or exit 2 with the configuration's error."""
    from lintnews.config import ConfigResolver
    from lintnews.registry import all_rules

    try:
        return all_rules(ConfigResolver(config, trust=trust).for_path("."))
    except ConfigError as e:
        err.error(e)
        raise typer.Exit(2)


@app.command("rules")
def list_rules(
    config: Annotated[Optional[str], typer.Option("--config", help="Include this config's packs and plugins.")] = None,
    output_format: Annotated[str, typer.Option("--output-format", "-o", help="table, json or markdown")] = "table",
    trust_config: Annotated[bool, typer.Option("--trust-config", help=TRUST_HELP)] = False,
    prefixes: Annotated[bool, typer.Option("--prefixes", help="List the code prefixes and their themes.")] = False,
) -> None:
    """List every rule: code, name, formats, languages, fix, default, summary."""
    out, err = consoles()
    if prefixes:
        _list_prefixes(output_format, out, err)
        return
    rules = _all_rules(config, err, trust_config)
    if output_format == "json":
        import json

        print(json.dumps([{"code": c.code, "name": c.name, "fix": c.fix_label(),
                           "default": c.default_enabled, "severity": c.severity.value,
                           "formats": list(c.formats), "aliases": list(c.aliases),
                           "languages": list(c.languages),
                           "summary": c.summary()} for c in rules.values()], indent=2))
        return
    if output_format == "markdown":
        from lintnews.docs import rules_markdown

        print(rules_markdown(rules))
        return
    if output_format != "table":
        err.error(f"unknown output format {output_format!r}; choose table, json or markdown")
        raise typer.Exit(2)
    from rich.markup import escape  # only for listings: a check run need not import rich
    from rich.table import Table

    from lintnews.docs import formats, languages

    table = Table(box=None, pad_edge=False, header_style="bold")
    for col in ("code", "name", "formats", "languages", "fix", "default", "summary"):
        table.add_column(col, overflow="fold")
    for cls in rules.values():
        table.add_row(cls.code, cls.name, formats(cls), languages(cls), cls.fix_label(),
                      "on" if cls.default_enabled else "off", escape(cls.summary()))
    out.print(table)
    out.print(f"{len(rules)} rules; code prefixes and their themes: lintnews rules --prefixes")


def _list_prefixes(output_format: str, out: Console, err: Console) -> None:
    from lintnews.registry import PREFIXES, prefixes_markdown

    if output_format == "json":
        import json

        print(json.dumps([{"prefix": p, "theme": t} for p, t in PREFIXES.items()], indent=2))
    elif output_format == "markdown":
        print(prefixes_markdown())
    elif output_format == "table":
        from rich.markup import escape
        from rich.table import Table

        table = Table(box=None, pad_edge=False, header_style="bold")
        table.add_column("prefix")
        table.add_column("theme", overflow="fold")
        for prefix, theme in PREFIXES.items():
            table.add_row(prefix, escape(theme))
        out.print(table)
    else:
        err.error(f"unknown output format {output_format!r}; choose table, json or markdown")
        raise typer.Exit(2)


@app.command("rule")
def show_rule(code: Annotated[str, typer.Argument(help="Rule code or name, e.g. REL001.")],
              config: Annotated[Optional[str], typer.Option("--config")] = None,
              trust_config: Annotated[bool, typer.Option("--trust-config", help=TRUST_HELP)] = False) -> None:
    """Print a rule's documentation."""
    from lintnews.config import no_rule
    from lintnews.docs import formats
    from lintnews.registry import find

    out, err = consoles()
    rules = _all_rules(config, err, trust_config)
    cls = find(rules, code)
    if cls is None:
        err.error(no_rule(code, rules))
        raise typer.Exit(2)
    formerly = f" · formerly: {', '.join(cls.aliases)}" if cls.aliases else ""
    print(f"# {cls.code} {cls.name}\n\nSeverity: {cls.severity.value} · fix: {cls.fix_label()} · "
          f"default: {'on' if cls.default_enabled else 'off'} · formats: {formats(cls)}{formerly}\n"
          f"Languages: {', '.join(cls.languages)}\n")
    print(cls.documentation())
    specs = cls.option_specs()
    if specs:
        print("\n## Options\n\nSet in the configuration under `[rule-options." + cls.code + "]`.\n")
        print("| option | type | default | description |\n| --- | --- | --- | --- |")
        for name, spec in specs.items():
            print(f"| {name} | {spec.type_name()} | {_toml_value(spec.default)} | {spec.description} |")


@app.command("test-rules")
def test_rules(paths: Annotated[list[str], typer.Argument(
        help="Rule packs (.toml) and folders of packs and Python rules.")]) -> None:
    """Run every example of the packs and rules given; exit 1 if one fails (a pack author's CI)."""
    from lintnews.ruletest import collect, run_examples

    out, err = consoles()
    try:
        examples = collect(paths)
        failed = run_examples(examples)
    except ConfigError as e:
        err.error(e)
        raise typer.Exit(2)
    for example, problems in failed:
        print(f"{example.label()}: " + "; ".join(p.replace("\n", "\n    ") for p in problems))
    passed = len(examples) - len(failed)
    print(f"{passed} of {len(examples)} examples pass" + (f", {len(failed)} fail" if failed else ""))
    raise typer.Exit(1 if failed else 0)


@app.command("new-rule")
def new_rule(
    prefix: Annotated[str, typer.Argument(help="Code prefix; the next free number is taken (REL -> REL004).")],
    name: Annotated[str, typer.Argument(help="Kebab-case name, e.g. site-promo.")],
    phrase: Annotated[str, typer.Option("--phrase", help="The text the rule removes.")],
    summary: Annotated[str, typer.Option("--summary", help="One sentence: what the rule finds.")] = "",
    pack: Annotated[Optional[str], typer.Option("--pack", help="Append a pack entry to this TOML file.")] = None,
    python: Annotated[Optional[str], typer.Option("--python", help="Write a Python rule module into this folder.")] = None,
    fixtures: Annotated[Optional[str], typer.Option(
        "--fixtures", help="Folder for the Python rule's fixture cases (default: beside the module).")] = None,
    language: Annotated[str, typer.Option("--language", help="The phrase's language.")] = "en",
    readme: Annotated[Optional[str], typer.Option("--readme", help="Regenerate the rule table of this README.")] = None,
    config: Annotated[Optional[str], typer.Option("--config", help="Include this config's packs and plugins.")] = None,
) -> None:
    """Scaffold a rule (pack entry, or Python module with fixture cases) under the next free code."""
    from lintnews.config import ConfigResolver
    from lintnews.registry import all_rules
    from lintnews.scaffold import new_rule as scaffold, update_readme

    out, err = consoles()
    try:
        if readme:
            from lintnews.scaffold import read_readme

            read_readme(readme)  # before the rule is written, not after
        resolver = ConfigResolver(config)
        code, written = scaffold(prefix, name, summary or f"The line {phrase!r}.", phrase,
                                 pack=pack, folder=python, fixtures=fixtures, language=language,
                                 config=resolver.for_path("."))
        print(f"{code} {name}: wrote {', '.join(written)}")
        if readme:
            rules = all_rules(ConfigResolver(config).for_path("."))
            from lintnews.scaffold import README_MARKER

            if not update_readme(readme, rules):
                err.error(f"{readme}: no line {README_MARKER!r} above a rule table")
                raise typer.Exit(2)
            print(f"{readme}: rule table regenerated")
    except ConfigError as e:
        err.error(e)
        raise typer.Exit(2)
    except OSError as e:  # the file named, then why: not Python's "[Errno 2] ...: 'path'"
        err.error(f"{e.filename}: {e.strerror}" if e.filename else e)
        raise typer.Exit(2)
    print(f"next: fill in 'why' and the examples, then run: lintnews test-rules {pack or python}")


def _toml_value(value) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


@lru_cache(maxsize=None)
def _command(name: str | None = None):
    """The click command: the group of every command, or, given ``name``, the group holding only
    that one, which typer builds alone from its function's signature (its help, usage and errors
    read the same either way). Kept: a process running commands again (tests) builds each once."""
    source = app
    if name is not None:
        import copy

        source = copy.copy(app)
        source.registered_commands = [c for c in app.registered_commands if _name(c) == name]
    return plain_values(typer.main.get_command(source))


def _name(command) -> str:
    return command.name or typer.main.get_command_name(command.callback.__name__)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    for stream in ("stdout", "stderr"):
        if getattr(sys, stream) is None:  # started with it closed (>&-): printed to nowhere, the status tells
            setattr(sys, stream, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - open for the process
    name = args[0] if args and args[0] in {_name(c) for c in app.registered_commands} else None
    try:
        _command(name)(args=argv)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:  # as a pipe closed while the command writes ends it (see end_now)
        os._exit(1)
    except SystemExit as done:
        if END_NOW:
            end_now(done.code)
        raise
    finally:
        if PROGRAM:
            gc.freeze()
