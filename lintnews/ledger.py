"""The removal ledger: for each file --fix rewrites, one JSON line of what the file became and one
line per fix applied, so a batch cleanup can be audited and undone (``lintnews undo``).

The file line is the exact record, each change once, in bytes of the file as it was::

    {"time": "...", "run": "5f0c…", "path": "news/a.html",
     "file": {"sha256_before": "…", "sha256_after": "…", "size_before": 5223, "size_after": 4159,
              "removed_bytes": 1064, "added_bytes": 0,
              "changes": [{"offset": 1156, "cut": "<p>Also Read: …</p>\n", "put": ""}]}}

``offset`` counts bytes of the file before the fix; ``cut`` is what was taken out there and
``put`` what went in (``cut_b64``/``put_b64`` in base64 for bytes that are not UTF-8). The changes
come from comparing the bytes read with the bytes about to be written, so they hold for every
format alike: an HTML page's markup, a JSONL record's escaped line. To undo, check that the file's
SHA-256 is ``sha256_after``, then, first offset first, put each ``cut`` in place of its ``put``
(earlier changes shift later offsets by ``len(put) - len(cut)``).

Each fix line says which rule removed what, pass by pass::

    {"time": "2025-01-31T12:00:00Z", "run": "5f0c…", "path": "news/a.txt", "code": "REL001",
     "name": "related-article", "pass": 1, "line": 10, "column": 1, "end_line": 11,
     "end_column": 1, "field": null, "applicability": "safe", "message": "Remove the block",
     "edits": [{"line": 10, "column": 1, "end_line": 11, "end_column": 1,
                "removed": "Also Read: ...\\n", "replacement": "",
                "cut": {"line": 10, "column": 1, "text": "Also Read: ...\\n"}}]}

Positions are 1-based and refer to the text the fix was applied to. Fixes apply in passes until
nothing changes; ``pass`` (1, 2, ...) says which. The fixes of pass 1 refer to the file as it was
read, those of pass 2 to the text pass 1 left, and so on. Deletions of one pass may overlap (the
union is cut once), so each edit also says what it actually ``cut``: the text it took out that
no edit listed before it in the same pass had taken, with where that starts (``null`` when an
earlier edit already took all of it). To undo a cleanup, go from the last pass to the first;
within a pass, first position first, replace each edit's ``replacement`` at its ``cut`` position
by the ``cut`` text. ``removed`` is the text the edit's own span covered (for reading, not for
undoing). ``run`` groups the lines of one invocation. When a pass's deletion reaches the end of
the text, the blank lines left before it go too (the text keeps one final newline); that edit
then has ``trimmed``, the text's end as it was before the trim: undoing its pass starts by
replacing the text's final newline with ``trimmed``.

A file name that is not valid UTF-8 is written as ``path`` with each undecodable byte shown as
``\\xNN``, plus ``path_b64``: the name's exact bytes in base64 (only for such names).

The fix lines describe the text rules saw (for HTML, the rendered text), and overlapping fixes
each have a line: for the bytes, read the file line.

The lines for a file are written and flushed before the file is replaced. When the replacement
then fails, one more line says so: ``{"time", "run", "path", "not_written": "reason"}``; the
fixes and the file line listed for that file just before were not applied.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import uuid
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from datetime import datetime, timezone
from typing import IO

from lintnews.bytediff import byte_changes, refine, trim
from lintnews.errors import LintnewsError
from lintnews.model import Diagnostic


class LedgerError(LintnewsError):
    pass


def path_fields(path: str) -> dict:
    """``path`` as JSON text; a name that is not valid UTF-8 also as its exact bytes."""
    raw = os.fsencode(path)
    try:
        return {"path": raw.decode("utf-8")}
    except UnicodeDecodeError:
        return {"path": raw.decode("utf-8", "backslashreplace"),
                "path_b64": base64.b64encode(raw).decode("ascii")}


def _after(line: int, col: int, text: str) -> tuple[int, int]:
    """The position after ``text`` written from (line, col)."""
    breaks = text.count("\n")
    return (line + breaks, len(text) - text.rfind("\n")) if breaks else (line, col + len(text))


class _Places:
    """The (line, column) each character of ``text`` written from (line, col) stands at, and back."""

    def __init__(self, line: int, col: int, text: str) -> None:
        self.line, self.col, self.text = line, col, text
        self.breaks: list[int] = []
        at = text.find("\n")
        while at >= 0:
            self.breaks.append(at)
            at = text.find("\n", at + 1)

    def position(self, k: int) -> tuple[int, int]:
        """Where character ``k`` stands (or, for ``len(text)``, where the text ends)."""
        n = bisect_left(self.breaks, k)  # the newlines before it
        return (self.line + n, k - self.breaks[n - 1]) if n else (self.line, self.col + k)

    def index(self, place: tuple[int, int]) -> int:
        """The first character that stands at ``place`` or after it (``len(text)``: none)."""
        n = place[0] - self.line
        if n < 0:
            return 0
        if n > len(self.breaks):
            return len(self.text)
        # The characters of that line, its newline included, and the column of each.
        first = 0 if n == 0 else self.breaks[n - 1] + 1
        last = self.breaks[n] if n < len(self.breaks) else len(self.text) - 1
        k = place[1] - self.col if n == 0 else place[1] + self.breaks[n - 1]
        return min(max(k, first), last + 1, len(self.text))


class _Taken:
    """The stretches the deletions of one pass took so far, merged and in order. A position is
    looked for among the few stretches around the deletion, not in every deletion listed before
    it: a dump's thousands of records fixed in one pass made that a scan of thousands of spans
    for each character removed, and a --fix --ledger run over it did not end."""

    def __init__(self) -> None:
        self.starts: list[tuple[int, int]] = []
        self.ends: list[tuple[int, int]] = []

    def add(self, start: tuple[int, int], end: tuple[int, int]) -> None:
        if not start < end:
            return  # an insertion takes nothing
        first = bisect_left(self.ends, start)
        last = bisect_right(self.starts, end)
        if first < last:
            start, end = min(start, self.starts[first]), max(end, self.ends[last - 1])
        self.starts[first:last] = [start]
        self.ends[first:last] = [end]

    def untaken(self, places: _Places, end: tuple[int, int]) -> tuple[int, int]:
        """The first run of the characters of ``places`` (up to ``end``) that no stretch took, as
        (first, stop) indexes. A stretch that takes none of them is passed over with every other
        one ending before the next character: a JSONL record's field holds newlines where the
        record's places stay on its one line, and the stretches after such a newline were each
        read for every deletion of the record."""
        i, hi = bisect_right(self.ends, (places.line, places.col)), bisect_left(self.starts, end)
        k, stop = 0, len(places.text)
        while i < hi:
            ka, kb = places.index(self.starts[i]), places.index(self.ends[i])
            if ka == kb:
                i = bisect_right(self.ends, places.position(ka), i + 1, hi)
            elif kb <= k:
                i += 1
            elif ka > k:
                stop = ka
                break
            else:
                k, i = kb, i + 1
        return k, stop


def _cuts(fixed: list[Diagnostic]) -> dict[tuple[int, int], dict | None]:
    """(finding index, edit index) -> what that edit actually cut: overlapping deletions of one
    pass are cut once, so the first edit (in ledger order) takes the part no earlier one took."""
    out: dict[tuple[int, int], dict | None] = {}
    taken: dict[tuple, _Taken] = {}
    for i, diag in enumerate(fixed):
        removed = list(diag.extra.get("removed", []))
        group = taken.setdefault((diag.extra.get("pass"), diag.field), _Taken())
        for j, (line, col, end_line, end_col, content) in enumerate(diag.extra.get("edits", [])):
            text = removed[j] if j < len(removed) else None
            start, end = (line, col), (end_line, end_col)
            if text is None or content:
                out[(i, j)] = None if text is None else {"line": line, "column": col, "text": text}
                group.add(start, end)
                continue
            # Deletions come largest first, so an earlier one may cover this one's front or its
            # back, never only its middle: the cut is the one stretch no earlier deletion took,
            # the first run of the text's characters outside the stretches taken.
            places = _Places(line, col, text)
            k, stop = group.untaken(places, max(end, _after(line, col, text)))
            kept = text[k:stop] if k < stop else ""
            if kept:
                first = places.position(k)
                out[(i, j)] = {"line": first[0], "column": first[1], "text": kept}
            else:
                out[(i, j)] = None
            group.add((line, col), end)
    return out


def _trims(fixed: list[Diagnostic], cuts: dict, original: str, new: str) -> dict[tuple[int, int], str]:
    """(finding index, edit index) -> the blank lines the fixer trimmed after that edit, which
    cut the end of the text. Found by replaying the passes from ``original``; nothing when the
    replay does not arrive at ``new`` (a reader that renders otherwise)."""
    from lintnews.fix import _TRAILING_BLANK

    out: dict[tuple[int, int], str] = {}
    text = original
    for number in sorted({d.extra.get("pass", 1) for d in fixed}):
        starts = [0]
        for line in text.split("\n"):
            starts.append(starts[-1] + len(line) + 1)
        spans = []
        for i, d in enumerate(fixed):
            if d.extra.get("pass", 1) != number:
                continue
            for j, edit in enumerate(d.extra.get("edits", [])):
                cut = cuts.get((i, j))
                if cut is not None and cut["line"] <= len(starts) - 1:
                    start = starts[cut["line"] - 1] + cut["column"] - 1
                    spans.append((start, start + len(cut["text"]), edit[4], (i, j)))
        spans.sort()
        pre = text
        for start, end, content, _ in reversed(spans):
            pre = pre[:start] + content + pre[end:]
        if spans and spans[-1][2] == "" and spans[-1][1] == len(text) > spans[-1][0]:
            m = _TRAILING_BLANK.search(pre)
            if m:
                out[spans[-1][3]] = pre[m.start():]
                pre = pre[: m.start()] + "\n"
        text = pre
    return out if text == new else {}


def entry(diag: Diagnostic, time: str, run: str, cuts: dict | None = None, index: int = 0,
          trims: dict | None = None) -> dict:
    removed = list(diag.extra.get("removed", []))
    edits = []
    for i, (line, col, end_line, end_col, content) in enumerate(diag.extra.get("edits", [])):
        text = removed[i] if i < len(removed) else None
        cut = (cuts or {}).get((index, i), {"line": line, "column": col, "text": text})
        edits.append({"line": line, "column": col, "end_line": end_line, "end_column": end_col,
                      "removed": text, "replacement": content, "cut": cut})
        if trims and (index, i) in trims:
            edits[-1]["trimmed"] = trims[(index, i)]
    return {
        "time": time,
        "run": run,
        **path_fields(diag.path),
        "code": diag.code,
        "name": diag.name,
        "pass": diag.extra.get("pass", 1),
        "line": diag.line,
        "column": diag.column,
        "end_line": diag.end_line,
        "end_column": diag.end_column,
        "field": diag.field,
        "applicability": diag.fix.applicability.value if diag.fix else None,
        "message": diag.fix.message if diag.fix else diag.message,
        "edits": edits,
    }


# -- what was written, in bytes --------------------------------------------------------------------
def _bytes_field(name: str, data: bytes) -> dict:
    try:
        return {name: data.decode("utf-8")}
    except UnicodeDecodeError:
        return {f"{name}_b64": base64.b64encode(data).decode("ascii")}


def file_entry(path: str, rewrite, run: str) -> dict | None:
    """The ledger's line for a file that is about to be replaced: every change in bytes of the file
    as it was, and both versions' SHA-256 (so ``lintnews undo`` can tell whether it changed since)."""
    if rewrite is None:
        return None
    if rewrite.changes is None:
        before, after = rewrite.before, rewrite.after
        changes = byte_changes(before, after)
        hashes = hashlib.sha256(before).hexdigest(), hashlib.sha256(after).hexdigest()
        sizes = len(before), len(after)
    else:
        changes = [c for change in rewrite.changes for c in refine(*trim(*change))]
        hashes = rewrite.before_hash, rewrite.after_hash
        sizes = rewrite.before_size, rewrite.after_size
    rows = []
    for offset, old, new in changes:
        rows.append({"offset": offset, **_bytes_field("cut", old), **_bytes_field("put", new)})
    return {"run": run, **path_fields(path), "file": {
        "sha256_before": hashes[0], "sha256_after": hashes[1], "size_before": sizes[0],
        "size_after": sizes[1], "removed_bytes": sum(len(o) for _, o, _ in changes),
        "added_bytes": sum(len(n) for _, _, n in changes), "changes": rows}}


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _line(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False) + "\n"


def _ends_a_line(path: str) -> bool:
    """Whether the file at ``path`` is empty or ends with a line break (or is not a plain file)."""
    try:
        if not os.path.isfile(path) or os.path.getsize(path) == 0:
            return True
        with open(path, "rb") as f:
            f.seek(-1, os.SEEK_END)
            return f.read(1) == b"\n"
    except OSError:
        return True


class Ledger:
    """Opened before any file is fixed, so an unwritable ledger stops the run with nothing changed."""

    def __init__(self, path: str, run: str | None = None) -> None:
        self.path = path
        self.run = run or uuid.uuid4().hex
        try:
            # A lone surrogate (a byte of text that is not valid UTF-8) becomes "\udcNN" inside a
            # JSON string: the JSON escape for that very character, so nothing is lost.
            self._file: IO[str] | None = open(path, "a", encoding="utf-8", errors="backslashreplace")
        except OSError as err:
            raise LedgerError(f"{path}: cannot open ledger: {err.strerror or err}") from None
        if not _ends_a_line(path):
            # A run stopped while writing its last line: this run's lines start on a line of
            # their own, not glued to that cut one (undo would then read neither).
            self._write("\n")

    def record(self, fixed: list[Diagnostic], original: str | None = None, new: str | None = None,
               file: dict | None = None) -> int:
        if (not fixed and file is None) or self._file is None:
            return 0
        cuts = _cuts(fixed)
        trims = _trims(fixed, cuts, original, new) if original is not None and new is not None else {}
        now = _now()
        lines = [_line(entry(d, now, self.run, cuts, i, trims)) for i, d in enumerate(fixed)]
        if file is not None:
            lines.append(_line({"time": now, **file}))
        self._write("".join(lines))
        return len(fixed)

    def around_write(self, result, write: Callable[[], None], rewrite=None) -> None:
        """Record ``result``'s fixes and what its file becomes, then replace the file; a failed
        replacement is recorded too."""
        self.record(result.fixed, result.original, result.new, file_entry(result.path, rewrite, self.run))
        try:
            write()
        except Exception as err:
            if result.fixed:
                self._write(_line({"time": _now(), "run": self.run, **path_fields(result.path),
                                   "not_written": str(err)}))
            raise

    def _write(self, text: str) -> None:
        # One write per file's batch, so lines of parallel runs appending to one ledger don't interleave.
        try:
            self._file.write(text)
            self._file.flush()
            os.fsync(self._file.fileno())
        except OSError as err:
            raise LedgerError(f"{self.path}: cannot write ledger: {err.strerror or err}") from None

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
