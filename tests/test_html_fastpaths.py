"""The HTML reader's quick ways must give what their plain definitions give: each is checked
against the plain form on generated pages (malformed markup, comments, nesting, tails)."""

import functools
import random
import re

from every_character import EVERY_CHARACTER, first_apart
from lxml import etree

from lintnews.readers import ReadContext, Unit, formats
from lintnews.readers.html import render
from lintnews.readers.html.source import HtmlSource
from lintnews.readers.html.tags import itertext

_NAMES = ["div", "p", "span", "b", "a", "li", "ul", "td", "tr", "table", "section", "h2", "img",
          "br", "figure", "figcaption", "blockquote", "script", "aside", "nav"]
_WORDS = ["one", "two three", " ", "\n", "  \t", "Caf&eacute;", "&amp;", "a < b", "x"]


def _page(rnd: random.Random) -> str:
    out = ["<html><body>\n"]
    open_tags: list[str] = []
    for _ in range(rnd.randint(5, 80)):
        roll = rnd.random()
        if roll < 0.35:
            name = rnd.choice(_NAMES)
            cls = rnd.choice(["", ' class="share icons"', ' class="author"', ' id="x"'])
            out.append(f"<{name}{cls}>")
            if name == "script":
                out.append("var a = '<p>not markup</p>';</script>")
            elif name not in ("img", "br"):
                open_tags.append(name)
        elif roll < 0.6 and open_tags:
            if rnd.random() < 0.85:  # now and then a tag is left for the parser to close
                out.append(f"</{open_tags.pop()}>")
            else:
                open_tags.pop()
        elif roll < 0.68:
            out.append(rnd.choice(["<!-- note -->", "<?pi x?>", "<!-- <p>gone</p> -->"]))
        else:
            out.append(rnd.choice(_WORDS))
        if rnd.random() < 0.2:
            out.append("\n")
    out.extend(f"</{n}>" for n in reversed(open_tags))
    out.append("\n</body></html>\n")
    return "".join(out)


@functools.cache
def _generated(n):
    rnd = random.Random(11)
    return tuple(_page(rnd) for _ in range(n))


def _pages(n=150):
    # Every test of the quick ways reads the same pages (one seed): they are made once.
    return list(_generated(n))


def _parse(raw):
    [doc] = formats()["html"].parse(Unit(raw), ReadContext("page.html", {}))
    return doc


def plain_itertext(el):
    if el.text:
        yield el.text
    for child in el:
        if isinstance(child.tag, str):
            yield from plain_itertext(child)
        if child.tail:
            yield child.tail


def test_itertext_is_the_plain_walk():
    for raw in _pages():
        root = etree.fromstring(raw, etree.HTMLParser())
        for el in root.iter(etree.Element):
            assert [t for t in itertext(el) if t] == list(plain_itertext(el)), raw


def plain_align(src):
    """Pairing of elements with start tags as first written: by start-tag ordinal, every tag's
    lines worked out ahead."""
    import bisect

    from lintnews.readers.html.scan import scan_tags

    tags = scan_tags(src.raw)
    src._line(0)
    line_starts = src._line_starts
    by_name, tag_index, lines = {}, [], []
    for k, t in enumerate(tags):
        if not t.closing:
            by_name.setdefault(t.name, []).append(len(tag_index))
            tag_index.append(k)
            lines.append((bisect.bisect_right(line_starts, t.start),
                          bisect.bisect_right(line_starts, t.end - 1)))
    start_of, pointer = {}, 0
    for el in src.root.iter():
        if not isinstance(el.tag, str):
            continue
        line = el.sourceline or 0
        candidates = by_name.get(el.tag.lower(), ())
        j = bisect.bisect_left(candidates, pointer)
        while j < len(candidates):
            first, last = lines[candidates[j]]
            if first > line:
                break
            if first <= line <= last:
                start_of[el] = tag_index[candidates[j]]
                pointer = candidates[j] + 1
                break
            j += 1
    return start_of


def _aligned():
    """(page, its source map aligned) of the generated pages that have a tree."""
    for raw in _pages():
        src = _parse(raw).source
        if src.root is not None:
            src._align()
            yield raw, src


def test_alignment_is_the_plain_pairing():
    for raw, src in _aligned():
        assert src._start_of == plain_align(src), raw


def plain_inner_blocks(doc, i):
    blocks = doc.blocks
    own = blocks[i].attrs["ancestors"][-1][0]
    inner, j = [], i + 1
    while j < len(blocks) and any(c[0] == own for c in blocks[j].attrs.get("ancestors", ())):
        inner.append(j)
        j += 1
    return inner


def plain_emptied_ancestors(removed, chrome):
    out, gone = [], set(removed)
    frontier = {el.getparent() for el in removed if el.getparent() is not None}
    while frontier:
        nxt = set()
        for parent in frontier:
            if parent in gone or not isinstance(parent.tag, str) or \
                    parent.tag.lower() in render.PROTECTED_TAGS:
                continue
            if (parent.text or "").strip() or not all(
                    not (c.tail or "").strip() and (c in gone or render._is_chrome(c, chrome))
                    for c in parent):
                continue
            gone.add(parent)
            out.append(parent)
            if parent.getparent() is not None:
                nxt.add(parent.getparent())
        frontier = nxt
    return out


def test_fix_helpers_are_the_plain_ones():
    rnd = random.Random(5)
    for raw in _pages():
        doc = _parse(raw)
        src = doc.source
        if not src.blocks:
            continue
        for i in range(len(doc.blocks)):
            assert render._inner_blocks(doc, src, i) == plain_inner_blocks(doc, i), raw
        # the kept answers serve every later fix of the page: ask several times (as sets: the
        # caller adds them to one, and lxml's element proxies hash by identity)
        for _ in range(4):
            removed = {el for el in src.elements if rnd.random() < 0.4}
            assert set(render._emptied_ancestors(removed, src)) == \
                   set(plain_emptied_ancestors(removed, {})), raw


def test_split_drops_what_the_regex_whitespace_drops():
    # verified_span compares texts with str.split's whitespace taken out, where it used r"\s+"
    found = "".join(re.findall(r"\s", EVERY_CHARACTER))
    spaces = "".join(filter(str.isspace, EVERY_CHARACTER))
    assert found == spaces, first_apart(found, spaces, ("the regex's", "str.isspace's"))


def test_verified_span_is_the_element_whose_source_holds_its_text():
    raw = "<div><p>one <b>two</b></p><p>caf&eacute;<!-- x --> three</p></div>"
    doc = _parse(raw)
    src: HtmlSource = doc.source
    p1, p2 = doc.source.elements[:2]
    assert raw[slice(*src.verified_span(p1))] == "<p>one <b>two</b></p>"
    assert raw[slice(*src.verified_span(p2))] == "<p>caf&eacute;<!-- x --> three</p>"


def plain_following(src, el):
    j = src._order[el] + 1 + sum(1 for x in el.iterdescendants() if isinstance(x.tag, str))
    return next((x for x in src._ordered[j:] if x in src._start_of), None)


def test_following_is_the_first_paired_element_after_the_subtree():
    for raw, src in _aligned():
        for el in src._ordered:
            assert src._following(el) is plain_following(src, el), raw


def plain_whole_lines(raw, span):
    a, b = span
    line_start = raw.rfind("\n", 0, a) + 1
    if raw[line_start:a].strip(" \t"):
        return a, b, ""
    nl = raw.find("\n", b)
    line_end = len(raw) if nl < 0 else nl + 1
    if raw[b:line_end].strip(" \t\r\n"):
        return a, b, ""
    return line_start, line_end, ""


def test_whole_lines_is_the_plain_search():
    rnd = random.Random(3)
    for _ in range(3000):
        raw = "".join(rnd.choice(["\n", " ", "\t", "\r", "x", "<p>", "\r\n"]) for _ in range(rnd.randint(0, 20)))
        src = HtmlSource(raw, None, [], [], "")
        a = rnd.randint(0, len(raw))
        b = rnd.randint(a, len(raw))
        assert render._whole_lines(src, (a, b)) == plain_whole_lines(raw, (a, b)), (raw, a, b)
