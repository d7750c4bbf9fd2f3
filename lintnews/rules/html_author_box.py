from lintnews.model import Applicability
from lintnews.rules._html import StructureRule


class HtmlAuthorBox(StructureRule):
    """An author box (`author-box`, `author-bio`, `td-author`, `about-author`,
    `itemprop=author` boxes) in an HTML page.

    ## Why is this bad?

    The writer's photo, bio and contact card are printed under every article of that writer.
    In the scraped text they add a biography the article never had, and often a phone number
    or e-mail address.

    ## Example

    ```html
    <p>The talks resume in Istanbul next week, both sides confirmed on Monday.</p>
    <p>(With inputs from agencies)</p>
    <div class="author-box"><h4>Author Profile</h4>
    <p>Anurag Dhole is a seasoned journalist and content writer with over 8 years of experience.</p></div>
    ```

    After the fix (`--unsafe-fixes`):

    ```html
    <p>The talks resume in Istanbul next week, both sides confirmed on Monday.</p>
    <p>(With inputs from agencies)</p>
    ```

    A byline ("By Jane Doe", under 60 characters) is not an author box and is left alone.

    ## Fix safety

    Unsafe: some sites put the article's own closing note or an interview subject's bio in a
    box with these tokens; review the change.
    """

    code = "AUT004"
    aliases = ("HTM004",)
    name = "html-author-box"
    fix_safety = Applicability.UNSAFE
    what = "author box"
    words = frozenset({"author-box", "author-bio", "authorbox", "about-author", "about-the-author",
                       "author-info", "author-description", "author-profile", "td-author",
                       "td-author-box", "saboxplugin-wrap", "abh_box", "molongui-author-box",
                       "author-card", "post-author-box", "author-details", "author-wrap",
                       "authorbio", "author-block", "author_bio", "author_box", "author-bio-box"})
    roles = frozenset({"itemprop=author"})
    min_chars = 60
    max_chars = 2500
    fix_message = "Remove the author box"
