import re
from collections.abc import Iterator

from lintnews import document as d
from lintnews.patterns import compile_cached
from lintnews.document import Document
from lintnews.model import Applicability, Diagnostic, Severity, Span
from lintnews.rule import Rule
from lintnews.guards import is_wire_credit
from lintnews.prose import ends_sentence
from lintnews.rules._dates import AGO, DatePattern, date
from lintnews.rules._dates import MONTHS as _MONTHS

# A comment's reply control, in the languages of the comment widgets and blog platforms.
_REPLY = (r"reply|antworten|répondre|repondre|responder|rispondi|reageer|beantwoorden|balas|svara|svar|"
          r"odpowiedz|ответить|відповісти|odpovědět|odpovedať|răspunde|válasz|vastaa|yanıtla|cevapla|"
          r"trả lời|回复|回覆|回應|返信|답글|답글쓰기|رد|الرد|پاسخ|جواب دیں|जवाब दें|উত্তর|ตอบกลับ|απάντηση")
_ACTION = (rf"{_REPLY}|report|melden|signaler|denunciar|segnala|like|gefällt mir|j'aime|"
           r"me gusta|mi piace|curtir|vind ik leuk|share|teilen|partager|compartir|condividi|delen|"
           r"нравится|пожаловаться|beğen|suka|thích|いいね|좋아요|赞|讚|أعجبني|पसंद")
# A block that is nothing but a comment's controls, and at least one of them a reply.
_MARKER = compile_cached(
    rf"^[\s\[(]*(?:(?:{_ACTION})[\s\])↓·|•,]*)*(?:{_REPLY})(?:[\s\])↓·|•,]*(?:{_ACTION}))*[\s\])↓·|•]*$",
    re.IGNORECASE)
# The header of a comment: when it was written, or "<name> says:", in the languages of _dates;
# compiled on first use (the dates of 28 languages take longer to compile than most checks take).
_HEADER = DatePattern(lambda: (
    r"(?:"
    rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\b\d{{1,2}}\.?\s+(?:de\s+)?(?:{_MONTHS})\.?,?\s+(?:de\s+)?\d{{4}}"
    rf"|{date()}|{AGO}"
    r"|\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\b"
    r"|^\S.{0,40}\s(?:says|sagt|dit|dice|disse|schreef|schreibt|wrote|écrit|scrive|escribió|escreveu|"
    r"говорит|пишет|пише|napisał|napsal|berkata|menulis|diyor ki|yazdı|viết|schreef|skriver|kirjoitti)\s?:\s*$"
    r")"),
    re.IGNORECASE)


def is_marker(text: str) -> bool:
    return len(text) <= 60 and bool(_MARKER.match(text))


def is_header(text: str) -> bool:
    """A comment's header line: short, with a date, a time or a "<name> says:"."""
    text = text.strip()
    return 0 < len(text) <= 100 and len(text.split()) <= 12 and bool(_HEADER.search(text))


def _is_name(text: str) -> bool:
    text = text.strip()
    # A name ends in no sentence mark of any script, but may be cut short ("Johannes Schmi…").
    if len(text) > 40 or len(text.split()) > 4 or text[-1:] in "\"”" or ends_sentence(text) and text[-1] != "…":
        return False
    return bool(text)


class CommentThread(Rule):
    """Readers' comments without a heading: runs of name, date, comment and "Reply" lines.

    ## Why is this bad?

    Where a page prints no "Comments" heading (or the scraper lost it), readers' comments follow
    the article directly: a user name, a date ("March 3, 2021 at 9:12 am", "3 days ago"), the
    comment, and a "Reply" control ("Antworten", "Répondre", "Responder", "Rispondi",
    "Reageer"). Scraped with the article, readers' opinions read as part of the story. The rule
    needs a thread, not a word: at least `min-comments` (default 2) "Reply" controls, each a line
    of its own, and each comment must carry a header line with a date, a time or "<name> says:"
    before its text.

    ## Example

    ```text
    The library closes in May, the council said after a long meeting on Monday.

    Marta

    March 3, 2021 at 9:12 am

    Great news, finally!

    Reply

    Tom Reyes

    March 3, 2021 at 11:40 am

    Thanks for reading, Marta.

    Reply
    ```

    After the fix:

    ```text
    The library closes in May, the council said after a long meeting on Monday.
    ```

    A quoted "Reply", a sentence about replies, or an interview's questions and answers have no
    "Reply" control lines with dated headers and are left alone.

    ## Fix safety

    Safe: the fix removes from the first comment's name (or header) line to the last "Reply"
    line, and only when every comment in between has its header and its control; the text after
    the last control (a comment form, the footer) is left to other rules. A thread with a wire
    credit or dateline inside is never matched.

    The headers' dates and the reply controls are read in the languages of the rest of
    lintnews: a date in any of 28 languages (CLDR's month names, digits, "2021年3月3日"), how
    long ago ("5 минут назад", "2 saat önce", "3日前", "منذ 5 دقائق"), "<name> пишет:", and the
    controls "Ответить", "Yanıtla", "Trả lời", "返信", "回复", "답글", "رد", "जवाब दें". The
    evidence a thread needs is unchanged (two control lines, a dated header before each
    comment), so a sentence about replying or a dated timeline stays. On the evaluation corpus,
    whose threads are in English, nothing changed: no more lines removed and no line of the
    ground truth.
    """

    code = "CMT004"
    name = "comment-thread"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE
    options = {"min-comments": 2}

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        blocks = doc.blocks
        text = doc.block_text  # per use: a list of every block's text took twice a long record
        markers = [b.index for b in blocks if b.kind not in (d.QUOTE, d.TITLE) and is_marker(text(b))]
        if len(markers) < int(self.opts["min-comments"]):
            return
        # Each comment: from a header line after the previous marker to its own marker.
        starts: list[int] = []
        previous = -1
        for m in markers:
            headers = [i for i in range(max(previous + 1, m - 8), m) if is_header(text(blocks[i]))]
            if not headers:
                starts.append(-1)
            else:
                start = headers[0]
                if start - 1 > previous and _is_name(name := text(blocks[start - 1])) and not is_header(name):
                    start -= 1
                starts.append(start)
            previous = m
        # The longest run of consecutive comments that each have a header, adjacent to each other.
        best: tuple[int, int] | None = None
        i = 0
        while i < len(markers):
            if starts[i] < 0:
                i += 1
                continue
            j = i
            while j + 1 < len(markers) and starts[j + 1] == markers[j] + 1:
                j += 1
            if j - i + 1 >= int(self.opts["min-comments"]) and (best is None or j - i > best[1] - best[0]):
                best = (i, j)
            i = j + 1
        if best is None:
            return
        first, last = starts[best[0]], markers[best[1]]
        if first < 1 or doc.relative_position(blocks[first]) < 0.2:
            return
        if any(is_wire_credit(text(blocks[k])) for k in range(first, last + 1)):
            return
        n = best[1] - best[0] + 1
        yield self.report(f"Thread of {n} readers' comments without a heading",
                          Span(blocks[first].span.start, blocks[first].span.end),
                          self.remove_blocks(doc, blocks[first], blocks[last], "Remove the comment thread"))
