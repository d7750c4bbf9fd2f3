"""JSONL / NDJSON: one record per line, one Document per linted text field of a record.

The file is streamed (``streaming = True``): the API hands this reader one line at a time, so a
dump of any size lints in constant memory. A fix rewrites only the changed parts of the changed
field's raw JSON string: every other byte of the line (key order, spacing, other fields, escapes
such as ``\\/`` or ``\\r\\n`` in untouched text) stays as it was.
"""

from __future__ import annotations

import bisect
import json
from json.decoder import scanstring

from lintnews.document import Document
from lintnews.errors import ConfigError, InputError
from lintnews.fix import apply_edits, edit_triples, end_tidied, merge_deletions, splice
from lintnews.model import Edit
from lintnews.readers import ReadContext, Reader, Unit, parse_int, register
from lintnews.readers.json_string import StringOffsets, decoded_pieces
from lintnews.readers.text import make_blocks, split_blocks
from lintnews.patterns import compile_cached

DEFAULT_FIELDS = ("text", "content", "body", "article")
META_FIELDS = ("title", "author", "url", "date")
OPTIONS = {"fields", "encoding"}
_WS = " \t\r\n"


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


_JSON_WS = compile_cached(r"[ \t\r\n]*")
_PIECE = 1 << 16


def _long_record(line: str) -> tuple[dict, dict[str, list[str]]] | None:
    """A long line's record as ``_decoder.decode`` reads it, but each string value of more than
    ``_PIECE`` characters left as its decoded pieces (under its key in the second dict; "" in the
    record). None when the line is not a valid JSON object: the decoder then says why.

    The record's text is decoded piece by piece, each piece as narrow as its own characters, and
    joined once the line is let go of: decoded whole, it grew to the width of its widest character
    (4 bytes a character for text with one emoji) beside the line, and then some, as the decoder
    leaves room to grow."""
    record: dict = {}
    pieces: dict[str, list[str]] = {}
    n = len(line)
    try:
        i = _JSON_WS.match(line).end()
        if line[i] != "{":
            return None
        i = _JSON_WS.match(line, i + 1).end()
        closing = line[i] == "}"
        while not closing:
            if line[i] != '"':
                return None
            key, i = scanstring(line, i + 1)
            i = _JSON_WS.match(line, i).end()
            if line[i] != ":":
                return None
            i = _JSON_WS.match(line, i + 1).end()
            pieces.pop(key, None)
            if line.startswith('"', i) and (end := _string_end(line, i)) - i > _PIECE:
                pieces[key] = decoded_pieces(line, i + 1, end - 1, _PIECE)
                record[key] = ""
                i = end
            else:
                record[key], i = _decoder.raw_decode(line, i)
            i = _JSON_WS.match(line, i).end()
            closing = line[i] == "}"
            if not closing:
                if line[i] != ",":
                    return None
                i = _JSON_WS.match(line, i + 1).end()
        if _JSON_WS.match(line, i + 1).end() != n:
            return None
    except (ValueError, IndexError, RecursionError):
        return None
    return record, pieces


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


class JsonlSource:
    """Positions of a field's text in the record's raw line, computed when first asked."""

    def __init__(self, line: str, line_no: int, field: str, original: str | None) -> None:
        self.line: str | None = line
        self.line_no = line_no
        self.field = field
        # (of the decoded value, before CRLF became LF; set by the reader when it is decoded later)
        self.crlf = [] if original is None else list(_iter_crlf(original))
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
        long = _long_record(line) if len(line) >= _LONG_LINE else None
        try:
            record, pieces = long or (_decoder.decode(line), {})
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
        for key in [k for k in pieces if k not in chosen]:
            record[key] = "".join(pieces.pop(key))
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
        sources = [JsonlSource(line, unit.line, name, record[name] if name not in pieces else None)
                   for name in chosen]
        if unit.spare:  # the sources have read a long line: it need not outlive them
            unit.text = ""
        del line
        for source in sources:
            if source.field in pieces:
                record[source.field] = "".join(pieces.pop(source.field))
                source.crlf = list(_iter_crlf(record[source.field]))
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
        replacements = [r for doc, edits in changes if isinstance(doc.source, JsonlSource)
                        for r in _replacements(doc, edits, text)]
        # The documents' texts go before the line is spliced: a long record's fixed line is
        # made beside its line alone, not beside its text as well.
        changes.clear()
        if not replacements:
            return text
        replacements.sort()
        if any(b[0] < a[1] for a, b in zip(replacements, replacements[1:])):
            return text  # overlapping edits of two documents: leave the record alone
        return splice(text, replacements)


def _replacements(doc: Document, edits: list[Edit], line: str) -> list[tuple[int, int, str]]:
    """The (start, end, raw JSON) that put the fixed field's text in the record's line."""
    src = doc.source
    merged = merge_deletions(sorted(edits, key=lambda e: (e.span.start, e.span.end)))
    final = _field_edits(doc.text, merged)
    if final is not None:
        # The edits alone give the fixed text: no copy of it is made only to be compared (a
        # long record's, as large as its line).
        merged = final
        if sum(len(e.content) - len(e.span) for e in merged) == 0 and splice(doc.text, edit_triples(merged)) == doc.text:
            return []  # edits that together change nothing (a text as long may be the same)
    else:
        new = apply_edits(doc.text, edits)
        if not doc.text.endswith("\n"):
            new = new.rstrip("\n")
        if new == doc.text:
            return []
        # The edits spliced in alone give ``new`` unless the end was tidied, which only ever
        # shortens it: then the one region that changed is rewritten.
        if len(doc.text) + sum(len(e.content) - len(e.span) for e in merged) != len(new):
            a = _common_prefix(doc.text, new)
            b = _common_suffix(doc.text[a:], new[a:])
            merged = [Edit(type(edits[0].span)(a, len(doc.text) - b), new[a:len(new) - b])]
        del new
    start, end = src.value_span()
    ascii_only = line.isascii() or _NON_ASCII.search(line, start + 1, end - 1) is None
    crlf = bool(src.crlf)
    out = []
    for e in merged:
        content = e.content.replace("\n", "\r\n") if crlf else e.content
        encoded = json.dumps(content, ensure_ascii=ascii_only)[1:-1]
        out.append((src.raw_offset(e.span.start), src.raw_offset(e.span.end), encoded))
    return out


def _field_edits(text: str, merged: list[Edit]) -> list[Edit] | None:
    """The edits that give the field's fixed text: ``apply_edits``'s, without a final newline
    where the field had none (a field is not a file). None where only the fixed text tells."""
    final = end_tidied(text, merged)
    if final is None or text.endswith("\n") or final[-1].span.end < len(text):
        return final
    last = final[-1]
    content = last.content.rstrip("\n")
    before = final[-2].span.end if len(final) > 1 else 0
    if not content and (last.span.start == before or text[last.span.start - 1] == "\n"):
        return None  # the newlines to strip are those kept before the edit
    return [*final[:-1], Edit(last.span, content)]


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
