"""Every rule against its fixture cases (tests are data), and the contract every rule must keep.

Python rules keep their cases in tests/fixtures/rules/<CODE>.toml; pack rules keep them as
``[[rules.examples]]`` in their pack. A case is ``flag`` (must be reported), ``pass`` (must not
be), with an optional ``fixed`` (the text after this rule's fixes, unsafe ones included) and
``format`` (text by default), and optional ``message`` (a substring the finding must carry).
"""

import os
import tomllib

import pytest

from lintnews.api import Linter, Options
from lintnews.config import Config
from lintnews.readers import formats
from lintnews.registry import all_rules
from lintnews.rule import FIX_SECTION, REQUIRED_SECTIONS

from conftest import FIXTURES

RULES = all_rules()
EXT = {"text": "case.txt", "markdown": "case.md", "html": "case.html", "jsonl": "case.jsonl"}


def cases_for(cls):
    examples = getattr(cls, "examples", None)
    if examples is not None and cls.__module__ == "lintnews.packs":
        return list(examples)
    path = os.path.join(FIXTURES, "rules", f"{cls.code}.toml")
    if not os.path.exists(path):
        return []
    with open(path, "rb") as f:
        return tomllib.load(f).get("cases", [])


ALL_CASES = [(code, i, case) for code, cls in RULES.items() for i, case in enumerate(cases_for(cls))]


def lint(code, text, fmt="text", fix=False):
    linter = Linter(Options(select=[code], fix=fix, unsafe_fixes=True))
    reader = formats()[fmt]
    return linter.lint_text(text, EXT[fmt], Config(), reader)


@pytest.mark.parametrize("code,i,case", ALL_CASES, ids=[f"{c}-{i}" for c, i, _ in ALL_CASES])
def test_case(code, i, case):
    fmt = case.get("format", "text")
    if "flag" in case:
        result = lint(code, case["flag"], fmt)
        assert not result.errors, result.errors
        found = [d for d in result.diagnostics if d.code == code]
        assert found, f"{code} must flag:\n{case['flag']}"
        if "message" in case:
            assert any(case["message"] in d.message for d in found), [d.message for d in found]
        if "fixed" in case:
            fixed = lint(code, case["flag"], fmt, fix=True)
            assert fixed.new == case["fixed"]
            again = lint(code, fixed.new, fmt, fix=True)
            assert again.new == fixed.new, "fix is not idempotent"
    else:
        assert "pass" in case, f"case {i} of {code} has neither flag nor pass"
        result = lint(code, case["pass"], fmt)
        assert not result.errors, result.errors
        assert [d for d in result.diagnostics if d.code == code] == [], \
            f"{code} must not flag:\n{case['pass']}"


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_has_cases_and_docs(code):
    cls = RULES[code]
    cases = cases_for(cls)
    assert any("flag" in c for c in cases), f"{code} has no case it must flag"
    assert any("pass" in c for c in cases), f"{code} has no false-positive trap (pass case)"
    if cls.fix_safety is not None:
        assert any("fixed" in c for c in cases), f"{code} is fixable but no case shows its fix"
    doc = cls.documentation()
    for section in REQUIRED_SECTIONS:
        assert section in doc, f"{code} docstring lacks {section}"
    if cls.fix_safety is not None:
        assert FIX_SECTION in doc
    assert cls.summary() and not cls.summary().startswith("#")
