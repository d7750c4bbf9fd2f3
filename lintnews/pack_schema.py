"""The schema of a pack entry: every key typed, messages checked, patterns that could backtrack
without bound refused, all before a pack's rules run."""

from __future__ import annotations

import re
import string
from typing import Any

from lintnews.errors import ConfigError

try:  # the parser behind ``re``, to look at a pattern's shape before it runs
    import re._constants as _sre
    import re._parser as _sre_parser
except ImportError:  # pragma: no cover - Python < 3.11 named them sre_*
    import sre_constants as _sre
    import sre_parse as _sre_parser

MODES = ("label", "block", "start", "contains", "section")
POSITIONS = ("any", "head", "tail", "edges")
EXAMPLE_KEYS = {"flag", "pass", "fixed", "format", "message", "options", "count", "line", "column"}
ENTRY_KEYS = {"code", "name", "summary", "why", "severity", "fix", "match", "kinds", "position",
              "max_chars", "message", "phrases", "patterns", "examples", "default", "takes_next",
              "headline", "case_sensitive", "fix_message", "min_position", "max_position",
              "max_words", "alone", "min_prose_before"}

_STRING_KEYS = ("code", "name", "summary", "why", "severity", "fix", "match", "position", "message",
                "fix_message")
_INT_KEYS = ("max_chars", "max_words", "min_prose_before")
_BOOL_KEYS = ("default", "takes_next", "headline", "case_sensitive", "alone")
_MESSAGE_FIELDS = ("match", "text")
_EXAMPLE_TYPES = {"flag": str, "pass": str, "fixed": str, "format": str, "message": str,
                  "options": dict, "count": int, "line": int, "column": int}
_TYPE_NAMES = {str: "a string", int: "an integer", dict: "a table", bool: "true or false",
               float: "a number", list: "a list"}


def _kind(value: Any) -> str:
    """The TOML type of ``value``, for an error message."""
    if isinstance(value, bool):
        return "a boolean"
    for typ in (str, int, float, dict, list):
        if isinstance(value, typ):
            return _TYPE_NAMES[typ].replace("a number", "a float")
    return type(value).__name__


def _expect(where: str, key: str, value: Any, typ: type) -> None:
    ok = (isinstance(value, typ) and not (typ is not bool and isinstance(value, bool))
          or typ is float and isinstance(value, int) and not isinstance(value, bool))
    if not ok:
        raise ConfigError(f"{where}: {key}: expected {_TYPE_NAMES[typ]}, not {_kind(value)} {value!r}")


def check_types(entry: dict, where: str) -> None:
    for key in _STRING_KEYS:
        if key in entry:
            _expect(where, key, entry[key], str)
    for key in _INT_KEYS:
        if key in entry:
            _expect(where, key, entry[key], int)
            if entry[key] < 0:
                raise ConfigError(f"{where}: {key}: expected an integer of 0 or more, not {entry[key]!r}")
    for key in _BOOL_KEYS:
        if key in entry:
            _expect(where, key, entry[key], bool)
    for key in ("min_position", "max_position"):
        if key in entry:
            _expect(where, key, entry[key], float)
    if "kinds" in entry:
        kinds = entry["kinds"]
        if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
            raise ConfigError(f"{where}: kinds: expected a list of strings, not {_kind(kinds)} {kinds!r}")
    for key in ("phrases", "patterns"):
        table = entry.get(key)
        if table is None:
            continue
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: {key}: expected a table of language = [\"...\", ...], "
                              f"not {_kind(table)} {table!r}")
        for lang, items in table.items():
            if not isinstance(items, list) or not all(isinstance(p, str) for p in items):
                raise ConfigError(f"{where}: {key}.{lang}: expected a list of strings, "
                                  f"not {_kind(items)} {items!r}")
            if not all(p.strip() for p in items):
                raise ConfigError(f"{where}: {key}.{lang}: expected non-empty strings")
    if "message" in entry:
        _check_message(where, entry["message"])
    for i, example in enumerate(entry.get("examples") or [], 1):
        if not isinstance(example, dict):
            continue
        for key, typ in _EXAMPLE_TYPES.items():
            if key in example:
                _expect(f"{where}: example {i}", key, example[key], typ)


def _check_message(where: str, message: str) -> None:
    """The message's ``{...}`` fields must be ones a finding fills in, and well formed."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(message) if f is not None]
    except ValueError as err:
        raise ConfigError(f"{where}: message: {err} (write {{{{ and }}}} for a brace)") from None
    for field in fields:
        name = re.split(r"[.\[]", field, maxsplit=1)[0]
        if name not in _MESSAGE_FIELDS:
            raise ConfigError(f"{where}: message: unknown field {{{field}}}; fields are "
                              + ", ".join("{" + f + "}" for f in _MESSAGE_FIELDS))
    try:
        message.format(match="x", text="x")
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as err:
        raise ConfigError(f"{where}: message: {err}") from None


def nested_repeat(pattern: str, flags: int) -> bool:
    """A repetition without bound inside another: ``(a+)+``, ``(\\w+\\s*)*``. On a line that
    almost matches, such a pattern tries every way of sharing the characters between the two
    and takes exponential time."""
    try:
        tree = _sre_parser.parse(pattern, flags)
    except (re.error, OverflowError):
        return False  # reported by the compile that follows

    def walk(items, inside: bool) -> bool:
        for op, arg in items:
            if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
                lo, hi, sub = arg
                unbounded = hi == _sre.MAXREPEAT and op != _sre.POSSESSIVE_REPEAT
                if unbounded and inside:
                    return True
                if walk(sub, inside or unbounded):
                    return True
            elif op == _sre.SUBPATTERN:
                if walk(arg[-1], inside):
                    return True
            elif op == _sre.BRANCH:
                if any(walk(branch, inside) for branch in arg[1]):
                    return True
            elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
                if walk(arg[1], inside):
                    return True
            elif op == _sre.ATOMIC_GROUP:
                continue  # no backtracking into it
        return False

    return walk(tree, False)


def entry_docstring(entry: dict, mode: str, fix: str) -> str:
    examples = entry.get("examples") or []
    flagged = next((e for e in examples if "flag" in e), None)
    lines = [entry["summary"].strip(), "", "## Why is this bad?", "", entry["why"].strip(), "",
             "## Example", ""]
    if flagged:
        lines += ["```text", flagged["flag"].rstrip("\n"), "```", ""]
        if "fixed" in flagged:
            lines += ["After the fix:", "", "```text", flagged["fixed"].rstrip("\n") or "(removed)", "```", ""]
    passed = [e["pass"] for e in examples if "pass" in e]
    if passed:
        lines += ["Not flagged:", ""] + [f"- {p!r}" for p in passed] + [""]
    if fix != "none":
        what = {"contains": "text", "section": "heading and everything after it",
                "start": "block (in a block of several lines, only the lines the phrase covers)",
                "label": "block (in a block of several lines, only the lines the label and its headline cover)",
                }.get(mode, "block")
        lines += ["## Fix safety", "",
                  f"The fix removes the matched {what}; it is "
                  + ("safe: the matched text is certainly not part of the article."
                     if fix == "safe" else "unsafe: review it, it may remove article text."), ""]
    phrases = entry.get("phrases") or {}
    if phrases:
        lines += ["## Phrases", ""]
        lines += [f"- {lang}: " + ", ".join(repr(p) for p in ps) for lang, ps in phrases.items()]
    return "\n".join(lines)


# The type of every key of an entry and of an example: a wrong type is an error naming the file,
# the rule and the key, found when the pack loads (a string where a list belongs would otherwise be
# read letter by letter: ``phrases = {en = "Home"}`` deleted every "h", "o", "m" and "e").
