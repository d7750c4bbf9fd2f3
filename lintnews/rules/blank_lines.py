from collections.abc import Iterator

from lintnews.document import Document
from lintnews.model import Applicability, Diagnostic, Edit, Span
from lintnews.rule import Rule


class MultipleBlankLines(Rule):
    """More than one blank line between blocks, or blank lines after the last one.

    ## Why is this bad?

    Runs of empty lines are left where a scraper dropped widgets, embeds or ads between
    paragraphs. One blank line separates blocks; more carries no meaning and makes a cleaned
    article look unfinished.

    ## Example

    ```text
    (With inputs from agencies)




    Next paragraph.
    ```

    After the fix:

    ```text
    (With inputs from agencies)

    Next paragraph.
    ```

    ## Fix safety

    Safe: only empty lines are removed, one blank line stays between blocks, and a file ends
    with a single newline.
    """

    code = "WS002"
    name = "multiple-blank-lines"
    fix_safety = Applicability.SAFE

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        for prev, nxt in zip(doc.blocks, doc.blocks[1:] + [None]):
            gap_start = prev.outer.end
            gap_end = nxt.outer.start if nxt else len(text)
            gap = text[gap_start:gap_end]
            if gap.strip(" \t\u00a0\n") or gap.count("\n") < (3 if nxt else 2):
                continue
            # Keep the newline that ends the previous line, and the start of the next line.
            if nxt:
                line_start = text.rfind("\n", 0, gap_end) + 1
                if text[line_start:gap_end].strip():
                    continue
                span, content = Span(gap_start, line_start), "\n\n"
                blanks = gap.count("\n") - 1
                message = f"{blanks} blank lines between blocks; one is enough"
            else:
                span, content = Span(gap_start, gap_end), "\n"
                message = "Blank lines at the end of the file"
            yield self.report(message, Span(gap_start + 1, max(gap_start + 1, span.end - 1)),
                              self.fix("Collapse blank lines", Edit(span, content)))
