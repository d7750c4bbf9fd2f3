"""The library API used as a program embeds it: from several threads at once."""

import subprocess
import sys

from clitools import ROOT

# In a process of its own: the readers load once per process, and this one has loaded them.
THREADS_AT_ONCE = """
import importlib.abc
import sys
import threading
import time


class SlowReaders(importlib.abc.MetaPathFinder):
    # Loading the readers from compiled bytecode takes a few milliseconds: a thread that went
    # on before they were all loaded met the empty table in only about one run in ten. Each
    # reader module found slowly, the other threads are sure to ask while the first still loads.
    def find_spec(self, name, path, target=None):
        if name.startswith("lintnews.readers.") and name.count(".") == 2:
            time.sleep(0.02)
        return None


sys.meta_path.insert(0, SlowReaders())

from lintnews.api import Linter, Options

TEXT = "Ministers met.\\n\\nAlso Read: Five things to know\\n\\nThe end.\\n"
results, errors = {}, []
start = threading.Barrier(4)

def work(k):
    try:
        start.wait()
        linter = Linter(Options(fix=k % 2 == 0))
        result = linter.lint_text(TEXT, "a.txt")
        results[k] = sorted(d.code for d in result.diagnostics + result.fixed)
    except Exception as err:
        errors.append(repr(err))

threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert not errors, errors
assert all(codes == ["REL001"] for codes in results.values()) and len(results) == 4, results
"""


def test_linters_made_in_several_threads_at_once_each_lint():
    # The first linter loads the readers; a thread that made its own meanwhile found none yet
    # and was told "a.txt: unknown file type". With the readers slow to load, one process is
    # enough: each of them failed so.
    proc = subprocess.run([sys.executable, "-c", THREADS_AT_ONCE], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_lint_text_given_what_is_not_a_string_says_so():
    # bytes failed deep in a reader with "argument should be integer or bytes-like object, not 'str'".
    import pytest

    from lintnews.api import Linter, Options

    linter = Linter(Options())
    with pytest.raises(TypeError, match=r"lint_text: text must be str, not bytes \(decode it first\)"):
        linter.lint_text(b"Ministers met.\n", "a.txt")
    with pytest.raises(TypeError, match="lint_text: text must be str, not NoneType"):
        linter.lint_text(None, "a.txt")
