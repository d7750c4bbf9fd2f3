"""Documentation made from the rules themselves (the README's rule table)."""

from __future__ import annotations

from lintnews.rule import Rule


def formats(cls: type[Rule]) -> str:
    return ", ".join(cls.formats) if cls.formats else "all"


def rules_markdown(rules: dict[str, type[Rule]]) -> str:
    rows = ["| code | name | formats | fix | default | summary |", "| --- | --- | --- | --- | --- | --- |"]
    for cls in rules.values():
        summary = cls.summary().replace("|", "\\|")
        rows.append(f"| {cls.code} | {cls.name} | {formats(cls)} | {cls.fix_label()} | "
                    f"{'on' if cls.default_enabled else 'off'} | {summary} |")
    return "\n".join(rows)
