import re
from collections.abc import Iterator

from lintnews.bio.analysis import contradictions
from lintnews.bio.blocks import bio_sites, bio_subject, claimed_authors, field_bios
from lintnews.bio.names import fold
from lintnews.document import Document
from lintnews.model import Applicability, Diagnostic, Severity, Span
from lintnews.rule import Rule


def article_words(doc: Document, skip: set[int]) -> set[str]:
    """Folded words of the article outside its bios: a name the story itself uses is no sign of
    a template."""
    # Block by block: on a record of megabytes the whole text joined, and every word of it in a
    # list, took several times the record. Spaces joined the blocks, so no word spans two.
    raw: set[str] = set()
    for b in doc.blocks:
        if b.index not in skip:
            raw.update(re.findall(r"\w+", doc.block_text(b)))
    return {fold(w) for w in raw}


class AuthorBioMismatch(Rule):
    """An author bio that contradicts itself or the byline: a template bio with a name pasted in.

    ## Why is this bad?

    Auto-blogs fill author boxes from templates: "Anurag Dhole is a seasoned journalist ...
    Jane's writing style blends clarity with depth". The bio then names a second person (Jane),
    or uses he and she for the one writer, or describes someone other than the byline. Readers
    notice, and the false attribution ends up in datasets.

    Bios are looked for in author boxes (after an "Author Profile", "About the author" or
    "About <Name>" heading, or in author-box markup in HTML), in closing "<Name> is a
    journalist ..." paragraphs, and in `bio` / `author_bio` fields of front matter and JSONL
    records. The author is taken from front matter, `<meta name=author>`, the JSONL `author`
    field and "By ..." lines (e-mails, handles, "Written by" and several authors are handled).
    Each finding names what contradicts what:

    - a second name as the bio's writer ("Jane's writing style", "Jane covers") at the start
      of a sentence or clause, that is neither the bio's subject nor in the byline nor anywhere
      else in the article ("she edited Rahul's book" and "Forbes' coverage" are not counted);
    - the bio's subject is not the byline's author (middle names, initials and surname-only
      forms are the same person);
    - he and she both used for the subject. A pronoun counts for the subject until another
      person shows up in the sentence (a husband, a colleague, another given name), and the
      sentence after such a mention is skipped, so "she lives with her husband, who ..." is fine;
    - placeholder names ("John Doe", "Your Name", "Author Name", "Admin" as the subject).

    Quotes inside a bio are ignored; they/them bios, "About Us" pages and paragraphs about people
    the article itself discusses are left alone.

    ## Example

    ```text
    By Anurag Dhole

    ...

    Author Profile

    Anurag Dhole is a seasoned journalist ... she covers a wide range of topics ...
    Jane's writing style blends clarity with depth ...
    ```

    Reported: "the bio is about Anurag Dhole but names Jane as its writer ("Jane's writing
    style")". Removing the author box is the fix.

    ## Fix safety

    Unsafe: the fix removes the whole author box (or the bio paragraph), never a word inside
    it; a bio in front matter or a JSONL field is reported only. Run with `--unsafe-fixes`.
    """

    code = "AUT002"
    name = "author-bio-mismatch"
    severity = Severity.WARNING
    fix_safety = Applicability.UNSAFE

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        sites = bio_sites(doc)
        fields = field_bios(doc)
        if not sites and not fields:
            return
        skip = {b.index for s in sites for b in doc.blocks[s.first.index : s.last.index + 1]}
        words = article_words(doc, skip)
        claimed_before = _claimed_before(doc, [site.first.span.start for site in sites])
        for site in sites:
            text = doc.block_text(site.bio)
            claimed = claimed_before[site.first.span.start]
            found = contradictions(text, bio_subject(text), claimed, words, site.box_name)
            if found:
                fix = self.remove_blocks(doc, site.first, site.last,
                                         "Remove the author box" if site.in_box else "Remove the bio")
                yield self.report("Author bio mismatch: " + "; ".join(c.message for c in found),
                                  Span(site.bio.span.start, site.bio.span.end), fix)
        for fb in fields:
            found = contradictions(fb.text, bio_subject(fb.text), claimed_authors(doc, before=0),
                                   words)
            if found:
                span = Span(fb.start, fb.start + len(fb.text)) if fb.start is not None else Span(0, 0)
                yield self.report(f"Author bio mismatch in {fb.key}: "
                                  + "; ".join(c.message for c in found), span)


class _Stretch:
    """Some blocks of a document, without its metadata: what claimed_authors reads of them."""

    def __init__(self, doc: Document, blocks: list) -> None:
        self.meta: dict = {}
        self.format = doc.format
        self.blocks = blocks
        self.block_text = doc.block_text


def _claimed_before(doc: Document, places: list[int]) -> dict[int, list[list[str]]]:
    """``claimed_authors(doc, before=place)`` for each place, reading the blocks once: each
    place's names are the last place's and those of the blocks between (asked of each bio in
    turn, a long record's thousands of bios read its blocks again and again)."""
    out: dict[int, list[list[str]]] = {}
    names = claimed_authors(doc, before=0)  # the metadata's
    blocks = doc.blocks
    i = 0
    for place in sorted(set(places)):
        j = i
        while j < len(blocks) and blocks[j].span.start < place:
            j += 1
        if j > i:
            for name in claimed_authors(_Stretch(doc, blocks[i:j])):
                if name not in names:
                    names.append(name)
        i = j
        out[place] = list(names)
    return out
