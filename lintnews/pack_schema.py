"""The schema of a pack entry: every key typed, messages checked, patterns that could backtrack
without bound refused, all before a pack's rules run; and what a rule is built from that its entry
alone decides (kept between runs for the shipped packs)."""

from __future__ import annotations

import re
from typing import Any

from lintnews.document import BLOCK_KINDS
from lintnews.errors import ConfigError
from lintnews.model import Severity
from lintnews.regex_starts import answers, literal_heads
from lintnews.slots import SLOTS, phrase_parts, slot_errors

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
              "max_words", "alone", "min_prose_before", "safe_at_head", "sentence_only"}

_STRING_KEYS = ("code", "name", "summary", "why", "severity", "fix", "match", "position", "message",
                "fix_message")
_INT_KEYS = ("max_chars", "max_words", "min_prose_before")
_BOOL_KEYS = ("default", "takes_next", "headline", "case_sensitive", "alone", "safe_at_head", "sentence_only")
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
    import string  # imported here: the shipped packs' messages are not checked at each start

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
                "start": "block (in a block of several lines, only the lines the phrase covers, and such lines right after)",
                "label": "block (in a block of several lines, only the lines the label and its headline cover, and such lines right after)",
                }.get(mode, "block")
        lines += ["## Fix safety", "",
                  f"The fix removes the matched {what}; it is "
                  + ("safe: the matched text is certainly not part of the article."
                     if fix == "safe" else "unsafe: review it, it may remove article text.")
                  + (" Before the article's body (at least three paragraphs of prose after the block, and none"
                     " before it, or one not right above it) it is safe: there the text is the page's, never"
                     " the article's." if entry.get("safe_at_head") else "")
                  + (" Where the article's next paragraph is glued after the prompt's sentence (a sentence of"
                     " prose, or of 12 words or more), only the prompt's sentence goes."
                     if entry.get("sentence_only") else ""), ""]
    phrases = entry.get("phrases") or {}
    if phrases:
        lines += ["## Phrases", ""]
        lines += [f"- {lang}: " + ", ".join(repr(p) for p in ps) for lang, ps in phrases.items()]
    return "\n".join(lines)


# The type of every key of an entry and of an example: a wrong type is an error naming the file,
# the rule and the key, found when the pack loads (a string where a list belongs would otherwise be
# read letter by letter: ``phrases = {en = "Home"}`` deleted every "h", "o", "m" and "e").


def check_entry(entry: dict, where: str) -> None:
    """Refuse a pack entry that is not what docs/packs.md describes, naming the key."""
    from lintnews.config import nearest

    unknown = set(entry) - ENTRY_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise ConfigError(f"{where}: unknown key {key!r}{nearest(key, ENTRY_KEYS)}")
    for key in ("code", "name", "summary", "why"):
        if not isinstance(entry.get(key), str):
            raise ConfigError(f"{where}: {key!r} is required and must be a string")
    examples = entry.get("examples") or []
    if not isinstance(examples, list):
        raise ConfigError(f"{where}: examples must be [[rules.examples]] tables")
    check_types(entry, where)
    for i, example in enumerate(examples, 1):
        odd = sorted(set(example) - EXAMPLE_KEYS) if isinstance(example, dict) else ["?"]
        if odd:
            raise ConfigError(f"{where}: example {i}: unknown key {odd[0]!r}{nearest(odd[0], EXAMPLE_KEYS)}")
        if ("flag" in example) == ("pass" in example):
            raise ConfigError(f"{where}: example {i} needs either flag or pass")
        if "fixed" in example and "flag" not in example:
            raise ConfigError(f"{where}: example {i}: fixed goes with flag")
    mode = entry.get("match", "block")
    if mode not in MODES:
        raise ConfigError(f"{where}: match must be one of {', '.join(MODES)}, not {mode!r}")
    if entry.get("position", "any") not in POSITIONS:
        raise ConfigError(f"{where}: position must be one of {', '.join(POSITIONS)}")
    for key, default in (("min_position", 0.0), ("max_position", 1.0)):
        value = entry.get(key, default)
        if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
            raise ConfigError(f"{where}: {key} must be a number from 0.0 to 1.0")
    if entry.get("fix", "none") not in ("safe", "unsafe", "none"):
        raise ConfigError(f"{where}: fix must be safe, unsafe or none")
    if entry.get("severity", "warning") not in [s.value for s in Severity]:
        raise ConfigError(f"{where}: severity must be info, warning or error")
    bad = [k for k in entry.get("kinds") or () if k not in BLOCK_KINDS]
    if bad:
        raise ConfigError(f"{where}: unknown block kind {bad[0]!r}; kinds are {', '.join(BLOCK_KINDS)}")
    for lang, phrases in (entry.get("phrases") or {}).items():
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise ConfigError(f"{where}: phrases.{lang} must be a list of strings")
        for phrase in phrases:
            bad_slots = slot_errors(phrase)
            if bad_slots:
                raise ConfigError(f"{where}: phrase {phrase!r}: unknown slot {{{bad_slots[0]}}}; "
                                  f"slots are {', '.join('{' + k + '}' for k in SLOTS)}")
    flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
    for lang, patterns in (entry.get("patterns") or {}).items():
        for pattern in patterns:
            if nested_repeat(pattern, flags):
                raise ConfigError(f"{where}: patterns.{lang}: {pattern!r}: a repetition without bound "
                                  "inside another (like (a+)+) can take exponential time on one line; "
                                  "bound the inner one ({1,40}) or write the words out")


def derive_entry(entry: dict, languages: set[str] | None, mode: str, fix: str,
                 full: bool) -> tuple[list[str], dict[str, frozenset[str]], str, dict[str, tuple]]:
    """What a rule is built from that its entry alone decides: its parts, the leading literals
    known of them, its docstring; with ``full``, all that the prefilter would otherwise read from
    each part's regex on first use: the leading literals of every part that has some, and what
    the others tell (see regex_starts.tell)."""
    known: dict[str, frozenset[str]] = {}
    told: dict[str, tuple] = {}
    parts = phrase_parts(entry, languages, heads=known)
    if full:
        flags = (0 if entry.get("case_sensitive") else re.IGNORECASE) | re.UNICODE
        for part in parts:
            if part not in known:
                heads = literal_heads(part, flags)
                if heads:
                    known[part] = heads
                else:
                    told[part] = answers(part, flags)
    return parts, known, entry_docstring(entry, mode, fix), told


def derive_pack(languages: set[str] | None, data: dict, full: bool) -> tuple[bool, list] | None:
    """``full`` and ``derive_entry`` of each entry of a pack's TOML (None: no entries to read)."""
    entries = data.get("rules")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        return None  # load_pack names the fault
    return full, [derive_entry(e, languages, e.get("match", "block"), e.get("fix", "none"), full) for e in entries]
