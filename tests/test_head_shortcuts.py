"""The shortcuts of the page head's normalisation (a split for the regex of spaces, the edges'
punctuation counted with str.isalnum instead of cut by a regex) and of the main text's "a main
paragraph follows" (the last one's index, found once), checked against the plain definitions
they stand for."""
import random
import re

from every_character import EVERY_CHARACTER, first_apart

from lintnews.pagehead import _norm


def _plain_norm(text):
    return re.sub(r"^[\W_]+|[\W_]+$", "", re.sub(r"\s+", " ", text).casefold())


def test_every_space_the_regex_knows_is_one_split_knows():
    found = "".join(re.findall(r"\s", EVERY_CHARACTER))
    spaces = "".join(filter(str.isspace, EVERY_CHARACTER))
    assert found == spaces, first_apart(found, spaces, ("the regex's", "str.isspace's"))


def test_every_character_the_regex_cuts_is_no_letter_or_digit():
    # What the class leaves of every character is what str.isalnum() accepts: nothing it cuts is
    # a letter or digit, and nothing else escapes it.
    left = re.sub(r"[\W_]+", "", EVERY_CHARACTER)
    alnum = "".join(filter(str.isalnum, EVERY_CHARACTER))
    assert left == alnum, first_apart(left, alnum, ("what the regex leaves", "str.isalnum's"))


def test_norm_is_the_plain_normalisation():
    pieces = ["Headline", "ẞtraße", "ΣΊΣΥΦΟΣ", "x", "_", "__a__", "1", "½", "٣", "。", "!", " ", "\n", "\t",
              "\u00a0", "\u3000", "\u2028", "\x1c", "«", "»", "—", "-", "...", "é", "ﬁ", "İ", "😀", ""]
    rng = random.Random(11)
    for piece in pieces:
        assert _norm(piece) == _plain_norm(piece), repr(piece)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 7)))
        assert _norm(text) == _plain_norm(text), repr(text)


def test_main_text_after_is_any_later_paragraph():
    from lintnews import document as d
    from lintnews.document import Block
    from lintnews.maintext import MainText
    from lintnews.model import Span

    rng = random.Random(4)
    for _ in range(500):
        paragraphs = frozenset(rng.sample(range(30), rng.randint(0, 6)))
        main = MainText(1, (), paragraphs)
        for index in range(32):
            block = Block(d.PARAGRAPH, Span(0, 1), Span(0, 1), index)
            assert main.after(block) == any(i > index for i in paragraphs)
