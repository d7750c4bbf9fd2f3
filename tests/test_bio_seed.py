"""The founding example end to end: what the author rules report on it, and its fixed text."""

import os
import shutil

from conftest import SEED, run_cli


def test_seed_author_box_findings(seed_copy):
    out = run_cli("check", "--output-format", "concise", str(seed_copy))
    text = out.stdout.decode()
    assert "AUT001" in text and "Author Profile" in text
    assert "AUT002" in text
    assert "the bio is about Anurag Dhole but names Jane as its writer" in text
    assert "PII001" in text and "09158211119" in text
    assert "PII002" in text
    # Off by default: the name lexicon is asked only when a user selects it.
    assert "AUT003" not in text


def test_seed_fix_gives_the_fixed_article(tmp_path):
    path = tmp_path / "article.txt"
    shutil.copy(os.path.join(SEED, "article.txt"), path)
    run_cli("check", "--fix", "--unsafe-fixes", str(path))
    with open(os.path.join(SEED, "article.fixed.txt"), encoding="utf-8") as f:
        assert path.read_text(encoding="utf-8") == f.read()


def test_seed_without_unsafe_fixes_keeps_the_author_box(seed_copy):
    run_cli("check", "--fix", str(seed_copy))
    assert "Anurag Dhole is a seasoned journalist" in seed_copy.read_text(encoding="utf-8")


def test_a_surname_is_found_before_a_bio_as_in_the_text_without_its_bylines():
    """Read in place, the search answers as searching the text before the bio with its byline
    lines left out does, wherever the bio starts (the middle of a line too)."""
    import glob
    import re

    from lintnews.bio.blocks import _named_before
    from lintnews.bio.names import BYLINE_PREFIX

    def without_bylines(text, end):
        return "\n".join(ln for ln in text[:end].split("\n") if not BYLINE_PREFIX.match(ln.strip()))

    def plain(kept, surname):
        return re.search(rf"\b{re.escape(surname)}\b", kept) is not None

    paths = sorted(glob.glob(os.path.join(SEED, "..", "..", "tests", "fixtures", "corpus", "views", "naive", "*.txt")))
    # Surnames that are also a byline's word ("Von", "Di"): a line cut just after one is no
    # byline, while the whole line reads as one. The hand-made texts are cut everywhere.
    hand_made = ["By Jane Roe\nRoe wrote this.\n\nBy Roe\nMore.", "Posted by Smith\r\nSmith said so.\r\n",
                 "Von Trier said so.\nDi Rossi too.\nBy Di Rossi"]
    texts = list(hand_made)
    for path in paths[:6]:
        with open(path, encoding="utf-8") as f:
            texts.append(f.read())
    checked = 0
    for text in texts:
        names = {w for w in re.findall(r"[A-Z][a-z]{2,}", text)[:40]} | {"Roe", "Smith", "Nobody", "Von", "Di"}
        ends = range(len(text) + 1) if text in hand_made else {0, 1, len(text) // 3, len(text) // 2, len(text) - 1, len(text)}
        for end in sorted(ends):
            kept = without_bylines(text, end)  # once for every surname looked for
            for surname in names:
                assert _named_before(text, surname, end) == plain(kept, surname), (surname, end)
                checked += 1
    assert checked > 500


def test_fold_of_ascii_text_is_its_folding_by_decomposition():
    import unicodedata

    from lintnews.bio.names import fold

    def decomposed(s: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()

    words = ["".join(map(chr, range(128))), "Jane", "O'Brien", "MCDONALD", "x1_y2", "", "José", "Ǆemal", "ﬁsh", "İlker"]
    words += [chr(i) for i in range(0x250)]
    assert [fold(w) for w in words] == [decomposed(w) for w in words]
