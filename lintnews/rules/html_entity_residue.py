from collections.abc import Iterator

from lintnews import document as d
from lintnews.document import Document
from lintnews.model import Applicability, Diagnostic, Edit, Severity, Span
from lintnews.rule import Rule
from lintnews.patterns import compile_cached

# Named entities that news text really carries escaped, and numeric references. Anything else
# ("&copy" without its semicolon, "&T" in "AT&T") is left alone.
_ENTITY = compile_cached(r"&(?:amp|nbsp|quot|apos|lt|gt|ndash|mdash|hellip|rsquo|lsquo|rdquo|ldquo|laquo|raquo|"
                         r"eacute|egrave|agrave|aacute|ccedil|uuml|ouml|auml|szlig|ntilde|copy|reg|trade|euro|"
                         r"pound|deg|middot|bull|shy|zwnj|zwj|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
_NBSP = compile_cached(r"&(?:nbsp|#160|#xa0|#xA0);")


class HtmlEntityResidue(Rule):
    """HTML entity residue in plain text ("AT&amp;T", "it&#8217;s", "10&nbsp;km").

    ## Why is this bad?

    An extractor that escapes text twice, or copies it from HTML source, leaves character
    references in the text. Readers see "&amp;" instead of "&"; search misses "it’s".

    ## Example

    ```text
    AT&amp;T said it&#8217;s ready.
    ```

    After the fix:

    ```text
    AT&T said it’s ready.
    ```

    Markdown and HTML files are left alone: there entities are markup, not residue.

    ## Fix safety

    Safe: each reference is replaced by the character it names (a no-break space by a plain
    space), which is what the page showed.
    """

    code = "ENC003"
    formats = ("text", "jsonl")
    name = "html-entity-residue"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        if "&" not in doc.text:
            return
        for block in doc.blocks:
            if block.kind == d.QUOTE:
                continue
            text = doc.block_text(block)
            for m in _ENTITY.finditer(text):
                ref = m.group(0)
                char = " " if _NBSP.fullmatch(ref) else _unescape(ref)
                span = Span(block.span.start + m.start(), block.span.start + m.end())
                yield self.report(f"HTML entity {ref!r} in text (means {char!r})", span,
                                  self.fix(f"Replace {ref} with the character", Edit(span, char)))


def _unescape(ref: str) -> str:
    # Imported on the first reference found: html.entities' table of names is a millisecond of
    # every run's start-up, and most articles hold no reference.
    import html

    return html.unescape(ref)
