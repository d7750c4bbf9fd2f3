"""The tests that keep a pack rule's regex off most blocks (what a phrase can start with, folded
as the regex engine folds) rule out only blocks the regex could not match: each case here is
matched with the test and without it, and both must give the same."""

import glob
import os
import re

import pytest

from conftest import FIXTURES
from every_character import EVERY_CHARACTER
from lintnews.block_match import BlockMatcher
from lintnews.document import Document
from lintnews.pack_filter import SKIP_LEAD, SKIP_PUNCTUATION, PartStarts, candidates
from lintnews.pack_heads import hits_by_lookup, hits_by_scan
from lintnews.packs import _build_regex, _parts, compile_entry
from lintnews.readers.text import make_blocks, split_blocks
from lintnews.regex_starts import fold, literal_heads

PHRASES = [
    "Read more", "Related", "Straße", "ẞtraße", "İstanbul haberleri", "ıstanbul", "Σχετικά",
    "1 comment", "2 comments", "(c) all rights reserved", "© all rights reserved", "« Previous",
    "Follow {site} on {platforms}", "{site} newsletter", "{n} comments", "关联阅读", "関連記事",
    "관련기사", "...more", "#tags", "_share_", "Ǆemal", "ſtore", "Kelvin",
]
PATTERNS = [
    r"(?:\d{1,6}\s*kommentarer)",
    r"(?:[^\n]{1,120}?\s*thoughts\s+on\s+“[^\n]+”)",
    r"(?:(?:©|ⓒ|\(c\))\s*\w)",
    r"(?:Foto|Bild)(?:\s*[:：]\s*\w+)?",
    "(?x:(?>(?:Foto|Kilde)  # a comment (with a bracket | and a bar\n ))",
    r"(?-i:Abc)def",
    r"(?:ab)?cd",
    r"(?:(?:This (?:article|story) )?(?:was )?(?:originally|first) published)",
    r"(?:[Ll]orem ipsum|[Dd]olor)",
]
TEXTS = [
    "Read more", "READ MORE:", "read more about it", "■Read more", "【関連記事】", "■関連記事",
    "▶ 관련기사", "[관련기사] 제목", "**Related**", "**Related:** A headline here", "— Related —",
    "...Related", "STRASSE", "straße", "STRAẞE", "ẞTRASSE", "İSTANBUL HABERLERİ",
    "istanbul haberleri", "ISTANBUL HABERLERI", "ıstanbul", "Istanbul", "ΣΧΕΤΙΚΆ", "σχετικά",
    "1 comment", "2 Comments", "12 comments", "(C) All Rights Reserved", "© ALL RIGHTS RESERVED",
    "« Previous", "«Previous", "Follow The Daily Planet on Twitter & Facebook",
    "Follow us on Facebook", "The Daily Planet newsletter", "1,234 comments", "关联阅读",
    "...more", "… more", "#Tags", "#tags #news", "_Share_", "ǅemal", "ǆemal", "ǄEMAL", "STORE",
    "ſtore", "store", "\u212aelvin", "kelvin", "12 Kommentarer", "Anna on thoughts on “A story”",
    "ⓒ Reuters", "Foto: Reuters", "FOTO", "kilde", "abcDEF", "ABCdef", "cd", "abcd", "ab cd",
    "In a major development, the president said", "This story was first published", "WAS ORIGINALLY PUBLISHED",
    "originally published", "First published", "Lorem ipsum", "DOLOR", "dolor sit", "Read more. Read more.", "Related | Read more",
    "Read more\nRelated", "", "■", "**", "'Read more'",
]


def _entry(mode, case_sensitive=False):
    return {"code": "ZZ901", "name": "zz-test", "summary": "Test.", "why": "Test.", "match": mode,
            "phrases": {"en": PHRASES}, "patterns": {"en": PATTERNS}, "case_sensitive": case_sensitive}


@pytest.mark.parametrize("case_sensitive", [False, True])
@pytest.mark.parametrize("mode", ["start", "label"])
@pytest.mark.parametrize("site", [None, r"(?i:Daily\s+Planet)"])
def test_head_pattern_matches_as_the_whole_regex(mode, case_sensitive, site):
    entry = _entry(mode, case_sensitive)
    parts = _parts(entry, None, site)
    regex = _build_regex(mode, "|".join(parts), case_sensitive, parts)
    whole = re.compile(regex.pattern, regex.flags)
    for text in TEXTS:
        got, want = regex.match(text), whole.match(text)
        assert (got and got.span()) == (want and want.span()), text


class _Unfiltered(BlockMatcher):
    """The matcher trying every phrase at every place: what the filtered one must give."""

    def match(self, text):
        matcher = BlockMatcher(self._parts, self._flags)
        matcher._starts = PartStarts(self._parts, self._flags)
        matcher._starts.at = lambda *_: tuple(range(len(self._parts)))
        matcher._pretest = False  # nor is the regex of all phrases tried first
        return BlockMatcher.match(matcher, text)


@pytest.mark.parametrize("case_sensitive", [False, True])
def test_block_matcher_matches_as_unfiltered(case_sensitive):
    parts = _parts(_entry("block", case_sensitive), None)
    flags = (0 if case_sensitive else re.IGNORECASE) | re.UNICODE
    matcher, reference = BlockMatcher(parts, flags), _Unfiltered(parts, flags)
    texts = TEXTS + [a + sep + b for a in ("Read more", "■Related", "2 comments", "STRASSE")
                     for sep in (" | ", " · ", ", ", "\n") for b in ("RELATED", "ſtore", "« Previous", "x")]
    for text in texts:
        got, want = matcher.match(text), reference.match(text)
        assert (got and got.end()) == (want and want.end()), text


@pytest.mark.parametrize("part, text", [
    (r"Straße", "STRAẞE"), (r"ẞtraße", "ßTRAẞE"), (r"İstanbul", "ISTANBUL"), (r"İstanbul", "istanbul"),
    (r"istanbul", "İSTANBUL"), (r"ıstanbul", "ISTANBUL"), (r"Σχετικά", "ΣΧΕΤΙΚΆ"), (r"σ", "ς"),
    (r"ſtore", "STORE"), (r"Kelvin", "\u212aELVIN"), (r"Ǆemal", "ǅemal"), (r"µ", "Μ"),
    (r"1\ comment", "1 comment"), (r"\(c\)", "(C)"), (r"«\ Previous", "« previous"),
    (r"(?:(?:©|ⓒ|\(c\))\s*\w)", "ⓒ X"), (r"(?-i:Abc)def", "AbcDEF"),
    (r"(?:This article )?was", "WAS"), (r"(?:This article )?was", "THIS ARTICLE was"), (r"[Ll]orem", "LOREM"),
])
def test_heads_fold_as_the_regex_engine(part, text):
    """Wherever the regex matches, the text folds to one of the part's literals."""
    assert re.match(part, text, re.IGNORECASE)
    heads = literal_heads(part, re.IGNORECASE | re.UNICODE)
    assert heads and any(fold(text).startswith(h) for h in heads)


@pytest.mark.parametrize("part", [r"(?:ab)?", r"(?:ab)?(?:cd)?", r"[^a]bc", r"\w+ more", r"a*b"])
def test_no_heads_where_a_match_may_start_otherwise(part):
    assert literal_heads(part, re.IGNORECASE) is None


def test_straße_is_not_strasse():
    # The regex engine folds one character to one: "ß" never matches "ss", nor may the filter
    # pretend so (it would only cost time, but the regex must stay the judge).
    assert not re.match("Straße", "STRASSE", re.IGNORECASE)
    assert not fold("STRASSE").startswith(next(iter(literal_heads("Straße", re.IGNORECASE))))


@pytest.mark.parametrize("text, lead", [
    ("■Read more", True), ("【Read more】", True), ("**Read more**", True), ("> Read more", True),
    ("...Read more", False), ("— Read more", False), ("«Read more»", False),
])
def test_phrase_after_a_lead_or_punctuation_is_admitted(text, lead):
    starts = PartStarts([r"Read\ more"], re.IGNORECASE | re.UNICODE)
    skip = SKIP_LEAD if lead else SKIP_PUNCTUATION
    assert starts.at(text, 0, skip) == (0,)


def test_prose_head_admits_nothing():
    starts = PartStarts([r"Read\ more", r"Related", r"\d{1,3}\s+comments"], re.IGNORECASE | re.UNICODE)
    text = "In a major development, the president said"
    assert starts.at(text, 0, SKIP_PUNCTUATION) == ()


@pytest.mark.parametrize("mode", ["block", "start", "label", "contains"])
def test_candidates_keep_every_block_the_rule_flags(mode):
    cls = compile_entry(_entry(mode), "test")
    text = "\n\n".join(t for t in TEXTS if t.strip())
    text += "\n\nIn other news: read more about it\n\nThey said ISTANBUL HABERLERI was out"
    doc = Document("a.txt", "text", text, [], {"site_name": "The Daily Planet"})
    doc.blocks = make_blocks(text, split_blocks(text), {})
    picked = {b.index for b in candidates(doc, cls.letters, mode)}
    regex = cls.regex
    flagged = 0
    for block in doc.blocks:
        body = doc.block_text(block)
        if mode == "contains":
            hit = regex.search(body)
        else:
            hit = regex.match(body) or (mode != "block" and regex.match(body.split("\n")[0]))
        if hit:
            flagged += 1
            assert block.index in picked, body
    assert flagged and (mode == "contains" or len(picked) < len(doc.blocks))


def test_contains_candidates_hold_a_phrase_anywhere():
    entry = {**_entry("contains"), "phrases": {"en": ["Read more", "İstanbul", "Straße"]}, "patterns": {}}
    cls = compile_entry(entry, "test")
    texts = ["Nothing here", "Go on and READ MORE now", "Flights to ISTANBUL", "Die STRAẞE", "STRASSE"]
    text = "\n\n".join(texts)
    doc = Document("a.txt", "text", text, [], {})
    doc.blocks = make_blocks(text, split_blocks(text), {})
    picked = [doc.block_text(b) for b in candidates(doc, cls.letters, "contains")]
    assert picked == [t for t in texts if cls.regex.search(t)] == texts[1:4]


def test_label_separator_matches_the_same_without_ignorecase():
    # The label separator is compiled without IGNORECASE (its classes are slow to compile with
    # it): no character of the Basic Multilingual Plane may match otherwise.
    from lintnews.packs import _SEPARATOR, _UNSPACED_GAP

    tail = rf"(?:{_SEPARATOR}|[ \t\u00a0]*$|{_UNSPACED_GAP})"
    folded, plain = re.compile(tail, re.IGNORECASE), re.compile(tail)
    for code in range(0x10000):
        c = chr(code)
        for text, pos in ((c, 0), (c + "x", 0), ("中" + c + "字", 1), ("中 " + c, 1)):
            a, b = folded.match(text, pos), plain.match(text, pos)
            assert (a and a.span()) == (b and b.span()), hex(code)


@pytest.mark.parametrize("pattern", PATTERNS + [
    r"(?:(?:…|\.\.\.)\s*(?:Continue reading|Read more)\W*$)|(?:\s*\[(?:…|\.\.\.)\]\s*$)",
    r"[^\n]{1,120}?\s*thoughts\s+on", r"\d{1,3}\s+(?:comments|KOMMENTARE)", r"(?:ab|)c", r"x(?=abc)",
])
def test_required_strings_are_in_every_match(pattern):
    from lintnews.regex_starts import required_strings

    strings = required_strings(pattern, re.IGNORECASE | re.UNICODE)
    regex = re.compile(pattern, re.IGNORECASE)
    texts = TEXTS + ["Some text… Read more", "A story [...]", "Jane on THOUGHTS ON it", "12 Kommentare",
                     "3 comments", "c", "xabc", "ab c"]
    for text in texts:
        m = regex.search(text)
        if m and strings is not None:
            assert any(s in fold(m.group()) for s in strings), (pattern, text)


@pytest.mark.parametrize("text", [EVERY_CHARACTER[0x80:0xD800], EVERY_CHARACTER[0xE000:0x30000],
                                  "ΣΊΣΥΦΟΣ ΟΔΟΣ", "İstanbul ſtraße", "Kelvin \u212a, ångström \u212b", "plain ascii",
                                  "µ ϐ ϑ ϕ ϖ ϰ ϱ ϵ ẛ ι ͅ", "ΐ ΰ ﬅ ﬆ"],
                         ids=lambda text: text if len(text) < 40 else f"U+{ord(text[0]):04X}..U+{ord(text[-1]):04X}")
def test_fold_translates_only_texts_holding_a_key_as_translating_all_would(text):
    from lintnews import regex_starts

    whole = text.translate(regex_starts._BEFORE).lower().translate(regex_starts._AFTER)
    assert fold(text) == whole
    for i in range(0, len(text), 7):  # short texts, as the heads of blocks are
        piece = text[i:i + 7]
        assert fold(piece) == piece.translate(regex_starts._BEFORE).lower().translate(regex_starts._AFTER)


def sample_document(extra=()):
    """The TEXTS, ``extra`` texts and ten texts of the corpus sample, as one text document."""
    texts = [t for t in TEXTS if t.strip()] + list(extra)
    for path in sorted(glob.glob(os.path.join(FIXTURES, "corpus", "views", "naive", "*.txt")))[:10]:
        with open(path, encoding="utf-8") as f:
            texts.append(f.read())
    text = "\n\n".join(texts)
    doc = Document("a.txt", "text", text, [], {})
    doc.blocks = make_blocks(text, split_blocks(text), {})
    return doc


def test_literals_looked_up_find_the_blocks_a_scan_of_heads_finds():
    # A long text looks each rule's literals up among the blocks' heads; a short one reads every
    # head: both must find the same blocks for every rule's literals.
    from lintnews.config import Config
    from lintnews.registry import all_rules

    for mode in ("block", "start", "label", "contains"):
        compile_entry(_entry(mode), "test").letters.usable  # registers the rule's literals
    for cls in all_rules(Config()).values():
        if getattr(cls, "letters", None) is not None:
            cls.letters.usable
    # Heads that are long runs of punctuation, with a literal after them or inside them.
    doc = sample_document(PHRASES + ["\\" * 5000 + "(c) all rights reserved", "-" * 3000 + " « Previous",
                                     "." * 4000 + "Related"])
    scanned, looked_up = {}, {}
    hits_by_scan(doc, 0, scanned)
    hits_by_lookup(doc, 0, looked_up)
    assert scanned == looked_up and len(scanned) > 20


def test_site_rules_flag_on_candidates_and_naming_blocks_as_on_every_block(monkeypatch):
    # An article naming its site tries a rule with a {site} slot on the rule's own candidates
    # and the blocks naming the site only: the findings must be those of trying every block.
    from lintnews import packs
    from lintnews.config import Config
    from lintnews.registry import all_rules

    rules = [cls for cls in all_rules(Config()).values() if getattr(cls, "site_source", None)]
    # A name the slot's own pattern cannot start with ("Ω"): only the name added finds it.
    rules += [compile_entry({**_entry(mode), "phrases": {"en": ["{site}", "Read more"]},
                             "patterns": {}}, "test") for mode in ("block", "start", "label", "contains")]
    texts = ["Follow Ωmega Planet on Twitter & Facebook", "Read more on Ωmega Planet",
             "Ωmega Planet newsletter", "Subscribe to Ωmega Planet", "More from Ωmega Planet",
             "Popular on omegaplanet.com", "Ωmega Planet said on Monday that the vote was close.",
             "ΩMEGA PLANET NEWSLETTER: the best of the week", "Ωmega Planet", "ΩMEGA PLANET: a headline"]
    for path in sorted(glob.glob(os.path.join(FIXTURES, "corpus", "views", "naive", "*.txt")))[:10]:
        with open(path, encoding="utf-8") as f:
            texts.append(f.read())

    def findings():
        out = []
        for n in range(0, len(texts), 3):
            text = "\n\n".join(texts[n:n + 6])
            doc = Document("a.txt", "text", text, [], {"site_name": "Ωmega Planet",
                                                      "url": "https://www.omegaplanet.com/a"})
            doc.blocks = make_blocks(text, split_blocks(text), {})
            out += [(d.code, d.span) for cls in rules for d in cls().check(doc)]
        return out

    fast = findings()
    monkeypatch.setattr(packs, "candidates", lambda doc, letters, mode, max_chars=None: doc.blocks)
    monkeypatch.setattr(packs, "site_blocks", lambda doc, site: set(range(len(doc.blocks))) if site else set())
    assert rules and fast and fast == findings()


def test_blocks_holding_a_needle_are_those_a_plain_search_finds():
    # The needles of other scripts than the text's are ruled out by their characters, without
    # a search: the blocks found must be those that searching each block for each needle finds.
    from lintnews.config import Config
    from lintnews.pack_heads import _holding
    from lintnews.registry import all_rules

    sets = [cls.letters.needles or cls.letters.grams for cls in all_rules(Config()).values()
            if getattr(cls, "letters", None) is not None and cls.letters.usable is not None]
    sets = [s for s in sets if s] + [frozenset(fold(p) for p in PHRASES)]
    doc = sample_document()
    folded = [fold(doc.block_text(b)) for b in doc.blocks]
    found = 0
    for needles in sets:
        plain = {i for i, t in enumerate(folded) if any(n in t for n in needles)}
        assert _holding(doc, needles) == plain
        found += len(plain)
    assert len(sets) > 10 and found


def test_blocks_holding_a_needle_among_the_short_ones_are_those_a_plain_search_finds():
    # With max_chars, only blocks that short are searched (they are laid out first): every
    # block a plain search finds among them, and none longer.
    from lintnews.pack_heads import _holding

    doc = sample_document()
    folded = [fold(doc.block_text(b)) for b in doc.blocks]
    needles = frozenset(fold(p) for p in PHRASES) | frozenset(t[:4] for t in folded[::4] if len(t) >= 4)
    holds = [any(n in t for n in needles) for t in folded]
    sizes = sorted({len(t) for t, held in zip(folded, holds) if held})
    # Every limit on each side of a dozen lengths of blocks that hold a needle, spread over the
    # range: a limit that cuts the layout one block too early or too late fails at one of them.
    picked = sizes[::max(1, len(sizes) // 12)] + sizes[-1:]
    for limit in sorted({0, 1, *picked, *(n - 1 for n in picked), sizes[-1] + 1}) + [None]:
        plain = {i for i, t in enumerate(folded) if holds[i] and (limit is None or len(t) <= limit)}
        assert _holding(doc, needles, limit) == plain, limit
    assert _holding(doc, needles, sizes[len(sizes) // 2]) not in (set(), _holding(doc, needles))


def test_rules_placed_in_the_article_flag_as_when_placing_after_the_regex(monkeypatch):
    # A rule bound to a part of the article (its head, its tail, past a share of it) leaves
    # out the blocks elsewhere before its regex: the findings must be those of testing the
    # place after the regex, as the guards do.
    from lintnews import packs
    from lintnews.config import Config
    from lintnews.registry import all_rules

    rules = [cls for cls in all_rules(Config()).values() if isinstance(cls, type)
             and issubclass(cls, packs.PackRule) and cls.regex is not None
             and (cls.position != "any" or cls.min_position > 0.0 or cls.max_position < 1.0)]
    texts = []
    for path in sorted(glob.glob(os.path.join(FIXTURES, "corpus", "views", "naive", "*.txt")))[:20]:
        with open(path, encoding="utf-8") as f:
            texts.append(f.read())
    for cls in rules:  # each rule's own examples: what it flags, placed as they are
        texts += [e.get("flag", "") for e in cls.examples if e.get("flag")]

    def findings():
        out = []
        for text in texts:
            doc = Document("a.txt", "text", text, [], {})
            doc.blocks = make_blocks(text, split_blocks(text), {})
            out += [(d.code, d.span) for cls in rules for d in cls().check(doc)]
        return out

    fast = findings()
    monkeypatch.setattr(packs, "_placed", lambda rule, doc, blocks: blocks)
    assert len(rules) > 5 and fast and fast == findings()


def test_no_way_of_skipping_a_lead_passes_over_a_word_character():
    # PartStarts.at reads a text opening with a character str.isalnum() accepts as having no
    # lead, without matching the skip: neither skip may pass over any such character.
    words = "".join(filter(str.isalnum, EVERY_CHARACTER))
    lead_class = re.compile(SKIP_LEAD.pattern[:-1])  # the class, once
    assert re.search(r"[\W_]", words) is None and lead_class.search(words) is None


def test_block_matcher_remembers_the_answer_it_gives(monkeypatch):
    # A matcher remembers its answers for a bounded number of texts, emptied when full: asked
    # again (remembered or forgotten), it answers as a matcher asked for the first time.
    from lintnews import block_match

    monkeypatch.setattr(block_match, "_KNOWN_BLOCKS", 3)
    parts = _parts(_entry("block", False), None)
    flags = re.IGNORECASE | re.UNICODE
    matcher = BlockMatcher(parts, flags)
    texts = TEXTS + ["Read more | Related", "Read more | Related x"]
    for text in texts + texts[::-1] + texts:
        got, want = matcher.match(text), BlockMatcher(parts, flags).match(text)
        assert (got and (got.group(0), got.end())) == (want and (want.group(0), want.end())), text
    assert len(matcher._known_blocks) <= 3


def test_a_needle_holding_another_is_not_searched():
    from lintnews.pack_heads import _shortest

    kept = [needle for needle, _ in _shortest(frozenset({"comentario", "comentarios", "comment", "comments", "omme"}))]
    assert kept == ["omme", "comentario"]
    kept = [needle for needle, _ in _shortest(frozenset({"comentario", "comentarios", "comment", "comments"}))]
    assert kept == ["comment", "comentario"]
    assert _shortest(frozenset({"a\0b", "zzz"})) is None  # the blocks' separator: every block stays


def test_folding_a_long_text_by_stretches_of_lines_gives_the_whole_text_folded(monkeypatch):
    from lintnews import pack_heads

    # Final sigmas at the ends of lines and words, a dotted capital I, an emoji, ASCII stretches.
    text = "ΟΔΟΣ\nΣ ΑΣ.\nσΣ\nİstanbul 😀\nplain ascii LINE\n" * 40 + "ΤΕΛΟΣ"
    monkeypatch.setattr(pack_heads, "_FOLD_CHUNK", 7)
    assert pack_heads._fold_by_lines(text) == fold(text)
