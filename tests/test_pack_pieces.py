"""The prefilter's folded text in pieces (pack_heads._Folded): cut only at line breaks between
blocks, so each block lies in one piece and the pieces join into the text folded; the blocks
found holding a needle, and the literals found at the blocks' heads, are those found without
pieces."""

import pytest

from lintnews import pack_heads
from lintnews.document import Document
from lintnews.model import Span
from lintnews.document import Block
from lintnews.regex_starts import fold
from test_pack_filter import PHRASES, sample_document

# The real size, and pieces so short that nearly every line break between blocks is a cut.
SIZES = [None, 1, 40, 700]


@pytest.fixture(params=SIZES)
def piece(request, monkeypatch):
    if request.param is not None:
        monkeypatch.setattr(pack_heads, "_PIECE", request.param)
    return request.param


def _pieces(doc):
    folded = pack_heads._Folded(doc)
    return folded, list(zip(folded.bases, folded.bases[1:] + [len(doc.text)]))


def test_pieces_are_cut_at_line_breaks_between_blocks_and_join_into_the_folded_text(piece):
    doc = sample_document()
    folded, bounds = _pieces(doc)
    assert "".join(folded.pieces) == fold(doc.text)
    assert [b - a for a, b in bounds] == [len(p) for p in folded.pieces]
    if piece in (1, 40):
        assert len(bounds) > 100
    # Every offset strictly inside a block, once, rather than every block tried at every cut.
    inside = set().union(*(range(blk.span.start + 1, blk.span.end) for blk in doc.blocks))
    for a, _ in bounds[1:]:
        assert doc.text[a - 1] == "\n"
        assert a not in inside, (a, doc.text[a - 20:a + 20])


@pytest.mark.parametrize("text, spans", [
    ("one two\nthree", [(0, 3), (3, 7), (8, 13)]),  # blocks that touch, as an HTML page's do
    ("one\n\n\ntwo\nthree\n", [(0, 3), (6, 9), (10, 15)]),  # blank lines between blocks
    ("no break at all", [(0, 2), (2, 15)]),
    ("\n\n\nlate start", [(3, 7), (8, 13)]),
])
def test_pieces_of_small_texts_hold_each_block_whole(monkeypatch, text, spans):
    monkeypatch.setattr(pack_heads, "_PIECE", 1)
    blocks = [Block("paragraph", Span(a, b), Span(a, b), i) for i, (a, b) in enumerate(spans)]
    doc = Document("a.txt", "text", text, blocks, {})
    folded, bounds = _pieces(doc)
    assert "".join(folded.pieces) == fold(text)
    for blk in blocks:
        assert sum(a <= blk.span.start and blk.span.end <= b for a, b in bounds) >= 1
    for a, _ in bounds[1:]:
        assert text[a - 1] == "\n"


def test_blocks_holding_a_needle_in_pieces_are_those_a_plain_search_finds(piece):
    doc = sample_document()
    folded = [fold(doc.block_text(b)) for b in doc.blocks]
    needles = frozenset(fold(p) for p in PHRASES) | frozenset(t[:5] for t in folded[::7] if len(t) >= 5)
    plain = {i for i, t in enumerate(folded) if any(n in t for n in needles)}
    assert pack_heads._holding(doc, needles) == plain and len(plain) > 20
    short = {i for i in plain if len(folded[i]) <= 60}
    assert pack_heads._holding(doc, needles, 60) == short != plain


def test_heads_scanned_in_pieces_find_what_looking_literals_up_finds(piece):
    from test_pack_filter import test_literals_looked_up_find_the_blocks_a_scan_of_heads_finds as same

    same()
