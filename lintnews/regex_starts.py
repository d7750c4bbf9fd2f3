"""What a regex can start with, read from its source or its parse: the literals one of which
every match starts with, else the characters it can start with (or the literal it holds when it
may start with any character), and case folding as the regex engine folds, so that a test on a
text's folded characters rules out only what the regex could not match."""

from __future__ import annotations

import re
from functools import lru_cache

from lintnews import regex_heads
from lintnews.patterns import LazyPattern, compile_cached

try:  # Python 3.11+
    import re._casefix as _casefix
    import re._constants as _sre
    import re._parser as _sre_parser
except ImportError:  # pragma: no cover
    import sre_constants as _sre
    import sre_parse as _sre_parser
    _casefix = None

parse_regex = _sre_parser.parse  # raises re.error as re.compile does


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
# A table's translate looks each character up in Python: only a text holding one of its keys is
# translated (found at C speed).
_IN_BEFORE = compile_cached("[" + "".join(re.escape(chr(c)) for c in _BEFORE) + "]")
_IN_AFTER = compile_cached("[" + "".join(re.escape(chr(c)) for c in _AFTER) + "]") if _AFTER else None


def fold(text: str) -> str:
    if text.isascii():  # the tables change no ASCII character
        return text.lower()
    if _IN_BEFORE.search(text):
        text = text.translate(_BEFORE)
    text = text.lower()
    return text.translate(_AFTER) if _IN_AFTER is not None and _IN_AFTER.search(text) else text


# Compiled on first use, as regex_heads' regexes: only packs read anew (no pack cache) have
# their sources parsed.
# A run of literal characters in a regex's source, each escaped or not special (as a phrase's
# regex escapes its words), none of which a quantifier follows.
_LITERAL_RUN = LazyPattern(r"(?:[^\\()\[\]{}?*+|^$.](?![?*+{])|\\[^\w](?![?*+{]))*")
_ESCAPE = LazyPattern(r"\\(.)", re.DOTALL)
# Brackets, bars and what hides them (escapes, character classes), for the structure of a source.
_TOKEN = LazyPattern(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|[()|]", re.DOTALL)
# A verbose group's comments and spaces read otherwise: its source is parsed.
_VERBOSE = LazyPattern(r"\(\?[a-zA-Z]*x")
_COUNT = LazyPattern(r"\{[1-9]")
_VERBOSE_FLAG = int(re.VERBOSE)


def _unwrapped(part: str) -> str | None:
    """The source of what a regex matches first, inside the non-capturing groups it opens with
    (None: one of them is repeated, or holds an alternation, or the source is verbose)."""
    if _VERBOSE.search(part):
        return None
    while part.startswith("(?:"):
        close = _scan(part, bar=False)
        if close < 0 or part[close + 1:close + 2] in ("?", "*", "+", "{"):
            return None
        part = part[3:close]
    return None if "|" in part and _scan(part, bar=True) >= 0 else part


def _escaped_head(part: str) -> str:
    """The literal characters a regex starts with, read from its source: up to the first escape
    sequence or special character, without a character a quantifier follows."""
    if "(?" in part or "|" in part:  # else, as most phrases, it is its own unwrapped source
        part = _unwrapped(part)
        if not part:
            return ""
    run = _LITERAL_RUN.match(part).group()
    return _ESCAPE.sub(r"\1", run) if "\\" in run else run


def quick_first(part: str) -> frozenset[str] | None:
    """What a regex starts with, when its source tells at once: a letter or a digit (the
    ``{n}`` slot), unless a quantifier lets it go."""
    part = _unwrapped(part)
    if not part:
        return None
    if part[:1].isalnum():
        ahead = 1
    elif part.startswith("\\d"):
        ahead = 2
    else:
        return None
    quantifier = part[ahead:ahead + 1]
    if quantifier in ("*", "?") or quantifier == "{" and not _COUNT.match(part, ahead):
        return None
    return frozenset((part[:ahead],))


def _scan(part: str, bar: bool) -> int:
    # With ``bar``, where the first "|" outside groups is; else the ")" that closes the "(" the
    # source opens with. -1: none.
    depth = 0
    for m in _TOKEN.finditer(part):
        t = m.group()
        if t == "(":
            depth += 1
        elif t == ")":
            depth -= 1
            if not bar and depth == 0:
                return m.start()
        elif t == "|" and bar and depth == 0:
            return m.start()
    return -1


# What the functions below answered for parts of the shipped packs in an earlier run (kept with
# the packs' other derived data): (part, flags) -> (literal_heads, required_strings,
# start_or_literal). These are the parts without a leading literal: reading what else they tell
# took a parse of many of them on a run's first document.
_TOLD: dict[tuple[str, int], tuple] = {}


def answers(part: str, flags: int) -> tuple:
    """What ``tell`` takes for ``part``."""
    return literal_heads(part, flags), required_strings(part, flags), start_or_literal(part, flags)


def tell(flags: int, told: dict[str, tuple]) -> None:
    """Take the ``answers`` of parts (worked out by this very code) instead of working them out."""
    flags = int(flags)
    for part, answer in told.items():
        _TOLD[(part, flags)] = answer


@lru_cache(maxsize=16384)
def literal_heads(part: str, flags: int) -> frozenset[str] | None:
    """The literals, folded, one of which every match of ``part`` starts with (whatever the
    case flags inside it: a match equal to a literal in case or not folds to the literal); None
    when there are none to tell."""
    if _TOLD:
        told = _TOLD.get((part, int(flags)))
        if told is not None:
            return told[0]
    head = "" if int(flags) & _VERBOSE_FLAG else _escaped_head(part)  # int: a flag enum's "&" is slow
    if head:
        return frozenset((fold(head),))
    if not part.startswith(("(", "[")) and "|" not in part:
        return None
    got = regex_heads.heads(part, flags)  # most sources tell without a parse of the whole
    if got is regex_heads.UNSURE:
        tree = _parsed(part, flags)
        got = _seq_heads(tree) if tree is not None else None
    return frozenset(fold(h) for h in got) if got else None


_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)


def _as_items(items):
    """The regex engine's parse items as regex_heads' items, so that its readings of a source
    serve the parse too; what a group, a repeat or a branch holds is left as parsed, and read
    through this again."""
    for op, arg in items:
        if op == _sre.LITERAL:
            yield ("lit", chr(arg))
        elif op == _sre.IN:
            negated = bool(arg) and arg[0][0] == _sre.NEGATE
            yield ("in", tuple(("lit", chr(a)) if o == _sre.LITERAL else ("other",) for o, a in arg[negated:]),
                   negated)
        elif op == _sre.AT:
            yield ("at", arg)
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            yield ("assert", arg)
        elif op == _sre.SUBPATTERN:
            yield ("sub", arg[-1])
        elif op == _sre.ATOMIC_GROUP:
            yield ("atomic", arg)
        elif op in _REPEATS:
            yield ("repeat", op, arg[0], arg[2])
        elif op == _sre.BRANCH:
            yield ("branch", arg[1])
        else:
            yield ("other",)


def _seq_heads(items) -> set[str] | None:
    return regex_heads.seq_heads(_as_items(items), _as_items)


def _required(items) -> set[str] | None:
    return regex_heads.seq_required(_as_items(items), _as_items)


@lru_cache(maxsize=4096)
def _parsed(pattern: str, flags: int) -> list | None:
    try:
        return list(_sre_parser.parse(pattern, flags))
    except (re.error, OverflowError):
        return None


@lru_cache(maxsize=4096)
def pattern_first(pattern: str, flags: int) -> tuple[frozenset[str] | None, str | None]:
    """The class items the pattern can start with (None: any character), and else its longest
    literal of two characters or more that every match holds, folded."""
    tree = _parsed(pattern, flags)
    if tree is None:
        return None, None
    chars, nullable = _seq_first(tree, flags)
    if chars is not None and not nullable:
        return frozenset(chars), None
    literal = max(_literals(tree), key=len, default="")
    return None, (fold(literal) if len(literal) >= 2 else None)


def start_or_literal(part: str, flags: int) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """For a part without leading literals: strings one of which every match holds, when none
    is shorter than three characters (rarer in a text than any first character), else the
    class items it can start with; else such strings of two characters or more; (None, None):
    nothing to tell."""
    if _TOLD:
        told = _TOLD.get((part, int(flags)))
        if told is not None:
            return told[2]
    strings = required_strings(part, flags)
    if strings is not None and min(map(len, strings)) >= 3:
        return None, strings
    first = quick_first(part)
    if first is None:
        first = pattern_first(part, flags)[0]
    if first is not None:
        return first, None
    return None, strings if strings is not None and min(map(len, strings)) >= 2 else None


@lru_cache(maxsize=4096)
def required_strings(pattern: str, flags: int) -> frozenset[str] | None:
    """Strings, folded, one of which every match of the pattern holds: its longest literal, or
    the literals of each branch of an alternation ("…" or "..."); None: none to tell."""
    if _TOLD:
        told = _TOLD.get((pattern, int(flags)))
        if told is not None:
            return told[1]
    got = regex_heads.required(pattern, flags)  # most sources tell without a parse
    if got is regex_heads.UNSURE:
        tree = _parsed(pattern, flags)
        got = _required(tree) if tree is not None else None
    return frozenset(fold(x) for x in got) if got else None


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
        elif op in _REPEATS and arg[0] >= 1:
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
        elif op in _REPEATS:
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
