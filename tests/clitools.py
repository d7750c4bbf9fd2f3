"""Running the command in a subprocess from a test's own folder, so cache, baseline and report
files land there and relative paths read as a user types them."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED_ARTICLE = os.path.join(ROOT, "examples", "seed", "article.txt")


def lintnews(*args, cwd, stdin=None, env=None):
    full_env = {**os.environ, **(env or {})}
    # The checkout's code, whether or not it is installed.
    full_env["PYTHONPATH"] = ROOT + os.pathsep + full_env.get("PYTHONPATH", "")
    if "LINTNEWS_CACHE_DIR" not in (env or {}):
        full_env.pop("LINTNEWS_CACHE_DIR", None)
    proc = subprocess.run([sys.executable, "-m", "lintnews", *map(str, args)], cwd=cwd, input=stdin,
                          capture_output=True, timeout=120, env=full_env)
    proc.out = proc.stdout.decode("utf-8")
    proc.err = proc.stderr.decode("utf-8")
    return proc


def assert_one_line_error(proc, *fragments):
    assert proc.returncode == 2, (proc.returncode, proc.out, proc.err)
    lines = [line for line in proc.err.splitlines() if line.strip()]
    assert len(lines) == 1, proc.err
    assert lines[0].startswith("error: "), proc.err
    assert "Traceback" not in proc.err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
