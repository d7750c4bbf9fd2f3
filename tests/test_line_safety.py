"""Fix safety decided per match, on the evidence of the lines a fix covers."""

from lintnews.api import Linter, Options
from lintnews.config import Config
from lintnews.model import Applicability
from lintnews.readers import formats

PROSE = ("The council voted on Monday to close the library after a debate that lasted four hours, "
         "and residents who had asked for a delay said they would appeal the decision in court.")


def findings(code, text, fix=False, unsafe=False):
    linter = Linter(Options(select=[code], fix=fix, unsafe_fixes=unsafe))
    result = linter.lint_text(text, "case.txt", Config(), formats()["text"])
    assert result.errors == []  # a rule that raised has no findings: never a pass
    return result


def body(n=3):
    return "\n\n".join(PROSE for _ in range(n))


MENU = "Home\n\nNews\n\nPolitics\n\nSport\n\nWeather"


def test_menu_run_at_the_edge_of_a_body_is_safe():
    result = findings("CHR002", MENU + "\n\n" + body() + "\n")
    assert [d.fix.applicability for d in result.diagnostics] == [Applicability.SAFE]
    fixed = findings("CHR002", MENU + "\n\n" + body() + "\n", fix=True)
    assert fixed.new == body() + "\n"


def test_menu_run_without_a_body_of_prose_is_unsafe():
    # A list-shaped page: the labels may be all the article there is.
    text = MENU + "\n\n" + body(1) + "\n"
    result = findings("CHR002", text)
    assert [d.fix.applicability for d in result.diagnostics] == [Applicability.UNSAFE]
    assert findings("CHR002", text, fix=True).new == text


LONG_MENU = "\n\n".join(["Home", "News", "Politics", "Business", "Sport", "Weather", "Opinion", "Culture",
                          "Travel", "Health", "Careers", "Contact us", "About us"])


def test_whole_menu_at_the_edge_of_a_short_article_is_safe():
    # A paywalled story of two paragraphs: a dozen bare labels after it are the site's footer.
    text = body(2) + "\n\n" + LONG_MENU + "\n"
    result = findings("CHR002", text)
    assert [d.fix.applicability for d in result.diagnostics] == [Applicability.SAFE]
    assert findings("CHR002", text, fix=True).new == body(2) + "\n"


def test_whole_menu_beside_a_single_paragraph_is_unsafe():
    # One paragraph: the scraper may have missed the article, whose words the labels may be.
    text = body(1) + "\n\n" + LONG_MENU + "\n"
    result = findings("CHR002", text)
    assert [d.fix.applicability for d in result.diagnostics] == [Applicability.UNSAFE]


def test_menu_at_the_edge_of_two_paragraphs_in_a_row_is_safe():
    # A short article's body: its two paragraphs stand together; a menu above them goes.
    text = MENU + "\n\nCouncil votes to close the town library\n\n" + body(2) + "\n"
    result = findings("CHR002", text)
    assert [d.fix.applicability for d in result.diagnostics] == [Applicability.SAFE]
    assert findings("CHR002", text, fix=True).new == "Council votes to close the town library\n\n" + body(2) + "\n"


def test_menu_beside_two_scattered_paragraphs_is_unsafe():
    # Two paragraphs apart (a notice, a rule, another notice) are what a scraper that
    # missed the article leaves: the labels may be the article's words.
    text = MENU + "\n\n" + PROSE + "\n\n* * *\n\n" + PROSE + "\n"
    result = findings("CHR002", text)
    assert result.diagnostics
    assert {d.fix.applicability for d in result.diagnostics} == {Applicability.UNSAFE}
    assert findings("CHR002", text, fix=True).new == text


def test_run_right_against_two_paragraphs_is_unsafe():
    # Under the headline and right against the first paragraph: no place for the page's menu.
    text = "Council votes to close the town library\n\n" + MENU + "\n\n" + body(2) + "\n"
    result = findings("CHR002", text)
    assert [d.fix.applicability for d in result.diagnostics] == [Applicability.UNSAFE]
    assert findings("CHR002", text, fix=True).new == text


def test_short_list_a_two_paragraph_article_announces_is_unsafe():
    names = "\n\n".join(["Alice Smith", "Bob Jones", "Carol White", "Dan Brown"])
    text = body(2)[:-1] + ", and the new members are:\n\n" + names + "\n"
    result = findings("CHR002", text)
    assert [d.fix.applicability for d in result.diagnostics] == [Applicability.UNSAFE]
    assert findings("CHR002", text, fix=True).new == text


def test_two_paragraph_article_keeps_its_closing_lines():
    # Real closing lines are no menu: a credit, a sentence that starts with "Follow", a quote.
    closing = ("(With inputs from agencies)\n\nFollow the money, the auditor told the council.\n\n"
               "\u201cSubscribe to nothing,\u201d she said.\n\nWhat happens next\n")
    text = body(2) + "\n\n" + closing
    assert not findings("CHR002", text).diagnostics


GLUED = ("Menu Latest SportsLionsTigersPistons Best OfTravel Weather\n\nSports\n\n"
         "News Police arrest two after a crash on the bridgeA man and a woman were held on Monday after "
         "the crash.Customers Leave Without Paying The Bill At Steakhouse A party of six left the restaurant "
         "without paying, the owner saidWeather ClosingsLocal RadarsWeather Stories.\n\nLatest Headlines")


def test_glued_menu_before_the_article_is_safe():
    # A menu and a teaser grid whose links the scraper glued: even one as long as a paragraph,
    # ending in a full stop, is a label, not the article's prose.
    text = GLUED + "\n\n" + body() + "\n"
    result = findings("CHR002", text)
    assert [d.fix.applicability for d in result.diagnostics] == [Applicability.SAFE]
    assert findings("CHR002", text, fix=True).new == body() + "\n"


BRANDS = ("Staff used WhatsApp, FaceTime and PowerPoint to plan the closure, the head librarian said, "
          "and the council kept every message and slide for the public record of the long debate.")


def test_paragraphs_naming_brands_are_no_glued_menu():
    # Two paragraphs of three brands each ("WhatsApp", a brand is two words at most) beside a
    # menu: they are the article's, and only the menu goes.
    text = MENU + "\n\n" + BRANDS + "\n\n" + BRANDS.replace("Staff", "Teachers") + "\n\n" + PROSE + "\n"
    fixed = findings("CHR002", text, fix=True, unsafe=True).new
    assert fixed == text[len(MENU) + 2:]


def test_long_list_introduced_by_a_colon_in_a_short_article_is_unsafe():
    text = body(2)[:-1] + ", and the new members are:\n\n" + LONG_MENU + "\n"
    result = findings("CHR002", text)
    assert [d.fix.applicability for d in result.diagnostics] == [Applicability.UNSAFE]


def test_menu_run_without_any_prose_is_unsafe():
    text = LONG_MENU + "\n\nThe library closes in May.\n"
    result = findings("CHR002", text)
    assert [d.fix.applicability for d in result.diagnostics] == [Applicability.UNSAFE]


def test_menu_run_between_paragraphs_is_unsafe():
    inside = "\n\n".join(["One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine",
                          "Ten", "Eleven", "Twelve"])
    text = body(2) + "\n\n" + inside + "\n\n" + body(2) + "\n"
    result = findings("CHR002", text)
    assert [d.fix.applicability for d in result.diagnostics] == [Applicability.UNSAFE]
    assert findings("CHR002", text, fix=True).new == text


# Junk lines that start/label rules match, each glued (no blank line) to real lines of a tight
# article; whatever the rules remove, every real sentence must survive the safe fixes.
JUNK = [
    "Sign up for our daily newsletter to get the best stories in your inbox.",
    "Subscribe to our newsletter for more stories like this one, every day.",
    "Please enable JavaScript to view the comments powered by our partner.",
    "window.dataLayer = window.dataLayer || []; dataLayer.push({'page': 'x'});",
    "Follow us on Twitter and Facebook for the latest news from the council.",
    "We use cookies to improve your experience; by continuing you agree to it.",
    "Also Read: Mayor faces recall vote over the budget cuts in the county",
    "Related: Police close the bridge after a crash on the morning commute",
    "Trending: Five things to know about the new stadium before it opens",
]
REAL = [
    "Residents will appeal.",
    "The mayor declined to comment when reached by phone on Monday evening.",
    "Library staff will be moved to the new community centre by the end of May.",
    "“We will fight this,” said Ann Lee, who has used the library for forty years.",
    "Council members voted 7-2; the two who voted against it live near the branch.",
    "the decision follows a review of all branches that began last year.",
]


def tight_articles():
    lead = ("The council voted on Monday to close the library, after a long debate that lasted "
            "hours and drew a crowd.")
    tail = "The library closes in May, the council said in a statement after the vote."
    for junk in JUNK:
        for i, real in enumerate(REAL):
            other = REAL[(i + 1) % len(REAL)]
            yield [lead, junk, real, tail], f"{lead}\n\n{junk}\n{real}\n\n{tail}\n"
            yield [lead, junk, real, other, tail], f"{lead}\n\n{junk}\n{real}\n{other}\n\n{tail}\n"
            yield [lead, real, junk, tail], f"{lead}\n\n{real}\n{junk}\n\n{tail}\n"
            yield [lead, junk, real, tail], f"{lead}\n{junk}\n{real}\n{tail}\n"


def test_no_real_sentence_is_deleted_from_tight_articles():
    linter = Linter(Options(fix=True))
    checked = 0
    for lines, text in tight_articles():
        new = linter.lint_text(text, "case.txt", Config(), formats()["text"]).new or text
        kept = new.splitlines()
        for line in lines:
            if line in JUNK:
                continue
            assert line in kept, f"real line deleted:\n{line}\nfrom:\n{text}\nleft:\n{new}"
        checked += 1
    assert checked == len(JUNK) * len(REAL) * 4


def test_tight_article_loses_only_the_prompt():
    text = ("Council votes to close library\n\nThe council voted on Monday to close the library, after "
            "a long debate that lasted hours.\n\nSign up for our daily newsletter to get the best "
            "stories in your inbox.\nResidents will appeal.\n\nThe mayor declined to comment when "
            "reached by phone on Monday evening.\n")
    new = Linter(Options(fix=True)).lint_text(text, "c.txt", Config(), formats()["text"]).new
    assert new == text.replace("Sign up for our daily newsletter to get the best stories in your inbox.\n", "")
