"""The pre-commit hooks, run by the real pre-commit (try-repo) against a throwaway repository.

pre-commit builds the hooks' environment as a user's machine would: a virtualenv into which pip
installs lintnews and its dependencies from the package index. The first run takes a minute;
without a reachable index the tests are skipped, with the reason.
"""

import os
import shutil
import subprocess
import sys
import tempfile

import pytest

from clitools import ROOT, SEED_ARTICLE, lintnews

# What a built lintnews needs from the checkout (see pyproject.toml).
PROJECT_FILES = ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "lintnews", "rules"]

pytestmark = pytest.mark.network


@pytest.fixture(scope="module", autouse=True)
def package_index():
    """Skip unless pip can fetch a tiny package quickly: the hooks' virtualenv needs the index."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            probe = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                                    "--disable-pip-version-check", "--timeout", "5", "--retries", "0",
                                    "--dest", folder, "six"], capture_output=True, text=True, timeout=30)
        except subprocess.TimeoutExpired:
            pytest.skip("package index unreachable: pip download timed out")
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["no output"])[-1]
        pytest.skip(f"package index unreachable: pip download failed ({last})")


def git(*args, cwd):
    subprocess.run(["git", "-c", "user.name=lintnews tests", "-c", "user.email=tests@lintnews.invalid",
                    "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                   cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory):
    """The project as a fresh git repository: try-repo needs one, whatever state the checkout is in."""
    repo = tmp_path_factory.mktemp("lintnews-hooks")
    for name in PROJECT_FILES:
        src = os.path.join(ROOT, name)
        if os.path.isdir(src):
            shutil.copytree(src, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(src, repo / name)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "lintnews", cwd=repo)
    return repo


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(hooks_repo, home, target):
    """Both hooks (check, then fix) in one try-repo run: each run builds the hooks' virtualenv anew."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LINTNEWS_CACHE_DIR")}
    env["PRE_COMMIT_HOME"] = str(home)
    env["PRE_COMMIT_COLOR"] = "never"
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hooks_repo),
                           "--files", "article.txt", "--verbose"],
                          cwd=target, env=env, capture_output=True, timeout=900)
    return proc.returncode, proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")


@pytest.fixture
def target(tmp_path):
    repo = tmp_path / "articles"
    repo.mkdir()
    shutil.copy(SEED_ARTICLE, repo / "article.txt")
    git("init", "-q", cwd=repo)
    git("add", "article.txt", cwd=repo)
    git("commit", "-q", "-m", "seed", cwd=repo)
    return repo


def test_check_hook_reports_and_fix_hook_rewrites(tmp_path, hooks_repo, pre_commit_home, target):
    expected_copy = tmp_path / "expected" / "article.txt"
    expected_copy.parent.mkdir()
    shutil.copy(SEED_ARTICLE, expected_copy)
    lintnews("check", "--fix", "--no-cache", "article.txt", cwd=expected_copy.parent)
    rc, output = try_repo(hooks_repo, pre_commit_home, target)
    assert rc == 1, output
    check, _, fix = output.partition("- hook id: lintnews-fix")
    assert fix, output
    # The check hook fails, names the file and the findings, and changes nothing ...
    assert "Failed" in check and "article.txt" in check
    for code in ("REL001", "SYN001", "CMT001", "AUT001", "PII002"):
        assert code in check, (code, output)
    assert "files were modified by this hook" not in check
    # ... the fix hook then applies the safe fixes (findings remain: the unsafe ones).
    assert "files were modified by this hook" in fix
    fixed = (target / "article.txt").read_bytes()
    assert fixed == expected_copy.read_bytes()
    assert b"Also Read:" not in fixed and b"Leave a Reply" not in fixed
