import re
from collections.abc import Iterator

from lintnews.document import QUOTE, Document
from lintnews.model import Diagnostic, Span
from lintnews.rule import Rule
from lintnews.bio.blocks import NAME, bio_blocks, is_contact_card, phones
from lintnews.prose import tail_blocks
from lintnews.patterns import EMAIL, compile_cached

# "Email Tariq Malik at tmalik@...", "Write to Al Root at ...", "Amy Kuperinsky may be reached at
# ...": the writer's own address at the foot of the article.
CONTACT_LINE = compile_cached(
    r"(?:^|[.?!]\s+)(?:(?i:e-?mail|write\s+to|contact|reach)\s+" + NAME + r"\s+(?:at|on|via)\b|"
    + NAME + r"\s+(?:may|can|could)\s+be\s+(?:reached|contacted|emailed)\s+(?:at|on|via)\b|"
    r"(?i:contact)\s+(?:him|her|them|the\s+(?:author|writer|reporter))\b)",
)
# An organisation's card (street address, switchboard, fax) is contact data, not personal data.
_ORG_CARD = compile_cached(r"\b(?:street|st\.|avenue|ave\.|road|suite|floor|p\.?o\.?\s+box|fax|tel|"
                           r"switchboard|newsroom|headquarters|hq)\b", re.IGNORECASE)


class ContactDetails(Rule):
    """A phone number or e-mail address in an author box, bio, contact card or the writer's
    contact line.

    ## Why is this bad?

    Contact cards scraped with an author box put a person's phone number and e-mail address
    into the article text, and from there into datasets. That is personal data the article
    never needed. Only author boxes, bios, contact cards ("Director at X | 0915... |
    name@example.com") and the writer's contact line at the foot ("Email Jane Roe at ...",
    "Jane Roe may be reached at ...") are looked at: numbers in the article's own sentences
    (a helpline, a tip line) and an organisation's card with its street address, switchboard
    or fax are not flagged.

    ## Example

    ```text
    Managing Director at Bitlance Tech Hub | 09158211119 | [email protected] | Web
    ```

    The finding points at `09158211119`. Removing the author box (rule AUT001) removes it.
    """

    code = "PII001"
    name = "contact-details"

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        where = bio_blocks(doc)
        for block, tail in zip(doc.blocks, tail_blocks(doc)):
            text = doc.block_text(block)
            # A card is a line of 300 characters at most: a paragraph of one longer line holds none.
            cards = [x for x in text.split("\n") if is_contact_card(x) and not _ORG_CARD.search(x)] \
                if len(text) <= 300 or "\n" in text else []
            if cards:
                what = "a contact card"
            elif block.index in where:
                what = "an author box or bio"
            elif (block.kind != QUOTE and tail and len(text) < 400
                  and CONTACT_LINE.search(text)):
                what = "the writer's contact line"
            else:
                continue
            for m in phones(text):
                yield self.report(f"Phone number {m.group()!r} in {what} (personal data)",
                                  Span(block.span.start + m.start(), block.span.start + m.end()))
            for m in EMAIL.finditer(text):
                yield self.report(f"E-mail address {m.group()!r} in {what} (personal data)",
                                  Span(block.span.start + m.start(), block.span.start + m.end()))
