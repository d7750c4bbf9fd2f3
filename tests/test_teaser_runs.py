"""Teaser-run's (REL006) lookups over every block, checked against the plain definitions they
replace (a sorted copy of every block's text)."""
from bisect import bisect_left

from lintnews.rules._teaser_runs import BlockTexts, Repeated, self_teasers

TEXTS = [
    "Council closes library The council voted on Monday to...",
    "Council closes library The council voted on Monday to close it in May.",
    "Mayor faces recall vote over the budget cuts and the schools …",
    "  Mayor faces recall vote over the budget cuts  ",
    "...",
    "Ok...",
    "Ok then",
    "Okay",
    "Police close the bridge",
    "Police close the bridge",
    "  Police close the bridge",
    "Alone and cut short here ...",
    "Ab…",
    "Abc",
]


def _plain(texts):
    starts = sorted(t.strip() for t in texts)

    def teases(text):
        head = text.strip().rstrip(".…").rstrip()
        i = bisect_left(starts, head)
        return i + 1 < len(starts) and starts[i + 1].startswith(head)

    teasing = {i for i, t in enumerate(texts) if t.rstrip().endswith(("…", "...")) and teases(t)}
    return teasing, {a for a, b in zip(starts, starts[1:]) if a == b}


def test_self_teasers_and_repeated_match_the_sorted_texts():
    for texts in (TEXTS, TEXTS[:5], TEXTS[5:], [t for t in TEXTS if t != "..."], ["Ok..."], []):
        teasing, twice = _plain(texts)
        assert self_teasers(texts) == teasing
        repeated = Repeated(texts)
        for t in texts + ["Nowhere", ""]:
            assert (t.strip() in repeated) == (t.strip() in twice), t
    assert self_teasers(TEXTS) == {0, 4, 5, 12}
    assert "Police close the bridge" in Repeated(TEXTS)


class _Collide(str):
    """Texts whose hashes all agree: a hash met twice must still be checked against the text."""

    def __hash__(self):
        return 7

    def strip(self):
        return _Collide(str.strip(self))


def test_repeated_checks_texts_behind_equal_hashes():
    repeated = Repeated([_Collide("one"), _Collide("two"), _Collide("two ")])
    assert _Collide("two") in repeated
    assert _Collide("one") not in repeated


def test_block_texts_read_the_record():
    from lintnews.readers import ReadContext, Unit, formats

    text = "One line.\n\nTwo lines\nhere.\n\n  Three.  \n\nFour.\n"
    doc, = formats()["text"].parse(Unit(text), ReadContext("a.txt"))
    texts = BlockTexts(doc)
    assert len(texts) == len(doc.blocks) == 4
    assert list(texts) == [doc.block_text(b) for b in doc.blocks] == [texts[i] for i in range(len(texts))]
    assert texts[-1] == doc.block_text(doc.blocks[-1]) and texts[1:3] == list(texts)[1:3]
