"""The lintnews command installed as a console script (a wrapper named ``lintnews`` that calls
``lintnews.cli:main``, as an installer writes it) ends the process as soon as the command is
done, as ``python -m lintnews`` does: its report, its summary, the files it writes and its
status must all be there as they are when the interpreter ends the normal way."""

import fcntl
import json
import os
import signal
import struct
import subprocess
import sys
import termios
import time

import pytest

from clitools import ROOT

# What an installer writes for the entry point lintnews = "lintnews.cli:main".
WRAPPER = """import re
import sys
from lintnews.cli import main
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit(main())
"""

# An object that says so on stderr when the interpreter tears the modules down: a process ended
# as the command returns never gets there, so the tests below know which ending they saw.
TEARDOWN = ("import builtins, os\nclass _Said:\n    def __del__(self):\n"
            "        os.write(2, b'torn down\\n')\nbuiltins._said = _Said()\n")

DIRTY = "Headline\n\nBody text.  \n\n\n\nAlso Read: Another headline\n" * 300


def _console_script(tmp_path, *args):
    bin_dir, site = tmp_path / "bin", tmp_path / "site"
    bin_dir.mkdir(exist_ok=True)
    site.mkdir(exist_ok=True)
    (bin_dir / "lintnews").write_text(WRAPPER, encoding="utf-8")
    (site / "sitecustomize.py").write_text(TEARDOWN, encoding="utf-8")
    env = _buffered_env()
    env["PYTHONPATH"] = os.pathsep.join((ROOT, str(site)))
    return subprocess.run([sys.executable, str(bin_dir / "lintnews"), *args], capture_output=True,
                          cwd=tmp_path, env=env, timeout=120)


def _buffered_env():
    """This checkout's lintnews with stdout buffered, as a user's shell has it: with
    PYTHONUNBUFFERED (CI often sets it) every write would reach the pipe at once and a process
    ended without flushing would lose nothing."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONUNBUFFERED", "LINTNEWS_CACHE_DIR")}
    env["PYTHONPATH"] = ROOT
    return env


def test_the_console_script_ends_with_its_whole_report_and_status(tmp_path):
    (tmp_path / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    proc = _console_script(tmp_path, "check", "--no-cache", "dirty.txt")
    assert proc.returncode == 1, proc.stderr
    assert b"torn down" not in proc.stderr  # the command ended the process itself
    # The report streams out as it is made; the summary is the last line, still buffered when
    # the command returns: a process that ended without flushing stdout would lose it.
    assert proc.stdout.count(b"dirty.txt:") == 900
    assert proc.stdout.rstrip().endswith(b"Found 900 findings in 1 of 1 file. 900 fixable with --fix.")


def test_the_console_script_writes_its_report_file_and_summary_whole(tmp_path):
    (tmp_path / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    proc = _console_script(tmp_path, "check", "--no-cache", "--output-format", "json", "-o", "report.json",
                           "dirty.txt")
    assert proc.returncode == 1, proc.stderr
    assert b"torn down" not in proc.stderr
    assert len(json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))) == 900
    assert proc.stdout.rstrip().endswith(b"Report written to report.json (json).")
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_the_console_script_run_by_a_caller_of_runpy_is_torn_down_as_usual(tmp_path):
    # The check above is only worth something if the marker does show on the interpreter's own ending.
    (tmp_path / "clean.txt").write_text("Headline\n\nBody text of the story, with a sentence.\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(TEARDOWN, encoding="utf-8")
    code = ("import runpy, sys\nsys.argv = ['lintnews', 'check', '--no-cache', 'clean.txt']\n"
            "runpy.run_module('lintnews', run_name='__main__')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=tmp_path, timeout=120,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join((ROOT, str(site)))})
    assert proc.returncode == 0, proc.stderr
    assert b"All checks passed" in proc.stdout
    assert b"torn down" in proc.stderr


def test_a_reader_that_left_before_the_last_flush_ends_the_command_with_status_1_quietly(tmp_path):
    """``lintnews check a.txt | head -c 10``: a clean file's one line waits in stdout's buffer for
    the process to end, and the reader has gone by then. The command ends as it does when the
    pipe closes while it writes (status 1, nothing on stderr), not with the interpreter's
    "Exception ignored ... BrokenPipeError" and status 120."""
    (tmp_path / "clean.txt").write_text("Headline\n\nBody text of the story, with a sentence.\n", encoding="utf-8")
    env = _buffered_env()
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has left before the first byte
    try:
        for args in (["check", "--no-cache", "clean.txt"], ["check", "--no-cache", "--output-format", "json",
                                                           "clean.txt"]):
            proc = subprocess.run([sys.executable, "-m", "lintnews", *args], stdout=write_end,
                                  stderr=subprocess.PIPE, cwd=tmp_path, env=env, timeout=120)
            assert (proc.returncode, proc.stderr) == (1, b""), args
    finally:
        os.close(write_end)


@pytest.mark.parametrize("stderr", ["closed", "full"])
def test_an_error_with_stderr_closed_or_full_still_ends_with_status_2_and_the_summary(tmp_path, stderr):
    """``lintnews check missing.txt a.txt 2>&-`` (or ``2>/dev/full``): the error line has nowhere
    to go, but the exit code and the summary on stdout still tell what happened."""
    if stderr == "full" and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    (tmp_path / "clean.txt").write_text("Headline\n\nBody text of the story, with a sentence.\n", encoding="utf-8")
    env = _buffered_env()
    args = [sys.executable, "-m", "lintnews", "check", "--no-cache", "missing.txt", "clean.txt"]
    if stderr == "closed":
        proc = subprocess.run(args, stdout=subprocess.PIPE, cwd=tmp_path, env=env, timeout=120,
                              preexec_fn=lambda: os.close(2))  # the child's stderr only
    else:
        with open("/dev/full", "w") as full:
            proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=full, cwd=tmp_path, env=env, timeout=120)
    assert proc.returncode == 2
    assert proc.stdout.decode().rstrip().endswith("No findings in the 1 file read; 1 error.")


def test_a_check_with_stdout_closed_ends_with_its_status_and_its_errors_on_stderr(tmp_path):
    """``lintnews check ... >&-``: the report has nowhere to go, but the status and the error lines do."""
    (tmp_path / "clean.txt").write_text("Headline\n\nBody text of the story, with a sentence.\n", encoding="utf-8")
    env = _buffered_env()
    for files, status in ((["clean.txt"], 0), (["missing.txt", "clean.txt"], 2)):
        proc = subprocess.run([sys.executable, "-m", "lintnews", "check", "--no-cache", *files], stderr=subprocess.PIPE,
                              cwd=tmp_path, env=env, timeout=120, preexec_fn=lambda: os.close(1))
        assert proc.returncode == status, proc.stderr
        assert proc.stderr == (b"error: missing.txt: no such file or directory\n" if status else b"")


def _waiting_on_a_full_pipe(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/wchan", encoding="ascii") as f:
            return "pipe_write" in f.read()
    except OSError:
        return False


@pytest.mark.skipif(not os.path.exists("/proc/self/wchan") or not hasattr(fcntl, "F_GETPIPE_SZ"),
                    reason="needs Linux's /proc to see where the process waits")
def test_ctrl_c_while_the_reader_holds_the_last_of_the_output_ends_as_the_interpreter_would(tmp_path):
    """The command is done and its last lines wait for a slow reader (a pager, a pipe to a busy
    program) when Ctrl-C comes: the interpreter's own ending waits for the reader and ends with
    the command's status, every byte delivered; ending early must do the same, not end the
    process by the signal with a traceback."""
    (tmp_path / "dirty.txt").write_text("Headline\n\nBody text.  \n\n\n\nAlso Read: Another headline\n" * 20,
                                        encoding="utf-8")
    env = _buffered_env()
    args = [sys.executable, "-m", "lintnews", "check", "--no-cache", "--output-format", "concise", "dirty.txt"]
    whole = subprocess.run(args, capture_output=True, cwd=tmp_path, env=env, timeout=120)
    assert whole.returncode == 1, whole.stderr
    # The report is flushed as the command ends it; the summary line after it waits in stdout's
    # buffer for the process to end. The pipe is filled so that the report fits and the summary does not.
    report = whole.stdout.rstrip(b"\n").rfind(b"\n") + 1  # up to the summary line
    read_end, write_end = os.pipe()
    size = fcntl.fcntl(write_end, fcntl.F_GETPIPE_SZ)
    filler = b"-" * (size - report - 1)
    os.write(write_end, filler)
    try:
        proc = subprocess.Popen(args, stdout=write_end, stderr=subprocess.PIPE, cwd=tmp_path, env=env)
    finally:
        os.close(write_end)
    try:
        # Waiting in a write to the full pipe once the report is in it: the summary's write, the
        # last the process makes. (Polled, with a bound for a stuck run, not timed.)
        for _ in range(12000):
            pending = struct.unpack("i", fcntl.ioctl(read_end, termios.FIONREAD, b"\0" * 4))[0]
            if pending == size - 1 and _waiting_on_a_full_pipe(proc.pid) or proc.poll() is not None:
                break
            time.sleep(0.005)
        assert proc.poll() is None, proc.stderr.read()
        proc.send_signal(signal.SIGINT)
        with os.fdopen(read_end, "rb") as reader:
            got = reader.read()
        err = proc.stderr.read()
        assert proc.wait(timeout=120) == 1, err
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    assert got == filler + whole.stdout
    assert b"Traceback" not in err, err
