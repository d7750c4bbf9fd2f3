"""An article as rules see it: its text, its blocks, its metadata and the way back to the file."""

from __future__ import annotations

import bisect
import re
import dataclasses
from array import array
from dataclasses import dataclass
from typing import Protocol

from lintnews.model import Span
from lintnews.patterns import compile_cached

# Kinds a reader may give a block. Rules scope themselves by these.
TITLE = "title"
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list-item"
QUOTE = "quote"
CAPTION = "caption"
BYLINE = "byline"
OTHER = "other"
# Program text (<pre>, <code>, <kbd>, <samp>): shown as written, so no phrase rule reads it.
CODE = "code"
BLOCK_KINDS = (TITLE, HEADING, PARAGRAPH, LIST_ITEM, QUOTE, CAPTION, BYLINE, OTHER, CODE)

_BLANK_LINE = compile_cached(r"[ \t\u00a0\u2000-\u200b\u3000]*\n")
_TEXT = compile_cached(r"\S")


class _NoAttrs(dict):
    """The attributes of a block its reader gave none (every block of a text or Markdown file):
    one empty dict for them all, read-only, as an empty dict of each block's own took more memory
    than its text (a long record holds hundreds of thousands)."""

    __slots__ = ()

    def _read_only(self, *args, **kwargs):
        raise TypeError("a block's attrs are read-only when its reader gave none")

    __setitem__ = __delitem__ = setdefault = update = pop = popitem = clear = __ior__ = _read_only

    def __reduce__(self):
        return (_no_attrs, ())


NO_ATTRS = _NoAttrs()


def _no_attrs() -> dict:
    return NO_ATTRS


@dataclass(frozen=True, slots=True, init=False)  # a long text holds hundreds of thousands
class Block:
    kind: str
    span: Span  # the block's text, markers (``#``, ``>``, ``-``) excluded
    outer: Span  # whole source lines of the block, without the final newline
    index: int = 0
    attrs: dict = dataclasses.field(default_factory=_no_attrs, compare=False, hash=False)

    def __init__(self, kind: str, span: Span, outer: Span, index: int = 0, attrs: dict = NO_ATTRS) -> None:
        # The slots' own descriptors, as Span's __init__ (a block of each line of a text).
        _BLOCK_KIND(self, kind)
        _BLOCK_SPAN(self, span)
        _BLOCK_OUTER(self, outer)
        _BLOCK_INDEX(self, index)
        _BLOCK_ATTRS(self, attrs)


_BLOCK_KIND, _BLOCK_SPAN, _BLOCK_OUTER, _BLOCK_INDEX, _BLOCK_ATTRS = (
    getattr(Block, name).__set__ for name in ("kind", "span", "outer", "index", "attrs"))


class SourceMap(Protocol):
    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the raw file of a text offset."""


def line_starts(text: str) -> array:
    """Where each line of ``text`` starts: 0, and one past each "\n". An array, not a list of int
    objects: a text of 400,000 short lines held 14 MB of them."""
    starts = array("q", [0])
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


class LineMap:
    """Positions for documents whose text is the file's text (txt, md)."""

    def __init__(self, text: str, line_offset: int = 0) -> None:
        self._starts = line_starts(text)
        self._line_offset = line_offset

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._starts, offset) - 1
        return i + 1 + self._line_offset, offset - self._starts[i] + 1


@dataclass
class Document:
    path: str
    format: str
    text: str
    blocks: list[Block]
    meta: dict = dataclasses.field(default_factory=dict)
    source: SourceMap | None = None
    field: str | None = None  # JSONL: which record field the text came from

    def __post_init__(self) -> None:
        if self.source is None:
            self.source = LineMap(self.text)
        self._memo: dict = {}

    def memo(self, key: str, compute):
        """Compute a per-document analysis once, however many rules ask for it."""
        # Asked for by every rule on every document: one lookup when the answer is known.
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    def forget(self, keys) -> None:
        """Let go of the memos of ``keys`` (asked for again, they are computed again)."""
        for key in keys:
            self._memo.pop(key, None)

    def block_text(self, block: Block) -> str:
        return self.text[block.span.start : block.span.end]

    def position(self, offset: int) -> tuple[int, int]:
        return self.source.position(offset)

    def relative_position(self, block: Block) -> float:
        """Where a block sits in the article, 0.0 (first) to 1.0 (last), by characters."""
        if not self.blocks:
            return 0.0
        first, last = self.blocks[0].outer.start, self.blocks[-1].outer.end
        if last <= first:
            return 0.0
        return (block.outer.start - first) / (last - first)

    def in_tail(self, block: Block, share: float = 0.5, last: int = 6) -> bool:
        """In the closing part of the article: past ``share`` of its text, or among its last
        ``last`` blocks (and never the opening two)."""
        if block.index < 2:
            return False
        return self.relative_position(block) >= share or block.index >= len(self.blocks) - last

    def next_block(self, block: Block) -> Block | None:
        i = block.index + 1
        return self.blocks[i] if i < len(self.blocks) else None

    def prev_block(self, block: Block) -> Block | None:
        i = block.index - 1
        return self.blocks[i] if i >= 0 else None

    def removal_spans(self, first: Block, last: Block | None = None) -> list[Span]:
        """The spans that remove blocks ``first``..``last``: one, but where text that is no block
        (a Markdown code block, table or HTML block) lies between two of them, which stays."""
        last = last or first
        text, runs, start, before = self.text, [], first, first
        for block in self.blocks[first.index + 1:last.index + 1]:
            if _TEXT.search(text, before.outer.end, block.outer.start):
                runs.append((start, before))
                start = block
            before = block
        runs.append((start, last))
        return [self.removal_span(a, b) for a, b in runs]

    def removal_span(self, first: Block, last: Block | None = None) -> Span:
        """The span that removes blocks ``first``..``last`` and the blank line after them.

        Removing the article's last blocks takes the blank lines before them instead, so no run
        of blank lines is left at the end of the file.
        """
        last = last or first
        text = self.text
        start = text.rfind("\n", 0, first.outer.start) + 1
        end = last.outer.end
        if end < len(text) and text[end] == "\n":
            end += 1
        following = self._first_from(end)
        # Text that is no block (a Markdown code block, table or HTML block) is never taken: it
        # bounds the removal as a block would.
        if following is not None or _TEXT.search(text, end):
            limit = following.outer.start if following is not None else len(text)
            while (m := _BLANK_LINE.match(text, end)) and m.end() <= limit:
                end = m.end()
            return Span(start, end)
        # Nothing follows: delete the blank lines back to the end of the previous kept line too.
        before = self._last_up_to(start)
        if before is not None:
            floor = before.outer.end
            floor = floor + 1 if text[floor : floor + 1] == "\n" else floor
            while start > floor:
                line = text.rfind("\n", floor, start - 1) + 1 or floor
                if _TEXT.search(text, line, start):
                    break
                start = line
        return Span(start, len(text))

    def _first_from(self, offset: int) -> Block | None:
        """The first block (in order) whose lines start at or after ``offset``."""
        bounds = self._outer_bounds()
        if bounds is None:
            return next((b for b in self.blocks if b.outer.start >= offset), None)
        i = bisect.bisect_left(bounds[0], offset)
        return self.blocks[i] if i < len(self.blocks) else None

    def _last_up_to(self, offset: int) -> Block | None:
        """The last block (in order) whose lines end at or before ``offset``."""
        bounds = self._outer_bounds()
        if bounds is None:
            return next((b for b in reversed(self.blocks) if b.outer.end <= offset), None)
        i = bisect.bisect_right(bounds[1], offset)
        return self.blocks[i - 1] if i else None

    def _outer_bounds(self) -> tuple[list[int], list[int]] | None:
        # A rule removing many blocks of a long text would otherwise scan every block for each
        # (a 4 MB record took minutes). Readers give blocks in order; should a reader's blocks
        # ever overlap out of order, the scans above still answer.
        def compute():
            starts = [b.outer.start for b in self.blocks]
            ends = [b.outer.end for b in self.blocks]
            ordered = starts == sorted(starts) and ends == sorted(ends)  # a sorted list sorts in one pass
            return (starts, ends) if ordered else None
        return self.memo("document.outer-bounds", compute)
