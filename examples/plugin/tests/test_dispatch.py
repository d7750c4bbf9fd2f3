"""The plugin's rules hold their examples once the plugin is installed (lintnews finds them
through the entry point, as a user's run would)."""

from lintnews.registry import all_rules
from lintnews.ruletest import Runner, doc_example, pack_examples

import lintnews_dispatch


def test_the_entry_point_brings_both_rules():
    rules = all_rules()
    assert rules["DSP001"].name == "dispatch-reader-offer"
    assert rules["DSP002"].name == "dispatch-app-promo"


def test_every_example_holds():
    rules = all_rules()
    examples = [doc_example(rules["DSP001"])]
    examples += pack_examples([rules["DSP002"]], lintnews_dispatch.LINTNEWS_PACKS[0])
    assert len(examples) == 3
    runner = Runner()
    assert {ex.label(): runner.failures(ex) for ex in examples} == {ex.label(): [] for ex in examples}
