#!/usr/bin/env python3
"""Start-up cost of a one-file `lintnews check`, as a ratio to `python3 -c "import typer"`.

    python bench/startup.py [FILE] [--runs 30] [--against TREE ...]

Each round runs every command once, in turn (this tree's check, each --against source tree's,
and the import of typer), so that a busy machine slows all of them alike; the medians of the
rounds' wall and CPU (user + system) times are printed with their ratio to the import measured
in the same rounds. Both the results cache (--no-cache) and the pack cache of the first runs
are as a user's second run finds them: one round is run and thrown away first. Python's own
bytecode cache is used as an installed package uses it (kept in a temporary folder, so that a
source tree with PYTHONDONTWRITEBYTECODE set is timed as installed). It measures; it asserts
nothing.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# shared/ sits beside the checkout, or one folder further up.
SEED = next((c for c in (os.path.join(os.path.dirname(ROOT), "shared", "seed", "article.txt"),
                         os.path.join(os.path.dirname(os.path.dirname(ROOT)), "shared", "seed", "article.txt"))
             if os.path.isfile(c)), os.path.join(os.path.dirname(ROOT), "shared", "seed", "article.txt"))


def timed(cmd: list[str], env: dict, cwd: str) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", nargs="?", default=SEED)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--against", action="append", default=[], metavar="TREE",
                    help="another source tree (a checkout of main) to time beside this one")
    args = ap.parse_args()
    if not os.path.isfile(args.file):
        sys.exit(f"{args.file}: no such file; pass one")
    # Run from an empty folder: ``-m`` puts the working folder first on the import path, and a
    # source tree there would be imported whatever PYTHONPATH says.
    with tempfile.TemporaryDirectory(prefix="lintnews-startup-") as pyc:
        base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        base["PYTHONPYCACHEPREFIX"] = pyc
        commands = {"import typer": ([sys.executable, "-c", "import typer"], base)}
        for tree in [ROOT, *args.against]:
            env = dict(base, PYTHONPATH=os.path.abspath(tree))
            commands[os.path.abspath(tree)] = ([sys.executable, "-m", "lintnews", "check", "--no-cache",
                                                "--exit-zero", os.path.abspath(args.file)], env)
        for cmd, env in commands.values():
            timed(cmd, env, pyc)  # bytecode written, pack cache filled, files in the page cache
        wall: dict[str, list[float]] = {k: [] for k in commands}
        cpu: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.runs):
            for name, (cmd, env) in commands.items():
                w, c = timed(cmd, env, pyc)
                wall[name].append(w)
                cpu[name].append(c)
    bw, bc = statistics.median(wall["import typer"]), statistics.median(cpu["import typer"])
    print(f"median of {args.runs} interleaved rounds (load average {os.getloadavg()[0]:.1f})")
    print("| command | wall ms | CPU ms | wall / import typer | CPU / import typer |")
    print("|---|---|---|---|---|")
    for name in commands:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print(f"| {name} | {w * 1000:.0f} | {c * 1000:.0f} | {w / bw:.2f}x | {c / bc:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
