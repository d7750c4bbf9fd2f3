"""Declarative rule packs: TOML files of phrase rules, each compiled into an ordinary Rule class.

A pack is one file per theme (or language). Each ``[[rules]]`` entry names a code, a kebab name,
a summary, why it is bad, a match mode, phrases per language and/or regex patterns, and
``[[rules.examples]]`` that are run as tests. All phrases of an entry compile into one regex.

Keys of an entry (any other key is an error that names the nearest known one):
  code, name        the rule's code ("REL001") and kebab-case name; both required
  summary, why      one-line summary and the "Why is this bad?" text; both required
  match             the match mode (below); default ``block``
  phrases           ``{lang = ["phrase", ...]}``: literal phrases, words matched across any
                    whitespace, case-insensitive; they may hold slots (below)
  patterns          ``{lang = ["regex", ...]}``: regular expressions, used as written; a
                    repetition without bound inside another (``(a+)+``, ``(\\w+\\s*)*``) is
                    refused, since one crafted line would make it run for hours: bound the inner
                    one (``{1,40}``) or use an atomic group
  fix               ``safe``, ``unsafe`` or ``none`` (default): what the fix may do unasked
  severity          ``info``, ``warning`` (default) or ``error``
  default           false: the rule is off unless selected (default true)
  kinds             block kinds the rule looks at (title, heading, paragraph, list-item, caption,
                    other by default; also quote, byline)
  position          where a block may sit: any (default), head, tail, edges
  min_position, max_position
                    finer: the block's place as a share of the article's characters, 0.0 to 1.0
  max_chars         longest block that can match (default 300; ``contains`` ignores it)
  max_words         longest block in words that can match (default 0: no limit)
  min_prose_before  paragraphs of prose (25 words or more, ending like a sentence) that must
                    come before the block (default 0): a section that follows an article needs
                    the article before it
  case_sensitive    true: phrases and patterns match case as written (default false)
  headline          label mode: the text after the label must be shaped like a headline
                    (default true)
  takes_next        label mode: a lone label also takes the headline block after it (default
                    true for ``label``)
  alone             label mode: false leaves a lone label alone (default true)
  message           the finding's message; ``{match}`` and ``{text}`` are filled in
  fix_message       the fix's description
  examples          ``[[rules.examples]]`` tables with ``flag`` (must be reported) or ``pass``
                    (must not be), optional ``fixed`` (text after the fix, with flag),
                    ``format`` (text, markdown, html, jsonl) and ``message`` (a substring the
                    finding carries); any other key is an error

Match modes:
  label     the block starts with a label phrase, then a separator (``:`` ``-`` ``|`` ...) and a
            headline, or the label is the whole block (then a following headline block goes too,
            unless ``alone = false``: then a lone label is left alone)
  block     the whole block is made of phrases/patterns and punctuation
  start     the block starts with a phrase; anything may follow
  contains  a phrase anywhere in the block; the finding (and deletion) is the phrase itself
  section   the block is a section heading made of phrases (like ``block``) and the section runs
            to the end of the article: the fix removes the heading and everything after it

In a block of several lines (a hard-wrapped paragraph, or lines the text reader joined), a
``start`` or ``label`` phrase covers only its own line, the headline line under a lone label and
the lines that continue the same sentence (the next line starts in lower case, or the line
before ends in a comma or a dash); only those lines are matched and removed.

Slots let one phrase cover a family:
  {site}       a capitalised name of one to five words ("The Daily Planet", "DailyPlanet.com")
               or a domain ("planet.news"); also the article's own site, from its metadata
               (``site_name``, or the host of ``url``: "www.example.co.uk" gives "example")
  {platforms}  one social platform or a list of them joined by commas, and, or, &, / (and the
               same words in de/fr/es/pt/it/nl): "Instagram, Facebook, Twitter and YouTube"
  {n}          a number: "4", "1,200", "2.5"
  {headline}   the rest of the line, without a closing full stop
  {name}       a capitalised personal name of one to four words
  {handle}     a social handle: "@janedoe"
  {email}      an e-mail address
"Follow {site} on {platforms}" matches "Follow Radio Planet on Instagram, Facebook and YouTube";
"{n} min read" matches "4 min read". An unknown slot is an error. Slots work in phrases only:
patterns are regexes, where braces are quantifiers.

Every key is typed: a value of the wrong type (``phrases = {en = "Home"}``, ``max_chars =
"lots"``, ``message = "{nope}"``, an example's ``flag = 5``) is an error naming the file, the rule
and the key when the pack loads.

A ``block`` or ``section`` entry is matched by a walk over the places where a phrase can end (see
``BlockMatcher``), not by one regex that repeats the alternation of its phrases, so its time is
linear in the block's length. Patterns run on Python's ``re``: the schema refuses the nested
repetitions that take exponential time there, and every shipped pattern is checked against lines
crafted from its own phrases (tests/test_faults.py).

A pack may hold one site's boilerplate: a top-level ``sites = ["example.com", "*.example.org"]``
limits every rule of the pack to articles on those hosts ("*." covers every subdomain, a leading
"www." is ignored). The article's site is the configuration's ``[sites]`` entry for its file, else
the host of its URL (see ``lintnews.sites``); on an article whose site is unknown the rules stay
silent. A site pack is phrases and patterns like any other pack: it never carries code.

Phrases are keyed by language; config ``languages`` selects which lists are compiled.
Blocks that carry a wire credit or dateline ("(PTI)", "(With inputs from agencies)") are never
matched, and a ``section`` cut never crosses one: those lines are article content.
"""

from __future__ import annotations

import os
import re
import string
import tomllib
from collections.abc import Iterator
from typing import Any

from lintnews import document as d
from lintnews.document import Block, Document
from lintnews.errors import ConfigError
from lintnews.model import Applicability, Diagnostic, Edit, Severity, Span
from lintnews.slots import SLOTS, phrase_regex, site_regex, slot_errors
from lintnews.rule import Rule, RuleDefinitionError
from lintnews.guards import is_wire_credit
from lintnews.sites import on_site, site_patterns

try:  # the parser behind ``re``, to look at a pattern's shape before it runs
    import re._constants as _sre
    import re._parser as _sre_parser
except ImportError:  # pragma: no cover - Python < 3.11 named them sre_*
    import sre_constants as _sre
    import sre_parse as _sre_parser

MODES = ("label", "block", "start", "contains", "section")
POSITIONS = ("any", "head", "tail", "edges")
EXAMPLE_KEYS = {"flag", "pass", "fixed", "format", "message", "options", "count", "line", "column"}
ENTRY_KEYS = {"code", "name", "summary", "why", "severity", "fix", "match", "kinds", "position",
              "max_chars", "message", "phrases", "patterns", "examples", "default", "takes_next",
              "headline", "case_sensitive", "fix_message", "min_position", "max_position",
              "max_words", "alone", "min_prose_before"}
# Full-width forms too: "相关新闻：", "相关阅读｜", and the closing lenticular bracket of "【関連記事】".
_SEPARATOR = r"[ \t\u00a0\u3000]*(?:[:：|｜»>】〗\u2013\u2014\-]+|\.\.\.|…)[ \t\u00a0\u3000]*"
_OPEN_QUOTES = "\"“„«‘'‚"
_SENTENCES = re.compile(r"[.!]\s+[A-Z]")


def packs_dir() -> str:
    """The shipped packs: inside the installed package, or the source tree's top-level rules/."""
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.path.join(here, "_packs"), os.path.join(os.path.dirname(here), "rules")):
        if os.path.isdir(candidate):
            return candidate
    return os.path.join(here, "_packs")


# A phrase that starts a block must not be the head of a longer word ("Subscribe" is not
# "Subscribers"); glued forms in capitals or punctuation ("Share this:Click") still match.
_WORD_END = r"(?!(?-i:[a-zß-ÿ]))"


def _alternation(entry: dict, languages: set[str] | None, site: str | None = None) -> str:
    return "|".join(_parts(entry, languages, site))


def _parts(entry: dict, languages: set[str] | None, site: str | None = None) -> list[str]:
    """Each phrase and pattern of the entry as a regex, longest first."""
    parts: list[str] = []
    end = _WORD_END if entry.get("match", "block") == "start" else ""
    for lang, phrases in (entry.get("phrases") or {}).items():
        if languages is None or lang in languages:
            parts.extend(phrase_regex(p, site) + end for p in phrases)
    for lang, patterns in (entry.get("patterns") or {}).items():
        if languages is None or lang in languages:
            parts.extend(f"(?:{p})" for p in patterns)
    # Longest first, so "Read more" does not win over "Read more about this".
    parts.sort(key=len, reverse=True)
    return parts


class PackRule(Rule, abstract=True):
    """Base of the rules compiled from packs."""

    mode: str = "block"
    kinds: tuple[str, ...] = (d.TITLE, d.HEADING, d.PARAGRAPH, d.LIST_ITEM, d.CAPTION, d.OTHER)
    position: str = "any"
    max_chars: int = 300
    message: str = ""
    takes_next: bool = False
    headline: bool = True
    fix_message: str = "Remove the block"
    regex: re.Pattern | None = None
    examples: list[dict] = []
    min_position: float = 0.0
    max_position: float = 1.0
    max_words: int = 0
    alone: bool = True
    min_prose_before: int = 0
    # Set when a phrase has a {site} slot: what it takes to compile the regex again with the
    # article's own site name in the slot.
    site_source: tuple | None = None
    # A site pack's hosts (its top-level ``sites``): the rule is silent on every other article.
    sites: tuple[str, ...] = ()

    def _regex_for(self, doc: Document) -> re.Pattern | None:
        if self.site_source is None:
            return self.regex
        site = site_regex(doc.meta)
        if site is None:
            return self.regex
        cache = type(self).__dict__.get("_site_cache")
        if cache is None:
            cache = {}
            type(self)._site_cache = cache
        if site not in cache:
            entry, languages = self.site_source
            cache[site] = _build_regex(self.mode, _alternation(entry, languages, site),
                                       bool(entry.get("case_sensitive")), _parts(entry, languages, site))
        return cache[site]

    def _in_position(self, doc: Document, block: Block) -> bool:
        rel = doc.relative_position(block)
        if not self.min_position <= rel <= self.max_position:
            return False
        if self.position == "any":
            return True
        if self.position == "head":
            return rel <= 0.25
        if self.position == "tail":
            return rel >= 0.6
        return rel <= 0.25 or rel >= 0.6

    def _admissible(self, doc: Document, block: Block, text: str) -> bool:
        if self.max_words and len(text.split()) > self.max_words:
            return False
        if not self._in_position(doc, block) or is_wire_credit(text):
            return False
        return not self.min_prose_before or self._prose_before(doc, block) >= self.min_prose_before

    def _prose_before(self, doc: Document, block: Block) -> int:
        prose = doc.memo("packs.prose", lambda: [_is_prose(doc.block_text(b)) for b in doc.blocks])
        return sum(prose[:block.index])

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        if self.sites and not on_site(doc.meta, self.sites):
            return
        if self.regex is None:
            return
        regex = self._regex_for(doc)
        # Cheap tests first: the regex rules out almost every block before the guards run.
        for block in doc.blocks:
            if block.kind not in self.kinds:
                continue
            text = doc.block_text(block)
            if not text or text[0] in _OPEN_QUOTES and _quoted(text):
                continue
            if self.mode == "contains":
                if regex.search(text) and self._admissible(doc, block, text):
                    yield from self._contains(doc, block, text, regex)
                continue
            if self.mode in ("start", "label") and "\n" in text.strip():
                yield from self._lines(doc, block, text, regex)
                continue
            if len(text) > self.max_chars:
                continue
            m = regex.match(text)
            if not m or not self._admissible(doc, block, text):
                continue
            last = block
            if self.mode == "section":
                later = doc.blocks[block.index + 1:]
                if any(is_wire_credit(doc.block_text(b)) for b in later):
                    continue
                last = doc.blocks[-1]
            elif self.mode == "label":
                rest = text[m.end():]
                if not rest.strip():
                    if not self.alone:
                        continue
                    nxt = doc.next_block(block)
                    if self.takes_next and nxt is not None and self._headline(doc.block_text(nxt)):
                        last = nxt
                elif self.headline and not self._headline(rest):
                    continue
            span = Span(block.span.start, block.span.end)
            fix = None
            if self.fix_safety is not None:
                fix = self.remove_blocks(doc, block, last, self.fix_message)
            yield self.report(self.message.format(match=m.group(0).strip(), text=text[:80]), span, fix)

    def _lines(self, doc: Document, block: Block, text: str, regex: re.Pattern) -> Iterator[Diagnostic]:
        """A start or label phrase at the head of a block of several lines (a hard-wrapped
        paragraph as the text reader joins it): the evidence covers the phrase's line, the
        headline line after a lone label, and lines that continue the same sentence. Only those
        lines are matched and removed; the lines after them are someone else's call."""
        lines = text.split("\n")
        first = lines[0]
        m = regex.match(first)
        if not m:
            return
        n = 1
        if self.mode == "label":
            rest = first[m.end():]
            if not rest.strip():
                if not self.alone:
                    return
                if self.takes_next and self._headline(lines[1]):
                    n = 2
            elif self.headline and not self._headline(rest):
                return
        while n < len(lines) and _continues(lines[n - 1], lines[n]):
            n += 1
        covered = "\n".join(lines[:n])
        if len(covered) > self.max_chars or not self._admissible(doc, block, covered):
            return
        if self.mode == "label" and n > 1 and self.headline and not self._headline(" ".join(lines[:n])[m.end():]):
            return
        fix = None
        if self.fix_safety is not None:
            if n == len(lines):
                fix = self.remove_blocks(doc, block, message=self.fix_message)
            else:
                # Up to the first kept line's text, so a list marker or quote marker before the
                # covered lines now stands before the kept ones.
                nxt = lines[n]
                end = block.span.start + len(covered) + 1 + (len(nxt) - len(nxt.lstrip(" \t>")))
                fix = self.fix(self.fix_message, Edit(Span(block.span.start, end), ""))
        span = Span(block.span.start, block.span.start + len(covered))
        yield self.report(self.message.format(match=m.group(0).strip(), text=covered[:80]), span, fix)

    def _contains(self, doc: Document, block: Block, text: str, regex: re.Pattern) -> Iterator[Diagnostic]:
        for m in regex.finditer(text):
            span = Span(block.span.start + m.start(), block.span.start + m.end())
            fix = None
            if self.fix_safety is not None:
                whole = m.group(0).strip() == text.strip()
                fix = (self.remove_blocks(doc, block, message=self.fix_message) if whole
                       else self.fix(self.fix_message, Edit(span, "")))
            yield self.report(self.message.format(match=m.group(0).strip(), text=text[:80]), span, fix)

    @staticmethod
    def _headline(text: str) -> bool:
        """Shaped like another article's headline: short, one sentence, no closing full stop
        (headlines rarely end in one; the sentence after a lone label often does)."""
        text = text.strip()
        return (0 < len(text) <= 250 and not _SENTENCES.search(text) and text[:1] not in _OPEN_QUOTES
                and not text.endswith("."))


def _is_prose(text: str) -> bool:
    """A paragraph of prose: at least 25 words, ending like a sentence."""
    text = text.strip()
    return len(text.split()) >= 25 and text[-1:] in ".!?\"”’»)…:"


_SENTENCE_END = re.compile(r"[.!?…:;。！？][\"”’»)\]]*\s*$")


def _quoted(text: str) -> bool:
    """A block that opens with a quotation mark quotes someone: it is the article's. "«" is also
    an arrow ("« Previous Page", "« Previous Page | Next Page »"): it opens a quotation only when
    a "»" closes it with no link separator between, or when the block ends like a sentence (a
    long French quotation opens each paragraph with "«" and closes only the last)."""
    if text[0] != "«":
        return True
    end = text.find("»", 1)
    if end != -1:
        return "|" not in text[1:end]
    return bool(_SENTENCE_END.search(text))


def _continues(prev: str, line: str) -> bool:
    """``line`` goes on with the sentence of ``prev`` (a hard wrap), rather than starting anew."""
    line = line.lstrip(" \t>")
    if not line or _SENTENCE_END.search(prev):
        return False
    return line[0].islower() or prev.rstrip()[-1:] in ",-–—/&("


class _Whole:
    """What a ``block``/``section`` match gives: the block up to where its phrases end."""

    __slots__ = ("string", "_end")

    def __init__(self, string: str, end: int) -> None:
        self.string, self._end = string, end

    def group(self, index: int = 0) -> str:
        return self.string[: self._end]

    def start(self) -> int:
        return 0

    def end(self) -> int:
        return self._end


class BlockMatcher:
    """Is a text nothing but phrases (or patterns) and punctuation between them?

    The one regex that says so, ``(?:[\W_]*(?:A|B|...))+[\W_]*$``, repeats an alternation whose
    members overlap ("share", "share this", "share on {platforms}"): a line of the phrases that
    fails at its end makes the regex try every way of cutting the line into phrases, which takes
    exponential time. Here the repetition is a walk over positions instead: from each position
    the text can be read up to (the start, then the end of any phrase), each phrase is tried once,
    in its longest reading there, and each position is visited once. The whole text matches when
    some reached position has only punctuation after it. The time is linear in the text's length
    times the number of phrases.

    The last phrase of the text is matched in every reading (it must end where only punctuation
    follows, and the regex engine backtracks within that one phrase); a phrase before it counts in
    the reading Python's regex engine gives first at that place (the longest for a greedy
    quantifier, the shortest for a lazy one), not in every other, which packs' phrases, whole
    words between punctuation, do not need.
    """

    def __init__(self, parts: list[str], flags: int) -> None:
        self._flags = flags
        self._parts = parts
        # One regex for all phrases rules out most places in one call; only where it matches are
        # the phrases tried one by one to find every place they can end.
        self._any = re.compile(rf"[\W_]*(?:{'|'.join(parts)})", flags)
        self._last = re.compile(rf"[\W_]*(?:{'|'.join(parts)})[\W_]*\Z", flags)
        self._each: list[re.Pattern] | None = None

    @property
    def pattern(self) -> str:
        return self._any.pattern

    def _steps(self) -> list[re.Pattern]:
        if self._each is None:
            self._each = [re.compile(rf"[\W_]*(?:{p})", self._flags) for p in self._parts]
        return self._each

    def match(self, text: str) -> _Whole | None:
        todo, seen = [0], {0}
        while todo:
            pos = min(todo)  # leftmost first, so the first ending found is the earliest
            todo.remove(pos)
            if self._last.match(text, pos):
                return _Whole(text, len(text))
            m = self._any.match(text, pos)
            if m is None:
                continue
            ends = {m.end()}
            if len(self._parts) > 1:
                for step in self._steps():
                    e = step.match(text, pos)
                    if e is not None:
                        ends.add(e.end())
            for end in ends:
                if end == pos or end in seen:
                    continue
                seen.add(end)
                todo.append(end)
        return None


def _build_regex(mode: str, alternation: str, case_sensitive: bool, parts: list[str] | None = None):
    flags = 0 if case_sensitive else re.IGNORECASE
    # Markdown emphasis, link brackets, bullets and the opening lenticular bracket of "【関連記事】".
    lead = r"[\s*_\[#>•·\-–—【〖]*"
    if mode == "label":
        src = rf"{lead}(?:{alternation})(?:{_SEPARATOR}|[ \t\u00a0]*$)"
    elif mode in ("block", "section"):
        return BlockMatcher(parts if parts is not None else [alternation], flags | re.UNICODE)
    elif mode == "start":
        src = rf"{lead}(?:{alternation})"
    else:
        src = rf"(?:{alternation})"
    return re.compile(src, flags | re.UNICODE)


def _docstring(entry: dict, mode: str, fix: str) -> str:
    examples = entry.get("examples") or []
    flagged = next((e for e in examples if "flag" in e), None)
    lines = [entry["summary"].strip(), "", "## Why is this bad?", "", entry["why"].strip(), "",
             "## Example", ""]
    if flagged:
        lines += ["```text", flagged["flag"].rstrip("\n"), "```", ""]
        if "fixed" in flagged:
            lines += ["After the fix:", "", "```text", flagged["fixed"].rstrip("\n") or "(removed)", "```", ""]
    passed = [e["pass"] for e in examples if "pass" in e]
    if passed:
        lines += ["Not flagged:", ""] + [f"- {p!r}" for p in passed] + [""]
    if fix != "none":
        what = {"contains": "text", "section": "heading and everything after it",
                "start": "block (in a block of several lines, only the lines the phrase covers)",
                "label": "block (in a block of several lines, only the lines the label and its headline cover)",
                }.get(mode, "block")
        lines += ["## Fix safety", "",
                  f"The fix removes the matched {what}; it is "
                  + ("safe: the matched text is certainly not part of the article."
                     if fix == "safe" else "unsafe: review it, it may remove article text."), ""]
    phrases = entry.get("phrases") or {}
    if phrases:
        lines += ["## Phrases", ""]
        lines += [f"- {lang}: " + ", ".join(repr(p) for p in ps) for lang, ps in phrases.items()]
    return "\n".join(lines)


# The type of every key of an entry and of an example: a wrong type is an error naming the file,
# the rule and the key, found when the pack loads (a string where a list belongs would otherwise be
# read letter by letter: ``phrases = {en = "Home"}`` deleted every "h", "o", "m" and "e").
_STRING_KEYS = ("code", "name", "summary", "why", "severity", "fix", "match", "position", "message",
                "fix_message")
_INT_KEYS = ("max_chars", "max_words", "min_prose_before")
_BOOL_KEYS = ("default", "takes_next", "headline", "case_sensitive", "alone")
_MESSAGE_FIELDS = ("match", "text")
_EXAMPLE_TYPES = {"flag": str, "pass": str, "fixed": str, "format": str, "message": str,
                  "options": dict, "count": int, "line": int, "column": int}
_TYPE_NAMES = {str: "a string", int: "an integer", dict: "a table", bool: "true or false",
               float: "a number", list: "a list"}


def _kind(value: Any) -> str:
    """The TOML type of ``value``, for an error message."""
    if isinstance(value, bool):
        return "a boolean"
    for typ in (str, int, float, dict, list):
        if isinstance(value, typ):
            return _TYPE_NAMES[typ].replace("a number", "a float")
    return type(value).__name__


def _expect(where: str, key: str, value: Any, typ: type) -> None:
    ok = (isinstance(value, typ) and not (typ is not bool and isinstance(value, bool))
          or typ is float and isinstance(value, int) and not isinstance(value, bool))
    if not ok:
        raise ConfigError(f"{where}: {key}: expected {_TYPE_NAMES[typ]}, not {_kind(value)} {value!r}")


def _check_types(entry: dict, where: str) -> None:
    for key in _STRING_KEYS:
        if key in entry:
            _expect(where, key, entry[key], str)
    for key in _INT_KEYS:
        if key in entry:
            _expect(where, key, entry[key], int)
            if entry[key] < 0:
                raise ConfigError(f"{where}: {key}: expected an integer of 0 or more, not {entry[key]!r}")
    for key in _BOOL_KEYS:
        if key in entry:
            _expect(where, key, entry[key], bool)
    for key in ("min_position", "max_position"):
        if key in entry:
            _expect(where, key, entry[key], float)
    if "kinds" in entry:
        kinds = entry["kinds"]
        if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
            raise ConfigError(f"{where}: kinds: expected a list of strings, not {_kind(kinds)} {kinds!r}")
    for key in ("phrases", "patterns"):
        table = entry.get(key)
        if table is None:
            continue
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: {key}: expected a table of language = [\"...\", ...], "
                              f"not {_kind(table)} {table!r}")
        for lang, items in table.items():
            if not isinstance(items, list) or not all(isinstance(p, str) for p in items):
                raise ConfigError(f"{where}: {key}.{lang}: expected a list of strings, "
                                  f"not {_kind(items)} {items!r}")
            if not all(p.strip() for p in items):
                raise ConfigError(f"{where}: {key}.{lang}: expected non-empty strings")
    if "message" in entry:
        _check_message(where, entry["message"])
    for i, example in enumerate(entry.get("examples") or [], 1):
        if not isinstance(example, dict):
            continue
        for key, typ in _EXAMPLE_TYPES.items():
            if key in example:
                _expect(f"{where}: example {i}", key, example[key], typ)


def _check_message(where: str, message: str) -> None:
    """The message's ``{...}`` fields must be ones a finding fills in, and well formed."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(message) if f is not None]
    except ValueError as err:
        raise ConfigError(f"{where}: message: {err} (write {{{{ and }}}} for a brace)") from None
    for field in fields:
        name = re.split(r"[.\[]", field, maxsplit=1)[0]
        if name not in _MESSAGE_FIELDS:
            raise ConfigError(f"{where}: message: unknown field {{{field}}}; fields are "
                              + ", ".join("{" + f + "}" for f in _MESSAGE_FIELDS))
    try:
        message.format(match="x", text="x")
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as err:
        raise ConfigError(f"{where}: message: {err}") from None


def _nested_repeat(pattern: str, flags: int) -> bool:
    """A repetition without bound inside another: ``(a+)+``, ``(\\w+\\s*)*``. On a line that
    almost matches, such a pattern tries every way of sharing the characters between the two
    and takes exponential time."""
    try:
        tree = _sre_parser.parse(pattern, flags)
    except re.error:
        return False  # reported by the compile that follows

    def walk(items, inside: bool) -> bool:
        for op, arg in items:
            if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
                lo, hi, sub = arg
                unbounded = hi == _sre.MAXREPEAT and op != _sre.POSSESSIVE_REPEAT
                if unbounded and inside:
                    return True
                if walk(sub, inside or unbounded):
                    return True
            elif op == _sre.SUBPATTERN:
                if walk(arg[-1], inside):
                    return True
            elif op == _sre.BRANCH:
                if any(walk(branch, inside) for branch in arg[1]):
                    return True
            elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
                if walk(arg[1], inside):
                    return True
            elif op == _sre.ATOMIC_GROUP:
                continue  # no backtracking into it
        return False

    return walk(tree, False)


def compile_entry(entry: dict, source: str, languages: set[str] | None = None) -> type[PackRule]:
    where = f"{source}: rule {entry.get('code', '?')}"
    unknown = set(entry) - ENTRY_KEYS
    if unknown:
        from lintnews.config import nearest

        key = sorted(unknown)[0]
        raise ConfigError(f"{where}: unknown key {key!r}{nearest(key, ENTRY_KEYS)}")
    for key in ("code", "name", "summary", "why"):
        if not isinstance(entry.get(key), str):
            raise ConfigError(f"{where}: {key!r} is required and must be a string")
    examples = entry.get("examples") or []
    if not isinstance(examples, list):
        raise ConfigError(f"{where}: examples must be [[rules.examples]] tables")
    _check_types(entry, where)
    for i, example in enumerate(examples, 1):
        odd = sorted(set(example) - EXAMPLE_KEYS) if isinstance(example, dict) else ["?"]
        if odd:
            from lintnews.config import nearest

            raise ConfigError(f"{where}: example {i}: unknown key {odd[0]!r}{nearest(odd[0], EXAMPLE_KEYS)}")
        if ("flag" in example) == ("pass" in example):
            raise ConfigError(f"{where}: example {i} needs either flag or pass")
        if "fixed" in example and "flag" not in example:
            raise ConfigError(f"{where}: example {i}: fixed goes with flag")
    mode = entry.get("match", "block")
    if mode not in MODES:
        raise ConfigError(f"{where}: match must be one of {', '.join(MODES)}, not {mode!r}")
    position = entry.get("position", "any")
    if position not in POSITIONS:
        raise ConfigError(f"{where}: position must be one of {', '.join(POSITIONS)}")
    bounds = []
    for key, default in (("min_position", 0.0), ("max_position", 1.0)):
        value = entry.get(key, default)
        if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
            raise ConfigError(f"{where}: {key} must be a number from 0.0 to 1.0")
        bounds.append(float(value))
    fix = entry.get("fix", "none")
    if fix not in ("safe", "unsafe", "none"):
        raise ConfigError(f"{where}: fix must be safe, unsafe or none")
    try:
        severity = Severity(entry.get("severity", "warning"))
    except ValueError:
        raise ConfigError(f"{where}: severity must be info, warning or error") from None
    kinds = tuple(entry.get("kinds") or PackRule.kinds)
    bad = [k for k in kinds if k not in d.BLOCK_KINDS]
    if bad:
        raise ConfigError(f"{where}: unknown block kind {bad[0]!r}; kinds are {', '.join(d.BLOCK_KINDS)}")
    for lang, phrases in (entry.get("phrases") or {}).items():
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise ConfigError(f"{where}: phrases.{lang} must be a list of strings")
        for phrase in phrases:
            bad_slots = slot_errors(phrase)
            if bad_slots:
                raise ConfigError(f"{where}: phrase {phrase!r}: unknown slot {{{bad_slots[0]}}}; "
                                  f"slots are {', '.join('{' + k + '}' for k in SLOTS)}")
    flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
    for lang, patterns in (entry.get("patterns") or {}).items():
        for pattern in patterns:
            if _nested_repeat(pattern, flags):
                raise ConfigError(f"{where}: patterns.{lang}: {pattern!r}: a repetition without bound "
                                  "inside another (like (a+)+) can take exponential time on one line; "
                                  "bound the inner one ({1,40}) or write the words out")
    alternation = _alternation(entry, languages)
    try:
        regex = (_build_regex(mode, alternation, bool(entry.get("case_sensitive")), _parts(entry, languages))
                 if alternation else None)
    except re.error as err:
        raise ConfigError(f"{where}: bad pattern: {err}") from None
    attrs: dict[str, Any] = {
        "__doc__": _docstring(entry, mode, fix),
        "__module__": "lintnews.packs",
        "code": entry["code"],
        "name": entry["name"],
        "severity": severity,
        "fix_safety": None if fix == "none" else Applicability(fix),
        "default_enabled": bool(entry.get("default", True)),
        "origin": source,
        "mode": mode,
        "kinds": kinds,
        "position": position,
        "max_chars": int(entry.get("max_chars", 300)),
        "message": entry.get("message", entry["summary"].rstrip(".") + ": {match!r}"),
        "takes_next": bool(entry.get("takes_next", mode == "label")),
        "headline": bool(entry.get("headline", True)),
        "fix_message": entry.get("fix_message", "Remove the block" if mode != "contains" else "Remove the text"),
        "regex": regex,
        "examples": list(entry.get("examples") or []),
        "min_position": bounds[0],
        "max_position": bounds[1],
        "max_words": int(entry.get("max_words", 0)),
        "min_prose_before": int(entry.get("min_prose_before", 0)),
        "alone": bool(entry.get("alone", True)),
        "languages": tuple(sorted(set(entry.get("phrases") or {})
                                  | set(entry.get("patterns") or {}))) or ("all",),
        "site_source": (entry, languages) if any("{site}" in p for ps in (entry.get("phrases") or {}).values()
                                                 for p in ps) else None,
    }
    try:
        return type(entry["code"], (PackRule,), attrs)
    except RuleDefinitionError as err:
        raise ConfigError(f"{source}: {err}") from None


def load_pack(path: str, languages: set[str] | None = None) -> list[type[PackRule]]:
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as err:
        raise ConfigError(f"{path}: cannot read rule pack: {err.strerror or err}") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: rule pack is not valid TOML: {err}") from None
    unknown = sorted(set(data) - {"rules", "sites"})
    if unknown:
        from lintnews.config import nearest

        raise ConfigError(f"{path}: unknown key {unknown[0]!r} in rule pack{nearest(unknown[0], ['rules', 'sites'])}; "
                          "a pack holds [[rules]] entries and, for one site's rules, sites = [...]")
    sites = site_patterns(data["sites"], path) if "sites" in data else ()
    entries = data.get("rules")
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: a rule pack needs [[rules]] entries")
    rules = [compile_entry(e, path, languages) for e in entries]
    for cls in rules:
        if sites:
            cls.sites = sites
            cls.__doc__ += "\n\n## Sites\n\nOnly on articles from " + ", ".join(sites) + " (the pack's `sites`)."
    return rules


def shipped_packs() -> list[str]:
    folder = packs_dir()
    if not os.path.isdir(folder):
        return []
    return sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".toml"))
