"""Text patterns several parts of lintnews share: bylines, e-mail addresses and Cloudflare's
e-mail protection. One definition each, so the readers and the rules agree on what they see.

Standard library only (and lintnews.keep, which is too): any layer may import this.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lintnews.keep import compile_regex


@lru_cache(maxsize=4096)
def compile_cached(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile`` with a cache larger than the regex module's own (512 entries, which the
    phrase groups of all packs outgrow). A rule with a ``{site}`` slot builds a matcher per site
    whose groups without the slot are the same regexes as every other site's: compiled once."""
    return compile_regex(pattern, flags)


class LazyPattern:
    """A regex compiled on its first use (a rule that never meets a document never compiles). It
    answers what a compiled pattern answers: ``match``, ``search``, ``finditer``, ``sub``..."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags, self._compiled = pattern, flags, None

    def compile(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = compile_cached(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str):
        # Asked only for what the instance does not hold yet. The compiled pattern's method is
        # kept on the instance, so that later calls reach it with no call of ours between.
        if name.startswith("_"):  # copy and pickle ask before __init__ ran
            raise AttributeError(name)
        method = getattr(self.compile(), name)
        setattr(self, name, method)
        return method


# "By" in the languages of the corpus: English (with the verbs bylines put before it), German,
# French, Spanish/Portuguese, Italian, Dutch, Indonesian and Hindi.
BYLINE_WORDS = (r"(?:(?:written|words|posted|story|reporting|text|article|published|edited)\s+by|"
                r"by|von|par|por|di|door|oleh|द्वारा)")
# The lead of a byline, to strip from a name: "By Jane Roe", "By: Jane Roe", "von Jana Roe".
BYLINE_PREFIX = compile_cached(rf"^\s*{BYLINE_WORDS}[:\s]+", re.IGNORECASE)
_NAME_WORD = r"[A-ZÀ-Ý][\w.'’-]+"
# A joining word stands between spaces: glued to a name ("AbeAbe...") a name word could also end
# in it, and a line of such names would make the regex try every split (exponential time).
_JOIN = r"(?:\s*[,&]\s*|\s+(?:and|und|et|y|e|dan)\s+)"
_NAMES = (rf"[A-ZÀ-Ýa-zà-ÿ][\w.'’-]+(?:\s+{_NAME_WORD}){{0,3}}"
          rf"(?:{_JOIN}{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})*")
# A line that is a byline: the lead, capitalised names joined by "and", and at most a short tail
# after a separator ("By Mike Wuerthele and Malcolm Owen | Monday, November 18, 2019"). A line
# ending in a full stop is a sentence ("By Monday the council had voted.").
BYLINE = compile_cached(rf"^(?i:{BYLINE_WORDS})[:\s]+(?P<names>{_NAMES})"
                        r"(?:\s*(?:[|,·•–-]|\s)\s*.{0,80})?(?<!\.)$")

# An address's local part is at most 64 characters (RFC 5321). Unbounded, the pattern was tried
# from every word boundary of a long run of "a.a.a…" to its end: quadratic (4 s at 40,000 characters).
EMAIL = compile_cached(r"\b[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}\b")

# Cloudflare's e-mail protection: the text a page shows where an address was, and the markup
# that carries the address encoded (a class, an attribute, a link whose fragment is the code;
# pages link it relative or absolute).
CF_PLACEHOLDER = compile_cached(r"\[email(?:[ \u00a0]|&nbsp;)protected\]", re.IGNORECASE)
CF_CLASS = "__cf_email__"
CF_ATTR = "data-cfemail"
CF_LINK = "email-protection#"
CF_HREF = compile_cached(r"/cdn-cgi/l/" + CF_LINK + r"([0-9a-fA-F]+)")
