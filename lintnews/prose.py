"""What counts as a paragraph of the article's prose, and how many words a text has, for the rules
and packs that find its edges and the headlines of other articles."""

import re

# Scripts written without spaces between words: Chinese, Japanese, Thai, Lao, Khmer, Burmese.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
# Of those, the ones whose words are long strings of letters and marks: Thai, Lao, Khmer, Burmese
# (a word there is four characters or so; a Chinese or Japanese word, one or two).
_SYLLABIC = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
_PROSE_END = ".!?\"”’»)…:。！？」』）।॥؟۔"
# A full stop of Chinese or Japanese that another sentence follows: two sentences, not a headline.
_CJK_SENTENCES = re.compile(r"[。．](?![」』）”’\s]*$)")


def word_count(text: str) -> int:
    """Words of the text: what spaces separate, plus, in scripts without spaces between words,
    one word per two Chinese or Japanese characters and per four Thai, Lao, Khmer or Burmese ones."""
    unspaced = len(_UNSPACED.findall(text))
    syllabic = len(_SYLLABIC.findall(text)) if unspaced else 0
    return len(text.split()) + (unspaced - syllabic) // 2 + syllabic // 4


def several_sentences(text: str) -> bool:
    """A Chinese or Japanese full stop with more text after it: the text is two sentences."""
    return bool(_CJK_SENTENCES.search(text.strip()))


def is_prose(text: str) -> bool:
    """A paragraph of the article: several sentences' worth of words ending in punctuation.
    In scripts without spaces between words, words are counted as ``word_count`` does."""
    text = text.strip()
    return word_count(text) >= 25 and text[-1:] in _PROSE_END
