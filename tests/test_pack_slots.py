"""Pack phrase slots ({site}, {platforms}, {n}, {headline}, {name}, {handle}, {email}) and the
checks that catch a mistyped pack."""

import re

import pytest

from lintnews.document import Document
from lintnews.errors import ConfigError
from lintnews.packs import compile_entry
from lintnews.slots import phrase_regex, site_regex
from lintnews.readers.text import make_blocks, split_blocks


def phrase(p, site=None):
    return re.compile(phrase_regex(p, site) + r"\W*$", re.IGNORECASE)


@pytest.mark.parametrize("text", [
    "Follow Radio Planet on Instagram, Facebook, Twitter and YouTube.",
    "Follow The Daily Planet on Twitter & Facebook",
    "Follow planet.news on Telegram",
])
def test_site_and_platforms(text):
    assert phrase("Follow {site} on {platforms}").match(text)


@pytest.mark.parametrize("text", [
    "Follow the rules on Facebook",  # not a capitalised name
    "Follow Radio Planet on the weekend",  # not a platform
])
def test_site_and_platforms_refuse(text):
    assert not phrase("Follow {site} on {platforms}").match(text)


def test_number_slot():
    assert phrase("{n} min read").match("4 min read")
    assert phrase("{n} min read").match("1,200 min read")
    assert not phrase("{n} min read").match("a min read")


def test_site_from_metadata():
    site = site_regex({"url": "https://www.dailyplanet.co.uk/news/1"})
    assert phrase("Popular on {site}", site).match("popular on dailyplanet")
    assert not phrase("Popular on {site}").match("popular on dailyplanet")
    assert site_regex({}) is None


ENTRY = {"code": "ZZZ001", "name": "zzz", "summary": "s.", "why": "w.", "match": "start", "fix": "safe",
         "phrases": {"en": ["Follow {site} on {platforms}"]}}


def check(entry, text, meta=None):
    cls = compile_entry(entry, "test.toml")
    doc = Document("a.txt", "text", text, [], meta or {})
    doc.blocks = make_blocks(text, split_blocks(text), {})
    return list(cls().check(doc))


def test_entry_with_slots_flags_and_passes():
    assert check(ENTRY, "Body.\n\nFollow Radio Planet on Instagram and YouTube.\n")
    assert not check(ENTRY, "Body.\n\nFollowing the vote, Radio Planet went on Instagram.\n")


def test_entry_site_slot_uses_the_article_url():
    entry = {**ENTRY, "phrases": {"en": ["Popular on {site}"]}, "match": "block"}
    assert check(entry, "Body.\n\npopular on dailyplanet\n", {"url": "https://dailyplanet.com/x"})
    assert not check(entry, "Body.\n\npopular on dailyplanet\n")


@pytest.mark.parametrize("bad,message", [
    ({**ENTRY, "phrases": {"en": ["Follow {sit} on {platforms}"]}}, "unknown slot {sit}"),
    ({**ENTRY, "examples": [{"flag": "x", "fixd": "y"}]}, "unknown key 'fixd'; did you mean 'fixed'?"),
    ({**ENTRY, "examples": [{"fixed": "y"}]}, "needs either flag or pass"),
    ({**ENTRY, "fixd": "safe"}, "unknown key 'fixd'"),
])
def test_mistakes_are_errors(bad, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        compile_entry(bad, "test.toml")


def test_a_phrase_escaped_whole_reads_as_its_words_escaped_one_by_one():
    from lintnews import packs

    phrases = {p for path in packs.shipped_packs() for e in packs.read_pack(path, shipped=True)["rules"]
               for ps in (e.get("phrases") or {}).values() for p in ps if "{" not in p}
    phrases |= {"a\\ b", "back\\", "\\", "tab\tand\u00a0nbsp  spaces", " lead and trail ", "", "U.S. (news) [x] $5?",
                "a-b & c~d # e"}
    for phrase in phrases:
        assert phrase_regex(phrase) == r"\s+".join(map(re.escape, phrase.split())), phrase
