"""Per-document indexes every pack rule's prefilter reads (see pack_filter): where each rule's
leading literals start among the blocks' heads, found for all the rules at once, and which blocks
hold a rule's needles, found at C speed in the blocks' folded texts joined in one string."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

from lintnews.document import Document
from lintnews.regex_starts import fold
from lintnews.patterns import compile_cached

SKIP_PUNCTUATION = compile_cached(r"[\W_]*")


def _holding(doc: Document, needles: frozenset[str], max_chars: int | None = None) -> set[int]:
    """The blocks whose folded text holds one of the (folded) ``needles``; with ``max_chars``,
    among the blocks of at most that many characters only (a rule that tries no longer block
    need not search the rest of the text)."""
    folded = doc.memo("packs.folded", lambda: _joined(doc))
    slots, order, ends = folded.slots, folded.order, folded.ends
    out: set[int] = set()
    shortest = _shortest(needles)
    if shortest is None:  # a needle holds the blocks' separator: no block is ruled out
        return set(range(len(slots)))
    if max_chars is not None:
        short = folded.short_blocks(max_chars)
        if short is not None:
            return short.holding(shortest, folded.chars)
    n = len(slots)
    pieces = list(zip(folded.pieces, folded.bases))
    holds = folded.chars.issuperset  # read once: a rule has up to fifty needles
    for needle, needs in shortest:
        # Most needles are of other scripts than the article's: a character it lacks rules
        # the needle out without reading the whole text.
        if not holds(needs):
            continue
        size = len(needle)
        # No block crosses from one piece into the next: each piece is searched on its own.
        for piece, base in pieces:
            at = piece.find(needle)
            while at != -1:
                place = base + at
                i = bisect_right(slots, place) - 1
                if i < 0 or place + size > ends[i]:  # between blocks, or across a block's end
                    at = piece.find(needle, at + 1)
                    continue
                if max_chars is None or ends[i] - slots[i] <= max_chars:
                    out.add(order[i])
                at = piece.find(needle, slots[i + 1] - base) if i + 1 < n else -1
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
    """The document's text folded (found in at C speed), in pieces, or, when its blocks overlap
    or are out of order, its blocks' folded texts joined with a NUL between them, in one piece:
    where each block starts in that text (``starts``, by the block's index), where each place of
    it starts and ends (``slots``, ``ends``, in the text's order), the block at each place
    (``order``), the pieces and where each starts (``pieces``, ``bases``; no block crosses from
    one into the next), and the characters the text holds (a superset of the blocks' own)."""

    __slots__ = ("bases", "chars", "ends", "order", "pieces", "short", "slots", "starts")

    def __init__(self, doc: Document) -> None:
        # Folding is one character for one and reads no context, so a block's folded text is
        # the slice of the folded document at its span. Blocks in order are searched where
        # they stand in it: a copy of each block's folded text, or of them all joined, would
        # cost as much memory again as the text.
        blocks = doc.blocks
        starts = [b.span.start for b in blocks]
        ends = [b.span.end for b in blocks]
        if all(a <= b for a, b in zip(ends, starts[1:])) and all(a <= b for a, b in zip(starts, ends)):
            self.starts, self.slots, self.ends = starts, starts, ends
            self.order = range(len(blocks))
            self.bases = _piece_bases(doc.text, starts, ends)
            # Each piece is a string of its own, as narrow as its characters allow: one emoji
            # no longer makes the whole folded text 4 bytes a character (a 4 MB record's
            # folded copy took 15 MB in one string, 8 MB in pieces).
            bounds = self.bases + [len(doc.text)]
            self.pieces = [_fold_by_lines(doc.text[a:b]) for a, b in zip(bounds, bounds[1:])]
        else:
            folded = _fold_by_lines(doc.text)
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
            self.pieces = ["\0".join([folded[b.span.start:b.span.end] for b in blocks])]
            self.bases = [0]
        self.chars = set().union(*self.pieces)
        self.short: dict[int, _Short | None] = {}

    def short_blocks(self, max_chars: int) -> _Short | None:
        """The blocks of at most ``max_chars`` characters, on their own (None: they hold half
        the text or more, which is searched as it stands, or the text is long: a copy of a long
        record's short blocks for each length asked for held 20 MB more at an 8 MB record's peak)."""
        if max_chars not in self.short:
            if self.ends and self.ends[-1] > _MOST_SHORT:
                self.short[max_chars] = None
                return None
            slots, ends = self.slots, self.ends
            picked = [i for i in range(len(slots)) if ends[i] - slots[i] <= max_chars]
            size = sum(ends[i] - slots[i] for i in picked)
            self.short[max_chars] = _Short(self, picked) if size * 2 < sum(map(len, self.pieces)) else None
        return self.short[max_chars]

    def piece_at(self, place: int, k: int = 0) -> int:
        """The piece holding ``place``, looked for from piece ``k`` on."""
        bases = self.bases
        while k + 1 < len(bases) and bases[k + 1] <= place:
            k += 1
        return k


class _Short:
    """Some blocks' folded texts joined with a NUL between them: a rule that tries only short
    blocks searches their text for its needles, not the whole text (most of an article's text
    is in its long paragraphs)."""

    __slots__ = ("blocks", "starts", "text")

    def __init__(self, folded: _Folded, picked: list[int]) -> None:
        pieces, bases, slots, ends, order = folded.pieces, folded.bases, folded.slots, folded.ends, folded.order
        # Places in arrays: a list held an int object for each (a text of 50,000 one-word lines
        # held 18 MB of them for the five lengths its rules ask for).
        texts, starts = [], array("q")
        at = k = 0
        for i in picked:
            k = folded.piece_at(slots[i], k)  # in the text's order: the pieces are read forward
            texts.append(pieces[k][slots[i] - bases[k]:ends[i] - bases[k]])
            starts.append(at)
            at += ends[i] - slots[i] + 1
        self.text = "\0".join(texts)
        self.starts = starts
        self.blocks = array("q", map(order.__getitem__, picked))

    def holding(self, shortest: tuple[tuple[str, frozenset[str]], ...], chars: set[str]) -> set[int]:
        """The blocks holding one of the needles (none of which holds a NUL, so a needle found
        lies inside one block)."""
        out: set[int] = set()
        text, starts, blocks = self.text, self.starts, self.blocks
        n = len(starts)
        holds = chars.issuperset
        for needle, needs in shortest:
            if not holds(needs):
                continue
            at = text.find(needle)
            while at != -1:
                i = bisect_right(starts, at) - 1
                out.add(blocks[i])
                at = text.find(needle, starts[i + 1]) if i + 1 < n else -1
        return out


_PIECE = 1 << 14
_MOST_SHORT = 1 << 20  # the longest text whose short blocks are joined on their own


def _piece_bases(text: str, starts: list[int], ends: list[int]) -> list[int]:
    """Where the pieces of a folded text start: at a line break between two blocks, each piece
    at least ``_PIECE`` characters long (the last aside). Folding reads no context past a line
    break (see _fold_by_lines), so the pieces folded one by one are the text folded."""
    bases = [0]
    j = 1
    while True:
        j = max(bisect_right(starts, bases[-1] + _PIECE, j), 1)
        while j < len(starts):
            cut = text.rfind("\n", ends[j - 1], starts[j])
            j += 1
            if cut >= bases[-1]:
                bases.append(cut + 1)
                break
        else:
            return bases


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
# Most literals looked up one by one (see _literal_hits); more are found by reading every head.
_MOST_LOOKED_UP = 1000


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
    # every head being read again for each rule. A literal's lookup reads every block whose
    # head shares its first characters, about a thousandth of a scan's work however long the
    # text: all the packs' literals at once (4,066) are read faster by one scan (0.53 s against
    # 0.91 s on a 4 MB record of 71,639 blocks).
    if sum(map(len, LITERALS.by_token[seen:])) < min(len(doc.blocks), _MOST_LOOKED_UP):
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
    starts, pieces, bases = folded.starts, folded.pieces, folded.bases
    text, skip = doc.text, SKIP_PUNCTUATION.match
    k = 0
    for i, block in enumerate(doc.blocks):
        a, b = block.span.start, block.span.end
        end = skip(text, a, b).end() - a
        k = folded.piece_at(starts[i], k)  # blocks come in order: the pieces are read forward
        joined = pieces[k]
        at = starts[i] - bases[k]
        stop = at + min(end + longest, b - a)  # where the head's literals must end
        last = at + min(end, b - a - 1)  # the last place a literal can start
        if not end:  # most blocks open with a letter: one place to read
            if last < at or joined[at] not in firsts:
                continue
            places = (at,)
        elif end < _SHORT_HEAD:
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
        self._ids = [b.index if b.index == i else i for i, b in enumerate(doc.blocks)]
        self._grams: dict[int, dict[str, list[int]]] = {}

    def _index(self, k: int) -> dict[str, list[int]]:
        got = self._grams.get(k)
        if got is None:
            got = self._grams[k] = {}
            text = self._text
            # The blocks' own index objects, not a new int per block and key (three lists of a
            # long text's blocks held 6 MB of ints for a 4 MB record).
            for i, span, end in zip(self._ids, self._spans, self._ends):
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
