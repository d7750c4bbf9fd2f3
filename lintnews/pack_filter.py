"""Which blocks a pack rule need not try: a cheap test, exact in what it rules out, so that the
rule's regex (an alternation of up to a thousand phrases, slow to compile and to fail) runs on few
blocks.

A phrase can start only at the head of a block (the punctuation before its first letter, or the
lead a start or label match passes over, and that letter), so a block where none of the rule's
phrases' leading literals (their first word, folded) starts in the head, and whose head holds none
of the characters its other phrases can start with, cannot match. A phrase that may start with any
character (``[^\\n]{1,120}?...``) still needs its longest literal (or one of its branches')
somewhere in the block, case folded as the regex engine folds it; so does a contains match.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

from lintnews.document import Block, Document
from lintnews.regex_starts import fold, literal_heads, parse_regex, required_strings, start_or_literal  # noqa: F401

# What a start or label match passes over before its phrase: Markdown emphasis, link brackets,
# bullets (the square and triangle marks of Chinese, Japanese and Korean pages: "■関連記事",
# "▶ 관련기사") and opening brackets ("【関連記事】", "[관련기사]").
LEAD = r"[\s*_\[#>•·\-–—【〖［〔■◆▶►▼☞]*"
SKIP_PUNCTUATION = re.compile(r"[\W_]*")
SKIP_LEAD = re.compile(LEAD)
# The ways of skipping that pass over no word character (one for which str.isalnum() is true,
# as the regex engine's \w is, the underscore aside).
_SKIPS_NO_WORD = (SKIP_PUNCTUATION, SKIP_LEAD)
# Heads a rule's phrase-start test remembers (per way of skipping a lead): repeated boilerplate
# comes back often, but a dump's prose heads are all different, and each rule keeps its own.
_KNOWN_STARTS = 4096


def head(text: str, skip: re.Pattern) -> str:
    """The characters a phrase can start at: what ``skip`` passes over and the one after it."""
    return text[:skip.match(text).end() + 1]


def candidates(doc: Document, letters: FirstLetters, mode: str) -> list[Block]:
    """The blocks of ``doc`` a rule with these ``letters`` could match in this match ``mode``
    (a start or label match reads the start of a block past its lead; a contains match reads
    the whole block), in their order."""
    # Called by every pack rule on every document: the letters' fields are read directly.
    if letters._source is not None:
        letters._work_out()
    blocks = doc.blocks
    if mode == "contains":
        needles = letters._needles
        return blocks if needles is None else [blocks[i] for i in sorted(_holding(doc, needles))]
    admits_any, grams = letters._class is not None, letters._grams
    if not admits_any and not grams:
        if letters.token < 0:  # not usable: every block is tried
            return blocks
        return [blocks[i] for i in _literal_hits(doc).get(letters.token, ())]  # in order, each once
    picked = set(_literal_hits(doc).get(letters.token, ()))
    if admits_any:
        skip = SKIP_LEAD if mode in ("start", "label") else SKIP_PUNCTUATION
        heads = doc.memo("packs.lead-heads" if skip is SKIP_LEAD else "packs.heads", lambda: _heads(doc, skip))
        picked.update(i for h, indices in heads.items() if letters.admits(h) for i in indices)
    if grams:
        picked |= _holding(doc, grams)
    return [blocks[i] for i in sorted(picked)]


def site_blocks(doc: Document, site: str | None) -> set[int]:
    """The blocks of ``doc`` in which the regex ``site`` (a site's name, see
    ``slots.site_regex``) is found: a regex that differs from a rule's own only by that name
    added to a slot matches as the rule's own everywhere else."""
    if site is None:
        return set()
    return doc.memo("packs.naming-site", lambda: {
        i for i, b in enumerate(doc.blocks) if _site_names(site).search(doc.block_text(b))})


@lru_cache(maxsize=256)
def _site_names(site: str) -> re.Pattern:
    return re.compile(site)


def _holding(doc: Document, needles: frozenset[str]) -> set[int]:
    """The blocks whose folded text holds one of the (folded) ``needles``."""
    joined, starts, chars = doc.memo("packs.folded", lambda: _joined(doc))
    out: set[int] = set()
    shortest = _shortest(needles)
    if shortest is None:  # a needle holds the blocks' separator: no block is ruled out
        return set(range(len(starts)))
    for needle, needs in shortest:
        # Most needles are of other scripts than the article's: a character it lacks rules
        # the needle out without reading the whole text.
        if not chars.issuperset(needs):
            continue
        at = joined.find(needle)
        while at != -1:
            i = bisect_right(starts, at) - 1
            out.add(i)
            at = joined.find(needle, starts[i + 1]) if i + 1 < len(starts) else -1
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


def _joined(doc: Document) -> tuple[str, list[int], set[str]]:
    # All the blocks folded in one string (found in at C speed), where each starts in it, and
    # the characters it holds. Folding is one character for one and reads no context, so a
    # block's folded text is the slice of the folded document at its span: one call for all.
    folded = fold(doc.text)
    texts = [folded[b.span.start:b.span.end] for b in doc.blocks]
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    joined = "\0".join(texts)
    return joined, starts, set(joined)


def _heads(doc: Document, skip: re.Pattern) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, block in enumerate(doc.blocks):
        out.setdefault(head(doc.block_text(block), skip), []).append(i)
    return out


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
    joined, starts, _ = doc.memo("packs.folded", lambda: _joined(doc))
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
        self._texts = [doc.block_text(b) for b in doc.blocks]
        self._ends = [SKIP_PUNCTUATION.match(t).end() for t in self._texts]
        self._grams: dict[int, dict[str, list[int]]] = {}

    def _index(self, k: int) -> dict[str, list[int]]:
        got = self._grams.get(k)
        if got is None:
            got = self._grams[k] = {}
            for i, (text, end) in enumerate(zip(self._texts, self._ends)):
                folded = fold(text[:end + k])  # one character for one: its places are the text's
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
        for i in self._index(k).get(literal[:k], ()):
            text = self._texts[i]
            if any(fold(text[s:s + n]) == literal for s in range(self._ends[i] + 1)):
                yield i


class FirstLetters:
    """What the phrases of a rule can start with: the leading literals of those that have some
    (``token``, see ``_Literals``); the characters the others can start with, as a character
    class matched with the rule's flags (so case folds exactly as in the rule's own regex); and
    the folded literals that phrases starting with any character need.

    ``usable`` is False when some phrase may start with any character and holds no literal of
    two characters or more, or may match nothing at all: then every block is tried.
    """

    def __init__(self, parts: list[str], flags: int, known: dict[str, frozenset[str]] | None = None) -> None:
        # ``known``: the leading literals of some parts, told by whoever built them.
        self._source: tuple | None = (tuple(parts), flags, known or {})
        self._known: dict[str, bool] = {}
        self._class: re.Pattern | None = None
        self._grams: frozenset[str] = frozenset()
        self._needles: frozenset[str] | None = None
        self.token = -1

    def _work_out(self) -> None:
        # On first use, for the rules a run selects only.
        parts, flags, known = self._source
        self._source = None
        chars: set[str] = set()
        grams: set[str] = set()
        literals: set[str] = set()
        needles: set[str] | None = set()
        for part in parts:
            heads = known.get(part) or literal_heads(part, flags)
            if heads is not None:
                literals |= heads
                continue
            if needles is not None:
                anywhere = required_strings(part, flags)
                needles = needles | anywhere if anywhere else None
            first, strings = start_or_literal(part, flags)
            if strings is not None:
                grams |= strings
            elif first is not None:
                chars |= first
            else:
                return
        if needles is not None and parts:
            self._needles = frozenset(literals | needles)
        if chars:
            self._class = re.compile("[" + "".join(sorted(chars)) + "]", flags)
        self._grams = frozenset(grams)
        if literals:
            self.token = LITERALS.token(frozenset(literals))

    @property
    def usable(self) -> bool:
        if self._source is not None:
            self._work_out()
        return self._class is not None or bool(self._grams) or self.token >= 0

    @property
    def grams(self) -> frozenset[str]:
        return self._grams

    @property
    def needles(self) -> frozenset[str] | None:
        """Strings one of which, folded, every match of the rule holds (None: none to tell)."""
        if self._source is not None:
            self._work_out()
        return self._needles

    @property
    def admits_any(self) -> bool:
        return self._class is not None

    def admits(self, head: str) -> bool:
        if self._class is None:
            return False
        ok = self._known.get(head)
        if ok is None:
            ok = self._known[head] = any(self._class.match(c) for c in head)
        return ok


class PartStarts:
    """Which of a rule's phrases can start at a place of a text. A phrase whose matches all start
    with one of a few literals (its first word; the alternatives of a leading group) is found by
    those literals, case folded as the regex engine folds them; the others go in ``groups``: by
    the strings one of which they hold (when none is shorter than three characters), else by the
    characters they can start with. ``at`` names the phrases that can start at a place, in their
    order: no other phrase can match there."""

    def __init__(self, parts: list[str], flags: int, known: dict[str, frozenset[str]] | None = None) -> None:
        self._lit: dict[str, list[tuple[str, int]]] = {}
        known = known or {}
        by_first: dict[str, list[int]] = {}
        by_gram: dict[frozenset[str] | None, list[int]] = {}
        for i, part in enumerate(parts):
            literals = known.get(part) or literal_heads(part, flags)
            if literals is not None:
                for lit in literals:
                    self._lit.setdefault(lit[:3], []).append((lit, i))
                continue
            first, gram = start_or_literal(part, flags)
            if gram is not None or first is None:
                by_gram.setdefault(gram, []).append(i)
            else:
                by_first.setdefault("[" + "".join(sorted(first)) + "]", []).append(i)
        self.groups = [tuple(ids) for ids in by_first.values()] + [tuple(ids) for ids in by_gram.values()]
        self._classes = [re.compile(src, flags) for src in by_first]
        self._grams = [(len(by_first) + n, gram) for n, gram in enumerate(by_gram)]
        self._always = [g for g, strings in self._grams if strings is None]
        self._strings = [(string, g) for g, strings in self._grams if strings is not None for string in strings]
        self._by_char: dict[str, frozenset[int]] = {}
        self._by_head: dict[str, tuple[int, ...]] = {}
        self._by_start: dict[re.Pattern, dict[str, tuple[int, ...]]] = {}
        self._longest = max((len(lit) for lits in self._lit.values() for lit, _ in lits), default=1)

    def at(self, text: str, pos: int, skip: re.Pattern, anywhere: set[int] | None = None) -> tuple[int, ...]:
        """The phrases that can start at ``pos`` of ``text``, after what ``skip`` passes over: at
        any place of that run or the character after it. ``anywhere``: the phrases that may
        start at any place and whose strings the text holds (``anywhere(text)``, worked out
        once for a text tried at several places)."""
        if text[pos:pos + 1].isalnum() and skip in _SKIPS_NO_WORD:
            end = pos  # most texts open with a letter, which neither way of skipping passes over
        else:
            end = skip.match(text, pos).end()
        key = text[pos:end + self._longest]  # all that the answer depends on, but for ``anywhere``
        known = self._by_start.get(skip)
        if known is None:
            known = self._by_start[skip] = {}
        got = known.get(key)
        if got is None:
            ids: set[int] = set()
            if self._lit:
                head = fold(key)  # one character for one: its places are the text's
                for s in range(end - pos + 1):
                    for k in (1, 2, 3):
                        lits = self._lit.get(head[s:s + k])
                        if lits:
                            ids.update(i for lit, i in lits if head.startswith(lit, s))
            if self._classes:
                for g in self.admitted(text[pos:end + 1]):
                    ids.update(self.groups[g])
            got = tuple(sorted(ids))
            if len(known) > _KNOWN_STARTS:
                known.clear()
            known[key] = got
        if not self._grams:
            return got
        if anywhere is None:
            anywhere = self.anywhere(text)
        return tuple(sorted(anywhere.union(got))) if anywhere else got

    def anywhere(self, text: str) -> set[int]:
        """The phrases that may start at any place and whose strings ``text`` holds."""
        folded = fold(text)
        hit = set(self._always)
        for string, g in self._strings:
            if g not in hit and string in folded:
                hit.add(g)
        return {i for g in hit for i in self.groups[g]}

    @property
    def needs_whole(self) -> bool:
        return bool(self._grams)

    def admitted(self, head: str) -> tuple[int, ...]:
        got = self._by_head.get(head)
        if got is None:
            ids: set[int] = set()
            for c in head:
                at = self._by_char.get(c)
                if at is None:
                    at = self._by_char[c] = frozenset(g for g, rx in enumerate(self._classes) if rx.match(c))
                ids |= at
            if len(self._by_head) > 100_000:
                self._by_head.clear()
            got = self._by_head[head] = tuple(sorted(ids))
        return got
