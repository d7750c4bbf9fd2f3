"""The shapes of a whole run of headlines for teaser-run (REL006): whether it is a grid as sites
print them, opens under a label, is a table or a menu, or lies beyond a lone paragraph."""

import re
from bisect import bisect_left, bisect_right

from lintnews.prose import LABEL_END
from lintnews.rules._dates import MONTHS


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


def opens_grid(text: str) -> bool:
    """A grid's label or section name: a few words without a closing mark ("World", "More from
    the site", "Latest galleries"), not a sentence or a colon that introduces a list."""
    text = text.strip()
    return 0 < len(text.split()) <= 6 and text[-1] not in LABEL_END


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


# The date a grid prints after each headline ("... coach November 20, 2019", "... 20. November 2019").
_DATE_AFTER = re.compile(rf"\s+(?:(?:{MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\.?\s+(?:{MONTHS})\.?,?\s+\d{{4}})$",
                         re.IGNORECASE)


def is_table(items: list[str]) -> bool:
    """Mostly dates, scores or prices: a table of the article, not other stories. A date after
    a headline is the grid's, not a table's."""
    return sum(any(ch.isdigit() for ch in _DATE_AFTER.sub("", t)) for t in items) * 3 > len(items) * 2


def is_menu(items: list[str]) -> bool:
    """Half the items or more open or close with the same two words ("Schedule of the Cup",
    "Results of the Cup"): a menu of one topic's sections, not a list of other stories."""
    words = [_DATE_AFTER.sub("", t).casefold().split() for t in items]
    for part in ([w[:2] for w in words], [w[-2:] for w in words]):
        counts: dict[tuple[str, ...], int] = {}
        for p in part:
            counts[tuple(p)] = counts.get(tuple(p), 0) + 1
        if max(counts.values()) * 2 >= len(items):
            return True
    return False


# A byline and a date glued before a dek, as grids of other stories print them: "Tom Rogan
# Tuesday November 19, 2019 Beyond the partisan whirlwind ...": a name of two words or more that
# start with a capital (no digit, no sentence mark but an initial's), a weekday perhaps, a date,
# then the dek's first sentence. An article's sentence that opens with a date ("On November 19,
# 2019 the council ...") goes on in lower case or after a comma.
_NAME = r"[A-ZÀ-ÖØ-Þ][^\W\d_]*\.?"
_NAMED_DATE = re.compile(
    rf"{_NAME}(?:,?\s+(?:and\s+|&\s+)?{_NAME}){{1,5}},?\s+"
    r"(?:(?i:mon|tues|wednes|thurs|fri|satur|sun)(?i:day),?\s+)?"
    rf"(?:(?i:{MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\.?\s+(?i:{MONTHS})\.?,?\s+\d{{4}})"
    r"\s+[\"“‘'«]?[A-ZÀ-ÖØ-Þ]")


def dated_grids(texts: list[str], usable: list[bool], max_words: int, need: int) -> list[tuple[int, int]]:
    """Stretches where every other line is a dek that opens with its byline and date and the
    lines between are single short lines (the headlines, whatever their shape: a quotation, a
    question): at least `need` such deks, one line apart. An article's paragraphs open with
    their own text; a live blog's entries open with a time or a date, not a name before it."""
    dated = [usable[i] and "\n" not in texts[i].strip() and bool(_NAMED_DATE.match(texts[i].strip()))
             for i in range(len(texts))]

    def short(i: int) -> bool:
        text = texts[i].strip()
        return usable[i] and not dated[i] and "\n" not in text and 0 < len(text.split()) <= max_words

    grids = []
    i = 0
    while i < len(texts):
        if not dated[i]:
            i += 1
            continue
        first = last = i
        count = 1
        while last + 2 < len(texts) and short(last + 1) and dated[last + 2]:
            last += 2
            count += 1
        # The headline of the last dek, under it or, when the grid prints deks under their
        # headlines, over the first.
        if last + 1 < len(texts) and short(last + 1):
            last += 1
        elif first > 0 and short(first - 1):
            first -= 1
        if count >= need:
            grids.append((first, last))
        i = last + 1
    return grids
