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
from functools import lru_cache

from lintnews.document import Block, Document

try:  # Python 3.11+
    import re._casefix as _casefix
    import re._constants as _sre
    import re._parser as _sre_parser
except ImportError:  # pragma: no cover
    import sre_constants as _sre
    import sre_parse as _sre_parser
    _casefix = None

# What a start or label match passes over before its phrase: Markdown emphasis, link brackets,
# bullets (the square and triangle marks of Chinese, Japanese and Korean pages: "■関連記事",
# "▶ 관련기사") and opening brackets ("【関連記事】", "[관련기사]").
LEAD = r"[\s*_\[#>•·\-–—【〖［〔■◆▶►▼☞]*"
parse_regex = _sre_parser.parse  # raises re.error as re.compile does
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
        for part in parts:
            # A phrase's regex starts with its first letter (escaped phrases have no quantifier).
            if part[:1].isalnum() and part[1:2] not in ("*", "?", "{"):
                chars.add(part[0])
                continue
            first, literal = _pattern_first(part, flags)
            if first is not None:
                chars |= first
            elif literal is not None:
                grams.add(literal[:3])
            else:
                return
        if chars:
            self._class = re.compile("[" + "".join(sorted(chars)) + "]", flags)
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
    """A rule's phrases in ``groups``: by the characters they can start with, and those that may
    start with any character by the literal they hold. ``admitted`` names the groups that can
    start in a head (see ``head``), ``anywhere`` those of the second kind whose literal a text
    holds; no phrase of another group can match there."""

    def __init__(self, parts: list[str], flags: int) -> None:
        by_first: dict[str, list[int]] = {}
        by_gram: dict[str | None, list[int]] = {}
        for i, part in enumerate(parts):
            if part[:1].isalnum() and part[1:2] not in ("*", "?", "{"):
                first, gram = frozenset(part[0]), None
            else:
                first, gram = _pattern_first(part, flags)
            if first is None:
                by_gram.setdefault(gram, []).append(i)
            else:
                by_first.setdefault("[" + "".join(sorted(first)) + "]", []).append(i)
        self.groups = [tuple(ids) for ids in by_first.values()] + [tuple(ids) for ids in by_gram.values()]
        self._classes = [re.compile(src, flags) for src in by_first]
        self._grams = [(len(by_first) + n, gram) for n, gram in enumerate(by_gram)]
        self._by_char: dict[str, frozenset[int]] = {}
        self._by_head: dict[str, tuple[int, ...]] = {}

    def anywhere(self, text: str) -> tuple[int, ...]:
        if not self._grams:
            return ()
        folded = fold(text)
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


def _fold_tables() -> tuple[dict[int, str], dict[int, str]]:
    # str.lower() lowers as the regex engine does, one character for one, except "İ" (two
    # characters) and a final "Σ" (ς by its context); the engine also equates a few lower-case
    # letters ("σ" and "ς", "s" and "ſ"), which fold to one of them.
    before = {0x130: "i", 0x3A3: "σ"}
    groups: dict[int, int] = {}
    for key, others in (_casefix._EXTRA_CASES.items() if _casefix else ()):
        members = {key, *others}
        for m in list(members):
            members.add(groups.get(m, m))
        low = min(members)
        for m in members:
            groups[m] = min(low, groups.get(m, low))
    after = {m: chr(low) for m, low in groups.items() if m != low}
    return before, after


_BEFORE, _AFTER = _fold_tables()


def fold(text: str) -> str:
    return text.translate(_BEFORE).lower().translate(_AFTER)


@lru_cache(maxsize=4096)
def _pattern_first(pattern: str, flags: int) -> tuple[frozenset[str] | None, str | None]:
    """The class items the pattern can start with (None: any character), and else its longest
    literal of two characters or more that every match holds, folded."""
    try:
        tree = list(_sre_parser.parse(pattern, flags))
    except (re.error, OverflowError):
        return None, None
    chars, nullable = _seq_first(tree, flags)
    if chars is not None and not nullable:
        return frozenset(chars), None
    literal = max(_literals(tree), key=len, default="")
    return None, (fold(literal) if len(literal) >= 2 else None)


def _literals(items) -> list[str]:
    """Runs of literal characters every match of the sequence holds."""
    out, run = [], []
    for op, arg in items:
        if op == _sre.LITERAL:
            run.append(chr(arg))
            continue
        out.append("".join(run))
        run = []
        if op == _sre.SUBPATTERN:
            out += _literals(arg[-1])
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and arg[0] >= 1:
            out += _literals(arg[2])
        elif op == _sre.ATOMIC_GROUP:
            out += _literals(arg)
    out.append("".join(run))
    return out


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
