"""How much faster is a second `lintnews check` over an unchanged corpus?

Copies a corpus (by default the naive extraction view of the Scrapinghub article-extraction
benchmark in ../shared, when present) into a temporary folder, optionally N times over, then runs
`python -m lintnews check` three ways: without the cache, with a cold cache, with a warm cache.
Prints the wall times and the warm/no-cache ratio. It measures; it asserts nothing.

    python bench/cache_bench.py [CORPUS] [--copies N] [--repeat R]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_VIEW = os.path.join("shared", "corpus", "scrapinghub-aeb", "views", "naive")
# shared/ sits beside the checkout, or one folder further up.
DEFAULT_CORPUS = next((c for c in (os.path.join(os.path.dirname(ROOT), _VIEW),
                                   os.path.join(os.path.dirname(os.path.dirname(ROOT)), _VIEW))
                       if os.path.isdir(c)), os.path.join(os.path.dirname(ROOT), _VIEW))


def run(args: list[str], cwd: str) -> float:
    env = {**os.environ, "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "lintnews", *args], cwd=cwd, env=env,
                          capture_output=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"lintnews failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    return elapsed


def bench(corpus: str, copies: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="lintnews-bench-") as tmp:
        files = 0
        for i in range(copies):
            dest = os.path.join(tmp, "corpus", f"copy{i}")
            shutil.copytree(corpus, dest)
            files += sum(len(f) for _, _, f in os.walk(dest))
        cache = os.path.join(tmp, "cache")
        base = ["check", "corpus", "--output-format", "concise", "-q", "--exit-zero"]
        no_cache = [run(base + ["--no-cache"], tmp) for _ in range(repeat)]
        cold, warm = [], []
        for _ in range(repeat):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(run(base + ["--cache-dir", cache], tmp))
            warm.append(run(base + ["--cache-dir", cache], tmp))
        # What every run pays before it reads a file: interpreter, imports, the CLI framework.
        start = statistics.median(run(["--version"], tmp) for _ in range(repeat))
        nc, c, w = (statistics.median(x) for x in (no_cache, cold, warm))
        print(f"{files} files ({copies} x {os.path.basename(corpus.rstrip(os.sep))}), median of {repeat}:")
        print(f"  no cache    {nc:7.3f} s")
        print(f"  cold cache  {c:7.3f} s")
        print(f"  warm cache  {w:7.3f} s")
        print(f"  startup     {start:7.3f} s  (lintnews --version)")
        print(f"  speed-up (no cache / warm cache): {nc / w:.1f}x")
        if w > start:
            print(f"  speed-up beyond startup: {(nc - start) / (w - start):.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=DEFAULT_CORPUS)
    parser.add_argument("--copies", type=int, default=1, help="lint the corpus this many times over")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not os.path.isdir(args.corpus):
        sys.exit(f"{args.corpus}: no such corpus folder; pass one")
    bench(args.corpus, args.copies, args.repeat)


if __name__ == "__main__":
    main()
