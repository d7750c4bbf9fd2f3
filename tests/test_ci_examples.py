"""The CI examples parse, and the commands they run are ones lintnews accepts."""

import os
import re
import shlex

import yaml

from lintnews import report

from clitools import ROOT

EXAMPLES = os.path.join(ROOT, "examples", "ci")


def commands(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from commands(v)
    elif isinstance(node, list):
        for v in node:
            yield from commands(v)
    elif isinstance(node, str):
        for line in node.splitlines():
            line = line.split("   #")[0].strip()
            if line.startswith("lintnews ") and not line.startswith("lintnews @"):  # not the install spec
                yield shlex.split(line)


def formats_used(name):
    with open(os.path.join(EXAMPLES, name), encoding="utf-8") as f:
        data = yaml.safe_load(f)
    used = []
    for argv in commands(data):
        assert argv[1] == "check"
        i = argv.index("--output-format")
        used.append(argv[i + 1])
    return used


def test_github_example_uses_github_and_sarif():
    used = formats_used("github-actions.yml")
    assert used == ["github", "sarif"]
    assert set(used) <= set(report.names())


def test_gitlab_example_uses_gitlab_and_junit():
    used = formats_used("gitlab-ci.yml")
    assert used == ["junit", "gitlab"]
    text = open(os.path.join(EXAMPLES, "gitlab-ci.yml"), encoding="utf-8").read()
    assert re.search(r"codequality: gl-code-quality-report.json", text)


def version():
    import tomllib

    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        return tomllib.load(f)["project"]["version"]


def install_lines(name):
    text = open(os.path.join(EXAMPLES, name), encoding="utf-8").read()
    data = yaml.safe_load(text)
    env = data.get("env") or data["lintnews"].get("variables")
    lines = [line.split("   #")[0].strip() for line in text.splitlines() if "pip install" in line]
    return env, lines


def test_examples_install_lintnews_from_git_at_this_release():
    """No index has lintnews: the examples install it from git at the release tag (or, in the
    project's own repository, from the checkout), never by a bare name."""
    from lintnews import __version__

    assert __version__ == version()
    for name in ("github-actions.yml", "gitlab-ci.yml"):
        env, lines = install_lines(name)
        assert lines == ['run: python -m pip install "$LINTNEWS"'] or lines == ['- python -m pip install "$LINTNEWS"'], lines
        spec = env["LINTNEWS"]
        assert spec == f"lintnews @ git+https://github.com/OWNER/lintnews@v{version()}", spec
        text = open(os.path.join(EXAMPLES, name), encoding="utf-8").read()
        assert "EDIT: replace OWNER" in text and 'LINTNEWS: "."' in text


def test_readme_snippet_names_this_release_and_its_hooks():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    block = re.search(r"```yaml\n(repos:\n.*?)```", readme, re.DOTALL).group(1)
    assert re.search(r"^\s*rev: (\S+)", block, re.M).group(1) == f"v{version()}"
    with open(os.path.join(ROOT, ".pre-commit-hooks.yaml"), encoding="utf-8") as f:
        hooks = [h["id"] for h in yaml.safe_load(f)]
    assert re.findall(r"- id: ([\w-]+)", block) == hooks
    # Every path in the README that installs with pip says when a venv is needed.
    assert "python3 -m venv .venv && . .venv/bin/activate" in readme
