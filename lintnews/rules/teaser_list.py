import re
from array import array
from functools import lru_cache
from itertools import accumulate
from collections.abc import Iterator

from lintnews import document as d
from lintnews.document import Block, Document
from lintnews.model import Applicability, Diagnostic, Severity, Span
from lintnews.slots import named_site, phrase_regex
from lintnews.patterns import compile_cached
from lintnews.rule import Rule
from lintnews.guards import is_wire_credit
from lintnews.prose import FULL_STOPS, OPEN_QUOTES, SENTENCE_TERMINALS, prose_blocks, several_sentences, word_count

# Labels of lists of other articles. {site} is a capitalised name or the article's own site.
LABELS = {
    "en": ["Popular on {site}", "More from {site}", "More on {site}", "Most read", "Most popular", "Most viewed",
           "Most shared", "Most read in {site}", "Most read stories", "Top stories", "Top Stories",
           "Trending", "Trending now", "Trending stories", "Trending on {site}", "Explore further",
           "More stories", "More news", "More top stories", "More headlines", "Latest news", "Latest stories",
           "Latest headlines", "Related stories", "Related articles", "Related coverage", "Related news",
           "You may also like", "You might also like", "You may be interested in", "Recommended",
           "Recommended for you", "Recommended stories", "Read next", "What to read next", "Up next",
           "Editor's picks", "Editors' picks", "Editor’s picks", "Don't miss", "Don’t miss", "More in {site}",
           "Also in {site}", "In other news", "Elsewhere on {site}", "From around the web", "Around the web",
           "Most read in world news", "Most read in news", "Most read in sport"],
    "de": ["Meistgelesen", "Meistgelesene Artikel", "Am meisten gelesen", "Mehr zum Thema", "Auch interessant",
           "Das könnte Sie auch interessieren", "Das könnte dich auch interessieren", "Top-Artikel",
           "Weitere Artikel", "Weitere Nachrichten", "Neueste Artikel", "Beliebt", "Empfohlene Artikel",
           "Mehr von {site}", "Mehr aus {site}", "Lesen Sie auch", "Verwandte Artikel"],
    "fr": ["Les plus lus", "Les articles les plus lus", "À lire aussi", "A lire aussi", "Lire aussi",
           "Sur le même sujet", "Les plus populaires", "À voir aussi", "Tendances", "Dernières actualités",
           "Nos articles", "Articles liés", "Articles similaires", "Plus de {site}", "Vous aimerez aussi",
           "Vous aimerez aussi :", "À découvrir"],
    "es": ["Lo más leído", "Lo más visto", "Más leídas", "Más leídos", "Te puede interesar",
           "Te puede interesar:", "Noticias relacionadas", "Más noticias", "Tendencias", "Últimas noticias",
           "Artículos relacionados", "También te puede interesar", "Más de {site}", "Te recomendamos"],
    "pt": ["Mais lidas", "Mais lidos", "As mais lidas", "Leia também", "Veja também", "Notícias relacionadas",
           "Mais notícias", "Em alta", "Últimas notícias", "Artigos relacionados", "Você pode gostar",
           "Recomendados", "Mais de {site}", "Mais do {site}", "Mais da {site}"],
    "it": ["I più letti", "Più letti", "Più lette", "Leggi anche", "Potrebbe interessarti",
           "Articoli correlati", "Altre notizie", "Ultime notizie", "Notizie correlate", "Ti potrebbe interessare",
           "Più visti", "Altro da {site}"],
    "nl": ["Meest gelezen", "Lees ook", "Meer nieuws", "Gerelateerde artikelen", "Populair", "Meest bekeken",
           "Laatste nieuws", "Ook interessant", "Meer van {site}", "Gerelateerd nieuws"],
    "pl": ["Najczęściej czytane", "Najpopularniejsze", "Czytaj też", "Zobacz także", "Zobacz też", "Polecane",
           "Najnowsze", "Więcej z kategorii", "Powiązane artykuły"],
    "sv": ["Mest läst", "Mest lästa", "Läs också", "Läs mer", "Senaste nytt", "Mer från {site}", "Relaterat"],
    "nb": ["Mest lest", "Les også", "Siste nytt", "Mer fra {site}", "Relaterte artikler"],
    "da": ["Mest læste", "Mest læst", "Læs også", "Seneste nyt", "Mere fra {site}", "Relaterede artikler"],
    "fi": ["Luetuimmat", "Luetuimmat nyt", "Luetuimmat uutiset", "Lue myös", "Tuoreimmat", "Uusimmat",
           "Lisää aiheesta"],
    "cs": ["Nejčtenější", "Nejčtenější články", "Související články", "Přečtěte si také", "Nejnovější"],
    "ro": ["Cele mai citite", "Citește și", "Ultimele știri", "Articole similare", "Cele mai noi"],
    "hu": ["Legolvasottabb", "Legolvasottabb cikkek", "Kapcsolódó cikkek", "Friss hírek", "Legfrissebb"],
    "tr": ["En çok okunanlar", "En çok okunan haberler", "İlgili haberler", "Son dakika", "Çok okunanlar",
           "Benzer haberler"],
    "ru": ["Самое читаемое", "Самое популярное", "Читайте также", "Главное", "Последние новости", "По теме",
           "Популярное", "Новости по теме"],
    "uk": ["Найпопулярніше", "Найчитаніше", "Читайте також", "Головне", "Останні новини", "Новини за темою"],
    "ar": ["الأكثر قراءة", "الأكثر مشاهدة", "اقرأ أيضا", "اقرأ أيضاً", "أخبار ذات صلة", "آخر الأخبار", "مواضيع ذات صلة"],
    "fa": ["پربازدیدترین", "پربازدیدترین اخبار", "اخبار مرتبط", "آخرین اخبار", "بیشتر بخوانید"],
    "hi": ["सबसे ज्यादा पढ़ी गई", "सबसे ज़्यादा पढ़ी गईं", "यह भी पढ़ें", "ताज़ा ख़बरें", "ताजा खबरें",
           "संबंधित खबरें", "टॉप न्यूज़"],
    "bn": ["সর্বাধিক পঠিত", "আরও পড়ুন", "সর্বশেষ", "সর্বশেষ খবর", "সম্পর্কিত খবর"],
    "id": ["Terpopuler", "Berita Terkait", "Baca Juga", "Berita Terbaru", "Terkini", "Artikel Terkait"],
    "vi": ["Đọc nhiều", "Đọc nhiều nhất", "Tin liên quan", "Tin mới nhất", "Xem thêm", "Tin nổi bật"],
    "th": ["ข่าวยอดนิยม", "ข่าวที่เกี่ยวข้อง", "ข่าวล่าสุด", "อ่านมากที่สุด", "บทความที่เกี่ยวข้อง"],
    "zh": ["热门新闻", "相关新闻", "延伸阅读", "相关阅读", "推荐阅读", "大家都在看", "热点推荐", "熱門新聞",
           "相關新聞", "延伸閱讀"],
    "ja": ["人気記事", "関連記事", "よく読まれている記事", "アクセスランキング", "あわせて読みたい", "最新記事",
           "おすすめ記事"],
    "ko": ["많이 본 뉴스", "관련기사", "관련 기사", "인기기사", "최신기사", "가장 많이 본 기사", "추천기사"],
}
# Labels that buying guides and round-ups also use for their own lists of products: they count
# only outside the article (before its first paragraph of prose or after its last).
AMBIGUOUS = {"Recommended", "Recommended for you", "Recommended stories", "Editor's picks", "Editors' picks",
             "Editor’s picks", "Don't miss", "Don’t miss", "Trending", "Trending now", "Trending stories",
             "Top stories", "Top Stories", "Up next", "Beliebt", "Empfohlene Artikel", "Tendances", "À découvrir",
             "Vous aimerez aussi", "Vous aimerez aussi :", "Tendencias", "Te recomendamos", "Em alta",
             "Recomendados", "Você pode gostar", "Populair", "Ook interessant", "Auch interessant",
             "Polecane", "Najnowsze", "Главное", "Головне", "Популярное", "Son dakika", "Terkini", "Tin nổi bật",
             "おすすめ記事", "추천기사", "Uusimmat", "Tuoreimmat", "Legfrissebb", "Cele mai noi", "Nejnovější"}
# A label may stand in brackets: "【相关阅读】", "[관련기사]", "■人気記事".
_CLOSE = r"[\s:：|｜»>›\-–—…】〗］〕\]]*$"
_LEAD = r"^[\s*_#>•·\-–—\[【〖［〔■◆▶►▼☞]*"
# A second sentence inside the line, in the scripts with capitals (Latin, Cyrillic, Greek).
_SENTENCES = compile_cached(r"[.!?]\s+[A-ZÀ-ÖØ-ÞА-ЯЁΑ-ΩΆ-Ώ]")


# A label's own qualifier: "Most popular videos", "Trending now on example.com", "Meistgelesen heute".
_QUALIFIER = r"(?:\s+[^\s.!?:;,]+){1,3}"


def _compile(site: str | None, ambiguous: bool | None) -> re.Pattern | None:
    """The labels as one regex; with ``site``, only the labels with a ``{site}`` slot, the site's
    name alone in the slot (None when there are none)."""
    parts = [phrase_regex(p, site, site_only=True) for ps in LABELS.values() for p in ps
             if (ambiguous is None or (p in AMBIGUOUS) == ambiguous) and (site is None or "{site}" in p)]
    if not parts:
        return None
    parts.sort(key=len, reverse=True)
    tail = _QUALIFIER if ambiguous is None else ""
    return compile_cached(_LEAD + "(?:" + "|".join(parts) + ")" + tail + _CLOSE, re.IGNORECASE)


# Stands for the site's name in the labels with a ``{site}`` slot, compiled once for every site.
_PLACE = "\x00"


class _Labels:
    """A label regex for one article: the labels without a ``{site}`` slot are compiled once for
    every article, and so are those with one, with a placeholder in the slot: a line that names
    the site matches them with the name replaced by the placeholder (compiling them for each
    site cost more than the rule's matching)."""

    __slots__ = ("_every", "_site", "_ambiguous", "_name")

    def __init__(self, every: re.Pattern, site: str | None, ambiguous: bool | None) -> None:
        self._every, self._site, self._ambiguous = every, site, ambiguous
        self._name = re.compile(site) if site is not None else None

    def match(self, text: str):
        found = self._every.match(text)
        if found or self._name is None or not self._name.search(text):
            return found
        if _PLACE in text:  # the placeholder would be ambiguous: compile the site's own labels
            own = _compile(self._site, self._ambiguous)
            return own.match(text) if own is not None else None
        slotted = _slotted(self._ambiguous)
        if slotted is None:
            return None
        # Each label has one {site} slot: the line matches when, for some stretch of it that is
        # the site's name, the line with that stretch replaced by the placeholder does.
        name = self._name
        for i in range(len(text)):
            if not name.match(text, i):
                continue
            for j in range(i + 1, len(text) + 1):
                if name.fullmatch(text, i, j) and (found := slotted.match(text[:i] + _PLACE + text[j:])):
                    return found
        return None


@lru_cache(maxsize=None)
def _slotted(ambiguous: bool | None) -> re.Pattern | None:
    return _compile(re.escape(_PLACE), ambiguous)


@lru_cache(maxsize=None)
def _every_site(ambiguous: bool | None) -> re.Pattern:
    return _compile(None, ambiguous)


@lru_cache(maxsize=256)  # a dump of many sites keeps the recent ones, not all
def _regexes(site: str | None) -> tuple[_Labels, _Labels, _Labels]:
    return tuple(_Labels(_every_site(a), site, a) for a in (False, True, None))


def label_regex(doc: Document) -> tuple[_Labels, _Labels, _Labels]:
    """The regexes of the clear labels, of the ambiguous ones and of any label with a qualifier."""
    return _regexes(named_site(doc))


# A list's rank: "1", "2.", "(3)".
_RANK = compile_cached(r"^\(?\d{1,2}[.)]?$")


def is_dek(text: str) -> bool:
    """Shaped like the one-sentence summary under another story's headline."""
    text = text.strip()
    words = word_count(text)
    return 4 <= words <= 40 and len(text) <= 300 and "\n" not in text and text[-1:] in SENTENCE_TERMINALS \
        and not _SENTENCES.search(text.rstrip(".!?…")) and not several_sentences(text) and text[0] not in OPEN_QUOTES


def is_headline(text: str, min_words: int, max_words: int) -> bool:
    """Shaped like another article's headline: a few words, one sentence, no closing full stop,
    not a quotation and not a credit line. Words are counted as ``word_count`` does, so a
    Chinese headline of ten characters has five."""
    text = text.strip()
    # A closing full stop first (most lines that are no headline end in one): words not counted.
    # An empty line (an empty Markdown heading) is none, whatever ``min_words`` allows.
    if not text or len(text) > 250 or "\n" in text or text[-1:] in FULL_STOPS:
        return False
    if not min_words <= word_count(text) <= max_words:
        return False
    if text[0] in OPEN_QUOTES or text[-1] in ":;,：；，、":
        return False
    if _SENTENCES.search(text) or several_sentences(text):
        return False
    return not is_wire_credit(text)


class TeaserList(Rule):
    """A list of other articles' headlines under a teaser label ("Most read", "Popular on X", "Meistgelesen").

    ## Why is this bad?

    Pages close (and sometimes interrupt) the article with lists of other stories: "Most read",
    "Trending", "Popular on <site>", "More from <site>", "Explore further", "Les plus lus",
    "Lo más leído", "Mais lidas", "I più letti", "Meest gelezen", "Najczęściej czytane",
    "Самое читаемое", "الأكثر قراءة", "热门新闻", "人気記事", "많이 본 뉴스" (28 languages), each followed by a
    handful of headlines. Scraped with the article, they read as its closing lines. The label must be a
    block of its own, and at least `min-items` (default 3) blocks that are shaped like headlines
    (`min-words` to `max-words` words, default 4 to 25, one sentence, no closing full stop, not a
    quotation) must follow it directly. In Chinese and Japanese two characters count as a word,
    in Thai four, and a headline neither ends in "。" nor holds one; a label may stand in
    brackets ("【相关阅读】", "[관련기사]").

    ## Example

    ```text
    The library closes in May, the council said.

    Most read

    Mayor faces recall vote over budget cuts

    Police close the bridge after a crash on the morning commute

    Five things to know about the new stadium before it opens
    ```

    After the fix:

    ```text
    The library closes in May, the council said.
    ```

    A real subheading ("Trending", "Most popular") followed by paragraphs, or a list of names
    and short items under it, is not a list of headlines and is left alone. Labels that buying
    guides and round-ups also give their own lists of products ("Recommended", "Editor's picks",
    "Trending", "Top stories", "Don't miss") count only outside the article: before its first
    paragraph of prose (25 words or more) or after its last. There, too, a label may carry a
    qualifier of up to three words ("Most popular videos", "Trending now on example.com").

    The headlines of a list may be numbered, each after its rank on a line of its own ("1",
    "2."), and outside the article each may be followed by its dek: one sentence of 4 to 40
    words that ends in a full stop, taken only between two headlines.

    ## Fix safety

    Safe: the fix removes the label and the headline-shaped blocks after it, up to the first
    block that is not one (a paragraph with a closing full stop, a quotation, a short item);
    the label names what the list is, and each item is shaped like a headline. The list always
    ends on a headline: a rank counts only before a headline and a dek only between two, so
    the article's closing sentence or a wire credit after a list is never taken. Qualified
    labels and deks count only outside the article, where no paragraph of prose follows (or
    precedes) the list; inside it, "Most popular models this year" is a subheading of its own.
    On the 181 pages of the evaluation corpus, ranks, deks and qualified labels took about 110
    more lines of other stories' lists and no line of the ground truth.

    A dek's words are counted as `word_count` counts them (a Japanese or Chinese dek of twenty
    characters has ten words, not the one its spaces part), and a dek is one sentence in every
    script: a line with a second sentence after a full stop, in Latin, Cyrillic or Greek
    capitals or after "。" or "।", is none. By the English capitals alone, a Russian line of two
    sentences between two headlines passed for a dek, and the list took it along. On the
    evaluation corpus nothing changed: no more lines removed, no line of the ground truth.
    """

    code = "REL004"
    name = "teaser-list"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE
    options = {"min-items": 3, "min-words": 4, "max-words": 25}

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        lo, hi, need = int(self.opts["min-words"]), int(self.opts["max-words"]), int(self.opts["min-items"])
        prose = prose_blocks(doc)
        first_prose = next((i for i, p in enumerate(prose) if p), len(doc.blocks))
        last_prose = next((i for i in range(len(prose) - 1, -1, -1) if prose[i]), -1)
        # Headlines before labels: a list's headlines come at most one rank or dek apart, so a
        # block without `need` of them among the 3 * `need` after it labels no list, and the
        # labels of every language (slow to compile) are matched against few blocks, or none.
        # The counts so far in an array: a list of them held an int object each (3 MB for a
        # record of 4 MB, at the run's peak).
        seen = array("q", accumulate((is_headline(doc.block_text(b), lo, hi) for b in doc.blocks), initial=0))
        labels = None
        skip_to = -1
        for block in doc.blocks:
            if block.index <= skip_to or block.kind in (d.QUOTE, d.BYLINE):
                continue
            after = block.index + 1
            if seen[min(after + 3 * need, len(doc.blocks))] - seen[after] < need:
                continue  # before the block's text is cut: most blocks have too few headlines after them
            text = doc.block_text(block)
            if len(text) > 80:
                continue
            clear, ambiguous, qualified = labels = labels or label_regex(doc)
            outside = block.index < first_prose or block.index > last_prose
            if not clear.match(text) and not (outside and (ambiguous.match(text) or qualified.match(text))):
                continue
            items = self._items(doc, block, lo, hi, outside)
            if sum(is_headline(doc.block_text(b), lo, hi) for b in items) < need:
                continue
            skip_to = items[-1].index
            yield self.report(f"Teaser list {text.strip()!r} with {len(items)} headlines",
                              Span(block.span.start, block.span.end),
                              self.remove_blocks(doc, block, items[-1], "Remove the teaser list"))

    @staticmethod
    def _items(doc: Document, label: Block, lo: int, hi: int, outside: bool) -> list[Block]:
        """The list under a label: headlines, each perhaps after its rank ("1", "2."), and outside
        the article each perhaps followed by its one-sentence dek. The list ends on a headline."""
        items: list[Block] = []
        blocks = doc.blocks
        i = label.index + 1
        while i < len(blocks):
            nxt = blocks[i]
            if nxt.kind in (d.QUOTE, d.BYLINE):
                break
            text = doc.block_text(nxt)
            if _RANK.match(text.strip()) and i + 1 < len(blocks) and is_headline(doc.block_text(blocks[i + 1]), lo, hi):
                items.append(nxt)
                i += 1
                continue
            if items and outside and is_dek(text) and is_headline(doc.block_text(items[-1]), lo, hi) \
                    and i + 1 < len(blocks) and is_headline(doc.block_text(blocks[i + 1]), lo, hi):
                items.append(nxt)
                i += 1
                continue
            if not is_headline(text, lo, hi):
                break
            items.append(nxt)
            i += 1
        return items
