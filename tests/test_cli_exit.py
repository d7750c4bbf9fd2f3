"""Exit codes: 0 clean, 1 findings (as --fail-on, --exit-zero and --exit-non-zero-on-fix say),
2 for usage, config and input errors."""

import shutil

import pytest

from clitools import SEED_ARTICLE, assert_one_line_error, lintnews

ONLY_FIXABLE = "Ministers met on Monday.\n\nAlso Read: Five things to know\n\nThe end.\n"


@pytest.fixture
def project(tmp_path):
    shutil.copy(SEED_ARTICLE, tmp_path / "article.txt")
    return tmp_path


def code(project, *args):
    return lintnews("check", "article.txt", "--no-cache", *args, cwd=project).returncode


def test_findings_exit_1_and_exit_zero(project):
    assert code(project) == 1
    assert code(project, "--exit-zero") == 0


def test_fail_on_threshold(project):
    # The seed's findings are all warnings by default.
    assert code(project, "--fail-on", "info") == 1
    assert code(project, "--fail-on", "warning") == 1
    assert code(project, "--fail-on", "error") == 0
    (project / "lintnews.toml").write_text('[severity]\nPII001 = "error"\n', encoding="utf-8")
    assert code(project, "--fail-on", "error") == 1
    (project / "lintnews.toml").write_text('[severity]\nWS001 = "info"\nWS002 = "info"\nWS003 = "info"\n',
                                          encoding="utf-8")
    assert code(project, "--select", "WS", "--fail-on", "warning") == 0


def test_fail_on_from_config(project):
    (project / "lintnews.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    assert code(project) == 0
    assert code(project, "--fail-on", "warning") == 1  # the command line wins


def test_bad_fail_on(project):
    assert_one_line_error(lintnews("check", "article.txt", "--fail-on", "fatal", cwd=project), "--fail-on")
    (project / "lintnews.toml").write_text('fail-on = "fatal"\n', encoding="utf-8")
    assert_one_line_error(lintnews("check", "article.txt", cwd=project), "fail-on", "lintnews.toml")


def test_exit_non_zero_on_fix(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ONLY_FIXABLE, encoding="utf-8")
    assert lintnews("check", "a.txt", "--fix", cwd=tmp_path).returncode == 0  # all fixed: nothing remains
    article.write_text(ONLY_FIXABLE, encoding="utf-8")
    proc = lintnews("check", "a.txt", "--fix", "--exit-non-zero-on-fix", cwd=tmp_path)
    assert proc.returncode == 1
    assert "Also Read" not in article.read_text(encoding="utf-8")
    # Nothing left to fix: exit 0 again.
    assert lintnews("check", "a.txt", "--fix", "--exit-non-zero-on-fix", cwd=tmp_path).returncode == 0


def test_errors_stay_exit_2(project):
    assert_one_line_error(lintnews("check", "missing.txt", cwd=project), "missing.txt")
    assert lintnews("check", "missing.txt", "--exit-zero", cwd=project).returncode == 2
