"""A JSON string's raw text, as a record's line holds it: where each of its decoded characters
stands in it, and its decoding in pieces."""

from __future__ import annotations

import bisect
import re
from array import array
from itertools import accumulate, chain, count, repeat
from json.decoder import scanstring
from operator import sub

from lintnews.patterns import compile_cached

# A JSON string's escape: a surrogate pair written as two, one character's, or a letter's.
_ESCAPE = compile_cached(r"(?s)\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)")
_SPAN = re.Match.span
_ESCAPE_WIDTH = 12  # the longest escape: a surrogate pair, two of six characters


class StringOffsets:
    """Raw offset (inside the quotes, plus ``base``) of each decoded character of a JSON string,
    and of its end: ``offsets[i]`` for the i-th character, ``offsets[len(offsets) - 1]`` for the end.

    A character written as an escape maps to the start of its escape, so columns inside escaped
    text point at the escape sequence rather than at a character of their own. Only the escapes
    are kept (a list of every character's offset took 70 bytes per character: a 5 MB record
    with one finding peaked at 500 MB); a character between them is as far from the last escape
    before it in the raw text as in the decoded one.
    """

    __slots__ = ("_at", "_raw", "_extra", "_length", "_end", "_base")

    def __init__(self, raw: str, base: int = 0, end: int | None = None) -> None:
        # ``raw[base:end]`` is read where it stands in ``raw`` (a record's line): a copy of a
        # long value would cost as much memory again as the record.
        # Machine integers, not lists of int objects: a text's line breaks are escapes too, and
        # a long record holds hundreds of thousands.
        if end is None:
            raw_base, end = 0, len(raw)
        else:
            raw_base = base
        # Four bytes an offset where they fit, as they do in any record of less than 2 GB.
        code = "i" if len(raw) < 1 << 31 else "q"
        # The escapes found by one regex search and their offsets worked out by iterators: a
        # loop over them in Python (a text's line breaks and quotes are escapes) cost a
        # microsecond an escape, as much as reading the record.
        spans = array(code, chain.from_iterable(map(_SPAN, _ESCAPE.finditer(raw, raw_base, end))))
        starts, ends = spans[0::2], spans[1::2]
        del spans
        # Raw characters beyond one per character, after each escape: its width less one, summed.
        extra = array(code, [0])
        extra.extend(map(sub, accumulate(map(sub, ends, starts)), count(1)))
        del ends
        raw_at = array(code, map(sub, starts, repeat(raw_base))) if raw_base else starts  # of each escape
        at = array(code, map(sub, raw_at, extra))  # decoded index of each escaped character
        self._at, self._raw, self._extra = at, raw_at, extra
        self._length = end - raw_base - extra[-1]
        self._end, self._base = end - raw_base, base

    def __len__(self) -> int:
        return self._length + 1

    def __getitem__(self, index: int) -> int:
        if not 0 <= index <= self._length:
            raise IndexError(index)
        if index == self._length:
            return self._base + self._end
        k = bisect.bisect_right(self._at, index)
        if k and self._at[k - 1] == index:
            return self._base + self._raw[k - 1]
        return self._base + index + self._extra[k]


def decoded_pieces(line: str, start: int, end: int, size: int) -> list[str]:
    """The JSON string ``line[start:end]`` (inside its quotes) decoded in pieces of about
    ``size`` characters, each cut where no escape spans it: after a stretch as long as the
    longest escape without a backslash. ValueError where it is not a valid JSON string."""
    out = []
    a = start
    while a < end:
        q = min(a + size, end)
        while q < end and (b := line.rfind("\\", q - _ESCAPE_WIDTH, q)) >= 0:
            q = min(b + _ESCAPE_WIDTH + 1, end)
        piece, stop = scanstring(line[a:q] + '"', 0)
        if stop != q - a + 1:  # a quote inside: the string ended before ``end``
            raise ValueError("string ends early")
        out.append(piece)
        a = q
    return out
