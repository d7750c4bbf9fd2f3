"""What the HTML structure rules share: which element a widget is, and what must never be claimed.

A structure rule claims an element whose own class/id tokens name a kind of page furniture
(comments, share bar, ...) and reports the blocks inside it as one finding. Precision comes
first, as in trafilatura and readability, and a few guards keep the article safe:

- the element must not hold the article's main text: the element whose direct paragraphs carry
  the most text (readability's candidate scoring, simplified; ``lintnews.maintext``), everything
  above it and every paragraph that made it the main element are off limits;
- nor the headline (the first <h1>, the <h1> nearest above the main text, a block repeating the
  og:title / <title> / JSON-LD headline), the standfirst (the page's description, or a dek /
  standfirst / subtitle / summary block by the headline) or the byline by the headline;
- nothing inside a <blockquote>, <q>, <figure> or pull-quote is claimed: a <footer> there cites
  a speaker or a photographer;
- content wrappers (entry-content, post-content, article-body, itemprop=articleBody ...) are
  never claimed, whatever other tokens they carry;
- a <header> or <footer> inside the article is the article's own, not site chrome: inside an
  <article>, a content wrapper, or the element holding both the headline the metadata names
  and the main text (the article, whatever its tag);
- each kind caps the text a claimed element may hold and may ask for a minimum link density.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from lintnews.document import Document
from lintnews.maintext import main_text
from lintnews.model import Diagnostic, Span
from lintnews.pagehead import article_head, heading_matter
from lintnews.rule import Rule

CONTENT_WRAPPERS = frozenset({
    "entry-content", "post-content", "article-body", "article-content", "articlebody",
    "article__body", "article-text", "story-body", "story-content", "post-body", "entry-body",
    "main-content", "td-post-content", "single-content", "post-entry", "article__content",
    "content-body", "body-text", "story-text", "articletext", "post-text", "hentry",
})
NEVER = {"html", "body", "main"}
# Embedded posts (tweets, Instagram) quote someone in the article; their "share" or "social"
# tokens do not make them furniture.
EMBEDS = frozenset({"twitter-tweet", "instagram-media", "embed", "embedded", "tiktok-embed",
                    "fb-post", "oembed", "wp-block-embed"})


# Quotes and figures are the article's own matter: a <footer> citing a pull-quote's speaker or
# a figure's credit is not page furniture, and neither is anything inside them.
QUOTING_TAGS = frozenset({"blockquote", "q", "figure"})
QUOTING_TOKENS = frozenset({"pullquote", "pull-quote", "pull_quote", "blockquote", "quote",
                            "wp-block-pullquote", "wp-block-quote", "testimonial", "figure",
                            "figcaption", "caption", "wp-caption", "image", "photo", "picture"})
class _Analysis:
    def __init__(self, doc: Document) -> None:
        self._blocks = doc.blocks  # not the document: it holds this analysis (no cycle)
        self.chars: dict[int, int] = {}  # text of the blocks under each element
        self.prose: dict[int, int] = {}  # text of long, link-poor paragraphs under each element
        self.total_prose = 0
        self._span: dict[int, list[int]] = {}  # first and last block under each element
        self._density: dict[int, float] = {}
        keep: set[int] = set()  # blocks no element holding them may be claimed
        parent: dict[int, int] = {}
        for block in doc.blocks:
            chain = block.attrs.get("ancestors") or ()
            if not chain:
                continue
            n = len(block.span)
            # Each block counts for its own element here, and for the ancestors when the sums
            # go up the tree below: a page's blocks share most of their ancestors.
            own = chain[-1][0]
            self.chars[own] = self.chars.get(own, 0) + n
            if block.attrs.get("tag") == "p" and n >= 80 and block.attrs.get("link_density", 0) < 0.3:
                self.total_prose += n
                self.prose[own] = self.prose.get(own, 0) + n
            for k in range(len(chain) - 1, -1, -1):
                eid = chain[k][0]
                if eid in self._span:
                    break
                self._span[eid] = [block.index, block.index]
                if k:
                    parent[eid] = chain[k - 1][0]
        # Element ids number the elements in document order: children after their parents.
        for eid in sorted(self._span, reverse=True):
            up = parent.get(eid)
            if up is None:
                continue
            self.chars[up] = self.chars.get(up, 0) + self.chars.get(eid, 0)
            if eid in self.prose:
                self.prose[up] = self.prose.get(up, 0) + self.prose[eid]
            self._span[up][1] = max(self._span[up][1], self._span[eid][1])
        main = main_text(doc)
        self.main: int | None = main.main
        protected: set[int] = {eid for eid, *_ in main.chain}
        keep.update(main.paragraphs)
        keep.update(article_head(doc))
        headlines = heading_matter(doc)[1]
        self.article = self._article(doc, main, headlines)
        for i in keep:
            protected.update(eid for eid, *_ in doc.blocks[i].attrs.get("ancestors") or ())
        self.protected = protected
        # Candidate positions by what a rule's match reads of them (tokens, roles, tag): each
        # rule judges a page's few hundred such keys once, and walks only the candidates it
        # matched. A content wrapper or an embed is matched by no rule.
        self.by_key: dict[tuple, list[int]] = {}
        self.candidates = self._candidates(doc)
        self.tokens = frozenset().union(*(key[0] for key in self.by_key))  # of all the keys

    def _candidates(self, doc: Document) -> list[tuple]:
        """(eid, tag, tokens, roles, below main, below an article or wrapper) of each element
        a structure rule may claim, ancestors before descendants (document order).

        Whether an element may be claimed depends only on its ancestors, the same for every
        block inside it: so the chains are walked once per page, not once per block and rule.
        Below a quoting element nothing may be claimed; <html>, <body> and <main> never are,
        nor a protected element (which still makes its descendants below the main text)."""
        # After each element: (below or at the main element, below or at an article or a
        # wrapper, at or below a quoting element). A block's chain resumes from the deepest
        # ancestor an earlier block's chain went through.
        state: dict[int, tuple[bool, bool, bool]] = {}
        out = []
        by_key = self.by_key
        for block in doc.blocks:
            chain = block.attrs.get("ancestors") or ()
            k = len(chain)
            while k and chain[k - 1][0] not in state:
                k -= 1
            in_main, in_article, quoted = state[chain[k - 1][0]] if k else (False, False, False)
            for eid, tag, tokens, roles in chain[k:]:
                if not quoted and tag not in NEVER:
                    if tag in QUOTING_TAGS or tokens & QUOTING_TOKENS:
                        quoted = True
                    else:
                        below_main, below_article = in_main, in_article
                        in_main = in_main or eid == self.main
                        wrapper = StructureRule._wrapper(tokens, roles)
                        in_article = in_article or tag == "article" or eid == self.article or wrapper
                        if eid not in self.protected:
                            if not (wrapper or tokens & EMBEDS):
                                by_key.setdefault((tokens, roles, tag), []).append(len(out))
                            out.append((eid, tag, tokens, roles, below_main, below_article))
                state[eid] = (in_main, in_article, quoted)
        return out

    @staticmethod
    def _article(doc: Document, main, headlines: list[int]) -> int | None:
        """The element holding both the headline the metadata names and the main text, when
        the headline stands above the main text and that element is not the page itself: the
        article, whatever its tag and tokens (a <div class="post"> around the article's own
        <header> and <footer>)."""
        if main.main is None or not main.paragraphs:
            return None
        first = min(main.paragraphs)
        above = [i for i in headlines if i < first]
        if not above:
            return None
        found = None
        for (eid, tag, *_), (m_eid, *_) in zip(doc.blocks[above[-1]].attrs.get("ancestors") or (), main.chain):
            if eid != m_eid:
                break
            found = None if tag in NEVER else eid
        return found

    def members(self, eid: int) -> list[int]:
        """The blocks under an element (consecutive: a walk in document order made them)."""
        first, last = self._span[eid]
        return list(range(first, last + 1))

    def density(self, eid: int) -> float:
        """Link density of the element's text, summed block by block in document order."""
        if eid not in self._density:
            links = 0.0
            for i in self.members(eid):
                block = self._blocks[i]
                links = links + len(block.span) * block.attrs.get("link_density", 0.0)
            n = self.chars.get(eid, 0)
            self._density[eid] = links / n if n else 0.0
        return self._density[eid]


def analysis(doc: Document) -> _Analysis:
    return doc.memo("html_structure", lambda: _Analysis(doc))


class StructureRule(Rule, abstract=True):
    """Base of the HTML structure rules; subclasses name their tokens and limits."""

    formats = ("html",)
    what: ClassVar[str] = ""
    words: ClassVar[frozenset] = frozenset()
    pattern: ClassVar[re.Pattern | None] = None  # matched against each whole token
    roles: ClassVar[frozenset] = frozenset()
    tags: ClassVar[frozenset] = frozenset()  # tag names that mark the element by themselves
    max_chars: ClassVar[int] = 10**9
    min_chars: ClassVar[int] = 0
    min_link_density: ClassVar[float] = 0.0
    max_prose_share: ClassVar[float] = 1.0  # of the page's long paragraphs, at most this share
    fix_message: ClassVar[str] = "Remove the element"
    # Page chrome surrounds the article: a rule that sets this claims nothing inside the main
    # element, and no header or footer (by tag or token) inside an <article> or a content wrapper.
    outside_article: ClassVar[bool] = False

    @staticmethod
    def _wrapper(tokens: frozenset, roles: frozenset) -> bool:
        return bool(tokens & CONTENT_WRAPPERS) or "itemprop=articlebody" in roles

    def matched(self, tokens: frozenset, roles: frozenset, tag: str = "") -> str | None:
        if tokens & CONTENT_WRAPPERS or tokens & EMBEDS or "itemprop=articlebody" in roles:
            return None
        if tag in self.tags:
            return tag
        # Sets iterate in an order that changes from run to run: sort, so a report is the same.
        hit = tokens & self.words
        if hit:
            return max(sorted(hit), key=len)
        if self.pattern is not None:
            for t in sorted(tokens):
                if self.pattern.search(t):
                    return t
        hit = roles & self.roles
        return sorted(hit)[0] if hit else None

    def _named(self, tokens: frozenset) -> frozenset:
        """Those of ``tokens`` that the rule's words or pattern name; the pattern's answer for
        each token is kept (pages share most of their class names)."""
        named = tokens & self.words
        if self.pattern is None:
            return named
        hit, miss = self.__dict__.setdefault("_pattern_tokens", (set(), set()))
        if len(hit) + len(miss) > 65536:
            hit.clear()
            miss.clear()
        for t in tokens - hit - miss:
            (hit if self.pattern.search(t) else miss).add(t)
        return named | (tokens & hit)

    def claims(self, doc: Document) -> list[tuple[int, str, str, list[int]]]:
        """(element id, tag, matched token, block indexes) of each element this rule claims:
        the outermost claimable elements that match, in document order."""
        a = analysis(doc)
        # What the rule makes of a token set; pages repeat the same few on many elements.
        seen = self.__dict__.setdefault("_matched", {})
        if len(seen) > 4096:
            seen.clear()
        # A key none of whose tokens the rule names, and none of whose roles or tag, matches
        # nothing: passed over without a look at its tokens one by one.
        named = self._named(a.tokens)
        hits = []  # (candidate position, matched token)
        for key, positions in a.by_key.items():
            if named.isdisjoint(key[0]) and self.roles.isdisjoint(key[1]) and key[2] not in self.tags:
                continue
            if key in seen:
                token = seen[key]
            else:
                token = seen[key] = self.matched(*key)
            if token is not None:
                hits.extend((k, token) for k in positions)
        hits.sort()
        out = []
        taken_until = -1  # a claimed element's blocks are consecutive; its descendants follow it
        candidates = a.candidates
        for k, token in hits:
            eid, tag, _tokens, _roles, below_main, below_article = candidates[k]
            if a._span[eid][0] <= taken_until or (self.outside_article and below_main):
                continue
            if self.outside_article and below_article and ("header" in token or "footer" in token):
                continue
            chars = a.chars.get(eid, 0)
            if not (self.min_chars <= chars <= self.max_chars) or a.density(eid) < self.min_link_density:
                continue
            if a.total_prose and a.prose.get(eid, 0) > self.max_prose_share * a.total_prose:
                continue
            taken_until = a._span[eid][1]
            out.append((eid, tag, token, a.members(eid)))
        return out

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for _eid, tag, token, members in self.claims(doc):
            first, last = doc.blocks[members[0]], doc.blocks[members[-1]]
            fix = self.remove_blocks(doc, first, last, self.fix_message) if self.fix_safety else None
            n = len(members)
            yield self.report(f"{self.what.capitalize()} (<{tag}> '{token}', {n} block{'s' * (n != 1)}) "
                              "in the page", Span(first.span.start, first.span.end), fix)
