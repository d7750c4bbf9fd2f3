"""One registry, three doors: built-in rule modules and packs, entry points, local paths and packs."""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import inspect
import os
import pkgutil
import sys
from functools import lru_cache

from lintnews.config import Config, nearest
from lintnews.errors import ConfigError, described
from lintnews.packs import load_pack, shipped_packs
from lintnews.rule import Rule, matches

ENTRY_POINT_GROUP = "lintnews.rules"

# A code's letters name its theme, never the input format. Every built-in and shipped rule's
# code starts with one of these (a test keeps it so); plugins and local rules pick a prefix of
# their own that is not listed here (a site's initials, LOC for local rules).
PREFIXES: dict[str, str] = {
    "AD": "advertisements, ad slots and affiliate disclosures",
    "AUT": "author boxes and bios",
    "CAP": "photo credits and captions",
    "CHR": "page chrome: navigation, menus, footers",
    "CK": "cookie and privacy banners",
    "CMS": "content-management leftovers: shortcodes, errors, post meta",
    "CMT": "comment forms and sections",
    "FUR": "page furniture: print controls, error notes, timestamps, reading times",
    "DUP": "duplicated text",
    "ENC": "encoding damage: mojibake, replacement characters, entities",
    "FOL": "follow-us prompts",
    "JS": "script notices and code",
    "LLM": "chatbot refusals and preambles",
    "META": "metadata lines: datelines, bylines",
    "PH": "placeholders: lorem ipsum, template variables",
    "PII": "personal data: contact details, e-mail placeholders",
    "REL": "related-article links and teasers",
    "SHR": "share widgets",
    "SUB": "newsletter, subscription and paywall prompts",
    "SYN": "syndication and republication notes",
    "TRN": "truncation: read-more links, teaser stubs",
    "WS": "whitespace",
}


def prefix_of(code: str) -> str:
    """The letters of a code ("REL" of "REL001")."""
    return code.rstrip("0123456789")


def prefixes_markdown() -> str:
    rows = ["| prefix | theme |", "| --- | --- |"]
    rows += [f"| {prefix} | {theme} |" for prefix, theme in PREFIXES.items()]
    return "\n".join(rows)


def _rules_in_module(module) -> list[type[Rule]]:
    return [obj for _, obj in inspect.getmembers(module, inspect.isclass)
            if issubclass(obj, Rule) and obj.__module__ == module.__name__ and obj.code]


@lru_cache(maxsize=1)
def _builtin_modules() -> tuple[type[Rule], ...]:
    import lintnews.rules as pkg

    found: list[type[Rule]] = []
    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name.startswith("_"):
            continue
        found.extend(_rules_in_module(importlib.import_module(f"lintnews.rules.{info.name}")))
    return tuple(found)


@lru_cache(maxsize=8)
def _shipped(languages: frozenset[str] | None) -> tuple[type[Rule], ...]:
    out: list[type[Rule]] = []
    for path in shipped_packs():
        # Their patterns are checked by the test suite (tests/test_pack_schema.py), not at each start.
        out.extend(load_pack(path, set(languages) if languages else None, checked=True))
    return tuple(out)


def _entry_points(languages: set[str] | None = None) -> list[type[Rule]]:
    """Rules of installed plugins: an entry point names a Rule class or a module of them; such a
    module may ship packs too, listed as paths in its ``LINTNEWS_PACKS``."""
    # Looking for them costs a few milliseconds, once per rule set: a library caller building
    # many configurations would pay it each time. What is installed is read again only when
    # the import path changes.
    return list(_plugins(tuple(sys.path), frozenset(languages) if languages else None))


def rule_entry_points() -> list:
    """The installed distributions' entry points in lintnews' group."""
    if not _may_declare_rules():
        return []
    from importlib.metadata import entry_points

    return list(entry_points(group=ENTRY_POINT_GROUP))


def _may_declare_rules() -> bool:
    """False when no distribution on the import path declares an entry point in lintnews' group:
    their entry_points.txt files, read where importlib.metadata finds them, do not name it.
    Importing importlib.metadata and reading every distribution's metadata to find that out cost
    a twentieth of a second of every run. Whatever this walk cannot read as importlib.metadata
    does (a zip on the path, a finder of distributions of its own) leaves the answer to it."""
    if any(hasattr(f, "find_distributions") and f is not importlib.machinery.PathFinder for f in sys.meta_path):
        return True
    group = ENTRY_POINT_GROUP.encode()
    for root in sys.path:
        try:
            children = os.listdir(root or ".")
        except NotADirectoryError:
            return True
        except OSError:
            continue
        egg = os.path.basename(root).lower().endswith(".egg")
        for child in children:
            low = child.lower()
            if low.endswith((".dist-info", ".egg-info")) or egg and low == "egg-info":
                try:
                    with open(os.path.join(root, child, "entry_points.txt"), "rb") as f:
                        if group in f.read():
                            return True
                except OSError:
                    continue
    return False


@lru_cache(maxsize=4)
def _plugins(_path: tuple[str, ...], languages: frozenset[str] | None) -> tuple[type[Rule], ...]:
    langs = set(languages) if languages else None
    out: list[type[Rule]] = []
    packs: list[type[Rule]] = []
    for ep in rule_entry_points():
        try:
            obj = ep.load()
        except (Exception, SystemExit) as err:  # a plugin that fails must fail the run, never vanish or end it
            raise ConfigError(f"plugin {ep.name!r} ({ep.value}) failed to load: {described(err)}") from None
        if inspect.ismodule(obj):
            out.extend(_rules_in_module(obj))
            for pack in getattr(obj, "LINTNEWS_PACKS", []):
                packs.extend(load_pack(pack, langs))
        elif inspect.isclass(obj) and issubclass(obj, Rule):
            out.append(obj)
        else:
            raise ConfigError(f"plugin {ep.name!r} ({ep.value}) is neither a Rule nor a module of rules")
    for cls in out:
        cls.origin = f"plugin {cls.__module__}"
    return tuple(out + packs)


def rules_in_folder(folder: str) -> list[type[Rule]]:
    if not os.path.isdir(folder):
        raise ConfigError(f"{folder}: rule path is not a folder")
    out: list[type[Rule]] = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".py") or name.startswith("_"):
            continue
        path = os.path.join(folder, name)
        spec = importlib.util.spec_from_file_location(f"lintnews_local_{name[:-3]}", path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except (Exception, SystemExit) as err:  # sys.exit in a module is its failure, not the run's end
            raise ConfigError(f"{path}: rule module failed to load: {described(err)}") from None
        for cls in _rules_in_module(module):
            cls.origin = path
            out.append(cls)
    return out


def all_rules(config: Config | None = None) -> dict[str, type[Rule]]:
    """Every known rule by code. A code defined twice is an error naming both sources.

    Old codes (a rule's ``aliases``) in ``config`` are rewritten to the rules' codes here, where
    the rules are known, so that everything reading the config later sees current codes only.
    """
    config = config or Config()
    langs = config.get("languages")
    classes = list(_builtin_modules()) + list(_shipped(frozenset(langs) if langs else None))
    classes += _entry_points(set(langs) if langs else None)
    for folder in config.get("rule-paths", []):
        classes += rules_in_folder(folder)
    for pack in config.get("packs", []):
        classes += load_pack(pack, set(langs) if langs else None)
    rules: dict[str, type[Rule]] = {}
    names: dict[str, type[Rule]] = {}
    for cls in classes:
        for key, seen in ((cls.code, rules), (cls.name, names)):
            if key in seen and seen[key] is not cls:
                raise ConfigError(
                    f"rule {key} is defined twice: in {_origin(seen[key])} and in {_origin(cls)}")
        rules[cls.code] = cls
        names[cls.name] = cls
    old = _aliases(rules)
    _rewrite_config(config, rules, old)
    _check_config_selectors(config, rules)
    if langs:
        _check_config_languages(config, langs, rules)
    return dict(sorted(rules.items()))


def _check_config_languages(config: Config, langs: list[str], rules: dict[str, type[Rule]]) -> None:
    """A language no rule knows (`zz`, `pt-BR` for `pt`) would leave the packs its phrases only:
    refuse it, naming the file and the nearest code."""
    known = {lang for cls in rules.values() for lang in getattr(cls, "languages", ()) or ()} - {"all"}
    for lang in langs:
        if lang not in known:
            raise ConfigError(f"{config.path or 'configuration'}: languages: {lang!r} is a language no rule "
                              f"knows{nearest(lang, known)} (they know {', '.join(sorted(known))})")


def _check_config_selectors(config: Config, rules: dict[str, type[Rule]]) -> None:
    """A code in the configuration that matches no rule is a typo that would silently do nothing
    (an ignore that ignores nothing): refuse it, naming the file, the key and the nearest code."""
    keys = [(key, config.get(key, [])) for key in ("select", "extend-select", "ignore",
                                                   "extend-safe-fixes", "extend-unsafe-fixes")]
    keys += [(f"per-file-ignores.{glob!r}", codes) for glob, codes in config.get("per-file-ignores", {}).items()]
    where = config.path or "configuration"
    for key, selectors in keys:
        for sel in selectors:
            if not any(_matches(sel, c) for c in rules.values()):
                choices = set(rules) | {c.name for c in rules.values()}
                raise ConfigError(f"{where}: {key}: {sel!r} matches no rule{nearest(sel, choices)}")


def _origin(cls: type[Rule]) -> str:
    return cls.origin if cls.origin != "builtin" else f"{cls.__module__}"


def _aliases(rules: dict[str, type[Rule]]) -> dict[str, type[Rule]]:
    """Old code -> rule. An old code may not be any rule's code, nor two rules' old code."""
    out: dict[str, type[Rule]] = {}
    for cls in rules.values():
        for alias in cls.aliases:
            other = rules.get(alias) or out.get(alias)
            if other is not None and other is not cls:
                raise ConfigError(f"rule {alias} is defined twice: in {_origin(other)} and as an "
                                  f"old code of {cls.code} in {_origin(cls)}")
            out[alias] = cls
    return out


@lru_cache(maxsize=1)
def builtin_aliases() -> dict[str, str]:
    """Old code -> code of the built-in rules, for data written before a rename (baselines)."""
    return {alias: cls.code for cls in _builtin_modules() for alias in cls.aliases}


def find(rules: dict[str, type[Rule]], key: str) -> type[Rule] | None:
    """The rule with this code, old code or name."""
    if key.upper() in rules:
        return rules[key.upper()]
    return next((c for c in rules.values() if key == c.name or key.upper() in c.aliases), None)


def _expand(selectors: list[str], rules: dict[str, type[Rule]]) -> list[str]:
    """Selectors with old codes and old prefixes ("HTM002", "HTM") replaced by current codes.

    A selector that names current rules too (a prefix such as "C") is kept as it is.
    """
    out: list[str] = []
    for sel in selectors:
        renamed = [c.code for c in rules.values() if sel != "ALL"
                   and any(a.startswith(sel) for a in c.aliases)]
        if not renamed or any(_matches(sel, c) for c in rules.values()):
            out.append(sel)
        out.extend(code for code in renamed if code not in out)
    return out


def _rewrite_config(config: Config, rules: dict[str, type[Rule]], old: dict[str, type[Rule]]) -> None:
    if not old:
        return
    values = config.values
    for key in ("select", "extend-select", "ignore", "extend-safe-fixes", "extend-unsafe-fixes"):
        if key in values:
            values[key] = _expand(values[key], rules)
    if "per-file-ignores" in values:
        values["per-file-ignores"] = {glob: _expand(codes, rules)
                                      for glob, codes in values["per-file-ignores"].items()}
    for key in ("severity", "rule-options"):
        if key in values:
            values[key] = {(old[k].code if k in old else k): v for k, v in values[key].items()}


def _matches(selector: str, cls: type[Rule]) -> bool:
    return matches(selector, cls.code, cls.name)


def _check_selectors(selectors: list[str], rules: dict[str, type[Rule]], key: str) -> None:
    for sel in selectors:
        if not any(_matches(sel, c) for c in rules.values()):
            choices = set(rules) | {c.name for c in rules.values()}
            raise ConfigError(f"{key}: {sel!r} matches no rule{nearest(sel, choices)}")


def select(rules: dict[str, type[Rule]], select: list[str] | None, extend: list[str],
           ignore: list[str]) -> list[type[Rule]]:
    if "" in (select or []) + extend + ignore:
        raise ConfigError("select/ignore: an empty rule code; name a rule code, prefix or name")
    if select is not None:
        select = _expand(select, rules)
    extend, ignore = _expand(extend, rules), _expand(ignore, rules)
    _check_selectors((select or []) + extend + ignore, rules, "select/ignore")
    chosen = []
    for cls in rules.values():
        if select is None:
            on = cls.default_enabled
        else:
            on = any(_matches(s, cls) for s in select)
        on = on or any(_matches(s, cls) for s in extend)
        if on and not any(_matches(s, cls) for s in ignore):
            chosen.append(cls)
    return chosen
