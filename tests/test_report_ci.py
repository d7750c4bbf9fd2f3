"""The CI formats, parsed the way CI systems parse them, and --output-file."""

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from lintnews import report
from lintnews.api import FileResult
from lintnews.model import Diagnostic, Severity, Span
from lintnews.report.ci import _gh_data, _gh_property

from clitools import ROOT, SEED_ARTICLE, assert_one_line_error, lintnews

SCHEMA = os.path.join(ROOT, "tests", "fixtures", "sarif", "sarif-schema-2.1.0.json")
GITHUB_LINE = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),"
                         r"endColumn=(\d+),title=([A-Z]{1,4}\d{3})::(.+)$")
# Severity overrides so that every level shows up in the reports.
CONFIG = '[severity]\nREL001 = "error"\nCMT001 = "info"\n'


@pytest.fixture
def project(tmp_path):
    shutil.copy(SEED_ARTICLE, tmp_path / "article.txt")
    (tmp_path / "clean.txt").write_text("A plain paragraph of an article.\n", encoding="utf-8")
    (tmp_path / "lintnews.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def findings(project):
    proc = lintnews("check", ".", "--output-format", "json", "--no-cache", cwd=project)
    assert proc.returncode == 1, proc.err
    return json.loads(proc.out)


def test_github_annotations(project):
    expected = findings(project)
    proc = lintnews("check", ".", "--output-format", "github", cwd=project)
    assert proc.returncode == 1
    lines = proc.out.splitlines()
    assert len(lines) == len(expected)
    levels = {"error": "error", "warning": "warning", "info": "notice"}
    for line, f in zip(lines, expected):
        m = GITHUB_LINE.match(line)
        assert m, line
        level, path, ln, col, end_ln, end_col, title, message = m.groups()
        assert level == levels[f["severity"]]
        assert path == "article.txt"
        assert (int(ln), int(col), int(end_ln), int(end_col)) == (f["line"], f["column"], f["end_line"], f["end_column"])
        assert title == f["code"]
        assert message.startswith(f["code"]) and f["message"].replace("%", "%25") in message
    assert {m.group(1) for m in map(GITHUB_LINE.match, lines)} == {"error", "warning", "notice"}


def test_github_escaping():
    assert _gh_data("50% off\r\nnext") == "50%25 off%0D%0Anext"
    assert _gh_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    diag = Diagnostic("REL001", "related", "line one\nline two: 100%, done", Span(0, 1), Severity.INFO,
                      path="dir,with:odd/na%me.txt", line=1, column=1, end_line=1, end_column=2)
    text = report.render("github", [FileResult("x", diagnostics=[diag])], report.ReportContext())
    assert text.count("\n") == 1  # one command per finding, whatever the message holds
    assert text.startswith("::notice file=dir%2Cwith%3Aodd/na%25me.txt,line=1,")
    assert text.rstrip("\n").endswith("::REL001 line one%0Aline two: 100%25, done")


def test_sarif_is_valid_and_describes_rules(project):
    expected = findings(project)
    proc = lintnews("check", ".", "--output-format", "sarif", cwd=project)
    assert proc.returncode == 1
    log = json.loads(proc.out)
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, errors[0]
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "lintnews"
    rules = driver["rules"]
    by_id = {r["id"]: r for r in rules}
    rel = by_id["REL001"]
    assert rel["name"] and rel["shortDescription"]["text"]
    assert "## Why is this bad?" in rel["fullDescription"]["text"] and rel["help"]["text"]
    assert rel["defaultConfiguration"]["level"] in {"note", "warning", "error"}
    results = run["results"]
    assert len(results) == len(expected)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for res, f in zip(results, expected):
        assert res["ruleId"] == f["code"]
        assert rules[res["ruleIndex"]]["id"] == f["code"]
        assert res["level"] == levels[f["severity"]]
        assert res["message"]["text"] == f["message"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "article.txt"
        assert loc["region"]["startLine"] == f["line"]
        assert loc["region"]["startColumn"] == f["column"]
        assert loc["region"]["endLine"] == f["end_line"]
        assert ("fixes" in res) == (f["fix"] is not None)
    assert {r["level"] for r in results} == {"error", "warning", "note"}


def test_sarif_with_no_findings_is_valid(project):
    proc = lintnews("check", "clean.txt", "--output-format", "sarif", cwd=project)
    assert proc.returncode == 0
    log = json.loads(proc.out)
    with open(SCHEMA, encoding="utf-8") as f:
        jsonschema.validate(log, json.load(f))
    assert log["runs"][0]["results"] == []


def test_junit_one_testcase_per_finding(project):
    """A suite per file, a failing case per finding, a passing case for a clean file: CI counts
    one failure per finding."""
    expected = findings(project)
    proc = lintnews("check", ".", "--output-format", "junit", cwd=project)
    assert proc.returncode == 1
    root = ET.fromstring(proc.stdout)
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert sorted(suites) == ["article.txt", "clean.txt"]
    cases = suites["article.txt"].findall("testcase")
    assert [c.find("failure").get("type") for c in cases] == [f["code"] for f in expected]
    assert [c.get("name") for c in cases] == [f"{f['code']} article.txt:{f['line']}:{f['column']}"
                                              for f in expected]
    assert suites["article.txt"].get("failures") == str(len(expected)) == suites["article.txt"].get("tests")
    clean = suites["clean.txt"].findall("testcase")
    assert len(clean) == 1 and clean[0].find("failure") is None
    assert suites["clean.txt"].get("tests") == "1" and suites["clean.txt"].get("failures") == "0"


def test_gitlab_code_quality(project):
    expected = findings(project)
    proc = lintnews("check", ".", "--output-format", "gitlab", cwd=project)
    assert proc.returncode == 1
    issues = json.loads(proc.out)
    assert len(issues) == len(expected)
    severities = {"info": "info", "warning": "minor", "error": "major"}
    for issue, f in zip(issues, expected):
        assert issue["check_name"] == f["code"]
        assert f["message"] in issue["description"]
        assert issue["severity"] == severities[f["severity"]]
        assert issue["location"]["path"] == "article.txt"
        assert issue["location"]["lines"]["begin"] == f["line"]
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_are_stable_and_ignore_line_numbers(project):
    def run():
        return json.loads(lintnews("check", "article.txt", "--output-format", "gitlab", cwd=project).out)

    first = run()
    assert run() == first
    article = project / "article.txt"
    article.write_text("A new first paragraph.\n\nAnd a second one.\n\n" + article.read_text(encoding="utf-8"),
                       encoding="utf-8")
    moved = run()
    assert {i["fingerprint"] for i in moved} == {i["fingerprint"] for i in first}
    assert [i["location"]["lines"]["begin"] for i in moved] != [i["location"]["lines"]["begin"] for i in first]


def test_json_lines(project):
    expected = findings(project)
    proc = lintnews("check", ".", "--output-format", "json-lines", cwd=project)
    assert [json.loads(line) for line in proc.out.splitlines()] == expected


def test_output_file_writes_report_and_terminal_gets_summary(project):
    expected = findings(project)
    proc = lintnews("check", ".", "--output-format", "json", "--output-file", "reports/out.json", cwd=project)
    assert_one_line_error(proc, "reports/out.json", "cannot write report")  # no such folder
    (project / "reports").mkdir()
    proc = lintnews("check", ".", "--output-format", "json", "--output-file", "reports/out.json", cwd=project)
    assert proc.returncode == 1
    assert json.loads((project / "reports" / "out.json").read_text(encoding="utf-8")) == expected
    assert f"Found {len(expected)} findings" in proc.out
    assert '"code"' not in proc.out
    assert not [p for p in os.listdir(project / "reports") if p.endswith(".tmp")]


def test_output_file_human_format_is_plain_text(project):
    proc = lintnews("check", "article.txt", "--output-file", "out.txt", cwd=project)
    assert proc.returncode == 1
    text = (project / "out.txt").read_text(encoding="utf-8")
    assert "article.txt:10:1: REL001 [*] Related-article insertion" in text
    assert "[bold" not in text and "\x1b[" not in text


def test_unknown_output_format(project):
    assert_one_line_error(lintnews("check", ".", "--output-format", "xml", cwd=project), "unknown output format")


# -- control characters from the data never reach the terminal raw --------------------------------
CONTROL_ARTICLE = ("Headline\n\nThe body of the article.\n\n"
                   "Also Read: \x1b[31mHow the \u202ebig thing happened\x07\n\nEnd of the story.\n")


@pytest.mark.parametrize("fmt", ["full", "concise"])
def test_human_formats_escape_control_and_bidi_characters(tmp_path, fmt):
    name = "a\x1b[2Jb.txt"
    (tmp_path / name).write_text(CONTROL_ARTICLE, encoding="utf-8")
    proc = lintnews("check", "--no-cache", "--output-format", fmt, name, cwd=tmp_path)
    assert proc.returncode == 1, proc.err
    for raw in ("\x1b", "\u202e", "\x07"):
        assert raw not in proc.out
    assert proc.out.startswith("a\\x1b[2Jb.txt:5:1: REL001")
    if fmt == "full":
        frame = [line for line in proc.out.splitlines() if line.startswith("5 |")]
        # The line in the frame, then as the fix's diff shows it going.
        assert frame == ["5 | Also Read: \\x1b[31mHow the \\u202ebig thing happened\\x07",
                         "5 | - Also Read: \\x1b[31mHow the \\u202ebig thing happened\\x07"]
        carets = next(line for line in proc.out.splitlines() if "^" in line)
        # The whole escaped line is underlined, not the raw one's shorter length.
        assert carets.index("^") == 4 and carets.count("^") == len(frame[0]) - 4


def test_printable_keeps_ordinary_text():
    text = "Zürich — «quoted» 東京 emoji 🙂 tab-free"
    assert report.printable(text) == text
    assert report.printable("\x00\x9b\u2066") == "\\x00\\x9b\\u2066"
