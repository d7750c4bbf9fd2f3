"""Human formats: ``full`` (with a code frame) and ``concise`` (one line per finding).

With ``ctx.color`` the text is rich markup; without it, plain text (for pipes, CI logs and
report files: rendering markup there only to strip it again costs more than linting a cached
corpus).
"""

from __future__ import annotations

from rich.markup import escape

from lintnews.report import ReportContext, formatter, is_fixable, printable

_WIDTH = 100


def _head(d, ctx: ReportContext) -> str:
    # Paths, messages (which quote the text) and JSONL field names all come from the data.
    path, message, field = printable(d.path), printable(d.message), printable(d.field or "")
    if not ctx.color:
        mark = " [*]" if is_fixable(d, ctx) else ""
        field = f" ({field})" if field else ""
        return f"{path}:{d.line}:{d.column}: {d.code}{mark} {message}{field}"
    mark = " [bold cyan]\\[*][/]" if is_fixable(d, ctx) else ""
    where = f"[bold]{escape(path)}[/][cyan]:[/]{d.line}[cyan]:[/]{d.column}[cyan]:[/]"
    field = f" [dim]({escape(field)})[/]" if field else ""
    return f"{where} [bold red]{d.code}[/]{mark} {escape(message)}{field}"


def _visible(line: str, start: int, end: int) -> tuple[str, int, int]:
    """Cut a long line around the span so the frame fits a terminal, its control characters
    escaped; the span's new start and end."""
    shown, start, end = _cut(line, start, end)
    before, inside = printable(shown[:start]), printable(shown[start:end])
    return printable(shown), len(before), len(before) + len(inside)


def _cut(line: str, start: int, end: int) -> tuple[str, int, int]:
    if len(line) <= _WIDTH:
        return line, start, end
    left = max(0, min(start - 20, len(line) - _WIDTH))
    cut = line[left : left + _WIDTH]
    prefix = "…" if left else ""
    suffix = "…" if left + _WIDTH < len(line) else ""
    return prefix + cut + suffix, start - left + len(prefix), min(end, left + _WIDTH) - left + len(prefix)


def _frame(d, lines: list[str], color: bool = True) -> list[str]:
    def st(style: str, text: str) -> str:
        return f"[{style}]{text}[/]" if color else text

    esc = escape if color else str
    n = d.line - 1
    if not (0 <= n < len(lines)):
        return []
    width = len(str(min(len(lines), d.line + 1)))
    out = [st("blue", f"{' ' * width} |")]
    for i in range(max(0, n - 1), min(len(lines), n + 2)):
        text = lines[i].replace("\t", " ")
        if i == n:
            end = d.end_column - 1 if d.end_line == d.line else len(text)
            shown, s, e = _visible(text, d.column - 1, max(end, d.column))
            out.append(f"{st('blue', f'{i + 1:>{width}} |')} {esc(shown)}")
            out.append(f"{st('blue', f'{chr(32) * width} |')} {' ' * s}{st('bold red', f'{chr(94) * max(1, e - s)} {d.code}')}")
        else:
            shown, _, _ = _visible(text, 0, 0)
            out.append(f"{st('blue', f'{i + 1:>{width}} |')} {esc(shown)}")
    out.append(st("blue", f"{' ' * width} |"))
    if d.fix is not None:
        hint = d.fix.message + ("" if d.fix.applicability.value == "safe" else f" ({d.fix.applicability.value} fix)")
        out.append(f"{st('blue', f'{chr(32) * width} =')} {st('cyan', 'help:')} {esc(printable(hint))}")
    return out


class _FrameLines:
    """The few lines a slimmed result kept for its code frames, indexed like the whole file."""

    def __init__(self, frame: dict[int, str]) -> None:
        self._frame = frame
        self._len = max(frame, default=-1) + 1

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i: int) -> str:
        return self._frame.get(i, "")


@formatter("full")
def full(results, ctx: ReportContext) -> str:
    out: list[str] = []
    for r in results:
        lines = _FrameLines(r.frame) if r.frame is not None else \
            (r.new if r.new is not None else r.original or "").split("\n")
        for d in r.diagnostics:
            out.append(_head(d, ctx))
            out.extend(_frame(d, lines, ctx.color))
            out.append("")
    return "\n".join(out)


@formatter("concise")
def concise(results, ctx: ReportContext) -> str:
    return "".join(_head(d, ctx) + "\n" for r in results for d in r.diagnostics)
