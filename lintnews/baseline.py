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


def _json_text(data: dict) -> str:
    # A file name that is not valid UTF-8 holds lone surrogates (os.fsdecode), which UTF-8 cannot
    # write: each becomes "\udcNN", the JSON escape of that very character, so the name reads
    # back as the same path and its findings stay accepted.
    import json  # here, as in _entries: every run looks for an ignore file, and most have none

    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def normalise_text(text: str) -> str:
    return " ".join(text.split())


def finding_key(diag: Diagnostic, base: str) -> Key:
    return (relative_to(diag.path, base), diag.code, normalise_text(diag.matched))


def fingerprints(diags: Iterable[Diagnostic], base: str = ".") -> list[str]:
    """A stable id per finding that survives line shifts (for CI reports that track findings).

    Repeats of the same text in one file get their occurrence number, so ids stay unique.
    """
    import hashlib

    seen: Counter[Key] = Counter()
    out = []
    base = os.path.abspath(base)
    for d in diags:
        key = finding_key(d, base)
        n = seen[key]
        seen[key] += 1
        out.append(hashlib.sha256("\x00".join((*key, str(n))).encode("utf-8")).hexdigest())
    return out


def _entries(path: str, magic: str, error: type[LintnewsError], what: str, writer: str):
    """(key, entry) of each finding a baseline or ignore file lists, checked."""
    import json

    data = read_parsed(path, lambda b: json.loads(b.decode("utf-8")), error,
                       missing=f"no such {what} file; create it with {writer}",
                       unreadable=f"cannot read {what}", invalid=f"not a lintnews {what} (invalid JSON: {{err}})")
    if not isinstance(data, dict) or magic not in data:
        raise error(f"{path}: not a lintnews {what} (no {magic!r} key)")
    if data[magic] != FORMAT_VERSION:
        raise error(f"{path}: {what} format {data[magic]!r} is not supported "
                    f"(this lintnews writes {FORMAT_VERSION}); rewrite it with {writer}")
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise error(f"{path}: 'findings' must be a list")
    from lintnews.registry import builtin_aliases

    renamed = builtin_aliases()  # files written before a rule got its current code
    for i, e in enumerate(entries):
        ok = (isinstance(e, dict) and all(isinstance(e.get(k), str) for k in ("path", "code", "text"))
              and isinstance(e.get("count", 1), int) and not isinstance(e.get("count", 1), bool)
              and e.get("count", 1) > 0 and isinstance(e.get("reason", ""), str))
        if not ok:
            raise error(f"{path}: finding #{i + 1} needs string path, code, text "
                        "and a positive integer count")
        yield (e["path"], renamed.get(e["code"], e["code"]), e["text"]), e


class Baseline:
    def __init__(self, base: str, counts: Counter[Key] | None = None) -> None:
        self.base = os.path.abspath(base)
        self.counts: Counter[Key] = counts or Counter()

    # -- reading and writing -------------------------------------------------------------------
    @classmethod
    def load(cls, path: str) -> "Baseline":
        counts: Counter[Key] = Counter()
        for key, e in _entries(path, _MAGIC, BaselineError, "baseline", "--write-baseline"):
            counts[key] += e.get("count", 1)
        return cls(os.path.dirname(os.path.abspath(path)), counts)

    def to_json(self) -> str:
        findings = [{"path": p, "code": c, "text": t, "count": n}
                    for (p, c, t), n in sorted(self.counts.items()) if n > 0]
        return _json_text({_MAGIC: FORMAT_VERSION, "findings": findings})

    def write(self, path: str) -> None:
        try:
            write_atomic(path, self.to_json())
        except OSError as err:
            raise BaselineError(f"{path}: cannot write baseline: {err.strerror or err}") from None

    # -- using it ------------------------------------------------------------------------------
    def filter(self, diags: list[Diagnostic], budget: Counter | None = None) -> tuple[list[Diagnostic], int]:
        """The findings not in the baseline, and how many were in it. ``budget`` (from
        ``Counter(baseline.counts)``) carries what is still excused across the parts of a file."""
        budget = Counter(self.counts) if budget is None else budget
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


# -- the ignore file ---------------------------------------------------------------------------
IGNORE_FILE = ".lintnews-ignore.json"
_IGNORE_MAGIC = "lintnews-ignore"


def ignore_file_path(config) -> str:
    """The ignore file: ``ignore-file`` of the configuration (relative to its folder), else
    ``.lintnews-ignore.json`` beside the configuration or in the working folder."""
    folder = os.path.dirname(config.path) if getattr(config, "path", None) else os.getcwd()
    return os.path.join(folder, config.get("ignore-file", IGNORE_FILE))


class IgnoreFile:
    """Findings accepted for good, each with the reason it was accepted.

    Keyed like a baseline (path relative to the file's folder, code, matched text), but every
    copy of an accepted text in its file is accepted: the text was judged, not its count.
    File format::

        {"lintnews-ignore": 1,
         "findings": [{"path": "news/a.txt", "code": "SUB001", "text": "...", "reason": "..."}]}
    """

    def __init__(self, path: str, reasons: dict[Key, str] | None = None) -> None:
        self.path = path
        self.base = os.path.dirname(os.path.abspath(path))
        self.reasons: dict[Key, str] = reasons or {}

    @property
    def shown(self) -> str:
        """The file's name as messages give it: relative to the working folder when inside it."""
        inside = os.path.relpath(self.path)
        return self.path if inside.startswith(os.pardir) else inside

    @classmethod
    def load(cls, path: str) -> "IgnoreFile":
        reasons = {key: e.get("reason", "")
                   for key, e in _entries(path, _IGNORE_MAGIC, BaselineError, "ignore file", "--add-ignore")}
        return cls(path, reasons)

    @classmethod
    def load_if_present(cls, path: str) -> "IgnoreFile | None":
        return cls.load(path) if os.path.exists(path) else None

    def filter(self, diags: list[Diagnostic]) -> tuple[list[Diagnostic], int]:
        """The findings not accepted, and how many were."""
        new = [d for d in diags if finding_key(d, self.base) not in self.reasons]
        return new, len(diags) - len(new)

    def add(self, diags: Iterable[Diagnostic], reason: str) -> int:
        """Accept ``diags`` with ``reason``; how many entries are new."""
        added = 0
        for d in diags:
            key = finding_key(d, self.base)
            if key not in self.reasons:
                self.reasons[key] = reason
                added += 1
        return added

    def to_json(self) -> str:
        findings = [{"path": p, "code": c, "text": t, "reason": r}
                    for (p, c, t), r in sorted(self.reasons.items())]
        return _json_text({_IGNORE_MAGIC: FORMAT_VERSION, "findings": findings})

    def write(self) -> None:
        try:
            write_atomic(self.path, self.to_json())
        except OSError as err:
            raise BaselineError(f"{self.path}: cannot write ignore file: {err.strerror or err}") from None
