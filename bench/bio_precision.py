"""Bios on the shared corpus: how many there are, how many AUT002 flags, for a human to judge.

    PYTHONPATH=. python bench/bio_precision.py [../shared/corpus/scrapinghub-aeb] [--show-all] [--mutate]

Reads the text views (naive, trafilatura, readability) with lintnews' text reader, and the raw
pages (html/*.html.gz) with a small stand-in for the HTML reader that follows the shared block
convention (attrs["tokens"]: class/id tokens of the element and its ancestors, "author" for
rel=author / itemprop=author; meta["author"] from <meta name=author> or JSON-LD). Prints every
bio found with its subject and the authors the page claims, then every AUT002 finding.

--mutate also plants each contradiction kind into every real bio that has a subject (a second
name, the other pronoun, a byline naming someone else) and counts how many are caught: the
corpus holds no template bios of its own, so this is the only recall figure it can give.
"""

from __future__ import annotations

import glob
import gzip
import json
import os
import re
import sys

from lintnews.bio.analysis import contradictions
from lintnews.document import PARAGRAPH, Block, Document
from lintnews.model import Span
from lintnews.readers import ReadContext, Unit, formats
from lintnews.bio.blocks import bio_sites, bio_subject, claimed_authors, field_bios
from lintnews.rules.author_bio_mismatch import AuthorBioMismatch, article_words

DEFAULT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "corpus", "scrapinghub-aeb")
_WS = re.compile(r"\s+")
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption"}


def text_doc(path: str) -> Document:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return formats()["text"].parse(Unit(text), ReadContext(path))[0]


def html_doc(path: str) -> Document:
    """A Document from a page, blocks carrying the shared attrs convention."""
    import lxml.html

    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
        root = lxml.html.fromstring(f.read())
    for bad in root.xpath("//script|//style|//noscript"):
        if bad.tag == "script" and bad.get("type") == "application/ld+json":
            continue
        bad.getparent().remove(bad)
    meta: dict = {}
    for m in root.xpath("//meta[@name='author']/@content"):
        meta.setdefault("author", m)
    for js in root.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(js)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            author = item.get("author") if isinstance(item, dict) else None
            author = author[0] if isinstance(author, list) and author else author
            if isinstance(author, dict) and isinstance(author.get("name"), str):
                meta.setdefault("author", author["name"])
    parts, blocks, pos = [], [], 0
    body = root.find("body") if root.find("body") is not None else root
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        leaf_div = el.tag == "div" and not el.xpath(".//p|.//div|.//li|.//h1|.//h2|.//h3|.//h4")
        if el.tag not in _BLOCK_TAGS and not leaf_div:
            continue
        if any(a.tag in _BLOCK_TAGS for a in el.iterancestors()):
            continue
        text = _WS.sub(" ", el.text_content()).strip()
        if not text:
            continue
        tokens: set[str] = set()
        for node in [el, *el.iterancestors()]:
            tokens |= {t.lower() for t in (node.get("class", "") + " " + node.get("id", "")).split()}
            if node.get("rel") == "author" or node.get("itemprop") == "author":
                tokens.add("author")
        span = Span(pos, pos + len(text))
        blocks.append(Block(PARAGRAPH, span, span, len(blocks),
                            {"tokens": frozenset(tokens), "tag": el.tag}))
        parts.append(text)
        pos += len(text) + 2
    return Document(path, "html", "\n\n".join(parts), blocks, meta)


def survey(doc: Document, rule: AuthorBioMismatch) -> tuple[list[dict], list[str]]:
    sites = bio_sites(doc)
    skip = {b.index for s in sites for b in doc.blocks[s.first.index : s.last.index + 1]}
    words = article_words(doc, skip)
    bios = []
    for s in sites:
        text = doc.block_text(s.bio)
        claimed = claimed_authors(doc, before=s.first.span.start)
        found = contradictions(text, bio_subject(text), claimed, words, s.box_name)
        bios.append({"text": text, "subject": bio_subject(text), "box": s.box_name,
                     "claimed": claimed, "found": [c.message for c in found]})
    for fb in field_bios(doc):
        bios.append({"text": fb.text, "subject": bio_subject(fb.text), "box": fb.key,
                     "claimed": claimed_authors(doc, before=0), "found": []})
    return bios, [d.message for d in rule.check(doc)]


_MUTATIONS = {
    "other-name": lambda t, subj: t + " Jane's writing style blends clarity with depth.",
    # Only bios with a pronoun of their own: the planted one must contradict something.
    "he-and-she": lambda t, subj: (t + " She also writes fiction." if re.search(r"\b(?:he|his|him)\b", t, re.I)
                                   else t + " He also writes fiction." if re.search(r"\b(?:she|her)\b", t, re.I)
                                   else None),
    "not-byline": lambda t, subj: t,
}


def mutate(doc: Document) -> dict[str, tuple[int, int]]:
    """(planted, caught) per contradiction kind over the bios of one document."""
    out: dict[str, tuple[int, int]] = {}
    sites = bio_sites(doc)
    skip = {b.index for s in sites for b in doc.blocks[s.first.index : s.last.index + 1]}
    words = article_words(doc, skip)
    for s in sites:
        text = doc.block_text(s.bio)
        subject = bio_subject(text)
        if not subject:
            continue
        for kind, change in _MUTATIONS.items():
            if change(text, subject) is None:
                continue
            claimed = [["maria", "lopez"]] if kind == "not-byline" else claimed_authors(doc, s.first.span.start)
            found = contradictions(change(text, subject), subject, claimed, words, None)
            planted, caught = out.get(kind, (0, 0))
            out[kind] = (planted + 1, caught + any(c.kind == kind for c in found))
    return out


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show_all = "--show-all" in sys.argv
    root = args[0] if args else DEFAULT
    rule = AuthorBioMismatch()
    total_bios = total_flags = 0
    recall: dict[str, list[int]] = {}
    for view in ("naive", "trafilatura", "readability", "html"):
        if view == "html":
            paths, load = sorted(glob.glob(os.path.join(root, "html", "*.html.gz"))), html_doc
        else:
            paths, load = sorted(glob.glob(os.path.join(root, "views", view, "*.txt"))), text_doc
        n_bios = n_flags = 0
        for path in paths:
            doc = load(path)
            bios, flags = survey(doc, rule)
            if "--mutate" in sys.argv:
                for kind, (planted, caught) in mutate(doc).items():
                    r = recall.setdefault(kind, [0, 0])
                    r[0] += planted
                    r[1] += caught
            n_bios += len(bios)
            n_flags += len(flags)
            pid = os.path.basename(path)[:8]
            for b in bios:
                if show_all or b["found"]:
                    claimed = " / ".join(" ".join(c) for c in b["claimed"]) or "-"
                    print(f"[{view}] {pid} subject={b['subject']!r} box={b['box']!r} byline={claimed!r}")
                    print(f"    {b['text'][:240]!r}")
                    for msg in b["found"]:
                        print(f"    AUT002: {msg}")
        print(f"== {view}: {len(paths)} pages, {n_bios} bios, {n_flags} AUT002 findings\n")
        total_bios += n_bios
        total_flags += n_flags
    print(f"== all views: {total_bios} bios, {total_flags} AUT002 findings")
    for kind, (planted, caught) in recall.items():
        print(f"== planted {kind}: {caught}/{planted} caught")


if __name__ == "__main__":
    main()
