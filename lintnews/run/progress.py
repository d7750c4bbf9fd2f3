"""A batch run's progress on stderr, in files, and a streamed dump's, in records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lintnews.api import FileResult
from lintnews.report import printable
from lintnews.run.console import Console

PROGRESS_FROM = 50  # files; fewer finish before a progress bar is worth drawing


def progress(results: Iterable[FileResult], total: int, console: Console | None,
              quiet: bool) -> Iterator[FileResult]:
    """Pass results through; in a terminal show on ``console`` how far a batch run is (in files)
    and how far a streamed file is (in records, from its parts), once there is something to show."""
    if quiet or console is None or not console.is_terminal:
        yield from results
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeRemainingColumn

    bar: Progress | None = None
    files = records = None  # the tasks
    done = 0
    try:
        for r in results:
            if bar is None and (total >= PROGRESS_FROM or r.part):
                bar = Progress(SpinnerColumn(), "{task.description}", BarColumn(), TextColumn("{task.fields[count]}"),
                               TimeRemainingColumn(), console=console.rich(), transient=True)
                bar.start()
                if total >= PROGRESS_FROM:
                    files = bar.add_task("Linting", total=total, count=f"{done:,}/{total:,} files", completed=done)
            if r.part and bar is not None:
                count = f"{r.records:,} records"
                if records is None:
                    records = bar.add_task(printable(r.path), total=None, count=count)
                    bar.refresh()  # shown now, not at the next tick: a short dump may be done by then
                else:
                    bar.update(records, count=count)
            yield r
            if not r.part:
                done += 1
                if records is not None and bar is not None:
                    bar.remove_task(records)
                    records = None
                if files is not None and bar is not None:
                    bar.update(files, completed=done, count=f"{done:,}/{total:,} files")
    finally:
        if bar is not None:
            bar.stop()
