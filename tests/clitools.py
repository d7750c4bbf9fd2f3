"""Running the command as a user types it, from a test's own folder, so cache, baseline and report
files land there and relative paths read as they would in a shell.

By default the command runs in this process (a Python start-up per call would cost most of the
suite's time); ``real_process=True`` starts ``python -m lintnews`` for what only a process shows.
"""

import io
import os
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED_ARTICLE = os.path.join(ROOT, "examples", "seed", "article.txt")
if sys.path[0] != ROOT:
    sys.path.insert(0, ROOT)  # the checkout's code, whether or not (or whichever) lintnews is installed


@dataclass
class Result:
    returncode: int
    stdout: bytes
    stderr: bytes

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8")


def lintnews(*args, cwd, stdin=None, env=None, real_process=False, timeout=120):
    """Run ``lintnews ARGS`` in ``cwd`` with ``env`` added to the environment (without
    ``LINTNEWS_CACHE_DIR`` unless ``env`` sets it); a real process is given ``timeout`` seconds."""
    args = [str(a) for a in args]
    if real_process:
        return _in_subprocess(args, cwd, stdin, env, timeout)
    return _in_process(args, cwd, stdin, env)


def run_cli(*args, cwd=None, stdin=None):
    """``lintnews`` from a throwaway folder when the test has none: a run must not leave a cache
    in the checkout."""
    if cwd is not None:
        return lintnews(*args, cwd=cwd, stdin=stdin)
    with tempfile.TemporaryDirectory(prefix="lintnews-test-") as scratch:
        return lintnews(*args, cwd=scratch, stdin=stdin)


def _environment(env):
    full = {**os.environ, **(env or {})}
    if "LINTNEWS_CACHE_DIR" not in (env or {}):
        full.pop("LINTNEWS_CACHE_DIR", None)
    return full


def _in_subprocess(args, cwd, stdin, env, timeout):
    full_env = _environment(env)
    full_env["PYTHONPATH"] = ROOT + os.pathsep + full_env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-m", "lintnews", *args], cwd=cwd, input=stdin,
                          capture_output=True, timeout=timeout, env=full_env)
    return Result(proc.returncode, proc.stdout, proc.stderr)


def _errors(stream):
    return getattr(stream, "errors", None) or "strict"


def _in_process(args, cwd, stdin, env):
    from lintnews.cli import main

    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    out, err = io.BytesIO(), io.BytesIO()
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8")
    # The error handlers a process started here gets (surrogateescape on stdout under a C locale,
    # backslashreplace on stderr), so what a character UTF-8 cannot hold does here is what it does there.
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", errors=_errors(sys.__stdout__),
                                  write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", errors=_errors(sys.__stderr__),
                                  write_through=True)
    os.environ.clear()
    os.environ.update(_environment(env))
    code = 0
    try:
        os.chdir(cwd)
        main(args)
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:  # what an uncaught exception does to a process: a traceback and exit 1
        sys.stderr.write(traceback.format_exc())
        code = 1
    finally:
        for stream in (sys.stdin, sys.stdout, sys.stderr):
            stream.detach()  # keep the buffers open when the wrappers go
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return Result(code, out.getvalue(), err.getvalue())


def assert_one_line_error(proc, *fragments):
    """Exit 2 with exactly one line on stderr, ``error: ...``, holding each fragment; no traceback."""
    assert proc.returncode == 2, (proc.returncode, proc.out, proc.err)
    lines = [line for line in proc.err.splitlines() if line.strip()]
    assert len(lines) == 1, proc.err
    assert lines[0].startswith("error: "), proc.err
    assert "Traceback" not in proc.err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def write(folder, name, text):
    """Write ``text`` to ``folder/name`` (making folders), UTF-8; the path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# A one-rule pack that tests of packs, plugins and trust share: a site's own promotion line.
SITE_PACK = '''
[[rules]]
code = "SITE001"
name = "site-promo"
summary = "The site's own promotion line."
why = "Printed under every article of the site."
match = "block"
fix = "safe"
phrases = { en = ["Download our app for the latest news"] }
'''
