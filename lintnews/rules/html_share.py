from lintnews.model import Applicability
from lintnews.rules._html import StructureRule


class HtmlShareBar(StructureRule):
    """A share bar (Jetpack `sharedaddy`, `sd-sharing`, AddToAny, ShareThis, "share" and
    "social" boxes) in an HTML page.

    ## Why is this bad?

    "Share this: Facebook Twitter WhatsApp" is button text, not prose. Scraped into the
    article it leaves a line of network names between paragraphs.

    ## Example

    ```html
    <p>The talks resume in Istanbul.</p>
    <div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3>
    <ul><li><a href="?share=twitter">Twitter</a></li><li><a href="?share=facebook">Facebook</a></li></ul></div>
    ```

    After the fix:

    ```html
    <p>The talks resume in Istanbul.</p>
    ```

    Share bars are short: an element with more than 400 characters of text is not claimed, and
    neither is the article's own wrapper (`class="entry-content share-enabled"`).

    ## Fix safety

    Safe: short elements whose own tokens name sharing, never the article's wrapper.
    """

    code = "SHR002"
    aliases = ("HTM003",)
    name = "html-share-bar"
    fix_safety = Applicability.SAFE
    what = "share bar"
    words = frozenset({"share", "sharing", "sharedaddy", "sd-sharing", "sd-social", "social-share",
                       "sharethis", "addtoany", "a2a_kit", "shareaholic", "share-buttons", "addthis_toolbox",
                       "sharebar", "social-icons", "jp-sharing", "share-links", "social-links",
                       "socialshare", "share-bar", "sharer", "shares"})
    max_chars = 400
    fix_message = "Remove the share bar"
