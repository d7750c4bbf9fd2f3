r"""How pack phrases meet blocks: which lines of a multi-line block a phrase covers, and matching
a block made only of phrases and punctuation in time linear in the block (a regex such as
``(?:[\W_]*(?:A|B))+[\W_]*$`` backtracks without bound when phrases overlap)."""

from __future__ import annotations

import re

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

    def __init__(self, parts: list[str], flags: int) -> None:
        self._flags = flags
        self._parts = parts
        # One regex for all phrases rules out most places in one call; only where it matches are
        # the phrases tried one by one to find every place they can end.
        self._any = re.compile(rf"[\W_]*(?:{'|'.join(parts)})", flags)
        self._last = re.compile(rf"[\W_]*(?:{'|'.join(parts)})[\W_]*\Z", flags)
        self._each: list[re.Pattern] | None = None

    @property
    def pattern(self) -> str:
        return self._any.pattern

    def _steps(self) -> list[re.Pattern]:
        if self._each is None:
            self._each = [re.compile(rf"[\W_]*(?:{p})", self._flags) for p in self._parts]
        return self._each

    def match(self, text: str) -> _Whole | None:
        todo, seen = [0], {0}
        while todo:
            pos = min(todo)  # leftmost first, so the first ending found is the earliest
            todo.remove(pos)
            if self._last.match(text, pos):
                return _Whole(text, len(text))
            m = self._any.match(text, pos)
            if m is None:
                continue
            ends = {m.end()}
            if len(self._parts) > 1:
                for step in self._steps():
                    e = step.match(text, pos)
                    if e is not None:
                        ends.add(e.end())
            for end in ends:
                if end == pos or end in seen:
                    continue
                seen.add(end)
                todo.append(end)
        return None


_SENTENCE_END = re.compile(r"[.!?…:;。！？][\"”’»)\]]*\s*$")


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
