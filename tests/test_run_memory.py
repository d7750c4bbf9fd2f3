"""What a run holds: a check that fixes nothing keeps no removed text in its findings, and the
pack rules' per-document indexes are let go of once those rules have run, with the findings
the same as the rules run one by one in the order given."""

import glob
import os

from lintnews.api import Linter, Options
from lintnews.config import Config
from lintnews.engine import one_per_span, run_rules
from lintnews.pack_filter import INDEX_MEMOS
from lintnews.readers import ReadContext, Unit, formats

from conftest import FIXTURES

TEXTS = sorted(glob.glob(os.path.join(FIXTURES, "corpus", "views", "naive", "*.txt")))[:4]


def _read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def test_check_keeps_no_removed_text_and_fix_does():
    text = "Headline of the story\n\nA first sentence of the article.\n\nAlso Read: Another story here\n"
    checked = Linter(Options()).lint_text(text, "a.txt", Config())
    assert any(d.fix is not None and d.extra.get("edits") for d in checked.diagnostics)
    assert not any("removed" in d.extra for d in checked.diagnostics)
    fixed = Linter(Options(fix=True)).lint_text(text, "a.txt", Config())
    assert fixed.fixed and all(d.extra["removed"] for d in fixed.fixed)
    assert all(r in text for d in fixed.fixed for r in d.extra["removed"])


def _docs(path):
    reader = formats()["text"]
    return reader.parse(Unit(_read(path), 1, 0), ReadContext(path, {}))


def _own_copy(doc):
    """A document of its own, as parsing the file again gives (its memos empty, its own block
    list and metadata): the blocks are frozen, and the text reader makes nothing else."""
    return type(doc)(doc.path, doc.format, doc.text, list(doc.blocks), dict(doc.meta))


def test_pack_indexes_let_go_findings_unchanged():
    linter = Linter(Options())
    rules = linter.ruleset(Config()).rules
    assert any(getattr(r, "index_memos", ()) for r in rules)
    for path in TEXTS:
        (doc,) = _docs(path)
        got = run_rules(doc, rules)
        assert not set(INDEX_MEMOS) & set(doc._memo)
        # The same rules one at a time, each on a document of its own, in the order given.
        expected = []
        (parsed,) = _docs(path)
        for rule in rules:
            expected.extend(run_rules(_own_copy(parsed), [rule]))
        expected.sort(key=lambda d: (d.line, d.column, d.code))
        assert [(d.code, d.line, d.column, d.end_line, d.end_column, d.message) for d in one_per_span(got)] == \
               [(d.code, d.line, d.column, d.end_line, d.end_column, d.message) for d in one_per_span(expected)]


def test_html_keeps_its_indexes_and_order():
    path = os.path.join(FIXTURES, "html", "wordpress_article.html")
    reader = formats()["html"]
    (doc,) = reader.parse(Unit(_read(path), 1, 0), ReadContext(path, {}))
    rules = Linter(Options()).ruleset(Config()).rules
    run_rules(doc, rules)
    assert "packs.folded" in doc._memo or "packs.literal-hits" in doc._memo


def test_fixes_lifted_to_one_removed_list_share_its_text():
    # Each item's fix is lifted to the span of the list they empty: a copy of the list's source
    # each made memory grow as the square of the items (4,000 items: 640 MB).
    items = "".join(f"<li>Also Read: Another headline {i}</li>\n" for i in range(300))
    page = ("<html><body><article><h1>A headline</h1>\n<p>The article's one real paragraph.</p>\n"
            f"<ul>\n{items}</ul>\n<p>The last paragraph of the article.</p></article></body></html>\n")
    fixed = Linter(Options(fix=True)).lint_text(page, "a.html", Config()).fixed
    lists = [d for d in fixed if d.extra["removed"][0].startswith("<ul>")]
    assert len(lists) == 300
    assert all(d.extra["removed"][0] is lists[0].extra["removed"][0] for d in lists)


def test_a_rule_that_cannot_be_hashed_still_runs_with_the_others():
    # The order the rules run in is worked out once per rule set, looked up by the rules
    # themselves: a plugin's rule that defines __eq__ (and so no hash) is still run.
    from lintnews.model import Span
    from lintnews.rule import Rule

    class Unhashable(Rule):
        """The first block, whatever it holds.

        ## Why is this bad?

        A test rule.

        ## Example

        ```text
        Headline
        ```
        """

        code, name = "LOC901", "unhashable"

        def __eq__(self, other):
            return self is other

        def check(self, doc):
            yield self.report("first block", Span(doc.blocks[0].span.start, doc.blocks[0].span.end))

    rules = Linter(Options()).ruleset(Config()).rules + [Unhashable()]
    (doc,) = formats()["text"].parse(Unit("Headline\n\nAlso Read: Another story here\n", 1, 0),
                                     ReadContext("a.txt", {}))
    codes = {d.code for d in run_rules(doc, rules)}
    assert {"LOC901", "REL001"} <= codes

