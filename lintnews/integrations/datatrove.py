"""A datatrove pipeline step that lints, fixes, annotates and optionally drops documents.

Install with ``pip install 'lintnews[datatrove]'``. The step runs under any datatrove executor
(local, Slurm, Ray): it holds only its options, and each worker builds its own linter on first use.
"""

from __future__ import annotations

import os
from collections import Counter

try:
    from datatrove.data import Document
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.writers.disk_base import DiskWriter
except ImportError as err:  # pragma: no cover - exercised only without the extra
    raise ImportError("lintnews.integrations.datatrove needs datatrove: "
                      "pip install 'lintnews[datatrove]'") from err

from lintnews.api import Linter, Options
from lintnews.config import Config
from lintnews.model import Severity
from lintnews.readers import reader_for

FORMATS = ("text", "markdown", "html")
METADATA_KEY = "lintnews"


def _listed(codes):
    return list(codes) if codes is not None and not isinstance(codes, str) else codes


class _Worker:
    """A linter with its compiled rules. Not a dataclass and not in the step's state, because
    executors write the step's attributes out as JSON and ship them to other machines."""

    def __init__(self, options: Options) -> None:
        self.linter = Linter(options)
        # With no config file given, the defaults: never a config found near whichever
        # folder a worker happens to run in.
        self.config = self.linter.resolver.for_path("doc") if options.config else Config()
        self.reader = reader_for("", options.format)
        self.linter.ruleset(self.config)

    def lint(self, text: str, name: str):
        # Windows line ends are read as the JSONL reader reads a record's: the rules see LF
        # lines (a blank "\r" line is not blank to them, and the fixes that tidy blank lines
        # did nothing), and the fixed text gets its CRLF back. Only when every line ends so:
        # mixed ends would not come back as they were.
        crlf = "\r\n" in text and text.count("\n") == text.count("\r\n")
        result = self.linter.lint_text(text.replace("\r\n", "\n") if crlf else text, name, self.config,
                                       self.reader)
        if crlf:
            result.original = text
            if result.new is not None:
                result.new = result.new.replace("\n", "\r\n")
        return result


class LintnewsFilter(BaseFilter):
    """Lint each document's text with lintnews.

    Every document gets ``doc.metadata["lintnews"] = {"codes": {CODE: n, ...}, "fixed": n}``:
    the findings that remain (after fixing, when ``fix`` is on) counted per rule, and how many
    fixes were applied. A document lintnews could not fix (fixes that undo each other) keeps its
    text and gets an ``"error"`` entry as well.

    Args:
        select: only these rule codes or prefixes (None: the config's choice, else the default rules).
        ignore: skip these rule codes or prefixes.
        fix: apply safe fixes to ``doc.text``.
        unsafe_fixes: also apply unsafe fixes (None: whatever the config says).
        drop_at: drop documents with a remaining finding of this severity or worse
            ("info", "warning" or "error"); None keeps every document.
        config: a lintnews.toml (or pyproject.toml with [tool.lintnews]); None uses the defaults,
            never a config found near the working directory, so every worker judges alike.
        format: what the documents' text is: "text" (default), "markdown" or "html".
        exclusion_writer: a datatrove writer that receives the dropped documents.
    """

    name = "🧹 lintnews"

    def __init__(self, select: list[str] | None = None, ignore: list[str] | tuple[str, ...] = (),
                 fix: bool = False, unsafe_fixes: bool | None = None, drop_at: str | None = None,
                 config: str | None = None, format: str = "text",
                 exclusion_writer: DiskWriter | None = None) -> None:
        super().__init__(exclusion_writer)
        if format not in FORMATS:
            raise ValueError(f"format {format!r} is not one of {', '.join(FORMATS)}")
        if drop_at is not None and drop_at not in {s.value for s in Severity}:
            raise ValueError(f"drop_at {drop_at!r} is not one of info, warning, error or None")
        # A string is handed on as it is, for Options to refuse: list("WS") is ["W", "S"],
        # which skipped every rule starting with W or S.
        self.options = Options(select=_listed(select), ignore=_listed(ignore),
                               fix=fix, unsafe_fixes=unsafe_fixes, format=format,
                               # Checked here, read by workers that may start elsewhere: a relative
                               # name passed the check and then failed in every worker.
                               config=os.path.abspath(config) if isinstance(config, str) and config else config)
        self.drop_at = None if drop_at is None else Severity(drop_at)
        self._worker: _Worker | None = None
        _Worker(self.options)  # a bad config or rule code fails here, not in every worker

    def __getstate__(self) -> dict:
        # Executors ship the step to their workers; compiled rules stay behind and are rebuilt there.
        return {**self.__dict__, "_worker": None}

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        if self._worker is None:
            self._worker = _Worker(self.options)
        result = self._worker.lint(doc.text, str(doc.id))
        codes = Counter(d.code for d in result.diagnostics)
        fixed = Counter(d.code for d in result.fixed)
        record: dict = {"codes": dict(sorted(codes.items())), "fixed": sum(fixed.values())}
        if result.errors:
            record["error"] = "; ".join(str(e) for e in result.errors)
            self.stat_update("lintnews_error")
        elif result.new is not None and result.new != doc.text:
            doc.text = result.new
            self.stat_update("lintnews_fixed_docs")
        doc.metadata[METADATA_KEY] = record
        for code, n in codes.items():
            self.stat_update(code, value=n)
        for code, n in fixed.items():
            self.stat_update(f"fixed_{code}", value=n)
        if self.drop_at is not None:
            worst = [d for d in result.diagnostics if d.severity.rank >= self.drop_at.rank]
            if worst:
                first = min(worst, key=lambda d: (-d.severity.rank, d.code))
                return False, f"lintnews_{first.code}"
        return True
