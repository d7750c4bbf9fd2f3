import re
import unicodedata
from collections.abc import Iterator

from lintnews.document import Block, Document
from lintnews.model import Applicability, Diagnostic, Severity, Span
from lintnews.rule import Rule
from lintnews.rules._bio import BIO_START, author_boxes, closing_bios

_POSSESSED = (r"writing|work|works|articles?|stories|reporting|journalism|career|passion|expertise|"
              r"style|background|coverage|interests?|experience|focus|pieces?|books?|byline|love|"
              r"goal|mission|approach|voice")
_ACTS = (r"covers|writes|has|is|was|holds|joined|lives|loves|enjoys|specializes|specialises|"
         r"focuses|reports|started|began|brings|believes|graduated|studied|worked|works")
_POSSESSOR = re.compile(rf"\b([A-Z][a-z]{{1,20}})(?:'s|’s)\s+(?:\w+\s+)?(?:{_POSSESSED})\b")
_ACTOR = re.compile(rf"(?:^|[.!?]\s+|,\s+|\band\s+)([A-Z][a-z]{{1,20}})\s+(?:{_ACTS})\b")
_HE = re.compile(r"\b(?:he|he's|he’s|himself)\b", re.IGNORECASE)
_SHE = re.compile(r"\b(?:she|she's|she’s|herself)\b", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\b(?:John Doe|Jane Doe|Your Name|Author Name|Firstname Lastname)\b",
                          re.IGNORECASE)
_BYLINE_PREFIX = re.compile(r"^\s*(?:by|written by|words by|posted by|von)\s+", re.IGNORECASE)
_BYLINE_SPLIT = re.compile(r"\s*(?:,|;|&|\||/|\band\b|\bund\b)\s*")
_NOT_NAMES = {"When", "With", "She", "He", "Her", "His", "The", "This", "That", "In", "As", "At",
              "After", "Before", "Since", "Her", "They", "Their", "It", "Its", "India", "America",
              "Today", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
              "January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December", "Over", "From", "Outside", "Besides"}


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


def byline_names(author: str) -> list[list[str]]:
    """'By Jane Roe and J. Smith' -> [['jane', 'roe'], ['j', 'smith']]."""
    author = re.sub(r"\S+@\S+|@\w+|\(.*?\)|[\"“”].*?[\"“”]", " ", author)
    author = _BYLINE_PREFIX.sub("", author)
    names = []
    for part in _BYLINE_SPLIT.split(author):
        tokens = [fold(t).strip(".") for t in part.split() if t.strip(".")]
        if tokens:
            names.append(tokens)
    return names


def same_person(subject: list[str], byline: list[str]) -> bool:
    """Accept middle names, initials and surname-only forms."""
    if not subject or not byline:
        return True
    def matches(a: str, b: str) -> bool:
        return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))
    return matches(subject[-1], byline[-1]) or (
        matches(subject[0], byline[0]) and len(subject) == 1) or (
        any(matches(s, b) for s in subject for b in byline if len(s) > 1 and len(b) > 1)
        and matches(subject[-1][0], byline[-1][0]))


class AuthorBioMismatch(Rule):
    """An author bio that contradicts itself or the byline: a template bio with a name pasted in.

    ## Why is this bad?

    Auto-blogs fill author boxes from templates: "Anurag Dhole is a seasoned journalist ...
    Jane's writing style blends clarity with depth". The bio then names a second person (Jane),
    or uses he and she for the one writer, or describes someone other than the byline. Readers
    notice, and the false attribution ends up in datasets.

    What is checked, in author boxes and in closing "<Name> is a journalist ..." paragraphs:

    - a second given name as the subject or possessor ("Jane's writing style", "Jane covers")
      that is neither the bio's subject nor in the byline nor anywhere in the article;
    - the bio's subject is not the byline's author (from front matter, `<meta name=author>`,
      a "By ..." line or the JSONL `author` field), allowing middle names and initials;
    - he and she both used in the one bio;
    - placeholder names ("John Doe", "Your Name", "Author Name").

    ## Example

    ```text
    Anurag Dhole is a seasoned journalist ... she covers a wide range of topics ...
    Jane's writing style blends clarity with depth ...
    ```

    Reported: the bio describes Anurag Dhole but calls the writer Jane ("Jane's writing style").
    Removing the author box is the fix.

    ## Fix safety

    Unsafe: the fix removes the whole author box (or the bio paragraph), never a word inside it.
    """

    code = "AUT002"
    name = "author-bio-mismatch"
    severity = Severity.WARNING
    fix_safety = Applicability.UNSAFE

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        boxes = author_boxes(doc)
        targets: list[tuple[Block, Block, Block]] = [
            (box.bio, box.first, box.last) for box in boxes if box.bio is not None]
        targets += [(b, b, b) for b in closing_bios(doc, boxes)]
        if not targets:
            return
        bio_indexes = {t[0].index for t in targets}
        body = " ".join(doc.block_text(b) for b in doc.blocks
                        if b.index not in bio_indexes and b.kind != "byline")
        byline = byline_names(doc.meta.get("author", "") or "")
        for bio, first, last in targets:
            problems = self._problems(doc.block_text(bio), body, byline)
            if problems:
                fix = self.remove_blocks(doc, first, last,
                                         "Remove the author box" if first is not bio else "Remove the bio")
                yield self.report("Author bio contradicts itself: " + "; ".join(problems),
                                  Span(bio.span.start, bio.span.end), fix)

    def _problems(self, text: str, body: str, byline: list[list[str]]) -> list[str]:
        problems = []
        m = BIO_START.match(text)
        subject = m.group("name").split() if m else []
        subject_folded = [fold(t) for t in subject]
        known = set(subject_folded) | {t for name in byline for t in name}
        body_words = set(re.findall(r"[A-Z][a-z]+", body))
        others: dict[str, str] = {}
        for rx in (_POSSESSOR, _ACTOR):
            for found in rx.finditer(text):
                name = found.group(1)
                if name in _NOT_NAMES or fold(name) in known or name in body_words:
                    continue
                others.setdefault(name, found.group(0).strip(" ,."))
        for name, where in others.items():
            who = " ".join(subject) or "its subject"
            problems.append(f"it describes {who} but also names {name} (\"{where}\")")
        he, she = _HE.findall(text), _SHE.findall(text)
        if he and she:
            problems.append(f"it uses both {he[0]!r} and {she[0]!r} for the writer")
        if subject and byline and not any(same_person(subject_folded, b) for b in byline):
            names = " / ".join(" ".join(t.title() for t in b) for b in byline)
            problems.append(f"its subject {' '.join(subject)} is not the byline's author ({names})")
        ph = _PLACEHOLDER.search(text)
        if ph:
            problems.append(f"it holds the placeholder name {ph.group()!r}")
        return problems
