"""Imports point one way: cli/report -> api -> engine/fix/registry -> readers, rules/packs -> rule
-> document -> model. Each module's layer is listed here; a module may import only from its own
layer or below. A new module must be given a layer, which keeps the picture deliberate."""

import ast
import os

from conftest import ROOT

LAYERS = {
    "lintnews": 0, "lintnews.model": 0, "lintnews.errors": 0, "lintnews.patterns": 0,
    "lintnews.document": 1, "lintnews.source": 1, "lintnews.outfile": 1,
    "lintnews.rule": 2, "lintnews.config": 2, "lintnews.bio": 2,
    "lintnews.fix": 3, "lintnews.packs": 3, "lintnews.rules": 3, "lintnews.readers": 3,
    "lintnews.engine": 4, "lintnews.registry": 4, "lintnews.files": 4,
    "lintnews.api": 5, "lintnews.docs": 5,
    "lintnews.report": 6, "lintnews.baseline": 6, "lintnews.ledger": 6, "lintnews.cache": 6,
    "lintnews.cli": 7, "lintnews.cli_support": 7, "lintnews.__main__": 8,
}
TERMINAL = {"typer", "rich"}


def layer(module: str) -> int | None:
    if module == "lintnews":
        return LAYERS[module]
    parts = module.split(".")
    while len(parts) > 1:
        name = ".".join(parts)
        if name in LAYERS:
            return LAYERS[name]
        parts.pop()
    return None


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


def test_every_module_has_a_layer_and_imports_point_down():
    problems = []
    for name, path in modules():
        mine = layer(name)
        if mine is None:
            problems.append(f"{name} has no layer in tests/test_layering.py")
            continue
        for imported in imports(path):
            top = imported.split(".")[0]
            if top in TERMINAL and mine < LAYERS["lintnews.report"]:
                problems.append(f"{name} imports {imported}: core modules stay free of the terminal stack")
            if top != "lintnews":
                continue
            theirs = layer(imported)
            if theirs is not None and theirs > mine:
                problems.append(f"{name} (layer {mine}) imports {imported} (layer {theirs})")
    assert problems == []
