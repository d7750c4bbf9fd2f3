"""The datatrove step, run by a real datatrove executor, fixes and counts exactly as
``lintnews check --fix`` does on the same records."""

import glob
import gzip
import json
import os
from collections import Counter

import pytest

from clitools import ROOT, lintnews

pytest.importorskip("datatrove", reason="needs the datatrove extra: pip install -e '.[datatrove]'")
pytest.importorskip("orjson", reason="datatrove's JSONL reader and writer need orjson")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from lintnews.integrations.datatrove import LintnewsFilter  # noqa: E402

NAIVE = os.path.join(ROOT, "tests", "fixtures", "corpus", "views", "naive")
COUNT = 6


def records():
    paths = sorted(glob.glob(os.path.join(NAIVE, "*.txt")))[:COUNT]
    out = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            out.append({"id": os.path.basename(path)[:12], "text": f.read()})
    return out


def run_pipeline(tmp_path, recs, **options):
    source = tmp_path / "in"
    source.mkdir()
    # Two input files, so each of the two tasks reads one.
    half = len(recs) // 2
    for name, part in (("a.jsonl", recs[:half]), ("b.jsonl", recs[half:])):
        (source / name).write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
    out, dropped = tmp_path / "out", tmp_path / "dropped"
    step = LintnewsFilter(**options, exclusion_writer=JsonlWriter(str(dropped), compression=None))
    LocalPipelineExecutor(
        [JsonlReader(str(source)), step, JsonlWriter(str(out), compression=None)],
        tasks=2, workers=1, logging_dir=str(tmp_path / "logs"),
    ).run()
    return read_all(out), read_all(dropped), tmp_path / "logs"


def read_all(folder):
    docs = {}
    for path in glob.glob(os.path.join(folder, "*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                docs[doc["id"]] = doc
    return docs


def cli_fix(tmp_path, recs):
    """What ``lintnews check --fix`` makes of the records: the fixed records, and the findings
    it reports per record (by line)."""
    work = tmp_path / "cli"
    work.mkdir()
    path = work / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    proc = lintnews("check", "--fix", "--exit-zero", "-o", "json", path.name, cwd=work)
    assert proc.returncode == 0, proc.err
    found = [Counter() for _ in recs]
    for diag in json.loads(proc.out):
        found[diag["line"] - 1][diag["code"]] += 1
    fixed = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return fixed, found


def test_the_step_fixes_and_counts_as_check_fix_does(tmp_path):
    recs = records()
    kept, dropped, logs = run_pipeline(tmp_path, recs, fix=True)
    fixed, found = cli_fix(tmp_path, recs)
    assert dropped == {}
    assert sorted(kept) == sorted(r["id"] for r in recs)
    changed = 0
    for rec, want, counts in zip(recs, fixed, found):
        doc = kept[rec["id"]]
        assert doc["text"] == want["text"], rec["id"]
        assert doc["metadata"]["lintnews"]["codes"] == dict(counts), rec["id"]
        changed += doc["text"] != rec["text"]
    assert changed, "no record was fixed: the comparison would prove nothing"
    assert sum(d["metadata"]["lintnews"]["fixed"] for d in kept.values()) > 0
