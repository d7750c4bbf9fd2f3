"""What HTML fixes must never take: the headline, standfirst, byline and main text from the
structure rules, a caption from the photo-credit rule, a code sample from the script rule."""

import os
import signal

import pytest

from lintnews import document as d
from lintnews.api import Linter, Options
from lintnews.config import Config
from lintnews.engine import run_rules
from lintnews.model import Applicability
from lintnews.packs import PackRule
from lintnews.readers import ReadContext, Unit, formats
from lintnews.rule import Rule

BODY = ("<p>The talks resume in Istanbul next week, both sides confirmed on Sunday evening after "
        "a day of calls.</p>\n"
        "<p>Officials said the delegations would meet for two days before reporting back to their "
        "capitals.</p>\n"
        "<p>A ceasefire along the front line is the first item on the agenda, the mediators said.</p>\n")
HEADLINE = "Ceasefire talks to resume in Istanbul next week"
DEK = "Both delegations confirmed the meeting after a day of calls with the mediators."


def parse(page):
    [doc] = formats()["html"].parse(Unit(page), ReadContext("page.html", {}))
    return doc


def fix(page, *select):
    linter = Linter(Options(select=list(select) or None, fix=True, unsafe_fixes=True))
    result = linter.lint_text(page, "page.html", Config(), formats()["html"])
    assert not result.errors, result.errors
    return result.new, result.fixed


def texts(page):
    doc = parse(page)
    return [doc.block_text(b) for b in doc.blocks]


STRUCTURE = ["CMT003", "REL003", "SHR002", "AUT004", "SUB003", "AD003", "CK003", "CHR004", "CHR005"]


def test_header_with_the_headline_outside_the_article_stays():
    # The site's logo is the first <h1>; the article's headline, standfirst and byline sit in a
    # <header> outside the element that holds the paragraphs.
    page = f"""<html><head><meta property="og:title" content="{HEADLINE} | Daily Dispatch">
<meta name="description" content="{DEK}"></head><body>
<header class="site-header"><h1 class="logo"><a href="/">Daily Dispatch</a></h1></header>
<div class="wrap">
<header class="post-header"><div class="kicker">World</div><h1>{HEADLINE}</h1>
<p class="standfirst">{DEK}</p><p class="byline">By Jane Doe</p></header>
<div class="post-body">{BODY}</div>
</div>
<footer class="site-footer"><p>© 2025 Daily Dispatch. All rights reserved.</p></footer>
</body></html>
"""
    new, fixed = fix(page, *STRUCTURE)
    kept = texts(new)
    for line in (HEADLINE, DEK, "By Jane Doe"):
        assert line in kept
    assert "© 2025 Daily Dispatch. All rights reserved." not in kept  # chrome still goes
    assert {d.code for d in fixed} == {"CHR005"}


def test_headline_named_by_metadata_is_never_claimed():
    # No <h1>: the headline is an <h2> the page's JSON-LD names, in a "masthead" block.
    page = f"""<html><head><script type="application/ld+json">{{"@type": "NewsArticle",
"headline": "{HEADLINE}"}}</script></head><body>
<div class="masthead"><h2 class="headline">{HEADLINE}</h2><p class="summary">{DEK}</p></div>
<div class="story">{BODY}</div>
</body></html>
"""
    new, _ = fix(page, *STRUCTURE)
    kept = texts(new)
    assert HEADLINE in kept and DEK in kept


def test_footer_inside_a_pull_quote_is_not_chrome():
    page = f"""<html><body><article>{BODY}
<blockquote class="pullquote"><p>We will not leave the table until the guns are silent.</p>
<footer>— the chief mediator</footer></blockquote>
</article>
<footer class="site-footer"><p>© 2025 Daily Dispatch. All rights reserved.</p></footer>
</body></html>
"""
    new, _ = fix(page, "CHR005")
    kept = texts(new)
    assert "— the chief mediator" in kept
    assert "We will not leave the table until the guns are silent." in kept
    assert "© 2025 Daily Dispatch. All rights reserved." not in kept


def test_widgets_inside_the_article_body_are_not_chrome():
    # An embedded post and a photo in "widget" boxes between the article's paragraphs.
    page = f"""<html><body><div class="article-body">{BODY}
<div class="article-widget article-tweet"><blockquote class="twitter-tweet"><p>Proud of the team
tonight.</p>— Club (@club) November 20, 2019</blockquote></div>
<div class="article-widget"><figure><img src="a.jpg" alt=""><figcaption>The mediators in
Istanbul on Sunday.</figcaption></figure></div>
<p>Both sides will report back to their capitals once the talks end on Wednesday.</p></div>
<aside class="sidebar"><ul><li><a href="/a">Most read</a></li><li><a href="/b">Weather</a></li></ul></aside>
</body></html>
"""
    new, fixed = fix(page, "CHR005")
    kept = texts(new)
    assert "— Club (@club) November 20, 2019" in kept
    assert "The mediators in Istanbul on Sunday." in kept
    assert "Most read" not in kept
    assert len(fixed) == 1


def test_figure_with_caption_and_credit_keeps_its_caption():
    page = f"""<html><body><article>{BODY}
<figure class="wp-block-image"><img src="a.jpg" alt=""><figcaption>Delegates arrive at the palace
on Sunday.</figcaption><footer class="credit">Photo: Damian Dovarganes, AP</footer></figure>
</article></body></html>
"""
    new, _ = fix(page)
    kept = texts(new)
    assert "Delegates arrive at the palace on Sunday." in kept
    assert "Photo: Damian Dovarganes, AP" not in kept  # CAP001 takes the credit block only


def test_standfirst_and_byline_by_the_headline_stay():
    page = f"""<html><body>
<div class="top-bar"><h1>{HEADLINE}</h1><p class="dek">{DEK}</p>
<div class="author">By Jane Doe, Istanbul</div></div>
<div class="content">{BODY}</div>
<div class="widget"><p><a href="/a">Weather</a> <a href="/b">Markets</a></p></div>
</body></html>
"""
    new, _ = fix(page, "CHR005")
    kept = texts(new)
    for line in (HEADLINE, DEK, "By Jane Doe, Istanbul"):
        assert line in kept
    assert "Weather Markets" not in kept


def test_comment_button_between_main_paragraphs_opens_no_section():
    # A "Comments" button between the article's last paragraphs is no comment section's heading:
    # the paragraph after it stays. The thread under the article is still one.
    last = "When the talks end, the mediators will publish a joint statement, officials said."
    page = f"""<html><body><div class="story">{BODY}{BODY}
<div class="comments-launch"><a href="#"><span>Comments</span></a></div>
<p>{last}</p></div>
<div class="thread"><h3>Comments</h3><div class="c"><p>Great article, thanks!</p>
<p>I disagree with the mediators.</p></div></div>
</body></html>
"""
    new, fixed = fix(page, "CMT002")
    kept = texts(new)
    assert last in kept
    assert "Great article, thanks!" not in kept and "I disagree with the mediators." not in kept
    assert len(fixed) == 1


TUTORIAL = """<html><body><article><h1>Writing to the page</h1>
<p>The oldest way to put text on a page is a single call, and most tutorials start with it:</p>
<pre><code>document.write("Hello, world");</code></pre>
<p>Keyboard users press <kbd>Ctrl</kbd> and <kbd>R</kbd> to reload the page afterwards.</p>
<p><kbd>Ctrl+Shift+I</kbd> opens the console.</p>
<p><samp>function greet() { return 1; }</samp></p>
<div class="sample"><code>var greeting = "Hello";</code></div>
</article>
<p>(adsbygoogle = window.adsbygoogle || []).push({});</p>
</body></html>
"""


def test_code_blocks_have_the_code_kind():
    doc = parse(TUTORIAL)
    kinds = {doc.block_text(b): b.kind for b in doc.blocks}
    assert kinds['document.write("Hello, world");'] == d.CODE
    assert kinds["Ctrl+Shift+I opens the console."] == d.CODE
    assert kinds["function greet() { return 1; }"] == d.CODE
    assert kinds['var greeting = "Hello";'] == d.CODE
    # Prose that merely holds a <kbd> is still prose.
    assert kinds["Keyboard users press Ctrl and R to reload the page afterwards."] == d.PARAGRAPH
    assert d.CODE in d.BLOCK_KINDS and d.CODE not in PackRule.kinds


def test_script_rule_leaves_code_samples_and_takes_the_ad_push():
    new, fixed = fix(TUTORIAL, "JS002")
    assert 'document.write("Hello, world");' in new
    assert 'var greeting = "Hello";' in new
    assert "function greet()" in new
    assert "adsbygoogle" not in new
    assert len(fixed) == 1


def test_markdown_code_blocks_are_not_linted():
    text = ("# Writing to the page\n\nThe oldest way is a single call:\n\n```js\n"
            "document.write(\"Hello\");\n```\n\n    window.dataLayer = window.dataLayer || [];\n")
    linter = Linter(Options(select=["JS002"]))
    result = linter.lint_text(text, "page.md", Config(), formats()["markdown"])
    assert result.errors == []
    assert result.diagnostics == []


# Under the rule's 120-character limit, so the patterns do run on them.
@pytest.mark.parametrize("line", ["AP | " * 16 + "!x", "AP | " * 23 + "!x", "Reuters / " * 11 + "!x",
                                  "Photo by A | AP | " * 6 + "!x", "© AP " * 23 + "!x",
                                  "(Photo: Jane Doe) " * 6 + "!x", "Image 1 of 5 | AP " * 6 + "!x"])
def test_photo_credit_patterns_run_in_linear_time(line):
    # A deadline: a pattern with nested ambiguous repetition takes minutes on these lines, a linear
    # one a few milliseconds. The regex engine checks for signals while it matches, so the alarm
    # stops a runaway match in this process.
    linter = Linter(Options(select=["CAP001"]))
    linter.lint_text("Body.\n", "a.txt", Config(), formats()["text"])  # rules built outside the deadline

    def expired(signum, frame):
        raise TimeoutError(line)

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, 5)
    try:
        result = linter.lint_text("Body.\n\n" + line + "\n", "a.txt", Config(), formats()["text"])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert result.errors == []  # a match stopped by the alarm: the engine makes it the file's error
    assert result.diagnostics == []


def test_the_token_a_finding_names_does_not_change_from_run_to_run():
    """Sets iterate in an order set by the process's hash seed; a report must not."""
    import subprocess
    import sys

    code = ("from lintnews.rules.html_cookie_banner import HtmlCookieBanner as R;"
            "print(R().matched(frozenset({'cookies', 'consent', 'gdpr', 'x'}), frozenset()))")
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in "1234"}
    assert seen == {"consent\n"}


class TakesEveryBlock(Rule):
    """A rule that would delete every block of a page, as a rule gone wrong might.

    ## Why is this bad?

    It is not: it stands for any rule whose fix reaches the article's head.

    ## Example

    ```text
    Any block.
    ```

    ## Fix safety

    Safe, so that only the engine's guard keeps the head.
    """

    code = "TST901"
    name = "takes-every-block"
    fix_safety = Applicability.SAFE

    def check(self, doc):
        for block in doc.blocks:
            yield self.report("Block", block.span, self.remove_blocks(doc, block))


def test_no_fix_deletes_the_article_head_whatever_rule_proposes_it():
    """The engine keeps every rule's fix off the headline the metadata names (here an <h2>
    under a logo <h1>), the standfirst and the byline: the finding stays, its fix is shown only.
    The body's paragraphs and the page's other blocks keep their safe fixes."""
    page = f"""<html><head><meta property="og:title" content="{HEADLINE} | Daily Dispatch">
<meta name="description" content="{DEK}"></head><body>
<h1 class="logo">Daily Dispatch</h1><p>Subscribe for a pound a week.</p>
<h2 class="headline">{HEADLINE}</h2><p class="standfirst">{DEK}</p><p class="byline">By Jane Doe</p>
{BODY}</body></html>
"""
    doc = parse(page)
    found = {doc.block_text(doc.blocks[i]): diag.fix.applicability
             for diag in run_rules(doc, [TakesEveryBlock()])
             for i, b in enumerate(doc.blocks) if b.span == diag.span}
    head = {"Daily Dispatch", HEADLINE, DEK, "By Jane Doe"}
    assert {t for t, a in found.items() if a == Applicability.DISPLAY_ONLY} == head
    assert {t for t, a in found.items() if a == Applicability.SAFE} == set(found) - head
    assert "Subscribe for a pound a week." in found and len(found) == 8
