"""Shortcuts of teaser-run (a grid looked for only where one of its lines can stand, a text
without enough paragraphs or headlines left before its lines are read; a credit, a template or a
link only where its colon, dot or slash stands), navigation-run (glued menus looked for only in a
text with a join; a credit only where a colon stands), contact-details (a long paragraph is no
card), teaser-list (a line that ends in a full stop is no headline, whatever its words) and
is_prose (a short text is no unpunctuated paragraph), checked against the plain
definitions they stand for and at the bounds where they would go wrong."""
import functools
import itertools

import pytest

from lintnews import document
from lintnews.api import Linter, Options
from lintnews.guards import is_wire_credit
from lintnews.model import Span
from lintnews.bio.blocks import is_contact_card
from lintnews.prose import (_PROSE_END, _UNPUNCTUATED, BULLETS, CREDIT, FULL_STOPS, LABEL_END, OPEN_QUOTES,
                            _unpunctuated_prose, is_prose, several_sentences, unpunctuated, word_count)
from lintnews.rules import _nav_shapes, _teaser_headline, teaser_list
from lintnews.rules._teaser_headline import is_headline as teaser_is_headline
from lintnews.rules.contact_details import _ORG_CARD
from lintnews.rules._teaser_runs import _NAMED_DATE, Companions, Repeated, Usable, dated_grids, doubled_grids
from lintnews.rules._nav_shapes import glued_menus, is_label
from lintnews.rules._teaser_shapes import (CLOSING_QUOTES, COUNT_AFTER, QUESTION, SECOND_SENTENCE, doubles_its_opening,
                                           is_companion, sectioned_grid, stretches, strip_symbols)


# The plain definitions below are run over thousands of placements of a handful of texts: what
# they read of each text is worked out once per text (the code they are compared with reads every
# line itself, as it does in a run).
_doubles = functools.lru_cache(maxsize=None)(doubles_its_opening)


@functools.lru_cache(maxsize=None)
def _named_date(text):
    return "\n" not in (s := text.strip()) and bool(_NAMED_DATE.match(s))


@functools.lru_cache(maxsize=None)
def _short_line(text, max_words):
    text = text.strip()
    return "\n" not in text and 0 < len(text.split()) <= max_words


def _plain_doubled(texts, usable, need):
    doubled = [u and _doubles(t) for u, t in zip(usable, texts)]
    grids, i = [], 0
    while i < len(texts):
        j = i
        while j < len(texts) and doubled[j]:
            j += 1
        if j - i >= need:
            grids.append((i, j - 1))
        i = j + 1
    return grids


def _plain_dated(texts, usable, max_words, need):
    dated = [u and _named_date(t) for u, t in zip(usable, texts)]

    def short(i):
        return usable[i] and not dated[i] and _short_line(texts[i], max_words)

    def grow(i):
        first = last = i
        count = 1
        while last + 2 < len(texts) and short(last + 1) and dated[last + 2]:
            last += 2
            count += 1
        if last + 1 < len(texts) and short(last + 1):
            last += 1
        elif first > 0 and short(first - 1):
            first -= 1
        return first, last, count

    return [(first, last) for first, last, count in stretches(dated, grow) if count >= need]


DOUBLED = {"D": "World Storm closes the port World Storm closes the port Ships waited",
           "P": "Storm closes the port as ships wait outside the harbour"}
DATED = {"D": "Tom Rogan Tuesday November 19, 2019 Beyond the partisan whirlwind of the week",
         "S": "Mayor faces recall vote",
         "L": ""}


@pytest.mark.parametrize("need", [0, 1, 2, 3, 4])
def test_doubled_grids_are_those_of_every_line(need):
    # Every placement of the doubled lines up to ten lines, so a grid at any offset from the
    # lines looked at first is met; an unusable line breaks a grid as a plain one does.
    for n in range(11):
        for shape in itertools.product("DP", repeat=n):
            texts = [DOUBLED[c] for c in shape]
            for usable in ([True] * n, [i % 5 != 3 for i in range(n)]):
                assert doubled_grids(texts, usable, need) == _plain_doubled(texts, usable, need), (shape, usable)


@pytest.mark.parametrize("need", [0, 1, 2, 3, 4])
def test_dated_grids_are_those_of_every_line(need):
    # Up to eight lines, past the 2 * need of the lines looked at first where a grid is shorter
    # (each line more triples the shapes).
    for n in range(min(9, 2 * need + 4)):
        for shape in itertools.product("DSL", repeat=n):
            texts = [DATED[c] for c in shape]
            for usable in ([True] * n, [i % 4 != 2 for i in range(n)]):
                assert dated_grids(texts, usable, 20, need) == _plain_dated(texts, usable, 20, need), (shape, usable)


def _sections(heads_each):
    """Two sections under their names, each of ``heads_each`` headlines of nine words."""
    texts = []
    for label in ("World", "Politics"):
        texts.append(label)
        texts += [f"{label} story number {k} of the week that readers liked most" for k in "abcdefgh"[:heads_each]]
    heads = [t not in ("World", "Politics") for t in texts]
    return texts, heads


@pytest.mark.parametrize("need, each, found", [(2, 3, True), (2, 2, False), (3, 5, True), (3, 4, False), (0, 2, True)])
def test_a_sectioned_grid_needs_three_times_the_fewest_headlines(need, each, found):
    # Exactly 3 * need headlines make a grid; one fewer does not.
    texts, heads = _sections(each)
    grids = sectioned_grid(texts, [True] * len(texts), heads, 20, 60, need)
    assert grids == ([(1, len(texts) - 1)] if found else [])


PARAGRAPH = ("The council voted on Monday to close the library in May, after a long debate about the budget "
             "of the city and its seven schools, and the mayor said the building would be sold.")
GRID = ["Mayor faces recall vote over budget cuts", "Police close the bridge after a crash on the commute",
        "Five things to know about the new stadium", "Why the city's buses keep running late this winter",
        "New bakery opens on the corner of Main Street"]


def _teaser_runs(paragraphs):
    text = "\n\n".join([PARAGRAPH] * paragraphs + GRID) + "\n"
    linter = Linter(Options(select=["REL006"]))
    result = linter.lint_text(text, "article.txt")
    return [d for d in result.diagnostics if d.code == "REL006"]


@pytest.mark.parametrize("paragraphs, reported", [(0, False), (1, False), (2, True), (3, True)])
def test_a_short_body_of_two_paragraphs_keeps_its_grid_reported(paragraphs, reported):
    # Two paragraphs in a row are a body when `min-prose` is three: the count that ends the rule
    # early must let them through.
    assert bool(_teaser_runs(paragraphs)) == reported


GLUED = ["SportsLionsTigersPistons", "WhatsApp FaceTime PowerPoint", "news of the day", "ΑθήναΚόσμοςΣπορ",
         "Sports Lions Tigers", "HomeNewsSportsWeatherOpinion", "", "ǅemalǅungla"]


def test_glued_menus_of_the_whole_text_are_those_of_its_blocks():
    # One search of the whole text stands for one a block: whatever the blocks, the answer is the same.
    for n in range(4):
        for texts in itertools.product(GLUED, repeat=n):
            for sep in ("\n\n", "", "\n- "):
                assert glued_menus(texts, sep.join(texts)) == glued_menus(texts), texts


def _contact_cards(text):
    linter = Linter(Options(select=["PII001"]))
    return [d.message for d in linter.lint_text(text, "article.txt").diagnostics if "a contact card" in d.message]


@pytest.mark.parametrize("length", [119, 120, 290, 299, 300, 301, 310, 399, 400, 401])
@pytest.mark.parametrize("lines", [1, 2])
def test_a_long_paragraph_is_no_contact_card_as_its_lines_say(length, lines):
    # Cards are read line by line; a block of one line too long for a card is not read at all.
    card = "Managing Director at Bitlance Hub | 09158211119 | jane@example.com | Web"
    line = card.replace("Bitlance", "Bitlance" + "a" * (length - len(card)))
    assert len(line) == length
    text = "\n".join([line] * lines) if lines > 1 else line
    expected = is_contact_card(line) and not _ORG_CARD.search(line)
    assert bool(_contact_cards(text + "\n")) == expected


def _plain_is_prose(text):
    text = text.strip()
    if "\n" not in text and _UNPUNCTUATED.search(text) and _unpunctuated_prose(text):
        return True
    return text[-1:] in _PROSE_END and word_count(text) >= 25


@pytest.mark.parametrize("chars", range(18, 24))
@pytest.mark.parametrize("phrases", [3, 4, 7, 8])
def test_unpunctuated_prose_is_told_at_its_length(chars, phrases):
    # Thai phrases around 140 characters of the script in all, with and without spaces between.
    for sep in (" ", "  ", ""):
        text = sep.join(["กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"[:chars]] * phrases)
        assert is_prose(text) == _plain_is_prose(text), (chars, phrases, sep)


@pytest.mark.parametrize("lengths", [(47, 47, 46), (47, 47, 45), (20, 20, 100), (20, 19, 101), (140,), (70, 70)])
def test_unpunctuated_prose_at_the_fewest_characters(lengths):
    # 140 characters of the script in three phrases: the shortest such paragraph, spaces and all.
    for sep in (" ", "\u3000", " \u00a0"):
        text = sep.join("ข" * n for n in lengths)
        assert is_prose(text) == _plain_is_prose(text), (lengths, sep)
    assert is_prose(" ".join("ข" * n for n in lengths)) == (lengths == (47, 47, 46) or lengths == (20, 20, 100))


LINES = [PARAGRAPH, "Mayor faces recall vote over budget cuts", "2 hours ago", "By Jane Roe", "(PTI)",
         "Reporting by Jane Roe; Editing by John Doe", "- a bulleted item", "Two lines\nof a block", "",
         "The stadium will seat forty thousand fans when it opens in the spring.",
         "The report draws on these documents:", "World", "He called it \"a betrayal.\"",
         " ".join("ข" * n for n in (47, 47, 46)), "New Delhi, Dec 5 (PTI) Meeting the government on Monday, the council said.",
         "ข" * 30, "Originally published on the site of the city."]


def test_companions_and_usable_blocks_are_those_of_each_text():
    # A paragraph of prose is never a companion, and the wire credit is looked for last: the
    # answers are those of the plain definitions, block by block.
    texts = LINES * 2
    prose = [is_prose(t) for t in texts]
    for dek in (8, 60):
        known = Companions(texts, dek, prose)
        assert [known(k) for k in range(len(texts))] == [is_companion(t, dek) for t in texts]
    kinds = [document.PARAGRAPH, document.QUOTE, document.BYLINE, document.TITLE, document.HEADING]
    blocks = [document.Block(kinds[i % len(kinds)], Span(0, 0), Span(0, 0), i) for i in range(len(texts))]
    out = {3, 4, 20}
    usable = Usable(blocks, texts, out)
    plain = [b.kind not in (document.QUOTE, document.BYLINE, document.TITLE) and b.index not in out
             and not is_wire_credit(t) for b, t in zip(blocks, texts)]
    assert [usable[i] for i in range(len(texts) - 1, -1, -1)][::-1] == plain
    assert list(Usable(blocks, texts, out)) == plain and len(usable) == len(plain)


def test_repeated_texts_sorted_when_first_asked_are_those_sorted_at_once():
    texts = LINES + LINES[:5] + ["  " + LINES[1] + " ", LINES[2] + "\n"]
    eager, lazy = Repeated(texts), Repeated(texts, lazy=True)
    for text in {t.strip() for t in texts} | {"absent"}:
        assert (text in lazy) == (text in eager) == (sum(t.strip() == text for t in texts) >= 2), text


def _plain_is_label(text, max_words, max_chars):
    text = text.strip()
    if text.endswith(")"):
        text = _nav_shapes._COUNT.sub("", text)
    if not text or len(text) > max_chars or len(text.split()) > max_words:
        return False
    if word_count(text) > 2 * max_words:
        return False
    if text[-1] in LABEL_END or text[0] in OPEN_QUOTES or text[0] in BULLETS:
        return False
    if any(map(str.isdigit, text)) or CREDIT.search(text):
        return False
    return any(map(str.isalpha, text)) and not is_wire_credit(text)


def _plain_is_headline(text, lo, hi):
    text = strip_symbols(text)
    if text.endswith(")"):
        text = COUNT_AFTER.sub("", text)
    if not text or "\n" in text or not (text[0].isalnum() or text[0] in "¿¡" or _teaser_headline._QUOTED_OPENING.match(text)
                                         or _teaser_headline._CJK_QUOTED_OPENING.match(text)):
        return False
    if text[-1] in LABEL_END and not (text[-1] in CLOSING_QUOTES and text[-2:-1].isalnum()) and text[-1] not in QUESTION:
        return False
    if not lo <= word_count(text) <= hi or len(text) > 200 or unpunctuated(text):
        return False
    if not any(map(str.isalpha, text)) or SECOND_SENTENCE.search(text) or _teaser_headline._TEMPLATE.search(text):
        return False
    if CREDIT.search(text) or _teaser_headline._URL.search(text) or _teaser_headline._BY_CREDIT.search(text):
        return False
    return not is_wire_credit(text)


SHAPES = LINES + ["Photo credit: Jane Roe", "Photo credit:Jane Roe of the city", "Mayor (left):the vote on the budget", "Source : Reuters", "Sources: the city council and its schools",
                  "Read more at www.example.com today", "See example.com for the full list of winners",
                  "Mayor (left): the vote on the budget", "Mayor says : the vote is set for March",
                  "https://example.com/story/mayor-faces-recall-vote", "Mayor faces recall vote over cuts/raises",
                  "市长面临罢免投票预算削减问题再次引发争议", "ニュース速報", "Home", "World News", "Sport", "Credits",
                  "Fuente: Agencia EFE y otros medios del país", "Politics and the city (12)", "Москва Спорт Новости",
                  "Mayor faces recall vote over budget cuts.", "Is the old bridge still safe?", "WhatsApp rolls out a new feature"]


def test_labels_and_headlines_are_those_of_the_plain_tests():
    # The searches for a credit, a template and a link run only where their colon, dot or slash
    # stands, and an ASCII label's words are those its spaces part.
    for text in SHAPES + [t.upper() for t in SHAPES] + [t + ":" for t in SHAPES] + [t.replace(" ", ": ", 1) for t in SHAPES]:
        for words, chars in ((4, 40), (8, 80), (1, 12), (0, 40)):
            assert is_label(text, words, chars) == _plain_is_label(text, words, chars), (text, words, chars)
        for lo, hi in ((4, 20), (1, 40), (2, 3)):
            assert teaser_is_headline(text, lo, hi) == _plain_is_headline(text, lo, hi), (text, lo, hi)


@pytest.mark.parametrize("words", range(18, 28))
def test_prose_is_told_by_its_words_in_every_script(words):
    # About 25 words, between spaces or in Chinese characters (two to a word), ASCII or not.
    for word in ("news", "café", "新闻", "x"):
        for end in (".", "", "。", "”", " ."):
            for extra in ("", " 市长面临罢免", " ok"):
                text = " ".join([word] * words) + extra + end
                assert is_prose(text) == _plain_is_prose(text), text
    for text in SHAPES:
        assert is_prose(text) == _plain_is_prose(text), text


def _plain_list_headline(text, lo, hi):
    text = text.strip()
    if len(text) > 250 or "\n" in text or not lo <= word_count(text) <= hi:
        return False
    if text[0] in OPEN_QUOTES or text[-1] in FULL_STOPS or text[-1] in ":;,：；，、":
        return False
    if teaser_list._SENTENCES.search(text) or several_sentences(text):
        return False
    return not is_wire_credit(text)


def test_teaser_list_headlines_are_those_of_the_plain_test():
    # A closing full stop is looked at before the words are counted: the same lines are headlines.
    for text in SHAPES + [t + end for t in SHAPES for end in (".", "。", "?", "!", "…", " .", "।")]:
        for lo, hi in ((4, 25), (1, 40), (2, 3)):
            assert teaser_list.is_headline(text, lo, hi) == _plain_list_headline(text, lo, hi), (text, lo, hi)
