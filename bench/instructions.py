#!/usr/bin/env python3
"""Instructions a `lintnews check` executes, counted by valgrind's callgrind: the same count run
after run whatever else the machine does, so two versions compare on a shared machine where
their timings, a few percent apart, drown in its noise.

    python bench/instructions.py INPUT [INPUT ...] [--against TREE ...]

Each INPUT (a file or a folder) is checked (`--no-cache`, one job, the report to the null device)
by this tree and by each --against source tree (a checkout of another version), and so is an
empty text, whose count is the start-up: printed are the millions of instructions of each check
less its tree's start-up, and each --against tree's count over this tree's. Each command runs
once without valgrind first, so that the bytecode and the pack cache are as a user's second run
finds them.
Instructions are not time (a cache miss costs more than an addition), but the two move together
for the same code on the same input. It measures; it asserts nothing. Needs valgrind.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_COLLECTED = re.compile(rb"Collected : (\d+)")


def count(tree: str, target: str, work: str) -> int:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=tree, PYTHONPYCACHEPREFIX=os.path.join(work, "pyc"))
    check = [sys.executable, "-m", "lintnews", "check", "--no-cache", "--jobs", "1", "--exit-zero", "-q",
             "--output-format", "concise", "--output-file", os.devnull, target]
    # From an empty folder: `-m` puts the working folder first on the import path.
    subprocess.run(check, env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = os.path.join(work, "callgrind.out")
    proc = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *check], env=env,
                          cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    found = _COLLECTED.search(proc.stderr)
    if not found:
        tail = proc.stderr.decode(errors="replace")[-800:]
        sys.exit(f"valgrind counted nothing for {tree} on {target}:\n{tail}")
    return int(found.group(1))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", metavar="INPUT")
    ap.add_argument("--against", action="append", default=[], metavar="TREE",
                    help="another source tree (a checkout of main) to count beside this one")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed")
    trees = [ROOT, *(os.path.abspath(t) for t in args.against)]
    with tempfile.TemporaryDirectory(prefix="lintnews-instructions-") as work:
        empty = os.path.join(work, "empty.txt")
        open(empty, "w").close()
        inputs = [os.path.abspath(i) for i in args.inputs]
        start = {tree: count(tree, empty, work) for tree in trees}
        names = " | ".join(f"{os.path.basename(t) or t} (M)" for t in trees)
        print(f"| input | {names} | --against / this tree |")
        print("|---|" + "---|" * len(trees) + "---|")
        print("| start-up | " + " | ".join(f"{start[t] / 1e6:,.0f}" for t in trees) + " | |")
        for target in inputs:
            spent = [count(tree, target, work) - start[tree] for tree in trees]
            ratios = ", ".join(f"{s / spent[0]:.3f}" for s in spent[1:])
            print(f"| {os.path.basename(target)} | " + " | ".join(f"{s / 1e6:,.0f}" for s in spent)
                  + f" | {ratios} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
