#!/usr/bin/env python3
"""Score `lintnews check --fix` on the raw pages of the scrapinghub article-extraction benchmark.

Decompresses the pages to a temporary folder, fixes them (safe fixes, then separately with
--unsafe-fixes), extracts the text of what remains with the naive view rule of
../shared/tools/make_views.py and scores it with ../shared/tools/score.py against the ground
truth, with the naive view of the untouched pages as the base.

    python bench/html_eval.py [--corpus DIR] [--tools DIR] [--keep DIR] [--lint-args '--ignore AUT']
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(os.path.dirname(ROOT)), "shared")
if not os.path.isdir(SHARED):
    SHARED = "/work/shared"


def load_make_views(tools: str):
    spec = importlib.util.spec_from_file_location("make_views", os.path.join(tools, "make_views.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def decompress(corpus: str, dest: str) -> list[str]:
    html_dir = os.path.join(corpus, "html")
    ids = []
    for name in sorted(os.listdir(html_dir)):
        if not name.endswith(".html.gz"):
            continue
        pid = name[: -len(".html.gz")]
        with gzip.open(os.path.join(html_dir, name), "rb") as f:
            data = f.read()
        with open(os.path.join(dest, pid + ".html"), "wb") as f:
            f.write(data)
        ids.append(pid)
    return ids


def run(corpus: str, tools: str, workdir: str, unsafe: bool, extra: list[str] = ()) -> str:
    mv = load_make_views(tools)
    pages = os.path.join(workdir, "pages")
    cand = os.path.join(workdir, "cand")
    os.makedirs(pages)
    os.makedirs(cand)
    ids = decompress(corpus, pages)
    # Pages that are not UTF-8 are read in the encoding make_views would guess, and written
    # back in UTF-8 so lintnews reads them; the score compares texts, not bytes.
    for pid in ids:
        path = os.path.join(pages, pid + ".html")
        with open(path, "rb") as f:
            raw = f.read()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            with open(path, "w", encoding="utf-8") as f:
                f.write(mv.decode_html(raw))
    cmd = [sys.executable, "-m", "lintnews", "check", "--fix", "--exit-zero", "-q",
           "--output-format", "concise", pages]
    if unsafe:
        cmd.insert(4, "--unsafe-fixes")
    cmd[4:4] = list(extra)
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=workdir)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr[-2000:])
    for pid in ids:
        with open(os.path.join(pages, pid + ".html"), encoding="utf-8", errors="replace") as f:
            text = mv.html_to_block_text(f.read())
        with open(os.path.join(cand, pid + ".txt"), "w", encoding="utf-8") as f:
            f.write(text)
    name = "lintnews-html-unsafe" if unsafe else "lintnews-html"
    out = subprocess.run([sys.executable, os.path.join(tools, "score.py"), corpus, "--cand", cand,
                          "--name", name, "--base", "naive"], capture_output=True, text=True)
    return out.stdout + out.stderr


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=os.path.join(SHARED, "corpus", "scrapinghub-aeb"))
    ap.add_argument("--tools", default=os.path.join(SHARED, "tools"))
    ap.add_argument("--keep", help="keep the fixed pages and texts in this folder")
    ap.add_argument("--lint-args", default="", help="more options for lintnews check, e.g. '--ignore AUT'")
    args = ap.parse_args()
    for unsafe in (False, True):
        work = tempfile.mkdtemp(prefix="lintnews-html-eval-")
        try:
            print(run(args.corpus, args.tools, work, unsafe, args.lint_args.split()))
            if args.keep:
                dest = os.path.join(args.keep, "unsafe" if unsafe else "safe")
                shutil.rmtree(dest, ignore_errors=True)
                shutil.copytree(work, dest)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
