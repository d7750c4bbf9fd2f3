"""Line-based files (JSONL dumps) linted and fixed one line at a time, in constant memory, and
written back through one atomic stream."""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lintnews.api import FileResult, Linter, Rewrite, _plain_write
from lintnews.bytediff import trim
from lintnews.config import Config
from lintnews.errors import FixError, InputError
from lintnews.readers import Reader, Unit
from lintnews.source import AtomicStream, RawText, codec_name, fingerprint, open_regular

_MAX_LINE_ERRORS = 50  # a file of garbage reports this many lines, then a count
PART_LINES = 1000  # a streamed file hands its findings on after this many lines (or findings)
SPAN_BYTES = 4 << 20  # a worker's share of a split file: PART_LINES lines, or about this many bytes


@dataclass
class Span:
    """A share of a streamed file for one worker: bytes [start, end), whole lines, the first of
    them numbered ``first``."""
    start: int
    end: int
    first: int
    lines: int


@dataclass
class SpanResult:
    """What linting a span gave: its findings, fixes and errors, and the new bytes of each line
    a fix changed (by line number). The file itself is written by the process that cut the spans."""
    lines: int
    diagnostics: list = field(default_factory=list)
    fixed: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    changes: dict[int, bytes] = field(default_factory=dict)


def cut_spans(path: str, head: int | None = None) -> Iterator[Span]:
    """Spans of at most PART_LINES lines (or a little over SPAN_BYTES bytes), in file order;
    the first of at most ``head`` lines when given."""
    lines, size = head or PART_LINES, SPAN_BYTES
    with open_regular(path) as f:
        start = offset = count = 0
        first = 1
        for data in f:
            offset += len(data)
            count += 1
            if count == lines or offset - start >= size:
                yield Span(start, offset, first, count)
                start, first, count = offset, first + count, 0
                lines = PART_LINES
        if count:
            yield Span(start, offset, first, count)


class _Setup:
    """What linting any line of a streamed file needs, worked out once per file (and process)."""

    def __init__(self, linter: Linter, path: str, config: Config, reader: Reader) -> None:
        self.reader = reader
        self.ruleset = linter.ruleset(config)
        self.ignore = config.ignored_for(path)
        self.ctx = linter._context(path, config, reader)
        self.unsafe = linter.unsafe(config)
        encoding = self.ctx.options.get("encoding") or "utf-8"
        try:
            self.encoding = codec_name(encoding)
        except LookupError:
            raise InputError(path, f"unknown encoding {encoding!r}") from None

    def line(self, linter: Linter, box: list[bytes], number: int, result) -> bytes | None:
        """Lint the line held in ``box`` (a list of one item), which a check empties once the
        line is decoded: a long record's bytes are not held while it is linted."""
        return _stream_line(linter, self.reader, box, number, self.ctx, self.ruleset, self.ignore,
                            self.unsafe, result, self.encoding)


def lint_span(linter: Linter, path: str, span: Span) -> SpanResult:
    """Lint (and fix, in memory) the lines of one span; run in a worker process."""
    config = linter.resolver.for_path(path)
    setup = _Setup(linter, path, config, linter._reader(path))
    out = SpanResult(span.lines)
    with open_regular(path) as f:
        f.seek(span.start)
        for number in range(span.first, span.first + span.lines):
            new_data = setup.line(linter, [f.readline()], number, out)
            if new_data is not None:
                out.changes[number] = new_data
    return out


def _lines_here(linter: Linter, setup: _Setup, f, result: FileResult, keep: bool):
    # Not rewriting, a line's bytes are not needed once decoded: nothing here holds them while
    # its record is linted (enumerate's reused tuple would, so the lines are counted by hand).
    number = 0
    for data in f:
        number += 1
        if keep:
            yield number, data, setup.line(linter, [data], number, result)
        else:
            box = [data]
            del data
            yield number, b"", setup.line(linter, box, number, result)


def _lines_from_spans(spans: Iterator[SpanResult], f, result: FileResult, read: bool):
    # The spans' findings join the file's result as each span comes back, in file order; the
    # lines themselves are read here only when the file is being rewritten.
    number = 0
    for span in spans:
        result.diagnostics.extend(span.diagnostics)
        result.fixed.extend(span.fixed)
        result.errors.extend(span.errors)
        for _ in range(span.lines):
            number += 1
            yield number, f.readline() if read else b"", span.changes.get(number)


def stream_parts(linter: Linter, path: str, config: Config, reader: Reader, split: bool = True,
                 spans: Callable[[], Iterator[SpanResult]] | None = None) -> Iterator[FileResult]:
    """Lint (and fix) a line-based file one line at a time, in constant memory.

    Unlike other formats, a streamed file with a malformed line is still fixed: that line
    (and any record that cannot be read) is kept byte for byte and reported with its line
    number, while the valid records are fixed. Half-fixing is not a risk here because each
    record stands alone.

    With ``spans`` the lines are linted elsewhere (worker processes, span by span, see
    ``cut_spans``); this process gathers their results in file order and writes the file.
    """
    result = FileResult(path)
    setup = _Setup(linter, path, config, reader)
    # A write hook (the ledger) records every fix of the file before the file is replaced:
    # the fixes stay in the last result, only the findings go out in parts.
    hand_on_fixes = linter.around_write is _plain_write
    fixing = linter.options.fix
    before = fingerprint(path)
    f = open_regular(path)
    with f:
        head = f.read(4)
        f.seek(0)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or setup.encoding.lower().replace("-", "") in (
                "utf16", "utf32", "utf16le", "utf16be", "utf32le", "utf32be"):
            raise InputError(path, "UTF-16/32 JSONL cannot be streamed; convert it to UTF-8")
        out = AtomicStream(path, before) if fixing else None
        silenced = 0
        rewrite = Rewrite(changes=[]) if fixing else None
        hashes = (hashlib.sha256(), hashlib.sha256())
        lines = (_lines_here(linter, setup, f, result, keep=out is not None) if spans is None
                 else _lines_from_spans(spans(), f, result, read=out is not None))
        try:
            for number, data, new_data in lines:
                while len(result.errors) > _MAX_LINE_ERRORS:
                    result.errors.pop()
                    silenced += 1
                if out is not None:
                    written = data if new_data is None else new_data
                    out.write(written)
                    result.wrote = result.wrote or new_data is not None
                    if new_data is not None:  # only what changed is kept, not whole records
                        rewrite.changes.append(trim(rewrite.before_size, data, new_data))
                    hashes[0].update(data)
                    hashes[1].update(written)
                    rewrite.before_size += len(data)
                    rewrite.after_size += len(written)
                # Every PART_LINES lines a part goes out, findings or not: it is also the
                # run's progress through a long dump.
                if split and (number % PART_LINES == 0 or len(result.diagnostics) >= PART_LINES):
                    yield FileResult(path, diagnostics=result.diagnostics,
                                     fixed=result.fixed if hand_on_fixes else [], part=True,
                                     records=number)
                    result.diagnostics = []
                    if hand_on_fixes:
                        result.fixed = []
            if silenced:
                result.errors.append(InputError(path, f"{silenced} more malformed line(s) not listed"))
            if out is not None and result.wrote:
                rewrite.before_hash, rewrite.after_hash = (h.hexdigest() for h in hashes)
                linter.around_write(result, out.commit, rewrite)
            elif out is not None:
                out.abort()
        except BaseException:
            if out is not None:
                out.abort()
            raise
        finally:
            lines.close()
    yield result

def _stream_line(linter: Linter, reader, box: list[bytes], number: int, ctx, ruleset, ignore, unsafe,
                 result: FileResult, encoding: str) -> bytes | None:
    """Lint one line (the one item of ``box``); the new bytes when a fix changed it, else None."""
    data = box[0]
    bom = b""
    if number == 1 and data.startswith(b"\xef\xbb\xbf"):
        bom, data = data[:3], data[3:]
    ending = b"\r\n" if data.endswith(b"\r\n") else b"\n" if data.endswith(b"\n") else b""
    size = len(data) - len(ending)
    if data.find(b"\x00", 0, size) >= 0:
        result.errors.append(InputError(ctx.path, "binary data (NUL bytes); kept as is", number))
        return None
    try:
        # The unit's text ends in one "\n". A line that ends so is decoded whole: a copy of a
        # long record without its line end, or with one added, costs as much memory again.
        if ending == b"\n":
            text = data.decode(encoding)
        else:
            text = codecs.decode(memoryview(data)[:size], encoding) + "\n"
    except UnicodeDecodeError as err:
        result.errors.append(InputError(ctx.path, f"not valid {encoding} (byte 0x{data[err.start]:02x}); "
                                        "kept as is", number))
        return None
    except LookupError:
        raise InputError(ctx.path, f"unknown encoding {encoding!r}") from None
    # UTF-8 read strictly encodes back to the very bytes read, so a fixed line is written
    # without the line as read: the unit holds it, and lets go of it once it is read.
    utf8 = encoding == "utf-8"
    unit = Unit(text, number, number - 1, spare=utf8)
    del text
    if not (linter.options.fix or linter.options.diff):
        # Nor are the line's bytes needed again (a fix re-encodes only what it changed, from them).
        box.clear()
        data = b""
    try:
        new_text, applied, remaining = linter._lint_unit(reader, unit, ctx, ruleset, ignore, unsafe)
    except (InputError, FixError) as err:
        result.errors.append(err)
        return None
    result.fixed.extend(applied)
    result.diagnostics.extend(remaining)
    # A fixed line differs from the one read: every pass of a fix gives a text none before it gave.
    if new_text is None or not applied:  # not fixing, or nothing to fix
        return None
    if utf8:
        new = RawText("", encoding, path=ctx.path).encode(new_text)  # the unit's "\n" included
        return bom + (new if ending == b"\n" else new[:-1] + ending)
    return bom + RawText(unit.text[:-1], encoding, data=data[:size], path=ctx.path).encode(new_text[:-1]) + ending
