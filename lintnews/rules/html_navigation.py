import re

from lintnews.model import Applicability
from lintnews.rules._html import StructureRule


class HtmlNavigation(StructureRule):
    """Navigation: menus, breadcrumbs and pagination (`<nav>`, `menu`, `navbar`, `breadcrumb`,
    `role=navigation`) in an HTML page.

    ## Why is this bad?

    "Home › World › Europe" and a site's menu of sections are links to elsewhere. Scraped into
    the article they are the first lines a reader or a model sees.

    ## Example

    ```html
    <nav class="main-navigation"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
    <p>The talks resume in Istanbul.</p>
    ```

    After the fix:

    ```html
    <p>The talks resume in Istanbul.</p>
    ```

    Only elements whose text is mostly links (40% at least) are claimed, so a "menu" of a
    restaurant review written as prose stays.

    ## Fix safety

    Safe: mostly-link elements marked as navigation by their tag, role or tokens.
    """

    code = "CHR004"
    aliases = ("HTM009",)
    name = "html-navigation"
    fix_safety = Applicability.SAFE
    what = "navigation"
    tags = frozenset({"nav"})
    words = frozenset({"nav", "navbar", "navigation", "menu", "main-menu", "breadcrumb",
                       "breadcrumbs", "site-navigation", "primary-menu", "mega-menu", "skip-link",
                       "pagination", "pager", "menubar", "topnav", "subnav", "nav-menu",
                       "post-navigation", "nav-links", "tags-links", "tag-links", "post-tags",
                       "tagcloud", "tag-cloud"})
    pattern = re.compile(r"^(?:sub|top|site|main|primary|global|mobile|header|footer|section)?[-_]?"
                         r"(?:nav(?:bar|igation|menu|links?)?|menu(?:bar|container|items?|s)?)$")
    roles = frozenset({"role=navigation", "role=menubar", "role=menu"})
    min_link_density = 0.4
    fix_message = "Remove the navigation"
