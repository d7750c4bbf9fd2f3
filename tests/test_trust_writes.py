"""What --fix, reports and baselines may and may not do to the files around them: concurrent runs,
links, read-only files, special files, leftover temporary files, patches, the --jobs bound."""

import fcntl
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
import time

import pytest

from lintnews.errors import InputError
from lintnews.outfile import STALE_AFTER
from lintnews.source import atomic_write, fingerprint

from clitools import ROOT, assert_one_line_error, lintnews

ARTICLE = ("Headline\n\nA real paragraph of the article, with enough words in it.\n\n"
           "Also Read:Another headline\n\nA middle paragraph of the article, also with words.\n\n"
           "Advertisement\n\nLast paragraph of the article.\n")
WITHOUT_RELATED = ARTICLE.replace("Also Read:Another headline\n\n", "")
CLEANED = WITHOUT_RELATED.replace("Advertisement\n\n", "")


def fix(cwd, *args, **kw):
    return lintnews("check", "--fix", "--no-cache", *args, cwd=cwd, **kw)


# -- concurrent runs -------------------------------------------------------------------------------
def test_two_concurrent_fix_runs_lose_no_fix(tmp_path):
    """One run removes related-article lines, the other ad markers, both over the same 200 files at
    once. Every file ends with both fixes, or the run whose fix is missing named it in an error."""
    tree = tmp_path / "tree"
    tree.mkdir()
    for i in range(200):
        (tree / f"a{i:03}.txt").write_text(ARTICLE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("LINTNEWS_CACHE_DIR", None)
    runs = {code: subprocess.Popen([sys.executable, "-m", "lintnews", "check", "--fix", "--no-cache", "-q",
                                    "--jobs", "1", "--select", code, "tree"], cwd=tmp_path, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for code in ("REL001", "AD001")}
    refused = {}
    for code, proc in runs.items():
        _, err = proc.communicate(timeout=120)
        lines = err.decode().splitlines()
        assert all(line.startswith("error: ") for line in lines), err
        assert proc.returncode in (0, 2)
        refused[code] = {re.match(r"error: (\S+): changed since it was read", line).group(1) for line in lines}
    for path in sorted(tree.iterdir()):
        text = path.read_text(encoding="utf-8")
        name = f"tree/{path.name}"
        assert ("Also Read:" not in text) or name in refused["REL001"], name
        assert ("Advertisement" not in text) or name in refused["AD001"], name
        assert text in (ARTICLE, WITHOUT_RELATED, ARTICLE.replace("Advertisement\n\n", ""), CLEANED)
    assert [n for n in os.listdir(tree) if n.startswith(".lintnews-")] == []


def _waiting_for_a_lock(thread):
    """Whether Linux's /proc shows ``thread`` waiting in the kernel for a file lock (flock):
    locks_lock_inode_wait, or flock_lock_inode_wait in older kernels."""
    try:
        with open(f"/proc/self/task/{thread.native_id}/wchan", encoding="ascii") as f:
            return f.read().startswith(("locks_", "flock_"))
    except (OSError, TypeError):
        return False


def test_a_write_waits_for_the_lock_and_then_sees_the_other_write(tmp_path):
    """The moment two runs race for: this write has checked nothing yet while another writer holds
    the file's lock and replaces it. The write must wait, then refuse; it must not rename over."""
    p = tmp_path / "a.txt"
    p.write_bytes(b"old\n")
    seen, original = fingerprint(p), p.read_bytes()
    outcome = []

    def write():
        try:
            atomic_write(str(p), b"ours\n", seen, original)
            outcome.append("written")
        except InputError as err:
            outcome.append(err.message)

    with open(p, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        writer = threading.Thread(target=write)
        writer.start()
        # Waited for until the kernel shows the write waiting for a file lock, rather than a
        # fixed 0.3 s; where it never says so (no /proc), for a second.
        deadline = time.monotonic() + 1
        while writer.is_alive() and time.monotonic() < deadline and not _waiting_for_a_lock(writer):
            time.sleep(0.002)
        assert writer.is_alive() and outcome == []  # waiting for the lock
        (tmp_path / "theirs").write_bytes(b"theirs\n")
        os.replace(tmp_path / "theirs", p)
        fcntl.flock(held, fcntl.LOCK_UN)
    writer.join(10)
    assert outcome == ["changed since it was read; not written"]
    assert p.read_bytes() == b"theirs\n"
    assert [n for n in os.listdir(tmp_path) if n.startswith(".lintnews-")] == []


# -- links -----------------------------------------------------------------------------------------
def test_a_symlink_is_followed_and_stays_a_link(tmp_path):
    (tmp_path / "target.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink("target.txt", tmp_path / "link.txt")
    proc = fix(tmp_path, "link.txt", "target.txt")
    assert proc.returncode == 0, proc.err
    assert "Fixed 2 findings" in proc.out  # once: the target is named twice
    assert os.readlink(tmp_path / "link.txt") == "target.txt"
    assert (tmp_path / "target.txt").read_text(encoding="utf-8") == CLEANED


def test_a_hard_linked_file_is_fixed_in_place_for_every_name(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(ARTICLE, encoding="utf-8")
    os.link(a, tmp_path / "b.txt")
    inode = os.stat(a).st_ino
    assert fix(tmp_path, "a.txt").returncode == 0
    assert os.stat(a).st_ino == inode and os.stat(a).st_nlink == 2
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == CLEANED
    assert [n for n in os.listdir(tmp_path) if n.startswith(".lintnews-")] == []


def test_a_file_of_another_user_we_may_write_is_fixed_in_place_and_stays_theirs(tmp_path, monkeypatch):
    # Not root: the new file cannot be given to the file's owner (chown refuses), and the rename
    # made the fixed file ours. Root's chown is refused here the same way.
    a = tmp_path / "a.txt"
    a.write_text(ARTICLE, encoding="utf-8")
    before = os.stat(a)

    def refuse(path, uid, gid, **kw):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chown", refuse)
    assert fix(tmp_path, "a.txt").returncode == 0
    after = os.stat(a)
    assert (after.st_ino, after.st_uid, after.st_gid) == (before.st_ino, before.st_uid, before.st_gid)
    assert a.read_text(encoding="utf-8") == CLEANED
    assert [n for n in os.listdir(tmp_path) if n.startswith(".lintnews-")] == []


def test_a_read_only_file_is_refused_even_for_root(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    os.chmod(p, 0o444)
    proc = fix(tmp_path, "a.txt")
    assert "read-only" in assert_one_line_error(proc, "a.txt")
    assert p.read_text(encoding="utf-8") == ARTICLE
    assert "REL001" in proc.out  # its findings are reported as they remain


def test_setuid_and_setgid_bits_are_kept(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    os.chmod(p, 0o6755)
    assert fix(tmp_path, "a.txt").returncode == 0
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o6755
    assert p.read_text(encoding="utf-8") == CLEANED


# -- special files ---------------------------------------------------------------------------------
def test_report_and_baseline_on_the_null_device_write_into_it(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    before = os.stat(os.devnull)
    assert lintnews("check", "--no-cache", "--output-file", os.devnull, "a.txt", cwd=tmp_path).returncode == 1
    assert lintnews("check", "--no-cache", "--write-baseline", os.devnull, "a.txt", cwd=tmp_path).returncode == 0
    after = os.stat(os.devnull)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino


def test_a_walked_folder_skips_fifos_and_links_to_devices(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    # A real process: a fifo that were read would block it, and the timeout says so.
    proc = lintnews("check", "--no-cache", ".", cwd=tmp_path, real_process=True)
    assert proc.returncode == 1 and proc.err == "", proc.err
    assert "1 of 1 file." in proc.out


@pytest.mark.parametrize("name", ["pipe.txt", "zero.txt"])
def test_a_named_special_file_is_one_error(tmp_path, name):
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    proc = lintnews("check", "--no-cache", name, cwd=tmp_path, real_process=True)
    assert "not a regular file" in assert_one_line_error(proc, name)


# -- stdin as a filter -------------------------------------------------------------------------------
def test_fix_stdin_passes_undecodable_input_through(tmp_path):
    data = "Caf\u00e9 owners said.\n\nAlso Read:Other\n".encode("latin-1")
    proc = fix(tmp_path, "-", stdin=data)
    assert proc.stdout == data
    assert "not valid utf-8" in assert_one_line_error(proc, "-:")


def test_fix_stdin_still_fixes_what_it_can_read(tmp_path):
    proc = fix(tmp_path, "-", stdin=ARTICLE.encode())
    assert proc.returncode == 0 and proc.out == CLEANED


# -- what the run says -------------------------------------------------------------------------------
def test_no_all_checks_passed_beside_an_error(tmp_path):
    (tmp_path / "good.txt").write_text(WITHOUT_RELATED.replace("Advertisement\n\n", ""), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01")
    proc = lintnews("check", "--no-cache", "good.txt", "bad.txt", cwd=tmp_path)
    assert_one_line_error(proc, "bad.txt")
    assert "passed" not in proc.out
    assert "No findings in the 1 file read; 1 error." in proc.out


# -- leftover temporary files ----------------------------------------------------------------------
def test_leftovers_of_a_killed_run_are_removed_on_the_next_write(tmp_path):
    dead = tmp_path / ".lintnews-999999999-deadbeef.tmp"  # above any pid the kernel hands out
    fresh = tmp_path / ".lintnews-999999999-cafe.tmp"  # maybe still being written from elsewhere
    alive = tmp_path / f".lintnews-{os.getppid()}-beef.tmp"  # a running process's
    other = tmp_path / ".lintnews-notes.tmp.bak"
    for p in (dead, fresh, alive, other):
        p.write_text("partial", encoding="utf-8")
    old = time.time() - STALE_AFTER - 10
    for p in (dead, alive, other):
        os.utime(p, (old, old))
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert fix(tmp_path, "a.txt").returncode == 0
    assert not dead.exists()
    assert fresh.exists() and alive.exists() and other.exists()


def test_leftovers_go_at_the_next_fix_run_that_finds_nothing_to_write(tmp_path):
    # A run killed after its last write leaves its temporary file in a folder whose files are all
    # fixed: the next --fix run writes nothing there, and removes it all the same.
    (tmp_path / "a.txt").write_text(CLEANED, encoding="utf-8")
    dead = tmp_path / ".lintnews-999999999-deadbeef.tmp"
    dead.write_text("partial", encoding="utf-8")
    old = time.time() - STALE_AFTER - 10
    os.utime(dead, (old, old))
    proc = fix(tmp_path, "a.txt")
    assert proc.returncode == 0 and proc.out.startswith("All checks passed"), proc.out + proc.err
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == CLEANED
    assert not dead.exists()
    # A check that fixes nothing leaves the folder alone.
    dead.write_text("partial", encoding="utf-8")
    os.utime(dead, (old, old))
    assert lintnews("check", "--no-cache", "a.txt", cwd=tmp_path).returncode == 0
    assert dead.exists()


# -- patches ---------------------------------------------------------------------------------------
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_applies_with_git_and_patch(tmp_path):
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    (repo / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (repo / "b.txt").write_text(ARTICLE.replace("Advertisement\n\n", "").rstrip("\n") + "\nAdvertisement",
                                encoding="utf-8")  # the last line goes, and has no newline
    (repo / "c.txt").write_text(ARTICLE.rstrip("\n"), encoding="utf-8")  # the kept last line has none
    proc = lintnews("check", "--diff", "--no-cache", "./sub/a.txt", "./b.txt", "c.txt", cwd=repo)
    assert proc.returncode == 1, proc.err
    assert "a/./" not in proc.out and "--- a/sub/a.txt" in proc.out
    assert "\\ No newline at end of file" in proc.out
    (tmp_path / "fix.patch").write_bytes(proc.stdout)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "apply", "--check", "../fix.patch"], cwd=repo, check=True)
    if shutil.which("patch"):
        subprocess.run(["patch", "-p1", "--dry-run", "-s", "-i", "../fix.patch"], cwd=repo, check=True)
    subprocess.run(["git", "apply", "../fix.patch"], cwd=repo, check=True)
    assert (repo / "sub" / "a.txt").read_text(encoding="utf-8") == CLEANED
    assert fix(repo, ".").out.startswith("All checks passed")  # the patch did what --fix does


def test_a_missing_report_folder_stops_the_run_before_any_fix(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    proc = fix(tmp_path, "--output-file", "no/such/folder/report.json", "a.txt")
    assert_one_line_error(proc, "no/such/folder/report.json", "cannot write report")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == ARTICLE


# -- --jobs ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("option", [["--output-file", "a.txt"], ["-o", "./a.txt"], ["-o", "link.txt"],
                                    ["--write-baseline", "a.txt"], ["--fix", "--ledger", "a.txt"]])
def test_a_report_baseline_or_ledger_named_as_an_article_is_refused(tmp_path, option):
    # `-o a.txt a.txt` (an option and its value swapped) replaced the article with its report.
    (tmp_path / "a.txt").write_text(ARTICLE)
    os.symlink("a.txt", tmp_path / "link.txt")
    proc = lintnews("check", "--no-cache", *option, "a.txt", cwd=tmp_path)
    assert_one_line_error(proc, f"{option[-1]}: the ", "would be written into a.txt, one of the files to check")
    assert (tmp_path / "a.txt").read_text() == ARTICLE


@pytest.mark.parametrize("option", [["--output-file", "d/a.txt"], ["-o", "d/sub/link.txt"],
                                    ["--write-baseline", "d/a.txt"], ["--fix", "--ledger", "d/dump.jsonl"]])
def test_a_report_baseline_or_ledger_that_is_a_file_of_a_walked_folder_is_refused(tmp_path, option):
    # `check d -o d/a.txt` replaced the article found in d; a ledger left in a checked folder was
    # read, and fixed, as a dump by the next run.
    d = tmp_path / "d"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(ARTICLE)
    (d / "dump.jsonl").write_text(json.dumps({"text": ARTICLE}) + "\n")
    os.symlink("../a.txt", d / "sub" / "link.txt")
    before = {p: p.read_bytes() for p in d.rglob("*") if p.is_file()}
    proc = lintnews("check", "--no-cache", *option, "d", cwd=tmp_path)
    assert_one_line_error(proc, f"{option[-1]}: the ", "a file in a folder this run checks", "extend-exclude")
    assert {p: p.read_bytes() for p in d.rglob("*") if p.is_file()} == before
    # Left out of what is checked, the same file takes the report.
    (tmp_path / "lintnews.toml").write_text('extend-exclude = ["a.txt", "dump.jsonl", "link.txt"]\n')
    assert lintnews("check", "--no-cache", *option, "d", cwd=tmp_path).returncode in (0, 1)


def test_a_report_left_in_the_checked_folder_by_the_last_run_is_refused_not_read(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    assert lintnews("check", "--no-cache", "-o", "report.txt", ".", cwd=tmp_path).returncode == 1
    report = (tmp_path / "report.txt").read_bytes()
    assert_one_line_error(lintnews("check", "--no-cache", "-o", "report.txt", ".", cwd=tmp_path),
                          "report.txt: the report would be written into ./report.txt")
    assert (tmp_path / "report.txt").read_bytes() == report


@pytest.mark.parametrize("option, fragment", [
    (["--output-file", ""], "--output-file: empty file name"),
    (["--cache-dir", ""], "--cache-dir: empty file name"),
    (["--baseline", ""], "--baseline: empty file name"),
    (["--write-baseline", ""], "--write-baseline: empty file name"),
    (["--fix", "--ledger", ""], "--ledger: empty file name"),
    (["--config", ""], "--config: empty file name"),
    (["--format", ""], "unknown format ''"),
])
def test_an_empty_file_name_or_format_is_a_usage_error(tmp_path, option, fragment):
    # `--write-baseline "$UNSET"` was taken as not given: no baseline, and the run went on.
    (tmp_path / "a.txt").write_text(ARTICLE)
    assert_one_line_error(lintnews("check", "--no-cache", *option, "a.txt", cwd=tmp_path), fragment)
    assert (tmp_path / "a.txt").read_text() == ARTICLE


def test_clean_with_an_empty_cache_folder_name_removes_nothing(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    lintnews("check", "a.txt", cwd=tmp_path)
    assert (tmp_path / ".lintnews_cache").is_dir()
    assert_one_line_error(lintnews("clean", "--cache-dir", "", cwd=tmp_path), "--cache-dir: empty file name")
    assert (tmp_path / ".lintnews_cache").is_dir()


def test_jobs_above_the_bound_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    proc = fix(tmp_path, "--jobs", "100000", "a.txt")
    assert_one_line_error(proc, "--jobs 100000")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == ARTICLE


def test_jobs_beyond_the_open_file_limit_is_a_clear_error(tmp_path):
    for i in range(20):
        (tmp_path / f"a{i}.txt").write_text(ARTICLE, encoding="utf-8")
    limit = "import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_NOFILE, (40, 40)); " \
            "sys.argv = ['lintnews', 'check', '--fix', '--no-cache', '--jobs', '30', '.']; " \
            "runpy.run_module('lintnews', run_name='__main__')"
    env = {**os.environ, "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, "-c", limit], cwd=tmp_path, env=env, capture_output=True, timeout=120)
    lines = proc.stderr.decode().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: --jobs 30"), lines
    assert "ulimit -n 40" in lines[0]
    assert (tmp_path / "a0.txt").read_text(encoding="utf-8") == ARTICLE


def test_text_whose_offsets_cannot_be_mapped_to_its_bytes_is_encoded_whole():
    # The bytes do not read back as the text at the first character: splicing gives up and
    # the edited text is encoded whole, rather than failing the write.
    from lintnews.source import RawText

    raw = RawText(text="é and more\nkeep\n", encoding="latin-1", data="é and more\nkeep\n".encode("utf-8"))
    assert raw.encode("é\nkeep\n") == "é\nkeep\n".encode("latin-1")
