"""What counts as a paragraph of the article's prose, and how many words a text has, for the rules
and packs that find its edges and the headlines of other articles."""

import re

from lintnews.patterns import LazyPattern, compile_cached

# Scripts written without spaces between words: Chinese, Japanese, Thai, Lao, Khmer, Burmese.
_UNSPACED = compile_cached(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
# Of those, the ones whose words are long strings of letters and marks: Thai, Lao, Khmer, Burmese
# (a word there is four characters or so; a Chinese or Japanese word, one or two).
# Compiled on first use: only text in those scripts is counted with it.
_SYLLABIC = LazyPattern(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")

# The marks that end a sentence, per script: Unicode's Sentence_Terminal characters of the scripts
# news is written in (Latin, Armenian, Arabic, Devanagari and Bengali danda, Burmese, Ethiopic,
# Khmer, Mongolian, Canadian syllabics, Chinese and Japanese with their full-width, half-width and
# small forms), the Tibetan shad and the Sinhala kunddaliya, which that property leaves out. Burmese
# "၊" and Ethiopic "፣" are commas and are not here.
SENTENCE_TERMINALS = frozenset(
    ".!?…"  # Latin, Greek, Cyrillic and every script that borrows the full stop
    "\u203c\u203d\u2047\u2048\u2049"  # ‼ ‽ ⁇ ⁈ ⁉
    "\u0589"  # Armenian full stop ։
    "\u061e\u061f\u06d4"  # Arabic triple dot ؞, question mark ؟, Urdu full stop ۔
    "\u0964\u0965"  # danda । and double danda ॥ (Devanagari, Bengali and the other Indic scripts)
    "\u0df4"  # Sinhala kunddaliya ෴
    "\u0f0d\u0f0e"  # Tibetan shad ། and nyis shad ༎
    "\u104b"  # Burmese section ။
    "\u1362\u1367\u1368"  # Ethiopic full stop ።, question mark ፧, paragraph separator ፨
    "\u166e\u1803\u1809"  # Canadian syllabics ᙮, Mongolian ᠃ ᠉
    "\u17d4\u17d5"  # Khmer khan ។ and bariyoosan ៕
    "\u3002\uff61\uff0e\uff01\uff1f\ufe52\ufe56\ufe57"  # 。 ｡ ． ！ ？ and the small forms
)
# Of those, the full stops: a headline may end in a question or an exclamation mark, never in one.
FULL_STOPS = SENTENCE_TERMINALS - frozenset("!?…\u203c\u203d\u2047\u2048\u2049\u061f\u1367\uff01\uff1f\ufe56\ufe57")
# What else may close a paragraph of prose: a closing quotation mark or bracket after its last
# sentence, and a colon before the list or quotation it introduces.
# The shape of a line that is a label or another article's headline, not a sentence: it ends in
# no sentence mark of any script, nor in a comma, a colon or a closing quotation; it opens with
# no quotation mark and no list bullet; it is no photo credit or source line.
LABEL_END = SENTENCE_TERMINALS | frozenset(":;\"”’»),」』")
OPEN_QUOTES = "\"“„«‘'‚"
BULLETS = "-*•·–—+>|"
CREDIT = compile_cached(r"\b(?:credit|credits|courtesy|source|fonte|fuente|quelle|crédit|crédito)s?\b\s*:",
                        re.IGNORECASE)
_CLOSERS = frozenset("\"”’»)」』）:")
_PROSE_END = SENTENCE_TERMINALS | _CLOSERS
# A full stop that another sentence follows: two sentences, not a headline. Only the full stops
# of scripts that abbreviate with none ("." ends "Dr." and "U.S."), and not the Tibetan shad,
# which also parts clauses.
_SENTENCES_INSIDE = compile_cached(r"[。．｡।॥۔։።။។៕](?![」』）”’\s]*$)")

# Thai and Lao have no full stop: a space ends a sentence or a clause. Khmer has "។" but often
# leaves it out. A paragraph in these scripts is prose by its length and its phrases instead.
_UNPUNCTUATED = compile_cached(r"[\u0e00-\u0eff\u1780-\u17ff]")
# A Thai or Lao headline runs to 120 characters or so and a one-line menu is labels of two to
# fifteen: a paragraph needs 140 characters of the script (about 35 words as word_count counts
# them, more than the 25 a punctuated paragraph needs, since no full stop vouches for it) and three
# phrases of 20 characters or more between its spaces (clauses, where a menu has short labels).
UNPUNCTUATED_MIN_CHARS = 140
UNPUNCTUATED_MIN_PHRASES = 3
UNPUNCTUATED_PHRASE_CHARS = 20


def word_count(text: str) -> int:
    """Words of the text: what spaces separate, plus, in scripts without spaces between words,
    one word per two Chinese or Japanese characters and per four Thai, Lao, Khmer or Burmese ones."""
    if not _UNSPACED.search(text):  # most text: no list of matches to build
        return len(text.split())
    unspaced = len(_UNSPACED.findall(text))
    syllabic = len(_SYLLABIC.findall(text)) if unspaced else 0
    return len(text.split()) + (unspaced - syllabic) // 2 + syllabic // 4


# Fewest words of the sentence after a prompt's own that make it the article's: a prompt's second
# sentence ("Get the app. It's free on iOS and Android.") is shorter.
GLUED_SENTENCE_WORDS = 12


def article_after(text: str, start: int) -> int | None:
    """Where the article's own text starts in a block that opens with a prompt ending before it:
    the sentence after the prompt's (from ``start``, the prompt's match) is prose, or a sentence
    of ``GLUED_SENTENCE_WORDS`` words or more (an extractor glued the two paragraphs). None when
    the block is the prompt alone."""
    for i in range(start, len(text) - 1):
        if text[i] in SENTENCE_TERMINALS and text[i + 1] in " \t\u00a0":
            rest = text[i + 1:]
            after = i + 1 + len(rest) - len(rest.lstrip())
            rest = rest.strip()
            if is_prose(rest) or ends_sentence(rest) and word_count(rest) >= GLUED_SENTENCE_WORDS:
                return after
            return None
    return None


def several_sentences(text: str) -> bool:
    """A full stop with more text after it: the text is two sentences. The full stops are those
    of Chinese and Japanese ("。"), Hindi and Bengali ("।"), Urdu ("۔"), Armenian ("։"), Amharic
    ("።"), Burmese ("။") and Khmer ("។")."""
    return bool(_SENTENCES_INSIDE.search(text.strip()))


def ends_sentence(text: str) -> bool:
    """The text's last character ends a sentence in its script ("." "।" "။" "።" "។" "。" ...)."""
    return text.rstrip()[-1:] in SENTENCE_TERMINALS


def unpunctuated(text: str) -> bool:
    """The text is mostly (half its characters or more, spaces aside) in Thai, Lao or Khmer,
    scripts whose sentences need no closing mark."""
    letters = len(_UNPUNCTUATED.findall(text))
    return letters > 0 and letters * 2 >= len(text) - text.count(" ")


def _unpunctuated_prose(text: str) -> bool:
    """A paragraph of Thai, Lao or Khmer without a closing mark: long, mostly in that script, made
    of several long phrases between spaces."""
    if len(_UNPUNCTUATED.findall(text)) < UNPUNCTUATED_MIN_CHARS or not unpunctuated(text):
        return False
    phrases = [p for p in text.split() if len(p) >= UNPUNCTUATED_PHRASE_CHARS]
    return len(phrases) >= UNPUNCTUATED_MIN_PHRASES


def is_prose(text: str) -> bool:
    """A paragraph of the article: several sentences' worth of words ending in punctuation.
    In scripts without spaces between words, words are counted as ``word_count`` does; Thai, Lao
    and Khmer, which need no closing mark, count by characters and phrases instead (see
    ``UNPUNCTUATED_MIN_CHARS``)."""
    text = text.strip()
    # The closing mark and 25 words between spaces first: most paragraphs are told by them
    # without a search of their whole text (split no further than the 25th word).
    if text[-1:] in _PROSE_END and len(text.split(None, 24)) == 25:
        return True
    # That many characters of the script are that many characters at least: a shorter text (most
    # that are no prose) is not searched for them.
    if "\n" not in text and len(text) >= UNPUNCTUATED_MIN_CHARS and _UNPUNCTUATED.search(text) \
            and _unpunctuated_prose(text):
        return True
    # A text that ends so has fewer than 25 words between spaces here: an ASCII one has no others.
    return text[-1:] in _PROSE_END and not text.isascii() and word_count(text) >= 25


# A page's copyright notice: it opens with the copyright sign (or "Copyright" and a sign or a year),
# or its sign stands a few words before a rights-reserved formula in one of the languages news is
# written in. Not after an opening quotation mark: an article about copyright law quotes notices.
# "(c)" counts only before a year: a law's clauses are listed (a), (b), (c).
_RIGHTS_OPENING = compile_cached(r"\s*(?:©|ⓒ|\(c\)\s*\d{4}|copyright\s*(?:©|ⓒ|\(c\)|\d{4}))", re.IGNORECASE)
_RIGHTS_RESERVED = compile_cached(
    r"(?<![\"“„«‘'‚])(?:©|ⓒ)[^\n\"”]{0,80}?(?:all rights reserved|alle rechte vorbehalten|tous droits réservés"
    r"|todos los derechos reservados|todos os direitos reservados|tutti i diritti riservati|alle rechten voorbehouden"
    r"|все права защищены|всі права захищені|wszelkie prawa zastrzeżone|všechna práva vyhrazena|toate drepturile rezervate"
    r"|minden jog fenntartva|alla rättigheter förbehållna|kaikki oikeudet pidätetään|tüm hakları saklıdır"
    r"|hak cipta dilindungi|جميع الحقوق محفوظة|सर्वाधिकार सुरक्षित|版权所有|版權所有|無断転載|무단전재)",
    re.IGNORECASE)


def is_rights_notice(text: str) -> bool:
    """The page's copyright notice ("© 2019 Example Media. All rights reserved. The material on
    this site may not be reproduced ..."): page furniture, however long, not a paragraph of the
    article. A paragraph about copyright law opens otherwise and quotes a notice it names."""
    text = text.lstrip()
    if _RIGHTS_OPENING.match(text):
        return True
    # The search opens with a look-behind, which the regex engine tries at every place of the
    # text: the signs (and the capital the case-blind ⓒ matches) are found at C speed first.
    return ("©" in text or "ⓒ" in text or "Ⓒ" in text) and bool(_RIGHTS_RESERVED.search(text))


def prose_blocks(doc) -> list[bool]:
    """For each block of the document, whether it is a paragraph of prose (``is_prose``): worked
    out once per document for the rules and packs that find the article's edges (under the key
    the packs have always used, so they share it)."""
    return doc.memo("packs.prose", lambda: [is_prose(doc.block_text(b)) for b in doc.blocks])


def tail_blocks(doc, share: float = 0.5, last: int = 6) -> list[bool]:
    """``doc.in_tail`` of each block, worked out once: the author-box, bio and contact rules
    each asked it of every block."""
    return doc.memo(f"prose.in_tail.{share}.{last}", lambda: [doc.in_tail(b, share, last) for b in doc.blocks])


def short_body(prose: list[int], need: int) -> bool:
    """The paragraphs of prose at ``prose`` (their block indexes, in order) are a short article's
    body: one fewer than ``need`` but two at least, standing in a row. A scraper that missed the
    article leaves its notices scattered."""
    return 2 <= len(prose) == need - 1 and prose[-1] - prose[0] == len(prose) - 1


def _holds(prose: list[bool], least: int, start: int = 0, stop: int | None = None) -> bool:
    """At least ``least`` paragraphs of prose stand in ``prose[start:stop]``, counted with
    list.index no further than the answer needs (each finding asks: a long record's thousands
    made counting every paragraph each time quadratic)."""
    stop = len(prose) if stop is None else stop
    for _ in range(least):
        try:
            start = prose.index(True, start, stop) + 1
        except ValueError:
            return False
    return True


def prose_above(prose: list[bool], index: int, least: int) -> bool:
    """At least ``least`` paragraphs of prose stand before block ``index``."""
    return _holds(prose, least, 0, index)


def before_body(prose: list[bool], index: int, body: int = 3) -> bool:
    """Block ``index`` stands before the article's body: at least ``body`` paragraphs of prose
    (``prose``, as ``prose_blocks`` gives) come after it, and before it none, or a single one
    that is not right above it (the page's cookie notice or disclaimer at its top, parted from
    it by other lines, as navigation-run and teaser-run read a lone paragraph there). A sign-off
    at the article's end has its paragraphs above it; right under a first paragraph, a line may
    be the article's own."""
    if not _holds(prose, body, index + 1):
        return False
    if not _holds(prose, 1, 0, index):
        return True  # none above
    return not _holds(prose, 2, 0, index) and not (index and prose[index - 1])  # a single one above
