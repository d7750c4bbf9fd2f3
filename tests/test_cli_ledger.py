"""The removal ledger: one JSON line per applied fix, enough to audit and undo a cleanup."""

import json
import re
import shutil

import pytest

from clitools import SEED_ARTICLE, assert_one_line_error, lintnews

KEYS = {"time", "run", "path", "code", "name", "pass", "line", "column", "end_line", "end_column", "field",
        "applicability", "message", "edits"}


def read_all(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def read_ledger(path):
    """The lines of the fixes (and of failed writes), without the lines of what each file became."""
    return [e for e in read_all(path) if "file" not in e]


def read_files(path):
    return [e for e in read_all(path) if "file" in e]


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
            assert set(edit) - {"trimmed"} == {"line", "column", "end_line", "end_column", "removed", "replacement", "cut"}
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


def undo(fixed, entries):
    """The ledger's recipe: last pass first; within a pass, first position first, put each cut
    back in place of its replacement."""
    text = fixed
    edits = [(e["pass"], edit) for e in entries for edit in e["edits"] if edit["cut"] is not None]
    for number in sorted({p for p, _ in edits}, reverse=True):
        for e in entries:
            for edit in e["edits"]:
                if e["pass"] == number and "trimmed" in edit:
                    text = text[:-1] + edit["trimmed"]
        for edit in sorted((ed for p, ed in edits if p == number),
                           key=lambda ed: (ed["cut"]["line"], ed["cut"]["column"])):
            cut = edit["cut"]
            lines = text.split("\n")
            start = sum(len(line) + 1 for line in lines[: cut["line"] - 1]) + cut["column"] - 1
            assert text[start:start + len(edit["replacement"])] == edit["replacement"]
            text = text[:start] + cut["text"] + text[start + len(edit["replacement"]):]
    return text


def test_undo_recipe_restores_overlapping_edits(tmp_path):
    # In the seed article two author-box findings cut the same block and a stray space lies
    # inside a removed line: each text must come back once.
    original = ("Ministers met on Monday.  \n\nAlso Read: Five things to know\nShare on Facebook\n\n"
                "They agreed on a plan.\n\nREAD MORE: Why plans fail\n\nThe end.\n")
    article = tmp_path / "a.txt"
    article.write_text(original, encoding="utf-8")
    # The seed ends with a comment form: its removal also takes the blank lines before it.
    seed = open(SEED_ARTICLE, encoding="utf-8").read()
    (tmp_path / "seed.txt").write_text(seed, encoding="utf-8")
    proc = lintnews("check", "a.txt", "seed.txt", "--fix", "--unsafe-fixes", "--ledger", "l.jsonl", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.err
    entries = read_ledger(tmp_path / "l.jsonl")
    for path, before in (("a.txt", original), ("seed.txt", seed)):
        mine = [e for e in entries if e["path"] == path]
        assert mine
        after = (tmp_path / path).read_text(encoding="utf-8")
        assert after != before
        assert undo(after, mine) == before
    assert any(edit["cut"] is None for e in entries for edit in e["edits"])  # an overlap was met
    assert any("trimmed" in edit for e in entries for edit in e["edits"])


def test_undo_recipe_across_passes_and_overlaps():
    from lintnews.ledger import entry, _cuts
    from lintnews.model import Diagnostic, Fix, Span

    def diag(number, line, col, end_col, removed, content=""):
        return Diagnostic("X001", "x", "m", Span(0, 0), fix=Fix("m", ()), path="a.txt", line=line, column=col,
                          end_line=line, end_column=end_col,
                          extra={"pass": number, "edits": [(line, col, line, end_col, content)], "removed": [removed]})

    # Pass 1 cuts "bcd" through two overlapping deletions, the larger first; pass 2 repairs
    # the text pass 1 left ("aef" -> "aEf").
    fixed = [diag(1, 1, 2, 4, "bc"), diag(1, 1, 3, 5, "cd"), diag(2, 1, 2, 3, "e", "E")]
    cuts = _cuts(fixed)
    entries = [entry(d, "t", "r", cuts, i) for i, d in enumerate(fixed)]
    assert [[ed["cut"] for ed in e["edits"]] for e in entries] == [
        [{"line": 1, "column": 2, "text": "bc"}], [{"line": 1, "column": 4, "text": "d"}],
        [{"line": 1, "column": 2, "text": "e"}]]
    assert undo("aEf\n", entries) == "abcdef\n"


def _cuts_char_by_char(fixed):
    """What each deletion cut, worked out a character at a time (how _cuts did it, and took 45 s
    for the unsafe fixes of the 181 raw pages): the reference the fast way must agree with."""
    from lintnews.ledger import _after

    out, taken = {}, {}
    for i, diag in enumerate(fixed):
        spans = taken.setdefault((diag.extra.get("pass"), diag.field), [])
        for j, (line, col, end_line, end_col, content) in enumerate(diag.extra["edits"]):
            text = diag.extra["removed"][j]
            pos, first, kept = (line, col), None, []
            for ch in text:
                if not any(a <= pos < b for a, b in spans):
                    first = first or pos
                    kept.append(ch)
                elif kept:
                    break
                pos = _after(*pos, ch)
            out[(i, j)] = {"line": first[0], "column": first[1], "text": "".join(kept)} if kept else None
            spans.append(((line, col), (end_line, end_col)))
    return out


@pytest.mark.parametrize("seed", range(100))
def test_the_cut_of_each_deletion_is_what_reading_it_a_character_at_a_time_gives(seed):
    import random

    from lintnews.ledger import _after, _cuts
    from lintnews.model import Diagnostic, Fix, Span

    rnd = random.Random(seed)
    text = "".join(rnd.choice(["a", "b", "\n", "\n\n", "xyz", "é"]) for _ in range(rnd.randrange(5, 120)))
    starts = [0] + [k + 1 for k, ch in enumerate(text) if ch == "\n"]

    # Odd seeds: a JSONL record's field, whose newlines are escapes on the record's one line, so
    # an edit's places stay on that line while the text it removes holds newlines.
    one_line = seed % 2

    def place(offset):
        if one_line:
            return 1, offset + 1
        line = max(n for n, s in enumerate(starts) if s <= offset)
        return line + 1, offset - starts[line] + 1

    fixed = []
    for _ in range(rnd.randrange(1, 8)):  # overlapping deletions of one pass, the larger first
        a = rnd.randrange(0, len(text))
        b = rnd.randrange(a + 1, len(text) + 1)
        fixed.append((b - a, a, b))
    fixed.sort(key=lambda t: -t[0])
    diags = []
    for _, a, b in fixed:
        (line, col), (end_line, end_col) = place(a), place(b) if one_line else _after(*place(a), text[a:b])
        diags.append(Diagnostic("X001", "x", "m", Span(a, b), fix=Fix("m", ()), path="a.txt", line=line,
                                column=col, end_line=end_line, end_column=end_col,
                                extra={"pass": 1, "edits": [(line, col, end_line, end_col, "")],
                                       "removed": [text[a:b]]}))
    assert _cuts(diags) == _cuts_char_by_char(diags)


def test_what_a_long_deletion_cut_is_worked_out_without_reading_it_a_character_at_a_time():
    # Two deletions of 10 MB each, overlapping by a line: reading the second a character at a
    # time took 15 s (the 181 raw pages' ledger: 45 s of a 58 s run); now half a second. In a
    # process of its own, so the old way fails by its timeout rather than holding up the suite.
    import subprocess
    import sys

    from clitools import ROOT

    code = """
from lintnews.ledger import _after, _cuts
from lintnews.model import Diagnostic, Fix, Span
LINE = "A line of a navigation menu scraped with the page\\n"
text = LINE * 400000
def diag(a, b):
    line, col = a // len(LINE) + 1, a % len(LINE) + 1
    end = _after(line, col, text[a:b])
    return Diagnostic("X001", "x", "m", Span(a, b), fix=Fix("m", ()), path="a.txt", line=line, column=col,
                      end_line=end[0], end_column=end[1],
                      extra={"pass": 1, "edits": [(line, col, *end, "")], "removed": [text[a:b]]})
half = len(text) // 2
cuts = _cuts([diag(0, half + len(LINE)), diag(half, len(text))])
assert cuts[(1, 0)] == {"line": 200002, "column": 1, "text": text[half + len(LINE):]}, cuts[(1, 0)]["line"]
"""
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=6)
    assert proc.returncode == 0, proc.stderr


def test_the_cuts_of_a_long_records_deletions_pass_over_the_stretches_that_take_none_of_them():
    # Each deletion read every stretch after the first newline of its text, none of which takes
    # a character of it (a record's places stay on its one line): 8,000 deletions took 33 s, now
    # under a second. In a process of its own, so the old way fails by its timeout.
    import subprocess
    import sys

    from clitools import ROOT

    code = """
from lintnews.ledger import _cuts
from lintnews.model import Diagnostic, Fix, Span
# One JSONL record of 8,000 removed paragraphs: its places stay on the record's one line, while
# each removed text holds the field's newlines.
para = "Also Read: a story of the day\\n\\n"
width = len(para) + 4  # the escaped newlines make each paragraph four characters longer in the file
diags = []
for n in range(8000):
    col = 10 + 2 * n * width  # a kept paragraph between two removed ones
    diags.append(Diagnostic("X001", "x", "m", Span(0, 0), fix=Fix("m", ()), path="d.jsonl", line=1, column=col,
                            end_line=1, end_column=col + width, field="text",
                            extra={"pass": 1, "edits": [(1, col, 1, col + width, "")], "removed": [para]}))
cuts = _cuts(diags[::-1])
assert len(cuts) == 8000 and all(c["text"] == para for c in cuts.values())
"""
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=10)
    assert proc.returncode == 0, proc.stderr


def test_a_name_that_is_not_utf8_is_recorded_losslessly(tmp_path):
    import base64
    import os

    name = os.fsdecode(b"bad\xff.txt")
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xff.txt"), "wb") as f:
        f.write(b"Ministers met.\n\nAlso Read: Five things to know\n\nThe end.\n")
    proc = lintnews("check", ".", "--fix", "--ledger", "l.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.err
    (line,) = read_ledger(tmp_path / "l.jsonl")
    assert line["path"] == "./bad\\xff.txt"
    assert base64.b64decode(line["path_b64"]) == b"./bad\xff.txt" == os.fsencode("./" + name)
    assert "Also Read" not in open(os.path.join(os.fsencode(tmp_path), b"bad\xff.txt"), "rb").read().decode()


def test_the_ledger_line_is_written_before_the_file_is_replaced(tmp_path, monkeypatch):
    from lintnews import api as lint_api

    article = tmp_path / "a.txt"
    original = "Ministers met.\n\nAlso Read: Five things to know\n\nThe end.\n"
    article.write_text(original, encoding="utf-8")
    seen = []

    def crash(path, *args):
        seen.append(read_ledger(tmp_path / "l.jsonl"))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(lint_api, "atomic_write", crash)
    proc = lintnews("check", "a.txt", "--fix", "--ledger", "l.jsonl", cwd=tmp_path)
    assert proc.returncode == 2
    assert [[e["code"] for e in lines] for lines in seen] == [["REL001"]]
    entries = read_ledger(tmp_path / "l.jsonl")
    assert entries[-1]["path"] == "a.txt" and "No space left" in entries[-1]["not_written"]
    assert article.read_text(encoding="utf-8") == original
    # The file line went before the write too, and undo knows that write never happened.
    assert [r["path"] for r in read_files(tmp_path / "l.jsonl")] == ["a.txt"]
    monkeypatch.undo()
    assert_one_line_error(lintnews("undo", "l.jsonl", cwd=tmp_path), "no rewritten file recorded")
    assert article.read_text(encoding="utf-8") == original


def test_a_name_that_is_not_utf8_prints_in_reports(tmp_path):
    import os

    with open(os.path.join(os.fsencode(tmp_path), b"bad\xff.txt"), "wb") as f:
        f.write(b"Ministers met.\n\nAlso Read: Five things to know\n\nThe end.\n")
    for fmt in ("full", "concise"):
        proc = lintnews("check", ".", "--output-format", fmt, cwd=tmp_path)
        assert proc.returncode == 1 and "./bad\\xff.txt:3:1: REL001" in proc.out, proc.err


def test_the_cuts_of_a_dump_of_many_records_are_worked_out_in_one_go(tmp_path):
    # A dump's records are fixed in one pass: every earlier deletion was looked at for each
    # character removed, and a --fix --ledger run over a dump of thousands of records never
    # ended. In a process of its own, so the old way fails by its timeout instead of hanging.
    import subprocess
    import sys

    from clitools import ROOT

    code = """
from lintnews.ledger import _cuts
from lintnews.model import Diagnostic, Fix, Span
diags = [Diagnostic("X001", "x", "m", Span(0, 0), fix=Fix("m", ()), path="d.jsonl", line=n, column=9,
                    end_line=n, end_column=59, field="text",
                    extra={"pass": 1, "edits": [(n, 9, n, 59, "")], "removed": ["Also Read: " + "x" * 39]})
         for n in range(1, 5001)]
cuts = _cuts(diags)
assert len(cuts) == 5000 and all(c["text"].startswith("Also Read") for c in cuts.values())
"""
    # 5,000 records took 47 s the old way, 0.4 s now.
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=15)
    assert proc.returncode == 0, proc.stderr
