"""Write rules/cms-wordpress.toml from WordPress's own translation catalogues.

The comment forms, notices, navigation labels and footers that end up in scraped articles are
printed by the CMS, in the site's language, from its translation catalogue. This generator takes a
curated list of those strings (msgids) per rule, looks each one up in every locale's catalogue
and writes the translations as phrases (or, where the string has printf placeholders, as patterns
with a bounded slot), each with its provenance: package, version, locale and msgid.

Run by hand, on a machine with the catalogues installed (Debian: ``apt-get install wordpress
wordpress-l10n``), from the repository root::

    PYTHONPATH=$PWD python3 tools/make_cms_packs.py

The output is committed; lintnews and its tests never need the catalogues. The test
tests/test_generated_packs.py checks that the committed pack holds every msgid of CURATED.

WordPress and its translations are GPLv2-or-later. The pack keeps only short interface strings
(labels and one-line notices), used as match patterns, never as text lintnews prints into
articles.
"""

from __future__ import annotations

import glob
import gettext
import html
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOGUES = "/usr/share/wordpress/wp-content/languages"
PACKAGE = "wordpress-l10n"
OUT = os.path.join(ROOT, "rules", "cms-wordpress.toml")
# The generated packs: neither their phrases nor their rules are the hand-written ones.
GENERATED = ("cms-", "widgets.toml")

# A placeholder's stand-in: bounded, lazy, one line, no nested quantifier, so a pattern can
# never backtrack far. Numbers ("% Comments", "%d") get digits only.
SLOT = r"[^\n]{1,120}?"
NUMBER = r"\d{1,6}"
_PLACEHOLDER = re.compile(r"%(?:\d+\$)?[sd]|%(?=[ \t]|$)")
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Family:
    code: str
    name: str
    summary: str
    why: str
    # The hand-written rule of the same theme: a translation it already matches is left to it.
    hand_rule: str
    msgids: tuple[str, ...]
    settings: dict = field(default_factory=dict)
    passes: tuple[str, ...] = ()
    # msgid -> a pattern to append: "Tags: " is followed by the tag list.
    suffix: dict = field(default_factory=dict)


CURATED: tuple[Family, ...] = (
    Family(
        code="CMT010", name="cms-comment-form",
        summary="A comment form's heading or notice, as WordPress prints it in the site's language "
                "(\"Hinterlasse eine Antwort\", \"Les commentaires sont fermés.\").",
        why="WordPress prints the same comment form and comment notices under every post, "
            "translated into the site's language: \"Leave a Reply\", \"Cancel reply\", \"Your email "
            "address will not be published.\", \"Comments are closed.\" Scraped with the article they "
            "end its text. The phrases are WordPress's own translations; only a block made of "
            "nothing but such phrases is flagged, so an article that quotes or discusses them is "
            "left alone.",
        hand_rule="CMT001",
        msgids=("Leave a Reply", "Leave a Reply to %s", "Leave a Comment", "Leave a comment",
                "Cancel reply", "Your email address will not be published.",
                "Required fields are marked %s", "Post Comment", "Submit Comment",
                "Log in to leave a Comment", "You must be <a href=\"%s\">logged in</a> to post a comment.",
                "Sorry, you must be logged in to post a comment.",
                "Save my name, email, and website in this browser for the next time I comment.",
                "Comments are closed.", "Sorry, comments are closed for this item.",
                "Sorry, the comment form is closed at this time.", "Your comment is awaiting moderation.",
                "No comments yet.", "No Comments", "1 Comment", "% Comments",
                "&laquo; Older Comments", "Newer Comments &raquo;",
                "This post is password protected. Enter the password to view comments.",
                "One thought on &ldquo;%s&rdquo;", "%1$s thoughts on &ldquo;%2$s&rdquo;",
                "This site uses Akismet to reduce spam. Learn how your comment data is processed."),
        settings={"match": "block", "fix": "safe", "max_chars": 600,
                  "message": "Comment form text {match!r}",
                  "fix_message": "Remove the comment-form line"},
        passes=("Readers may leave a reply under every article, the editor wrote on Monday.",
                "Die Redaktion bittet die Leser, eine Antwort zu hinterlassen, wenn sie anderer Meinung sind.",
                "Le site a annoncé que les commentaires sont fermés pendant la campagne électorale.",
                "“Comments are closed,” the spokesman said when asked about the affair."),
    ),
    Family(
        code="CMT011", name="cms-comment-link",
        summary="A comment's \"Reply\" or \"Edit\" link label on its own line in the second "
                "half of the article, in the site's language.",
        why="Under each reader comment WordPress prints the commenter's name with \"says:\" and "
            "\"Reply\" and \"Edit\" links. Scraped as separate lines they sit among the comments "
            "at the end of the article. These words are ordinary words in every language, so only "
            "a block that is nothing but such labels, in the second half of the article, is flagged.",
        hand_rule="CMT001",
        # Not "%s says:": with a free slot it would take "The minister says:" before a quote.
        msgids=("Reply", "Log in to Reply", "Edit", "(Edit)", "Pingback:"),
        settings={"match": "block", "fix": "safe", "min_position": 0.5, "max_chars": 120,
                  "message": "Comment link label {match!r}",
                  "fix_message": "Remove the comment link label"},
        passes=("Reply\n\nThe minister’s reply came on Monday, two weeks after the letter.\n\n"
                "She said she would answer every question in writing.\n\nThe debate goes on.",
                "Die Antworten der Ministerin kamen am Montag, zwei Wochen nach dem Brief.",
                "He said he would edit the report before it was published on Friday."),
    ),
    Family(
        code="CHR010", name="cms-navigation-label",
        summary="A WordPress navigation, widget or footer label on its own line at the top or bottom of "
                "the article, in the site's language (\"Vorheriger Beitrag\", \"Articles récents\").",
        why="Around the post, WordPress and its widgets print navigation and footer labels: "
            "\"Previous Post\", \"Next Post\", \"Search for:\", \"Recent Posts\", \"Archives\", "
            "\"Powered by WordPress\". Scraped as lines of their own at the edges of the article they "
            "are not its text. A block must be nothing but such labels and sit in the first quarter "
            "or the last 40% of the article; a section heading in the middle is left alone.",
        hand_rule="CHR003",
        # Not the "Meta" widget title: its translations are loose words ("其它", "功能", "כלים").
        msgids=("Previous Post", "Next Post", "&laquo; Previous Page", "Next Page &raquo;",
                "Previous page", "Next page", "label\x04Search for:", "placeholder\x04Search &hellip;",
                "Skip to content", "Skip to toolbar", "Recent Posts", "Recent Comments", "Archives",
                "Categories", "Entries <abbr title=\"Really Simple Syndication\">RSS</abbr>",
                "Comments <abbr title=\"Really Simple Syndication\">RSS</abbr>", "Entries (RSS)",
                "Comments (RSS)", "Powered by WordPress", "%1$s is proudly powered by %2$s",
                "Proudly powered by %s", "Page not found", "Pages:",
                # The RSS widget's notice when the feed it shows cannot be read.
                "An error has occurred, which probably means the feed is down. Try again later."),
        settings={"match": "block", "fix": "safe", "position": "edges", "max_chars": 200,
                  "message": "Navigation label {match!r}",
                  "fix_message": "Remove the navigation label"},
        passes=("The archives of the newspaper were opened to researchers in 2019.",
                "Les archives du journal ont été ouvertes aux chercheurs en 2019.",
                "Intro of the story, long enough to be the article's start.\n\n"
                "Second paragraph of the story with more detail.\n\nArchives\n\n"
                "The city archives hold the letters, the clerk said.\n\nFourth paragraph.\n\n"
                "Fifth paragraph closes the article with a quote from the mayor."),
        suffix={"Pages:": r"[\d\s]{0,40}"},
    ),
    Family(
        code="CMS010", name="cms-post-meta",
        summary="A post's tag or edit line as WordPress prints it, in the site's language "
                "(\"Schlagwörter: Politik, Wirtschaft\").",
        why="Below the post WordPress prints the post's tags and an edit note (\"Tags: Politics, "
            "Economy\", \"Last edited by ... on ... at ...\"). They are page metadata, not article "
            "text. The line must start with WordPress's label and sit in the second half of the "
            "article.",
        hand_rule="CMS003",
        msgids=("Tags: ", "Last edited by %1$s on %2$s at %3$s", "Last edited on %1$s at %2$s"),
        settings={"match": "block", "fix": "safe", "min_position": 0.5, "max_chars": 200,
                  "message": "Post meta line {match!r}",
                  "fix_message": "Remove the post meta line"},
        passes=("Tags are sold at the counter for five euros, the clerk said.",
                "Schlagwörter wie diese bestimmen die Debatte, sagte die Forscherin."),
        suffix={"Tags: ": SLOT},
    ),
    Family(
        code="TRN010", name="cms-more-link",
        summary="WordPress's \"(more…)\" or \"Continue reading\" link on its own line, in the site's language.",
        why="Where a post is cut on the home page or in a feed, WordPress prints a \"(more…)\" or "
            "\"Continue reading\" link. A scraped copy that ends with it is a teaser; the label "
            "itself is never article text. Only the label alone on its line is flagged.",
        hand_rule="TRN001",
        # Not "Continue reading %s": its slot (the post's title) would take any sentence that
        # starts "Continue reading".
        msgids=("(more&hellip;)",
                "Continue reading <span class=\"meta-nav\">&rarr;</span>"),
        settings={"match": "block", "fix": "safe", "max_chars": 200,
                  "message": "Read-more link {match!r}",
                  "fix_message": "Remove the read-more link"},
        passes=("Continue reading the report, the judge told the court, and you will see why.",
                "Weiterlesen lohnt sich, sagte der Kritiker über den Roman."),
    ),
)
# Filled in examples where a placeholder was; the slot pattern must accept them.
SAMPLE = {"s": "Example Site", "d": "3"}


def lang_of(locale: str) -> str:
    return locale.split("_")[0]


def package_version() -> str:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", PACKAGE], capture_output=True,
                             text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def load_catalogues() -> dict[str, dict]:
    """locale -> {msgid (context\\x04msgid): translation}: the front-end catalogues only (the
    admin and time-zone catalogues hold no text a visitor sees)."""
    out = {}
    for path in sorted(glob.glob(os.path.join(CATALOGUES, "*.mo"))):
        base = os.path.basename(path)[:-3]
        if base.startswith(("admin", "continents-cities")):
            continue
        with open(path, "rb") as f:
            catalog = gettext.GNUTranslations(f)._catalog
        flat = {}
        for key, value in catalog.items():
            # Plural entries: (msgid, n); the first form is the singular.
            if isinstance(key, tuple):
                key = key[0] if key[1] == 0 else None
            if key:
                flat[key] = value
        out[base] = flat
    return out


# Arrows and guillemets around a label ("« Previous Page", "Next →"): block matching skips
# punctuation around phrases anyway, and a phrase must not start with what reads as a quote.
_DECOR = " \t«»‹›←→…|-–—"


def clean(text: str) -> str:
    text = _TAG.sub("", text)
    text = html.unescape(text)
    return " ".join(text.split()).strip(_DECOR)


def to_pattern(text: str, suffix: str = "") -> str | None:
    """A translation with placeholders as a regex; None when it has none (then it is a phrase)."""
    parts = _PLACEHOLDER.split(text)
    holes = _PLACEHOLDER.findall(text)
    if not holes and not suffix:
        return None
    out = []
    for i, part in enumerate(parts):
        out.append(r"\s+".join(re.escape(w) for w in part.split()) if part.strip() else "")
        if part and part[-1:].isspace() and i < len(holes):
            out.append(r"\s*")
        if i < len(holes):
            out.append(NUMBER if holes[i] in ("%", "%d") or holes[i].endswith("d") else SLOT)
            nxt = parts[i + 1] if i + 1 < len(parts) else ""
            if nxt[:1].isspace():
                out.append(r"\s*")
    if suffix:
        out.append(r"\s*" + suffix)
    return "".join(out)


def sample_of(text: str, suffix: str = "") -> str:
    filled = _PLACEHOLDER.sub(lambda m: SAMPLE["d"] if m.group(0) in ("%",) or m.group(0).endswith("d")
                              else SAMPLE["s"], text)
    if suffix == SLOT:
        filled = filled.rstrip() + " Politics, Economy"
    elif suffix:
        filled = filled.rstrip() + " 1 2 3"
    return filled


def hand_rules() -> dict:
    from lintnews.packs import load_pack

    rules = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "rules", "*.toml"))):
        if os.path.basename(path).startswith(GENERATED):
            continue
        for cls in load_pack(path):
            rules[cls.code] = cls
    return rules


def covered(hand, text: str) -> bool:
    return hand is not None and hand.regex is not None and bool(hand.regex.match(text))


def normalised(phrase: str) -> str:
    """As the shared-phrase test compares phrases: one rule owns each phrase of a language."""
    return " ".join(phrase.casefold().split()).strip(" .,:;!?…|-–—")


def hand_phrases() -> dict[tuple[str, str], str]:
    """{(language, normalised phrase): code} of every hand-written pack's phrases."""
    import tomllib

    owners = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "rules", "*.toml"))):
        if os.path.basename(path).startswith(GENERATED):
            continue
        with open(path, "rb") as f:
            for entry in tomllib.load(f).get("rules", []):
                for lang, phrases in (entry.get("phrases") or {}).items():
                    for phrase in phrases:
                        owners.setdefault((lang, normalised(phrase)), entry["code"])
    return owners


def build(catalogues: dict[str, dict], version: str) -> str:
    hands = hand_rules()
    # A phrase belongs to one rule: the hand-written one, else the first generated family.
    owners = hand_phrases()
    lines = ["# Generated by tools/make_cms_packs.py from WordPress's translation catalogues",
             f"# (Debian package {PACKAGE} {version}; WordPress and its translations: GPLv2+).",
             "# Do not edit by hand: change the curated list in the generator and run it again.",
             "# Each phrase's comment names the locales it comes from; each msgid's provenance",
             "# line says where it was found, or that no catalogue has it.", ""]
    for fam in CURATED:
        hand = hands.get(fam.hand_rule)
        phrases: dict[str, dict[str, list[str]]] = {}  # lang -> text -> ["locale msgid"]
        patterns: dict[str, dict[str, list[str]]] = {}
        provenance = []
        samples: dict[str, list[str]] = {}
        for msgid in fam.msgids:
            shown = msgid.split("\x04")[-1]
            suffix = fam.suffix.get(msgid, "")
            found = {"en": shown}
            found.update({loc: cat[msgid] for loc, cat in catalogues.items()
                          if cat.get(msgid) and cat[msgid] != shown})
            left, taken = [], []
            for loc, raw in found.items():
                text = clean(raw)
                if not text.strip(" .:*%s$0123456789"):
                    continue
                sample = sample_of(text, suffix)
                if covered(hand, sample):
                    left.append(loc)
                    continue
                pattern = to_pattern(text, suffix)
                if not pattern:
                    owner = owners.setdefault((lang_of(loc), normalised(text)), fam.code)
                    if owner != fam.code:
                        taken.append(f"{loc}:{owner}")
                        continue
                target = patterns if pattern else phrases
                key = pattern or text
                target.setdefault(lang_of(loc), {}).setdefault(key, []).append(loc)
                samples.setdefault(lang_of(loc), [])
                if sample not in samples[lang_of(loc)]:
                    samples[lang_of(loc)].append(sample)
            where = (f"{len(found) - 1} locales of {PACKAGE} {version}" if len(found) > 1
                     else f"in no catalogue of {PACKAGE} {version}, English only")
            provenance.append(f"# msgid {json.dumps(msgid, ensure_ascii=False)}: {where}"
                              + (f"; left to {fam.hand_rule} in {' '.join(left)}" if left else "")
                              + (f"; owned by another rule in {' '.join(taken)}" if taken else ""))
        lines += render_family(fam, phrases, patterns, provenance, samples)
    return "\n".join(lines) + "\n"


def toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


LEAD = "The council voted on Monday to close the library after a long debate."
ORDER = ("en", "de", "fr", "es", "ru", "ja", "zh", "ar")


def render_family(fam, phrases, patterns, provenance, samples, lead: str = LEAD,
                  order: tuple[str, ...] = ORDER, label: str = "") -> list[str]:
    """A family as a pack entry: its keys, provenance, phrases and patterns per language (each
    with its locales, after ``label``), flag examples from the samples of the first five
    languages of ``order`` that have one, after ``lead``, and its pass examples. Shared with
    make_widget_packs.py."""
    out = ["[[rules]]", f"code = {toml_str(fam.code)}", f"name = {toml_str(fam.name)}",
           f"summary = {toml_str(fam.summary)}", f"why = {toml_str(fam.why)}"]
    out += [f"{k} = {toml_str(v) if isinstance(v, str) else v}" for k, v in fam.settings.items()]
    out += ["", "# Provenance"] + provenance + [""]
    for table, data in (("phrases", phrases), ("patterns", patterns)):
        if not data:
            continue
        out.append(f"[rules.{table}]")
        for lang in sorted(data):
            out.append(f"{lang} = [")
            for text, locales in data[lang].items():
                out.append(f"  {toml_str(text)},  # {label}{' '.join(sorted(set(locales)))}")
            out.append("]")
        out.append("")
    picked = [lang for lang in order if samples.get(lang)]
    for n, lang in enumerate(picked[:5]):
        sample = samples[lang][0]
        out += ["[[rules.examples]]", f"flag = {toml_str(lead + chr(10) * 2 + sample + chr(10))}"]
        if n == 0:
            out.append(f"fixed = {toml_str(lead + chr(10))}")
        out.append("")
    for text in fam.passes:
        out += ["[[rules.examples]]", f"pass = {toml_str(text)}", ""]
    return out


def main() -> int:
    if not os.path.isdir(CATALOGUES):
        print(f"error: {CATALOGUES}: not found; install the {PACKAGE} and wordpress packages",
              file=sys.stderr)
        return 2
    sys.path.insert(0, ROOT)
    text = build(load_catalogues(), package_version())
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
