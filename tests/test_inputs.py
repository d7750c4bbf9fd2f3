"""Which inputs a run reads: stdin once however often `-` is named."""

import json

import pytest

from clitools import lintnews

ARTICLE = ("Headline\n\nA real paragraph of the article, with enough words in it.\n\n"
           "Also Read:Another headline\n\nLast paragraph of the article.\n")
CLEANED = ARTICLE.replace("Also Read:Another headline\n\n", "")


# -- stdin -------------------------------------------------------------------------------------------
def test_stdin_named_twice_is_read_once(tmp_path):
    proc = lintnews("check", "--no-cache", "-", "-", cwd=tmp_path, stdin=ARTICLE.encode())
    assert proc.returncode == 1
    assert "in 1 of 1 file." in proc.out, proc.out
    listed = lintnews("check", "--show-files", "-", "-", cwd=tmp_path)
    assert listed.returncode == 0 and listed.out == "-\n"


@pytest.mark.parametrize("fmt", ["json", "json-lines"])
def test_stdin_named_twice_beside_a_file_keeps_its_findings(tmp_path, fmt):
    # The one read is the one reported: not a second, empty one.
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    proc = lintnews("check", "--no-cache", "--output-format", fmt, "-", "a.txt", "-", cwd=tmp_path,
                    stdin=ARTICLE.encode())
    found = json.loads(proc.stdout) if fmt == "json" else [json.loads(line) for line in proc.out.splitlines()]
    paths = [d["path"] for d in found]
    assert paths.count("-") == paths.count("a.txt") == 1, paths


def test_fix_of_stdin_named_twice_writes_the_fixed_text_once(tmp_path):
    proc = lintnews("check", "--fix", "--no-cache", "-", "-", cwd=tmp_path, stdin=ARTICLE.encode())
    assert proc.returncode == 0, proc.err
    assert proc.out == CLEANED and "Fixed 1 finding" in proc.err


def test_diff_of_stdin_named_twice_shows_the_fix(tmp_path):
    proc = lintnews("check", "--diff", "--no-cache", "-", "-", cwd=tmp_path, stdin=ARTICLE.encode())
    assert proc.returncode == 1, proc.err
    assert proc.out.count("+++ b/-\n") == 1 and "-Also Read:Another headline\n" in proc.out
