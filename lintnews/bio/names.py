"""Person names as bylines and bios write them: parsing, folding and matching."""

from __future__ import annotations

import re
import unicodedata

from lintnews.patterns import BYLINE_PREFIX, EMAIL, compile_cached

# Each pattern here that opens with white space is tried only where a run of it starts (the
# lookbehind): tried at every place inside a long run as well, a failed match read the rest of
# the run each time, and a byline field of 30,000 spaces took more than a minute.
_SPLIT = compile_cached(r"(?<!\s)\s*(?:,|;|&|\||/|\+|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*")
_HANDLE = compile_cached(r"(?<!\w)@\w+")
# Quoted nicknames go; brackets become separators, so "x@y.com (Jane Roe)" and
# "Jane Roe <x@y.com>" keep the name.
_QUOTED_NICKNAME = compile_cached(r"[\"“”«»][^\"“”«»]*[\"“”«»]")
_BRACKETS = compile_cached(r"[()\[\]<>]")
# Month and weekday names glued to a name by scrapers ("Jeff FoustMonday, November 18").
_GLUED = compile_cached(r"(?<=[a-z])(?=(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|"
                        r"(?:January|February|March|April|May|June|July|August|September|October|"
                        r"November|December)\b)")
# Trailing roles and dates after a dash: "Tim Childers - Live Science Contributor 2019-11-19".
_TAIL = compile_cached(
    r"(?<!\s)(?:\s+[-–—•·]\s+.*$|\s+(?:on|updated|published|posted)\b.*$|"
    r"\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b.*$|"
    r"\s+(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+\d.*$)",
    re.IGNORECASE,
)
NAME_TOKEN = compile_cached(r"^[A-ZÀ-Þ][\w'’.-]*$|^(?:de|da|van|von|der|den|bin|al|el|la|le|du|dos|del)$")
# Bylines that name an organisation or a desk, not a person.
NOT_PERSON = compile_cached(
    r"\b(?:staff|desk|team|agency|agencies|news|press|reuters|associated|afp|ap|pti|ians|ani|"
    r"dpa|efe|bloomberg|wire|service|bureau|editorial|editors?|correspondents?|reporters?|"
    r"inc|ltd|media|group|times|post|journal|herald|tribune|online|magazine|daily|network|"
    r"contributors?|writers?|guest|sponsored|partner|admin|administrator|webmaster|"
    r"university|institute|ministry|department|council|foundation|association|nast|hearst|"
    r"publishing|publications|productions|studios?|llc|gmbh|corp|company|co)\b",
    re.IGNORECASE,
)
PLACEHOLDER = compile_cached(
    r"\b(?:john\s+doe|jane\s+doe|your\s+name|author\s+name|first\s*name\s+last\s*name|"
    r"firstname\s+lastname|name\s+surname|lorem\s+ipsum)\b",
    re.IGNORECASE,
)


def fold(s: str) -> str:
    """Lowercase without diacritics, so 'José' matches 'Jose'."""
    if s.isascii():  # no ASCII character decomposes or combines: most words of most articles
        return s.lower()
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


def tokens(name: str) -> list[str]:
    return [fold(t).strip(".'’") for t in name.replace("\u00a0", " ").split() if t.strip(".'’")]


def byline_names(author: str) -> list[list[str]]:
    """The people a byline names, as folded tokens.

    'By Jane Roe and J. Smith' -> [['jane', 'roe'], ['j', 'smith']]. E-mail addresses, handles,
    quoted nicknames, dates and trailing roles go; organisations and desks are dropped.
    """
    author = _GLUED.sub(" ", author.replace("\u00a0", " "))
    author = EMAIL.sub(" ", author)
    author = _HANDLE.sub(" ", author)
    author = BYLINE_PREFIX.sub("", author.strip())
    author = _TAIL.sub("", author)
    author = _BRACKETS.sub(",", _QUOTED_NICKNAME.sub(" ", author))
    names = []
    for part in _SPLIT.split(author):
        # Names hold no digits: what follows one is a date, a time or a count.
        part = re.split(r"(?<!\s)\s*\d", BYLINE_PREFIX.sub("", part.strip()), maxsplit=1)[0]
        words = part.split()
        if not words or len(words) > 5 or NOT_PERSON.search(part):
            continue
        if not all(NAME_TOKEN.match(w) or w.isupper() for w in words):
            continue
        toks = tokens(part)
        if toks:
            names.append(toks)
    return names


def same_person(subject: list[str], claimed: list[str]) -> bool:
    """'Anurag Dhole' and 'Anurag K. Dhole', 'A. Dhole' or 'Dhole' are one person.

    The surnames must agree (or one side gives only a given name that matches); given names may
    be initials.
    """
    if not subject or not claimed:
        return True

    def same(a: str, b: str) -> bool:
        return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))

    if len(subject) == 1 or len(claimed) == 1:
        one, other = (subject, claimed) if len(subject) == 1 else (claimed, subject)
        return any(same(one[0], t) for t in other if len(t) > 1 or len(one[0]) == 1)
    if not same(subject[-1], claimed[-1]) and not (
        # Compound and reordered surnames: "Maria Garcia Lopez" / "Maria Lopez".
        subject[-1] in claimed[1:] or claimed[-1] in subject[1:]
    ):
        return False
    return same(subject[0], claimed[0])


def display(name: list[str]) -> str:
    return " ".join(t.capitalize() if len(t) > 1 else t.upper() + "." for t in name)
