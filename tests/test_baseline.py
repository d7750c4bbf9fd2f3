"""Baselines: record, filter, survive line shifts, drop what was fixed, refuse bad files."""

import json
import shutil

import pytest

from clitools import SEED_ARTICLE, assert_one_line_error, lintnews

ALSO_READ = "Also Read: Ten things the minister did not say on Monday\n\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "news").mkdir()
    shutil.copy(SEED_ARTICLE, tmp_path / "news" / "article.txt")
    return tmp_path


def codes(proc):
    return [f["code"] for f in json.loads(proc.out)]


def test_write_then_check_reports_nothing(project):
    before = lintnews("check", "news", "--output-format", "json", cwd=project)
    assert before.returncode == 1
    total = len(json.loads(before.out))
    proc = lintnews("check", "news", "--write-baseline", "baseline.json", cwd=project)
    assert proc.returncode == 0, proc.err
    data = json.loads((project / "baseline.json").read_text(encoding="utf-8"))
    assert data["lintnews-baseline"] == 1
    assert sum(f["count"] for f in data["findings"]) == total
    assert {f["path"] for f in data["findings"]} == {"news/article.txt"}
    assert all(set(f) == {"path", "code", "text", "count"} for f in data["findings"])
    proc = lintnews("check", "news", "--baseline", "baseline.json", cwd=project)
    assert proc.returncode == 0, proc.out
    assert "All checks passed!" in proc.out
    assert f"{total} findings already in the baseline" in proc.out


def test_lines_inserted_above_do_not_resurrect_findings(project):
    lintnews("check", "news", "--write-baseline", "baseline.json", cwd=project)
    article = project / "news" / "article.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text("A new lead paragraph.\n\nAnother one, and another line.\n\n" + text, encoding="utf-8")
    proc = lintnews("check", "news", "--baseline", "baseline.json", "--output-format", "json", cwd=project)
    assert proc.returncode == 0, proc.out
    assert json.loads(proc.out) == []


def test_new_finding_is_reported_even_when_it_repeats_a_known_one(project):
    lintnews("check", "news", "--write-baseline", "baseline.json", cwd=project)
    article = project / "news" / "article.txt"
    text = article.read_text(encoding="utf-8")
    first_also = next(line for line in text.splitlines() if line.startswith("Also Read:"))
    # A copy of a known insertion elsewhere, and a new one: both are new findings.
    lines = text.split("\n\n")
    lines.insert(3, first_also.rstrip("\u00a0 "))
    lines.insert(5, ALSO_READ.strip())
    article.write_text("\n\n".join(lines), encoding="utf-8")
    proc = lintnews("check", "news", "--baseline", "baseline.json", "--output-format", "json", cwd=project)
    assert proc.returncode == 1
    # The copy is also a duplicated paragraph (DUP001); both rules flag the same span, which is
    # reported once: as REL001, whose fix is the safe one.
    assert sorted(codes(proc)) == ["REL001", "REL001"]


def test_rewrite_drops_findings_that_are_gone(project):
    lintnews("check", "news", "--write-baseline", "baseline.json", cwd=project)
    lintnews("check", "news", "--fix", cwd=project)  # the safe fixes remove most findings
    remaining = len(json.loads(lintnews("check", "news", "--output-format", "json", cwd=project).out))
    proc = lintnews("check", "news", "--write-baseline", "baseline.json", cwd=project)
    assert proc.returncode == 0
    data = json.loads((project / "baseline.json").read_text(encoding="utf-8"))
    assert sum(f["count"] for f in data["findings"]) == remaining
    assert "REL001" not in {f["code"] for f in data["findings"]}


def test_rewrite_over_part_of_the_tree_keeps_other_files(project):
    (project / "other").mkdir()
    other = project / "other" / "b.txt"
    other.write_text("Body.\n\n" + ALSO_READ.rstrip() + "\n", encoding="utf-8")
    lintnews("check", "news", "other", "--write-baseline", "baseline.json", cwd=project)
    lintnews("check", "news", "--write-baseline", "baseline.json", cwd=project)
    data = json.loads((project / "baseline.json").read_text(encoding="utf-8"))
    assert {f["path"] for f in data["findings"]} == {"news/article.txt", "other/b.txt"}
    other.unlink()
    lintnews("check", "news", "--write-baseline", "baseline.json", cwd=project)
    data = json.loads((project / "baseline.json").read_text(encoding="utf-8"))
    assert {f["path"] for f in data["findings"]} == {"news/article.txt"}


def test_paths_are_relative_to_the_baseline_file(project):
    (project / "ci").mkdir()
    lintnews("check", "news", "--write-baseline", "ci/baseline.json", cwd=project)
    data = json.loads((project / "ci" / "baseline.json").read_text(encoding="utf-8"))
    assert {f["path"] for f in data["findings"]} == {"../news/article.txt"}
    # Run from another folder: the same files still match.
    proc = lintnews("check", "article.txt", "--baseline", "../ci/baseline.json", cwd=project / "news")
    assert proc.returncode == 0, proc.out


@pytest.mark.parametrize("content, fragment", [
    ("{not json", "invalid JSON"),
    ('{"findings": []}', "not a lintnews baseline"),
    ('{"lintnews-baseline": 99, "findings": []}', "format 99 is not supported"),
    ('{"lintnews-baseline": 1, "findings": [{"path": "a", "code": "X"}]}', "finding #1"),
    ('{"lintnews-baseline": 1, "findings": [{"path": "a", "code": "X", "text": "", "count": 0}]}', "finding #1"),
    ("[1, 2]", "not a lintnews baseline"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"lintnews-baseline": 1, "findings": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
])
def test_bad_baseline_is_a_one_line_error(project, content, fragment):
    (project / "baseline.json").write_text(content, encoding="utf-8")
    before = (project / "news" / "article.txt").read_bytes()
    proc = lintnews("check", "news", "--fix", "--baseline", "baseline.json", cwd=project)
    assert_one_line_error(proc, "baseline.json", fragment)
    assert (project / "news" / "article.txt").read_bytes() == before  # refused before fixing


def test_missing_baseline_file(project):
    assert_one_line_error(lintnews("check", "news", "--baseline", "nope.json", cwd=project),
                          "nope.json", "--write-baseline")


def test_write_baseline_refuses_fix(project):
    assert_one_line_error(lintnews("check", "news", "--fix", "--write-baseline", "b.json", cwd=project),
                          "--write-baseline")
    assert not (project / "b.json").exists()
