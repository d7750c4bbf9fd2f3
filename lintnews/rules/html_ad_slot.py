from lintnews.model import Applicability
from lintnews.rules._html import StructureRule


class HtmlAdSlot(StructureRule):
    """An ad slot or sponsored-content widget (`ad`, `adsbygoogle`, `advertisement`, Outbrain,
    Taboola) in an HTML page.

    ## Why is this bad?

    Ad labels ("Advertisement", "Story continues below") and paid-content teasers end up
    between paragraphs of the scraped article.

    ## Example

    ```html
    <p>The talks resume in Istanbul.</p>
    <div class="ad-slot"><p>Advertisement</p></div>
    ```

    After the fix:

    ```html
    <p>The talks resume in Istanbul.</p>
    ```

    Elements with more than 1500 characters of text are not claimed; a `sponsored` article's
    own wrapper holds its main text and is never claimed.

    ## Fix safety

    Safe: short elements whose own tokens name an ad. On the 181 raw HTML pages of the
    scrapinghub benchmark (`bench/html_eval.py --by-rule`) the only truth sentence it removed is
    an affiliate disclosure ("FTC: We use income earning auto affiliate links.", in
    `ad-disclaimer-container` beside an ad banner) that the ground truth of two pages keeps:
    17 word-bag tokens.
    """

    code = "AD003"
    aliases = ("HTM006",)
    name = "html-ad-slot"
    fix_safety = Applicability.SAFE
    what = "ad slot"
    words = frozenset({"ad", "ads", "advert", "adverts", "advertisement", "advertising",
                       "adsbygoogle", "ad-slot", "adslot", "ad-container", "ad-wrapper", "ad-unit",
                       "dfp", "gpt-ad", "outbrain", "taboola", "ob-widget", "trc_related_container",
                       "banner-ad", "adblock", "ad-label", "sponsored-links", "promoted-content"})
    max_chars = 1500
    fix_message = "Remove the ad slot"
