"""Worker processes (--jobs) give the same findings, fixes, errors and ledger as one process."""

import json
import os
import shutil

from conftest import run_cli

ARTICLE = "Headline {i}\n\nBody text of article {i}, a real sentence.\n\nAlso Read:Another headline {i}\n\nEnd {i}."


def corpus(folder, n=42):
    # Enough files that, past the few linted before the workers start, each batch holds two
    # files and more batches are sent than the workers are given at once (run/parallel.py).
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i:03}.txt").write_text(ARTICLE.format(i=i) if i % 3 else f"Clean article {i}.\n")
    (folder / "broken.txt").write_bytes(b"\x00\x01binary")
    return folder


def test_findings_and_errors_are_the_same_with_workers(tmp_path):
    src = corpus(tmp_path / "news")
    one = run_cli("check", "--no-cache", "-j", "1", "--output-format", "json", str(src))
    two = run_cli("check", "--no-cache", "-j", "2", "--output-format", "json", str(src))
    assert one.returncode == two.returncode == 2
    assert json.loads(one.stdout) == json.loads(two.stdout)
    assert len(json.loads(two.stdout)) == 28
    assert one.stderr == two.stderr and b"broken.txt" in two.stderr


def test_fixes_and_ledger_are_the_same_with_workers(tmp_path):
    src = corpus(tmp_path / "news")
    copy = tmp_path / "copy"
    shutil.copytree(src, copy)
    run_cli("check", "--no-cache", "-j", "1", "--fix", "--ledger", str(tmp_path / "one.jsonl"), str(src))
    run_cli("check", "--no-cache", "-j", "2", "--fix", "--ledger", str(tmp_path / "two.jsonl"), str(copy))
    for f in src.iterdir():
        assert (copy / f.name).read_bytes() == f.read_bytes()
    assert "Also Read" not in (copy / "a001.txt").read_text()
    one = [json.loads(x) for x in (tmp_path / "one.jsonl").read_text().splitlines()]
    two = [json.loads(x) for x in (tmp_path / "two.jsonl").read_text().splitlines()]
    key = lambda e: (e["path"].replace(str(copy), str(src)), e["line"], e["code"])  # noqa: E731
    fixes = lambda rows: [e for e in rows if "code" in e]  # noqa: E731
    assert sorted(map(key, fixes(one))) == sorted(map(key, fixes(two))) and len(fixes(two)) == 28
    # What each file became, in bytes, is the same too.
    files = lambda rows: sorted((os.path.basename(e["path"]), json.dumps(e["file"])) for e in rows if "file" in e)  # noqa: E731
    assert files(one) == files(two) and len(files(two)) == 28


def test_cached_run_with_workers_reports_the_same(tmp_path):
    src = corpus(tmp_path / "news")
    cache = ["--cache-dir", str(tmp_path / "cache")]
    cold = run_cli("check", "-j", "2", "--output-format", "json", *cache, str(src))
    (src / "a001.txt").write_text(ARTICLE.format(i=999))  # one miss among the hits
    warm = run_cli("check", "-j", "2", "--output-format", "json", *cache, str(src))
    fresh = run_cli("check", "--no-cache", "-j", "1", "--output-format", "json", str(src))
    assert json.loads(warm.stdout) == json.loads(fresh.stdout)
    assert len(json.loads(cold.stdout)) == len(json.loads(warm.stdout)) == 28


def dump(path, n=120):
    """A JSONL dump with junk in some records, a malformed line, CRLF and non-ASCII records."""
    lines = []
    for i in range(n):
        text = ARTICLE.format(i=i) if i % 3 else f"Clean article {i}, café.\n"
        ending = "\r\n" if i % 5 == 0 else "\n"
        lines.append(json.dumps({"id": i, "text": text}, ensure_ascii=i % 2 == 0) + ending)
    lines.insert(40, "{not json\n")
    path.write_bytes(("\ufeff" + "".join(lines)).encode("utf-8"))
    return path


def test_a_large_dump_is_split_across_workers_and_comes_out_the_same(tmp_path, monkeypatch):
    from lintnews import stream
    from lintnews.run import parallel

    calls = []
    real = parallel._spans_in_workers
    monkeypatch.setattr(parallel, "_spans_in_workers", lambda *a: calls.append(a) or real(*a))
    monkeypatch.setattr(parallel, "SPLIT_FROM", 1)  # every dump is "large"
    monkeypatch.setattr(stream, "PART_LINES", 7)  # spans of 7 lines: many spans, cut mid-file
    (tmp_path / "one").mkdir(), (tmp_path / "two").mkdir()
    one, two = dump(tmp_path / "one" / "d.jsonl"), dump(tmp_path / "two" / "d.jsonl")
    reports = []
    for jobs, path in (("1", one), ("2", two)):
        out = run_cli("check", "--no-cache", "-j", jobs, "--output-format", "json", str(path))
        assert out.returncode == 2 and f"{path.name}:41".encode() in out.stderr
        reports.append([{**d, "path": None} for d in json.loads(out.stdout)])
    assert reports[0] == reports[1] and len(reports[1]) == 80
    assert [a[1] for a in calls] == [2]  # the one-file run with -j 2 split its dump
    for jobs, path in (("1", one), ("2", two)):
        run_cli("check", "--no-cache", "-j", jobs, "--fix", "--ledger", str(tmp_path / f"{jobs}.ledger"), str(path))
    assert one.read_bytes() == two.read_bytes()
    assert b"Also Read" not in two.read_bytes() and two.read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"{not json\n" in two.read_bytes() and two.read_bytes().count(b"\r\n") == 24
    ledgers = [[{k: v for k, v in json.loads(x).items() if k not in ("time", "run", "path", "path_b64")}
                for x in (tmp_path / f"{j}.ledger").read_text().splitlines()] for j in "12"]
    assert ledgers[0] == ledgers[1] and len(ledgers[1]) > 40


def test_spans_start_with_a_short_head_then_whole_spans(tmp_path, monkeypatch):
    # A split dump's first few lines are linted before the workers start; the spans after them
    # cover the rest of the file, in order, as usual.
    from lintnews import stream

    monkeypatch.setattr(stream, "PART_LINES", 7)
    path = dump(tmp_path / "d.jsonl", n=40)
    spans = list(stream.cut_spans(str(path), 3))
    assert [s.lines for s in spans] == [3, 7, 7, 7, 7, 7, 3]
    assert [s.first for s in spans] == [1, 4, 11, 18, 25, 32, 39]
    assert spans[0].start == 0 and all(a.end == b.start for a, b in zip(spans, spans[1:]))
    assert spans[-1].end == path.stat().st_size
    assert [s.lines for s in stream.cut_spans(str(path))] == [7, 7, 7, 7, 7, 6]
