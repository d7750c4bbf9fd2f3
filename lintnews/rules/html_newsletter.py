from lintnews.model import Applicability
from lintnews.rules._html import StructureRule


class HtmlNewsletterBox(StructureRule):
    """A newsletter sign-up box (`newsletter`, `subscribe`, Mailchimp `mc4wp`, opt-in forms) in an
    HTML page.

    ## Why is this bad?

    "Sign up for our morning briefing" is a call to action of the site, not part of the story.

    ## Example

    ```html
    <p>The talks resume in Istanbul.</p>
    <div class="newsletter-signup"><p>Get the morning briefing in your inbox.</p></div>
    ```

    After the fix:

    ```html
    <p>The talks resume in Istanbul.</p>
    ```

    Boxes of more than 800 characters are not claimed.

    ## Fix safety

    Safe: short elements whose own tokens name a newsletter or subscription form.
    """

    code = "SUB003"
    aliases = ("HTM005",)
    name = "html-newsletter-box"
    fix_safety = Applicability.SAFE
    what = "newsletter box"
    words = frozenset({"newsletter", "subscribe", "signup", "sign-up", "mc4wp", "mailchimp",
                       "mc_embed_signup", "optin", "opt-in", "email-signup", "newsletter-signup",
                       "jetpack_subscription_widget", "subscription-box", "subscribe-box",
                       "newsletters"})
    max_chars = 800
    fix_message = "Remove the newsletter box"
