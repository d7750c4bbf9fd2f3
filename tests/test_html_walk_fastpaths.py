"""More of the HTML reader's quick ways, each checked against its plain definition on generated
pages and strings: the block walk's, the scanner's and the fix's."""

import random
import re

from lxml import etree

from lintnews.bio import blocks as bio_blocks
from lintnews.readers.html import render
from lintnews.readers.html.blocks import Collector, _no_own_text
from lintnews.readers.html.scan import Tag, scan_tags
from lintnews.readers.html.source import HtmlSource
from lintnews.readers.html.tags import (BR, CONTAINER_TAGS, itertext, normalise,
                                        split_tokens, text_content)

from test_html_fastpaths import _pages, _parse
from test_html_structure_walk import document_order


def plain_normalise(text):
    text = re.sub(r"[ \t\n\r\f]+", " ", text)
    text = re.sub(" ?\ue000[ \ue000]*", "\n", text)
    return text.strip(" \n")


def test_normalise_is_the_plain_one():
    rnd = random.Random(2)
    for _ in range(5000):
        text = "".join(rnd.choice([" ", "  ", "\t", "\n", "\r", "\f", "\xa0", "\u2003", BR, "a", "bc"])
                       for _ in range(rnd.randint(0, 15)))
        assert normalise(text) == plain_normalise(text), repr(text)


def test_no_own_text_only_where_the_collector_finds_none():
    extra = ["<div>\n <p>a</p>\n<br> <!-- c --> <p>b</p>\f</div>", "<div>\xa0<p>a</p></div>",
             "<div><p>a</p>\u2003</div>", "<section><span></span><p>a</p></section>"]
    seen = {True: 0, False: 0}
    for raw in extra + _pages():
        root = etree.fromstring(raw, etree.HTMLParser())
        if root is None:
            continue
        for el in root.iter(etree.Element):
            if el.tag not in CONTAINER_TAGS:
                continue
            col = Collector()
            col.walk(el, False)
            empty = not normalise("".join(col.parts))
            quick = _no_own_text(el)
            seen[quick] += 1
            assert not quick or empty, raw
    assert seen[True] and seen[False]


def plain_split_tokens(value):
    out = set()
    for word in value.lower().split():
        out.add(word)
        parts = [p for p in re.split(r"[^0-9a-z]+", word) if p]
        if len(parts) > 1 and (parts[0] in {"no", "non", "not", "without", "has", "with"}
                               or (len(parts) == 2 and parts[1] == "free")):
            continue
        out.update(parts)
    return out


def test_split_tokens_is_the_plain_one():
    rnd = random.Random(4)
    pieces = ["a", "B", "7", "-", "_", "no", "free", "é", "ß", "İ", "x1", "--", " ", "\t"]
    for _ in range(5000):
        value = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
        assert split_tokens(value) == plain_split_tokens(value), repr(value)


def test_text_content_is_the_joined_itertext():
    for raw in _pages():
        root = etree.fromstring(raw, etree.HTMLParser())
        if root is None:
            continue
        for el in root.iter(etree.Element):
            assert text_content(el) == "".join(itertext(el)), raw


def test_scanner_lists_are_its_tags():
    for raw in _pages():
        tags = scan_tags(raw)
        listed = [tags[k] for k in range(len(tags))]
        assert all(isinstance(t, Tag) for t in listed)
        opens = {}
        for k, t in enumerate(listed):
            if not t.closing:
                opens.setdefault(t.name, []).append(k)
        assert tags.opens == opens, raw


def test_line_starts_are_the_offsets_after_each_line_break():
    rnd = random.Random(6)
    for _ in range(3000):
        raw = "".join(rnd.choice("ab\n\r ") for _ in range(rnd.randint(0, 12)))
        src = HtmlSource(raw, None, [], [], "")
        src._line(0)
        assert list(src._line_starts) == [0] + [m.end() for m in re.finditer("\n", raw)], repr(raw)


def test_below_is_the_plain_ancestor_test():
    rnd = random.Random(8)
    for raw in _pages():
        src = _parse(raw).source
        if src.root is None:
            continue
        elements = list(src.root.iter(etree.Element))
        for _ in range(3):
            removed = {el for el in elements if rnd.random() < 0.2}
            below = render._below(removed)
            for el in rnd.sample(elements, len(elements)):  # in any order: answers are kept
                assert below(el) == any(a in removed for a in el.iterancestors()), raw


def test_element_ids_on_generated_pages():
    for raw in _pages():
        doc = _parse(raw)
        if doc.source.root is None:
            continue
        order = document_order(doc.source.root)
        for block, el in zip(doc.blocks, doc.source.elements):
            chain = block.attrs["ancestors"]
            assert order[chain[-1][0]] is el, raw
            assert [order[eid] for eid, *_ in chain] == list(reversed([el, *el.iterancestors()])), raw


def test_box_token_flags_are_the_plain_ones():
    rnd = random.Random(9)
    keys = list(bio_blocks.BOX_KEYS)
    for _ in range(3000):
        own = frozenset(rnd.choice(["x-", "", "author", "byline-", "-bio"]) + rnd.choice(keys + ["box", "bio"])
                        + rnd.choice(["", "-2", "box"]) for _ in range(rnd.randint(0, 4)))
        bio_blocks._token_flags.cache_clear()
        assert bio_blocks._token_flags(own) == (
            any(key in tok for tok in own for key in keys), "author" in own,
            any("byline" in tok for tok in own)), own


def plain_chrome(el):
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if not tag:
        return True
    if tag not in render._TEXT_IS_SKIPPED and "".join(itertext(el)).strip():
        return False
    for sub in el.iter():
        if isinstance(sub.tag, str) and sub.tag.lower() in render.MEDIA_TAGS:
            if sub.tag.lower() != "img":
                return False
            hint = " ".join(filter(None, (sub.get("class"), sub.get("src"), sub.get("alt"), sub.get("id"))))
            try:
                small = max(int(sub.get("width") or 0), int(sub.get("height") or 0)) or 999
            except ValueError:
                small = 999
            if not render._CHROME_IMG.search(hint) and small > 100:
                return False
    return True


def test_chrome_is_the_plain_walk_over_every_element():
    media = ['<img src="a.png">', '<img class="avatar" width="40">', '<img width="x">', "<video></video>",
             "<iframe></iframe>", "<table><tr><td></td></tr></table>", "<IMG SRC=logo.png>"]
    rnd = random.Random(10)
    found = {True: 0, False: 0}
    for raw in _pages():
        for _ in range(3):
            raw = raw.replace("<br>", rnd.choice(media), 1)
        doc = _parse(raw)
        src = doc.source
        if src.root is None:
            continue
        for el in src.root.iter():
            quick = render._chrome(el)
            found[quick] += 1
            assert quick == plain_chrome(el), raw
        for i in range(len(doc.blocks)):
            inner = render._inner_blocks(doc, src, i)
            el, inner_els = src.elements[i], {src.elements[k] for k in inner}
            plain = all(plain_chrome(x) for x in el.iterdescendants()
                        if isinstance(x.tag, str) and x not in inner_els
                        and not any(a in inner_els for a in x.iterancestors())
                        and x.tag.lower() in render.MEDIA_TAGS)
            assert render._media_is_chrome(src, i, inner) == plain, raw
    assert found[True] and found[False]
