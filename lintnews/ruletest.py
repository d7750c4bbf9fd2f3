"""Rules' examples run as tests: fixture cases, pack ``[[rules.examples]]`` and the ``## Example``
of a Python rule's docstring. The project's own tests and ``lintnews test-rules`` share this.

A case is a table: ``flag`` (text the rule must report) or ``pass`` (text it must leave alone),
and optionally ``fixed`` (the text after the rule's fixes, unsafe ones included), ``format``
(text by default), ``message`` (a substring a finding must carry), ``options`` (the rule's
options for this case), ``count`` (how many findings), ``line`` and ``column`` (1-based, of the
first finding). Any other key is a typo and fails the case.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lintnews.api import Linter, Options
from lintnews.config import Config
from lintnews.errors import ConfigError, LintnewsError
from lintnews.readers import formats
from lintnews.rule import Rule
from lintnews.patterns import compile_cached

CASE_KEYS = {"flag", "pass", "fixed", "format", "message", "options", "count", "line", "column"}
_EXT = {"text": "case.txt", "markdown": "case.md", "html": "case.html", "jsonl": "case.jsonl"}
_FENCE_FORMAT = {"": "text", "text": "text", "txt": "text", "markdown": "markdown", "md": "markdown",
                 "html": "html", "json": "jsonl", "jsonl": "jsonl"}
_FENCE = compile_cached(r"^```([a-z]*)\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


@dataclass
class Example:
    """One case of one rule, with where it is written (for the report)."""

    code: str
    case: dict[str, Any]
    path: str
    line: int
    what: str  # "example 2", "case 3", "docstring example"
    # The configuration keys that make the rule known (a pack or a rule folder outside the
    # built-in set).
    where: dict[str, list[str]] = field(default_factory=dict)
    # From a docstring's fenced blocks, which have no final newline of their own: the texts
    # are compared without it.
    doc: bool = False

    def label(self) -> str:
        return f"{self.path}:{self.line}: {self.code} {self.what}"


# -- reading cases -----------------------------------------------------------------------------

def _string_lines(text: str) -> list[bool]:
    """For each line, whether it starts inside a multi-line string (so a key there is text)."""
    inside: str | None = None
    out = []
    for line in text.splitlines():
        out.append(inside is not None)
        for m in re.finditer(r'"""|\'\'\'', line):
            if inside is None:
                inside = m.group(0)
            elif inside == m.group(0):
                inside = None
    return out


def key_lines(text: str, keys: tuple[str, ...]) -> list[tuple[str, int]]:
    """(key, line) of each ``key =`` that TOML would read as a key, in file order.

    tomllib keeps no positions; examples are read in file order, so the n-th ``flag``/``pass``
    key of the file is the n-th case's.
    """
    inside = _string_lines(text)
    key_re = re.compile(r"(?:^|[{,])\s*(" + "|".join(map(re.escape, keys)) + r")\s*=")
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if inside[number - 1] or not any(key in line for key in keys):
            continue
        found.extend((m.group(1), number) for m in key_re.finditer(_strip_strings(line)))
    return found


def _strip_strings(line: str) -> str:
    """The line with its one-line strings blanked (a phrase may say ``pass = ``)."""
    return re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', lambda m: " " * len(m.group(0)), line)


def _case_lines(path: str, cases: list[dict]) -> list[int]:
    try:
        stat = os.stat(path)
        found = _case_keys(path, stat.st_mtime_ns, stat.st_size)
    except OSError:
        return [0] * len(cases)
    lines, at = [], 0
    for case in cases:
        kind = "flag" if "flag" in case else "pass"
        while at < len(found) and found[at][0] != kind:
            at += 1
        lines.append(found[at][1] if at < len(found) else 0)
        at += 1
    return lines


@lru_cache(maxsize=64)
def _case_keys(path: str, _mtime: int, _size: int) -> tuple[tuple[str, int], ...]:
    # A pack file holds the cases of all its rules: read once for them all, again if it changed.
    with open(path, encoding="utf-8") as f:
        return tuple(key_lines(f.read(), ("flag", "pass")))


def fixture_examples(code: str, path: str, where: dict | None = None) -> list[Example]:
    """The ``[[cases]]`` of a fixture file (tests/fixtures/rules/CODE.toml)."""
    if not os.path.exists(path):
        return []
    with open(path, "rb") as f:
        cases = tomllib.load(f).get("cases", [])
    return [Example(code, case, path, line, f"case {i + 1}", dict(where or {}))
            for i, (case, line) in enumerate(zip(cases, _case_lines(path, cases)))]


def pack_examples(rules: list[type[Rule]], path: str, where: dict | None = None) -> list[Example]:
    """The ``[[rules.examples]]`` of the pack rules compiled from ``path``, in file order."""
    flat = [(cls, i, case) for cls in rules for i, case in enumerate(getattr(cls, "examples", []))]
    lines = _case_lines(path, [case for _, _, case in flat])
    return [Example(cls.code, case, path, line, f"example {i + 1}", dict(where or {}))
            for (cls, i, case), line in zip(flat, lines)]


def doc_example(cls: type[Rule], where: dict | None = None) -> Example | None:
    """The ``## Example`` of a Python rule's docstring as a case: its first fenced block is
    flagged, and the block after a paragraph "After the fix..." is what the fix makes of it."""
    doc = cls.documentation()
    if "## Example" not in doc:
        return None
    section = re.split(r"^## ", doc.split("## Example", 1)[1], flags=re.MULTILINE)[0]
    blocks = list(_FENCE.finditer(section))
    if not blocks:
        return None
    first = blocks[0]
    fmt = _FENCE_FORMAT.get(first.group(1), "text")
    case: dict[str, Any] = {"flag": first.group(2), "format": fmt}
    after = section.find("After the fix", first.end())
    if after != -1:
        fixed = next((b for b in blocks if b.start() > after), None)
        if fixed is not None:
            shown = fixed.group(2)
            case["fixed"] = "" if shown.strip() == "(removed)" else shown
    try:
        path = inspect.getsourcefile(cls) or cls.__module__
        lines, start = inspect.getsourcelines(cls)
        line = start + next((i for i, ln in enumerate(lines) if "## Example" in ln), 0)
    except (OSError, TypeError):
        path, line = cls.__module__, 0
    return Example(cls.code, case, path, line, "docstring example", dict(where or {}), doc=True)


# -- running cases -----------------------------------------------------------------------------

class Runner:
    """Runs examples; keeps one configuration per set of options so rule sets are built once."""

    def __init__(self) -> None:
        self._configs: dict[str, Config] = {}
        # One linter per rule and mode, as a run has one: each new one looked for the working
        # folder's configuration and ignore file again.
        self._linters: dict[tuple[str, bool], Linter] = {}

    def _config(self, example: Example, options: dict | None) -> Config:
        values: dict[str, Any] = {k: list(v) for k, v in example.where.items()}
        if options:
            values["rule-options"] = {example.code: options}
        # The example's file names the configuration, so an option of the wrong type is
        # reported against the file that sets it.
        key = json.dumps([example.path, values], sort_keys=True)
        if key not in self._configs:
            self._configs[key] = Config(path=example.path, values=values)
        return self._configs[key]

    def lint(self, example: Example, text: str, fix: bool = False):
        case = example.case
        fmt = case.get("format", "text")
        linter = self._linters.get((example.code, fix))
        if linter is None:
            linter = self._linters[(example.code, fix)] = Linter(Options(select=[example.code], fix=fix,
                                                                         unsafe_fixes=True))
        config = self._config(example, case.get("options"))
        return linter.lint_text(text, _EXT[fmt], config, formats()[fmt])

    def failures(self, example: Example) -> list[str]:
        """What is wrong with the example: empty when it holds."""
        case, doc = example.case, example.doc
        if not isinstance(case, dict):
            return ["is not a table"]
        unknown = sorted(set(case) - CASE_KEYS)
        if unknown:
            from lintnews.config import nearest

            return [f"unknown key {k!r}{nearest(k, CASE_KEYS)}" for k in unknown]
        if ("flag" in case) == ("pass" in case):
            return ["needs exactly one of 'flag' and 'pass'"]
        if case.get("format", "text") not in _EXT:
            return [f"format must be one of {', '.join(_EXT)}, not {case.get('format')!r}"]
        if "options" in case and not isinstance(case["options"], dict):
            return ["'options' must be a table of option = value"]
        for key in ("count", "line", "column"):
            if key in case and (not isinstance(case[key], int) or isinstance(case[key], bool)):
                return [f"{key!r} must be an integer"]
        if "pass" in case and any(k in case for k in ("fixed", "message", "count", "line", "column")):
            return ["a 'pass' case takes no 'fixed', 'message', 'count', 'line' or 'column'"]
        text = case.get("flag", case.get("pass"))
        if not isinstance(text, str):
            return ["'flag'/'pass' must be a string"]
        if doc:
            text += "\n"
        try:
            return self._check(example, text, doc)
        except (ConfigError, LintnewsError) as err:
            return [str(err)]

    def _check(self, example: Example, text: str, doc: bool) -> list[str]:
        case, code = example.case, example.code
        result = self.lint(example, text)
        if result.errors:
            return [str(e) for e in result.errors]
        found = sorted((d for d in result.diagnostics if d.code == code), key=lambda d: (d.line, d.column))
        if "pass" in case:
            return [f"flagged text it must leave alone: line {d.line} column {d.column}: {d.message}"
                    for d in found]
        if not found:
            return ["did not flag the text"]
        out = []
        if "message" in case and not any(case["message"] in d.message for d in found):
            out.append(f"no finding says {case['message']!r}: {[d.message for d in found]}")
        if "count" in case and len(found) != case["count"]:
            out.append(f"{len(found)} findings, expected {case['count']}")
        for key in ("line", "column"):
            if key in case and getattr(found[0], key) != case[key]:
                out.append(f"first finding at {key} {getattr(found[0], key)}, expected {case[key]}")
        if "fixed" in case:
            fixed = self.lint(example, text, fix=True)
            if fixed.errors:
                return out + [str(e) for e in fixed.errors]
            got, want = fixed.new, case["fixed"]
            if doc:
                got, want = got.rstrip("\n"), want.rstrip("\n")
            if got != want:
                out.append(f"fixed text differs:\n--- expected\n{want}\n--- got\n{got}")
            else:
                again = self.lint(example, fixed.new, fix=True)
                if again.new != fixed.new:
                    out.append("the fix is not idempotent: fixing the fixed text changes it again")
        return out


# -- `lintnews test-rules` ---------------------------------------------------------------------

def collect(paths: list[str]) -> list[Example]:
    """Every example of the packs and rule folders named: a pack's ``[[rules.examples]]``; a
    folder's packs (``*.toml`` with ``[[rules]]``), and its Python rules' docstring examples and
    fixture cases (``CODE.toml`` with ``[[cases]]``, beside the module or in
    ``tests/fixtures/rules/`` under the folder). Bad packs and rule modules raise ConfigError."""
    from lintnews.packs import load_pack
    from lintnews.registry import rules_in_folder

    out: list[Example] = []
    for path in paths:
        if os.path.isdir(path):
            tomls = sorted(os.path.join(path, n) for n in os.listdir(path) if n.endswith(".toml"))
            packs = [p for p in tomls if _is_pack(p)]
            for pack in packs:
                out += pack_examples(load_pack(pack), pack, _pack_where(pack))
            where = {"rule-paths": [os.path.abspath(path)]}
            for cls in rules_in_folder(path):
                ex = doc_example(cls, where)
                if ex is not None:
                    out.append(ex)
                for folder in (path, os.path.join(path, "tests", "fixtures", "rules")):
                    out += fixture_examples(cls.code, os.path.join(folder, f"{cls.code}.toml"), where)
        elif os.path.isfile(path):
            out += pack_examples(load_pack(path), path, _pack_where(path))
        else:
            raise ConfigError(f"{path}: no such pack or folder")
    return out


def _pack_where(path: str) -> dict[str, list[str]]:
    """The configuration that makes a pack's rules known; none for a shipped pack (known anyway)."""
    from lintnews.packs import shipped_packs

    real = os.path.realpath(path)
    if any(os.path.realpath(p) == real for p in shipped_packs()):
        return {}
    return {"packs": [os.path.abspath(path)]}


def _is_pack(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            return "rules" in tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError):
        return True  # let the pack loader say what is wrong with it


def run_examples(examples: list[Example]) -> list[tuple[Example, list[str]]]:
    """(example, failures) of each example that fails."""
    runner = Runner()
    failed = []
    for ex in examples:
        problems = runner.failures(ex)
        if problems:
            failed.append((ex, problems))
    return failed
