"""Formats that CI systems read: GitHub workflow commands, SARIF 2.1.0, JUnit XML and GitLab
Code Quality."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

from lintnews import __version__
from lintnews.baseline import fingerprints
from lintnews.model import Diagnostic
from lintnews.config import relative_to
from lintnews.report import ReportContext, all_diagnostics, formatter, is_fixable

# -- GitHub Actions ---------------------------------------------------------------------------
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _gh_data(text: str) -> str:
    # The runner reads one command per line and %-decodes the message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    # Properties are also split on "," and ":".
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


@formatter("github")
def github(results, ctx: ReportContext) -> str:
    out = []
    for d in all_diagnostics(results):
        props = {"file": relative_to(d.path, ctx.root, inside_only=True), "line": d.line, "col": d.column,
                 "endLine": d.end_line, "endColumn": d.end_column, "title": d.code}
        head = ",".join(f"{k}={_gh_property(str(v))}" for k, v in props.items())
        mark = " [*]" if is_fixable(d, ctx) else ""
        out.append(f"::{_GITHUB_LEVEL[d.severity.value]} {head}::{_gh_data(f'{d.code}{mark} {d.message}')}\n")
    return "".join(out)


# -- SARIF 2.1.0 ------------------------------------------------------------------------------
SARIF_SCHEMA = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _artifact(path: str, root: str) -> dict:
    rel = relative_to(path, root, inside_only=True)
    if Path(rel).is_absolute():
        return {"uri": Path(rel).as_uri()}
    return {"uri": quote(rel), "uriBaseId": "%SRCROOT%"}


def _region(line: int, col: int, end_line: int, end_col: int) -> dict:
    # SARIF positions are 1-based like ours, and the end column is exclusive like ours.
    line, col = max(line, 1), max(col, 1)
    end_line = max(end_line, line)
    end_col = max(end_col, 1) if end_line > line else max(end_col, col)
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


def _rule_descriptor(code: str, cls) -> dict:
    if cls is None:  # a finding from a rule the table does not know (should not happen)
        return {"id": code}
    doc = cls.documentation()
    desc = {
        "id": code,
        "name": cls.name,
        "shortDescription": {"text": cls.summary()},
        "fullDescription": {"text": doc, "markdown": doc},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": _SARIF_LEVEL[cls.severity.value], "enabled": bool(cls.default_enabled)},
        "properties": {"fix": cls.fix_label()},
    }
    return desc


def _sarif_fix(d: Diagnostic, artifact: dict) -> dict:
    replacements = [{"deletedRegion": _region(a, b, c, e), "insertedContent": {"text": content}}
                    for a, b, c, e, content in d.extra.get("edits", [])]
    return {"description": {"text": f"{d.fix.message} ({d.fix.applicability.value} fix)"},
            "artifactChanges": [{"artifactLocation": artifact, "replacements": replacements}]}


@formatter("sarif")
def sarif(results, ctx: ReportContext) -> str:
    diags = all_diagnostics(results)
    codes = list(ctx.rules) + sorted({d.code for d in diags} - set(ctx.rules))
    index = {code: i for i, code in enumerate(codes)}
    rules = [_rule_descriptor(code, ctx.rules.get(code)) for code in codes]
    out = []
    for d, fp in zip(diags, fingerprints(diags, ctx.root)):
        artifact = _artifact(d.path, ctx.root)
        region = _region(d.line, d.column, d.end_line, d.end_column)
        if d.matched:
            region["snippet"] = {"text": d.matched}
        result = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _SARIF_LEVEL[d.severity.value],
            "message": {"text": d.message},
            "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
            "partialFingerprints": {"lintnews/v1": fp},
            "properties": {"name": d.name, "fixable": is_fixable(d, ctx)},
        }
        if d.field:
            result["properties"]["field"] = d.field
        if d.fix is not None and d.extra.get("edits"):
            result["fixes"] = [_sarif_fix(d, artifact)]
        out.append(result)
    run = {
        "tool": {"driver": {"name": "lintnews", "version": __version__, "semanticVersion": __version__,
                            "rules": rules}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(ctx.root).resolve().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": out,
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2,
                      ensure_ascii=False) + "\n"


# -- JUnit XML --------------------------------------------------------------------------------
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return _XML_BAD.sub("\ufffd", text)


@formatter("junit")
def junit(results, ctx: ReportContext) -> str:
    failures = sum(len(r.diagnostics) for r in results)
    errors = sum(len(r.errors) for r in results)
    suites = ET.Element("testsuites", name="lintnews", tests=str(len(results)), failures=str(failures),
                        errors=str(errors))
    suite = ET.SubElement(suites, "testsuite", name="lintnews", tests=str(len(results)),
                          failures=str(failures), errors=str(errors), skipped="0")
    for r in results:
        path = relative_to(r.path, ctx.root, inside_only=True)
        case = ET.SubElement(suite, "testcase", name=_xml(path), classname="lintnews", file=_xml(path))
        for d in r.diagnostics:
            where = f"{path}:{d.line}:{d.column}"
            failure = ET.SubElement(case, "failure", type=d.code, message=_xml(f"{where}: {d.code} {d.message}"))
            body = f"{where}: {d.code} {d.message} ({d.name}, {d.severity.value})"
            if d.matched.strip():
                body += "\n" + d.matched
            failure.text = _xml(body)
        for e in r.errors:
            ET.SubElement(case, "error", type="input", message=_xml(str(e))).text = _xml(str(e))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


# -- GitLab Code Quality ----------------------------------------------------------------------
_GITLAB_SEVERITY = {"info": "info", "warning": "minor", "error": "major"}


@formatter("gitlab")
def gitlab(results, ctx: ReportContext) -> str:
    diags = all_diagnostics(results)
    issues = []
    for d, fp in zip(diags, fingerprints(diags, ctx.root)):
        issues.append({
            "type": "issue",
            "description": f"{d.code} {d.message}",
            "check_name": d.code,
            "fingerprint": fp,
            "severity": _GITLAB_SEVERITY[d.severity.value],
            "categories": ["Style"],
            "location": {"path": relative_to(d.path, ctx.root, inside_only=True),
                         "lines": {"begin": max(d.line, 1), "end": max(d.end_line, d.line, 1)}},
        })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
