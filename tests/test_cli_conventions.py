"""What a ruff user expects of the command line: -o is --output-file, --statistics instead of the
report, --show-fixes, --fix-only, --show-settings, --show-files; the default fail-on; the run
saying which folder and configuration it uses; a batch --fix saying what it removed; Ctrl-C."""

import json
import re
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from clitools import ROOT, SEED_ARTICLE, lintnews

BYLINE_ONLY = "By Maria Lopez\n\nMinisters met on Monday to agree the budget for the coming year.\n\nThe end.\n"


def seed(folder, *names):
    for name in names:
        shutil.copy(SEED_ARTICLE, folder / name)


def test_o_is_the_output_file_as_in_ruff(tmp_path):
    seed(tmp_path, "a.txt")
    proc = lintnews("check", "a.txt", "--no-cache", "--output-format", "json", "-o", "r.json", cwd=tmp_path)
    assert proc.returncode == 1
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert "Report written to r.json (json)." in proc.out
    assert "warning" not in proc.err


def test_o_given_a_format_name_writes_that_file_and_says_what_chooses_the_format(tmp_path):
    # `check -o concise` wrote the full report to a file named "concise" without a word.
    seed(tmp_path, "a.txt")
    proc = lintnews("check", "a.txt", "--no-cache", "-o", "concise", cwd=tmp_path)
    assert proc.returncode == 1 and (tmp_path / "concise").is_file()
    assert proc.err == ("warning: the report is written to a file named 'concise'; "
                        "`--output-format concise` chooses the format\n")


def test_statistics_in_json(tmp_path):
    seed(tmp_path, "a.txt")
    rows = json.loads(lintnews("check", "a.txt", "--no-cache", "--statistics", "--output-format", "json",
                               cwd=tmp_path).out)
    rel = next(r for r in rows if r["code"] == "REL001")
    assert rel == {"code": "REL001", "name": "related-article-insertion", "count": 3, "fixable": True}


def test_show_fixes_lists_fixes_per_file_and_rule(tmp_path):
    seed(tmp_path, "a.txt", "b.txt")
    proc = lintnews("check", ".", "--no-cache", "--fix", "--show-fixes", "--output-format", "concise",
                    cwd=tmp_path)
    out = proc.out
    assert "Fixed 18 findings:\n- ./a.txt:\n" in out and "- ./b.txt:\n" in out
    assert "    3 × REL001 (related-article-insertion)\n" in out


def test_fix_only_fixes_and_reports_nothing_that_remains(tmp_path):
    seed(tmp_path, "a.txt")
    proc = lintnews("check", "a.txt", "--no-cache", "--fix-only", cwd=tmp_path)
    assert proc.returncode == 0
    assert "AUT002" not in proc.out and "a.txt:" not in proc.out
    assert "Fixed 9 findings (4 findings left, not reported)." in proc.out
    assert "Also Read" not in (tmp_path / "a.txt").read_text(encoding="utf-8")


def test_show_files_and_show_settings_then_exit(tmp_path):
    seed(tmp_path, "a.txt")
    (tmp_path / "sub").mkdir()
    seed(tmp_path / "sub", "b.txt")
    (tmp_path / "sub" / "lintnews.toml").write_text('ignore = ["WS"]\n')
    proc = lintnews("check", "--show-files", ".", cwd=tmp_path)
    assert proc.returncode == 0 and proc.out == "./a.txt\n./sub/b.txt\n"
    proc = lintnews("check", "--show-settings", "sub/b.txt", cwd=tmp_path)
    assert proc.returncode == 0
    assert f"Configuration file: {tmp_path / 'sub' / 'lintnews.toml'}" in proc.out
    assert 'ignore = ["WS"]' in proc.out
    enabled = proc.out.split("Rules enabled (")[1]
    assert "REL001" in enabled and "WS001" not in enabled
    assert a_file_untouched(tmp_path / "a.txt")


def a_file_untouched(path):
    with open(SEED_ARTICLE, "rb") as f:
        return path.read_bytes() == f.read()


def test_no_path_says_it_checks_the_working_folder(tmp_path):
    seed(tmp_path, "a.txt")
    proc = lintnews("check", "--no-cache", cwd=tmp_path)
    assert proc.err.startswith("No paths given: checking . (the working folder)\n")
    assert "No paths given" not in lintnews("check", "--no-cache", "-q", cwd=tmp_path).err


def test_a_configuration_found_beside_the_files_is_named(tmp_path):
    (tmp_path / "news").mkdir()
    seed(tmp_path / "news", "a.txt")
    (tmp_path / "news" / "lintnews.toml").write_text('ignore = ["WS"]\n')
    proc = lintnews("check", "news", "--no-cache", cwd=tmp_path)
    assert "Using configuration news/lintnews.toml\n" in proc.err
    assert "Using configuration" not in lintnews("check", "news", "--no-cache", "-q", cwd=tmp_path).err
    # The working folder's own configuration is the one expected: not announced.
    proc = lintnews("check", "a.txt", "--no-cache", cwd=tmp_path / "news")
    assert "Using configuration" not in proc.err


def test_report_only_information_does_not_fail_by_default(tmp_path):
    """A byline (META002) is info and has no fix: a pre-commit hook must not block on it."""
    (tmp_path / "a.txt").write_text(BYLINE_ONLY)
    proc = lintnews("check", "a.txt", "--no-cache", "--output-format", "json", cwd=tmp_path)
    assert [f["code"] for f in json.loads(proc.out)] == ["META002"]
    assert proc.returncode == 0
    assert lintnews("check", "a.txt", "--no-cache", "--fail-on", "info", cwd=tmp_path).returncode == 1
    (tmp_path / "lintnews.toml").write_text('fail-on = "info"\n')
    assert lintnews("check", "a.txt", "--no-cache", cwd=tmp_path).returncode == 1


def test_batch_fix_says_what_it_removed_and_where_the_ledger_is(tmp_path):
    seed(tmp_path, "a.txt", "b.txt")
    proc = lintnews("check", ".", "--no-cache", "--fix", "--ledger", "removed.jsonl", cwd=tmp_path)
    assert "Removed, per rule:\n" in proc.out
    assert "      6  REL001  related-article-insertion (" in proc.out
    assert "Ledger: removed.jsonl\n" in proc.out


def fixed_seed(tmp_path):
    folder = tmp_path / "reference"
    folder.mkdir()
    seed(folder, "a.txt")
    assert lintnews("check", "a.txt", "--no-cache", "--fix", cwd=folder).returncode in (0, 1)
    return (folder / "a.txt").read_bytes()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_leaves_each_file_untouched_or_fixed_and_says_how_far_it_got(tmp_path, jobs):
    fixed = fixed_seed(tmp_path)
    with open(SEED_ARTICLE, "rb") as f:
        original = f.read()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # Enough files that the run is still going when it is interrupted, and that the batches a
    # worker has in hand (a sixteenth of them each) end well before the last file.
    names = [f"{i:04}.txt" for i in range(160)]
    seed(corpus, *names)
    env = {**os.environ, "PYTHONPATH": ROOT}
    env.pop("LINTNEWS_CACHE_DIR", None)
    proc = subprocess.Popen([sys.executable, "-m", "lintnews", "check", ".", "--fix", "--no-cache", "--jobs", jobs,
                             "--ledger", "removed.jsonl", "--output-format", "concise"],
                            cwd=corpus, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (corpus / names[5]).read_bytes() == original:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    states = [(corpus / n).read_bytes() for n in names]
    assert all(s in (original, fixed) for s in states)
    rewritten = sum(s == fixed for s in states)
    assert 5 < rewritten < len(names)
    line = err.decode().strip().splitlines()[-1]
    # With workers, the batches in hand finish: the count is of files done, whatever their order.
    assert line.startswith(f"Interrupted after {rewritten:,} of {len(names)} files; {rewritten:,} files rewritten, "
                           "every other file untouched (the ledger removed.jsonl lists each removal)"), line
    ledger_paths = {json.loads(x)["path"] for x in (corpus / "removed.jsonl").read_text().splitlines()}
    assert ledger_paths == {f"./{n}" for n, s in zip(names, states) if s == fixed}


def dump(folder, records, findings_every=0):
    """A JSONL dump of ``records`` articles; every ``findings_every``-th one carries a related link."""
    lines = []
    for i in range(records):
        text = f"Headline {i}\n\nThe body of article {i}, long enough to read."
        if findings_every and i % findings_every == 0:
            text += "\n\nAlso Read: another story"
        lines.append(json.dumps({"id": i, "text": text}) + "\n")
    path = folder / "dump.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_a_long_dump_hands_on_its_progress_every_thousand_records_with_or_without_findings(tmp_path, monkeypatch):
    from lintnews import stream
    from lintnews.api import Linter, Options

    monkeypatch.setattr(stream, "PART_LINES", 100)  # parts of 100 records, as of 1,000 in a real run
    path = dump(tmp_path, 250)  # clean: no part would carry a finding
    results = list(Linter(Options()).process_parts(str(path)))
    assert [(r.part, r.records) for r in results[:-1]] == [(True, 100), (True, 200)]
    assert not results[-1].part and not any(r.diagnostics for r in results)


def test_a_long_single_file_run_shows_records_in_a_terminal_only(tmp_path, monkeypatch):
    from lintnews import stream

    monkeypatch.setattr(stream, "PART_LINES", 100)  # the CLI runs in this process
    dump(tmp_path, 150, findings_every=2)  # a part of 100 records, and findings in both parts
    terminal = lintnews("check", "--statistics", "dump.jsonl", cwd=tmp_path,
                        env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    assert terminal.returncode == 1
    assert "100 records" in terminal.err and "dump.jsonl" in terminal.err
    for args in (["--statistics"], ["-q", "--statistics"]):
        piped = lintnews("check", *args, "dump.jsonl", cwd=tmp_path)
        assert piped.returncode == 1 and "records" not in piped.err
    quiet = lintnews("check", "-q", "--statistics", "dump.jsonl", cwd=tmp_path,
                     env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    assert quiet.returncode == 1 and "records" not in quiet.err
    # the records counted are the dump's: each part's findings reached the statistics
    assert re.search(r"^\s*75\s+REL001", piped.out, re.M)


CRLF_ARTICLES = {
    "a.txt": "Headline\r\n\r\nBody text of the article.\r\n\r\nAlso Read: Another headline\r\n\r\nEnd.\r\n",
    "b.txt": "Headline\r\n\r\nBody text of the article.\r\n\r\nAlso Read: Another headline\r\n\r\nEnd.",
    "c.txt": "Headline\r\n\r\nBody text of the article.\r\n\r\nAlso Read: Another headline",
}


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_diff_of_a_crlf_file_applies_with_git_and_gives_what_fix_writes(tmp_path):
    repo, fixed = tmp_path / "repo", tmp_path / "fixed"
    for folder in (repo, fixed):
        folder.mkdir()
        for name, text in CRLF_ARTICLES.items():
            (folder / name).write_bytes(text.encode())
    proc = lintnews("check", "--diff", "--no-cache", *CRLF_ARTICLES, cwd=repo)
    assert proc.returncode == 1, proc.err
    assert b"-Also Read: Another headline\r\n" in proc.stdout
    (tmp_path / "fix.patch").write_bytes(proc.stdout)
    git = ["git", "-c", "core.autocrlf=false", "-c", "core.safecrlf=false"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "apply", "--check", "../fix.patch"], cwd=repo, check=True)
    subprocess.run([*git, "apply", "../fix.patch"], cwd=repo, check=True)
    assert lintnews("check", "--fix", "--no-cache", *CRLF_ARTICLES, cwd=fixed).returncode == 0
    for name in CRLF_ARTICLES:
        assert (repo / name).read_bytes() == (fixed / name).read_bytes(), name
        assert b"\r\n" in (repo / name).read_bytes() and b"Also Read" not in (repo / name).read_bytes()


@pytest.mark.skipif(shutil.which("git") is None or os.name == "nt", reason="needs git and a root named /")
def test_the_diff_of_a_file_outside_the_working_folder_names_it_as_git_does(tmp_path):
    # An absolute path keeps its place but not its leading /: "a//tmp/x.txt" was refused by
    # git apply as an absolute path.
    work, article, fixed = tmp_path / "work", tmp_path / "a.txt", tmp_path / "b.txt"
    work.mkdir()
    for path in (article, fixed):
        path.write_text("Headline\n\nBody text of the article.\n\nAlso Read: Another headline\n", encoding="utf-8")
    proc = lintnews("check", "--diff", "--no-cache", article, cwd=work)
    assert proc.returncode == 1, proc.err
    name = str(article).replace(os.sep, "/").lstrip("/")
    assert proc.out.startswith(f"--- a/{name}\n+++ b/{name}\n"), proc.out
    (tmp_path / "fix.patch").write_bytes(proc.stdout)
    subprocess.run(["git", "apply", str(tmp_path / "fix.patch")], cwd="/", check=True)
    assert lintnews("check", "--fix", "--no-cache", fixed, cwd=work).returncode == 0
    assert article.read_bytes() == fixed.read_bytes()


ENCODED_ARTICLE = ("Le maire a présenté le budget lundi.\n\nAlso Read: Ce que l'on sait du café\n\n"
                   "Il sera voté la semaine prochaine, a-t-il dit.\n")
# (folder, file name, bytes, configuration): the file's bytes are not the text's UTF-8 bytes.
ENCODED = [
    ("bom", "a.txt", b"\xef\xbb\xbf" + ENCODED_ARTICLE.encode(), ""),
    ("cp1252", "a.txt", ENCODED_ARTICLE.replace("\n", "\r\n").encode("cp1252"), 'encoding = "cp1252"\n'),
    ("latin1", "a.md", ENCODED_ARTICLE.encode("latin-1"), 'encoding = "latin-1"\n'),
    # one stray byte in a UTF-8 text of more than a thousand bytes is kept as it is
    ("stray", "a.txt", (ENCODED_ARTICLE + "Le conseil a siégé toute la journée. " * 30 + "\n").encode()
     .replace(b"lundi", b"lun\xe9di"), ""),
    ("sjis", "a.txt", ("市長は月曜日に予算を発表した。\n\n" + ENCODED_ARTICLE).encode("shift_jis", "replace"),
     'encoding = "shift_jis"\n'),
]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_diff_of_a_file_in_another_encoding_or_with_a_bom_applies_with_git(tmp_path):
    # The diff was the UTF-8 text of the file's lines: git refused it for a file with a BOM (its
    # first line differed) or in windows-1252 (every line with an accent did).
    repo, fixed = tmp_path / "repo", tmp_path / "fixed"
    for top in (repo, fixed):
        for folder, name, data, config in ENCODED:
            (top / folder).mkdir(parents=True)
            (top / folder / name).write_bytes(data)
            (top / folder / "lintnews.toml").write_text(config, encoding="utf-8")
    names = [f"{folder}/{name}" for folder, name, _, _ in ENCODED]
    proc = lintnews("check", "--diff", "--no-cache", *names, cwd=repo)
    assert proc.returncode == 1 and "error" not in proc.err, proc.err
    assert proc.stdout.count(b"\n-Also Read: Ce que l'on sait du caf") == len(ENCODED)
    (tmp_path / "fix.patch").write_bytes(proc.stdout)
    git = ["git", "-c", "core.autocrlf=false", "-c", "core.safecrlf=false"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "apply", "../fix.patch"], cwd=repo, check=True)
    fix = lintnews("check", "--fix", "--no-cache", *names, cwd=fixed)
    assert fix.returncode == 1 and "error" not in fix.err and "ENC002" in fix.out  # the stray byte stays
    for name in names:
        assert (repo / name).read_bytes() == (fixed / name).read_bytes(), name
        assert b"Also Read" not in (repo / name).read_bytes(), name


def test_a_caller_of_main_with_a_text_only_stdout_gets_the_diff(tmp_path, monkeypatch):
    # The diff is the file's bytes, written beneath the text stream: a StringIO has no bytes.
    import contextlib
    import io

    from lintnews.cli import main

    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbfAlso Read: a headline\n\nThe council met on Monday.\n")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as done:
        main(["check", "--diff", "--no-cache", "a.txt"])
    assert done.value.code == 1
    # The BOM stays at the start of the file: on the line that is now its first.
    assert out.getvalue() == ("--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1 @@\n-\ufeffAlso Read: a headline\n-\n"
                              "-The council met on Monday.\n+\ufeffThe council met on Monday.\n")
    # And the fixed text of stdin, which goes out the same way.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Also Read: a headline\n\nThe council met.\n")))
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as done:
        main(["check", "--fix", "--no-cache", "-"])
    assert done.value.code == 0 and out.getvalue() == "The council met.\n"


def test_a_fix_the_files_encoding_cannot_hold_is_its_error_under_diff_as_under_fix(tmp_path):
    # The repaired "Jovanović" has a letter windows-1252 lacks: --fix writes nothing and says so;
    # --diff showed the text --fix would then fail to write.
    (tmp_path / "lintnews.toml").write_text('encoding = "cp1252"\n', encoding="utf-8")
    data = ("Le ministre Jovanovi\u00c4\u2021 a parlé lundi de la réforme du budget national.\n\n"
            "Le conseil a voté le texte mardi.\n").encode("cp1252")
    (tmp_path / "a.txt").write_bytes(data)
    for mode in ("--diff", "--fix"):
        proc = lintnews("check", mode, "--unsafe-fixes", "--no-cache", "a.txt", cwd=tmp_path)
        assert proc.returncode == 2 and proc.stdout.count(b"@@") == 0, (mode, proc.out)
        assert "error: a.txt: the fixed text has 'ć', which cp1252 cannot encode" in proc.err, (mode, proc.err)
        assert (tmp_path / "a.txt").read_bytes() == data


def test_statistics_name_a_rule_from_a_pack_that_one_folders_configuration_loads(tmp_path):
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "a.txt").write_text("Headline\n\nBody.\n\nAlso Read: another\n", encoding="utf-8")
    shutil.copytree(os.path.join(ROOT, "examples", "site-pack"), tmp_path / "site")
    proc = lintnews("check", "--statistics", "--no-cache", "plain", "site", cwd=tmp_path)
    rows = {line.split()[1]: line for line in proc.out.splitlines() if line.strip()[:1].isdigit()}
    assert "DSP101" in rows and rows["DSP101"].rstrip().endswith("dispatch-story-so-far")


def test_a_jsonl_diff_shows_the_changed_field_and_its_end_without_a_newline(tmp_path):
    record = {"id": "r2", "url": "https://example.com/a", "text": "Headline\n\nBody.\n\nAlso Read: x"}
    (tmp_path / "d.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    proc = lintnews("check", "--diff", "d.jsonl", cwd=tmp_path)
    assert proc.returncode == 1, proc.err
    lines = proc.out.splitlines()
    assert "--- a d.jsonl:1:text (record r2)" in lines
    removed = [line for line in lines if line.startswith("-") and not line.startswith("---")]
    assert removed == ["-Body.", "-", "-Also Read: x"]
    # "Body." stays; only its newline went with the block after it, which the marker shows
    assert lines[lines.index("-Also Read: x") + 1] == "\\ No newline at end of field"
    assert lines[lines.index("+Body.") + 1] == "\\ No newline at end of field"
    assert '"url"' not in proc.out  # the field, not the record's whole line


def test_a_folder_without_files_to_read_says_so(tmp_path):
    (tmp_path / "dump").mkdir()
    (tmp_path / "dump" / "a.html.gz").write_bytes(b"\x1f\x8b\x08\x00")
    proc = lintnews("check", "dump", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.err.startswith("warning: no files to check") and "compressed" in proc.err
    assert lintnews("check", "-q", "dump", cwd=tmp_path).err == ""
    (tmp_path / "dump" / "a.txt").write_text("Headline\n\nBody.\n", encoding="utf-8")
    assert "no files" not in lintnews("check", "dump", cwd=tmp_path).err


def test_the_frame_of_a_finding_on_the_last_line_shows_no_line_past_the_end(tmp_path):
    (tmp_path / "a.txt").write_text("Headline\n\nBody text.\n\nBy Maria Lopez\n", encoding="utf-8")
    proc = lintnews("check", "--no-cache", "a.txt", cwd=tmp_path)
    numbered = [line.split("|")[0].strip() for line in proc.out.splitlines() if line[:1].isdigit()]
    assert numbered == ["3", "4", "5"]  # two lines of context above; the file has no line 6
