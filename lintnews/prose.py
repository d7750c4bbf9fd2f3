"""What counts as a paragraph of the article's prose, for the rules and packs that find its edges."""

import re

# Scripts written without spaces between words: Chinese, Japanese, Thai, Lao, Khmer, Burmese.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
_PROSE_END = ".!?\"”’»)…:。！？」』）।॥؟۔"


def is_prose(text: str) -> bool:
    """A paragraph of the article: several sentences' worth of words ending in punctuation.
    In scripts without spaces between words, two characters count as a word."""
    text = text.strip()
    words = len(text.split()) + len(_UNSPACED.findall(text)) // 2
    return words >= 25 and text[-1:] in _PROSE_END
