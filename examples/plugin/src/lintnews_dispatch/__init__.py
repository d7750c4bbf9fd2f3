"""The Daily Dispatch's rules: one Python rule and one pack, both found through the entry point."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from lintnews.document import Document
from lintnews.model import Applicability, Diagnostic, Span
from lintnews.rule import Option, Rule

# Packs the plugin ships: lintnews loads them with the module's rules. A pack holds phrases only.
LINTNEWS_PACKS = [os.path.join(os.path.dirname(__file__), "dispatch.toml")]

_READER_LINE = re.compile(r"^\s*Dispatch reader offer\b.*$", re.IGNORECASE)


class ReaderOffer(Rule):
    """A "Dispatch reader offer" line: an advert the site prints inside its articles.

    ## Why is this bad?

    The Daily Dispatch places its shop's offers between paragraphs. They are adverts, not
    article text, and they repeat on every page.

    ## Example

    ```text
    The council voted on Monday.

    Dispatch reader offer: two theatre tickets for the price of one.
    ```

    After the fix:

    ```text
    The council voted on Monday.
    ```

    ## Fix safety

    Safe: the line starts with the offer's label, which the site uses for nothing else.
    """

    code = "DSP001"
    name = "dispatch-reader-offer"
    fix_safety = Applicability.SAFE
    options = {"max-chars": Option(int, 200, "Longest offer line; longer blocks are article text")}

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for block in doc.blocks:
            text = doc.block_text(block)
            if len(text) <= self.opts["max-chars"] and _READER_LINE.match(text):
                yield self.report("Dispatch reader offer", Span(block.span.start, block.span.end),
                                  self.remove_blocks(doc, block, message="Remove the offer"))

