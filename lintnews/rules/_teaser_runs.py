"""Teaser-run's (REL006) runs: stretches of other stories' headlines and their companions."""

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence

from lintnews.document import Block, Document
from lintnews.rules._teaser_headline import is_work_credit
from lintnews.rules._teaser_shapes import (QUESTION, is_companion, is_long_dek, is_menu, is_table, printed_as_grid,
                                           stretches, strip_symbols)


def headline_runs(blocks: list[Block], texts: list[str], usable: list[bool], heads: list[bool],
                  gap: int, dek: int, need: int, long_deks: bool, twice: set[str]) -> list[tuple[int, int, bool]]:
    """Stretches from a headline to a headline with at most `gap` companions between two,
    and whether a companion is a long dek (one right under its headline)."""
    def grow(i: int) -> tuple[int, int, int, bool]:
        last = i
        count = 1
        j = i + 1
        long = False
        while j < len(blocks):
            k = j
            longs = False
            while k < len(blocks) and k - last - 1 < gap and not heads[k] and usable[k]:
                if not is_companion(texts[k], dek):
                    if not long_deks or k != last + 1 or not is_long_dek(texts[k], dek):
                        break
                    longs = True
                k += 1
            if k < len(blocks) and heads[k] and k - last - 1 <= gap:
                last, count, j, long = k, count + 1, k + 1, long or longs
                continue
            break
        return i, last, count, long

    runs: list[tuple[int, int, bool]] = []
    for first, last, count, long in stretches(heads, grow):
        items = [texts[k] for k in range(first, last + 1) if heads[k]]
        # Questions make a headline only among statements: a run of questions, each with
        # its one-sentence answer, is the article's questions and answers.
        if count >= need and 2 * sum(strip_symbols(t)[-1:] in QUESTION for t in items) <= len(items) \
                and 2 * sum(is_work_credit(t) for t in items) <= len(items) \
                and not (is_table(items) and not printed_as_grid(texts, heads, first, last, twice)) \
                and not is_menu(items):
            runs.append((first, last, long))
    return runs


class BlockTexts(Sequence):
    """Each block's text, cut from the record's text when asked: a list of them all held a second
    copy of the text (9 MB on a record of 4 MB), at the rule's peak."""

    __slots__ = ("_text", "_blocks")

    def __init__(self, doc: Document) -> None:
        self._text = doc.text
        self._blocks = doc.blocks

    def __len__(self) -> int:
        return len(self._blocks)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._text[b.span.start:b.span.end] for b in self._blocks[i]]
        span = self._blocks[i].span
        return self._text[span.start:span.end]

    def __iter__(self) -> Iterator[str]:
        text = self._text
        for b in self._blocks:
            yield text[b.span.start:b.span.end]


def self_teasers(texts: Sequence[str]) -> set[int]:
    """The blocks cut short with an ellipsis whose start (the text before the ellipsis) another
    block repeats, or at least two blocks start with: the page's teaser of this very article,
    whose words are the article's. Counted in one pass over the blocks, each looked up by its
    first characters, instead of sorting a copy of every block's text."""
    cut = {}
    for i, t in enumerate(texts):
        if t.rstrip().endswith(("…", "...")):
            cut[i] = t.strip().rstrip(".…").rstrip()
    if not cut:
        return set()
    counts = dict.fromkeys(cut.values(), 0)
    by_opening: dict[str, list[str]] = {}
    short: dict[int, set[str]] = {}
    for head in counts:
        if len(head) >= 8:
            by_opening.setdefault(head[:8], []).append(head)
        else:
            short.setdefault(len(head), set()).add(head)
    for t in texts:
        t = t.strip()
        for head in by_opening.get(t[:8], ()):
            if t.startswith(head):
                counts[head] += 1
        for n, heads in short.items():
            if t[:n] in heads:
                counts[t[:n]] += 1
    return {i for i, head in cut.items() if counts[head] >= 2}


class Repeated:
    """``text in repeated``: whether two blocks or more hold `text` (stripped), from the blocks'
    hashes sorted (8 bytes a block, not a set of every block's text); a hash met twice is
    checked against the texts themselves."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = texts
        # Each block's hash and index in one number, sorted: one object a block while sorting.
        shift = len(texts).bit_length()
        keyed = sorted(hash(t.strip()) << shift | i for i, t in enumerate(texts))
        self._hashes = array("q", (k >> shift for k in keyed))
        self._order = array("q", (k & ((1 << shift) - 1) for k in keyed))

    def __contains__(self, text: str) -> bool:
        key = hash(text)
        lo, hi = bisect_left(self._hashes, key), bisect_right(self._hashes, key)
        return hi - lo >= 2 and sum(self._texts[self._order[j]].strip() == text for j in range(lo, hi)) >= 2
