"""Machine-readable formats."""

from __future__ import annotations

import json

from lintnews.report import ReportContext, all_diagnostics, diagnostic_json, formatter


@formatter("json")
def json_report(results, ctx: ReportContext) -> str:
    return json.dumps([diagnostic_json(d) for d in all_diagnostics(results)], indent=2,
                      ensure_ascii=False) + "\n"


@formatter("json-lines")
def json_lines(results, ctx: ReportContext) -> str:
    return "".join(json.dumps(diagnostic_json(d), ensure_ascii=False) + "\n"
                   for d in all_diagnostics(results))
