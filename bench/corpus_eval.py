#!/usr/bin/env python3
"""Measure `lintnews check --fix` (safe fixes only) on a labelled corpus, for each scraper view.

For every view the pages are copied to a temporary folder, fixed in place by the lintnews of this
checkout, and scored against the human ground truth with the corpus's score.py. The table shows
the view's F1 before and after, and what the fixes did to it: article_kept (share of real article
words that survived; the promise is 1.000) and removal_recall (share of boilerplate words removed).
A second table gives, per language of the pages, the article words lost, the pages that lost
any, and the removal recall. A page's language is its HTML's `<html lang>` (corpus/html/<id>.html
or .html.gz, when the corpus has the raw pages), else a guess from its script and a few stopwords.

    python bench/corpus_eval.py                       # ../shared/corpus/scrapinghub-aeb, all views
    python bench/corpus_eval.py --views naive --per-page /tmp/pages.tsv
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
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


_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3})\b", re.IGNORECASE)
# Scripts that name their language well enough for a report, checked in this order (kana before
# the CJK ideographs that Japanese shares with Chinese).
_SCRIPTS = (("ja", re.compile(r"[\u3040-\u30ff]")), ("ko", re.compile(r"[\uac00-\ud7a3]")),
            ("zh", re.compile(r"[\u4e00-\u9fff]")), ("th", re.compile(r"[\u0e00-\u0e7f]")),
            ("hi", re.compile(r"[\u0900-\u097f]")), ("bn", re.compile(r"[\u0980-\u09ff]")),
            ("fa", re.compile(r"[پچژگک]")), ("ar", re.compile(r"[\u0600-\u06ff]")),
            ("uk", re.compile(r"[іїєґ]", re.IGNORECASE)), ("ru", re.compile(r"[\u0400-\u04ff]")))
_STOPWORDS = {
    "en": "the and of to is in that for with was",
    "de": "der die und das ist nicht mit sich auf für",
    "fr": "le les et est des une pour dans qui pas",
    "es": "el los las y que del una por con para",
    "pt": "os as que não uma com para por mais foi",
    "it": "il che di gli della una per sono non con",
    "nl": "de het een en van niet zijn voor met op",
    "pl": "i w nie się na że jest do to z",
    "id": "yang dan di itu dengan untuk dari tidak ini dalam",
}


def page_language(corpus: str, page: str, text: str = "") -> str:
    """The language of a page: its raw HTML's <html lang>, else a guess from the text's script
    and stopwords; "?" when neither says."""
    for ext in (".html.gz", ".html"):
        path = os.path.join(corpus, "html", page + ext)
        if os.path.exists(path):
            opener = gzip.open if ext.endswith(".gz") else open
            with opener(path, "rb") as f:
                head = f.read(65536).decode("utf-8", "replace")
            m = _HTML_LANG.search(head)
            if m:
                return m.group(1).lower()
            break
    sample = text[:20000]
    letters = sum(ch.isalpha() for ch in sample) or 1
    for lang, script in _SCRIPTS:
        if len(script.findall(sample)) > letters * 0.2:
            return lang
    words = re.findall(r"\w+", sample.casefold())
    counts = {lang: sum(w in stop.split() for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(counts, key=counts.get)
    return best if words and counts[best] >= 0.05 * len(words) else "?"


def page_languages(corpus: str, view: str) -> dict[str, str]:
    """{page id: language} for the pages of a view (a page's truth text backs the guess)."""
    out = {}
    for name in sorted(os.listdir(os.path.join(corpus, "views", view))):
        page = name.rsplit(".", 1)[0]
        text = ""
        truth = os.path.join(corpus, "truth", page + ".txt")
        if os.path.exists(truth):
            with open(truth, encoding="utf-8", errors="replace") as f:
                text = f.read()
        out[page] = page_language(corpus, page, text)
    return out


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
    by_lang: list[tuple] = []
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
            per_page = os.path.join(work, f"{view}.tsv")
            after = _find(score(args.scorer, args.corpus, dst, src, per_page), "article_kept")
            rows.append((view, before["f1"], after["f1"], after["article_kept"],
                         after["removal_recall"], after["pages_losing_article_text"]))
            by_lang.extend(per_language(view, per_page, page_languages(args.corpus, view)))
            if args.per_page:
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
    if by_lang:
        print()
        print("Per language (of the page: <html lang>, else a guess):")
        print()
        print("| view | language | pages | page F1 after | article words lost | pages losing article words "
              "| removal_recall |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for view, lang, pages, f1, lost, losing, recall in by_lang:
            print(f"| {view} | {lang} | {pages} | {f1:.3f} | {lost} | {losing} | {recall:.3f} |")
    return 0


def per_language(view: str, per_page: str, langs: dict[str, str]) -> list[tuple]:
    """Rows (view, language, pages, mean page F1, article words lost, pages losing any, removal
    recall) from score.py's per-page TSV of a fixed view scored against its unfixed base."""
    groups: dict[str, list[dict]] = {}
    with open(per_page, encoding="utf-8") as f:
        lines = [ln.rstrip("\n").split("\t") for ln in f if ln.strip()]
    if not lines or "article_lost" not in lines[0]:
        return []
    head = lines[0]
    for cells in lines[1:]:
        row = dict(zip(head, cells))
        groups.setdefault(langs.get(row["page"], "?"), []).append(row)

    def num(row: dict, key: str) -> float:
        try:
            return float(row.get(key) or 0)
        except ValueError:
            return 0.0

    out = []
    for lang in sorted(groups, key=lambda k: (-len(groups[k]), k)):
        rs = groups[lang]
        lost = sum(num(r, "article_lost") for r in rs)
        base = sum(num(r, "boiler_in_base") for r in rs)
        removed = sum(num(r, "boiler_removed") for r in rs)
        out.append((view, lang, len(rs), sum(num(r, "f1") for r in rs) / len(rs), int(lost),
                    sum(num(r, "article_lost") > 0 for r in rs), removed / base if base else 0.0))
    return out


if __name__ == "__main__":
    sys.exit(main())
