"""Character by character, where a block's text came from in the source.

The block's source is read again the way the reader read it (entities decoded, nested blocks and
skipped elements left out, <br> a line break) and normalised the same way, each character
remembering its raw offset and raw length.
"""

from __future__ import annotations

import bisect
import html as htmllib
import re

from lintnews.readers.html.cloudflare import is_cf_tag
from lintnews.readers.html.scan import NOT_TEXT, Tag, after_raw_text
from lintnews.readers.html.tags import BR, NOT_INLINE, RAW_TEXT_TAGS, VOID_TAGS

_ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_WS = " \t\n\r\f"

Chars = tuple[list[str], list[int], list[int]]  # characters, raw offsets, raw lengths


def build_charmap(raw: str, tags: list[Tag], tag_starts: list[int], tag: Tag, end: int,
                  expected: str) -> tuple[list[int], list[int]] | None:
    """Raw offsets and lengths of ``expected``, the text of the element ``tag`` opens and whose
    source ends at ``end`` (plus an end sentinel), or None when the source does not give it."""
    lo = bisect.bisect_left(tag_starts, tag.end)
    hi = bisect.bisect_left(tag_starts, end)
    inner_tags = tags[lo:hi]
    # the element's own end tag is not text
    if inner_tags and inner_tags[-1].closing and inner_tags[-1].end == end:
        end = inner_tags[-1].start
        inner_tags = inner_tags[:-1]
    found = _source_chars(raw, inner_tags, tag.end, end)
    if found is None:
        return None
    c2, o2, l2 = _join_breaks(*_collapse_whitespace(*found))
    a, b = 0, len(c2)
    while a < b and c2[a] in " \n":
        a += 1
    while b > a and c2[b - 1] in " \n":
        b -= 1
    if "".join(c2[a:b]) != expected:
        return None
    return o2[a:b] + [o2[b - 1] + max(l2[b - 1], 1) if b > a else tag.end], l2[a:b]


def _source_chars(raw: str, inner_tags: list[Tag], pos: int, end: int) -> Chars | None:
    """The element's own characters before normalisation; None at a protected address."""
    chars: list[str] = []
    offs: list[int] = []
    lens: list[int] = []
    excluded: list[str] = []  # open nested elements whose text is not this block's
    for t in inner_tags:
        if not excluded:
            _add_text(raw, pos, t.start, chars, offs, lens)
        pos = t.end
        if t.closing:
            if excluded and excluded[-1] == t.name:
                excluded.pop()
            continue
        if t.name == "br" and not excluded:
            chars.append(BR); offs.append(t.start); lens.append(0)
        elif t.name in RAW_TEXT_TAGS:
            pos = after_raw_text(raw, t, end)
            continue
        elif t.name in NOT_INLINE:
            if t.name not in VOID_TAGS:
                excluded.append(t.name)
        if is_cf_tag(raw[t.start:t.end]):
            return None
    if not excluded:
        _add_text(raw, pos, end, chars, offs, lens)
    return chars, offs, lens


def _add_text(raw: str, a: int, b: int, chars: list[str], offs: list[int], lens: list[int]) -> None:
    """The text between two tags; comments and the like in it are no text."""
    p = a
    for m in NOT_TEXT.finditer(raw, a, b):
        _add_chars(raw, p, m.start(), chars, offs, lens)
        p = m.end()
    _add_chars(raw, p, b, chars, offs, lens)


def _add_chars(raw: str, a: int, b: int, chars: list[str], offs: list[int], lens: list[int]) -> None:
    p = a
    for m in _ENTITY.finditer(raw, a, b):
        for c in range(p, m.start()):
            chars.append(raw[c]); offs.append(c); lens.append(1)
        for ch in htmllib.unescape(m.group(0)):
            chars.append(ch); offs.append(m.start()); lens.append(m.end() - m.start())
        p = m.end()
    for c in range(p, b):
        chars.append(raw[c]); offs.append(c); lens.append(1)


def _collapse_whitespace(chars: list[str], offs: list[int], lens: list[int]) -> Chars:
    """Each whitespace run becomes one space; it is the source only if it was one space."""
    out_c: list[str] = []
    out_o: list[int] = []
    out_l: list[int] = []
    k = 0
    n = len(chars)
    while k < n:
        ch = chars[k]
        if ch in _WS:
            j = k
            while j < n and chars[j] in _WS:
                j += 1
            exact = j - k == 1 and ch == " " and lens[k] == 1
            out_c.append(" "); out_o.append(offs[k]); out_l.append(1 if exact else 0)
            k = j
        else:
            out_c.append(ch); out_o.append(offs[k]); out_l.append(lens[k])
            k += 1
    return out_c, out_o, out_l


def _join_breaks(out_c: list[str], out_o: list[int], out_l: list[int]) -> Chars:
    """A run of <br> and spaces becomes one line break, as normalise() makes it."""
    c2: list[str] = []
    o2: list[int] = []
    l2: list[int] = []
    k = 0
    n = len(out_c)
    while k < n:
        if out_c[k] == BR or (out_c[k] == " " and k + 1 < n and out_c[k + 1] == BR):
            j = k + 1 if out_c[k] == " " else k
            start_off = out_o[j]
            while j < n and out_c[j] in (" ", BR):
                j += 1
            c2.append("\n"); o2.append(start_off); l2.append(0)
            k = j
        else:
            c2.append(out_c[k]); o2.append(out_o[k]); l2.append(out_l[k])
            k += 1
    return c2, o2, l2
