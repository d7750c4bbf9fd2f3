"""The generated packs and data are what their generators say, without the catalogues or babel.

tools/make_cms_packs.py and tools/make_dates.py run by hand on a machine that has the WordPress
catalogues and babel; their output is committed. These tests read only the committed files and
the generators' curated lists (importing a generator needs neither source).
"""

import ast
import importlib.util
import json
import os
import re
import sys
import tomllib

import pytest

from lintnews.packs import load_pack

from conftest import ROOT


def _generator(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, "tools", f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


PACK = os.path.join(ROOT, "rules", "cms-wordpress.toml")
PROVENANCE = re.compile(r'^# msgid ("(?:[^"\\]|\\.)*"): (.+)$', re.M)


def test_every_curated_msgid_has_its_provenance_in_the_pack():
    gen = _generator("make_cms_packs")
    with open(PACK, encoding="utf-8") as f:
        text = f.read()
    recorded = {json.loads(m.group(1)) for m in PROVENANCE.finditer(text)}
    curated = {msgid for fam in gen.CURATED for msgid in fam.msgids}
    assert curated - recorded == set(), "pack is out of date: run tools/make_cms_packs.py"
    assert recorded - curated == set(), "pack holds msgids the generator no longer curates"


def test_the_pack_has_one_rule_per_curated_family_and_every_phrase_compiles():
    gen = _generator("make_cms_packs")
    rules = load_pack(PACK)  # compiles every phrase and pattern, or raises
    assert [r.code for r in rules] == [fam.code for fam in gen.CURATED]
    with open(PACK, "rb") as f:
        entries = tomllib.load(f)["rules"]
    for entry in entries:
        for patterns in (entry.get("patterns") or {}).values():
            for p in patterns:
                re.compile(p)
                # A slot is bounded and never inside another quantified group.
                assert not re.search(r"\)[*+]|\)\{\d+,\}", p), p
        assert any("flag" in e for e in entry["examples"]) and any("pass" in e for e in entry["examples"])


def test_phrases_are_keyed_by_language_code():
    with open(PACK, "rb") as f:
        entries = tomllib.load(f)["rules"]
    for entry in entries:
        for key in list(entry.get("phrases") or {}) + list(entry.get("patterns") or {}):
            assert re.fullmatch(r"[a-z]{2,3}", key), key


@pytest.mark.parametrize("text", ["Hinterlasse eine Antwort", "Kommentare sind geschlossen.",
                                  "Dein Kommentar wartet auf Freischaltung."])
def test_a_german_comment_form_line_is_removed(text):
    from lintnews.api import Linter, Options
    from lintnews.config import Config
    from lintnews.readers import formats

    article = "Der Stadtrat hat am Montag abgestimmt.\n\n" + text + "\n"
    result = Linter(Options(select=["CMT010"], fix=True)).lint_text(article, "a.txt", Config(),
                                                                    formats()["text"])
    assert result.new == "Der Stadtrat hat am Montag abgestimmt.\n"


def test_dates_data_covers_the_generators_languages():
    from lintnews.data import dates

    # The generator imports babel; its language list is read from its source instead.
    with open(os.path.join(ROOT, "tools", "make_dates.py"), encoding="utf-8") as f:
        tree = ast.parse(f.read())
    listed = next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                  and any(getattr(t, "id", "") == "LANGUAGES" for t in node.targets))
    assert tuple(listed) == dates.LANGUAGES, "dates.py is out of date: run tools/make_dates.py"
    for lang in dates.LANGUAGES:
        assert len(dates.MONTHS[lang]) >= 12 and len(dates.WEEKDAYS[lang]) >= 7, lang


WIDGETS = os.path.join(ROOT, "rules", "widgets.toml")
KEY_PROVENANCE = re.compile(r'^# key ("(?:[^"\\]|\\.)*"): (\d+) locales of (\S+) (\S+) \(([^)]+)\)', re.M)


def test_every_curated_widget_key_has_its_provenance_in_the_pack():
    gen = _generator("make_widget_packs")
    with open(WIDGETS, encoding="utf-8") as f:
        text = f.read()
    recorded = {json.loads(m.group(1)): m.groups()[1:] for m in KEY_PROVENANCE.finditer(text)}
    curated = {f"{fam.source}:{key}" for fam in gen.CURATED for key in fam.keys}
    assert curated - set(recorded) == set(), "pack is out of date: run tools/make_widget_packs.py"
    assert set(recorded) - curated == set(), "pack holds keys the generator no longer curates"
    for key, (locales, package, version, licence) in recorded.items():
        source = gen.SOURCES[key.split(":")[0]]
        assert (package, version, licence) == (source.name, source.version, source.licence), key
        assert int(locales) > 0, f"{key}: no catalogue has it"


def test_every_widget_phrase_names_its_package_and_locales():
    gen = _generator("make_widget_packs")
    with open(WIDGETS, encoding="utf-8") as f:
        listed = [ln for ln in f if ln.startswith('  "')]
    assert listed
    for line in listed:
        assert re.search(r'",  # (isso|klaro) [a-z]{2,3}(_[A-Za-z]+)?( |$)', line), line
    assert {s.name for s in gen.SOURCES.values()} == {"isso", "klaro"}


def test_the_widget_pack_has_one_rule_per_curated_family_and_every_phrase_compiles():
    gen = _generator("make_widget_packs")
    rules = load_pack(WIDGETS)
    assert [r.code for r in rules] == [fam.code for fam in gen.CURATED]
    with open(WIDGETS, "rb") as f:
        entries = tomllib.load(f)["rules"]
    for entry in entries:
        for key in list(entry.get("phrases") or {}) + list(entry.get("patterns") or {}):
            assert re.fullmatch(r"[a-z]{2,3}", key), key
        for patterns in (entry.get("patterns") or {}).values():
            for p in patterns:
                assert not re.search(r"\)[*+]|\)\{\d+,\}", p), p
        assert any("flag" in e for e in entry["examples"]) and any("pass" in e for e in entry["examples"])
        # Ordinary words are held to whole short blocks at the article's edges.
        if entry["code"] in ("CMT013", "CK011"):
            assert entry["match"] == "block" and entry["max_chars"] <= 120
            assert entry.get("position") == "edges" or entry.get("min_position", 0) >= 0.5


ARTICLE = ("Der Stadtrat hat am Montag abgestimmt. Die Bibliothek schließt im Mai, und die Bücher "
           "gehen an die Schule.\n\nDie Opposition will klagen.\n\n")


@pytest.mark.parametrize("code, text", [
    ("CMT012", "Kommentar hier eingeben (mindestens 3 Zeichen)"),
    ("CMT012", "Bisher keine Kommentare"),
    ("CMT013", "Löschen"),
    ("CK010", "Realisiert mit Klaro!"),
    ("CK011", "Ausgewählte akzeptieren"),
    ("CK011", "Ich lehne ab"),
])
def test_german_widget_lines_at_the_end_are_removed(code, text):
    from lintnews.api import Linter, Options
    from lintnews.config import Config
    from lintnews.readers import formats

    result = Linter(Options(select=[code], fix=True)).lint_text(ARTICLE + text + "\n", "a.txt", Config(),
                                                                formats()["text"])
    assert result.new == ARTICLE.rstrip("\n") + "\n"


@pytest.mark.parametrize("text", [
    # The button's words in a sentence, quoted, or at the top of a long article's middle.
    "Die Fraktion will alle akzeptieren, die sich an die Regeln halten.",
    "„Ich lehne ab“, sagte der Minister.",
    "Er sagte, man werde die Daten löschen.",
])
def test_the_same_words_in_article_sentences_stay(text):
    from lintnews.api import Linter, Options
    from lintnews.config import Config
    from lintnews.readers import formats

    result = Linter(Options(select=["CMT012", "CMT013", "CK010", "CK011"])).lint_text(
        ARTICLE + text + "\n", "a.txt", Config(), formats()["text"])
    assert result.errors == []
    assert result.diagnostics == []
