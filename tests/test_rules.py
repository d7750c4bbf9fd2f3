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


# -- old codes: the HTML rules were HTM001..HTM010 before their codes joined their themes -----

RENAMED = {"HTM001": "CMT003", "HTM002": "REL003", "HTM003": "SHR002", "HTM004": "AUT004",
           "HTM005": "SUB003", "HTM006": "AD003", "HTM007": "CK003", "HTM008": "PII003",
           "HTM009": "CHR004", "HTM010": "CHR005"}


def first_flag(code):
    return next(c["flag"] for c in cases_for(RULES[code]) if "flag" in c)


def lint_html(page, config=None, **options):
    linter = Linter(Options(**options))
    return linter.lint_text(page, "case.html", Config(values=config or {}), formats()["html"])


def test_each_old_code_is_an_alias_of_exactly_its_new_rule():
    from lintnews.registry import builtin_aliases

    assert builtin_aliases() == RENAMED
    assert not any(code.startswith("HTM") for code in RULES)
    assert all(RULES[new].formats == ("html",) for new in RENAMED.values())


@pytest.mark.parametrize("selector", ["HTM002", "HTM00", "HTM"])
def test_old_codes_and_their_prefixes_select(selector):
    from lintnews.registry import select

    chosen = {c.code for c in select(RULES, [selector], [], [])}
    expected = {new for old, new in RENAMED.items() if old.startswith(selector)}
    assert chosen == expected
    assert {c.code for c in select(RULES, ["WS001"], [selector], [])} == expected | {"WS001"}
    assert not expected & {c.code for c in select(RULES, None, [], [selector])}


def test_old_codes_in_ignore_and_per_file_ignores():
    page = first_flag("REL003")
    assert [d.code for d in lint_html(page, select=["REL003"]).diagnostics] == ["REL003"]
    assert lint_html(page, select=["REL003"], ignore=["HTM002"]).diagnostics == []
    assert lint_html(page, {"ignore": ["HTM"]}, select=["REL003"]).diagnostics == []
    assert lint_html(page, {"per-file-ignores": {"*.html": ["HTM002"]}}, select=["REL003"]).diagnostics == []
    assert lint_html(page, {"per-file-ignores": {"*.html": ["HTM"]}}, select=["REL003"]).diagnostics == []


def test_old_codes_in_severity_rule_options_and_safe_fixes():
    page = first_flag("REL003")
    found = lint_html(page, {"severity": {"HTM002": "error"}}, select=["REL003"]).diagnostics
    assert [d.severity.value for d in found] == ["error"]
    author = first_flag("AUT004")
    plain = lint_html(author, select=["AUT004"]).diagnostics
    assert [d.fix.applicability.value for d in plain] == ["unsafe"]
    made_safe = lint_html(author, {"extend-safe-fixes": ["HTM004"]}, select=["AUT004"]).diagnostics
    assert [d.fix.applicability.value for d in made_safe] == ["safe"]
    from lintnews.errors import ConfigError

    # The old code reaches the rule: the error is about the option, not an unknown rule.
    with pytest.raises(ConfigError, match="rule-options.PII003: unknown option 'nope'"):
        lint_html(first_flag("PII003"), {"rule-options": {"HTM008": {"nope": 1}}}, select=["PII003"])


def test_an_old_code_may_not_be_another_rules_code():
    from lintnews.errors import ConfigError
    from lintnews.registry import _aliases

    class Clash(RULES["REL003"]):
        """Same docs.

        ## Why is this bad?

        ## Example

        ## Fix safety
        """

        code = "LOC901"
        name = "clash"
        aliases = ("REL001",)

    with pytest.raises(ConfigError, match="REL001 is defined twice"):
        _aliases({**RULES, "LOC901": Clash})


def test_rule_command_and_baselines_take_old_codes(tmp_path):
    import json

    from clitools import lintnews

    shown = lintnews("rule", "HTM002", cwd=tmp_path)
    assert shown.returncode == 0, shown.err
    assert shown.out.startswith("# REL003 html-related-posts")
    assert "formats: html" in shown.out and "formerly: HTM002" in shown.out
    (tmp_path / "page.html").write_text(first_flag("REL003"), encoding="utf-8")
    check = lintnews("check", "--select", "HTM002", "page.html", cwd=tmp_path)
    assert check.returncode == 1 and "REL003" in check.out, check.out + check.err
    written = lintnews("check", "--select", "REL003", "--write-baseline", "base.json", "page.html",
                       cwd=tmp_path)
    assert written.returncode == 0, written.err
    data = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in data["findings"]] == ["REL003"]
    data["findings"][0]["code"] = "HTM002"  # as written before the rename
    (tmp_path / "base.json").write_text(json.dumps(data), encoding="utf-8")
    known = lintnews("check", "--select", "REL003", "--baseline", "base.json", "page.html", cwd=tmp_path)
    assert known.returncode == 0, known.out + known.err
