"""What the HTML reader knows about tag names, and the small text helpers every part shares."""

from __future__ import annotations


from lxml import etree

from lintnews.patterns import compile_cached

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCK_TAGS = HEADINGS | {"p", "li", "blockquote", "figcaption", "pre", "dd", "dt", "td", "th",
                         "caption"}
# Containers become blocks only when they hold text of their own (outside nested blocks).
CONTAINER_TAGS = {"div", "section", "article", "aside", "header", "footer", "nav", "main", "form",
                  "figure", "ul", "ol", "dl", "table", "tbody", "thead", "tfoot", "tr", "center",
                  "fieldset", "address", "details", "summary", "body"}
SKIP_TAGS = {"script", "style", "noscript", "template", "head", "title", "textarea", "select",
             "option", "iframe", "svg", "math", "object", "button"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
             "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame"}
# Elements whose content the parser reads as text, not markup. libxml2 reads HTML5's list since
# 2.14 (lxml 6); before, only these two, and a <textarea> or <title> holds real tags: skipped by
# the tag scanner there, those tags were hidden from it.
RAW_TEXT_TAGS = ({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                  "plaintext"} if etree.LIBXML_VERSION >= (2, 14) else {"script", "style"})
MEDIA_TAGS = {"img", "picture", "video", "audio", "iframe", "embed", "object", "canvas", "table"}
PROTECTED_TAGS = {"html", "body", "head"}
# Tags whose text is not the text of the block around them.
NOT_INLINE = BLOCK_TAGS | CONTAINER_TAGS | SKIP_TAGS

# Private-use characters stand for markup in block text until it is normalised.
BR = "\ue000"
CF_OPEN, CF_CLOSE = "\ue001", "\ue002"

# HTML whitespace runs ([ \t\n\r\f]+) but for lone spaces, which would be put back as they are
# (most runs); a run is still matched whole, greedy from its first character.
_WS_NOT_LONE_SPACE = compile_cached(r"[ \t\n\r\f]{2,}|[\t\n\r\f]")
_BR_RUN = compile_cached(r" ?\ue000[ \ue000]*")
_SPLIT = compile_cached(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """Block text as rules see it: HTML whitespace collapsed, line breaks kept from <br>."""
    text = _WS_NOT_LONE_SPACE.sub(" ", text)
    if BR in text:
        text = _BR_RUN.sub("\n", text)
    return text.strip(" \n")


# "no-ads", "non-ad-column", "has-sidebar", "with-share-icons", "ad-free": a class saying what an
# element lacks, or that it holds such a thing among others, does not name it as that thing.
_NOT_NAMING = frozenset({"no", "non", "not", "without", "has", "with"})


def split_tokens(value: str) -> set[str]:
    """A class/id value's tokens: each whole word, and its parts split on non-alphanumerics
    (but for a word that says what the element lacks or holds, whose parts are left out)."""
    out: set[str] = set()
    for word in value.lower().split():
        out.add(word)
        if word.isascii() and word.isalnum():
            continue  # a word of one part, itself (most class names)
        parts = [p for p in _SPLIT.split(word) if p]
        if len(parts) > 1 and (parts[0] in _NOT_NAMING or (len(parts) == 2 and parts[1] == "free")):
            continue
        out.update(parts)
    return out


def own_tokens(el, seen: dict | None = None) -> tuple[frozenset, frozenset]:
    """The element's own class/id tokens and its rel/itemprop/role values ("rel=author").

    ``seen`` keeps the answers for one page: a page repeats a few class values on thousands of
    elements."""
    get = el.get
    key = (get("class"), get("id"), get("rel"), get("itemprop"), get("role"))
    if seen is None:
        return _own_tokens(*key)
    if key not in seen:
        seen[key] = _own_tokens(*key)
    return seen[key]


def _own_tokens(*values: str | None) -> tuple[frozenset, frozenset]:
    tokens: set[str] = set()
    for value in values[:2]:
        if value:
            tokens |= split_tokens(value)
    if not (values[2] or values[3] or values[4]):
        return frozenset(tokens), _NONE
    roles = set()
    for attr, value in zip(("rel", "itemprop", "role"), values[2:]):
        if value:
            roles.update(f"{attr}={v}" for v in value.lower().split())
    return frozenset(tokens), frozenset(roles)


_NONE: frozenset = frozenset()


def itertext(el):
    """The element's text as lxml holds it, comments and processing instructions left out
    (their tails kept): lxml's own walk, filtered to elements, in C rather than a generator
    per level of nesting."""
    return el.itertext(_ELEMENT)


_ELEMENT = etree.Element  # lxml's iterators given it pass over comments and processing instructions


def text_content(el) -> str:
    """``"".join(itertext(el))``: every text node under the element, joined by libxml2 in one
    string rather than handed over piece by piece (a removed container holds thousands)."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def has_text(el) -> bool:
    """``"".join(itertext(el)).strip()`` is not empty, found without joining all of it."""
    return any(part.strip() for part in itertext(el))
