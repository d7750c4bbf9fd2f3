"""Site packs keep one site's rules to that site's articles; --group-by counts findings per site
and per language."""

import json
import os
import shutil

import pytest

from conftest import ROOT, run_cli

SITE_PACK = os.path.join(ROOT, "examples", "site-pack")
PACK = """sites = ["dailydispatch.example", "*.dailydispatch.example"]

[[rules]]
code = "DSP101"
name = "dispatch-story-so-far"
summary = "The Daily Dispatch's box of links."
why = "The site prints it over links; elsewhere the words head a real section."
match = "label"
fix = "safe"
phrases = { en = ["The story so far"] }
"""
ARTICLE = "The council voted on Monday.\n\nThe story so far: Library budget cut by half\n"


def findings(proc, code="DSP101"):
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return sorted((os.path.basename(d["path"]), d.get("record")) for d in json.loads(proc.stdout)
                  if d["code"] == code)


def project(tmp_path, config='packs = ["dispatch.toml"]\n', pack=PACK):
    (tmp_path / "lintnews.toml").write_text(config)
    (tmp_path / "dispatch.toml").write_text(pack)
    return tmp_path


def markdown(url=None, body=ARTICLE):
    return (f"---\nurl: {url}\n---\n\n" if url else "") + body


def check(tmp_path, *paths, args=()):
    return run_cli("check", "--no-cache", "--output-format", "json", *args, *map(str, paths), cwd=tmp_path)


def test_the_example_site_pack_flags_its_site_and_leaves_the_other_site_alone(tmp_path):
    shutil.copytree(SITE_PACK, tmp_path / "site-pack")
    here = tmp_path / "site-pack"
    assert findings(check(here, "articles")) == [("dispatch.md", None)]
    # The same pack without its sites line deletes the other site's real subheading: the
    # sites key is what keeps it quiet there.
    pack = here / "dispatch.toml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("\nsites = ", "\n# sites = "), encoding="utf-8")
    assert findings(check(here, "articles")) == [("dispatch.md", None), ("other-site.md", None)]


@pytest.mark.parametrize("url, flagged", [
    ("https://dailydispatch.example/a", True),
    ("https://www.dailydispatch.example/a", True),  # www. is the site itself
    ("http://live.news.dailydispatch.example:8080/a?x=1", True),  # any subdomain, by *.
    ("https://DailyDispatch.Example./a", True),
    ("https://notdailydispatch.example/a", False),  # a suffix of the name is another site
    ("https://dailydispatch.example.evil.test/a", False),
    ("https://other.example/a", False),
    ("/news/a", False),  # a relative URL names no site
    (None, False),  # no URL: the site is unknown, and a site pack stays silent
])
def test_markdown_url_decides_the_site(tmp_path, url, flagged):
    project(tmp_path)
    (tmp_path / "a.md").write_text(markdown(url))
    assert findings(check(tmp_path, "a.md")) == ([("a.md", None)] if flagged else [])


def test_html_canonical_link_and_og_url_name_the_site(tmp_path):
    project(tmp_path)
    body = "<p>The council voted on Monday.</p><p>The story so far: Library budget cut by half</p>"
    (tmp_path / "canonical.html").write_text(
        f'<html><head><link rel="canonical" href="https://www.dailydispatch.example/x"></head><body>{body}</body></html>')
    (tmp_path / "og.html").write_text(
        f'<html><head><meta property="og:url" content="https://m.dailydispatch.example/x"></head><body>{body}</body></html>')
    (tmp_path / "elsewhere.html").write_text(
        f'<html><head><link rel="canonical" href="https://other.example/x"></head><body>{body}</body></html>')
    assert findings(check(tmp_path, ".")) == [("canonical.html", None), ("og.html", None)]


def test_jsonl_url_field_names_each_records_site(tmp_path):
    project(tmp_path)
    records = [{"id": "on", "url": "https://dailydispatch.example/1", "text": ARTICLE},
               {"id": "off", "url": "https://other.example/2", "text": ARTICLE},
               {"id": "none", "text": ARTICLE}]
    (tmp_path / "dump.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    assert findings(check(tmp_path, "dump.jsonl")) == [("dump.jsonl", "on")]


def test_the_configurations_sites_table_gives_a_folder_its_site(tmp_path):
    project(tmp_path, 'packs = ["dispatch.toml"]\n\n[sites]\n"dispatch/*" = "www.dailydispatch.example"\n')
    (tmp_path / "dispatch").mkdir()
    (tmp_path / "others").mkdir()
    (tmp_path / "dispatch" / "no-url.md").write_text(markdown())
    # The folder is the site's whatever the page declares (a syndicated article's canonical URL
    # names the publisher it came from).
    (tmp_path / "dispatch" / "syndicated.md").write_text(markdown("https://other.example/x"))
    (tmp_path / "others" / "no-url.md").write_text(markdown())
    assert findings(check(tmp_path, ".")) == [("no-url.md", None), ("syndicated.md", None)]
    proc = check(tmp_path, "others")
    assert findings(proc) == []


@pytest.mark.parametrize("line, what", [
    ('sites = "dailydispatch.example"', "non-empty list"),
    ("sites = []", "non-empty list"),
    ('sites = ["https://dailydispatch.example/"]', "not a host name"),
    ('sites = ["daily dispatch"]', "not a host name"),
    ('site = ["dailydispatch.example"]', "did you mean 'sites'"),
])
def test_a_bad_sites_key_is_one_error_naming_the_pack(tmp_path, line, what):
    project(tmp_path, pack=PACK.replace('sites = ["dailydispatch.example", "*.dailydispatch.example"]', line))
    (tmp_path / "a.md").write_text(markdown("https://dailydispatch.example/a"))
    proc = run_cli("check", "--no-cache", "a.md", cwd=tmp_path)
    lines = proc.stderr.decode().splitlines()
    assert proc.returncode == 2 and len(lines) == 1, lines
    assert lines[0].startswith("error: ") and "dispatch.toml" in lines[0] and what in lines[0]


def test_a_bad_sites_table_in_the_configuration_is_an_error(tmp_path):
    project(tmp_path, '[sites]\n"news/*" = "https://example.com/"\n')
    (tmp_path / "a.md").write_text(markdown())
    proc = run_cli("check", "--no-cache", "a.md", cwd=tmp_path)
    lines = proc.stderr.decode().splitlines()
    assert proc.returncode == 2 and len(lines) == 1
    assert "lintnews.toml" in lines[0] and "'sites'" in lines[0]


def test_rule_docs_name_the_sites(tmp_path):
    project(tmp_path)
    proc = run_cli("rule", "DSP101", cwd=tmp_path)
    assert proc.returncode == 0
    assert "Only on articles from dailydispatch.example, *.dailydispatch.example" in proc.stdout.decode()


# -- --group-by ------------------------------------------------------------------------------

def _grouped_dump(tmp_path):
    project(tmp_path)
    records = [
        {"url": "https://dailydispatch.example/1", "lang": "en-GB", "text": ARTICLE},
        {"url": "https://dailydispatch.example/2", "lang": "en", "text": ARTICLE},
        {"url": "https://www.zeitung.example/3", "language": "de", "text": "Ein Satz.\n\n\n\nNoch einer.\n"},
        {"text": "A sentence.\n\n\n\nAnother.\n"},
    ]
    (tmp_path / "dump.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))


def test_group_by_site_counts_per_site_then_rule(tmp_path):
    _grouped_dump(tmp_path)
    proc = run_cli("check", "--no-cache", "--select", "DSP101,WS002", "--group-by", "site", "dump.jsonl",
                   cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.decode().splitlines()[:6] == [
        "site dailydispatch.example: 2 findings",
        "      2  DSP101  [*] dispatch-story-so-far",
        "site zeitung.example: 1 finding",
        "      1  WS002   [*] multiple-blank-lines",
        "site unknown: 1 finding",
        "      1  WS002   [*] multiple-blank-lines",
    ]


def test_group_by_language_as_json(tmp_path):
    _grouped_dump(tmp_path)
    proc = run_cli("check", "--no-cache", "--select", "DSP101,WS002", "--statistics", "--group-by", "language",
                   "--output-format", "json", "dump.jsonl", cwd=tmp_path)
    rows = json.loads(proc.stdout)
    assert [(r["language"], r["code"], r["count"]) for r in rows] == [
        ("en", "DSP101", 2), ("de", "WS002", 1), ("unknown", "WS002", 1)]


def test_group_by_language_reads_html_lang_and_front_matter(tmp_path):
    (tmp_path / "lintnews.toml").write_text('select = ["REL001", "WS002"]\n')
    (tmp_path / "a.html").write_text(
        '<html lang="fr-FR"><head><title>x</title></head><body><article><p>Le conseil a voté lundi.</p>'
        "<p>Lire aussi : Le budget de la bibliothèque réduit de moitié</p></article></body></html>",
        encoding="utf-8")
    (tmp_path / "b.md").write_text("---\nlang: pt-BR\n---\n\nUm.\n\n\n\nDois.\n")
    (tmp_path / "c.md").write_text("---\nlanguage: PT\n---\n\nUm.\n\n\n\nDois.\n")
    (tmp_path / "d.txt").write_text("Um.\n\n\n\nDois.\n")
    proc = run_cli("check", "--no-cache", "--group-by", "language", ".", cwd=tmp_path)
    assert proc.stdout.decode().splitlines()[:6] == [
        "language pt: 2 findings",
        "      2  WS002   [*] multiple-blank-lines",
        "language fr: 1 finding",
        "      1  REL001  [*] related-article-insertion",
        "language unknown: 1 finding",
        "      1  WS002   [*] multiple-blank-lines",
    ]


def test_group_by_language_names_the_language_of_a_script_when_the_article_declares_none(tmp_path):
    (tmp_path / "lintnews.toml").write_text('select = ["REL001"]\n')
    (tmp_path / "ja.txt").write_text("東京都は月曜日、新しい交通規則を発表した。来月から実施される予定だ。\n\n"
                                     "【関連記事】東京の地下鉄に新路線\n", encoding="utf-8")
    (tmp_path / "zh.txt").write_text("北京市政府周一发布了新的交通规定。这项规定将从下个月开始实施。\n\n"
                                     "【相关阅读】北京地铁新线路开通\n", encoding="utf-8")
    # Latin script names no one language; a declared language wins over the script.
    (tmp_path / "en.txt").write_text("The council voted on Monday.\n\nRelated: Library budget cut by half\n")
    (tmp_path / "de.md").write_text("---\nlang: de\n---\n\n北京市政府周一发布了新的交通规定。这项规定将从下个月开始实施。\n\n"
                                    "【相关阅读】北京地铁新线路开通\n", encoding="utf-8")
    proc = run_cli("check", "--no-cache", "--group-by", "language", ".", cwd=tmp_path)
    assert sorted(ln for ln in proc.stdout.decode().splitlines() if ln.startswith("language")) == [
        "language de: 1 finding", "language ja: 1 finding", "language unknown: 1 finding",
        "language zh: 1 finding"]


def test_an_unknown_group_is_refused_before_any_file_is_read(tmp_path):
    proc = run_cli("check", "--no-cache", "--group-by", "author", "nothing-here.md", cwd=tmp_path)
    lines = proc.stderr.decode().splitlines()
    assert proc.returncode == 2 and lines == ["error: --group-by must be one of language, site, not 'author'"]


def test_teaser_labels_of_a_site_match_its_name_and_never_an_empty_line():
    from lintnews.readers import ReadContext, formats
    from lintnews.rules.teaser_list import label_regex

    reader = formats()["markdown"]
    text = "---\nurl: https://www.dailyplanet.example/news/1\n---\nThe mayor spoke.\n\nPopular on dailyplanet\n"
    page = reader.parse(next(reader.units(text)), ReadContext("a.md"))[0]
    clear, ambiguous, qualified = label_regex(page)
    assert clear.match("Popular on dailyplanet") and clear.match("Most read")
    assert not any(r.match(text) for r in (clear, ambiguous, qualified) for text in ("", " ", "•"))
    # A page that never names its site compiles nothing for it, and its labels match the same.
    quiet = reader.parse(next(reader.units(text.replace("Popular on dailyplanet", "Most read"))), ReadContext("a.md"))[0]
    clear, _, _ = label_regex(quiet)
    assert not clear.match("Popular on dailyplanet") and clear.match("Most read")


def test_a_dump_of_many_sites_keeps_the_regexes_of_the_recent_ones_only(monkeypatch):
    """A {site} phrase compiles a regex for each site an article names; over a dump of millions of
    sites only the most recent are kept, and an article that never names its site compiles none."""
    from lintnews import packs
    from lintnews.api import Linter, Options
    from lintnews.slots import site_regex
    from lintnews.config import Config
    from lintnews.readers import formats

    monkeypatch.setattr(packs, "SITE_CACHE", 3)
    linter = Linter(Options(select=["FOL002"]))
    from lintnews.registry import all_rules

    rule = dict(all_rules(Config()))["FOL002"]
    monkeypatch.setattr(rule, "_site_cache", None, raising=False)
    body = "The council voted on Monday to close the library after a long debate.\n\n"
    found = []
    for i in range(8):
        text = f"---\nurl: https://www.paper{i}.example/a\n---\n{body}Follow paper{i}.example on Twitter and Facebook.\n"
        found.append([d.code for d in linter.lint_text(text, "a.md", Config(), formats()["markdown"]).diagnostics])
    assert found == [["FOL002"]] * 8  # the lower-case host is the site's name: only its own regex takes it
    assert list(rule._site_cache) == [site_regex({"url": f"https://www.paper{i}.example/a"}) for i in (5, 6, 7)]
    quiet = f"---\nurl: https://www.other.example/a\n---\n{body}"
    linter.lint_text(quiet, "a.md", Config(), formats()["markdown"])
    assert len(rule._site_cache) == 3 and site_regex({"url": "https://www.other.example/a"}) not in rule._site_cache


@pytest.mark.parametrize("code", ["FOL002", "REL005", "SUB001"])
def test_the_phrases_naming_the_site_match_where_every_phrase_with_the_name_would(code):
    """A start rule with {site} phrases compiles, per site, only those phrases with the site's name
    in the slot, tried after its own regex: together they match the lines that all its phrases,
    recompiled with the name added to the slot, would."""
    from lintnews import packs
    from lintnews.config import Config
    from lintnews.registry import all_rules
    from lintnews.slots import site_regex

    rule = dict(all_rules(Config()))[code]
    entry, languages = rule.site_source
    site = site_regex({"url": "https://www.dailyplanet.example/a", "site_name": "the planet"})
    whole = packs._build_regex(rule.mode, packs._alternation(entry, languages, site), False)
    either = packs._Either(rule.regex, packs._build_regex(rule.mode, "|".join(
        named := packs._parts(entry, languages, site, site_only=True)), False, named))
    lines = ["Follow dailyplanet on Facebook and Twitter", "Follow the planet on Instagram",
             "Follow Daily Planet on Facebook", "Follow us on Twitter", "Also on dailyplanet: Mayor resigns today",
             "More from the planet: Ten things to know", "Subscribe to the dailyplanet newsletter",
             "Sign up for the dailyplanet.example newsletter", "Get the planet delivered",
             "The council voted to close the dailyplanet library.", "Follow the money, said the auditor."]
    for line in lines:
        assert bool(either.match(line)) == bool(whole.match(line)), line
    assert any(either.match(line) and not rule.regex.match(line) for line in lines)


def test_script_language_is_that_of_the_plain_count():
    # The fast way (letters counted without a list of them, no script looked for in a text
    # without a character of one) names the language the plain count of each script names.
    import re

    from lintnews.sites import script_language

    def plain(text):
        sample = text[:3000]
        letters = len(re.findall(r"[^\W\d_]", sample))
        if not letters:
            return None
        for lang, script in (("ja", r"[\u3040-\u30ff]"), ("ko", r"[\uac00-\ud7a3]"),
                             ("th", r"[\u0e00-\u0e7f]"), ("zh", r"[\u4e00-\u9fff]")):
            n = len(re.findall(script, sample))
            if n >= 20 and n * 3 >= letters or lang == "ja" and n >= 5 and n * 10 >= letters:
                return lang
        return None

    texts = ["", "123 456 ...", "Plain English text, nothing else.", "Ünïcödé façade — 42_x",
             "東京で記者会見が開かれた。" * 5, "首相は本日、会見を開いた。" * 3 + "Latin " * 30,
             "서울에서 기자회견이 열렸다. " * 5, "กรุงเทพมหานคร " * 5, "北京举行新闻发布会。" * 5,
             "新闻" * 9 + "word " * 100, "ฟ" * 19 + "a" * 30, "ก" * 20 + "a" * 41, "ก" * 20 + "a" * 40,
             "x" * 2990 + "東京" * 30, "\u0e00\u0dff" * 30, "_" * 50 + "\u3040" * 5]
    for text in texts:
        assert script_language(text) == plain(text), text
