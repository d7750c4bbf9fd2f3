"""The shapes of teaser-run's (REL006) lines (a dek, a cut teaser) and of a whole run of
headlines: whether it is a grid as sites print them, opens under a label, is a table, a menu or
the article's own sections, or lies beyond a lone paragraph."""

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from functools import lru_cache

from lintnews.patterns import compile_cached
from lintnews.guards import is_wire_credit
from lintnews.prose import BULLETS, LABEL_END, OPEN_QUOTES, ends_sentence, is_prose, several_sentences, word_count
from lintnews.rules._dates import MONTHS, DatePattern, date

# A second sentence inside a line: "... arrived. The Sami ...".
SECOND_SENTENCE = compile_cached(r"[.!?…]\s+[\"“„«‘']?[A-ZÀ-ÖØ-ÞА-ЯЁΑ-ΩΆ-Ώ]")


def sentences(text: str) -> int:
    return len(SECOND_SENTENCE.findall(text.rstrip(".!?… "))) + 1


def is_long_dek(text: str, max_dek_words: int) -> bool:
    """The summary a grid of other stories prints under a headline, as long as a short
    paragraph: one to three sentences of 9 to `max_dek_words` words (a shorter sentence is the
    article's sign-off: "Originally published on ..."), or, cut short by the site (no closing
    mark, or an ellipsis), up to twice as many."""
    text = text.strip()
    if not text or "\n" in text or text[0] in BULLETS or is_wire_credit(text):
        return False
    words = len(text.split())
    if text[-1] in LABEL_END and not text.endswith(("…", "...")):
        return 9 <= words <= max_dek_words and sentences(text) <= 3
    return 9 <= words <= 2 * max_dek_words


CLOSING_QUOTES = "\"”’»"
# A headline may ask ("Is the bridge safe?"): the question marks of the Latin, full-width and Arabic scripts.
QUESTION = "?？؟"


def is_companion(text: str, max_dek_words: int) -> bool:
    """What a teaser prints beside its headline: a dek of one sentence, or a short
    line of metadata (a date, "3 hours ago", "by Name", a comment count, a section name)."""
    text = text.strip()
    if not text or "\n" in text or text[0] in BULLETS and len(text) > 1:
        return False
    # A paragraph of prose is the article's own, even one of few spaces (Thai has no closing mark).
    if is_prose(text):
        return False
    words = word_count(text)
    if words <= 8:
        # A sentence that ends in a colon introduces the article's own list ("The report draws
        # on these documents:"); a grid's label may end in one ("More on:").
        if text[-1] in ":：" and words >= 4:
            return False
        # A date, a time or a byline; a short sentence is the article's own (its sign-off), its
        # mark perhaps inside a closing quotation ('He called it "a betrayal."').
        return not ends_sentence(text.rstrip(CLOSING_QUOTES + ")"))
    # Under a headline-shaped line, a paragraph of prose is a subheading's section, not a dek;
    # a dek is one sentence in every script ("。" or "।" inside makes two).
    return (words <= max_dek_words and sentences(text) == 1 and not several_sentences(text)
            and text[0] not in OPEN_QUOTES)


def unanswered(texts: list[str], heads: list[bool]) -> list[bool]:
    """The headlines, but for the questions that a line of nine words or more answers: a question
    is another story's headline only above another headline (not a question) or a short line
    (a date, a byline); above a longer line it is asked, and that line is its answer."""
    asks = [h and strip_symbols(t)[-1:] in QUESTION for t, h in zip(texts, heads)]
    return [h and not (asks[i] and i + 1 < len(texts) and word_count(texts[i + 1]) >= 9
                       and not (heads[i + 1] and not asks[i + 1]))
            for i, h in enumerate(heads)]


def strip_symbols(text: str) -> str:
    """The line without the emoji or pictographs that close it ("See you soon! 🙂")."""
    text = text.strip()
    while text and unicodedata.category(text[-1]) in ("So", "Sk", "Cf", "Mn"):
        text = text[:-1].rstrip()
    return text


def is_cut_teaser(text: str, max_dek_words: int) -> bool:
    """A headline glued to the start of its dek, which the site cut short with an ellipsis:
    "Council closes library The council voted on Monday to...". An article's paragraph ends
    like a sentence; one that trails off ("So frustrating …") is short."""
    text = text.strip()
    # The ellipsis first: few lines end in one, and the wire-credit test is the costly one.
    if not text.endswith(("...", "…")) or "\n" in text or text[0] in OPEN_QUOTES or text[0] in BULLETS:
        return False
    return 9 <= len(text.split()) <= max_dek_words and not is_wire_credit(text)


def printed_as_grid(texts: list[str], heads: list[bool], first: int, last: int, twice: set[str]) -> bool:
    """Signs that a run whose headlines hold digits (versions, prices, model years) is a grid,
    not a table: two lines or more of nine words or more that the site cut short with an
    ellipsis, or three headlines or more of five words or more that the page prints twice each
    (``twice``: the texts of the blocks that occur more than once) among three or more it prints
    once, as grids repeat some of their tiles. A table's rows are short and never cut, and a
    table the page prints twice repeats every row."""
    cut = sum(len(texts[k].split()) >= 9 and texts[k].rstrip().endswith(("…", "..."))
              for k in range(first, last + 1))
    again = {texts[k].strip() for k in range(first, last + 1)
             if heads[k] and len(texts[k].split()) >= 5 and texts[k].strip() in twice}
    once = sum(heads[k] and texts[k].strip() not in twice for k in range(first, last + 1))
    return cut >= 2 or len(again) >= 3 and once >= 3


def irregular(texts: list[str], heads: list[bool], first: int, last: int) -> bool:
    """A grid as sites print them: some headline without a dek (another headline right under
    it), or some dek cut short (no closing mark, or an ellipsis). The article's own subheadings
    each have their paragraph, and every paragraph ends like a sentence."""
    # Not the first line: a grid's label, or the heading over the article's own subheadings.
    if any(heads[i] and heads[i + 1] for i in range(first + 1, last)):
        return True
    return any(not heads[i] and len(texts[i].split()) >= 9
               and (texts[i].rstrip()[-1:] not in LABEL_END or texts[i].rstrip().endswith(("…", "...")))
               for i in range(first, last + 1))


def article_sections(texts: list[str], heads: list[bool], first: int, last: int) -> bool:
    """The run reads as the article's own short sections: every headline over exactly one
    sentence of its own (a line that ends like a sentence), the last headline too, and nothing
    else between them ("Key facts", an FAQ whose questions lost their mark). A grid of other
    stories has a headline without a dek, a date, a byline or a dek cut short somewhere; one
    that prints none of them is shaped as the article's sections are, and is left alone."""
    if last + 1 >= len(texts) or (last - first) % 2:
        return False
    deks = [texts[k].strip() for k in range(first + 1, last + 2, 2)]
    return all(heads[k] for k in range(first, last + 1, 2)) \
        and all(len(t.split()) >= 4 and "\n" not in t and not heads[k] and ends_sentence(t.rstrip("\"”’»)"))
                and not t.endswith(("…", "...")) for k, t in zip(range(first + 1, last + 2, 2), deks))


def opens_grid(text: str) -> bool:
    """A grid's label or section name: a few words without a closing mark ("World", "More from
    the site", "Latest galleries"), not a sentence or a colon that introduces a list."""
    text = text.strip()
    # A paragraph is split no further than its seventh word.
    return bool(text) and text[-1] not in LABEL_END and len(text.split(None, 6)) <= 6


def beyond_lone_paragraph(texts: list[str], prose: list[int], first: int, last: int, heads: list[bool],
                           need: int, min_prose: int) -> tuple[int, int]:
    """The article's first and last paragraphs of prose for a run between paragraphs: when the
    run parts a single paragraph at the page's top or bottom (a language chooser, a cookie
    notice, a disclaimer) from a body of at least `min_prose`, that paragraph is not the
    article's. The run needs twice `need` headlines, and the block before it must not end in a
    colon (a list the paragraph introduces)."""
    # ``prose`` is in order: cut, not scanned (a long text holds thousands of runs).
    before = prose[:bisect_left(prose, first)]
    after = prose[bisect_right(prose, last):]
    if sum(heads[first:last + 1]) >= 2 * need and not texts[first - 1].rstrip().endswith((":", "：")):
        if len(before) == 1 and len(after) >= min_prose:
            return after[0], after[-1]
        if len(after) == 1 and len(before) >= min_prose:
            return before[0], before[-1]
    return prose[0], prose[-1]


# The date a grid prints after each headline ("... coach November 20, 2019", "... 20. November 2019"),
# with its month's name in any of the languages of _dates ("... 20 ноября 2019", "... 2019年11月20日").
# This and _teaser_runs' _NAMED_DATE compile on first use: a check that meets no grid never needs them.
_DATE_AFTER = DatePattern(lambda: rf"(?<!\s)\s+(?:(?:{MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\.?\s+(?:{MONTHS})\.?,?\s+\d{{4}}"
                                  rf"|(?!\d{{1,2}}[./-])(?:{date()}))$", re.IGNORECASE)
_DIGIT = compile_cached(r"\d")


# The count a "most read" or "most commented" grid prints after each headline: "... rankings (133)".
COUNT_AFTER = compile_cached(r"(?<!\s)\s+\(\d{1,7}\)$")
# Words a line needs before a count for the count to be a grid's: a headline's length. A table's
# row is a short label over its number ("Votes against the closure (7)").
_COUNTED_WORDS = 6


def _undated(text: str) -> str:
    """The line without the date a grid prints after a headline."""
    # Every form of the date holds a digit: a line without one (most headlines) is not searched
    # place by place for the months' names.
    return _without_date(text) if _DIGIT.search(text) else text


@lru_cache(maxsize=512)
def _without_date(text: str) -> str:
    # A run's lines are read by is_table and is_menu, for both kinds of run: four times each.
    return _DATE_AFTER.sub("", text)


def _uncounted(text: str) -> str:
    """The line without the count a grid prints after a headline."""
    bare = COUNT_AFTER.sub("", text)
    return bare if len(bare.split()) >= _COUNTED_WORDS else text


def is_table(items: list[str]) -> bool:
    """Mostly dates, scores or prices: a table of the article, not other stories. A date after
    a headline is the grid's, not a table's, and so is a count in brackets after a headline of
    six words or more."""
    return sum(any(map(str.isdigit, _uncounted(_undated(t)))) for t in items) * 3 > len(items) * 2


def is_menu(items: list[str]) -> bool:
    """Half the items or more open or close with the same two words ("Schedule of the Cup",
    "Results of the Cup"): a menu of one topic's sections, not a list of other stories."""
    words = [_undated(t).casefold().split() for t in items]
    for part in ([w[:2] for w in words], [w[-2:] for w in words]):
        counts: dict[tuple[str, ...], int] = {}
        for p in part:
            counts[tuple(p)] = counts.get(tuple(p), 0) + 1
        if max(counts.values()) * 2 >= len(items):
            return True
    return False


def stretches(opens: list[bool], grow: Callable[[int], tuple]) -> Iterator[tuple]:
    """What ``grow(i)`` makes of each line ``i`` that ``opens`` a stretch, (first, last, ...)
    of the stretch; the next one is looked for after its last line."""
    i = 0
    while i < len(opens):
        if not opens[i]:
            i += 1
            continue
        found = grow(i)
        yield found
        i = found[1] + 1


def doubles_its_opening(text: str, min_words: int = 4) -> bool:
    """The line opens with a stretch of `min_words` words or more printed twice in a row ("World
    Storm closes the port World Storm closes the port Ships waited ..."): a tile of a grid that
    prints its headline as the picture's caption and again as the link, then perhaps its dek.
    A sentence that repeats a phrase ("3 years, 3 years ..." Look ...) says something between
    the two, or repeats fewer words."""
    # Compared only where the first word comes back (a paragraph has a hundred words); in most
    # paragraphs it never does, told by one search before their words are split.
    first = (text.split(None, 1) or [""])[0]
    if "\n" in text.strip() or min_words > 0 and text.find(first, text.find(first) + len(first)) < 0:
        return False
    words, k = text.split(), min_words
    last = len(words) // 2 + 1
    while k < last:
        try:
            k = words.index(words[0], k, last)
        except ValueError:
            return False
        # Word by word to the first that differs: slices copied up to half of a one-line text
        # for each place its first word comes back (a 4 MB line: over a minute).
        if all(words[j] == words[k + j] for j in range(k)):
            return True
        k += 1
    return False


def _unmarked(text: str) -> bool:
    """Cut short or printed without a closing mark, as sites print headlines and deks."""
    text = text.rstrip()
    return text[-1:] not in LABEL_END or text.endswith(("…", "..."))


def sectioned_grid(texts: list[str], usable: list[bool], heads: list[bool], max_words: int, max_dek: int,
                   need: int) -> list[tuple[int, int]]:
    """Stretches of sections, each under a section name (a line of one or two words, or a label
    of at most six without a closing mark, not headline-shaped: "World", "U.S.", "Latest
    Galleries"), each section a series of titles (single lines of at most `max_words` words),
    each perhaps with one dek under it (a single line of at most twice `max_dek` words), and two
    or more headlines among the titles. A stretch needs two sections or more, three times `need`
    headlines, and more than half of its lines of nine words or more printed without a closing
    mark (or cut short): an article's sections hold paragraphs one after another or right under
    their heading, and its paragraphs end like sentences. A line that ends in a colon
    ("Sources:") introduces the article's own list and ends the section, and headlines that
    mostly hold digits are a table, not other stories."""
    n = len(texts)
    if sum(heads) < 3 * need:  # a grid holds that many headlines: most texts have fewer
        return []

    # Whether a line is usable is asked last, of the few of the right shape (``usable`` may work
    # it out only when asked).
    def line(i: int) -> str | None:
        text = texts[i].strip()
        return text if text and "\n" not in text and text[0] not in BULLETS and usable[i] else None

    labels: list[bool | None] = [None] * n  # each line is asked about by its neighbours too

    def label(i: int) -> bool:
        known = labels[i]
        if known is None:
            text = texts[i].strip()
            # Not a colon's: "Sources:" introduces the article's own list.
            known = labels[i] = bool(text) and not heads[i] and "\n" not in text and text[0] not in BULLETS \
                and text[-1] not in ":：;," and (len(text) <= 25 and len(text.split()) <= 2 or opens_grid(text)) \
                and usable[i]
        return known

    def section(i: int) -> tuple[int, int] | None:
        """The last headline or dek of the section under the label at ``i``, and its last line,
        if it is a grid's."""
        j, last, good, count = i + 1, None, None, 0
        while j < n and not label(j):
            text = line(j)
            # A line that ends in a colon introduces the article's own list.
            if text is None or len(text.split()) > max_words or text[-1] in ":：":
                break
            count += heads[j]
            last = j
            # A line after the grid's last headline and dek (a copyright line) is no part of it.
            if heads[j] or heads[j - 1]:
                good = j
            dek = line(j + 1) if j + 1 < n else None
            if dek is not None and not label(j + 1) and len(dek.split()) > max_words and len(dek.split()) <= 2 * max_dek:
                last = good = j = j + 1
            j += 1
        ends = last is not None and (last + 1 >= n or label(last + 1))
        return (good, last) if count >= 2 and ends and good is not None else None

    grids = []
    i = 0
    while i < n:
        if not label(i) or (found := section(i)) is None:
            i += 1
            continue
        first, sections, (last, end) = i + 1, 1, found
        while end + 1 < n and label(end + 1):
            k = end + 1
            while k + 1 < n and label(k + 1):
                k += 1  # a label over a label: "Popular", "Popular"
            if (more := section(k)) is None:
                break
            sections, (last, end) = sections + 1, more
        long = [texts[k] for k in range(first, last + 1) if len(texts[k].split()) >= 9]
        items = [texts[k] for k in range(first, last + 1) if heads[k]]
        if sections >= 2 and len(items) >= 3 * need and sum(map(_unmarked, long)) * 2 > len(long) \
                and not is_table(items):
            grids.append((first, last))
        i = end + 1
    return grids


Run = tuple[int, int, bool]


def layout(extra: list[Run], longs: list[Run], normal: list[Run], is_prose: list[bool]) -> tuple[list[Run], list[int]]:
    """The runs to weigh, in order (``extra`` grids first, then the grids with long deks, then the
    other runs, each only where none before it lies), and the paragraphs of prose outside them."""
    grids = extra + [g for g in longs if not any(a <= g[1] and g[0] <= b for a, b, _ in extra)]
    covered = {i for first, last, _ in grids for i in range(first, last + 1)}
    runs = sorted(grids + [r for r in normal if not covered.intersection(range(r[0], r[1] + 1))])
    inside = {i for first, last, _ in runs for i in range(first, last + 1)}
    return runs, [i for i in range(len(is_prose)) if i not in inside and is_prose[i]]
