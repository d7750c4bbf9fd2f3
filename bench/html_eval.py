#!/usr/bin/env python3
"""Score `lintnews check --fix` on the raw pages of the scrapinghub article-extraction benchmark.

Decompresses the pages to a temporary folder, fixes them (safe fixes, then separately with
--unsafe-fixes), extracts the text of what remains with the naive view rule of
../shared/tools/make_views.py and scores it with ../shared/tools/score.py against the ground
truth, with the naive view of the untouched pages as the base. It also reads the page's full
text (every text node of <body> but scripts and styles) before and after the fix, and prints its
article_kept and the share of the truth's sentence words it held whole and still holds: the
line-level figure, and the loss a reader of the page would see.

    python bench/html_eval.py [--corpus DIR] [--tools DIR] [--keep DIR] [--lint-args '--ignore AUT']
                              [--per-page FILE.tsv] [--by-rule FILE.tsv]
    python bench/html_eval.py --by-rule FILE.tsv --from-keep DIR   # re-account a kept run

The word-bag ``article_kept`` of score.py counts an article word as lost when the page's text
holds it fewer times than the truth does; where the naive view never had the article's paragraphs
(they are not in <p> or <li>), removing a menu or a teaser that shares words with the article
counts as loss too. The summary splits article_kept between the pages whose naive view holds the
article and those whose view misses it, and ``--per-page`` lists, per page, the sentences of the truth that
the naive view had and the fixed page no longer has (real loss), and the rules whose removals
(from the run's ledger) held each of them.

``--by-rule`` accounts the word-bag loss per rule and per page: each article token a page lost
is shared out among the fixes (ledger edits) whose removed text holds it, in proportion to how
many times each holds it. The summary prints, per mode, each rule's share on the pages that hold
the article and on those that miss it; the TSV has one row per edit that holds lost tokens
(mode, page, holds, rule, applicability, tokens, the lost words, the removed text). It also
scores the page's full text (every text node of <body>, not only the naive view's blocks) before
and after the fix, page by page with the truth sentences lost and the rules that removed them:
on the pages whose naive view misses the article, most of the word-bag loss is junk that shares
words with an article the view lacks, and the full text tells it from real loss.
"""
from __future__ import annotations

import argparse
import gzip
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator

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


_NON_WORD = re.compile(r"[^\w]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_TAG = re.compile(r"<[^>]*>")


def _words(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


_SCRIPT = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def _removed_text(edit: dict) -> str:
    return html.unescape(_TAG.sub(" ", _SCRIPT.sub(" ", edit.get("removed") or "")))


def ledger_records(path: str) -> Iterator[tuple[str, dict]]:
    """(page id, record) of each finding a --ledger file lists (none when there is no file)."""
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if "code" in rec:
                yield os.path.basename(rec["path"])[: -len(".html")], rec


def ledger_edits(path: str) -> dict[str, list[tuple[str, str, str]]]:
    """page id -> [(rule code, applicability, text the edit removed)], one per ledger edit."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for pid, rec in ledger_records(path):
        for e in rec.get("edits", ()):
            out.setdefault(pid, []).append((rec["code"], rec.get("applicability") or "", _removed_text(e)))
    return out


def full_text(mv, page: str) -> str:
    """Every text node of the page's <body> but scripts and styles: where the naive view misses
    the article (it sits in <div>s), the page still holds it, and a fix may delete it there."""
    root = mv._parse(page)
    body = root.find(".//body")
    if body is None:
        body = root
    for el in body.iter("script", "style", "noscript"):
        el.text = None
    return " ".join(body.itertext())


def full_text_loss(corpus: str, tools: str, workdir: str) -> dict[str, tuple[bool, int, int, list[str], int]]:
    """page id -> (naive view holds the article, article tokens of the page's full text, of
    those the fixed page lost, truth sentences the full text had and lost, words of the truth
    sentences it had): the loss a reader of
    the page would see, without the naive view's artefact where junk sharing words with an
    article it lacks counts as article."""
    mv = load_make_views(tools)
    out = {}
    for name in sorted(os.listdir(os.path.join(corpus, "html"))):
        if not name.endswith(".html.gz"):
            continue
        pid = name[: -len(".html.gz")]
        with gzip.open(os.path.join(corpus, "html", name), "rb") as f:
            orig = full_text(mv, mv.decode_html(f.read()))
        with open(os.path.join(workdir, "pages", pid + ".html"), encoding="utf-8", errors="replace") as f:
            fixed = full_text(mv, f.read())
        with open(os.path.join(corpus, "truth", pid + ".txt"), encoding="utf-8") as f:
            truth = f.read()
        with open(os.path.join(corpus, "views", "naive", pid + ".txt"), encoding="utf-8") as f:
            holds = bag_split(truth, f.read(), "")[0]
        _full, art, lost = bag_split(truth, orig, fixed)
        out[pid] = (holds, art, lost, lost_sentences(truth, orig, fixed), sentence_words(truth, orig))
    return out


def sentence_words(truth: str, text: str) -> int:
    """Words of the truth's sentences that the text holds whole: the denominator of sentences kept."""
    text = _words(text)
    return sum(len(w.split()) for para in truth.split("\n") for s in _SENTENCE_END.split(para)
               if (w := _words(s)) and w in text)


def full_text_summary(loss: dict) -> str:
    art, lost = sum(v[1] for v in loss.values()), sum(v[2] for v in loss.values())
    held = sum(v[4] for v in loss.values())
    words = sum(len(_words(s).split()) for v in loss.values() for s in v[3])
    out = (f"full page text, all pages: article_kept {1 - lost / max(art, 1):.5f} ({lost} of {art} tokens); "
           f"truth sentences kept {1 - words / max(held, 1):.5f} ({words} of {held} words lost)\n")
    for holds, label in ((True, "holds"), (False, "misses")):
        part = [v for v in loss.values() if v[0] is holds]
        art, lost = sum(v[1] for v in part), sum(v[2] for v in part)
        words = sum(len(_words(s).split()) for v in part for s in v[3])
        out += (f"full page text, pages whose naive view {label} the article: article_kept "
                f"{1 - lost / max(art, 1):.5f} ({lost} of {art} tokens; truth sentences lost: {words} words)\n")
    return out


def by_rule_rows(corpus: str, workdir: str, name: str) -> list[list]:
    """One row per edit holding article tokens the page lost: [mode, page, holds, rule,
    applicability, tokens (shared out), lost words, removed text]."""
    edits = ledger_edits(os.path.join(workdir, "ledger.jsonl"))
    rows = []
    for pid in sorted(edits):
        texts = []
        for path in (os.path.join(corpus, "truth", pid + ".txt"),
                     os.path.join(corpus, "views", "naive", pid + ".txt"),
                     os.path.join(workdir, "cand", pid + ".txt")):
            with open(path, encoding="utf-8") as t:
                texts.append(t.read())
        t, b, c = (_bag(x) for x in texts)
        lost = {k: n for k in t if (n := min(b.get(k, 0), t[k]) - min(c.get(k, 0), t[k])) > 0}
        if not lost:
            continue
        full = bag_split(*texts)[0]
        bags = [_bag(text) for _code, _app, text in edits[pid]]
        holders: dict[str, int] = {}
        for bag in bags:
            for k in lost:
                holders[k] = holders.get(k, 0) + bag.get(k, 0)
        for (code, app, text), bag in zip(edits[pid], bags):
            share = {k: lost[k] * bag[k] / holders[k] for k in lost if bag.get(k)}
            tokens = sum(share.values())
            if tokens:
                rows.append([name, pid, full, code, app, tokens, " ".join(sorted(share)),
                             " ".join(text.split())[:300]])
    return rows


def full_text_report(corpus: str, tools: str, workdir: str) -> str:
    loss = full_text_loss(corpus, tools, workdir)
    edits = ledger_edits(os.path.join(workdir, "ledger.jsonl"))
    out = full_text_summary(loss)
    for pid, (_holds, _art, lost, sentences, _held) in sorted(loss.items(), key=lambda kv: -kv[1][2]):
        if not lost:
            continue
        rules = sorted({code for s in sentences for code, _a, text in edits.get(pid, ()) if _words(s) in _words(text)})
        out += f"  {pid[:12]} {lost:4} {','.join(rules) or '-'}: {' | '.join(s[:80] for s in sentences)}\n"
    return out


def by_rule_summary(rows: list[list]) -> str:
    per: dict[str, list[float]] = {}
    for r in rows:
        acc = per.setdefault(r[3], [0.0, 0.0, set()])
        acc[0 if r[2] else 1] += r[5]
        acc[2].add(r[1])
    out = "article tokens lost per rule (pages holding the article / missing it; pages):\n"
    for code, (full, miss, pages) in sorted(per.items(), key=lambda kv: -(kv[1][0] + kv[1][1])):
        out += f"  {code:8} {full:7.1f} {miss:7.1f}  {len(pages)}\n"
    return out


def ledger_removals(path: str) -> dict[str, list[tuple[str, str]]]:
    """page id -> [(rule code, words of the text its fix removed)] from a --ledger file."""
    out: dict[str, list[tuple[str, str]]] = {}
    for pid, rec in ledger_records(path):
        removed = " ".join(html.unescape(_TAG.sub(" ", e.get("removed") or "")) for e in rec.get("edits", ()))
        out.setdefault(pid, []).append((rec["code"], _words(removed)))
    return out


def lost_sentences(truth: str, base: str, cand: str) -> list[str]:
    """Sentences of the truth the base text has and the candidate text lacks."""
    base, cand = _words(base), _words(cand)
    out = []
    for para in truth.split("\n"):
        for sentence in _SENTENCE_END.split(para):
            w = _words(sentence)
            if w and w in base and w not in cand:
                out.append(sentence.strip())
    return out


_TOKEN = re.compile(r"\w+")


def _bag(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for t in _TOKEN.findall(text.lower()):
        out[t] = out.get(t, 0) + 1
    return out


def bag_split(truth: str, base: str, cand: str) -> tuple[bool, int, int]:
    """(the naive view holds at least 90% of the truth's words, article tokens of the base,
    of those lost), as score.py counts them."""
    t, b, c = _bag(truth), _bag(base), _bag(cand)
    n = sum(t.values())
    full = not n or sum(min(b.get(k, 0), v) for k, v in t.items()) / n >= 0.9
    art = sum(min(v, t.get(k, 0)) for k, v in b.items())
    lost = sum(max(0, min(v, t.get(k, 0)) - min(c.get(k, 0), t.get(k, 0))) for k, v in b.items())
    return full, art, lost


def per_page_rows(corpus: str, workdir: str, name: str, score_tsv: str) -> list[list[str]]:
    removals = ledger_removals(os.path.join(workdir, "ledger.jsonl"))
    rows = []
    with open(score_tsv, encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(head, line.rstrip("\n").split("\t")))
            pid = row["page"]
            texts = []
            for path in (os.path.join(corpus, "truth", pid + ".txt"),
                         os.path.join(corpus, "views", "naive", pid + ".txt"),
                         os.path.join(workdir, "cand", pid + ".txt")):
                with open(path, encoding="utf-8") as t:
                    texts.append(t.read())
            lost = lost_sentences(*texts)
            full, art, bag_lost = bag_split(*texts)
            rules = sorted({code for s in lost for code, words in removals.get(pid, ()) if _words(s) in words})
            rows.append([name, pid, row["article_lost"], str(sum(len(_words(s).split()) for s in lost)),
                         ",".join(rules), " | ".join(s[:120] for s in lost), full, art, bag_lost])
    return rows


def run(corpus: str, tools: str, workdir: str, unsafe: bool, extra: list[str] = (),
        per_page: list | None = None, by_rule: list | None = None) -> str:
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
           "--output-format", "concise", "--ledger", os.path.join(workdir, "ledger.jsonl"), pages]
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
    score_tsv = os.path.join(workdir, "score.tsv")
    out = subprocess.run([sys.executable, os.path.join(tools, "score.py"), corpus, "--cand", cand,
                          "--name", name, "--base", "naive", "--per-page", score_tsv],
                         capture_output=True, text=True)
    report = out.stdout + out.stderr
    rows = per_page_rows(corpus, workdir, name, score_tsv)
    real = sum(int(r[3]) for r in rows)
    report += (f"truth sentences lost (words): {real} on {sum(1 for r in rows if r[3] != '0')} pages; "
               f"word-bag article tokens lost: {sum(int(float(r[2])) for r in rows)}\n")
    for full, label in ((True, "holds"), (False, "misses")):
        part = [r for r in rows if r[6] is full]
        art, lost = sum(r[7] for r in part), sum(r[8] for r in part)
        if art:
            report += (f"pages whose naive view {label} the article (90% of the truth's words): "
                       f"{len(part)}, article_kept {1 - lost / art:.4f} ({lost} of {art} tokens)\n")
    if by_rule is not None:
        rule_rows = by_rule_rows(corpus, workdir, name)
        by_rule.extend(rule_rows)
        report += by_rule_summary(rule_rows)
        report += full_text_report(corpus, tools, workdir)
    else:
        report += full_text_summary(full_text_loss(corpus, tools, workdir))
    if per_page is not None:
        per_page.extend(r[:6] for r in rows if r[2] not in ("0", "0.0") or r[3] != "0")
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=os.path.join(SHARED, "corpus", "scrapinghub-aeb"))
    ap.add_argument("--tools", default=os.path.join(SHARED, "tools"))
    ap.add_argument("--keep", help="keep the fixed pages and texts in this folder")
    ap.add_argument("--lint-args", default="", help="more options for lintnews check, e.g. '--ignore AUT'")
    ap.add_argument("--per-page", help="write the pages that lost article words to this TSV file: "
                    "word-bag tokens lost, words of truth sentences lost, the rules that removed them")
    ap.add_argument("--by-rule", help="write, per edit that removed article tokens, the rule, page "
                    "and tokens to this TSV file, and print the tokens lost per rule")
    ap.add_argument("--from-keep", help="with --by-rule: account the runs kept by --keep in this "
                    "folder instead of running lintnews")
    args = ap.parse_args()
    rows: list = []
    rule_rows: list | None = [] if args.by_rule else None
    if args.from_keep:
        if rule_rows is None:
            ap.error("--from-keep needs --by-rule")
        for mode in ("safe", "unsafe"):
            found = by_rule_rows(args.corpus, os.path.join(args.from_keep, mode), f"lintnews-html-{mode}")
            print(mode, by_rule_summary(found) + full_text_report(args.corpus, args.tools,
                                                                   os.path.join(args.from_keep, mode)))
            rule_rows.extend(found)
    for unsafe in (False, True) if not args.from_keep else ():
        work = tempfile.mkdtemp(prefix="lintnews-html-eval-")
        try:
            print(run(args.corpus, args.tools, work, unsafe, args.lint_args.split(), rows, rule_rows))
            if args.keep:
                dest = os.path.join(args.keep, "unsafe" if unsafe else "safe")
                shutil.rmtree(dest, ignore_errors=True)
                shutil.copytree(work, dest)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if args.by_rule:
        with open(args.by_rule, "w", encoding="utf-8") as f:
            f.write("mode\tpage\tholds\trule\tapplicability\ttokens\tlost_words\tremoved\n")
            for r in rule_rows:
                f.write("\t".join([*map(str, r[:5]), f"{r[5]:.1f}", r[6], r[7].replace("\t", " ")]) + "\n")
    if args.per_page:
        with open(args.per_page, "w", encoding="utf-8") as f:
            f.write("mode\tpage\tbag_tokens_lost\tsentence_words_lost\trules\tlost_sentences\n")
            for row in rows:
                f.write("\t".join(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
