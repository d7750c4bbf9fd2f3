"""Inline suppressions: accepting a finding in the article itself, where its format has comments.

Markdown and HTML::

    <!-- lintnews: ignore[SUB001] -->        the next block (after the comment) is not reported
    <!-- lintnews: ignore[SUB001,REL] -->    several codes; prefixes, names and old codes as in ``ignore``
    <!-- lintnews: ignore -->                the next block, every rule
    <!-- lintnews: ignore-file[AUT002] -->   the whole file (no codes: every rule)

JSONL: a record field ``lintnews_ignore`` (a list of codes, or one string; ``"ALL"`` for every rule)
applies to that record.

A suppressed finding is neither reported nor fixed. Plain text has no comments; its findings are
accepted with the ignore file (``lintnews check --add-ignore REASON``, see ``lintnews.baseline``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lintnews.document import Document
from lintnews.model import Diagnostic
from lintnews.patterns import LazyPattern
from lintnews.rule import Rule, matches

# Compiled on first use: only a text holding "lintnews:" is searched for these comments.
_COMMENT = LazyPattern(r"<!--\s*lintnews:\s*(ignore-file|ignore)\s*(?:\[([^\]]*)\])?\s*-->")
FIELD = "lintnews_ignore"  # the JSONL record field


@dataclass(frozen=True)
class _Scope:
    codes: tuple[str, ...] | None  # None: every rule
    start: int = 0  # text offsets of the block it covers; the whole document when None
    end: int | None = None

    def covers(self, diag: Diagnostic) -> bool:
        if self.end is None:
            return True
        span = diag.span
        if len(span) == 0:
            return self.start <= span.start <= self.end
        return span.start < self.end and span.end > self.start


def _codes(inner: str | None) -> tuple[str, ...] | None:
    if inner is None:
        return None
    codes = tuple(c.strip() for c in inner.split(",") if c.strip())
    return None if not codes or "ALL" in codes else codes


def _raw(doc: Document) -> str | None:
    """The source the document was read from, when its format has comments."""
    if doc.format == "markdown":
        return doc.text
    if doc.format == "html":
        return getattr(doc.source, "raw", None)
    return None


def _raw_position(raw: str, offset: int) -> tuple[int, int]:
    line = raw.count("\n", 0, offset) + 1
    return line, offset - (raw.rfind("\n", 0, offset) + 1) + 1


def scopes(doc: Document) -> list[_Scope]:
    """What the document's comments (or its record's field) suppress."""
    if doc.format == "jsonl":
        value = doc.meta.get(FIELD)
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and value:
            return [_Scope(_codes(",".join(str(v) for v in value)))]
        return []
    raw = _raw(doc)
    if not raw or "lintnews:" not in raw:
        return []
    out = []
    for m in _COMMENT.finditer(raw):
        codes = _codes(m.group(2))
        if m.group(1) == "ignore-file":
            out.append(_Scope(codes))
            continue
        # The next block is the first one that starts after the comment in the source; blocks'
        # source positions come from the document, so HTML needs no help from its reader.
        if raw is doc.text:
            block = next((b for b in doc.blocks if b.span.start >= m.end()), None)
        else:
            after = _raw_position(raw, m.end())
            block = next((b for b in doc.blocks if doc.position(b.span.start) >= after), None)
        if block is not None:
            out.append(_Scope(codes, block.outer.start, block.outer.end))
    return out


def _expand(codes: Iterable[str], rules: Iterable[Rule]) -> list[str]:
    """Codes with old codes and old prefixes added as the rules' current codes."""
    out = list(codes)
    for sel in list(out):
        out.extend(r.code for r in rules if any(a.startswith(sel.upper()) for a in r.aliases))
    return out


def unsuppressed(doc: Document, diags: list[Diagnostic], rules: Iterable[Rule]) -> list[Diagnostic]:
    """``diags`` without the ones the document's suppressions accept."""
    found = doc.memo("suppress", lambda: scopes(doc))
    if not found or not diags:
        return diags
    rules = list(rules)
    expanded = [(s, None if s.codes is None else _expand(s.codes, rules)) for s in found]
    return [d for d in diags if not any(
        s.covers(d) and (codes is None or any(matches(c, d.code, d.name) or matches(c.upper(), d.code, d.name)
                                               for c in codes))
        for s, codes in expanded)]
