"""The removal ledger: one JSON line per fix that --fix applied, so a batch cleanup can be audited
and undone.

Each line::

    {"time": "2025-01-31T12:00:00Z", "run": "5f0c…", "path": "news/a.txt", "code": "REL001",
     "name": "related-article", "line": 10, "column": 1, "end_line": 11, "end_column": 1,
     "field": null, "applicability": "safe", "message": "Remove the block",
     "edits": [{"line": 10, "column": 1, "end_line": 11, "end_column": 1,
                "removed": "Also Read: ...\\n", "replacement": ""}]}

Positions are 1-based and refer to the text the fix was applied to. Fixes repeat in passes until
nothing changes; most cleanups settle in the first pass, whose fixes all refer to the file as it
was read: to undo them, put each ``removed`` text back at its position, first position first.
Fixes of a later pass come after those of the pass before and refer to the text it left.
``run`` groups the lines of one invocation; ``removed`` is exactly the text an edit replaced.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import datetime, timezone
from typing import IO

from lintnews.errors import LintnewsError
from lintnews.model import Diagnostic


class LedgerError(LintnewsError):
    pass


def entry(diag: Diagnostic, time: str, run: str) -> dict:
    removed = list(diag.extra.get("removed", []))
    edits = []
    for i, (line, col, end_line, end_col, content) in enumerate(diag.extra.get("edits", [])):
        edits.append({"line": line, "column": col, "end_line": end_line, "end_column": end_col,
                      "removed": removed[i] if i < len(removed) else None, "replacement": content})
    return {
        "time": time,
        "run": run,
        "path": diag.path,
        "code": diag.code,
        "name": diag.name,
        "line": diag.line,
        "column": diag.column,
        "end_line": diag.end_line,
        "end_column": diag.end_column,
        "field": diag.field,
        "applicability": diag.fix.applicability.value if diag.fix else None,
        "message": diag.fix.message if diag.fix else diag.message,
        "edits": edits,
    }


class Ledger:
    """Opened before any file is fixed, so an unwritable ledger stops the run with nothing changed."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.run = uuid.uuid4().hex
        try:
            self._file: IO[str] | None = open(path, "a", encoding="utf-8")
        except OSError as err:
            raise LedgerError(f"{path}: cannot open ledger: {err.strerror or err}") from None

    def record(self, fixed: list[Diagnostic]) -> int:
        if not fixed or self._file is None:
            return 0
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        # One write per file's batch, so lines of parallel runs appending to one ledger don't interleave.
        text = "".join(json.dumps(entry(d, now, self.run), ensure_ascii=False) + "\n" for d in fixed)
        try:
            self._file.write(text)
            self._file.flush()
            os.fsync(self._file.fileno())
        except OSError as err:
            raise LedgerError(f"{self.path}: cannot write ledger: {err.strerror or err}") from None
        return len(fixed)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
