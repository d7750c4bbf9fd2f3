"""``check --show-settings``: the configuration that governs a path, where it came from, and the
rules it turns on."""

from __future__ import annotations

import json

from lintnews.api import Linter
from lintnews.run.console import Console


def show_settings(linter: Linter, paths: list[str], out: Console) -> int:
    path = paths[0]
    config = linter.resolver.for_path(path)
    rules = linter.ruleset(config).rules
    opts = linter.options
    lines = [f"Settings for {path}",
             f"Configuration file: {config.path or '(none found: built-in defaults)'}"]
    if len(config.sources) > 1:  # `extend`: each file under it adds or yields keys
        lines.append("Extends (each file's keys under the one before): " + ", ".join(config.sources[1:]))
    if config.path:
        lines.append(f"Root (for relative globs): {config.root}")
    lines.append("Configured values:")
    for key in sorted(config.values):
        lines.append(f"  {key} = {json.dumps(config.values[key], ensure_ascii=False)}")
    given = {"select": opts.select, "extend-select": opts.extend_select or None, "ignore": opts.ignore or None,
             "unsafe-fixes": opts.unsafe_fixes, "format": opts.format}
    for key, value in given.items():
        if value is not None:
            lines.append(f"  {key} = {json.dumps(value)}  (command line)")
    lines.append(f"Unsafe fixes: {'on' if linter.unsafe(config) else 'off'}")
    lines.append(f"Rules enabled ({len(rules)}): {', '.join(r.code for r in rules)}")
    out.file.write("\n".join(lines) + "\n")
    return 0
