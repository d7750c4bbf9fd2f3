"""The leading literals read from a regex's source (lintnews.regex_heads) are those the regex
engine's parse gives (regex_starts._seq_heads, the oracle): for every part of every shipped pack,
for hand-made sources of each construct the reader models, and for generated ones. The reader may
answer UNSURE (the parse then answers), never something else."""

import functools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lintnews import packs, regex_heads, regex_starts

FLAGS = int(re.IGNORECASE | re.UNICODE)


def parsed(part, flags=FLAGS):
    try:
        return list(regex_starts.parse_regex(part, flags))
    except (re.error, OverflowError):
        return None


# The oracles only read the parse: a test asking both of one source parses it once.
def heads_of(tree):
    return None if tree is None else regex_starts._seq_heads(tree) or None


def required_of(tree):
    return None if tree is None else regex_starts._required(tree) or None


def parsed_heads(part, flags=FLAGS):
    return heads_of(parsed(part, flags))


def parsed_required(part, flags=FLAGS):
    return required_of(parsed(part, flags))


def quick(part, flags=FLAGS, reader=regex_heads.heads):
    got = reader(part, flags)
    return got if got is regex_heads.UNSURE else (got or None)


def quick_required(part, flags=FLAGS):
    return quick(part, flags, regex_heads.required)


@functools.cache
def _shipped_parts():
    out = {}
    for path in packs.shipped_packs():
        for cls in packs.load_pack(path, None, checked=True):
            parts, flags, _known = cls.letters._source
            for part in parts:
                out.setdefault((part, int(flags)), cls.code)
    return out


def shipped_parts():
    """(part, flags) -> the code of the first rule with it; read once for the tests that ask."""
    return dict(_shipped_parts())


def test_every_shipped_part_reads_as_the_parse_gives():
    unsure = []
    for (part, flags), code in shipped_parts().items():
        got = quick(part, flags)
        if got is regex_heads.UNSURE:
            unsure.append(code)
            continue
        tree = parsed(part, flags)
        assert got == heads_of(tree), (code, part[:200])
        held = quick_required(part, flags)
        assert held in (regex_heads.UNSURE, required_of(tree)), (code, part[:200])
    # Only a source with verbose comments goes to the parse (a photo credit's whole pattern).
    assert len(unsure) <= 3, unsure


def test_the_photo_credit_patterns_are_read_without_a_parse():
    credit = [(p, f) for (p, f), code in shipped_parts().items() if code == "CAP001" and "#" not in p]
    assert len(credit) >= 20
    for part, flags in credit:
        assert quick(part, flags) not in (regex_heads.UNSURE, None), part[:120]


READ = [
    ("(?:Foto|Fotografie)x", {"Foto"}),  # a prefix all branches share moves out
    ("(?:a|b)cd", {"acd", "bcd"}),  # one character each: a class, and the literals go on
    ("(?:ab|ac)d", {"abd", "acd"}),
    ("(?:ab|a)", {"a"}),
    ("(?:x|x)y", {"x"}),
    ("(?:(?:a|b)|c)d", {"ad", "bd", "cd"}),
    ("(?:[ab]|c)e", {"ae", "be", "ce"}),
    ("(?:\\.|x)y", {".y", "xy"}),
    ("x|(?:y)", {"x", "y"}),
    ("a|b", {"a", "b"}),
    ("(?x: Photo \\ credit | Image )\\s", {"Photo credit", "Image"}),
    ("(?x:ab +c)", {"a"}),
    ("(?x:[ ]a)", {" a"}),
    ("(?x:(?-x:a b)c)", {"a b"}),  # verbose no more inside the inner group
    ("(?-i:VIDEO|PHOTOS)\\s*:", {"VIDEO", "PHOTOS"}),
    ("(?i:ab)c", {"ab"}),
    ("(?>(?:Foto|Bild)x)", {"Foto", "Bild"}),
    ("(?:(?:This article )?was|is)", {"This article ", "was", "is"}),
    ("(?:a|b)?c", {"a", "b", "c"}),
    ("(?:ab)+c", {"ab"}),
    ("(?:ab)*c", {"ab", "c"}),
    ("a{2}b", {"a"}),
    ("ab?c", {"a"}),
    ("(?=x)abc", {"abc"}),
    ("(?<=a)bc", {"bc"}),
    ("(?<!a)bc", {"bc"}),
    ("^Read", {"Read"}),
    ("\\bRead more", {"Read more"}),
    ("[Ll]orem", {"Lorem", "lorem"}),
    ("(a|b)c", {"a", "b"}),
    ("(?P<n>ab)c", {"ab"}),
    ("\\x41bc", {"Abc"}),
    ("\\u00e9t\\u00e9", {"été"}),
    ("[-a]b", {"-b", "ab"}),
    ("[a-]b", {"ab", "-b"}),
    ("[]a]b", {"]b", "ab"}),
    ("[ab][cd][ef][gh][ij][kl][mn]x", {"aceg", "acfg", "adeg", "adfg", "bceg", "bcfg", "bdeg", "bdfg",
                                       "aceh", "acfh", "adeh", "adfh", "bceh", "bcfh", "bdeh", "bdfh",
                                       "acei", "acfi", "adei", "adfi", "bcei", "bcfi", "bdei", "bdfi",
                                       "acej", "acfj", "adej", "adfj", "bcej", "bcfj", "bdej", "bdfj"}),
    ("[^a]bc", None),
    ("[a-c]x", None),
    ("(?:\\d|x)y", None),
    ("(?:.{1,3}x|y)", None),
    ("(?:a|)b", None),
    ("\\s+Read", None),
    ("[\\w.]x", None),
]


@pytest.mark.parametrize("part,expected", READ, ids=[p for p, _ in READ])
def test_hand_made_sources_read_as_the_parse_gives(part, expected):
    if expected is not None and not part.startswith("[ab][cd]"):
        assert parsed_heads(part) == expected  # the case says what the parse gives
    assert quick(part) == parsed_heads(part)
    assert quick_required(part) == parsed_required(part)


REQUIRED = [
    ("(?:[^\\n]{1,120}?\\s*Kommentare)", {"Kommentare"}),
    ("\\d{1,6}\\s*(?:Comments?|Replies)", {"Comment", "Replies"}),
    ("(?:abc|abd)x", {"ab"}),  # the shared prefix moved out is the longest run
    ("x(?:…|\\.\\.\\.)\\s*Lire la suite", {"Lire la suite"}),
    ("(?:ab)?cd", {"cd"}),
    ("(?:ab)+c", {"ab"}),
    ("[ab]\\s", {"a", "b"}),
    (".*", None),
]


@pytest.mark.parametrize("part,expected", REQUIRED, ids=[p for p, _ in REQUIRED])
def test_the_literals_a_match_holds_read_as_the_parse_gives(part, expected):
    assert parsed_required(part) == expected
    assert quick_required(part) == expected


@pytest.mark.parametrize("part", ["(?#note)a", "(?x)abc", "a{}", "a**", "(?x: a # (note\n b)", "(a", "a)",
                                  "[a", "\\1a", "(?P=n)a", "(?(1)a|b)", "\\N{EM DASH}a", "\\x4", "a{3,1}"])
def test_what_the_reader_does_not_model_is_left_to_the_parse(part):
    assert quick(part) is regex_heads.UNSURE


# Sources shaped as pack phrases are: mostly literal runs (words, escaped punctuation and spaces,
# with letters the engine folds more than one way), so that most have literals to read, with the
# classes, anchors, groups and quantifiers around them. An anchor or a lookbehind takes no
# quantifier and a lookbehind holds a literal, so that the engine refuses few of them.
WORDS = st.sampled_from(["a", "b", "ab", "abc", "also", "Also", "read", "ré", "É", "straße", "ΣΑΣ", "ς", "İx",
                         "K", "ﬁ", "\\.", "\\ ", "\\-", "\\x61", "\\u00e9", "#", " "])
CLASSES = st.sampled_from(["\\s", "\\d", "\\w", ".", "[ab]", "[a]", "[^a]", "[a-c]", "[\\d]", "[-a]", "[Éé]", "[ς]"])
ANCHORS = st.sampled_from(["^", "$", "\\b", "\\B", "\\A"])
QUANTIFIERS = st.sampled_from(["", "", "", "", "", "", "", "", "", "", "?", "*", "+", "{2}", "{0,2}", "{1,}", "??",
                               "*?", "+?", "?+"])
OPENERS = st.sampled_from(["(?:", "(?:", "(?:", "(?>", "(", "(?i:", "(?-i:", "(?x:", "(?-x:", "(?=", "(?!"])


def sequence(group):
    # one_of picks each of its strategies alike: a word is six times as likely as a class.
    words, classes = st.tuples(WORDS, QUANTIFIERS), st.tuples(CLASSES, QUANTIFIERS)
    groups = st.tuples(group, QUANTIFIERS)
    item = st.one_of(words, words, words, words, words, words, classes, groups, groups, groups,
                     st.tuples(st.one_of(ANCHORS, WORDS.map(lambda word: f"(?<={word})")), st.just("")))
    return st.lists(item, min_size=1, max_size=3).map(lambda items: "".join(a + q for a, q in items))


# A branch is as often one word alone, as pack phrases' alternations are ("Read|See"): branches
# of one character, or opening alike, are those the engine's parser rewrites.
SOURCES = st.recursive(
    sequence(st.nothing()),
    lambda inner: sequence(st.tuples(OPENERS, st.lists(st.one_of(WORDS, inner), min_size=1, max_size=3)).map(
        lambda t: t[0] + "|".join(t[1]) + ")")),
    max_leaves=8,
)


@settings(max_examples=100, deadline=None)
@given(SOURCES, st.booleans())
def test_generated_sources_read_as_the_parse_gives_or_are_left_to_it(part, verbose):
    flags = FLAGS | (re.VERBOSE if verbose else 0)
    try:
        re.compile(part, flags)
    except (re.error, OverflowError):
        return  # the reader's answer for a source the engine refuses is never asked for
    tree = parsed(part, flags)
    got = quick(part, flags)
    if got is not regex_heads.UNSURE:
        assert got == heads_of(tree), part
    held = quick_required(part, flags)
    if held is not regex_heads.UNSURE:
        assert held == required_of(tree), part


def test_a_phrase_reads_its_head_without_unwrapping_as_with_it():
    def unwrapped_first(part):
        inner = regex_starts._unwrapped(part)
        return regex_starts._ESCAPE.sub(r"\1", regex_starts._LITERAL_RUN.match(inner).group()) if inner else ""

    parts = [p for p, _ in shipped_parts()] + ["", "a(?x:b)", "\\(\\?x", "abc|d", "Read\\ more", "(?:ab)c",
                                              "Lea\\s+también", "U\\.S\\.\\s+news"]
    for part in parts:
        assert regex_starts._escaped_head(part) == unwrapped_first(part), part


def test_the_heads_packs_know_for_their_phrases_are_those_read_from_the_regexes():
    told = 0
    for path in packs.shipped_packs():
        for cls in packs.load_pack(path, None, checked=True):
            _parts, flags, known = cls.letters._source
            for part, heads in known.items():
                assert heads == regex_starts.literal_heads(part, flags), (cls.code, part)
            told += len(known)
    assert told > 4000
