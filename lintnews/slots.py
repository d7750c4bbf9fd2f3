"""Slots in pack phrases: one phrase covers a family ("Follow {site} on {platforms}"), and the
article's own site name from its metadata fills ``{site}``. Shared by packs and the rules that
build phrase patterns of their own."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from lintnews.regex_starts import fold
from lintnews.patterns import compile_cached

# Slots in phrases: one entry covers a family ("Follow {site} on {platforms}"). Scoped flags keep
# names capitalised even when the entry's regex ignores case.
_PLATFORM = (r"(?:Facebook|Twitter|X|Instagram|YouTube|Youtube|TikTok|LinkedIn|Linkedin|Pinterest|Snapchat|"
             r"WhatsApp|Whatsapp|Telegram|Threads|Bluesky|Mastodon|Reddit|Flipboard|Google News|Google\+|"
             r"Apple News|Apple Podcasts|Spotify|Substack|Tumblr|Twitch|Discord|Viber|Line|VK|Weibo|WeChat)")
_JOIN = r"(?:\s*,\s*(?:and|or|&|und|oder|et|ou|y|e|o|en|of)?\s*|\s+(?:and|or|&|und|oder|et|ou|y|e|o|en|of)\s+|\s*/\s*)"
_CAP = r"[A-Z0-9ÀÁÂÄÅÇÉÈÊËÍÎÏÑÓÔÖØÚÜ][\w&'’.\-]*"
_SMALL = r"(?:of|the|and|&|de|du|la|le|les|des|der|die|das|del|da|do|di|van|von|y|e)"
SLOTS = {
    # A capitalised name of one to five words, or a domain name ("planet.news").
    "site": rf"(?-i:(?:[Tt]he\s+)?(?:{_CAP}(?:\s+(?:{_SMALL}\s+)?{_CAP}){{0,4}}|[a-z][\w-]*(?:\.[a-z]{{2,6}})+))",
    "platforms": rf"(?-i:{_PLATFORM}(?:{_JOIN}{_PLATFORM}){{0,8}})",
    "n": r"\d{1,3}(?:[.,\u00a0 ]\d{3})*(?:[.,]\d+)?",
    # The rest of the line, shaped like a headline: no closing full stop (nor "。" or "．"), and
    # in Chinese or Japanese no full stop inside it either (a headline is one sentence).
    "headline": r"[^\s.!?。．][^\n。．]{4,200}?[^\s.。．](?=[ \t]*(?:\n|\Z))",
    "name": rf"(?-i:[A-Z][\w'’.\-]+(?:\s+(?:{_SMALL}\s+)?[A-Z][\w'’.\-]+){{0,3}})",
    "handle": r"@\w{1,30}",
    "email": r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+",
}
_SLOT = compile_cached(r"\{(\w*)\}")


def _word(word: str, site: str | None, site_only: bool) -> str:
    out, pos = [], 0
    for m in _SLOT.finditer(word):
        out.append(re.escape(word[pos:m.start()]))
        slot = SLOTS[m.group(1)]
        if m.group(1) == "site" and site:
            slot = site if site_only else f"(?:{slot}|{site})"
        out.append(slot)
        pos = m.end()
    out.append(re.escape(word[pos:]))
    return "".join(out)


def phrase_regex(phrase: str, site: str | None = None, site_only: bool = False) -> str:
    """A phrase as a regex: its words match across any whitespace, a ``{slot}`` as its pattern.
    ``site`` (a regex) adds the article's own site name to the ``{site}`` slot, or with
    ``site_only`` stands there alone."""
    if "{" not in phrase:  # most phrases: loading the packs escapes thousands of them, each at once
        return re.escape(" ".join(phrase.split())).replace("\\ ", r"\s+")
    return r"\s+".join(_word(w, site, site_only) for w in phrase.split())


def slot_errors(phrase: str) -> list[str]:
    if "{" not in phrase:
        return []
    return [m.group(1) for m in _SLOT.finditer(phrase) if m.group(1) not in SLOTS]


# A phrase that starts a block must not be the head of a longer word ("Subscribe" is not
# "Subscribers"); glued forms in capitals or punctuation ("Share this:Click") still match.
_WORD_END = r"(?!(?-i:[a-zß-ÿ]))"


def phrase_parts(entry: dict, languages: set[str] | None, site: str | None = None,
                 site_only: bool = False, heads: dict | None = None) -> list[str]:
    """Each phrase and pattern of a pack entry as a regex, longest first; ``site_only``: the
    phrases with a {site} slot only, the slot matching the site's name and nothing else.
    ``heads`` is given the literal each phrase without slots starts with (its first word,
    folded): what the prefilter would read from its regex, known here for nothing."""
    parts: list[str] = []
    end = _WORD_END if entry.get("match", "block") == "start" else ""
    for lang, phrases in (entry.get("phrases") or {}).items():
        if languages is None or lang in languages:
            if heads is None:
                parts.extend(phrase_regex(p, site, site_only) + end for p in phrases
                             if not site_only or "{site}" in p)
                continue
            for p in phrases:
                if site_only and "{site}" not in p:
                    continue
                part = phrase_regex(p, site, site_only) + end
                parts.append(part)
                if "{" not in p and p.strip():
                    heads[part] = frozenset((fold(p.split(None, 1)[0]),))
    for lang, patterns in (() if site_only else (entry.get("patterns") or {}).items()):
        if languages is None or lang in languages:
            parts.extend(f"(?:{p})" for p in patterns)
    # Longest first, so "Read more" does not win over "Read more about this".
    parts.sort(key=len, reverse=True)
    return parts


_HOST_PREFIX = compile_cached(r"^(?:www\d?|m|amp|mobile|edition)\.")


def site_regex(meta: dict) -> str | None:
    """The article's own site name from its metadata (``site_name``, or the host of ``url``), as
    a regex for the ``{site}`` slot: "www.example.co.uk" gives "example.co.uk" and "example"."""
    names = []
    for key in ("site_name", "site", "publisher"):
        value = meta.get(key)
        if isinstance(value, str) and 0 < len(value.strip()) <= 60:
            names.append(value.strip())
    url = meta.get("url")
    if isinstance(url, str) and "//" in url:
        try:
            host = (urlsplit(url.strip()).hostname or "").lower()
        except ValueError:
            host = ""
        host = _HOST_PREFIX.sub("", host)
        if host and "." in host:
            names += [host, host.split(".")[0]]
    if not names:
        return None
    return _alternatives(tuple(names))


@lru_cache(maxsize=256)
def _alternatives(names: tuple[str, ...]) -> str:
    # A dump's records mostly share a few sites: their names are escaped once, not per record.
    return "(?i:" + "|".join(_literal(n) for n in sorted(set(names), key=len, reverse=True)) + ")"


def _literal(words: str) -> str:
    return r"\s+".join(re.escape(w) for w in words.split())


@lru_cache(maxsize=256)
def _names(site: str) -> re.Pattern:
    return re.compile(site)


def named_site(doc) -> str | None:
    """``site_regex`` of the article, when a block of it names the site: only there can the name
    add to what a ``{site}`` slot matches, so elsewhere nothing need be compiled for the site."""
    def work_out() -> str | None:
        site = site_regex(doc.meta)
        if site is None:
            return None
        names = _names(site)
        # The name's words and the spaces between them match the same in a block as in the
        # whole text: a text that does not name the site has no block that does, found by one
        # search (most articles never name their site).
        if not names.search(doc.text):
            return None
        return site if any(names.search(doc.block_text(b)) for b in doc.blocks) else None

    return doc.memo("slots.named-site", work_out)
