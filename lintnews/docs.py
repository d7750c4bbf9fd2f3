"""Documentation made from the rules themselves (the README's rule table)."""

from __future__ import annotations

from lintnews.rule import Rule


def formats(cls: type[Rule]) -> str:
    return ", ".join(cls.formats) if cls.formats else "all"


SHOWN_LANGUAGES = 3  # a rule's languages named in a table before "+N" counts the rest


def languages(cls: type[Rule]) -> str:
    """The languages a rule covers, short enough for a table column: "all" for a rule that
    reads no language's words, else English first, then the others in order, "en de fr +12"."""
    langs = [lang for lang in cls.languages if lang != "all"]
    if not langs:
        return "all"
    langs = sorted(set(langs), key=lambda lang: (lang != "en", lang))
    shown = " ".join(langs[:SHOWN_LANGUAGES])
    return shown + (f" +{len(langs) - SHOWN_LANGUAGES}" if len(langs) > SHOWN_LANGUAGES else "")


def rules_markdown(rules: dict[str, type[Rule]]) -> str:
    rows = ["| code | name | formats | languages | fix | default | summary |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for cls in rules.values():
        summary = cls.summary().replace("|", "\\|")
        rows.append(f"| {cls.code} | {cls.name} | {formats(cls)} | {languages(cls)} | {cls.fix_label()} | "
                    f"{'on' if cls.default_enabled else 'off'} | {summary} |")
    return "\n".join(rows)
