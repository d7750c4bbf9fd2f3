"""``--diff`` for JSONL: a record is one line of thousands of characters, so a line diff shows
nothing readable. Each changed text field is shown as a diff of its own text instead, labelled
with the file, line, field and record. That is for reading, not a patch: ``--fix`` applies it."""

from __future__ import annotations

import difflib
import json
import os
import re
from typing import TYPE_CHECKING

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
            lines = difflib.unified_diff(value.splitlines(keepends=True), changed.splitlines(keepends=True),
                                         fromfile=f"a {label}", tofile=f"b {label}")
            for line in lines:  # a field's last line has no newline: say so, as a patch would
                out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of field\n")
    return "".join(out) if len(out) > 1 else ""


def _lines(text: str) -> list[str]:
    """Lines ending at ``\n`` only: a lone ``\r`` is text, and a CRLF line keeps its ``\r``."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    return out + [lines[-1]] if lines[-1] else out


def unified_diff(path: str, old: str, new: str, newline: str = "\n") -> str:
    """A diff that `git apply` and `patch -p1` take: `a/x` paths as git writes them, the
    "No newline at end of file" marker after a last line without one, and the file's own line
    endings (``newline``) on its lines, so a CRLF file gets CRLF lines, as ``--fix`` writes them."""
    name = os.path.normpath(path)
    if os.path.isabs(name):
        inside = os.path.relpath(name)
        name = name if inside.startswith(os.pardir) else inside
    name = name.replace(os.sep, "/")
    if newline != "\n":
        old, new = old.replace("\n", newline), new.replace("\n", newline)
    lines = []
    for line in difflib.unified_diff(_lines(old), _lines(new), fromfile=f"a/{name}", tofile=f"b/{name}"):
        lines.append(line)
        if not line.endswith("\n"):
            lines.append("\n\\ No newline at end of file\n")
    return "".join(lines)


def diff_for(r: FileResult) -> str:
    """A file's diff; for JSONL, the changed text fields (see ``field_diff``)."""
    if r.path.endswith((".jsonl", ".ndjson")) or r.fixed and r.fixed[0].field is not None:
        return field_diff(r.path, r.original or "", r.new or "")
    return unified_diff(r.path, r.original, r.new, r.newline)
