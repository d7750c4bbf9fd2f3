#!/usr/bin/env python3
"""Line-level measurement of `lintnews check --fix` on a labelled corpus, per view and per rule.

Every non-blank line of a view is labelled from the human ground truth:

- article: its normalised text (case-folded, runs of whitespace and punctuation squeezed to one
  space) occurs in the normalised truth and has at least 25 characters, or it is a shorter line
  that is a whole line of the truth;
- neutral: short or ambiguous lines: a short line whose words occur in the truth but not as a
  line of their own ("News", "Photo"), or a long line that shares a long stretch with the truth
  without being contained in it (a paragraph glued to a caption);
- junk: everything else.

Each view is copied, fixed (safe fixes; then, separately, with --unsafe-fixes) with a ledger, and
the ledger's removed text is labelled line by line, per rule. The overall figures compare the view
with the fixed text (lines gone, as a multiset), so overlapping removals count once.

    python bench/line_eval.py                         # all views, markdown tables on stdout
    python bench/line_eval.py --views naive --show-article   # print every article line removed
    python bench/line_eval.py --corpus tests/fixtures/corpus
    python bench/line_eval.py --views naive --safe-only --dump-junk /tmp/junk.tsv   # junk left, per page

Also prints the word-bag score of score.py (bench/corpus_eval.py) for the same fixed texts, and
the line figures per language of the pages (corpus_eval.page_language: <html lang>, else a guess).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus_eval import (DEFAULT_CORPUS, DEFAULT_SCORER, ROOT, VIEWS, _find, page_languages, score,  # noqa: E402
                         writable_copy)

_SQUEEZE = re.compile(r"[\W_]+", re.UNICODE)
LONG = 25
ARTICLE, NEUTRAL, JUNK = "article", "neutral", "junk"


def norm(text: str) -> str:
    return _SQUEEZE.sub(" ", text.casefold()).strip()


class Truth:
    def __init__(self, text: str) -> None:
        lines = [norm(line) for line in text.splitlines()]
        self.lines = {line for line in lines if line}
        self.body = " " + " ".join(line for line in lines if line) + " "

    def label(self, line: str) -> str | None:
        n = norm(line)
        if not n:
            return None
        if n in self.lines:
            return ARTICLE
        if len(n) >= LONG:
            if n in self.body:
                return ARTICLE
            # A long stretch in common: partly article (a paragraph glued to a caption).
            probe = 40
            if len(n) > probe and any(n[i:i + probe] in self.body
                                      for i in range(0, len(n) - probe + 1, 20)):
                return NEUTRAL
            return JUNK
        return NEUTRAL if f" {n} " in self.body else JUNK

    def copies(self, line: str) -> int:
        """How many times the truth holds the line's text."""
        return self.body.count(f" {norm(line)} ")


def surplus(lab: str, line: str, truth: Truth, view: Counter, fixed_body: str) -> str:
    """An article line's removed copy is junk when the fixed text still holds the line as many
    times as the truth does (or the view did, if fewer): a paragraph the scraper printed twice."""
    if lab != ARTICLE:
        return lab
    n = norm(line)
    return JUNK if fixed_body.count(f" {n} ") >= min(view[n], truth.copies(line)) else lab


def run_fix(folder: str, ledger: str, unsafe: bool, extra: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
    cmd = [sys.executable, "-m", "lintnews", "check", "--no-cache", "--fix", "--ledger", ledger,
           "-q", "--exit-zero", *(["--unsafe-fixes"] if unsafe else []), *extra, folder]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"lintnews failed on {folder}:\n{proc.stderr[-2000:]}")


def remaining_junk(name: str, fixed: str, truth: "Truth") -> list[tuple[str, str, int, str]]:
    """The junk lines a fixed text still holds: (page, place, words, line), where place says
    whether the line is before the first article line left (head), after the last (tail) or
    between them (mid): what a rule would have to remove next, and where."""
    lines = [line.strip() for line in fixed.splitlines() if line.strip()]
    labels = [truth.label(line) for line in lines]
    article = [i for i, lab in enumerate(labels) if lab == ARTICLE]
    first, last = (article[0], article[-1]) if article else (len(lines), -1)
    return [(name, "head" if i < first else "tail" if i > last else "mid", len(line.split()), line)
            for i, (line, lab) in enumerate(zip(lines, labels)) if lab == JUNK]


def measure(corpus: str, view: str, work: str, unsafe: bool, extra: list[str], show: bool):
    src = os.path.join(corpus, "views", view)
    dst = os.path.join(work, f"{view}-{'unsafe' if unsafe else 'safe'}")
    shutil.rmtree(dst, ignore_errors=True)
    writable_copy(src, dst)
    ledger = dst + ".ledger"
    if os.path.exists(ledger):
        os.unlink(ledger)
    run_fix(dst, ledger, unsafe, extra)
    truths: dict[str, Truth] = {}

    def truth(name: str) -> Truth:
        if name not in truths:
            with open(os.path.join(corpus, "truth", name), encoding="utf-8") as f:
                truths[name] = Truth(f.read())
        return truths[name]

    totals: Counter = Counter()
    removed: Counter = Counter()
    lost_article: list[tuple[str, str]] = []
    left: list[tuple[str, str, int, str]] = []
    views: dict[str, Counter] = {}  # per page: the view's lines (normalised), counted
    bodies: dict[str, str] = {}  # per page: the fixed text, normalised
    langs = page_languages(corpus, view)
    # {language: (pages, lines per label, lines removed per label)}
    by_lang: dict[str, tuple[Counter, Counter, Counter]] = defaultdict(lambda: (Counter(), Counter(), Counter()))
    for name in sorted(os.listdir(src)):
        lang_pages, lang_totals, lang_removed = by_lang[langs.get(name.rsplit(".", 1)[0], "?")]
        lang_pages["pages"] += 1
        with open(os.path.join(src, name), encoding="utf-8") as f:
            before = f.read().splitlines()
        with open(os.path.join(dst, name), encoding="utf-8") as f:
            fixed = f.read()
        after = Counter(line.strip() for line in fixed.splitlines())
        body = Truth(fixed).body
        t = truth(name)
        views[name] = view = Counter(norm(line) for line in before)
        bodies[name] = body
        left.extend(remaining_junk(name, fixed, t))
        present: Counter = Counter()  # copies of a text found in the fixed page so far
        seen: Counter = Counter()
        for line in before:
            lab = t.label(line)
            if lab is None:
                continue
            seen[norm(line)] += 1
            if lab == ARTICLE and seen[norm(line)] > t.copies(line):
                lab = JUNK  # a copy beyond those the truth holds: the page printed it again
            totals[lab] += 1
            lang_totals[lab] += 1
            key, n = line.strip(), norm(line)
            if after[key] > 0:
                after[key] -= 1
                present[n] += 1
            elif len(n) >= LONG and body.count(f" {n} ") > present[n]:
                present[n] += 1  # repaired in place (whitespace, entities), not removed
            else:
                removed[lab] += 1
                lang_removed[lab] += 1
                if lab == ARTICLE:
                    lost_article.append((name, line))
    per_rule: dict[str, Counter] = defaultdict(Counter)
    if os.path.exists(ledger):
        with open(ledger, encoding="utf-8") as f:
            for raw in f:
                e = json.loads(raw)
                if "edits" not in e:
                    continue  # the ledger's per-file record (hashes, byte changes), not a fix
                name = os.path.basename(e["path"])
                for edit in e.get("edits", ()):  # the file's own line carries no edits
                    for line in (edit.get("removed") or "").splitlines():
                        lab = truth(name).label(line)
                        if lab is not None:
                            lab = surplus(lab, line, truth(name), views[name], bodies[name])
                            per_rule[e["code"]][lab] += 1
                            if show and lab == ARTICLE:
                                print(f"  {e['code']} {name[:8]}: {line[:150]!r}", file=sys.stderr)
    words = None
    if os.path.exists(DEFAULT_SCORER):
        try:
            words = _find(score(DEFAULT_SCORER, corpus, dst, src, None), "article_kept")
        except subprocess.CalledProcessError:
            pass  # a corpus score.py cannot read: the line figures stand alone
    return totals, removed, per_rule, lost_article, words, dict(by_lang), left


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--views", nargs="+", default=list(VIEWS))
    ap.add_argument("--safe-only", action="store_true", help="skip the --unsafe-fixes run")
    ap.add_argument("--show-article", action="store_true", help="print article lines removed (stderr)")
    ap.add_argument("--keep", help="keep the fixed texts and ledgers under this folder")
    ap.add_argument("--dump-junk", metavar="FILE",
                    help="write the junk lines left after the fix as TSV: view, fixes, page, place "
                         "(head, mid, tail of the article lines left), words, line")
    ap.add_argument("lintnews_args", nargs="*", help="extra arguments for lintnews check, after --")
    args = ap.parse_args(argv)
    if not os.path.isdir(os.path.join(args.corpus, "truth")):
        sys.exit(f"{args.corpus}: no truth/ folder (pass --corpus)")
    work = args.keep or tempfile.mkdtemp(prefix="lintnews-lines-")
    os.makedirs(work, exist_ok=True)
    overall = []
    languages = []
    rules: dict[tuple[str, str], dict[str, Counter]] = {}
    dump = open(args.dump_junk, "w", encoding="utf-8") if args.dump_junk else None
    try:
        for view in args.views:
            for unsafe in (False,) if args.safe_only else (False, True):
                if args.show_article:
                    print(f"# {view} {'unsafe' if unsafe else 'safe'}", file=sys.stderr)
                totals, removed, per_rule, lost, words, by_lang, left = measure(
                    args.corpus, view, work, unsafe, args.lintnews_args, args.show_article)
                mode = "unsafe" if unsafe else "safe"
                if dump:
                    for page, place, n, line in left:
                        dump.write(f"{view}\t{mode}\t{page}\t{place}\t{n}\t{line.replace(chr(9), ' ')}\n")
                overall.append((view, mode, totals, removed, words))
                languages.extend((view, mode, lang, *by_lang[lang])
                                 for lang in sorted(by_lang, key=lambda k: (-by_lang[k][0]["pages"], k)))
                rules[(view, mode)] = per_rule
    finally:
        if dump:
            dump.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print("| view | fixes | junk lines | junk removed (recall) | article lines | article removed (loss) "
          "| neutral removed | words F1 after | article_kept | removal_recall |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for view, mode, totals, removed, words in overall:
        j, a = totals[JUNK], totals[ARTICLE]
        w = (f"{words['f1']:.3f} | {words['article_kept']:.4f} | {words['removal_recall']:.3f}"
             if words else "- | - | -")
        print(f"| {view} | {mode} | {j} | {removed[JUNK]} ({removed[JUNK] / max(j, 1):.3f}) | {a} | "
              f"{removed[ARTICLE]} ({removed[ARTICLE] / max(a, 1):.4f}) | {removed[NEUTRAL]} | {w} |")
    print()
    print("Per language of the pages:")
    print()
    print("| view | fixes | language | pages | junk lines | junk removed (recall) | article lines "
          "| article removed (loss) | neutral removed |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for view, mode, lang, pages, lt, lr in languages:
        j, a = lt[JUNK], lt[ARTICLE]
        print(f"| {view} | {mode} | {lang} | {pages['pages']} | {j} | {lr[JUNK]} ({lr[JUNK] / max(j, 1):.3f}) | "
              f"{a} | {lr[ARTICLE]} ({lr[ARTICLE] / max(a, 1):.4f}) | {lr[NEUTRAL]} |")
    print()
    codes = sorted({c for per in rules.values() for c in per})
    keys = list(rules)
    print("Per rule, lines removed (article lines among them) per view and fix mode; precision = "
          "1 - article / (article + junk), neutral lines left out.")
    print()
    print("| rule | " + " | ".join(f"{v} {m}" for v, m in keys) + " | precision (all) |")
    print("| --- | " + " | ".join("---" for _ in keys) + " | --- |")
    for code in codes:
        cells = []
        art = junk = 0
        for k in keys:
            c = rules[k].get(code, Counter())
            n = sum(c.values())
            cells.append(f"{n} ({c[ARTICLE]})" if n else "")
            art += c[ARTICLE]
            junk += c[JUNK]
        prec = 1 - art / (art + junk) if art + junk else 1.0
        print(f"| {code} | " + " | ".join(cells) + f" | {prec:.4f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
