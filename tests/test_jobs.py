"""Worker processes (--jobs) give the same findings, fixes, errors and ledger as one process."""

import json
import os
import shutil

from conftest import run_cli

ARTICLE = "Headline {i}\n\nBody text of article {i}, a real sentence.\n\nAlso Read:Another headline {i}\n\nEnd {i}."


def corpus(folder, n=60):
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
    assert len(json.loads(two.stdout)) == 40
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
    assert sorted(map(key, fixes(one))) == sorted(map(key, fixes(two))) and len(fixes(two)) == 40
    # What each file became, in bytes, is the same too.
    files = lambda rows: sorted((os.path.basename(e["path"]), json.dumps(e["file"])) for e in rows if "file" in e)  # noqa: E731
    assert files(one) == files(two) and len(files(two)) == 40


def test_cached_run_with_workers_reports_the_same(tmp_path):
    src = corpus(tmp_path / "news")
    cache = ["--cache-dir", str(tmp_path / "cache")]
    cold = run_cli("check", "-j", "2", "--output-format", "json", *cache, str(src))
    (src / "a001.txt").write_text(ARTICLE.format(i=999))  # one miss among the hits
    warm = run_cli("check", "-j", "2", "--output-format", "json", *cache, str(src))
    fresh = run_cli("check", "--no-cache", "-j", "1", "--output-format", "json", str(src))
    assert json.loads(warm.stdout) == json.loads(fresh.stdout)
    assert len(json.loads(cold.stdout)) == len(json.loads(warm.stdout)) == 40
