"""The shipped given-name lexicon (US SSA baby-name counts, public domain), read on first use.

Built by bench/make_name_lexicon.py. Each name is "f" or "m" only when at least 99 of 100 of
its records since 1940 are of one sex and there are at least 200 of them; otherwise, and for
names known to change sex across languages (Andrea, Nicola, Jean, Kiran ...), it is "u".
"""

from __future__ import annotations

import os
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from lintnews import keep

_FILE = "given_names.tsv.gz"


@dataclass(frozen=True)
class NameFacts:
    """What the lexicon records of a given name."""
    sex: str  # "f", "m" or "u" (a given name, but no sex is read from it)
    births: int  # records of that sex
    total: int  # all records

    @property
    def confident(self) -> bool:
        return self.sex in ("f", "m")


def _data() -> bytes:
    # The file beside this module; importlib.resources (a few milliseconds to import) only where
    # the package is not a folder (a zip on the import path).
    try:
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), _FILE), "rb") as f:
            return f.read()
    except OSError:
        from importlib import resources

        return resources.files("lintnews.bio").joinpath(_FILE).read_bytes()


def _unpack(data: bytes) -> str:
    import gzip  # imported here: a run that reads the kept text unpacks nothing

    return "\n" + gzip.decompress(data).decode("utf-8")


@lru_cache(maxsize=1)
def _text() -> str:
    # A line break first, so that every record, the first too, follows one. Unpacking the file
    # took 2.5 ms of every run that met a byline; the text is kept unpacked in the cache folder
    # under a digest of the packed bytes (reading it back: 0.4 ms), so a changed file is never
    # answered by an old text, and a kept file that is missing, damaged or not a text is unpacked
    # again.
    data = _data()
    where = keep.folder()
    if where is None:
        return _unpack(data)
    key = keep.digest(b"given-names\0" + data)
    file = os.path.join(where, key.hex()[:40] + ".bin")
    text = keep.load(file, key)
    if isinstance(text, str) and text.startswith("\n"):
        return text
    text = _unpack(data)
    if keep.writable(where):
        keep.store(file, key, text)
        keep.prune(where)
    return text


@lru_cache(maxsize=1)
def _lines() -> list[str]:
    # The records ("name\tf\t812\t815") as read, in the file's order, which is the names' sorted
    # order (bench/make_name_lexicon.py writes them so; a test keeps it): a name is found by
    # bisection. Building a table of 25,000 names cost most of a one-file run's bio checks.
    return [line for line in _text().splitlines() if line and not line.startswith("#")]


# The first lookups of a run search the text: a one-file run asks about a name or two, and
# splitting the 25,000 records costs as much as some twenty searches. Later lookups bisect them.
_SEARCHES = 8
_searched = 0


def _facts(given: str) -> str | None:
    global _searched
    key = given.lower()
    # Every record's name is printable and none starts with "#" (a test keeps it so): a tab
    # would reach into a record's facts, a line break across records, "#" into the comments.
    if not key.isprintable() or key.startswith("#"):
        return None
    if _searched < _SEARCHES:
        _searched += 1
        text = _text()
        at = text.find(f"\n{key}\t")
        if at < 0:
            return None
        start = at + len(key) + 2
        end = text.find("\n", start)
        return text[start:] if end < 0 else text[start:end]
    key += "\t"
    lines = _lines()
    i = bisect_left(lines, key)
    if i < len(lines) and lines[i].startswith(key):
        return lines[i][len(key):]
    return None


def lookup(given: str) -> NameFacts | None:
    facts = _facts(given)
    if facts is None:
        return None
    sex, births, total = facts.split("\t")
    return NameFacts(sex, int(births), int(total))


def is_given_name(word: str) -> bool:
    return _facts(word) is not None
