"""A cache of check results, so repeated runs (pre-commit, CI over a large corpus) skip files
whose findings cannot have changed.

An entry is keyed on everything a file's findings depend on: the file's bytes (SHA-256), its
path (per-file-ignores, the reader chosen by extension), the lintnews version and source, the
rule packs, rule paths and plugins, the governing configuration and the run's rule selection.
Change any of them and the key changes, so stale entries are never read; ``lintnews clean``
removes the folder.

Only findings are cached, never fixed text. A corrupt or unreadable entry is a miss; a folder
that cannot be written turns the cache off for the run. Neither is ever an error.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable

from lintnews import __version__
from lintnews.model import Applicability, Diagnostic, Edit, Fix, Severity, Span
from lintnews.outfile import write_atomic

ENTRY_FORMAT = 1
TAG_NAME = "CACHEDIR.TAG"
# The first line is the standard cache-directory tag (backup tools skip such folders); the
# second lets `lintnews clean` recognise a folder it may delete.
TAG_TEXT = "Signature: 8a477f597d28d172789f06886806bc55\n# lintnews cache; remove with `lintnews clean`.\n"


def _hash_files(h, paths: Iterable[str]) -> None:
    for path in sorted(paths):
        h.update(path.encode("utf-8", "surrogateescape") + b"\x00")
        try:
            with open(path, "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
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
    from lintnews.packs import packs_dir

    h = hashlib.sha256(__version__.encode())
    package = os.path.dirname(os.path.abspath(__file__))
    _hash_files(h, _python_files(package) + [p for p in _python_files(packs_dir())
                                             if not p.startswith(package + os.sep)])
    try:
        from importlib.metadata import entry_points

        from lintnews.registry import ENTRY_POINT_GROUP

        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: (e.name, e.value)):
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
    def get(self, key: str) -> list[Diagnostic] | None:
        if not self.enabled:
            return None
        try:
            with open(self._entry_path(key), "rb") as f:
                data = json.loads(f.read())
            if data.get("format") != ENTRY_FORMAT or data.get("key") != key:
                raise ValueError("foreign entry")
            diags = [_load_diag(d) for d in data["diagnostics"]]
        except Exception:  # noqa: BLE001 - missing, truncated or tampered: recompute
            return None
        return diags

    def put(self, key: str, diags: list[Diagnostic]) -> None:
        if not self.enabled:
            return
        try:
            payload = json.dumps({"format": ENTRY_FORMAT, "key": key,
                                  "diagnostics": [_dump_diag(d) for d in diags]}, ensure_ascii=False)
        except (TypeError, ValueError):
            return  # a rule put something in `extra` that JSON cannot hold: not cacheable
        path = self._entry_path(key)
        try:
            self._prepare()
            folder = os.path.dirname(path)
            if folder not in self._dirs:
                os.makedirs(folder, exist_ok=True)
                self._dirs.add(folder)
            write_atomic(path, payload, new=True)
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
    try:
        with open(os.path.join(folder, TAG_NAME), encoding="utf-8") as f:
            return "lintnews cache" in f.read()
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


def _load_diag(o: dict) -> Diagnostic:
    fix = None
    if o["fix"] is not None:
        f = o["fix"]
        fix = Fix(f["message"], tuple(Edit(Span(s, e), c) for s, e, c in f["edits"]),
                  Applicability(f["applicability"]))
    extra = dict(o["extra"])
    if "edits" in extra:  # the engine stores tuples; JSON hands back lists
        extra["edits"] = [tuple(e) for e in extra["edits"]]
    return Diagnostic(o["code"], o["name"], o["message"], Span(*o["span"]), Severity(o["severity"]), fix,
                      o["path"], o["line"], o["column"], o["end_line"], o["end_column"], o["field"],
                      o["matched"], extra)
