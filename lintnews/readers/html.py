"""HTML: the article's blocks become the text rules see; fixes cut the removed elements' exact
source spans and leave every other byte alone.

Parsing uses lxml with network access and entity loading off (libxml2's HTML parser never expands
entities declared in a DOCTYPE, so an entity bomb stays a few bytes). Raw source offsets are not
something lxml gives, so a small tag scanner finds them; it runs only when a position or a fix
asks for one.

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

import bisect
import html as htmllib
import json
import re
from dataclasses import dataclass

from lintnews import document as d
from lintnews.document import Block, Document
from lintnews.errors import InputError
from lintnews.model import Edit, Span
from lintnews.readers import ReadContext, Reader, Unit, register

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
RAW_TEXT_TAGS = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                 "plaintext"}
MEDIA_TAGS = {"img", "picture", "video", "audio", "iframe", "embed", "object", "canvas", "table"}
PROTECTED_TAGS = {"html", "body", "head"}
OPTIONS = {"cloudflare", "encoding"}
CF_ACTIONS = ("decode", "remove")

_WS = re.compile(r"[ \t\n\r\f]+")
_BR = "\ue000"
_BR_RUN = re.compile(r" ?\ue000[ \ue000]*")
_CF_OPEN, _CF_CLOSE = "\ue001", "\ue002"
_SPLIT = re.compile(r"[^0-9a-z]+")
_TAG = re.compile(
    r"<(?:(!--.*?(?:--!?>|\Z))|(!\[CDATA\[.*?(?:\]\]>|\Z))|([!?][^>]*>?)"
    r"|(/?)([A-Za-z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>)", re.S)
_ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_CF_HREF = re.compile(r"/cdn-cgi/l/email-protection#([0-9a-fA-F]+)")
_PLACEHOLDER = re.compile(r"\[email(?:[ \u00a0])protected\]", re.I)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CHROME_IMG = re.compile(r"avatar|gravatar|icon|logo|emoji|spinner|spacer|pixel", re.I)

_BYLINE_TOKENS = frozenset({"byline", "author", "byline-author", "post-author", "entry-author",
                            "author-name", "by-author", "article-author"})
_NOT_BYLINE = frozenset({"box", "bio", "about", "description", "info", "avatar", "profile", "comment",
                         "comments", "form", "respond", "reply"})

_parser = None
# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)


def _html_parser():
    global _parser
    if _parser is None:
        from lxml import etree

        _parser = etree.HTMLParser(encoding="utf-8", no_network=True, huge_tree=False,
                                   remove_pis=True, collect_ids=False, default_doctype=False)
    return _parser


def split_tokens(value: str) -> set[str]:
    """A class/id value's tokens: each whole word, and its parts split on non-alphanumerics."""
    out: set[str] = set()
    for word in value.lower().split():
        out.add(word)
        out.update(p for p in _SPLIT.split(word) if p)
    return out


def decode_cfemail(hexstr: str) -> str | None:
    """Cloudflare's scheme: the first byte is the XOR key of the rest."""
    try:
        data = bytes.fromhex(hexstr)
    except ValueError:
        return None
    if len(data) < 2:
        return None
    key = data[0]
    try:
        text = bytes(b ^ key for b in data[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if _EMAIL.match(text) else None


def normalise(text: str) -> str:
    """Block text as rules see it: HTML whitespace collapsed, line breaks kept from <br>."""
    text = _WS.sub(" ", text)
    text = _BR_RUN.sub("\n", text)
    return text.strip(" \n")


# ------------------------------------------------------------------------------ the tag scanner
@dataclass
class _Tag:
    name: str
    start: int
    end: int
    closing: bool


def scan_tags(raw: str) -> list[_Tag]:
    """Start and end tags of the source in order, comments and raw-text contents skipped."""
    out: list[_Tag] = []
    pos = 0
    n = len(raw)
    search = _TAG.search
    while pos < n:
        m = search(raw, pos)
        if not m:
            break
        pos = m.end()
        name = m.group(5)
        if not name:
            continue
        name = name.lower()
        closing = bool(m.group(4))
        out.append(_Tag(name, m.start(), m.end(), closing))
        if not closing and name in RAW_TEXT_TAGS:
            close = re.compile(rf"</{name}[\s/>]", re.I).search(raw, pos)
            pos = close.start() if close else n
    return out


class HtmlSource:
    """Maps the document's text back to the HTML source, lazily."""

    def __init__(self, raw: str, root, blocks: list[Block], elements: list, text: str) -> None:
        self.raw = raw
        self.root = root
        self.blocks = blocks
        self.elements = elements
        self.text = text
        self._starts = [b.span.start for b in blocks]
        self._tags: list[_Tag] | None = None
        self._start_of: dict | None = None
        self._line_starts: list[int] | None = None
        self._charmaps: dict[int, tuple[list[int], list[int]] | None] = {}
        self._order: dict | None = None
        self._ordered: list | None = None

    # -- raw offsets of elements ---------------------------------------------------------------
    def _line(self, offset: int) -> int:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.raw)]
        return bisect.bisect_right(self._line_starts, offset)

    def raw_position(self, offset: int) -> tuple[int, int]:
        line = self._line(offset)
        return line, offset - self._line_starts[line - 1] + 1

    def _align(self) -> None:
        """Pair lxml's elements with the scanner's start tags by name and source line.

        Elements the parser implied (no tag in the source) stay unpaired.
        """
        self._tags = scan_tags(self.raw)
        self._tag_starts = [t.start for t in self._tags]
        starts = [t for t in self._tags if not t.closing]
        by_name: dict[str, list[int]] = {}
        lines = []
        for i, t in enumerate(starts):
            by_name.setdefault(t.name, []).append(i)
            lines.append((self._line(t.start), self._line(t.end - 1)))
        self._start_of = {}
        self._ordered = []
        pointer = 0
        index = {id(t): k for k, t in enumerate(self._tags)}
        for el in self.root.iter():
            if not isinstance(el.tag, str):
                continue
            self._ordered.append(el)
            line = el.sourceline or 0
            candidates = by_name.get(el.tag.lower(), ())
            j = bisect.bisect_left(candidates, pointer)
            while j < len(candidates):
                k = candidates[j]
                first, last = lines[k]
                if first > line:
                    break
                if first <= line <= last:
                    self._start_of[el] = index[id(starts[k])]
                    pointer = k + 1
                    break
                j += 1
        self._order = {el: i for i, el in enumerate(self._ordered)}

    def start_tag(self, el) -> _Tag | None:
        if self._start_of is None:
            self._align()
        k = self._start_of.get(el)
        return None if k is None else self._tags[k]

    def element_span(self, el) -> tuple[int, int] | None:
        """The element's raw span, from its start tag to its end tag (or where the parser ended it)."""
        if self._start_of is None:
            self._align()
        k = self._start_of.get(el)
        if k is None:
            return None
        tag = self._tags[k]
        name = tag.name
        if name in VOID_TAGS:
            return tag.start, tag.end
        limit = len(self.raw)
        follower = self._following(el)
        if follower is not None:
            limit = self._tags[self._start_of[follower]].start
        ancestors = {a.tag.lower() for a in el.iterancestors() if isinstance(a.tag, str)}
        stack: list[str] = []
        for t in self._tags[k + 1:]:
            if t.start >= limit:
                break
            if not t.closing:
                if t.name not in VOID_TAGS:
                    stack.append(t.name)
                continue
            if t.name in stack:
                while stack and stack.pop() != t.name:
                    pass
            elif t.name == name:
                return tag.start, t.end
            elif t.name in ancestors:
                return tag.start, t.start
        return tag.start, limit

    def _following(self, el):
        """The first paired element after ``el``'s subtree in document order."""
        j = self._order[el] + 1 + sum(1 for x in el.iterdescendants() if isinstance(x.tag, str))
        while j < len(self._ordered):
            nxt = self._ordered[j]
            if nxt in self._start_of:
                return nxt
            j += 1
        return None

    # -- positions -------------------------------------------------------------------------------
    def position(self, offset: int) -> tuple[int, int]:
        if not self.blocks:
            return 1, 1
        i = max(0, bisect.bisect_right(self._starts, offset) - 1)
        block = self.blocks[i]
        if offset > block.span.end and i + 1 < len(self.blocks):
            i, block = i + 1, self.blocks[i + 1]
        cm = self.charmap(i)
        if cm is not None:
            offs, _lens = cm
            rel = min(max(offset - block.span.start, 0), len(offs) - 1)
            return self.raw_position(offs[rel])
        el = self.elements[i]
        tag = self.start_tag(el)
        if tag is not None:
            return self.raw_position(tag.start)
        return el.sourceline or 1, 1

    # -- text to raw, character by character ---------------------------------------------------
    def charmap(self, i: int):
        """Raw offset and raw length of each character of block ``i`` (plus an end sentinel).

        Length 1 means the character is itself in the source; 0 or more than 1 that it came from
        markup (an entity, a <br>, collapsed whitespace). None when the source cannot be matched
        with the text (markup the parser repaired).
        """
        if i in self._charmaps:
            return self._charmaps[i]
        result = None
        el = self.elements[i]
        span = self.element_span(el)
        if span is not None:
            result = self._build_charmap(self.start_tag(el), span, self.blocks[i])
        self._charmaps[i] = result
        return result

    def _build_charmap(self, tag: _Tag, span: tuple[int, int], block: Block):
        raw = self.raw
        chars: list[str] = []
        offs: list[int] = []
        lens: list[int] = []
        excluded: list[str] = []
        pos = tag.end
        end = span[1]
        # the element's own end tag is not text
        lo = bisect.bisect_left(self._tag_starts, tag.end)
        hi = bisect.bisect_left(self._tag_starts, end)
        inner_tags = self._tags[lo:hi]
        if inner_tags and inner_tags[-1].closing and inner_tags[-1].end == end:
            end = inner_tags[-1].start
            inner_tags = inner_tags[:-1]

        def text(a: int, b: int) -> None:
            if excluded:
                return
            p = a
            for m in _ENTITY.finditer(raw, a, b):
                for c in range(p, m.start()):
                    chars.append(raw[c]); offs.append(c); lens.append(1)
                val = htmllib.unescape(m.group(0))
                for ch in val:
                    chars.append(ch); offs.append(m.start()); lens.append(m.end() - m.start())
                p = m.end()
            for c in range(p, b):
                chars.append(raw[c]); offs.append(c); lens.append(1)

        for t in inner_tags:
            text(pos, t.start)
            pos = t.end
            if t.closing:
                if excluded and excluded[-1] == t.name:
                    excluded.pop()
                continue
            if t.name == "br" and not excluded:
                chars.append(_BR); offs.append(t.start); lens.append(0)
            elif t.name in RAW_TEXT_TAGS:
                pos = self._after_raw_text(t, end)
                continue
            elif t.name in BLOCK_TAGS or t.name in CONTAINER_TAGS or t.name in SKIP_TAGS:
                if t.name not in VOID_TAGS:
                    excluded.append(t.name)
            if self._is_cf(raw[t.start:t.end]):
                return None
        text(pos, end)
        # the same normalisation as normalise(), on characters that remember their source
        out_c: list[str] = []
        out_o: list[int] = []
        out_l: list[int] = []
        ws = " \t\n\r\f"
        k = 0
        n = len(chars)
        while k < n:
            ch = chars[k]
            if ch in ws:
                j = k
                while j < n and chars[j] in ws:
                    j += 1
                exact = j - k == 1 and ch == " " and lens[k] == 1
                out_c.append(" "); out_o.append(offs[k]); out_l.append(1 if exact else 0)
                k = j
            else:
                out_c.append(ch); out_o.append(offs[k]); out_l.append(lens[k])
                k += 1
        c2: list[str] = []
        o2: list[int] = []
        l2: list[int] = []
        k = 0
        n = len(out_c)
        while k < n:
            if out_c[k] == _BR or (out_c[k] == " " and k + 1 < n and out_c[k + 1] == _BR):
                j = k + 1 if out_c[k] == " " else k
                start_off = out_o[j]
                while j < n and out_c[j] in (" ", _BR):
                    j += 1
                c2.append("\n"); o2.append(start_off); l2.append(0)
                k = j
            else:
                c2.append(out_c[k]); o2.append(out_o[k]); l2.append(out_l[k])
                k += 1
        a, b = 0, len(c2)
        while a < b and c2[a] in " \n":
            a += 1
        while b > a and c2[b - 1] in " \n":
            b -= 1
        if "".join(c2[a:b]) != self.text[block.span.start:block.span.end]:
            return None
        offs_final = o2[a:b] + [o2[b - 1] + max(l2[b - 1], 1) if b > a else tag.end]
        return offs_final, l2[a:b]

    def _after_raw_text(self, t: _Tag, end: int) -> int:
        close = re.compile(rf"</{t.name}[\s/>]", re.I).search(self.raw, t.end, end)
        if not close:
            return end
        gt = self.raw.find(">", close.start(), end)
        return end if gt < 0 else gt + 1

    @staticmethod
    def _is_cf(tag_src: str) -> bool:
        return "__cf_email__" in tag_src or "data-cfemail" in tag_src or "email-protection#" in tag_src

    def raw_text_span(self, i: int, start: int, end: int) -> tuple[int, int] | None:
        """The raw span of ``text[start:end]`` inside block ``i`` when it is there verbatim."""
        cm = self.charmap(i)
        if cm is None:
            return None
        offs, lens = cm
        block = self.blocks[i]
        a, b = start - block.span.start, end - block.span.start
        if a == b:
            return offs[a], offs[a]
        for k in range(a, b):
            if lens[k] != 1 or (k + 1 < b and offs[k + 1] != offs[k] + 1):
                return None
        return offs[a], offs[b - 1] + 1

    def verified_span(self, el) -> tuple[int, int] | None:
        """The element's raw span, only if its source holds exactly the text lxml saw in it."""
        span = self.element_span(el)
        if span is None:
            return None
        src = self.raw[span[0]:span[1]]
        src = re.sub(r"<!--.*?(?:--!?>|\Z)", "", src, flags=re.S)
        src = re.sub(r"<[A-Za-z/!?](?:[^>\"']|\"[^\"]*\"|'[^']*')*>", "", src)
        seen = "".join(_ws_free(htmllib.unescape(src)))
        want = "".join(_ws_free("".join(_itertext(el))))
        return span if seen == want else None


def _ws_free(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _itertext(el):
    if el.text:
        yield el.text
    for child in el:
        if isinstance(child.tag, str):
            yield from _itertext(child)
        if child.tail:
            yield child.tail


# ------------------------------------------------------------------------------ building blocks
def _own_tokens(el) -> tuple[frozenset, frozenset]:
    tokens: set[str] = set()
    for attr in ("class", "id"):
        value = el.get(attr)
        if value:
            tokens |= split_tokens(value)
    roles = set()
    for attr in ("rel", "itemprop", "role"):
        value = el.get(attr)
        if value:
            roles.update(f"{attr}={v}" for v in value.lower().split())
    return frozenset(tokens), frozenset(roles)


def _cf_address(el) -> str | None:
    hexstr = el.get("data-cfemail")
    if hexstr:
        return decode_cfemail(hexstr)
    href = el.get("href") or ""
    m = _CF_HREF.search(href)
    return decode_cfemail(m.group(1)) if m else None


def _is_cf_placeholder(el, text: str) -> bool:
    cls = el.get("class") or ""
    return "__cf_email__" in cls or el.get("data-cfemail") is not None or bool(
        el.tag == "a" and _CF_HREF.search(el.get("href") or "") and _PLACEHOLDER.fullmatch(text.strip()))


class _Collector:
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
                    self.parts.append(_BR)
                elif tag in BLOCK_TAGS or tag in CONTAINER_TAGS or tag in SKIP_TAGS:
                    pass
                else:
                    address = _cf_address(child) if tag in ("a", "span") else None
                    if address and _is_cf_placeholder(child, "".join(_itertext(child))):
                        self.parts.append(_CF_OPEN + address + _CF_CLOSE)
                        self.cf.append((address, child))
                        if in_link or tag == "a":
                            self.link_chars += len(address)
                    else:
                        self.walk(child, in_link or tag == "a")
            if child.tail:
                self._add(child.tail, in_link)

    def _add(self, s: str, in_link: bool) -> None:
        self.parts.append(s)
        if in_link:
            self.link_chars += len(s) - s.count(" ") - s.count("\n")


def _json_ld(root) -> dict:
    meta: dict = {}
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
                continue
            if not isinstance(item, dict):
                continue
            if "@graph" in item:
                stack.append(item["@graph"])
            author = item.get("author")
            if author and "author" not in meta:
                names = []
                for a in author if isinstance(author, list) else [author]:
                    name = a.get("name") if isinstance(a, dict) else a
                    if isinstance(name, str) and name.strip():
                        names.append(name.strip())
                if names:
                    meta["author"] = ", ".join(names)
            for key, target in (("datePublished", "date"), ("headline", "title"), ("url", "url")):
                value = item.get(key)
                if isinstance(value, str) and value.strip() and target not in meta:
                    meta[target] = value.strip()
    return meta


def _metadata(root) -> dict:
    meta: dict = {}
    props: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        content = el.get("content")
        if key and content and key not in props:
            props[key] = content.strip()
    canonical = None
    for el in root.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            canonical = el.get("href").strip()
            break
    title_el = root.find(".//title")
    ld = _json_ld(root)
    title = props.get("og:title") or (normalise(title_el.text or "") if title_el is not None else "") \
        or ld.get("title")
    candidates = {
        "title": title,
        "author": props.get("author") or props.get("article:author") or ld.get("author"),
        "url": canonical or props.get("og:url") or ld.get("url"),
        "date": props.get("article:published_time") or ld.get("date") or props.get("date"),
        "language": (root.get("lang") or root.get("xml:lang") or "").strip(),
    }
    for key, value in candidates.items():
        if value:
            meta[key] = value
    return meta


class HtmlReader(Reader):
    format = "html"
    extensions = (".html", ".htm", ".xhtml")

    def declared_encoding(self, data: bytes) -> str | None:
        m = _CHARSET.search(data[:4096])
        return m.group(1).decode("ascii") if m else None

    def parse(self, unit: Unit, ctx: ReadContext) -> list[Document]:
        for key in ctx.options:
            if key not in OPTIONS:
                from lintnews.errors import ConfigError
                from lintnews.config import nearest

                raise ConfigError(f"formats.html: unknown option {key!r}{nearest(key, OPTIONS)}")
        action = ctx.options.get("cloudflare", "decode")
        if action not in CF_ACTIONS:
            from lintnews.errors import ConfigError

            raise ConfigError(f"formats.html.cloudflare: {action!r} is not one of "
                              f"{', '.join(repr(a) for a in CF_ACTIONS)}")
        raw = unit.text
        root = None
        if raw.strip():
            try:
                from lxml import etree

                root = etree.fromstring(raw.encode("utf-8", "surrogatepass"), _html_parser())
            except Exception as err:  # lxml raises several types on hopeless input
                raise InputError(ctx.path, f"cannot parse HTML: {err}") from None
        if root is None:
            return [Document(ctx.path, self.format, "", [], {}, HtmlSource(raw, None, [], [], ""))]
        meta = _metadata(root)
        body = root.find("body")
        if body is None:
            body = root
        blocks: list[Block] = []
        elements: list = []
        texts: list[str] = []
        pos = 0
        seen_title = False
        eid = 0
        chain0 = []
        for anc in reversed(list(body.iterancestors())):
            tok, roles = _own_tokens(anc)
            chain0.append((eid, anc.tag.lower(), tok, roles))
            eid += 1
        base_path = "/".join(a[1] for a in chain0)
        stack = [(body, tuple(chain0), base_path)]
        while stack:
            el, parent_chain, parent_path = stack.pop()
            tag = el.tag.lower()
            tok, roles = _own_tokens(el)
            chain = parent_chain + ((eid, tag, tok, roles),)
            eid += 1
            path = f"{parent_path}/{tag}" if parent_path else tag
            for child in reversed(el):
                if isinstance(child.tag, str) and child.tag.lower() not in SKIP_TAGS:
                    stack.append((child, chain, path))
            if tag not in BLOCK_TAGS and tag not in CONTAINER_TAGS:
                continue
            col = _Collector()
            col.walk(el, tag == "a")
            text = normalise("".join(col.parts))
            if not text:
                continue
            cfs = []
            if col.cf:
                clean = []
                i = 0
                while True:
                    a = text.find(_CF_OPEN, i)
                    if a < 0:
                        clean.append(text[i:])
                        break
                    clean.append(text[i:a])
                    b = text.find(_CF_CLOSE, a)
                    start = pos + sum(len(c) for c in clean)
                    address = text[a + 1:b]
                    clean.append(address)
                    cfs.append({"start": start, "end": start + len(address), "address": address,
                                "action": action, "element": col.cf[len(cfs)][1]})
                    i = b + 1
                text = "".join(clean)
            all_tokens = frozenset().union(*(c[2] for c in chain))
            all_roles = frozenset().union(*(c[3] for c in chain))
            visible = len(text) - text.count(" ") - text.count("\n")
            density = min(1.0, col.link_chars / visible) if visible else 0.0
            if tag == "h1" and not seen_title:
                kind, seen_title = d.TITLE, True
            elif tag in HEADINGS:
                kind = d.HEADING
            elif tag == "li":
                kind = d.LIST_ITEM
            elif tag == "blockquote":
                kind = d.QUOTE
            elif tag in ("figcaption", "caption"):
                kind = d.CAPTION
            elif tag == "p":
                kind = d.PARAGRAPH
            else:
                kind = d.OTHER
            if kind in (d.PARAGRAPH, d.OTHER) and len(text) <= 120 and (
                    all_tokens & _BYLINE_TOKENS or "rel=author" in all_roles) \
                    and not all_tokens & _NOT_BYLINE:
                kind = d.BYLINE
                if "author" not in meta:
                    meta["author"] = re.sub(r"^(?:by|von|par)\s+", "", text, flags=re.I).strip()
            if texts:
                texts.append("\n\n")
                pos += 2
            span = Span(pos, pos + len(text))
            attrs = {"tag": tag, "tokens": all_tokens, "link_density": density, "path": path,
                     "ancestors": chain, "roles": all_roles}
            if cfs:
                attrs["cfemail"] = cfs
            blocks.append(Block(kind, span, span, len(blocks), attrs))
            elements.append(el)
            texts.append(text)
            pos += len(text)
        text = "".join(texts)
        if text:
            text += "\n"
        source = HtmlSource(raw, root, blocks, elements, text)
        return [Document(ctx.path, self.format, text, blocks, meta, source)]

    # -- fixing --------------------------------------------------------------------------------
    def render(self, unit: Unit, changes: list[tuple[Document, list[Edit]]]) -> str:
        raw = unit.text
        replacements: list[tuple[int, int, str]] = []
        for doc, edits in changes:
            src = doc.source
            if not isinstance(src, HtmlSource) or not src.blocks:
                continue
            replacements.extend(_raw_edits(doc, src, edits))
        if not replacements:
            return raw
        # outermost wins; drop anything inside a removed span
        replacements.sort(key=lambda r: (r[0], -r[1]))
        kept: list[tuple[int, int, str]] = []
        for r in replacements:
            if kept and r[0] < kept[-1][1]:
                if r[1] <= kept[-1][1]:
                    continue
                return raw  # crossing spans: refuse rather than guess
            if kept and r[0] == r[1] == kept[-1][0] == kept[-1][1]:
                continue
            kept.append(r)
        out = []
        pos = 0
        for a, b, content in kept:
            out.append(raw[pos:a])
            out.append(content)
            pos = b
        out.append(raw[pos:])
        return "".join(out)


def _raw_edits(doc: Document, src: HtmlSource, edits: list[Edit]) -> list[tuple[int, int, str]]:
    blocks = doc.blocks
    removed_blocks: set[int] = set()
    text_edits: list[tuple[int, int, int, str]] = []  # block, start, end, content
    cf_edits: list[tuple[object, str]] = []
    out: list[tuple[int, int, str]] = []
    for edit in edits:
        a, b = edit.span.start, edit.span.end
        touching = [i for i in _blocks_touching(src, a, b)]
        cf = next((c for i in touching for c in blocks[i].attrs.get("cfemail", ())
                   if (c["start"], c["end"]) == (a, b)), None)
        if cf is not None:
            cf_edits.append((cf["element"], edit.content))
            continue
        if edit.content == "":
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
    for el, content in cf_edits:
        span = src.element_span(el)
        if span is not None:
            out.append((span[0], span[1], htmllib.escape(content, quote=False)))
    removed_els = set()
    for i in sorted(removed_blocks):
        el = src.elements[i]
        if el.tag.lower() in BLOCK_TAGS:
            removed_els.add(el)
            continue
        # A container's block is only its own text: the element goes only when every block and
        # every piece of content inside it goes too; otherwise only its own inline pieces go.
        own = blocks[i].attrs["ancestors"][-1][0]
        inner = []
        j = i + 1
        while j < len(blocks) and any(c[0] == own for c in blocks[j].attrs.get("ancestors", ())):
            inner.append(j)
            j += 1
        inner_els = {src.elements[k] for k in inner}
        if all(k in removed_blocks for k in inner) and all(
                _is_chrome(x) for x in el.iterdescendants()
                if isinstance(x.tag, str) and x not in inner_els
                and not any(a in inner_els for a in x.iterancestors())
                and x.tag.lower() in MEDIA_TAGS):
            removed_els.add(el)
            continue
        if (el.text or "").strip() or any((c.tail or "").strip() for c in el):
            continue  # bare text between kept blocks: no element to cut; leave it
        for child in el:
            if isinstance(child.tag, str) and child.tag.lower() not in BLOCK_TAGS | CONTAINER_TAGS \
                    and "".join(_itertext(child)).strip():
                span = src.verified_span(child)
                if span is not None:
                    out.append((span[0], span[1], ""))
    # An element left holding nothing once its blocks go is removed with them.
    for el in _emptied_ancestors(removed_els, src):
        removed_els.add(el)
    tops = [el for el in removed_els if not any(a in removed_els for a in el.iterancestors())]
    for el in tops:
        span = src.verified_span(el)
        if span is None:
            continue
        out.append(_whole_lines(src.raw, span))
    for i, s, e, content in text_edits:
        if src.elements[i] in removed_els or any(a in removed_els for a in src.elements[i].iterancestors()):
            continue
        span = src.raw_text_span(i, s, e)
        if span is None:
            continue
        out.append((span[0], span[1], htmllib.escape(content, quote=False)))
    return out


def _blocks_touching(src: HtmlSource, a: int, b: int) -> list[int]:
    lo = max(0, bisect.bisect_right(src._starts, a) - 1)
    hi = bisect.bisect_left(src._starts, b) if b > a else bisect.bisect_right(src._starts, a)
    out = []
    for i in range(lo, hi):
        span = src.blocks[i].span
        if (span.start < b and a < span.end) if b > a else span.start <= a <= span.end:
            out.append(i)
    return out


def _is_chrome(el) -> bool:
    """Holds nothing a reader would miss: no text, and media only if it is an icon or avatar."""
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if not tag:
        return True  # comments
    if "".join(_itertext(el)).strip() and tag not in SKIP_TAGS - {"iframe", "object", "svg", "math"}:
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
    out: list = []
    gone = set(removed)
    frontier = {el.getparent() for el in removed if el.getparent() is not None}
    while frontier:
        nxt = set()
        for parent in frontier:
            if parent in gone or not isinstance(parent.tag, str) or parent.tag.lower() in PROTECTED_TAGS:
                continue
            if (parent.text or "").strip():
                continue
            ok = True
            for child in parent:
                if (child.tail or "").strip():
                    ok = False
                    break
                if child in gone:
                    continue
                if not _is_chrome(child):
                    ok = False
                    break
            if ok:
                gone.add(parent)
                out.append(parent)
                gp = parent.getparent()
                if gp is not None:
                    nxt.add(gp)
        frontier = nxt
    return out


def _whole_lines(raw: str, span: tuple[int, int]) -> tuple[int, int, str]:
    """Take the indentation and line break too when the element sits on lines of its own."""
    a, b = span
    line_start = raw.rfind("\n", 0, a) + 1
    if raw[line_start:a].strip(" \t"):
        return a, b, ""
    nl = raw.find("\n", b)
    line_end = len(raw) if nl < 0 else nl + 1
    if raw[b:line_end].strip(" \t\r\n"):
        return a, b, ""
    return line_start, line_end, ""


register(HtmlReader())
