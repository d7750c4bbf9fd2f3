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
        where = ""
        tb = err.__traceback__
        while tb is not None:  # the innermost frame: where the rule's own code failed
            where = f", at {tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}"
            tb = tb.tb_next
        what = described(err)
        origin = getattr(rule, "origin", "builtin")
        owner = " (a bug in lintnews; please report it with this file)" if origin == "builtin" else ""
        return cls(path, f"rule {rule.code} ({rule.name}) failed: {what}{where}{owner}; nothing in it was "
                   "reported or fixed", line)


class ConfigError(LintnewsError):
    pass


class FixError(LintnewsError):
    pass
