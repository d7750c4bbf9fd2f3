"""The datatrove step, run by a real datatrove executor, fixes and counts exactly as
``lintnews check --fix`` does on the same records."""

import glob
import importlib.util
import gzip
import json
import os
import re
import subprocess
import sys
from collections import Counter

import pytest

from clitools import ROOT, lintnews

# Checked without importing: datatrove takes longer to import than most tests take to run, so only
# the worker that runs these tests (they share one) imports it.
for _name, _reason in (("datatrove", "needs the datatrove extra: pip install -e '.[datatrove]'"),
                       ("orjson", "datatrove's JSONL reader and writer need orjson")):
    if importlib.util.find_spec(_name) is None:
        pytest.skip(_reason, allow_module_level=True)
pytestmark = pytest.mark.xdist_group("datatrove")


def step(**options):
    from lintnews.integrations.datatrove import LintnewsFilter

    return LintnewsFilter(**options)


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
    source.mkdir(parents=True)
    # Two input files, so each of the two tasks reads one.
    half = len(recs) // 2
    for name, part in (("a.jsonl", recs[:half]), ("b.jsonl", recs[half:])):
        (source / name).write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
    out, dropped = tmp_path / "out", tmp_path / "dropped"
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    lint = step(**options, exclusion_writer=JsonlWriter(str(dropped), compression=None))
    LocalPipelineExecutor(
        [JsonlReader(str(source)), lint, JsonlWriter(str(out), compression=None)],
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


def cli_fix(tmp_path, recs, *flags):
    """What ``lintnews check --fix FLAGS`` makes of the records: the fixed records, and the
    findings it reports per record (by line)."""
    work = tmp_path / "cli"
    work.mkdir()
    path = work / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    proc = lintnews("check", "--fix", "--exit-zero", "--output-format", "json", *flags, path.name, cwd=work)
    assert proc.returncode == 0, proc.err
    found = [Counter() for _ in recs]
    for diag in json.loads(proc.out):
        found[diag["line"] - 1][diag["code"]] += 1
    fixed = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return fixed, found


def step_stats(logs):
    """The lintnews step's merged stats: label -> total."""
    with open(logs / "stats.json", encoding="utf-8") as f:
        steps = json.load(f)
    (mine,) = [s for s in steps if "lintnews" in s["name"]]
    return {k: v["total"] if isinstance(v, dict) else v for k, v in mine["stats"].items()}


def write_config(tmp_path, text):
    # Out of the CLI's folder and its parents, where the CLI would find it without --config.
    path = tmp_path / "conf" / "lintnews.toml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


CONFIG = """unsafe-fixes = true
ignore = ["CHR003"]
"""


@pytest.fixture(scope="module")
def fixed_with_defaults(tmp_path_factory):
    """The records through the step with ``fix=True`` and nothing else, run once: the run that
    must match ``check --fix`` is also the safe side of the unsafe-fixes comparison."""
    return run_pipeline(tmp_path_factory.mktemp("defaults"), records(), fix=True)


@pytest.mark.parametrize("options,flags", [
    ({}, []),
    ({"select": ["CHR", "AD"], "ignore": ["CHR003"]}, ["--select", "CHR", "--select", "AD", "--ignore", "CHR003"]),
    ({"config": "CONFIG"}, ["--config", "CONFIG"]),
], ids=["defaults", "select-ignore", "config-unsafe"])
def test_the_step_fixes_and_counts_as_check_fix_does(request, tmp_path, options, flags):
    config = write_config(tmp_path, CONFIG)
    options = {k: str(config) if v == "CONFIG" else v for k, v in options.items()}
    flags = [str(config) if f == "CONFIG" else f for f in flags]
    recs = records()
    if options:
        kept, dropped, logs = run_pipeline(tmp_path, recs, fix=True, **options)
    else:
        kept, dropped, logs = request.getfixturevalue("fixed_with_defaults")
    fixed, found = cli_fix(tmp_path, recs, *flags)
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
    total = sum(found, Counter())
    stats = step_stats(logs)
    assert {code: stats.get(code) for code in total} == dict(total)
    if options:
        assert "CHR003" not in total and "CHR003" not in stats


def test_unsafe_fixes_remove_more_than_safe_ones(tmp_path, fixed_with_defaults):
    recs = records()
    safe, _, _ = fixed_with_defaults
    unsafe, _, _ = run_pipeline(tmp_path / "unsafe", recs, fix=True, unsafe_fixes=True)
    assert sum(len(d["text"]) for d in unsafe.values()) < sum(len(d["text"]) for d in safe.values())


def test_without_fix_the_text_stays_and_findings_are_counted(tmp_path):
    recs = records()
    kept, _, _ = run_pipeline(tmp_path, recs)
    for rec in recs:
        record = kept[rec["id"]]["metadata"]["lintnews"]
        assert kept[rec["id"]]["text"] == rec["text"]
        assert record["fixed"] == 0
    assert any(kept[r["id"]]["metadata"]["lintnews"]["codes"] for r in recs)


def test_drop_at_sends_documents_with_bad_enough_findings_to_the_exclusion_writer(tmp_path):
    recs = records()
    # Raised to an error by the config, so only some documents reach the threshold.
    config = write_config(tmp_path, '[severity]\nCHR001 = "error"\n')
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    proc = lintnews("check", "--exit-zero", "--output-format", "json", "--config", config, path.name, cwd=tmp_path)
    bad = {recs[d["line"] - 1]["id"] for d in json.loads(proc.out) if d["severity"] == "error"}
    kept, dropped, logs = run_pipeline(tmp_path / "drop", recs, drop_at="error", config=str(config))
    assert sorted([*kept, *dropped]) == sorted(r["id"] for r in recs)
    assert kept and dropped, "both outcomes must occur for the test to mean something"
    assert set(dropped) == bad
    for doc in dropped.values():
        assert doc["metadata"]["filter_reason"] == "lintnews_CHR001"
        assert doc["metadata"]["lintnews"]["codes"]["CHR001"] >= 1
    assert step_stats(logs)["dropped_lintnews_CHR001"] == len(dropped)


@pytest.mark.parametrize("fmt,name", [("html", "wordpress_article.html"), ("markdown", "article.md")])
def test_a_format_given_to_the_step_reads_as_that_file_type(tmp_path, fmt, name):
    from datatrove.data import Document

    source = os.path.join(ROOT, "tests", "fixtures", "html", name)
    if fmt == "markdown":  # the seed article as Markdown: a heading and paragraphs
        with open(os.path.join(ROOT, "examples", "seed", "article.txt"), encoding="utf-8") as f:
            text = "# " + f.read()
    else:
        with open(source, encoding="utf-8") as f:
            text = f.read()
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    proc = lintnews("check", "--fix", "--exit-zero", "--output-format", "json", name, cwd=tmp_path)
    assert proc.returncode == 0, proc.err
    doc = Document(text=text, id="x")
    assert step(fix=True, format=fmt).filter(doc) is True
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.text != text
    assert doc.metadata["lintnews"]["codes"] == dict(Counter(d["code"] for d in json.loads(proc.out)))


def test_the_step_survives_the_trip_to_a_worker():
    import dill
    from datatrove.data import Document

    travelled = dill.loads(dill.dumps(step(fix=True)))
    doc = Document(text=records()[0]["text"], id="x")
    travelled.filter(doc)
    assert doc.metadata["lintnews"]["fixed"] > 0


def test_a_text_with_windows_line_ends_is_fixed_as_its_lf_twin_and_keeps_them():
    # The JSONL reader reads a record's CRLF text as LF lines; the step read "\r" lines, which
    # are not blank to the rules: the fixes that tidy blank lines did nothing (6 fixes of 9).
    from datatrove.data import Document

    text = open(os.path.join(ROOT, "examples", "seed", "article.txt"), encoding="utf-8").read()
    lf, crlf = Document(text=text, id="lf"), Document(text=text.replace("\n", "\r\n"), id="crlf")
    for doc in (lf, crlf):
        step(fix=True).filter(doc)
    assert lf.metadata["lintnews"]["fixed"] > 0
    assert crlf.metadata["lintnews"] == lf.metadata["lintnews"]
    assert crlf.text == lf.text.replace("\n", "\r\n")


def test_a_config_named_relative_to_where_the_pipeline_is_built_is_read_by_workers_elsewhere(tmp_path, monkeypatch):
    # Checked where the pipeline was built, then looked for again from each worker's folder.
    import dill
    from datatrove.data import Document

    write_config(tmp_path, 'select = ["REL"]\n')
    monkeypatch.chdir(tmp_path / "conf")
    built = dill.dumps(step(config="lintnews.toml"))
    monkeypatch.chdir(tmp_path)
    doc = Document(text=records()[0]["text"] + "\nAlso Read: Five things to know\n", id="x")
    dill.loads(built).filter(doc)
    codes = doc.metadata["lintnews"]["codes"]
    assert "REL001" in codes and all(code.startswith("REL") for code in codes)


@pytest.mark.parametrize("options,message", [
    ({"format": "pdf"}, "format 'pdf'"),
    ({"drop_at": "fatal"}, "drop_at 'fatal'"),
    ({"select": ["ZZZ999"]}, "ZZZ999"),
    ({"config": "/nonexistent/lintnews.toml"}, "/nonexistent/lintnews.toml"),
    # A string was read letter by letter: ignore="WS" skipped every rule starting with W or S.
    ({"ignore": "WS"}, "Options.ignore: expected a list of rule codes or prefixes, not str 'WS'"),
    ({"select": "REL001"}, "Options.select: expected a list of rule codes or prefixes, not str 'REL001'"),
    ({"fix": "no"}, "Options.fix: expected True or False"),
])
def test_bad_options_fail_when_the_pipeline_is_built(options, message):
    from lintnews.errors import LintnewsError

    with pytest.raises((ValueError, TypeError, LintnewsError), match=re.escape(message)):
        step(**options)


def test_lintnews_itself_never_imports_datatrove():
    code = ("import sys, lintnews.cli, lintnews.api, lintnews.run; "
            "sys.exit('datatrove' in sys.modules or 'lintnews.integrations' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": ROOT})
    assert proc.returncode == 0


def test_the_readme_local_pipeline_runs_as_written(tmp_path):
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        section = f.read().split("## Beyond one machine: datatrove", 1)[1]
    script = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    assert "LocalPipelineExecutor(" in script
    (tmp_path / "run.py").write_text(script, encoding="utf-8")
    (tmp_path / "lintnews.toml").write_text('[severity]\nCHR001 = "error"\n', encoding="utf-8")
    scraped = tmp_path / "data" / "scraped"
    scraped.mkdir(parents=True)
    recs = records()
    (scraped / "part.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    proc = subprocess.run([sys.executable, "run.py"], cwd=tmp_path, capture_output=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": ROOT})
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    docs = []
    for folder in ("clean", "dropped"):
        for path in glob.glob(str(tmp_path / "data" / folder / "*.jsonl.gz")):
            with gzip.open(path, "rt", encoding="utf-8") as f:
                docs.extend((folder, json.loads(line)) for line in f)
    assert sorted(d["id"] for _, d in docs) == sorted(r["id"] for r in recs)
    assert {folder for folder, _ in docs} == {"clean", "dropped"}
    assert all("lintnews" in d["metadata"] for _, d in docs)
