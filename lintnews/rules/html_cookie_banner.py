from lintnews.model import Applicability
from lintnews.rules._html import StructureRule


class HtmlCookieBanner(StructureRule):
    """A cookie or consent banner (`cookie-notice`, `consent`, `gdpr`, OneTrust) in an HTML page.

    ## Why is this bad?

    "We use cookies to improve your experience" is the site's legal notice, repeated on every
    page; it is never the article.

    ## Example

    ```html
    <p>The talks resume in Istanbul.</p>
    <div id="cookie-notice"><p>We use cookies to give you the best experience.</p></div>
    ```

    After the fix:

    ```html
    <p>The talks resume in Istanbul.</p>
    ```

    Elements with more than 2000 characters of text are not claimed.

    ## Fix safety

    Safe: short elements whose own tokens name cookies or consent.
    """

    code = "CK003"
    aliases = ("HTM007",)
    name = "html-cookie-banner"
    fix_safety = Applicability.SAFE
    what = "cookie banner"
    words = frozenset({"cookie", "cookies", "consent", "gdpr", "cookie-notice", "cookie-banner",
                       "cookielawinfo", "onetrust", "cc-banner", "cc-window", "cookiebar",
                       "eu-cookie-law", "cookie-consent", "cmp-banner"})
    max_chars = 2000
    fix_message = "Remove the cookie banner"
