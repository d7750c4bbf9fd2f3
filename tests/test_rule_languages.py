"""`lintnews rules` and the README name the languages each rule covers, briefly."""

import json

from conftest import run_cli

from lintnews.docs import languages, rules_markdown
from lintnews.packs import compile_entry


def pack_rule(langs):
    return compile_entry({"code": "XYZ001", "name": "xyz", "summary": "S.", "why": "W.",
                          "phrases": {lang: ["Lorem ipsum"] for lang in langs}}, "test.toml")


def test_languages_column_is_english_first_then_counted():
    assert languages(pack_rule(["fr", "de", "en", "ja", "zh"])) == "en de fr +2"
    assert languages(pack_rule(["de", "fr"])) == "de fr"
    assert languages(pack_rule(["en", "de", "fr"])) == "en de fr"


def test_a_rule_that_reads_no_words_covers_all():
    from lintnews.registry import all_rules

    assert languages(all_rules()["WS001"]) == "all"


def test_the_markdown_table_has_the_column_for_every_rule():
    from lintnews.registry import all_rules

    rules = all_rules()
    lines = rules_markdown(rules).splitlines()
    assert lines[0] == "| code | name | formats | languages | fix | default | summary |"
    rel = next(ln for ln in lines if ln.startswith("| REL001 |"))
    assert rel.split(" | ")[3] == languages(rules["REL001"]) and "+" in rel.split(" | ")[3]


def test_rules_command_shows_languages_in_the_table_and_json():
    table = run_cli("rules")
    assert table.returncode == 0
    header = table.stdout.decode().splitlines()[0].split()
    assert header[:4] == ["code", "name", "formats", "languages"]
    rows = json.loads(run_cli("rules", "-o", "json").stdout)
    rel = next(r for r in rows if r["code"] == "REL001")
    assert {"en", "de", "fr"} <= set(rel["languages"])
