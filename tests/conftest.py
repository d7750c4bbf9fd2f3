import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
SEED = os.path.join(ROOT, "examples", "seed")


def run_cli(*args, cwd=None, stdin=None):
    """Run the installed command the way a user does, in a subprocess."""
    return subprocess.run([sys.executable, "-m", "lintnews", *args], cwd=cwd, input=stdin,
                          capture_output=True, timeout=120)


@pytest.fixture
def seed_copy(tmp_path):
    path = tmp_path / "article.txt"
    shutil.copy(os.path.join(SEED, "article.txt"), path)
    return path
