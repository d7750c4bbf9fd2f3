"""examples/plugin, a real package: installed with pip into a venv of its own, where lintnews finds
its rules through the entry point."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import background
from clitools import ROOT

PLUGIN_SOURCE = os.path.join(ROOT, "examples", "plugin")


def plugin_venv(env):
    """A venv with the example plugin installed by pip. Installed without the index when the
    machine has a wheel builder (setuptools with bdist_wheel), else with the index for the build
    dependencies; skipped when neither works. The venv is kept between runs under a name made of
    the plugin's files and the versions of Python, pip and setuptools
    (``background.kept``): installing the same files with the same tools gives the same venv, and
    the install took two of the test's four seconds of CPU."""
    key = [Path(PLUGIN_SOURCE), sys.executable, sys.version, *background.versions("pip", "setuptools", "wheel")]
    return os.path.join(background.kept("plugin-venv", key, lambda folder: _install(folder, env)), "venv")


def _install(folder, env):
    source = os.path.join(folder, "plugin")  # pip builds in the tree it installs from
    shutil.copytree(PLUGIN_SOURCE, source)
    venv = os.path.join(folder, "venv")
    # pip comes from the system site-packages the venv sees: seeding the venv with its own copy
    # (ensurepip) takes longer than the rest of the install.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv], check=True,
                   cwd=folder, env=env)
    python = os.path.join(venv, "bin", "python")
    install = [python, "-m", "pip", "install", "-q", "--no-deps", "--disable-pip-version-check"]
    offline = subprocess.run(install + ["--no-build-isolation", "--no-index", source], capture_output=True,
                             cwd=folder, env=env)
    if offline.returncode != 0:
        try:
            online = subprocess.run(install + ["--timeout", "10", source], capture_output=True, timeout=120,
                                    cwd=folder, env=env)
        except subprocess.TimeoutExpired:
            pytest.skip("package index unreachable: building the plugin timed out")
        if online.returncode != 0:
            pytest.skip("no offline wheel builder and package index unreachable: "
                        + online.stderr.decode(errors="replace").strip().splitlines()[-1])


def install_plugin(folder, env):
    """The example plugin copied, installed into a venv of its own (``plugin_venv``) and run there:
    the runs of its rules listing, a check and its own tests."""
    source = os.path.join(folder, "plugin")
    shutil.copytree(PLUGIN_SOURCE, source)
    python = os.path.join(plugin_venv(env), "bin", "python")
    env = {**env, "PYTHONPATH": ROOT}
    env.pop("LINTNEWS_CACHE_DIR", None)

    def run(*args, **extra):
        return subprocess.run([python, *args], cwd=source, env={**env, **extra}, capture_output=True, text=True)

    # The installed plugin as its users meet it: its rules listed, a check, its own tests.
    return (run("-m", "lintnews", "rules", "--output-format", "json"),
            run("-m", "lintnews", "check", "--output-format", "json", "--no-cache", "article.txt"),
            # Its tests need no pytest plugin: loading every plugin this machine has tripled their time.
            run("-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", PYTEST_DISABLE_PLUGIN_AUTOLOAD="1"))


# Built and run in the background while the other tests run (tests/background.py): half a
# minute of pip and three processes.
PLUGIN = background.job(install_plugin)


@pytest.mark.network
def test_the_example_plugin_installs_and_its_rules_run():
    listed, checked, own = PLUGIN.result()
    assert listed.returncode == 0, listed.stderr
    codes = {r["code"]: r["name"] for r in json.loads(listed.stdout)}
    assert codes["DSP001"] == "dispatch-reader-offer" and codes["DSP002"] == "dispatch-app-promo"
    assert checked.returncode == 1, checked.stderr
    assert sorted(f["code"] for f in json.loads(checked.stdout) if f["code"].startswith("DSP")) == ["DSP001", "DSP002"]
    assert own.returncode == 0, own.stdout + own.stderr
