"""Environments that take half a minute to build, mostly waiting on pip and the package index
(the pre-commit hooks' virtualenv, the example plugin's venv), built in a thread while the other
tests run. A test module declares its job with ``job(build)``; conftest starts the jobs of the
modules whose tests were selected once collection is done; a fixture calls ``result()``, which
waits for the build and hands back what it returned, or raises what it raised (a skip included).

In a parallel run (pytest-xdist) the jobs are built once, by the controlling process, which
imports the modules in ``MODULES`` for them; each worker's ``result()`` waits for the outcome the
controller leaves in a shared folder. The controller removes the folders when every worker is done.

The tests meanwhile run the command in this process, which changes the working folder and the
environment for a while: ``build(folder, env)`` gets a copy of the environment taken when the job
starts, and must give it, an absolute folder and absolute paths to everything it runs.
"""

import fcntl
import hashlib
import importlib
import os
import pickle
import shutil
import sys
import tempfile
import threading
import time

import pytest

# The test modules that declare a job: a parallel run's controller imports them to build theirs.
MODULES = ("test_precommit", "test_example_plugin")
SHARED = "LINTNEWS_TEST_JOBS"  # the controller's folder of outcomes, as its workers see it
WAIT = 900  # seconds a worker waits for an outcome

_JOBS = []


class Job:
    def __init__(self, build, module_file):
        self._build = build
        self.module_file = os.path.realpath(module_file)
        self.name = os.path.splitext(os.path.basename(module_file))[0]
        self._thread = None
        self._lock = threading.Lock()
        self._outcome = None
        self.folder = None

    def start(self):
        with self._lock:
            if self._thread is None:
                self._env = dict(os.environ)
                self._thread = threading.Thread(target=self._run, daemon=True)
                self._thread.start()

    def _run(self):
        try:
            self.folder = tempfile.mkdtemp(prefix="lintnews-tests-")
            self._outcome = (True, self._build(self.folder, self._env))
        except BaseException as err:  # a skip too: the test that waits re-raises it
            self._outcome = (False, err)
        shared = os.environ.get(SHARED)
        if shared:
            temp = os.path.join(shared, self.name + ".tmp")
            with open(temp, "wb") as f:
                pickle.dump(_portable(self._outcome), f)
            os.replace(temp, os.path.join(shared, self.name + ".pickle"))

    def result(self):
        shared = os.environ.get(SHARED)
        if shared and os.environ.get("PYTEST_XDIST_WORKER"):
            ok, value = _wait_for(os.path.join(shared, self.name + ".pickle"))
            if ok == "skip":
                pytest.skip(value)
        else:
            self.start()
            self._thread.join()
            ok, value = self._outcome
        if not ok:
            raise value
        return value

    def finish(self):
        if self._thread is not None:
            self._thread.join()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def _portable(outcome):
    """The outcome as pickle can carry it: pytest's skip exception cannot be pickled, and an
    error raised by a build may not be either."""
    ok, value = outcome
    if isinstance(value, pytest.skip.Exception):
        return "skip", value.msg
    try:
        pickle.dumps(value)
    except Exception:  # noqa: BLE001 - any unpicklable value is reported by its text
        return False, RuntimeError(f"{type(value).__name__}: {value}")
    return ok, value


def _wait_for(path):
    deadline = time.monotonic() + WAIT
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            raise TimeoutError(f"no outcome from the controlling process after {WAIT} s: {path}")
        time.sleep(0.2)
    with open(path, "rb") as f:
        return pickle.load(f)


def job(build):
    """A job that runs ``build(folder, env)`` in a fresh temporary folder, removed when the session ends."""
    caller = sys._getframe(1).f_code.co_filename  # inspect.stack() reads every frame's source
    made = Job(build, caller)
    assert made.name in MODULES, f"{made.name} declares a job: add it to background.MODULES"
    _JOBS.append(made)
    return made


KEPT = os.path.join(os.environ.get("LINTNEWS_TESTS_KEEP") or tempfile.gettempdir(), f"lintnews-tests-kept-{os.getuid()}")  # one per user: each locks and writes
# A kept folder is built again after this many days, before a cleaner of old temporary files
# (systemd-tmpfiles: 10 days) takes parts of it.
KEPT_DAYS = 7
_HELD = []  # the locks of the kept folders this process uses, held until the session ends


def kept(name, key, build):
    """A folder that ``build(folder)`` fills, kept between runs in the temporary folder under a
    name made of ``key`` (a hash of everything the build reads: what changes it gets a folder of
    its own), so an environment that is the same is built once, not on every run. ``key`` is a
    list of strings and paths (``os.PathLike``) of files and folders, whose names and contents
    are hashed. Built in place (a venv holds its own absolute path) under the folder's lock, which
    is then held shared until the session ends, so concurrent runs use it together and none
    rebuilds or removes it meanwhile. A build that fails leaves no folder behind; a new build
    removes the folders of that name no run is using (one per name stays, not one per edit)."""
    digest = hashlib.sha256()
    for part in key:
        if isinstance(part, os.PathLike):
            for path in sorted(_files(part)):
                digest.update(os.fsencode(os.path.relpath(path, part)) + b"\0")
                with open(path, "rb") as f:
                    digest.update(f.read() + b"\0")
        else:
            digest.update(part.encode())
        digest.update(b"\1")
    os.makedirs(KEPT, exist_ok=True)
    folder = os.path.join(KEPT, f"{name}-{digest.hexdigest()[:20]}")
    done = os.path.join(folder, ".built")
    lock = open(folder + ".lock", "w")  # noqa: SIM115 - held until the session ends (_HELD)
    try:
        fcntl.flock(lock, fcntl.LOCK_SH)
        if not _fresh(done):
            fcntl.flock(lock, fcntl.LOCK_EX)  # waits for the runs using it, if it is too old
            if not _fresh(done):  # another run may have built it meanwhile
                shutil.rmtree(folder, ignore_errors=True)  # too old, or what a build cut short left
                os.makedirs(folder)
                try:
                    build(folder)
                except BaseException:
                    shutil.rmtree(folder, ignore_errors=True)
                    raise
                open(done, "w").close()
                _forget_others(name, folder)
            fcntl.flock(lock, fcntl.LOCK_SH)
    except BaseException:
        lock.close()
        raise
    _HELD.append(lock)
    return folder


def versions(*distributions):
    """Each installed distribution's name and version (or "none"), for a ``kept`` key."""
    from importlib import metadata

    found = []
    for name in distributions:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} none")
    return found


def _fresh(done):
    try:
        return os.path.getmtime(done) > time.time() - KEPT_DAYS * 86400
    except OSError:
        return False


def _files(path):
    if os.path.isfile(path):
        return [path]
    return [os.path.join(top, f) for top, dirs, files in os.walk(path)
            for f in files if "__pycache__" not in top and not f.endswith(".pyc")]


def _forget_others(name, current):
    for entry in os.listdir(KEPT):
        path = os.path.join(KEPT, entry)
        if not entry.startswith(name + "-") or entry.endswith(".lock") or path == current:
            continue
        try:
            with open(path + ".lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass  # in use by another run


def waiting_last(items):
    """The items with the tests that wait for a job moved to the end, so their builds have the
    whole run of the others to finish in."""
    waiting = {made.module_file for made in _JOBS}
    items[:] = sorted(items, key=lambda item: os.path.realpath(str(item.path)) in waiting)


def start_for(items):
    """Start the jobs of the modules these test items come from (in a worker of a parallel run,
    none: the controller builds them)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    files = {os.path.realpath(str(item.path)) for item in items}
    for made in _JOBS:
        if made.module_file in files:
            made.start()


def start_in_controller(config):
    """In the controlling process of a parallel run: build the jobs of the modules the run's
    paths name (a test deselected by -k may leave one built for nothing), outcomes shared with
    the workers through the folder in $LINTNEWS_TEST_JOBS."""
    if "not network" in (config.option.markexpr or ""):
        return
    os.environ[SHARED] = tempfile.mkdtemp(prefix="lintnews-tests-jobs-")
    here = os.path.dirname(os.path.abspath(__file__))
    named = [os.path.realpath(os.path.join(str(config.invocation_params.dir), a.split("::")[0]))
             for a in config.args] or [here]
    for name in MODULES:
        path = os.path.realpath(os.path.join(here, name + ".py"))
        if any(path == n or path.startswith(n.rstrip(os.sep) + os.sep) for n in named):
            importlib.import_module(name)
    for made in _JOBS:
        made.start()


def finish_all():
    for made in _JOBS:
        made.finish()
    while _HELD:
        _HELD.pop().close()
    shared = os.environ.pop(SHARED, None)
    if shared and not os.environ.get("PYTEST_XDIST_WORKER"):
        shutil.rmtree(shared, ignore_errors=True)
