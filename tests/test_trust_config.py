"""A configuration that arrives with scraped data must not run code or read files elsewhere.

The evil rule module writes a marker file when it is imported; the marker is the proof.
"""

import json
import os

import pytest

from clitools import SITE_PACK, assert_one_line_error, lintnews, write

EVIL = '''
import pathlib
pathlib.Path({marker!r}).write_text("ran")
'''

PACK = SITE_PACK

ARTICLE = "Headline\n\nThe body of the article.\n\nDownload our app for the latest news\n"


def scraped(tmp_path, config):
    """A project folder (its own cwd) holding scraped data that brought a configuration along."""
    project = tmp_path / "project"
    marker = tmp_path / "marker"
    write(project, "scraped/evil/x.py", EVIL.format(marker=str(marker)))
    write(project, "scraped/lintnews.toml", config)
    write(project, "scraped/a.txt", ARTICLE)
    return project, marker


def ran_clean(proc):
    """No configuration error: the run linted (the article's promo line is a finding)."""
    notices = [line for line in proc.err.splitlines() if not line.startswith("Using configuration ")]
    return proc.returncode == 1 and not notices


def test_rule_paths_from_scraped_data_never_run(tmp_path):
    project, marker = scraped(tmp_path, 'rule-paths = ["evil"]\n')
    proc = lintnews("check", "scraped/", cwd=project)
    msg = assert_one_line_error(proc, "lintnews.toml", "'rule-paths'", "--trust-config", "--config")
    assert "scraped" in msg
    assert not marker.exists()
    for args in (["check", "scraped/a.txt"], ["check", "--fix", "scraped"], ["check", "--diff", "scraped"],
                 ["check", "-j", "2", "scraped", "scraped/a.txt"]):
        assert_one_line_error(lintnews(*args, cwd=project), "'rule-paths'")
    assert not marker.exists()


def test_a_pyproject_table_in_scraped_data_is_held_to_the_same_rule(tmp_path):
    project, marker = scraped(tmp_path, 'select = ["REL"]\n')
    (project / "scraped" / "lintnews.toml").unlink()
    write(project, "scraped/pyproject.toml", '[tool.lintnews]\nrule-paths = ["evil"]\n')
    assert_one_line_error(lintnews("check", "scraped", cwd=project), "pyproject.toml", "'rule-paths'")
    assert not marker.exists()


def test_trust_config_or_naming_the_file_lets_it_run(tmp_path):
    project, marker = scraped(tmp_path, 'rule-paths = ["evil"]\n')
    assert ran_clean(lintnews("check", "--trust-config", "scraped", cwd=project))
    assert marker.read_text() == "ran"
    marker.unlink()
    proc = lintnews("check", "--config", "scraped/lintnews.toml", "scraped", cwd=project)
    assert ran_clean(proc) and marker.exists()


def test_the_working_folders_own_configuration_is_trusted(tmp_path):
    project, marker = scraped(tmp_path, 'rule-paths = ["evil"]\n')
    assert ran_clean(lintnews("check", ".", cwd=project / "scraped"))
    assert marker.exists()


def test_rules_and_rule_commands_take_the_flag(tmp_path):
    project, marker = scraped(tmp_path, 'rule-paths = ["evil"]\n')
    assert lintnews("rules", "--output-format", "json", cwd=project).returncode == 0
    assert not marker.exists()  # the working folder has no configuration: nothing to load
    assert lintnews("rule", "REL001", "--config", "scraped/lintnews.toml", cwd=project).returncode == 0
    assert marker.exists()
    marker.unlink()
    assert lintnews("rules", "--trust-config", cwd=project / "scraped").returncode == 0
    assert marker.exists()


def test_a_pack_inside_the_configurations_folder_is_fine(tmp_path):
    project, marker = scraped(tmp_path, 'packs = ["site.toml"]\n')
    write(project, "scraped/site.toml", PACK)
    found = json.loads(lintnews("check", "--output-format", "json", "--select", "SITE", "scraped", cwd=project).stdout)
    assert [f["code"] for f in found] == ["SITE001"]


def test_a_pack_outside_the_configurations_folder_is_refused(tmp_path):
    project, _ = scraped(tmp_path, 'packs = ["../site.toml"]\n')
    write(project, "site.toml", PACK)
    assert_one_line_error(lintnews("check", "scraped", cwd=project), "'packs'", "site.toml", "--trust-config")
    assert ran_clean(lintnews("check", "--trust-config", "scraped", cwd=project))


def test_a_pack_linked_from_outside_is_refused(tmp_path):
    project, _ = scraped(tmp_path, 'packs = ["site.toml"]\n')
    write(tmp_path, "elsewhere/site.toml", PACK)
    (project / "scraped" / "site.toml").symlink_to(tmp_path / "elsewhere" / "site.toml")
    assert_one_line_error(lintnews("check", "scraped", cwd=project), "'packs'", "--trust-config")


def test_a_pack_whose_rules_are_not_tables_is_one_line(tmp_path):
    # A scraped pack may say anything; `rules = [5]` raised AttributeError with a traceback.
    project, _ = scraped(tmp_path, 'packs = ["site.toml"]\n')
    write(project, "scraped/site.toml", "rules = [5]\n")
    assert_one_line_error(lintnews("check", "scraped", cwd=project), "site.toml: a rule pack needs [[rules]] entries")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no fifos on this system")
@pytest.mark.parametrize("config, fragment", [
    ('packs = ["site.toml"]\n', "site.toml: a rule pack needs [[rules]] entries"),
    ('ignore-file = "site.toml"\n', "site.toml: not a lintnews ignore file"),
])
def test_a_fifo_that_scraped_data_names_is_read_as_empty_not_waited_on(tmp_path, config, fragment):
    # A tarball of scraped pages can hold a fifo; opening it waited for a writer for ever.
    project, _ = scraped(tmp_path, config)
    os.mkfifo(project / "scraped" / "site.toml")
    proc = lintnews("check", "a.txt", cwd=project / "scraped", real_process=True)
    assert_one_line_error(proc, fragment)
