from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from lintnews import document as d
from lintnews.document import Block, Document
from lintnews.model import Applicability, Diagnostic, Severity, Span
from lintnews.rule import Option, Rule
from lintnews.guards import is_wire_credit
from lintnews.prose import LABEL_END, ends_sentence, prose_blocks, short_body
from lintnews.rules._nav_shapes import FOOTER_WORDS, SHARE_BUTTONS, glued_menus, is_label, is_review_box, is_teaser


def _not_label(doc: Document, block: Block) -> bool:
    """Blocks whose structure says they are the article's, whatever their words: a quote, a
    byline or a page's first <h1> (its headline, under the menu above it); a table cell that is
    no link (a data table's header row, "Player", "Points", is a run of short words, a layout
    table's menu cells are links); a heading followed by a sentence or a clause (a section's
    title, "Claim", "Origin", over the text it heads; a menu ends in another label, a headline,
    or the article's headline)."""
    if block.kind in (d.QUOTE, d.BYLINE) or (block.kind == d.TITLE and block.attrs.get("tag") == "h1"):
        return True
    if block.attrs.get("tag") in ("td", "th") and block.attrs.get("link_density", 0.0) < 0.5:
        return True
    if block.kind == d.HEADING:
        nxt = doc.next_block(block)
        return nxt is not None and nxt.kind == d.PARAGRAPH and doc.block_text(nxt).rstrip()[-1:] in LABEL_END
    return False


def _introduced(doc: Document, run: list[Block]) -> bool:
    """Whether the block before the run ends in a colon: the run is a list the article announces."""
    prev = doc.prev_block(run[0])
    return prev is not None and doc.block_text(prev).rstrip().endswith((":", "："))


def _beyond_lone_paragraph(doc: Document, run: list[Block], prose: list[int], min_prose: int) -> bool:
    """A long run that parts the article's body from a single paragraph at the page's top or
    bottom: a cookie notice, a copyright or a newsletter pitch beyond the menus. The run is not
    introduced as a list of the article (the block before it ends in a colon)."""
    # ``prose`` is in order: counted by bisection, not scanned (a long text holds thousands of runs).
    before = bisect_left(prose, run[0].index)
    after = len(prose) - bisect_right(prose, run[-1].index)
    if not ((before == 1 and after >= min_prose) or (after == 1 and before >= min_prose)):
        return False
    return not _introduced(doc, run)


def _long_menu(doc: Document, run: list[Block], n_labels: int, inside: int) -> bool:
    """A run at the edge of a short article (one or two paragraphs of prose) that is a whole
    menu: at least `inside` labels, none of them a headline, not introduced as a list of the
    article (the block before it ends in no colon)."""
    return n_labels >= inside and n_labels >= len(run) and not _introduced(doc, run)


class NavigationRun(Rule):
    """A run of short link labels: a menu, footer or tag list scraped as separate lines.

    ## Why is this bad?

    Whole-page scrapes keep every menu: "News", "Politics", "Sport", "Opinion", "Contact us" each
    on a line of its own, before the headline and after the last paragraph, often hundreds of
    lines. No article is written as a run of several two-word lines without punctuation; a real
    subheading stands alone between paragraphs, and a list in the article has sentences or
    numbers. Quotes and wire credits never count as labels.

    ## Example

    ```text
    Home

    News

    Politics

    Sport

    The council voted on Monday to close the library.
    ```

    After the fix:

    ```text
    The council voted on Monday to close the library.
    ```

    Outside the article, the lists of other stories that menus and footers hold join the run too:
    headline-shaped lines (4 to 16 words, one sentence, starting with a letter, no closing full
    stop) count when the run starts and ends with a label and at least `min-label-share`
    (default 0.34) of it are labels. Before the article, such a run stops short of the three
    blocks before its first paragraph: the article's own headline, dateline and byline. A line
    in Thai, Lao or Khmer is never taken for a headline: a short paragraph there has no closing
    mark either.

    Options: `min-run` (labels in a row, default 4) for runs before the article's first paragraph
    of prose or after its last, `min-run-inside` (default 12) for runs between them, `max-words`
    (default 4), `max-chars` (default 40), `min-prose` (default 3), `min-label-share`. Bulleted
    items, lines with digits (but for an archive's post count: "March (12)"), photo credits
    ("Image credit: ...") and "key : value" lines are never labels nor headlines: they are
    lists, fact boxes and captions of the article, and a run that holds a review box's heading
    ("Pros", "Cons", "Vorteile", "Points forts") is the review's own. Headings that menus also
    carry ("Pro" for a subscription, "Specs", "Verdict", "Contra") make a review box only with
    another of its headings ("Pro" and "Contra").

    ## Fix safety

    Safe for a run at the article's edges (before its first paragraph of prose or after its last)
    when the article has a body: at least `min-prose` paragraphs of prose (default 3, or two in a
    row, as below; a paragraph of prose has 25 words or more and ends like a sentence in its
    script: ".", "।", "۔", "؟", "։", "።", "။", "។", "。"; in Chinese and Japanese, which put no
    spaces between words, two characters count as a word and in Burmese four. Thai, Lao and
    Khmer need no closing mark: a single line of at least 140 characters of the script with
    three phrases of 20 characters or more between its spaces is prose, which a headline or a
    one-line menu never is). There the run is a menu or a footer by its place and its shape. Unsafe otherwise: a run between
    paragraphs of prose may be a table or a list of the article, and in a text with hardly any
    prose (a gallery, a list-shaped page, or a page whose article the scraper missed) the labels
    may be all there is of the article. On the 181 pages of the evaluation corpus, the safe
    runs removed about 13,000 lines, of which 3 were lines of the ground truth (labels the truth
    kept: "Disclaimer"); the texts without a body of prose are where the menu labels also were
    words of the article ("Games", "Health"). A run with headlines never takes the three blocks
    before the first paragraph: there, the lines next to a menu are as often the article's
    dateline ("PITTSBURGH"), byline ("Staff Reports") or photo credit, which ground truths keep.
    One run between paragraphs counts as an edge, and is safe: a run of at least `min-run-inside`
    labels with a single paragraph of prose beyond it (at the page's top or bottom) and at least
    `min-prose` on the article's side, whose block before it does not end in a colon. That lone
    paragraph is the page's cookie notice, copyright or newsletter pitch beyond its menus; an
    article's own list of a dozen names or places is introduced by a colon ("The new members
    are:") or has more than one paragraph after it, and stays unsafe. On the evaluation corpus
    this took about 350 more menu lines and no line of the ground truth.

    An article of one paragraph fewer than `min-prose` (two, by default) has a body too when
    those paragraphs stand in a row, with no other block between them: a short story's text.
    A scraper that missed the article leaves its notices scattered instead (a cookie notice
    above the menus, a newsletter's pitch below them), and then the runs stay unsafe. In such a
    short article a run whose block before it ends in a colon ("The new members are:") stays
    unsafe too: it is a list the article announces; and so does a run right against its first
    paragraph, with no headline or byline between: a page's menu stands above the headline. On the evaluation corpus this took 185
    more lines of the naive view (CHR002's safe lines 16,873 to 17,058; junk lines removed by
    every safe fix 16,636 to 16,705), no line of the ground truth nor an article word by the
    word count (F1 0.843 to 0.845); the trafilatura view is unchanged. Two paragraphs that are
    not in a row would have added one junk line.

    An article of two paragraphs that are not in a row has safe edges too, for whole menus
    only: a run of at least `min-run-inside` labels and nothing else (no headline among them)
    before its first paragraph or after its last, whose block before it does not end in a
    colon. A list of the article that long follows a colon ("The winners are:"); a run of a
    dozen bare labels at the edge of a paywalled story is the site's menu or footer. With a
    single paragraph of prose the scraper has as often missed the article, whose words the
    menu's labels may then be, and every run stays unsafe, as in a text with none. On the
    evaluation corpus the whole menus of two-paragraph articles took about 400 more lines and
    no line of the ground truth (with one paragraph, a page whose article the scraper had
    missed lost words of the ground truth that only its menu held: "Health", "Food").

    Whatever its words, a block is never a label when its structure says it is the article's:
    in HTML, a table cell (`<td>`, `<th>`) that is no link (a data table's header row, "Player",
    "Points", "Wins", is a run of short words; a layout table's menu cells are links), and in
    HTML or Markdown a heading followed by a paragraph that ends like a sentence or a clause (a
    section's own title, "Claim", "Origin", over the text it heads; a menu's last label is
    followed by another menu, a headline or the article's title). On the raw pages of the
    evaluation corpus, the safe fix had taken two data tables' header rows and, once other
    fixes had cleared a fact check's boxes, its "Claim", "Rating" and "Origin" headings (10
    article words of the pages' full text with unsafe fixes, 6 with safe ones, 5 of them on
    pages whose naive view misses the article); it now takes none, and every text view loses
    the same junk lines as before.

    A share or follow bar is a run of its own wherever it stands: three or more blocks in a row
    that are each a button named by its service ("Facebook", "Twitter", "WhatsApp", "Email",
    "Print"; the names are the same in every language), in a text with a body of prose, that
    no menu run took and that no colon introduces ("The rules cover these services:"). An
    article never prints three services' bare names in a row but as its own introduced list.
    Its fix is safe. On the evaluation corpus it took 43 more junk lines of the naive view (the
    bars between paragraphs and beside other stories' headlines) and no line of the ground
    truth in any view; the word count of the article lost 3 words fewer than before (a later
    pass no longer took a menu with the article's headline along).

    After the article's last paragraph of prose, the first menu (a run of `min-run` labels, not
    a share bar, which may stand before the article's closing lines) opens the page's footer:
    the blocks after it, to the page's end, go too when each is a block of at most 40 words
    (a copyright line, an address, a newsletter's pitch, another story's headline, "Why
    subscribe?"), no two in a row are sentences of eight words or more (those are the article's
    closing lines or a recipe's steps after a list), and the footer shows itself the page's: a
    copyright line ("©", "Copyright") or another menu (two labels in a row) is among them.
    Otherwise the footer is left to the menu runs: the lines after the labels may be the
    article's own last note. A wire credit, a quotation or a byline after the menu means the
    article goes on, and nothing is taken; nor after a review's box or a list a colon
    introduces. On the evaluation corpus the footers took 208 more lines of the naive view (junk
    lines removed 16,222 to 16,430, F1 0.829 to 0.836) and no line of the ground truth in any
    view, nor an article word by the word count; the other views are unchanged. Without the
    copyright-or-menu condition they took 35 lines more, but also two article words by the word
    count (a call to action held the "you" and "your" that the page's naive view lacks in its
    article).

    In Chinese, Japanese and Thai, whose sentences have no spaces, a line's words are counted as
    `word_count` counts them too: a label has at most twice `max-words` of them ("プライバシー
    ポリシー" has six), so an article's unpunctuated clauses of twenty characters ("まずスタート
    メニューから...を開く"), each one "word" by its spaces, are no labels. On the evaluation
    corpus CHR002 took 12 lines fewer of its Japanese pages' grids, which teaser-run (REL006)
    takes now: junk lines removed and the ground truth's lines are unchanged.

    A menu or a grid of other stories that the scraper glued into one line, its links run
    together without spaces ("SportsLionsTigersPistonsRed WingsMichigan", "...the owner
    saidWeather ClosingsLocal RadarsWeather"), is a label however long it is, and never a
    paragraph of prose, though it may end in a full stop. A block is such a line when three
    words or more of it glue a capital right after three lower-case letters (hashtags, handles
    and links aside), and the text holds another such block and a word of three labels
    ("LionsTigersPistons"), or the block alone glues six. Brands glue two words ("WhatsApp",
    "PowerPoint", "GiveWell"): an article names one or two in a paragraph, and the same one
    again; no line of the evaluation corpus's ground truths glued more than two, in any view.
    On the naive view the glued menus took 19 more lines holding about 860 words of junk (one
    page's whole head, whose glued teasers had passed for the article's first paragraphs; F1
    0.845 to 0.847), no line of the ground truth nor an article word; the other views are
    unchanged.

    Apply the unsafe ones with `--unsafe-fixes`.
    """

    code = "CHR002"
    name = "navigation-run"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE
    options = {
        "min-run": Option(int, 4, minimum=0, description="Fewest labels in a run before the first paragraph of prose or after the last"),
        "min-run-inside": Option(int, 12, minimum=0, description="Fewest labels in a run between paragraphs of prose"),
        "max-words": Option(int, 4, minimum=0, description="Most words a label may have"),
        "max-chars": Option(int, 40, minimum=0, description="Most characters a label may have"),
        "min-prose": Option(int, 3, minimum=0, description="Fewest paragraphs of prose an article needs before a menu run at its edges is removed by the safe fix (one fewer when they stand in a row)"),
        "min-label-share": Option(float, 0.5, minimum=0, maximum=1, description="Least share of a run's blocks that must be labels (the rest: other stories' headlines)"),
    }

    def _share_bars(self, doc: Document, label: list[bool], taken: set[int]) -> Iterator[Diagnostic]:
        """Runs of three or more share or follow buttons ("Facebook", "Twitter", "Email") that no menu run
        took, anywhere in an article with a body, unless a colon introduces them (the article's
        list of services)."""
        bar: list[Block] = []
        for block in doc.blocks + [None]:
            if block is not None and label[block.index] and block.index not in taken \
                    and doc.block_text(block).strip().casefold() in SHARE_BUTTONS:
                bar.append(block)
                continue
            prev = doc.prev_block(bar[0]) if bar else None
            if len(bar) >= 3 and (prev is None or not doc.block_text(prev).rstrip().endswith((":", "："))):
                names = ", ".join(doc.block_text(b).strip() for b in bar[:4]) + (", ..." if len(bar) > 4 else "")
                yield self.report(f"Run of {len(bar)} share or follow buttons ({names})",
                                  Span(bar[0].span.start, bar[0].span.end),
                                  self.remove_blocks(doc, bar[0], bar[-1], "Remove the share or follow buttons"))
            bar = []

    def _footer(self, doc: Document, label: list[bool], last_prose: int) -> Iterator[Diagnostic]:
        """The page's footer: the blocks after the first menu that follows the article's last
        paragraph of prose, to the page's end, when none of them is a paragraph of the article."""
        blocks, need = doc.blocks, int(self.opts["min-run"])
        def text(k: int) -> str:  # not a list of every block's text: a long record's footer is short
            return doc.block_text(blocks[k]).strip()

        start = None
        i = last_prose + 1
        while i < len(blocks):
            j = i
            while j < len(blocks) and label[j]:
                j += 1
            run = [text(k) for k in range(i, j)]
            # A share bar may stand before the article's closing lines: it opens no footer.
            if len(run) >= need and sum(t.casefold() in SHARE_BUTTONS for t in run) * 2 < len(run):
                if is_review_box([t.rstrip(":").casefold() for t in run]) or text(i - 1).endswith((":", "：")):
                    return
                start = j
                break
            i = j + 1
        if start is None or start >= len(blocks):
            return
        sentence = False
        for k in range(start, len(blocks)):
            t = text(k)
            if blocks[k].kind in (d.QUOTE, d.BYLINE) or len(t.split()) > FOOTER_WORDS or "\n" in t or is_wire_credit(t):
                return
            # Two sentences in a row are paragraphs of the article (its closing lines, a
            # recipe's steps), not a footer's scattered notices.
            long = len(t.split()) >= 8 and ends_sentence(t.rstrip("\"”’»)"))
            if long and sentence:
                return
            sentence = long
        # And it must show itself the page's: a copyright line or another menu (two labels in a
        # row). Without either, the lines after the labels may be the article's own last note.
        if not any("©" in t or "copyright" in t.casefold() for t in map(text, range(start, len(blocks)))) \
                and not any(label[k] and label[k + 1] for k in range(start, len(blocks) - 1)):
            return
        yield self.report(f"Page footer of {len(blocks) - start} blocks after the article's menus",
                          Span(blocks[start].span.start, blocks[start].span.end),
                          self.remove_blocks(doc, blocks[start], blocks[-1], "Remove the page footer"))

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        min_run = int(self.opts["min-run"])
        inside = int(self.opts["min-run-inside"])
        words, chars = int(self.opts["max-words"]), int(self.opts["max-chars"])
        # A menu glued into one line may run to a paragraph's length and end in a teaser's full
        # stop: it is a label, and never the article's prose.
        glued = glued_menus((doc.block_text(b) for b in doc.blocks), doc.text)
        prose = [i for i, p in enumerate(prose_blocks(doc)) if p and not glued[i]]
        first_prose, last_prose = (prose[0], prose[-1]) if prose else (len(doc.blocks), -1)
        need = int(self.opts["min-prose"])
        # One paragraph fewer than `min-prose` is a body too when they stand in a row: a short
        # article's text, where a scraper that missed the article leaves scattered notices.
        short = short_body(prose, need)
        body = len(prose) >= need or short
        share = float(self.opts["min-label-share"])
        # Whether each block is a label, asked of a run's blocks again and again below.
        label = [not _not_label(doc, b) and (glued[b.index] or is_label(doc.block_text(b), words, chars))
                 for b in doc.blocks]
        run: list[Block] = []
        taken: set[int] = set()
        for block in doc.blocks + [None]:
            if block is not None and block.kind not in (d.QUOTE, d.BYLINE):
                # Headlines join a run outside the article, and never right before it: a short
                # line there is as often the article's dateline, byline or photo credit.
                after = block.index > last_prose or block.index < first_prose - 3
                if label[block.index] or (after and body and run and is_teaser(doc.block_text(block))):
                    run.append(block)
                    continue
            if not run:
                continue
            # A run starts and ends with a label: the headline and standfirst of the article
            # itself, just before its first paragraph, are never taken along.
            while run and not label[run[-1].index]:
                run.pop()
            # Before the article, a run with headlines stops short of the article's own lines.
            if run and run[-1].index < first_prose and not all(label[b.index] for b in run):
                while run and (run[-1].index >= first_prose - 3 or not label[run[-1].index]):
                    run.pop()
            n_labels = sum(label[b.index] for b in run)
            if is_review_box([doc.block_text(b).strip().rstrip(":").casefold() for b in run]):
                run = []
                continue
            edge = run and (run[-1].index < first_prose or run[0].index > last_prose)
            if run and not edge and len(run) >= inside and body:
                edge = _beyond_lone_paragraph(doc, run, prose, int(self.opts["min-prose"]))
            # A short body's runs are safe unless the article announces them as its list, or one
            # stands right against its first paragraph, where its page's menu never does.
            against = short and bool(run) and (_introduced(doc, run) or run[-1].index == first_prose - 1)
            safe = edge and ((body and not against)
                             or (len(prose) >= 2 and _long_menu(doc, run, n_labels, inside)))
            if run and len(run) >= (min_run if edge else inside) and n_labels >= share * len(run):
                first, last = run[0], run[-1]
                labels = [doc.block_text(b).strip() for b in run]
                shown = ", ".join(labels[:4]) + (", ..." if len(labels) > 4 else "")
                taken.update(range(first.index, last.index + 1))
                yield self.report(f"Run of {len(run)} navigation labels ({shown})",
                                  Span(first.span.start, first.span.end),
                                  self.remove_blocks(doc, first, last, "Remove the navigation labels",
                                                     applicability=Applicability.SAFE if safe
                                                     else Applicability.UNSAFE))
            run = []
        if body:
            yield from self._share_bars(doc, label, taken)
            yield from self._footer(doc, label, last_prose)
