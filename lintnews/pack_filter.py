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
from functools import lru_cache

from lintnews.document import Block, Document
from lintnews.pack_heads import LITERALS, SKIP_PUNCTUATION, _holding, _literal_hits
from lintnews.regex_starts import fold, literal_heads, parse_regex, required_strings, start_or_literal  # noqa: F401
from lintnews.patterns import compile_cached

# What a start or label match passes over before its phrase: Markdown emphasis, link brackets,
# bullets (the square and triangle marks of Chinese, Japanese and Korean pages: "■関連記事",
# "▶ 관련기사") and opening brackets ("【関連記事】", "[관련기사]").
LEAD = r"[\s*_\[#>•·\-–—【〖［〔■◆▶►▼☞]*"
SKIP_LEAD = compile_cached(LEAD)
# The ways of skipping that pass over no word character (one for which str.isalnum() is true,
# as the regex engine's \w is, the underscore aside).
_SKIPS_NO_WORD = (SKIP_PUNCTUATION, SKIP_LEAD)
# Heads a rule's phrase-start test remembers (per way of skipping a lead): repeated boilerplate
# comes back often, but a dump's prose heads are all different, and each rule keeps its own.
_KNOWN_STARTS = 4096
# The memos of a document's indexes the prefilter builds (here and in pack_heads) and only pack
# rules read: let go of once they have run (see engine._run_order).
INDEX_MEMOS = ("packs.folded", "packs.head-grams", "packs.literal-hits", "packs.heads", "packs.lead-heads")


def head(text: str, skip: re.Pattern) -> str:
    """The characters a phrase can start at: what ``skip`` passes over and the one after it."""
    return text[:skip.match(text).end() + 1]


def candidates(doc: Document, letters: FirstLetters, mode: str, max_chars: int | None = None) -> list[Block]:
    """The blocks of ``doc`` a rule with these ``letters`` could match in this match ``mode``
    (a start or label match reads the start of a block past its lead; a contains match reads
    the whole block), in their order.

    A rule that tries no block longer than ``max_chars`` may say so: its needles are then looked
    for in the blocks that short only (and longer blocks may or may not be in the answer)."""
    # Called by every pack rule on every document: the letters' fields are read directly.
    if letters._source is not None:
        letters._work_out()
    blocks = doc.blocks
    if mode == "contains":
        needles = letters._needles
        if needles is None:
            return blocks
        held = _holding(doc, needles)
        return [blocks[i] for i in sorted(held)] if held else []
    admits_any, grams = letters._class is not None, letters._grams
    if not admits_any and not grams:
        if letters.token < 0:  # not usable: every block is tried
            return blocks
        hits = _literal_hits(doc).get(letters.token)  # in order, each once
        return [blocks[i] for i in hits] if hits else []
    picked = set(_literal_hits(doc).get(letters.token, ()))
    if admits_any:
        skip = SKIP_LEAD if mode in ("start", "label") else SKIP_PUNCTUATION
        heads = doc.memo("packs.lead-heads" if skip is SKIP_LEAD else "packs.heads", lambda: _heads(doc, skip))
        picked.update(i for h, indices in heads.items() if letters.admits(h) for i in indices)
    if grams:
        picked |= _holding(doc, grams, max_chars)
    return [blocks[i] for i in sorted(picked)] if picked else []


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


def _heads(doc: Document, skip: re.Pattern) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, block in enumerate(doc.blocks):
        # The block's own index object where it is the same number, not a new int per block.
        out.setdefault(head(doc.block_text(block), skip), []).append(block.index if block.index == i else i)
    return out


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
        # Those an ASCII text can hold: the others (of other scripts, most of a pack's) need no search.
        self._ascii_strings = [(string, g) for string, g in self._strings if string.isascii()]
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
        for string, g in self._ascii_strings if folded.isascii() else self._strings:
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
