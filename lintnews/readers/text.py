"""Plain text: blocks are blank-line separated, or single lines in one-paragraph-per-line files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lintnews import document as d
from lintnews.document import Block, Document
from lintnews.model import Span
from lintnews.patterns import BYLINE
from lintnews.readers import ReadContext, Reader, Unit, register



def _is_hard_wrapped(lines: list[tuple[int, int]], text: str) -> bool:
    """True for a paragraph wrapped at a fixed width, whose lines are not paragraphs of their own."""
    if len(lines) < 2:
        return False
    lengths = [len(text[s:e].rstrip()) for s, e in lines]
    longest = max(lengths)
    return longest <= 100 and all(n >= 0.6 * longest for n in lengths[:-1])


def split_blocks(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each block's lines in ``text[start:end]``, ends without the newline.

    Yielded paragraph by paragraph: a long record holds hundreds of thousands of lines, whose
    spans listed all at once cost more memory than its text."""
    end = len(text) if end is None else end
    current: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        if text[pos:line_end].strip():
            current.append((pos, line_end))
        elif current:
            yield from _paragraph(current, text)
            current = []
        pos = line_end + 1
    if current:
        yield from _paragraph(current, text)


def _paragraph(lines: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    return [(lines[0][0], lines[-1][1])] if _is_hard_wrapped(lines, text) else lines


def make_blocks(text: str, spans: Iterable[tuple[int, int]], meta: dict) -> list[Block]:
    blocks = []
    for i, (s, e) in enumerate(spans):
        line = text[s:e]
        lead = len(line) - len(line.lstrip())
        end = s + len(line.rstrip())
        outer = Span(s, e)
        # Most lines have no white space at either end: their one span serves as both (a long
        # text holds hundreds of thousands of blocks).
        inner = outer if lead == 0 and end == e else Span(s + lead, end)
        content = line.strip()
        kind = d.PARAGRAPH
        if i == 0 and len(content) <= 250 and not content.endswith("."):
            kind = d.TITLE
        elif i <= 3 and len(content) <= 120 and (m := BYLINE.match(content)):
            kind = d.BYLINE
            meta.setdefault("author", m.group("names").strip())
        blocks.append(Block(kind, inner, outer, i))
    return blocks


class TextReader(Reader):
    format = "text"
    extensions = (".txt", ".text")

    def parse(self, unit: Unit, ctx: ReadContext) -> list[Document]:
        meta: dict = {}
        blocks = make_blocks(unit.text, split_blocks(unit.text), meta)
        return [Document(ctx.path, self.format, unit.text, blocks, meta)]


register(TextReader())
