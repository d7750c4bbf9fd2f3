"""The slow fault-injection runs that tests/test_faults.py keeps small: many kill -9 rounds over a
large batch --fix, and every shipped rule against longer crafted lines.

    python bench/faults.py [--files 3000] [--rounds 7] [--repeat 200]

After each kill every file must be either the original or the fully fixed text; the run after the
last kill must fix the rest and leave no temporary file. Exit 1 when any of that fails, or when a
rule takes longer than the limit on a crafted line (they are listed).
"""

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

ARTICLE = ("Headline\n\nA real paragraph of the article, with enough words in it.\n\n"
           "Also Read:Another headline\n\nA middle paragraph of the article, also with words.\n\n"
           "Advertisement\n\nLast paragraph of the article.\n")
FIXED = ARTICLE.replace("Also Read:Another headline\n\n", "").replace("Advertisement\n\n", "")


def env():
    e = {**os.environ, "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
    e.pop("LINTNEWS_CACHE_DIR", None)
    return e


def kill_rounds(files: int, rounds: int, seed: int) -> list[str]:
    problems = []
    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix="lintnews-faults-")
    try:
        tree = os.path.join(work, "tree")
        os.makedirs(tree)
        for i in range(files):
            with open(os.path.join(tree, f"a{i:05}.txt"), "w", encoding="utf-8") as f:
                f.write(ARTICLE)
        for n in range(rounds):
            proc = subprocess.Popen([sys.executable, "-m", "lintnews", "check", "--fix", "--no-cache", "-q", tree],
                                    env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    start_new_session=True)
            time.sleep(rng.uniform(0.5, 3.0))
            os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, as a crash or an OOM kill takes them
            proc.wait()
            texts = [open(os.path.join(tree, name), encoding="utf-8").read()
                     for name in os.listdir(tree) if name.endswith(".txt")]
            bad = sum(t not in (ARTICLE, FIXED) for t in texts)
            done = sum(t == FIXED for t in texts)
            leftovers = sum(name.startswith(".lintnews-") for name in os.listdir(tree))
            print(f"round {n + 1}: {done}/{files} fixed, {bad} damaged, {leftovers} temporary file(s) left")
            if bad or len(texts) != files:
                problems.append(f"round {n + 1}: {bad} damaged file(s), {len(texts)} of {files} present")
        old = time.time() - 3600  # the dead runs' leftovers, as they will be once stale
        for name in os.listdir(tree):
            if name.startswith(".lintnews-"):
                os.utime(os.path.join(tree, name), (old, old))
        subprocess.run([sys.executable, "-m", "lintnews", "check", "--fix", "--no-cache", "-q", tree],
                       env=env(), check=False, stdout=subprocess.DEVNULL)
        names = os.listdir(tree)
        unfixed = sum(open(os.path.join(tree, n), encoding="utf-8").read() != FIXED for n in names if n.endswith(".txt"))
        stray = [n for n in names if not n.endswith(".txt")]
        print(f"final run: {unfixed} file(s) not fixed, {len(stray)} other file(s) left")
        if unfixed or stray:
            problems.append(f"final run: {unfixed} unfixed, {len(stray)} left over")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return problems


def crafted_lines(repeat: int, limit: float) -> list[str]:
    import test_faults
    from lintnews.registry import all_rules

    test_faults.LIMIT = limit
    problems = []
    for code in sorted(all_rules()):
        original = test_faults.crafted

        def longer(code, rule, original=original):
            return [line.replace("!x", "").rstrip("x") * max(1, repeat // 30) + "!x" for line in original(code, rule)]

        test_faults.crafted = longer
        try:
            slow = test_faults.slow_lines(code)
        finally:
            test_faults.crafted = original
        for line in slow:
            problems.append(f"{code}: over {limit}s on {line}")
            print(problems[-1])
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=200, help="phrases per crafted line")
    parser.add_argument("--limit", type=float, default=2.0, help="seconds per rule and line")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    problems = kill_rounds(args.files, args.rounds, args.seed) + crafted_lines(args.repeat, args.limit)
    print("no problem found" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
