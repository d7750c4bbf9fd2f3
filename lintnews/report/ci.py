"""Formats that CI systems read: GitHub workflow commands, SARIF 2.1.0, JUnit XML and GitLab
Code Quality."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterator
from xml.sax.saxutils import escape as xml_escape
from pathlib import Path
from urllib.parse import quote

from lintnews import __version__
from lintnews.baseline import finding_key
from lintnews.model import Diagnostic
from lintnews.config import relative_to
from lintnews.report import Reporter, ReportContext, formatter, is_fixable, joined_items, record
from lintnews.report.data import JsonArray
from lintnews.patterns import compile_cached

class Fingerprints:
    """Stable ids per finding (see ``baseline.fingerprints``), numbered across the parts of a
    streamed file: repeats of one text in a file get their occurrence number."""

    def __init__(self, root: str) -> None:
        self.base = os.path.abspath(root)
        self.seen: Counter = Counter()

    def __call__(self, r) -> Iterator[tuple[Diagnostic, str]]:
        """Each finding of ``r`` with its id, one at a time."""
        for d in r.diagnostics:
            key = "\x00".join(finding_key(d, self.base))
            # Counted by the key's digest, not the key: a long record's findings are counted
            # until its last part, and a key holds the text the finding covers.
            seen = hashlib.sha256(key.encode("utf-8")).digest()
            n = self.seen[seen]
            self.seen[seen] += 1
            yield d, hashlib.sha256(f"{key}\x00{n}".encode("utf-8")).hexdigest()
        if not r.part:
            self.seen.clear()


# -- GitHub Actions ---------------------------------------------------------------------------
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _gh_data(text: str) -> str:
    # The runner reads one command per line and %-decodes the message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    # Properties are also split on "," and ":".
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


@formatter("github")
class Github(Reporter):
    file = joined_items

    def items(self, r) -> Iterator[str]:
        for d in r.diagnostics:
            props = {"file": relative_to(d.path, self.ctx.root, inside_only=True), "line": d.line,
                     "col": d.column, "endLine": d.end_line, "endColumn": d.end_column, "title": d.code}
            head = ",".join(f"{k}={_gh_property(str(v))}" for k, v in props.items())
            mark = " [*]" if is_fixable(d, self.ctx) else ""
            where = f" ({_named(d)})" if _named(d) else ""
            yield (f"::{_GITHUB_LEVEL[d.severity.value]} {head}::"
                   f"{_gh_data(f'{d.code}{mark} {d.message}{where}')}\n")


def _named(d: Diagnostic) -> str:
    """Where in a JSONL record: its field and the record's id or url."""
    parts = [d.field] if d.field else []
    if record(d):
        parts.append(f"record {record(d)}")
    return ", ".join(parts)


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


SARIF_MAX_RESULTS = 25_000  # GitHub code scanning rejects a run with more


@formatter("sarif")
class Sarif(JsonArray):
    """SARIF 2.1.0 with one run. Results stream out first; the tool and its rules (which only
    then are all known) follow them in the same run object."""

    indent = " " * 8

    def __init__(self, ctx: ReportContext) -> None:
        super().__init__(ctx)
        self.codes = list(ctx.rules)
        self.index = {code: i for i, code in enumerate(self.codes)}
        self.omitted = 0
        self.fingerprints = Fingerprints(ctx.root)

    def head(self) -> str:
        return (f'{{\n  "$schema": {json.dumps(SARIF_SCHEMA)},\n  "version": "2.1.0",\n  "runs": [\n'
                f'    {{\n      "results": [')

    file = joined_items  # one piece per finding: a long record's results are never held at once

    def items(self, r) -> Iterator[str]:
        for d, fp in self.fingerprints(r):
            if self.count >= SARIF_MAX_RESULTS:
                self.omitted += 1
                continue
            yield self.item(self._result(d, fp))

    def _result(self, d: Diagnostic, fp: str) -> dict:
        if d.code not in self.index:
            self.index[d.code] = len(self.codes)
            self.codes.append(d.code)
        artifact = _artifact(d.path, self.ctx.root)
        region = _region(d.line, d.column, d.end_line, d.end_column)
        if d.matched:
            region["snippet"] = {"text": d.matched}
        result = {
            "ruleId": d.code,
            "ruleIndex": self.index[d.code],
            "level": _SARIF_LEVEL[d.severity.value],
            "message": {"text": d.message},
            "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
            "partialFingerprints": {"lintnews/v1": fp},
            "properties": {"name": d.name, "fixable": is_fixable(d, self.ctx)},
        }
        if d.field:
            result["properties"]["field"] = d.field
        if record(d):
            result["properties"]["record"] = record(d)
        if d.fix is not None and d.extra.get("edits"):
            result["fixes"] = [_sarif_fix(d, artifact)]
        return result

    def notice(self) -> str | None:
        if not self.omitted:
            return None
        return (f"the SARIF report holds the first {SARIF_MAX_RESULTS:,} of {self.count + self.omitted:,} "
                f"findings (GitHub code scanning accepts at most {SARIF_MAX_RESULTS:,} results per run); "
                f"{self.omitted:,} left out: narrow the paths or --select, or use another format")

    def tail(self) -> str:
        rules = [_rule_descriptor(code, self.ctx.rules.get(code)) for code in self.codes]
        rest = {
            "tool": {"driver": {"name": "lintnews", "version": __version__, "semanticVersion": __version__,
                                "rules": rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(self.ctx.root).resolve().as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
        }
        if self.omitted:
            rest["properties"] = {"truncated": True, "omittedResults": self.omitted,
                                  "totalResults": self.count + self.omitted, "message": self.notice()}
        body = json.dumps(rest, indent=2, ensure_ascii=False)[1:-1].rstrip()
        body = body.replace("\n", "\n    ")
        close = f"\n{self.indent[:-2]}]" if self.count else "]"
        return f"{close},{body}\n    }}\n  ]\n}}\n"


# -- JUnit XML --------------------------------------------------------------------------------
_XML_BAD = compile_cached("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return _XML_BAD.sub("\ufffd", text)


def _attrs(**values) -> str:
    return "".join(f' {k}="{xml_escape(_xml(str(v)), {chr(34): "&quot;", chr(10): "&#10;", chr(13): "&#13;", chr(9): "&#9;"})}"'
                   for k, v in values.items())


@formatter("junit")
class Junit(Reporter):
    """One test suite per file, one test case per finding (a file without findings is one
    passing case), so CI counts a failure per finding. Suites stream out as files are done."""

    cases_here = 0  # cases written for the file whose parts are coming

    def head(self) -> str:
        return '<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="lintnews">\n'

    file = joined_items  # a suite case by case: a long record's cases are never held at once

    def items(self, r) -> Iterator[str]:
        found = len(r.diagnostics) + len(r.errors)
        before, self.cases_here = self.cases_here, (self.cases_here + bool(found) if r.part else 0)
        if not found and (r.part or before):
            return iter(())  # a part of a streamed file without findings; or its clean end
        return self._suite(r, found)

    def _suite(self, r, found: int) -> Iterator[str]:
        path = relative_to(r.path, self.ctx.root, inside_only=True)
        suite = _attrs(name=path, tests=found or 1, failures=len(r.diagnostics), errors=len(r.errors), skipped=0)
        yield f"  <testsuite{suite}>\n"
        for d in r.diagnostics:
            where = f"{path}:{d.line}:{d.column}"
            body = f"{where}: {d.code} {d.message} ({d.name}, {d.severity.value})"
            if _named(d):
                body += f"\n{_named(d)}"
            if d.matched.strip():
                body += "\n" + d.matched
            yield (f"    <testcase{_attrs(name=f'{d.code} {where}', classname=path, file=path, line=d.line)}>\n"
                   f"      <failure{_attrs(type=d.code, message=f'{where}: {d.code} {d.message}')}>"
                   f"{xml_escape(_xml(body))}</failure>\n    </testcase>\n")
        for e in r.errors:
            yield (f"    <testcase{_attrs(name=f'{path} (read)', classname=path, file=path)}>\n"
                   f"      <error{_attrs(type='input', message=str(e))}>{xml_escape(_xml(str(e)))}</error>\n"
                   "    </testcase>\n")
        if not found:
            yield f"    <testcase{_attrs(name=path, classname=path, file=path)}/>\n"
        yield "  </testsuite>\n"

    def tail(self) -> str:
        return "</testsuites>\n"


# -- GitLab Code Quality ----------------------------------------------------------------------
_GITLAB_SEVERITY = {"info": "info", "warning": "minor", "error": "major"}


@formatter("gitlab")
class Gitlab(JsonArray):
    def __init__(self, ctx: ReportContext) -> None:
        super().__init__(ctx)
        self.fingerprints = Fingerprints(ctx.root)

    file = joined_items

    def items(self, r) -> Iterator[str]:
        for d, fp in self.fingerprints(r):
            where = f" ({_named(d)})" if _named(d) else ""
            yield self.item({
                "type": "issue",
                "description": f"{d.code} {d.message}{where}",
                "check_name": d.code,
                "fingerprint": fp,
                "severity": _GITLAB_SEVERITY[d.severity.value],
                "categories": ["Style"],
                "location": {"path": relative_to(d.path, self.ctx.root, inside_only=True),
                             "lines": {"begin": max(d.line, 1), "end": max(d.end_line, d.line, 1)}},
            })
