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
