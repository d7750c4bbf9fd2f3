"""Teaser-run's (REL006) runs: stretches of other stories' headlines and their companions, and
the grids whose deks open with a byline and a date or whose tiles print their headline twice."""

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence

from lintnews.document import BYLINE, QUOTE, TITLE, Block, Document
from lintnews.guards import is_wire_credit
from lintnews.patterns import LazyPattern
from lintnews.rules._dates import MONTHS
from lintnews.rules._teaser_headline import is_work_credit
from lintnews.rules._teaser_shapes import (QUESTION, doubles_its_opening, is_companion, is_long_dek, is_menu, is_table,
                                           printed_as_grid, stretches, strip_symbols)


def headline_runs(blocks: list[Block], texts: list[str], usable: Sequence[bool], heads: list[bool],
                  gap: int, dek: int, need: int, long_deks: bool, twice: set[str],
                  companion: Callable[[int], bool] | None = None) -> list[tuple[int, int, bool]]:
    """Stretches from a headline to a headline with at most `gap` companions between two,
    and whether a companion is a long dek (one right under its headline). ``companion(k)``:
    whether block ``k`` is one (``is_companion`` of its text, as ``Companions`` tells)."""
    companion = companion or Companions(texts, dek)
    def grow(i: int) -> tuple[int, int, int, bool]:
        last = i
        count = 1
        j = i + 1
        long = False
        while j < len(blocks):
            k = j
            longs = False
            while k < len(blocks) and k - last - 1 < gap and not heads[k] and usable[k]:
                if not companion(k):
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


class Companions:
    """``is_companion`` of each block's text, worked out once for both kinds of run. A paragraph
    of prose (``prose``, as ``prose_blocks`` gives) is none, and is not read again to say so."""

    def __init__(self, texts: Sequence[str], dek: int, prose: list[bool] | None = None) -> None:
        self._texts, self._dek, self._prose, self._known = texts, dek, prose, {}

    def __call__(self, k: int) -> bool:
        known = self._known.get(k)
        if known is None:
            known = self._known[k] = not (self._prose is not None and self._prose[k]) \
                and is_companion(self._texts[k], self._dek)
        return known


class Usable(Sequence):
    """Whether each block may stand in a run: not a quotation, byline or title, nor one of
    ``out`` (the article's headline and the blocks after it, the page's teasers of the article),
    nor a wire credit. The credit, the costly part, is looked for only in the blocks a run or
    grid asks about: a few, most of them short."""

    __slots__ = ("_texts", "_known")

    def __init__(self, blocks: list[Block], texts: Sequence[str], out: set[int]) -> None:
        self._texts = texts
        self._known = [None if b.kind not in (QUOTE, BYLINE, TITLE) and b.index not in out else False for b in blocks]

    def __len__(self) -> int:
        return len(self._known)

    def __getitem__(self, i: int) -> bool:
        known = self._known[i]
        if known is None:
            known = self._known[i] = not is_wire_credit(self._texts[i])
        return known


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
    checked against the texts themselves. ``lazy``: sorted only when first asked (few texts
    are: only a run of headlines that reads as a table asks)."""

    def __init__(self, texts: Sequence[str], lazy: bool = False) -> None:
        self._texts = texts
        self._hashes = None
        if not lazy:
            self._sort()

    def _sort(self) -> None:
        texts = self._texts
        # Each block's hash and index in one number, sorted: one object a block while sorting.
        shift = len(texts).bit_length()
        keyed = sorted(hash(t.strip()) << shift | i for i, t in enumerate(texts))
        self._hashes = array("q", (k >> shift for k in keyed))
        self._order = array("q", (k & ((1 << shift) - 1) for k in keyed))

    def __contains__(self, text: str) -> bool:
        if self._hashes is None:
            self._sort()
        key = hash(text)
        lo, hi = bisect_left(self._hashes, key), bisect_right(self._hashes, key)
        return hi - lo >= 2 and sum(self._texts[self._order[j]].strip() == text for j in range(lo, hi)) >= 2


# A byline and a date glued before a dek, as grids of other stories print them: "Tom Rogan
# Tuesday November 19, 2019 Beyond the partisan whirlwind ...": a name of two words or more that
# start with a capital (no digit, no sentence mark but an initial's), a weekday perhaps, a date,
# then the dek's first sentence. An article's sentence that opens with a date ("On November 19,
# 2019 the council ...") goes on in lower case or after a comma.
_NAME = r"[A-ZÀ-ÖØ-Þ][^\W\d_]*\.?"
_NAMED_DATE = LazyPattern(
    rf"{_NAME}(?:,?\s+(?:and\s+|&\s+)?{_NAME}){{1,5}},?\s+"
    r"(?:(?i:mon|tues|wednes|thurs|fri|satur|sun)(?i:day),?\s+)?"
    rf"(?:(?i:{MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\.?\s+(?i:{MONTHS})\.?,?\s+\d{{4}})"
    r"\s+[\"“‘'«]?[A-ZÀ-ÖØ-Þ]", 0)


def dated_grids(texts: list[str], usable: list[bool], max_words: int, need: int) -> list[tuple[int, int]]:
    """Stretches where every other line is a dek that opens with its byline and date and the
    lines between are single short lines (the headlines, whatever their shape: a quotation, a
    question): at least `need` such deks, one line apart. An article's paragraphs open with
    their own text; a live blog's entries open with a time or a date, not a name before it."""
    def opens(i: int) -> bool:
        return "\n" not in (s := texts[i].strip()) and bool(_NAMED_DATE.match(s)) and usable[i]

    # A grid's deks stand at i, i + 2, ... i + 2 * (need - 1): one of them at an index that is 0
    # or 1 modulo 2 * need. Where no such line is a dek, no grid is (most texts): the others wait.
    if need > 0 and not any(opens(i) for i in range(len(texts)) if i % (2 * need) < 2):
        return []
    dated = [opens(i) for i in range(len(texts))]

    def short(i: int) -> bool:
        text = texts[i].strip()
        return usable[i] and not dated[i] and "\n" not in text and 0 < len(text.split()) <= max_words

    def grow(i: int) -> tuple[int, int, int]:
        first = last = i
        count = 1
        while last + 2 < len(texts) and short(last + 1) and dated[last + 2]:
            last += 2
            count += 1
        # The headline of the last dek, under it or, when deks are printed under headlines, over the first.
        if last + 1 < len(texts) and short(last + 1):
            last += 1
        elif first > 0 and short(first - 1):
            first -= 1
        return first, last, count

    return [(first, last) for first, last, count in stretches(dated, grow) if count >= need]


def doubled_grids(texts: list[str], usable: list[bool], need: int) -> list[tuple[int, int]]:
    """Stretches of at least `need` lines in a row that each open with their headline printed
    twice (``doubles_its_opening``)."""
    # A grid's `need` lines in a row hold one whose index is need - 1 modulo need: where none of
    # those doubles its opening, no grid is (most texts), and the other lines are not read.
    if need > 0 and not any(usable[i] and doubles_its_opening(texts[i]) for i in range(need - 1, len(texts), need)):
        return []
    doubled = [u and doubles_its_opening(t) for u, t in zip(usable, texts)]
    grids, i = [], 0
    while i < len(texts):
        j = i
        while j < len(texts) and doubled[j]:
            j += 1
        if j - i >= need:
            grids.append((i, j - 1))
        i = j + 1
    return grids
