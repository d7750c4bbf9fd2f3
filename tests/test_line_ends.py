"""Old Mac line ends (a lone CR, no LF anywhere): read as lines, as LF and CRLF files are, and
written back with CR wherever --fix, --diff, a ledger or undo touch the file."""

import json
import os
import shutil
import subprocess

import pytest

from lintnews.source import decode

from clitools import SEED_ARTICLE, lintnews

with open(SEED_ARTICLE, "rb") as _f:
    SEED = _f.read()
CR_SEED = SEED.replace(b"\n", b"\r")


def findings(proc):
    return [(d["code"], d["line"], d["column"], d["end_line"], d["end_column"]) for d in json.loads(proc.stdout)]


def article(folder, name, data):
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", ["a.txt", "a.md"])
def test_a_cr_file_has_the_findings_of_the_lf_file(tmp_path, name):
    (tmp_path / "lf").mkdir()
    (tmp_path / "cr").mkdir()
    article(tmp_path / "lf", name, SEED)
    article(tmp_path / "cr", name, CR_SEED)
    lf = lintnews("check", "--no-cache", "--output-format", "json", f"lf/{name}", cwd=tmp_path)
    cr = lintnews("check", "--no-cache", "--output-format", "json", f"cr/{name}", cwd=tmp_path)
    assert lf.returncode == cr.returncode == 1
    assert len(findings(lf)) > 5  # the seed's junk, line by line: not one finding for the whole file
    assert findings(cr) == findings(lf)


@pytest.mark.parametrize("unsafe", [[], ["--unsafe-fixes"]])
def test_fix_writes_a_cr_file_back_with_cr(tmp_path, unsafe):
    lf = article(tmp_path, "lf.txt", SEED)
    cr = article(tmp_path, "cr.txt", CR_SEED)
    for path in (lf, cr):
        proc = lintnews("check", "--fix", "--no-cache", *unsafe, path.name, cwd=tmp_path)
        assert proc.returncode == (0 if unsafe else 1), proc.err
    assert lf.read_bytes() != SEED
    assert cr.read_bytes() == lf.read_bytes().replace(b"\n", b"\r")


def test_fix_of_a_cr_article_on_stdin_answers_with_cr(tmp_path):
    lf = article(tmp_path, "lf.txt", SEED)
    lintnews("check", "--fix", "--no-cache", "lf.txt", cwd=tmp_path)
    proc = lintnews("check", "--fix", "--no-cache", "-", cwd=tmp_path, stdin=CR_SEED)
    assert proc.stdout == lf.read_bytes().replace(b"\n", b"\r")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_diff_of_a_cr_file_applies_with_git_and_gives_what_fix_writes(tmp_path):
    repo, fixed = tmp_path / "repo", tmp_path / "fixed"
    for folder in (repo, fixed):
        folder.mkdir()
        article(folder, "a.txt", CR_SEED)
    proc = lintnews("check", "--diff", "--no-cache", "a.txt", cwd=repo)
    assert proc.returncode == 1, proc.err
    assert (repo / "a.txt").read_bytes() == CR_SEED
    (tmp_path / "fix.patch").write_bytes(proc.stdout)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "-c", "core.autocrlf=false", "apply", "../fix.patch"], cwd=repo, check=True)
    lintnews("check", "--fix", "--no-cache", "a.txt", cwd=fixed)
    assert (repo / "a.txt").read_bytes() == (fixed / "a.txt").read_bytes() != CR_SEED


def test_a_cr_file_fixed_with_a_ledger_is_undone_byte_for_byte(tmp_path):
    cr = article(tmp_path, "cr.txt", CR_SEED)
    proc = lintnews("check", "--fix", "--unsafe-fixes", "--no-cache", "--ledger", "ledger.jsonl", "cr.txt",
                    cwd=tmp_path)
    assert proc.returncode == 0, proc.err
    assert b"\n" not in cr.read_bytes() and len(cr.read_bytes()) < len(CR_SEED) - 1000
    proc = lintnews("undo", "ledger.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.err
    assert cr.read_bytes() == CR_SEED


@pytest.mark.parametrize("data, newline, text", [
    (b"Headline\rBody.\r", "\r", "Headline\nBody.\n"),
    (b"Headline\rBody.", "\r", "Headline\nBody."),
    (b"\xef\xbb\xbfHeadline\r\rBody.\r", "\r", "Headline\n\nBody.\n"),
    # no line end at all, or mixed ones: read as they are
    (b"One line without an end", "\n", "One line without an end"),
    (b"Headline\r\nBody\rmore.\r\n", "\n", "Headline\r\nBody\rmore.\r\n"),
    (b"Headline\rBody.\n", "\n", "Headline\rBody.\n"),
    (b"Headline\r\nBody.\r\n", "\r\n", "Headline\nBody.\n"),
])
def test_decode_reads_lone_cr_ends_only_when_no_lf_is_there(data, newline, text):
    raw = decode(data, "a.txt")
    assert (raw.newline, raw.text) == (newline, text)
    assert raw.encode(raw.text) == data
    assert raw.encode(raw.text + "\nAdded.") == data + (newline + "Added.").encode()


def test_a_cr_file_in_utf16_round_trips(tmp_path):
    data = "Headline\r\rBody paragraph.\r\rAlso Read: Another headline\r\rEnd.\r".encode("utf-16")
    path = article(tmp_path, "a.txt", data)
    proc = lintnews("check", "--fix", "--no-cache", "a.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.err
    assert path.read_bytes() == "Headline\r\rBody paragraph.\r\rEnd.\r".encode("utf-16")
    assert os.path.getsize(path) < len(data)


def test_a_lone_cr_in_a_jsonl_dump_ends_no_record_in_any_mode(tmp_path):
    # JSON Lines end at LF: --diff must not show a fix of records that check and --fix read as one
    # malformed line.
    data = (b'{"text": "Body.\\n\\nAlso Read: Another headline\\n\\nEnd."}\r'
            b'{"text": "Fine."}\r')
    article(tmp_path, "d.jsonl", data)
    runs = [lintnews("check", "--no-cache", *mode, "d.jsonl", cwd=tmp_path)
            for mode in ([], ["--diff"], ["--fix"])]
    runs.append(lintnews("check", "--no-cache", "--diff", "--stdin-filename", "d.jsonl", "-", cwd=tmp_path,
                         stdin=data))
    for proc in runs:
        assert proc.returncode == 2 and "malformed JSON record" in proc.err, proc.err
        assert b"Also Read" not in proc.stdout
    assert (tmp_path / "d.jsonl").read_bytes() == data


@pytest.mark.parametrize("encoding, bom, config", [
    ("utf-16-le", b"\xff\xfe", ""),
    ("utf-16-be", b"\xfe\xff", ""),
    ("utf-16-le", b"", 'encoding = "utf-16-le"\n'),
    ("utf-32-le", b"\xff\xfe\x00\x00", ""),
], ids=["utf-16-le", "utf-16-be", "utf-16-le-by-config", "utf-32-le"])
def test_the_diff_of_a_crlf_file_in_utf16_or_utf32_has_its_crlf_lines(tmp_path, encoding, bom, config):
    # Its line ends were counted in the file's bytes, where "\r\0\n\0" holds no "\r\n": the diff
    # showed LF lines for the CRLF lines --fix writes.
    crlf = SEED.replace(b"\n", b"\r\n")
    (tmp_path / "u8").mkdir()
    (tmp_path / "wide").mkdir()
    article(tmp_path / "u8", "a.txt", crlf)
    article(tmp_path / "wide", "a.txt", bom + crlf.decode("utf-8").encode(encoding))
    (tmp_path / "wide" / "lintnews.toml").write_text(config, encoding="utf-8")
    u8 = lintnews("check", "--diff", "--no-cache", "a.txt", cwd=tmp_path / "u8")
    wide = lintnews("check", "--diff", "--no-cache", "a.txt", cwd=tmp_path / "wide")
    assert u8.returncode == wide.returncode == 1, wide.err
    assert b"\r\n-Also Read:" in u8.stdout
    # No patch tool reads a UTF-16 file's lines: its diff is its text, and says so.
    note = f"# lintnews: a.txt is {encoding}: its diff is shown as UTF-8 text, not a patch (apply with --fix)\n"
    assert wide.stdout == note.encode() + u8.stdout
