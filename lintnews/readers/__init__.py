"""Readers turn a file's text into Documents and turn edits on them back into file text.

One reader per format. A reader splits a file into units (the whole file, or one JSONL record),
parses a unit into Documents, and renders a unit anew from the edits made to its Documents.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from lintnews.document import Document
from lintnews.model import Edit


@dataclass
class Unit:
    text: str
    line: int = 1  # 1-based line of the unit's first character in the file
    index: int = 0
    # The caller needs the text no more once it is read: a reader may let go of it (set it to
    # "") as soon as its documents no longer need it, before their blocks are made.
    spare: bool = False


@dataclass
class ReadContext:
    path: str
    options: dict = field(default_factory=dict)  # format options from config (e.g. jsonl fields)


class Reader:
    format: str = ""
    extensions: tuple[str, ...] = ()

    def declared_encoding(self, data: bytes) -> str | None:
        """The encoding a file declares for itself (an HTML charset), if its format has one."""
        return None

    def units(self, text: str) -> Iterator[Unit]:
        yield Unit(text)

    def parse(self, unit: Unit, ctx: ReadContext) -> list[Document]:
        raise NotImplementedError

    def render(self, unit: Unit, changes: list[tuple[Document, list[Edit]]]) -> str:
        """The unit's new text. The default serves readers whose document text is the unit.
        ``changes`` is the reader's: it may let go of its documents once their edits are read."""
        from lintnews.fix import apply_edits

        text = unit.text
        for _doc, edits in changes:
            text = apply_edits(text, edits)
        return text


def parse_int(digits: str) -> int | str:
    """A JSON integer; one longer than Python converts (4,300 digits) stays its digits."""
    try:
        return int(digits)
    except ValueError:
        return digits


_READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    _READERS[reader.format] = reader
    return reader


_loaded = False
# Held while the readers are loaded: a thread that found the flag set while another was still
# importing them met an empty table ("a.txt: unknown file type").
_LOADING = threading.RLock()  # a reader module that asks for the readers as it loads must not wait on itself


def _load() -> None:
    # A flag, not "any reader registered": importing one reader module directly must not hide
    # the others.
    global _loaded
    if _loaded:
        return
    with _LOADING:
        if _loaded:
            return
        import importlib
        import pkgutil

        # Every reader module registers itself; heavy parsers are imported lazily inside them.
        for info in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{info.name}")
        _loaded = True


def reader_for(path: str, forced: str | None = None) -> Reader | None:
    _load()
    if forced:
        return _READERS.get(forced)
    ext = os.path.splitext(path)[1].lower()
    for reader in _READERS.values():
        if ext in reader.extensions:
            return reader
    return None


def formats() -> dict[str, Reader]:
    _load()
    return dict(_READERS)


def known_extensions() -> set[str]:
    _load()
    return {e for r in _READERS.values() for e in r.extensions}
