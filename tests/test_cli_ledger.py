"""The removal ledger: one JSON line per applied fix, enough to audit and undo a cleanup."""

import json
import re
import shutil

from clitools import SEED_ARTICLE, assert_one_line_error, lintnews

KEYS = {"time", "run", "path", "code", "name", "line", "column", "end_line", "end_column", "field",
        "applicability", "message", "edits"}


def read_ledger(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_ledger_records_every_applied_fix(tmp_path):
    shutil.copy(SEED_ARTICLE, tmp_path / "article.txt")
    original = (tmp_path / "article.txt").read_text(encoding="utf-8")
    proc = lintnews("check", "article.txt", "--fix", "--unsafe-fixes", "--ledger", "ledger.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.err
    fixed = int(re.search(r"Fixed (\d+) finding", proc.out).group(1))
    entries = read_ledger(tmp_path / "ledger.jsonl")
    assert len(entries) == fixed > 0
    assert len({e["run"] for e in entries}) == 1
    for e in entries:
        assert set(e) == KEYS
        assert e["path"] == "article.txt"
        assert e["applicability"] in {"safe", "unsafe"}
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z", e["time"])
        for edit in e["edits"]:
            assert set(edit) == {"line", "column", "end_line", "end_column", "removed", "replacement"}
            assert edit["removed"] and edit["removed"] in original
    codes = {e["code"] for e in entries}
    assert {"REL001", "SYN001", "CMT001", "AUT001"} <= codes
    author_box = next(e for e in entries if e["code"] == "AUT001")
    assert author_box["applicability"] == "unsafe"
    assert "Author Profile" in author_box["edits"][0]["removed"]

    # A second run appends nothing: nothing is left to fix.
    lintnews("check", "article.txt", "--fix", "--unsafe-fixes", "--ledger", "ledger.jsonl", cwd=tmp_path)
    assert len(read_ledger(tmp_path / "ledger.jsonl")) == fixed


def test_ledger_is_enough_to_undo_a_cleanup(tmp_path):
    article = tmp_path / "a.txt"
    original = ("Ministers met on Monday.\n\nAlso Read: Five things to know\n\n"
                "They agreed on a plan.\n\nREAD MORE: Why plans fail\n\nThe end.\n")
    article.write_text(original, encoding="utf-8")
    proc = lintnews("check", "a.txt", "--fix", "--ledger", "ledger.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.out + proc.err
    fixed = article.read_text(encoding="utf-8")
    assert "Also Read" not in fixed and "READ MORE" not in fixed
    entries = read_ledger(tmp_path / "ledger.jsonl")
    assert [e["code"] for e in entries] == ["REL001", "REL001"]
    # One pass of fixes: positions refer to the file as read, so putting each removed text back
    # at its position, first position first, restores the file.
    lines = original.split("\n")
    restored = fixed
    for e in sorted(entries, key=lambda x: (x["line"], x["column"])):
        edit = e["edits"][0]
        assert edit["replacement"] == ""
        start = sum(len(line) + 1 for line in lines[: edit["line"] - 1]) + edit["column"] - 1
        restored = restored[:start] + edit["removed"] + restored[start:]
    assert restored == original


def test_ledger_needs_fix(tmp_path):
    shutil.copy(SEED_ARTICLE, tmp_path / "article.txt")
    assert_one_line_error(lintnews("check", "article.txt", "--ledger", "l.jsonl", cwd=tmp_path), "--fix")
    assert_one_line_error(lintnews("check", "article.txt", "--fix", "--diff", "--ledger", "l.jsonl", cwd=tmp_path),
                          "--diff")
    assert not (tmp_path / "l.jsonl").exists()


def test_unwritable_ledger_stops_before_fixing(tmp_path):
    shutil.copy(SEED_ARTICLE, tmp_path / "article.txt")
    before = (tmp_path / "article.txt").read_bytes()
    proc = lintnews("check", "article.txt", "--fix", "--ledger", "missing/dir/l.jsonl", cwd=tmp_path)
    assert_one_line_error(proc, "missing/dir/l.jsonl", "cannot open ledger")
    assert (tmp_path / "article.txt").read_bytes() == before
