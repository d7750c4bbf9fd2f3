"""Every rule against its fixture cases (tests are data), and the contract every rule must keep.

Python rules keep their cases in tests/fixtures/rules/<CODE>.toml; pack rules keep them as
``[[rules.examples]]`` in their pack; a Python rule's docstring ``## Example`` is a case too.
The keys a case may have are described in lintnews/ruletest.py (flag, pass, fixed, format,
message, options, count, line, column).
"""

import os

import pytest

from lintnews.api import Linter, Options
from lintnews.config import Config
from lintnews.readers import formats
from lintnews.registry import all_rules
from lintnews.rule import FIX_SECTION, REQUIRED_SECTIONS
from lintnews.ruletest import Runner, doc_example, fixture_examples, pack_examples

from conftest import FIXTURES

RULES = all_rules()
RUNNER = Runner()


def is_pack_rule(cls):
    return cls.__module__ == "lintnews.packs"


def examples_for(cls):
    if is_pack_rule(cls):
        return pack_examples([cls], cls.origin)
    return fixture_examples(cls.code, os.path.join(FIXTURES, "rules", f"{cls.code}.toml"))


def cases_for(cls):
    return [ex.case for ex in examples_for(cls)]


ALL_EXAMPLES = [ex for cls in RULES.values() for ex in examples_for(cls)]
DOC_EXAMPLES = [doc_example(cls) for cls in RULES.values() if not is_pack_rule(cls)]


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=[f"{ex.code}-{ex.line}" for ex in ALL_EXAMPLES])
def test_case(example):
    problems = RUNNER.failures(example)
    assert not problems, example.label() + ":\n" + "\n".join(problems)


@pytest.mark.parametrize("example", DOC_EXAMPLES, ids=[ex.code for ex in DOC_EXAMPLES])
def test_docstring_example_holds(example):
    """What a rule's docs show is what it does: the example is flagged and fixed as shown."""
    assert "flag" in example.case
    problems = RUNNER.failures(example)
    assert not problems, example.label() + ":\n" + "\n".join(problems)


def test_every_python_rule_documents_an_example_and_fixable_ones_their_fix():
    for cls in RULES.values():
        if is_pack_rule(cls):
            continue
        example = doc_example(cls)
        assert example is not None, f"{cls.code}: ## Example has no fenced block"
        if cls.fix_safety is not None and cls.code not in NO_DOC_FIX:
            assert "fixed" in example.case, f"{cls.code}: ## Example shows no 'After the fix:' block"


# Fixable rules whose docs show only the finding: their fix needs context that a short example
# cannot carry (the whole bio, a lexicon answer).
NO_DOC_FIX = {"AUT002"}


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
    result = linter.lint_text(page, "case.html", Config(values=config or {}), formats()["html"])
    assert result.errors == []  # a rule that raised has no findings: never a pass
    return result


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


# -- phrases and codes: one rule per phrase, every code under a documented prefix -------------

SHARED_PHRASES = os.path.join(FIXTURES, "shared_phrases.txt")


def normalised(phrase):
    return " ".join(phrase.casefold().split()).strip(" .,:;!?…|-–—")


def pack_entries():
    """The pack entry of each pack rule the registry knows, read from the pack it came from."""
    import tomllib

    entries, read = {}, {}
    for code, cls in RULES.items():
        if not is_pack_rule(cls):
            continue
        if cls.origin not in read:
            with open(cls.origin, "rb") as f:
                read[cls.origin] = {e["code"]: e for e in tomllib.load(f)["rules"]}
        entries[code] = read[cls.origin][code]
    return entries


def shared_phrases():
    """{(language, phrase): codes} of each phrase (normalised) that two pack rules carry."""
    from collections import defaultdict

    owners = defaultdict(set)
    for code, entry in pack_entries().items():
        for lang, phrases in (entry.get("phrases") or {}).items():
            for phrase in phrases:
                owners[(lang, normalised(phrase))].add(code)
    return {key: " ".join(sorted(codes)) for key, codes in owners.items() if len(codes) > 1}


def allowed_shared_phrases():
    with open(SHARED_PHRASES, encoding="utf-8") as f:
        rows = [ln.rstrip("\n").split("\t") for ln in f if ln.strip() and not ln.startswith("#")]
    return {(lang, phrase): codes for lang, phrase, codes in rows}


def test_no_new_phrase_belongs_to_two_rules():
    """A phrase in two rules is reported twice and fixed by whichever runs first. The allow-list
    holds the pairs that predate this test; it may only shrink."""
    shared, allowed = shared_phrases(), allowed_shared_phrases()
    new = {k: v for k, v in shared.items() if allowed.get(k) != v}
    assert not new, "phrases in two rules (keep each in one rule): " + "; ".join(
        f"{lang} {phrase!r}: {codes}" for (lang, phrase), codes in sorted(new.items()))
    gone = sorted(set(allowed) - set(shared))
    assert not gone, f"no longer shared, remove from {SHARED_PHRASES}: {gone}"


def test_every_code_has_a_documented_prefix():
    from lintnews.registry import PREFIXES, prefix_of

    outside = sorted(code for code in RULES if prefix_of(code) not in PREFIXES)
    assert not outside, f"codes outside the prefixes in lintnews/registry.py PREFIXES: {outside}"
    unused = sorted(set(PREFIXES) - {prefix_of(code) for code in RULES})
    assert not unused, f"prefixes no rule uses: {unused}"


def test_readme_prefix_table_is_the_registrys():
    from lintnews.registry import prefixes_markdown

    from conftest import ROOT

    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        assert prefixes_markdown() in f.read(), \
            "README prefix table is stale: regenerate it with `lintnews rules --prefixes -o markdown`"


def test_rules_command_lists_the_prefixes():
    from clitools import run_cli

    from lintnews.registry import PREFIXES

    shown = run_cli("rules", "--prefixes")
    assert shown.returncode == 0
    lines = shown.out.splitlines()
    for prefix, theme in PREFIXES.items():
        assert any(ln.split()[:1] == [prefix] and theme in " ".join(ln.split()) for ln in lines), prefix
    assert "lintnews rules --prefixes" in run_cli("rules").out.splitlines()[-1]
