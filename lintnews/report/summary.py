"""What a run says after its report: counters kept file by file (never the findings), the
statistics table, what --fix did, the summary line and the exit code."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from lintnews.api import FileResult
from lintnews.fix import wanted
from lintnews.model import Severity
from lintnews.report import ReportContext, is_fixable


# What --group-by names, and the finding's key the run put it under (lintnews.sites).
GROUP_KEYS = {"language": "lang", "site": "site"}
UNKNOWN = "unknown"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else many or word + 's'}"


@dataclass
class Tally:
    """Counts over the results of a run, added file by file."""

    keep_fixes_by_file: bool = False
    group_by: str | None = None  # "language" or "site": also count remaining findings per group
    files: int = 0
    read: int = 0  # files without an error
    with_findings: int = 0  # files with a finding left or fixed
    remaining: int = 0
    fixed: int = 0
    rewritten: int = 0  # files --fix changed
    safe: int = 0  # remaining findings --fix would fix
    unsafe: int = 0  # ... and more with --unsafe-fixes
    worst: int = -1  # the highest severity rank of a remaining finding
    codes: Counter = field(default_factory=Counter)  # remaining, per rule
    fixable_codes: set = field(default_factory=set)
    fixed_codes: Counter = field(default_factory=Counter)
    removed_chars: Counter = field(default_factory=Counter)
    fixes_by_file: list = field(default_factory=list)  # (path, Counter) with --show-fixes
    baselined: int = 0
    ignored: int = 0  # findings the ignore file accepts
    grouped: Counter = field(default_factory=Counter)  # (group, code) -> remaining, with group_by

    _found_here: bool = False  # the file whose parts are coming had a finding or fix
    _fixed_here: bool = False

    def add(self, r: FileResult, ctx: ReportContext) -> None:
        """Count a result; a streamed file's parts count as one file, when its last part comes."""
        self._found_here = self._found_here or bool(r.diagnostics or r.fixed)
        self._fixed_here = self._fixed_here or bool(r.fixed)
        if not r.part:
            self.files += 1
            self.read += not r.errors
            self.with_findings += self._found_here
            self.rewritten += bool(self._fixed_here and not r.errors)
            self._found_here = self._fixed_here = False
        self.remaining += len(r.diagnostics)
        self.fixed += len(r.fixed)
        self.worst = max(self.worst, -1, *(d.severity.rank for d in r.diagnostics))
        key = GROUP_KEYS.get(self.group_by)
        for d in r.diagnostics:
            self.codes[d.code] += 1
            if key is not None:
                self.grouped[(d.extra.get(key) or UNKNOWN, d.code)] += 1
            safe = wanted(d, False)
            self.safe += safe
            self.unsafe += wanted(d, True) and not safe
            if is_fixable(d, ctx):
                self.fixable_codes.add(d.code)
        if r.fixed:
            here = Counter(d.code for d in r.fixed)
            self.fixed_codes.update(here)
            for d in r.fixed:
                self.removed_chars[d.code] += d.extra.get("removed_chars") or sum(
                    len(t) for t in d.extra.get("removed", []))
            if self.keep_fixes_by_file:
                if self.fixes_by_file and self.fixes_by_file[-1][0] == r.path:
                    self.fixes_by_file[-1][1].update(here)  # another part of the same file
                else:
                    self.fixes_by_file.append((r.path, here))


def statistics(tally: Tally, rules: Mapping, output_format: str) -> str:
    """The table --statistics prints instead of the report (JSON with ``-output-format json``)."""
    if tally.group_by:
        return _grouped(tally, rules, output_format)
    rows = [(code, n, code in tally.fixable_codes, rules[code].name if code in rules else "")
            for code, n in tally.codes.most_common()]
    if output_format == "json":
        import json  # here: a one-file check prints no statistics

        return json.dumps([{"code": c, "name": name, "count": n, "fixable": fix} for c, n, fix, name in rows],
                          indent=2, ensure_ascii=False) + "\n"
    return "".join(f"{n:>5}  {c:<7} {'[*]' if fix else '   '} {name}\n" for c, n, fix, name in rows)


def _grouped(tally: Tally, rules: Mapping, output_format: str) -> str:
    """--statistics --group-by: per language or site, its findings per rule; the groups with most
    findings first, "unknown" (no language or site in the article's metadata) last."""
    totals: Counter = Counter()
    for (group, _), n in tally.grouped.items():
        totals[group] += n
    order = sorted(totals, key=lambda g: (g == UNKNOWN, -totals[g], g))
    what = tally.group_by
    if output_format == "json":
        import json

        rows = [{what: group, "code": code, "name": rules[code].name if code in rules else "", "count": n,
                 "fixable": code in tally.fixable_codes}
                for group in order
                for (g, code), n in sorted(tally.grouped.items(), key=lambda kv: (-kv[1], kv[0][1]))
                if g == group]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    out = []
    for group in order:
        out.append(f"{what} {group}: {plural(totals[group], 'finding')}\n")
        rows = sorted(((code, n) for (g, code), n in tally.grouped.items() if g == group),
                      key=lambda row: (-row[1], row[0]))
        for code, n in rows:
            fix = "[*]" if code in tally.fixable_codes else "   "
            name = rules[code].name if code in rules else ""
            out.append(f"{n:>7}  {code:<7} {fix} {name}\n")
    return "".join(out)


def show_fixes(tally: Tally, rules: Mapping) -> str:
    """What --fix did, per file and rule (as ruff's --show-fixes)."""
    if not tally.fixed:
        return "No findings fixed.\n"
    out = [f"Fixed {plural(tally.fixed, 'finding')}:"]
    for path, codes in tally.fixes_by_file:
        out.append(f"- {path}:")
        for code, n in sorted(codes.items()):
            name = rules[code].name if code in rules else ""
            out.append(f"    {n} × {code} ({name})" if name else f"    {n} × {code}")
    return "\n".join(out) + "\n"


def removed(tally: Tally, rules: Mapping, ledger: str | None) -> str:
    """After a batch --fix: what was removed, per rule, and where the ledger is."""
    out = ["Removed, per rule:"]
    for code, n in tally.fixed_codes.most_common():
        name = rules[code].name if code in rules else ""
        chars = tally.removed_chars[code]
        out.append(f"{n:>7,}  {code:<7} {name}" + (f" ({plural(chars, 'character')})" if chars else ""))
    out.append(f"Ledger: {ledger}" if ledger else "No ledger kept (--ledger FILE records every removal).")
    return "\n".join(out) + "\n"


def summary(tally: Tally, ctx: ReportContext, errors: int = 0) -> tuple[str, str]:
    """(style, text) of the summary line."""
    failed = f" {plural(errors, 'error')}." if errors else ""
    fixed = tally.fixed
    if not tally.remaining and errors:
        # Never "all checks passed" beside an error: some files were not checked at all.
        done = f"Fixed {plural(fixed, 'finding')}; no" if fixed else "No"
        return "", f"{done} findings in the {plural(tally.read, 'file')} read;{failed}"
    if not tally.remaining:
        return "green", f"Fixed {plural(fixed, 'finding')}; all checks passed!" if fixed else "All checks passed!"
    text = (f"Found {plural(tally.remaining + fixed, 'finding')} in {tally.with_findings:,} of "
            f"{plural(tally.files, 'file')}")
    if fixed:
        text += f" ({fixed:,} fixed, {tally.remaining:,} remaining)"
    tail = []
    if tally.safe and not ctx.fix:
        tail.append(f"{tally.safe:,} fixable with --fix")
    if tally.unsafe and not ctx.unsafe:
        tail.append(f"{tally.unsafe:,} more with --unsafe-fixes")
    return "", text + "." + (f" {'; '.join(tail)}." if tail else "") + failed


def exit_code(tally: Tally, errors: int, *, exit_zero: bool, fail_on: str, exit_non_zero_on_fix: bool) -> int:
    if errors:
        return 2
    if exit_zero:
        return 0
    if exit_non_zero_on_fix and tally.rewritten:
        return 1
    return 1 if tally.worst >= Severity(fail_on).rank else 0
