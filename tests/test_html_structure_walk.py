"""The structure rules share one walk of a page's element chains (``_Analysis.candidates``).
Each rule's claims must be exactly what walking every block's chain for that rule finds: the
per-block walk below is the definition, kept here as the oracle."""

import glob
import importlib
import os
import pkgutil

import pytest

import lintnews.rules
from lintnews.readers import ReadContext, Unit, formats
from lintnews.rules._html import NEVER, QUOTING_TAGS, QUOTING_TOKENS, StructureRule, analysis

for _mod in pkgutil.iter_modules(lintnews.rules.__path__):
    importlib.import_module(f"lintnews.rules.{_mod.name}")


def _structure_rules():
    out, todo = [], list(StructureRule.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        out.append(cls())
    assert len(out) >= 8
    return sorted(out, key=lambda r: r.code)


RULES = _structure_rules()


def per_block_claims(rule, doc):
    """Every block's chain walked from the top; the first element the rule may claim takes
    the blocks inside it."""
    a = analysis(doc)
    out, taken = [], set()
    for block in doc.blocks:
        if block.index in taken:
            continue
        in_main = in_article = False
        for eid, tag, tokens, roles in block.attrs.get("ancestors") or ():
            if tag in NEVER:
                continue
            if tag in QUOTING_TAGS or tokens & QUOTING_TOKENS:
                break
            below_main, below_article = in_main, in_article
            in_main = in_main or eid == a.main
            in_article = in_article or tag == "article" or rule._wrapper(tokens, roles)
            if eid in a.protected or (rule.outside_article and below_main):
                continue
            token = rule.matched(tokens, roles, tag)
            if token is None:
                continue
            if rule.outside_article and below_article and ("header" in token or "footer" in token):
                continue
            chars = a.chars.get(eid, 0)
            if not (rule.min_chars <= chars <= rule.max_chars) or a.density(eid) < rule.min_link_density:
                continue
            if a.total_prose and a.prose.get(eid, 0) > rule.max_prose_share * a.total_prose:
                continue
            taken.update(a.members(eid))
            out.append((eid, tag, token, a.members(eid)))
            break
    return out


def check_sums(doc):
    """The analysis's sums, made going up the tree once, against summing every block into
    every element of its chain."""
    a = analysis(doc)
    chars, links, prose, members = {}, {}, {}, {}
    for block in doc.blocks:
        n, density = len(block.span), block.attrs.get("link_density", 0.0)
        is_prose = block.attrs.get("tag") == "p" and n >= 80 and density < 0.3
        for eid, *_ in block.attrs.get("ancestors") or ():
            chars[eid] = chars.get(eid, 0) + n
            links[eid] = links.get(eid, 0.0) + n * density
            members.setdefault(eid, []).append(block.index)
            if is_prose:
                prose[eid] = prose.get(eid, 0) + n
    assert {e: c for e, c in a.chars.items() if c} == {e: c for e, c in chars.items() if c}
    assert {e: c for e, c in a.prose.items() if c} == {e: c for e, c in prose.items() if c}
    for eid in members:
        assert a.members(eid) == members[eid]
        assert a.density(eid) == (links[eid] / chars[eid] if chars[eid] else 0.0)


def parse(page):
    [doc] = formats()["html"].parse(Unit(page), ReadContext("page.html", {}))
    return doc


PARA = ("<p>The council voted on Tuesday to extend the tram line to the northern suburbs, a plan "
        "first drawn up a decade ago and shelved twice for lack of money.</p>")
LINKS = '<ul>' + "".join(f'<li><a href="/s{i}">Other story number {i}</a></li>' for i in range(6)) + "</ul>"

TRICKY = {
    "nested articles": (
        "<html><head><title>Tram line extended to the northern suburbs | Daily</title></head><body>"
        '<header class="site-header"><nav class="menu">' + LINKS + "</nav></header>"
        f'<article class="post"><h1>Tram line extended to the northern suburbs</h1>{PARA * 4}'
        f'<article class="related-posts"><h3>Related</h3>{LINKS}</article>'
        f'<div class="share-buttons"><a href="/fb">Share</a> <a href="/tw">Tweet</a></div>'
        f"<footer>Filed under transport</footer></article>"
        f'<article class="teaser"><h2>Another story</h2>{LINKS}</article>'
        '<footer id="colophon" class="site-footer"><p>All rights reserved.</p></footer></body></html>'),
    "quotes holding headers and footers": (
        f"<html><body><h1>Tram line extended</h1><div class=\"entry-content\">{PARA * 3}"
        "<blockquote class=\"pullquote\"><header class=\"site-header\">Quoted</header><p>It is a "
        "good day for the city, the mayor said.</p><footer class=\"site-footer\">The mayor</footer>"
        "</blockquote><figure><img src=a.jpg><figcaption>The tram <footer>Photo: Jane Roe</footer>"
        f"</figcaption></figure><q><span class=\"share\">Share this</span></q>{PARA}</div>"
        '<aside class="sidebar widget-area"><div class="newsletter-signup"><p>Sign up for our '
        "newsletter</p></div>" + LINKS + "</aside></body></html>"),
    "chrome that is also main text": (
        '<html><body><div class="site-header-offset sidebar"><h1>Tram line extended</h1>'
        f'<div class="sidebar-inner">{PARA * 5}</div><div class="comments-area"><h3>3 comments</h3>'
        '<p>Great news!</p><p>About time.</p></div></div><div class="cookie-banner"><p>We use '
        "cookies.</p></div></body></html>"),
    "wrapper carrying furniture tokens": (
        f'<html><body><main><h1>Tram line</h1><div class="entry-content share related">{PARA * 3}'
        f'<div class="related"><h4>More</h4>{LINKS}</div></div><div class="related share">{LINKS}'
        '</div><div class="ad-slot"><p>Advertisement</p></div><div class="author-box"><p>Jane Roe '
        "is a reporter.</p></div></main></body></html>"),
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_shared_walk_claims_what_each_rule_walking_every_block_claims(name):
    doc = parse(TRICKY[name])
    check_sums(doc)
    found = 0
    for rule in RULES:
        expected = per_block_claims(rule, doc)
        assert rule.claims(doc) == expected, (name, rule.code)
        found += len(expected)
    assert found  # the pages hold furniture: the comparison is not between two empty lists


def test_nothing_under_a_quote_is_a_candidate():
    doc = parse(TRICKY["quotes holding headers and footers"])
    quoted = {eid for b in doc.blocks for eid, tag, tokens, _r in b.attrs["ancestors"]
              if tag in QUOTING_TAGS or tokens & QUOTING_TOKENS}
    below = {eid for b in doc.blocks for i, (eid, *_x) in enumerate(b.attrs["ancestors"])
             if any(c[0] in quoted for c in b.attrs["ancestors"][:i + 1])}
    assert quoted and not below & {c[0] for c in analysis(doc).candidates}


PAGES = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "fixtures", "html", "*.html")))


def test_shared_walk_on_real_pages():
    assert PAGES
    for path in PAGES:
        with open(path, encoding="utf-8", errors="replace") as f:
            doc = parse(f.read())
        check_sums(doc)
        for rule in RULES:
            assert rule.claims(doc) == per_block_claims(rule, doc), (path, rule.code)


def document_order(root):
    """The elements under ``root`` in document order, skipped content (scripts, styles) left out:
    what the ids in a block's chain of ancestors number."""
    from lintnews.readers.html.tags import SKIP_TAGS

    order, stack = [], [root]
    while stack:
        el = stack.pop()
        order.append(el)
        stack.extend(c for c in reversed(el) if isinstance(c.tag, str) and c.tag.lower() not in SKIP_TAGS)
    return order


def test_element_ids_number_every_element_in_document_order():
    """Inline elements without children are not walked, but each keeps its element id: the ids
    in the chains are the positions of the elements in document order (skipped content left out)."""
    page = ("<html><body><div class='a'><span>x</span><img src=i.png><p>One <b>two</b> <a href=/>"
            "three</a><br></p><script>var a = '<p>';</script><span><em>in</em></span><ul><li>Four "
            "<i>five</i></li><li><span><div>six</div></span></li></ul></div><p>Seven</p></body></html>")
    doc = parse(page)
    order = document_order(doc.source.root)
    for block, el in zip(doc.blocks, doc.source.elements):
        chain = block.attrs["ancestors"]
        assert order[chain[-1][0]] is el
        assert [order[eid].tag for eid, *_ in chain] == [a.tag for a in reversed([el, *el.iterancestors()])]
