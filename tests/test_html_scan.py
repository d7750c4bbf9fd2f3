"""The tag scanner's regexes are possessive where giving characters back can never help: they
must find exactly what the plain (backtracking) forms find. The character map works on runs:
it must give what its character-by-character definition gives."""

import random
import re

import pytest
from lxml import etree

from lintnews.readers.html import charmap, scan
from lintnews.readers.html.tags import BR

from clitools import lintnews

_COMMENT = r"!--(?:-?>|.*?(?:--!?>|\Z))"
_DECLARATION = r"[!?][^>]*>?"
PLAIN_TAG = re.compile(
    rf"<(?:({_COMMENT})|()({_DECLARATION})"
    r"|(/?)([A-Za-z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>)", re.S)
PLAIN_ANY_TAG = re.compile(r"<(?:[!?][^>]*>|[A-Za-z/](?:[^>\"']|\"[^\"]*\"|'[^']*')*>)")

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


# Markup that ends where the HTML parser ends it, not at a later "-->" or "]]>".
ODD_MARKUP = ["<!-->", "<!--->", "<![CDATA['>", "<![CDATA[ a > b", "<!x '>", "<? a '>"]


@pytest.mark.parametrize("odd", ODD_MARKUP)
def test_the_scanner_sees_the_tags_the_parser_made(odd):
    page = f"<html><body><div><p>a</p>{odd}</div><p>b ']]> --></p><!-- c --><p>d</p></body></html>"
    root = etree.fromstring(page.encode(), etree.HTMLParser(encoding="utf-8"))
    made = [el.tag for el in root.iter(etree.Element)]
    tags = scan.scan_tags(page)
    assert [n for n, c in zip(tags.names, tags.closing) if not c] == made
    assert scan.strip_markup(page) == etree.tostring(root, method="text", encoding="unicode")


@pytest.mark.parametrize("tag", ["textarea", "title", "xmp", "iframe", "noembed", "noframes"])
def test_the_scanner_reads_raw_text_as_the_installed_parser_does(tag):
    # libxml2 before 2.14 (lxml 5) reads tags inside these as tags; later ones read text.
    page = f"<html><body><div><p>a</p><{tag}><p>b</p></div><p>c</p></{tag}><p>d</p></div></body></html>"
    root = etree.fromstring(page.encode(), etree.HTMLParser(encoding="utf-8"))
    tags = scan.scan_tags(page)
    assert [n for n, c in zip(tags.names, tags.closing) if not c] == [el.tag for el in root.iter(etree.Element)]


@pytest.mark.parametrize("odd", ["<!-->", "<![CDATA['>"])
def test_fix_never_cuts_the_article_behind_odd_markup(tmp_path, odd):
    # The scanner once read these on to the next "-->" or "]]>": the related box's span (it
    # goes whole once its only paragraph goes) ran over the real paragraph after it.
    kept = "<p>The real article goes on here with a sentence no fix may remove.</p>\n'-->]]>\n"
    page = ("<html><body><article>\n<h1>A headline about the talks</h1>\n"
            "<p>In a major development, both sides said on Monday they would begin talks.</p>\n"
            f'<div class="related"><p>Also Read: Leaders to speak on Monday</p>{odd}</div>\n'
            + kept + "<p>Another real paragraph, with details about the talks.</p>\n"
            "</article></body></html>\n")
    (tmp_path / "a.html").write_text(page)
    proc = lintnews("check", "--fix", "--no-cache", "a.html", cwd=tmp_path)
    assert proc.returncode == 0, proc.out + proc.err
    junk = f'<div class="related"><p>Also Read: Leaders to speak on Monday</p>{odd}</div>\n'
    assert (tmp_path / "a.html").read_text() == page.replace(junk, "")


def test_possessive_tag_regexes_match_as_the_plain_ones():
    for page in _pages():
        # The scanner captures only a tag's slash and name (the plain form's groups 4 and 5).
        assert [(m.span(), m.group(4, 5)) for m in PLAIN_TAG.finditer(page)] == \
               [(m.span(), m.groups()) for m in scan._TAG.finditer(page)], page
        assert [m.span() for m in PLAIN_ANY_TAG.finditer(page)] == \
               [m.span() for m in scan._ANY_TAG.finditer(page)], page


# The character map's normalisation works on runs; these are its definitions, character by character.

def plain_collapse(src):
    out, chars, k = charmap.Chars(), src.c, 0
    while k < len(chars):
        if chars[k] in " \t\n\r\f":
            j = k
            while j < len(chars) and chars[j] in " \t\n\r\f":
                j += 1
            exact = j - k == 1 and chars[k] == " " and src.l[k] == 1
            out.add(" ", src.o[k], 1 if exact else 0)
            k = j
        else:
            out.add(chars[k], src.o[k], src.l[k])
            k += 1
    return out


def plain_join(src):
    out, chars, k = charmap.Chars(), src.c, 0
    while k < len(chars):
        if chars[k] == BR or (chars[k] == " " and k + 1 < len(chars) and chars[k + 1] == BR):
            j = k + 1 if chars[k] == " " else k
            out.add("\n", src.o[j], 0)
            k = j
            while k < len(chars) and chars[k] in (" ", BR):
                k += 1
        else:
            out.add(chars[k], src.o[k], src.l[k])
            k += 1
    return out


def test_charmap_runs_match_the_character_by_character_definitions():
    rnd = random.Random(11)
    for case in range(3000):
        src = charmap.Chars()
        for i in range(rnd.randint(0, 25)):
            ch = rnd.choice([" ", "\n", "\t", "\f", "a", "b", "\xa0", BR])
            # every other case has only source spaces, where lone spaces are passed over unread
            length = 1 if case % 2 and ch == " " else rnd.choice([0, 1, 1, 5])
            src.add(ch, i * 3, length)
        for plain, fast in ((plain_collapse, charmap._collapse_whitespace), (plain_join, charmap._join_breaks)):
            want, got = plain(src), fast(src)
            assert (want.c, want.o, want.l) == (got.c, got.o, got.l)
    raw = "a &amp; b&nbsp;c &#10;d"
    out = charmap.Chars()
    charmap._add_chars(raw, 0, len(raw), out)
    assert "".join(out.c) == "a & b\xa0c \nd" and out.o[:3] == [0, 1, 2] and out.l[2] == 5
