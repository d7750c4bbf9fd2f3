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


class ConfigError(LintnewsError):
    pass


class FixError(LintnewsError):
    pass
