"""The HTML reader and its fixes, on real-looking pages under tests/fixtures/html/."""

import difflib
import os
import re
import shutil
import socket

import pytest

from lintnews.api import Linter, Options
from lintnews.config import Config
from lintnews.readers import ReadContext, Unit, formats
from lintnews.readers.html import decode_cfemail, split_tokens

from conftest import FIXTURES, run_cli

HTML = os.path.join(FIXTURES, "html")


def parse(text, **options):
    [doc] = formats()["html"].parse(Unit(text), ReadContext("page.html", options))
    return doc


def read(name):
    with open(os.path.join(HTML, name), encoding="utf-8") as f:
        return f.read()


WHOLE = re.compile(r"^[ \t]*<[A-Za-z].*>[ \t]*\n?$", re.S)


def only_deletions(before: str, after: str) -> list[str]:
    """The chunks removed from ``before``; fails if anything was inserted or replaced. Lines are
    matched first and characters only within the lines that differ (a character diff of a whole
    page takes a second)."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    starts = [0]
    for line in old:
        starts.append(starts[-1] + len(line))
    removed = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        assert op != "insert", ("insert", "".join(new[j1:j2])[:200])
        if op == "equal":
            continue
        here = "".join(old[i1:i2])
        sm = difflib.SequenceMatcher(None, here, "".join(new[j1:j2]), autojunk=False)
        for cop, a1, a2, b1, b2 in sm.get_opcodes():
            assert cop in ("equal", "delete"), (cop, here[a1:a2][:200], "".join(new[j1:j2])[b1:b2][:200])
            if cop == "delete":
                a1, a2 = a1 + starts[i1], a2 + starts[i1]
                # The matcher may place a deletion anywhere in a run of equal characters: try
                # every placement and keep the one that is whole elements, if there is one.
                while a1 > 0 and before[a1 - 1] == before[a2 - 1]:
                    a1, a2 = a1 - 1, a2 - 1
                chunk = before[a1:a2]
                while not WHOLE.match(chunk) and a2 < len(before) and before[a1] == before[a2]:
                    a1, a2 = a1 + 1, a2 + 1
                    chunk = before[a1:a2]
                removed.append(chunk)
    return removed




def seed_article_blocks():
    with open(os.path.join(os.path.dirname(__file__), "..", "examples", "seed", "article.txt"),
              encoding="utf-8") as f:
        paras = [p.strip() for p in f.read().split("\n\n") if p.strip()]
    end = paras.index("(With inputs from agencies)")
    return [p for p in paras[: end + 1] if not p.startswith("Also Read:")]


def test_wordpress_page_blocks_and_metadata():
    doc = parse(read("wordpress_article.html"))
    assert doc.meta["title"].startswith("‘Big egos involved’")
    assert doc.meta["author"] == "Anurag Dhole"
    assert doc.meta["url"] == "https://dailydispatch.example/2025/05/20/big-egos-involved-trump/"
    assert doc.meta["date"] == "2025-05-20T04:12:09+00:00"
    assert doc.meta["language"] == "en-US"
    title = next(b for b in doc.blocks if b.kind == "title")
    assert doc.block_text(title).startswith("‘Big egos involved’")
    contact = next(b for b in doc.blocks if "Bitlance" in doc.block_text(b))
    # The Cloudflare placeholder is decoded in the text the rules see.
    assert "anurag.dhole@bitlance.in" in doc.block_text(contact)
    assert "[email" not in doc.text
    attrs = contact.attrs
    assert attrs["tag"] == "p" and {"author-box", "author", "box"} <= attrs["tokens"]
    assert attrs["path"].endswith("article/div/div/p")
    also = next(b for b in doc.blocks if doc.block_text(b).startswith("Also Read:"))
    assert also.attrs["link_density"] > 0.8


def test_wordpress_page_fix_keeps_article_and_every_other_byte(tmp_path):
    page = tmp_path / "article.html"
    shutil.copy(os.path.join(HTML, "wordpress_article.html"), page)
    before = page.read_text(encoding="utf-8")
    proc = run_cli("check", "--fix", "--unsafe-fixes", str(page))
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    after = page.read_text(encoding="utf-8")
    doc = parse(after)
    kept = [doc.block_text(b) for b in doc.blocks]
    seed = seed_article_blocks()
    assert kept[0] == seed[0]  # the title
    assert kept[1] == "May 20, 2025"
    assert kept[2:] == [p for p in seed[1:]], "the article must come out intact"
    for junk in ("Also Read", "Source link", "Author Profile", "Bitlance", "Leave a Reply",
                 "akismet", "cdn-cgi/l/email-protection\" class", "Daily Dispatch</a>"):
        assert junk not in after
    removed = only_deletions(before, after)
    # Each removed chunk is whole elements (plus the line they sat on), never a piece of one.
    for chunk in removed:
        assert WHOLE.match(chunk), chunk[:120]
    assert after.startswith(before[: before.index("<body")])  # the head is untouched


def test_nested_widgets_and_entities(tmp_path):
    page = tmp_path / "page.html"
    shutil.copy(os.path.join(HTML, "nested_widgets.html"), page)
    before = page.read_text(encoding="utf-8")
    proc = run_cli("check", "--fix", str(page))
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    after = page.read_text(encoding="utf-8")
    removed = only_deletions(before, after)
    assert len(removed) == 2
    # The widgets go with their emptied wrappers; entities around them stay as written.
    assert removed[0].lstrip().startswith('<div class="post-widgets">')
    assert removed[0].rstrip().endswith("</div>")
    assert "Br&uuml;cke &uuml;ber" in after and "48&nbsp;Millionen Euro &ndash; tr&auml;gt" in after
    assert "&lt;wieder&gt; &raquo;ohne Ampel&laquo;" in after
    assert [parse(after).block_text(b) for b in parse(after).blocks] == [
        "Die neue Brücke über den Rhein wird im Frühjahr eröffnet, teilte die Stadt am Montag mit.",
        "Die Kosten – 48\u00a0Millionen Euro – trägt überwiegend das Land.",
        "Ab\u00a0Mai rollt der Verkehr <wieder> »ohne Ampel«.",
    ]


def test_entity_bomb_is_not_expanded_and_nothing_is_fetched(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the HTML reader opened a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    text = read("entity_bomb.html")
    doc = parse(text)
    assert len(doc.text) < 2000
    assert "lollol" not in doc.text and "root:" not in doc.text
    linter = Linter(Options(fix=True))
    result = linter.lint_text(text, "bomb.html", Config(), formats()["html"])
    assert not result.errors
    assert len(result.new) < len(text)
    assert "lollol" not in result.new


def test_entity_bomb_through_the_cli(tmp_path):
    page = tmp_path / "bomb.html"
    shutil.copy(os.path.join(HTML, "entity_bomb.html"), page)
    proc = run_cli("check", "--fix", str(page))
    assert proc.returncode == 0, proc.stderr.decode()
    assert page.stat().st_size < 2000


def test_positions_point_into_the_source():
    text = read("wordpress_article.html")
    linter = Linter(Options())
    result = linter.lint_text(text, "a.html", Config(), formats()["html"])
    lines = text.split("\n")
    for d in result.diagnostics:
        if d.code in ("CMT003", "REL001", "PII003"):
            line = lines[d.line - 1]
            assert d.column >= 1 and d.column <= len(line) + 1
    cf = next(d for d in result.diagnostics if d.code == "PII003")
    assert "anurag.dhole@bitlance.in" in cf.message
    assert lines[cf.line - 1].lstrip().startswith('<p class="author-contact">')
    rel = next(d for d in result.diagnostics if d.code == "REL001")
    assert lines[rel.line - 1][rel.column - 1:].startswith("Also Read:")


def test_text_edit_inside_a_block_maps_to_the_source_or_is_left_out():
    text = "<html><body>\n<p>One  two &amp; three  four.</p>\n</body></html>\n"
    result = Linter(Options(fix=True, select=["WS003"])).lint_text(
        text, "a.html", Config(), formats()["html"])
    # HTML whitespace collapses: the doubled space is not in the text the rules see.
    assert result.new == text
    text = "<html><body>\n<p>Paris\u00a0\u00a0is far &amp; away.</p>\n</body></html>\n"
    result = Linter(Options(fix=True, select=["WS003"])).lint_text(
        text, "a.html", Config(), formats()["html"])
    assert result.new == text.replace("\u00a0\u00a0", " ")
    text = "<html><body>\n<p>Paris&nbsp;&nbsp;is far.</p>\n</body></html>\n"
    result = Linter(Options(fix=True, select=["WS003"])).lint_text(
        text, "a.html", Config(), formats()["html"])
    assert result.new == text  # the run is written as entities: no 1:1 source; left alone


def test_cloudflare_remove_option():
    text = ('<html><body><p>Write to <a href="/cdn-cgi/l/email-protection" class="__cf_email__" '
            'data-cfemail="214544524a614459404c514d440f424e4c">[email&#160;protected]</a> now.</p>'
            '</body></html>')
    linter = Linter(Options(fix=True, select=["PII003"]))
    config = Config(values={"formats": {"html": {"cloudflare": "remove"}}})
    result = linter.lint_text(text, "a.html", config, formats()["html"])
    assert result.new == "<html><body><p>Write to  now.</p></body></html>"
    assert decode_cfemail("214544524a614459404c514d440f424e4c") == "desk@example.com"
    assert decode_cfemail("zz") is None


def test_pii002_does_not_report_decoded_placeholders():
    result = Linter(Options()).lint_text(read("wordpress_article.html"), "a.html", Config(),
                                         formats()["html"])
    codes = {d.code for d in result.diagnostics}
    assert "PII003" in codes and "PII002" not in codes


def test_tokens_split_whole_values_and_parts():
    assert split_tokens("jp-relatedposts  Article_Share-count") == {
        "jp-relatedposts", "jp", "relatedposts", "article_share-count", "article", "share", "count"}


def test_tokens_saying_what_an_element_lacks_or_holds_are_kept_whole():
    # "no-ads" is no ad slot and "has-sidebar" no sidebar: their parts would name them as one.
    assert split_tokens("no-ads ad-free has-sidebar with-share-icons non-ad-column") == {
        "no-ads", "ad-free", "has-sidebar", "with-share-icons", "non-ad-column"}
    # A prefix or suffix elsewhere in the word, or a longer word ending in "free", is a name.
    assert split_tokens("ad-nocontent footer-free-text") == {
        "ad-nocontent", "ad", "nocontent", "footer-free-text", "footer", "free", "text"}


@pytest.mark.parametrize("data,needle", [
    (b"\x00\x01\x02binary\x00", "binary"),
    (b"<p>caf\xe9</p>", "not valid utf-8"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, data, needle):
    page = tmp_path / "bad.html"
    page.write_bytes(data)
    proc = run_cli("check", "--fix", str(page))
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert "Traceback" not in err and needle in err and str(page) in err
    assert page.read_bytes() == data


MALFORMED = [
    # page, the text the rules see
    ("", ""),
    ("   \n", ""),
    ("<p>unclosed <b>bold <div>x</p></span>", "unclosed bold\n\nx\n"),
    ("<<<>>>&&&;", "<<<>>>&&&;\n"),
    ("<html><body><p>a</p>" * 3, "a\n\na\n\na\n"),
]


@pytest.mark.parametrize("text, seen", MALFORMED)
def test_malformed_and_empty_html_parse_and_stay_unchanged(tmp_path, text, seen):
    doc = parse(text)
    assert doc.text == seen
    # every block's position is where its text starts in the page
    for block in doc.blocks:
        first = doc.block_text(block)[0]
        line, column = doc.position(block.span.start)
        assert text.split("\n")[line - 1][column - 1] == first
    page = tmp_path / "p.html"
    page.write_bytes(text.encode("utf-8"))
    proc = run_cli("check", "--fix", "--unsafe-fixes", str(page))
    assert (proc.returncode, proc.stderr.decode()) == (0, "")
    assert page.read_bytes() == text.encode("utf-8")


def test_malformed_page_junk_is_found_but_left_when_its_source_is_unclear(tmp_path):
    # lxml moves the <div> out of the <b> and the <p>: the source has no element that holds
    # exactly the junk, so the fix is refused rather than guessed at.
    text = "<p>Story <b>bold <div>Also Read: <a href=x>Other story</a></p></span>\n<p>More story.\n"
    page = tmp_path / "p.html"
    page.write_bytes(text.encode("utf-8"))
    proc = run_cli("check", "--fix", "--output-format", "concise", str(page))
    assert proc.returncode == 1, proc.stderr.decode()
    assert f"p.html:1:{text.index('Also Read:') + 1}: REL001" in proc.stdout.decode()
    assert page.read_bytes() == text.encode()


def test_crlf_page_keeps_its_line_endings(tmp_path):
    text = read("nested_widgets.html").replace("\n", "\r\n")
    page = tmp_path / "crlf.html"
    page.write_bytes(text.encode("utf-8"))
    proc = run_cli("check", "--fix", str(page))
    assert proc.returncode == 0, proc.stderr.decode()
    data = page.read_bytes()
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    assert b"jp-relatedposts" not in data
