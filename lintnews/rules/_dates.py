"""Dates as the rules read them. ``MONTHS``: the month names of English, German, French, Spanish,
Portuguese, Italian and Dutch, full and abbreviated (a regex alternation, matched
case-insensitively), for the shapes of other stories' grids. ``DATE``: a date in any of the 28
languages of lintnews.data.dates (CLDR's month names), in digits or in the CJK form, for
datelines and comment headers. ``AGO``: how long ago a comment was written, in those languages.

``DATE`` and ``WEEKDAY`` (and ``date()`` and ``weekday()``) are written out from the names of 28
languages on first use (a millisecond of every start-up, and a check of an article with no
comment thread, dateline or dated grid never needs them); the rules' regexes built on them are
``DatePattern``s, written out and compiled on first use."""

import re
from collections.abc import Callable
from functools import lru_cache

from lintnews.patterns import LazyPattern

MONTHS = (r"jan(?:uary|uar|vier|eiro|naio)?|feb(?:ruary|ruar)?|f[ée]v(?:rier)?|fev(?:ereiro)?|febbraio|"
          r"mar(?:ch|s|zo|ço)?|märz|maart|apr(?:il|ile|il)?|avr(?:il)?|abr(?:il)?|may|mai|mayo|maio|"
          r"maggio|mei|jun(?:e|i|io|ho)?|juin|giugno|jul(?:y|i|io|ho)?|juil(?:let)?|luglio|aug(?:ust|ustus)?|"
          r"ao[uû]t|ago(?:sto)?|sep(?:t|tember|tiembre|tembre)?|set(?:embro|tembre)?|oct(?:ober|obre)?|"
          r"okt(?:ober)?|out(?:ubro)?|ott(?:obre)?|nov(?:ember|embre|embro)?|dec(?:ember)?|d[ée]c(?:embre)?|"
          r"dez(?:ember|embro)?|dic(?:iembre|embre)?")


def names_regex(names) -> str:
    # Longest first so "Sept" is not cut to "Sep"; spaces inside a name ("tháng 3") stretch. Names of
    # one length in their own order, not the set's (which moves with the hash seed of each process):
    # the same pattern in every run, whose compiled code a later run reads back (lintnews.keep).
    return "|".join(r"\s+".join(map(re.escape, n.split())) for n in sorted(set(names), key=lambda n: (-len(n), n)))


@lru_cache(maxsize=None)
def _written() -> tuple[str, str]:
    """(DATE, WEEKDAY)."""
    from lintnews.data.dates import MONTHS as _CLDR_MONTHS
    from lintnews.data.dates import WEEKDAYS

    # CLDR's English abbreviations lack "Sept", which American newspapers print.
    month = rf"(?:{names_regex([m for ms in _CLDR_MONTHS.values() for m in ms] + ['Sept'])})\.?"
    # One-letter weekday abbreviations ("V", "H" in Hungarian) would match initials before a date.
    weekday = rf"(?:{names_regex(w for ws in WEEKDAYS.values() for w in ws if len(w) > 1)})\.?"
    cjk_weekday = rf"(?:{names_regex(w for lang in ('zh', 'ja', 'ko') for w in WEEKDAYS[lang])})"
    year_mark = r"(?:\s*(?:г|гг|р|року|года|roku|m|år|yılı|năm)\.?)?"
    # Day-month-year ("5. März 2024", "5 de marzo de 2024", "5 марта 2024 г."), month-day-year
    # ("March 5, 2024"), year-month-day ("2024. március 5."), and the CJK form ("2024年3月5日",
    # "2024년 3월 5일") with its weekday ("（火）", "星期二"). \d also takes Arabic-Indic, Persian,
    # Devanagari, Bengali and Thai digits.
    date = (rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}(?:T[\d:.+]+Z?)?"
            rf"|\d{{4}}[./]\d{{1,2}}[./]\d{{1,2}}\.?"
            rf"|(?:ngày\s+)?\d{{1,2}}\.?\s+(?:de\s+)?{month},?\s+(?:de\s+|năm\s+)?\d{{4}}{year_mark}"
            rf"|{month}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
            rf"|\d{{4}}\.?\s+{month}\s+\d{{1,2}}\.?"
            rf"|\d{{4}}\s*[年년]\s*\d{{1,2}}\s*[月월]\s*\d{{1,2}}\s*[日일号]"
            rf"(?:\s*[(（]?\s*{cjk_weekday}\s*[)）]?)?)")
    return date, weekday


def date() -> str:
    return _written()[0]


def weekday() -> str:
    return _written()[1]


def __getattr__(name: str) -> str:
    if name == "DATE":
        return date()
    if name == "WEEKDAY":
        return weekday()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class DatePattern(LazyPattern):
    """A LazyPattern whose pattern is written out by ``write`` (from ``date()`` and the like) when
    it is first compiled; ``pattern`` is None until then."""

    __slots__ = ("_write",)

    def __init__(self, write: Callable[[], str], flags: int = 0) -> None:
        super().__init__(None, flags)
        self._write = write

    def compile(self) -> re.Pattern:
        if self._compiled is None and self._write is not None:
            self.pattern, self._write = self._write(), None
        return super().compile()


# "3 hours ago" in the languages of DATE: the number, the unit, and the word or words for "ago"
# before or after them. A unit of its language only: "1990 yılından önce" is "before 1990".
_AGO_FORMS = (
    r"\d{1,3}\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago",
    r"vor\s+\d{1,3}\s+(?:Sekunden|Minuten|Stunden|Tagen|Wochen|Monaten|Jahren)",
    r"il y a\s+\d{1,3}\s+(?:secondes?|minutes?|heures?|jours?|semaines?|mois|ans?)",
    r"hace\s+\d{1,3}\s+(?:segundos?|minutos?|horas?|días?|semanas?|meses|años?)",
    r"há\s+\d{1,3}\s+(?:segundos?|minutos?|horas?|dias?|semanas?|meses|anos?)",
    r"\d{1,3}\s+(?:secondi|minuti|ore|giorni|settimane|mesi|anni)\s+fa",
    r"\d{1,3}\s+(?:seconden|minuten|uur|dagen|weken|maanden|jaar)\s+geleden",
    r"för\s+\d{1,3}\s+(?:sekunder|minuter|timmar|timme|dagar|dag|veckor|vecka|månader|månad|år)\s+sedan",
    r"\d{1,3}\s+(?:sekund[ya]?|minut[ya]?|godzin[ya]?|godzinę|dni|dzień|tygodni[e]?|tydzień|miesięcy|miesiące?|lat[a]?|rok)\s+temu",
    r"\d{1,3}\s+(?:секунд[ыу]?|минут[ыу]?|час(?:а|ов)?|дн(?:я|ей)|день|недел[юиь]|месяц(?:а|ев)?|год(?:а)?|лет)\s+назад",
    r"\d{1,3}\s+(?:секунд[иу]?|хвилин[иу]?|годин[иу]?|дн(?:і|ів)|день|тижн(?:і|ів)|тиждень|місяц(?:і|ів)|рок(?:и|ів)|рік)\s+тому",
    r"\d{1,3}\s+(?:saniye|dakika|saat|gün|hafta|ay|yıl)\s+önce",
    r"\d{1,3}\s+(?:detik|menit|jam|hari|minggu|bulan|tahun)\s+(?:yang\s+)?lalu",
    r"\d{1,3}\s+(?:giây|phút|giờ|ngày|tuần|tháng|năm)\s+trước",
    r"\d{1,3}\s*(?:秒|分钟|分鐘|分|小时|小時|時間|天|日|周|週|週間|个月|個月|か月|ヶ月|年)前",
    r"\d{1,3}\s*(?:초|분|시간|일|주|개월|달|년)\s*전",
    r"منذ\s+\d{1,3}\s+(?:ثانية|ثوان|ثوانٍ|دقيقة|دقائق|ساعة|ساعات|يوم|أيام|أسبوع|أسابيع|شهر|أشهر|سنة|سنوات)",
    r"\d{1,3}\s+(?:ثانیه|دقیقه|ساعت|روز|هفته|ماه|سال)\s+(?:پیش|قبل)",
    r"\d{1,3}\s+(?:सेकंड|मिनट|घंटे|घंटा|दिन|हफ्ते|हफ़्ते|सप्ताह|महीने|महीना|साल|वर्ष)\s+पहले",
    r"\d{1,3}\s+(?:সেকেন্ড|মিনিট|ঘণ্টা|দিন|সপ্তাহ|মাস|বছর)\s+আগে",
    r"\d{1,3}\s*(?:วินาที|นาที|ชั่วโมง|ชม\.|วัน|สัปดาห์|เดือน|ปี)\s*(?:ที่แล้ว|ก่อน)",
)
AGO = "(?:" + "|".join(_AGO_FORMS) + ")"
