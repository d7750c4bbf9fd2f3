"""Plugins found by their entry point without reading every installed distribution: the quick walk
(registry._may_declare_rules) says no only where importlib.metadata finds no entry point in
lintnews' group; a distribution that declares one, laid out as an installer leaves it, is loaded."""

import importlib.metadata
import json
import os
import subprocess
import sys
import zipfile

import pytest

from clitools import ROOT
from lintnews import registry

RULE = '''
from lintnews.model import Span
from lintnews.rule import Rule


class Shouting(Rule):
    """A paragraph written in capitals.

    ## Why is this bad?

    House style.

    ## Example

    ```text
    BREAKING NEWS
    ```
    """

    code = "EPT001"
    name = "entry-point-shouting"

    def check(self, doc):
        for block in doc.blocks:
            if doc.block_text(block).isupper():
                yield self.report("Paragraph in capitals", Span(block.span.start, block.span.end))
'''


def distribution(folder, name, entry_points, info=".dist-info"):
    meta = folder / f"{name}-1.0{info}"
    meta.mkdir(parents=True)
    (meta / ("METADATA" if info == ".dist-info" else "PKG-INFO")).write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    if entry_points is not None:
        (meta / "entry_points.txt").write_text(entry_points, encoding="utf-8")


CASES = {
    "none": [],
    "other groups": [("tool_a", "[console_scripts]\ntool-a = tool_a:main\n"), ("tool_b", None)],
    "a plugin": [("tool_a", "[console_scripts]\ntool-a = tool_a:main\n"),
                 ("plug", "[lintnews.rules]\nplug = plug_rules\n")],
    "a plugin, egg-info": [("plug", "[lintnews.rules]\nplug = plug_rules\n", ".egg-info")],
    "a plugin, upper case folder": [("Plug_Name", "[lintnews.rules]\nplug = plug_rules\n", ".DIST-INFO")],
}


@pytest.mark.parametrize("case", CASES)
def test_the_quick_walk_agrees_with_importlib_metadata(tmp_path, monkeypatch, case):
    for dist in CASES[case]:
        distribution(tmp_path, *dist)
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(tmp_path / "missing")])
    found = list(importlib.metadata.entry_points(group=registry.ENTRY_POINT_GROUP))
    assert registry._may_declare_rules() == bool(found)
    assert [e.name for e in registry.rule_entry_points()] == [e.name for e in found]


def test_a_zip_on_the_path_is_left_to_importlib_metadata(tmp_path, monkeypatch):
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("zipped-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: zipped\nVersion: 1.0\n")
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert registry._may_declare_rules()


def test_a_finder_of_distributions_of_its_own_is_left_to_importlib_metadata(tmp_path, monkeypatch):
    class Finder:
        @staticmethod
        def find_spec(*_args):
            return None

        @staticmethod
        def find_distributions(*_args):
            return iter(())

    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert not registry._may_declare_rules()
    monkeypatch.setattr(sys, "meta_path", [Finder(), *sys.meta_path])
    assert registry._may_declare_rules()


def test_an_installed_plugin_is_listed_and_runs(tmp_path):
    site = tmp_path / "site"
    distribution(site, "plug", "[lintnews.rules]\nplug = plug_rules\n")
    (site / "plug_rules.py").write_text(RULE, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Headline\n\nBREAKING NEWS\n\nBody text of the article.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([ROOT, str(site)])}
    env.pop("LINTNEWS_CACHE_DIR", None)
    listed = subprocess.run([sys.executable, "-m", "lintnews", "rules", "--output-format", "json"],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "EPT001" in [r["code"] for r in json.loads(listed.stdout)], listed.stderr
    checked = subprocess.run([sys.executable, "-m", "lintnews", "check", "--no-cache", "--output-format", "json",
                              "a.txt"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert [f["line"] for f in json.loads(checked.stdout) if f["code"] == "EPT001"] == [3], checked.stderr
