"""Every code point, as one text, for the tests that check a regex's class or a shortcut against
a str predicate on each of them: a search or a filter over the whole text runs at C speed where
a loop over 0x110000 characters would not."""
import array
import sys

# Lone surrogates included: a str holds them, and so may a text the rules read. Decoded from the
# code points' machine words: 25-45 ms here, where joining 0x110000 chr() calls took 100-150 ms.
_WORD = next(code for code in "IL" if array.array(code).itemsize == 4)
EVERY_CHARACTER = array.array(_WORD, range(0x110000)).tobytes().decode(
    "utf-32-le" if sys.byteorder == "little" else "utf-32-be", "surrogatepass")
assert len(EVERY_CHARACTER) == 0x110000 and all(ord(EVERY_CHARACTER[c]) == c for c in (0, 0xD800, 0x10FFFF))


def first_apart(one, other, names=("the first", "the second")):
    """For two texts each holding some of EVERY_CHARACTER in code point order: the lowest code
    point held by one and not the other, and which one holds it (for an assertion's message)."""
    apart = set(one) ^ set(other)
    if not apart:
        return "none apart"
    c = min(apart)
    return f"U+{ord(c):04X} only in {names[0] if c in one else names[1]}"
