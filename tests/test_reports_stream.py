"""Reports stream file by file (and a JSONL dump part by part) and read as their consumers expect:
SARIF within GitHub's limit, JUnit as a JUnit reader counts it, JSONL findings naming their
record, one finding per span, the full frame with context and the fix as a diff."""

import json
import os
import xml.etree.ElementTree as ET

import pytest

from clitools import ROOT, SEED_ARTICLE, lintnews

SCHEMA = os.path.join(ROOT, "tests", "fixtures", "sarif", "sarif-schema-2.1.0.json")
RECORD = "Ministers met on Monday to agree the budget for the coming year.\n\nAlso Read: Five things to know\n"


def dump(tmp_path, n, name="dump.jsonl"):
    lines = [json.dumps({"id": f"rec-{i}", "url": f"https://example.org/{i}", "text": RECORD}) for i in range(n)]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_parts(monkeypatch):
    """A streamed file hands on its findings every 3 records (1,000 in real runs)."""
    from lintnews import stream

    monkeypatch.setattr(stream, "PART_LINES", 3)


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab", "junit", "concise", "github", "json-lines"])
def test_a_dump_in_parts_reports_what_it_reports_whole(tmp_path, monkeypatch, fmt):
    from lintnews import stream

    dump(tmp_path, 10)
    whole = lintnews("check", "dump.jsonl", "--no-cache", "--output-format", fmt, cwd=tmp_path)
    monkeypatch.setattr(stream, "PART_LINES", 3)
    parts = lintnews("check", "dump.jsonl", "--no-cache", "--output-format", fmt, cwd=tmp_path)
    assert parts.returncode == whole.returncode == 1
    if fmt != "junit":
        assert parts.out == whole.out  # fingerprints and summary counts included
        return
    # A suite per part: the same cases, and no "passed" case for the file's clean end.
    cases = lambda proc: [(c.get("name"), c.find("failure").text)
                          for s in ET.fromstring(proc.stdout).findall("testsuite") for c in s.findall("testcase")]
    assert cases(parts) == cases(whole) and len(cases(parts)) == 10


def test_parts_are_reported_as_they_come(tmp_path, small_parts):
    """The reporter sees a dump's findings a few records at a time, never all at once."""
    from lintnews import report
    from lintnews.report.data import Json

    dump(tmp_path, 10)
    seen = []
    original = Json.file

    def spy(self, r):
        seen.append((len(r.diagnostics), r.part))
        return original(self, r)

    Json.file = spy
    try:
        proc = lintnews("check", "dump.jsonl", "--no-cache", "--output-format", "json", cwd=tmp_path)
    finally:
        Json.file = original
    assert len(json.loads(proc.out)) == 10
    assert max(n for n, _ in seen) <= 3 and [p for _, p in seen][-1] is False and len(seen) >= 4
    assert report.names()  # the registry is intact


@pytest.mark.parametrize("fmt", ["json", "json-lines", "concise", "full", "sarif", "gitlab", "junit", "github"])
def test_a_report_written_in_pieces_is_its_file_text(tmp_path, fmt):
    """A format may hand a file's report on finding by finding: the pieces join into its text."""
    from lintnews import report
    from lintnews.api import Linter

    results = list(Linter().process_parts(str(dump(tmp_path, 3))))
    assert sum(len(r.diagnostics) for r in results) == 3
    for r in results:
        ctx = report.ReportContext(color=False)
        pieces, whole = report.reporter(fmt, ctx), report.reporter(fmt, ctx)
        assert "".join(pieces.pieces(r)) == whole.file(r)


@pytest.mark.parametrize("fmt", ["json", "json-lines", "github", "sarif", "gitlab", "junit", "concise", "full"])
def test_every_format_hands_a_file_on_finding_by_finding(tmp_path, fmt):
    """A long record's report is never held whole: its pieces come one (or a few) per finding."""
    from lintnews import report
    from lintnews.api import Linter

    results = list(Linter().process_parts(str(dump(tmp_path, 3))))
    whole = [r for r in results if r.diagnostics]
    assert whole
    for r in whole:
        pieces = list(report.reporter(fmt, report.ReportContext(color=False)).pieces(r))
        assert len(pieces) >= len(r.diagnostics), (fmt, len(pieces))


def test_a_subclass_with_its_own_file_text_is_asked_for_it():
    from lintnews.api import FileResult
    from lintnews.report import ReportContext
    from lintnews.report.data import Json

    class Terse(Json):
        def file(self, r):
            return "one piece"

    assert list(Terse(ReportContext()).pieces(FileResult("x"))) == ["one piece"]


def test_summary_counts_a_dump_once_and_says_finding_in_the_singular(tmp_path, small_parts):
    dump(tmp_path, 7)
    proc = lintnews("check", "dump.jsonl", "--no-cache", "--output-format", "concise", cwd=tmp_path)
    assert "Found 7 findings in 1 of 1 file. 7 fixable with --fix." in proc.out
    dump(tmp_path, 1)
    proc = lintnews("check", "dump.jsonl", "--no-cache", "--output-format", "concise", cwd=tmp_path)
    assert "Found 1 finding in 1 of 1 file. 1 fixable with --fix." in proc.out


def test_a_jsonl_finding_names_its_record_in_every_format(tmp_path):
    dump(tmp_path, 1)
    run = lambda fmt: lintnews("check", "dump.jsonl", "--no-cache", "--output-format", fmt, cwd=tmp_path).out
    assert json.loads(run("json"))[0]["record"] == "rec-0"
    assert json.loads(run("json-lines"))["record"] == "rec-0"
    assert "(text, record rec-0)" in run("concise")
    assert "record rec-0" in run("full")
    assert "record rec-0" in run("github")
    assert json.loads(run("sarif"))["runs"][0]["results"][0]["properties"]["record"] == "rec-0"
    assert "record rec-0" in json.loads(run("gitlab"))[0]["description"]
    assert "record rec-0" in ET.fromstring(run("junit").encode()).find(".//failure").text
    # Without an id, the url names the record.
    (tmp_path / "dump.jsonl").write_text(json.dumps({"url": "https://example.org/x", "text": RECORD}) + "\n")
    assert json.loads(run("json"))[0]["record"] == "https://example.org/x"


def test_sarif_over_githubs_limit_is_capped_and_says_so(tmp_path, monkeypatch):
    import jsonschema

    from lintnews.report import ci

    monkeypatch.setattr(ci, "SARIF_MAX_RESULTS", 4)
    dump(tmp_path, 10)
    proc = lintnews("check", "dump.jsonl", "--no-cache", "--output-format", "sarif", cwd=tmp_path)
    log = json.loads(proc.out)
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    # The log against the schema, as jsonschema.validate does without first checking the pinned
    # schema itself against its meta-schema (nine tenths of its time).
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    run = log["runs"][0]
    assert len(run["results"]) == 4
    assert run["properties"]["truncated"] is True
    assert run["properties"]["omittedResults"] == 6 and run["properties"]["totalResults"] == 10
    assert "first 4 of 10 findings" in proc.err and "6 left out" in proc.err
    assert proc.returncode == 1  # the cap changes the report, not the verdict


def test_junit_reader_counts_one_failure_per_finding(tmp_path):
    junitparser = pytest.importorskip("junitparser")
    dump(tmp_path, 3)
    (tmp_path / "clean.txt").write_text("A clean paragraph of an article, nothing else in it at all.\n")
    proc = lintnews("check", ".", "--no-cache", "--output-format", "junit", "--output-file", "r.xml", cwd=tmp_path)
    assert proc.returncode == 1
    xml = junitparser.JUnitXml.fromfile(str(tmp_path / "r.xml"))
    cases = [case for suite in xml for case in suite]
    failed = [case for case in cases if not case.is_passed]
    assert len(failed) == 3 and len(cases) == 4
    assert all(case.result[0].type == "REL001" for case in failed)
    suites = {suite.name: suite for suite in xml}
    assert suites["dump.jsonl"].failures == 3 and suites["clean.txt"].failures == 0


def test_a_span_two_rules_flag_is_reported_once_the_more_severe_wins(tmp_path):
    (tmp_path / "site.toml").write_text('''
[[rules]]
code = "SITE001"
name = "site-related"
summary = "The site's related line."
why = "Printed under every article."
match = "start"
phrases = { en = ["Also Read:"] }
''')
    (tmp_path / "lintnews.toml").write_text('packs = ["site.toml"]\nextend-select = ["SITE001"]\n')
    (tmp_path / "a.txt").write_text(RECORD)
    found = lambda: json.loads(lintnews("check", "a.txt", "--no-cache", "--output-format", "json",
                                        cwd=tmp_path).out)
    # Equally severe: the one with a fix stays.
    assert [f["code"] for f in found()] == ["REL001"]
    with open(tmp_path / "lintnews.toml", "a") as f:
        f.write('[severity]\nSITE001 = "error"\n')
    assert [f["code"] for f in found()] == ["SITE001"]
    # Fixing still weighs every rule's fix.
    proc = lintnews("check", "a.txt", "--no-cache", "--fix", cwd=tmp_path)
    assert "Also Read" not in (tmp_path / "a.txt").read_text()
    assert proc.returncode == 0


def test_full_frame_has_two_lines_of_context_and_the_fix_as_a_diff(tmp_path):
    text = "One.\n\nTwo.\n\nAlso Read: Five things to know\n\nThree.\n\nFour.\n"
    (tmp_path / "a.txt").write_text(text)
    out = lintnews("check", "a.txt", "--no-cache", "--select", "REL", cwd=tmp_path).out
    lines = out.splitlines()
    at = lines.index("5 | Also Read: Five things to know")
    assert lines[at - 2:at] == ["3 | Two.", "4 | "]
    assert lines[at + 2:at + 4] == ["6 | ", "7 | Three."]
    assert "5 | - Also Read: Five things to know" in lines and "6 | - " in lines


def test_full_frame_shows_the_evidence_on_a_long_line(tmp_path):
    """A finding far into a long line: the frame is cut around it, not at the line's start."""
    filler = "The committee met again on Tuesday and discussed the budget in great detail. " * 3
    (tmp_path / "a.txt").write_text(f"First paragraph of the article.\n\n{filler}The end.\u00a0\n")
    out = lintnews("check", "a.txt", "--no-cache", "--select", "WS001", "--output-format", "full",
                   cwd=tmp_path).out
    line = next(ln for ln in out.splitlines() if ln.startswith("3 | "))
    assert line.startswith("3 | …") and line.endswith("The end.\u00a0") and len(line) < 120


def test_copyright_message_quotes_the_whole_line(tmp_path):
    (tmp_path / "a.txt").write_text("The story ends here, as the minister said.\n\n© 2019 Example Media Ltd. "
                                    "All rights reserved.\n")
    found = json.loads(lintnews("check", "a.txt", "--no-cache", "--output-format", "json", "--select", "CHR001",
                                cwd=tmp_path).out)
    assert found[0]["message"] == "Copyright footer '© 2019 Example Media Ltd. All rights reserved.'"


ONE_PASS_PAGE = """<!DOCTYPE html>
<html><head><title>Bridge opens</title></head>
<body>
<article class="post">
<div class="entry-content">
<p>The new bridge over the river opens in spring, the city said on Monday after a long review of the plans.</p>
<div class="post-widgets">
  <div class="jp-relatedposts">
    <h3 class="jp-relatedposts-headline"><em>Related</em></h3>
    <ul><li><a href="/a">Traffic jams: what commuters need to know</a></li></ul>
  </div>
</div>
<p>The costs, 48 million euros, are carried mostly by the state, officials said in a statement.</p>
<div class="ad-slot"><p>Advertisement</p></div>
<p>From May, traffic will flow without lights, according to the plan presented to the council.</p>
<p>Also Read: <a href="/b">The bridge that nobody wanted</a> <span class="x">now</span></p>
</div>
</article>
</body></html>
"""


def apply_edits(text, edits):
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    spans = sorted({(starts[e["line"] - 1] + e["column"] - 1, starts[e["end_line"] - 1] + e["end_column"] - 1,
                     e["content"]) for e in edits}, key=lambda s: (s[0], -s[1]))
    kept = []
    for s in spans:
        if kept and s[0] < kept[-1][1]:
            assert s[1] <= kept[-1][1], "edits cross"
            continue
        kept.append(s)
    for a, b, content in reversed(kept):
        text = text[:a] + content + text[b:]
    return text


@pytest.mark.parametrize("page", ["one_pass", "nested_widgets.html"])
@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_html_fix_edits_are_the_spans_fix_removes(tmp_path, page, fmt):
    if page == "one_pass":
        text = ONE_PASS_PAGE
    else:
        with open(os.path.join(ROOT, "tests", "fixtures", "html", page), encoding="utf-8") as f:
            text = f.read()
    (tmp_path / "a.html").write_text(text, encoding="utf-8")
    out = lintnews("check", "a.html", "--no-cache", "--output-format", fmt, cwd=tmp_path).out
    if fmt == "json":
        edits = [e for f in json.loads(out) if f["fix"] and f["fix"]["applicability"] == "safe"
                 for e in f["fix"]["edits"]]
    else:
        edits = [{"line": r["deletedRegion"]["startLine"], "column": r["deletedRegion"]["startColumn"],
                  "end_line": r["deletedRegion"]["endLine"], "end_column": r["deletedRegion"]["endColumn"],
                  "content": r["insertedContent"]["text"]}
                 for res in json.loads(out)["runs"][0]["results"] if "(safe fix)" in
                 res.get("fixes", [{}])[0].get("description", {}).get("text", "")
                 for r in res["fixes"][0]["artifactChanges"][0]["replacements"]]
    assert edits
    applied = apply_edits(text, edits)
    assert lintnews("check", "a.html", "--no-cache", "--fix", cwd=tmp_path).returncode == 0
    assert applied == (tmp_path / "a.html").read_text(encoding="utf-8")
    # Whole elements go: every tag the edits cut is cut with its end tag.
    assert applied.count("<div") == applied.count("</div>") and applied.count("<p>") == applied.count("</p>")


def test_seed_article_full_report_streams_in_file_order(tmp_path):
    for name in ("b.txt", "a.txt", "c.txt"):
        with open(SEED_ARTICLE, encoding="utf-8") as f:
            (tmp_path / name).write_text(f.read(), encoding="utf-8")
    one = lintnews("check", ".", "--no-cache", "--jobs", "1", "--output-format", "concise", cwd=tmp_path).out
    paths = [ln.split(":")[0] for ln in one.splitlines() if ln.startswith("./")]
    assert paths == sorted(paths)


def test_each_builtin_format_is_registered_by_the_module_a_run_imports_for_it():
    import importlib

    from lintnews import report

    for name, module in report._BUILTIN.items():
        importlib.import_module(f"lintnews.report.{module}")
        assert report.FORMATS[name].__module__ == f"lintnews.report.{module}", name
    report._load()
    shipped = {name for name, cls in report.FORMATS.items() if cls.__module__.startswith("lintnews.report.")}
    assert shipped == set(report._BUILTIN)
