"""A block matcher of few phrases first tries the regex of them all at the block's start: it
answers as the walk alone (its plain definition) on the shipped block rules' own examples and
on texts made of their phrases, punctuation and prose."""
import random

import pytest

from lintnews.block_match import _PRETEST, BlockMatcher
from lintnews.registry import all_rules


def _block_rules():
    return [cls for cls in all_rules().values() if isinstance(getattr(cls, "regex", None), BlockMatcher)
            and 1 < len(cls.regex._parts) <= _PRETEST]


def _texts(cls, rng):
    examples = [v for e in cls.examples if isinstance(e, dict) for v in e.values() if isinstance(v, str)]
    pieces = [x for e in examples for x in e.split("\n") if x] + [
        "Photo: Jane Doe/AP", "AP", "Reuters", "Image 1 of 5", "iTunes: https://x.test/a",
        "https://x.test/a.jpg", "2019-11-19 12:30", "1574164800", "The council voted on Monday.",
        "Comments", "0 comments", "Foto: dpa", "sursa foto: x", "图片：新华社", "", " | ", " · ", "\u00a0"]
    out = list(pieces)
    for _ in range(400):
        out.append(rng.choice([" | ", " ", ", ", " - ", ""]).join(rng.choice(pieces) for _ in range(rng.randint(1, 3))))
    return out


def test_some_shipped_block_rules_are_pretested():
    assert any(cls.code == "CAP001" for cls in _block_rules())


@pytest.mark.parametrize("cls", _block_rules(), ids=lambda c: c.code)
def test_pretest_answers_as_the_walk(cls):
    rng = random.Random(cls.code)
    parts, flags = cls.regex._parts, cls.regex._flags
    fast, plain = BlockMatcher(parts, flags, cls.regex._known), BlockMatcher(parts, flags, cls.regex._known)
    plain._pretest = False
    matched = 0
    for text in _texts(cls, rng):
        got = bool(fast.match(text))
        assert got == bool(plain.match(text)), text
        matched += got
    assert matched or cls.code != "CAP001"  # the texts hold matches too


def test_anywhere_of_an_ascii_text_is_that_of_every_string():
    from lintnews.pack_filter import PartStarts
    from lintnews.regex_starts import fold

    parts = [r"[^\n]{1,120}?\s*thoughts\s+on\s+“[^\n]+”", r"[^\n]{1,40}?\s*комментариев", r"[^\n]{0,9}?kommentare",
             r"[^\n]{1,9}?\s*コメントする", r"\w+\s+ſtore"]
    starts = PartStarts(parts, 2 | 32)  # IGNORECASE | UNICODE

    def plain(text):
        folded = fold(text)
        hit = set(starts._always) | {g for string, g in starts._strings if string in folded}
        return {i for g in hit for i in starts.groups[g]}

    words = ["12 thoughts on “x”", "Kommentare", "KOMMENTARE", "комментариев", "コメントする", "store", "ſtore",
             "STORE", "the", " ", "\n"]
    rng = random.Random(1)
    for _ in range(3000):
        text = "".join(rng.choice(words) for _ in range(rng.randint(0, 5)))
        assert starts.anywhere(text) == plain(text), text
