"""Fix safety decided per match, on the evidence of the lines a fix covers."""

from lintnews.api import Linter, Options
from lintnews.config import Config
from lintnews.model import Applicability
from lintnews.readers import formats

PROSE = ("The council voted on Monday to close the library after a debate that lasted four hours, "
         "and residents who had asked for a delay said they would appeal the decision in court.")


def findings(code, text, fix=False, unsafe=False):
    linter = Linter(Options(select=[code], fix=fix, unsafe_fixes=unsafe))
    return linter.lint_text(text, "case.txt", Config(), formats()["text"])


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


def test_menu_run_between_paragraphs_is_unsafe():
    inside = "\n\n".join(["One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine",
                          "Ten", "Eleven", "Twelve"])
    text = body(2) + "\n\n" + inside + "\n\n" + body(2) + "\n"
    result = findings("CHR002", text)
    assert [d.fix.applicability for d in result.diagnostics] == [Applicability.UNSAFE]
    assert findings("CHR002", text, fix=True).new == text
