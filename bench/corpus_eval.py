#!/usr/bin/env python3
"""Measure `lintnews check --fix` (safe fixes only) on a labelled corpus, for each scraper view.

For every view the pages are copied to a temporary folder, fixed in place by the lintnews of this
checkout, and scored against the human ground truth with the corpus's score.py. The table shows
the view's F1 before and after, and what the fixes did to it: article_kept (share of real article
words that survived; the promise is 1.000) and removal_recall (share of boilerplate words removed).

    python bench/corpus_eval.py                       # ../shared/corpus/scrapinghub-aeb, all views
    python bench/corpus_eval.py --views naive --per-page /tmp/pages.tsv
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VIEWS = ("naive", "trafilatura", "readability")


def _shared() -> str:
    """The shared/ folder next to the checkout, or next to a folder above it."""
    here = ROOT
    while True:
        candidate = os.path.join(os.path.dirname(here), "shared")
        if os.path.isdir(candidate) or os.path.dirname(here) == here:
            return candidate
        here = os.path.dirname(here)


SHARED = os.environ.get("LINTNEWS_SHARED") or _shared()
DEFAULT_CORPUS = os.path.join(SHARED, "corpus", "scrapinghub-aeb")
DEFAULT_SCORER = os.path.join(SHARED, "tools", "score.py")


def writable_copy(src: str, dst: str) -> None:
    """Copy a corpus view so --fix may rewrite it: the shared corpus is read-only, and lintnews
    refuses to rewrite a read-only file."""
    shutil.copytree(src, dst, copy_function=shutil.copyfile)
    for folder, _dirs, _files in os.walk(dst):
        os.chmod(folder, 0o755)


def score(scorer: str, corpus: str, cand: str, base: str | None, per_page: str | None) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        path = out.name
    cmd = [sys.executable, scorer, corpus, "--cand", cand, "--name", "lintnews", "--json", path]
    if base:
        cmd += ["--base", base]
    if per_page:
        cmd += ["--per-page", per_page]
    subprocess.run(cmd, check=True, capture_output=True)
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    os.unlink(path)
    return data


def _find(data, key):
    """The first dict in score.py's JSON that holds ``key`` (its layout nests the numbers)."""
    if isinstance(data, dict):
        if key in data:
            return data
        for v in data.values():
            found = _find(v, key)
            if found is not None:
                return found
    if isinstance(data, list):
        for v in data:
            found = _find(v, key)
            if found is not None:
                return found
    return None


def fix(folder: str, extra: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, "-m", "lintnews", "check", "--fix", *extra, folder],
                          env=env, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"lintnews failed on {folder}:\n{proc.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--scorer", default=DEFAULT_SCORER)
    ap.add_argument("--views", nargs="+", default=list(VIEWS))
    ap.add_argument("--per-page", help="write per-page scores of all views to this TSV")
    ap.add_argument("--keep", help="keep the fixed texts under this folder")
    ap.add_argument("lintnews_args", nargs="*", help="extra arguments for lintnews check, after --")
    args = ap.parse_args(argv)
    for need in (args.corpus, args.scorer):
        if not os.path.exists(need):
            sys.exit(f"{need}: not found (pass --corpus / --scorer)")

    rows = []
    pages_rows: list[str] = []
    work = tempfile.mkdtemp(prefix="lintnews-eval-")
    try:
        for view in args.views:
            src = os.path.join(args.corpus, "views", view)
            dst = os.path.join(args.keep or work, view)
            shutil.rmtree(dst, ignore_errors=True)
            writable_copy(src, dst)
            fix(dst, args.lintnews_args)
            before = _find(score(args.scorer, args.corpus, src, None, None), "f1")
            per_page = os.path.join(work, f"{view}.tsv") if args.per_page else None
            after = _find(score(args.scorer, args.corpus, dst, src, per_page), "article_kept")
            rows.append((view, before["f1"], after["f1"], after["article_kept"],
                         after["removal_recall"], after["pages_losing_article_text"]))
            if per_page:
                with open(per_page, encoding="utf-8") as f:
                    lines = f.read().splitlines()
                pages_rows.extend(lines if not pages_rows else lines[1:])
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if args.per_page:
        with open(args.per_page, "w", encoding="utf-8") as f:
            f.write("\n".join(pages_rows) + "\n")
    print("| view | F1 before | F1 after | article_kept | removal_recall | pages losing article words |")
    print("| --- | --- | --- | --- | --- | --- |")
    for view, f0, f1, kept, recall, losing in rows:
        print(f"| {view} | {f0:.3f} | {f1:.3f} | {kept:.4f} | {recall:.3f} | {losing} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
