"""The shipped given-name lexicon (US SSA baby-name counts, public domain), read on first use.

Built by bench/make_name_lexicon.py. Each name is "f" or "m" only when at least 99 of 100 of
its records since 1940 are of one sex and there are at least 200 of them; otherwise, and for
names known to change sex across languages (Andrea, Nicola, Jean, Kiran ...), it is "u".
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class NameFacts:
    sex: str  # "f", "m" or "u" (a given name, but no sex is read from it)
    births: int  # records of that sex
    total: int  # all records

    @property
    def confident(self) -> bool:
        return self.sex in ("f", "m")


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    # A name's facts stay as read ("f\t812\t815") until looked up: most runs ask whether a
    # word is a given name, and building 25,000 records cost more than the rest of reading.
    data = resources.files("lintnews.bio").joinpath("given_names.tsv.gz").read_bytes()
    table = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, facts = line.split("\t", 1)
        table[name] = facts
    return table


def lookup(given: str) -> NameFacts | None:
    facts = _table().get(given.lower())
    if facts is None:
        return None
    sex, births, total = facts.split("\t")
    return NameFacts(sex, int(births), int(total))


def is_given_name(word: str) -> bool:
    return word.lower() in _table()
