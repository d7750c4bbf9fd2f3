import re
from collections.abc import Iterator

from lintnews.document import Document
from lintnews.model import Applicability, Diagnostic, Edit, Span
from lintnews.rule import Rule
from lintnews.patterns import compile_cached

_TRAILING = compile_cached(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+$", re.MULTILINE)


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
        for m in _TRAILING.finditer(text, start):
            if doc.format == "markdown" and set(m.group()) == {" "} and len(m.group()) >= 2:
                nxt = text.find("\n", m.end())
                if nxt >= 0 and text[m.end() + 1:].split("\n", 1)[0].strip():
                    continue  # a Markdown hard line break
            span = Span(m.start(), m.end())
            what = "non-breaking space" if "\u00a0" in m.group() else "whitespace"
            yield self.report(f"Trailing {what} at the end of the line", span,
                              self.fix("Remove trailing whitespace", Edit(span, "")))
