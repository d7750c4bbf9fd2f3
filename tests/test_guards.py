"""Wire credits and datelines (lintnews.guards): the answers remembered for short texts are the
answers worked out."""

from lintnews import guards

TEXTS = ["(PTI)", "(With inputs from agencies)", "— AP", "Reporting by Jane Doe; Editing by John Roe",
         "New Delhi, Dec 5 (PTI) Meeting the government on Monday, the union said it would strike.",
         "Read more", "  (Reuters)  ", "", "   ", "Share this article",
         "Frankfurt/Main (dpa) - " + "Für die Stadt " * 40]


def test_remembered_answers_are_the_answers(monkeypatch):
    monkeypatch.setattr(guards, "_KNOWN_MAX", 3)  # emptied again and again
    monkeypatch.setattr(guards, "_KNOWN", {})
    for text in TEXTS + TEXTS[::-1] + TEXTS:
        assert guards.is_wire_credit(text) == guards._is_wire_credit(text), text
    assert len(guards._KNOWN) <= 3
    assert [guards.is_wire_credit(t) for t in TEXTS[:5]] == [True] * 5 and not guards.is_wire_credit("Read more")
    assert guards.is_wire_credit(TEXTS[-1])  # a long dateline-led paragraph, not remembered
