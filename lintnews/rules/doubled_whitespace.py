from collections.abc import Iterator

from lintnews.document import Document
from lintnews.model import Applicability, Diagnostic, Edit, Span
from lintnews.patterns import LazyPattern, compile_cached
from lintnews.rule import Rule

# Compiled on first use: only a text where _PAIR finds two spaces in a row is searched with it.
_RUN = LazyPattern(r"(?<=\S)[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}(?=\S)")
# Two spaces in a row anywhere: found (or not) in a third of the time _RUN's lookbehind takes.
_PAIR = compile_cached(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2}")
# Its characters but the plain space: a text without any holds no pair but two plain spaces,
# found at C speed (the pair's search calls the regex engine at every space of the text).
_NOT_PLAIN = LazyPattern(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def _has_pair(text: str) -> bool:
    return "  " in text or (_NOT_PLAIN.search(text) is not None and _PAIR.search(text) is not None)


class DoubledWhitespace(Rule):
    """Two or more spaces (non-breaking spaces included) between words.

    ## Why is this bad?

    Doubled spaces and runs of non-breaking spaces are markup residue: an emptied link, an
    icon or an ad slot that the scraper dropped between two words. A single non-breaking space
    between words (``10\u00a0km``) is typography and is not flagged.

    ## Example

    ```text
    Managing Director\u00a0\u00a0at Bitlance Tech Hub
    ```

    After the fix:

    ```text
    Managing Director at Bitlance Tech Hub
    ```

    ## Fix safety

    Safe: the run becomes one plain space; no word is touched.
    """

    code = "WS003"
    name = "doubled-whitespace"
    fix_safety = Applicability.SAFE

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        if not _has_pair(doc.text):
            return
        for block in doc.blocks:
            for m in _RUN.finditer(doc.text, block.span.start, block.span.end):
                span = Span(m.start(), m.end())
                yield self.report(f"{len(m.group())} whitespace characters between words", span,
                                  self.fix("Replace with one space", Edit(span, " ")))
