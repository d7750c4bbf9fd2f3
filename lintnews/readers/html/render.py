"""Applying edits to the raw page: removed blocks cut their elements' exact source spans, text
edits replace their exact source characters, and every other byte stays as it was.

A block is its element's own text: the element goes only when every block inside it goes too,
else only its own inline pieces are cut, so a fix never takes a block it did not judge."""

from __future__ import annotations

import bisect
import html as htmllib
import re

from lintnews.document import Document
from lintnews.fix import splice
from lintnews.model import Edit
from lintnews.patterns import compile_cached
from lintnews.readers.html.source import HtmlSource
from lintnews.readers.html.tags import (BLOCK_TAGS, CONTAINER_TAGS, MEDIA_TAGS, PROTECTED_TAGS,
                                        SKIP_TAGS, has_text)

_CHROME_IMG = compile_cached(r"avatar|gravatar|icon|logo|emoji|spinner|spacer|pixel", re.I)

Replacement = tuple[int, int, str]


def render(raw: str, changes: list[tuple[Document, list[Edit]]]) -> str:
    replacements: list[Replacement] = []
    for doc, edits in changes:
        src = doc.source
        if isinstance(src, HtmlSource) and src.blocks:
            replacements.extend(_raw_edits(doc, src, edits))
    kept = _outermost(replacements)
    return raw if kept is None else splice(raw, kept)


def _outermost(replacements: list[Replacement]) -> list[Replacement] | None:
    """Sorted replacements, those inside a removed span dropped; None when two cross, as a page
    is better left alone than guessed at."""
    replacements.sort(key=lambda r: (r[0], -r[1]))
    kept: list[Replacement] = []
    for r in replacements:
        if kept and r[0] < kept[-1][1]:
            if r[1] <= kept[-1][1]:
                continue
            return None
        if kept and r[0] == r[1] == kept[-1][0] == kept[-1][1]:
            continue
        kept.append(r)
    return kept


def _raw_edits(doc: Document, src: HtmlSource, edits: list[Edit]) -> list[Replacement]:
    removed_blocks, text_edits, cf_edits = _sort_edits(doc, src, edits)
    out: list[Replacement] = []
    for el, content in cf_edits:
        span = src.element_span(el)
        if span is not None:
            out.append((span[0], span[1], htmllib.escape(content, quote=False)))
    removed_els = set()
    for i in sorted(removed_blocks):
        if _element_goes(doc, src, i, removed_blocks):
            removed_els.add(src.elements[i])
        else:
            out.extend(_inline_pieces(src, src.elements[i]))
    # An element left holding nothing once its blocks go is removed with them.
    removed_els.update(_emptied_ancestors(removed_els, src))
    below = _below(removed_els)
    for el in removed_els:
        if not below(el):
            span = src.verified_span(el)
            if span is not None:
                out.append(_whole_lines(src, span))
    for i, s, e, content in text_edits:
        el = src.elements[i]
        if el in removed_els or below(el):
            continue
        span = src.raw_text_span(i, s, e)
        if span is not None:
            out.append((span[0], span[1], htmllib.escape(content, quote=False)))
    return out


def _below(removed: set):
    """Whether an element has an ancestor in ``removed``: each ancestor's answer is kept, as the
    removed elements of a fix are mostly siblings (the items of one list) sharing all of theirs."""
    known: dict = {}

    def below(el) -> bool:
        climbed = []
        parent = el.getparent()
        found = False
        while parent is not None:
            if parent in removed:
                found = True
                break
            if parent in known:
                found = known[parent]
                break
            climbed.append(parent)
            parent = parent.getparent()
        for a in climbed:
            known[a] = found
        return found

    return below


def _sort_edits(doc: Document, src: HtmlSource, edits: list[Edit]):
    """Blocks removed whole, edits of text inside one block (block, start, end, content), and
    protected-address edits (element, content)."""
    blocks = doc.blocks
    removed_blocks: set[int] = set()
    text_edits: list[tuple[int, int, int, str]] = []
    cf_edits: list[tuple[object, str]] = []
    for edit in edits:
        a, b = edit.span.start, edit.span.end
        touching = _blocks_touching(src, a, b)
        cf = next((c for i in touching for c in blocks[i].attrs.get("cfemail", ())
                   if (c["start"], c["end"]) == (a, b)), None)
        if cf is not None:
            cf_edits.append((cf["element"], edit.content))
        elif edit.content == "":
            for i in touching:
                span = blocks[i].span
                if a <= span.start and span.end <= b:
                    removed_blocks.add(i)
                else:
                    text_edits.append((i, max(a, span.start), min(b, span.end), ""))
        else:
            inside = [i for i in touching if blocks[i].span.start <= a and b <= blocks[i].span.end]
            if inside:
                text_edits.append((inside[0], a, b, edit.content))
    return removed_blocks, text_edits, cf_edits


def _element_goes(doc: Document, src: HtmlSource, i: int, removed_blocks: set[int]) -> bool:
    """A block's own text is all a rule judged: its element goes only when every block inside it
    goes too (an <li> holding a nested list, a <td> holding a layout table's paragraphs), and a
    container's also only when every medium outside its blocks is chrome."""
    el = src.elements[i]
    inner = _inner_blocks(doc, src, i)
    if not removed_blocks.issuperset(inner):
        return False
    return el.tag.lower() in BLOCK_TAGS or _media_is_chrome(src, i, inner)


def _inner_blocks(doc: Document, src: HtmlSource, i: int) -> list[int]:
    """The blocks inside container block ``i``'s element (each fix of a page asks again)."""
    if i not in src.inner_blocks:
        blocks = doc.blocks
        chain = blocks[i].attrs["ancestors"]
        # An element stands at one depth in every chain that holds it (ids are unique).
        depth, own = len(chain) - 1, chain[-1][0]
        inner = []
        j = i + 1
        while j < len(blocks):
            below = blocks[j].attrs.get("ancestors", ())
            if len(below) <= depth or below[depth][0] != own:
                break
            inner.append(j)
            j += 1
        src.inner_blocks[i] = inner
    return src.inner_blocks[i]


def _media_is_chrome(src: HtmlSource, i: int, inner: list[int]) -> bool:
    """Every medium in container block ``i``'s element outside its inner blocks is chrome."""
    if i not in src.media_chrome:
        el = src.elements[i]
        inner_els = {src.elements[k] for k in inner}
        src.media_chrome[i] = all(
            _is_chrome(x, src.chrome) for x in el.iterdescendants()
            if isinstance(x.tag, str) and x not in inner_els
            and not any(a in inner_els for a in x.iterancestors())
            and x.tag.lower() in MEDIA_TAGS)
    return src.media_chrome[i]


def _inline_pieces(src: HtmlSource, el) -> list[Replacement]:
    """Removals of a kept element's own inline elements that hold text. An inline element that
    wraps a kept block (a <span> holding a <figcaption> and a <cite>) is not cut whole: its own
    inline pieces are, and the block inside stays."""
    if (el.text or "").strip() or any((c.tail or "").strip() for c in el):
        return []  # bare text between kept blocks: no element to cut; leave it
    out = []
    for child in el:
        if isinstance(child.tag, str) and child.tag.lower() not in _NOT_CUT_INLINE and has_text(child):
            if any(isinstance(x.tag, str) and x.tag.lower() in _NOT_CUT_INLINE and has_text(x)
                   for x in child.iterdescendants()):
                out.extend(_inline_pieces(src, child))
                continue
            span = src.verified_span(child)
            if span is not None:
                out.append((span[0], span[1], ""))
    return out


# Elements whose text is a block of its own (or none, skipped): never an inline piece.
_NOT_CUT_INLINE = BLOCK_TAGS | CONTAINER_TAGS


def _blocks_touching(src: HtmlSource, a: int, b: int) -> list[int]:
    lo = max(0, bisect.bisect_right(src.starts, a) - 1)
    hi = bisect.bisect_left(src.starts, b) if b > a else bisect.bisect_right(src.starts, a)
    out = []
    for i in range(lo, hi):
        span = src.blocks[i].span
        if (span.start < b and a < span.end) if b > a else span.start <= a <= span.end:
            out.append(i)
    return out


def _is_chrome(el, cache: dict) -> bool:
    """Holds nothing a reader would miss: no text, and media only if it is an icon or avatar."""
    if el not in cache:
        cache[el] = _chrome(el)
    return cache[el]


_TEXT_IS_SKIPPED = SKIP_TAGS - {"iframe", "object", "svg", "math"}


def _chrome(el) -> bool:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if not tag:
        return True  # comments
    if tag not in _TEXT_IS_SKIPPED and has_text(el):
        return False
    for sub in el.iter():
        if not isinstance(sub.tag, str):
            continue
        t = sub.tag.lower()
        if t in MEDIA_TAGS:
            if t != "img":
                return False
            hint = " ".join(filter(None, (sub.get("class"), sub.get("src"), sub.get("alt"), sub.get("id"))))
            try:
                small = max(int(sub.get("width") or 0), int(sub.get("height") or 0)) or 999
            except ValueError:
                small = 999
            if not _CHROME_IMG.search(hint) and small > 100:
                return False
    return True


def _emptied_ancestors(removed: set, src: HtmlSource) -> list:
    """Ancestors of removed elements that hold nothing else a reader would miss."""
    out: list = []
    gone = set(removed)
    frontier = {el.getparent() for el in removed if el.getparent() is not None}
    while frontier:
        nxt = set()
        for parent in frontier:
            if parent in gone or not isinstance(parent.tag, str) or parent.tag.lower() in PROTECTED_TAGS:
                continue
            kids = _bare_children(parent, src)
            if kids is None or not _gone_or_chrome(kids, gone, src.chrome):
                continue
            gone.add(parent)
            out.append(parent)
            gp = parent.getparent()
            if gp is not None:
                nxt.add(gp)
        frontier = nxt
    return out


def _gone_or_chrome(kids: list, gone: set, chrome: dict) -> bool:
    """Every one of ``kids`` is gone or chrome; chrome judged only for those not gone, up to
    the first that stays (the known answers read in place: a parent may have hundreds)."""
    for c in kids:
        if c in gone:
            continue
        known = chrome.get(c)
        if not (_is_chrome(c, chrome) if known is None else known):
            return False
    return True


def _bare_children(parent, src: HtmlSource) -> list | None:
    """``parent``'s children, or None when its own text or a child's tail keeps it whatever
    goes. Every fix of a page climbs the same few ancestors, so each parent's answer is kept."""
    try:
        return src.bare_children[parent]
    except KeyError:
        kids = None
        if not (parent.text or "").strip() and not any((c.tail or "").strip() for c in parent):
            kids = list(parent)
        src.bare_children[parent] = kids
        return kids


def _whole_lines(src: HtmlSource, span: tuple[int, int]) -> Replacement:
    """Take the indentation and line break too when the element sits on lines of its own."""
    a, b = span
    raw = src.raw
    # The page's line starts, by bisection: a minified page is one long line, and searching it
    # for a line break (or copying the text beside the element) for every fix costs its length.
    line_start, after = src.line_bounds(a, b)
    if _BLANK.match(raw, line_start, a).end() != a:
        return a, b, ""
    if _BLANK_TO_EOL.match(raw, b, after).end() != after:
        return a, b, ""
    return line_start, after, ""


_BLANK = compile_cached("[ \t]*")
_BLANK_TO_EOL = compile_cached("[ \t\r\n]*")


def raw_edits(doc: Document, edits: list[Edit]) -> list[Replacement] | None:
    """The raw-source replacements (start, end, content) that carry out ``edits`` of one fix, as
    ``render`` cuts them (whole elements, exact text), so a report's edits are the bytes --fix
    removes; None for a document without a raw page behind it."""
    src = doc.source
    if not isinstance(src, HtmlSource) or not src.blocks:
        return None
    return _outermost(_raw_edits(doc, src, list(edits)))
