"""`lintnews new-rule`: what it writes loads as every run will load it, or nothing is written."""

import os

import pytest

from clitools import assert_one_line_error, run_cli


@pytest.mark.parametrize("args, fragments", [
    # Each wrote a pack that no run (nor test-rules) could read any more.
    (["--phrase", ""], ["--phrase: empty"]),
    (["--phrase", "x", "--language", "en us"], ["--language: 'en us' is not a language code"]),
    (["--phrase", "x", "--language", ""], ["--language: '' is not a language code"]),
    (["--phrase", "Follow {bogus} now"], ["p.toml: rule SITE002", "unknown slot {bogus}", "nothing appended"]),
    (["--phrase", "x", "--name", "site-promo"], ["'site-promo': a rule of that name exists in p.toml",
                                                 "nothing appended"]),
])
def test_new_rule_refuses_what_would_break_the_pack(tmp_path, args, fragments):
    assert run_cli("new-rule", "SITE", "site-promo", "--phrase", "Get the app", "--pack", "p.toml",
                   cwd=tmp_path).returncode == 0
    pack = (tmp_path / "p.toml").read_bytes()
    name = "site-promo" if "--name" in args else "site-two"
    args = [a for a in args if a not in ("--name", "site-promo")]
    assert_one_line_error(run_cli("new-rule", "SITE", name, *args, "--pack", "p.toml", cwd=tmp_path), *fragments)
    assert (tmp_path / "p.toml").read_bytes() == pack
    assert run_cli("test-rules", "p.toml", cwd=tmp_path).returncode == 0


def test_new_rule_refuses_a_pack_whose_rules_key_is_not_entries(tmp_path):
    (tmp_path / "p.toml").write_text('rules = "mine"\n', encoding="utf-8")
    assert_one_line_error(run_cli("new-rule", "SITE", "site-promo", "--phrase", "x", "--pack", "p.toml",
                                  cwd=tmp_path), "p.toml", "nothing appended")
    assert (tmp_path / "p.toml").read_text(encoding="utf-8") == 'rules = "mine"\n'


@pytest.mark.parametrize("phrase, summary", [
    ('Say """hi""" now', ""),  # three quotes ended the module's docstring: a SyntaxError
    ("Path C:\\new\\data", ""),  # "\n" in the docstring read as a line break
    ("x", "A summary ending in a backslash\\"),
])
def test_a_python_rule_compiles_whatever_its_phrase_and_summary_hold(tmp_path, phrase, summary):
    args = ["--summary", summary] if summary else []
    made = run_cli("new-rule", "SITE", "site-promo", "--phrase", phrase, *args, "--python", "rules", cwd=tmp_path)
    assert made.returncode == 0, made.err
    proc = run_cli("test-rules", "rules", cwd=tmp_path)
    assert proc.returncode == 0, proc.out + proc.err
    source = (tmp_path / "rules" / "site_promo.py").read_text(encoding="utf-8")
    namespace: dict = {}
    exec(compile(source, "site_promo.py", "exec"), namespace)
    doc = namespace["SitePromo"].__doc__
    assert phrase in doc and (summary or repr(phrase)) in doc
    assert os.path.exists(tmp_path / "rules" / "SITE001.toml")


def test_a_python_rule_never_writes_over_a_fixture_file(tmp_path):
    cases = tmp_path / "fixtures" / "SITE001.toml"
    cases.parent.mkdir()
    cases.write_text("# another rule's cases\n", encoding="utf-8")
    proc = run_cli("new-rule", "SITE", "site-promo", "--phrase", "x", "--python", "rules", "--fixtures", "fixtures",
                   cwd=tmp_path)
    assert_one_line_error(proc, "SITE001.toml: exists; nothing written")
    assert cases.read_text(encoding="utf-8") == "# another rule's cases\n"
    assert not (tmp_path / "rules" / "site_promo.py").exists()


@pytest.mark.parametrize("readme, fragments", [
    (b"\xff\xfe A README that is not UTF-8\n", ["R.md: README is not UTF-8"]),  # was a traceback
    (b"# A README without the marker\n", ["R.md: no line", "above a rule table"]),
])
def test_a_readme_that_cannot_take_the_table_is_refused_before_the_rule_is_written(tmp_path, readme, fragments):
    # Both were found after the rule was written: exit 2 with the pack changed.
    (tmp_path / "R.md").write_bytes(readme)
    proc = run_cli("new-rule", "SITE", "site-promo", "--phrase", "x", "--pack", "p.toml", "--readme", "R.md",
                   cwd=tmp_path)
    assert_one_line_error(proc, *fragments)
    assert sorted(os.listdir(tmp_path)) == ["R.md"] and (tmp_path / "R.md").read_bytes() == readme
