"""``--diff`` for JSONL: a record is one line of thousands of characters, so a line diff shows
nothing readable. Each changed text field is shown as a diff of its own text instead, labelled
with the file, line, field and record. That is for reading, not a patch: ``--fix`` applies it."""

from __future__ import annotations

import difflib
import json
import os

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
            lines = difflib.unified_diff(value.splitlines(keepends=True), changed.splitlines(keepends=True),
                                         fromfile=f"a {label}", tofile=f"b {label}")
            for line in lines:
                out.append(line if line.endswith("\n") else line + "\n")
    return "".join(out) if len(out) > 1 else ""


def unified_diff(path: str, old: str, new: str) -> str:
    """A diff that `git apply` and `patch -p1` take: `a/x` paths as git writes them, and the
    "No newline at end of file" marker after a last line without one."""
    name = os.path.normpath(path)
    if os.path.isabs(name):
        inside = os.path.relpath(name)
        name = name if inside.startswith(os.pardir) else inside
    name = name.replace(os.sep, "/")
    lines = []
    for line in difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                     fromfile=f"a/{name}", tofile=f"b/{name}"):
        lines.append(line)
        if not line.endswith("\n"):
            lines.append("\n\\ No newline at end of file\n")
    return "".join(lines)
