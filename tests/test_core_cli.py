"""The command's contract: exit codes, the JSON report, rule listing and documentation, stdin."""

import json
import os
import subprocess
import sys

import pytest

from clitools import ROOT, lintnews, run_cli, write

ARTICLE = "Headline\n\nBody text of the article.\n\nAlso Read:Another headline\n\nEnd."
CLEAN = "Headline\n\nBody text of the article.\n\nEnd.\n"


def test_exit_codes(tmp_path):
    assert run_cli("check", str(write(tmp_path, "clean.txt", CLEAN))).returncode == 0
    dirty = write(tmp_path, "a.txt", ARTICLE)
    assert run_cli("check", str(dirty)).returncode == 1
    assert run_cli("check", "--exit-zero", str(dirty)).returncode == 0
    assert run_cli("check", "--output-format", "nope", str(dirty)).returncode == 2
    assert run_cli("check", "--bogus-flag", str(dirty)).returncode == 2


def test_json_contract(tmp_path):
    p = write(tmp_path, "a.txt", ARTICLE)
    found = json.loads(run_cli("check", "--output-format", "json", str(p)).stdout)
    rel = [f for f in found if f["code"] == "REL001"][0]
    assert rel["path"] == str(p)
    assert (rel["line"], rel["column"], rel["end_line"], rel["end_column"]) == (5, 1, 5, 27)
    assert rel["name"] == "related-article-insertion" and rel["severity"] == "warning"
    assert rel["message"]
    fix = rel["fix"]
    assert fix["applicability"] == "safe" and fix["message"]
    assert fix["edits"] == [{"line": 5, "column": 1, "end_line": 7, "end_column": 1, "content": ""}]


def test_full_format_shows_frame_and_summary(tmp_path):
    p = write(tmp_path, "a.txt", ARTICLE)
    out = run_cli("check", str(p)).stdout.decode()
    assert f"{p}:5:1: REL001 [*]" in out
    assert "5 | Also Read:Another headline" in out and "^^^" in out
    assert "1 fixable with --fix" in out


def test_statistics_replace_the_report(tmp_path):
    p = write(tmp_path, "a.txt", ARTICLE + "   ")
    out = run_cli("check", "--output-format", "concise", "--statistics", str(p)).stdout.decode()
    lines = out.splitlines()
    assert not any(ln.startswith(str(p)) for ln in lines)  # as in ruff: the table, not the report
    assert any(ln.split()[:2] == ["1", "REL001"] for ln in lines)
    assert any(ln.split()[:2] == ["1", "WS001"] for ln in lines)


def test_fix_reports_what_remains(tmp_path):
    p = write(tmp_path, "a.txt", ARTICLE)
    proc = run_cli("check", "--fix", str(p))
    assert proc.returncode == 0
    assert "Fixed 1 finding" in proc.stdout.decode()
    assert p.read_text(encoding="utf-8") == "Headline\n\nBody text of the article.\n\nEnd."


def test_stdin_check_and_fix():
    proc = run_cli("check", "--output-format", "json", "--stdin-filename", "story.txt", "-", stdin=ARTICLE.encode())
    assert proc.returncode == 1
    assert {f["path"] for f in json.loads(proc.stdout)} == {"story.txt"}
    fixed = run_cli("check", "--fix", "-", stdin=ARTICLE.encode())
    assert fixed.stdout.decode() == "Headline\n\nBody text of the article.\n\nEnd."
    assert fixed.returncode == 0


def test_the_installed_entry_point_runs_as_a_process(tmp_path):
    # Everything else runs the command in the test's process; this is the one real start-up,
    # with real stdin and stdout pipes.
    fixed = lintnews("check", "--fix", "-", cwd=tmp_path, stdin=ARTICLE.encode(), real_process=True)
    assert (fixed.returncode, fixed.stdout) == (0, b"Headline\n\nBody text of the article.\n\nEnd.")
    assert "Fixed 1 finding" in fixed.err


def test_rules_listing_and_rule_docs():
    out = run_cli("rules").stdout.decode()
    for code in ("REL001", "SYN001", "CMT001", "AUT001", "AUT002", "PII001", "PII002", "WS001"):
        assert code in out
    listed = json.loads(run_cli("rules", "--output-format", "json").stdout)
    assert {"code", "name", "fix", "default", "summary"} <= set(listed[0])
    doc = run_cli("rule", "REL001")
    assert doc.returncode == 0
    text = doc.stdout.decode()
    assert "## Why is this bad?" in text and "## Example" in text and "## Fix safety" in text
    missing = run_cli("rule", "REL01")
    assert missing.returncode == 2 and "REL001" in missing.stderr.decode()


def test_core_does_not_import_the_terminal_stack_or_soup():
    code = ("import sys, lintnews.api as a; "
            "r = a.Linter().lint_text('Also Read:X\\n\\nBody.', 'a.txt'); "
            "bad = [m for m in ('typer', 'rich', 'bs4') if m in sys.modules]; "
            "print(bad); assert not bad and r.diagnostics")
    # A fresh interpreter: this one has imported the command already.
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": ROOT})
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_consoles_print_colon_names_as_written(capsys):
    # A path or an article's text may hold ":name:": it is printed as written, not as an emoji,
    # by the plain line of a pipe and by rich in a terminal alike.
    from lintnews.run import consoles

    line = "error: news/a:smile:b.txt: :thumbs_up: here"
    for console in consoles():
        console.print(line, markup=False)
        with console.rich().capture() as cap:
            console.rich().print(line, markup=False)
        assert cap.get() == line + "\n"
    assert capsys.readouterr() == (line + "\n", line + "\n")


@pytest.mark.parametrize("text", ["plain", "x\x07y\x08z\x0bw\x0cv\rq", "line\r\nwin", "esc \x1b[31mred",
                                  "trail   ", "é😀 \u200b", "a\nb\n", "", "\x00nul \x7f", "tab\there"])
@pytest.mark.parametrize("end", ["\n", ""])
def test_a_piped_line_is_what_rich_writes_to_a_pipe(capsys, text, end):
    import io

    from rich.console import Console as RichConsole

    from lintnews.run.console import Console

    Console().print(text, markup=False, end=end, style="bold")
    piped = io.StringIO()
    RichConsole(file=piped, highlight=False, soft_wrap=True, emoji=False).print(text, markup=False, end=end, style="bold")
    assert capsys.readouterr().out == piped.getvalue()


def test_a_piped_check_does_not_import_rich(tmp_path):
    (tmp_path / "a.txt").write_text("Headline\n\nThe body of the article, long enough to read.\n\nAlso Read: another story\n")
    code = ("import sys\nfrom lintnews.cli import main\nsys.argv = ['lintnews', 'check', '--no-cache', 'a.txt']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('rich' in sys.modules or any(m.startswith('rich.') for m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": ROOT})
    assert "REL001" in proc.stdout
    assert proc.stdout.splitlines()[-1] == "False", proc.stderr
