"""The shortcuts of navigation-run's and teaser-run's shapes (a test that rules a line out before
it is split into words, a comparison made only where it can succeed), checked against the plain
definitions they stand for."""
import random
import re

from every_character import EVERY_CHARACTER

from lintnews.rules import _nav_shapes, _teaser_shapes
from lintnews.rules._nav_shapes import MIN_JOINS, _joins, _NOT_WORDS, glued_joins, glued_menus
from lintnews.rules._teaser_shapes import doubles_its_opening, is_menu, is_table, opens_grid


def test_the_join_classes_hold_every_cased_character():
    # Every character str.islower() or str.isupper() is true of: a text the search passes over
    # can hold no join.
    lower = _nav_shapes.compile_cached(_nav_shapes._LOWER)
    upper = _nav_shapes.compile_cached(_nav_shapes._MAYBE_JOINED.pattern.split("(?<=")[0])
    # Each is a class of one character: taking its runs out of every character leaves those it
    # misses (a few hundred), and none of them may be cased.
    for name, join_class, cased in (("lower", lower, str.islower), ("upper", upper, str.isupper)):
        outside = re.sub(f"(?:{join_class.pattern})+", "", EVERY_CHARACTER, flags=join_class.flags)
        missed = [f"U+{ord(c):04X}" for c in filter(cased, outside)]
        assert not missed, f"{name} case characters outside the class: {missed[:20]}, {len(missed)} in all"


def _plain_joins(text):
    joins = (_joins(token) for token in set(text.split())
             if not (token.islower() or token.istitle() or token.isupper())
             and not any(c in _NOT_WORDS or c.isdigit() for c in token))
    return sorted(n for n in joins if n)


WORDS = ["Sports", "Lions", "Tigers", "news", "NASA", "WhatsApp", "McCain", "YouTube", "ΑθήναΚόσμος",
         "МоскваСпорт", "ĲsselmeerÉcole", "café", "l’École", "said“The", "#MeToo", "x2Go", "ǅemal", "ǅungla"]


def test_glued_joins_are_those_the_words_show():
    rng = random.Random(5)
    for _ in range(3000):
        words = [rng.choice(WORDS) for _ in range(rng.randint(0, 6))]
        text = rng.choice(["", " ", "\n"]).join(words) if rng.random() < 0.3 else " ".join(words)
        text = "".join(words[:2]) + " " + text
        assert sorted(glued_joins(text)) == _plain_joins(text), text
    assert glued_menus(["SportsLionsTigersPistons news", "SportsLionsTigersPistons"]) == [True, True]
    assert MIN_JOINS == 3


def _plain_doubles(text, min_words=4):
    words = text.split()
    return "\n" not in text.strip() and any(words[k] == words[0] and words[:k] == words[k:2 * k]
                                            for k in range(min_words, len(words) // 2 + 1))


def test_doubled_openings_are_found_where_the_first_word_comes_back():
    rng = random.Random(9)
    for _ in range(20000):
        words = [rng.choice("abc") for _ in range(rng.randint(0, 14))]
        if rng.random() < 0.3:
            k = rng.randint(1, 6)
            words = words[:k] + words[:k] + words[k:]
        text = " ".join(words) + rng.choice(["", "\n", " \n x", "  "])
        for least in (1, 2, 4):
            assert doubles_its_opening(text, least) is _plain_doubles(text, least), (text, least)
    assert doubles_its_opening("World Storm closes the port World Storm closes the port Ships waited")
    assert not doubles_its_opening("3 years, 3 years and more")


def test_grid_labels_are_lines_of_six_words_at_most():
    for text, label in [("World", True), ("More from the site", True), ("one two three four five six", True),
                        ("one two three four five six seven", False), ("Sources:", False), ("  ", False),
                        ("", False), (" a  b\tc\nd e f ", True), ("a b c d e f g.", False)]:
        assert opens_grid(text) is label, text


def test_lines_without_a_digit_keep_their_words_for_tables_and_menus():
    # The date after a headline is taken off only where a digit is (every date has one).
    dated = ["Council closes the library November 20, 2019", "Mayor faces a recall vote 20. November 2019",
             "Police close the bridge again 2019年11月20日", "Storm closes the port 20 ноября 2019"]
    undated = ["Council closes the library", "Mayor faces a recall vote", "Police close the bridge", "Storm"]
    assert not is_table(dated) and not is_table(undated)
    assert [_teaser_shapes._undated(t) for t in dated] == ["Council closes the library", "Mayor faces a recall vote",
                                                           "Police close the bridge again", "Storm closes the port"]
    assert [_teaser_shapes._undated(t) for t in undated] == undated
    assert is_menu(["Schedule of the Cup", "Results of the Cup", "Teams of the Cup"])


def test_authors_claimed_before_each_place_are_those_read_up_to_it():
    # One pass over the blocks for every bio gives what reading the blocks before each gives.
    from lintnews.bio.blocks import claimed_authors
    from lintnews.document import Document
    from lintnews.readers.text import make_blocks, split_blocks
    from lintnews.rules.author_bio_mismatch import _claimed_before

    lines = ["By Jane Roe", "The council voted on Monday.", "By Jane Roe and John Smith", "Written by Ann Lee",
             "By the way, nobody asked.", "Jane Roe is a reporter. She covers the city.", "By Mark Twain"]
    rng = random.Random(4)
    several = 0
    for _ in range(50):
        text = "\n\n".join(rng.choice(lines) for _ in range(rng.randint(1, 9)))
        doc = Document("a.txt", "text", text, [], {"author": rng.choice(["", "Ann Lee", "Bob Stone"])})
        doc.blocks = make_blocks(text, split_blocks(text), {})
        places = [rng.randint(0, len(text) + 2) for _ in range(6)] + [0]
        got = _claimed_before(doc, places)
        assert all(got[p] == claimed_authors(doc, before=p) for p in places)
        several += any(len(names) >= 2 for names in got.values())
    assert several


def test_a_bare_date_is_a_date_line_too():
    # Only a line ending in a full stop is matched against the bare date alone: everywhere
    # else the date line's regex answers for both.
    from lintnews.rules.dateline_meta import _bare_date, _date_line, _is_date_line

    lines = ["18 Nov 2019 4:45 pm", "Updated: 18 Nov 2019 4:45 pm", "5 марта 2024 г.", "2024. március 5.",
             "Dienstag, 5. März 2024", "2024年3月5日（火）", "2024년 3월 5일", "November 20, 2019",
             "Published November 20, 2019 | Updated 3 hours ago", "The vote was held on 5 March 2024.",
             "3 hours ago", "Posted on 12/11/2019 at 10:30", "Score 3-1 after 90 minutes", "UPDATED: Tue., Nov. 19, 2019"]
    for text in lines:
        assert _is_date_line(text) is bool(_bare_date().match(text) or (
            not text.endswith((".", "。")) and _date_line().match(text))), text
        if _bare_date().match(text):
            assert _date_line().match(text) or text.endswith((".", "。")), text
    assert sum(map(_is_date_line, lines)) >= 8
