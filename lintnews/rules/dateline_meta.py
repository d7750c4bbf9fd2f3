import re
from collections.abc import Iterator

from lintnews import document as d
from lintnews.document import Document
from lintnews.model import Diagnostic, Severity, Span
from lintnews.patterns import BYLINE
from lintnews.rule import Rule

_MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|januar|februar|märz|mai|juni|juli|"
          r"oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|"
          r"décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|"
          r"diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|"
          r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|januari|februari|"
          r"maret|juni|juli|agustus|oktober|desember)[a-zé]*\.?")
_DATE = rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}(?:T[\d:.+]+Z?)?|" \
        rf"\d{{1,2}}\.?\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d+\s+(?:minutes?|hours?|days?)\s+ago)"
_LABEL = (r"(?:updated|last updated|published|posted|posted on|first published|modified|date|"
          r"aktualisiert|veröffentlicht|stand|mis à jour|publié le|actualizado|publicado|atualizado|"
          r"aggiornato|pubblicato|diperbarui|dipublikasikan|अपडेटेड|प्रकाशित)")
# A whole line that is a date, optionally labelled, with a time and zone: page metadata.
_DATE_LINE = re.compile(
    rf"^(?:{_LABEL}\s*:?\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?{_DATE}"
    rf"(?:,?\s*(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?)?"
    rf"(?:\s*(?:\||·|•|-)\s*{_LABEL}?\s*:?.{{0,60}})?$"
    rf"|^{_LABEL}\s*:?\s*.{{0,60}}\d.{{0,40}}$"
    rf"|^\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?\s*[A-Z]{{2,4}},?\s+.{{0,40}}\d{{4}}$",
    re.IGNORECASE,
)


class DateLine(Rule):
    """A date or "Updated:" line in the article body ("Updated: 18 Nov 2019 4:45 pm").

    ## Why is this bad?

    Page templates print the publication and update times above or below the article. In the
    text they are not part of the story, but they are metadata a pipeline wants: the finding
    carries the line so it can be moved into the document's metadata. The line must be a date
    (optionally labelled "Updated", "Published", "Aktualisiert" ...) and nothing more; a sentence
    that mentions a date is article text.

    ## Example

    ```text
    Updated: 18 Nov 2019 4:45 pm

    The council voted on Monday.
    ```

    Reported only, never deleted: dates belong in metadata, and a wrong guess would lose the
    only date the document has.
    """

    code = "META001"
    name = "date-line"
    severity = Severity.INFO

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for block in doc.blocks:
            if block.kind == d.QUOTE or in_meta_markup(block):
                continue
            text = doc.block_text(block).strip()
            if 6 <= len(text) <= 120 and not text.endswith(".") and len(text.split()) <= 12 \
                    and _DATE_LINE.match(text):
                yield self.report(f"Date line {text!r} in the body: move it to metadata",
                                  Span(block.span.start, block.span.end))


_META_MARKUP = frozenset({"entry-meta", "post-meta", "article-meta", "meta", "posted-on", "byline",
                          "dateline", "date", "time", "published", "updated", "timestamp", "author"})


def in_meta_markup(block) -> bool:
    """An HTML element the page itself marks as metadata (``<time>``, ``.entry-meta``, a header
    byline): it is where the date and byline belong, not text in the body."""
    attrs = block.attrs or {}
    path = attrs.get("path", "")
    return bool(attrs.get("tokens", frozenset()) & _META_MARKUP) or "/time" in path \
        or "/header" in path


class BylineLine(Rule):
    """A byline in the article body ("By Mike Wuerthele and Malcolm Owen", "Tom Krisher, AP Auto Writer").

    ## Why is this bad?

    The byline is metadata: who wrote the article. In the text it reads as a sentence fragment.
    The finding carries the line so a pipeline can move it into the document's author field; a
    byline the reader recognised at the top of the file is a byline block already and is reported
    the same way.

    ## Example

    ```text
    By Mike Wuerthele and Malcolm Owen | Monday, November 18, 2019

    The new MacBook Pro ...
    ```

    Reported only, never deleted: some publishers keep the byline in the article, and the
    author's name must not be lost.
    """

    code = "META002"
    name = "byline-line"
    severity = Severity.INFO

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for block in doc.blocks:
            if in_meta_markup(block):
                continue
            text = doc.block_text(block).strip()
            if block.kind == d.BYLINE or (len(text) <= 160 and BYLINE.match(text)):
                yield self.report(f"Byline {text[:60]!r} in the body: move it to metadata",
                                  Span(block.span.start, block.span.end))
