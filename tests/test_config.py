"""Configuration: discovery, validation with helpful errors, selection."""

import json
import os

import pytest

from clitools import SEED_ARTICLE, assert_one_line_error, lintnews, run_cli, write

ARTICLE = "Headline\n\nBody text of the article.   \n\nAlso Read:Another headline\n\nEnd."


def codes(proc):
    return sorted({f["code"] for f in json.loads(proc.stdout)})


def test_unknown_key_names_file_key_and_nearest(tmp_path):
    cfg = write(tmp_path, "lintnews.toml", 'selct = ["REL"]\n')
    a = write(tmp_path, "a.txt", ARTICLE)
    msg = assert_one_line_error(run_cli("check", str(a)))
    assert str(cfg) in msg and "'selct'" in msg and "'select'" in msg


def test_bad_value_names_key(tmp_path):
    write(tmp_path, "lintnews.toml", 'unsafe-fixes = "yes"\n')
    a = write(tmp_path, "a.txt", ARTICLE)
    msg = assert_one_line_error(run_cli("check", str(a)))
    assert "'unsafe-fixes'" in msg and "true or false" in msg


def test_invalid_toml(tmp_path):
    cfg = write(tmp_path, "lintnews.toml", "select = [\n")
    a = write(tmp_path, "a.txt", ARTICLE)
    assert str(cfg) in assert_one_line_error(run_cli("check", str(a)))


def test_pyproject_table_is_found_from_a_subfolder(tmp_path):
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n[tool.lintnews]\nselect = ["REL"]\n')
    a = write(tmp_path, "content/news/a.txt", ARTICLE)
    assert codes(run_cli("check", "--output-format", "json", str(a))) == ["REL001"]


def test_pyproject_without_table_is_skipped_for_the_next_config_up(tmp_path):
    write(tmp_path, "lintnews.toml", 'ignore = ["WS"]\n')
    write(tmp_path, "sub/pyproject.toml", '[project]\nname = "x"\n')
    a = write(tmp_path, "sub/a.txt", ARTICLE)
    assert codes(run_cli("check", "--output-format", "json", str(a))) == ["REL001"]


def test_explicit_config_overrides_discovery(tmp_path):
    write(tmp_path, "lintnews.toml", 'select = ["REL"]\n')
    other = write(tmp_path, "other.toml", 'select = ["WS"]\n')
    a = write(tmp_path, "a.txt", ARTICLE)
    assert codes(run_cli("check", "--output-format", "json", "--config", str(other), str(a))) == ["WS001"]


def test_select_ignore_and_prefixes_on_the_command_line(tmp_path):
    a = write(tmp_path, "a.txt", ARTICLE)
    assert codes(run_cli("check", "--output-format", "json", "--select", "WS,REL", "--ignore", "WS001", str(a))) == ["REL001"]
    assert codes(run_cli("check", "--output-format", "json", "--select", "related-article-insertion", str(a))) == ["REL001"]


def test_unknown_selector_suggests(tmp_path):
    a = write(tmp_path, "a.txt", ARTICLE)
    msg = assert_one_line_error(run_cli("check", "--select", "REL01", str(a)))
    assert "REL01" in msg and "matches no rule" in msg


def test_per_file_ignores_and_exclude(tmp_path):
    write(tmp_path, "lintnews.toml",
          'exclude = ["drafts"]\n[per-file-ignores]\n"wire/*.txt" = ["REL001"]\n')
    write(tmp_path, "drafts/a.txt", ARTICLE)
    w = write(tmp_path, "wire/b.txt", ARTICLE)
    proc = run_cli("check", "--output-format", "json", str(tmp_path))
    found = json.loads(proc.stdout)
    assert {f["path"] for f in found} == {str(w)}
    assert "REL001" not in {f["code"] for f in found}


def test_severity_override_and_rule_options_validation(tmp_path):
    write(tmp_path, "lintnews.toml", '[severity]\nREL001 = "error"\n')
    a = write(tmp_path, "a.txt", ARTICLE)
    found = json.loads(run_cli("check", "--output-format", "json", "--select", "REL", str(a)).stdout)
    assert found[0]["severity"] == "error"
    write(tmp_path, "lintnews.toml", '[rule-options.REL001]\nmax = 3\n')
    assert "REL001" in assert_one_line_error(run_cli("check", str(a)))


def test_gitignore_is_respected(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".gitignore", "scratch/\n*.tmp.txt\n")
    write(tmp_path, "scratch/a.txt", ARTICLE)
    write(tmp_path, "b.tmp.txt", ARTICLE)
    c = write(tmp_path, "c.txt", ARTICLE)
    found = json.loads(run_cli("check", "--output-format", "json", str(tmp_path)).stdout)
    assert {f["path"] for f in found} == {str(c)}


def applicabilities(result):
    return sorted({(d.code, d.fix.applicability.value) for d in result.diagnostics if d.fix})


def test_a_jsonl_record_gets_the_configured_fix_safety_like_a_text_file(tmp_path):
    from lintnews.api import Linter, Options

    with open(SEED_ARTICLE, encoding="utf-8") as f:
        article = f.read()
    write(tmp_path, "lintnews.toml", 'extend-safe-fixes = ["AUT001"]\nextend-unsafe-fixes = ["REL001"]\n'
                                     'severity = { CMT001 = "error" }\n')
    txt = write(tmp_path, "a.txt", article)
    jsonl = write(tmp_path, "a.jsonl", json.dumps({"text": article}) + "\n")
    linter = Linter(Options(), cwd=str(tmp_path))
    as_text, as_record = linter.process(str(txt)), linter.process(str(jsonl))
    assert ("AUT001", "safe") in applicabilities(as_record) and ("REL001", "unsafe") in applicabilities(as_record)
    assert applicabilities(as_record) == applicabilities(as_text)
    assert {d.severity.value for d in as_record.diagnostics if d.code == "CMT001"} == {"error"}


def test_fresh_configs_never_get_another_configurations_selection(tmp_path):
    from lintnews.api import Linter
    from lintnews.config import Config

    with open(SEED_ARTICLE, encoding="utf-8") as f:
        article = f.read()
    linter = Linter(cwd=str(tmp_path))
    codes = ["REL001", "CMT001", "SYN001", "AUT001", "WS001"]
    for i in range(200):
        code = codes[i % len(codes)]
        # Made and dropped on each call, so CPython reuses the memory (and id) of the last one.
        found = {d.code for d in linter.lint_text(article, "a.txt", Config(None, str(tmp_path), {"select": [code]})).diagnostics}
        assert found == {code}, (i, code, found)


def test_a_deeply_nested_configuration_is_a_one_line_error(tmp_path):
    cfg = write(tmp_path, "lintnews.toml", "select = " + "[" * 100_000 + "]" * 100_000 + "\n")
    a = write(tmp_path, "a.txt", ARTICLE)
    msg = assert_one_line_error(run_cli("check", str(a)))
    assert str(cfg) in msg


@pytest.mark.parametrize("line, fragments", [
    ('select = "REL001"', ["'select'", "a list of rule codes"]),
    ("fail-on = 3", ["'fail-on'", '"info", "warning" or "error"']),
    ("rule-options = {REL001 = 5}", ["'rule-options'", "a table of code = { option = value }"]),
    ('unsafe-fixes = "yes"', ["'unsafe-fixes'", "true or false"]),
    ('per-file-ignores = {"*.md" = "X"}', ["'per-file-ignores'", "a table of glob = [codes]"]),
    ('severity = {REL001 = "fatal"}', ["'severity'", '"info" | "warning" | "error"']),
    ('exclude = [1]', ["'exclude'", "a list of glob patterns"]),
    ('rule-options = {DUP001 = {min-chars = "lots"}}', ["rule-options.DUP001.min-chars", "an integer", "'lots'"]),
    ('rule-options = {DUP001 = {min-chars = true}}', ["rule-options.DUP001.min-chars", "an integer"]),
    ('per-file-ignores = {"*.txt" = ["REL0001"]}', ["per-file-ignores.'*.txt'", "'REL0001'", "'REL001'"]),
    ('ignore = ["RELL001"]', ["ignore:", "'RELL001' matches no rule", "'REL001'"]),
    ('select = ["REL001", "WS01"]', ["select:", "'WS01'", "'WS001'"]),
    ('extend-safe-fixes = ["AUT0001"]', ["extend-safe-fixes:", "'AUT001'"]),
])
def test_wrong_types_and_unknown_codes_name_file_key_and_what_is_wanted(tmp_path, line, fragments):
    cfg = write(tmp_path, "lintnews.toml", line + "\n")
    a = write(tmp_path, "a.txt", ARTICLE)
    assert_one_line_error(run_cli("check", str(a)), str(cfg), *fragments)


def test_rule_options_of_the_right_type_are_taken(tmp_path):
    write(tmp_path, "lintnews.toml", "[rule-options.DUP001]\nmin-chars = 10\n")
    text = "Headline\n\nThe same short line again.\n\nThe same short line again.\n"
    a = write(tmp_path, "a.txt", text)
    assert codes(run_cli("check", "--output-format", "json", "--select", "DUP", str(a))) == ["DUP001"]
    write(tmp_path, "lintnews.toml", "[rule-options.DUP001]\nmin-chars = 500\n")
    assert codes(run_cli("check", "--output-format", "json", "--select", "DUP", str(a))) == []


def test_a_pyproject_whose_tool_is_not_a_table_is_a_one_line_error(tmp_path):
    cfg = write(tmp_path, "pyproject.toml", "tool = 5\n")
    a = write(tmp_path, "a.txt", ARTICLE)
    assert_one_line_error(run_cli("check", str(a)), str(cfg), "'tool' must be a table")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
@pytest.mark.parametrize("config, args, fragments", [
    # A scraped configuration names the ignore file every run reads.
    ('ignore-file = "/dev/zero"\n', [], ["/dev/zero: cannot read ignore file", "never ends"]),
    ("", ["--baseline", "/dev/zero"], ["/dev/zero: cannot read baseline", "never ends"]),
    ("", ["--config", "/dev/zero"], ["/dev/zero: cannot read", "never ends"]),
])
def test_a_configuration_or_baseline_on_an_endless_device_is_one_line(tmp_path, config, args, fragments):
    write(tmp_path, "lintnews.toml", config)
    write(tmp_path, "a.txt", ARTICLE)
    # A process of its own: reading the device to its end never returned.
    proc = lintnews("check", "--no-cache", *args, "a.txt", cwd=tmp_path, real_process=True)
    assert_one_line_error(proc, *fragments)


@pytest.mark.parametrize("given,fragment", [
    ({"ignore": "REL"}, "Options.ignore: expected a list of rule codes or prefixes, not str 'REL'"),
    ({"select": "REL001"}, "Options.select: expected a list"),
    ({"extend_select": ["REL001", 5]}, "Options.extend_select: expected a list"),
    ({"fix": "no"}, "Options.fix: expected True or False, not str 'no'"),
    ({"unsafe_fixes": 1}, "Options.unsafe_fixes: expected True or False"),
    ({"config": 5}, "Options.config: expected a string, not int 5"),
])
def test_library_options_of_the_wrong_type_fail_naming_the_option(given, fragment):
    # A string where a list belongs was read letter by letter: ignore="REL" skipped every rule
    # starting with R, E or L; fix="no" fixed.
    from lintnews.api import Options

    with pytest.raises(TypeError) as err:
        Options(**given)
    assert fragment in str(err.value)


def test_library_options_take_a_path_for_a_file(tmp_path):
    import pathlib

    from lintnews.api import Linter, Options

    config = write(tmp_path, "lintnews.toml", 'select = ["REL"]\n')
    linter = Linter(Options(config=pathlib.Path(config)))
    assert linter.options.config == str(config)
    assert {d.code for d in linter.lint_text(ARTICLE, "a.txt").diagnostics} == {"REL001"}
