"""The changes between two versions of a file, in bytes: what the ledger records and undo reverses."""

from __future__ import annotations

from collections import Counter
from itertools import accumulate

from lintnews.patterns import compile_cached


def starts_of(parts) -> list[int]:
    """Where each of ``parts`` starts in their join, and where the join ends."""
    return list(accumulate(map(len, parts), initial=0))


def _continues(data: bytes, i: int) -> bool:
    return i < len(data) and 0x80 <= data[i] < 0xC0  # a UTF-8 continuation byte


def trim(offset: int, old: bytes, new: bytes) -> tuple[int, bytes, bytes]:
    """The change without the bytes both sides share at its ends, never splitting a UTF-8 character."""
    head = _common(old, 0, new, 0)
    while head and (_continues(old, head) or _continues(new, head)):
        head -= 1
    tail = _common_tail(old, new, min(len(old), len(new)) - head)
    while tail and _continues(old, len(old) - tail):
        tail -= 1
    return offset + head, old[head:len(old) - tail], new[head:len(new) - tail]


def _gallop(same, limit: int) -> int:
    """The most units, ``limit`` at most, that ``same(n, size)`` (do the ``size`` units after the
    first ``n`` agree?) finds shared: compared in slices that double in size, so the work is in
    proportion to what is shared. Halving the whole rest instead copied it on every call, and a
    long text's many cuts took time quadratic in it."""
    n, step = 0, 64
    while n < limit:
        size = min(step, limit - n)
        if not same(n, size):
            low, high = 0, size - 1  # they differ within this slice
            while low < high:
                mid = (low + high + 1) // 2
                if same(n, mid):
                    low = mid
                else:
                    high = mid - 1
            return n + low
        n += size
        step *= 2
    return n


def _common(a: bytes, i: int, b: bytes, j: int) -> int:
    """How many bytes (or characters) ``a[i:]`` and ``b[j:]`` share at their start."""
    return _gallop(lambda n, size: a[i + n:i + n + size] == b[j + n:j + n + size], min(len(a) - i, len(b) - j))


def _common_tail(a: bytes, b: bytes, limit: int) -> int:
    """How many bytes ``a`` and ``b`` share at their end, ``limit`` at most."""
    end_a, end_b = len(a), len(b)
    return _gallop(lambda n, size: a[end_a - n - size:end_a - n] == b[end_b - n - size:end_b - n], limit)


_ANCHOR = 64  # bytes of what follows a cut that must reappear to find where the cut ends


def cuts_only(offset: int, old: bytes, new: bytes) -> list[tuple[int, bytes, bytes]] | None:
    """``new`` as ``old`` with stretches cut out (what fixes mostly do), or None when it is not.
    Bytes for the ledger; ``--diff`` gives it texts (str), which it reads the same way.

    Each cut ends where the next bytes of ``new`` appear again in ``old``; any such reading
    gives back ``new`` exactly, which is checked.
    """
    out, i, j = [], 0, 0
    while j < len(new):
        n = _common(old, i, new, j)
        i, j = i + n, j + n
        if j == len(new):
            break
        # The longest anchor that reappears: the bytes kept after a cut may be only a few
        # before the next cut starts.
        size, k = _ANCHOR, -1
        while size and k < 0:
            k = old.find(new[j:j + size], i + 1)
            size //= 2
        if k < 0:
            return None
        out.append((offset + i, old[i:k], b""))
        i = k
    if i < len(old):
        out.append((offset + i, old[i:], b""))
    return out if sum(len(c) for _, c, _ in out) == len(old) - len(new) else None


def matched(a: list, b: list, autojunk: bool = True, fine: bool = False) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes from ``a`` to ``b``, where each piece met more often than once in a
    hundred pieces of ``a`` (blank lines, ``</div>``: what difflib's ``autojunk`` calls popular)
    is matched together with the piece before it. Popular pieces anchor no match, so every run of
    kept lines they part was matched on its own: a long text with changes here and there took
    time quadratic in it (2 MB with 2,000 changes: 20 s, now 0.3 s). ``fine``: the pieces of a
    short changed stretch are then matched one by one (a diff shows the blank line after a
    changed paragraph as kept)."""
    import difflib

    limit = len(a) // 100 + 1
    popular = {piece for piece, n in Counter(a).items() if n > limit} if autojunk and len(a) >= 200 else ()
    if not popular:
        return difflib.SequenceMatcher(None, a, b, autojunk=autojunk).get_opcodes()

    def grouped(pieces: list) -> tuple[list[int], list[tuple]]:
        starts = [i for i, piece in enumerate(pieces) if not i or piece not in popular] + [len(pieces)]
        return starts, [tuple(pieces[s:e]) for s, e in zip(starts, starts[1:])]

    starts_a, groups_a = grouped(a)
    starts_b, groups_b = grouped(b)
    out: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, groups_a, groups_b, autojunk=True).get_opcodes():
        i1, i2, j1, j2 = starts_a[i1], starts_a[i2], starts_b[j1], starts_b[j2]
        if not fine or tag == "equal" or (i2 - i1) * (j2 - j1) > _SMALL:
            codes = [(tag, i1, i2, j1, j2)]
        else:
            codes = [(t, i1 + k1, i1 + k2, j1 + l1, j1 + l2) for t, k1, k2, l1, l2
                     in difflib.SequenceMatcher(None, a[i1:i2], b[j1:j2], autojunk=False).get_opcodes()]
        for code in codes:
            if out and code[0] == out[-1][0] == "equal":
                out[-1] = ("equal", out[-1][1], code[2], out[-1][3], code[4])
            else:
                out.append(code)
    return out


_SMALL = 10_000  # pieces on one side times the other: a changed stretch compared piece by piece


_TOKEN = compile_cached(rb"\s+|[\w\x80-\xff]+|[^\w\s\x80-\xff]")
_JUNK_FROM = 5000  # tokens; longer stretches are compared the faster, coarser way


_PIECE_END = compile_cached(rb"(?<=\n)|(?<=\\n)")  # after a newline, or after JSON's escape of one
_BY_PIECES = 1 << 16  # bytes; a longer stretch is compared piece by piece first


def refine(offset: int, old: bytes, new: bytes) -> list[tuple[int, bytes, bytes]]:
    """A changed stretch split into its separate changes: by finding what was kept when only cuts
    were made, else by comparing words, spaces and marks (never splitting a UTF-8 character). A
    long stretch is first compared by its lines (a JSONL record's, at its escaped newlines), and
    only the lines that changed word by word: compared word by word whole, a 2 MB record's fixes
    took minutes."""
    if old == new:  # told apart only by how the pieces around it were cut
        return []
    if not old or not new:
        return [(offset, old, new)]
    if len(new) < len(old):
        cuts = cuts_only(offset, old, new)
        if cuts is not None:
            return cuts
    if len(old) + len(new) > _BY_PIECES:
        a, b = [p for p in _PIECE_END.split(old) if p], [p for p in _PIECE_END.split(new) if p]
        if len(a) > 1 and len(b) > 1:
            starts_a, starts_b = starts_of(a), starts_of(b)
            codes = [c for c in matched(a, b) if c[0] != "equal"]
            if codes != [("replace", 0, len(a), 0, len(b))]:  # else no line is kept: word by word
                return [c for _, i1, i2, j1, j2 in codes
                        for c in refine(*trim(offset + starts_a[i1], old[starts_a[i1]:starts_a[i2]],
                                                  new[starts_b[j1]:starts_b[j2]]))]

    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    starts_a, starts_b = starts_of(a), starts_of(b)
    out = []
    for tag, i1, i2, j1, j2 in matched(a, b, autojunk=len(a) > _JUNK_FROM):
        if tag != "equal":
            out.append(trim(offset + starts_a[i1], old[starts_a[i1]:starts_a[i2]], new[starts_b[j1]:starts_b[j2]]))
    return out


# A text of more lines whose fixes only cut has its cuts found in one walk (see cuts_only).
LINES_FOR_CUTS = 2000


def byte_changes(before: bytes, after: bytes) -> list[tuple[int, bytes, bytes]]:
    """(offset in ``before``, bytes cut, bytes put) that turn ``before`` into ``after``, in order."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    if len(a) > LINES_FOR_CUTS and len(after) < len(before):
        # A long file that fixes only cut: its cuts found in one walk. Comparing its lines took
        # time cubic in the fixes (a 67 KB text with 1,000 removed lines: 160 s, 0.02 s so).
        cuts = cuts_only(*trim(0, before, after))
        if cuts is not None:
            return cuts
    starts = starts_of(a)
    out: list[tuple[int, bytes, bytes]] = []
    # Lines met in more than 1% of a long file (blank ones, "</div>") anchor nothing: tried as
    # anchors, each is looked for at every place it occurs, for each change (1,000 lines with 250
    # removed: 3.4 s, 0.05 s so). In a long file they are matched with the line before them
    # (see matched); a shorter one's changes are found as they always were.
    import difflib

    codes = matched(a, b) if len(a) > LINES_FOR_CUTS else difflib.SequenceMatcher(None, a, b).get_opcodes()
    for tag, i1, i2, j1, j2 in codes:
        if tag != "equal":
            trimmed = trim(starts[i1], b"".join(a[i1:i2]), b"".join(b[j1:j2]))
            out.extend(refine(*trimmed))
    return out
