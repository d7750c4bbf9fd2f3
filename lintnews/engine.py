"""Runs rules over documents and stamps each finding with where it is in the file."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from lintnews.document import Document
from lintnews.model import Applicability, Diagnostic, Severity
from lintnews.rule import Rule, matches


MATCHED_MAX = 1000  # characters of a span a finding keeps whole (longer: its head and a digest)
MATCHED_HEAD = 200


def bounded(text: str) -> str:
    """The span's text for reports and baselines: whole when short; a long one (a 50 MB record
    flagged whole) as its first characters, its length and a digest, so a finding never holds a
    copy of a huge text and two different long spans still read as different."""
    if len(text) <= MATCHED_MAX:
        return text
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{text[:MATCHED_HEAD]}… ({len(text)} characters, sha256 {digest})"


def record_name(doc: Document) -> str | None:
    """A JSONL record's ``id`` (or else its ``url``), so a finding in a dump names its record."""
    if doc.field is None:
        return None
    value = doc.meta.get("fields", {}).get("id")
    if value is None or value == "" or isinstance(value, bool):
        value = doc.meta.get("url")
    return None if value is None or value == "" else str(value)[:200]


def stamp(doc: Document, diag: Diagnostic, severity: Severity | None = None) -> Diagnostic:
    line, col = doc.position(diag.span.start)
    end_line, end_col = doc.position(diag.span.end)
    extra = dict(diag.extra)
    if diag.fix is not None:
        extra["edits"] = [(*doc.position(e.span.start), *doc.position(e.span.end), e.content)
                          for e in diag.fix.edits]
        # What each edit replaces, for ledgers and reviews of a batch cleanup.
        extra["removed"] = [doc.text[e.span.start:e.span.end] for e in diag.fix.edits]
    name = record_name(doc)
    if name is not None:
        extra["record"] = name
    return replace(diag, path=doc.path, line=line, column=col, end_line=end_line,
                   end_column=end_col, field=doc.field, severity=severity or diag.severity,
                   matched=bounded(doc.text[diag.span.start:diag.span.end]), extra=extra)


def _reclassify(diag: Diagnostic, safe: list[str], unsafe: list[str]) -> Diagnostic:
    """Apply the config's extend-safe-fixes / extend-unsafe-fixes (as ruff names them)."""
    fix = diag.fix
    if fix is None:
        return diag
    if fix.applicability is Applicability.UNSAFE and any(matches(s, diag.code, diag.name) for s in safe):
        return replace(diag, fix=replace(fix, applicability=Applicability.SAFE))
    if fix.applicability is Applicability.SAFE and any(matches(s, diag.code, diag.name) for s in unsafe):
        return replace(diag, fix=replace(fix, applicability=Applicability.UNSAFE))
    return diag


def run_rules(doc: Document, rules: list[Rule], ignore: list[str] = (),
              severities: dict[str, str] | None = None, safe: list[str] = (),
              unsafe: list[str] = ()) -> list[Diagnostic]:
    severities = severities or {}
    out: list[Diagnostic] = []
    for rule in rules:
        if rule.formats and doc.format not in rule.formats:
            continue
        for diag in rule.check(doc):
            if any(matches(s, diag.code, diag.name) for s in ignore):
                continue
            if safe or unsafe:
                diag = _reclassify(diag, safe, unsafe)
            level = severities.get(diag.code) or severities.get(diag.name)
            out.append(stamp(doc, diag, Severity(level) if level else None))
    out.sort(key=lambda d: (d.line, d.column, d.code))
    return out
