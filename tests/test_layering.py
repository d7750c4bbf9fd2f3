"""Imports point one way: cli/report -> api -> engine/registry -> readers, rules, packs -> bio,
fix -> rule/config -> document -> model. Each module's layer is listed here; a module may import
only from its own layer or below, and never across the pairs in FORBIDDEN (siblings on one layer
that must stay apart). A new module must be given a layer, which keeps the picture deliberate."""

import ast
import os

import pytest

from conftest import ROOT

LAYERS = {
    "lintnews": 0,
    "lintnews.model": 0,
    "lintnews.errors": 0,
    "lintnews.patterns": 0,
    "lintnews.keep": 0,
    "lintnews.data": 0,
    "lintnews.document": 1,
    "lintnews.splice": 0,
    "lintnews.source": 1,
    "lintnews.bytediff": 1,
    "lintnews.outfile": 1,
    "lintnews.guards": 1,
    "lintnews.slots": 1,
    "lintnews.prose": 1,
    "lintnews.regex_starts": 1,
    "lintnews.regex_heads": 1,
    "lintnews.maintext": 1,
    "lintnews.pagehead": 1,
    "lintnews.block_match": 3,
    "lintnews.pack_schema": 3,
    "lintnews.pack_filter": 3,
    "lintnews.pack_heads": 3,
    "lintnews.pack_read": 1,
    "lintnews.sites": 1,
    "lintnews.rule": 2,
    "lintnews.config": 2,
    "lintnews.bio": 3,
    "lintnews.fix": 3,
    "lintnews.rules": 4,
    "lintnews.packs": 4,
    "lintnews.readers": 4,
    "lintnews.engine": 5,
    "lintnews.suppress": 5,
    "lintnews.registry": 5,
    "lintnews.files": 5,
    "lintnews.api": 6,
    "lintnews.stream": 6,
    "lintnews.docs": 6,
    "lintnews.report": 7,
    "lintnews.baseline": 5,
    "lintnews.ledger": 7,
    "lintnews.cache": 7,
    "lintnews.run": 7,
    "lintnews.ruletest": 7,
    "lintnews.scaffold": 7,
    "lintnews.undo": 7,
    "lintnews.cli": 8,
    "lintnews.cli_values": 8,
    "lintnews.__main__": 9,
    "lintnews.integrations": 10,
}
# (importer, imported): siblings that never import each other. Rules and packs are rules, not
# readers of files; readers know formats, not rules; bio knowledge is not about fixing text.
FORBIDDEN = {
    ("lintnews.rules", "lintnews.packs"),
    ("lintnews.rules", "lintnews.readers"),
    ("lintnews.packs", "lintnews.rules"),
    ("lintnews.packs", "lintnews.readers"),
    ("lintnews.readers", "lintnews.rules"),
    ("lintnews.readers", "lintnews.packs"),
    ("lintnews.bio", "lintnews.fix"),
    ("lintnews.fix", "lintnews.bio"),
}
TERMINAL = {"typer", "rich"}


def layer_key(module: str) -> str | None:
    """The LAYERS entry a module belongs to: itself or its nearest listed package."""
    if module == "lintnews":
        return module
    parts = module.split(".")
    while len(parts) > 1:
        name = ".".join(parts)
        if name in LAYERS:
            return name
        parts.pop()
    return None


def is_rule_module(module: str) -> bool:
    """A module of lintnews.rules that defines rules; `_`-modules are the rules' own helpers."""
    parts = module.split(".")
    return len(parts) == 3 and parts[:2] == ["lintnews", "rules"] and not parts[2].startswith("_")


def modules():
    base = os.path.join(ROOT, "lintnews")
    for folder, _, files in os.walk(base):
        for f in files:
            if f.endswith(".py"):
                path = os.path.join(folder, f)
                rel = os.path.relpath(path, ROOT)[:-3].replace(os.sep, ".")
                yield rel.removesuffix(".__init__"), path


def imports(path):
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            for a in node.names:
                yield f"{node.module}.{a.name}"


def problems(graph) -> list[str]:
    """What is wrong in ``graph``: (module name, names it imports) pairs."""
    out = []
    for name, imported_names in graph:
        mine = layer_key(name)
        if mine is None:
            out.append(f"{name} has no layer in tests/test_layering.py")
            continue
        for imported in imported_names:
            top = imported.split(".")[0]
            if top in TERMINAL and LAYERS[mine] < LAYERS["lintnews.report"]:
                out.append(f"{name} imports {imported}: core modules stay free of the terminal stack")
            if top != "lintnews":
                continue
            theirs = layer_key(imported)
            if theirs is None:
                continue
            if LAYERS[theirs] > LAYERS[mine]:
                out.append(f"{name} (layer {LAYERS[mine]}) imports {imported} (layer {LAYERS[theirs]})")
            elif (mine, theirs) in FORBIDDEN:
                out.append(f"{name} imports {imported}: {mine} never imports {theirs}")
            elif is_rule_module(name) and is_rule_module(imported) and imported != name:
                out.append(f"{name} imports {imported}: rule modules share code through lintnews.bio, "
                           "lintnews.guards or a lintnews.rules._ helper, never through each other")
    return out


def test_every_module_has_a_layer_and_imports_point_down():
    assert problems((name, list(imports(path))) for name, path in modules()) == []


def test_no_module_is_over_400_lines():
    # A module a newcomer can read whole: past 400 lines it holds two concerns, and is split.
    lengths = {}
    for name, path in modules():
        with open(path, encoding="utf-8") as f:
            lengths[name] = sum(1 for _ in f)
    assert {name: n for name, n in lengths.items() if n > 400} == {}
    assert len(lengths) > 100  # every module was read


@pytest.mark.parametrize("name,imported", [
    ("lintnews.readers.html", "lintnews.rules.html_related"),
    ("lintnews.readers.html", "lintnews.packs"),
    ("lintnews.rules.author_box", "lintnews.readers.html"),
    ("lintnews.rules.author_box", "lintnews.packs"),
    ("lintnews.rules.author_box", "lintnews.registry"),
    ("lintnews.packs", "lintnews.rules._html"),
    ("lintnews.bio.blocks", "lintnews.rules.author_box"),
    ("lintnews.bio.blocks", "lintnews.fix"),
    ("lintnews.rules.author_pronoun_gender", "lintnews.rules.author_bio_mismatch"),
    ("lintnews.guards", "lintnews.rule"),
    ("lintnews.engine", "rich.console"),
    ("lintnews.shiny_new_module", "lintnews.model"),
])
def test_a_planted_bad_import_is_caught(name, imported):
    assert len(problems([(name, [imported])])) == 1


@pytest.mark.parametrize("name,imported", [
    ("lintnews.rules.html_related", "lintnews.rules._html"),
    ("lintnews.rules.author_box", "lintnews.bio.blocks"),
    ("lintnews.packs", "lintnews.guards"),
    ("lintnews.readers.jsonl", "lintnews.fix"),
    ("lintnews.registry", "lintnews.rules"),
])
def test_allowed_imports_pass(name, imported):
    assert problems([(name, [imported])]) == []


def _documented_layers() -> dict[str, int]:
    """The layers docs/ARCHITECTURE.md draws: a line a layer, an indented line going on with the one
    before it, and after a wide gap a note on what the layer holds."""
    with open(os.path.join(ROOT, "docs", "ARCHITECTURE.md"), encoding="utf-8") as f:
        drawing = f.read().split("## Layers", 1)[1].split("```")[1]
    layers: dict[str, int] = {}
    layer = -1
    for line in drawing.strip("\n").splitlines():
        if not line.startswith(" "):
            layer += 1
        names = line.strip().split("   ", 1)[0]
        layers.update((f"lintnews.{name.strip()}", layer) for name in names.split(",") if name.strip())
    return layers


def test_the_architecture_document_draws_the_layers_this_test_holds():
    documented = _documented_layers()
    assert documented == {name: layer for name, layer in LAYERS.items() if name != "lintnews"}
