import re
from collections.abc import Iterator
from functools import lru_cache

from lintnews import document as d
from lintnews.document import Document
from lintnews.model import Diagnostic, Severity, Span
from lintnews.patterns import BYLINE, compile_cached
from lintnews.rule import Rule

from lintnews.data.dates import LANGUAGES
from lintnews.rules._dates import date, weekday


# Labels that introduce a date line; written by hand, CLDR has no word for "Updated".
_LABEL = (r"(?:updated|last updated|published|posted|posted on|first published|modified|date|"
          r"aktualisiert|zuletzt aktualisiert|veröffentlicht|veröffentlicht am|stand|"
          r"mis à jour(?: le)?|publié(?: le)?|actualizado|publicado(?: el| em)?|atualizado(?: em)?|"
          r"aggiornato(?: il)?|pubblicato(?: il)?|bijgewerkt(?: op)?|gepubliceerd(?: op)?|"
          r"aktualizacja|zaktualizowano|opublikowano|publicerad|uppdaterad|publisert|oppdatert|"
          r"publiceret|opdateret|julkaistu|päivitetty|aktualizováno|publikováno|actualizat|publicat|"
          r"frissítve|frissítés|közzétéve|güncelleme|güncellenme|yayınlanma|yayın tarihi|"
          r"обновлено|опубликовано|оновлено|опубліковано|آخر تحديث|تحديث|نشر في|تاريخ النشر|"
          r"به‌روزرسانی|تاریخ انتشار|प्रकाशित|अपडेटेड|अपडेट|প্রকাশিত|আপডেট|diperbarui|dipublikasikan|"
          r"diterbitkan|cập nhật|đăng(?: lúc| ngày)?|อัปเดต|เผยแพร่|发布时间|发布日期|更新时间|发布于|"
          r"發佈時間|更新時間|公開日|更新日|配信日|입력|수정|업데이트|등록)")
# Only the English and the long-standing labels may precede free text with a digit in it
# ("Updated 9:41 AM ET"): elsewhere the rest of the line must be a date or a time.
_LOOSE_LABEL = (r"(?:updated|last updated|published|posted|posted on|first published|modified|date|"
                r"aktualisiert|veröffentlicht|stand|mis à jour|publié le|actualizado|publicado|"
                r"atualizado|aggiornato|pubblicato|diperbarui|dipublikasikan|अपडेटेड|प्रकाशित)")
_AT = r"(?:at|um|à|a las|às|alle|om|o|kl\.?|klo|в|saat|lúc)"
# Every form of the date line (see _regexes) holds a digit: a line without one is no date line,
# whatever its words.
_DIGIT = compile_cached(r"\d")


@lru_cache(maxsize=None)
def _regexes() -> tuple[re.Pattern, re.Pattern]:
    """The date line, and the bare date: nothing but the date, whose closing full stop is then
    the date's own ("2024. március 5.", "5 марта 2024 г."), not the end of a sentence. Compiled
    on first use, as the month and weekday names of 28 languages take a tenth of a second to
    compile: only an article with a short line that holds a digit needs them."""
    # A dateline's date: any of the dates the comment rules read too, or "3 hours ago" in English.
    when = rf"(?:{date()}|\d+\s+(?:minutes?|hours?|days?)\s+ago)"
    day = weekday()
    stamp = (rf"(?:{_LABEL}\s*[:：]?\s*)?(?:{day},?\s+)?{when}(?:,?\s+{day})?"
             rf"(?:,?\s*(?:{_AT}\s+)?\d{{1,2}}[:.h時시]\s*\d{{2}}(?:[:.]\d{{2}})?\s*"
             rf"(?:[ap]\.?m\.?|uhr|h|分|분)?(?:\s*[A-Z]{{2,4}})?)?")
    # A whole line that is a date, optionally labelled, with a time and zone: page metadata.
    line = (rf"^{stamp}(?:\s*(?:\||·|•|-)\s*{_LABEL}?\s*[:：]?.{{0,60}})?$"
            rf"|^{_LOOSE_LABEL}\s*:?\s*.{{0,60}}\d.{{0,40}}$"
            rf"|^\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?\s*[A-Z]{{2,4}},?\s+.{{0,40}}\d{{4}}$")
    return compile_cached(line, re.IGNORECASE), compile_cached(rf"^{stamp}$", re.IGNORECASE)


class DateLine(Rule):
    """A date or "Updated:" line in the article body ("Updated: 18 Nov 2019 4:45 pm").

    ## Why is this bad?

    Page templates print the publication and update times above or below the article. In the
    text they are not part of the story, but they are metadata a pipeline wants: the finding
    carries the line so it can be moved into the document's metadata. The line must be a date
    (optionally labelled "Updated", "Published", "Aktualisiert" ...) and nothing more; a sentence
    that mentions a date is article text. Month and weekday names come from CLDR for 28
    languages ("Dienstag, 5. März 2024", "5 марта 2024 г.", "2024. március 5."), and CJK dates
    ("2024年3月5日（火）", "2024년 3월 5일") are recognised by their own shape.

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
    languages = LANGUAGES

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for block in doc.blocks:
            if block.kind == d.QUOTE or in_meta_markup(block):
                continue
            text = doc.block_text(block).strip()
            if not 6 <= len(text) <= 120 or len(text.split()) > 12 or not _DIGIT.search(text):
                continue
            date_line, bare_date = _regexes()
            if bare_date.match(text) or (not text.endswith((".", "。")) and date_line.match(text)):
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
