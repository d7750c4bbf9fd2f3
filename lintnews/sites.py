"""An article's site and language: what a site pack is limited to, and what ``check --statistics
--group-by`` counts by.

The site is a host name. It comes from the configuration's ``[sites]`` table when a glob there
names the file (the folder a scraper filled is that site's, whatever URL a page declares: a
syndicated article's canonical URL names the publisher it came from, while its boilerplate is the
site's that served it), else from the article's URL (Markdown front matter ``url``, HTML
``<link rel=canonical>`` or ``og:url``, the JSONL ``url`` field). A leading ``www.`` is dropped,
so ``example.com`` names ``www.example.com`` too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from lintnews.errors import ConfigError
from lintnews.patterns import compile_cached

# Where the configuration's site for the file is put in a document's metadata.
CONFIGURED = "lintnews_site"
UNKNOWN = "unknown"

_WWW = compile_cached(r"^www\d?\.")
# A host name, or ``*.`` and a domain for every subdomain: no scheme, path, port or space.
_PATTERN = compile_cached(r"^(?:\*\.)?[^\s/:*?\[\]@]+$")


def normal(host: str) -> str:
    return _WWW.sub("", host.strip().lower().rstrip("."))


def host_of(url: object) -> str | None:
    """The host of an absolute URL, without ``www.``; None for anything else."""
    if not isinstance(url, str) or "//" not in url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return normal(host) if host else None


def site_of(meta: dict) -> str | None:
    configured = meta.get(CONFIGURED)
    if isinstance(configured, str) and configured:
        return normal(configured)
    return host_of(meta.get("url"))


def on_site(meta: dict, patterns: tuple[str, ...]) -> bool:
    """Whether the article is on one of the sites ``patterns`` name; an unknown site is on none."""
    site = site_of(meta)
    if site is None:
        return False
    for pattern in patterns:
        if pattern.startswith("*."):
            if site.endswith(pattern[1:]):
                return True
        elif site == pattern:
            return True
    return False


def site_patterns(value: object, where: str) -> tuple[str, ...]:
    """A pack's ``sites`` list, checked and normalised."""
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: sites: expected a non-empty list of host names such as "
                          f"[\"example.com\", \"*.example.org\"], not {value!r}")
    out = []
    for item in value:
        if not is_site(item, pattern=True):
            raise ConfigError(f"{where}: sites: {item!r} is not a host name such as \"example.com\" "
                              "or \"*.example.org\" (no scheme, path or port)")
        out.append("*." + normal(item[2:]) if item.startswith("*.") else normal(item))
    return tuple(out)


def is_site(value: str, pattern: bool = False) -> bool:
    value = value.strip()
    if not pattern and value.startswith("*."):
        return False
    return bool(_PATTERN.match(value)) and "." in value.lstrip("*.") or value == "localhost"


def language_of(meta: dict, text: str = "") -> str | None:
    """The article's language as its primary subtag ("en" of "en-GB"): ``<html lang>``, front
    matter ``lang``/``language``, or a JSONL record's ``lang``/``language`` field; where the
    article declares none, the language its script names (see ``script_language``)."""
    value = meta.get("language")
    if not value:
        fields = meta.get("fields") or {}
        value = fields.get("lang") or fields.get("language")
    if not isinstance(value, str):
        return script_language(text) if text else None
    primary = re.split(r"[-_]", value.strip(), maxsplit=1)[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 8 else None


# Scripts that one language writes (kana before the ideographs Japanese shares with Chinese),
# each compiled when a text first holds a character of it (their wide classes take a few
# milliseconds to compile, which a run of Latin texts need not spend).
_SCRIPTS = (("ja", "\u3040", "\u30ff"), ("ko", "\uac00", "\ud7a3"), ("th", "\u0e00", "\u0e7f"),
            ("zh", "\u4e00", "\u9fff"))
_NOT_LETTER = compile_cached(r"[\W\d_]+")  # what [^\W\d_], a letter, is not


@lru_cache(maxsize=None)
def _script(low: str, high: str) -> re.Pattern:
    return re.compile(f"[{low}-{high}]")


def script_language(text: str) -> str | None:
    """The language a text's script names, for a plain text that declares none: Japanese (kana),
    Korean (hangul), Thai, else Chinese (ideographs without kana). Only when that script holds a
    third of the letters of the text's start; Latin, Cyrillic or Arabic script names no one
    language, so those texts stay unknown."""
    sample = text[:3000]
    # The letters counted as what is left once the rest is taken out: no list of them is made.
    letters = len(_NOT_LETTER.sub("", sample))
    if not letters:
        return None
    chars = set(sample)
    for lang, low, high in _SCRIPTS:
        if not any(low <= c <= high for c in chars):
            continue  # none of the script: no count to make
        n = len(_script(low, high).findall(sample))
        # Japanese writes most words in ideographs: a tenth of kana names it.
        if n >= 20 and n * 3 >= letters or lang == "ja" and n >= 5 and n * 10 >= letters:
            return lang
    return None
