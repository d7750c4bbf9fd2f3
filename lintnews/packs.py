"""Declarative rule packs: TOML files of phrase rules, each compiled into an ordinary Rule class.

The keys of an entry, match modes, slots, site packs and how blocks are matched: docs/packs.md."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from lintnews import document as d
from lintnews.document import Block, Document
from lintnews.errors import ConfigError
from lintnews.model import Applicability, Diagnostic, Edit, Severity, Span
from lintnews.slots import named_site, phrase_parts as _parts
from lintnews.rule import Rule, RuleDefinitionError
from lintnews.guards import is_wire_credit
from lintnews.maintext import main_text
from lintnews.sites import on_site, site_patterns
from lintnews.block_match import BlockMatcher, HeadPattern, continues, quoted, Either as _Either
from lintnews.patterns import LazyPattern, compile_cached
from lintnews.pack_filter import INDEX_MEMOS, LEAD, FirstLetters, candidates, parse_regex, site_blocks
from lintnews.pack_read import packs_dir, read_pack, read_shipped, shipped_packs  # noqa: F401  (their home before)
from lintnews.prose import FULL_STOPS, OPEN_QUOTES, article_after, before_body, prose_above, prose_blocks, several_sentences
from lintnews.regex_starts import tell
from lintnews.pack_schema import check_entry, derive_entry, derive_pack

# Full-width forms too: "相关新闻：", "相关阅读｜", and the closing bracket of "【関連記事】" or
# "[관련기사]" (a square bracket that opens a link's address, "[Read more](...)", is no label's end).
_SEPARATOR = (r"[ \t\u00a0\u3000]*(?:(?:[:：|｜»>】〗］〕\u2013\u2014\-]|\](?!\())+|\.\.\.|…)"
              r"[ \t\u00a0\u3000]*")
# Chinese, Japanese and Thai write no spaces between words, so a space after a label of theirs
# ("อ่านเพิ่มเติม ข่าว...", "相关新闻 标题") parts it from what follows as a colon would.
_UNSPACED_GAP = r"(?<=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u0e00-\u0e7f])[ \t\u00a0\u3000]+(?=[^\W_])"
_SENTENCES = compile_cached(r"[.!]\s+[A-Z]")
SITE_CACHE = 256  # sites whose {site} regexes a rule keeps


def _alternation(entry: dict, languages: set[str] | None, site: str | None = None) -> str:
    return "|".join(_parts(entry, languages, site))


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
    index_memos = INDEX_MEMOS  # the prefilter's per-document indexes (see engine._run_order)
    examples: list[dict] = []
    min_position: float = 0.0
    max_position: float = 1.0
    max_words: int = 0
    alone: bool = True
    min_prose_before: int = 0
    safe_at_head: bool = False  # an unsafe fix that is safe before the article's body
    sentence_only: bool = False  # a start match: the article's sentence glued after the prompt's stays
    # Set when a phrase has a {site} slot: what it takes to compile the regex again with the
    # article's own site name in the slot.
    site_source: tuple | None = None
    letters: FirstLetters = FirstLetters([], 0)  # the characters the phrases can start with
    # A site pack's hosts (its top-level ``sites``): the rule is silent on every other article.
    sites: tuple[str, ...] = ()

    def _regex_for(self, doc: Document) -> re.Pattern | None:
        if self.site_source is None:
            return self.regex
        site = named_site(doc)
        if site is None:
            return self.regex
        cache = type(self).__dict__.get("_site_cache")
        if cache is None:
            cache = OrderedDict()
            type(self)._site_cache = cache
        if site in cache:
            cache.move_to_end(site)
        else:
            entry, languages = self.site_source
            case = bool(entry.get("case_sensitive"))
            if self.mode in ("start", "label"):
                # Only the phrases with a {site} slot, the slot holding the site's name alone,
                # tried where the rule's own regex fails: a match of either is a match of the
                # whole alternation with the name added to the slot, and compiling these few
                # costs a fraction of compiling every phrase again for each site.
                named = _parts(entry, languages, site, site_only=True)
                cache[site] = _Either(self.regex, _build_regex(self.mode, "|".join(named), case, named))
            else:
                cache[site] = _build_regex(self.mode, _alternation(entry, languages, site), case,
                                           _parts(entry, languages, site))
            if len(cache) > SITE_CACHE:  # a dump of many sites keeps the recent ones, not all
                cache.popitem(last=False)
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
        return not self.min_prose_before or prose_above(prose_blocks(doc), block.index, self.min_prose_before)

    def _safety(self, doc: Document, block: Block) -> Applicability | None:
        # Before the article's body a prompt is the page's head, never the article's sign-off.
        return Applicability.SAFE if self.safe_at_head and before_body(prose_blocks(doc), block.index) else None

    def check(self, doc: Document) -> Iterable[Diagnostic]:
        # Not a generator: most records leave the rule no block to try, told without making one.
        if _PENDING:
            _work_out_pending()
        if self.sites and not on_site(doc.meta, self.sites) or self.regex is None:
            return ()
        # Cheap tests first: the first letters, then the regex rule out almost every block
        # before the guards run. A block not naming the site matches as with the rule's own
        # regex: the one with the site's name in a {site} slot is tried on those naming it.
        # A block or section match skips blocks longer than max_chars (a start or label one
        # reads the first line of a longer block): its needles need not be searched for there.
        whole = self.mode in ("block", "section")
        blocks = candidates(doc, self.letters, self.mode, self.max_chars if whole else None)
        naming = site_blocks(doc, named_site(doc)) if self.site_source is not None else ()
        if naming:
            blocks = [doc.blocks[i] for i in sorted(naming.union(b.index for b in blocks))]
        if blocks and (self.position != "any" or self.min_position > 0.0 or self.max_position < 1.0):
            blocks = _placed(self, doc, blocks)
        return self._found(doc, blocks, whole, naming) if blocks else ()

    def _found(self, doc: Document, blocks: list[Block], whole: bool, naming) -> Iterator[Diagnostic]:
        kinds, max_chars, source = self.kinds, self.max_chars, doc.text
        for block in blocks:
            span = block.span
            if block.kind not in kinds or whole and span.end - span.start > max_chars:
                continue
            text = source[span.start:span.end]
            if not text or text[0] in OPEN_QUOTES and quoted(text):
                continue
            regex = self._regex_for(doc) if block.index in naming else self.regex
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
                if _last_wire_credit(doc) > block.index:  # a wire credit among the later blocks
                    continue
                # The article's own paragraphs after the heading (a "Comments" button between
                # them): the heading opens no section that runs to the end.
                if main_text(doc).after(block):
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
            glued = article_after(text, m.end()) if self.sentence_only and self.mode == "start" else None
            if glued is not None:  # only the prompt's sentence goes: the article's text is kept
                span = Span(block.span.start, block.span.start + glued)
            fix = None
            if self.fix_safety is not None:
                fix = self.remove_blocks(doc, block, last, self.fix_message, self._safety(doc, block)) \
                    if glued is None else self.fix(self.fix_message, Edit(span, ""), applicability=self._safety(doc, block))
            yield self.report(self.message.format(match=m.group(0).strip(), text=text[:80]), span, fix)

    def _lines(self, doc: Document, block: Block, text: str, regex: re.Pattern) -> Iterator[Diagnostic]:
        """A start or label phrase at the head of a block of several lines (a hard-wrapped paragraph
        as the text reader joins it), and each right after it ("Also Read: …" lines one under
        another). Only those lines are removed; the lines after them are someone else's call."""
        lines = text.split("\n")
        n, m = self._entry(doc, block, lines, 0, regex)
        while 0 < n < len(lines) and (more := self._entry(doc, block, lines, n, regex)[0]):
            n += more
        if not n:
            return
        covered = "\n".join(lines[:n])
        fix = None
        if self.fix_safety is not None:
            if n == len(lines):
                fix = self.remove_blocks(doc, block, message=self.fix_message, applicability=self._safety(doc, block))
            else:
                # Up to the kept line's text: a list or quote marker before the covered lines stays.
                nxt = lines[n]
                end = block.span.start + len(covered) + 1 + (len(nxt) - len(nxt.lstrip(" \t>")))
                fix = self.fix(self.fix_message, Edit(Span(block.span.start, end), ""), applicability=self._safety(doc, block))
        span = Span(block.span.start, block.span.start + len(covered))
        yield self.report(self.message.format(match=m.group(0).strip(), text=covered[:80]), span, fix)

    def _entry(self, doc: Document, block: Block, lines: list[str], i: int, regex: re.Pattern):
        """(lines, match) of a phrase heading ``lines[i]``, a lone label's headline and the sentence."""
        m, n = regex.match(lines[i]), i + 1
        if not m:
            return 0, None
        rest = lines[i][m.end():].strip() if self.mode == "label" else None  # None: no label
        if rest == "" and not self.alone or rest and self.headline and not self._headline(rest):
            return 0, None
        if rest == "" and self.takes_next and n < len(lines) and self._headline(lines[n]):
            n += 1
        while n < len(lines) and continues(lines[n - 1], lines[n]):
            n += 1
        covered = "\n".join(lines[i:n])
        if len(covered) > self.max_chars or not self._admissible(doc, block, covered) or (
                self.mode == "label" and n - i > 1 and self.headline and not self._headline(" ".join(lines[i:n])[m.end():])):
            return 0, None
        return n - i, m

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
        (headlines rarely end in one; the sentence after a lone label often does), in any
        script ("." "。" "।" "။" ...)."""
        text = text.strip()
        return (0 < len(text) <= 250 and not _SENTENCES.search(text) and text[:1] not in OPEN_QUOTES
                and text.rstrip()[-1:] not in FULL_STOPS and not several_sentences(text))


def _placed(rule: PackRule, doc: Document, blocks: list[Block]) -> list[Block]:
    # Where the rule may flag (a test of its findings, made before its regex: far cheaper).
    return [b for b in blocks if rule._in_position(doc, b)]


def _last_wire_credit(doc: Document) -> int:
    # Where the last block that is a wire service's credit stands (-1: none), looked for once:
    # a section heading is matched in every copy of a page a long record holds.
    return doc.memo("packs.last-wire-credit", lambda: next(
        (k for k in range(len(doc.blocks) - 1, -1, -1) if is_wire_credit(doc.block_text(doc.blocks[k]))), -1))


def _build_regex(mode: str, alternation: str, case_sensitive: bool, parts: list[str] | None = None, known: dict | None = None):
    flags = (0 if case_sensitive else re.IGNORECASE) | re.UNICODE
    parts = parts if parts is not None else [alternation]
    if mode == "label":
        # The separator holds no cased character: without IGNORECASE it matches the same, and
        # its large classes compile in a tenth of the time (each set of phrases compiles it).
        return HeadPattern(LEAD, parts, rf"(?-i:{_SEPARATOR}|[ \t\u00a0]*$|{_UNSPACED_GAP})", flags, known)
    if mode in ("block", "section"):
        return BlockMatcher(parts, flags, known)
    if mode == "start":
        return HeadPattern(LEAD, parts, "", flags, known)
    return LazyPattern(rf"(?:{alternation})", flags)


def compile_entry(entry: dict, source: str, languages: set[str] | None = None,
                  checked: bool = False, derived: tuple | None = None) -> type[PackRule]:
    """A rule class from a pack entry. ``checked``: the entry is known good (the packs shipped
    in the wheel, each of which the test suite loads with every check), so checking it and
    reading its patterns now, which cost most of a one-file run's start-up, is skipped.
    ``derived``: what ``derive_entry`` gives for it, kept from an earlier run."""
    where = f"{source}: rule {entry.get('code', '?')}"
    if not checked:
        check_entry(entry, where)
    mode = entry.get("match", "block")
    position = entry.get("position", "any")
    bounds = [float(entry.get("min_position", 0.0)), float(entry.get("max_position", 1.0))]
    fix = entry.get("fix", "none")
    severity = Severity(entry.get("severity", "warning"))
    kinds = tuple(entry.get("kinds") or PackRule.kinds)
    flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
    parts, known, doc, told = derived or derive_entry(entry, languages, mode, fix, False)
    if told:
        tell(flags | re.UNICODE, told)
    regex = _build_regex(mode, "|".join(parts), bool(entry.get("case_sensitive")), parts, known) if parts else None
    try:
        # The rule's regex compiles on first use; its patterns are read now (a look-behind only
        # compiling finds wrong), so a bad one is refused here by the whole regex's message.
        for lang, patterns in ({} if checked else entry.get("patterns") or {}).items():
            for pattern in patterns:
                (re.compile if "(?<" in pattern else parse_regex)(f"(?:{pattern})", flags | re.UNICODE)
        if not checked and any("(?P<" in p for p in parts):  # a group name used twice fails only in the whole
            regex.compile()
    except (re.error, OverflowError):
        try:
            regex.compile()
        except (re.error, OverflowError) as err:
            raise ConfigError(f"{where}: bad pattern: {err}") from None
    attrs: dict[str, Any] = {
        "__doc__": doc,
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
        "letters": FirstLetters(parts, (0 if entry.get("case_sensitive") else re.IGNORECASE) | re.UNICODE, known),
        "examples": list(entry.get("examples") or []),
        "min_position": bounds[0],
        "max_position": bounds[1],
        "max_words": int(entry.get("max_words", 0)),
        "min_prose_before": int(entry.get("min_prose_before", 0)),
        "safe_at_head": bool(entry.get("safe_at_head", False)),
        "sentence_only": bool(entry.get("sentence_only", False)),
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


def load_pack(path: str, languages: set[str] | None = None, checked: bool = False) -> list[type[PackRule]]:
    full, derived = False, None
    if checked:
        data, got = read_shipped(path, repr(sorted(languages) if languages is not None else None),
                                 partial(derive_pack, languages))
        entries = data.get("rules")
        if (isinstance(got, tuple) and len(got) == 2 and isinstance(got[1], list) and isinstance(entries, list)
                and len(got[1]) == len(entries) and all(isinstance(d, tuple) and len(d) == 4 for d in got[1])):
            full, derived = got[0] is True, got[1]
    else:
        data = read_pack(path)
    unknown = sorted(set(data) - {"rules", "sites"})
    if unknown:
        from lintnews.config import nearest

        raise ConfigError(f"{path}: unknown key {unknown[0]!r} in rule pack{nearest(unknown[0], ['rules', 'sites'])}; "
                          "a pack holds [[rules]] entries and, for one site's rules, sites = [...]")
    sites = site_patterns(data["sites"], path) if "sites" in data else ()
    entries = data.get("rules")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):  # rules = [5]
        raise ConfigError(f"{path}: a rule pack needs [[rules]] entries")
    rules = [compile_entry(e, path, languages, checked, derived[i] if derived else None)
             for i, e in enumerate(entries)]
    for cls in rules:
        if sites:
            cls.sites = sites
            cls.__doc__ += "\n\n## Sites\n\nOnly on articles from " + ", ".join(sites) + " (the pack's `sites`)."
    if full and len(_PENDING) < _MAX_PENDING:
        _PENDING.extend(cls.letters for cls in rules)
    return rules


# The prefilters of rules whose every part's reading was kept from an earlier run: worked out
# all at once, when the first pack rule checks a document. Each rule that adds its literals
# makes the prefilter compile its class of first characters again on the next document, and
# rules coming into use one by one on a run's first document compiled it once per rule (a
# fifth of a one-file run's pack work); known readings make working out an unused rule cheap.
_PENDING: list[FirstLetters] = []
_MAX_PENDING = 5000  # a caller that loads packs again and again, checking nothing, holds no more


def _work_out_pending() -> None:
    pending = _PENDING[:]
    _PENDING.clear()
    for letters in pending:
        letters.needles  # noqa: B018 - works the prefilter out and adds its literals
