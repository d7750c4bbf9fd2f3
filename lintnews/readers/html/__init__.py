"""HTML: the article's blocks become the text rules see; fixes cut the removed elements' exact
source spans and leave every other byte alone.

Parsing uses lxml with network access and entity loading off (libxml2's HTML parser never expands
entities declared in a DOCTYPE, so an entity bomb stays a few bytes). Raw source offsets are not
something lxml gives, so a small tag scanner finds them; it runs only when a position or a fix
asks for one.

Modules: ``tags`` (tag-name sets, text helpers), ``scan`` (the tag scanner), ``source`` and
``charmap`` (text offsets to raw offsets), ``blocks`` (the block walk), ``cloudflare``
(protected addresses), ``meta`` (page metadata) and ``render`` (edits applied to the raw page).

Blocks carry ``attrs`` that structure rules read (shared convention):
  tag           lowercase tag name
  tokens        frozenset of lowercase class/id tokens of the element and its ancestors, both whole
                values and their parts split on non-alphanumerics
  link_density  share of the block's text inside <a>
  path          tag path from the root, e.g. "html/body/div/article/p"
  ancestors     ((eid, tag, own tokens, own roles), ...) from <html> down to the element itself
  roles         frozenset like {"rel=author", "itemprop=author"} of the element and its ancestors
  cfemail       [{"start", "end", "address", "action"}] Cloudflare-protected addresses, decoded
"""

from __future__ import annotations

from lintnews.document import Document
from lintnews.errors import ConfigError, InputError
from lintnews.model import Edit
from lintnews.patterns import compile_cached
from lintnews.readers import ReadContext, Reader, Unit, register

__all__ = ["HtmlReader", "HtmlSource", "decode_cfemail", "normalise", "split_tokens"]

# The submodules are imported when a page is read, not when a run over other formats starts.
_LAZY = {"HtmlSource": "source", "decode_cfemail": "cloudflare", "normalise": "tags", "split_tokens": "tags"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

OPTIONS = {"cloudflare", "encoding"}
CF_ACTIONS = ("decode", "remove")

_parser = None


def _html_parser():
    global _parser
    if _parser is None:
        from lxml import etree

        _parser = etree.HTMLParser(encoding="utf-8", no_network=True, huge_tree=False,
                                   remove_pis=True, collect_ids=False, default_doctype=False)
    return _parser


def cloudflare_action(options: dict) -> str:
    """The checked ``[formats.html]`` options' Cloudflare action."""
    for key in options:
        if key not in OPTIONS:
            from lintnews.config import nearest

            raise ConfigError(f"formats.html: unknown option {key!r}{nearest(key, OPTIONS)}")
    action = options.get("cloudflare", "decode")
    if action not in CF_ACTIONS:
        raise ConfigError(f"formats.html.cloudflare: {action!r} is not one of "
                          f"{', '.join(repr(a) for a in CF_ACTIONS)}")
    return action


# libxml2 compares each attribute of an element with every one before it: 40,000 attributes
# take it two seconds, a million half an hour. No page has an element with this many.
MOST_ATTRIBUTES = 10_000
_ATTRIBUTE = r"""\s++[^\s=>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+))?+"""
# Possessive throughout, and a tag's name stops at a "<": a tag that ends sooner fails at once.
# The search is for tags of 64 attributes or more, which are few; each is then counted once, and
# the search goes on after its attributes. A search for 10,001 at once was tried again at each "<"
# inside a long list of attributes ("<a <a <a …"): 9,000 of them took three seconds.
_TAG_START = r"<[A-Za-z][^\s/><]*+"
_MANY_ATTRIBUTES = compile_cached(rf"{_TAG_START}(?:{_ATTRIBUTE}){{64}}")
_COUNTED = compile_cached(rf"{_TAG_START}(?:{_ATTRIBUTE}){{0,{MOST_ATTRIBUTES}}}+(?P<more>{_ATTRIBUTE})?+")


def too_many_attributes(raw: str) -> bool:
    """Whether a tag of ``raw`` has more than ``MOST_ATTRIBUTES`` attributes."""
    pos = 0
    while m := _MANY_ATTRIBUTES.search(raw, pos):
        counted = _COUNTED.match(raw, m.start())
        if counted.group("more") is not None:
            return True
        pos = counted.end()
    return False


def parse_tree(raw: str, path: str):
    """lxml's tree of the page, or None for a page with nothing in it."""
    if not raw.strip():
        return None
    if too_many_attributes(raw):
        raise InputError(path, f"an element with more than {MOST_ATTRIBUTES:,} attributes (the HTML parser's "
                         "time grows with their square); not linted, left as is")
    try:
        from lxml import etree

        parser = _html_parser()
        root = etree.fromstring(raw.encode("utf-8", "surrogatepass"), parser)
    except Exception as err:  # lxml raises several types on hopeless input
        raise InputError(path, f"cannot parse HTML: {err}") from None
    # libxml2 stops reading at its depth limit and returns what it had: rules would see part
    # of the page and a fix could cut markup it never saw.
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise InputError(path, "elements nested deeper than the HTML parser reads (256 levels); "
                         "not linted, left as is")
    return root


class HtmlReader(Reader):
    format = "html"
    extensions = (".html", ".htm", ".xhtml")

    def declared_encoding(self, data: bytes) -> str | None:
        from lintnews.readers.html.meta import declared_charset

        return declared_charset(data)

    def parse(self, unit: Unit, ctx: ReadContext) -> list[Document]:
        from lintnews.readers.html.blocks import read_blocks
        from lintnews.readers.html.meta import metadata
        from lintnews.readers.html.source import HtmlSource

        action = cloudflare_action(ctx.options)
        raw = unit.text
        root = parse_tree(raw, ctx.path)
        if root is None:
            return [Document(ctx.path, self.format, "", [], {}, HtmlSource(raw, None, [], [], ""))]
        meta = metadata(root)
        blocks, elements, text = read_blocks(root, meta, action)
        source = HtmlSource(raw, root, blocks, elements, text)
        return [Document(ctx.path, self.format, text, blocks, meta, source)]

    def render(self, unit: Unit, changes: list[tuple[Document, list[Edit]]]) -> str:
        from lintnews.readers.html.render import render

        return render(unit.text, changes)


register(HtmlReader())
