"""What keeps a one-file check's start-up short, held by what it does (never by timing it): the
collector's threshold while lintnews runs as a program, the one command typer builds, and the
modules a plain check of a text file leaves unimported."""

import os
import subprocess
import sys

from clitools import ROOT


def _python(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": ROOT}, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_python_m_lintnews_collects_at_the_start_up_threshold():
    # argv[0] as -m leaves it while the package loads: only __main__ raises the threshold.
    code = ("import gc, runpy, sys\nsys.argv = ['-m', '--version']\n"
            "try:\n    runpy.run_module('lintnews', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "from lintnews.cli import START_GC\nprint(gc.get_threshold() == START_GC)")
    assert _python(code).splitlines()[-1] == "True"


def test_the_lintnews_command_collects_at_the_start_up_threshold():
    code = ("import gc, sys\nsys.argv[0] = '/usr/local/bin/lintnews'\n"
            "from lintnews.cli import START_GC\nprint(gc.get_threshold() == START_GC)")
    assert _python(code) == "True"


def test_a_program_importing_the_cli_keeps_its_threshold():
    code = "import gc\nbefore = gc.get_threshold()\nimport lintnews.cli\nprint(gc.get_threshold() == before)"
    assert _python(code) == "True"


def test_the_command_freezes_its_objects_when_done_and_a_caller_of_main_does_not(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nBody text of the story, with a sentence.\n", encoding="utf-8")
    # The exit hooks run after the command returns, before the interpreter shuts down.
    hook = "import atexit, gc, sys\natexit.register(lambda: print(gc.get_freeze_count() > 0, file=sys.stderr))\n"
    as_program = (hook + "import runpy\nsys.argv = ['-m', 'check', '--no-cache', sys.argv[1]]\n"
                  "runpy.run_module('lintnews', run_name='__main__')")
    as_caller = (hook + "from lintnews.cli import main\n"
                 "try:\n    main(['check', '--no-cache', sys.argv[1]])\nexcept SystemExit:\n    pass")
    frozen = []
    for code in (as_program, as_caller):
        proc = subprocess.run([sys.executable, "-c", code, str(article)], capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": ROOT})
        assert "All checks passed" in proc.stdout, proc.stderr
        frozen.append(proc.stderr.strip().splitlines()[-1])
    assert frozen == ["True", "False"]


def test_a_named_command_builds_that_command_alone():
    from lintnews.cli import _command

    assert list(_command("check").commands) == ["check"]
    assert {"check", "rules", "rule", "undo", "clean"} <= set(_command().commands)


def test_a_check_of_a_text_file_leaves_what_it_does_not_read_unimported(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nBody text of the story, with a sentence.\n\nAlso Read: Another headline\n",
                       encoding="utf-8")
    # HTML parsers and entity tables, the other reports' writers, plugins' metadata, rich, and
    # OpenSSL (hashlib loads it: 4 ms, for digests a check of a text need not make).
    unused = ("lxml", "bs4", "html.entities", "lintnews.readers.html.scan", "lintnews.report.data",
              "lintnews.report.ci", "importlib.metadata", "rich", "pydantic", "multiprocessing", "_hashlib")
    code = ("import sys\nfrom lintnews.cli import main\n"
            f"try:\n    main(['check', '--no-cache', '--exit-zero', {str(article)!r}])\n"
            "except SystemExit:\n    pass\n"
            f"print([m for m in {unused!r} if m in sys.modules], file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": ROOT})
    assert proc.stderr.strip().splitlines()[-1] == "[]", proc.stderr
    assert "REL001" in proc.stdout


def test_the_dates_of_28_languages_are_written_out_only_for_an_article_that_needs_them(tmp_path):
    plain, dated = tmp_path / "plain.txt", tmp_path / "dated.txt"
    plain.write_text("Headline\n\nBody text of the story, with a sentence.\n", encoding="utf-8")
    dated.write_text("Headline\n\nUpdated: 5. März 2024 10:15\n\nBody text of the story.\n", encoding="utf-8")
    # One process checks the plain article, then the dated one: what the first check wrote out
    # would still be there when the second one starts.
    code = ("import sys\nfrom lintnews.cli import main\nfrom lintnews.rules import _dates\n"
            "for article in sys.argv[1:]:\n"
            "    try:\n        main(['check', '--no-cache', '--exit-zero', article])\n"
            "    except SystemExit as e:\n        assert not e.code, e.code\n"
            "    print(_dates._written.cache_info().currsize, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, str(plain), str(dated)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": ROOT})
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-2:] == ["0", "1"], proc.stderr


def test_the_date_patterns_are_the_same_in_every_process():
    # A pattern that moved with the hash seed was a new regex to compile (and keep) in each run.
    code = ("import hashlib\nfrom lintnews.rules._dates import date, weekday\n"
            "print(hashlib.sha256((date() + weekday()).encode()).hexdigest())")
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONPATH": ROOT, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2", "3")}
    assert len(seen) == 1



def _run_as_program(tmp_path, site: str, args: list[str]) -> subprocess.CompletedProcess:
    """python -m lintnews, with ``site`` run first (as sitecustomize) in the same process."""
    folder = tmp_path / "site"
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(site, encoding="utf-8")
    # stdout buffered as in a shell: under PYTHONUNBUFFERED a process that ended without flushing it lost nothing.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    # A time limit: a sitecustomize's thread that never ended would hold the run open for good.
    return subprocess.run([sys.executable, "-m", "lintnews", *args], capture_output=True, text=True, cwd=tmp_path,
                          env={**env, "PYTHONPATH": os.pathsep.join((ROOT, str(folder)))}, timeout=120)


def test_the_command_ends_with_its_status_and_output_once_the_exit_hooks_ran(tmp_path):
    clean, dirty = tmp_path / "clean.txt", tmp_path / "dirty.txt"
    clean.write_text("Headline\n\nBody text of the story, with a sentence.\n", encoding="utf-8")
    dirty.write_text("Headline\n\nBody text.  \n\n\n\nAlso Read: Another headline\n" * 300, encoding="utf-8")
    site = f"import atexit\natexit.register(lambda: open({str(tmp_path / 'hook')!r}, 'w').write('ran'))\n"
    for path, status in ((clean, 0), (dirty, 1)):
        proc = _run_as_program(tmp_path, site, ["check", "--no-cache", str(path)])
        assert proc.returncode == status, proc.stderr
        assert (tmp_path / "hook").read_text() == "ran"
        (tmp_path / "hook").unlink()
    assert proc.stdout.rstrip().endswith("Found 900 findings in 1 of 1 file. 900 fixable with --fix.")
    missing = _run_as_program(tmp_path, site, ["check", "--no-cache", str(tmp_path / "missing.txt")])
    assert missing.returncode == 2 and "missing.txt" in missing.stdout + missing.stderr


def test_another_thread_still_running_or_a_caller_of_runpy_leave_the_ending_to_the_interpreter(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nBody text of the story, with a sentence.\n", encoding="utf-8")
    # A thread still at work when the command is done: the interpreter waits for it to finish.
    # It works once the main thread is through (which the interpreter's ending marks), so it is
    # still at work then however long the command takes, and the run lasts no longer than that.
    late = tmp_path / "late"
    site = ("import threading\ndef work():\n    threading.main_thread().join()\n"
            f"    open({str(late)!r}, 'w').write('done')\nthreading.Thread(target=work).start()\n")
    proc = _run_as_program(tmp_path, site, ["check", "--no-cache", str(article)])
    assert proc.returncode == 0 and "All checks passed" in proc.stdout
    assert late.read_text() == "done"
    code = ("import runpy, sys\nsys.argv = ['-m', 'check', '--no-cache', sys.argv[1]]\n"
            "try:\n    runpy.run_module('lintnews', run_name='__main__')\nexcept SystemExit as e:\n"
            "    print('back with', e.code)\n")
    proc = subprocess.run([sys.executable, "-c", code, str(article)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": ROOT})
    assert proc.stdout.splitlines()[-1] == "back with 0", proc.stderr
