"""Where a run's report goes, piece by piece (a diff and a fixed stdin as bytes), and how Ctrl-C
stops a run between files."""

from __future__ import annotations

import os
import signal
import sys

from typing import TYPE_CHECKING

from lintnews.errors import LintnewsError
from lintnews.report.summary import Tally, plural
from lintnews.run.console import Console
from lintnews.run.options import UsageError

if TYPE_CHECKING:  # the baseline and report-file modules are imported by the runs that write them
    from lintnews.api import FileResult
    from lintnews.baseline import IgnoreFile
    from lintnews.outfile import AtomicFile


class Interrupt:
    """Ctrl-C, taken between files: the file in hand is finished (written and counted), then
    the run stops. A second Ctrl-C stops at once (each write is still whole or nothing)."""

    def __init__(self) -> None:
        self.asked = False
        self.previous = None
        try:
            self.previous = signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread: Ctrl-C is not ours to take
            pass

    def _handle(self, signum, frame) -> None:
        if self.asked:
            raise KeyboardInterrupt
        self.asked = True

    def check(self) -> None:
        if self.asked:
            raise KeyboardInterrupt

    def restore(self) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
            self.previous = None


class Sink:
    """Where the report goes, piece by piece: the report file, or stdout (a terminal or a pipe;
    the text formats bring their own colours)."""

    def __init__(self, out: Console, report_file: AtomicFile | None) -> None:
        self.out, self.file = out, report_file

    def write(self, text: str) -> None:
        if not text:
            return
        if self.file is not None:
            try:
                self.file.write(text)
            except OSError as e:
                raise UsageError(f"{self.file.path}: cannot write report: {e.strerror or e}") from None
        else:
            self.out.file.write(text)

    def commit(self, name: str | None) -> None:
        if self.file is not None:
            try:
                self.file.commit()
            except OSError as e:
                raise UsageError(f"{name}: cannot write report: {e.strerror or e}") from None
        else:
            self.out.file.flush()


def diff_summary(tally: Tally, changed: int, errors: list[LintnewsError], err: Console, quiet: bool) -> int:
    for e in errors:
        err.error(e)
    if not quiet:
        err.print(f"Would fix {plural(tally.fixed, 'finding')} in {plural(changed, 'file')}.", markup=False)
    return 2 if errors else (1 if changed else 0)


def write_baseline(path: str, results: list[tuple[str, list]], errors: list[LintnewsError], err: Console,
                    quiet: bool) -> int:
    from lintnews.baseline import Baseline, BaselineError

    folder = os.path.dirname(os.path.abspath(path))
    try:
        old = Baseline.load(path) if os.path.exists(path) else Baseline(folder)
    except BaselineError:
        old = Baseline(folder)  # being replaced anyway
    linted = [p for p, _ in results]
    diags = [d for _, found in results for d in found]
    new = old.rewritten(diags, linted)
    new.write(path)
    for e in errors:
        err.error(e)
    if not quiet:
        files = len({p for p, _, _ in new.counts})
        err.print(f"Wrote {plural(sum(new.counts.values()), 'finding')} in {plural(files, 'file')} to {path}.",
                  markup=False)
    return 2 if errors else 0


def add_ignore(linter, accepted: IgnoreFile | None, reason: str, diags: list,
                errors: list[LintnewsError], err: Console, quiet: bool) -> int:
    """Accept the findings of this run in the ignore file, with ``reason``."""
    from lintnews.baseline import IgnoreFile, ignore_file_path

    book = accepted or IgnoreFile(ignore_file_path(linter.resolver.for_path(".")))
    added = book.add(diags, reason.strip())
    book.write()
    for e in errors:
        err.error(e)
    if not quiet:
        err.print(f"Accepted {plural(added, 'finding')} in {book.shown} ({len(book.reasons)} in all).",
                  markup=False)
    return 2 if errors else 0


def ignore_file(linter):
    """The ignore file the linter loaded, if any (its module is imported only when there is one)."""
    accepted = linter.accepted()
    if not accepted:
        return None
    from lintnews.baseline import IgnoreFile

    return next((k for k in accepted if isinstance(k, IgnoreFile)), None)


def write_bytes(stream, data: bytes) -> None:
    """``data`` (a file's own bytes: its diff, or stdin fixed) on a text stream: to the bytes
    beneath it, or, on a stream that has none (a caller's StringIO), decoded as UTF-8 with each
    other byte kept."""
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(data.decode("utf-8", "surrogateescape"))
        return
    stream.flush()
    buffer.write(data)


def write_fixed_stdin(result: FileResult) -> None:
    """Write the fixed stdin to stdout (unchanged when it could not be fixed)."""
    if result.errors or result.raw is None or result.new is None:
        data = result.data or b""  # a filter that cannot fix its input passes it through as it came
    else:
        data = result.raw.encode(result.new)
    write_bytes(sys.stdout, data)
    sys.stdout.flush()
