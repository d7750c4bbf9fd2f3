from collections.abc import Iterator

from lintnews.document import Document
from lintnews.model import Applicability, Diagnostic, Edit, Span
from lintnews.rule import Rule


class HtmlCloudflareEmail(Rule):
    """A Cloudflare-protected e-mail address (`a.__cf_email__`, `data-cfemail`,
    `/cdn-cgi/l/email-protection#...`) in an HTML page; the finding names the real address.

    ## Why is this bad?

    Cloudflare replaces every address with "[email protected]" and a hex code that a script
    decodes in the browser. Text extracted without that script keeps the placeholder and loses
    the address. The code is not encryption: its first byte is the XOR key of the rest, so
    lintnews decodes it.

    ## Example

    ```html
    <p>Write to <a href="/cdn-cgi/l/email-protection" class="__cf_email__"
    data-cfemail="214544524a614459404c514d440f424e4c">[email&#160;protected]</a></p>
    ```

    After the fix (`[formats.html] cloudflare = "decode"`, the default):

    ```html
    <p>Write to desk@example.com</p>
    ```

    With `cloudflare = "remove"` the placeholder element is removed instead. In HTML the
    reader already shows the decoded address to the text rules, so the text rule PII002
    (which can only see "[email protected]") does not report the same place twice; an address
    in a contact card is still reported by the contact rules.

    ## Fix safety

    Safe: the decoded address is exactly what the page shows a reader after its script ran.
    """

    code = "PII003"
    aliases = ("HTM008",)
    formats = ("html",)
    name = "html-cloudflare-email"
    fix_safety = Applicability.SAFE

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for block in doc.blocks:
            for cf in block.attrs.get("cfemail", ()):
                span = Span(cf["start"], cf["end"])
                remove = cf["action"] == "remove"
                fix = self.fix("Remove the protected address" if remove else "Write the decoded address",
                               Edit(span, "" if remove else cf["address"]))
                yield self.report(f"Cloudflare-protected e-mail address {cf['address']}", span, fix)
