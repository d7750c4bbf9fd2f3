"""The article's head in a page: its headline, its standfirst and its byline.

The headline is the block repeating the headline the page's metadata names (og:title,
twitter:title, <title> with the site's name cut off, any JSON-LD ``headline``), an <h1> among
them when one carries it; the standfirst is the block repeating the page's description (or the
JSON-LD description of an item with a headline), or a dek / standfirst / subtitle block by the
headline; the byline is the one by the headline. No fix may remove them: structure rules never
claim an element holding them, and the engine keeps any other rule's fix from deleting them
(``article_head``). Only pages whose blocks know their elements (HTML) have a head.
"""

from __future__ import annotations

import re

from lintnews import document as d
from lintnews.document import Document
from lintnews.maintext import main_text
from lintnews.patterns import LazyPattern

# Standfirst (dek) tokens: the summary printed under the headline.
DEK_TOKENS = frozenset({"dek", "standfirst", "subtitle", "sub-title", "subheadline", "sub-headline",
                        "subhead", "summary", "article-summary", "lede", "lead", "intro", "excerpt",
                        "strapline", "teaser-text", "description", "deck", "kicker-text"})
# Compiled on first use: only pages with metadata (HTML, JSONL records) compare headlines.
# "Headline | Site", "Headline - Site": a page title carries the site's name after a separator.
_TITLE_PARTS = LazyPattern(r"(?<!\s)\s+[|\u2013\u2014\u00b7\u2022:-]{1,2}\s+")


def _norm(text: str) -> str:
    # str.split() parts at what \s matches (both ask Py_UNICODE_ISSPACE), and the spaces it
    # leaves out at the edges are among those the edges' regex, ^[\W_]+|[\W_]+$, cuts.
    text = " ".join(text.split()).casefold()
    # That regex cuts the characters that are not letters or digits (\w is str.isalnum's and
    # the underscore) at either edge (no line break is left before the end for "$" to stop
    # at), and tried its second branch at every place of the text to find them: they are
    # counted from each edge instead, most texts opening with a letter and closing with one
    # or a full stop.
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end] if start or end < len(text) else text


def _page_texts(doc: Document) -> tuple[set[str], list[str]]:
    """(headlines, descriptions) the page's metadata names, normalised."""
    heads = {doc.meta.get("title") or ""}
    descriptions: list[str] = []
    root = getattr(doc.source, "root", None)
    if root is not None:
        for el in root.iter("meta"):
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
            content = el.get("content") or ""
            if key in ("og:title", "twitter:title", "headline"):
                heads.add(content)
            elif key in ("og:description", "description", "twitter:description"):
                descriptions.append(content)
        ld_heads, ld_descriptions = _ld_headlines(root)
        heads.update(ld_heads)
        descriptions.extend(ld_descriptions)
        title = root.find(".//title")
        if title is not None and title.text:
            heads.add(title.text)
    out: set[str] = set()
    for h in heads:
        n = _norm(h)
        if len(n) >= 12:
            out.add(n)
            # The headline is the longest part; the others name the site or the section.
            out.add(max(map(_norm, _TITLE_PARTS.split(h)), key=len))
    return out, [n for n in map(_norm, descriptions) if len(n) >= 30]


def _ld_headlines(root) -> tuple[list[str], list[str]]:
    """Every JSON-LD ``headline`` of the page (doc.meta keeps one title; a page may describe
    several items, and its <title> may win over the headline), and the ``description`` of each
    item that has a headline (an article's standfirst; a site's or an author's description is
    not one)."""
    import json  # here: only a page's JSON-LD is JSON, and a text check need not import it

    out: list[str] = []
    descriptions: list[str] = []
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            stack = [json.loads(script.text)]
        except ValueError:
            continue
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                value = item.get("headline")
                if isinstance(value, str):
                    out.append(value)
                    description = item.get("description")
                    if isinstance(description, str):
                        descriptions.append(description)
                stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
    return out, descriptions


def _is_description(text: str, descriptions: list[str]) -> bool:
    # Descriptions are often cut short ("..."), and the dek sometimes runs on past them.
    for desc in descriptions:
        if text == desc or (len(text) >= 30 and (desc.startswith(text) or text.startswith(desc))):
            return True
    return False


def heading_matter(doc: Document) -> tuple[set[int], list[int]]:
    """The headline the metadata names, the standfirst and the byline by it; and the
    blocks taken for the headline."""
    return doc.memo("heading_matter", lambda: _heading_matter(doc))


def _heading_matter(doc: Document) -> tuple[set[int], list[int]]:
    heads, descriptions = _page_texts(doc)
    out: set[int] = set()
    anchors = [b.index for b in doc.blocks if b.kind == d.TITLE]
    named = []
    for block in doc.blocks:
        if len(block.span) > 600:
            continue
        text = _norm(doc.block_text(block))
        if text in heads and block.kind in (d.TITLE, d.HEADING, d.PARAGRAPH, d.OTHER):
            named.append(block)
        elif descriptions and _is_description(text, descriptions):
            out.add(block.index)
    # A sticky bar may repeat the headline; when an <h1> carries it, that one is the headline.
    h1s = [b for b in named if b.attrs.get("tag") == "h1"]
    for block in h1s or named:
        out.add(block.index)
        anchors.append(block.index)
    for anchor in anchors:
        for block in doc.blocks[max(0, anchor - 3): anchor + 6]:
            chain = block.attrs.get("ancestors") or ()
            near = frozenset().union(*(c[2] for c in chain[-2:]))
            if block.kind == d.BYLINE or (near & DEK_TOKENS and len(block.span) >= 20
                                         and block.kind not in (d.LIST_ITEM, d.CODE)):
                out.add(block.index)
    return out, [b.index for b in h1s or named]


def article_head(doc: Document) -> frozenset[int]:
    """The blocks no fix may delete: the headline, standfirst and byline (``heading_matter``), the
    page's first <h1>, and the <h1> nearest above the main text (the first <h1> of a page is
    sometimes the site's logo)."""
    return doc.memo("article_head", lambda: _article_head(doc))


def _article_head(doc: Document) -> frozenset[int]:
    keep = set(heading_matter(doc)[0])
    keep.update(b.index for b in doc.blocks if b.kind == d.TITLE and b.attrs.get("tag") == "h1")
    main = main_text(doc)
    if main.paragraphs:
        above = [b.index for b in doc.blocks[:min(main.paragraphs)] if b.attrs.get("tag") == "h1"]
        if above:
            keep.add(above[-1])
    return frozenset(keep)
