#!/usr/bin/env python3
"""Throughput and peak memory of `lintnews check`, each beside a floor that does the least work
any linter of the same input must do.

    python bench/run.py [--corpus DIR] [--jsonl-mb 200] [--skip text,html,jsonl] [--views naive --copies 20]

(a) text: the corpus's text views (DIR/views/*/*.txt), floor = reading them and one regex pass;
    a row with the HTML rules only (which find nothing in text) gives what reading the files
    into documents and reporting costs, before any rule runs
(b) html: the corpus's raw pages (DIR/html/*.html.gz, decompressed to a temporary folder),
    floor = reading them and parsing each with lxml (a row with a rule that reads no HTML gives
    what turning each page into blocks costs); where trafilatura is installed (it is no
    dependency of lintnews: `pip install trafilatura`), also trafilatura.extract over the same
    pages, the extractor a page's text is often taken with (its ratio: lintnews's time over
    trafilatura's)
(c) jsonl: dumps generated from the corpus texts (a quarter of --jsonl-mb, then all of it),
    floor = reading the lines, json.loads and one regex pass; the point is that lintnews's peak
    memory does not grow with the file (it grows with the findings the report must hold)

Every measurement is a fresh process (interpreter start included on both sides); peak memory is
the child's max RSS. Times are wall seconds and CPU seconds (user and system, worker processes
included): on a loaded machine compare the CPU columns. The benchmark is a tool, never a test:
nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus_eval import DEFAULT_CORPUS  # noqa: E402  (the shared/ folder beside the checkout)

FLOOR_TEXT = r"""
import os, re, sys
rx = re.compile(r"(?im)^(?:also read|source link|leave a reply|related)\b")
n = 0
for folder, _, files in os.walk(sys.argv[1]):
    for name in files:
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            n += sum(1 for _ in rx.finditer(f.read()))
print(n)
"""

FLOOR_HTML = r"""
import os, sys
from lxml import etree
parser = etree.HTMLParser(encoding="utf-8", no_network=True)
n = 0
for name in sorted(os.listdir(sys.argv[1])):
    with open(os.path.join(sys.argv[1], name), "rb") as f:
        root = etree.fromstring(f.read(), parser)
    n += 0 if root is None else 1
print(n)
"""

# Default options, as a user extracting a page's text calls it.
TRAFILATURA = r"""
import os, sys
import trafilatura
n = 0
for name in sorted(os.listdir(sys.argv[1])):
    with open(os.path.join(sys.argv[1], name), "rb") as f:
        n += bool(trafilatura.extract(f.read()))
print(n)
"""

FLOOR_JSONL = r"""
import json, re, sys
rx = re.compile(r"(?im)^(?:also read|source link|leave a reply|related)\b")
n = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        rec = json.loads(line)
        n += sum(1 for _ in rx.finditer(rec.get("text", "")))
print(n)
"""


def measure(cmd: list[str], cwd: str | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user and system, with the worker processes
    it waited for) of one child process. On a machine shared with other work the wall time
    grows with the load; the CPU time much less, so the ratio of CPU times is the steadier."""
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode not in (0, 1):
        sys.stderr.write(f"warning: {' '.join(cmd[:4])}... exited {proc.returncode}: {err[-500:]}\n")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def lintnews(*args: str, jobs: int = 1) -> list[str]:
    return [sys.executable, "-m", "lintnews", "check", "--exit-zero", "-q", "--no-cache", "--jobs", str(jobs),
            "--output-format", "concise", *args]


def folder_mb(path: str) -> float:
    total = 0
    for folder, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(folder, f)) for f in files)
    return total / 1e6


def row(name: str, mb: float, lint: tuple[float, float, float], floor: tuple[float, float, float]) -> str:
    (lt, lm, lc), (ft, fm, fc) = lint, floor
    return (f"| {name} | {mb:.1f} | {lt:.2f} | {mb / lt:.1f} | {lm:.0f} | {ft:.2f} | {fm:.0f} "
            f"| {lt / ft:.1f}x | {lc:.2f} | {fc:.2f} | {lc / max(fc, 0.01):.1f}x |")


def bench_text(corpus: str, tmp: str, views: set[str] | None = None, copies: int = 1) -> list[str]:
    dest = os.path.join(tmp, "text")
    for view in sorted(os.listdir(os.path.join(corpus, "views"))):
        src = os.path.join(corpus, "views", view)
        if os.path.isdir(src) and (views is None or view in views):
            for copy in range(copies):
                shutil.copytree(src, os.path.join(dest, f"{view}-{copy}"))
    files = sum(len(names) for _, _, names in os.walk(dest))
    mb = folder_mb(dest)
    floor = measure([sys.executable, "-c", FLOOR_TEXT, dest])
    return [row(f"text ({files} files), reading only", mb, measure(lintnews("--select", "HTM", dest)), floor),
            row(f"text ({files} files)", mb, measure(lintnews(dest)), floor)]


def bench_html(corpus: str, tmp: str) -> list[str]:
    dest = os.path.join(tmp, "html")
    os.makedirs(dest)
    for name in sorted(os.listdir(os.path.join(corpus, "html"))):
        if name.endswith(".html.gz"):
            with gzip.open(os.path.join(corpus, "html", name), "rb") as f:
                data = f.read()
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:  # lintnews reads UTF-8 unless told otherwise
                data = data.decode("cp1252", errors="replace").encode("utf-8")
            with open(os.path.join(dest, name[:-3]), "wb") as f:
                f.write(data)
    mb = folder_mb(dest)
    pages = len(os.listdir(dest))
    lint = measure(lintnews(dest))
    floor = measure([sys.executable, "-c", FLOOR_HTML, dest])
    # ENC003 reads text and JSONL only: every page is parsed into blocks and no rule runs.
    rows = [row(f"html ({pages} pages), reading only", mb, measure(lintnews("--select", "ENC003", dest)), floor),
            row(f"html ({pages} pages)", mb, lint, floor)]
    if importlib.util.find_spec("trafilatura") is None:
        sys.stderr.write("note: trafilatura is not installed here; `pip install trafilatura` to time lintnews beside it\n")
    else:
        rows.append(row(f"html ({pages} pages) beside trafilatura.extract", mb, lint,
                        measure([sys.executable, "-c", TRAFILATURA, dest])))
    return rows


def make_dump(corpus: str, path: str, target_mb: float) -> tuple[float, int]:
    """A JSONL dump of about ``target_mb`` MB from the corpus's texts: its size in MB and records."""
    texts = []
    for sub in ("truth", os.path.join("views", "trafilatura")):
        folder = os.path.join(corpus, sub)
        for name in sorted(os.listdir(folder)):
            if name.endswith(".txt"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    text = f.read()
                if text.strip():
                    texts.append(text)
    size, i = 0, 0
    with open(path, "w", encoding="utf-8") as f:
        while size < target_mb * 1e6:
            text = texts[i % len(texts)]
            rec = {"id": i, "url": f"https://example.org/{i}", "title": text.split("\n", 1)[0][:120],
                   "text": text, "lang": "en"}
            line = json.dumps(rec, ensure_ascii=i % 2 == 0) + "\n"
            f.write(line)
            size += len(line.encode("utf-8"))
            i += 1
    return size / 1e6, i


def bench_jsonl(corpus: str, tmp: str, target_mb: float) -> list[str]:
    rows = []
    for mb in (target_mb / 4, target_mb):
        path = os.path.join(tmp, f"dump-{int(mb)}.jsonl")
        real, _records = make_dump(corpus, path, mb)
        # HTML-only rules find nothing in JSONL: every record is still read, parsed and
        # streamed, but no finding is held for the report.
        rows.append(row(f"jsonl, reading only ({real:.0f} MB)", real,
                        measure(lintnews("--select", "HTM", path)),
                        measure([sys.executable, "-c", FLOOR_JSONL, path])))
        rows.append(row(f"jsonl check, all rules ({real:.0f} MB)", real, measure(lintnews(path)),
                        measure([sys.executable, "-c", FLOOR_JSONL, path])))
        if mb == target_mb:
            # The dump split across every core (peak memory: the main process only).
            jobs = os.cpu_count() or 1
            rows.append(row(f"jsonl check, all rules, --jobs {jobs} ({real:.0f} MB)", real,
                            measure(lintnews(path, jobs=jobs)),
                            measure([sys.executable, "-c", FLOOR_JSONL, path])))
        os.unlink(path)
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--jsonl-mb", type=float, default=200)
    ap.add_argument("--skip", default="", help="comma-separated: text,html,jsonl")
    ap.add_argument("--views", default="", help="comma-separated text views to time (default: every view)")
    ap.add_argument("--copies", type=int, default=1, help="copies of each text view (e.g. --views naive --copies 20)")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    tmp = tempfile.mkdtemp(prefix="lintnews-bench-")
    print("| input | MB | lintnews s | MB/s | lintnews peak MB | floor s | floor peak MB | ratio "
          "| lintnews CPU s | floor CPU s | CPU ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    try:
        for name, fn in (("text", lambda: bench_text(args.corpus, tmp, set(filter(None, args.views.split(","))) or None,
                                                      max(args.copies, 1))),
                         ("html", lambda: bench_html(args.corpus, tmp)),
                         ("jsonl", lambda: bench_jsonl(args.corpus, tmp, args.jsonl_mb))):
            if name not in skip:
                for line in fn():
                    print(line, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
