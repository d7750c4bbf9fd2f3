"""The literals every match of a regex starts with, read from its source without parsing all of it.

regex_starts reads them from the regex engine's parse of the whole source. A pack pattern such as
a photo credit's, a thousand characters of which only the opening alternation
("(?:Photo|Image|Foto)...") tells the literals, took a millisecond to parse, and the parse of a
run's first document's rules was most of a one-file run's prefilter work. Here the source is cut
into tokens by one regex, groups are matched, and only the groups the answer depends on are read
item by item, as the engine's parser would build them: the same items in the same order, with
its two rewrites of an alternation (a prefix all branches share is moved out of it; branches of
one character each become a class) and the non-capturing groups without flags unpacked into the
sequence that holds them. ``heads`` (and ``required``, the literals every match holds) read
those items with ``seq_heads`` (``seq_required``), which also read the parse (regex_starts
hands them its items in this reader's shape), or give UNSURE for a source with anything this
reader does not model, which the parse then answers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lintnews.patterns import LazyPattern

UNSURE = object()
_MAX_HEADS = 64  # as regex_starts: a run of character classes stops growing the literals there
_VERBOSE = int(re.VERBOSE)


class _Unsure(Exception):
    pass


_COMMON = (r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)|\[\^?\]?(?:\\.|[^\]\\])*\]"
           r"|\((?:\?(?:[:>=!]|<[=!]|P<\w+>|[aiLmsux]*(?:-[imsx]*)?:|.?))?|[)|.^$]"
           r"|[?*+][?+]?|\{[0-9]*,?[0-9]*\}[?+]?")
# A run of literal characters is one token; in verbose mode whitespace and comments are none.
# This module's regexes read pack regexes' sources, which a run whose packs come from the pack
# cache never does: each is compiled on first use.
_TOKEN = LazyPattern(_COMMON + r"|[^\\\[\](){}|.^$?*+]+|.", re.S)
_TOKEN_X = LazyPattern(r"[ \t\n\r\v\f]+|#[^\n]*|" + _COMMON + r"|[^\\\[\](){}|.^$?*+ \t\n\r\v\f#]+|.", re.S)
_FLAGS = LazyPattern(r"\(\?([aiLmsux]*)(?:-([imsx]*))?:")
_ESCAPED = {"a": "\a", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}
_CATEGORY = set("dDsSwW")
_AT = set("AbBZ")


# Where the source's groups open and close and where their alternatives part: each match is one
# bracket or bar, the escapes and classes before it passed over by the regex engine.
_STRUCTURE = LazyPattern(r"(?:[^()|\\\[]++|\\.|\[\^?\]?(?:\\.|[^\]\\])*+\])*+([()|])", re.S)
_COMMENTS = LazyPattern(r"\(\?#|\(\?[a-zA-Z-]*x")  # a verbose comment may hold brackets


class _Group:
    """A group of the source (or the whole of it): its alternatives' tokens, read on first use."""

    __slots__ = ("kind", "part", "start", "end", "bars", "verbose", "closes", "_branches", "_items")

    def __init__(self, kind: tuple, part: str, start: int, end: int, bars: list[int], verbose: bool,
                 closes: dict) -> None:
        self.kind, self.part, self.start, self.end, self.bars = kind, part, start, end, bars
        self.verbose, self.closes = verbose, closes  # where each group of the source closes, and its bars
        self._branches: list[list[tuple]] | None = None
        self._items: list | None = None

    @property
    def branches(self) -> list[list[tuple]]:
        if self._branches is None:
            self._branches = self._read()
        return self._branches

    def _read(self) -> list[list[tuple]]:
        part, verbose, closes = self.part, self.verbose, self.closes
        token = _TOKEN_X if verbose else _TOKEN
        branches: list[list[tuple]] = [[]]
        pos, end = self.start, self.end
        while pos < end:
            m = token.match(part, pos)
            t = m.group()
            c = t[0]
            if verbose and (c in " \t\n\r\v\f" or c == "#"):
                pos = m.end()
                continue
            if c == "(":
                close, bars = closes[pos]
                kind, inner = _opening(t, verbose)
                branches[-1].append(("group", _Group(kind, part, m.end(), close, bars, inner, closes)))
                pos = close + 1
                continue
            if c == "|":
                branches.append([])
            elif c == ")" or len(t) == 1 and c in "{}[":
                raise _Unsure  # a brace that is no repetition (a literal), or an unclosed class
            else:
                kind = ("esc" if c == "\\" else "class" if c == "[" else "quant" if c in "?*+{"
                        else "any" if c == "." else "at" if c in "^$" else "run")
                branches[-1].append((kind, t))
            pos = m.end()
        if len(branches) != len(self.bars) + 1:
            raise _Unsure
        return branches


def _tree(part: str, verbose: bool) -> _Group:
    """The whole source as a group; its groups' extents are found first, in one pass."""
    if "#" in part and (verbose or _COMMENTS.search(part)):
        raise _Unsure
    closes: dict = {}
    stack: list[tuple[int, list[int]]] = []
    top_bars: list[int] = []
    bars = top_bars
    pos = 0
    while True:
        m = _STRUCTURE.match(part, pos)  # anchored: a tail without brackets is read once
        if m is None:
            break
        pos = m.end()
        at = pos - 1
        c = part[at]
        if c == "(":
            stack.append((at, bars))
            bars = []
        elif c == ")":
            if not stack:
                raise _Unsure
            opened, outer = stack.pop()
            closes[opened] = (at, bars)
            bars = outer
        else:
            bars.append(at)
    if stack:
        raise _Unsure
    return _Group(("top",), part, 0, len(part), top_bars, verbose, closes)


def _opening(token: str, verbose: bool) -> tuple[tuple, bool]:
    if token == "(":
        return ("sub", "capture"), verbose
    if token == "(?:":
        return ("plain",), verbose
    if token == "(?>":
        return ("atomic",), verbose
    if token in ("(?=", "(?!", "(?<=", "(?<!"):
        return ("assert", token), verbose
    if token.startswith("(?P<"):
        return ("sub", "capture"), verbose
    m = _FLAGS.fullmatch(token)
    if m is None or not (m.group(1) or m.group(2)):
        raise _Unsure  # a back reference, a condition, a comment, global flags, an error
    return ("sub", token), (verbose or "x" in m.group(1)) and "x" not in (m.group(2) or "")


def _char(escape: str, in_class: bool) -> tuple:
    """An escape sequence as the parser reads it: ("lit", c), ("cat", c) or ("at", c)."""
    c = escape[1]
    if c in "xu":
        if len(escape) != (4 if c == "x" else 6):
            raise _Unsure
        return ("lit", chr(int(escape[2:], 16)))
    if in_class and c == "b":
        return ("lit", "\b")
    if c in _ESCAPED:
        return ("lit", _ESCAPED[c])
    if c in _CATEGORY:
        return ("cat", c)
    if c in _AT and not in_class:
        return ("at", c)
    if c.isascii() and c.isalnum():
        raise _Unsure  # octal, group references, named characters, errors
    return ("lit", c)


_MEMBER = LazyPattern(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)|.", re.S)


def _class(token: str) -> tuple:
    """A character class as the parser reads it: one literal, or ("in", members, negated)."""
    body = token[1:-1]
    negated = body.startswith("^")
    members = [m.group() for m in _MEMBER.finditer(body[1:] if negated else body)]
    out: list[tuple] = []
    i = 0
    while i < len(members):
        code = _member(members[i])
        i += 1
        if i < len(members) and members[i] == "-":
            i += 1
            if i == len(members):  # "a-]": the dash is a literal
                out += [code, ("lit", "-")]
                break
            end = _member(members[i])
            i += 1
            if code[0] != "lit" or end[0] != "lit" or end[1] < code[1]:
                raise _Unsure  # the parser refuses it
            out.append(("range", code[1], end[1]))
        else:
            out.append(code)
    out = list(dict.fromkeys(out))
    if not out:
        raise _Unsure
    if len(out) == 1 and out[0][0] == "lit":
        return ("notlit", out[0][1]) if negated else out[0]
    return ("in", tuple(out), negated)


def _member(text: str) -> tuple:
    return _char(text, True) if text[0] == "\\" and len(text) > 1 else ("lit", text)


def _quant(token: str) -> tuple[int, str]:
    """A quantifier's least count, and its kind (greedy, lazy or possessive)."""
    if token[0] == "{":
        close = token.index("}") + 1
        core, how = token[1:close - 1].split(","), token[close:]
        low = int(core[0]) if core[0] else 0
        if core == [""] or len(core) == 2 and core[1] and int(core[1]) < low:
            raise _Unsure  # "{}" reads as literals; "{3,1}" is refused
    else:
        low, how = (1 if token[0] == "+" else 0), token[1:]
    return low, {"": "max", "?": "min", "+": "poss"}[how]


def _items(tokens: list[tuple]):
    """The parser's items of one branch, one by one: a plain group unpacked into them, a
    repeated item as ("repeat", kind, min, body) whose body is a list of items or a group."""
    pending = None  # the last item, kept until we know whether a quantifier follows
    for kind, value in tokens:
        if kind == "quant":
            if pending is None or pending[0] in ("at", "repeat", "assert"):
                raise _Unsure  # nothing to repeat, a repeat of a repeat: refused; a repeated assertion
            low, how = _quant(value)
            body = pending[1] if pending[0] == "plain" else [pending]
            pending = ("repeat", how, low, body)
            continue
        if pending is not None:
            if pending[0] == "plain":
                yield from _group_items(pending[1])
            else:
                yield pending
        if kind == "run":
            yield from (("lit", c) for c in value[:-1])
            pending = ("lit", value[-1])
        elif kind == "esc":
            if len(value) < 2:
                raise _Unsure
            code = _char(value, False)
            pending = ("in", (code,), False) if code[0] == "cat" else code
        elif kind == "class":
            pending = _class(value)
        elif kind == "any":
            pending = ("any",)
        elif kind == "at":
            pending = ("at", value)
        else:  # a group
            group = value
            what = group.kind[0]
            pending = ("plain", group) if what == "plain" else (what, group)
    if pending is not None:
        if pending[0] == "plain":
            yield from _group_items(pending[1])
        else:
            yield pending


def _group_items(group: _Group) -> list:
    if group._items is None:
        branches = group.branches
        group._items = list(_items(branches[0])) if len(branches) == 1 else _alternation(branches)
    return group._items


_SIMPLE = ("lit", "in", "any", "at", "notlit")


def _same(a: tuple, b: tuple) -> bool:
    """Whether the parser's items ``a`` and ``b`` compare equal. Groups, repeats and branches
    hold the parser's sub-patterns, which compare by identity: never equal."""
    return a[0] in _SIMPLE and b[0] in _SIMPLE and a == b


def _alternation(branches: list[list[tuple]]) -> list:
    items = [list(_items(b)) for b in branches]
    out: list = []
    while all(items) and all(_same(items[0][0], it[0]) for it in items[1:]):
        out.append(items[0][0])
        for it in items:
            del it[0]
    if all(len(it) == 1 and (it[0][0] == "lit" or it[0][0] == "in" and not it[0][2]) for it in items):
        members: list = []
        for it in items:
            members += [it[0]] if it[0][0] == "lit" else list(it[0][1])
        out.append(("in", tuple(dict.fromkeys(members)), False))
        return out
    out.append(("branch", items))
    return out


def _inner(body):
    """The items a group holds (read on first use), or those a repeat or branch holds."""
    return _group_items(body) if isinstance(body, _Group) else body


def seq_heads(items, inner=_inner) -> set[str] | None:
    """The literals (not folded) one of which every match of a sequence of items starts with;
    None when there are none to tell. ``inner`` gives the items a group, a repeat or a branch
    holds: regex_starts reads the regex engine's parse through it, in this reader's items."""
    items = iter(items)
    heads = {""}
    for item in items:
        op = item[0]
        if op == "lit":
            heads = {h + item[1] for h in heads}
            continue
        if op == "in" and not item[2] and all(m[0] == "lit" for m in item[1]) and len(heads) * len(item[1]) <= _MAX_HEADS:
            heads = {h + m[1] for h in heads for m in item[1]}  # "[Ll]orem"
            continue
        if heads != {""}:
            break
        if op in ("at", "assert"):
            continue  # takes no characters
        if op in ("sub", "atomic"):
            return seq_heads(inner(item[1]), inner)
        if op == "repeat":
            got = seq_heads(inner(item[3]), inner)
            if item[2] >= 1 or not got:
                return got
            rest = seq_heads(items, inner)  # "(?:This article )?was": either starts it
            return got | rest if rest else None
        if op == "branch":
            out: set[str] = set()
            for branch in item[1]:
                got = seq_heads(inner(branch), inner)
                if not got:
                    return None
                out |= got
            return out
        return None
    return heads if "" not in heads else None


def seq_required(items, inner=_inner) -> set[str] | None:
    """The literals one of which every match of a sequence of items holds (the longest run, or a
    branch's literals, or a class's characters); ``inner`` as for ``seq_heads``."""
    best: set[str] | None = None

    def consider(found: set[str] | None) -> None:
        nonlocal best
        if found and "" not in found and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    run: list[str] = []
    for item in items:
        op = item[0]
        if op == "lit":
            run.append(item[1])
            continue
        consider({"".join(run)})
        run = []
        if op in ("sub", "atomic"):
            consider(seq_required(inner(item[1]), inner))
        elif op == "repeat" and item[2] >= 1:
            consider(seq_required(inner(item[3]), inner))
        elif op == "branch":
            either: set[str] | None = set()
            for branch in item[1]:
                got = seq_required(inner(branch), inner)
                if not got:
                    either = None
                    break
                either |= got
            consider(either)
        elif op == "in" and not item[2] and all(m[0] == "lit" for m in item[1]) and len(item[1]) <= _MAX_HEADS:
            consider({m[1] for m in item[1]})
    consider({"".join(run)})
    return best


@lru_cache(maxsize=32)
def _items_of(part: str, verbose: bool) -> list:
    # The prefilter asks for a part's leading literals, then for the literals it holds.
    return _group_items(_tree(part, verbose))


def _answer(reader, part: str, flags: int):
    try:
        return reader(_items_of(part, bool(int(flags) & _VERBOSE)))
    except (_Unsure, KeyError, RecursionError):
        return UNSURE


def heads(part: str, flags: int):
    """The literals (not folded) one of which every match of ``part`` starts with, None when
    there are none to tell, or UNSURE."""
    return _answer(seq_heads, part, flags)


def required(part: str, flags: int):
    """Literals (not folded) one of which every match of ``part`` holds, None when there are
    none to tell, or UNSURE."""
    return _answer(seq_required, part, flags)
