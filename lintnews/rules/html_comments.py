import re

from lintnews.model import Applicability
from lintnews.rules._html import StructureRule


class HtmlCommentSection(StructureRule):
    """A comment section or comment form (`#comments`, `#respond`, `.comment-respond`, Disqus,
    Akismet) in an HTML page.

    ## Why is this bad?

    Readers' comments and the "Leave a Reply" form are not the article. Scraped with it, they
    add other people's words and form labels ("Your email address will not be published",
    "Name *") to the article text.

    ## Example

    ```html
    <div class="entry-content"><p>The ceasefire talks begin on Monday in Cairo, both delegations confirmed.</p></div>
    <div id="respond" class="comment-respond">
      <h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
      <form id="commentform"><p class="comment-notes">Your email address will not be published.</p></form>
    </div>
    ```

    After the fix the `#respond` element is gone and the rest of the page is byte-identical:

    ```html
    <div class="entry-content"><p>The ceasefire talks begin on Monday in Cairo, both delegations confirmed.</p></div>
    ```

    Only the element's own class or id counts; the element holding the article's main text
    (and its ancestors) is never claimed, so a `comment` token on a page wrapper is harmless.

    ## Fix safety

    Safe: comment sections are marked by tokens WordPress, Disqus and Akismet put there, and the
    removed span is exactly the element.
    """

    code = "CMT003"
    aliases = ("HTM001",)
    name = "html-comment-section"
    fix_safety = Applicability.SAFE
    what = "comment section"
    words = frozenset({"comments", "respond", "commentlist", "comment-list", "commentform",
                       "comment-form", "comment-respond", "comments-area", "comment-reply-title",
                       "disqus", "disqus_thread", "akismet", "comments-section", "comment-section",
                       "reply-title", "fb-comments", "wpdiscuz", "comments-title", "comment-body",
                       "commentsblock", "comments-wrapper", "comments-list", "comment-thread"})
    pattern = re.compile(r"^comments?[-_]|^akismet")
    fix_message = "Remove the comment section"
