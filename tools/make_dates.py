"""Write lintnews/data/dates.py: month and weekday names per language, from CLDR.

Run by hand when the language list changes (``pip install babel``, then
``python3 tools/make_dates.py``). The output is committed, so lintnews itself never needs babel.
"""

from __future__ import annotations

import os
import sys

import babel
from babel import Locale

LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "nl", "pl", "sv", "nb", "da", "fi", "cs", "ro",
             "hu", "tr", "ru", "uk", "ar", "fa", "hi", "bn", "id", "vi", "th", "zh", "ja", "ko")
OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                   "lintnews", "data", "dates.py")


def _names(table: dict, widths: tuple[str, ...]) -> list[str]:
    """Every distinct name in the format and stand-alone contexts (Slavic and Finnish dates use
    the genitive, headings the nominative), without the abbreviation's full stop."""
    seen: dict[str, None] = {}
    for context in ("format", "stand-alone"):
        for width in widths:
            for name in table.get(context, {}).get(width, {}).values():
                name = name.strip().rstrip(".")
                if name:
                    seen.setdefault(name, None)
    return list(seen)


def build() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    months, weekdays = {}, {}
    for lang in LANGUAGES:
        loc = Locale.parse(lang)
        months[lang] = _names(loc.months, ("wide", "abbreviated"))
        weekdays[lang] = _names(loc.days, ("wide", "abbreviated", "short"))
    return months, weekdays


def render(months: dict, weekdays: dict) -> str:
    def table(name: str, data: dict) -> list[str]:
        lines = [f"{name}: dict[str, tuple[str, ...]] = {{"]
        for lang, names in data.items():
            lines.append(f"    {lang!r}: {tuple(names)!r},")
        return lines + ["}", ""]

    head = [f'"""Month and weekday names per language, generated from CLDR {babel.__version__} '
            "(babel's locale data)",
            "by tools/make_dates.py. Do not edit by hand: change the generator and run it again.",
            '"""', "",
            f"LANGUAGES = {LANGUAGES!r}", ""]
    return "\n".join(head + table("MONTHS", months) + table("WEEKDAYS", weekdays))


def main() -> int:
    text = render(*build())
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
