"""Shapes of navigation-run's (CHR002) blocks: a menu's label, another story's headline, a share
bar's button, a review's box, and a menu whose links the scraper glued into one line."""

from collections.abc import Iterable

from lintnews.guards import is_wire_credit
from lintnews.prose import BULLETS, CREDIT, LABEL_END, OPEN_QUOTES, unpunctuated, word_count
from lintnews.patterns import compile_cached

_SENTENCE = compile_cached(r"[.!?]\s+[A-Z]")


# Photo credits and sources (prose.CREDIT) are CAP001's, whose removal is unsafe (ground truths keep some).


# Headings of a review's own boxes: a run that holds one is the article's pros and cons or specs.
_REVIEW_BOX = {"pros", "cons", "pros and cons", "the good", "the bad", "verdict", "specs", "specifications",
               "key specs", "vorteile", "nachteile", "pro", "contra", "points forts", "points faibles",
               "les plus", "les moins", "ventajas", "desventajas", "contras", "prós", "pontos positivos",
               "pontos negativos", "contro", "voordelen", "nadelen", "pluspunten", "minpunten"}
# Headings that are also menu items ("Pro" for a subscription, "Specs" for a section): alone in a
# run they do not make it a review box; with another heading of a box they do.
_REVIEW_BOX_ALONE_AMBIGUOUS = {"pro", "contra", "contro", "specs", "verdict", "les plus", "les moins"}


def is_review_box(headings: list[str]) -> bool:
    found = {h for h in headings if h in _REVIEW_BOX}
    return len(found) >= 2 or bool(found - _REVIEW_BOX_ALONE_AMBIGUOUS)


# An archive or category widget's count: "March (83)", "Politics (12)".
_COUNT = compile_cached(r"(?<!\s)\s*\(\d{1,6}\)$")


def is_label(text: str, max_words: int, max_chars: int) -> bool:
    """Shaped like a menu or link label: a few words, no sentence punctuation at the end."""
    text = text.strip()
    if text.endswith(")"):  # the only way _COUNT can match
        text = _COUNT.sub("", text)
    if not text or len(text) > max_chars or len(text.split()) > max_words:
        return False
    # In Chinese, Japanese or Thai a sentence has no spaces: by them, it is a single "word".
    # Counted as word_count counts them, a label there has at most twice `max_words`
    # ("プライバシーポリシー" has six), a clause of twenty characters more.
    if not text.isascii() and word_count(text) > 2 * max_words:  # an ASCII text's words are its split's
        return False
    if text[-1] in LABEL_END or text[0] in OPEN_QUOTES or text[0] in BULLETS:
        return False
    # Prices, scores, phone numbers and dates belong to tables and fact boxes of the article.
    if any(map(str.isdigit, text)) or ":" in text and CREDIT.search(text):  # a credit has its colon
        return False
    # A label is words: a rule of underscores or dashes separates the article from its sign-off.
    if not any(map(str.isalpha, text)):
        return False
    return not is_wire_credit(text)


_TEMPLATE = compile_cached(r"\)\s*:")
# The longest block of a page's footer: a copyright notice, an address, a newsletter's pitch.
FOOTER_WORDS = 40
# A share or follow bar's buttons: the services' names (the same in every language) and the few
# buttons beside them. Three in a row are such a bar wherever it stands, even inside the article.
SHARE_BUTTONS = frozenset({
    "facebook", "twitter", "x", "linkedin", "pinterest", "reddit", "whatsapp", "telegram", "tumblr",
    "pocket", "flipboard", "mix", "vk", "vkontakte", "odnoklassniki", "weibo", "wechat", "line",
    "kakaotalk", "kakao", "naver", "messenger", "skype", "viber", "xing", "digg", "stumbleupon",
    "google+", "instagram", "youtube", "snapchat", "tiktok", "threads", "bluesky", "mastodon", "rss",
    "email", "e-mail", "sms", "print", "copy link", "share", "tweet", "pin it"})


def is_teaser(text: str) -> bool:
    """Shaped like a link to another article: a headline of 4 to 16 words that starts with a
    letter, one sentence without a closing full stop, no list template ("Spain (Group F): ...")."""
    text = text.strip()
    if not text or not (text[0].isalpha() or text[0] in "¿¡") or text[-1] in LABEL_END:
        return False
    if not 4 <= len(text.split()) <= 16 or _SENTENCE.search(text) or _TEMPLATE.search(text):
        return False
    if CREDIT.search(text) or " : " in text or unpunctuated(text):
        return False
    return not is_wire_credit(text)



# A menu or a grid of teasers scraped without the spaces between its links
# ("SportsLionsTigersPistons"): each join leaves a lower-case letter right before the capital of
# the next label. Brand names do that too ("WhatsApp", "PowerPoint", "GiveWell"), but an article
# names one or two of them, mostly the same one again and again; a glued menu joins a dozen
# labels in a line. On the evaluation corpus (three views of 181 pages) no line of a ground
# truth held more than two joins in distinct words, and a glued menu's lines three to thirty.
MIN_JOINS = 3
# Lower-case letters before the capital: "MacBook", "YouTube", "DeSantis" and "McCain" have
# fewer, and are names, not joins.
_BEFORE = 3
# Hashtags, handles, links and file names glue words on purpose ("#MeToo", "@NYTimesTech").
_NOT_WORDS = frozenset("#@/:_=")


def _joins(token: str) -> int:
    """How many times a capital opens a new word inside ``token`` after three lower-case letters."""
    n = 0
    for i in range(_BEFORE, len(token) - 1):
        if token[i].isupper() and token[i + 1].islower() \
                and all(token[k].islower() for k in range(i - _BEFORE, i)):
            n += 1
    return n


# Three lower-case letters, a capital and a lower-case letter, side by side: what a join needs.
# The classes hold every character str.islower() (str.isupper()) is true of, and more (most
# scripts; not the general punctuation, "’" and "“", between words): a text without such a
# stretch has no join, and is not split into words. The capital is looked for first (fewer
# places to try than the lower-case letters), the letters before it by a look-behind.
_LOWER = r"[a-z\u00aa-\u1fff\u2070-\U0010ffff]"
_MAYBE_JOINED = compile_cached(rf"[A-Z\u00c0-\u1fff\u2070-\U0010ffff](?<={_LOWER}{{3}}.){_LOWER}")


def glued_joins(text: str) -> list[int]:
    """The joins of each distinct word of ``text`` that has any (a brand named five times
    counts once)."""
    if not _MAYBE_JOINED.search(text):
        return []
    # Words in one case or with one capital first ("news", "NASA", "Sports") have no join: the
    # string methods' quick test spares the letter-by-letter look for nearly every word.
    joins = (_joins(token) for token in set(text.split())
             if not (token.islower() or token.istitle() or token.isupper())
             and not any(c in _NOT_WORDS or c.isdigit() for c in token))
    return [n for n in joins if n]


def glued_menus(texts: Iterable[str], whole: str | None = None) -> list[bool]:
    """Which of a text's blocks are glued menus: blocks of `MIN_JOINS` joins in distinct words,
    when the text holds two of them and a word of three labels ("LionsTigersPistons"), or one
    block with twice as many joins. A site glues all its menus and teaser grids; an article
    that names three brands in a paragraph ("WhatsApp, FaceTime and PowerPoint") names them
    once, and a brand is two words at most."""
    # ``whole``, the text the blocks are cut from: a join in a block is one there, and half the
    # texts have none, told by one search instead of one a block.
    if whole is not None and not _MAYBE_JOINED.search(whole):
        return [False for _ in texts]
    # Each block's sum of joins, not its list of them: a long record has tens of thousands.
    sums = []
    glued = three = 0
    for t in texts:
        joins = glued_joins(t)
        sums.append(sum(joins))
        if sums[-1] >= MIN_JOINS:
            glued += 1
            three = three or max(joins) >= 2
    many = glued >= 2 and three
    return [n >= MIN_JOINS and (many or n >= 2 * MIN_JOINS) for n in sums]
