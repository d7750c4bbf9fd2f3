"""Configuration: discovery, validation with helpful errors, selection."""

import json

from conftest import run_cli

ARTICLE = "Headline\n\nBody text of the article.   \n\nAlso Read:Another headline\n\nEnd."


def codes(proc):
    return sorted({f["code"] for f in json.loads(proc.stdout)})


def write(tmp_path, name, text):
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def error_line(proc):
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err, err
    return err.strip()


def test_unknown_key_names_file_key_and_nearest(tmp_path):
    cfg = write(tmp_path, "lintnews.toml", 'selct = ["REL"]\n')
    a = write(tmp_path, "a.txt", ARTICLE)
    msg = error_line(run_cli("check", str(a)))
    assert str(cfg) in msg and "'selct'" in msg and "'select'" in msg


def test_bad_value_names_key(tmp_path):
    write(tmp_path, "lintnews.toml", 'unsafe-fixes = "yes"\n')
    a = write(tmp_path, "a.txt", ARTICLE)
    msg = error_line(run_cli("check", str(a)))
    assert "'unsafe-fixes'" in msg and "true or false" in msg


def test_invalid_toml(tmp_path):
    cfg = write(tmp_path, "lintnews.toml", "select = [\n")
    a = write(tmp_path, "a.txt", ARTICLE)
    assert str(cfg) in error_line(run_cli("check", str(a)))


def test_pyproject_table_is_found_from_a_subfolder(tmp_path):
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n[tool.lintnews]\nselect = ["REL"]\n')
    a = write(tmp_path, "content/news/a.txt", ARTICLE)
    assert codes(run_cli("check", "-o", "json", str(a))) == ["REL001"]


def test_pyproject_without_table_is_skipped_for_the_next_config_up(tmp_path):
    write(tmp_path, "lintnews.toml", 'ignore = ["WS"]\n')
    write(tmp_path, "sub/pyproject.toml", '[project]\nname = "x"\n')
    a = write(tmp_path, "sub/a.txt", ARTICLE)
    assert codes(run_cli("check", "-o", "json", str(a))) == ["REL001"]


def test_explicit_config_overrides_discovery(tmp_path):
    write(tmp_path, "lintnews.toml", 'select = ["REL"]\n')
    other = write(tmp_path, "other.toml", 'select = ["WS"]\n')
    a = write(tmp_path, "a.txt", ARTICLE)
    assert codes(run_cli("check", "-o", "json", "--config", str(other), str(a))) == ["WS001"]


def test_select_ignore_and_prefixes_on_the_command_line(tmp_path):
    a = write(tmp_path, "a.txt", ARTICLE)
    assert codes(run_cli("check", "-o", "json", "--select", "WS,REL", "--ignore", "WS001", str(a))) == ["REL001"]
    assert codes(run_cli("check", "-o", "json", "--select", "related-article-insertion", str(a))) == ["REL001"]


def test_unknown_selector_suggests(tmp_path):
    a = write(tmp_path, "a.txt", ARTICLE)
    msg = error_line(run_cli("check", "--select", "REL01", str(a)))
    assert "REL01" in msg and "matches no rule" in msg


def test_per_file_ignores_and_exclude(tmp_path):
    write(tmp_path, "lintnews.toml",
          'exclude = ["drafts"]\n[per-file-ignores]\n"wire/*.txt" = ["REL001"]\n')
    write(tmp_path, "drafts/a.txt", ARTICLE)
    w = write(tmp_path, "wire/b.txt", ARTICLE)
    proc = run_cli("check", "-o", "json", str(tmp_path))
    found = json.loads(proc.stdout)
    assert {f["path"] for f in found} == {str(w)}
    assert "REL001" not in {f["code"] for f in found}


def test_severity_override_and_rule_options_validation(tmp_path):
    write(tmp_path, "lintnews.toml", '[severity]\nREL001 = "error"\n')
    a = write(tmp_path, "a.txt", ARTICLE)
    found = json.loads(run_cli("check", "-o", "json", "--select", "REL", str(a)).stdout)
    assert found[0]["severity"] == "error"
    write(tmp_path, "lintnews.toml", '[rule-options.REL001]\nmax = 3\n')
    assert "REL001" in error_line(run_cli("check", str(a)))


def test_gitignore_is_respected(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".gitignore", "scratch/\n*.tmp.txt\n")
    write(tmp_path, "scratch/a.txt", ARTICLE)
    write(tmp_path, "b.tmp.txt", ARTICLE)
    c = write(tmp_path, "c.txt", ARTICLE)
    found = json.loads(run_cli("check", "-o", "json", str(tmp_path)).stdout)
    assert {f["path"] for f in found} == {str(c)}
