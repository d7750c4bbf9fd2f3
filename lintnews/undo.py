"""`lintnews undo LEDGER`: put back every file a `check --fix --ledger` run rewrote, byte for byte.

The ledger's file lines (see ``lintnews.ledger``) hold each rewrite's changes in bytes of the file
as it was, and the SHA-256 of the file before and after. A file is restored only when it is still
exactly what the run wrote; one changed since is refused, and then nothing is written at all
unless ``--skip-changed`` says to restore the others. Each file is replaced atomically, and only
after its restored bytes were checked against the digest the ledger recorded before the fix.
Relative paths are read from the working folder, as the run that wrote the ledger read them.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
from dataclasses import dataclass, field

from lintnews.errors import InputError, LintnewsError
from lintnews.source import atomic_write, fingerprint, read_bytes, read_settings_file


class UndoError(LintnewsError):
    pass


@dataclass
class _File:
    name: str  # as the ledger shows it
    path: str  # as the file system takes it
    rewrites: list[dict] = field(default_factory=list)


def _bytes(change: dict, key: str) -> bytes:
    if f"{key}_b64" in change:
        return base64.b64decode(change[f"{key}_b64"])
    return change[key].encode("utf-8", "surrogateescape")


def _path(row: dict) -> str:
    if "path_b64" in row:
        return os.fsdecode(base64.b64decode(row["path_b64"]))
    return row["path"]


def _file_line(row: dict) -> bool:
    """Whether a file line holds what undo reads, of the right types (an edited or foreign line
    is refused here, not met as a traceback halfway through a restore)."""
    file = row["file"]
    if not (isinstance(file, dict) and isinstance(file.get("sha256_before"), str)
            and isinstance(file.get("sha256_after"), str) and isinstance(file.get("changes"), list)):
        return False
    try:
        path = _path(row)
    except (TypeError, ValueError):  # path_b64 not base64
        return False
    return bool(path) and "\0" not in path


# How every line lintnews writes to a ledger starts (see ledger._line).
_LINE_START = '{"time": "'


def read_runs(ledger: str, cut: list[int] | None = None) -> dict[str, list[_File]]:
    """run id -> the files it rewrote (in ledger order), each with its rewrites in order.
    ``cut`` gets the numbers of the lines a stopped run left cut short."""
    try:  # as a baseline is read: a fifo without a writer or an endless device does not hang undo
        text = read_settings_file(ledger).decode("utf-8", "surrogateescape")
        # Lines as a file read as text splits them: at line breaks alone. str.splitlines also
        # splits at U+2028 and U+0085, which a ledger line's JSON holds raw when a cut text did.
        lines = io.StringIO(text, newline=None).readlines()
    except FileNotFoundError:
        raise UndoError(f"{ledger}: no such ledger") from None
    except OSError as err:
        raise UndoError(f"{ledger}: cannot read ledger: {err.strerror or err}") from None
    runs: dict[str, dict[str, _File]] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            if line.startswith(_LINE_START) and cut is not None:
                # A run stopped (killed, the disk full) while writing a file's lines: they are
                # written before the file is replaced, so that file was never rewritten, and
                # the rest of the ledger holds good.
                cut.append(number)
                continue
            raise UndoError(f"{ledger}: line {number} is not JSON; not a lintnews ledger") from None
        if not isinstance(row, dict) or not isinstance(row.get("run"), str) or not isinstance(row.get("path"), str):
            raise UndoError(f"{ledger}: line {number} is not a lintnews ledger line")
        files = runs.setdefault(row["run"], {})
        if "file" in row:
            if not _file_line(row):
                raise UndoError(f"{ledger}: line {number} is not a lintnews ledger line")
            entry = files.setdefault(row["path"], _File(row["path"], _path(row)))
            entry.rewrites.append(row["file"])
        elif "not_written" in row and row["path"] in files and files[row["path"]].rewrites:
            files[row["path"]].rewrites.pop()  # the write failed: the file is as the line before it says
    return {run: [f for f in files.values() if f.rewrites] for run, files in runs.items()}


def _pick(runs: dict[str, list[_File]], ledger: str, wanted: str | None) -> str:
    done = [r for r, files in runs.items() if files]
    if not done:
        raise UndoError(f"{ledger}: no rewritten file recorded (a ledger of lintnews 0.2 or later, "
                        "written by check --fix --ledger)")
    if wanted is None:
        return done[-1]
    if not wanted.strip():  # `--run "$UNSET"`: the start of every id, so the only run was undone unasked
        raise UndoError("--run: empty run id; name a run, or leave --run out for the last one")
    chosen = [r for r in runs if r == wanted] or [r for r in runs if r.startswith(wanted)]
    if len(chosen) != 1:
        why = "no run" if not chosen else f"{len(chosen)} runs"
        raise UndoError(f"{ledger}: {why} with id {wanted!r}; runs: {', '.join(r[:12] for r in done)}")
    return chosen[0]


def revert(data: bytes, rewrite: dict) -> bytes:
    """The bytes a rewrite started from, given the bytes it wrote."""
    parts, pos, shift = [], 0, 0
    for change in sorted(rewrite["changes"], key=lambda c: c["offset"]):
        cut, put = _bytes(change, "cut"), _bytes(change, "put")
        at = change["offset"] + shift
        if data[at:at + len(put)] != put:
            raise ValueError("the recorded change does not match")
        parts += [data[pos:at], cut]
        pos = at + len(put)
        shift += len(put) - len(cut)
    parts.append(data[pos:])
    return b"".join(parts)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _plan(entry: _File) -> tuple[str, bytes | None, bytes | None, tuple | None]:
    """(state, current bytes, restored bytes, fingerprint): state is restore, as-it-was or why not."""
    try:
        before = fingerprint(entry.path)
        data = read_bytes(entry.path)
    except (OSError, InputError) as err:
        reason = err.message if isinstance(err, InputError) else (err.strerror or str(err))
        return f"cannot read ({reason})", None, None, None
    digest = _sha(data)
    if digest == entry.rewrites[0]["sha256_before"] and digest != entry.rewrites[-1]["sha256_after"]:
        return "as-it-was", data, None, before
    if digest != entry.rewrites[-1]["sha256_after"]:
        return "changed since the run", data, None, before
    restored = data
    try:
        for rewrite in reversed(entry.rewrites):
            restored = revert(restored, rewrite)
            if _sha(restored) != rewrite["sha256_before"]:
                raise ValueError("digest differs")
    except (ValueError, KeyError, TypeError):
        return "its ledger lines do not give back the recorded bytes", data, None, before
    return "restore", data, restored, before


def undo(ledger: str, run: str | None, skip_changed: bool, out, err) -> int:
    """Restore the files of a run; the exit code (1 when a file was refused)."""
    cut: list[int] = []
    try:
        runs = read_runs(ledger, cut)
        chosen = _pick(runs, ledger, run)
    except UndoError as e:
        err.error(e)
        return 2
    if cut:
        err.warning(f"{ledger}: line(s) {', '.join(map(str, cut))} cut short by a run that stopped while "
                    "writing them; skipped (the file they were about was not rewritten)")
    files = runs[chosen]
    plans = [(entry, *_plan(entry)) for entry in files]
    refused = [(entry, state) for entry, state, *_ in plans if state not in ("restore", "as-it-was")]
    for entry, state in refused:
        err.print(f"refused: {entry.name}: {state}; not restored", markup=False)
    if refused and not skip_changed:
        err.print(f"Nothing restored: {len(refused)} of {len(files)} file(s) of run {chosen} cannot be put back "
                  "(use --skip-changed to restore the others).", markup=False)
        return 1
    restored = as_it_was = put_back = 0
    for entry, state, data, new, before in plans:
        if state == "as-it-was":
            as_it_was += 1
        elif state == "restore":
            try:
                atomic_write(entry.path, new, before, data)
            except InputError as e:
                err.print(f"refused: {entry.name}: {e.message}; not restored", markup=False)
                refused.append((entry, e.message))
                continue
            restored += 1
            put_back += len(new) - len(data)
    tail = f"; {as_it_was} already as they were" if as_it_was else ""
    shut = f"; {len(refused)} refused" if refused else ""
    out.print(f"Restored {restored} file(s) of run {chosen} ({put_back:+d} bytes){tail}{shut}.", markup=False)
    return 1 if refused else 0
