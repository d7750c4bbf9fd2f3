"""Per-document indexes every pack rule's prefilter reads (see pack_filter): where each rule's
leading literals start among the blocks' heads, found for all the rules at once, and which blocks
hold a rule's needles, found at C speed in the blocks' folded texts joined in one string."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

from lintnews.document import Document
from lintnews.regex_starts import fold

SKIP_PUNCTUATION = re.compile(r"[\W_]*")


def _holding(doc: Document, needles: frozenset[str], max_chars: int | None = None) -> set[int]:
    """The blocks whose folded text holds one of the (folded) ``needles``; with ``max_chars``,
    among the blocks of at most that many characters only (a rule that tries no longer block
    need not search the rest of the text)."""
    folded = doc.memo("packs.folded", lambda: _joined(doc))
    joined, slots, order, ends = folded.joined, folded.slots, folded.order, folded.ends
    out: set[int] = set()
    shortest = _shortest(needles)
    if shortest is None:  # a needle holds the blocks' separator: no block is ruled out
        return set(range(len(slots)))
    n = len(slots)
    for needle, needs in shortest:
        # Most needles are of other scripts than the article's: a character it lacks rules
        # the needle out without reading the whole text.
        if not folded.chars.issuperset(needs):
            continue
        size = len(needle)
        at = joined.find(needle)
        while at != -1:
            i = bisect_right(slots, at) - 1
            if i < 0 or at + size > ends[i]:  # between blocks, or across a block's end
                at = joined.find(needle, at + 1)
                continue
            if max_chars is None or ends[i] - slots[i] <= max_chars:
                out.add(order[i])
            at = joined.find(needle, slots[i + 1]) if i + 1 < n else -1
    return out


@lru_cache(maxsize=1024)
def _shortest(needles: frozenset[str]) -> tuple[tuple[str, frozenset[str]], ...] | None:
    """The needles that hold no other needle, each with its characters: a block holding a
    longer one holds the shorter too, so searching the text for the longer ("comentarios"
    beside "comentario") finds no block the shorter does not. None when one holds the blocks'
    separator."""
    if any("\0" in needle for needle in needles):
        return None
    out: list[str] = []
    for needle in sorted(needles, key=lambda n: (len(n), n)):
        if not any(kept in needle for kept in out):
            out.append(needle)
    return tuple((needle, frozenset(needle)) for needle in out)


class _Folded:
    """The document's text folded (found in at C speed), or, when its blocks overlap or are out
    of order, its blocks' folded texts joined with a NUL between them: where each block starts
    in that string (``starts``, by the block's index), where each place of it starts and ends
    (``slots``, ``ends``, in the string's order), the block at each place (``order``), and the
    characters the string holds (a superset of the blocks' own)."""

    __slots__ = ("chars", "ends", "joined", "order", "slots", "starts")

    def __init__(self, doc: Document) -> None:
        # Folding is one character for one and reads no context, so a block's folded text is
        # the slice of the folded document at its span. Blocks in order are searched where
        # they stand in it: a copy of each block's folded text, or of them all joined, would
        # cost as much memory again as the text (4 bytes a character for text with one emoji).
        folded = _fold_by_lines(doc.text)
        blocks = doc.blocks
        starts = [b.span.start for b in blocks]
        ends = [b.span.end for b in blocks]
        if all(a <= b for a, b in zip(ends, starts[1:])) and all(a <= b for a, b in zip(starts, ends)):
            self.joined, self.starts, self.slots, self.ends = folded, starts, starts, ends
            self.order = range(len(blocks))
        else:
            self.starts = [0] * len(blocks)
            self.slots, self.ends = [], []
            at = 0
            for i, b in enumerate(blocks):
                self.starts[i] = at
                self.slots.append(at)
                at += b.span.end - b.span.start
                self.ends.append(at)
                at += 1
            self.order = range(len(blocks))
            self.joined = "\0".join([folded[b.span.start:b.span.end] for b in blocks])
        self.chars = set(self.joined)


_FOLD_CHUNK = 1 << 18


def _fold_by_lines(text: str) -> str:
    """``fold(text)``, folded a stretch of lines at a time: folding the whole of a long text
    holds two or three copies of it at once (4 bytes a character for text with one emoji), a
    stretch's only as many of the stretch. The same string: fold reads no context but the
    final sigma's, which no line break passes (a break is neither cased nor case-ignorable)."""
    if len(text) <= _FOLD_CHUNK:
        return fold(text)
    parts = []
    pos, n = 0, len(text)
    while pos < n:
        cut = text.find("\n", pos + _FOLD_CHUNK)
        end = n if cut < 0 else cut + 1
        parts.append(fold(text[pos:end]))
        pos = end
    return "".join(parts)


def _joined(doc: Document) -> _Folded:
    return _Folded(doc)


class _Literals:
    """The leading literals of the phrases of every rule in use, by their first three (or fewer)
    folded characters, each with its rule's token: one pass over a document's block heads finds
    which blocks each rule's literals start in, for all the rules at once."""

    def __init__(self) -> None:
        self.index: dict[str, list[tuple[str, int]]] = {}
        self.tokens: dict[tuple, int] = {}  # a rule's literals: the same set shares a token
        self.by_token: list[tuple[str, ...]] = []
        self.longest = 1
        self.firsts: set[str] = set()  # the folded characters a literal starts with
        self._first_class: tuple[int, re.Pattern] | None = None

    def token(self, literals: frozenset[str]) -> int:
        key = tuple(sorted(literals))
        token = self.tokens.get(key)
        if token is None:
            token = self.tokens[key] = len(self.tokens)
            self.by_token.append(key)
            for lit in key:
                self.index.setdefault(lit[:3], []).append((lit, token))
                self.longest = max(self.longest, len(lit))
                self.firsts.add(lit[0])
        return token

    def first_class(self) -> re.Pattern:
        """The folded characters a literal starts with, as a class: the places of a head where
        none starts are passed over at C speed (a head may be a run of punctuation a megabyte
        long)."""
        if self._first_class is None or self._first_class[0] != len(self.tokens):
            chars = "".join(sorted(self.firsts)) or "\0"
            self._first_class = (len(self.tokens), re.compile("[" + re.escape(chars) + "]"))
        return self._first_class[1]


LITERALS = _Literals()
# Heads shorter than this are read place by place; a longer one (a run of punctuation a megabyte
# long) by the character class of the literals' first characters, compiled once a head needs it.
_SHORT_HEAD = 64


def _literal_hits(doc: Document) -> dict[int, list[int]]:
    """For each token, the blocks one of its literals can start in (after the punctuation a
    block opens with, which covers a start or label match's lead), in their order, each once."""
    state = doc.memo("packs.literal-hits", lambda: {"seen": 0, "hits": {}})
    hits = state["hits"]
    seen = state["seen"]
    if seen == len(LITERALS.tokens):
        return hits
    # Rules come into use one by one on a run's first document: only their tokens are looked
    # for again. Where they hold fewer literals than the document has blocks (a long text, a
    # record of a whole site), each literal is looked up among the blocks' heads instead of
    # every head being read again for each rule.
    if sum(map(len, LITERALS.by_token[seen:])) < len(doc.blocks):
        hits_by_lookup(doc, seen, hits)
    else:
        hits_by_scan(doc, seen, hits)
    state["seen"] = len(LITERALS.tokens)
    return hits


def hits_by_scan(doc: Document, seen: int, hits: dict[int, list[int]]) -> None:
    """Add the blocks of the tokens from ``seen`` on to ``hits``, reading each block's head."""
    index, longest, firsts = LITERALS.index, LITERALS.longest, LITERALS.firsts
    # The blocks' folded texts, one string for all (see _joined): no block is sliced or folded
    # on its own, and a head is read where it stands.
    folded = doc.memo("packs.folded", lambda: _joined(doc))
    joined, starts = folded.joined, folded.starts
    text, skip = doc.text, SKIP_PUNCTUATION.match
    for i, block in enumerate(doc.blocks):
        a, b = block.span.start, block.span.end
        end = skip(text, a, b).end() - a
        at = starts[i]
        stop = at + min(end + longest, b - a)  # where the head's literals must end
        last = at + min(end, b - a - 1)  # the last place a literal can start
        if end < _SHORT_HEAD:
            places = [s for s in range(at, last + 1) if joined[s] in firsts]
        else:
            places = [m.start() for m in LITERALS.first_class().finditer(joined, at, last + 1)]
        for s in places:
            head = joined[s:stop]
            for key in (head[:1], head[:2], head[:3]):
                for lit, token in index.get(key, ()):
                    if token >= seen and head.startswith(lit):
                        found = hits.setdefault(token, [])
                        if not found or found[-1] != i:
                            found.append(i)


def hits_by_lookup(doc: Document, seen: int, hits: dict[int, list[int]]) -> None:
    """The same as ``hits_by_scan``, looking each literal up among the blocks' heads."""
    heads = doc.memo("packs.head-grams", lambda: _HeadGrams(doc))
    for token, literals in enumerate(LITERALS.by_token[seen:], seen):
        found = {i for lit in literals for i in heads.starting(lit)}
        if found:
            hits[token] = sorted(found)


class _HeadGrams:
    """The blocks by the folded characters (one to three) at each place of their heads, for
    finding the blocks one literal starts in."""

    def __init__(self, doc: Document) -> None:
        # Offsets into the document's text, not a copy of each block's text (as much memory
        # again as the text).
        self._text = text = doc.text
        self._spans = spans = [b.span for b in doc.blocks]
        self._ends = [SKIP_PUNCTUATION.match(text, sp.start, sp.end).end() - sp.start for sp in spans]
        self._grams: dict[int, dict[str, list[int]]] = {}

    def _index(self, k: int) -> dict[str, list[int]]:
        got = self._grams.get(k)
        if got is None:
            got = self._grams[k] = {}
            text = self._text
            for i, (span, end) in enumerate(zip(self._spans, self._ends)):
                a, b = span.start, span.end
                folded = fold(text[a:min(a + end + k, b)])  # one character for one: its places are the text's
                for s in range(end + 1):
                    # Once per block and key: a head that repeats a key ("......", a run of
                    # dashes) would otherwise list its block once per place, and each listing
                    # be checked at every place of the head.
                    listed = got.setdefault(folded[s:s + k], [])
                    if not listed or listed[-1] != i:
                        listed.append(i)
        return got

    def starting(self, literal: str) -> Iterator[int]:
        k = min(len(literal), 3)
        n = len(literal)
        text = self._text
        for i in self._index(k).get(literal[:k], ()):
            span = self._spans[i]
            a, b = span.start, span.end
            if any(fold(text[a + s:min(a + s + n, b)]) == literal for s in range(self._ends[i] + 1)):
                yield i
