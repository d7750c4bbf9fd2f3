"""Real article text survives `check --fix` on a fixed sample of real scraped pages.

The sample (tests/fixtures/corpus, see its README) has three scraper views of 30 pages and their
human ground truth. article_kept is measured as the benchmark's score.py does: per page and per
token, the article tokens of the input that the fixed text no longer has.
"""

import os
import re
import shutil
from collections import Counter

import pytest

from conftest import FIXTURES, run_cli

CORPUS = os.path.join(FIXTURES, "corpus")
VIEWS = ("naive", "trafilatura", "readability")
# Share of article tokens that must survive the safe fixes: what score.py prints as 1.000.
# (Fixes that only `--unsafe-fixes` or `extend-safe-fixes` apply, such as removing menu runs, are
# measured by bench/corpus_eval.py: token bags count a menu label such as "Games" as article text
# when the truth has the word more often than the view's article part does.)
FLOOR = {"naive": 0.9995, "trafilatura": 0.9995, "readability": 0.9995}
_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(path: str) -> Counter:
    with open(path, encoding="utf-8") as f:
        return Counter(_TOKEN.findall(f.read().lower()))


def article_loss(base_dir: str, fixed_dir: str) -> tuple[int, int, list[str]]:
    kept_base = lost = 0
    losing = []
    for name in sorted(os.listdir(base_dir)):
        truth = tokens(os.path.join(CORPUS, "truth", name))
        base, fixed = tokens(os.path.join(base_dir, name)), tokens(os.path.join(fixed_dir, name))
        page = 0
        for tok, n in base.items():
            ab, ac = min(n, truth[tok]), min(fixed[tok], truth[tok])
            kept_base += ab
            page += max(0, ab - ac)
        lost += page
        if page:
            losing.append(f"{name[:8]}: {page}")
    return kept_base, lost, losing


def test_sample_is_complete():
    for view in VIEWS:
        names = os.listdir(os.path.join(CORPUS, "views", view))
        assert len(names) == 30
        assert all(os.path.exists(os.path.join(CORPUS, "truth", n)) for n in names)


# A parallel run's worker fixes a view once for all the tests that read it: the tests of one view
# go to the same worker, the views to any.
BY_VIEW = [pytest.param(view, marks=pytest.mark.xdist_group(f"corpus-{view}")) for view in VIEWS]


@pytest.fixture(scope="module")
def fixed_views(tmp_path_factory):
    """view -> (the run, its folder): each view is copied and fixed once, when a test first asks,
    and the tests below read the same result (a run over a view takes seconds)."""
    return {}


def fixed_view(fixed_views, view, tmp_path_factory):
    if view not in fixed_views:
        work = tmp_path_factory.mktemp("corpus-fixed") / view
        shutil.copytree(os.path.join(CORPUS, "views", view), work)
        fixed_views[view] = run_cli("check", "--fix", "--no-cache", str(work)), work
    proc, work = fixed_views[view]
    assert proc.returncode in (0, 1), proc.stderr.decode()[-2000:]
    return work


@pytest.mark.parametrize("view", BY_VIEW)
def test_fix_keeps_article_text(view, fixed_views, tmp_path_factory):
    src = os.path.join(CORPUS, "views", view)
    work = fixed_view(fixed_views, view, tmp_path_factory)
    changed = sum(open(os.path.join(src, n), encoding="utf-8").read()
                  != open(work / n, encoding="utf-8").read() for n in os.listdir(src))
    assert changed > 0, "the fixes changed nothing: the guard would pass vacuously"
    base, lost, losing = article_loss(src, str(work))
    assert base > 10000
    assert 1 - lost / base >= FLOOR[view], f"{view}: {lost} of {base} article tokens lost ({', '.join(losing)})"


def _line_truth():
    import importlib.util

    path = os.path.join(os.path.dirname(CORPUS), "..", "..", "bench", "line_eval.py")
    spec = importlib.util.spec_from_file_location("line_eval", os.path.abspath(path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Truth, module.ARTICLE, module.norm


@pytest.mark.parametrize("view", BY_VIEW)
def test_fix_removes_no_article_line(view, fixed_views, tmp_path_factory):
    """Line by line (bench/line_eval.py's labels): no line of the ground truth is removed."""
    Truth, ARTICLE, norm = _line_truth()
    src = os.path.join(CORPUS, "views", view)
    work = fixed_view(fixed_views, view, tmp_path_factory)
    lost, junk_removed = [], 0
    for name in sorted(os.listdir(src)):
        with open(os.path.join(CORPUS, "truth", name), encoding="utf-8") as f:
            truth = Truth(f.read())
        with open(os.path.join(src, name), encoding="utf-8") as f:
            before = f.read().splitlines()
        fixed = (work / name).read_text(encoding="utf-8")
        after = Counter(line.strip() for line in fixed.splitlines())
        body = Truth(fixed).body
        for line in before:
            label = truth.label(line)
            if label is None:
                continue
            if after[line.strip()] > 0:
                after[line.strip()] -= 1
            elif len(norm(line)) >= 25 and f" {norm(line)} " in body:
                continue  # repaired in place (whitespace, entities), not removed
            elif label == ARTICLE:
                lost.append(f"{name[:8]}: {line[:80]}")
            elif label == "junk":
                junk_removed += 1
    assert junk_removed > 0, "the fixes removed no junk line: the guard would pass vacuously"
    assert not lost, "article lines removed:\n" + "\n".join(lost)
