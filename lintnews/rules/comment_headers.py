import re
from collections.abc import Iterator

from lintnews import document as d
from lintnews.patterns import compile_cached
from lintnews.document import Document
from lintnews.guards import is_wire_credit
from lintnews.model import Applicability, Diagnostic, Severity, Span
from lintnews.prose import LABEL_END, prose_blocks
from lintnews.rule import Option, Rule
from lintnews.rules._dates import DatePattern, date

# When a comment was written: a date in any of the languages of _dates ("August 8, 2018",
# "8. August 2018", "08/08/2018", "8 августа 2018", "2018年8月8日"), then the time ("at 3:17 pm",
# "um 15:17", "à 15h17", "в 15:17").
_TIME = r"\d{1,2}(?::|h)\d{2}(?:\s*[ap]\.?\s?m\.?)?"
# Words between a name and the date, or between the date and the time: "on", "am", "le", "el",
# "em", "il", "op", "at", "um", "à", "a las", "в", "pukul", "lúc", "saat".
_BEFORE = r"(?:on|am|le|el|em|il|op|den|the)\s+"
_BETWEEN = r"[\s,|·•–—-]*(?:(?:at|um|à|a\s+las|às|alle|om|kl\.?|klo|o|в|о|pukul|jam|lúc|saat)\s+)?"
# What may close the header: "said:", "says:", "wrote:" and their translations (after a space
# but in Chinese: "王芳 2021年3月3日 9:12说:").
_SAID = (r"(?:\s*(?P<said>(?<=\s)(?:said|says|wrote|sagt|schrieb|schreibt|dit|a\s+dit|dice|dijo|disse|diz|ha\s+detto|scrisse|zei|schreef|пишет|написал|написала|berkata|menulis|dedi|yazdı|napisał|napisała|viết)|说|說|写道|寫道)\s*[:：]?)?")
# The time every header holds, looked for before the header's pattern: that one tries its dates of
# 28 languages at each place of a line, and most lines hold no time.
_CLOCK = compile_cached(r"\d[:hH]\d\d")
# Compiled on first use: the dates of 28 languages take longer to compile than most checks take.
_HEADER = DatePattern(lambda: rf"^(?P<name>.+?)[\s,|·•–—-]+(?:{_BEFORE})?(?:{date()}){_BETWEEN}{_TIME}{_SAID}\s*$",
                      re.IGNORECASE)


def header(text: str) -> re.Match | None:
    """A comment's header line: a name (one to five words that start with a capital, a site's
    tag in brackets allowed: "Catherine (GiveWell)"), the date and the time, perhaps "said:"
    (the match's group ``said``)."""
    text = text.strip()
    if "\n" in text or len(text) > 120 or text[:1] in "\"“„«‘'" or not _CLOCK.search(text):
        return None
    m = _HEADER.match(text)
    if not m:
        return None
    name = re.sub(r"\s*\([^()]{1,30}\)", "", m.group("name")).strip()
    words = name.split()
    # A name starts with a capital, in the scripts that have them (Chinese, Arabic or Hindi have none).
    first = name[:1]
    if not 1 <= len(words) <= 5 or not (first.isupper() or first.isalpha() and first.lower() == first.upper()) \
            or name[-1] in LABEL_END:
        return None
    return None if any(ch.isdigit() for ch in name) else m


def _ends_comment(text: str) -> bool:
    """A block no comment is made of: a heading or a link label after the thread ("Recent
    posts", "Learn More"): a few words without a closing mark of any kind."""
    text = text.strip()
    return len(text.split()) <= 6 and text[-1:] not in LABEL_END and text[-1:] != ","


class DatedCommentRun(Rule):
    """Readers' comments without a heading or a reply control, each under a "<name> <date> at <time>" header.

    ## Why is this bad?

    Blogs and small news sites print their readers' comments under the article, each opened by
    its author's name and when it was written ("Milan on September 12, 2018 at 4:47 pm said:",
    "Gaye August 8, 2018 at 3:17 pm"), often without a "Comments" heading or a "Reply" link
    the scraper kept. Scraped with the article, the readers' opinions read as its last
    paragraphs. The rule needs a thread: at least `min-comments` (default 3) header lines, each
    a block of its own with a name (one to five words starting with a capital, no digits, a
    site's tag in brackets allowed), a date and a time, perhaps "said:", with at most
    `max-comment-blocks` (default 10) blocks between two headers.

    ## Example

    ```text
    The library closes in May, the council said after a long meeting on Monday night, and the books will go to the schools of the district before the end of the summer.

    The building needs a new roof, which the city cannot pay for this year, the mayor said.

    Marta on March 3, 2021 at 9:12 am said:

    Great news, finally!

    Tom Reyes on March 3, 2021 at 11:40 am said:

    I do not agree, Marta.

    We need the library.

    Ana on March 4, 2021 at 8:02 am said:

    Same here.

    Recent posts
    ```

    After the fix:

    ```text
    The library closes in May, the council said after a long meeting on Monday night, and the books will go to the schools of the district before the end of the summer.

    The building needs a new roof, which the city cannot pay for this year, the mayor said.

    Recent posts
    ```

    A quotation of a post ("“Marta on March 3 ...”"), a dateline, a byline with a date but no
    time, and a live blog's entries (a time or a date alone, no name before it) are no headers.

    ## Fix safety

    Safe where every header says who wrote ("said:", "says:", "wrote:", "sagt", "dit", "dice",
    "disse", "zei"): the fix removes the thread from its first header to the end of its last comment,
    which ends before the first heading or link label after it (a few words without a closing
    mark: "Recent posts", "Learn More") or after `max-comment-blocks` blocks. The thread must
    follow the article: its first header comes after the first paragraph of prose, and no block
    of the thread is a wire credit. Three header lines of name, date and time, each a line of
    its own, are not how an article is written; an article that reports on comments quotes
    them or retells them in sentences. On the 181 pages of the evaluation corpus the fix removed
    one such thread (41 lines, about 1,300 words of comments) and no line of the ground truth in
    any view, nor an article word by the benchmark's word count.

    Headers of a name, a date and a time alone ("Gaye August 8, 2018 at 3:17 pm") are also how
    a live blog signs its entries, and a page's byline looks the same: such a thread is
    reported, and its fix is shown but never applied. Removing one also exposes whatever stood
    between the article and the thread to the rules that find the article's edges: on the
    evaluation corpus, a writer's sign-off the ground truth keeps ("Pamela Wilson") became the
    first label of a menu run.

    Headers are read in the languages of the rest of lintnews: a date in any of 28 languages
    (CLDR's month names, "3 марта 2021", "2021年3月3日"), the words around it ("в 9:12",
    "пишет:", "berkata:", "yazdı:", "说:", and a name in a script without
    capitals (Chinese, Arabic, Hindi). On the evaluation corpus, whose threads are in English,
    nothing changed: no more lines removed and no line of the ground truth.
    """

    code = "CMT006"
    name = "dated-comment-run"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE
    options = {
        "min-comments": Option(int, 3, minimum=0, description="Fewest comment headers in a thread"),
        "max-comment-blocks": Option(int, 10, minimum=0, description="Most blocks of a comment between its header and the next"),
    }

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        blocks = doc.blocks
        # The headers only: every block's text in a list, and a match or None for each, took
        # three times a long record.
        found = {}
        for i, b in enumerate(blocks):
            if b.kind not in (d.QUOTE, d.TITLE) and (m := header(doc.block_text(b))):
                found[i] = m
        heads = list(found)
        need, gap = int(self.opts["min-comments"]), int(self.opts["max-comment-blocks"])
        if len(heads) < need:
            return
        prose = [i for i, p in enumerate(prose_blocks(doc)) if p]
        if not prose:
            return
        # Runs of headers no more than `gap` blocks apart, each after the first paragraph of prose.
        runs: list[list[int]] = []
        for i in heads:
            if i <= prose[0]:
                continue
            if runs and i - runs[-1][-1] - 1 <= gap:
                runs[-1].append(i)
            else:
                runs.append([i])
        for run in runs:
            if len(run) < need:
                continue
            last = run[-1]
            end = last
            while end + 1 < len(blocks) and end - last < gap and not _ends_comment(doc.block_text(blocks[end + 1])):
                end += 1
            if any(is_wire_credit(doc.block_text(blocks[k])) for k in range(run[0], end + 1)):
                continue
            said = all(found[i].group("said") for i in run)
            opening = doc.block_text(blocks[run[0]]).strip()[:60]
            yield self.report(f"Thread of {len(run)} readers' comments ({opening!r}, ...)",
                              Span(blocks[run[0]].span.start, blocks[run[0]].span.end),
                              self.remove_blocks(doc, blocks[run[0]], blocks[end], "Remove the comment thread",
                                                 applicability=Applicability.SAFE if said
                                                 else Applicability.DISPLAY_ONLY))
