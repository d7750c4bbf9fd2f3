from collections.abc import Iterator

from lintnews.document import Document
from lintnews.model import Applicability, Diagnostic, Severity, Span
from lintnews.rule import Option, Rule
from lintnews.patterns import compile_cached


# Chinese and Japanese characters: a word of two of them says what a word of six Latin letters
# does, so each counts as three characters toward `min-chars`.
_DENSE = compile_cached(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _length(text: str) -> int:
    text = text.strip()
    return len(text) + 2 * len(_DENSE.findall(text))


def _long_enough(text: str, min_chars: int) -> bool:
    """``_length(text) >= min_chars``, its dense characters looked for only where they count."""
    return len(text.strip()) >= min_chars or _length(text) >= min_chars


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _edges(text: str) -> tuple[str, str]:
    """The first and last words of ``text``, case folded: those of its ``_key`` (folding makes
    and takes no space), found without reading the words between."""
    head, tail = text.split(None, 1), text.rsplit(None, 1)
    return (head[0].casefold() if head else "", tail[-1].casefold() if tail else "")


def _origins(doc: Document, counted: list) -> list[int | None]:
    """Where the first copy of each paragraph (by ``_key``) stands among ``counted``, when
    earlier. Paragraphs of the same key share their first and last words: only paragraphs
    sharing both with another are keyed (few; making every paragraph's key cost more than the
    rest of the rule)."""
    by_edges: dict[tuple[str, str], list[int]] = {}
    for pos, block in enumerate(counted):
        by_edges.setdefault(_edges(doc.block_text(block)), []).append(pos)
    origin: list[int | None] = [None] * len(counted)
    for group in by_edges.values():
        if len(group) < 2:
            continue
        first: dict[str, int] = {}
        for pos in group:  # in the text's order
            key = _key(doc.block_text(counted[pos]))
            origin[pos] = first.get(key)
            first.setdefault(key, pos)
    return origin


class DuplicateParagraph(Rule):
    """A paragraph that repeats an earlier paragraph of the same article word for word.

    ## Why is this bad?

    Scrapers duplicate paragraphs when a page repeats them (a standfirst shown twice, a caption
    printed under every slide, a pull quote, an AMP copy) or when two extraction passes are
    joined. The copy adds nothing and skews counts and training data.

    ## Example

    ```text
    The council voted on Monday to close the library after a four-hour debate.

    The council voted on Monday to close the library after a four-hour debate.

    Residents had asked for a delay.
    ```

    After the fix:

    ```text
    The council voted on Monday to close the library after a four-hour debate.

    Residents had asked for a delay.
    ```

    A copy further away is reported too, with the removal shown but never applied (see Fix
    safety). Only paragraphs of at least `min-chars` characters (default 60) count, so short refrains
    ("Advertisement", a repeated one-line answer in an interview) are left to other rules. A
    Chinese or Japanese character counts as three (a paragraph of twenty of them says as much
    as one of sixty Latin letters).

    ## Fix safety

    Safe when the copy directly follows the paragraph it repeats (a stutter of the scraper), or
    when it stands in a run of at least `min-run` paragraphs in a row (default 3) that repeat,
    in their order, paragraphs in a row before them: the page or a passage printed twice (an
    AMP copy, two extraction passes joined). Display-only otherwise. Articles repeat single
    paragraphs on purpose (the same interview question put to each guest, a meal plan that
    repeats a breakfast): on the evaluation corpus, removing every copy further away deleted
    about a thousand words of real article text, so such a copy is shown with the fix it would
    take but never removed automatically, not even with `--unsafe-fixes`. The runs took 42
    more copies on the evaluation corpus (16 in the naive view, 26 in the trafilatura view,
    none in the readability view; F1 of the trafilatura view 0.9646 to 0.9659, of the naive
    view 0.8506 to 0.8520), all copies beyond those the ground truth holds: no paragraph of the
    truth lost a copy (bench/line_eval.py counts copies). Counting a Chinese or Japanese
    character as three changed nothing on the evaluation corpus.
    """

    code = "DUP001"
    name = "duplicate-paragraph"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE
    options = {
        "min-chars": Option(int, 60, minimum=0, description="Fewest characters a paragraph needs to count"),
        "min-run": Option(int, 3, minimum=0, description="Fewest paragraphs in a row that repeat, in order, paragraphs in a row before them "
                                  "for the far copies to be removed by the safe fix"),
    }

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        min_chars = int(self.opts["min-chars"])
        counted = [block for block in doc.blocks if _long_enough(doc.block_text(block), min_chars)]
        origin = _origins(doc, counted)  # per counted paragraph: where its first copy stands
        in_run = _repeated_runs(origin, int(self.opts["min-run"]))
        for pos, block in enumerate(counted):
            if origin[pos] is None:
                continue
            key = _key(doc.block_text(block))
            line = doc.position(counted[origin[pos]].span.start)[0]
            prev = doc.prev_block(block)
            adjacent = prev is not None and _key(doc.block_text(prev)) == key
            yield self.report(f"Paragraph repeats the one on line {line}",
                              Span(block.span.start, block.span.end),
                              self.remove_blocks(doc, block, message="Remove the repeated paragraph",
                                                 applicability=Applicability.SAFE if adjacent or in_run[pos]
                                                 else Applicability.DISPLAY_ONLY))


def _repeated_runs(origin: list[int | None], min_run: int) -> list[bool]:
    """Which copies belong to a run of at least ``min_run`` paragraphs in a row that repeats,
    in the same order, paragraphs in a row before it: a page or a passage printed twice."""
    out = [False] * len(origin)
    start = 0
    for pos in range(1, len(origin) + 1):
        if pos < len(origin) and origin[pos - 1] is not None and origin[pos] == origin[pos - 1] + 1:
            continue
        if pos - start >= min_run and origin[start] is not None:
            out[start:pos] = [True] * (pos - start)
        start = pos
    return out
