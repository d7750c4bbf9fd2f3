"""Document.removal_span finds the blocks around a removal by bisection: the same spans as reading
every block, on real texts in every format and on blocks given out of order."""

import glob
import os

import pytest

from lintnews.document import Block, Document
from lintnews.model import Span
from lintnews.readers import ReadContext, Unit, formats

from conftest import FIXTURES

CASES = sorted(glob.glob(os.path.join(FIXTURES, "corpus", "views", "naive", "*.txt")))[:10] + [
    os.path.join(FIXTURES, "html", "wordpress_article.html"),
    os.path.join(FIXTURES, "html", "nested_widgets.html"),
]


def scanned_span(doc, first, last):
    """removal_span with the blocks read one by one, as for blocks a reader gave out of order."""
    doc.__dict__.setdefault("_memo", {})["document.outer-bounds"] = None
    try:
        got = doc.removal_span(first, last)
    finally:
        del doc._memo["document.outer-bounds"]
    return got.start, got.end


def documents(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    reader = formats()["html" if path.endswith(".html") else "text"]
    return reader.parse(Unit(text), ReadContext(os.path.basename(path)))


@pytest.mark.parametrize("path", CASES, ids=os.path.basename)
def test_removal_spans_are_those_of_a_scan(path):
    for doc in documents(path):
        assert doc.blocks
        for i, first in enumerate(doc.blocks):
            for last in doc.blocks[i:i + 3]:
                got = doc.removal_span(first, last)
                assert (got.start, got.end) == scanned_span(doc, first, last), (first.index, last.index)


def test_blocks_out_of_order_are_scanned():
    text = "One.\n\nTwo.\n\nThree.\n"
    blocks = [Block("paragraph", Span(0, 4), Span(0, 4), 0), Block("paragraph", Span(13, 19), Span(13, 19), 1),
              Block("paragraph", Span(6, 10), Span(6, 10), 2)]
    doc = Document("a.txt", "text", text, blocks)
    assert doc._outer_bounds() is None
    removed = doc.removal_span(blocks[0])
    assert text[:removed.start] + text[removed.end:] == "Two.\n\nThree.\n"
    removed = doc.removal_span(blocks[1])
    assert text[:removed.start] + text[removed.end:] == "One.\n\nTwo.\n"


def test_blocks_given_no_attributes_share_an_empty_read_only_dict_and_pickle_to_it():
    import pickle

    a, b = (Block("paragraph", Span(0, 1), Span(0, 1), i) for i in range(2))
    assert a.attrs is b.attrs and a.attrs == {} and not a.attrs and a.attrs.get("tag") is None
    for write in (lambda d: d.__setitem__("tag", "p"), lambda d: d.update(tag="p"),
                  lambda d: d.setdefault("tag", "p")):
        with pytest.raises(TypeError):
            write(a.attrs)
    assert a.attrs == {} and pickle.loads(pickle.dumps(a)).attrs is a.attrs
    own = Block("paragraph", Span(0, 1), Span(0, 1), 0, {"tag": "p"})
    own.attrs["roles"] = ()  # a reader's own attributes stay its to fill
    assert own.attrs == {"tag": "p", "roles": ()} and a.attrs == {}


@pytest.mark.parametrize("start, end", [(-1, 2), (3, 2), (0, -1)])
def test_a_span_that_starts_before_the_text_or_ends_before_it_starts_is_refused(start, end):
    with pytest.raises(ValueError, match=rf"^bad span {start}\.\.{end}$"):
        Span(start, end)
    with pytest.raises(ValueError):
        Span(start=start, end=end)


def test_spans_and_blocks_are_values_set_once():
    import copy
    import dataclasses
    import pickle

    span = Span(2, 5)
    assert (span.start, span.end, len(span)) == (2, 5, 3) and Span(end=5, start=2) == span
    assert sorted([Span(3, 4), Span(2, 6), span]) == [span, Span(2, 6), Span(3, 4)]
    assert hash(span) == hash(Span(2, 5)) and {span: 1}[Span(2, 5)] == 1 and repr(span) == "Span(start=2, end=5)"
    assert Span(0, 0).overlaps(Span(0, 1)) is False and Span(0, 2).overlaps(Span(1, 3))
    block = Block("paragraph", span, Span(0, 6), 3)
    assert (block.kind, block.span, block.outer, block.index) == ("paragraph", span, Span(0, 6), 3)
    assert Block(kind="title", span=span, outer=span).index == 0
    for value in (span, block):
        for name in (f.name for f in dataclasses.fields(value)):
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(value, name, 1)
        assert pickle.loads(pickle.dumps(value)) == value == copy.deepcopy(value) == copy.copy(value)
    assert dataclasses.replace(span, end=9) == Span(2, 9) and dataclasses.replace(block, index=4).index == 4
    with pytest.raises(ValueError):
        dataclasses.replace(span, end=1)
    # attrs take no part in a block's equality or hash, as the readers' own attributes differ
    own = Block("paragraph", span, Span(0, 6), 3, {"tag": "p"})
    assert own == block and hash(own) == hash(block) and own.attrs == {"tag": "p"}
