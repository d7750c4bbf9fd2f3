"""Pack values of the wrong type are found when the pack loads, in one line naming the file, the
rule and the key, and exit 2: never read letter by letter, never a traceback halfway through a run."""

import pytest

from clitools import assert_one_line_error, lintnews

GOOD = '''[[rules]]
code = "SITE001"
name = "site-promo"
summary = "A promotion of the site."
why = "Not the story."
match = "block"
fix = "safe"
{extra}
[rules.phrases]
en = ["Visit our shop"]
{tables}
[[rules.examples]]
flag = "The body of the article.\\n\\nVisit our shop\\n"
fixed = "The body of the article.\\n"
{example}
'''

ARTICLE = "Headline\n\nThe body of the article, with a few words in it.\n\nVisit our shop\n"


def run(tmp_path, extra="", tables="", example="", phrases=None):
    pack = GOOD.format(extra=extra, tables=tables, example=example)
    if phrases is not None:
        pack = pack.replace('[rules.phrases]\nen = ["Visit our shop"]\n', phrases)
    (tmp_path / "site.toml").write_text(pack, encoding="utf-8")
    (tmp_path / "lintnews.toml").write_text('packs = ["site.toml"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return lintnews("check", "--no-cache", "--fix", "a.txt", cwd=tmp_path)


def test_a_good_pack_fixes(tmp_path):
    proc = run(tmp_path)
    assert proc.returncode == 0, proc.err
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == ARTICLE.replace("\nVisit our shop\n", "")


BAD = [
    # A string where a list belongs: once one phrase per letter, deleting letters from articles.
    ('[rules.phrases]\nen = "Home"\n', "phrases.en: expected a list of strings"),
    ('phrases = ["Home"]\n', "phrases: expected a table"),
    ('[rules.phrases]\nen = ["Home", 5]\n', "phrases.en: expected a list of strings"),
    ('[rules.phrases]\nen = ["Visit our shop"]\n[rules.patterns]\nen = "Shop"\n', "patterns.en: expected a list of strings"),
    ('[rules.phrases]\nen = [""]\n', "phrases.en: expected non-empty strings"),
]


@pytest.mark.parametrize("phrases, fragment", BAD)
def test_phrases_and_patterns_must_be_tables_of_lists_of_strings(tmp_path, phrases, fragment):
    proc = run(tmp_path, phrases=phrases)
    assert_one_line_error(proc, "site.toml", "rule SITE001", fragment)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == ARTICLE


KEYS = [
    ('max_chars = "lots"', "max_chars: expected an integer, not a string 'lots'"),
    ("max_chars = 2.5", "max_chars: expected an integer"),
    ("max_chars = true", "max_chars: expected an integer, not a boolean"),
    ("max_words = -1", "max_words: expected an integer of 0 or more"),
    ('min_prose_before = "2"', "min_prose_before: expected an integer"),
    ('min_position = "0.5"', "min_position: expected a number"),
    ("max_position = false", "max_position: expected a number"),
    ('case_sensitive = "yes"', "case_sensitive: expected true or false"),
    ("default = 0", "default: expected true or false"),
    ('alone = "no"', "alone: expected true or false"),
    ('safe_at_head = "yes"', "safe_at_head: expected true or false"),
    ("fix_message = 3", "fix_message: expected a string"),
    ('kinds = "paragraph"', "kinds: expected a list of strings"),
    ('message = "{nope}"', "message: unknown field {nope}"),
    ('message = "{0}"', "message: unknown field {0}"),
    ('message = "{match"', "message:"),
    ('message = "{match!z}"', "message:"),
    ("message = 7", "message: expected a string"),
]


@pytest.mark.parametrize("extra, fragment", KEYS)
def test_every_key_is_typed(tmp_path, extra, fragment):
    proc = run(tmp_path, extra=extra)
    assert_one_line_error(proc, "site.toml", "rule SITE001", fragment)


def test_message_fields_that_exist_are_filled_in(tmp_path):
    proc = run(tmp_path, extra='message = "Promotion {match!r} in {text}"')
    assert proc.returncode == 0, proc.err
    proc = lintnews("check", "--no-cache", "--output-format", "concise", "a.txt", cwd=tmp_path)
    assert proc.returncode == 0 and "Promotion" not in proc.out  # fixed above: nothing left to report
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    proc = lintnews("check", "--no-cache", "--output-format", "concise", "a.txt", cwd=tmp_path)
    assert "Promotion 'Visit our shop' in Visit our shop" in proc.out, proc.out


EXAMPLES = [
    ("[[rules.examples]]\nflag = 5\n", "example 2: flag: expected a string, not an integer 5"),
    ("[[rules.examples]]\npass = [\"a\"]\n", "example 2: pass: expected a string, not a list"),
    ('[[rules.examples]]\nflag = "Visit our shop"\nfixed = false\n', "example 2: fixed: expected a string"),
    ('[[rules.examples]]\nflag = "Visit our shop"\nformat = 1\n', "example 2: format: expected a string"),
    ('[[rules.examples]]\nflag = "Visit our shop"\ncount = "1"\n', "example 2: count: expected an integer"),
    ('[[rules.examples]]\nflag = "Visit our shop"\noptions = "x"\n', "example 2: options: expected a table"),
]


@pytest.mark.parametrize("example, fragment", EXAMPLES)
def test_examples_are_typed(tmp_path, example, fragment):
    proc = run(tmp_path, example=example)
    assert_one_line_error(proc, "site.toml", "rule SITE001", fragment)


NESTED = [r"(?:\w+\s*)+!", r"(a+)+b", r"(?:share\s+)*(?:this\s*)+x"]


@pytest.mark.parametrize("pattern", NESTED)
def test_patterns_with_a_repetition_inside_a_repetition_are_refused(tmp_path, pattern):
    toml = pattern.replace("\\", "\\\\")
    proc = run(tmp_path, tables=f'[rules.patterns]\nen = ["{toml}"]\n')
    assert_one_line_error(proc, "site.toml", "rule SITE001", "patterns.en", "exponential time")


@pytest.mark.parametrize("pattern", [r"(?:\w+\s+){0,3}shop", r"Visit\s+our\s+[a-z]{1,20}", r"(?>\w+\s*)+x"])
def test_bounded_and_flat_patterns_are_taken(tmp_path, pattern):
    toml = pattern.replace("\\", "\\\\")
    proc = run(tmp_path, tables=f'[rules.patterns]\nen = ["{toml}"]\n')
    assert proc.returncode == 0, proc.err


def test_test_rules_reports_the_same_line(tmp_path):
    run(tmp_path, phrases='[rules.phrases]\nen = "Home"\n')
    proc = lintnews("test-rules", "site.toml", cwd=tmp_path)
    assert_one_line_error(proc, "site.toml", "rule SITE001", "phrases.en: expected a list of strings")


def test_every_shipped_pack_passes_the_checks_a_users_pack_gets():
    """The shipped packs load without reading their patterns at each start: this is what
    makes that safe. Each loads with every check, and each rule's whole regex compiles."""
    from lintnews.packs import load_pack, shipped_packs

    packs = shipped_packs()
    assert len(packs) >= 17
    for path in packs:
        for rule in load_pack(path):
            if rule.regex is not None:
                rule.regex.compile()


@pytest.mark.parametrize("pattern", ["a{99999999999}", "(?:shop){4294967296}", "x{1,99999999999}"])
def test_a_repetition_count_too_large_is_a_one_line_error(tmp_path, pattern):
    proc = run(tmp_path, tables=f'[rules.patterns]\nen = ["{pattern}"]\n')
    assert_one_line_error(proc, "site.toml", "rule SITE001", "bad pattern", "too large")
