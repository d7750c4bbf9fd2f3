"""The way back from a document's text to the HTML source: element spans, positions and the raw
span of a piece of text. Computed lazily: only a position or a fix asks for it."""

from __future__ import annotations

import bisect
import functools
import html as htmllib
from collections.abc import Sequence

from lxml import etree

from lintnews.document import Block, line_starts
from lintnews.readers.html.charmap import build_charmap
from lintnews.readers.html.scan import Tag, Tags, scan_tags, strip_markup
from lintnews.readers.html.tags import VOID_TAGS, text_content

def _per_element(cache: str):
    """Remember a method's answer for each element (or block index) in the dict attribute
    ``cache``: every finding's position and fix asks again for the same few elements."""
    def wrap(compute):
        @functools.wraps(compute)
        def method(self, key):
            known = getattr(self, cache)
            try:
                return known[key]
            except KeyError:
                value = known[key] = compute(self, key)
                return value
        return method
    return wrap


_NEVER = float("inf")
_ELEMENT = etree.Element  # lxml's iterators given it pass over comments and processing instructions


class HtmlSource:
    """Maps the document's text back to the HTML source, lazily."""

    def __init__(self, raw: str, root, blocks: list[Block], elements: list, text: str) -> None:
        self.raw = raw
        self.root = root
        self.blocks = blocks
        self.elements = elements
        self.text = text
        self.starts = [b.span.start for b in blocks]
        self._tags: Tags | None = None
        self._start_of: dict | None = None
        self._line_starts: Sequence[int] | None = None
        self._charmaps: dict[int, tuple[list[int], list[int]] | None] = {}
        self._order: dict | None = None
        self._ordered: list | None = None
        self._spans: dict = {}  # element -> element_span's answer
        self._verified: dict = {}  # element -> verified_span's answer
        self.chrome: dict = {}  # element -> holds nothing a reader would miss (render's test)
        self.inner_blocks: dict[int, list[int]] = {}  # container block -> blocks inside it
        self.media_chrome: dict[int, bool] = {}  # container block -> its other media are chrome
        self.bare_children: dict = {}  # element -> its children, None if text keeps it (render's)

    # -- raw offsets of elements ---------------------------------------------------------------
    def _line(self, offset: int) -> int:
        if self._line_starts is None:
            self._line_starts = line_starts(self.raw)
        return bisect.bisect_right(self._line_starts, offset)

    def line_bounds(self, a: int, b: int) -> tuple[int, int]:
        """Where the line holding offset ``a`` starts, and where the line holding ``b`` ends
        (after its line break; the page's end on the last line)."""
        self._line(0)
        starts = self._line_starts
        i = bisect.bisect_right(starts, b)
        return starts[bisect.bisect_right(starts, a) - 1], starts[i] if i < len(starts) else len(self.raw)

    def raw_position(self, offset: int) -> tuple[int, int]:
        line = self._line(offset)
        return line, offset - self._line_starts[line - 1] + 1

    def _align(self) -> None:
        """Pair lxml's elements with the scanner's start tags by name and source line.

        Elements the parser implied (no tag in the source) stay unpaired.
        """
        tags = self._tags = scan_tags(self.raw)
        starts, ends = tags.starts, tags.ends
        self._line(0)
        line_starts = self._line_starts
        lines = len(line_starts)
        by_name = tags.opens
        start_of = self._start_of = {}
        ordered = self._ordered = list(self.root.iter(_ELEMENT))
        bisect_left = bisect.bisect_left
        pointer = 0  # tags before it are paired or passed over
        for el in ordered:
            line = el.sourceline
            # A tag is on the element's line when it starts before the next line does and ends
            # after this one starts: offsets compared, no line looked up per tag.
            if not line or line < 1:
                continue  # no line: no tag starts on or before it
            next_line = line_starts[line] if line < lines else _NEVER
            this_line = line_starts[line - 1] if line <= lines else _NEVER
            candidates = by_name.get(el.tag.lower(), ())
            j = bisect_left(candidates, pointer)
            while j < len(candidates):
                k = candidates[j]
                if starts[k] >= next_line:
                    break
                if ends[k] - 1 >= this_line:
                    start_of[el] = k
                    pointer = k + 1
                    break
                j += 1
        self._order = dict(zip(ordered, range(len(ordered))))

    def _start_index(self, el) -> int | None:
        if self._start_of is None:
            self._align()
        return self._start_of.get(el)

    def start_tag(self, el) -> Tag | None:
        k = self._start_index(el)
        return None if k is None else self._tags[k]

    @_per_element("_spans")
    def element_span(self, el) -> tuple[int, int] | None:
        """The element's raw span, from its start tag to its end tag (or where the parser ended it)."""
        k = self._start_index(el)
        if k is None:
            return None
        tags = self._tags
        names, starts, ends, closing = tags.names, tags.starts, tags.ends, tags.closing
        name, start = names[k], starts[k]
        if name in VOID_TAGS:
            return start, ends[k]
        limit = len(self.raw)
        follower = self._following(el)
        if follower is not None:
            limit = starts[self._start_of[follower]]
        ancestors = {a.tag.lower() for a in el.iterancestors() if isinstance(a.tag, str)}
        stack: list[str] = []
        for j in range(k + 1, len(starts)):  # by index: a slice would copy the rest of the page's tags
            if starts[j] >= limit:
                break
            t_name = names[j]
            if not closing[j]:
                if t_name not in VOID_TAGS:
                    stack.append(t_name)
                continue
            if t_name in stack:
                while stack and stack.pop() != t_name:
                    pass
            elif t_name == name:
                return start, ends[j]
            elif t_name in ancestors:
                return start, starts[j]
        return start, limit

    def _following(self, el):
        """The first paired element after ``el``'s subtree in document order."""
        # The next element after the subtree is a later sibling of the element or of one of its
        # ancestors: found by climbing, not by counting every element inside (a page's <body>).
        # The climb stops below the root: what follows </html> (a tracking <script>) is a root
        # element of its own to libxml2, a sibling of the page's, which none of it was paired in.
        after = None
        up = el
        while after is None and up is not None and up is not self.root:
            after = next(up.itersiblings(_ELEMENT), None)
            up = up.getparent()
        j = len(self._ordered) if after is None else self._order[after]
        while j < len(self._ordered):
            nxt = self._ordered[j]
            if nxt in self._start_of:
                return nxt
            j += 1
        return None

    # -- positions -------------------------------------------------------------------------------
    def position(self, offset: int) -> tuple[int, int]:
        if not self.blocks:
            return 1, 1
        i = max(0, bisect.bisect_right(self.starts, offset) - 1)
        block = self.blocks[i]
        if offset > block.span.end and i + 1 < len(self.blocks):
            i, block = i + 1, self.blocks[i + 1]
        cm = self.charmap(i)
        if cm is not None:
            offs, _lens = cm
            rel = min(max(offset - block.span.start, 0), len(offs) - 1)
            return self.raw_position(offs[rel])
        el = self.elements[i]
        tag = self.start_tag(el)
        if tag is not None:
            return self.raw_position(tag.start)
        return el.sourceline or 1, 1

    # -- text to raw, character by character ---------------------------------------------------
    @_per_element("_charmaps")
    def charmap(self, i: int):
        """Raw offset and raw length of each character of block ``i`` (plus an end sentinel).

        Length 1 means the character is itself in the source; 0 or more than 1 that it came from
        markup (an entity, a <br>, collapsed whitespace). None when the source cannot be matched
        with the text (markup the parser repaired).
        """
        el = self.elements[i]
        span = self.element_span(el)
        if span is None:
            return None
        block = self.blocks[i]
        return build_charmap(self.raw, self._tags, self._start_of[el], span[1],
                             self.text[block.span.start:block.span.end])

    def raw_text_span(self, i: int, start: int, end: int) -> tuple[int, int] | None:
        """The raw span of ``text[start:end]`` inside block ``i`` when it is there verbatim."""
        cm = self.charmap(i)
        if cm is None:
            return None
        offs, lens = cm
        block = self.blocks[i]
        a, b = start - block.span.start, end - block.span.start
        if a == b:
            return offs[a], offs[a]
        for k in range(a, b):
            if lens[k] != 1 or (k + 1 < b and offs[k + 1] != offs[k] + 1):
                return None
        return offs[a], offs[b - 1] + 1

    @_per_element("_verified")
    def verified_span(self, el) -> tuple[int, int] | None:
        """The element's raw span, only if its source holds exactly the text lxml saw in it."""
        span = self.element_span(el)
        if span is None:
            return None
        # split() drops the same whitespace as the regex \s (str.isspace), without a regex pass.
        seen = "".join(htmllib.unescape(strip_markup(self.raw[span[0]:span[1]])).split())
        want = "".join(text_content(el).split())
        return span if seen == want else None
