"""The README's promises that can be checked: its Quick start, CI's command, the rule table."""

import os
import re

from lintnews.registry import all_rules

from conftest import ROOT


def readme():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        return f.read()


def quick_start():
    section = readme().split("## Quick start", 1)[1]
    block = re.search(r"```[a-z]*\n(.*?)```", section, re.DOTALL).group(1)
    return [ln for ln in block.splitlines() if ln.strip()]


def test_quick_start_is_two_commands_install_and_run_then_test():
    lines = quick_start()
    assert len(lines) == 2
    assert "lintnews check" in lines[0] and "examples/" in lines[0]
    assert "pytest" in lines[1]


def test_ci_runs_exactly_the_readme_test_command():
    with open(os.path.join(ROOT, ".ci", "run"), encoding="utf-8") as f:
        commands = [ln.strip() for ln in f if ln.strip() and not ln.lstrip().startswith("#")]
    assert quick_start()[1] in commands


def test_readme_rule_table_is_what_the_rules_say():
    from lintnews.docs import rules_markdown

    table = rules_markdown(all_rules())
    assert table in readme(), "README rule table is stale: regenerate it with `lintnews rules -o markdown`"
    assert all(f"| {code} |" in table for code in all_rules())


def test_every_promise_names_tests_that_exist():
    """Each line of "What lintnews promises" names at least one test, and each named test exists."""
    import ast

    section = readme().split("### What lintnews promises", 1)[1].split("\n#", 1)[0]
    promises = [ln for ln in section.splitlines() if ln.startswith("- ")]
    assert len(promises) >= 9
    for line in promises:
        refs = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", line)
        assert refs, f"a promise without a test: {line}"
        for path, name in refs:
            with open(os.path.join(ROOT, path), encoding="utf-8") as f:
                tree = ast.parse(f.read())
            tests = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
            assert name in tests, f"{path}::{name} named in the README does not exist"
