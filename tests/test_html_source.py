"""The way back from HTML text to the source: positions and fixed spans on malformed markup.

Each case compares with the raw page itself: a finding's line and column (1-based, in characters)
must point at the first character of what it matched, and a fix must change exactly the bytes
it claims and no others.
"""

import pytest

from lintnews.api import Linter, Options
from lintnews.config import Config
from lintnews.readers import ReadContext, Unit, formats

from conftest import run_cli


def parse(raw):
    [doc] = formats()["html"].parse(Unit(raw), ReadContext("page.html", {}))
    return doc


def lint(raw, select, fix=True):
    return Linter(Options(fix=fix, select=select)).lint_text(raw, "page.html", Config(),
                                                             formats()["html"])


def line_col(raw, offset):
    line_start = raw.rfind("\n", 0, offset) + 1
    return raw.count("\n", 0, offset) + 1, offset - line_start + 1


# (page, text to look for, where it is in the raw page, or None when it is written the same way)
POSITIONS = {
    "unclosed tags": ("<html><body>\n<p>one <b>bold\n<p>two target\n<div>x</div>\n</body></html>",
                      "target", None),
    "stray <": ("<p>a < b and <3 target</p>", "target", None),
    "stray < before the text": ("<p>1 <2 target</p>", "target", None),
    "entity before": ("<p>caf&eacute; &amp; target</p>", "target", None),
    "entity itself": ("<p>caf&eacute; &amp; target</p>", "é", "&eacute;"),
    "numeric entity": ("<p>x &#8212;&#x2014; target</p>", "——", "&#8212;"),
    "comment": ("<p>a <!-- <p>not text</p> --> target</p>", "target", None),
    "CDATA": ("<p>a <![CDATA[ not text ]]> target</p>", "target", None),
    "CRLF": ("<html>\r\n<body>\r\n<p>one\r\ntwo\r\n  target</p>\r\n</body>\r\n</html>\r\n",
             "target", None),
    "non-ASCII": ("<p>Ça coûte 5 € — naïve target</p>", "target", None),
    "non-ASCII itself": ("<h2>x</h2><p>Ça coûte 5 € — naïve</p>", "€", None),
    "> in quoted attributes": ("<p title=\"a > b\" data-x='c>d'>x <span class=\">\">y</span> target</p>",
                               "target", None),
    "<br> and inline tags": ("<p>one<br>two <i>three</i>\n   target</p>", "target", None),
    "after a script": ("<p>a <script>if (a<b) {'</p>'}</script> target</p>", "target", None),
}


@pytest.mark.parametrize("name", POSITIONS)
def test_position_points_at_the_source_character(name):
    raw, needle, in_raw = POSITIONS[name]
    doc = parse(raw)
    offset = doc.text.index(needle)
    assert doc.position(offset) == line_col(raw, raw.index(in_raw or needle))


def test_text_span_is_exact_or_refused():
    raw = "<p title='a>b'>caf&eacute; <!-- x --> Paris  target</p>"
    doc = parse(raw)
    src = doc.source
    text = doc.text
    at = text.index("target")
    assert src.raw_text_span(0, at, at + 6) == (raw.index("target"), raw.index("target") + 6)
    # an entity is not its text: no verbatim span
    at = text.index("café")
    assert src.raw_text_span(0, at, at + 4) is None
    # collapsed whitespace is not verbatim either
    at = text.index("Paris ")
    assert src.raw_text_span(0, at, at + 6) is None


PAGE = ("<!DOCTYPE html>\r\n<html lang=\"fr\"><body>\r\n"
        "<p title=\"a > b\">Le café coûte 5 €, <!-- <p> --> dit-elle\u00a0\u00a0hier.\r\n"
        "<p>Second paragraph <b>unclosed\r\n"
        "<p>Also Read: <a href=\"/x?a=1&amp;b=2\">Une autre histoire</a></p>\r\n"
        "<p>Fin de l’article.</p>\r\n</body></html>\r\n")


def test_text_fix_replaces_exactly_its_characters():
    result = lint(PAGE, ["WS003"])
    assert [d.code for d in result.fixed] == ["WS003"]
    d = result.fixed[0]
    assert (d.line, d.column) == line_col(PAGE, PAGE.index("\u00a0\u00a0"))
    assert result.new == PAGE.replace("\u00a0\u00a0", " ")


def test_block_fix_removes_exactly_the_element_and_its_line():
    result = lint(PAGE, ["REL001"])
    [d] = result.fixed
    assert (d.line, d.column) == line_col(PAGE, PAGE.index("Also Read:"))
    line = "<p>Also Read: <a href=\"/x?a=1&amp;b=2\">Une autre histoire</a></p>\r\n"
    assert result.new == PAGE.replace(line, "")


def test_fixed_bytes_of_a_crlf_non_ascii_file(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(PAGE.encode("utf-8"))
    proc = run_cli("check", "--fix", "--select", "REL001,WS003", str(page))
    assert proc.returncode == 0, proc.stderr.decode()
    expected = PAGE.replace("\u00a0\u00a0", " ").replace(
        "<p>Also Read: <a href=\"/x?a=1&amp;b=2\">Une autre histoire</a></p>\r\n", "")
    assert page.read_bytes() == expected.encode("utf-8")


def test_unclosed_element_is_cut_where_the_parser_ended_it():
    raw = ("<html><body>\n<div class=\"entry\">\n<p>Story text that stays.\n"
           "<p>Also Read: <a href=\"/x\">Other story</a>\n"
           "<p>More story text.\n</div>\n</body></html>\n")
    result = lint(raw, ["REL001"])
    assert result.new == raw.replace("<p>Also Read: <a href=\"/x\">Other story</a>\n", "")


def test_cloudflare_address_span_is_the_address_in_every_block():
    raw = ("<html><body>\n<p>First paragraph.</p>\n"
           "<p>Write to <a href=\"/cdn-cgi/l/email-protection\" class=\"__cf_email__\" "
           "data-cfemail=\"214544524a614459404c514d440f424e4c\">[email&#160;protected]</a> now.</p>\n"
           "</body></html>\n")
    doc = parse(raw)
    [cf] = doc.blocks[1].attrs["cfemail"]
    assert doc.text[cf["start"]:cf["end"]] == "desk@example.com"
    result = lint(raw, ["HTM008"])
    [d] = result.fixed
    assert d.matched == "desk@example.com"
    start = raw.index("<a href")
    end = raw.index("</a>") + len("</a>")
    assert result.new == raw[:start] + "desk@example.com" + raw[end:]
