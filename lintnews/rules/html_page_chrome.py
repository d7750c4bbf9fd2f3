from lintnews.model import Applicability
from lintnews.rules._html import StructureRule


class HtmlPageChrome(StructureRule):
    """Site chrome around the article: the site header, footer and sidebars (`site-footer`,
    `colophon`, `sidebar`, `widget-area`, `masthead`, `<header>` and `<footer>` elements that do
    not hold the article's title or main text) in an HTML page.

    ## Why is this bad?

    The footer's copyright and address, the sidebar's widgets and the masthead's tagline repeat
    on every page of a site. They are not the article and they dilute every statistic computed
    from the text.

    ## Example

    ```html
    <div class="entry-content"><p>The talks resume in Istanbul next week, both sides confirmed.</p></div>
    <footer id="colophon" class="site-footer"><p>© 2025 Daily Dispatch. All rights reserved.</p></footer>
    ```

    After the fix:

    ```html
    <div class="entry-content"><p>The talks resume in Istanbul next week, both sides confirmed.</p></div>
    ```

    Neither the element holding the article's main text, its ancestors nor anything inside it
    are ever claimed, so a theme that wraps the whole page in `class="site-header-offset"` keeps
    its article and a "widget" box between its paragraphs stays. The article's own `<header>`
    (headline, standfirst, byline) stays wherever it sits, and so does a `<header>` or
    `<footer>` inside the `<article>`, inside a content wrapper, or inside the element that holds
    both the headline the page's metadata names (og:title, JSON-LD, `<title>`) and the main text
    (a `<div class="post">` with its own footer of corrections), and a pull-quote's `<footer>`.

    ## Fix safety

    Unsafe: sidebars sometimes carry a fact box or a correction that belongs to the article;
    review the change. On the 181 raw HTML pages of the scrapinghub benchmark (with
    `--unsafe-fixes`, `bench/html_eval.py --by-rule`) it removed no sentence of the ground truth:
    the 25 word-bag tokens charged to it on pages whose plain `<p>`/`<li>` text holds the article
    are words a fact-check's sources box, menus and a comment thread share with the article, and
    the 234 on pages whose plain text misses the article are sidebars of other headlines and
    deals sharing words with it (the pages' full text loses none of the article). Keeping the
    headers and footers inside the element holding both the headline and the main text took
    that 291 down to 234 and kept a lead photo's caption (`media__footer`) and a story's kicker,
    at no cost in F1 (0.886): the rest it keeps is a few widget headers and share footers
    inside such elements.
    """

    code = "CHR005"
    aliases = ("HTM010",)
    name = "html-page-chrome"
    fix_safety = Applicability.UNSAFE
    what = "site chrome"
    tags = frozenset({"header", "footer"})
    words = frozenset({"site-footer", "footer", "page-footer", "global-footer", "sidebar",
                       "widget-area", "colophon", "masthead", "site-header", "global-header",
                       "top-bar", "topbar", "sidebar-widget", "widget", "secondary",
                       "footer-widgets", "site-info", "copyright"})
    roles = frozenset({"role=contentinfo", "role=complementary", "role=banner"})
    max_prose_share = 0.2
    outside_article = True
    fix_message = "Remove the site chrome"
