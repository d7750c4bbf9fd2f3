from collections.abc import Iterator

from lintnews.document import Document
from lintnews.model import Applicability, Diagnostic, Severity, Span
from lintnews.rule import Rule
from lintnews.bio.blocks import author_boxes


class AuthorBox(Rule):
    """An author box (an "Author Profile" or "About the author" heading, its contact card and bio)
    scraped into the article.

    ## Why is this bad?

    Author boxes are site chrome printed under every article of a writer. Scraped into the text
    they add words the article never had, and often personal data (phone numbers, e-mail
    addresses) of the writer or of an agency that runs the site.

    ## Example

    ```text
    The council voted on Monday to close the library after a four-hour debate.

    (With inputs from agencies)

    Author Profile
    Managing Director at Bitlance Tech Hub | 09158211119 | [email protected] | Web

    Anurag Dhole is a seasoned journalist and content writer with a passion for stories.
    ```

    After the fix (`--unsafe-fixes`):

    ```text
    The council voted on Monday to close the library after a four-hour debate.

    (With inputs from agencies)
    ```

    Only a heading in the second half of the article counts; a section "About the author" in the
    middle of a book review is left alone, and so is "About Us". "About <Name>" counts only when
    a bio or a name line of that very person follows it: sites also print "About CNBC" or
    "About mobile apps" over their footer links. The box runs over the name line, @handle,
    contact card, role line ("Senior editor at Gizmodo."), bio and follow links after the
    heading, and stops at anything else. In HTML, blocks inside author-box markup (class or id
    tokens such as author-box, author-bio, td-author-box, contributor-bio, or rel=author /
    itemprop=author with a bio) in the closing part of the page are a box too.

    ## Fix safety

    Unsafe: the box is removed from its heading to its last block. A heading followed by real
    text that happens to look like a bio would take that text with it, so review the change.
    """

    code = "AUT001"
    name = "author-box"
    severity = Severity.WARNING
    fix_safety = Applicability.UNSAFE

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for box in author_boxes(doc):
            first = box.first
            line = doc.block_text(first).split("\n")[0].strip()
            parts = [f"{len(box.cards)} contact line(s)" if box.cards else "",
                     "a bio" if box.bio else ""]
            parts = [p for p in parts if p]
            extra = f" with {' and '.join(parts)}" if parts else ""
            # A box found by its markup has no heading to quote: name what it holds instead.
            what = repr(line) if box.heading is not None else f"of {box.name}" if box.name else "(author-box markup)"
            span = Span(first.span.start, first.span.start + len(line))
            yield self.report(f"Author box {what}{extra} scraped into the article", span,
                              self.remove_blocks(doc, box.first, box.last, "Remove the author box"))
