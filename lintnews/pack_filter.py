"""Which blocks a pack rule need not try: a cheap test, exact in what it rules out, so that the
rule's regex (an alternation of up to a thousand phrases, slow to compile and to fail) runs on few
blocks.

A phrase can start only at the head of a block (the punctuation before its first letter, or the
lead a start or label match passes over, and that letter), so a block whose head holds none of the
characters the rule's phrases can start with cannot match. A phrase that may start with any
character (``[^\\n]{1,120}?...``) still needs its longest literal somewhere in the block; that is
tested by the literal's first three (or two) characters, case folded as the regex engine folds
them.
"""

from __future__ import annotations

import re

from lintnews.document import Block, Document
from lintnews.regex_starts import fold, literal_heads, parse_regex, pattern_first, quick_first  # noqa: F401

# What a start or label match passes over before its phrase: Markdown emphasis, link brackets,
# bullets (the square and triangle marks of Chinese, Japanese and Korean pages: "■関連記事",
# "▶ 관련기사") and opening brackets ("【関連記事】", "[관련기사]").
LEAD = r"[\s*_\[#>•·\-–—【〖［〔■◆▶►▼☞]*"
SKIP_PUNCTUATION = re.compile(r"[\W_]*")
SKIP_LEAD = re.compile(LEAD)


def head(text: str, skip: re.Pattern) -> str:
    """The characters a phrase can start at: what ``skip`` passes over and the one after it."""
    return text[:skip.match(text).end() + 1]


def candidates(doc: Document, letters: FirstLetters, lead: bool) -> list[Block]:
    """The blocks of ``doc`` a rule with these ``letters`` could match (``lead``: as a start or
    label match reads the start of a block), in their order."""
    if not letters.usable:
        return doc.blocks
    skip = SKIP_LEAD if lead else SKIP_PUNCTUATION
    heads = doc.memo("packs.lead-heads" if lead else "packs.heads", lambda: _heads(doc, skip))
    picked = [i for h, indices in heads.items() if letters.admits(h) for i in indices]
    if letters.trigrams:
        folded = doc.memo("packs.folded", lambda: [fold(doc.block_text(b)) for b in doc.blocks])
        picked = set(picked)
        picked.update(i for i, text in enumerate(folded) if i not in picked
                      and any(g in text for g in letters.trigrams))
    return [doc.blocks[i] for i in sorted(picked)]


def _heads(doc: Document, skip: re.Pattern) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, block in enumerate(doc.blocks):
        out.setdefault(head(doc.block_text(block), skip), []).append(i)
    return out


class FirstLetters:
    """The characters the phrases of a rule can start with, as a character class matched with the
    rule's flags (so case folds exactly as in the rule's own regex), and the folded first three
    (or two) characters of the literals that phrases starting with any character need.

    ``usable`` is False when some phrase may start with any character and holds no literal of
    two characters or more, or may match nothing at all: then every block is tried.
    """

    def __init__(self, parts: list[str], flags: int) -> None:
        self._source: tuple | None = (tuple(parts), flags)
        self._known: dict[str, bool] = {}
        self._class: re.Pattern | None = None
        self._trigrams: frozenset[str] = frozenset()

    def _work_out(self) -> None:
        # On first use, for the rules a run selects only.
        parts, flags = self._source
        self._source = None
        chars: set[str] = set()
        grams: set[str] = set()
        folded = False
        for part in parts:
            heads = literal_heads(part, flags)
            if heads is not None:
                chars.update(re.escape(h[0]) for h in heads)
                folded = True
                continue
            first = quick_first(part)
            literal = None
            if first is None:
                first, literal = pattern_first(part, flags)
            if first is not None:
                chars |= first
            elif literal is not None:
                grams.add(literal[:3])
            else:
                return
        if chars:
            # A literal's first character is folded: the class matches what folds to it.
            self._class = re.compile("[" + "".join(sorted(chars)) + "]", flags | (re.IGNORECASE if folded else 0))
        self._trigrams = frozenset(grams)

    @property
    def usable(self) -> bool:
        if self._source is not None:
            self._work_out()
        return self._class is not None or bool(self._trigrams)

    @property
    def trigrams(self) -> frozenset[str]:
        return self._trigrams

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
    the characters they can start with, and those that may start with any character by the
    literal they hold. ``at`` names the phrases that can start at a place, in their order: no
    other phrase can match there."""

    def __init__(self, parts: list[str], flags: int) -> None:
        self._lit: dict[str, list[tuple[str, int]]] = {}
        by_first: dict[str, list[int]] = {}
        by_gram: dict[str | None, list[int]] = {}
        for i, part in enumerate(parts):
            literals = literal_heads(part, flags)
            if literals is not None:
                for lit in literals:
                    self._lit.setdefault(lit[:3], []).append((lit, i))
                continue
            first, gram = quick_first(part), None
            if first is None:
                first, gram = pattern_first(part, flags)
            if first is None:
                by_gram.setdefault(gram, []).append(i)
            else:
                by_first.setdefault("[" + "".join(sorted(first)) + "]", []).append(i)
        self.groups = [tuple(ids) for ids in by_first.values()] + [tuple(ids) for ids in by_gram.values()]
        self._classes = [re.compile(src, flags) for src in by_first]
        self._grams = [(len(by_first) + n, gram) for n, gram in enumerate(by_gram)]
        self._by_char: dict[str, frozenset[int]] = {}
        self._by_head: dict[str, tuple[int, ...]] = {}

    def at(self, text: str, folded: str, pos: int, skip: re.Pattern) -> tuple[int, ...]:
        """The phrases that can start at ``pos`` of ``text`` (``folded``: the text folded), after
        what ``skip`` passes over: at any place of that run or the character after it."""
        end = skip.match(text, pos).end()
        ids: set[int] = set()
        if self._lit:
            for s in range(pos, end + 1):
                for k in (1, 2, 3):
                    key = folded[s:s + k]
                    if len(key) < k:
                        break
                    for lit, i in self._lit.get(key, ()):
                        if folded.startswith(lit, s):
                            ids.add(i)
        if self.groups:
            for g in self.admitted(text[pos:end + 1]) + self.anywhere(folded):
                ids.update(self.groups[g])
        return tuple(sorted(ids))

    def anywhere(self, folded: str) -> tuple[int, ...]:
        return tuple(g for g, gram in self._grams if gram is None or gram in folded)

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
