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
