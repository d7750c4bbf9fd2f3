"""What keeps a one-file check's start-up short, held by what it does (never by timing it): the
collector's threshold while lintnews runs as a program, the one command typer builds, and the
modules a plain check of a text file leaves unimported."""

import os
import subprocess
import sys

from clitools import ROOT, SEED_ARTICLE


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


def test_a_named_command_builds_that_command_alone():
    from lintnews.cli import _command

    assert list(_command("check").commands) == ["check"]
    assert {"check", "rules", "rule", "undo", "clean"} <= set(_command().commands)
