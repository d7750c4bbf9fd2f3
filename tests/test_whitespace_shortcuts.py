"""The whitespace rules' shortcuts (a line break found before the spaces that end a line, two
plain spaces found before the regex's search), checked against the regexes they stand for."""
import random
import re

from lintnews.rules.doubled_whitespace import _PAIR, _has_pair
from lintnews.rules.trailing_whitespace import _SPACES, TRAILING_CLASS, _trailing_runs

# What the rule flags, as a regex: the plain definition its shortcut is held to.
_TRAILING = re.compile(TRAILING_CLASS + "+$", re.MULTILINE)

ALPHABET = [" ", "\t", "\u00a0", "\u200a", "\u200b", "\u3000", "\u2001", "\n", "a", "\r", "\u2028", "\x0b"]


def test_trailing_runs_are_the_regex_matches():
    rng = random.Random(1)
    for _ in range(20000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
        start = rng.randint(0, len(text))
        assert list(_trailing_runs(text, start)) == [m.span() for m in _TRAILING.finditer(text, start)], (text, start)


def test_trailing_spaces_are_the_regex_class():
    assert {chr(c) for c in range(0x3001) if _TRAILING.match(chr(c))} == set(_SPACES)


def test_a_pair_of_spaces_is_found_as_the_regex_finds_it():
    rng = random.Random(2)
    for _ in range(20000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 8)))
        assert _has_pair(text) is bool(_PAIR.search(text)), repr(text)
