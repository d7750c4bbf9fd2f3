"""The given-name lexicon is looked up by bisection: its records must stay in the names' order."""

from itertools import pairwise

from lintnews.bio import lexicon


def test_records_are_sorted_by_name_and_unique():
    lines = lexicon._lines()
    names = [line.split("\t", 1)[0] for line in lines]
    assert len(lines) > 20_000
    assert all(a < b for a, b in pairwise(lines))
    assert all(a < b for a, b in pairwise(names))


def test_lookup_finds_first_last_and_missing_names():
    lines = lexicon._lines()
    for line in (lines[0], lines[len(lines) // 2], lines[-1]):
        name, sex, births, total = line.split("\t")
        assert lexicon.is_given_name(name.capitalize())
        assert lexicon.lookup(name.upper()) == lexicon.NameFacts(sex, int(births), int(total))
    for word in ("", "zzzzzz", lines[0].split("\t")[0][:-1], lines[-1].split("\t")[0] + "z"):
        assert not lexicon.is_given_name(word) and lexicon.lookup(word) is None


def test_known_names_and_a_word_holding_a_tab():
    assert lexicon.lookup("Mary").sex == "f"
    assert lexicon.lookup("John").sex == "m"
    name, sex = lexicon._lines()[0].split("\t")[:2]
    # A tab would reach into the record's facts, which are no part of the name.
    assert not lexicon.is_given_name(f"{name}\t{sex}")


def test_a_search_of_the_text_answers_as_bisection(monkeypatch):
    text = lexicon._text()
    assert "\r" not in text
    lines = lexicon._lines()
    assert all(line.split("\t", 1)[0].isprintable() and not line.startswith("#") for line in lines)
    words = [line.split("\t", 1)[0] for line in lines[::97]]
    words += [w[:-1] for w in words] + [w + "x" for w in words] + ["", "#", "a\tb", "Zoë", "mary ann"]
    words += [line for line in text.splitlines() if line.startswith("#")]  # the comments are no names
    searched, bisected = [], []
    for word in words:
        monkeypatch.setattr(lexicon, "_searched", 0)
        searched.append(lexicon.lookup(word))
        monkeypatch.setattr(lexicon, "_searched", lexicon._SEARCHES)
        bisected.append(lexicon.lookup(word))
    assert searched == bisected
    assert sum(f is not None for f in searched) >= len(lines) // 97
