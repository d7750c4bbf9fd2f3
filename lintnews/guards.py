"""Negative evidence shared by rules: text that looks like boilerplate but is article content.

Wire credits and datelines carry provenance ("(PTI)", "(With inputs from agencies)", "— AP",
"Reporting by ...; Editing by ..."). They are never deleted, and a rule that would cut the end of
an article stops when one of them follows (a comment header above a wire credit is not the end).
"""

from __future__ import annotations

import re

from lintnews.patterns import LazyPattern, compile_cached

AGENCIES = (r"PTI|IANS|ANI|UNI|AP|AFP|Reuters|REUTERS|Xinhua|XINHUA|dpa|DPA|epd|KNA|APA|SDA|ANSA|EFE|"
            r"Europa Press|Lusa|Agência Brasil|Antara|ANTARA|Bernama|Yonhap|Kyodo|TASS|Bloomberg|"
            r"CNA|AAP|NNA|ITAR-TASS|RIA Novosti|UPI|WAM|SPA|Anadolu|AA")
_AGENCY = rf"(?:{AGENCIES})(?:/[\w.-]{{1,20}})*"

_CREDIT = compile_cached(
    r"^\s*(?:"
    # (With inputs from agencies) / (With inputs from PTI and ANI)
    r"[(\[]?\s*with\s+(?:additional\s+)?inputs?\s+from\s+[^)\]]{2,60}[)\]]?\.?"
    # (PTI) / (dpa/gem) / -- AP / — Reuters
    rf"|[(\[]\s*{_AGENCY}\s*[)\]]\.?"
    rf"|[-–—]+\s*{_AGENCY}\.?"
    rf"|{_AGENCY}\s*[-–—]+"
    # Reuters and AP sign-offs
    r"|\(?\s*(?:reporting|writing|additional reporting|editing|compiled)\s+by\s+[^\n]{2,200}"
    r"|(?:copyright\s+)?(?:©\s*)?\d{4}\s+(?:the\s+)?associated\s+press\.[^\n]{0,160}"
    rf"|©\s*{_AGENCY}"
    r"|(?:source|agencies|agency|with agency inputs)\s*:?\s*(?:agencies|" + AGENCIES + r")\.?"
    r")\s*$",
    re.IGNORECASE,
)
# "New Delhi, Dec 5 (PTI) Meeting the government ..." / "Frankfurt/Main (dpa) - Für ..."
# Compiled on first use: only a paragraph with "(" near its start is tried, and many articles
# have none.
_DATELINE = LazyPattern(
    rf"^[\w .,'’/()-]{{2,60}}?\(\s*{_AGENCY}\s*\)\s*(?:[-–—:]+|\w)",
)


# Short texts' answers, remembered: a document's short blocks are asked about by several rules
# each (and a dump's boilerplate blocks record after record); bounded, emptied when full.
_KNOWN: dict[str, bool] = {}
_KNOWN_MAX = 4096


def is_wire_credit(text: str) -> bool:
    """A wire-agency credit, sign-off or dateline-led paragraph: content, never junk."""
    if len(text) > 320:
        return _is_wire_credit(text)
    known = _KNOWN.get(text)
    if known is None:
        known = _is_wire_credit(text)
        if len(_KNOWN) >= _KNOWN_MAX:
            _KNOWN.clear()
        _KNOWN[text] = known
    return known


def _is_wire_credit(text: str) -> bool:
    text = text.strip()
    if not text:
        return False
    if len(text) <= 300 and _CREDIT.match(text):
        return True
    # The dateline's "(" comes after 2 to 60 characters: most paragraphs have none there.
    return text.find("(", 2, 61) >= 0 and bool(_DATELINE.match(text))
