"""`lintnews undo LEDGER`: a batch cleanup put back byte for byte, and refused where it must be."""

import base64
import hashlib
import json
import os
import shutil

import pytest

from clitools import ROOT, assert_one_line_error, lintnews

FIXTURES = os.path.join(ROOT, "tests", "fixtures")
CORPUS = os.path.join(FIXTURES, "corpus", "views", "naive")
EXTRA = [os.path.join(FIXTURES, "html", "wordpress_article.html"),
         os.path.join(FIXTURES, "html", "nested_widgets.html"),
         os.path.join(FIXTURES, "jsonl", "dump.jsonl")]


def snapshot(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def make_corpus(tmp_path):
    """The 30-page corpus sample plus HTML and JSONL articles, some with Windows line ends and a
    byte that is not UTF-8, in a folder of their own."""
    articles = tmp_path / "articles"
    shutil.copytree(CORPUS, articles / "naive")
    for path in EXTRA:
        shutil.copy(path, articles / os.path.basename(path))
    html = (articles / "wordpress_article.html").read_bytes()
    (articles / "crlf.html").write_bytes(html.replace(b"\n", b"\r\n"))
    (articles / "latin1").mkdir()
    (articles / "latin1" / "lintnews.toml").write_text('encoding = "latin-1"\n', encoding="utf-8")
    (articles / "latin1" / "a.txt").write_bytes("Ministers met in Zürich.\n\nAlso Read: Five things to know about Zürich\n\n"
                                          "The end.\n".encode("latin-1"))
    return tmp_path


def fix(cwd, *extra):
    return lintnews("check", "--fix", "--unsafe-fixes", "--no-cache", "--ledger", "ledger.jsonl", "articles",
                    *extra, cwd=cwd)


@pytest.fixture(scope="module")
def fixed_once(tmp_path_factory):
    """The corpus fixed once in one process, with its ledger: (folder, the files before, the run).
    Tests that undo it work on a copy (the ledger names the files relative to the folder)."""
    folder = make_corpus(tmp_path_factory.mktemp("undo-fixed"))
    before = snapshot(folder / "articles")
    return folder, before, fix(folder)


def fixed_copy(fixed_once, tmp_path):
    folder, before, proc = fixed_once
    shutil.copytree(folder, tmp_path / "copy")
    return tmp_path / "copy", before, proc


def file_lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if '"file"' in line]


# The tests that read the module's one fixed corpus run in one worker of a parallel run, which
# fixes it once (it takes a second).
SHARES_THE_FIX = pytest.mark.xdist_group("undo-fixed-once")


@pytest.mark.parametrize("jobs", [pytest.param([], id="one-process", marks=SHARES_THE_FIX),
                                  pytest.param(["--jobs", "2"], id="workers")])
def test_undo_restores_every_file_byte_for_byte(request, tmp_path, jobs):
    if jobs:
        corpus = make_corpus(tmp_path)
        before = snapshot(corpus / "articles")
        proc = fix(corpus, *jobs)
    else:
        corpus, before, proc = fixed_copy(request.getfixturevalue("fixed_once"), tmp_path)
    # The dump holds two broken records on purpose: reported, kept as they are, the rest fixed.
    errors = [line for line in proc.err.splitlines() if line.startswith("error:")]
    assert proc.returncode == 2 and errors and all("dump.jsonl" in line for line in errors), proc.err
    after = snapshot(corpus / "articles")
    changed = {name for name in before if before[name] != after[name]}
    # Every format took part: the corpus text, both HTML pages, the JSONL dump.
    assert {"naive", "wordpress_article.html", "crlf.html", "dump.jsonl", "latin1"} <= \
        {n.split("/")[0] for n in changed}
    assert len(changed) >= 20
    rows = file_lines(corpus / "ledger.jsonl")
    assert sorted(r["path"].split("articles/", 1)[1] for r in rows) == sorted(changed)
    for row in rows:
        name = row["path"].split("articles/", 1)[1]
        record = row["file"]
        assert record["sha256_before"] == hashlib.sha256(before[name]).hexdigest()
        assert record["sha256_after"] == hashlib.sha256(after[name]).hexdigest()
        # Exactly what was written, once: the sizes add up with nothing counted twice.
        assert record["size_before"] - record["removed_bytes"] + record["added_bytes"] == record["size_after"]
        assert record["size_before"] == len(before[name]) and record["size_after"] == len(after[name])
        for change in record["changes"]:
            cut = (base64.b64decode(change["cut_b64"]) if "cut_b64" in change
                   else change["cut"].encode("utf-8"))
            assert before[name][change["offset"]:change["offset"] + len(cut)] == cut
    # Bytes that are not UTF-8 are recorded exactly, in base64.
    assert any("cut_b64" in c for r in rows for c in r["file"]["changes"])
    # HTML: the bytes cut from the page, markup and all, not the text the rules saw.
    html = next(r for r in rows if r["path"].endswith("wordpress_article.html"))
    assert any("<" in c.get("cut", "") and ">" in c.get("cut", "") for c in html["file"]["changes"])

    proc = lintnews("undo", "ledger.jsonl", cwd=corpus)
    assert proc.returncode == 0, proc.err
    assert f"Restored {len(changed)} file(s)" in proc.out
    assert snapshot(corpus / "articles") == before


@SHARES_THE_FIX
def test_undo_refuses_a_file_changed_since_and_restores_nothing(fixed_once, tmp_path):
    corpus, before, _ = fixed_copy(fixed_once, tmp_path)
    edited = corpus / "articles" / "wordpress_article.html"
    edited.write_bytes(edited.read_bytes() + b"<!-- edited by hand -->\n")
    hand = snapshot(corpus / "articles")
    proc = lintnews("undo", "ledger.jsonl", cwd=corpus)
    assert proc.returncode == 1
    assert "refused: articles/wordpress_article.html: changed since the run" in proc.err
    assert "Nothing restored" in proc.err
    assert snapshot(corpus / "articles") == hand
    # --skip-changed restores the rest and leaves the edited file alone.
    proc = lintnews("undo", "ledger.jsonl", "--skip-changed", cwd=corpus)
    assert proc.returncode == 1 and "1 refused" in proc.out
    now = snapshot(corpus / "articles")
    assert now["wordpress_article.html"] == hand["wordpress_article.html"]
    assert {k: v for k, v in now.items() if k != "wordpress_article.html"} == \
        {k: v for k, v in before.items() if k != "wordpress_article.html"}
    # Undoing again finds every other file as it was.
    edited.write_bytes(hand["wordpress_article.html"][:-len(b"<!-- edited by hand -->\n")])
    proc = lintnews("undo", "ledger.jsonl", cwd=corpus)
    assert proc.returncode == 0, proc.err
    assert "already as they were" in proc.out
    assert snapshot(corpus / "articles") == before


def test_an_empty_run_id_is_refused_not_read_as_every_run(tmp_path):
    # `--run "$UNSET"` is the start of every id: with one run in the ledger, that run was undone.
    article = tmp_path / "a.txt"
    article.write_bytes(b"Ministers met.\n\nAlso Read: Five things to know\n\nThe end.\n")
    lintnews("check", "--fix", "--ledger", "l.jsonl", "a.txt", cwd=tmp_path)
    fixed = article.read_bytes()
    assert_one_line_error(lintnews("undo", "l.jsonl", "--run", "", cwd=tmp_path), "--run: empty run id")
    assert article.read_bytes() == fixed


def test_undo_picks_a_run(tmp_path):
    article = tmp_path / "a.txt"
    original = b"Ministers met.\n\nAlso Read: Five things to know\n\nThe end.\n"
    article.write_bytes(original)
    lintnews("check", "--fix", "--ledger", "l.jsonl", "a.txt", cwd=tmp_path)
    first_fix = article.read_bytes()
    article.write_bytes(first_fix.replace(b"The end.\n", b"The end.\n\nREAD MORE: Why plans fail\n"))
    second = article.read_bytes()
    lintnews("check", "--fix", "--ledger", "l.jsonl", "a.txt", cwd=tmp_path)
    runs = list(dict.fromkeys(json.loads(line)["run"] for line in (tmp_path / "l.jsonl").read_text().splitlines()))
    assert len(runs) == 2
    # By default the last run; its file is then as that run found it.
    assert lintnews("undo", "l.jsonl", cwd=tmp_path).returncode == 0
    assert article.read_bytes() == second
    # The first run's file is not what this file is now: refused.
    proc = lintnews("undo", "l.jsonl", "--run", runs[0][:8], cwd=tmp_path)
    assert proc.returncode == 1 and "changed since the run" in proc.err
    article.write_bytes(first_fix)
    assert lintnews("undo", "l.jsonl", "--run", runs[0][:8], cwd=tmp_path).returncode == 0
    assert article.read_bytes() == original


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_removed_line_holding_a_separator_str_splitlines_knows_is_undone(tmp_path, separator):
    # The ledger's JSON holds these raw: only a line break ends a ledger line.
    article = tmp_path / "a.txt"
    original = f"Ministers met.\n\nAlso Read: Five things{separator}to know\n\nThe end.\n".encode()
    article.write_bytes(original)
    lintnews("check", "--fix", "--ledger", "l.jsonl", "a.txt", cwd=tmp_path)
    assert article.read_bytes() != original
    proc = lintnews("undo", "l.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.err
    assert article.read_bytes() == original


def test_undo_errors(tmp_path):
    assert_one_line_error(lintnews("undo", "missing.jsonl", cwd=tmp_path), "missing.jsonl", "no such ledger")
    (tmp_path / "bad.jsonl").write_text("not json\n", encoding="utf-8")
    assert_one_line_error(lintnews("undo", "bad.jsonl", cwd=tmp_path), "bad.jsonl", "line 1")
    (tmp_path / "a.txt").write_text("Ministers met.\n\nAlso Read: Five things\n\nThe end.\n", encoding="utf-8")
    lintnews("check", "--fix", "--ledger", "l.jsonl", "a.txt", cwd=tmp_path)
    assert_one_line_error(lintnews("undo", "l.jsonl", "--run", "zzz", cwd=tmp_path), "no run with id 'zzz'")


def test_a_ledger_a_stopped_run_cut_short_still_undoes_every_run(tmp_path):
    # A run killed (or out of disk) while writing a file's lines leaves the last line cut; that
    # file was never replaced. The next run appended its first line to the cut one, and undo
    # then refused the whole ledger, every run of it, as "not JSON".
    texts = {name: f"Ministers met in {name}.\n\nAlso Read: Five things to know\n\nThe end.\n".encode()
             for name in ("a.txt", "b.txt")}
    for name, data in texts.items():
        (tmp_path / name).write_bytes(data)
    lintnews("check", "--fix", "--ledger", "l.jsonl", "a.txt", cwd=tmp_path)
    first_run = json.loads((tmp_path / "l.jsonl").read_text(encoding="utf-8").splitlines()[0])["run"]
    with open(tmp_path / "l.jsonl", "a", encoding="utf-8") as ledger:
        ledger.write('{"time": "2025-01-31T12:00:00.000000Z", "run": "stopped", "path": "c.txt", "co')
    lintnews("check", "--fix", "--ledger", "l.jsonl", "b.txt", cwd=tmp_path)
    proc = lintnews("undo", "l.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.err
    assert proc.err.startswith("warning: l.jsonl: line(s) 3 cut short") and len(proc.err.splitlines()) == 1
    assert (tmp_path / "b.txt").read_bytes() == texts["b.txt"]
    assert lintnews("undo", "l.jsonl", "--run", first_run, cwd=tmp_path).returncode == 0
    assert (tmp_path / "a.txt").read_bytes() == texts["a.txt"]


@pytest.mark.parametrize("edit", [
    lambda row: row["file"].pop("sha256_before"),
    lambda row: row["file"].update(changes=None),
    lambda row: row.update(path_b64=5),
    lambda row: row.update(path="a\0.txt"),
], ids=["no-sha256_before", "no-changes", "path_b64-not-a-string", "nul-in-path"])
def test_a_file_line_edited_out_of_shape_is_one_line(tmp_path, edit):
    original = b"Ministers met.\n\nAlso Read: Five things\n\nThe end.\n"
    (tmp_path / "a.txt").write_bytes(original)
    lintnews("check", "--fix", "--ledger", "l.jsonl", "a.txt", cwd=tmp_path)
    fixed = (tmp_path / "a.txt").read_bytes()
    rows = [json.loads(line) for line in (tmp_path / "l.jsonl").read_text(encoding="utf-8").splitlines()]
    for row in rows:
        if "file" in row:
            edit(row)
    (tmp_path / "l.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert_one_line_error(lintnews("undo", "l.jsonl", cwd=tmp_path), "l.jsonl: line 2 is not a lintnews ledger line")
    assert (tmp_path / "a.txt").read_bytes() == fixed


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="no fifos or /dev/zero")
def test_a_ledger_that_is_a_fifo_or_an_endless_device_is_one_line(tmp_path):
    # A process of its own: reading either to its end never returned.
    os.mkfifo(tmp_path / "fifo.jsonl")
    assert_one_line_error(lintnews("undo", "fifo.jsonl", cwd=tmp_path, real_process=True),
                          "fifo.jsonl", "no rewritten file recorded")
    assert_one_line_error(lintnews("undo", "/dev/zero", cwd=tmp_path, real_process=True),
                          "/dev/zero: cannot read ledger", "never ends")


@pytest.mark.parametrize("before,after", [
    (b"", b"x\n"),
    (b"a\nb\nc\n", b"a\nc\n"),
    (b"<p>keep</p><div>cut</div><p>keep too</p><span>cut</span>\n", b"<p>keep</p><p>keep too</p>\n"),
    ("Zürich – “quoted” déjà\n\n\nvu\n".encode(), "Zürich – “quoted” vu\n\nvu\n".encode()),
    ("é\n".encode(), "è\n".encode()),  # same first byte: the change must not split the character
    (b"x &amp;lt;y&amp;gt; z\n" * 3, b"x <y> z\n" * 3),
    (b"\xff\xfe odd bytes\r\n", b"\xfe odd\r\n"),
])
def test_byte_changes_give_back_both_sides(before, after):
    from lintnews.bytediff import byte_changes
    from lintnews.undo import revert

    changes = byte_changes(before, after)
    rows = [{"offset": o, "cut_b64": base64.b64encode(c).decode(), "put_b64": base64.b64encode(p).decode()}
            for o, c, p in changes]
    assert revert(after, {"changes": rows}) == before
    assert sum(len(c) for _, c, _ in changes) - sum(len(p) for _, _, p in changes) == len(before) - len(after)
    try:
        before.decode("utf-8"), after.decode("utf-8")
    except UnicodeDecodeError:
        return
    for _, cut, put in changes:  # whole characters only, so the ledger shows them as text
        cut.decode("utf-8"), put.decode("utf-8")


def test_a_long_file_with_many_fixes_is_recorded_and_undone(tmp_path):
    # Comparing its lines took time cubic in the fixes: 1,000 removed lines took 90 s; the 600
    # here (2,400 lines, past the mark where a long file's cuts are found in one walk) took 8 s,
    # past the time a process of its own is given here; now 0.4 s, start-up included.
    paragraphs = [f"Paragraph {i} of the story, with a sentence about the council.\n\n"
                  f"Also Read: Five things to know about item {i}\n\n" for i in range(600)]
    original = "".join(paragraphs).encode()
    (tmp_path / "a.txt").write_bytes(original)
    proc = lintnews("check", "--fix", "--no-cache", "--ledger", "l.jsonl", "a.txt", cwd=tmp_path,
                    real_process=True, timeout=5)
    assert proc.returncode == 0, proc.err
    assert b"Also Read" not in (tmp_path / "a.txt").read_bytes()
    (row,) = file_lines(tmp_path / "l.jsonl")
    assert len(row["file"]["changes"]) == 600
    proc = lintnews("undo", "l.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.err
    assert (tmp_path / "a.txt").read_bytes() == original


def test_trim_leaves_off_the_bytes_both_sides_share_at_their_ends_as_a_byte_by_byte_reading_does():
    # Read a byte at a time, a change of a few bytes in a long page was a loop over all of it.
    import random

    from lintnews.bytediff import _continues, trim

    def by_byte(offset, old, new):
        head, limit = 0, min(len(old), len(new))
        while head < limit and old[head] == new[head]:
            head += 1
        while head and (_continues(old, head) or _continues(new, head)):
            head -= 1
        tail, limit = 0, limit - head
        while tail < limit and old[-1 - tail] == new[-1 - tail]:
            tail += 1
        while tail and _continues(old, len(old) - tail):
            tail -= 1
        return offset + head, old[head:len(old) - tail], new[head:len(new) - tail]

    rnd = random.Random(3)
    for _ in range(3000):
        # The bytes drawn at once (a draw of each byte on its own was four fifths of the test's time).
        base = bytes(rnd.choices(b"ab\xc3\xa9\n", k=rnd.choice([0, 1, 3, 10, 70, 200, 1000])))
        old, new = bytearray(base), bytearray(base)
        for _ in range(rnd.randrange(0, 3)):
            if old:
                old[rnd.randrange(len(old))] = rnd.choice(b"abz")
        for _ in range(rnd.randrange(0, 3)):
            new.insert(rnd.randrange(len(new) + 1), rnd.choice(b"abz\xc3"))
        if rnd.random() < 0.3:
            new += base[:rnd.randrange(0, 80)]
        assert trim(5, bytes(old), bytes(new)) == by_byte(5, bytes(old), bytes(new)), (old, new)


@pytest.mark.parametrize("seed", range(12))
def test_a_long_record_changed_here_and_there_is_refined_into_changes_that_give_it_back(seed):
    # A stretch of more than 64 KB (a JSONL record's line) is compared by its escaped newlines
    # first: word by word whole, a 2 MB record's fixes kept a --fix --ledger run for two minutes.
    import random

    from lintnews.bytediff import refine

    rnd = random.Random(seed)
    paras = [b"Paragraph %d, on the council \xc3\xa9 and the mayor.\\n\\n" % i for i in range(rnd.randrange(1200, 2500))]
    old = b'{"id": 1, "text": "' + b"".join(paras) + b'"}'
    edits = {rnd.randrange(len(paras)): rnd.choice([b"", b"Inserted.\\n", None]) for _ in range(rnd.randrange(1, 60))}
    new = b'{"id": 1, "text": "' + b"".join(
        p if i not in edits else (p.replace(b"council", b"City Council") if edits[i] is None else edits[i] + p)
        for i, p in enumerate(paras)) + b'"}'
    changes = refine(7, old, new)
    out, at = [], 0
    for offset, cut, put in changes:
        assert old[offset - 7:offset - 7 + len(cut)] == cut and offset - 7 >= at
        out += [old[at:offset - 7], put]
        at = offset - 7 + len(cut)
    assert b"".join(out) + old[at:] == new
    assert sum(len(cut) for _, cut, _ in changes) < len(old) // 10  # the changes, not the whole record


@pytest.mark.parametrize("seed", range(200))
def test_byte_changes_of_long_random_files_give_back_both_sides(seed):
    # Long files are compared otherwise (cuts found in one walk, common lines not anchors).
    import random

    from lintnews.bytediff import byte_changes
    from lintnews.undo import revert

    rnd = random.Random(seed)
    lines = [rnd.choice([b"\n", b"</div>\n", b"<p>a</p>\n", b"Also Read: x\n", f"line {i}\n".encode()])
             for i in range(rnd.choice([150, 300, 2500]))]
    before = b"".join(lines)
    kept = [line if rnd.random() < 0.97 else rnd.choice([b"", b"", b"changed\n"]) for line in lines]
    after = b"".join(kept)
    rows = [{"offset": o, "cut_b64": base64.b64encode(c).decode(), "put_b64": base64.b64encode(p).decode()}
            for o, c, p in byte_changes(before, after)]
    assert revert(after, {"changes": rows}) == before
