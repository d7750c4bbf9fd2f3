"""The shape of one line of teaser-run's (REL006) grids: another story's headline."""

import re

from lintnews.guards import is_wire_credit
from lintnews.prose import CREDIT, LABEL_END, unpunctuated, word_count
from lintnews.rules._teaser_shapes import CLOSING_QUOTES, COUNT_AFTER, QUESTION, SECOND_SENTENCE, strip_symbols
from lintnews.patterns import compile_cached

# Photo credits, sources (prose.CREDIT) and "key : value" lines are captions and fact boxes of the article.
_TEMPLATE = compile_cached(r"\)\s*:|\s:\s")


# "Title by Author": the credit of a work (an artwork, a book, a photo) in the article's own list.
_WORK_CREDIT = compile_cached(r"\s(?:by|von|par|por|di|door|av|przez|от)\s+\S+(?:\s+\S+){0,3}$", re.IGNORECASE)
# Of those words, the others are also the common prepositions of their languages, and of
# others ("di" is Indonesian "in", "par" French "through"): a line that ends so is a headline
# ("... di Jogja", "... paralysée par la grève") unless more than half of its run's lines do.
_BY_CREDIT = compile_cached(r"\sby\s+\S+(?:\s+\S+){0,3}$", re.IGNORECASE)
# A headline that opens with a quoted name or phrase of a few words, closed without a mark of
# its own and followed by a colon or a capitalised word: "'Sonic' Redesign Cost ...", "‘Unmistakable
# Bias’: AWS Challenges ...". A quotation closes on a comma or a mark ('"We will fight," he said').
_QUOTED_OPENING = compile_cached(r"(?:'[^'\s][^'\n]{0,60}?[^\W_]'|‘[^’\n]{1,60}?[^\W_]’|\"[^\"\n]{1,60}?[^\W_]\"|“[^”\n]{1,60}?[^\W_]”"
                                 r"|«\s?[^»\n]{1,60}?[^\W_]\s?»)(?::\s|\s+[A-ZÀ-ÖØ-Þ\d])")
# In Chinese and Japanese the quoted name opens the headline in corner brackets or curly quotes,
# the headline going on right after it without a space: "「あずきバー」事件 －商標の判決シリーズ",
# "“双十一”销售额创新高". A quoted sentence ends in its own mark ("。", "」"), which no headline does.
_CJK_QUOTED_OPENING = compile_cached(r"(?:「[^」\n]{1,40}」|『[^』\n]{1,40}』|“[^”\n]{1,40}”)"
                                     r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]")
_URL = compile_cached(r"https?://|www\.|\.(?:com|org|net)\b", re.IGNORECASE)


def is_headline(text: str, min_words: int, max_words: int) -> bool:
    """Shaped like a link to another article: a few words that start with a letter or a number,
    one sentence without a closing full stop (it may end in a question mark), not a quotation, a
    credit, a link or a "key: value" line. Words are counted as ``word_count`` does. Only a work's
    English credit ("Title by Author") is none; its other languages' ("di", "von", "par" ...)
    are left to the run (``is_work_credit``)."""
    text = strip_symbols(text)
    # A count in brackets after the headline ("... rankings (133)") is the grid's, not a closing mark.
    if text.endswith(")"):
        text = COUNT_AFTER.sub("", text)
    if not text or "\n" in text or not (text[0].isalnum() or text[0] in "¿¡" or _QUOTED_OPENING.match(text)
                                         or _CJK_QUOTED_OPENING.match(text)):
        return False
    # A headline may close on a quoted word ('... accuses the media of being "sick"'); a
    # sentence closes its quotation after its own mark ('... he said, "sick."').
    if text[-1] in LABEL_END and not (text[-1] in CLOSING_QUOTES and text[-2:-1].isalnum()) and text[-1] not in QUESTION:
        return False
    if len(text) > 200 or not min_words <= word_count(text) <= max_words:
        return False
    # In Thai, Lao or Khmer a short paragraph has no closing mark either: it looks like a headline.
    if unpunctuated(text):
        return False
    # A template and a credit hold a colon, a link a dot or a slash: most headlines are searched for none.
    colon = ":" in text
    if not any(map(str.isalpha, text)) or SECOND_SENTENCE.search(text) or colon and _TEMPLATE.search(text):
        return False
    if colon and CREDIT.search(text) or ("." in text or "/" in text) and _URL.search(text) or _BY_CREDIT.search(text):
        return False
    return not is_wire_credit(text)


def is_work_credit(text: str) -> bool:
    """The line ends in a work's credit, in any of the languages: "... by Author", "... di Autore"."""
    return bool(_WORK_CREDIT.search(strip_symbols(text)))
