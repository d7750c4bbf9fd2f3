"""Markdown: YAML front matter becomes metadata; headings, paragraphs, list items, quotes are blocks."""

from __future__ import annotations

import re
from datetime import date, datetime

from lintnews import document as d
from lintnews.document import Block, Document, line_starts
from lintnews.errors import InputError
from lintnews.model import Span
from lintnews.patterns import LazyPattern, compile_cached
from lintnews.readers import ReadContext, Reader, Unit, register

# _FRONT and _FLOW are compiled on first use: a run without Markdown files (most) never
# reads front matter; every reader module is imported on every run.
# Line ends may be CRLF: front matter written on Windows above a body added elsewhere is common.
_FRONT = LazyPattern(r"\A---[ \t]*\r?\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# The parser ends a line at a lone CR too (a file of LF lines with a stray CR in it); the file's
# lines, and every other reader's, end at LF only. Shown a space instead, the parser keeps its
# line numbers those of the file: counted its way, blocks landed a line late (on the "Also Read"
# line of a fenced code block, say) or past the end of the file.
_LONE_CR = compile_cached(r"\r(?!\n)")
_MARKER = compile_cached(r"^[ \t]*(?:(?:>[ \t]?)+|#{1,6}[ \t]+|[-*+][ \t]+|\d{1,9}[.)][ \t]+)*")
# PyYAML's scanner does work in proportion to the open flow collections ([ and {) for each token,
# so a few thousand of them cost half a second before its parser runs out of stack; real front
# matter nests a handful. Brackets inside quoted strings count too: a hundred of them is no title.
_MAX_FLOW_DEPTH = 100
_FLOW = LazyPattern(r"[\[\]{}]")
_META_KEYS = {"title": "title", "author": "author", "authors": "author", "date": "date",
              "url": "url", "link": "url", "canonical_url": "url", "lang": "language",
              "language": "language"}

_parser = None


def _markdown_parser():
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt

        _parser = MarkdownIt("commonmark")
    return _parser


_loader = None


def _yaml_loader():
    """PyYAML's safe loader without aliases and with dates kept as written.

    Aliases are refused: a kilobyte of nested aliases expands to gigabytes (the "billion
    laughs"), and article metadata never needs them. Dates stay the text the file gives, so
    ``date: 2020-13-45`` is metadata to report on, not a value that fails to load.
    """
    global _loader
    if _loader is None:
        import yaml
        from yaml.events import AliasEvent

        class Loader(yaml.SafeLoader):
            def compose_node(self, parent, index):
                if self.check_event(AliasEvent):
                    event = self.peek_event()
                    raise InputError(self.name, f"front matter uses a YAML alias (*{event.anchor}); "
                                     "aliases are not expanded", event.start_mark.line + 2)
                return super().compose_node(parent, index)

        Loader.yaml_implicit_resolvers = {
            first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
            for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
        _loader = Loader
    return _loader


def _flow_depth(yaml_text: str) -> int:
    depth = deepest = 0
    for m in _FLOW.finditer(yaml_text):
        depth = depth + 1 if m.group() in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def front_matter(text: str, path: str) -> tuple[dict, int]:
    """Parse the front matter: its metadata and where the body starts."""
    m = _FRONT.match(text)
    if not m:
        return {}, 0
    if _flow_depth(m.group(1) or "") > _MAX_FLOW_DEPTH:
        raise InputError(path, "front matter is nested too deeply to read")
    import yaml

    loader = None
    try:
        # The loader checks the characters as it is made: a control character is a ReaderError.
        loader = _yaml_loader()(m.group(1) or "")
        loader.name = path
        data = loader.get_single_data() or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark else None
        problem = getattr(err, "problem", None) or "invalid YAML"
        if isinstance(err, yaml.reader.ReaderError):  # a character YAML refuses, told by its offset
            line = (m.group(1) or "").count("\n", 0, err.position) + 2
            problem = f"{err.reason} (U+{err.character:04X})"
        raise InputError(path, f"front matter is not valid YAML: {problem}", line) from None
    except RecursionError:
        raise InputError(path, "front matter is nested too deeply to read") from None
    except InputError:
        raise
    except Exception as err:  # a value its tag cannot make (!!int "x", a 5,000-digit number)
        raise InputError(path, f"front matter has a value that cannot be read: {err}") from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        raise InputError(path, "front matter is not a mapping of keys to values")
    meta = {"front_matter": data}
    for key, target in _META_KEYS.items():
        value = data.get(key)
        if value is None or target in meta:
            continue
        if isinstance(value, (date, datetime)):
            value = value.isoformat()
        try:
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            meta[target] = str(value)
        except ValueError as err:  # 0x and 5,000 hex digits: read, but too long to write in decimal
            raise InputError(path, f"front matter has a value that cannot be read: {err}") from None
    return meta, m.end()


class MarkdownReader(Reader):
    format = "markdown"
    extensions = (".md", ".markdown", ".mdown", ".mkd")

    def parse(self, unit: Unit, ctx: ReadContext) -> list[Document]:
        text = unit.text
        meta, body = front_matter(text, ctx.path)
        # Blank out the front matter so the parser's line numbers stay those of the file.
        masked = "\n" * text.count("\n", 0, body) + _LONE_CR.sub(" ", text[body:])
        starts = line_starts(text)
        starts.append(len(text) + 1)

        blocks: list[Block] = []
        stack: list[str] = []
        first_heading = True
        for tok in _markdown_parser().parse(masked):
            if tok.nesting == 1 and tok.type in ("blockquote_open", "list_item_open"):
                stack.append(tok.type)
            elif tok.nesting == -1 and tok.type in ("blockquote_close", "list_item_close"):
                stack.pop()
            if tok.type not in ("paragraph_open", "heading_open") or not tok.map:
                continue
            first, last = tok.map
            s = starts[first]
            e = min(starts[last], len(text) + 1) - 1
            e = max(s, min(e, len(text)))
            raw = text[s:e]
            lead = _MARKER.match(raw).end()
            # An empty heading ("## " before a blank line): its marker's white space runs past
            # the end of its stripped text, and the block is empty where its text would start.
            inner = Span(s + lead, s + max(lead, len(raw.rstrip())))
            if tok.type == "heading_open":
                kind = d.TITLE if first_heading and tok.tag == "h1" and not blocks else d.HEADING
                first_heading = False
            elif "blockquote_open" in stack:
                kind = d.QUOTE
            elif "list_item_open" in stack:
                kind = d.LIST_ITEM
            else:
                kind = d.PARAGRAPH
            blocks.append(Block(kind, inner, Span(s, e), len(blocks)))
        return [Document(ctx.path, self.format, text, blocks, meta)]


register(MarkdownReader())
