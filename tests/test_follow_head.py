"""A site's follow prompts (FOL002) at the page's head, before the article's body, are removed by
the safe fix; the same prompt as the article's sign-off, after its paragraphs, stays an unsafe fix."""

import pytest

from lintnews.api import Linter, Options
from lintnews.config import Config
from lintnews.readers import formats

BODY = ("The council voted on Monday to close the library in May, after a long debate about the budget "
        "of the city and its seven schools.\n\n"
        "The mayor said the building would be sold, and that the books would go to the schools of the "
        "district before the end of the summer.\n\n"
        "Residents who had asked for a delay said they would take the decision to court, as they had done "
        "with the old swimming pool two years ago.\n")
COOKIES = ("We use cookies and other tracking technologies to improve your browsing experience on our site, "
           "show personalized content and targeted ads, and understand where our audience is coming from.\n\n"
           "By choosing I Accept, you consent to our use of cookies.\n\n")
HEAD = "Library to close in May after council vote\n\nBy Ana Ruiz\n\n"


def _found(text):
    linter = Linter(Options(select=["FOL002"]))
    return [d.fix.applicability.value for d in linter.lint_text(text, "a.txt", Config(), formats()["text"]).diagnostics]


def _fixed(text):
    linter = Linter(Options(select=["FOL002"], fix=True))
    return linter.lint_text(text, "a.txt", Config(), formats()["text"]).new


@pytest.mark.parametrize("text", [
    # The page's own prompts above its menu and the headline.
    "Follow Radio Planet on Twitter\n\nFollow Radio Planet on Facebook\n\nNews\n\nSport\n\n" + HEAD + BODY,
    # Under the page's cookie notice, parted from it by another line.
    COOKIES + "Follow Radio Planet on Twitter\n\nFollow Radio Planet on Facebook\n\n" + HEAD + BODY,
    "Siga o Jornal do Sul no Instagram e Facebook\n\n" + HEAD + BODY,
])
def test_prompts_before_the_article_are_removed_by_the_safe_fix(text):
    assert _found(text) and set(_found(text)) == {"safe"}
    assert "Follow" not in _fixed(text) and "Siga" not in _fixed(text)
    assert _fixed(text).endswith(HEAD + BODY)


@pytest.mark.parametrize("text", [
    # The article's sign-off, after its paragraphs: some ground truths keep it.
    BODY + "\nFollow Radio Planet on Instagram, Facebook, Twitter and YouTube.\n",
    BODY + "\nFollow Jane Doe on Twitter and Instagram\n",
    # After a wire credit.
    BODY + "\n(With inputs from agencies)\n\nFollow Radio Planet on Twitter\n",
    # Right under the article's first paragraph: a line there may be the article's own.
    BODY.split("\n\n", 1)[0] + "\n\nFollow Radio Planet on Twitter\n\n" + BODY,
    # Without a body after it, there is nothing to be the head of.
    "Follow Radio Planet on Twitter\n\n" + HEAD + BODY.split("\n\n", 1)[0] + "\n",
])
def test_prompts_after_or_inside_the_article_stay_unsafe(text):
    assert _found(text) == ["unsafe"]
    assert _fixed(text) == text


@pytest.mark.parametrize("text", [
    # Real sentences that start with "Follow", and a writer's own line, which is not the site's.
    "Follow the money, investigators told the council, and the library's fate becomes clear.\n\n" + BODY,
    "Following the vote, the mayor posted on Twitter and Facebook that the decision was final.\n\n" + BODY,
    "“Follow Radio Planet on Instagram,” the presenter told viewers before the break.\n\n" + BODY,
    BODY + "\nFollow him on Twitter @janedoe\n",
])
def test_sentences_that_start_with_follow_are_no_site_prompt(text):
    assert _found(text) == []
