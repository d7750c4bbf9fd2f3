"""Configuration: `[tool.lintnews]` in pyproject.toml or `lintnews.toml`, found upwards from a file."""

from __future__ import annotations

import difflib
import fnmatch
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lintnews.errors import ConfigError
from lintnews.model import Severity
from lintnews.rule import Option, option_specs
from lintnews.source import read_settings_file

CONFIG_NAMES = ("lintnews.toml", ".lintnews.toml", "pyproject.toml")


def _str_list(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _code_list(v: Any) -> bool:
    # An empty selector ("" or "  ") picked every rule for one key and none for another.
    return _str_list(v) and all(x.strip() for x in v)


# key -> (check, what a valid value is). Per-format and per-rule tables are checked further
# where they are used (readers and rules know their own options).
SCHEMA: dict[str, tuple[Any, str]] = {
    "extend": (lambda v: isinstance(v, str) and bool(v), "the path of another configuration file, relative to this one"),
    "select": (_code_list, "a list of rule codes or prefixes, none empty"),
    "extend-select": (_code_list, "a list of rule codes or prefixes, none empty"),
    "ignore": (_code_list, "a list of rule codes or prefixes, none empty"),
    "per-file-ignores": (lambda v: isinstance(v, dict) and all(_code_list(x) for x in v.values()),
                         "a table of glob = [codes]"),
    "exclude": (_str_list, "a list of glob patterns"),
    "extend-exclude": (_str_list, "a list of glob patterns"),
    "respect-gitignore": (lambda v: isinstance(v, bool), "true or false"),
    "unsafe-fixes": (lambda v: isinstance(v, bool), "true or false"),
    "extend-safe-fixes": (_code_list, "a list of rule codes or prefixes whose unsafe fixes count as safe"),
    "extend-unsafe-fixes": (_code_list, "a list of rule codes or prefixes whose safe fixes count as unsafe"),
    "severity": (lambda v: isinstance(v, dict) and all(x in {s.value for s in Severity} for x in v.values()),
                 "a table of code = \"info\" | \"warning\" | \"error\""),
    "rule-options": (lambda v: isinstance(v, dict) and all(isinstance(x, dict) for x in v.values()),
                     "a table of code = { option = value }"),
    "packs": (_str_list, "a list of paths to rule packs (.toml)"),
    "rule-paths": (_str_list, "a list of folders holding rule modules"),
    "languages": (_str_list, "a list of language codes, e.g. [\"en\", \"de\"]"),
    "encoding": (lambda v: isinstance(v, str), "an encoding name such as \"latin-1\""),
    "formats": (lambda v: isinstance(v, dict) and all(isinstance(x, dict) for x in v.values()),
                "a table of format = { option = value }"),
    "ignore-file": (lambda v: isinstance(v, str) and bool(v), "a file name, relative to the configuration"),
    "sites": (lambda v: isinstance(v, dict) and all(isinstance(x, str) and _is_site(x) for x in v.values()),
              "a table of glob = \"host name\" (e.g. \"news/example/**\" = \"example.com\")"),
    "fail-on": (lambda v: isinstance(v, str) and v in {s.value for s in Severity}, "\"info\", \"warning\" or \"error\""),
}


def _is_site(value: str) -> bool:
    from lintnews.sites import is_site

    return is_site(value)


def nearest(word: str, choices: list[str] | set[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else ""


def relative_to(path: str, root: str, *, inside_only: bool = False) -> str:
    """``path`` relative to ``root``, with forward slashes; stdin's ``-`` as it is.

    The absolute path when there is no relative one (another drive on Windows) or, with
    ``inside_only``, when ``path`` lies outside ``root`` (CI systems want no ``../``).
    """
    if path == "-":
        return path
    full = os.path.abspath(path)
    try:
        rel = os.path.relpath(full, os.path.abspath(root))
    except ValueError:
        rel = full
    if inside_only and (rel == os.pardir or rel.startswith(os.pardir + os.sep)):
        rel = full
    return rel.replace(os.sep, "/")


def no_rule(word: str, rules: dict[str, Any]) -> str:
    """``no rule 'X'`` with the nearest code or name, for a word that names none of ``rules``."""
    return f"no rule {word!r}{nearest(word, set(rules) | {c.name for c in rules.values()})}"


def check_rule_keys(keys, rules: dict[str, Any], where: str) -> None:
    """Refuse a table keyed by rule code or name (severity, rule-options) that names an unknown rule."""
    names = {c.name for c in rules.values()}
    for key in keys:
        if key not in rules and key not in names:
            raise ConfigError(f"{where}: {no_rule(key, rules)}")


def check_option(where: str, code: str, name: str, value: Any, spec: Any) -> None:
    """Refuse a rule option whose value is not of the option's type, naming file, key and type."""
    if not isinstance(spec, Option):
        spec = option_specs({name: spec})[name]
    if not spec.accepts(value):
        raise ConfigError(f"{where}: rule-options.{code}.{name} must be {spec.expected()}, not {value!r}")


@dataclass
class Config:
    path: str | None = None  # the file it came from, None for defaults
    root: str = "."  # folder that relative globs are resolved from
    values: dict[str, Any] = field(default_factory=dict)
    # What is worked out from this configuration (rule sets, cache keys), kept with it: a cache
    # keyed by id() would hand a new Config that reuses a dead one's id the dead one's answers.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    # Every file whose keys it holds: its own first, then those it extends, in order.
    sources: list[str] = field(default_factory=list)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def is_excluded(self, path: str) -> bool:
        rel = relative_to(path, self.root)
        name = os.path.basename(path)
        for pattern in self.get("exclude", []) + self.get("extend-exclude", []):
            pattern = pattern.rstrip("/")
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(name, pattern) \
                    or fnmatch.fnmatch(rel, pattern + "/*") or rel.startswith(pattern + "/"):
                return True
        return False

    def site_for(self, path: str) -> str | None:
        """The site the ``[sites]`` table gives the file: its first glob that matches."""
        rel = relative_to(path, self.root)
        for pattern, site in self.get("sites", {}).items():
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(os.path.basename(path), pattern):
                return site
        return None

    def ignored_for(self, path: str) -> list[str]:
        rel = relative_to(path, self.root)
        out: list[str] = []
        for pattern, codes in self.get("per-file-ignores", {}).items():
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(os.path.basename(path), pattern):
                out.extend(codes)
        return out


def validate(values: dict[str, Any], where: str) -> dict[str, Any]:
    for key, value in values.items():
        if key not in SCHEMA:
            raise ConfigError(f"{where}: unknown key {key!r}{nearest(key, SCHEMA)}")
        check, what = SCHEMA[key]
        if not check(value):
            raise ConfigError(f"{where}: {key!r} must be {what}, not {value!r}")
    return values


def read_parsed(path: str, parse: Callable[[bytes], Any], error: type[Exception], *, missing: str,
                unreadable: str, invalid: str) -> Any:
    """``parse`` of a file's bytes; each way that fails raises ``error`` as one line naming the file.

    ``parse`` signals bad content with ValueError (as JSON and TOML decoding errors and
    UnicodeDecodeError are); ``invalid`` may quote it as ``{err}``.
    """
    try:
        data = read_settings_file(path)
    except FileNotFoundError:
        raise error(f"{path}: {missing}") from None
    except OSError as err:
        raise error(f"{path}: {unreadable}: {err.strerror or err}") from None
    try:
        return parse(data)
    except ValueError as err:
        raise error(f"{path}: {invalid.format(err=err)}") from None
    except RecursionError:  # arrays in arrays, thousands deep: no schema of ours nests so
        raise error(f"{path}: {invalid.format(err='nested too deeply')}") from None


def _toml(data: bytes) -> dict[str, Any]:
    # Imported here: tomllib costs a few milliseconds (and compiles regexes), and a check with no
    # configuration file near it reads no TOML.
    import tomllib

    return tomllib.loads(data.decode("utf-8"))


def _read_table(path: str) -> tuple[dict[str, Any] | None, str]:
    """The validated keys of the configuration in ``path`` (None for a pyproject.toml without a
    [tool.lintnews] table) and how messages name it; relative pack and rule paths made absolute."""
    data = read_parsed(path, _toml, ConfigError,
                       missing="no such configuration file", unreadable="cannot read",
                       invalid="not valid TOML: {err}")
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{path}: 'tool' must be a table ([tool]), not {tool!r}")
        data = tool.get("lintnews")
        if data is None:
            return None, path
        where = f"{path}: [tool.lintnews]"
    else:
        where = path
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: must be a table")
    root = os.path.dirname(os.path.abspath(path))
    values = validate(dict(data), where)
    for key in ("packs", "rule-paths"):
        if key in values:
            values[key] = [os.path.normpath(os.path.join(root, p)) for p in values[key]]
    return values, where


# Lists that add to what the extended configuration has, as in ruff, where each configuration's
# selection applies on top of the one it extends; every other key replaces.
ADDING = ("extend-select", "ignore", "extend-exclude", "extend-safe-fixes", "extend-unsafe-fixes")
# Tables merged entry by entry (a rule's options, one format's options): a configuration that
# extends another changes one option without restating the rest.
MERGED_TABLES = ("severity", "rule-options", "formats")


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` (the extending configuration's keys) on top of ``base`` (the extended one's)."""
    out = dict(base)
    if "select" in over:  # a new selection starts from scratch, as in ruff
        out.pop("extend-select", None)
    for key, value in over.items():
        if key in ADDING and key in out:
            out[key] = out[key] + [v for v in value if v not in out[key]]
        elif key in MERGED_TABLES and key in out:
            table = dict(out[key])
            for name, entry in value.items():
                table[name] = {**table[name], **entry} if isinstance(entry, dict) and isinstance(
                    table.get(name), dict) else entry
            out[key] = table
        else:
            out[key] = value
    return out


def _resolved(path: str, chain: tuple[str, ...]) -> tuple[dict[str, Any] | None, list[str]]:
    """The keys of ``path`` with those of the files it extends under them, and those files."""
    values, where = _read_table(path)
    if values is None:
        if chain:  # named by an `extend`, so it must hold a configuration
            raise ConfigError(f"{chain[-1]}: 'extend' names {path}, which has no [tool.lintnews] table")
        return None, []
    target = values.pop("extend", None)
    if target is None:
        return values, [os.path.abspath(path)]
    full = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)), os.path.expanduser(target)))
    seen = chain + (os.path.abspath(path),)
    if full in seen:
        loop = " -> ".join(seen[seen.index(full):] + (full,))
        raise ConfigError(f"{where}: 'extend' makes a cycle: {path} extends {full}, which leads back here ({loop})")
    if not os.path.isfile(full):
        raise ConfigError(f"{where}: 'extend' names {target!r} ({full}): no such configuration file")
    base, sources = _resolved(full, seen)
    return merge(base or {}, values), [os.path.abspath(path)] + sources


def load_file(path: str) -> Config | None:
    """The config in ``path`` with every file it extends; None for a pyproject.toml without a
    [tool.lintnews] table. Relative globs are resolved from ``path``'s folder."""
    values, sources = _resolved(path, ())
    if values is None:
        return None
    full = os.path.abspath(path)
    return Config(full, os.path.dirname(full), values, sources=sources)


class ConfigResolver:
    """Finds the config that governs a path: ``--config``, or the nearest one upwards.

    A configuration can ask for code (``rule-paths``) or for files elsewhere (``packs`` outside
    its own folder). Scraped data may carry a configuration of its own, so such requests are
    honoured only from a trusted one: the file named with ``--config``, the project's root
    configuration (the one that governs the working folder), or any with ``trust``
    (``--trust-config``). Any other that asks is refused, never ignored: a run must not pass
    because a rule quietly went missing.
    """

    def __init__(self, explicit: str | None = None, cwd: str | None = None, *, trust: bool = False) -> None:
        self.cwd = os.path.abspath(cwd or os.getcwd())
        self.trust = trust
        self.explicit = load_file(explicit) if explicit else None
        if explicit and self.explicit is None:
            raise ConfigError(f"{explicit}: has no [tool.lintnews] table")
        self._by_dir: dict[str, Config] = {}
        self._checked: set[str] = set()

    def for_path(self, path: str) -> Config:
        if self.explicit:
            return self.explicit
        folder = os.path.abspath(path if os.path.isdir(path) else os.path.dirname(path) or ".")
        config = self._find(folder)
        if config.path is not None and config.path not in self._checked:
            if not self.trust and config is not self._find(self.cwd):
                refuse_code(config)
            self._checked.add(config.path)
        return config

    def _find(self, folder: str) -> Config:
        if folder in self._by_dir:
            return self._by_dir[folder]
        found: Config | None = None
        for name in CONFIG_NAMES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate):
                found = load_file(candidate)
                if found is not None:
                    break
        if found is None:
            parent = os.path.dirname(folder)
            found = self._find(parent) if parent != folder else Config(None, self.cwd, {})
        self._by_dir[folder] = found
        return found


_HOW_TO_TRUST = "name it with --config or pass --trust-config if you trust it"


def refuse_code(config: Config) -> None:
    """Refuse an untrusted configuration that would import code or read files outside its folder.

    What it gets through ``extend`` is judged as its own: the file a configuration extends may lie
    anywhere, so extending must not reach code that the configuration could not ask for itself.
    """
    through = f" (through 'extend': {', '.join(config.sources[1:])})" if len(config.sources) > 1 else ""
    if config.get("rule-paths"):
        raise ConfigError(f"{config.path}: 'rule-paths'{through} would run Python code from a configuration "
                          f"found beside the linted files; {_HOW_TO_TRUST}")
    own = os.path.realpath(config.root)
    for pack in config.get("packs", []):
        real = os.path.realpath(pack)
        try:
            inside = os.path.commonpath([own, real]) == own
        except ValueError:  # another drive
            inside = False
        if not inside:
            raise ConfigError(f"{config.path}: 'packs' entry {pack!r}{through} lies outside the configuration's "
                              f"folder, found beside the linted files; {_HOW_TO_TRUST}")


def check_option_types(options: Any) -> None:
    """Refuse a library caller's ``api.Options`` of the wrong types, naming the option: a string
    where a list belongs was read letter by letter (ignore="REL" skipped every rule starting
    with R, E or L), and fix="no" fixed. A path object is taken for a file name."""
    for name in ("select", "extend_select", "ignore"):
        value = getattr(options, name)
        if value is None and name == "select":
            continue
        if not isinstance(value, (list, tuple)) or not all(isinstance(c, str) for c in value):
            raise TypeError(f"Options.{name}: expected a list of rule codes or prefixes, "
                            f"not {type(value).__name__} {value!r}")
    for name in ("fix", "diff", "trust_config", "unsafe_fixes"):
        value = getattr(options, name)
        if not isinstance(value, bool) and not (value is None and name == "unsafe_fixes"):
            raise TypeError(f"Options.{name}: expected True or False, not {type(value).__name__} {value!r}")
    for name in ("config", "stdin_filename", "format", "baseline"):
        value = getattr(options, name)
        if isinstance(value, os.PathLike):
            setattr(options, name, os.fspath(value))
        elif value is not None and not isinstance(value, str):
            raise TypeError(f"Options.{name}: expected a string, not {type(value).__name__} {value!r}")
