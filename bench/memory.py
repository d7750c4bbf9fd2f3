#!/usr/bin/env python3
"""Peak memory of `lintnews check` on a large JSONL dump, per output format.

    python bench/memory.py [--corpus DIR] [--mb 200] [--formats json,concise,...] [--keep]
    python bench/memory.py --record-mb 2,4,8 [--formats json]

Builds a dump from the corpus's texts (bench/run.py's make_dump, repeated until the dump reaches
--mb megabytes; in a temporary folder, removed afterwards unless --keep), then runs
`check --no-cache --jobs 1 --exit-zero -q --output-format FORMAT --output-file r.out` once per
format in a fresh process and prints its wall time and peak RSS (the child's max RSS). A
report streams file by file, so the peak should not grow with the dump or the findings.

With --record-mb, the dump is instead one record per size given: every text of the corpus's
naive view in one article, repeated up to that size (a page scraped with its whole site, or a
crafted record), so time and memory show how they grow with one record's length.

A tool, not a test: nothing here asserts a figure.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus_eval import DEFAULT_CORPUS  # noqa: E402  (the shared/ folder beside the checkout)
from run import make_dump  # noqa: E402
FORMATS = ["full", "concise", "json", "json-lines", "github", "sarif", "junit", "gitlab"]


def measure(cmd: list[str], cwd: str) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit code of one child process."""
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--mb", type=float, default=200)
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--keep", action="store_true", help="keep the dump and reports (their folder is printed)")
    ap.add_argument("--record-mb", default="", help="sizes of one long record to measure instead, e.g. 2,4,8")
    args = ap.parse_args()
    if args.record_mb:
        return one_record(args)
    tmp = tempfile.mkdtemp(prefix="lintnews-memory-")
    dump = os.path.join(tmp, "dump.jsonl")
    mb, records = make_dump(args.corpus, dump, args.mb)
    print(f"dump: {mb:.0f} MB, {records:,} records ({tmp})")
    print("| format | seconds | MB/s | peak RSS (MB) | report (MB) |")
    print("| --- | --- | --- | --- | --- |")
    try:
        for fmt in args.formats.split(","):
            out = os.path.join(tmp, f"r.{fmt}")
            cmd = [sys.executable, "-m", "lintnews", "check", dump, "--no-cache", "--jobs", "1", "--exit-zero",
                   "-q", "--output-format", fmt, "--output-file", out]
            wall, peak, code = measure(cmd, tmp)
            size = os.path.getsize(out) / 1e6 if os.path.exists(out) else 0.0
            note = "" if code == 0 else f" (exit {code})"
            print(f"| {fmt} | {wall:.1f} | {mb / wall:.1f} | {peak:.0f} | {size:.0f}{note} |", flush=True)
    finally:
        if not args.keep:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def one_record(args) -> int:
    folder = os.path.join(args.corpus, "views", "naive")
    texts = []
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            texts.append(f.read())
    body = "\n\n".join(texts)
    tmp = tempfile.mkdtemp(prefix="lintnews-memory-")
    print("| record (MB) | blocks | format | seconds | peak RSS (MB) | peak / record |")
    print("| --- | --- | --- | --- | --- | --- |")
    try:
        for size in (float(x) for x in args.record_mb.split(",")):
            text = (body * (int(size * 1e6 / len(body.encode("utf-8"))) + 1))
            text = text.encode("utf-8")[:int(size * 1e6)].decode("utf-8", "ignore")
            path = os.path.join(tmp, "record.jsonl")
            with open(path, "w", encoding="utf-8") as f:
                f.write(json.dumps({"id": 1, "text": text}, ensure_ascii=False) + "\n")
            mb = os.path.getsize(path) / 1e6
            blocks = text.count("\n\n") + 1
            for fmt in args.formats.split(","):
                cmd = [sys.executable, "-m", "lintnews", "check", path, "--no-cache", "--jobs", "1", "--exit-zero",
                       "-q", "--output-format", fmt, "--output-file", os.path.join(tmp, "r.out")]
                wall, peak, code = measure(cmd, tmp)
                note = "" if code == 0 else f" (exit {code})"
                print(f"| {mb:.1f} | {blocks:,} | {fmt} | {wall:.1f} | {peak:.0f} | {peak / mb:.0f}x{note} |", flush=True)
    finally:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
