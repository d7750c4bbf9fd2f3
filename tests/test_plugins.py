"""Rules from outside the package: local rule folders and packs named in the configuration."""

import json
import os
import re

import pytest

from clitools import SITE_PACK, assert_one_line_error
from conftest import run_cli  # from tmp_path: its lintnews.toml is the project's own

LOCAL_RULE = '''
from lintnews.model import Span
from lintnews.rule import Rule


class NoShouting(Rule):
    """A paragraph written in capitals.

    ## Why is this bad?

    House style.

    ## Example

    ```text
    BREAKING NEWS
    ```
    """

    code = "LOC001"
    name = "no-shouting"

    def check(self, doc):
        for block in doc.blocks:
            text = doc.block_text(block)
            if text.isupper():
                yield self.report("Paragraph in capitals", Span(block.span.start, block.span.end))
'''

PACK = SITE_PACK

ARTICLE = "BREAKING NEWS\n\nThe body of the article.\n\nDownload our app for the latest news\n"


def setup(tmp_path, config):
    (tmp_path / "myrules").mkdir()
    (tmp_path / "myrules" / "shouting.py").write_text(LOCAL_RULE)
    (tmp_path / "site.toml").write_text(PACK)
    (tmp_path / "lintnews.toml").write_text(config)
    a = tmp_path / "a.txt"
    a.write_text(ARTICLE)
    return a


def test_rule_paths_and_packs_from_config(tmp_path):
    a = setup(tmp_path, 'rule-paths = ["myrules"]\npacks = ["site.toml"]\n')
    # Selected apart: SITE001 and FOL001 flag the same line, which is reported once.
    found = json.loads(run_cli("check", "--output-format", "json", "--select", "LOC,SITE", str(a),
                               cwd=tmp_path).stdout)
    assert {"LOC001", "SITE001"} <= {f["code"] for f in found}
    assert run_cli("check", "--fix", "--select", "SITE", str(a), cwd=tmp_path).returncode == 0
    assert a.read_text() == "BREAKING NEWS\n\nThe body of the article.\n"


def test_duplicate_code_is_an_error_naming_both_sources(tmp_path):
    a = setup(tmp_path, 'packs = ["site.toml", "dup.toml"]\n')
    (tmp_path / "dup.toml").write_text(PACK.replace("site-promo", "other-promo"))
    proc = run_cli("check", str(a), cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "SITE001" in err and "site.toml" in err and "dup.toml" in err


def test_broken_rule_module_fails_the_run(tmp_path):
    a = setup(tmp_path, 'rule-paths = ["myrules"]\n')
    (tmp_path / "myrules" / "broken.py").write_text("import does_not_exist\n")
    proc = run_cli("check", str(a), cwd=tmp_path)
    assert proc.returncode == 2 and "broken.py" in proc.stderr.decode()


def test_pack_entry_without_why_is_an_error(tmp_path):
    a = setup(tmp_path, 'packs = ["bad.toml"]\n')
    (tmp_path / "bad.toml").write_text('[[rules]]\ncode = "BAD001"\nname = "bad"\nsummary = "x"\n')
    proc = run_cli("check", str(a), cwd=tmp_path)
    assert proc.returncode == 2 and "'why'" in proc.stderr.decode()


def test_unknown_table_in_a_pack_is_an_error_naming_the_file(tmp_path):
    a = setup(tmp_path, 'packs = ["site.toml"]\n')
    (tmp_path / "site.toml").write_text('[pack]\nname = "site"\n' + PACK)
    proc = run_cli("check", str(a), cwd=tmp_path)
    lines = proc.stderr.decode().splitlines()
    assert proc.returncode == 2 and len(lines) == 1
    assert lines[0].startswith("error: ") and "site.toml" in lines[0] and "'pack'" in lines[0]


def test_a_local_rule_keeps_its_old_code(tmp_path):
    a = setup(tmp_path, 'rule-paths = ["myrules"]\n[per-file-ignores]\n"b.txt" = ["OLD001"]\n')
    (tmp_path / "myrules" / "shouting.py").write_text(
        LOCAL_RULE.replace('    name = "no-shouting"', '    name = "no-shouting"\n    aliases = ("OLD001",)'))
    b = tmp_path / "b.txt"
    b.write_text(ARTICLE)
    found = json.loads(run_cli("check", "--output-format", "json", "--select", "OLD", str(a), str(b), cwd=tmp_path).stdout)
    assert [(f["code"], f["path"].endswith("a.txt")) for f in found] == [("LOC001", True)]


def test_an_old_code_that_is_a_current_code_is_an_error(tmp_path):
    a = setup(tmp_path, 'rule-paths = ["myrules"]\n')
    (tmp_path / "myrules" / "shouting.py").write_text(
        LOCAL_RULE.replace('    name = "no-shouting"', '    name = "no-shouting"\n    aliases = ("REL001",)'))
    proc = run_cli("check", str(a), cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "REL001" in err and "shouting.py" in err


# -- typed options ------------------------------------------------------------------------------

OPTION_RULE = '''
from lintnews.model import Span
from lintnews.rule import Option, Rule


class LongLine(Rule):
    """A line longer than the house limit.

    ## Why is this bad?

    House style.

    ## Example

    ```text
    A line.
    ```
    """

    code = "LOC002"
    name = "long-line"
    options = {"limit": Option(int, 80, "Most characters a line may have"),
               "nbsp": Option(bool, True, "Count non-breaking spaces"),
               "words": ["breaking"]}  # the older style: a plain default

    def check(self, doc):
        for block in doc.blocks:
            text = doc.block_text(block)
            if len(text) > self.opts["limit"]:
                yield self.report("Line too long", Span(block.span.start, block.span.end))
'''


def option_setup(tmp_path, options):
    (tmp_path / "myrules").mkdir()
    (tmp_path / "myrules" / "long.py").write_text(OPTION_RULE)
    (tmp_path / "lintnews.toml").write_text(f'rule-paths = ["myrules"]\n[rule-options.LOC002]\n{options}\n')
    a = tmp_path / "a.txt"
    a.write_text("A short line.\n\n" + "x" * 30 + "\n")
    return a


@pytest.mark.parametrize("options,key,expected", [
    ('nbsp = "no"', "nbsp", "must be true or false, not 'no'"),
    ('limit = "four"', "limit", "must be an integer, not 'four'"),
    ("limit = true", "limit", "must be an integer, not True"),
    ("limit = 2.5", "limit", "must be an integer, not 2.5"),
    ('words = ["a", 1]', "words", "must be a list of strings"),
])
def test_a_wrong_option_type_names_the_file_key_and_type(tmp_path, options, key, expected):
    a = option_setup(tmp_path, options)
    proc = run_cli("check", "--select", "LOC002", str(a), cwd=tmp_path)
    lines = proc.stderr.decode().splitlines()
    assert proc.returncode == 2 and len(lines) == 1, proc.stderr
    assert "lintnews.toml" in lines[0] and f"rule-options.LOC002.{key} {expected}" in lines[0]


def test_an_option_of_a_rule_not_selected_is_checked_too(tmp_path):
    a = option_setup(tmp_path, 'limit = "four"')
    proc = run_cli("check", "--select", "WS", str(a), cwd=tmp_path)
    assert proc.returncode == 2 and "rule-options.LOC002.limit" in proc.stderr.decode()


def test_a_typed_option_reaches_the_rule(tmp_path):
    a = option_setup(tmp_path, "limit = 20\nnbsp = false\nwords = []")
    found = json.loads(run_cli("check", "--output-format", "json", "--select", "LOC002", str(a), cwd=tmp_path).stdout)
    assert [(f["code"], f["line"]) for f in found] == [("LOC002", 3)]


def test_builtin_option_types_are_checked(tmp_path):
    (tmp_path / "lintnews.toml").write_text('[rule-options.CHR002]\nmin-run = "four"\n')
    (tmp_path / "a.txt").write_text("Text.\n")
    proc = run_cli("check", "a.txt", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "rule-options.CHR002.min-run must be an integer of at least 0, not 'four'" in err


@pytest.mark.parametrize("table, expected", [
    ("[rule-options.DUP001]\nmin-chars = -5\n", "rule-options.DUP001.min-chars must be an integer of at least 0, not -5"),
    ("[rule-options.CHR002]\nmin-label-share = 1.5\n",
     "rule-options.CHR002.min-label-share must be a number from 0 to 1, not 1.5"),
])
def test_a_count_or_share_out_of_its_bounds_is_an_error(tmp_path, table, expected):
    # `min-chars = -5` was taken as it was: every paragraph counted.
    (tmp_path / "lintnews.toml").write_text(table)
    (tmp_path / "a.txt").write_text("Text.\n")
    assert_one_line_error(run_cli("check", "a.txt", cwd=tmp_path), "lintnews.toml: " + expected)


@pytest.mark.parametrize("args, config, expected", [
    (["--select", ""], "", "select/ignore: an empty rule code"),
    (["--select", "REL,"], "", "select/ignore: an empty rule code"),
    (["--ignore", " "], "", "select/ignore: an empty rule code"),
    ([], 'select = [""]\n', "lintnews.toml: 'select' must be a list of rule codes or prefixes, none empty"),
    ([], 'extend-unsafe-fixes = [""]\n', "lintnews.toml: 'extend-unsafe-fixes' must be a list of rule codes"),
    ([], 'languages = ["zz"]\n', "lintnews.toml: languages: 'zz' is a language no rule knows"),
    ([], 'languages = ["en", "pt-BR"]\n', "languages: 'pt-BR' is a language no rule knows; did you mean 'pt'?"),
    ([], '[formats.pdf]\nencoding = "latin-1"\n', "lintnews.toml: formats: unknown format 'pdf'"),
    ([], '[formats.htm]\nencoding = "latin-1"\n', "formats: unknown format 'htm'; did you mean 'html'?"),
])
def test_a_selection_language_or_format_that_would_be_taken_silently_is_an_error(tmp_path, args, config, expected):
    # `--select ""` ran every rule, `select = [""]` none; `languages = ["zz"]` kept only the
    # phrases of no language; `[formats.pdf]` held options nothing reads.
    (tmp_path / "lintnews.toml").write_text(config)
    (tmp_path / "a.txt").write_text("Text.\n")
    assert_one_line_error(run_cli("check", *args, "a.txt", cwd=tmp_path), expected)


def test_known_languages_and_a_known_format_table_are_taken(tmp_path):
    (tmp_path / "lintnews.toml").write_text('languages = ["en", "de"]\n[formats.text]\nencoding = "utf-8"\n')
    (tmp_path / "a.txt").write_text("Text.\n\nAlso Read: Another story of the day\n\nMore text.\n")
    proc = run_cli("check", "--output-format", "concise", "a.txt", cwd=tmp_path)
    assert proc.returncode == 1 and "REL001" in proc.out


def test_rule_command_shows_options_with_type_default_and_description(tmp_path):
    option_setup(tmp_path, "limit = 20")
    out = run_cli("rule", "LOC002", cwd=tmp_path).stdout.decode()
    assert "| limit | int | 80 | Most characters a line may have |" in out
    assert "| nbsp | bool | true | Count non-breaking spaces |" in out
    assert '| words | list[str] | ["breaking"] |  |' in out
    builtin = run_cli("rule", "CHR002").stdout.decode()
    assert "| min-run | int, >= 0 | 4 |" in builtin and "| max-chars | int, >= 0 | 40 |" in builtin
    assert "| min-label-share | float, 0 to 1 | 0.5 |" in builtin


def test_an_option_default_of_the_wrong_type_is_a_definition_error():
    from lintnews.rule import Option, Rule, RuleDefinitionError

    with pytest.raises(RuleDefinitionError, match="option 'limit' defaults to 'x'"):
        class Bad(Rule):
            """Doc.

            ## Why is this bad?

            ## Example
            """

            code = "LOC903"
            name = "bad"
            options = {"limit": Option(int, "x", "")}


# -- lintnews test-rules ----------------------------------------------------------------------

BROKEN_EXAMPLES = PACK + '''
[[rules.examples]]
flag = "Download our app for the latest news"
fixed = ""

[[rules.examples]]
flag = "Download our app for the latest news"
fixed = "Download our app"

[[rules.examples]]
pass = """Download our app for the latest news"""
'''


def test_test_rules_passes_a_good_pack_and_shipped_ones(tmp_path):
    (tmp_path / "site.toml").write_text(BROKEN_EXAMPLES.split("\n[[rules.examples]]\nflag = \"Download our app for the latest news\"\nfixed = \"Download")[0])
    proc = run_cli("test-rules", "site.toml", cwd=tmp_path)
    assert proc.returncode == 0 and "1 of 1 examples pass" in proc.stdout.decode(), proc.stdout
    from conftest import ROOT

    # Two shipped packs, named as a user names theirs (every shipped example is run by
    # test_rules.py, through the same runner).
    packs = [os.path.join(ROOT, "rules", name) for name in ("placeholder.toml", "syndication.toml")]
    shipped = run_cli("test-rules", *packs, cwd=tmp_path)
    out = shipped.stdout.decode()
    assert shipped.returncode == 0 and re.search(r"^(\d+) of \1 examples pass$", out, re.M), out


PASS_LINE = 'pass = """Download our app for the latest news"""'


def test_test_rules_names_each_failing_example_with_file_and_line(tmp_path):
    (tmp_path / "site.toml").write_text(BROKEN_EXAMPLES)
    proc = run_cli("test-rules", "site.toml", cwd=tmp_path)
    out = proc.stdout.decode().splitlines()
    assert proc.returncode == 1
    lines = BROKEN_EXAMPLES.splitlines()
    wrong = lines.index('fixed = "Download our app"')  # the line before it (1-based: its index) holds the flag
    assert any(ln.startswith(f"site.toml:{wrong}: SITE001 example 2: ") for ln in out), out
    assert any(ln.startswith(f"site.toml:{lines.index(PASS_LINE) + 1}: SITE001 example 3: flagged text") for ln in out), out
    assert out[-1] == "1 of 3 examples pass, 2 fail"


def test_test_rules_on_a_mistyped_example_key_exits_2_naming_it(tmp_path):
    (tmp_path / "site.toml").write_text(BROKEN_EXAMPLES.replace('fixed = "Download our app"', 'fixd = ""'))
    proc = run_cli("test-rules", "site.toml", cwd=tmp_path)
    lines = proc.stderr.decode().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and "'fixd'" in lines[0] and "'fixed'" in lines[0], lines


def test_test_rules_on_a_bad_pack_exits_2_with_one_line(tmp_path):
    (tmp_path / "bad.toml").write_text('[[rules]]\ncode = "BAD001"\n')
    proc = run_cli("test-rules", "bad.toml", cwd=tmp_path)
    lines = proc.stderr.decode().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: bad.toml")


def test_test_rules_runs_a_folders_python_rules_docs_and_fixtures(tmp_path):
    (tmp_path / "myrules").mkdir()
    (tmp_path / "myrules" / "shouting.py").write_text(LOCAL_RULE)
    ok = run_cli("test-rules", "myrules", cwd=tmp_path)
    assert ok.returncode == 0 and "1 of 1 examples pass" in ok.stdout.decode(), ok.stdout
    (tmp_path / "myrules" / "LOC001.toml").write_text('[[cases]]\npass = "SHOUTING IS FINE\\n"\n')
    proc = run_cli("test-rules", "myrules", cwd=tmp_path)
    out = proc.stdout.decode()
    assert proc.returncode == 1 and "LOC001.toml:2: LOC001 case 1: flagged text" in out, out


# -- lintnews new-rule ------------------------------------------------------------------------

def test_new_rule_scaffolds_rules_whose_examples_pass_and_regenerates_the_readme(tmp_path):
    from conftest import ROOT

    (tmp_path / "lintnews.toml").write_text("")
    made = run_cli("new-rule", "SITE", "site-promo", "--phrase", "Download our app", "--pack", "site.toml",
                   cwd=tmp_path)
    assert made.returncode == 0 and made.stdout.decode().startswith("SITE001 site-promo"), made.stderr
    (tmp_path / "lintnews.toml").write_text('packs = ["site.toml"]\nrule-paths = ["myrules"]\n')
    (tmp_path / "myrules").mkdir()
    second = run_cli("new-rule", "SITE", "site-promo-two", "--phrase", "Get the app", "--pack", "site.toml",
                     cwd=tmp_path)
    assert second.stdout.decode().startswith("SITE002 site-promo-two"), second.stderr
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        (tmp_path / "README.md").write_text(f.read(), encoding="utf-8")
    py = run_cli("new-rule", "WS", "sent-from-phone", "--phrase", "Sent from my phone", "--python", "myrules",
                 "--readme", "README.md", cwd=tmp_path)
    assert py.returncode == 0 and py.stdout.decode().startswith("WS004 sent-from-phone"), py.stderr
    assert (tmp_path / "myrules" / "WS004.toml").exists()
    tested = run_cli("test-rules", "site.toml", "myrules", cwd=tmp_path)
    assert tested.returncode == 0 and "8 of 8 examples pass" in tested.stdout.decode(), tested.stdout
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    from lintnews.config import ConfigResolver
    from lintnews.docs import rules_markdown
    from lintnews.registry import all_rules

    table = rules_markdown(all_rules(ConfigResolver(str(tmp_path / "lintnews.toml")).for_path(".")))
    assert table in readme and "| WS004 | sent-from-phone |" in table and "| SITE002 |" in table


def test_new_rule_refuses_a_taken_name_and_a_bad_prefix(tmp_path):
    taken = run_cli("new-rule", "REL", "read-more-link", "--phrase", "x", "--pack", "p.toml", cwd=tmp_path)
    assert taken.returncode == 2 and "exists" in taken.stderr.decode()
    bad = run_cli("new-rule", "TOOLONG", "fine-name", "--phrase", "x", "--pack", "p.toml", cwd=tmp_path)
    assert bad.returncode == 2 and "prefix" in bad.stderr.decode()


ARTICLE_TEXT = "Headline\n\nA real paragraph of the article.\n"


@pytest.mark.parametrize("args, fragments", [
    # --pack naming an article (or a broken pack): the entry was appended to it.
    (["--pack", "a.txt"], ["a.txt: not a rule pack (not valid TOML", "nothing appended"]),
    (["--pack", "missing/p.toml"], ["missing/p.toml: No such file or directory"]),
    (["--python", "a.txt"], ["a.txt: File exists"]),
    # A missing README was found after the pack was written.
    (["--pack", "p.toml", "--readme", "missing.md"], ["missing.md: no such README"]),
])
def test_new_rule_refuses_in_one_line_and_writes_nothing(tmp_path, args, fragments):
    (tmp_path / "a.txt").write_text(ARTICLE_TEXT)
    proc = run_cli("new-rule", "SITE", "site-promo", "--phrase", "Get the app", *args, cwd=tmp_path)
    assert_one_line_error(proc, *fragments)
    assert sorted(os.listdir(tmp_path)) == ["a.txt"] and (tmp_path / "a.txt").read_text() == ARTICLE_TEXT


# -- docs/writing-rules.md: its examples are run ----------------------------------------------

def guide_blocks():
    import re

    from conftest import ROOT

    with open(os.path.join(ROOT, "docs", "writing-rules.md"), encoding="utf-8") as f:
        text = f.read()
    return [(m.group(1), m.group(2) or "", m.group(3))
            for m in re.finditer(r"^```(toml|python)( example)?\n(.*?)^```$", text, re.DOTALL | re.MULTILINE)]


GUIDE_PACKS = [body for lang, marked, body in guide_blocks() if lang == "toml" and marked]


@pytest.mark.parametrize("body", GUIDE_PACKS, ids=[f"pack{i}" for i in range(len(GUIDE_PACKS))])
def test_writing_rules_guide_packs_hold(tmp_path, body):
    from lintnews.ruletest import collect, run_examples

    (tmp_path / "guide.toml").write_text(body, encoding="utf-8")
    examples = collect([str(tmp_path / "guide.toml")])
    assert any("flag" in ex.case for ex in examples) and any("pass" in ex.case for ex in examples)
    assert [(ex.label(), p) for ex, p in run_examples(examples)] == []


def test_writing_rules_guide_python_rule_and_its_cases_hold(tmp_path):
    from lintnews.ruletest import collect, run_examples

    blocks = guide_blocks()
    at = next(i for i, (lang, marked, _) in enumerate(blocks) if lang == "python" and marked)
    cases = next(body for lang, marked, body in blocks[at + 1:] if lang == "toml" and not marked)
    (tmp_path / "myrules").mkdir()
    (tmp_path / "myrules" / "shouted.py").write_text(blocks[at][2], encoding="utf-8")
    (tmp_path / "myrules" / "LOC101.toml").write_text(cases, encoding="utf-8")
    examples = collect([str(tmp_path / "myrules")])
    assert sorted(ex.what for ex in examples) == ["case 1", "case 2", "docstring example"]
    assert [(ex.label(), p) for ex, p in run_examples(examples)] == []
    assert len(GUIDE_PACKS) == 3


def test_an_example_with_an_option_of_the_wrong_type_fails_naming_its_file(tmp_path):
    from lintnews.ruletest import Runner, fixture_examples

    cases = tmp_path / "CHR002.toml"
    cases.write_text('[[cases]]\noptions = { min-run = "four" }\nflag = "Home\\n"\n')
    example = fixture_examples("CHR002", str(cases))[0]
    assert example.line == 3
    assert Runner().failures(example) == [f"{cases}: rule-options.CHR002.min-run must be an integer of at least 0, not 'four'"]


FAILING_RULE = '''
from lintnews.rule import Rule


class Fails(Rule):
    """Fails on a text that says boom.

    ## Why is this bad?

    It is a test.

    ## Example

    ```text
    boom
    ```
    """

    code = "LOC002"
    name = "fails"

    def check(self, doc):
        if "boom" in doc.text:
            FAILURE
        return iter(())
'''


@pytest.mark.parametrize("failure,shown", [('raise ValueError("no such thing")', "ValueError: no such thing"),
                                           ("import sys; sys.exit(3)", "SystemExit: 3")])
def test_a_rule_that_fails_is_an_error_of_its_file_and_the_other_files_are_fixed(tmp_path, failure, shown):
    (tmp_path / "myrules").mkdir()
    (tmp_path / "myrules" / "fails.py").write_text(FAILING_RULE.replace("FAILURE", failure))
    (tmp_path / "lintnews.toml").write_text('rule-paths = ["myrules"]\n')
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_text("The body of the article, boom.   \n")
    good.write_text("The body of the article.   \n")
    proc = run_cli("check", "--fix", "bad.txt", "good.txt", cwd=tmp_path)
    line = assert_one_line_error(proc, "bad.txt: rule LOC002 (fails) failed: " + shown, "fails.py:")
    assert "a bug in lintnews" not in line  # the rule is the user's own
    assert bad.read_text() == "The body of the article, boom.   \n"  # neither fixed nor half-fixed
    assert good.read_text() == "The body of the article.\n"


def test_a_rule_that_fails_on_one_record_names_its_line_and_the_other_records_are_fixed(tmp_path):
    (tmp_path / "myrules").mkdir()
    (tmp_path / "myrules" / "fails.py").write_text(FAILING_RULE.replace("FAILURE", "raise KeyError('k')"))
    (tmp_path / "lintnews.toml").write_text('rule-paths = ["myrules"]\n')
    dump = tmp_path / "dump.jsonl"
    texts = ["The body of the article.   \n", "The body, boom.   \n", "Another body.   \n"]
    dump.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
    proc = run_cli("check", "--fix", "--jobs", "1", "dump.jsonl", cwd=tmp_path)
    assert_one_line_error(proc, "dump.jsonl:2: rule LOC002 (fails) failed: KeyError")
    assert [json.loads(line)["text"] for line in dump.read_text().splitlines()] == [
        "The body of the article.\n", "The body, boom.   \n", "Another body.\n"]


def test_a_rule_module_that_calls_sys_exit_fails_the_run_with_one_line(tmp_path):
    a = setup(tmp_path, 'rule-paths = ["myrules"]\n')
    (tmp_path / "myrules" / "leaves.py").write_text("import sys\nsys.exit(4)\n")
    assert_one_line_error(run_cli("check", str(a), cwd=tmp_path), "leaves.py: rule module failed to load: SystemExit: 4")
