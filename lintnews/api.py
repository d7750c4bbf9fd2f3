"""The library API: lint and fix files or text. The CLI is a thin layer over this."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

from lintnews.config import Config, ConfigResolver
from lintnews.engine import run_rules
from lintnews.errors import ConfigError, FixError, InputError, LintnewsError
from lintnews.fix import MAX_PASSES, select_fixes, wanted
from lintnews.model import Diagnostic
from lintnews.readers import ReadContext, Reader, Unit, reader_for
from lintnews.registry import all_rules, select
from lintnews.rule import Rule
from lintnews.source import atomic_write, decode, fingerprint, read_bytes


@dataclass
class Options:
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fix: bool = False
    unsafe_fixes: bool | None = None
    diff: bool = False  # compute fixes but write nothing
    config: str | None = None
    stdin_filename: str | None = None
    format: str | None = None  # force a reader


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)  # what remains to report
    fixed: list[Diagnostic] = field(default_factory=list)  # fixes applied (or, with diff, applicable)
    errors: list[LintnewsError] = field(default_factory=list)
    original: str | None = None
    new: str | None = None

    @property
    def changed(self) -> bool:
        return self.new is not None and self.new != self.original


@dataclass
class _RuleSet:
    rules: list[Rule]
    classes: dict[str, type[Rule]]
    severities: dict[str, str]
    safe: list[str] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)

    def run(self, doc, ignore: list[str]) -> list[Diagnostic]:
        return run_rules(doc, self.rules, ignore, self.severities, self.safe, self.unsafe)


class Linter:
    def __init__(self, options: Options | None = None, cwd: str | None = None) -> None:
        self.options = options or Options()
        self.resolver = ConfigResolver(self.options.config, cwd)
        self._rulesets: dict[int, _RuleSet] = {}

    # -- rules -------------------------------------------------------------------------------
    def ruleset(self, config: Config) -> _RuleSet:
        key = id(config)
        if key not in self._rulesets:
            classes = all_rules(config)
            opts = self.options
            chosen = select(
                classes,
                opts.select if opts.select is not None else config.get("select"),
                list(config.get("extend-select", [])) + list(opts.extend_select),
                list(config.get("ignore", [])) + list(opts.ignore),
            )
            rule_opts = config.get("rule-options", {})
            by_name = {c.name: c for c in classes.values()}
            for key_ in rule_opts:
                if key_ not in classes and key_ not in by_name:
                    from lintnews.config import nearest

                    raise ConfigError(f"{config.path}: rule-options: no rule {key_!r}"
                                      f"{nearest(key_, set(classes) | set(by_name))}")
            rules = []
            for cls in chosen:
                given = {**rule_opts.get(cls.name, {}), **rule_opts.get(cls.code, {})}
                for name in given:
                    if name not in cls.options:
                        from lintnews.config import nearest

                        raise ConfigError(
                            f"{config.path}: rule-options.{cls.code}: unknown option {name!r}"
                            f"{nearest(name, set(cls.options))}"
                            + ("" if cls.options else f" ({cls.code} takes no options)"))
                rules.append(cls(given))
            severity = config.get("severity", {})
            for key_ in severity:
                if key_ not in classes and key_ not in by_name:
                    from lintnews.config import nearest

                    raise ConfigError(f"{config.path}: severity: no rule {key_!r}"
                                      f"{nearest(key_, set(classes) | set(by_name))}")
            self._rulesets[key] = _RuleSet(rules, classes, severity,
                                           list(config.get("extend-safe-fixes", [])),
                                           list(config.get("extend-unsafe-fixes", [])))
        return self._rulesets[key]

    def unsafe(self, config: Config) -> bool:
        if self.options.unsafe_fixes is not None:
            return self.options.unsafe_fixes
        return bool(config.get("unsafe-fixes", False))

    # -- linting -----------------------------------------------------------------------------
    def lint_text(self, text: str, path: str, config: Config | None = None,
                  reader: Reader | None = None) -> FileResult:
        """Lint (and with ``fix``, fix) a text; never touches a file."""
        config = config or self.resolver.for_path(path)
        reader = reader or self._reader(path)
        ruleset = self.ruleset(config)
        ignore = config.ignored_for(path)
        ctx = ReadContext(path, config.get("formats", {}).get(reader.format, {}))
        ctx.options.setdefault("encoding", config.get("encoding"))
        result = FileResult(path, original=text)
        parts: list[str] = []
        fixing = self.options.fix or self.options.diff
        unsafe = self.unsafe(config)
        for unit in reader.units(text):
            try:
                if fixing:
                    new_text, applied, remaining = self._fix_unit(reader, unit, ctx, ruleset, ignore, unsafe)
                    parts.append(new_text)
                    result.fixed.extend(applied)
                    result.diagnostics.extend(remaining)
                else:
                    for doc in reader.parse(unit, ctx):
                        result.diagnostics.extend(
                            ruleset.run(doc, ignore))
            except (InputError, FixError) as err:
                result.errors.append(err)
                parts.append(unit.text)
        if fixing:
            result.new = "".join(parts)
        return result

    def _fix_unit(self, reader: Reader, unit: Unit, ctx: ReadContext, ruleset: _RuleSet,
                  ignore: list[str], unsafe: bool):
        text = unit.text
        seen = {text}
        applied: list[Diagnostic] = []
        for _ in range(MAX_PASSES):
            current = Unit(text, unit.line, unit.index)
            changes = []
            chosen_now: list[Diagnostic] = []
            remaining: list[Diagnostic] = []
            for doc in reader.parse(current, ctx):
                diags = ruleset.run(doc, ignore)
                chosen, edits = select_fixes(diags, unsafe)
                if edits:
                    changes.append((doc, edits))
                    chosen_now.extend(chosen)
                remaining.extend(diags)
            if not changes:
                return text, applied, remaining
            text = reader.render(current, changes)
            if text == current.text:
                # The reader could not carry out these edits (markup it must keep): stop here.
                return text, applied, remaining
            if text in seen:
                raise FixError(f"{ctx.path}: fixes undo each other; left unfixed "
                               f"({', '.join(sorted({d.code for d in chosen_now}))})")
            seen.add(text)
            applied.extend(chosen_now)
        raise FixError(f"{ctx.path}: fixes did not settle after {MAX_PASSES} passes; left unfixed")

    def _reader(self, path: str) -> Reader:
        reader = reader_for(path, self.options.format)
        if reader is None:
            what = f"format {self.options.format!r}" if self.options.format else "file type"
            raise InputError(path, f"unknown {what}; lintnews reads text, Markdown, HTML and JSONL")
        return reader

    def process(self, path: str) -> FileResult:
        """Lint one file; with ``fix`` write the fixed file atomically (not with ``diff``)."""
        if path == "-":
            return self._process_stdin()
        result = FileResult(path)
        try:
            config = self.resolver.for_path(path)
            reader = self._reader(path)
            before = fingerprint(path)
            data = read_bytes(path)
            raw = decode(data, path, config.get("encoding"))
            result = self.lint_text(raw.text, path, config, reader)
            if self.options.fix and not self.options.diff and result.changed and not result.errors:
                atomic_write(path, raw.encode(result.new), before, data)
            elif result.errors and self.options.fix:
                result.new = result.original  # a file with an error is never half-fixed
                result.fixed = []
        except InputError as err:
            result.errors.append(err)
        except OSError as err:
            result.errors.append(InputError(path, err.strerror or str(err)))
        return result

    def _process_stdin(self) -> FileResult:
        name = self.options.stdin_filename or "-"
        data = sys.stdin.buffer.read()
        try:
            config = self.resolver.for_path(name if name != "-" else os.path.join(os.getcwd(), "x"))
            reader = self._reader(name if name != "-" else "stdin.txt")
            raw = decode(data, name, config.get("encoding"))
            result = self.lint_text(raw.text, name, config, reader)
            result.raw = raw  # the CLI writes the fixed text back to stdout in the same encoding
            return result
        except InputError as err:
            return FileResult(name, errors=[err])
