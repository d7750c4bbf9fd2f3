from collections.abc import Iterator

from lintnews.document import Document
from lintnews.model import Diagnostic, Span
from lintnews.rule import Rule
from lintnews.patterns import CF_PLACEHOLDER


class CloudflareEmailPlaceholder(Rule):
    """Cloudflare's "[email protected]" placeholder where an e-mail address was.

    ## Why is this bad?

    Sites behind Cloudflare replace every e-mail address with a link whose text is
    "[email protected]" and decode it with JavaScript. A scraper that does not run the script
    keeps the placeholder: the sentence now reads "write to [email protected]" and the address
    is lost. Scrape the HTML instead (lintnews decodes `data-cfemail` there), or remove the
    sentence.

    ## Example

    ```text
    Managing Director at Bitlance Tech Hub | 09158211119 | [email protected] | Web
    ```

    There is no automatic fix in text: the address cannot be recovered from the placeholder.
    The non-breaking-space variant ("[email\u00a0protected]") is found too.
    """

    code = "PII002"
    name = "cloudflare-email-placeholder"

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for block in doc.blocks:
            for m in CF_PLACEHOLDER.finditer(doc.text, block.span.start, block.span.end):
                yield self.report("Cloudflare e-mail placeholder: the address was lost in scraping",
                                  Span(m.start(), m.end()))
