"""Baselines: record today's findings so that only new ones are reported.

A finding is known by its file (relative to the baseline file's folder), its rule code and the
text it matched with whitespace collapsed, never by its line: an article that grows a paragraph
above a known finding must not bring it back (line-keyed baselines fail exactly there). A file
that holds the same finding twice is recorded with a count, so a third copy is new.

File format (JSON, sorted so that it diffs well under version control)::

    {"lintnews-baseline": 1,
     "findings": [{"path": "news/a.txt", "code": "REL001", "text": "Also Read: ...", "count": 1}]}
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable

from lintnews.config import read_parsed, relative_to
from lintnews.errors import LintnewsError
from lintnews.model import Diagnostic
from lintnews.outfile import write_atomic

FORMAT_VERSION = 1
_MAGIC = "lintnews-baseline"

Key = tuple[str, str, str]  # (path, code, normalised text)


class BaselineError(LintnewsError):
    pass


def normalise_text(text: str) -> str:
    return " ".join(text.split())


def finding_key(diag: Diagnostic, base: str) -> Key:
    return (relative_to(diag.path, base), diag.code, normalise_text(diag.matched))


def fingerprints(diags: Iterable[Diagnostic], base: str = ".") -> list[str]:
    """A stable id per finding that survives line shifts (for CI reports that track findings).

    Repeats of the same text in one file get their occurrence number, so ids stay unique.
    """
    seen: Counter[Key] = Counter()
    out = []
    base = os.path.abspath(base)
    for d in diags:
        key = finding_key(d, base)
        n = seen[key]
        seen[key] += 1
        out.append(hashlib.sha256("\x00".join((*key, str(n))).encode("utf-8")).hexdigest())
    return out


class Baseline:
    def __init__(self, base: str, counts: Counter[Key] | None = None) -> None:
        self.base = os.path.abspath(base)
        self.counts: Counter[Key] = counts or Counter()

    # -- reading and writing -------------------------------------------------------------------
    @classmethod
    def load(cls, path: str) -> "Baseline":
        base = os.path.dirname(os.path.abspath(path))
        data = read_parsed(path, lambda b: json.loads(b.decode("utf-8")), BaselineError,
                           missing="no such baseline file; create it with --write-baseline",
                           unreadable="cannot read baseline", invalid="not a lintnews baseline (invalid JSON: {err})")
        if not isinstance(data, dict) or _MAGIC not in data:
            raise BaselineError(f"{path}: not a lintnews baseline (no {_MAGIC!r} key)")
        if data[_MAGIC] != FORMAT_VERSION:
            raise BaselineError(f"{path}: baseline format {data[_MAGIC]!r} is not supported "
                                f"(this lintnews writes {FORMAT_VERSION}); rewrite it with --write-baseline")
        entries = data.get("findings")
        if not isinstance(entries, list):
            raise BaselineError(f"{path}: 'findings' must be a list")
        from lintnews.registry import builtin_aliases

        renamed = builtin_aliases()  # baselines written before a rule got its current code
        counts: Counter[Key] = Counter()
        for i, e in enumerate(entries):
            ok = (isinstance(e, dict) and all(isinstance(e.get(k), str) for k in ("path", "code", "text"))
                  and isinstance(e.get("count", 1), int) and not isinstance(e.get("count", 1), bool)
                  and e.get("count", 1) > 0)
            if not ok:
                raise BaselineError(f"{path}: finding #{i + 1} needs string path, code, text "
                                    "and a positive integer count")
            counts[(e["path"], renamed.get(e["code"], e["code"]), e["text"])] += e.get("count", 1)
        return cls(base, counts)

    def to_json(self) -> str:
        findings = [{"path": p, "code": c, "text": t, "count": n}
                    for (p, c, t), n in sorted(self.counts.items()) if n > 0]
        return json.dumps({_MAGIC: FORMAT_VERSION, "findings": findings}, indent=2, ensure_ascii=False) + "\n"

    def write(self, path: str) -> None:
        try:
            write_atomic(path, self.to_json())
        except OSError as err:
            raise BaselineError(f"{path}: cannot write baseline: {err.strerror or err}") from None

    # -- using it ------------------------------------------------------------------------------
    def filter(self, diags: list[Diagnostic]) -> tuple[list[Diagnostic], int]:
        """The findings not in the baseline, and how many were in it."""
        budget = Counter(self.counts)
        new: list[Diagnostic] = []
        known = 0
        for d in diags:
            key = finding_key(d, self.base)
            if budget[key] > 0:
                budget[key] -= 1
                known += 1
            else:
                new.append(d)
        return new, known

    def rewritten(self, diags: Iterable[Diagnostic], linted: Iterable[str]) -> "Baseline":
        """A baseline of ``diags`` for the files linted now, keeping other files' entries.

        Entries of files linted in this run are replaced wholesale, so fixed findings drop out;
        entries of files outside this run stay while the file exists (a run over one folder
        must not forget the rest), and go once the file is gone.
        """
        linted_keys = {relative_to(p, self.base) for p in linted}
        counts: Counter[Key] = Counter()
        for (path, code, text), n in self.counts.items():
            if path not in linted_keys and os.path.isfile(os.path.join(self.base, path)):
                counts[(path, code, text)] = n
        for d in diags:
            counts[finding_key(d, self.base)] += 1
        return Baseline(self.base, counts)
