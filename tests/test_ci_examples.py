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
            if line.startswith("lintnews "):
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
