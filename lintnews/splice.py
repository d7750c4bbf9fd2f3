"""Writing a fixed text back in the file's own bytes: the stretches a fix did not touch are
copied from the bytes read, so characters with several byte forms (CP932's NEC and IBM
extensions) and stray bytes kept in a UTF-8 file come back exactly as they were."""

from __future__ import annotations

import bisect
import re

from lintnews.patterns import compile_cached

STRAY = "\ufffd"  # what the rules see in place of each stray byte of a UTF-8 file
STRAY_BYTES = STRAY.encode("utf-8")


class Unmapped(Exception):
    """Text offsets could not be matched with byte offsets."""


def splice_bytes(old: str, data: bytes, new: str, encode, encoding: str, stray: bool) -> bytes:
    """``new`` as bytes: the parts it shares with ``old`` (the text of ``data``) copied from
    ``data``, only the changed parts encoded with ``encode``."""
    offsets = _ByteOffsets(old, data, encoding, stray)
    out = []
    pos = 0  # in old
    for a, b, c, d in changed_regions(old, new):
        out.append(data[offsets.of(pos):offsets.of(a)])
        out.append(encode(new[c:d]))
        pos = b
    out.append(data[offsets.of(pos):])
    return b"".join(out)


class _ByteOffsets:
    """Byte offset in ``data`` of a character offset in its text.

    Offsets are asked for in increasing order; each answer walks on from the last one (or from
    the start of its line), encoding the text between and checking it against the bytes read.
    Only for encodings in which a newline byte is never part of another character (ASCII
    supersets: UTF-8, the Shift_JIS, EUC and GB families, single-byte code pages).
    """

    def __init__(self, text: str, data: bytes, encoding: str, stray: bool) -> None:
        self.text, self.data, self.encoding, self.stray = text, data, encoding, stray
        self.char_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.byte_starts = [0] + [m.end() for m in re.finditer(b"\n", data)]
        if len(self.char_starts) != len(self.byte_starts):
            raise Unmapped
        self.cursor = (0, 0)

    def of(self, pos: int) -> int:
        i = bisect.bisect_right(self.char_starts, pos) - 1
        start = (self.char_starts[i], self.byte_starts[i])
        if start[0] <= self.cursor[0] <= pos:
            start = self.cursor
        b = self._walk(start[0], start[1], pos)
        self.cursor = (pos, b)
        return b

    def _walk(self, c: int, b: int, pos: int) -> int:
        if not self.stray:
            return self._span(c, b, pos)
        while True:  # a stray byte is one U+FFFD; a U+FFFD in the file is three bytes
            k = self.text.find(STRAY, c, pos)
            if k < 0:
                return self._span(c, b, pos)
            b = self._span(c, b, k)
            b += 3 if self.data[b:b + 3] == STRAY_BYTES else 1
            c = k + 1

    def _span(self, c: int, b: int, pos: int) -> int:
        chunk = self.text[c:pos]
        try:
            encoded = chunk.encode(self.encoding)
        except UnicodeEncodeError:
            raise Unmapped from None
        end = b + len(encoded)
        got = self.data[b:end]
        if got != encoded:
            # Another byte sequence for the same characters (CP932's duplicates): fine when it
            # reads back as exactly this text.
            try:
                same = got.decode(self.encoding) == chunk
            except UnicodeDecodeError:
                same = False
            if not same:
                raise Unmapped
        return end


_TOKEN = compile_cached(r"<?[^<\n]*\n?")
_WORD = compile_cached(r"\w+|\s+|[^\w\s]")
# Characters: a larger changed stretch is not diffed word by word, nor more than the budget in
# all (past it, a changed stretch is encoded anew whole, bounding the time a huge edit takes).
_FINE_LIMIT = 20_000
_FINE_BUDGET = 200_000


def changed_regions(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """(a, b, c, d): ``old[a:b]`` became ``new[c:d]``; the text between regions is the same.

    Lines (and tags, so one-line pages work) are matched first, then words inside a changed
    stretch, then its common head and tail are trimmed.
    """
    import difflib

    out: list[tuple[int, int, int, int]] = []

    def tokens(s: str, pattern, a: int, b: int):
        toks, pos = [], a
        for m in pattern.finditer(s, a, b):
            if m.end() == m.start():
                if m.start() >= b:
                    break
                continue
            toks.append(m.group())
            pos = m.end()
        assert pos == b
        return toks

    def diff(a0: int, a1: int, b0: int, b1: int, pattern, fine: bool) -> None:
        ta, tb = tokens(old, pattern, a0, a1), tokens(new, pattern, b0, b1)
        oa, ob = [a0], [b0]
        for t in ta:
            oa.append(oa[-1] + len(t))
        for t in tb:
            ob.append(ob[-1] + len(t))
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb).get_opcodes():
            if op == "equal":
                continue
            if fine and op == "replace" and i2 - i1 == j2 - j1:
                # Line for line (every paragraph edited in place): each pair on its own.
                pairs = [(oa[i], oa[i + 1], ob[j], ob[j + 1]) for i, j in zip(range(i1, i2), range(j1, j2))]
            else:
                pairs = [(oa[i1], oa[i2], ob[j1], ob[j2])]
            for a, b, c, d in pairs:
                a, b, c, d = trim(a, b, c, d)
                if a == b and c == d:
                    continue
                # ASCII text encodes to its own bytes in every encoding spliced here, so only a
                # changed stretch with other characters in it is worth a closer look.
                if fine and 0 < b - a <= min(_FINE_LIMIT, budget[0]) and 0 < d - c <= _FINE_LIMIT \
                        and not old[a:b].isascii():
                    budget[0] -= b - a
                    diff(a, b, c, d, _WORD, False)
                else:
                    out.append((a, b, c, d))

    def trim(a: int, b: int, c: int, d: int) -> tuple[int, int, int, int]:
        while a < b and c < d and old[a] == new[c]:
            a, c = a + 1, c + 1
        while a < b and c < d and old[b - 1] == new[d - 1]:
            b, d = b - 1, d - 1
        return a, b, c, d

    budget = [_FINE_BUDGET]

    head = 0
    n = min(len(old), len(new))
    while head < n and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < n - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    diff(head, len(old) - tail, head, len(new) - tail, _TOKEN, True)
    return out
