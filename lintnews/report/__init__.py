"""Reporters: one class per output format. A report streams: its head, then the text for each
file as that file is done, then its tail, so a run never holds more than one file's findings."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from lintnews.api import FileResult
from lintnews.fix import wanted
from lintnews.model import Diagnostic
from lintnews.patterns import compile_cached


@dataclass
class ReportContext:
    """What every report format is told about the run."""
    fix: bool = False
    unsafe: bool = False
    color: bool = True
    rules: Mapping = field(default_factory=dict)  # code -> Rule class, for formats that describe rules
    root: str = "."  # CI formats give paths relative to this folder (the repository's)


# C0 and C1 controls, DEL, and the characters that reorder or break a terminal line (bidi
# embeddings, overrides and isolates, line and paragraph separators). Scraped text carries them;
# printed raw they recolour the terminal, move the cursor or make a line read backwards.
# Lone surrogates are the bytes of a file name that is not valid UTF-8 (os.fsdecode): shown as
# the byte they stand for, they print instead of failing the report.
_UNPRINTABLE = compile_cached("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(m: re.Match) -> str:
    n = ord(m[0])
    if 0xDC80 <= n <= 0xDCFF:
        return f"\\x{n - 0xDC00:02x}"
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def printable(text: str) -> str:
    """``text`` with control and bidi characters shown as escapes (``\\x1b``, ``\\u202e``)."""
    return _UNPRINTABLE.sub(_escape, text)


class Reporter:
    """Turns results into report text piece by piece: ``head()``, ``file(result)`` per file in
    input order, ``tail()``. A subclass keeps counters, never the results."""

    def __init__(self, ctx: ReportContext) -> None:
        self.ctx = ctx

    def head(self) -> str:
        return ""

    def file(self, result: FileResult) -> str:
        return ""

    def pieces(self, result: FileResult) -> Iterator[str]:
        """``file(result)`` in pieces that join into it. A format whose text is one piece per
        finding (``file = joined_items``, the pieces from ``items``) gives them one by one, so
        a file (a long record) with tens of thousands of findings is written without its whole
        report text in memory at once; any other ``file``, a subclass's own among them, is
        asked for its text whole."""
        if type(self).file is joined_items:
            return self.items(result)
        return iter((self.file(result),))

    def items(self, result: FileResult) -> Iterator[str]:
        raise NotImplementedError

    def tail(self) -> str:
        return ""


def joined_items(self: Reporter, result: FileResult) -> str:
    """``file`` of a format that writes one piece per finding (see ``Reporter.pieces``)."""
    return "".join(self.items(result))


FORMATS: dict[str, type[Reporter]] = {}


def formatter(name: str) -> Callable[[type[Reporter]], type[Reporter]]:
    def register(cls: type[Reporter]) -> type[Reporter]:
        FORMATS[name] = cls
        return cls
    return register


def all_diagnostics(results: list[FileResult]) -> list[Diagnostic]:
    return [d for r in results for d in r.diagnostics]


def is_fixable(diag: Diagnostic, ctx: ReportContext) -> bool:
    return wanted(diag, ctx.unsafe)


def fix_json(diag: Diagnostic) -> dict | None:
    if diag.fix is None:
        return None
    return {
        "applicability": diag.fix.applicability.value,
        "message": diag.fix.message,
        "edits": [{"line": a, "column": b, "end_line": c, "end_column": d_, "content": content}
                  for a, b, c, d_, content in diag.extra.get("edits", [])],
    }


def diagnostic_json(diag: Diagnostic) -> dict:
    """The JSON contract (documented in the README): keys are stable, positions 1-based."""
    return {
        "path": diag.path,
        "line": diag.line,
        "column": diag.column,
        "end_line": diag.end_line,
        "end_column": diag.end_column,
        "code": diag.code,
        "name": diag.name,
        "message": diag.message,
        "severity": diag.severity.value,
        "field": diag.field,
        "record": record(diag),
        "fix": fix_json(diag),
    }


def record(diag: Diagnostic) -> str | None:
    """The JSONL record a finding is in, by its ``id`` or ``url`` (None outside JSONL)."""
    return diag.extra.get("record")


_loaded = False


def _load() -> None:
    """Import every reporter module; each registers its formats. (Formats already registered
    prove nothing: a program may have imported one reporter module itself.)"""
    global _loaded
    if _loaded:
        return
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    _loaded = True


_HUMAN = ("full", "concise")  # these escape every unprintable character themselves


def _text_path(path: str) -> str:
    """A file name that is not valid UTF-8 with each such byte as ``\\xNN``, as in the ledger:
    machine formats must be valid UTF-8 (JSON, XML) and cannot carry the raw byte."""
    return printable(path) if "\udc80" <= max(path, default="") else path


def _text_paths(r: FileResult) -> FileResult:
    from dataclasses import replace

    if any(_text_path(p) != p for p in [r.path] + [d.path for d in r.diagnostics]):
        r = replace(r, path=_text_path(r.path),
                    diagnostics=[replace(d, path=_text_path(d.path)) for d in r.diagnostics])
    return r


# The module of each built-in format, so a run imports only the reporter it writes with.
_BUILTIN = {"full": "text", "concise": "text", "json": "data", "json-lines": "data", "github": "ci",
            "sarif": "ci", "junit": "ci", "gitlab": "ci"}


def _load_format(name: str) -> None:
    if name not in FORMATS and name in _BUILTIN:
        import importlib

        importlib.import_module(f"{__name__}.{_BUILTIN[name]}")
    if name not in FORMATS:
        _load()


def known(name: str) -> bool:
    _load_format(name)
    return name in FORMATS


def reporter(name: str, ctx: ReportContext) -> Reporter:
    _load_format(name)
    rep = FORMATS[name](ctx)
    if name not in _HUMAN:
        plain = rep.file
        rep.file = lambda r: plain(_text_paths(r))
        if type(rep).file is joined_items:  # written piece by piece (Reporter.pieces): the same paths
            items = rep.items
            rep.items = lambda r: items(_text_paths(r))
    return rep


def render(name: str, results: list[FileResult], ctx: ReportContext) -> str:
    """The whole report at once (for small result lists; a run streams instead)."""
    rep = reporter(name, ctx)
    return rep.head() + "".join(rep.file(r) for r in results) + rep.tail()


def names() -> list[str]:
    _load()
    return list(FORMATS)
