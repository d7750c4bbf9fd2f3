"""Character by character, where a block's text came from in the source.

The block's source is read again the way the reader read it (entities decoded, nested blocks and
skipped elements left out, <br> a line break) and normalised the same way, each character
remembering its raw offset and raw length.
"""

from __future__ import annotations

import bisect
import html as htmllib
import re
from typing import Callable

from lintnews.readers.html.cloudflare import is_cf_tag
from lintnews.readers.html.scan import NOT_TEXT, Tags, after_raw_text
from lintnews.readers.html.tags import BR, NOT_INLINE, RAW_TEXT_TAGS, VOID_TAGS
from lintnews.patterns import compile_cached

_ENTITY = compile_cached(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_WS = " \t\n\r\f"


class Chars:
    """Characters, each with its raw offset and raw length."""

    def __init__(self) -> None:
        self.c: list[str] = []
        self.o: list[int] = []
        self.l: list[int] = []
        self.odd_space = False  # a space that is not itself in the source (from an entity)

    def add(self, ch: str, off: int, length: int) -> None:
        self.c.append(ch)
        self.o.append(off)
        self.l.append(length)
        if ch == " " and length != 1:
            self.odd_space = True

    def copy(self, k: int, into: Chars) -> None:
        into.add(self.c[k], self.o[k], self.l[k])


def build_charmap(raw: str, tags: Tags, k: int, end: int,
                  expected: str) -> tuple[list[int], list[int]] | None:
    """Raw offsets and lengths of ``expected``, the text of the element whose start tag is
    ``tags[k]`` and whose source ends at ``end`` (plus an end sentinel), or None when the source
    does not give it."""
    starts = tags.starts
    tag_end = tags.ends[k]
    lo = bisect.bisect_left(starts, tag_end)
    hi = bisect.bisect_left(starts, end)
    # the element's own end tag is not text
    if hi > lo and tags.closing[hi - 1] and tags.ends[hi - 1] == end:
        hi -= 1
        end = starts[hi]
    found = _source_chars(raw, tags, lo, hi, tag_end, end)
    if found is None:
        return None
    out = _join_breaks(_collapse_whitespace(found))
    c2, o2, l2 = out.c, out.o, out.l
    a, b = 0, len(c2)
    while a < b and c2[a] in " \n":
        a += 1
    while b > a and c2[b - 1] in " \n":
        b -= 1
    if "".join(c2[a:b]) != expected:
        return None
    return o2[a:b] + [o2[b - 1] + max(l2[b - 1], 1) if b > a else tag_end], l2[a:b]


def _source_chars(raw: str, tags: Tags, lo: int, hi: int, pos: int, end: int) -> Chars | None:
    """The element's own characters before normalisation (the tags between ``lo`` and ``hi``
    are inside it); None at a protected address."""
    out = Chars()
    excluded: list[str] = []  # open nested elements whose text is not this block's
    names, starts, ends, closing = tags.names, tags.starts, tags.ends, tags.closing
    for j in range(lo, hi):
        name, start = names[j], starts[j]
        if not excluded:
            _add_text(raw, pos, start, out)
        pos = ends[j]
        if closing[j]:
            if excluded and excluded[-1] == name:
                excluded.pop()
            continue
        if name == "br" and not excluded:
            out.add(BR, start, 0)
        elif name in RAW_TEXT_TAGS:
            pos = after_raw_text(raw, name, pos, end)
            continue
        elif name in NOT_INLINE:
            if name not in VOID_TAGS:
                excluded.append(name)
        if is_cf_tag(raw[start:pos]):
            return None
    if not excluded:
        _add_text(raw, pos, end, out)
    return out


def _add_text(raw: str, a: int, b: int, out: Chars) -> None:
    """The text between two tags; comments and the like in it are no text."""
    p = a
    for m in NOT_TEXT.finditer(raw, a, b):
        _add_chars(raw, p, m.start(), out)
        p = m.end()
    _add_chars(raw, p, b, out)


def _add_chars(raw: str, a: int, b: int, out: Chars) -> None:
    p = a
    for m in _ENTITY.finditer(raw, a, b):
        _add_verbatim(raw, p, m.start(), out)
        for ch in htmllib.unescape(m.group(0)):
            out.add(ch, m.start(), m.end() - m.start())
        p = m.end()
    _add_verbatim(raw, p, b, out)


def _add_verbatim(raw: str, a: int, b: int, out: Chars) -> None:
    """Source characters that are themselves: each its own offset, length 1."""
    if b > a:
        out.c.extend(raw[a:b])
        out.o.extend(range(a, b))
        out.l.extend([1] * (b - a))


def _copy_run(src: Chars, a: int, b: int, out: Chars) -> None:
    out.c.extend(src.c[a:b])
    out.o.extend(src.o[a:b])
    out.l.extend(src.l[a:b])


_WS_RUN = compile_cached(f"[{_WS}]+")
_WS_NOT_LONE_SPACE = compile_cached(f"[{_WS}]{{2,}}|[{_WS[1:]}]")  # whole runs still: greedy from the left
_BR_RUN = compile_cached(f" ?{BR}[ {BR}]*")


def _collapse_whitespace(src: Chars) -> Chars:
    """Each whitespace run becomes one space; it is the source only if it was one space."""
    def space(a: int, j: int) -> tuple[str, int, int] | None:
        if j - a == 1 and src.c[a] == " " and src.l[a] == 1:
            return None  # one source space between words (most runs): it stays as it is
        return " ", src.o[a], 0

    # Without an odd space, a lone space is always exact: the runs worth reading are the others.
    return _replace_runs(src, _WS_RUN if src.odd_space else _WS_NOT_LONE_SPACE, space)


def _join_breaks(src: Chars) -> Chars:
    """A run of <br> and spaces becomes one line break, as normalise() makes it."""
    def line_break(a: int, j: int) -> tuple[str, int, int]:
        return "\n", src.o[a + 1 if src.c[a] == " " else a], 0

    return _replace_runs(src, _BR_RUN, line_break)


def _replace_runs(src: Chars, pattern: re.Pattern,
                  one: Callable[[int, int], tuple[str, int, int] | None]) -> Chars:
    """Each run ``pattern`` finds in the characters becomes the one character ``one(start, end)``
    gives (with its raw offset and length), or stays as it is when it gives None; the other
    characters are copied as they are, a stretch at a time."""
    out = Chars()
    k = 0
    for m in pattern.finditer("".join(src.c)):
        a, j = m.span()
        replacement = one(a, j)
        if replacement is None:
            continue
        _copy_run(src, k, a, out)
        out.add(*replacement)
        k = j
    _copy_run(src, k, len(src.c), out)
    return out
