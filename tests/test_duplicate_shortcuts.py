"""duplicate-paragraph keys only the paragraphs that share their first and last words with
another: checked against keying every paragraph, its plain definition."""
import random

from lintnews import document as d
from lintnews.document import Block, Document
from lintnews.model import Span
from lintnews.rules.duplicate_paragraph import _edges, _key, _origins


def _plain_origins(doc, counted):
    first, origin = {}, []
    for pos, block in enumerate(counted):
        key = _key(doc.block_text(block))
        origin.append(first.get(key))
        first.setdefault(key, pos)
    return origin


WORDS = ["The", "the", "THE", "council", "voted.", "Straße", "STRASSE", "strasse", "ΣΊΣΥΦΟΣ", "σίσυφος",
         "İstanbul", "i̇stanbul", "ﬁn", "FIN", "会议", "x", ""]
SPACES = [" ", "  ", "\n", "\t", "\u00a0", "\u3000", "\u2028", " \n "]


def _paragraph(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(0, 4))]
    out = rng.choice(["", " ", "\n"])
    for w in words:
        out += w + rng.choice(SPACES)
    return out.rstrip(rng.choice(["", " "]))


def test_edges_are_the_keys_first_and_last_words():
    rng = random.Random(7)
    for _ in range(5000):
        text = _paragraph(rng)
        words = _key(text).split(" ")
        assert _edges(text) == (words[0], words[-1]) or (_key(text) == "" and _edges(text) == ("", "")), repr(text)


def test_origins_are_those_keying_every_paragraph_gives():
    rng = random.Random(9)
    for _ in range(2000):
        texts = [_paragraph(rng) for _ in range(rng.randint(0, 12))]
        text, blocks, at = "", [], 0
        for i, t in enumerate(texts):
            blocks.append(Block(d.PARAGRAPH, Span(at, at + len(t)), Span(at, at + len(t)), i))
            text += t + "\n\n"
            at = len(text)
        doc = Document("a.txt", "text", text, blocks)
        assert _origins(doc, blocks) == _plain_origins(doc, blocks), texts
