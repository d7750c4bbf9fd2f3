"""What a bio says about its subject, and where that contradicts itself or the byline.

Everything here is lexicon-free except ``gender_conflict``, which reads the shipped given-name
lexicon and is used only by the info-level rule AUT003.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lintnews.bio import lexicon
from lintnews.bio.names import PLACEHOLDER, display, fold, same_person, tokens
from lintnews.patterns import compile_cached

_POSSESSED = (r"writing|work|works|articles?|stories|reporting|journalism|career|passion|expertise|"
              r"style|background|coverage|interests?|experience|focus|pieces?|books?|byline|love|"
              r"goal|mission|approach|voice|bio|portfolio|columns?|posts?|words|insights?|"
              r"dedication|commitment|curiosity|knack|ability|talent|skills?")
_ACTS = (r"covers|writes|has|is|was|holds|joined|lives|loves|enjoys|specializes|specialises|"
         r"focuses|reports|started|began|brings|believes|graduated|studied|worked|works|"
         r"aims|strives|combines|blends|spends|previously|also|currently")
# A capitalised run that owns a personal noun ("Jane's writing style") or opens a clause with a
# verb of the trade ("Jane covers"): the two shapes in which a template's own name shows.
# Both only at the start of a sentence or clause, where the bio's subject stands: "she edited
# Rahul's book" names someone else's book, not the bio's writer.
_CLAUSE = r"(?:^|[.!?;:]\s+|,\s+|\band\s+|\bbut\s+)"
_POSSESSOR = compile_cached(rf"{_CLAUSE}((?:[A-Z][\w-]*\s+){{0,3}}[A-Z][a-z]{{1,20}})(?P<mark>'s|’s|'|’)\s+(?:\w+\s+)?(?P<noun>{_POSSESSED})\b")
_ACTOR = compile_cached(rf"{_CLAUSE}((?:[A-Z][\w-]*\s+){{0,3}}[A-Z][a-z]{{1,20}})\s+(?P<verb>{_ACTS})\b")
# A word the name lexicon does not know may still be a name ("Anurag's"), but then only the most
# personal predicates count: "Forbes' coverage" and "Reuters' reporting" are a publication's.
_PERSONAL = compile_cached(r"^(?:writing|career|passion|love|journalism|byline|voice|expertise|background|"
                           r"curiosity|knack|talent|dedication|covers|writes|lives|loves|enjoys|graduated|"
                           r"studied|joined|believes|began|started|specializes|specialises)$")
_NOT_NAMES = {
    "when", "with", "she", "he", "her", "his", "the", "this", "that", "in", "as", "at", "after",
    "before", "since", "they", "their", "it", "its", "today", "over", "from", "outside",
    "besides", "currently", "previously", "also", "while", "beyond", "apart", "prior", "there",
    "here", "what", "who", "our", "we", "you", "your", "my", "i", "a", "an", "and", "but", "so",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "besides", "now", "then", "later", "earlier", "recently",
}
# Words after which a capitalised word names a place or an employer, not a person.
_PLACE_CONTEXT = compile_cached(r"\b(?:at|for|with|on|of|from|in|to|by|into|via|across|including)\s+$",
                                re.IGNORECASE)
_QUOTED = compile_cached(r"[\"“][^\"“”]{0,400}[\"”]")
_SENTENCE = compile_cached(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z])")
_WORD = compile_cached(r"[A-Za-zÀ-ÿ][\w'’-]*")
MASCULINE = {"he", "him", "his", "himself", "he's", "he’s", "he'd", "he’d", "he'll", "he’ll"}
FEMININE = {"she", "her", "hers", "herself", "she's", "she’s", "she'd", "she’d", "she'll", "she’ll"}
# Nouns for other people in a writer's life: a pronoun after them may be theirs.
_OTHERS = compile_cached(
    r"^(?:husband|wife|partner|spouse|son|sons|daughter|daughters|mother|father|mom|mum|dad|"
    r"brother|brothers|sister|sisters|boyfriend|girlfriend|fiancée?|children|kids|child|baby|"
    r"parents|grandmother|grandfather|grandson|granddaughter|family|dog|dogs|cat|cats|puppy|"
    r"mentor|boss|colleague|colleagues|friend|friends|co-author|coauthor|twins?)$",
    re.IGNORECASE,
)


@dataclass
class Contradiction:
    """A reason an author bio does not belong to the article's byline."""
    kind: str  # "other-name", "not-byline", "he-and-she", "placeholder"
    message: str


@dataclass
class Pronouns:
    """Gendered pronouns that refer to the bio's subject, with the words they stand in."""

    masculine: list[str] = field(default_factory=list)
    feminine: list[str] = field(default_factory=list)
    plural: bool = False  # they/them used for the subject


def strip_quotes(text: str) -> str:
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def _context(sentence: str, start: int, end: int, width: int = 12) -> str:
    left = sentence.rfind(" ", 0, max(0, start - width)) + 1
    right = sentence.find(" ", min(len(sentence), end + width))
    snippet = sentence[left : right if right > 0 else len(sentence)].strip(" ,;")
    return snippet


def subject_pronouns(text: str, subject: list[str]) -> Pronouns:
    """Pronouns that refer to the subject, by a rule that can be explained in one line:

    in each sentence, gendered pronouns count for the subject until another person shows up (a
    given name that is not the subject's, or a noun such as husband, daughter, colleague); a
    sentence that follows a mention of another person is skipped, since its "he" may be them.
    """
    found = Pronouns()
    subject_words = set(subject)
    other_before = False
    for sentence in sentences(strip_quotes(text)):
        if other_before:
            other_before = _mentions_other(sentence, subject_words)
            continue
        other = False
        for i, m, person in _people(sentence, subject_words):
            word = m.group()
            low = word.lower()
            if person:
                other = True
                continue
            if other:
                continue
            where = _context(sentence, m.start(), m.end())
            if low in MASCULINE:
                found.masculine.append(where)
            elif low in FEMININE:
                found.feminine.append(where)
            elif low in ("they", "them", "themselves", "themself") and i == 0:
                found.plural = True
        other_before = other
    return found


_ORG_CONTEXT = {"the", "at", "for", "of", "in", "on", "from", "a", "an", "via", "into"}


def _people(sentence: str, subject_words: set[str]):
    """(index, match, is another person) for each word of a sentence.

    Another person is a noun such as husband, or a given name that is not the subject's. A
    capitalised run after "the", "at", "for" ... is an employer or a place ("the Daily Star"),
    and the sentence's first word is capitalised anyway, so neither counts.
    """
    run_is_org = False
    prev = ""
    for i, m in enumerate(_WORD.finditer(sentence)):
        word = m.group()
        base = re.sub(r"(?:'|’)s?$", "", word)
        capital = base[:1].isupper()
        if capital and not (prev[:1].isupper() and i > 1):
            run_is_org = prev.lower() in _ORG_CONTEXT
        person = bool(_OTHERS.match(base)) or (
            i > 0 and capital and not run_is_org and fold(base) not in subject_words
            and base.lower() not in _NOT_NAMES and lexicon.is_given_name(base))
        prev = word
        yield i, m, person


def _mentions_other(sentence: str, subject_words: set[str]) -> bool:
    return any(person for _, _, person in _people(sentence, subject_words))


def other_names(text: str, subject: list[str], known: set[str], article_words: set[str]) -> dict[str, str]:
    """Capitalised names used as the bio's subject or possessor that are not the subject, not in
    the byline and not anywhere else in the article: name -> the words that show it."""
    text = strip_quotes(text)
    out: dict[str, str] = {}
    for rx in (_POSSESSOR, _ACTOR):
        for m in rx.finditer(text):
            run = m.group(1).split()
            name = run[-1]
            folded = [fold(w) for w in run]
            if any(w in known for w in folded) or fold(name) in _NOT_NAMES:
                continue
            if len(run) > 1 and fold(run[0]) in _NOT_NAMES:
                run, folded = run[1:], folded[1:]
            if any(w in _NOT_NAMES for w in folded):
                continue
            if any(w in article_words for w in folded):
                continue
            if _PLACE_CONTEXT.search(text[: m.start(1)]):
                continue
            # A word used elsewhere in the bio after "at", "for" ... is an employer or a place.
            if re.search(rf"\b(?:at|for|with|of|from|in|on|by)\s+(?:(?i:the)\s+)?{re.escape(name)}\b", text):
                continue
            if not lexicon.is_given_name(name):
                predicate = text[m.end(1):m.end()].split()
                if not any(_PERSONAL.match(w.strip("'’s")) or _PERSONAL.match(w) for w in predicate) \
                        or m.groupdict().get("mark") in ("'", "’"):
                    continue
            label = " ".join(run)
            out.setdefault(label, m.group(0).strip(" ,.;:").removeprefix("and ").removeprefix("but "))
    return out


def contradictions(text: str, subject: str | None, claimed: list[list[str]],
                   article_words: set[str], box_name: str | None = None) -> list[Contradiction]:
    """Every contradiction in one bio.

    ``subject`` is the name the bio opens with ("Anurag Dhole is ..."); ``claimed`` the people
    the article names as author; ``article_words`` folded words of the article outside the bio;
    ``box_name`` the name the author box shows, if any.
    """
    out: list[Contradiction] = []
    subj = tokens(subject) if subject else (tokens(box_name) if box_name else [])
    who = subject or box_name
    known = set(subj) | {t for name in claimed for t in name}
    if box_name:
        known |= set(tokens(box_name))
    for name, where in other_names(text, subj, known, article_words).items():
        if who:
            out.append(Contradiction(
                "other-name", f"the bio is about {who} but names {name} as its writer (\"{where}\")"))
        elif claimed:
            out.append(Contradiction(
                "other-name",
                f"the bio names {name} (\"{where}\") but the byline is {_claimed(claimed)}"))

    if subj:
        pron = subject_pronouns(text, subj)
        if pron.masculine and pron.feminine:
            out.append(Contradiction(
                "he-and-she",
                f"the bio calls {who or 'its subject'} both he (\"{pron.masculine[0]}\") "
                f"and she (\"{pron.feminine[0]}\")"))
    else:
        pron = subject_pronouns(text, [])
        if pron.masculine and pron.feminine:
            out.append(Contradiction(
                "he-and-she",
                f"the bio calls its subject both he (\"{pron.masculine[0]}\") "
                f"and she (\"{pron.feminine[0]}\")"))

    people = [c for c in claimed if not PLACEHOLDER.search(" ".join(c))]
    if subject and people and not any(same_person(subj, c) for c in people):
        out.append(Contradiction(
            "not-byline", f"the bio is about {subject}, not the byline's author {_claimed(people)}"))
    elif subject and box_name and not same_person(subj, tokens(box_name)):
        out.append(Contradiction(
            "not-byline", f"the bio is about {subject}, not the author box's {box_name}"))

    ph = PLACEHOLDER.search(text) or (PLACEHOLDER.search(subject) if subject else None)
    if ph:
        out.append(Contradiction("placeholder", f"the bio holds the placeholder name {ph.group()!r}"))
    elif subject and fold(subject) in ("admin", "administrator", "site admin"):
        out.append(Contradiction("placeholder",
                                 f"the bio's subject is the site account {subject!r}, not a person"))
    for c in claimed:
        joined = " ".join(c)
        if PLACEHOLDER.search(joined):
            out.append(Contradiction("placeholder", f"the byline is the placeholder name {display(c)!r}"))
    return out


def _claimed(claimed: list[list[str]]) -> str:
    return " / ".join(display(c) for c in claimed)


@dataclass
class GenderConflict:
    """A given name the lexicon gives one sex, and a bio's pronoun of the other."""
    given: str
    facts: lexicon.NameFacts
    pronoun: str  # "he" or "she"
    where: str


def gender_conflict(text: str, subject: str) -> GenderConflict | None:
    """A bio whose pronouns, all of one kind, differ from the sex nearly every record of the
    subject's given name has. Abstains on unknown and unisex names, on bios that use both he and
    she (AUT002 reports those), on they/them, and on names of one letter or in initials."""
    subj = tokens(subject)
    if not subj or len(subj[0]) < 2:
        return None
    facts = lexicon.lookup(subj[0])
    if facts is None or not facts.confident:
        return None
    pron = subject_pronouns(text, subj)
    if pron.plural or (pron.masculine and pron.feminine):
        return None
    if facts.sex == "m" and pron.feminine:
        return GenderConflict(subject.split()[0], facts, "she", pron.feminine[0])
    if facts.sex == "f" and pron.masculine:
        return GenderConflict(subject.split()[0], facts, "he", pron.masculine[0])
    return None
