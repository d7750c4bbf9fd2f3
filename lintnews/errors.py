"""Errors that end a file's (or the run's) processing with exit code 2 and one clear line."""

from __future__ import annotations


class LintnewsError(Exception):
    """Base: ``str(err)`` is the one line shown to the user."""


class InputError(LintnewsError):
    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path, self.message, self.line = path, message, line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")

    def __reduce__(self):
        # Results cross process boundaries with --jobs; rebuild from the fields, not the text.
        return (InputError, (self.path, self.message, self.line))


def described(err: BaseException) -> str:
    """``ValueError: bad``; ``SystemExit: 3`` for a ``sys.exit(3)``."""
    return f"{type(err).__name__}: {err}" if str(err) else type(err).__name__


class RuleError(InputError):
    """A rule that raised (or called ``sys.exit``) on a document: the file (or JSONL record) is
    an error, neither reported nor fixed, and the run goes on with the others."""

    @classmethod
    def of(cls, path: str, rule, err: BaseException, line: int | None = None) -> "RuleError":
        origin = getattr(rule, "origin", "builtin")
        owner = " (a bug in lintnews; please report it with this file)" if origin == "builtin" else ""
        return cls(path, f"rule {rule.code} ({rule.name}) failed: {described(err)}{_where(err)}{owner}; "
                   "nothing in it was reported or fixed", line)


class ReaderError(InputError):
    """A reader that raised on a file (or JSONL record) where it should have read it or said in
    an InputError why it could not: a bug of lintnews's own, told as that file's error so that a
    batch goes on with the others."""

    @classmethod
    def of(cls, path: str, reader, err: BaseException, line: int | None = None) -> "ReaderError":
        return cls(path, f"reading it as {reader.format} failed: {described(err)}{_where(err)} (a bug in "
                   "lintnews; please report it with this file); nothing in it was reported or fixed", line)


def _where(err: BaseException) -> str:
    where = ""
    tb = err.__traceback__
    while tb is not None:  # the innermost frame: where the code failed
        where = f", at {tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


class ConfigError(LintnewsError):
    pass


class FixError(LintnewsError):
    pass
