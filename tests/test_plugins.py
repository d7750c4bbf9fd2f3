"""Rules from outside the package: local rule folders and packs named in the configuration."""

import json

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

PACK = '''
[[rules]]
code = "SITE001"
name = "site-promo"
summary = "The site's own promotion line."
why = "Printed under every article of the site."
match = "block"
fix = "safe"
phrases = { en = ["Download our app for the latest news"] }
'''

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
