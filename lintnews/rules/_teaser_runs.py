"""Teaser-run's (REL006) runs: stretches of other stories' headlines and their companions."""

from lintnews.document import Block
from lintnews.rules._teaser_headline import is_work_credit
from lintnews.rules._teaser_shapes import (QUESTION, is_companion, is_long_dek, is_menu, is_table, printed_as_grid,
                                           stretches, strip_symbols)


def headline_runs(blocks: list[Block], texts: list[str], usable: list[bool], heads: list[bool],
                  gap: int, dek: int, need: int, long_deks: bool, twice: set[str]) -> list[tuple[int, int, bool]]:
    """Stretches from a headline to a headline with at most `gap` companions between two,
    and whether a companion is a long dek (one right under its headline)."""
    def grow(i: int) -> tuple[int, int, int, bool]:
        last = i
        count = 1
        j = i + 1
        long = False
        while j < len(blocks):
            k = j
            longs = False
            while k < len(blocks) and k - last - 1 < gap and not heads[k] and usable[k]:
                if not is_companion(texts[k], dek):
                    if not long_deks or k != last + 1 or not is_long_dek(texts[k], dek):
                        break
                    longs = True
                k += 1
            if k < len(blocks) and heads[k] and k - last - 1 <= gap:
                last, count, j, long = k, count + 1, k + 1, long or longs
                continue
            break
        return i, last, count, long

    runs: list[tuple[int, int, bool]] = []
    for first, last, count, long in stretches(heads, grow):
        items = [texts[k] for k in range(first, last + 1) if heads[k]]
        # Questions make a headline only among statements: a run of questions, each with
        # its one-sentence answer, is the article's questions and answers.
        if count >= need and 2 * sum(strip_symbols(t)[-1:] in QUESTION for t in items) <= len(items) \
                and 2 * sum(is_work_credit(t) for t in items) <= len(items) \
                and not (is_table(items) and not printed_as_grid(texts, heads, first, last, twice)) \
                and not is_menu(items):
            runs.append((first, last, long))
    return runs
