"""Environments that take half a minute to build, mostly waiting on pip and the package index
(the pre-commit hooks' virtualenv, the example plugin's venv), built in a thread while the other
tests run. A test module declares its job with ``job(build)``; conftest starts the jobs of the
modules whose tests were selected once collection is done; a fixture calls ``result()``, which
waits for the build and hands back what it returned, or raises what it raised (a skip included).

The tests meanwhile run the command in this process, which changes the working folder and the
environment for a while: ``build(folder, env)`` gets a copy of the environment taken when the job
starts, and must give it, an absolute folder and absolute paths to everything it runs.
"""

import os
import shutil
import sys
import tempfile
import threading

_JOBS = []


class Job:
    def __init__(self, build, module_file):
        self._build = build
        self.module_file = os.path.realpath(module_file)
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

    def result(self):
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


def job(build):
    """A job that runs ``build(folder, env)`` in a fresh temporary folder, removed when the session ends."""
    caller = sys._getframe(1).f_code.co_filename  # inspect.stack() reads every frame's source
    made = Job(build, caller)
    _JOBS.append(made)
    return made


def waiting_last(items):
    """The items with the tests that wait for a job moved to the end, so their builds have the
    whole run of the others to finish in."""
    waiting = {made.module_file for made in _JOBS}
    items[:] = sorted(items, key=lambda item: os.path.realpath(str(item.path)) in waiting)


def start_for(items):
    """Start the jobs of the modules these test items come from."""
    files = {os.path.realpath(str(item.path)) for item in items}
    for made in _JOBS:
        if made.module_file in files:
            made.start()


def finish_all():
    for made in _JOBS:
        made.finish()
