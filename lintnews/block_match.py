r"""How pack phrases meet blocks: which lines of a multi-line block a phrase covers, and matching
a block made only of phrases and punctuation in time linear in the block (a regex such as
``(?:[\W_]*(?:A|B))+[\W_]*$`` backtracks without bound when phrases overlap)."""

from __future__ import annotations

import re
from functools import lru_cache

from lintnews.document import Block, Document

try:  # Python 3.11+
    import re._constants as _sre
    import re._parser as _sre_parser
except ImportError:  # pragma: no cover
    import sre_constants as _sre
    import sre_parse as _sre_parser


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
        self._each: list[re.Pattern] | None = None
        self._any: re.Pattern | None = None
        self._last: re.Pattern | None = None

    @property
    def pattern(self) -> str:
        return rf"[\W_]*(?:{'|'.join(self._parts)})"

    # Both regexes are compiled on first use: an alternation of hundreds of phrases takes longer
    # to compile than most runs spend matching it, and a rule that meets no block it could match
    # never needs them.
    def _first(self) -> re.Pattern:
        if self._any is None:
            self._any = re.compile(self.pattern, self._flags)
        return self._any

    def _whole(self) -> re.Pattern:
        if self._last is None:
            self._last = re.compile(rf"{self.pattern}[\W_]*\Z", self._flags)
        return self._last

    def compile(self) -> None:
        self._first()
        self._whole()

    def _steps(self) -> list[re.Pattern]:
        if self._each is None:
            self._each = [re.compile(rf"[\W_]*(?:{p})", self._flags) for p in self._parts]
        return self._each

    def match(self, text: str) -> _Whole | None:
        any_ = self._first()
        todo, seen = [0], {0}
        while todo:
            pos = min(todo)  # leftmost first, so the first ending found is the earliest
            todo.remove(pos)
            # Where no phrase starts, the whole rest cannot be phrases either.
            m = any_.match(text, pos)
            if m is None:
                continue
            if self._whole().match(text, pos):
                return _Whole(text, len(text))
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


class LazyPattern:
    """A regex compiled on its first use (a rule that never meets a document never compiles)."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern, self.flags, self._compiled = pattern, flags, None

    def compile(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def match(self, *args):
        return self.compile().match(*args)

    def search(self, *args):
        return self.compile().search(*args)

    def finditer(self, *args):
        return self.compile().finditer(*args)


# Where a phrase can begin in a block: anywhere in the run of punctuation before its first letter
# (block and section matches), or in the lead a start or label match allows before its phrase.
LEAD = r"[\s*_\[#>•·\-–—【〖]*"
SKIP_PUNCTUATION = re.compile(r"[\W_]*")
SKIP_LEAD = re.compile(LEAD)


def head(text: str, skip: re.Pattern) -> str:
    """The characters a phrase can start at: what ``skip`` passes over and the one after it."""
    return text[:skip.match(text).end() + 1]


def candidates(doc: Document, letters: FirstLetters, lead: bool) -> list[Block]:
    """The blocks of ``doc`` that start with a character one of the rule's phrases can start with
    (``lead``: as a start or label match reads the start of a block)."""
    if not letters.usable:
        return doc.blocks
    skip = SKIP_LEAD if lead else SKIP_PUNCTUATION
    heads = doc.memo("packs.lead-heads" if lead else "packs.heads", lambda: _heads(doc, skip))
    picked = sorted(i for h, indices in heads.items() if letters.admits(h) for i in indices)
    return [doc.blocks[i] for i in picked]


def _heads(doc: Document, skip: re.Pattern) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, block in enumerate(doc.blocks):
        out.setdefault(head(doc.block_text(block), skip), []).append(i)
    return out


class FirstLetters:
    """The characters the phrases of a rule can start with, as a character class matched with the
    rule's flags (so case folds exactly as in the rule's own regex). A block none of whose
    ``head`` characters is one of them cannot match, and is not tried.

    ``usable`` is False when some phrase may start with any character (``[^\n]``, ``.``) or
    with nothing at all: then every block is tried.
    """

    def __init__(self, parts: list[str], flags: int) -> None:
        self._source: tuple | None = (tuple(parts), flags)
        self._known: dict[str, bool] = {}

    @property
    def usable(self) -> bool:
        if self._source is not None:  # worked out on first use, for the rules a run selects
            parts, flags = self._source
            chars = _first_chars(parts, flags)
            self._class = re.compile("[" + "".join(sorted(chars)) + "]", flags) if chars else None
            self._source = None
        return self._class is not None

    def admits(self, head: str) -> bool:
        ok = self._known.get(head)
        if ok is None:
            ok = self._known[head] = any(self._class.match(c) for c in head)
        return ok


def _first_chars(parts: tuple[str, ...], flags: int) -> set[str] | None:
    out: set[str] = set()
    for part in parts:
        # A phrase's regex starts with its first letter (escaped phrases have no quantifier).
        if part[:1].isalnum() and part[1:2] not in ("*", "?", "{"):
            out.add(part[0])
            continue
        got = _pattern_first(part, flags)
        if got is None:
            return None
        out |= got
    return out


@lru_cache(maxsize=4096)
def _pattern_first(pattern: str, flags: int) -> frozenset[str] | None:
    try:
        tree = _sre_parser.parse(pattern, flags)
    except re.error:
        return None
    chars, nullable = _seq_first(list(tree), flags)
    return None if chars is None or nullable else frozenset(chars)


def _class_first(items) -> set[str] | None:
    out: set[str] = set()
    for op, arg in items:
        if op == _sre.LITERAL:
            out.add(re.escape(chr(arg)))
        elif op == _sre.RANGE:
            out.add(f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}")
        elif op == _sre.CATEGORY and arg in _CATEGORIES:
            out.add(_CATEGORIES[arg])
        else:
            return None
    return out


_CATEGORIES = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_NOT_DIGIT: r"\D", _sre.CATEGORY_SPACE: r"\s",
               _sre.CATEGORY_NOT_SPACE: r"\S", _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_NOT_WORD: r"\W"}


def _seq_first(items, flags: int) -> tuple[set[str] | None, bool]:
    """The class items a sequence of parsed regex items can start with, and whether it can match
    empty; None when it may start with any character."""
    out: set[str] = set()
    for op, arg in items:
        if op == _sre.LITERAL:
            out.add(re.escape(chr(arg)))
            return out, False
        if op == _sre.IN:
            got = _class_first(arg)
            if got is None:
                return None, False
            return out | got, False
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # takes no characters
        if op == _sre.BRANCH:
            nullable = False
            for branch in arg[1]:
                got, empty = _seq_first(list(branch), flags)
                if got is None:
                    return None, False
                out |= got
                nullable = nullable or empty
        elif op == _sre.SUBPATTERN:
            _group, add, _remove, sub = arg
            if add & re.IGNORECASE and not flags & re.IGNORECASE:
                return None, False  # the class is matched with the rule's flags
            got, nullable = _seq_first(list(sub), flags | add)
            if got is None:
                return None, False
            out |= got
        elif op == _sre.ATOMIC_GROUP:
            got, nullable = _seq_first(list(arg), flags)
            if got is None:
                return None, False
            out |= got
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            low, _high, sub = arg
            got, empty = _seq_first(list(sub), flags)
            if got is None:
                return None, False
            out |= got
            nullable = low == 0 or empty
        else:
            return None, False
        if not nullable:
            return out, False
    return out, True
