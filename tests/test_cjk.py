"""Scripts without spaces (Chinese, Japanese, Thai) and full-width punctuation: pack phrases
match without word boundaries, full-width separators, brackets and a plain space mark a label,
headlines are counted and shaped by characters and "。", and a guillemet used as an arrow before a
label is not taken for a quotation."""

import pytest

from lintnews.api import Linter, Options
from lintnews.config import Config
from lintnews.packs import compile_entry
from lintnews.readers import formats

ZH_LEAD = "北京市政府周一发布了新的交通规定。这项规定将从下个月开始实施，市民可以在网上查询详情。"
JA_LEAD = "東京都は月曜日、新しい交通規則を発表した。来月から実施される予定だ。"
TH_LEAD = "กรุงเทพมหานครประกาศกฎจราจรใหม่เมื่อวันจันทร์ และจะเริ่มใช้ในเดือนหน้า"

ENTRIES = [
    {"code": "CJK001", "name": "cjk-related-label", "summary": "Related label.", "why": "Chrome.",
     "match": "label", "fix": "safe",
     "phrases": {"zh": ["相关新闻", "相关阅读"], "ja": ["関連記事"], "th": ["ข่าวที่เกี่ยวข้อง"]}},
    {"code": "CJK002", "name": "cjk-editor-line", "summary": "Editor line.", "why": "Chrome.",
     "match": "start", "fix": "safe", "max_chars": 40,
     "phrases": {"zh": ["责任编辑："], "ja": ["責任編集："]}},
    {"code": "CJK003", "name": "cjk-navigation", "summary": "Navigation.", "why": "Chrome.",
     "match": "block", "fix": "safe", "phrases": {"en": ["Previous Page", "Next Page"],
                                                   "zh": ["首页", "客户端", "搜索", "频道"]}},
]


@pytest.fixture(scope="module")
def lint():
    rules = {e["code"]: compile_entry(e, "cjk.toml") for e in ENTRIES}

    def run(text, code, fix=False):
        linter = Linter(Options(select=[code], fix=fix))
        # The compiled classes stand in for a loaded pack.
        config = Config(path="cjk.toml", values={})
        config.memo[("ruleset", (code,), (), ())] = _ruleset([rules[code]])
        result = linter.lint_text(text, "article.txt", config, formats()["text"])
        return result

    return run


def _ruleset(classes):
    from lintnews.api import _RuleSet

    return _RuleSet([cls({}) for cls in classes], {})


def flagged(lint, text, code):
    return [d.matched for d in lint(text, code).diagnostics if d.code == code]


@pytest.mark.parametrize("lead, line", [
    (ZH_LEAD, "相关新闻：北京地铁新线路开通"),
    (ZH_LEAD, "相关新闻：标题"),
    (ZH_LEAD, "相关阅读｜北京地铁新线路开通"),  # a full-width bar
    (JA_LEAD, "【関連記事】見出し"),
    (JA_LEAD, "【関連記事】東京の地下鉄に新路線"),
    (TH_LEAD, "ข่าวที่เกี่ยวข้อง: รถไฟฟ้าสายใหม่เปิดให้บริการ"),
])
def test_related_labels_with_full_width_punctuation_are_flagged_and_removed(lint, lead, line):
    text = f"{lead}\n\n{line}\n"
    assert flagged(lint, text, "CJK001") == [line]
    assert lint(text, "CJK001", fix=True).new == lead + "\n"


@pytest.mark.parametrize("text", [
    # The words inside a sentence of the article: no separator after them, or a sentence after.
    ZH_LEAD + "\n\n相关新闻报道指出，这项规定引起了广泛讨论。\n",
    JA_LEAD + "\n\n関連記事によると、新路線は来年開業する。\n",
    # Quoted: a sentence in corner brackets is the article's.
    JA_LEAD + "\n\n「関連記事を読んでください」と担当者は述べた。\n",
])
def test_the_same_words_in_article_sentences_are_left_alone(lint, text):
    assert flagged(lint, text, "CJK001") == []


@pytest.mark.parametrize("line", ["责任编辑：张三", "责任编辑：李小明", "責任編集：山田太郎"])
def test_editor_lines_match_without_a_word_boundary(lint, line):
    lead = ZH_LEAD if line.startswith("责") else JA_LEAD
    text = f"{lead}\n\n{line}\n"
    assert flagged(lint, text, "CJK002") == [line]
    assert lint(text, "CJK002", fix=True).new == lead + "\n"


def test_navigation_labels_run_together_or_spaced(lint):
    assert flagged(lint, f"{ZH_LEAD}\n\n首页 | 频道 | 搜索 | 客户端\n", "CJK003") == ["首页 | 频道 | 搜索 | 客户端"]
    assert flagged(lint, f"{ZH_LEAD}\n\n首页　频道　搜索\n", "CJK003") == ["首页　频道　搜索"]  # ideographic spaces
    assert flagged(lint, f"{ZH_LEAD}\n\n我们在首页搜索了这个频道的新闻。\n", "CJK003") == []


ARTICLE = ("The council voted on Monday to close the library after a four-hour debate that ran "
           "late into the night, and the mayor said the building would be sold.")


@pytest.mark.parametrize("line", ["« Previous Page", "« Previous Page | Next Page »", "‹ Previous Page",
                                  "«Previous Page"])
def test_a_guillemet_used_as_an_arrow_before_a_label_is_not_a_quotation(lint, line):
    text = f"{ARTICLE}\n\n{line}\n"
    assert flagged(lint, text, "CJK003") == [line]
    assert lint(text, "CJK003", fix=True).new == ARTICLE + "\n"


@pytest.mark.parametrize("line", [
    "« Previous Page », dit-il.",  # a quotation that closes, then goes on
    "« Previous Page »",  # a quoted label is still quoted
    "“Previous Page”",
    "\"Previous Page\"",
])
def test_a_quoted_label_is_still_a_quotation(lint, line):
    assert flagged(lint, f"{ARTICLE}\n\n{line}\n", "CJK003") == []


@pytest.mark.parametrize("text, words", [
    ("Mayor faces recall vote", 4),
    ("北京地铁新线路开通", 5),  # nine characters, one run: 1 + 9 // 2
    ("東京の地下鉄に新路線", 6),
    ("รถไฟฟ้าสายใหม่เปิดให้บริการ", 7),  # Thai words are longer: four characters to a word
])
def test_words_are_counted_by_characters_in_scripts_without_spaces(text, words):
    from lintnews.prose import word_count

    assert word_count(text) == words


@pytest.mark.parametrize("line, expected", [
    ("On Planet News: 北京地铁新线路开通", True),
    ("On Planet News: 北京地铁新线路开通。", False),  # a closing "。" makes it a sentence
    ("On Planet News: 新线路开通。客流量增加", False),  # two sentences
])
def test_the_headline_slot_takes_no_chinese_full_stop(line, expected):
    import re

    from lintnews.slots import phrase_regex

    assert bool(re.fullmatch(phrase_regex("On {site}: {headline}"), line)) is expected


@pytest.mark.parametrize("lead, line", [
    (ZH_LEAD, "相关新闻 北京地铁新线路开通"),  # a space after the label
    (ZH_LEAD, "相关新闻　北京地铁新线路开通"),  # an ideographic space
    (TH_LEAD, "ข่าวที่เกี่ยวข้อง รถไฟฟ้าสายใหม่เปิดให้บริการ"),
    (JA_LEAD, "［関連記事］東京の地下鉄に新路線"),  # full-width square brackets
])
def test_a_space_or_a_bracket_parts_a_label_from_its_headline(lint, lead, line):
    text = f"{lead}\n\n{line}\n"
    assert flagged(lint, text, "CJK001") == [line]
    assert lint(text, "CJK001", fix=True).new == lead + "\n"


@pytest.mark.parametrize("line", [
    "相关新闻 报道指出，这项规定引起了广泛讨论。",  # a sentence after the space
    "相关新闻：北京地铁新线路开通。",  # a closing "。"
    "相关阅读材料显示，这项规定引起了广泛讨论",  # the words run on into the sentence
    "“【相关阅读】北京地铁新线路开通”",  # quoted
])
def test_sentences_after_the_label_are_left_alone(lint, line):
    assert flagged(lint, f"{ZH_LEAD}\n\n{line}\n", "CJK001") == []
