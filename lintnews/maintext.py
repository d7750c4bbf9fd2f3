"""The article's main text in a page whose blocks know their elements (HTML).

The main element is the one whose direct paragraphs carry the most text (readability's candidate
scoring, simplified: a paragraph scores for its parent, half for its grandparent). Its main
paragraphs are the paragraphs that made it the main one: its direct <p> children, and its
grandchildren that read as prose when the main element is not the whole page (a notice box in
<body> is not the article). Structure rules never claim an element holding them, and a rule
that removes from a heading to the end of the article stops short of claiming a section when
such a paragraph follows the heading. Documents without element chains (text, Markdown) have no
main text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from lintnews.document import Block, Document

_NEVER = frozenset({"html", "body", "main"})


@dataclass(frozen=True)
class MainText:
    main: int | None = None  # element id of the main element
    chain: tuple = ()  # its ancestor chain, itself last
    paragraphs: frozenset[int] = frozenset()  # block indexes of the main paragraphs

    def after(self, block: Block) -> bool:
        """A main paragraph follows ``block``."""
        return self._last > block.index

    @cached_property
    def _last(self) -> int:
        # The last main paragraph's index, found once: a section rule asks after each heading
        # it matches (a long page's comment headings), and each ask read every paragraph.
        return max(self.paragraphs, default=-1)


def _is_paragraph(block: Block, min_chars: int) -> bool:
    return block.attrs.get("tag") == "p" and len(block.span) >= min_chars


def _compute(doc: Document) -> MainText:
    score: dict[int, float] = {}
    chains: dict[int, tuple] = {}
    for block in doc.blocks:
        chain = block.attrs.get("ancestors") or ()
        if not _is_paragraph(block, 25) or block.attrs.get("link_density", 0) >= 0.5 or len(chain) < 2:
            continue
        n = len(block.span)
        for depth, share in ((2, 1.0), (3, 0.5)):
            if len(chain) >= depth:
                eid = chain[-depth][0]
                score[eid] = score.get(eid, 0.0) + n * share
                chains[eid] = chain[: len(chain) - depth + 1]
    if not score:
        return MainText()
    main = max(score, key=score.get)
    flat = chains[main][-1][1] in _NEVER
    paragraphs = set()
    for block in doc.blocks:
        chain = block.attrs.get("ancestors") or ()
        if not _is_paragraph(block, 25) or len(chain) < 3:
            continue
        if chain[-2][0] == main or (chain[-3][0] == main and not flat and len(block.span) >= 80
                                    and block.attrs.get("link_density", 0) < 0.3):
            paragraphs.add(block.index)
    return MainText(main, chains[main], frozenset(paragraphs))


def main_text(doc: Document) -> MainText:
    """The document's main text, computed once per document."""
    return doc.memo("maintext", lambda: _compute(doc))
