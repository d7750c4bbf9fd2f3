"""The pre-commit hooks as the README's snippet names them, run by the real pre-commit from the
snippet itself (its rev and hook ids; the commented-out hook enabled), against a throwaway
repository.

The project is copied into a fresh git repository that is tagged as a release would be, and the
snippet's ``repo`` is pointed there: pre-commit checks out the snippet's ``rev`` as it would from
the host. pre-commit builds the hooks' environment as for a user: a virtualenv into which pip
builds and installs lintnews from that checkout, once for both hooks (as for a user: they share the
repository and rev). The virtualenv sees the test environment's packages, so pip takes lintnews'
dependencies from there instead of installing them again from the package index: that install
(lxml and the rest) cost two thirds of the build's 10 s of CPU, and checks only what installing
the package into a fresh venv checks. pip builds lintnews with the build backend the test
environment has (hatchling, among the test extras) rather than fetching it into an isolated
environment, so the build needs no package index; without hatchling it fetches it, and without a
reachable index then the tests are skipped, with the reason. The build starts in the background
when the session's tests are known (tests/background.py) and the first hook run waits for it; it
is kept between runs while the project files and the tools are the same (``build``).
"""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import background
from clitools import ROOT, SEED_ARTICLE, lintnews

# What a built lintnews needs from the checkout (see pyproject.toml).
PROJECT_FILES = ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "lintnews", "rules"]

pytestmark = pytest.mark.network


def package_index(env):
    """Skip unless pip can fetch a tiny package quickly: the hooks' virtualenv needs the index."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            probe = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                                    "--disable-pip-version-check", "--timeout", "5", "--retries", "0",
                                    "--dest", folder, "six"], capture_output=True, text=True, timeout=30,
                                   cwd=folder, env=env)
        except subprocess.TimeoutExpired:
            pytest.skip("package index unreachable: pip download timed out")
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["no output"])[-1]
        pytest.skip(f"package index unreachable: pip download failed ({last})")


def git(*args, cwd, env=None):
    subprocess.run(["git", "-c", "user.name=lintnews tests", "-c", "user.email=tests@lintnews.invalid",
                    "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                   cwd=cwd, check=True, capture_output=True, env=env)


def snippet_text():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    return re.search(r"```yaml\n(repos:\n.*?)```", readme, re.DOTALL).group(1)


def snippet():
    """(rev, hook ids) of the README's pre-commit snippet, commented-out hooks included."""
    block = snippet_text()
    return re.search(r"^\s*rev: (\S+)", block, re.M).group(1), re.findall(r"- id: ([\w-]+)", block)


def hooks_repo(repo, env):
    """The project as a fresh git repository tagged with the snippet's rev, as a release is: pre-commit
    clones a repository at a rev, whatever state the checkout is in."""
    repo.mkdir()
    for name in PROJECT_FILES:
        src = os.path.join(ROOT, name)
        if os.path.isdir(src):
            shutil.copytree(src, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(src, repo / name)
    git("init", "-q", cwd=repo, env=env)
    git("add", "-A", cwd=repo, env=env)
    git("commit", "-q", "-m", "lintnews", cwd=repo, env=env)
    git("tag", snippet()[0], cwd=repo, env=env)
    return repo


def write_config(path, hooks_repo):
    """The README's snippet as a user's .pre-commit-config.yaml, its repo the tagged copy and its
    commented-out hooks enabled."""
    text = re.sub(r"^(\s*)- repo: \S+", lambda m: f"{m.group(1)}- repo: {hooks_repo}", snippet_text(), flags=re.M)
    text = re.sub(r"^(\s*)# (- id: )", r"\1\2", text, flags=re.M)
    assert f"repo: {hooks_repo}" in text and re.findall(r"^\s*- id: ([\w-]+)", text, re.M) == snippet()[1], text
    path.write_text(text, encoding="utf-8")
    return path


def hook_env(home, base=None):
    env = {k: v for k, v in (base or os.environ).items() if k not in ("PYTHONPATH", "LINTNEWS_CACHE_DIR")}
    env["PRE_COMMIT_HOME"] = str(home)
    env["VIRTUALENV_SYSTEM_SITE_PACKAGES"] = "1"  # pre-commit makes the hooks' venv with virtualenv
    env["PRE_COMMIT_COLOR"] = "never"
    if has_build_backend():
        env["PIP_NO_BUILD_ISOLATION"] = "0"  # pip reads "0" as --no-build-isolation
    return env


def has_build_backend():
    return importlib.util.find_spec("hatchling") is not None


def run_hook(config, home, target, hook):
    """One hook of the snippet; pre-commit builds the environment once per repository and rev in
    ``home``, so the second hook reuses the first one's."""
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "run", hook, "--config", str(config),
                           "--files", "article.txt", "--verbose"],
                          cwd=target, env=hook_env(home), capture_output=True, timeout=900)
    return proc.returncode, proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")


def make_target(repo, env=None):
    repo.mkdir()
    shutil.copy(SEED_ARTICLE, repo / "article.txt")
    git("init", "-q", cwd=repo, env=env)
    git("add", "article.txt", cwd=repo, env=env)
    git("commit", "-q", "-m", "seed", cwd=repo, env=env)
    return repo


def build(folder, env):
    """(config, pre-commit home) with the hooks' environment built, kept between runs under a name
    made of the project files pip builds lintnews from and the versions of the tools that build
    it (``background.kept``): the same files and tools give the same environment, whose build
    took 2.7 s of CPU on every run."""
    key = [*(Path(ROOT, name) for name in PROJECT_FILES), sys.executable, sys.version,
           *background.versions("pre-commit", "virtualenv", "pip", "hatchling", "setuptools", "wheel")]
    kept = Path(background.kept("pre-commit-hooks", key, lambda kept: install_hooks(Path(kept), env)))
    return kept / "pre-commit-config.yaml", kept / "pre-commit-home"


def install_hooks(folder, env):
    """The tagged copy and the config written (the index probed first when the build backend must
    come from it), and the hooks' environment built (``pre-commit install-hooks``, from a
    repository of its own)."""
    if not has_build_backend():
        package_index(env)
    config = write_config(folder / "pre-commit-config.yaml", hooks_repo(folder / "lintnews-hooks", env))
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "install-hooks", "--config", str(config)],
                          cwd=make_target(folder / "warm-up", env), env=hook_env(folder / "pre-commit-home", env),
                          capture_output=True, timeout=900)
    assert proc.returncode == 0, (proc.stdout + proc.stderr).decode("utf-8", "replace")


ENVIRONMENT = background.job(build)


@pytest.fixture(scope="module")
def hooks():
    """(config, pre-commit home with the environment built)."""
    return ENVIRONMENT.result()


@pytest.fixture
def target(tmp_path):
    return make_target(tmp_path / "articles")


def test_check_hook_reports_and_fix_hook_rewrites(tmp_path, hooks, target):
    config, pre_commit_home = hooks
    expected_copy = tmp_path / "expected" / "article.txt"
    expected_copy.parent.mkdir()
    shutil.copy(SEED_ARTICLE, expected_copy)
    lintnews("check", "--fix", "--no-cache", "article.txt", cwd=expected_copy.parent)
    check_hook, fix_hook = snippet()[1]
    rc, check = run_hook(config, pre_commit_home, target, check_hook)
    assert rc == 1, check
    assert f"- hook id: {check_hook}" in check
    # The check hook fails, names the file and the findings, and changes nothing ...
    assert "Failed" in check and "article.txt" in check
    for code in ("REL001", "SYN001", "CMT001", "AUT001", "PII002"):
        assert code in check, (code, check)
    assert "files were modified by this hook" not in check
    assert (target / "article.txt").read_bytes() == open(SEED_ARTICLE, "rb").read()
    rc, fix = run_hook(config, pre_commit_home, target, fix_hook)
    assert rc == 1, fix
    # ... the fix hook then applies the safe fixes (findings remain: the unsafe ones).
    assert "files were modified by this hook" in fix
    fixed = (target / "article.txt").read_bytes()
    assert fixed == expected_copy.read_bytes()
    assert b"Also Read:" not in fixed and b"Leave a Reply" not in fixed
