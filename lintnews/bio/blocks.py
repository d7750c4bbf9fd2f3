"""Where author boxes and bios are in a document, and who it claims as author.

Shared by the author rules (AUT001-AUT003), the personal-data rules (PII001, PII002) and the
benchmark of bio precision. Blocks from the
HTML reader carry ``attrs["tokens"]`` (lowercase class/id tokens of the element and its
ancestors, "author" for rel=author / itemprop=author); JSONL documents carry ``meta["fields"]``
(the record's other scalar fields). Both are used when present and ignored when not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lintnews.bio.lexicon import is_given_name
from lintnews.bio.names import BYLINE_PREFIX, NOT_PERSON, byline_names, tokens
from lintnews.document import BYLINE, QUOTE, TITLE, Block, Document
from lintnews.prose import tail_blocks
from lintnews.patterns import BYLINE_WORDS, CF_PLACEHOLDER, EMAIL, compile_cached

NAME = r"[A-Z][\w'’.-]*(?:[ \u00a0]+(?:[A-Z][\w'’.-]*|de|da|van|von|der|bin|al|el)){0,4}"
GENERIC_HEADING = compile_cached(
    r"^(?:author(?:'s|’s)?\s+profile|about\s+the\s+(?:author|writer|reporter|contributor|columnist)s?|"
    r"about\s+(?:the\s+)?author|author\s+bio(?:graphy)?|meet\s+the\s+(?:author|writer)|"
    r"author\s+details|author\s+info(?:rmation)?|written\s+by)\s*:?$",
    re.IGNORECASE,
)
# "About Brigit Katz" is an author box only when what follows is about that person: sites also
# have "About CNBC", "About Health", "About mobile apps" in their footers.
ABOUT_NAME = compile_cached(r"^About\s+(?!(?:Us|Me|Our|This|The|Cookies|Ads|Advertising|Contact)\b)"
                            r"([A-Z][\w'’.-]*(?:[ \u00a0]+[A-Z][\w'’.-]*){1,3})\s*:?$")
# Not people: "The Times is committed to ...", "This site is ...".
_NOT_SUBJECT = r"(?!(?:The|This|That|These|It|Our|We|Here|There|What|Who|Which|Each|Every|All|No)\b)"
BIO_START = compile_cached(
    r"^" + _NOT_SUBJECT + r"(?P<name>" + NAME + r")(?:\s*\([^)]{0,80}\))?,?\s+(?:is|was|has been|serves as|works as)\s+"
    r"(?:a|an|the|our)?\s*",
)
# A bio may open with a given name and a verb of the trade: "Zac covers Apple news".
BIO_START_ACT = compile_cached(r"^" + _NOT_SUBJECT + r"(?P<name>" + NAME + r")\s+(?:covers|writes|reports)\b")
ROLE = compile_cached(
    r"\b(?:journalist|writer|reporter|editor|correspondent|author|columnist|contributor|"
    r"blogger|content\s+(?:writer|creator|strategist)|freelancer|analyst|producer|anchor|"
    r"news\s?caster|copywriter|storyteller)s?\b",
    re.IGNORECASE,
)
PHONE = compile_cached(r"(?<![\w+])(?:\+\d{1,3}[ \u00a0.-]?)?(?:\(?\d{2,5}\)?[ \u00a0.-]?)?\d{3,5}[ \u00a0.-]?\d{3,6}(?![\w])")
_CARD_FIELD = compile_cached(r"(?<!\s)\s*[|•·]\s*")
_COMMENT_FORM = compile_cached(r"^(?:leave\s+a\s+(?:reply|comment)|cancel\s+reply|post\s+a\s+comment|"
                               r"your\s+email\s+address\s+will\s+not\s+be\s+published|comments?\b)",
                               re.IGNORECASE)
_NAME_LINE = compile_cached(r"^" + NAME + r"$")
_HANDLE_LINE = compile_cached(r"^@\w{2,30}$")
_FOLLOW_LINE = compile_cached(
    r"^(?:view\s+all\s+(?:posts|articles|stories)\s+by|(?:more|all)\s+(?:articles|stories|posts)\s+"
    r"(?:by|from)|follow\s+(?:him|her|them|me|on)\b|e-?mail\s*:|website\s*:|twitter\s*:|web$|"
    r"website$|twitter$|linkedin$|facebook$|instagram$)",
    re.IGNORECASE,
)
# Markup of author boxes, matched inside class/id tokens because themes decorate them
# ("elementor-author-box", "m-detail--author-box", "author-bio-box", "pb-f-article-author-bio").
BOX_KEYS = ("author-box", "authorbox", "author-bio", "authorbio", "author_bio", "about-author",
            "about-the-author", "aboutauthor", "author-about", "contributor-bio", "author-description",
            "author-details", "author-profile", "author-card", "bio-box", "writer-bio",
            "saboxplugin", "molongui-author", "pp-author-box", "td-author")
_BOX_KEY = compile_cached("|".join(map(re.escape, BOX_KEYS)))  # one search per token, not per key
# A bio kept in its own metadata field: front matter or a JSONL record.
BIO_FIELD = compile_cached(r"^(?:author[_-]?)?(?:bio|biography|about)$|^author[_-]?(?:description|profile)$",
                           re.IGNORECASE)


def digits(s: str) -> int:
    return sum(ch.isdigit() for ch in s)


def phones(text: str) -> list[re.Match]:
    return [m for m in PHONE.finditer(text) if 9 <= digits(m.group()) <= 15]


_MAY_BE_CONTACT = compile_cached(r"@|\[email|\d(?:[ \u00a0().+-]{0,3}\d){8}")


def is_contact_card(text: str) -> bool:
    """A line like 'Managing Director at X | 0915... | [email protected] | Web'."""
    if len(text) > 300 or not _MAY_BE_CONTACT.search(text):
        return False
    fields = [f for f in _CARD_FIELD.split(text) if f.strip()]
    contact = bool(phones(text) or EMAIL.search(text) or CF_PLACEHOLDER.search(text))
    return len(text) <= 300 and ((len(fields) >= 3 and contact) or (len(fields) >= 2 and contact and len(text) < 120))


def bio_subject(text: str) -> str | None:
    m = BIO_START.match(text) or BIO_START_ACT.match(text)
    return m.group("name") if m else None


def is_bio(text: str) -> bool:
    return bool(BIO_START.match(text) and ROLE.search(text[:300]))


def is_name_line(text: str, given_name: bool = False) -> bool:
    """A line that is a person's name and nothing else: 2-4 capitalised words, no role, no
    digits, no organisation word. In page markup, where every link text is a line, the first
    word must also be a given name of the shipped lexicon."""
    words = text.split()
    if not (2 <= len(words) <= 4 and len(text) <= 60 and _NAME_LINE.match(text)):
        return False
    if ROLE.search(text) or NOT_PERSON.search(text) or any(ch.isdigit() for ch in text):
        return False
    return not given_name or is_given_name(words[0])


@lru_cache(maxsize=1024)
def _token_flags(own: frozenset) -> tuple[bool, bool, bool]:
    """(a token names an author box, "author" is a token, a token names a byline)."""
    return (any(map(_BOX_KEY.search, own)), "author" in own, any("byline" in tok for tok in own))


def _box_flags(block: Block) -> tuple[bool, bool, bool]:
    """``_token_flags`` of the class/id tokens of the block and its ancestors below <body>:
    themes put page-type classes on <html> and <body> ("author", "single-author"), which say
    nothing about one block. Pages repeat the same few token sets on every block, so each set
    is looked at once."""
    chain = block.attrs.get("ancestors")
    if chain is None:
        return _token_flags(frozenset(block.attrs.get("tokens", frozenset())))
    box = author = byline = False
    for _eid, tag, own, *_ in chain:
        if tag not in ("html", "body") and own:
            b, a, y = _token_flags(own)
            box, author, byline = box or b, author or a, byline or y
    return box, author, byline


def in_box_markup(block: Block) -> bool:
    return _box_flags(block)[0]


@dataclass
class AuthorBox:
    """An author box: its heading, its blocks, the bio and cards among them, the name it shows."""
    heading: Block | None
    blocks: list[Block] = field(default_factory=list)  # everything after the heading
    bio: Block | None = None
    cards: list[Block] = field(default_factory=list)
    name: str | None = None  # the name the box itself shows ("About Brigit Katz", a name line)

    @property
    def first(self) -> Block:
        return self.heading or self.blocks[0]

    @property
    def last(self) -> Block:
        return (self.blocks or [self.heading])[-1]

    @property
    def members(self) -> list[Block]:
        return [b for b in [self.heading, *self.blocks] if b is not None]


def _lines(doc: Document, block: Block) -> list[str]:
    return [ln.strip() for ln in doc.block_text(block).split("\n") if ln.strip()]


def _names_agree(a: str, b: str) -> bool:
    from lintnews.bio.names import same_person

    return same_person(tokens(a), tokens(b))


def _fill(doc: Document, box: AuthorBox, after: Block, limit: int = 5) -> None:
    """Take the blocks that belong to a box: name line, handle, contact card, role line, bio,
    follow links. Stops at the first block that is none of these."""
    for nxt in doc.blocks[after.index + 1 : after.index + 1 + limit]:
        text = doc.block_text(nxt).strip()
        if _COMMENT_FORM.match(text) or nxt.kind == QUOTE:
            break
        if box.bio is None and (is_bio(text) or BIO_START_ACT.match(text)
                                or bio_subject(text) and ROLE.search(text[:300])
                                or (len(text) < 200 and ROLE.search(text) and not box.cards
                                    and not _NAME_LINE.match(text))):
            box.bio = nxt
        elif is_contact_card(text) or _HANDLE_LINE.match(text) or (
                len(text) < 80 and _FOLLOW_LINE.match(text)):
            box.cards.append(nxt)
        elif box.bio is None and box.name is None and is_name_line(text):
            box.name = text
        else:
            break
        box.blocks.append(nxt)


def _markup_boxes(doc: Document, taken: set[int]) -> list[AuthorBox]:
    """Runs of blocks inside author-box markup, in the closing part of the page."""
    boxes: list[AuthorBox] = []
    run: list[Block] = []

    def close() -> None:
        if not run:
            return
        explicit = any(in_box_markup(b) for b in run)
        box = AuthorBox(None)
        for b in run:
            text = doc.block_text(b).strip()
            lines = _lines(doc, b)
            if b is run[0] and lines and GENERIC_HEADING.match(lines[0]):
                box.heading = b
                continue
            if box.bio is None and (bio_subject(text) or ROLE.search(text[:300])) and len(text) > 40:
                box.bio = b
            elif is_contact_card(text) or _HANDLE_LINE.match(text):
                box.cards.append(b)
            elif box.name is None and box.bio is None and is_name_line(text, given_name=True):
                box.name = text
            box.blocks.append(b)
        # A bare rel=author link at the foot ("More from Jane Roe") is not a box, and markup
        # holding nothing recognisable (a "By" label, a gear list) is left alone.
        if (explicit or box.bio is not None) and (box.bio is not None or box.cards or box.name
                                                  or box.heading is not None):
            boxes.append(box)
        run.clear()

    # Blocks without class or id tokens (a text's, a JSONL record's) are in no box's markup.
    for block, tail in zip(doc.blocks if any(b.attrs for b in doc.blocks) else (), tail_blocks(doc)):
        # Read only in the closing part; byline markup inside a theme's author box is the article's.
        flags = tail and block.kind not in (BYLINE, TITLE) and block.index not in taken \
            and _box_flags(block)
        if flags and (flags[0] or flags[1]) and not flags[2]:
            if run and run[-1].index != block.index - 1:
                close()
            run.append(block)
        else:
            close()
    close()
    return boxes


def author_boxes(doc: Document) -> list[AuthorBox]:
    return doc.memo("author_boxes", lambda: _author_boxes(doc))


def _author_boxes(doc: Document) -> list[AuthorBox]:
    """Author boxes: a heading such as 'Author Profile' in the second half, with the name line,
    contact card and bio that follow it; or blocks in author-box markup (HTML)."""
    boxes = []
    for block, tail in zip(doc.blocks, tail_blocks(doc)):
        if block.kind == QUOTE or not tail:
            continue
        # _lines' first line alone: a block is seldom a heading, and its other lines wait.
        if not (first := doc.block_text(block).lstrip().split("\n", 1)[0].strip()) or len(first) > 60:
            continue
        if not (about := ABOUT_NAME.match(first)) and not GENERIC_HEADING.match(first):
            continue
        box = AuthorBox(block)
        if len(lines := _lines(doc, block)) > 1 and all(is_contact_card(x) or len(x) < 120 for x in lines[1:]):
            box.cards.append(block)
        _fill(doc, box, block)
        if about:
            named = about.group(1)
            subject = bio_subject(doc.block_text(box.bio)) if box.bio else None
            if not (subject and _names_agree(subject, named)) and not (
                    box.name and tokens(box.name) == tokens(named)):
                continue
            box.name = box.name or named
        boxes.append(box)
    taken = {b.index for box in boxes for b in box.members}
    boxes += _markup_boxes(doc, taken)
    return boxes


def closing_bios(doc: Document, boxes: list[AuthorBox]) -> list[Block]:
    """Bios without a heading: '<Name> is a journalist ...' in the last quarter of the article. A
    paragraph about someone the article talks about ("Gershkovich is a reporter for the Journal
    who was detained ...") is the story: its subject's surname must not occur in the body before it."""
    inside = {b.index for box in boxes for b in box.members}
    out = []
    for block, tail in zip(doc.blocks, tail_blocks(doc, 0.75, 3)):
        if block.index in inside or block.kind == QUOTE or not tail:
            continue
        text = doc.block_text(block).strip()
        if len(text) > 1200 or not is_bio(text) or _CONTRIBUTOR.search(text):
            continue
        surname = bio_subject(text).split()[-1]
        if len(surname) > 2 and _named_before(doc.text, surname, block.span.start):
            continue
        out.append(block)
    return out


# A credit for someone who helped with the story, not a bio of its author.
_CONTRIBUTOR = compile_cached(r"\bcontributed\s+(?:to\s+this\s+(?:report|story|article)|reporting)\b",
                              re.IGNORECASE)


def _named_before(text: str, surname: str, end: int) -> bool:
    """The surname as a word before ``end`` on a line that is no byline (read in place, not copied)."""
    for m in re.compile(rf"\b{re.escape(surname)}\b").finditer(text, 0, end):
        stop = text.find("\n", m.start(), end)
        if not BYLINE_PREFIX.match(text[text.rfind("\n", 0, m.start()) + 1: end if stop < 0 else stop].strip()):
            return True
    return False


@dataclass
class FieldBio:
    key: str  # "front matter author_bio", "field author_bio"
    text: str
    start: int | None  # where the text is in doc.text, when it is there


def field_bios(doc: Document) -> list[FieldBio]:
    """Bios kept in metadata: front matter keys such as `author_bio`, or JSONL record fields."""
    out = []
    sources = [("front matter", doc.meta.get("front_matter") or {}), ("field", doc.meta.get("fields") or {})]
    for where, data in sources:
        if not isinstance(data, dict):
            continue
        items = list(data.items())
        author = data.get("author")
        if isinstance(author, dict):
            items += [(f"author.{k}", v) for k, v in author.items()]
        for key, value in items:
            name = key.split(".")[-1] if key.startswith("author.") else key
            if not isinstance(value, str) or not BIO_FIELD.match(name) or len(value.strip()) < 20:
                continue
            pos = doc.text.find(value.strip()[:60])
            out.append(FieldBio(f"{where} {key}", value.strip(), pos if pos >= 0 else None))
    return out


def _field_author(doc: Document) -> str:
    for source in (doc.meta.get("front_matter") or {}, doc.meta.get("fields") or {}):
        if isinstance(source, dict) and isinstance(source.get("author"), dict):
            name = source["author"].get("name")
            if isinstance(name, str):
                return name
    return ""


_BY_LINE = compile_cached(
    r"^" + BYLINE_WORDS + r"[:\s]+(?P<name>" + NAME + r")"
    r"(?=$|\s*[-–—|•·,(\[]|\s+\d|\s+(?:on|updated|published|and|&)\b|[A-Z][a-z]+day\b)",
    re.IGNORECASE,
)
_NOT_BY = compile_cached(r"^by\s+(?:the|a|an|this|that|clicking|continuing|using|signing|submitting|"
                         r"subscribing|entering|default|far|comparison|contrast|then|now|way)\b",
                         re.IGNORECASE)


def claimed_authors(doc: Document, before: int | None = None) -> list[list[str]]:
    """The people the article names as its author: metadata, then "By ..." lines before the
    bios. Each is a list of folded name tokens; organisations and desks are left out."""
    found: list[list[str]] = []
    for raw in (doc.meta.get("author") or "", _field_author(doc)):
        if isinstance(raw, str):
            names = byline_names(raw)
            if doc.format == "html":
                # Pages put their publisher in <meta name=author> ("Condé Nast"): only a name
                # that opens with a known given name is taken for a person there.
                names = [n for n in names if len(n) >= 2 and is_given_name(n[0])]
            found += names
    for block in doc.blocks:
        if before is not None and block.span.start >= before:
            break
        text = doc.block_text(block).strip()
        if block.kind == BYLINE or (len(text) <= 120 and _BY_LINE.match(text) and not _NOT_BY.match(text)):
            found += byline_names(text)
    unique = []
    for name in found:
        if name not in unique:
            unique.append(name)
    return unique


def bio_blocks(doc: Document) -> set[int]:
    """Indexes of every block that is part of an author box or a closing bio."""
    return doc.memo("bio_blocks", lambda: _bio_blocks(doc))


def _bio_blocks(doc: Document) -> set[int]:
    boxes = author_boxes(doc)
    return {b.index for box in boxes for b in box.members} | {b.index for b in closing_bios(doc, boxes)}


@dataclass
class BioSite:
    """A bio and what removing it means: the box it sits in, or the paragraph alone."""

    bio: Block
    first: Block
    last: Block
    box_name: str | None
    in_box: bool


def bio_sites(doc: Document) -> list[BioSite]:
    boxes = author_boxes(doc)
    sites = [BioSite(box.bio, box.first, box.last, box.name, True) for box in boxes if box.bio]
    sites += [BioSite(b, b, b, None, False) for b in closing_bios(doc, boxes)]
    return sites
