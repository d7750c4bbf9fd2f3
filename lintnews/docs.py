"""Documentation made from the rules themselves (the README's rule table)."""

from __future__ import annotations

from lintnews.rule import Rule


def rules_markdown(rules: dict[str, type[Rule]]) -> str:
    rows = ["| code | name | fix | default | summary |", "| --- | --- | --- | --- | --- |"]
    for cls in rules.values():
        summary = cls.summary().replace("|", "\\|")
        rows.append(f"| {cls.code} | {cls.name} | {cls.fix_label()} | {'on' if cls.default_enabled else 'off'} | {summary} |")
    return "\n".join(rows)
