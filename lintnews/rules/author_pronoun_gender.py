from collections.abc import Iterator

from lintnews.bio.analysis import gender_conflict
from lintnews.document import Document
from lintnews.model import Diagnostic, Severity, Span
from lintnews.rule import Rule
from lintnews.bio.blocks import bio_sites, bio_subject, field_bios


class BioPronounNameGender(Rule):
    """An author bio whose pronouns differ from the sex nearly all records of the subject's given
    name have: a hint, at info level, that the bio was written for someone else.

    ## Why is this bad?

    Template bios keep the pronouns of the writer they were made for: "Anurag Dhole is a
    seasoned journalist ... she covers ...". Where nothing else in the bio contradicts itself,
    this is the only trace. But names are not gender, so this rule is off by default, reports
    at info level only and never fixes anything.

    The given name is looked up in a lexicon shipped with lintnews: US Social Security
    Administration baby-name counts since 1940 (public domain). A name counts only with at
    least 200 records and at least 99 of 100 of one sex; the rule abstains on unknown and
    unisex names, on names that change sex across languages (Andrea, Nicola, Jean, Kiran ...),
    on initials, on they/them bios and on bios that use both he and she (AUT002 reports those).
    US records under-represent many naming traditions: treat a finding as a question.

    ## Example

    ```text
    The council voted on Monday to close the library after a four-hour debate.

    Author Profile

    Anurag Dhole is a seasoned journalist and content writer ... she covers a wide range of topics ...
    ```

    Reported (with `--select AUT003`): the bio calls Anurag "she"; Anurag is "m" in 244 of 244
    US birth records.
    """

    code = "AUT003"
    name = "bio-pronoun-name-gender"
    severity = Severity.INFO
    default_enabled = False

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        texts = [(doc.block_text(s.bio), s.bio.span) for s in bio_sites(doc)]
        texts += [(f.text, Span(f.start, f.start + len(f.text)) if f.start is not None else Span(0, 0))
                  for f in field_bios(doc)]
        for text, span in texts:
            subject = bio_subject(text)
            if not subject:
                continue
            hit = gender_conflict(text, subject)
            if hit:
                sex = {"m": "male", "f": "female"}[hit.facts.sex]
                yield self.report(
                    f"Bio calls {subject} \"{hit.pronoun}\" (\"{hit.where}\"), but {hit.given} is "
                    f"{sex} in {hit.facts.births} of {hit.facts.total} US birth records: check "
                    "whether the bio was written for someone else", span)
