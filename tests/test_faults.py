"""Faults an attacker or a bad day brings that the trust tests do not cover yet: lines crafted to
make a rule's pattern backtrack, file names that are not UTF-8 through every report, a batch fix
killed in the middle, a disk that fills up. Slow variants (thousands of files, many kills) are in
bench/faults.py."""

import base64
import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from contextlib import contextmanager

import pytest

from lintnews.api import Linter, Options
from lintnews.config import Config
from lintnews.packs import packs_dir
from lintnews.readers import formats
from lintnews.registry import all_rules
from lintnews.report import printable
from lintnews.rules._teaser_shapes import doubles_its_opening

from clitools import ROOT, assert_one_line_error, lintnews

LIMIT = 2.0  # seconds per crafted line and rule; a linear pattern needs milliseconds


# -- crafted lines ---------------------------------------------------------------------------------
def pack_phrases():
    """code -> the phrases of its pack entry, every language."""
    out = {}
    folder = packs_dir()
    for name in sorted(os.listdir(folder)):
        if name.endswith(".toml"):
            with open(os.path.join(folder, name), "rb") as f:
                for entry in tomllib.load(f).get("rules", []):
                    out[entry["code"]] = [p for ps in entry.get("phrases", {}).values() for p in ps]
    return out


PHRASES = pack_phrases()
GENERIC = ["share", "AP", "("]


def crafted(code, rule):
    """Lines made of the rule's own phrases repeated until a backtracking pattern would take
    minutes, each ending in something that makes the match fail."""
    phrases = sorted(set(PHRASES.get(code, [])), key=len)
    words = list(getattr(rule, "words", ()) or ())
    tokens = phrases[:3] + phrases[-1:] + words[:2] + GENERIC
    seen, lines = set(), []
    for token in tokens:
        for line in ((token + " ") * 30 + "!x", (token + " | ") * 16 + "!x", (token + ": ") * 30 + "!x",
                     (token + ". ") * 40 + "x"):
            if line not in seen:
                seen.add(line)
                lines.append(line)
    return lines


@contextmanager
def time_limit(seconds, what):
    # The regex engine checks for signals while it matches, so an alarm stops a runaway match.
    def expired(signum, frame):
        raise TimeoutError(what)

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def slow_lines(code):
    """The crafted lines on which the rule takes longer than LIMIT, as text and as HTML."""
    rule = all_rules()[code]
    linter = Linter(Options(select=[code]))
    readers = formats()
    slow = []
    for line in crafted(code, rule):
        esc = line.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        cases = [("a.txt", readers["text"], f"Headline\n\nA first real sentence of the story.\n\n{line}\n\n"
                                              "The last real sentence.\n")]
        if code in HTML_RULES:
            cases.append(("a.html", readers["html"],
                          f"<html><body><article><h1>Headline</h1><p>A real sentence.</p>"
                          f"<div class=\"{esc}\" id=\"{esc}\"><a href=\"/x\">{esc}</a></div>"
                          f"<p>The last real sentence.</p></article></body></html>"))
        for name, reader, text in cases:
            start = time.perf_counter()
            try:
                with time_limit(LIMIT, line):
                    linter.lint_text(text, name, Config(), reader)
            except TimeoutError:
                slow.append(f"{name}: {line[:40]!r}... ({len(line)} chars)")
                continue
            assert time.perf_counter() - start < LIMIT
    return slow


HTML_RULES = {code for code, rule in all_rules().items() if hasattr(rule, "pattern")}


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_no_rule_hangs_on_a_line_of_its_own_phrases(code):
    assert slow_lines(code) == []


# Lines that once took exponential time: a ``block`` pack repeated an alternation of overlapping
# phrases, and a failed match tried every way of cutting the line into them.
ONCE_SLOW = {
    "SHR001": "share ",
    "CMT001": "Name * ",
    "SYN001": "Source link: ",
    "CHR010": "検索: ",
}


@pytest.mark.parametrize("code", sorted(ONCE_SLOW))
def test_once_slow_patterns_take_linear_time(code):
    linter = Linter(Options(select=[code]))
    # Compiling the rule's patterns is not what is timed: an exponential match on these lines
    # takes hours, far beyond a limit loose enough for a loaded machine.
    linter.lint_text("Headline\n\nA sentence.\n", "a.txt", Config(), formats()["text"])
    # max_chars keeps long blocks away from a block rule, so the line stays within it.
    for n in (30, 60):
        line = (ONCE_SLOW[code] * n)[:280] + "!x"
        text = f"Headline\n\nA first real sentence of the story.\n\n{line}\n"
        with time_limit(5.0, code):
            result = linter.lint_text(text, "a.txt", Config(), formats()["text"])
        assert not result.errors  # where a rule's run out of time ends up: the engine makes it the file's error


def test_a_text_of_one_long_line_takes_time_in_proportion_to_it():
    # A 4 MB line of prose whose first word comes back every dozen words: the teaser-grid
    # test of a doubled headline copied up to half of the line's words for each place it came
    # back, 80 s; now under a second for every rule.
    import random

    rnd = random.Random(1)
    words = ["council", "mayor", "said", "the", "budget", "Also", "Read:", "Share", "this", "article", "é", "—"]
    line = " ".join(rnd.choices(words, k=700_000))
    linter = Linter(Options())
    linter.lint_text("Headline\n\nA sentence.\n", "a.txt", Config(), formats()["text"])
    with time_limit(6.0, "one long line"):
        result = linter.lint_text(line, "a.txt", Config(), formats()["text"])
    assert not result.errors  # a rule stopped by the time limit is the file's error
    # The teaser rule now passes over a text of one block before it reads a line's opening: the
    # reading itself is timed on its own, a line of a grid as long as the text.
    with time_limit(6.0, "the doubled opening of one long line"):
        assert not doubles_its_opening(line)


# -- file names that are not UTF-8 -----------------------------------------------------------------
ARTICLE = ("Headline\n\nA real paragraph of the article, with enough words in it.\n\n"
           "Also Read:Another headline\n\nLast paragraph of the article.\n")
BAD_NAME = b"caf\xe9-\xff.txt"  # Latin-1 bytes: no UTF-8 decoder reads this name


@pytest.fixture
def bad_name(tmp_path):
    folder = os.fsencode(tmp_path)
    try:
        with open(os.path.join(folder, BAD_NAME), "wb") as f:
            f.write(ARTICLE.encode())
    except OSError:  # a file system that takes only UTF-8 names
        pytest.skip("this file system refuses names that are not UTF-8")
    return tmp_path, os.fsdecode(BAD_NAME)


@pytest.mark.parametrize("fmt", ["full", "concise", "json", "json-lines", "sarif", "junit", "github", "gitlab"])
def test_a_name_that_is_not_utf8_goes_through_every_report(bad_name, fmt):
    folder, name = bad_name
    # The formats' writers are the same code in this process, whose streams are strict UTF-8 as a
    # real one's are; one format also goes through a real process and its own stdout.
    proc = lintnews("check", "--no-cache", "--output-format", fmt, ".", cwd=folder, real_process=fmt == "full")
    assert proc.returncode == 1, proc.err
    assert "Traceback" not in proc.err and proc.err == ""
    out = proc.out  # the report is valid UTF-8 text
    assert "caf" in out
    if fmt in ("json", "sarif", "gitlab"):
        report = json.loads(out)
        if fmt == "json":  # each byte that is not UTF-8 shown as \xNN, as the ledger's path
            assert {d["path"] for d in report} == {"./caf\\xe9-\\xff.txt"} or \
                {d["path"] for d in report} == {"caf\\xe9-\\xff.txt"}, report


def test_a_name_that_is_not_utf8_is_fixed_and_in_the_ledger(bad_name):
    folder, name = bad_name
    # In this process: the ledger is a file this run writes, not its streams (which one report
    # format above already takes through a real process).
    proc = lintnews("check", "--fix", "--no-cache", "--ledger", "removed.jsonl", ".", cwd=folder)
    assert proc.returncode == 0 and proc.err == "", proc.err
    with open(os.path.join(os.fsencode(folder), BAD_NAME), "rb") as f:
        assert b"Also Read" not in f.read()
    with open(folder / "removed.jsonl", encoding="utf-8") as f:
        entries = [json.loads(line) for line in f]
    # One line for the fix and one for the file's bytes: every kind names the file losslessly.
    assert sorted("file" in e for e in entries) == [False, True], entries
    assert [e["code"] for e in entries if "edits" in e] == ["REL001"]
    for entry in entries:
        assert base64.b64decode(entry["path_b64"]).endswith(BAD_NAME)
        assert entry["path"].endswith("caf\\xe9-\\xff.txt")


@pytest.mark.parametrize("accept", [("--write-baseline", "baseline.json"), ("--add-ignore", "quoted on purpose")])
def test_a_name_that_is_not_utf8_is_accepted_and_stays_accepted(bad_name, accept):
    folder, name = bad_name
    proc = lintnews("check", "--no-cache", *accept, ".", cwd=folder)
    assert proc.returncode == 0 and "Traceback" not in proc.err, proc.err
    assert proc.err.startswith(("Wrote 1 finding", "Accepted 1 finding")), proc.err
    # Read back, the name is the same path: its finding stays accepted, not reported again.
    again = ("--baseline", "baseline.json") if accept[0] == "--write-baseline" else ()
    proc = lintnews("check", "--no-cache", "--output-format", "json", *again, ".", cwd=folder)
    assert proc.returncode == 0 and json.loads(proc.out) == [], (proc.out, proc.err)


def test_a_name_that_is_not_utf8_with_a_bad_file_is_one_error_line(tmp_path):
    folder = os.fsencode(tmp_path)
    try:
        with open(os.path.join(folder, BAD_NAME), "wb") as f:
            f.write(b"\x00\x01binary")
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    proc = lintnews("check", "--no-cache", ".", cwd=tmp_path, real_process=True)
    assert_one_line_error(proc, "binary")


@pytest.mark.parametrize("name", ["bad\nname.txt", "bad\x1b[31mname.txt", "bad\u202ename.txt"])
def test_a_bad_file_whose_name_has_a_newline_or_an_escape_is_one_escaped_error_line(tmp_path, name):
    # A walked folder of scraped pages names its own files: the error line shows each control
    # or bidi character as its escape, as the reports do, so it stays one line and inert.
    (tmp_path / name).write_bytes(b"\x00\x01binary")
    proc = lintnews("check", "--no-cache", ".", cwd=tmp_path)
    line = assert_one_line_error(proc, "binary")
    assert "\x1b" not in line and "\u202e" not in line
    assert line.startswith("error: ./bad" + printable(name[3:-8]) + "name.txt: "), line


# -- a batch fix killed in the middle --------------------------------------------------------------
FIXED = ARTICLE.replace("Also Read:Another headline\n\n", "")


def env():
    e = {**os.environ, "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
    e.pop("LINTNEWS_CACHE_DIR", None)
    return e


def make_tree(tree, n):
    tree.mkdir()
    for i in range(n):
        (tree / f"a{i:04}.txt").write_text(ARTICLE, encoding="utf-8")


def test_kill_9_in_the_middle_of_a_batch_fix_leaves_each_file_whole(tmp_path):
    tree = tmp_path / "tree"
    make_tree(tree, 120)
    # Kill once some files are fixed and others not: watch the folder rather than guess a delay.
    proc = subprocess.Popen([sys.executable, "-m", "lintnews", "check", "--fix", "--no-cache", "-q", "--jobs", "1",
                             str(tree)], env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    names = sorted(tree.iterdir())
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        if sum(p.stat().st_size < len(ARTICLE) for p in names) >= 40:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    texts = {p.name: p.read_text(encoding="utf-8") for p in tree.iterdir() if p.suffix == ".txt"}
    assert len(texts) == 120
    assert set(texts.values()) <= {ARTICLE, FIXED}
    fixed = sum(t == FIXED for t in texts.values())
    assert 40 <= fixed < 120 or proc.returncode == 0  # killed in the middle, unless the run won the race
    # The next run finishes the job and leaves no temporary file behind once the dead run's are stale.
    leftovers = [p for p in tree.iterdir() if p.name.startswith(".lintnews-")]
    old = time.time() - 3600
    for p in leftovers:
        os.utime(p, (old, old))
    again = lintnews("check", "--fix", "--no-cache", "-q", "tree", cwd=tmp_path)
    assert again.returncode == 0 and again.err == "", again.err
    assert all(p.read_text(encoding="utf-8") == FIXED for p in tree.iterdir())
    assert [p.name for p in tree.iterdir() if not p.name.endswith(".txt")] == []


# -- a full disk -----------------------------------------------------------------------------------
def test_a_full_disk_leaves_the_file_whole_and_says_so_in_one_line(tmp_path):
    big = ARTICLE.replace("Last paragraph", "Long paragraph " + "word " * 1000 + "\n\nLast paragraph")
    p = tmp_path / "a.txt"
    p.write_text(big, encoding="utf-8")
    # A file-size limit below the file's size: the temporary copy cannot be written in full.
    limit = ("import resource, runpy, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
             f"resource.setrlimit(resource.RLIMIT_FSIZE, ({len(big) // 2}, {len(big) // 2})); "
             "sys.argv = ['lintnews', 'check', '--fix', '--no-cache', 'a.txt']; "
             "runpy.run_module('lintnews', run_name='__main__')")
    proc = subprocess.run([sys.executable, "-c", limit], cwd=tmp_path, env=env(), capture_output=True, timeout=120)
    lines = [ln for ln in proc.stderr.decode().splitlines() if ln.strip()]
    assert proc.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: a.txt"), lines
    assert "Traceback" not in proc.stderr.decode()
    assert p.read_text(encoding="utf-8") == big
    assert [n for n in os.listdir(tmp_path) if n.startswith(".lintnews-")] == []


# -- owner -----------------------------------------------------------------------------------------
@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_the_owner_is_kept(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    os.chown(p, 4321, 4322)
    os.chmod(p, 0o640)
    proc = lintnews("check", "--fix", "--no-cache", "a.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.err
    st = os.stat(p)
    assert (st.st_uid, st.st_gid, st.st_mode & 0o7777) == (4321, 4322, 0o640)
    assert p.read_text(encoding="utf-8") == FIXED


# -- shared patterns -------------------------------------------------------------------------------
def test_a_byline_of_names_glued_to_joining_words_takes_linear_time():
    from lintnews.patterns import BYLINE

    with time_limit(1.0, "BYLINE"):
        assert BYLINE.match("By Ab" + "eAb" * 200 + ".") is None
    assert BYLINE.match("By Jane Doe and John Smith")
    assert BYLINE.match("Von Jürgen Müller und Anna Schmidt | Montag")


def test_a_fix_at_the_end_after_many_blank_lines_takes_linear_time():
    from lintnews.fix import apply_edits
    from lintnews.model import Edit, Span

    junk = "Also Read:Another headline\n"
    text = "Headline\n\nA real sentence.\n" + " \n" * 100_000 + junk
    with time_limit(2.0, "trailing blank lines"):
        out = apply_edits(text, [Edit(Span(len(text) - len(junk), len(text)), "")])
    assert out == "Headline\n\nA real sentence.\n"


# Patterns that open with white space are tried where a run of it starts, not at every place
# inside it as well, where each failed try read the rest of the run: quadratic time, and a JSONL
# record whose byline field held 30,000 spaces took more than a minute to check.
SPACE_LED = [("lintnews.bio.names", "_SPLIT"), ("lintnews.bio.names", "_TAIL"),
             ("lintnews.bio.blocks", "_CARD_FIELD"), ("lintnews.pagehead", "_TITLE_PARTS"),
             ("lintnews.rules._nav_shapes", "_COUNT"), ("lintnews.rules._teaser_shapes", "COUNT_AFTER"),
             ("lintnews.rules._teaser_shapes", "_DATE_AFTER")]


@pytest.mark.parametrize("module,name", SPACE_LED, ids=[name for _, name in SPACE_LED])
def test_a_pattern_led_by_white_space_takes_linear_time_over_a_long_run_of_it(module, name):
    import importlib

    pattern = getattr(importlib.import_module(module), name)
    pattern.search("")  # compiled (a language's dates written out) outside the time limit
    # 50,000: each took a second or more at 10,000 before (the dates' pattern 27 s at 2,000).
    for run in (" " * 50_000, "\n" * 50_000, " \t" * 25_000):
        with time_limit(2.0, name):
            assert pattern.search("x" + run + "x") is None


def test_every_contains_rule_takes_linear_time_over_a_long_run_of_one_character():
    # A contains rule searches its block from every place; a phrase opening with "\\s*" was
    # tried over the rest of a long run of white space from each place in it (TRN002's "[…]":
    # 4 s for a paragraph with 40,000 spaces in it).
    contains = [rule for rule in all_rules().values() if getattr(rule, "mode", None) == "contains"]
    assert len(contains) >= 3
    for rule in contains:
        rule.regex.search("")  # compiled outside the time limit
        for run in (" " * 50_000, "\n" * 50_000, "\u00a0" * 50_000, "." * 50_000, "…" * 50_000, "[" * 50_000):
            with time_limit(2.0, rule.code):
                rule.regex.search("x" + run + "x")


def test_a_paragraph_with_a_long_run_of_white_space_in_it_is_checked_in_time():
    linter = Linter(Options())
    linter.lint_text("Headline\n\nA sentence.\n", "a.txt", Config(), formats()["text"])
    for tail in ("[… more", "… Continue x"):
        text = "Headline\n\nThe story begins here." + " " * 100_000 + tail + "\n\nThe last real sentence.\n"
        with time_limit(5.0, tail):
            result = linter.lint_text(text, "a.txt", Config(), formats()["text"])
        assert not result.errors


@pytest.mark.parametrize("run", ["<a=" * 20_000, '<a"' * 20_000, ("<p><a " + "<a " * 9_000 + "x>y</p>") * 3,
                                 "<p " * 9_000 + "x>y</p>",
                                 "<a'b " * 9_000 + ">"], ids=["equals", "quote", "spaces", "closed", "quoted-names"])
def test_a_page_of_unfinished_tags_is_read_and_fixed_in_time(run):
    # The tag scanner gave a tag's name back one character at a time, reading the rest again
    # each time (45 s for 6 KB of "<a="); the attribute limit's search began again at each "<"
    # inside a long list of attributes (3 s for 9,000 of "<a ").
    linter = Linter(Options(fix=True))
    page = ("<html><body><h1>Headline</h1><p>A first real sentence of the story.</p>"
            "<p>Also Read: Another headline here</p><p>The last real sentence.</p><p>" + run)
    with time_limit(5.0, run[:8]):
        result = linter.lint_text(page, "a.html", Config(), formats()["html"])
    assert not result.errors
    assert result.new is not None and "Also Read" not in result.new and run in result.new


def test_the_address_pattern_takes_linear_time_over_a_long_run_without_an_address():
    from lintnews.patterns import EMAIL

    # Each took 25 s or more at this length before (4 s at 40,000 characters).
    for text in ("a." * 50_000, "a-b+" * 25_000, "x@" + "a." * 50_000 + "1"):
        with time_limit(2.0, "EMAIL"):
            assert not list(EMAIL.finditer(text))


def test_the_address_pattern_finds_what_the_unbounded_one_finds_where_local_parts_are_short():
    import random
    import re

    from lintnews.patterns import EMAIL

    unbounded = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}\b")
    rnd = random.Random(13)
    for _ in range(4_000):
        # Under 66 characters, a local part cannot pass the bound: any difference is the change's.
        text = "".join(rnd.choices("ab.-+@ é1co", k=rnd.randrange(1, 66)))
        assert [m.span() for m in EMAIL.finditer(text)] == [m.span() for m in unbounded.finditer(text)], text
    assert EMAIL.search("jane.roe+news@mail.example.co.uk").group() == "jane.roe+news@mail.example.co.uk"
    assert EMAIL.search("a@b.com.x@c.org").span() == (0, 7)
    # A local part of 65 characters is no address; of a longer run, the part from the last word
    # boundary within 64 characters of the "@" is read as one (a boundary falls before the dot too).
    assert EMAIL.search("a" * 65 + "@example.com") is None
    assert EMAIL.search("a" * 40 + "." + "b" * 40 + "@example.com").group() == "." + "b" * 40 + "@example.com"


def test_a_record_whose_byline_is_a_long_run_of_dotted_letters_is_checked_in_time():
    linter = Linter(Options())
    record = json.dumps({"text": "Headline\n\nThe body of the story, a sentence.\n\n"
                                 "Jane Roe is a reporter who covers technology.", "author": "a." * 50_000})
    linter.lint_text("{\"text\": \"Headline\\n\\nA sentence.\"}\n", "a.jsonl", Config(), formats()["jsonl"])
    with time_limit(5.0, "byline"):
        result = linter.lint_text(record + "\n", "a.jsonl", Config(), formats()["jsonl"])
    assert not result.errors


def test_a_record_whose_byline_is_a_long_run_of_white_space_is_checked_in_time():
    linter = Linter(Options())
    record = json.dumps({"text": "Headline\n\nThe body of the story, a sentence.\n\n"
                                 "Jane Roe is a reporter who covers technology.",
                         "author": "Jane" + " " * 100_000 + "Roe 2024"})
    linter.lint_text("{\"text\": \"Headline\\n\\nA sentence.\"}\n", "a.jsonl", Config(), formats()["jsonl"])
    with time_limit(5.0, "byline"):
        result = linter.lint_text(record + "\n", "a.jsonl", Config(), formats()["jsonl"])
    assert not result.errors


@pytest.mark.parametrize("shape", ["line breaks", "backslashes", "surrogate pairs", "many keys"])
def test_a_long_record_of_escapes_or_keys_is_decoded_in_time_as_the_decoder_reads_it(shape):
    from lintnews.readers import jsonl

    record = {"line breaks": {"text": "\n" * 700_000},
              "backslashes": {"text": "\\" * 700_000},
              "surrogate pairs": {"text": "\U0001F600" * 120_000},
              "many keys": {f"k{i}": i for i in range(120_000)} | {"text": "Body."}}[shape]
    line = json.dumps(record) + "\n"
    assert len(line) >= jsonl._LONG_LINE
    with time_limit(5.0, shape):
        decoded, pieces = jsonl._long_record(line)
        for key, parts in pieces.items():
            decoded[key] = "".join(parts)
    assert decoded == record
