"""The tag scanner's regexes are possessive where giving characters back can never help: they
must find exactly what the plain (backtracking) forms find."""

import random
import re

from lintnews.readers.html import scan

_COMMENT = r"!--.*?(?:--!?>|\Z)"
_CDATA = r"!\[CDATA\[.*?(?:\]\]>|\Z)"
_DECLARATION = r"[!?][^>]*>?"
PLAIN_TAG = re.compile(
    rf"<(?:({_COMMENT})|({_CDATA})|({_DECLARATION})"
    r"|(/?)([A-Za-z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>)", re.S)
PLAIN_ANY_TAG = re.compile(r"<[A-Za-z/!?](?:[^>\"']|\"[^\"]*\"|'[^']*')*>")

TRICKY = [
    '<a href="x>y">t</a>', "<a title='it\"s'>", '<a"b c="d> e "f>', "<a\"x y='z> w \"v>",
    '<img alt="unclosed >', "<p class='a' id=\"b\"/>", "<!-- c > d --><b>", "<![CDATA[ < ]]><i>",
    "<!DOCTYPE html><div\n class=\"x\"\n>", "</div >", "<a b=c d='e'f=\"g\">", "< a>", "<a'>",
]


def _pages():
    rnd = random.Random(7)
    alphabet = ["<", ">", '"', "'", "/", " ", "a", "b", "=", "!", "-", "\n"]
    yield from TRICKY
    for _ in range(3000):
        yield "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 30)))


def test_possessive_tag_regexes_match_as_the_plain_ones():
    for page in _pages():
        for plain, fast in ((PLAIN_TAG, scan._TAG), (PLAIN_ANY_TAG, scan._ANY_TAG)):
            assert [(m.span(), m.groups()) for m in plain.finditer(page)] == \
                   [(m.span(), m.groups()) for m in fast.finditer(page)], page
