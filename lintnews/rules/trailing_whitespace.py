from collections.abc import Iterator

from lintnews.document import Document
from lintnews.model import Applicability, Diagnostic, Edit, Span
from lintnews.rule import Rule
from lintnews.patterns import LazyPattern

# The spaces the rule flags at the end of a line (as a regex class, and as a set), and a line
# break after one of them: what _trailing_runs reads the runs by.
TRAILING_CLASS = r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]"
_SPACES = frozenset(" \t\u00a0\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200C))))
_SPACE_THEN_BREAK = LazyPattern(rf"\n(?<={TRAILING_CLASS}\n)")  # the break first: found at C speed


class TrailingWhitespace(Rule):
    """Whitespace, non-breaking spaces included, at the end of a line.

    ## Why is this bad?

    Scrapers copy the trailing spaces and non-breaking spaces (U+00A0) of the page's markup.
    They are invisible, they make identical paragraphs compare unequal, and they survive into
    datasets and diffs as noise.

    ## Example

    ```text
    Trump spoke with Putin on Monday.\u00a0
    ```

    After the fix:

    ```text
    Trump spoke with Putin on Monday.
    ```

    In Markdown, two or more plain spaces before a line break inside a paragraph are a hard line
    break and are left alone.

    ## Fix safety

    Safe: only whitespace at the end of a line is removed.
    """

    code = "WS001"
    name = "trailing-whitespace"
    fix_safety = Applicability.SAFE

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        if not doc.blocks:
            return
        text = doc.text
        start = text.rfind("\n", 0, doc.blocks[0].outer.start) + 1
        for a, b in _trailing_runs(text, start):
            run = text[a:b]
            if doc.format == "markdown" and set(run) == {" "} and len(run) >= 2:
                nxt = text.find("\n", b)
                if nxt >= 0 and text[b + 1:].split("\n", 1)[0].strip():
                    continue  # a Markdown hard line break
            span = Span(a, b)
            what = "non-breaking space" if "\u00a0" in run else "whitespace"
            yield self.report(f"Trailing {what} at the end of the line", span,
                              self.fix("Remove trailing whitespace", Edit(span, "")))


def _trailing_runs(text: str, start: int) -> Iterator[tuple[int, int]]:
    """Where ``TRAILING_CLASS + "+$"`` (multi-line) matches from ``start`` on: each run of those
    spaces that ends a line. The line breaks after a space are found first (a search for the
    break, where that regex tried every space of the text), and each run is read back from its
    break."""
    ends = [m.start() for m in _SPACE_THEN_BREAK.finditer(text, start)]
    if text[-1:] in _SPACES:
        ends.append(len(text))
    for end in ends:
        begin = end
        while begin > start and text[begin - 1] in _SPACES:
            begin -= 1
        if begin < end:
            yield begin, end
