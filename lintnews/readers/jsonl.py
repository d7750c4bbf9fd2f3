"""JSONL / NDJSON: one record per line, one Document per linted text field of a record.

The file is streamed (``streaming = True``): the API hands this reader one line at a time, so a
dump of any size lints in constant memory. A fix rewrites only the changed parts of the changed
field's raw JSON string: every other byte of the line (key order, spacing, other fields, escapes
such as ``\\/`` or ``\\r\\n`` in untouched text) stays as it was.
"""

from __future__ import annotations

import bisect
import json
import re
from array import array
from itertools import accumulate, chain, count, repeat
from json.decoder import scanstring
from operator import sub

from lintnews.document import Document
from lintnews.errors import ConfigError, InputError
from lintnews.fix import apply_edits, merge_deletions, splice
from lintnews.model import Edit
from lintnews.readers import ReadContext, Reader, Unit, parse_int, register
from lintnews.readers.text import make_blocks, split_blocks
from lintnews.patterns import compile_cached

DEFAULT_FIELDS = ("text", "content", "body", "article")
META_FIELDS = ("title", "author", "url", "date")
OPTIONS = {"fields", "encoding"}
_WS = " \t\r\n"
# A JSON string's escape: a surrogate pair written as two, one character's, or a letter's.
_ESCAPE = compile_cached(r"(?s)\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)")
_SPAN = re.Match.span


_decoder = json.JSONDecoder(parse_int=parse_int)
_QUOTE_OR_ESCAPE = compile_cached(r'["\\]')
_NON_ASCII = compile_cached(r"[^\x00-\x7f]")


_LONG_LINE = 1 << 20


def _string_end(line: str, i: int) -> int:
    """Where the JSON string opened at ``i`` ends. In a line of a megabyte or more it is found
    without decoding the string (a copy as large as the record, for nothing); in a shorter one the
    decoder's C scanner is quicker than stepping from escape to escape. The line is known to be
    valid JSON."""
    if len(line) < _LONG_LINE:
        return scanstring(line, i + 1)[1]
    at = i + 1
    while (m := _QUOTE_OR_ESCAPE.search(line, at)) is not None:
        if m.group() == '"':
            return m.end()
        at = m.end() + 1  # the escaped character, a quote or a backslash among them
    return len(line)


def value_spans(line: str) -> dict[str, tuple[int, int]]:
    """Raw (start, end) of each top-level value of a JSON object line, quotes included."""
    spans: dict[str, tuple[int, int]] = {}
    n = len(line)
    i = 0

    def skip(i: int) -> int:
        while i < n and line[i] in _WS:
            i += 1
        return i

    i = skip(i)
    if i >= n or line[i] != "{":
        return spans
    i = skip(i + 1)
    while i < n and line[i] != "}":
        if line[i] != '"':
            return spans
        key, i = scanstring(line, i + 1)
        i = skip(i)
        i = skip(i + 1)  # the colon
        start = i
        if line.startswith('"', i):  # a text field may be megabytes long: see _string_end
            i = _string_end(line, i)
        else:
            _, i = _decoder.raw_decode(line, i)
        spans[key] = (start, i)
        i = skip(i)
        if i < n and line[i] == ",":
            i = skip(i + 1)
    return spans


class StringOffsets:
    """Raw offset (inside the quotes, plus ``base``) of each decoded character of a JSON string,
    and of its end: ``offsets[i]`` for the i-th character, ``offsets[len(offsets) - 1]`` for the end.

    A character written as an escape maps to the start of its escape, so columns inside escaped
    text point at the escape sequence rather than at a character of their own. Only the escapes
    are kept (a list of every character's offset took 70 bytes per character: a 5 MB record
    with one finding peaked at 500 MB); a character between them is as far from the last escape
    before it in the raw text as in the decoded one.
    """

    __slots__ = ("_at", "_raw", "_extra", "_length", "_end", "_base")

    def __init__(self, raw: str, base: int = 0, end: int | None = None) -> None:
        # ``raw[base:end]`` is read where it stands in ``raw`` (a record's line): a copy of a
        # long value would cost as much memory again as the record.
        # Machine integers, not lists of int objects: a text's line breaks are escapes too, and
        # a long record holds hundreds of thousands.
        if end is None:
            raw_base, end = 0, len(raw)
        else:
            raw_base = base
        # Four bytes an offset where they fit, as they do in any record of less than 2 GB.
        code = "i" if len(raw) < 1 << 31 else "q"
        # The escapes found by one regex search and their offsets worked out by iterators: a
        # loop over them in Python (a text's line breaks and quotes are escapes) cost a
        # microsecond an escape, as much as reading the record.
        spans = array(code, chain.from_iterable(map(_SPAN, _ESCAPE.finditer(raw, raw_base, end))))
        starts, ends = spans[0::2], spans[1::2]
        del spans
        # Raw characters beyond one per character, after each escape: its width less one, summed.
        extra = array(code, [0])
        extra.extend(map(sub, accumulate(map(sub, ends, starts)), count(1)))
        del ends
        raw_at = array(code, map(sub, starts, repeat(raw_base))) if raw_base else starts  # of each escape
        at = array(code, map(sub, raw_at, extra))  # decoded index of each escaped character
        self._at, self._raw, self._extra = at, raw_at, extra
        self._length = end - raw_base - extra[-1]
        self._end, self._base = end - raw_base, base

    def __len__(self) -> int:
        return self._length + 1

    def __getitem__(self, index: int) -> int:
        if not 0 <= index <= self._length:
            raise IndexError(index)
        if index == self._length:
            return self._base + self._end
        k = bisect.bisect_right(self._at, index)
        if k and self._at[k - 1] == index:
            return self._base + self._raw[k - 1]
        return self._base + index + self._extra[k]


class JsonlSource:
    """Positions of a field's text in the record's raw line, computed when first asked."""

    def __init__(self, line: str, line_no: int, field: str, original: str) -> None:
        self.line: str | None = line
        self.line_no = line_no
        self.field = field
        self.crlf = list(_iter_crlf(original))  # (of the decoded value, before CRLF became LF)
        self._span: tuple[int, int] | None = None
        self._offs: StringOffsets | None = None
        if len(line) >= _LONG_LINE:
            # A long record's positions are worked out now and its line let go of: the line
            # (4 bytes a character for text with one emoji) need not outlive the reading.
            self.offsets()
            self.line = None

    def value_span(self) -> tuple[int, int]:
        if self._span is None:
            self._span = value_spans(self.line)[self.field]
        return self._span

    def offsets(self) -> StringOffsets:
        if self._offs is None:
            start, end = self.value_span()
            self._offs = StringOffsets(self.line, start + 1, end - 1)
        return self._offs

    def original_index(self, offset: int) -> int:
        return offset + bisect.bisect_left(self.crlf, offset)

    def raw_offset(self, offset: int) -> int:
        offs = self.offsets()
        return offs[min(self.original_index(offset), len(offs) - 1)]

    def position(self, offset: int) -> tuple[int, int]:
        return self.line_no, self.raw_offset(offset) + 1


def _iter_crlf(text: str):
    """Offsets, in the LF text, of the line breaks that were CRLF in the original."""
    removed = 0
    i = text.find("\r\n")
    while i >= 0:
        yield i - removed
        removed += 1
        i = text.find("\r\n", i + 2)


class JsonlReader(Reader):
    format = "jsonl"
    extensions = (".jsonl", ".ndjson")
    streaming = True  # the API reads, lints and writes one line at a time

    def units(self, text: str):
        pos, line = 0, 1
        while pos < len(text):
            nl = text.find("\n", pos)
            end = len(text) if nl < 0 else nl + 1
            yield Unit(text[pos:end], line, line - 1)
            pos, line = end, line + 1

    def parse(self, unit: Unit, ctx: ReadContext) -> list[Document]:
        fields = self._fields(ctx)
        # The line as read, its line end included (JSON reads it as white space): a copy of a
        # record without it would cost as much memory again as the record (4 bytes a character
        # for text with one emoji).
        line = unit.text
        if not line or line.isspace():
            return []
        try:
            record = _decoder.decode(line)
        except RecursionError:
            raise InputError(ctx.path, "JSON record nested too deeply to read; kept as is",
                             unit.line) from None
        except ValueError as err:
            where = f" at column {err.colno}" if isinstance(err, json.JSONDecodeError) else ""
            msg = getattr(err, "msg", str(err))
            raise InputError(ctx.path, f"malformed JSON record ({msg}{where}); kept as is",
                             unit.line) from None
        if not isinstance(record, dict):
            raise InputError(ctx.path, "record is not a JSON object; kept as is", unit.line)
        if fields is None:
            chosen = [next((f for f in DEFAULT_FIELDS if isinstance(record.get(f), str)), None)]
            chosen = [c for c in chosen if c]
        else:
            chosen = [f for f in fields if isinstance(record.get(f), str)]
        meta: dict = {}
        for key in META_FIELDS:
            value = record.get(key)
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value if isinstance(v, (str, int, float)))
            if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value):
                meta[key] = str(value)
        accepted = record.get("lintnews_ignore")  # inline suppression (lintnews.suppress)
        if isinstance(accepted, str) or (isinstance(accepted, list) and all(isinstance(c, str) for c in accepted)):
            meta["lintnews_ignore"] = accepted
        meta["fields"] = {k: v for k, v in record.items()
                          if k not in chosen and (v is None or isinstance(v, (str, int, float, bool)))}
        sources = [JsonlSource(line, unit.line, name, record[name]) for name in chosen]
        if unit.spare:  # the sources have read a long line: it need not outlive them
            unit.text = ""
        del line
        docs = []
        for name, source in zip(chosen, sources):
            text = record[name].replace("\r\n", "\n")
            scratch = dict(meta)
            blocks = make_blocks(text, split_blocks(text), scratch)
            docs.append(Document(ctx.path, self.format, text, blocks, dict(meta), source,
                                 field=name))
        return docs

    @staticmethod
    def _fields(ctx: ReadContext) -> list[str] | None:
        for key in ctx.options:
            if key not in OPTIONS:
                from lintnews.config import nearest

                raise ConfigError(f"formats.jsonl: unknown option {key!r}{nearest(key, OPTIONS)}")
        fields = ctx.options.get("fields")
        if fields is None:
            return None
        if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields) or not fields:
            raise ConfigError("formats.jsonl.fields: expected a non-empty list of field names")
        return fields

    def render(self, unit: Unit, changes: list[tuple[Document, list[Edit]]]) -> str:
        # A long record is a few copies of its text at most while it is fixed: the line, its
        # field's text and the field fixed (4 bytes a character for text with one emoji). The
        # line is spliced with its line end, as the edits never reach it, and no part of it is
        # copied to be looked at.
        text = unit.text
        replacements: list[tuple[int, int, str]] = []
        for doc, edits in changes:
            src = doc.source
            if not isinstance(src, JsonlSource):
                continue
            new = apply_edits(doc.text, edits)
            if not doc.text.endswith("\n"):
                new = new.rstrip("\n")  # a field is not a file: no final newline of its own
            if new == doc.text:
                continue
            merged = merge_deletions(sorted(edits, key=lambda e: (e.span.start, e.span.end)))
            start, end = src.value_span()
            ascii_only = text.isascii() or _NON_ASCII.search(text, start + 1, end - 1) is None
            crlf = bool(src.crlf)
            # The edits spliced in alone give ``new`` unless the fix engine also tidied blank
            # lines, which only ever shortens it: the lengths tell, without a second copy.
            spliced = len(doc.text) + sum(len(e.content) - len(e.span) for e in merged)
            if spliced != len(new):
                # The fix engine also tidied blank lines: rewrite the one region that changed.
                a = _common_prefix(doc.text, new)
                b = _common_suffix(doc.text[a:], new[a:])
                merged = [Edit(type(edits[0].span)(a, len(doc.text) - b), new[a:len(new) - b])]
            del new
            for e in merged:
                content = e.content.replace("\n", "\r\n") if crlf else e.content
                encoded = json.dumps(content, ensure_ascii=ascii_only)[1:-1]
                replacements.append((src.raw_offset(e.span.start), src.raw_offset(e.span.end), encoded))
        if not replacements:
            return text
        replacements.sort()
        if any(b[0] < a[1] for a, b in zip(replacements, replacements[1:])):
            return text  # overlapping edits of two documents: leave the record alone
        return splice(text, replacements)


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _common_suffix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[-1 - i] == b[-1 - i]:
        i += 1
    return i


register(JsonlReader())
