"""Write rules/widgets.toml from the translation catalogues of a comment widget and a consent manager.

Comment widgets and consent managers print their buttons, labels and notices into the page in
the site's language ("Bisher keine Kommentare", "Alle akzeptieren"). This generator takes a
curated list of those strings (catalogue keys) per rule, reads every locale's translation from the
published packages and writes them as phrases (or, with a placeholder, as patterns with a bounded
slot), each with its provenance: package, version, licence, key and locales.

Sources (fetched with the registries' own clients, into a temporary folder):

- isso, the comment server (Python package, MIT): ``isso/js/app/i18n/*.js``, the comment form,
  the comment controls and the comment notices, 33 locales;
- klaro, the consent manager (npm package, BSD-3-Clause): ``src/translations/*.yml``, the
  consent notice, its modal and its buttons, 25 locales.

Run by hand from the repository root (it needs pip, npm and PyYAML; ``--from DIR`` reads archives
fetched before instead)::

    PYTHONPATH=$PWD python3 tools/make_widget_packs.py

The output is committed; lintnews and its tests never need the packages. The test
tests/test_generated_packs.py checks that the committed pack holds every key of CURATED.
Only short interface strings are kept, used as match patterns, never printed into articles.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "rules", "widgets.toml")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from make_cms_packs import NUMBER, SLOT, clean, normalised, render_family  # noqa: E402  (a sibling script, not a package)


@dataclass(frozen=True)
class Source:
    name: str
    version: str
    licence: str
    kind: str  # "python" or "npm": which client fetches it
    member: str  # the catalogues inside the archive (a glob)


SOURCES = {
    "isso": Source("isso", "0.14.0", "MIT", "python", "*/isso/js/app/i18n/*.js"),
    "klaro": Source("klaro", "0.7.22", "BSD-3-Clause", "npm", "package/src/translations/*.yml"),
}
# A placeholder's stand-in (SLOT) and a count's (NUMBER) are make_cms_packs'.
_PLACEHOLDER = re.compile(r"\{\{\s*n\s*\}\}|\{\w+\}")
# Locales whose language code the packs spell otherwise.
LANGS = {"no": "nb", "el_GR": "el"}


@dataclass
class Family:
    code: str
    name: str
    summary: str
    why: str
    source: str
    keys: tuple[str, ...]
    settings: dict = field(default_factory=dict)
    passes: tuple[str, ...] = ()


CURATED: tuple[Family, ...] = (
    Family(
        code="CMT012", name="comment-widget-form",
        summary="A comment widget's form label or notice, in the site's language (\"Kommentar hier "
                "eingeben (mindestens 3 Zeichen)\", \"Bisher keine Kommentare\").",
        why="Comment widgets print their form and notices under every post, translated into the "
            "site's language: the comment box's placeholder, \"Name (optional)\", \"No Comments "
            "Yet\", \"Comment in queue for moderation.\" Scraped with the article they end its text. "
            "The phrases are the widget's own translations (isso); only a block made of nothing but "
            "such phrases, in the second half of the article, is flagged, so an article that quotes "
            "or discusses them is left alone.",
        source="isso",
        keys=("postbox-text", "postbox-author", "postbox-email", "postbox-website",
              "postbox-notification", "num-comments", "no-comments", "comment-deleted",
              "comment-queued"),
        settings={"match": "block", "fix": "safe", "min_position": 0.5, "max_chars": 300,
                  "message": "Comment widget text {match!r}",
                  "fix_message": "Remove the comment widget line"},
        passes=("No comments yet from the ministry, which was asked on Monday, a spokesman said.",
                "Die Redaktion schrieb: „Bisher keine Kommentare“, und schloss die Debatte.",
                "“Comment in queue for moderation,” the message read, she told the court."),
    ),
    Family(
        code="CMT013", name="comment-widget-control",
        summary="A comment widget's control label (\"Reply\", \"Delete\", \"2 Hidden\") on its own "
                "line in the last 40% of the article, in the site's language.",
        why="Under each reader comment a comment widget prints its links: \"Reply\", \"Edit\", "
            "\"Delete\", and \"2 Hidden\" over folded replies. Scraped as lines of their own they sit "
            "among the comments at the end of the article. These are ordinary words in every "
            "language, so only a short block that is nothing but such labels, in the last 40% of "
            "the article, is flagged.",
        source="isso",
        # Not the form's buttons ("Cancel", "Confirm", "Preview", "Submit"): a scraper seldom keeps
        # a button's label, and their translations are words an article's list may hold ("Peru",
        # the Finnish "Cancel", is a country).
        keys=("comment-reply", "comment-edit", "comment-delete", "comment-hidden"),
        settings={"match": "block", "fix": "safe", "min_position": 0.6, "max_chars": 80,
                  "max_words": 6, "message": "Comment control label {match!r}",
                  "fix_message": "Remove the comment control label"},
        passes=("Delete\n\nThe minister said the files would be deleted by Friday.\n\nThe archive "
                "keeps copies.\n\nLawyers disagreed.\n\nThe court will decide in May.",
                "Preview the report before it is published, the editor told her staff.",
                "Der Minister sagte, er werde die Dateien löschen lassen."),
    ),
    Family(
        code="CK010", name="consent-manager-notice",
        summary="A consent manager's notice or dialog text, in the site's language (\"Hallo! "
                "Könnten wir bitte einige zusätzliche Dienste für ... aktivieren?\").",
        why="Consent managers print their notice and the dialog behind it into the page in the "
            "site's language: \"Hi! Could we please enable some additional services for ...?\", "
            "\"Services we would like to use\", the description of each purpose, \"Realized with "
            "Klaro!\". Scraped with the article they are not its text. The phrases are the consent "
            "manager's own translations (klaro); only a block made of nothing but such text is "
            "flagged.",
        source="klaro",
        keys=("consentNotice.description", "consentNotice.changeDescription", "consentModal.title",
              "consentModal.description", "contextualConsent.description",
              "contextualConsent.descriptionEmptyStore", "privacyPolicy.text", "poweredBy",
              "service.disableAll.title", "service.disableAll.description",
              "service.optOut.description", "service.required.description",
              "purposes.advertising.description", "purposes.functional.description",
              "purposes.marketing.description", "purposes.performance.description"),
        settings={"match": "block", "fix": "safe", "max_chars": 700,
                  "message": "Consent manager text {match!r}",
                  "fix_message": "Remove the consent notice"},
        passes=("The regulator said sites could not enable additional services for marketing "
                "without consent, and fined two publishers.",
                "“Services we would like to use,” the banner said, listing eleven trackers."),
    ),
    Family(
        code="CK011", name="consent-manager-button",
        summary="A consent manager's button or title on its own line at the top or bottom of the "
                "article, in the site's language (\"Alle akzeptieren\", \"Ich lehne ab\").",
        why="A consent banner's buttons and title (\"Accept all\", \"I decline\", "
            "\"Let me choose\", \"Cookie Consent\") are scraped as lines of their own before or "
            "after the article. Some are ordinary words, so only a short block that is nothing but "
            "such labels, in the first quarter or the last 40% of the article, is flagged.",
        source="klaro",
        # Not "ok" ("That's ok", "De acuerdo", "OK"): an interview's answer may be that line.
        keys=("acceptAll", "acceptSelected", "decline", "consentNotice.learnMore",
              "consentNotice.title", "contextualConsent.modalLinkText", "consentNotice.testing"),
        settings={"match": "block", "fix": "safe", "position": "edges", "max_chars": 120,
                  "max_words": 8, "message": "Consent banner button {match!r}",
                  "fix_message": "Remove the consent banner button"},
        passes=("Intro of the story, long enough to be the article's start.\n\nSecond paragraph "
                "of the story with more detail.\n\nAccept all\n\nThe union said it would accept "
                "all the terms.\n\nFourth paragraph.\n\nFifth paragraph closes the article.",
                "The board voted to accept all of the proposals on Monday."),
    ),
)
SAMPLE = {"n": "3", "slot": "Example"}


def lang_of(locale: str) -> str:
    return LANGS.get(locale, LANGS.get(locale.split("_")[0], locale.split("_")[0].lower()))


_JS_PAIR = re.compile(r'"([\w-]+)"\s*:\s*("(?:[^"\\]|\\.)*")')


def read_isso(path: str) -> dict[str, str]:
    """isso's catalogues are CommonJS modules of one flat object of JSON strings."""
    with open(path, encoding="utf-8") as f:
        return {m.group(1): json.loads(m.group(2)) for m in _JS_PAIR.finditer(f.read())}


def read_klaro(path: str) -> dict[str, str]:
    """klaro's catalogues are nested YAML; keys are flattened with dots."""
    import yaml

    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    flat: dict[str, str] = {}

    def walk(node, prefix):
        for key, value in node.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                walk(value, name + ".")
            elif isinstance(value, str):
                flat[name] = value

    walk(data, "")
    return flat


READERS = {"isso": read_isso, "klaro": read_klaro}


def fetch(source: Source, folder: str) -> str:
    """The package's published archive, fetched with its registry's own client."""
    if source.kind == "python":
        cmd = [sys.executable, "-m", "pip", "download", f"{source.name}=={source.version}", "--no-deps",
               "--no-binary", ":all:", "-d", folder]
    else:
        cmd = ["npm", "pack", f"{source.name}@{source.version}", "--pack-destination", folder]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return archive_in(source, folder)


def archive_in(source: Source, folder: str) -> str:
    found = sorted(glob.glob(os.path.join(folder, f"{source.name}-{source.version}.t*gz")))
    if not found:
        raise SystemExit(f"error: no {source.name}-{source.version} archive in {folder}")
    return found[0]


def load_catalogues(source: Source, archive: str, folder: str) -> dict[str, dict[str, str]]:
    """locale -> {key: translation} from the archive's catalogues."""
    out = {}
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if not member.isfile() or not PurePosixPath(member.name).match(source.member):
                continue
            locale = os.path.basename(member.name).rsplit(".", 1)[0]
            if locale == "en.ref":  # klaro's source of en.yml, not a locale
                continue
            tar.extract(member, folder, filter="data")
            out[locale] = READERS[source.name](os.path.join(folder, member.name))
    return out


def to_pattern(text: str) -> str | None:
    """A translation with placeholders as a regex; None when it has none (then it is a phrase)."""
    holes = _PLACEHOLDER.findall(text)
    if not holes:
        return None
    parts = _PLACEHOLDER.split(text)
    out = []
    for i, part in enumerate(parts):
        words = part.split()
        if words:
            lead = r"\s*" if i and part[:1].isspace() else ""
            tail = r"\s*" if i < len(holes) and part[-1:].isspace() else ""
            out.append(lead + r"\s+".join(re.escape(w) for w in words) + tail)
        if i < len(holes):
            out.append(NUMBER if "{{" in holes[i] else SLOT)
    return "".join(out)


_QUOTES = ("„“", "“”", "«»", '""')


def unquote(text: str) -> str:
    """Without the quotation marks a translator put around a notice: a block that opens with one
    is never matched."""
    for pair in _QUOTES:
        if len(text) > 2 and text[0] == pair[0] and text[-1] == pair[1]:
            return text[1:-1].strip()
    return text


def sample_of(text: str) -> str:
    return _PLACEHOLDER.sub(lambda m: SAMPLE["n"] if "{{" in m.group(0) else SAMPLE["slot"], text)


def other_packs() -> list[str]:
    return [p for p in sorted(glob.glob(os.path.join(ROOT, "rules", "*.toml"))) if p != OUT]


def theme_rules(prefix: str) -> list:
    """The rules of the theme in the other packs (hand-written and WordPress): a translation one
    of them already matches is left to it."""
    from lintnews.packs import load_pack

    return [cls for path in other_packs() for cls in load_pack(path)
            if re.match(rf"{prefix}\d", cls.code) and cls.regex is not None]


def owned_phrases() -> dict[tuple[str, str], str]:
    """{(language, normalised phrase): code} of every other pack's phrases."""
    import tomllib

    owners = {}
    for path in other_packs():
        with open(path, "rb") as f:
            for entry in tomllib.load(f).get("rules", []):
                for lang, phrases in (entry.get("phrases") or {}).items():
                    for phrase in phrases:
                        owners.setdefault((lang, normalised(phrase)), entry["code"])
    return owners


def build(catalogues: dict[str, dict[str, dict[str, str]]]) -> str:
    owners = owned_phrases()
    lines = ["# Generated by tools/make_widget_packs.py from the translation catalogues of"]
    lines += [f"# {s.name} {s.version} ({s.licence})" + ("," if i < len(SOURCES) - 1 else ".")
              for i, s in enumerate(SOURCES.values())]
    lines += ["# Do not edit by hand: change the curated list in the generator and run it again.",
              "# Each phrase's comment names the locales it comes from; each key's provenance line",
              "# says where it was found.", ""]
    for fam in CURATED:
        src = SOURCES[fam.source]
        hands = theme_rules(re.match(r"[A-Z]+", fam.code).group(0))
        phrases: dict[str, dict[str, list[str]]] = {}
        patterns: dict[str, dict[str, list[str]]] = {}
        samples: dict[str, list[str]] = {}
        provenance = []
        for key in fam.keys:
            found = {loc: cat[key] for loc, cat in sorted(catalogues[fam.source].items()) if cat.get(key)}
            left, taken = [], []
            for loc, raw in found.items():
                lang = lang_of(loc)
                for form in filter(str.strip, raw.split("\n")):  # isso: "singular\nplural"
                    text = unquote(clean(form))
                    if not text.strip(" .:*!?0123456789"):
                        continue
                    sample = sample_of(text)
                    if any(h.regex.match(sample) for h in hands):
                        left.append(loc)
                        continue
                    pattern = to_pattern(text)
                    if not pattern:
                        owner = owners.setdefault((lang, normalised(text)), fam.code)
                        if owner != fam.code:
                            taken.append(f"{loc}:{owner}")
                            continue
                    target = patterns if pattern else phrases
                    target.setdefault(lang, {}).setdefault(pattern or text, []).append(loc)
                    if sample not in samples.setdefault(lang, []):
                        samples[lang].append(sample)
            where = f"{len(found)} locales of {src.name} {src.version} ({src.licence})"
            provenance.append(f"# key {json.dumps(f'{src.name}:{key}')}: {where}"
                              + (f"; left to the theme's rules in {' '.join(sorted(set(left)))}" if left else "")
                              + (f"; owned by another rule in {' '.join(sorted(set(taken)))}" if taken else ""))
        lines += render_family(fam, phrases, patterns, provenance, samples, LEAD, ORDER,
                               f"{SOURCES[fam.source].name} ")
    return "\n".join(lines) + "\n"


LEAD = ("The council voted on Monday to close the library after a long debate. The mayor said "
        "the building would be sold, and the books moved to the school.")
ORDER = ("en", "de", "fr", "es", "ru", "ja", "zh", "pl")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="folder", help="read the archives from this folder instead of fetching them")
    args = parser.parse_args()
    sys.path.insert(0, ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        catalogues = {}
        for source in SOURCES.values():
            archive = archive_in(source, args.folder) if args.folder else fetch(source, tmp)
            catalogues[source.name] = load_catalogues(source, archive, tmp)
        text = build(catalogues)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
