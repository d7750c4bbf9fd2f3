"""`extend = "../lintnews.toml"`: a configuration built on another one, as in ruff."""

import json

from clitools import SITE_PACK, assert_one_line_error, lintnews, write

ARTICLE = "Headline\n\nBody text of the article.   \n\nAlso Read:Another headline\n\nBy Maria Lopez\n\nEnd.\n"


def codes(proc):
    assert proc.returncode in (0, 1), proc.err
    return sorted({f["code"] for f in json.loads(proc.out)})


def test_the_extending_file_overrides_and_extend_lists_add_up(tmp_path):
    write(tmp_path, "lintnews.toml", 'select = ["REL"]\nextend-select = ["WS"]\n')
    write(tmp_path, "news/lintnews.toml", 'extend = "../lintnews.toml"\nextend-select = ["META"]\n')
    write(tmp_path, "news/a.txt", ARTICLE)
    assert codes(lintnews("check", "--output-format", "json", "news/a.txt", cwd=tmp_path)) \
        == ["META002", "REL001", "WS001"]


def test_a_select_in_the_extending_file_starts_the_selection_anew(tmp_path):
    write(tmp_path, "base.toml", 'select = ["REL"]\nextend-select = ["WS"]\nignore = ["META"]\n')
    write(tmp_path, "news/lintnews.toml", 'extend = "../base.toml"\nselect = ["META", "REL"]\n')
    write(tmp_path, "news/a.txt", ARTICLE)
    # select replaces the base's select and drops its extend-select; its ignore still holds
    assert codes(lintnews("check", "--output-format", "json", "news/a.txt", cwd=tmp_path)) == ["REL001"]


def test_chains_merge_rule_options_per_option_and_show_settings_names_every_file(tmp_path):
    write(tmp_path, "org.toml", '[rule-options.DUP001]\nmin-chars = 40\n[severity]\nREL001 = "error"\n')
    write(tmp_path, "team/lintnews.toml", 'extend = "../org.toml"\n[severity]\nWS001 = "info"\n')
    write(tmp_path, "team/news/lintnews.toml", 'extend = "../lintnews.toml"\nselect = ["REL", "WS"]\n')
    write(tmp_path, "team/news/a.txt", ARTICLE)
    proc = lintnews("check", "--show-settings", "team/news/a.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.err
    listed = [line for line in proc.out.splitlines() if line.startswith(("Configuration file:", "Extends"))]
    assert str(tmp_path / "team" / "news" / "lintnews.toml") in listed[0]
    assert str(tmp_path / "team" / "lintnews.toml") in listed[1] and str(tmp_path / "org.toml") in listed[1]
    found = json.loads(lintnews("check", "--output-format", "json", "team/news/a.txt", cwd=tmp_path).out)
    assert {f["code"]: f["severity"] for f in found} == {"REL001": "error", "WS001": "info"}


def test_packs_of_an_extended_file_are_relative_to_that_file(tmp_path):
    write(tmp_path, "shared/site.toml", PACK)
    write(tmp_path, "shared/lintnews.toml", 'packs = ["site.toml"]\n')
    write(tmp_path, "lintnews.toml", 'extend = "shared/lintnews.toml"\nselect = ["SITE"]\n')
    write(tmp_path, "a.txt", "Headline\n\nThe body.\n\nDownload our app for the latest news\n")
    assert codes(lintnews("check", "--output-format", "json", "a.txt", cwd=tmp_path)) == ["SITE001"]


def test_a_cycle_is_an_error_naming_both_files(tmp_path):
    write(tmp_path, "a/lintnews.toml", 'extend = "../b/lintnews.toml"\n')
    write(tmp_path, "b/lintnews.toml", 'extend = "../a/lintnews.toml"\n')
    write(tmp_path, "a/x.txt", ARTICLE)
    assert_one_line_error(lintnews("check", "a/x.txt", cwd=tmp_path), "'extend'", "cycle",
                          str(tmp_path / "a" / "lintnews.toml"), str(tmp_path / "b" / "lintnews.toml"))
    write(tmp_path, "c/lintnews.toml", 'extend = "lintnews.toml"\n')
    write(tmp_path, "c/x.txt", ARTICLE)
    assert_one_line_error(lintnews("check", "c/x.txt", cwd=tmp_path), "'extend'", "cycle")


def test_a_missing_extended_file_names_the_key_and_the_path(tmp_path):
    write(tmp_path, "lintnews.toml", 'extend = "../nowhere.toml"\n')
    write(tmp_path, "x.txt", ARTICLE)
    assert_one_line_error(lintnews("check", "x.txt", cwd=tmp_path), str(tmp_path / "lintnews.toml"),
                          "'extend'", "nowhere.toml", "no such")


def test_a_bad_key_in_the_extended_file_names_that_file(tmp_path):
    write(tmp_path, "base.toml", 'selct = ["REL"]\n')
    write(tmp_path, "lintnews.toml", 'extend = "base.toml"\n')
    write(tmp_path, "x.txt", ARTICLE)
    assert_one_line_error(lintnews("check", "x.txt", cwd=tmp_path), str(tmp_path / "base.toml"), "'select'")


def test_an_extended_pyproject_without_a_table_is_an_error(tmp_path):
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n')
    write(tmp_path, "news/lintnews.toml", 'extend = "../pyproject.toml"\n')
    write(tmp_path, "news/x.txt", ARTICLE)
    assert_one_line_error(lintnews("check", "news/x.txt", cwd=tmp_path), "'extend'", "pyproject.toml",
                          "[tool.lintnews]")


# -- trust: what a configuration gets through `extend` is judged as its own -------------------
EVIL = 'import pathlib\npathlib.Path({marker!r}).write_text("ran")\n'

PACK = SITE_PACK


def scraped_extending(tmp_path, base):
    """A project whose scraped data brought a configuration extending one outside its folder."""
    project = tmp_path / "project"
    marker = tmp_path / "marker"
    write(tmp_path, "elsewhere/evil/x.py", EVIL.format(marker=str(marker)))
    write(tmp_path, "elsewhere/site.toml", PACK)
    write(tmp_path, "elsewhere/lintnews.toml", base)
    write(project, "scraped/lintnews.toml", 'extend = "../../elsewhere/lintnews.toml"\n')
    write(project, "scraped/a.txt", "Headline\n\nThe body.\n\nDownload our app for the latest news\n")
    return project, marker


def test_scraped_data_cannot_reach_code_through_extend(tmp_path):
    project, marker = scraped_extending(tmp_path, 'rule-paths = ["evil"]\n')
    for args in (["check", "scraped"], ["check", "--fix", "scraped/a.txt"], ["check", "--diff", "scraped"]):
        assert_one_line_error(lintnews(*args, cwd=project), str(project / "scraped" / "lintnews.toml"),
                              "'rule-paths'", "'extend'", "elsewhere", "--trust-config")
    assert not marker.exists()
    # the same chain, trusted, runs
    proc = lintnews("check", "--trust-config", "scraped", cwd=project)
    assert proc.returncode == 1 and marker.read_text() == "ran"


def test_scraped_data_cannot_reach_a_pack_outside_its_folder_through_extend(tmp_path):
    project, _ = scraped_extending(tmp_path, 'packs = ["site.toml"]\n')
    assert_one_line_error(lintnews("check", "scraped", cwd=project), "'packs'", "site.toml", "'extend'")
    found = lintnews("check", "--output-format", "json", "--select", "SITE",
                     "--config", "scraped/lintnews.toml", "scraped", cwd=project)
    assert codes(found) == ["SITE001"]


def test_an_extended_file_asking_for_nothing_is_fine_from_scraped_data(tmp_path):
    project, marker = scraped_extending(tmp_path, 'select = ["REL"]\n')
    proc = lintnews("check", "--output-format", "json", "scraped", cwd=project)
    assert proc.returncode == 0 and json.loads(proc.out) == []
    assert not marker.exists()
