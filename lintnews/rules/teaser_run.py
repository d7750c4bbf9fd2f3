from collections.abc import Iterator

from lintnews import document as d
from lintnews.document import Document
from lintnews.model import Applicability, Diagnostic, Severity, Span
from lintnews.prose import is_rights_notice, prose_blocks, short_body
from lintnews.rule import Option, Rule
from lintnews.rules._teaser_headline import is_headline, is_work_credit
from lintnews.rules._teaser_runs import (BlockTexts, Companions, Repeated, Usable, dated_grids, doubled_grids,
                                         headline_runs, self_teasers)
from lintnews.rules._teaser_shapes import (article_sections, beyond_lone_paragraph, irregular, is_cut_teaser,
                                           is_long_dek, layout, opens_grid, sectioned_grid, unanswered)


# The longest text (in characters) whose blocks' texts are held in a list while the rule runs.
_CUT_ONCE = 1 << 18


class TeaserRun(Rule):
    """A run of other articles' headlines, each perhaps with its dek or date, outside the article.

    ## Why is this bad?

    Whole-page scrapes keep the page's grids of other stories: "More from the site", "Latest",
    category blocks, each a headline followed by a one-sentence summary (the dek), a date or a
    byline. Often the grid has no label a rule could read, or its label is a section name
    ("World", "Politics"). Scraped with the article, the other stories read as its closing (or
    opening) paragraphs. The rule needs a run of at least `min-headlines` (default 4)
    headline-shaped lines (`min-words` to `max-words` words, default 4 to 20, one sentence that
    starts with a letter or a number and has no closing full stop, though it may close on a
    quoted word: '... accuses the media of being "sick"', or open with a quoted name or phrase of
    a few words closed without a mark of its own and followed by a colon or a capitalised word:
    "'Sonic' Redesign Cost ...", "'Not a tourist attraction': Mayor slams ..."; not a quotation
    ('"We will fight," said one resident'), a credit,
    a link, a "key: value" line or a work's "Title by Author"; a run whose lines mostly end in
    "von", "di", "par", "por" and a name is a list of works too), with at most `max-gap` (default
    2) lines between two of them, each a dek (one sentence of at most `max-dek-words` words,
    default 60, shorter than a paragraph of prose) or a short line of metadata (eight
    words or fewer without a closing full stop: a date, "3 hours ago", "by Name", a section
    name). A run whose headlines mostly (more than two thirds) hold digits, a date printed after
    the headline aside, is a table of dates, scores or prices, and one where half the headlines
    open or close with the same two words ("Results of the Cup", "Schedule of the Cup") is a
    menu of a topic's sections: neither is a list of other stories. A headline glued to the
    start of its dek, which the site cut short with an ellipsis ("Council closes library The
    council voted on Monday to..."), counts as a headline (9 to `max-dek-words` words, not a
    quotation), unless it repeats the start of a paragraph of the text: that is the page's
    teaser of the article itself. A line in Thai, Lao or Khmer is never a headline here: a short
    paragraph there has no closing mark either, and looks the same (REL004 takes their lists
    under a label).

    ## Example

    ```text
    The council voted on Monday to close the library in May, after a long debate about the budget of the city and its seven schools.

    The mayor said the building would be sold, and that the books would go to the schools of the district before the end of the summer.

    Residents who had asked for a delay said they would take the decision to court, as they had done with the old swimming pool two years ago.

    Mayor faces recall vote over budget cuts

    Police close the bridge after a crash on the morning commute

    2 hours ago

    Five things to know about the new stadium before it opens

    The stadium will seat forty thousand fans when it opens in the spring.

    Why the city's buses keep running late this winter

    New bakery opens on the corner of Main Street
    ```

    After the fix:

    ```text
    The council voted on Monday to close the library in May, after a long debate about the budget of the city and its seven schools.

    The mayor said the building would be sold, and that the books would go to the schools of the district before the end of the summer.

    Residents who had asked for a delay said they would take the decision to court, as they had done with the old swimming pool two years ago.
    ```

    An article's own list (names, products, places) has short items, items with digits or
    items with sentences; its subheadings are each followed by paragraphs of prose, which end
    the run; a list of the article between its paragraphs is never reported.

    Some grids print a longer dek under each headline, as long as a short paragraph: one to
    three sentences of 9 to `max-dek-words` words, or up to twice as many when the site cut it
    short (no closing mark, or an ellipsis). Such a dek counts right under its headline only,
    and only in a grid that opens under a label or a section name (a line of at most six words
    without a closing mark: "World", "More from the site", "Latest galleries", or the grid's
    first line when another headline, not a dek, follows it, or when the grid prints each dek
    above its headline and so ends on a headline with no dek under it), and only after the
    article's last paragraph of prose. The grid must also be irregular, as sites print them:
    some headline past its first line has no dek (another headline right under it), or some dek
    is cut short. The article's own subheadings over short paragraphs follow its text, not a
    label, and each has its paragraph, which ends like a sentence, even under a short heading
    of their own ("What happens next"); a short sentence under a headline ("Originally
    published on ...") is the article's sign-off and ends the grid.

    Some grids glue each dek to its author's name and its date ("Tom Rogan Tuesday November 19,
    2019 Beyond the partisan whirlwind ..."), one short line (the headline, of any shape: a
    question, a quotation) apart: at least `min-headlines` such deks, every other line, make a
    grid, again only after the article's last paragraph of prose. The name is two words or more
    that start with a capital, and the dek's first sentence follows the date: an article's
    sentence that opens with a date ("On November 19, 2019 the council ...") goes on in lower
    case or after a comma, and a live blog stamps its entries with a time after the date.

    Some sites print several grids one after another, each under its section's name ("World",
    "U.S.", "Politics"): each section a series of titles of at most `max-words` words, each
    perhaps over one dek of up to twice `max-dek-words` words, with two headlines or more among
    them. Two sections or more, with three times `min-headlines` headlines, make a grid when
    more than half of their lines of nine words or more have no closing mark (or are cut
    short), as sites print headlines and deks; again only after the article's last paragraph
    of prose, which a paragraph-long dek inside the grid is not. An article's sections hold
    paragraphs one after another or right under their heading, and its paragraphs end like
    sentences: a listicle's items over their paragraphs, an FAQ's questions over their answers
    or an interview's have half their long lines closed or more. A line that ends in a colon
    ("Sources:") introduces the article's own list and ends a section; a sentence of four words
    or more that ends in one ("The report draws on these documents:") is no companion, and a
    run right after it is never reported (a grid's label may end in a colon: "More on:").

    Some grids print each tile's headline twice, as the picture's caption and again as the link,
    then perhaps its dek, all on one line ("Politics Mayor faces recall vote Politics Mayor faces
    recall vote The vote is set for March."): at least `min-headlines` lines in a row that open
    with the same stretch of four words or more printed twice make a grid, again only after the
    article's last paragraph of prose. A paragraph that repeats a chant or a refrain says
    something between the two, and a refrain between the article's paragraphs is its own.

    ## Fix safety

    Safe: the rule reports a run only outside the article. The article must have a body (at
    least `min-prose` paragraphs of prose, default 3, counted outside every run, or one fewer
    in a row, as below) and the run
    must come entirely after its last paragraph of prose or before its first; before the
    article it stops short of the three blocks before the first paragraph (the article's own
    headline, standfirst and byline), and on a page whose markup names the headline (an
    `<h1>`, a Markdown title) it never takes that headline nor the three blocks after it: a
    newsletter box or a video player between them and the first paragraph once made a page's
    standfirst, byline and dateline look like the head of a run. A run starts and ends with a headline, and a quotation, a
    wire credit, a bulleted item, a paragraph of prose or a short sentence (the article's
    sign-off: "Originally published on ...") ends it. On the 181 pages of the evaluation
    corpus the fix removed 1,374 lines of the naive view (about 10,000 words; about 700 of the
    lines no other rule removes) and no line of the ground truth in any view, nor an article
    word by the benchmark's word count. Grids with long deks and headlines that close on a
    quoted word added about 100 lines (about 900 words), again with no line of the ground
    truth in any view and no article word by the word count.

    A run between paragraphs counts as outside the article when it parts a single paragraph at
    the page's top or bottom (a language chooser, a cookie notice, a disclaimer) from a body of
    at least `min-prose` paragraphs on its other side, holds twice `min-headlines` headlines
    and does not follow a colon (a list its paragraph introduces): the lone paragraph is the
    page's, as navigation-run (CHR002) finds for menus. Before the body the run stops short of
    its three blocks, as above. On the evaluation corpus this took about 150 more lines (about
    800 words) and no line of the ground truth in any view; reading a date printed after each
    headline as the grid's, not a table's, about 40 more; headlines glued to their cut deks,
    about 55 more (the page's teasers of the article itself, whose words the ground truth has,
    are never taken). Grids whose deks open with their author's name and date took 64 more
    lines of the naive view (2 pages; F1 0.812 to 0.816), no line of the ground truth in any
    view, safe or unsafe, and no more article words by the word count (60, 31 and 13 in the
    three views, as before). Grids in sections under their names, most of their long lines
    without a closing mark, took about 300 more (the naive view's junk lines removed went from
    15,780 to 16,082; REL006 alone from 1,693 lines before both kinds to 2,089; F1 0.816 to
    0.822), again with no line of the ground truth in any view, safe or unsafe, and no more
    article words (60, 31, 13). Where such a grid is not after the article's last paragraph, the
    runs it covered are weighed as they would be without it. Without the colon guard a
    sectioned grid took a fact-check's list of sources and 15 of its article words.

    Grids whose tiles print their headline twice took 17 more lines of the naive view (2 pages,
    about 830 words; junk lines removed 16,082 to 16,099, F1 0.822 to 0.824) and no line of the
    ground truth in any view, safe or unsafe (all rules together still take 3, 2 and 1 lines in
    the three views); on the raw HTML pages the article tokens lost stayed at 347 (safe) and 682
    (unsafe). The word count of article tokens lost in the naive view rose by one (60 to 61; 31
    and 13 in the others, as before): a word the naive view lacks in its article ("industry"),
    which only a removed tile held. Two more ways were tried and dropped. Counting together the
    runs between the body and a lone paragraph took 42 more lines of the naive view, but on the
    raw HTML pages a deals post's two lists of features (147 article tokens, 155 words of truth
    sentences). Weighing the runs under a grid with long deks before the article as they would
    be without it took 21 more lines, but raised the HTML pages' tokens lost from 347 to 384
    (682 to 722 unsafe), all on pages whose article the page's text lacks, where the removed
    headlines held its words.

    A grid with long deks ends on its last headline's dek when the site cut that dek short with
    an ellipsis, as it cut the others; before, that dek counted as the article's last paragraph
    of prose and kept the whole grid. An article's last paragraph ends like a sentence. And a
    run whose headlines mostly hold digits (versions, prices: "Windows 10 1909 is now
    available", "Save $50 on ...") is no table when two of its lines of nine words or more are
    cut short with an ellipsis: a table's rows are short and never cut. Together they took 25
    more lines of the naive view (junk lines removed 16,099 to 16,124, F1 0.824 to 0.826,
    removal recall 0.614 to 0.620) and no line of the ground truth; the word count of article
    tokens lost stayed at 61. Headlines that open with a quoted name or phrase took 35 more
    (16,124 to 16,159; removal recall 0.620 to 0.623), again with no line of the ground truth;
    the word count of article tokens lost rose by one (61 to 62), a word ("that") of which the
    naive view holds one too few in its article and which only a removed headline held.

    A short article of one paragraph fewer than `min-prose` (two, by default) has a body too,
    as navigation-run (CHR002) finds, when those paragraphs stand in a row and no run holds
    another paragraph of prose: a scraper that missed the article leaves its notices scattered,
    and a grid that holds a paragraph may hold the article's last one. In such an article a run
    under any line that ends in a colon ("Other decisions:") is its own list. On the evaluation
    corpus this took 62 more lines of the naive view (REL006 2,430 to 2,492; junk lines removed
    by every safe fix 16,732 to 16,754, F1 0.848 to 0.850), no line of the ground truth in any
    view nor an article word by the word count. Without the last condition a fixture's grid in
    sections took the article's closing paragraph along.

    The page's copyright notice is never a paragraph of the article, however long ("© 2019
    Example Media. All rights reserved. The material on this site may not be reproduced ..."):
    a paragraph that opens with the copyright sign, or "Copyright" and a sign or a year, or
    whose sign stands a few words before a rights-reserved formula (in some twenty languages),
    not quoted. Counted as the article's last paragraph, it kept the grids above it. On the
    evaluation corpus this took 13 more junk lines of the naive view (REL006 2,492 to 2,507;
    junk lines removed by every safe fix 16,754 to 16,767; F1 0.84979 to 0.85047), no line of
    the ground truth in any view; the word count of article tokens lost rose by one (63 to 64):
    "likely", of which the naive view holds one too few in its article and which only a removed
    headline held (a junk line by the line count). Trafilatura's view is unchanged.

    A "most read" or "most commented" grid prints each story's count after its headline in
    brackets ("Myles Garrett should expect a significant suspension (148)"): the count neither
    closes the headline nor makes the run a table of numbers, when the headline before it has
    six words or more. An article's own table prints a short label over each number ("Votes
    against the closure (7)"), and stays a table. On the evaluation corpus this took 9 more
    lines of the naive view (one page's grid before the article; REL006 2,421 lines to 2,430,
    junk lines removed by every safe fix 16,723 to 16,732, F1 0.847 to 0.848), no line of the
    ground truth in any view nor an article word by the word count.

    Words are counted as `word_count` counts them: in Chinese and Japanese, which put no spaces
    between words, two characters make a word, so a Japanese headline of thirty characters has
    fifteen words, not the one or two its spaces part. Counting by spaces had kept every run of
    Japanese or Chinese headlines (the headline was "one word", under `min-words`). On the
    evaluation corpus this took 18 more junk lines of the naive view, all on its two Japanese
    pages (their junk lines removed 119 of 150 to 137; all pages 16,474 to 16,492, F1 0.839 to
    0.840), no line of the ground truth in any view and no article word by the word count (62).
    A dek between two headlines is one sentence in every script: a short Japanese paragraph of
    two sentences ("。" inside) under a subheading is the article's, not a dek (counted in
    words, it had become one, and a run of the article's subheadings with it). Counting every
    other length of _teaser_shapes in words too (long deks, cut teasers) was tried and
    dropped: a Japanese article's short lines became long deks, and 10 of its lines went.

    A headline may ask a question ("Is the old bridge still safe?", "Apakah ... ?", "¿Por qué
    ...?"), in any language: news sites print as many question headlines as any other kind, and
    a run that had one kept the grid around it. A question counts as a headline only above
    another headline that is no question or a short line (a date, a byline): above a line of
    nine words or more it is asked and that line answers it (an interview, a FAQ). And a run
    whose headlines are mostly questions is none: the article's open questions, one to a line,
    or its questions and short answers. The page's own teaser of the article, cut short with an
    ellipsis where a paragraph of the text goes on, is never part of a run either (before, it
    stood only as a headline outside one): it holds the article's words. On the evaluation
    corpus the questions took 136 more junk lines of the naive view (16,474 to 16,610 with the
    Japanese headlines above; removal recall 0.650 to 0.661, F1 0.840 to 0.842; the Indonesian
    pages' junk lines removed 284 of 389 to 338, the German 71 of 97 to 76), no line of the
    ground truth in any view and no article word by the word count (62); without the guard on
    the page's own teaser, two copies of a newsletter's cut first line went too.

    A work's credit in another language than English ("von", "par", "por", "di", "door", "av",
    "przez", "от" and a name of up to four words) no longer unmakes a headline on its own: those
    words are also the common prepositions of their languages and of others (Indonesian "di"
    is "in": "Mengenal Ulama Wahabi di Indonesia"; French "paralysée par la grève"), and a grid
    with one such headline broke there. A run more than half of whose headlines end so is
    still a list of works and is left alone, and a sectioned grid still reads them as credits.
    On the evaluation corpus this took 1 more junk line of the naive view (its pages hold few
    grids in those languages), no line of the ground truth and no article word by the word count (63).
    Treating the English "by" the same way took 36 more lines but also a fact check's list of
    sources (4 article words): its "Search fact-checks by subject" menu then joined a grid that
    swallowed the page's last paragraph of prose, and the sources came after it.

    A Chinese or Japanese headline may open with a quoted name in corner brackets or curly
    quotes, the headline going on right after it ("「あずきバー」事件 －商標の判決シリーズ",
    "“双十一”销售额创新高"); a quotation of speech ends in its own mark ("。", "」") and stays
    none. On the evaluation corpus this took 5 more junk lines of a Japanese page (its grid of
    dated earlier posts; the naive view's junk lines removed 16,628 to 16,633), no line of the
    ground truth and no article word by the word count (63).

    The date a grid prints after each headline, which does not make its run a table of dates,
    is read in the 28 languages of the dateline rule ("... 20 ноября 2019", "... 2019年11月20日");
    by English, German, French, Spanish, Portuguese, Italian and Dutch month names alone, a
    Russian grid of dated headlines was a table. No change on the evaluation corpus.

    A run whose every headline, the last one too, stands over exactly one sentence of its own
    and nothing else (no headline without a dek, no date, no byline, no dek cut short) is shaped
    as the article's own short sections are ("Key facts", an FAQ whose questions lost their
    mark), and is left alone: such sections after the article's last long paragraph were taken
    before. Leaving them costs 9 junk lines of the naive view (16,159 to 16,150).

    A run whose headlines mostly hold digits is also no table when three of its headlines of
    five words or more are printed twice on the page, among three or more printed once: grids
    repeat some of their tiles (a car site's model years), a table never prints a row again, and
    a table the page prints twice repeats every row. This took 72 more lines of the naive view
    (16,150 to 16,222, F1 0.826 to 0.829), no line of the ground truth, and no more article words
    by the word count (62). Two tiles printed twice took 10 more lines, but on a deals page whose
    article the naive view holds only in part also 20 article words by the word count, which
    only the removed grid held; two is not enough.
    """

    code = "REL006"
    name = "teaser-run"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE
    options = {
        "min-headlines": Option(int, 4, minimum=0, description="Fewest headlines in a run"),
        "min-words": Option(int, 4, minimum=0, description="Fewest words a headline has"),
        "max-words": Option(int, 20, minimum=0, description="Most words a headline has"),
        "max-gap": Option(int, 2, minimum=0, description="Most lines (deks, dates) between two headlines of a run"),
        "max-dek-words": Option(int, 60, minimum=0, description="Most words of a dek between two headlines"),
        "min-prose": Option(int, 3, minimum=0, description="Fewest paragraphs of prose the article needs outside the runs (one fewer when they stand in a row)"),
    }

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        lo, hi = int(self.opts["min-words"]), int(self.opts["max-words"])
        gap, dek = int(self.opts["max-gap"]), int(self.opts["max-dek-words"])
        need, need_prose = int(self.opts["min-headlines"]), int(self.opts["min-prose"])
        blocks = doc.blocks
        if len(blocks) < need:  # every run and grid is `need` blocks or more (a dump's short records)
            return
        # A short text's blocks are cut once, not each time the rule reads them (ten passes);
        # a long record's are cut when read, as a list of them held a second copy of the text.
        texts = BlockTexts(doc) if len(doc.text) > _CUT_ONCE else list(BlockTexts(doc))
        twice = Repeated(texts, lazy=len(doc.text) <= _CUT_ONCE)  # a long record's first, holding nothing else
        # A copyright notice as long as a paragraph is the page's furniture: counted as the
        # article's last paragraph, it kept the grids above it.
        is_prose_block = [p and not is_rights_notice(t) for p, t in zip(prose_blocks(doc), texts)]
        # A body is `min-prose` of these paragraphs, or one fewer and two at least: without, no report.
        if sum(is_prose_block) < min(need_prose, max(need_prose - 1, 2)):
            return
        # The article's headline as its markup says (an <h1>, a Markdown title; a plain text's
        # first line is only a guess) and the three blocks after it (its standfirst, byline and
        # dateline, whatever their markup) are never part of a run.
        own = {i for b in blocks if b.kind == d.TITLE and doc.format in ("html", "markdown")
               for i in range(b.index, b.index + 4)}
        teasing = self_teasers(texts)
        # The page's own teaser of the article, cut short where a paragraph of the text goes on,
        # holds the article's words: no run takes it, as head or as companion.
        usable = Usable(blocks, texts, own | teasing)
        # A line that ends "von <name>" ("di", "par" ...) may be a headline ("... di Jogja", "...
        # par la grève"): only a run whose lines mostly end so is a list of works. (Its shape
        # first: whether a line is usable is looked up for the few that have a headline's.)
        heads = [(is_headline(t, lo, hi) or is_cut_teaser(t, dek) and i not in teasing) and usable[i]
                 for i, t in enumerate(texts)]
        heads = unanswered(texts, heads)
        strict = [h and not is_work_credit(t) for h, t in zip(heads, texts)]
        # Grids whose deks open with their byline and date, whatever their headlines' shape,
        # printed in named sections, or whose tiles print their headline twice: they hold the
        # paragraph-long deks that would otherwise read as the article's last paragraphs.
        extra = [(first, last, True) for first, last in dated_grids(texts, usable, hi, need)]
        for grid in (sectioned_grid(texts, usable, strict, hi, dek, need), doubled_grids(texts, usable, need)):
            extra += [(first, last, True) for first, last in grid if not any(a <= last and first <= b for a, b, _ in extra)]
        # A grid whose deks are as long as short paragraphs must open under a label or a section
        # name (or with one, when its first line is a headline without a dek): the article's own
        # subheadings over short paragraphs follow its text.
        longs = []
        companion = Companions(texts, dek, prose_blocks(doc))  # asked by both kinds of run
        for first, last, long in headline_runs(blocks, texts, usable, heads, gap, dek, need, True, twice, companion):
            if not long or not irregular(texts, heads, first, last):
                continue
            # A grid that prints each dek above its headline opens with its label and ends on a
            # headline without a dek under it; the article's last subheading has its paragraph.
            above = last + 1 >= len(blocks) or not (is_long_dek(texts[last + 1], dek) or is_prose_block[last + 1])
            if first > 0 and opens_grid(texts[first - 1]) or opens_grid(texts[first]) and (heads[first + 1] or above):
                # The last headline's dek, when the site cut it short as it cut the others: the
                # article's last paragraph ends like a sentence.
                if last + 1 < len(blocks) and usable[last + 1] and is_long_dek(texts[last + 1], dek) \
                        and texts[last + 1].rstrip().endswith(("…", "...")):
                    last += 1
                longs.append((first, last, True))
        normal = [r for r in headline_runs(blocks, texts, usable, heads, gap, dek, need, False, twice, companion)
                  if not article_sections(texts, heads, r[0], r[1])]
        runs, prose = layout(extra, longs, normal, is_prose_block)
        # Those count only after the article's last paragraph: where one does not, the runs it
        # covered count as they would without it.
        if prose and any(first < prose[-1] for first, _, _ in extra):
            runs, prose = layout([g for g in extra if g[0] > prose[-1]], longs, normal, is_prose_block)
        # One paragraph fewer is a body too when they stand in a row (as navigation-run finds)
        # and no run holds another: a short article's text. A scraper that missed the article
        # leaves scattered notices, and a grid that holds a paragraph may hold the article's.
        short = short_body(prose, need_prose) and sum(is_prose_block) == len(prose)
        if len(prose) < need_prose and not short:
            return
        first_prose, last_prose = prose[0], prose[-1]
        for first, last, long in runs:
            start, end = first_prose, last_prose
            if first_prose < first < last_prose and not long:
                start, end = beyond_lone_paragraph(texts, prose, first, last, heads, need, need_prose)
            if long and first < last_prose:
                continue  # a grid with long deks only after the article
            if first > 0 and texts[first - 1].rstrip().endswith((":", "：")) \
                    and (short or len(texts[first - 1].split()) >= 4):
                continue  # a list the sentence (or, in a short article, a label) before introduces
            if first < start:
                last = min(last, start - 4)
                while last >= first and not heads[last]:
                    last -= 1
                if sum(heads[first:last + 1]) < need:
                    continue
            elif first < end:
                continue  # between paragraphs of the article: its own list or subheadings
            n = max(sum(heads[first:last + 1]), (last - first + 1) // 2)
            yield self.report(f"Run of {n} other articles' headlines ({texts[first].strip()[:60]!r}, ...)",
                              Span(blocks[first].span.start, blocks[first].span.end),
                              self.remove_blocks(doc, blocks[first], blocks[last], "Remove the headlines"))
