from collections.abc import Iterator

from lintnews.document import Document
from lintnews.model import Diagnostic, Span
from lintnews.rule import Rule
from lintnews.rules._bio import EMAIL, author_boxes, closing_bios, is_contact_card, phones


class ContactDetails(Rule):
    """A phone number or e-mail address in an author box, bio or contact card.

    ## Why is this bad?

    Contact cards scraped with an author box put a person's phone number and e-mail address
    into the article text, and from there into datasets. That is personal data the article
    never needed. Numbers in the article's own sentences (a helpline, a tip line) are not
    flagged: only contact cards ("Director at X | 0915... | name@example.com"), author boxes
    and closing bios are looked at.

    ## Example

    ```text
    Managing Director at Bitlance Tech Hub | 09158211119 | [email protected] | Web
    ```

    The finding points at `09158211119`. Removing the author box (rule AUT001) removes it.
    """

    code = "PII001"
    name = "contact-details"

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        boxes = author_boxes(doc)
        where = {b.index for box in boxes for b in [box.heading, *box.blocks] if b is not None}
        where |= {b.index for b in closing_bios(doc, boxes)}
        for block in doc.blocks:
            text = doc.block_text(block)
            if block.index not in where and not any(is_contact_card(x) for x in text.split("\n")):
                continue
            for m in phones(text):
                yield self.report(f"Phone number {m.group()!r} in a contact card (personal data)",
                                  Span(block.span.start + m.start(), block.span.start + m.end()))
            for m in EMAIL.finditer(text):
                yield self.report(f"E-mail address {m.group()!r} in a contact card (personal data)",
                                  Span(block.span.start + m.start(), block.span.start + m.end()))
