"""Accepting findings: inline comments (Markdown, HTML), the JSONL record field, the ignore file
written by --add-ignore, and the rule that an accepted or baselined finding is never fixed."""

import json
import pytest

from clitools import SEED_ARTICLE, assert_one_line_error, lintnews

LEAD = "The council approved the budget on Monday after a long debate about schools.\n\n"
KEPT = "Also Read: Ten things the minister did not say on Monday"
JUNK = "Also Read: Another headline that is junk today"
CLOSE = "The vote was close, with five members against the plan and seven for it.\n"


def findings(proc):
    return [(f["code"], f["line"]) for f in json.loads(proc.out)]


def markdown(comment):
    comment = comment + "\n" if comment else ""
    return f"# Budget passes\n\n{LEAD}{comment}{KEPT}\n\n{CLOSE}\n{JUNK}\n\nThe end of the story came late.\n"


@pytest.mark.parametrize("comment", [
    "<!-- lintnews: ignore[REL001] -->",
    "<!--lintnews:ignore[ SUB001 , REL001 ]-->",
    "<!-- lintnews: ignore[REL] -->",  # a prefix, as in `ignore`
    "<!-- lintnews: ignore[related-article-insertion] -->",  # a rule name
    "<!-- lintnews: ignore -->",  # every rule
])
def test_markdown_comment_accepts_the_next_block_only(tmp_path, comment):
    (tmp_path / "a.md").write_text(markdown(comment), encoding="utf-8")
    proc = lintnews("check", "--no-cache", "a.md", "--output-format", "json", cwd=tmp_path)
    assert findings(proc) == [("REL001", 10)], proc.out


def test_markdown_comment_for_another_rule_accepts_nothing(tmp_path):
    (tmp_path / "a.md").write_text(markdown("<!-- lintnews: ignore[SUB001] -->"), encoding="utf-8")
    proc = lintnews("check", "--no-cache", "a.md", "--output-format", "json", cwd=tmp_path)
    assert findings(proc) == [("REL001", 6), ("REL001", 10)], proc.out


@pytest.mark.parametrize("comment,expected", [
    ("<!-- lintnews: ignore-file[REL001] -->", []),
    ("<!-- lintnews: ignore-file -->", []),
    ("<!-- lintnews: ignore-file[SUB001] -->", [("REL001", 6), ("REL001", 10)]),
])
def test_markdown_ignore_file_comment(tmp_path, comment, expected):
    (tmp_path / "a.md").write_text(comment + "\n" + markdown(""), encoding="utf-8")
    proc = lintnews("check", "--no-cache", "a.md", "--output-format", "json", cwd=tmp_path)
    assert findings(proc) == expected, proc.out


def test_markdown_fix_keeps_the_accepted_block(tmp_path):
    (tmp_path / "a.md").write_text(markdown("<!-- lintnews: ignore[REL001] -->"), encoding="utf-8")
    proc = lintnews("check", "--no-cache", "--fix", "a.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.out
    text = (tmp_path / "a.md").read_text(encoding="utf-8")
    assert KEPT in text and JUNK not in text


HTML = f"""<html><head><title>Budget</title></head><body><article>
<p>{LEAD.strip()}</p>
{{comment}}
<p>{KEPT}</p>
<p>{CLOSE.strip()}</p>
<p>{JUNK}</p>
<div class="related-posts"><a href="/a">Budget row deepens</a> <a href="/b">Schools wait</a></div>
</article></body></html>
"""


@pytest.mark.parametrize("comment,expected", [
    ("", [("REL001", 4), ("REL001", 6), ("REL003", 7)]),
    ("<!-- lintnews: ignore[REL001] -->", [("REL001", 6), ("REL003", 7)]),
    ("<!-- lintnews: ignore-file[HTM002] -->", [("REL001", 4), ("REL001", 6)]),  # REL003's old code
    ("<!-- lintnews: ignore-file[REL001] -->", [("REL003", 7)]),
])
def test_html_comments(tmp_path, comment, expected):
    (tmp_path / "a.html").write_text(HTML.format(comment=comment), encoding="utf-8")
    proc = lintnews("check", "--no-cache", "a.html", "--output-format", "json", cwd=tmp_path)
    assert findings(proc) == expected, proc.out


def test_html_fix_keeps_the_accepted_block(tmp_path):
    page = HTML.format(comment="<!-- lintnews: ignore[REL001] -->")
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    lintnews("check", "--no-cache", "--fix", "a.html", cwd=tmp_path)
    text = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert KEPT in text and JUNK not in text and "related-posts" not in text


def record(ident, **extra):
    return json.dumps({"id": ident, "text": f"{LEAD}{KEPT}\n\n{CLOSE}", **extra})


@pytest.mark.parametrize("field", [["REL001"], "REL001", ["ALL"], ["SUB001", "REL"]])
def test_jsonl_record_field(tmp_path, field):
    lines = [record("a1", lintnews_ignore=field), record("a2")]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = lintnews("check", "--no-cache", "a.jsonl", "--output-format", "json", cwd=tmp_path)
    assert [line for _, line in findings(proc)] == [2], proc.out
    lintnews("check", "--no-cache", "--fix", "a.jsonl", cwd=tmp_path)
    first, second = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert KEPT in first["text"] and KEPT not in second["text"]
    assert first["lintnews_ignore"] == field


def test_comment_in_plain_text_accepts_nothing(tmp_path):
    text = f"{LEAD}<!-- lintnews: ignore -->\n{KEPT}\n\n{CLOSE}"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    proc = lintnews("check", "--no-cache", "a.txt", "--output-format", "json", cwd=tmp_path)
    assert ("REL001", 4) in findings(proc), proc.out


# -- the ignore file ---------------------------------------------------------------------------
@pytest.fixture
def project(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(f"{LEAD}{KEPT}\n\n{CLOSE}", encoding="utf-8")
    return tmp_path


def test_add_ignore_records_and_later_runs_skip(project):
    proc = lintnews("check", "--no-cache", "news", "--add-ignore", "a headline we quote on purpose", cwd=project)
    assert proc.returncode == 0, proc.err
    assert "Accepted 1 finding in" in proc.err
    data = json.loads((project / ".lintnews-ignore.json").read_text(encoding="utf-8"))
    assert data == {"lintnews-ignore": 1, "findings": [
        {"path": "news/a.txt", "code": "REL001", "text": KEPT, "reason": "a headline we quote on purpose"}]}
    article = project / "news" / "a.txt"
    article.write_text("A new lead paragraph was added above.\n\n" + article.read_text(encoding="utf-8") + f"\n{JUNK}\n",
                       encoding="utf-8")
    proc = lintnews("check", "--no-cache", "news", "--output-format", "json", cwd=project)
    assert findings(proc) == [("REL001", 9)], proc.out  # only the new one
    proc = lintnews("check", "--no-cache", "news", cwd=project)
    assert "1 finding accepted in" in proc.out
    lintnews("check", "--no-cache", "--fix", "news", cwd=project)
    text = article.read_text(encoding="utf-8")
    assert KEPT in text and JUNK not in text


def test_add_ignore_keeps_earlier_reasons(project):
    lintnews("check", "--no-cache", "news", "--add-ignore", "first reason", cwd=project)
    (project / "news" / "b.txt").write_text(f"{LEAD}{JUNK}\n\n{CLOSE}", encoding="utf-8")
    lintnews("check", "--no-cache", "news", "--add-ignore", "second reason", cwd=project)
    data = json.loads((project / ".lintnews-ignore.json").read_text(encoding="utf-8"))
    assert [(f["path"], f["reason"]) for f in data["findings"]] == [
        ("news/a.txt", "first reason"), ("news/b.txt", "second reason")]


def test_ignore_file_name_from_configuration(project):
    (project / "lintnews.toml").write_text('ignore-file = "accepted.json"\n', encoding="utf-8")
    lintnews("check", "--no-cache", "news", "--add-ignore", "ok", cwd=project)
    assert (project / "accepted.json").exists() and not (project / ".lintnews-ignore.json").exists()
    proc = lintnews("check", "--no-cache", "news", cwd=project)
    assert proc.returncode == 0, proc.out


def test_add_ignore_refuses_fix_and_empty_reason(project):
    assert_one_line_error(lintnews("check", "news", "--fix", "--add-ignore", "x", cwd=project), "--add-ignore")
    assert_one_line_error(lintnews("check", "news", "--add-ignore", " ", cwd=project), "reason")
    assert not (project / ".lintnews-ignore.json").exists()


def test_broken_ignore_file_stops_the_run_before_any_fix(project):
    (project / ".lintnews-ignore.json").write_text("{}", encoding="utf-8")
    before = (project / "news" / "a.txt").read_bytes()
    proc = lintnews("check", "--fix", "news", cwd=project)
    assert_one_line_error(proc, ".lintnews-ignore.json", "not a lintnews ignore file")
    assert (project / "news" / "a.txt").read_bytes() == before


# -- baselined findings are never fixed ----------------------------------------------------------
def test_fix_with_baseline_keeps_baselined_text(tmp_path):
    article = tmp_path / "article.txt"
    with open(SEED_ARTICLE, encoding="utf-8") as f:
        seed = f.read().rstrip("\n") + "\n"
    article.write_text(seed, encoding="utf-8")
    lintnews("check", "article.txt", "--write-baseline", "base.json", cwd=tmp_path)
    article.write_text(seed + f"\n{JUNK}\n", encoding="utf-8")
    proc = lintnews("check", "--fix", "--unsafe-fixes", "--baseline", "base.json", "article.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.out
    # The new finding went; everything the baseline knows stayed, byte for byte.
    assert article.read_text(encoding="utf-8") == seed
    # With the cache warm, a second run must not fix them either.
    proc = lintnews("check", "--fix", "--unsafe-fixes", "--baseline", "base.json", "article.txt", cwd=tmp_path)
    assert proc.returncode == 0 and "Fixed" not in proc.out, proc.out
    assert article.read_text(encoding="utf-8") == seed
    # Without the baseline the same run does clean it: the baseline is what kept the text.
    lintnews("check", "--fix", "--unsafe-fixes", "article.txt", cwd=tmp_path)
    assert len(article.read_text(encoding="utf-8")) < len(seed) - 200
