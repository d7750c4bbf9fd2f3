"""The library API: lint and fix files or text. The CLI is a thin layer over this."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lintnews.config import Config, ConfigResolver, check_option, check_option_types, check_rule_keys, nearest
from lintnews.engine import one_per_span, run_rules
from lintnews.errors import ConfigError, FixError, InputError, LintnewsError, ReaderError
from lintnews.fix import MAX_PASSES, SeenTexts, select_fixes
from lintnews.model import Diagnostic
from lintnews.outfile import sweep_for
from lintnews.readers import ReadContext, Reader, Unit, formats, reader_for
from lintnews.registry import all_rules, find, select
from lintnews.rule import Rule
from lintnews.sites import CONFIGURED as CONFIGURED_SITE, language_of, site_of
from lintnews.source import RawText, atomic_write, decode, fingerprint, read_bytes


def read_text(data: bytes, path: str, config: Config, reader: Reader) -> RawText:
    """A file's bytes decoded as ``reader`` reads them. A streamed format (JSON Lines) is split at
    LF alone, line by line, so a lone CR stays inside its line here too: ``--diff`` and the cache
    see the records ``check`` and ``--fix`` see."""
    return decode(data, path, config.get("encoding"), reader.declared_encoding(data),
                  cr_lines=not getattr(reader, "streaming", False))


def _plain_write(result: FileResult, write: Callable[[], None], rewrite=None) -> None:
    write()


def _reading(reader: Reader, path: str, unit: Unit, call: Callable, *args):
    """``call(unit, *args)``, a reader's ``parse`` or ``render``. An error the reader did not
    mean (a bug of lintnews's own) is this file's error, as a failing rule's is: a batch goes on
    with the other files."""
    try:
        return call(unit, *args)
    except LintnewsError:
        raise
    except Exception as err:
        raise ReaderError.of(path, reader, err, unit.line if getattr(reader, "streaming", False) else None) from None


@dataclass
class Options:
    """What a run lints and fixes: rule selection, fixing, configuration and reading."""
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fix: bool = False
    unsafe_fixes: bool | None = None
    diff: bool = False  # compute fixes but write nothing
    config: str | None = None
    stdin_filename: str | None = None
    format: str | None = None  # force a reader
    trust_config: bool = False  # let any configuration found load code and outside packs
    baseline: str | None = None  # its findings are reported as known and never fixed

    def __post_init__(self) -> None:
        check_option_types(self)


@dataclass
class FileResult:
    """One file's (or one part of a streamed file's) findings, fixes and errors."""
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)  # what remains to report
    fixed: list[Diagnostic] = field(default_factory=list)  # fixes applied (or, with diff, applicable)
    errors: list[LintnewsError] = field(default_factory=list)
    original: str | None = None
    new: str | None = None
    wrote: bool = False  # a streamed file was rewritten (original and new are not kept)
    raw: RawText | None = None  # as read: stdin, to write the fixed text back out; with --diff, any file
    after: bytes | None = None  # with --diff: the bytes --fix would write over the file's
    data: bytes | None = None  # stdin's bytes, passed through unchanged when they cannot be fixed
    frame: dict[int, str] | None = None  # the lines a slimmed result keeps for its code frames
    part: bool = False  # more of this file follows: a streamed file hands its findings on in parts
    records: int = 0  # a part's: the lines (records) of the streamed file read so far, for progress

    @property
    def changed(self) -> bool:
        return self.wrote or (self.new is not None and self.new != self.original)


@dataclass
class Rewrite:
    """What a fix writes over a file, handed to ``around_write`` before the file is replaced.

    A whole file gives both byte strings; a streamed one (too large to hold) gives its changed
    lines as (offset in the file as it was, old bytes, new bytes) and both files' SHA-256.
    """
    before: bytes | None = None
    after: bytes | None = None
    changes: list[tuple[int, bytes, bytes]] | None = None
    before_hash: str | None = None
    after_hash: str | None = None
    before_size: int = 0
    after_size: int = 0


@dataclass
class _RuleSet:
    """The rules a configuration turns on, with its severities and fix-safety overrides."""
    rules: list[Rule]
    severities: dict[str, str]
    safe: list[str] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)
    site_for: Callable[[str], str | None] | None = None  # the configuration's [sites] table

    def run(self, doc, ignore: list[str], removed: bool = True) -> list[Diagnostic]:
        if self.site_for is not None:
            site = self.site_for(doc.path)
            if site:
                doc.meta[CONFIGURED_SITE] = site
        diags = run_rules(doc, self.rules, ignore, self.severities, self.safe, self.unsafe, removed)
        if diags:
            # What --statistics --group-by counts by (a JSONL dump mixes sites and languages).
            groups = {k: v for k, v in (("site", site_of(doc.meta)), ("lang", language_of(doc.meta, doc.text))) if v}
            if groups:
                for d in diags:
                    d.extra.update(groups)
        return diags


class Linter:
    def __init__(self, options: Options | None = None, cwd: str | None = None) -> None:
        self.options = options or Options()
        self.resolver = ConfigResolver(self.options.config, cwd, trust=self.options.trust_config)
        self._checker: Linter | None = None
        self._accepted: list | None = None
        # Called with a result and the function that replaces its file, so a ledger can record
        # the fixes before the file changes (a crash never leaves a rewritten file unrecorded).
        self.around_write: Callable[..., None] = _plain_write

    # -- rules -------------------------------------------------------------------------------
    def ruleset(self, config: Config) -> _RuleSet:
        opts = self.options
        key = ("ruleset", None if opts.select is None else tuple(opts.select), tuple(opts.extend_select),
               tuple(opts.ignore))
        if key not in config.memo:
            config.memo[key] = self._build_ruleset(config)
        return config.memo[key]

    def _build_ruleset(self, config: Config) -> _RuleSet:
        classes = all_rules(config)
        opts = self.options
        chosen = select(
            classes,
            opts.select if opts.select is not None else config.get("select"),
            list(config.get("extend-select", [])) + list(opts.extend_select),
            list(config.get("ignore", [])) + list(opts.ignore),
        )
        rule_opts = config.get("rule-options", {})
        check_rule_keys(rule_opts, classes, f"{config.path}: rule-options")
        known = formats()
        for name in config.get("formats", {}):
            if name not in known:  # `[formats.pdf]`, a typo of `[formats.html]`: options nothing reads
                raise ConfigError(f"{config.path or 'configuration'}: formats: unknown format {name!r}"
                                  f"{nearest(name, set(known))} (lintnews reads {', '.join(known)})")
        # Every table is checked, the rules not selected today included: a typo must not wait
        # for the day its rule is switched on.
        for key, given in rule_opts.items():
            cls = find(classes, key)
            specs = cls.option_specs()
            for name, value in given.items():
                if name not in specs:
                    raise ConfigError(
                        f"{config.path}: rule-options.{cls.code}: unknown option {name!r}"
                        f"{nearest(name, set(specs))}"
                        + ("" if specs else f" ({cls.code} takes no options)"))
                check_option(config.path, cls.code, name, value, specs[name])
        rules = [cls({**rule_opts.get(cls.name, {}), **rule_opts.get(cls.code, {})}) for cls in chosen]
        severity = config.get("severity", {})
        check_rule_keys(severity, classes, f"{config.path}: severity")
        return _RuleSet(rules, severity, list(config.get("extend-safe-fixes", [])),
                        list(config.get("extend-unsafe-fixes", [])),
                        config.site_for if config.get("sites") else None)

    def accepted(self) -> list:
        """The baseline and the ignore file: findings they hold are never fixed."""
        if self._accepted is None:
            # Imported here: a run with neither (most) need not load the baseline's writer.
            from lintnews.baseline import Baseline, IgnoreFile, ignore_file_path

            found = [Baseline.load(self.options.baseline)] if self.options.baseline else []
            ignored = IgnoreFile.load_if_present(ignore_file_path(self.resolver.for_path(".")))
            self._accepted = found + ([ignored] if ignored is not None else [])
        return self._accepted

    def fixable(self, diags: list[Diagnostic]) -> list[Diagnostic]:
        """``diags`` less the findings a baseline or the ignore file accepts."""
        for known in self.accepted():
            diags = known.filter(diags)[0]
        return diags

    def unsafe(self, config: Config) -> bool:
        if self.options.unsafe_fixes is not None:
            return self.options.unsafe_fixes
        return bool(config.get("unsafe-fixes", False))

    # -- linting -----------------------------------------------------------------------------
    def lint_text(self, text: str, path: str, config: Config | None = None,
                  reader: Reader | None = None) -> FileResult:
        """Lint (and with ``fix``, fix) a text; never touches a file."""
        if not isinstance(text, str):
            # bytes failed deep in a reader, saying "not 'str'" of the one thing that was not bytes
            raise TypeError(f"lint_text: text must be str, not {type(text).__name__}"
                            + (" (decode it first)" if isinstance(text, (bytes, bytearray)) else ""))
        config = config or self.resolver.for_path(path)
        reader = reader or self._reader(path)
        ruleset = self.ruleset(config)
        ignore = config.ignored_for(path)
        ctx = self._context(path, config, reader)
        result = FileResult(path, original=text)
        parts: list[str] = []
        fixing = self.options.fix or self.options.diff
        unsafe = self.unsafe(config)
        for unit in reader.units(text):
            try:
                new_text, applied, remaining = self._lint_unit(reader, unit, ctx, ruleset, ignore, unsafe)
            except (InputError, FixError) as err:
                result.errors.append(err)
                parts.append(unit.text)
                continue
            if fixing:
                parts.append(new_text)
            result.fixed.extend(applied)
            result.diagnostics.extend(remaining)
        if fixing:
            result.new = "".join(parts)
        return result

    def _lint_unit(self, reader: Reader, unit: Unit, ctx: ReadContext, ruleset: _RuleSet,
                   ignore: list[str], unsafe: bool) -> tuple[str | None, list[Diagnostic], list[Diagnostic]]:
        """(the unit's text as fixed, None when not fixing; the fixes applied; the findings that remain).

        Every format comes through here, so a record of a JSONL dump is judged exactly as the
        same text in a file of its own. With ``unit.spare`` the unit's text is let go of here.
        """
        if self.options.fix or self.options.diff:
            text, applied, remaining = self._fix_unit(reader, unit, ctx, ruleset, ignore, unsafe)
            return text, applied, one_per_span(remaining)
        # Not fixing, the text is not needed again: a long record's decoded line is let go of
        # once read, not kept beside its documents.
        unit.spare = True
        docs = _reading(reader, ctx.path, unit, reader.parse, ctx)
        unit.text = ""
        return None, [], one_per_span([d for doc in docs for d in ruleset.run(doc, ignore, removed=False)])

    def _fix_unit(self, reader: Reader, unit: Unit, ctx: ReadContext, ruleset: _RuleSet,
                  ignore: list[str], unsafe: bool):
        text = unit.text
        if unit.spare:
            unit.text = ""
        seen = SeenTexts()
        seen.add(text)
        applied: list[Diagnostic] = []
        for number in range(1, MAX_PASSES + 1):
            current = Unit(text, unit.line, unit.index)
            changes = []
            chosen_now: list[Diagnostic] = []
            remaining: list[Diagnostic] = []
            for doc in _reading(reader, ctx.path, current, reader.parse, ctx):
                diags = ruleset.run(doc, ignore)
                chosen, edits = select_fixes(self.fixable(diags), unsafe)
                if edits:
                    changes.append((doc, edits))
                    chosen_now.extend(chosen)
                remaining.extend(diags)
            if not changes:
                return text, applied, remaining
            del doc, diags  # the documents live on in ``changes`` alone, for the reader to let go of
            text = _reading(reader, ctx.path, current, reader.render, changes)
            if text == current.text:
                # The reader could not carry out these edits (markup it must keep): stop here.
                return text, applied, remaining
            # This pass's line goes before the next pass reads its own: a long record is held once.
            del current, changes
            if not seen.add(text):
                raise FixError(f"{ctx.path}: fixes undo each other; left unfixed "
                               f"({', '.join(sorted({d.code for d in chosen_now}))})")
            for d in chosen_now:
                d.extra["pass"] = number  # the ledger's undo goes pass by pass
            applied.extend(chosen_now)
        raise FixError(f"{ctx.path}: fixes did not settle after {MAX_PASSES} passes; left unfixed")

    @staticmethod
    def _context(path: str, config: Config, reader: Reader) -> ReadContext:
        # A copy: readers must not write into the shared config.
        options = dict(config.get("formats", {}).get(reader.format, {}))
        if config.get("encoding") and "encoding" not in options:
            options["encoding"] = config.get("encoding")
        return ReadContext(path, options)

    def _reader(self, path: str) -> Reader:
        reader = reader_for(path, self.options.format)
        if reader is None:
            what = f"format {self.options.format!r}" if self.options.format else "file type"
            raise InputError(path, f"unknown {what}; lintnews reads text, Markdown, HTML and JSONL")
        return reader

    def process_parts(self, path: str, spans=None) -> Iterator[FileResult]:
        """``process(path)`` in parts: a streamed file (a JSONL dump) hands on its findings every
        ``stream.PART_LINES`` lines as results with ``part`` set, then a last result; any other file is
        one result. A run that reports each part as it comes holds a few records' findings.

        ``spans``, for a streamed file: a callable giving the results of its spans linted
        elsewhere, in order (see ``stream.stream_parts``)."""
        if path != "-":
            try:
                config = self.resolver.for_path(path)
                reader = self._reader(path)
            except (InputError, ConfigError):
                reader = None
            if reader is not None and getattr(reader, "streaming", False) and not self.options.diff:
                from lintnews.stream import stream_parts

                try:
                    yield from stream_parts(self, path, config, reader, spans=spans)
                except InputError as err:
                    yield FileResult(path, errors=[err])
                except OSError as err:
                    yield FileResult(path, errors=[InputError(path, err.strerror or str(err))])
                return
        yield self.process(path)

    def process(self, path: str) -> FileResult:
        """Lint one file; with ``fix`` write the fixed file atomically (not with ``diff``)."""
        if path == "-":
            return self._process_stdin()
        result = FileResult(path)
        if self.options.fix and not self.options.diff:
            # A killed run's temporary files go at the next --fix run over the folder, whether it
            # writes there or finds every file fixed already (once per folder and process).
            sweep_for(path)
        try:
            config = self.resolver.for_path(path)
            reader = self._reader(path)
            if getattr(reader, "streaming", False) and not self.options.diff:
                return self._process_stream(path, config, reader)
            before = fingerprint(path)
            data = read_bytes(path)
            raw = read_text(data, path, config, reader)
            result = self.lint_text(raw.text, path, config, reader)
            # --diff shows what --fix would write: a dump's fixed records beside its broken ones.
            if result.changed and (self.options.diff or self.options.fix and not result.errors):
                try:
                    new_data = raw.encode(result.new)
                    if self.options.diff:
                        result.raw, result.after = raw, new_data
                    else:
                        self.around_write(result, lambda: atomic_write(path, new_data, before, data),
                                          Rewrite(before=data, after=new_data))
                except InputError as err:
                    # Not written (with --diff: would not be): report the findings of the file as it stays.
                    result = self._check_only().lint_text(raw.text, path, config, reader)
                    result.errors.append(err)
            if result.errors and self.options.fix:
                result.new = result.original  # a file with an error is never half-fixed
                result.fixed = []
        except InputError as err:
            result.errors.append(err)
        except OSError as err:
            result.errors.append(InputError(path, err.strerror or str(err)))
        return result

    def _check_only(self) -> Linter:
        if self._checker is None:
            from dataclasses import replace

            self._checker = Linter(replace(self.options, fix=False, diff=False))
            self._checker.resolver = self.resolver
        return self._checker

    def _process_stream(self, path: str, config: Config, reader: Reader) -> FileResult:
        """The parts of ``stream.stream_parts`` as one result."""
        result = FileResult(path)
        from lintnews.stream import stream_parts

        for part in stream_parts(self, path, config, reader, split=False):
            result = part
        return result

    def _process_stdin(self) -> FileResult:
        name = self.options.stdin_filename or "-"
        data = sys.stdin.buffer.read()
        try:
            config = self.resolver.for_path(name if name != "-" else os.path.join(os.getcwd(), "x"))
            reader = self._reader(name if name != "-" else "stdin.txt")
            raw = read_text(data, name, config, reader)
            result = self.lint_text(raw.text, name, config, reader)
            result.raw, result.data = raw, data
            if self.options.diff and result.changed:
                result.after = raw.encode(result.new)
            return result
        except InputError as err:
            return FileResult(name, errors=[err], data=data)
