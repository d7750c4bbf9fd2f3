"""Choosing which fixes apply together and applying their edits to a text."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from lintnews.model import Applicability, Diagnostic, Edit, Span

MAX_PASSES = 10


class _TrailingBlank:
    """Where the blank lines at the end of a text start: the match of ``\\n(?:[ \\t\\u00a0]*\\n)+\\Z``,
    found from the end in linear time (a regex search tries every newline of a long run of blank
    lines and takes quadratic time)."""

    class _Match:
        def __init__(self, start: int) -> None:
            self._start = start

        def start(self) -> int:
            return self._start

    def search(self, text: str) -> _Match | None:
        first = _blank_lines(text, _kept_end(text, 0, len(text)) or 0, len(text))
        return None if first is None else self._Match(first)


_TRAILING_BLANK = _TrailingBlank()
_BLANK = " \t\u00a0\n"


def _kept_end(text: str, start: int, end: int) -> int | None:
    """Where ``text[start:end]`` ends without its trailing blanks (spaces, tabs, no-break spaces,
    newlines); None when it is all blank. Read from the end, a stretch at a time: a long text is
    not copied whole to be stripped."""
    size = 64
    while True:
        low = max(start, end - size)
        stripped = text[low:end].rstrip(_BLANK)
        if stripped:
            return low + len(stripped)
        if low == start:
            return None
        size *= 4


def _blank_lines(text: str, kept: int, end: int) -> int | None:
    """Where the blank lines that end ``text[:end]`` start, the text kept before them ending at
    ``kept``: its first line break after that. None unless it ends in a line break and two or
    more follow ``kept``."""
    if end == kept or text[end - 1] != "\n":
        return None
    first = text.find("\n", kept, end)
    return first if text.count("\n", first, end) >= 2 else None


def end_tidied(text: str, merged: list[Edit]) -> list[Edit] | None:
    """The sorted, merged ``merged`` with the tidying ``apply_edits`` does at the text's end (a
    deletion reaching it also takes the blank lines before it) made an edit of its own, so that
    the edits alone give its text and a long text is not fixed whole only to be tidied. None in
    the rare case where the text kept before that deletion is all blank: tidy the fixed text."""
    last = merged[-1]
    if not (last.content == "" and last.span.end == len(text) and len(last.span)):
        return merged
    start = last.span.start
    before = merged[-2].span.end if len(merged) > 1 else 0
    kept = _kept_end(text, before, start)
    if kept is None:
        return None
    first = _blank_lines(text, kept, start)
    return merged if first is None else [*merged[:-1], Edit(Span(first, len(text)), "\n")]


class SeenTexts:
    """The texts the passes of a fix have given, to tell when fixes undo each other. Kept by
    digest: each pass's text of a long record held to the end cost as much memory again as
    the record, pass after pass."""

    _CHUNK = 1 << 20  # characters encoded at a time, not a copy of the whole text

    def __init__(self) -> None:
        self._digests: set[bytes] = set()

    def add(self, text: str) -> bool:
        """Remember ``text``; False when it was seen before."""
        import hashlib  # here: a check that fixes nothing need not load OpenSSL

        h = hashlib.sha256()
        for i in range(0, len(text), self._CHUNK):
            h.update(text[i:i + self._CHUNK].encode("utf-8", "surrogatepass"))
        digest = h.digest()
        if digest in self._digests:
            return False
        self._digests.add(digest)
        return True


def wanted(diag: Diagnostic, unsafe: bool) -> bool:
    if diag.fix is None:
        return False
    ap = diag.fix.applicability
    return ap is Applicability.SAFE or (unsafe and ap is Applicability.UNSAFE)


def select_fixes(diags: list[Diagnostic], unsafe: bool) -> tuple[list[Diagnostic], list[Edit]]:
    """Fixes that apply together in one pass, and their edits.

    Deletions go first, largest first, so a block's removal wins over a repair inside it.
    A fix applies whole or not at all; one that overlaps a chosen fix waits for the next pass,
    except that deletions may overlap each other (their union is deleted).
    """
    candidates = [d for d in diags if wanted(d, unsafe)]
    candidates.sort(key=lambda d: (not d.fix.is_deletion,
                                   -sum(len(e.span) for e in d.fix.edits),
                                   min(e.span.start for e in d.fix.edits)))
    chosen: list[Diagnostic] = []
    edits: list[Edit] = []
    # A new deletion may touch chosen deletions, nothing else may touch: the two kinds are kept
    # apart, each found near a span by its start (a long page has thousands of fixes).
    deletions, others = _Spans(), _Spans()
    for diag in candidates:
        if all(not others.touch(new.span) and (new.content == "" or not deletions.touch(new.span))
               for new in diag.fix.edits):
            chosen.append(diag)
            edits.extend(diag.fix.edits)
            for e in diag.fix.edits:
                (deletions if e.content == "" else others).add(e.span)
    return chosen, edits


class _Spans:
    """Spans, for asking whether any touches a given one: overlaps it, or starts where it does
    when either is empty. Short spans are kept by their start, so those that can touch a span
    lie within ``_SHORT`` characters before it; the few long ones are each asked."""

    _SHORT = 4096

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._short: list[Span] = []
        self._long: list[Span] = []

    def add(self, span: Span) -> None:
        if len(span) > self._SHORT:
            self._long.append(span)
            return
        i = bisect.bisect_right(self._starts, span.start)
        self._starts.insert(i, span.start)
        self._short.insert(i, span)

    def touch(self, span: Span) -> bool:
        lo = bisect.bisect_left(self._starts, span.start - self._SHORT)
        hi = bisect.bisect_right(self._starts, max(span.end, span.start))
        return any(_touching(span, old) for old in self._short[lo:hi]) or any(_touching(span, old) for old in self._long)


def _touching(new: Span, old: Span) -> bool:
    return new.overlaps(old) or (new.start == old.start and (len(new) == 0 or len(old) == 0))


def merge_deletions(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        if out and e.content == "" and out[-1].content == "" and e.span.start <= out[-1].span.end:
            last = out[-1]
            out[-1] = Edit(Span(last.span.start, max(last.span.end, e.span.end)), "")
        else:
            out.append(e)
    return out


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (overlapping deletions are merged).

    A deletion that reaches the end of the text also takes the blank lines before it, so the
    text still ends with exactly one newline after its last kept line.
    """
    if not edits:
        return text
    merged = merge_deletions(edits)
    tidied = end_tidied(text, merged)
    if tidied is not None:
        return splice(text, edit_triples(tidied))
    # Only a deletion reaching the end whose kept text before it is all blank comes here.
    result = splice(text, edit_triples(merged))
    m = _TRAILING_BLANK.search(result)
    return result[: m.start()] + "\n" if m else result


def edit_triples(edits: Iterable[Edit]) -> list[tuple[int, int, str]]:
    return [(e.span.start, e.span.end, e.content) for e in edits]


def splice(text: str, replacements: Iterable[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, content) put in place of its span.

    The replacements come sorted by start and do not overlap; every character outside them is
    kept as it was.
    """
    parts: list[str] = []
    pos = 0
    for start, end, content in replacements:
        _keep(parts, text, pos, start)
        parts.append(content)
        pos = end
    _keep(parts, text, pos, len(text))
    return "".join(parts)


_STRETCH = 1 << 16


def _keep(parts: list[str], text: str, start: int, end: int) -> None:
    # A long stretch is kept in pieces, each as narrow as its own characters: in one slice it
    # took the width of its widest beside the result (4 bytes a character for a long record's
    # text with one emoji: as much memory again as the text).
    if end - start <= _STRETCH:
        parts.append(text[start:end])
    else:
        parts.extend(text[i:min(i + _STRETCH, end)] for i in range(start, end, _STRETCH))
