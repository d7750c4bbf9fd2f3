"""The founding example end to end, through the command a user types."""

import json
import os

from conftest import SEED, run_cli

# Lines the seed's README lists as defects (the blank-line runs at 2-3 and 47-51 aside).
EXPECTED = {
    (10, "REL001"), (10, "WS001"), (22, "REL001"), (34, "REL001"), (52, "SYN001"),
    (54, "AUT001"), (55, "PII001"), (55, "PII002"), (57, "AUT002"), (59, "CMT001"), (61, "CMT001"),
}
NOT_FLAGGED = {24, 36, 46}  # the subheadings and the wire credit


def findings(path):
    proc = run_cli("check", "--output-format", "json", str(path))
    assert proc.returncode == 1, proc.stderr
    return json.loads(proc.stdout)


def test_check_flags_every_listed_defect_and_nothing_in_the_body(seed_copy):
    found = findings(seed_copy)
    pairs = {(f["line"], f["code"]) for f in found}
    assert EXPECTED <= pairs
    junk_lines = {line for line, _ in EXPECTED}
    body = {(line, code) for line, code in pairs if line not in junk_lines and code != "WS002"}
    assert body == set(), f"flagged in the body: {sorted(body)}"
    assert not {f["line"] for f in found} & NOT_FLAGGED
    blank_runs = sorted(f["line"] for f in found if f["code"] == "WS002")
    assert blank_runs == [2, 47]


def test_bio_finding_names_the_contradiction(seed_copy):
    bio = [f for f in findings(seed_copy) if f["code"] == "AUT002"]
    assert len(bio) == 1
    assert "Anurag Dhole" in bio[0]["message"] and "Jane" in bio[0]["message"]
    assert bio[0]["fix"]["applicability"] == "unsafe"


def test_fix_with_unsafe_fixes_gives_the_wanted_article(seed_copy):
    proc = run_cli("check", "--fix", "--unsafe-fixes", str(seed_copy))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(os.path.join(SEED, "article.fixed.txt"), "rb") as f:
        assert seed_copy.read_bytes() == f.read()
    again = run_cli("check", "--fix", "--unsafe-fixes", str(seed_copy))
    assert again.returncode == 0
    with open(os.path.join(SEED, "article.fixed.txt"), "rb") as f:
        assert seed_copy.read_bytes() == f.read()


def test_safe_fix_keeps_the_author_box_and_reports_it(seed_copy):
    proc = run_cli("check", "--fix", "--output-format", "concise", str(seed_copy))
    assert proc.returncode == 1
    text = seed_copy.read_text(encoding="utf-8")
    assert "Also Read" not in text and "Source link" not in text and "Leave a Reply" not in text
    assert "Author Profile" in text and "(With inputs from agencies)" in text
    out = proc.stdout.decode()
    assert "AUT001" in out and "AUT002" in out and "REL001" not in out


def test_diff_shows_the_change_and_writes_nothing(seed_copy):
    before = seed_copy.read_bytes()
    proc = run_cli("check", "--diff", "--unsafe-fixes", str(seed_copy))
    assert proc.returncode == 1
    out = proc.stdout.decode()
    assert "-Also Read:West is plotting" in out and "-Source link" in out
    assert seed_copy.read_bytes() == before
