"""stdout and stderr as a command prints to them. Where no terminal reads them (a pipe, a file, CI,
a pre-commit hook) a line is written as rich would write it there, without importing rich, a
tenth of a one-file check's start-up; a terminal, a table, markup or a tab get rich itself."""

from __future__ import annotations

import os
import sys
from typing import Any

# The control codes rich leaves out of the text it prints (bell, backspace, vertical tab, form
# feed, carriage return): a plain line leaves them out too, so both write the same bytes.
_LEFT_OUT = dict.fromkeys((7, 8, 11, 12, 13))


class Console:
    def __init__(self, stderr: bool = False) -> None:
        self.stderr = stderr
        self._rich: Any = None

    @property
    def file(self):
        return sys.stderr if self.stderr else sys.stdout

    @property
    def is_terminal(self) -> bool:
        """As rich tells it: TTY_COMPATIBLE, then FORCE_COLOR, then whether the stream is a tty."""
        env = os.environ
        if env.get("TTY_COMPATIBLE") in ("0", "1"):
            return env["TTY_COMPATIBLE"] == "1"
        if env.get("FORCE_COLOR") is not None:
            return env["FORCE_COLOR"] != ""
        isatty = getattr(self.file, "isatty", None)
        try:
            return bool(isatty and isatty())
        except ValueError:  # a stream closed under us (pytest's capture at its end)
            return False

    @property
    def no_color(self) -> bool:
        return os.environ.get("NO_COLOR", "") != ""

    def rich(self):
        """The rich console of this stream (for progress bars, tables and styled lines)."""
        if self._rich is None:
            from rich.console import Console as RichConsole

            # emoji=False: a path or an article's text with ":name:" in it is printed as it is,
            # not as an emoji (which also spares loading rich's table of emoji codes).
            self._rich = RichConsole(stderr=self.stderr, highlight=False, soft_wrap=True, emoji=False)
        return self._rich

    def print(self, text: Any = "", *, markup: bool | None = None, end: str = "\n", style: str | None = None) -> None:
        try:
            if markup is False and isinstance(text, str) and "\t" not in text and not self.is_terminal:
                self.file.write(text.translate(_LEFT_OUT) + end)
            else:
                self.rich().print(text, markup=markup, end=end, style=style)
        except OSError:
            # A stderr closed or full (2>&-, 2>/dev/full): the message has nowhere to go, and the
            # exit code still tells the outcome. A failing stdout is the run's own failure.
            if not self.stderr:
                raise

    def error(self, message: Any) -> None:
        """``error: MESSAGE``, one line whatever a path in it holds: a file name from scraped data
        can carry a newline or a terminal escape, shown as its escape as in the reports."""
        from lintnews.report import printable

        self.print(f"error: {printable(str(message))}", markup=False)

    def warning(self, message: Any) -> None:
        """``warning: MESSAGE``, one line, as ``error`` writes it."""
        from lintnews.report import printable

        self.print(f"warning: {printable(str(message))}", markup=False)

    def flush(self) -> None:
        self.file.flush()
