r"""How pack phrases meet blocks: which lines of a multi-line block a phrase covers, and matching
a block made only of phrases and punctuation in time linear in the block (a regex such as
``(?:[\W_]*(?:A|B))+[\W_]*$`` backtracks without bound when phrases overlap)."""

from __future__ import annotations

import re

from lintnews.pack_filter import SKIP_LEAD, SKIP_PUNCTUATION, PartStarts
from lintnews.patterns import LazyPattern, compile_cached


_FEW = 8  # phrases tried one by one; more, by the regex of them all
# Matchers of this many phrases or fewer first try the regex of them all at the block's start:
# a failure there, at C speed, spares the walk (a rule such as a photo credit's, whose phrases
# may start with any letter, tries every short block). Of more phrases, the regex costs more
# than the walk's first step.
_PRETEST = 60
# What may read otherwise in the regex of all phrases than in a phrase's own: a numbered
# reference (the groups are numbered anew) or a named group (a name used twice).
_RENUMBERED = compile_cached(r"\\[1-9]|\(\?P")
# Blocks a matcher remembers the answer for: a dump's boilerplate blocks ("Share this:",
# "Advertisement", a site's menu line) come back record after record and are tried by every
# block rule; the memory is bounded (the texts tried are short: a rule tries none longer than
# its max_chars) and emptied when full.
_KNOWN_BLOCKS = 2048


class _Whole:
    """What a ``block``/``section`` match gives: the block up to where its phrases end."""

    __slots__ = ("string", "_end")

    def __init__(self, string: str, end: int) -> None:
        self.string, self._end = string, end

    def group(self, index: int = 0) -> str:
        return self.string[: self._end]

    def start(self) -> int:
        return 0

    def end(self) -> int:
        return self._end


class BlockMatcher:
    r"""Is a text nothing but phrases (or patterns) and punctuation between them?

    The one regex that says so, ``(?:[\W_]*(?:A|B|...))+[\W_]*$``, repeats an alternation whose
    members overlap ("share", "share this", "share on {platforms}"): a line of the phrases that
    fails at its end makes the regex try every way of cutting the line into phrases, which takes
    exponential time. Here the repetition is a walk over positions instead: from each position
    the text can be read up to (the start, then the end of any phrase), each phrase is tried once,
    in its longest reading there, and each position is visited once. The whole text matches when
    some reached position has only punctuation after it. The time is linear in the text's length
    times the number of phrases.

    The last phrase of the text is matched in every reading (it must end where only punctuation
    follows, and the regex engine backtracks within that one phrase); a phrase before it counts in
    the reading Python's regex engine gives first at that place (the longest for a greedy
    quantifier, the shortest for a lazy one), not in every other, which packs' phrases, whole
    words between punctuation, do not need.
    """

    def __init__(self, parts: list[str], flags: int, known: dict | None = None) -> None:
        self._flags = flags
        self._parts = parts
        self._known = known  # the leading literals of some parts (see PartStarts)
        self._each: dict[int, re.Pattern] = {}
        self._lasts: dict[int, re.Pattern] = {}
        self._any: re.Pattern | None = None
        self._last: re.Pattern | None = None
        self._starts: PartStarts | None = None
        self._firsts: dict[tuple[int, ...], re.Pattern] = {}
        self._wholes: dict[tuple[int, ...], re.Pattern] = {}
        self._known_blocks: dict[str, bool] = {}
        self._pretest: bool | None = None

    @property
    def pattern(self) -> str:
        return rf"[\W_]*(?:{'|'.join(self._parts)})"

    # The regexes are compiled on first use: an alternation of hundreds of phrases takes longer
    # to compile than most runs spend matching it, and a rule that meets no block it could match
    # never needs them.
    def _first(self) -> re.Pattern:
        if self._any is None:
            self._any = compile_cached(self.pattern, self._flags)
        return self._any

    def _whole(self) -> re.Pattern:
        if self._last is None:
            self._last = compile_cached(rf"{self.pattern}[\W_]*\Z", self._flags)
        return self._last

    def compile(self) -> None:
        """Compile the alternation of all the phrases (a bad pattern or a group name used twice
        fails here); the twin anchored at the block's end only adds ``[\\W_]*\\Z``, which cannot
        fail, and is compiled where a block needs it."""
        self._first()

    def _step(self, i: int) -> re.Pattern:
        step = self._each.get(i)
        if step is None:
            step = self._each[i] = compile_cached(rf"[\W_]*(?:{self._parts[i]})", self._flags)
        return step

    def _last_step(self, i: int) -> re.Pattern:
        last = self._lasts.get(i)
        if last is None:
            last = self._lasts[i] = compile_cached(rf"[\W_]*(?:{self._parts[i]})[\W_]*\Z", self._flags)
        return last

    def _alternation(self, ids: tuple[int, ...]) -> str:
        return rf"[\W_]*(?:{'|'.join(self._parts[i] for i in ids)})"

    def _first_of(self, ids: tuple[int, ...]) -> re.Pattern:
        """The regex of some of the phrases, in their order (those that can start at a place)."""
        rx = self._firsts.get(ids)
        if rx is None:
            if len(self._firsts) > 256:  # distinct sets of phrases: as many as texts' heads
                self._firsts.clear()
            rx = self._firsts[ids] = compile_cached(self._alternation(ids), self._flags)
        return rx

    def _whole_of(self, ids: tuple[int, ...]) -> re.Pattern:
        # Compiled only where one of the phrases matched: most places fail before.
        rx = self._wholes.get(ids)
        if rx is None:
            if len(self._wholes) > 256:
                self._wholes.clear()
            rx = self._wholes[ids] = compile_cached(rf"{self._alternation(ids)}[\W_]*\Z", self._flags)
        return rx

    def match(self, text: str) -> _Whole | None:
        known = self._known_blocks.get(text)
        if known is None:
            known = self._match(text)
            if len(self._known_blocks) >= _KNOWN_BLOCKS:
                self._known_blocks.clear()
            self._known_blocks[text] = known
        return _Whole(text, len(text)) if known else None

    def _match(self, text: str) -> bool:
        if len(self._parts) == 1:
            return self._match_one(text)
        if self._pretest is None:
            self._pretest = len(self._parts) <= _PRETEST and not any(map(_RENUMBERED.search, self._parts))
        # Where no phrase matches at the start (after punctuation), the walk ends at its first
        # step: the regex of them all matches there when one of them does.
        if self._pretest and not self._first().match(text):
            return False
        if self._starts is None:
            self._starts = PartStarts(self._parts, self._flags, self._known)
        anywhere = self._starts.anywhere(text) if self._starts.needs_whole else None
        todo, seen = [0], {0}
        while todo:
            pos = min(todo)  # leftmost first, so the first ending found is the earliest
            todo.remove(pos)
            # Only the phrases that can start here are tried (see PartStarts): where none
            # matches, the whole rest cannot be phrases either. Their regex matches where the
            # alternation of all phrases would match with one of them.
            ids = self._starts.at(text, pos, SKIP_PUNCTUATION, anywhere)
            if not ids:
                continue
            if len(ids) <= _FEW:
                # Each phrase's own regexes, compiled once whatever company it keeps: the
                # alternation matches where one of them does.
                ends = set()
                for i in ids:
                    e = self._step(i).match(text, pos)
                    if e is not None:
                        if self._last_step(i).match(text, pos):
                            return True
                        ends.add(e.end())
            else:
                if not self._first_of(ids).match(text, pos):
                    continue
                if self._whole_of(ids).match(text, pos):
                    return True
                # Every place a phrase can end; that of the alternation is one of them.
                ends = set()
                for i in ids:
                    e = self._step(i).match(text, pos)
                    if e is not None:
                        ends.add(e.end())
            for end in ends:
                if end == pos or end in seen:
                    continue
                seen.add(end)
                todo.append(end)
        return False

    def _match_one(self, text: str) -> bool:
        todo, seen = [0], {0}
        while todo:
            pos = min(todo)
            todo.remove(pos)
            m = self._first().match(text, pos)
            if m is None:
                continue
            if self._whole().match(text, pos):
                return True
            if m.end() != pos and m.end() not in seen:
                seen.add(m.end())
                todo.append(m.end())
        return False


# Compiled on first use: only a block opening with "«" and a phrase over a line break ask.
_SENTENCE_END = LazyPattern(r"[.!?…:;。！？][\"”’»)\]]*\s*$")


def quoted(text: str) -> bool:
    """A block that opens with a quotation mark quotes someone: it is the article's. "«" is also
    an arrow ("« Previous Page", "« Previous Page | Next Page »"): it opens a quotation only when
    a "»" closes it with no link separator between, or when the block ends like a sentence (a
    long French quotation opens each paragraph with "«" and closes only the last)."""
    if text[0] != "«":
        return True
    end = text.find("»", 1)
    if end != -1:
        return "|" not in text[1:end]
    return bool(_SENTENCE_END.search(text))


def continues(prev: str, line: str) -> bool:
    """``line`` goes on with the sentence of ``prev`` (a hard wrap), rather than starting anew."""
    line = line.lstrip(" \t>")
    if not line or _SENTENCE_END.search(prev):
        return False
    return line[0].islower() or prev.rstrip()[-1:] in ",-–—/&("


class HeadPattern(LazyPattern):
    """A start or label match, ``lead`` then one of ``parts`` then ``tail``, matched at the start
    of a text: each text is matched by the regex of only the phrases that can start in its head
    (see PartStarts), so a block no phrase can start compiles nothing and fails at once. The
    phrases left out could not have matched, and those kept keep their order, so the match is
    the one the whole regex gives."""

    __slots__ = ("_known", "_lead", "_parts", "_spent", "_starts", "_subsets", "_tail")

    def __init__(self, lead: str, parts: list[str], tail: str, flags: int, known: dict | None = None) -> None:
        super().__init__(f"{lead}(?:{'|'.join(parts)}){tail}", flags)
        self._parts, self._lead, self._tail, self._known = parts, lead, tail, known
        self._starts: PartStarts | None = None
        self._subsets: dict[tuple[int, ...], re.Pattern] = {}
        self._spent = 0

    def match(self, *args):
        if len(args) != 1:
            return self.compile().match(*args)
        text = args[0]
        if self._starts is None:
            self._starts = PartStarts(self._parts, self.flags, self._known)
        ids = self._starts.at(text, 0, SKIP_LEAD)
        if not ids:
            return None
        if self._compiled is not None:
            return self._compiled.match(text)
        rx = self._subsets.get(ids)
        if rx is None:
            src = f"{self._lead}(?:{'|'.join(self._parts[i] for i in ids)}){self._tail}"
            # Once the sets compiled would have cost as much as the whole regex (the time goes
            # with the source's length), the whole regex serves every later text.
            self._spent += len(src)
            if self._spent > len(self.pattern):
                self._subsets.clear()
                return self.compile().match(text)
            rx = self._subsets[ids] = compile_cached(src, self.flags)
        return rx.match(text)


class Either:
    """A pack rule's own regex, then the regex of its phrases with the site's name, at one place."""

    __slots__ = ("first", "then")

    def __init__(self, first, then) -> None:
        self.first, self.then = first, then

    def match(self, text: str):
        return self.first.match(text) or self.then.match(text)
