"""Machine-readable formats, streamed: ``json`` writes its array's items as files are done."""

from __future__ import annotations

import json

from lintnews.report import Reporter, ReportContext, diagnostic_json, formatter, joined_items


class JsonArray(Reporter):
    """A JSON array written piece by piece: ``[``, the items as they come, ``]``."""

    indent = "  "

    def __init__(self, ctx: ReportContext) -> None:
        super().__init__(ctx)
        self.count = 0

    def item(self, obj) -> str:
        text = json.dumps(obj, indent=2, ensure_ascii=False).replace("\n", "\n" + self.indent)
        sep = ",\n" if self.count else "\n"
        self.count += 1
        return sep + self.indent + text

    def head(self) -> str:
        return "["

    def tail(self) -> str:
        return "\n]\n" if self.count else "]\n"


@formatter("json")
class Json(JsonArray):
    file = joined_items

    def items(self, r):
        return (self.item(diagnostic_json(d)) for d in r.diagnostics)


@formatter("json-lines")
class JsonLines(Reporter):
    file = joined_items

    def items(self, r):
        return (json.dumps(diagnostic_json(d), ensure_ascii=False) + "\n" for d in r.diagnostics)
