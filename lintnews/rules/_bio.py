"""Where author boxes and bios are in a document, shared by the author and personal-data rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lintnews.document import QUOTE, Block, Document

_NAME = r"[A-Z][\w'’.-]*(?:[ \u00a0]+(?:[A-Z][\w'’.-]*|de|da|van|von|der|bin|al|el)){0,4}"
HEADING = re.compile(
    r"^(?:author(?:'s|’s)?\s+profile|about\s+the\s+(?:author|writer|reporter|contributor)s?|"
    r"about\s+author|author\s+bio(?:graphy)?|meet\s+the\s+author|author\s+details|"
    r"about\s+(?!us\b|me\b|this\b|the\b|our\b|cookies\b|ads\b)" + _NAME + r")\s*:?$",
    re.IGNORECASE,
)
HEADING_CASED = re.compile(r"^(?:about\s+)(" + _NAME + r")\s*:?$")
BIO_START = re.compile(
    r"^(?P<name>" + _NAME + r")\s+(?:is|was|has been|serves as|works as)\s+(?:a|an|the|our)?\s*",
)
ROLE = re.compile(
    r"\b(?:journalist|writer|reporter|editor|correspondent|author|columnist|contributor|"
    r"blogger|content\s+(?:writer|creator|strategist)|freelancer|analyst|producer|anchor|"
    r"news\s?caster|copywriter|storyteller)s?\b",
    re.IGNORECASE,
)
PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[ \u00a0.-]?)?(?:\(?\d{2,5}\)?[ \u00a0.-]?)?\d{3,5}[ \u00a0.-]?\d{3,6}(?![\w])")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}\b")
CF_PLACEHOLDER = re.compile(r"\[email(?:[ \u00a0]|&nbsp;)protected\]", re.IGNORECASE)
_CARD_FIELD = re.compile(r"\s*[|•·]\s*")
_COMMENT_FORM = re.compile(r"^(?:leave\s+a\s+(?:reply|comment)|cancel\s+reply|post\s+a\s+comment|"
                           r"your\s+email\s+address\s+will\s+not\s+be\s+published|comments?\b)",
                           re.IGNORECASE)


def digits(s: str) -> int:
    return sum(ch.isdigit() for ch in s)


def phones(text: str) -> list[re.Match]:
    return [m for m in PHONE.finditer(text) if 9 <= digits(m.group()) <= 15]


def is_contact_card(text: str) -> bool:
    """A line like 'Managing Director at X | 0915... | [email protected] | Web'."""
    fields = [f for f in _CARD_FIELD.split(text) if f.strip()]
    contact = bool(phones(text) or EMAIL.search(text) or CF_PLACEHOLDER.search(text))
    return len(text) <= 300 and ((len(fields) >= 3 and contact) or (len(fields) >= 2 and contact and len(text) < 120))


def is_bio(text: str) -> bool:
    return bool(BIO_START.match(text) and ROLE.search(text[:300]))


@dataclass
class AuthorBox:
    heading: Block | None
    blocks: list[Block] = field(default_factory=list)  # everything after the heading
    bio: Block | None = None
    cards: list[Block] = field(default_factory=list)

    @property
    def first(self) -> Block:
        return self.heading or self.blocks[0]

    @property
    def last(self) -> Block:
        return (self.blocks or [self.heading])[-1]


def _lines(doc: Document, block: Block) -> list[str]:
    return [ln.strip() for ln in doc.block_text(block).split("\n") if ln.strip()]


def author_boxes(doc: Document) -> list[AuthorBox]:
    """Author boxes: a heading such as 'Author Profile' in the second half, with the contact
    card and bio that follow it (at most four blocks, stopping at anything else)."""
    boxes = []
    blocks = doc.blocks
    for block in blocks:
        if block.kind == QUOTE or not doc.in_tail(block):
            continue
        lines = _lines(doc, block)
        if not lines or not HEADING.match(lines[0]) or len(lines[0]) > 60:
            continue
        box = AuthorBox(block)
        if len(lines) > 1 and all(is_contact_card(x) or len(x) < 120 for x in lines[1:]):
            box.cards.append(block)
        for nxt in blocks[block.index + 1 : block.index + 5]:
            text = doc.block_text(nxt).strip()
            if _COMMENT_FORM.match(text):
                break
            if is_contact_card(text) or (len(text) < 100 and not text.endswith(".") and not box.bio
                                         and nxt.index == block.index + 1):
                box.cards.append(nxt)
            elif box.bio is None and (is_bio(text) or ROLE.search(text[:200])):
                box.bio = nxt
            else:
                break
            box.blocks.append(nxt)
        boxes.append(box)
    return boxes


def closing_bios(doc: Document, boxes: list[AuthorBox]) -> list[Block]:
    """Bios without a heading: '<Name> is a journalist ...' in the last quarter of the article."""
    inside = {b.index for box in boxes for b in [box.heading, *box.blocks] if b is not None}
    out = []
    for block in doc.blocks:
        if block.index in inside or block.kind == QUOTE or not doc.in_tail(block, 0.75, 3):
            continue
        text = doc.block_text(block).strip()
        if len(text) <= 1200 and is_bio(text):
            out.append(block)
    return out
