"""A cache of check results, so repeated runs (pre-commit, CI over a large corpus) skip files
whose findings cannot have changed.

An entry is keyed on everything a file's findings depend on: the file's bytes (SHA-256), its
path (per-file-ignores, the reader chosen by extension), the lintnews version and source, the
rule packs, rule paths and plugins, the governing configuration and the run's rule selection.
Change any of them and the key changes, so stale entries are never read; ``lintnews clean``
removes the folder.

Only findings are cached, never fixed text. An entry names the file's path and the SHA-256 of
its text, and carries a digest of its own content; on reading, every part is checked (the path
and hash against the file, each finding's types, and its positions against the file's text)
and an entry that fails any check is a miss, recomputed and rewritten: a hand-edited, truncated
or foreign entry can neither hide a finding, name another file nor crash a report. (The digest
catches edits, not forgery: whoever can write the cache folder could rewrite it.) A folder that
cannot be written turns the cache off for the run. Neither is ever an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from functools import lru_cache

from lintnews import __version__
from lintnews.model import Applicability, Diagnostic, Edit, Fix, Severity, Span
from lintnews.outfile import write_atomic
from lintnews.source import read_settings_file

ENTRY_FORMAT = 2
TAG_NAME = "CACHEDIR.TAG"
# The first line is the standard cache-directory tag (backup tools skip such folders); the
# second lets `lintnews clean` recognise a folder it may delete.
TAG_TEXT = "Signature: 8a477f597d28d172789f06886806bc55\n# lintnews cache; remove with `lintnews clean`.\n"


def _hash_files(h, paths: Iterable[str]) -> None:
    for path in sorted(paths):
        h.update(path.encode("utf-8", "surrogateescape") + b"\x00")
        try:  # a pack that is a fifo or a device: read as the pack reader reads it, not waited on
            h.update(hashlib.sha256(read_settings_file(path)).digest())
        except OSError:
            h.update(b"<unreadable>")


def _python_files(folder: str) -> list[str]:
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        out.extend(os.path.join(root, n) for n in files if n.endswith((".py", ".toml")))
    return out


def _code_digest() -> bytes:
    """lintnews' own code and shipped packs: a rule edited without a version bump still counts."""
    # Read once per process (and import path): the code that runs is what was imported, and the
    # shipped packs are loaded once too; hashing a hundred files cost 15 ms a run of a library
    # caller that runs the command many times.
    return _digest(__version__, tuple(sys.path))


@lru_cache(maxsize=4)
def _digest(version: str, _path: tuple[str, ...]) -> bytes:
    from lintnews.packs import packs_dir

    h = hashlib.sha256(version.encode())
    package = os.path.dirname(os.path.abspath(__file__))
    _hash_files(h, _python_files(package) + [p for p in _python_files(packs_dir())
                                             if not p.startswith(package + os.sep)])
    try:
        from lintnews.registry import rule_entry_points

        for ep in sorted(rule_entry_points(), key=lambda e: (e.name, e.value)):
            dist = getattr(ep, "dist", None)
            h.update(f"{ep.name}={ep.value}@{getattr(dist, 'version', '?')}\x00".encode())
    except Exception:  # noqa: BLE001 - a broken plugin fails the run elsewhere, with its own message
        h.update(b"<entry points unavailable>")
    return h.digest()


def _json_default(value):
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


class Cache:
    def __init__(self, folder: str) -> None:
        self.folder = os.path.abspath(folder)
        self.enabled = True
        self.warning: str | None = None  # set when the cache turned itself off
        self._code: bytes | None = None
        self._settings: dict[str, str] = {}
        self._ready = False
        self._dirs: set[str] = set()

    # -- keys ----------------------------------------------------------------------------------
    def settings_key(self, config, selection: dict) -> str:
        """Everything but the file: code, packs, plugins, the config and the run's selection."""
        # Keyed by content, not by the Config object: one made later may reuse a dead one's id().
        described = json.dumps([config.path, config.root, config.values, selection], sort_keys=True,
                               default=_json_default)
        if described not in self._settings:
            if self._code is None:
                self._code = _code_digest()
            h = hashlib.sha256(self._code)
            h.update(described.encode())
            extra: list[str] = list(config.get("packs", []))
            for folder in config.get("rule-paths", []):
                extra.extend(_python_files(folder) if os.path.isdir(folder) else [folder])
            _hash_files(h, extra)
            self._settings[described] = h.hexdigest()
        return self._settings[described]

    @staticmethod
    def entry_key(settings: str, path: str, data: bytes) -> str:
        h = hashlib.sha256(settings.encode())
        h.update(b"\x00" + path.encode("utf-8", "surrogateescape"))
        h.update(b"\x00" + os.path.abspath(path).encode("utf-8", "surrogateescape"))
        h.update(b"\x00" + hashlib.sha256(data).digest())
        return h.hexdigest()

    def _entry_path(self, key: str) -> str:
        return os.path.join(self.folder, "entries", key[:2], key + ".json")

    # -- reading and writing -------------------------------------------------------------------
    def get(self, key: str, path: str | None = None, text: str | None = None) -> list[Diagnostic] | None:
        """The findings stored under ``key``, or None when there are none or the entry does not
        hold up: given ``path`` and ``text`` (the file as decoded), the entry must claim that
        path and that text's hash, and its findings must lie inside that text."""
        if not self.enabled:
            return None
        try:
            with open(self._entry_path(key), "rb") as f:
                entry = json.loads(f.read())
            if not isinstance(entry, dict) or entry.get("format") != ENTRY_FORMAT or entry.get("key") != key \
                    or entry.get("digest") != seal(entry):
                return None
            if path is not None and entry.get("path") != path:
                return None
            if text is not None and entry.get("sha256") != _text_hash(text):
                return None
            found = entry["diagnostics"]
            if not isinstance(found, list):
                return None
            diags = [_load_diag(d, path, text) for d in found]
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            return None  # missing, truncated or tampered: recompute
        return diags

    def put(self, key: str, diags: list[Diagnostic], path: str | None = None, text: str | None = None) -> None:
        if not self.enabled:
            return
        entry = {"format": ENTRY_FORMAT, "key": key, "path": path,
                 "sha256": _text_hash(text) if text is not None else None,
                 "diagnostics": [_dump_diag(d) for d in diags]}
        try:
            entry["digest"] = seal(entry)
            # ASCII: a file name that is not UTF-8 holds lone surrogates, which JSON escapes.
            payload = json.dumps(entry)
        except (TypeError, ValueError):
            return  # a rule put something in `extra` that JSON cannot hold: not cacheable
        target = self._entry_path(key)
        try:
            self._prepare()
            folder = os.path.dirname(target)
            if folder not in self._dirs:
                os.makedirs(folder, exist_ok=True)
                self._dirs.add(folder)
            write_atomic(target, payload, new=True)
        except OSError as err:
            self.enabled = False
            self.warning = f"cache disabled: cannot write {self.folder}: {err.strerror or err}"

    def _prepare(self) -> None:
        if self._ready:
            return
        os.makedirs(self.folder, exist_ok=True)
        tag = os.path.join(self.folder, TAG_NAME)
        if not os.path.exists(tag):
            write_atomic(tag, TAG_TEXT)
        ignore = os.path.join(self.folder, ".gitignore")
        if not os.path.exists(ignore):
            write_atomic(ignore, "# Automatically created by lintnews.\n*\n")
        self._ready = True


def is_cache_folder(folder: str) -> bool:
    # Read as settings are: a tag that is a fifo must not hang `clean`, nor bytes that are not
    # UTF-8 crash it (either way the folder is not one lintnews made).
    try:
        return b"lintnews cache" in read_settings_file(os.path.join(folder, TAG_NAME))
    except OSError:
        return False


# -- (de)serialising findings ------------------------------------------------------------------
def _dump_diag(d: Diagnostic) -> dict:
    fix = None
    if d.fix is not None:
        fix = {"message": d.fix.message, "applicability": d.fix.applicability.value,
               "edits": [[e.span.start, e.span.end, e.content] for e in d.fix.edits]}
    return {"code": d.code, "name": d.name, "message": d.message, "span": [d.span.start, d.span.end],
            "severity": d.severity.value, "fix": fix, "path": d.path, "line": d.line,
            "column": d.column, "end_line": d.end_line, "end_column": d.end_column,
            "field": d.field, "matched": d.matched, "extra": d.extra}


class _Bad(ValueError):
    """An entry's finding that does not hold up."""


def _need(ok: bool) -> None:
    if not ok:
        raise _Bad


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_str(v) -> bool:
    return isinstance(v, str)


def _span(v, size: int | None) -> Span:
    _need(isinstance(v, list) and len(v) == 2 and all(_is_int(x) for x in v)
          and 0 <= v[0] <= v[1] and (size is None or v[1] <= size))
    return Span(v[0], v[1])


def _load_diag(o: dict, path: str | None = None, text: str | None = None) -> Diagnostic:
    """A finding from its JSON form, checked field by field; _Bad when any field is off.

    With ``text``, positions must lie inside it: line and column of the start, the end after
    the start, so a report's code frame and the fixer never reach outside the file. Spans are
    offsets into the text a rule read (a JSONL record's field, an HTML block), not into the
    file, so they are checked for shape only.
    """
    _need(isinstance(o, dict))
    for key in ("code", "name", "message", "matched"):
        _need(_is_str(o.get(key)))
    _need(_is_str(o.get("path")) and (path is None or o["path"] == path))
    _need(o.get("field") is None or _is_str(o["field"]))
    _need(o.get("severity") in {s.value for s in Severity})
    lines = text.split("\n") if text is not None else None
    pos = [o.get(k) for k in ("line", "column", "end_line", "end_column")]
    _need(all(_is_int(x) and x >= 1 for x in pos))
    line, col, end_line, end_col = pos
    _need((end_line, end_col) >= (line, col))
    if lines is not None:
        _need(line <= len(lines) and col <= len(lines[line - 1]) + 1 and end_line <= len(lines) + 1)
    span = _span(o.get("span"), None)
    fix = None
    if o.get("fix") is not None:
        f = o["fix"]
        _need(isinstance(f, dict) and _is_str(f.get("message")) and isinstance(f.get("edits"), list)
              and f.get("applicability") in {a.value for a in Applicability})
        edits = []
        for e in f["edits"]:
            _need(isinstance(e, list) and len(e) == 3 and _is_str(e[2]))
            edits.append(Edit(_span(e[:2], None), e[2]))
        fix = Fix(f["message"], tuple(edits), Applicability(f["applicability"]))
    _need(isinstance(o.get("extra"), dict))
    extra = dict(o["extra"])
    if "edits" in extra:  # file positions the reports and the ledger print; JSON hands back lists
        _need(isinstance(extra["edits"], list))
        for e in extra["edits"]:
            _need(isinstance(e, list) and len(e) == 5 and all(_is_int(x) and x >= 1 for x in e[:4])
                  and _is_str(e[4]) and (lines is None or e[2] <= len(lines) + 1))
        extra["edits"] = [tuple(e) for e in extra["edits"]]
    if "removed" in extra:
        _need(isinstance(extra["removed"], list) and all(_is_str(x) for x in extra["removed"]))
    return Diagnostic(o["code"], o["name"], o["message"], span, Severity(o["severity"]), fix,
                      o["path"], line, col, end_line, end_col, o["field"], o["matched"], extra)


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def seal(entry: dict) -> str:
    """The digest of an entry's content (every key but the digest itself)."""
    body = {k: v for k, v in entry.items() if k != "digest"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8",
                                                                                       "surrogatepass")).hexdigest()
