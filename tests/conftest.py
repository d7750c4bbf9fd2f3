import gc
import os
import shutil
import sys
import tempfile

import pytest

from clitools import ROOT, run_cli  # noqa: F401 - run_cli: the command from a throwaway folder

# Hypothesis caches what it learns of the code under .hypothesis/ in the working folder: kept in
# the temporary folder instead, so the suite writes nothing into the checkout.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "lintnews-tests-hypothesis"))
# The work lintnews keeps of its shipped packs between runs goes there too, not into the user's cache.
os.environ.setdefault("LINTNEWS_PACK_CACHE", os.path.join(tempfile.gettempdir(), "lintnews-tests-packs"))
# Bytecode too: the processes the suite starts (its workers, the command under test, a datatrove
# executor's tasks) keep it in the temporary folder, and so reuse it, even where the environment
# asks Python to write none (which made each of them compile lintnews' sources again).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
os.environ.setdefault("PYTHONPYCACHEPREFIX", os.path.join(tempfile.gettempdir(), "lintnews-tests-pycache"))
# This process as well (one process with -n 0, or a parallel run's controller), for what it imports
# from here on: the test modules pytest rewrote and compiled again on every run (half a second)
# and lintnews' sources.
sys.dont_write_bytecode = False
sys.pycache_prefix = os.environ["PYTHONPYCACHEPREFIX"]

# What the suite keeps between runs (above, and background.KEPT) stays in the temporary folder on
# disk; the tests' own files are written in memory where the machine has a RAM file system
# (Linux's /dev/shm): `--fix` syncs every file it writes to disk, and on a shared, busy disk those
# syncs took seconds of the suite's time, more or less from run to run. A TMPDIR set by the
# caller wins.
os.environ.setdefault("LINTNEWS_TESTS_KEEP", tempfile.gettempdir())
if "TMPDIR" not in os.environ and os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK | os.X_OK):
    os.environ["TMPDIR"] = "/dev/shm"
    tempfile.tempdir = None  # worked out again, from TMPDIR

# A test process holds every rule, pack and collected test, some 200,000 objects; at Python's
# default thresholds the cycle collector walked them all about twenty times a run, a tenth of a
# second each. Collected less often, and never again over what collection left (it is never
# garbage), it takes a fifth of the time.
gc.set_threshold(10_000, 10, 10)

FIXTURES = os.path.join(ROOT, "tests", "fixtures")
SEED = os.path.join(ROOT, "examples", "seed")


@pytest.fixture
def seed_copy(tmp_path):
    path = tmp_path / "article.txt"
    shutil.copy(os.path.join(SEED, "article.txt"), path)
    return path


def pytest_configure(config):
    # The controlling process of a parallel run (pytest-xdist's -n) runs no test itself: it
    # builds the slow environments once for all its workers.
    if getattr(config.option, "numprocesses", None) and not os.environ.get("PYTEST_XDIST_WORKER"):
        import background

        background.start_in_controller(config)


def pytest_collection_modifyitems(items):
    import background

    background.waiting_last(items)


def pytest_collection_finish(session):
    import background

    gc.freeze()

    if not session.config.option.collectonly:
        background.start_for(session.items)


def pytest_sessionfinish(session):
    import background

    background.finish_all()


@pytest.hookimpl(optionalhook=True)  # a run without xdist (-p no:xdist) has no such hook
def pytest_xdist_make_scheduler(config, log):
    # xdist's loadgroup makes every test outside a group a unit of its own, and sends each alone
    # as a worker finishes one: its controller counted every unit handed out so far on each
    # report (2,600 tests: 1.8 million steps, a core-second taken from the workers on a 2-core
    # machine). The cases of one test function go as one unit; a group stays one unit.
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class ByTestFunction(LoadGroupScheduling):
        def _split_scope(self, nodeid):
            scope = super()._split_scope(nodeid)
            return scope.split("[", 1)[0] if scope == nodeid else scope

    return ByTestFunction(config, log)
