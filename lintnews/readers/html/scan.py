"""A regex tag scanner: where each start and end tag of the source is.

lxml gives no raw offsets, so this finds them. It is a scanner, not a parser: it knows comments,
declarations (CDATA among them), quoted attribute values (which may hold ``>``) and the raw-text
elements whose content is not markup, and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lintnews.readers.html.tags import RAW_TEXT_TAGS
from lintnews.patterns import compile_cached

# Comments and declarations end where libxml2's HTML parser ends them: "<!-->" and "<!--->" are
# whole empty comments, and "<![CDATA[...", any other "<!" or "<?" and a doctype end at the
# first ">", quotes or not (CDATA sections are XML's, not HTML's). Read on to a later "-->" or
# "]]>", they hid real tags from the scanner: a removed element's span ran over those tags and
# the article text between them.
_COMMENT = r"!--(?:-?>|.*?(?:--!?>|\Z))"
_DECLARATION = r"[!?][^>]*>?"
# Attribute runs and quoted values are possessive: each step of the repetition starts with a
# different character and none with ">", so giving one back could never let ">" match: the
# backtracking the engine would try is pure cost (half the scan's time on real pages).
# A name is given back only before a quote in it (where the rest may read as a quoted value):
# given back a character at a time, each step read the rest of the tag again, and a run of "<a="
# with no ">" after it took time in the cube of its length (45 s for 6 KB). Giving back any
# other character leads where giving back to the next quote led. Only a tag's slash and name are
# captured (groups 1 and 2); comments and the like match without groups, so the scan passes over
# them unread.
_TAG = compile_cached(
    rf"<(?:{_COMMENT}|{_DECLARATION}"
    r"|(/?)([A-Za-z][^\s/>\"']*+(?:[\"'][^\s/>\"']*+)*)(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+>)", re.S)
# Markup that is neither a tag nor text: comments, declarations (CDATA among them).
NOT_TEXT = compile_cached(rf"<(?:{_COMMENT}|{_DECLARATION})", re.S)
_COMMENTS = compile_cached("<" + _COMMENT, re.S)
_ANY_TAG = compile_cached(r"<(?:[!?][^>]*+>|[A-Za-z/](?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+>)")


@dataclass(slots=True)
class Tag:
    name: str
    start: int
    end: int
    closing: bool


class Tags:
    """The scanner's tags in source order, one list per field: a page has tens of thousands of
    tags, kept as lists of names and numbers rather than an object each (which cost as much to
    make as the scan, and more for the garbage collector to walk). Indexing gives a ``Tag``."""

    __slots__ = ("names", "starts", "ends", "closing", "opens")

    def __init__(self) -> None:
        self.names: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.closing: list[bool] = []
        self.opens: dict[str, list[int]] = {}  # tag name -> indices of its start tags

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, k: int) -> Tag:
        return Tag(self.names[k], self.starts[k], self.ends[k], self.closing[k])


_RAW_TEXT_ENDS = {name: re.compile(rf"</{name}[\s/>]", re.I) for name in RAW_TEXT_TAGS}


def _raw_text_end(raw: str, name: str, pos: int, end: int):
    return _RAW_TEXT_ENDS[name].search(raw, pos, end)


def scan_tags(raw: str) -> Tags:
    """Start and end tags of the source in order, comments and raw-text contents skipped."""
    out = Tags()
    names, starts, ends, closing = out.names.append, out.starts.append, out.ends.append, out.closing.append
    opens = out.opens
    k = 0
    pos = 0
    # A tag ends with a ">": none starts after the last. Each "<" before the end of a text with
    # no ">" after it was read to the end, in the square of its length.
    n = raw.rfind(">") + 1
    while pos < n:
        # One scan runs until a raw-text element opens: its content is not markup, so the scan
        # starts again at its end tag.
        for m in _TAG.finditer(raw, pos, n):
            slash, name = m.group(1, 2)
            if name is None:
                continue
            name = name.lower()
            start, end = m.span()
            names(name)
            starts(start)
            ends(end)
            closing(slash == "/")
            k += 1
            if slash:
                continue
            try:
                opens[name].append(k - 1)
            except KeyError:
                opens[name] = [k - 1]
            if name in RAW_TEXT_TAGS:
                close = _raw_text_end(raw, name, end, n)
                pos = close.start() if close else n
                break
        else:
            break
    return out


def after_raw_text(raw: str, name: str, tag_end: int, end: int) -> int:
    """Where the content and end tag of the raw-text element ``name`` whose start tag ends at
    ``tag_end`` stop."""
    close = _raw_text_end(raw, name, tag_end, end)
    if not close:
        return end
    gt = raw.find(">", close.start(), end)
    return end if gt < 0 else gt + 1


def strip_markup(src: str) -> str:
    """The source with its comments and tags taken out (entities still escaped)."""
    src = _COMMENTS.sub("", src)
    end = src.rfind(">") + 1  # as in scan_tags: no tag after the last ">"
    return _ANY_TAG.sub("", src[:end]) + src[end:]
