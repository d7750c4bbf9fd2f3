import re
from collections.abc import Iterator

from lintnews.document import Document
from lintnews.model import Applicability, Diagnostic, Severity, Span
from lintnews.rule import Option, Rule


# Chinese and Japanese characters: a word of two of them says what a word of six Latin letters
# does, so each counts as three characters toward `min-chars`.
_DENSE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _length(text: str) -> int:
    text = text.strip()
    return len(text) + 2 * len(_DENSE.findall(text))


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


class DuplicateParagraph(Rule):
    """A paragraph that repeats an earlier paragraph of the same article word for word.

    ## Why is this bad?

    Scrapers duplicate paragraphs when a page repeats them (a standfirst shown twice, a caption
    printed under every slide, a pull quote, an AMP copy) or when two extraction passes are
    joined. The copy adds nothing and skews counts and training data.

    ## Example

    ```text
    The council voted on Monday to close the library after a four-hour debate.

    The council voted on Monday to close the library after a four-hour debate.

    Residents had asked for a delay.
    ```

    After the fix:

    ```text
    The council voted on Monday to close the library after a four-hour debate.

    Residents had asked for a delay.
    ```

    A copy further away is reported too, with the removal shown but never applied (see Fix
    safety). Only paragraphs of at least `min-chars` characters (default 60) count, so short refrains
    ("Advertisement", a repeated one-line answer in an interview) are left to other rules. A
    Chinese or Japanese character counts as three (a paragraph of twenty of them says as much
    as one of sixty Latin letters).

    ## Fix safety

    Safe when the copy directly follows the paragraph it repeats (a stutter of the scraper);
    display-only otherwise. Articles repeat paragraphs on purpose (the same interview question put
    to each guest, a meal plan that repeats a breakfast): on the evaluation corpus, removing copies
    further away deleted about a thousand words of real article text, so such a copy is shown
    with the fix it would take but never removed automatically, not even with `--unsafe-fixes`.
    Counting a Chinese or Japanese character as three changed nothing on the evaluation corpus.
    """

    code = "DUP001"
    name = "duplicate-paragraph"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE
    options = {"min-chars": Option(int, 60, "Fewest characters a paragraph needs to count")}

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        seen: dict[str, int] = {}
        for block in doc.blocks:
            text = doc.block_text(block)
            if _length(text) < int(self.opts["min-chars"]):
                continue
            key = _key(text)
            if key in seen:
                line = doc.position(doc.blocks[seen[key]].span.start)[0]
                prev = doc.prev_block(block)
                adjacent = prev is not None and _key(doc.block_text(prev)) == key
                yield self.report(f"Paragraph repeats the one on line {line}",
                                  Span(block.span.start, block.span.end),
                                  self.remove_blocks(doc, block, message="Remove the repeated paragraph",
                                                     applicability=Applicability.SAFE if adjacent
                                                     else Applicability.DISPLAY_ONLY))
            else:
                seen[key] = block.index
