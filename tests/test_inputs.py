"""Which inputs a run reads: stdin once however often `-` is named, and a link to nothing in a
walked folder skipped with a warning, not read as a missing article."""

import json
import os

import pytest

from clitools import SEED_ARTICLE, assert_one_line_error, lintnews

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


# -- links to nothing in a walked folder -------------------------------------------------------------
@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink("/nonexistent/x.txt", d / "gone.txt")
    os.symlink(os.path.join("missing", "y.md"), d / "also-gone.md")
    os.symlink("a.txt/z.txt", d / "under-a-file.txt")  # a link through a file: no such path either
    return tmp_path


WARNINGS = ["warning: d/also-gone.md: a link to nothing; not read",
            "warning: d/gone.txt: a link to nothing; not read",
            "warning: d/under-a-file.txt: a link to nothing; not read"]


def test_a_walked_link_to_nothing_is_skipped_with_a_warning(folder):
    proc = lintnews("check", "--no-cache", "d", cwd=folder)
    assert proc.returncode == 1, proc.err  # the findings of a.txt alone
    assert sorted(proc.err.splitlines()) == WARNINGS
    assert "in 1 of 1 file." in proc.out and "error" not in proc.out


def test_a_walked_link_to_nothing_leaves_a_clean_run_at_exit_0(folder):
    (folder / "d" / "a.txt").write_text(CLEANED, encoding="utf-8")
    proc = lintnews("check", "--no-cache", "d", cwd=folder)
    assert proc.returncode == 0, proc.err
    assert sorted(proc.err.splitlines()) == WARNINGS
    fixed = lintnews("check", "--fix", "--no-cache", "d", cwd=folder)
    assert fixed.returncode == 0 and sorted(fixed.err.splitlines()) == WARNINGS
    assert all(os.path.islink(folder / "d" / name) for name in ("gone.txt", "also-gone.md"))


def test_show_files_leaves_out_a_walked_link_to_nothing(folder):
    proc = lintnews("check", "--show-files", "d", cwd=folder)
    assert proc.returncode == 0
    assert proc.out == "d/a.txt\n" and sorted(proc.err.splitlines()) == WARNINGS


@pytest.mark.parametrize("show", [[], ["--show-files"]])
def test_a_link_to_nothing_named_on_the_command_line_is_an_error(folder, show):
    proc = lintnews("check", "--no-cache", *show, "d/gone.txt", cwd=folder)
    assert_one_line_error(proc, "d/gone.txt", "No such file or directory")


def test_a_walked_link_loop_is_still_an_error(tmp_path):
    # Not a link to nothing: the README lists a link loop among the errors.
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    with open(SEED_ARTICLE, "rb") as f:
        (tmp_path / "c.txt").write_bytes(f.read())
    proc = lintnews("check", "--no-cache", ".", cwd=tmp_path)
    assert proc.returncode == 2 and "warning" not in proc.err
    assert proc.err.count("error: ") == 2 and "symbolic links" in proc.err
