"""The block walk: which elements become blocks, their text, kind and ``attrs``."""

from __future__ import annotations

from lintnews import document as d
from lintnews.document import Block
from lintnews.model import Span
from lintnews.patterns import BYLINE_PREFIX
from lintnews.readers.html.cloudflare import cf_address, is_cf_placeholder
from lintnews.readers.html.tags import (BLOCK_TAGS, BR, CF_CLOSE, CF_OPEN, CONTAINER_TAGS, HEADINGS,
                                        NOT_INLINE, SKIP_TAGS, itertext, normalise, own_tokens)

_BYLINE_TOKENS = frozenset({"byline", "author", "byline-author", "post-author", "entry-author",
                            "author-name", "by-author", "article-author"})
_NOT_BYLINE = frozenset({"box", "bio", "about", "description", "info", "avatar", "profile", "comment",
                         "comments", "form", "respond", "reply"})
_KINDS = {"li": d.LIST_ITEM, "blockquote": d.QUOTE, "figcaption": d.CAPTION, "caption": d.CAPTION,
          "p": d.PARAGRAPH}
_CODE_TAGS = frozenset({"pre", "code", "kbd", "samp"})


class Collector:
    """Own text of one block element, with link and Cloudflare bookkeeping."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.link_chars = 0
        self.cf: list[tuple[str, object]] = []  # address, element

    def walk(self, el, in_link: bool) -> None:
        if el.text:
            self._add(el.text, in_link)
        for child in el:
            tag = child.tag
            if isinstance(tag, str):
                tag = tag.lower()
                if tag == "br":
                    self.parts.append(BR)
                elif tag not in NOT_INLINE:
                    self._inline(child, tag, in_link)
            if child.tail:
                self._add(child.tail, in_link)

    def _inline(self, child, tag: str, in_link: bool) -> None:
        address = cf_address(child) if tag in ("a", "span") else None
        if address and is_cf_placeholder(child, "".join(itertext(child))):
            self.parts.append(CF_OPEN + address + CF_CLOSE)
            self.cf.append((address, child))
            if in_link or tag == "a":
                self.link_chars += len(address)
        else:
            self.walk(child, in_link or tag == "a")

    def _add(self, s: str, in_link: bool) -> None:
        self.parts.append(s)
        if in_link:
            self.link_chars += len(s) - s.count(" ") - s.count("\n")


_NOTHING = (frozenset(), frozenset(), frozenset(), False)


def _inherit(cum: tuple, tag: str, tok: frozenset, roles: frozenset) -> tuple:
    """(tokens, roles, tokens below <body>, inside code) of an element, from its parent's."""
    all_tokens, all_roles, block_tokens, code = cum
    if tok:
        all_tokens = all_tokens | tok
        if tag not in ("html", "body"):
            block_tokens = block_tokens | tok
    if roles:
        all_roles = all_roles | roles
    return all_tokens, all_roles, block_tokens, code or tag in _CODE_TAGS


_BLOCKISH = BLOCK_TAGS | CONTAINER_TAGS


def elements(body):
    """(element, tag, ancestor chain, path, inherited) of ``body`` and everything under it in
    document order, skipped elements and their content left out, and so are inline elements
    with no children (they are never blocks nor hold one; each still takes its element id).
    Each chain entry is (eid, tag, own tokens, own roles), from <html> down to the element
    itself; ``inherited`` is what the chain adds up to (``_inherit``), carried down rather than
    summed again per block."""
    eid = 0
    chain0 = []
    cum = _NOTHING
    seen: dict = {}
    for anc in reversed(list(body.iterancestors())):
        tok, roles = own_tokens(anc, seen)
        tag = anc.tag.lower()
        chain0.append((eid, tag, tok, roles))
        cum = _inherit(cum, tag, tok, roles)
        eid += 1
    # A run of childless inline siblings is one count on the stack, not an entry each: only
    # their element ids matter.
    stack: list = [(body, tuple(chain0), "/".join(a[1] for a in chain0), cum)]
    pop, push = stack.pop, stack.append
    no_tokens = (frozenset(), frozenset())
    while stack:
        item = pop()
        if item.__class__ is int:
            eid += item
            continue
        el, parent_chain, parent_path, parent_cum = item
        tag = el.tag.lower()
        # Most elements carry none of the attributes tokens come from: one look at their names.
        tok, roles = own_tokens(el, seen) if el.keys() else no_tokens
        chain = parent_chain + ((eid, tag, tok, roles),)
        cum = _inherit(parent_cum, tag, tok, roles) if tok or roles or tag in _CODE_TAGS else parent_cum
        eid += 1
        path = f"{parent_path}/{tag}" if parent_path else tag
        leaves = 0
        for child in el[::-1]:
            name = child.tag
            if name.__class__ is not str:
                continue  # a comment
            name = name.lower()
            if name in SKIP_TAGS:
                continue
            if len(child) or name in _BLOCKISH:
                if leaves:
                    push(leaves)
                    leaves = 0
                push((child, chain, path, cum))
            else:
                leaves += 1
        if leaves:
            push(leaves)
        yield el, tag, chain, path, cum


class BlockBuilder:
    """Collects the blocks of one page and the text they make, in order."""

    def __init__(self, action: str, meta: dict) -> None:
        self.action = action  # what HTM008 does with protected addresses: decode or remove
        self.meta = meta
        self.blocks: list[Block] = []
        self.elements: list = []
        self.texts: list[str] = []
        self.pos = 0
        self.seen_title = False

    def add(self, el, tag: str, chain: tuple, path: str, inherited: tuple) -> None:
        if tag in CONTAINER_TAGS and _no_own_text(el):
            return
        col = Collector()
        col.walk(el, tag == "a")
        text = normalise("".join(col.parts))
        if not text:
            return
        if self.texts:
            self.texts.append("\n\n")
            self.pos += 2
        text, cfs = self._unwrap_cf(text, col.cf)
        # Page-type classes on <html> and <body> ("author" on WordPress posts) describe the page,
        # not this block: block_tokens leaves them out.
        all_tokens, all_roles, block_tokens, code = inherited
        visible = len(text) - text.count(" ") - text.count("\n")
        density = min(1.0, col.link_chars / visible) if visible else 0.0
        code = code or _opens_with_code(el)
        kind = d.CODE if code else self._kind(tag, text, block_tokens, all_roles)
        span = Span(self.pos, self.pos + len(text))
        attrs = {"tag": tag, "tokens": all_tokens, "link_density": density, "path": path,
                 "ancestors": chain, "roles": all_roles}
        if cfs:
            attrs["cfemail"] = cfs
        self.blocks.append(Block(kind, span, span, len(self.blocks), attrs))
        self.elements.append(el)
        self.texts.append(text)
        self.pos += len(text)

    def text(self) -> str:
        text = "".join(self.texts)
        return text + "\n" if text else text

    def _unwrap_cf(self, text: str, found: list[tuple[str, object]]) -> tuple[str, list[dict]]:
        """The text with its protected-address markers taken out, and where each address is."""
        if not found:
            return text, []
        cfs: list[dict] = []
        clean: list[str] = []
        length = 0
        i = 0
        while (a := text.find(CF_OPEN, i)) >= 0:
            clean.append(text[i:a])
            length += a - i
            b = text.find(CF_CLOSE, a)
            address = text[a + 1:b]
            start = self.pos + length
            cfs.append({"start": start, "end": start + len(address), "address": address,
                        "action": self.action, "element": found[len(cfs)][1]})
            clean.append(address)
            length += len(address)
            i = b + 1
        clean.append(text[i:])
        return "".join(clean), cfs

    def _kind(self, tag: str, text: str, tokens: frozenset, roles: frozenset) -> str:
        if tag == "h1" and not self.seen_title:
            self.seen_title = True
            return d.TITLE
        kind = d.HEADING if tag in HEADINGS else _KINDS.get(tag, d.OTHER)
        if kind in (d.PARAGRAPH, d.OTHER) and len(text) <= 120 and (
                tokens & _BYLINE_TOKENS or "rel=author" in roles) and not tokens & _NOT_BYLINE:
            if "author" not in self.meta:
                self.meta["author"] = BYLINE_PREFIX.sub("", text).strip()
            return d.BYLINE
        return kind


def _no_own_text(el) -> bool:
    """The element's own text (``Collector``'s, normalised) is surely empty: no text or tail but
    HTML whitespace, and no child but blocks, skipped elements and <br>. A container holding
    only blocks (most of a page's <div>s) is passed over without collecting; any other is
    collected."""
    text = el.text
    if text and text.strip(_HTML_WS):
        return False
    for child in el:
        tail = child.tail
        if tail and tail.strip(_HTML_WS):
            return False
        tag = child.tag
        if isinstance(tag, str) and tag.lower() not in _NO_TEXT_CHILD:
            return False
    return True


_HTML_WS = " \t\n\r\f"  # what normalise() collapses and strips; other spaces are text
_NO_TEXT_CHILD = NOT_INLINE | {"br"}


def _opens_with_code(el) -> bool:
    """The block's text begins inside <code>, <kbd> or <samp> (a listing in a <p>)."""
    while not (el.text or "").strip():
        for child in el:
            tag = child.tag
            if tag.__class__ is str:
                break
        else:
            return False
        tag = tag.lower()
        if tag in _CODE_TAGS:
            return True
        if tag in NOT_INLINE or tag == "br":
            return False
        el = child
    return False


def read_blocks(root, meta: dict, action: str) -> tuple[list[Block], list, str]:
    """The page's blocks, the element of each and the document text; a byline block gives
    ``meta["author"]`` when the page's metadata named none."""
    body = root.find("body")
    if body is None:
        body = root
    builder = BlockBuilder(action, meta)
    for el, tag, chain, path, inherited in elements(body):
        if tag in BLOCK_TAGS or tag in CONTAINER_TAGS:
            builder.add(el, tag, chain, path, inherited)
    return builder.blocks, builder.elements, builder.text()
