"""Runs rules over documents and stamps each finding with where it is in the file."""

from __future__ import annotations

import bisect
from dataclasses import replace
from functools import lru_cache

from lintnews.document import Document
from lintnews.errors import RuleError
from lintnews.model import Applicability, Diagnostic, Fix, Severity
from lintnews.pagehead import article_head
from lintnews.rule import Rule, matches
from lintnews.suppress import unsuppressed


MATCHED_MAX = 1000  # characters of a span a finding keeps whole (longer: its head and a digest)
MATCHED_HEAD = 200


def bounded(text: str) -> str:
    """The span's text for reports and baselines: whole when short; a long one (a 50 MB record
    flagged whole) as its first characters, its length and a digest, so a finding never holds a
    copy of a huge text and two different long spans still read as different."""
    if len(text) <= MATCHED_MAX:
        return text
    import hashlib  # here: a one-file check need not load OpenSSL for a span it never has

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


def _raw_edits(doc: Document, edits) -> list[tuple[int, int, str]] | None:
    """An HTML fix's edits as the raw spans --fix cuts (whole elements, not the text inside
    them); None for other formats."""
    if doc.format != "html":
        return None
    from lintnews.readers.html.render import raw_edits

    return raw_edits(doc, edits) or None


def _raw_positions(doc: Document, diags: list[Diagnostic], removed: bool = True) -> None:
    """Give each HTML fix its edits in the page's lines and columns, with the raw text each cuts.

    An element emptied only by several fixes together (a widget container whose related list
    and share bar both go) is cut whole by --fix: each fix's edit inside it is lifted to that
    element, so applying the edits of the safe fixes gives the page --fix writes in that pass.
    """
    fixes = [d for d in diags if "raw" in d.extra]
    if not fixes:
        return
    from lintnews.fix import select_fixes
    from lintnews.readers.html.render import raw_edits

    _, together = select_fixes([d for d in fixes if d.fix is not None], False)
    combined = (raw_edits(doc, together) or []) if together else []
    raw_text = doc.source.raw
    position = doc.source.raw_position  # the page's line and column of a raw offset

    # ``combined`` is sorted and its spans never cross (render's _outermost), so the spans that
    # may hold a place are the last ones starting at or before it: found by bisection, not by
    # reading every fix of a long page for each.
    combined_starts = [c[0] for c in combined]

    def outer_of(a: int, b: int):
        i = bisect.bisect_right(combined_starts, a) - 1
        found = None
        while i >= 0 and combined[i][1] >= a:
            c = combined[i]
            if b <= c[1] and (c[0], c[1]) != (a, b):
                found = c  # the first such span in order, as the fixes are listed
            i -= 1
        return found

    # One copy of each span's text, shared by every fix lifted to it: the thousand items of a
    # removed list each carry the whole list's span, and a copy each took memory by the square.
    texts: dict[tuple[int, int], str] = {}
    for d in fixes:
        lifted = []
        for a, b, content in d.extra.pop("raw"):
            outer = outer_of(a, b)
            if outer is not None and not content:
                a, b, content = outer
            if (a, b, content) not in lifted:
                lifted.append((a, b, content))
        d.extra["edits"] = [(*position(a), *position(b), content) for a, b, content in lifted]
        if removed:
            # the page's own text, markup and all
            d.extra["removed"] = [texts.get((a, b)) or texts.setdefault((a, b), raw_text[a:b])
                                  for a, b, _ in lifted]


def stamp(doc: Document, diag: Diagnostic, severity: Severity | None = None, removed: bool = True) -> Diagnostic:
    """``diag`` with its places in the file; with ``removed``, the text each edit replaces (the
    ledger's and the fix summary's: a check alone need not copy it, a quarter of what a long
    record's findings hold)."""
    line, col = doc.position(diag.span.start)
    end_line, end_col = doc.position(diag.span.end)
    extra = dict(diag.extra)
    if diag.fix is not None:
        raw = _raw_edits(doc, diag.fix.edits)
        if raw:
            extra["raw"] = raw  # turned into positions by _raw_positions, with the other fixes in view
        else:
            extra["edits"] = [(*doc.position(e.span.start), *doc.position(e.span.end), e.content)
                              for e in diag.fix.edits]
            if removed:  # what each edit replaces, for ledgers and reviews of a batch cleanup
                extra["removed"] = [doc.text[e.span.start:e.span.end] for e in diag.fix.edits]
    # One string for the record's findings, not one each (a long record has thousands).
    name = doc.memo("engine.record-name", lambda: record_name(doc))
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


def _rank(d: Diagnostic) -> tuple:
    # The finding that stays when two rules flag the same span: the more severe (so dropping
    # the other never changes the exit code), then the one with a fix (the report then says
    # what --fix does there), a safe fix before an unsafe one, then the lower code.
    safe = d.fix is not None and d.fix.applicability is Applicability.SAFE
    return (-d.severity.rank, d.fix is None, not safe, d.code)


def one_per_span(diags: list[Diagnostic]) -> list[Diagnostic]:
    """The findings to report: one per span (and JSONL field), in their order. Fixing is not
    affected: every rule's fix is still weighed by the fixer."""
    best: dict[tuple, Diagnostic] = {}
    for d in diags:
        key = (d.line, d.column, d.end_line, d.end_column, d.field)
        if key not in best or _rank(d) < _rank(best[key]):
            best[key] = d
    if len(best) == len(diags):
        return diags
    kept = {id(d) for d in best.values()}
    return [d for d in diags if id(d) in kept]


def _keep_article_head(doc: Document, diags: list[Diagnostic]) -> None:
    """A fix that would delete text of the article's headline, standfirst or byline
    (``lintnews.pagehead``) is shown, never applied: a menu run or a repeated paragraph that
    reaches the headline still gets its finding, and the page keeps its head."""
    head = [doc.blocks[i].span for i in sorted(article_head(doc))]
    if not head:
        return
    for k, diag in enumerate(diags):
        fix = diag.fix
        if fix is None or fix.applicability == Applicability.DISPLAY_ONLY:
            continue
        if any(not e.content.strip() and e.span.start < span.end and span.start < e.span.end
               for e in fix.edits for span in head):
            kept = Fix(f"{fix.message} (not applied: it would delete the article's headline, standfirst or byline)",
                       fix.edits, Applicability.DISPLAY_ONLY)
            diags[k] = replace(diag, fix=kept)


def _run_order(doc: Document, rules: list[Rule]) -> tuple[list[Rule] | tuple[Rule, ...], int, set[str] | frozenset[str]]:
    """The rules in the order they run, where the first rule that reads none of the per-document
    indexes some rules share (``index_memos``, a pack rule's prefilter: as much memory as the
    text, and held to the end otherwise) stands, and those indexes' memo keys.

    The rules that read them run first, so the indexes can be let go of before the others
    add their findings (a long record's peak is at its last rule). The findings come out sorted
    all the same; an HTML page's fixes are weighed together in the order the rules are given
    (see _raw_positions), so a page keeps that order and its indexes.
    """
    if doc.format == "html":
        return rules, -1, set()
    try:
        return _order_of(tuple(rules))
    except TypeError:  # a plugin's rule that cannot be hashed (it defines __eq__)
        return _order_of.__wrapped__(tuple(rules))


@lru_cache(maxsize=64)
def _order_of(rules: tuple[Rule, ...]) -> tuple[tuple[Rule, ...], int, frozenset[str]]:
    # Worked out once for a rule set, not for each document: 20 microseconds of each of a
    # dump's records.
    memos = frozenset(key for rule in rules for key in getattr(rule, "index_memos", ()))
    if not memos:
        return rules, -1, memos
    first = tuple(r for r in rules if getattr(r, "index_memos", ()))
    return first + tuple(r for r in rules if not getattr(r, "index_memos", ())), len(first), memos


def run_rules(doc: Document, rules: list[Rule], ignore: list[str] = (),
              severities: dict[str, str] | None = None, safe: list[str] = (),
              unsafe: list[str] = (), removed: bool = True) -> list[Diagnostic]:
    """The findings of ``rules`` in ``doc``, stamped; ``removed=False`` leaves out the text each
    fix's edits replace (see ``stamp``), for a run that only reports."""
    severities = severities or {}
    out: list[Diagnostic] = []
    order, last_indexed, memos = _run_order(doc, rules)
    for k, rule in enumerate(order):
        if k == last_indexed:
            doc.forget(memos)
        if rule.formats and doc.format not in rule.formats:
            continue
        try:
            diags = list(rule.check(doc))
        except (Exception, SystemExit) as err:  # a rule's own bug or sys.exit: this file's error
            raise RuleError.of(doc.path, rule, err, doc.position(0)[0] if doc.field is not None else None) from None
        if not diags:  # most rules find nothing in most documents
            continue
        for diag in unsuppressed(doc, diags, rules):
            if any(matches(s, diag.code, diag.name) for s in ignore):
                continue
            if safe or unsafe:
                diag = _reclassify(diag, safe, unsafe)
            level = severities.get(diag.code) or severities.get(diag.name)
            out.append(stamp(doc, diag, Severity(level) if level else None, removed))
    if doc.format == "html":
        _keep_article_head(doc, out)
        _raw_positions(doc, out, removed)
    out.sort(key=lambda d: (d.line, d.column, d.code))
    return out
