"""``--diff``: a file's patch, the diff of its bytes and those ``--fix`` would write (see
``diff_for``). For JSONL a record is one line of thousands of characters, so a line diff shows
nothing readable: each changed text field is shown as a diff of its own text instead, labelled
with the file, line, field and record. That is for reading, not a patch: ``--fix`` applies it."""

from __future__ import annotations

import bisect
import difflib
import json
import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from lintnews.bytediff import LINES_FOR_CUTS, cuts_only, matched, starts_of
from lintnews.source import WIDE

if TYPE_CHECKING:
    from lintnews.api import FileResult

NOT_A_PATCH = ("# lintnews: JSONL records are shown as diffs of their changed text fields; "
               "this is not a patch (apply with --fix)\n")


def _record(line: str) -> dict | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _name(record: dict) -> str:
    for key in ("id", "url"):
        value = record.get(key)
        if value not in (None, "") and not isinstance(value, (dict, list, bool)):
            return f" (record {str(value)[:200]})"
    return ""


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _readable(text: str) -> str:
    """A field's text with each lone surrogate (a record's ``"\\ud800"``) as its JSON escape: no
    output stream can write the character itself."""
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def field_diff(path: str, old: str, new: str) -> str:
    out = [NOT_A_PATCH]
    for number, (a, b) in enumerate(zip(old.split("\n"), new.split("\n")), 1):
        if a == b:
            continue
        before, after = _record(a), _record(b)
        if before is None or after is None:
            out.append(f"--- {path}:{number}\n+++ {path}:{number}\n-{a}\n+{b}\n")
            continue
        for key, value in before.items():
            changed = after.get(key)
            if not isinstance(value, str) or not isinstance(changed, str) or value == changed:
                continue
            label = f"{path}:{number}:{key}{_name(before)}"
            value, changed = _readable(value), _readable(changed)
            lines = _diff_lines(value, changed, f"a {label}", f"b {label}", _split_field)
            for line in lines:  # a field's last line has no newline: say so, as a patch would
                out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of field\n")
    return "".join(out) if len(out) > 1 else ""


def _split_field(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _lines(text: str) -> list[str]:
    """Lines ending at ``\n`` only: a lone ``\r`` is text, and a CRLF line keeps its ``\r``."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    return out + [lines[-1]] if lines[-1] else out


def _diff_lines(old: str, new: str, fromfile: str, tofile: str, split=_lines) -> Iterator[str]:
    """difflib.unified_diff of the lines ``split`` makes of the two texts. A long text whose
    fixes only cut has its changed lines found in one walk, and the others' lines are matched as
    ``bytediff.matched`` does: difflib took time quadratic in the fixes there (a 2.3 MB text with
    20,000 removed lines: four minutes, where checking it took seven seconds)."""
    a, b = split(old), split(new)
    if len(a) <= LINES_FOR_CUTS:
        yield from difflib.unified_diff(a, b, fromfile=fromfile, tofile=tofile)
        return
    codes = _cut_lines(a, b, old, new, split) if len(new) < len(old) else None
    if codes is None:
        codes = matched(a, b, fine=True)
    groups = list(_Known(codes).get_grouped_opcodes(3))
    if groups:
        yield f"--- {fromfile}\n"
        yield f"+++ {tofile}\n"
    for group in groups:
        yield f"@@ -{_range(group[0][1], group[-1][2])} +{_range(group[0][3], group[-1][4])} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from (" " + line for line in a[i1:i2])
                continue
            yield from ("-" + line for line in a[i1:i2])
            yield from ("+" + line for line in b[j1:j2])


class _Known(difflib.SequenceMatcher):
    """A matcher told its opcodes, for difflib's grouping of them into hunks."""

    def __init__(self, codes: list[tuple[str, int, int, int, int]]) -> None:
        self._codes = codes

    def get_opcodes(self) -> list[tuple[str, int, int, int, int]]:
        return list(self._codes)


def _range(start: int, stop: int) -> str:
    """A hunk's range as unified diffs write it (difflib's rule)."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start if not length else start + 1},{length}"


def _cut_lines(a: list[str], b: list[str], old: str, new: str, split) -> list[tuple[str, int, int, int, int]] | None:
    """The line opcodes of ``new`` as ``old`` with stretches cut out, or None when it is not that
    or a cut joined lines: the lines each run of cuts touches become what is left of them."""
    cuts = cuts_only(0, old, new)
    if cuts is None:
        return None
    starts = starts_of(a)
    runs: list[list[int]] = []  # [first line, end line, characters cut before the run, in it]
    gone = 0
    for offset, cut, _ in cuts:
        first = bisect.bisect_right(starts, offset) - 1
        end = bisect.bisect_right(starts, offset + len(cut) - 1)
        if runs and first < runs[-1][1]:
            runs[-1][1] = max(runs[-1][1], end)
            runs[-1][3] += len(cut)
        else:
            runs.append([first, end, gone, len(cut)])
        gone += len(cut)
    codes, told, i, j = [], [], 0, 0
    for first, end, before, inside in runs:
        if i < first:
            codes.append(("equal", i, first, j, j + first - i))
            told += a[i:first]
            j += first - i
        left = split(new[starts[first] - before:starts[end] - before - inside])
        codes.append(("replace" if left else "delete", first, end, j, j + len(left)))
        told += left
        j += len(left)
        i = end
    if i < len(a):
        codes.append(("equal", i, len(a), j, j + len(a) - i))
        told += a[i:]
    return codes if told == b else None


def _patch_name(path: str) -> str:
    """The path as a patch names it: relative where it lies under the working folder, with /; a
    path elsewhere without its leading /, as git writes it (``a/tmp/x.txt``, which ``git apply``
    and ``patch -p1`` read from the root, where ``a//tmp/x.txt`` was refused as absolute)."""
    name = os.path.normpath(path)
    if os.path.isabs(name):
        inside = os.path.relpath(name)
        name = name if inside.startswith(os.pardir) else inside
    return name.replace(os.sep, "/").lstrip("/")


def unified_diff(path: str, old: str, new: str, newline: str = "\n") -> str:
    """A unified diff of two texts: `a/x` paths as git writes them, the "No newline at end of
    file" marker after a last line without one, and the file's own line endings (``newline``)
    on its lines, so a CRLF file gets CRLF lines, as ``--fix`` writes them."""
    if newline != "\n":
        old, new = old.replace("\n", newline), new.replace("\n", newline)
    return _unified(_patch_name(path), old, new)


def _unified(name: str, old: str, new: str) -> str:
    lines = []
    for line in _diff_lines(old, new, f"a/{name}", f"b/{name}"):
        lines.append(line)
        if not line.endswith("\n"):
            lines.append("\n\\ No newline at end of file\n")
    return "".join(lines)


def byte_diff(path: str, before: bytes, after: bytes) -> bytes:
    """The unified diff of a file's bytes and those ``--fix`` would write, byte for byte as
    `git diff` writes it: a patch `git apply` and `patch -p1` take whatever the file's encoding,
    BOM and line ends. Each byte is read as the character of that number (latin-1) and written
    back so, which keeps every byte and splits lines at LF bytes alone."""
    name = os.fsencode(_patch_name(path)).decode("latin-1")
    return _unified(name, before.decode("latin-1"), after.decode("latin-1")).encode("latin-1")


def diff_for(r: FileResult) -> bytes:
    """A file's diff, as bytes: for JSONL the changed text fields (see ``field_diff``); for a
    file in UTF-16 or UTF-32, whose bytes no patch tool reads as lines, its text in UTF-8 under a
    line that says so; for any other, the patch of its bytes (``byte_diff``)."""
    if r.path.endswith((".jsonl", ".ndjson")) or r.fixed and r.fixed[0].field is not None:
        return field_diff(r.path, r.original or "", r.new or "").encode("utf-8", "surrogateescape")
    raw = r.raw
    if raw.encoding in WIDE:
        note = (f"# lintnews: {_patch_name(r.path)} is {raw.encoding}: its diff is shown as UTF-8 text, "
                "not a patch (apply with --fix)\n")
        return (note + unified_diff(r.path, r.original, r.new, raw.newline)).encode("utf-8", "surrogateescape")
    return byte_diff(r.path, raw.bom + raw.data, r.after)
