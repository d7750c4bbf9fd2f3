"""Human formats: ``full`` (with a code frame) and ``concise`` (one line per finding).

With ``ctx.color`` the text carries ANSI colours, written straight to the terminal: rendering
rich markup for a corpus's report took longer than linting it (and held the whole report);
without, plain text (for pipes, CI logs and report files).
"""

from __future__ import annotations

from lintnews.report import Reporter, ReportContext, formatter, is_fixable, joined_items, printable

_WIDTH = 100


CONTEXT = 2  # lines shown before and after a finding's line
DIFF_LINES = 4  # lines of a fix's diff shown per edit before "…"


def frame_lines(d) -> range:
    """The 0-based lines a finding's frame shows: its context and the lines its fix touches."""
    last = d.line - 1 + CONTEXT
    for _, _, end_line, _, _ in d.extra.get("edits", []) if d.fix is not None else []:
        last = max(last, min(end_line, d.line + DIFF_LINES + CONTEXT))
    return range(max(0, d.line - 1 - CONTEXT), last + 1)


def _where(d) -> str:
    """The JSONL field and record a finding is in, for the line after its message."""
    parts = [printable(d.field)] if d.field else []
    if d.extra.get("record"):
        parts.append(f"record {printable(d.extra['record'])}")
    return ", ".join(parts)


_SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32", "blue": "34", "cyan": "36",
        "bold red": "1;31", "bold cyan": "1;36"}


def styled(style: str, text: str, color: bool = True) -> str:
    return f"\x1b[{_SGR[style]}m{text}\x1b[0m" if color else text


def _head(d, ctx: ReportContext) -> str:
    # Paths, messages (which quote the text) and JSONL field names all come from the data.
    path, message, field = printable(d.path), printable(d.message), _where(d)
    if not ctx.color:
        mark = " [*]" if is_fixable(d, ctx) else ""
        field = f" ({field})" if field else ""
        return f"{path}:{d.line}:{d.column}: {d.code}{mark} {message}{field}"
    # Text from the data went through printable(): no escape sequence of its own survives.
    mark = " " + styled("bold cyan", "[*]") if is_fixable(d, ctx) else ""
    colon = styled("cyan", ":")
    where = f"{styled('bold', path)}{colon}{d.line}{colon}{d.column}{colon}"
    field = " " + styled("dim", f"({field})") if field else ""
    return f"{where} {styled('bold red', d.code)}{mark} {message}{field}"


def _visible(line: str, start: int, end: int) -> tuple[str, int, int]:
    """Cut a long line around the span so the frame fits a terminal, its control characters
    escaped; the span's new start and end."""
    shown, start, end = _cut(line, start, end)
    before, inside = printable(shown[:start]), printable(shown[start:end])
    return printable(shown), len(before), len(before) + len(inside)


def _cut(line: str, start: int, end: int) -> tuple[str, int, int]:
    """A window of ``_WIDTH`` characters that shows the span: centred on it when it fits, else
    from a little before its start."""
    if len(line) <= _WIDTH:
        return line, start, end
    if end - start <= _WIDTH - 20:
        left = start - (_WIDTH - (end - start)) // 2
    else:
        left = start - 20
    left = max(0, min(left, len(line) - _WIDTH))
    cut = line[left : left + _WIDTH]
    prefix = "…" if left else ""
    suffix = "…" if left + _WIDTH < len(line) else ""
    return (prefix + cut + suffix, max(0, start - left) + len(prefix),
            max(0, min(end, left + _WIDTH) - left) + len(prefix))


def _fix_diff(d, lines, st, esc, width: int) -> list[str]:
    """The fix as a diff of the lines it touches: ``-`` what goes, ``+`` what takes its place
    (lines the edit leaves as they were are not repeated)."""
    out = []
    for line, col, end_line, end_col, content in d.extra.get("edits", []):
        first, last = line - 1, end_line - 1
        if not (0 <= first < len(lines)) or last >= len(lines):
            continue
        if end_col == 1 and last > first:
            old = [lines[i] for i in range(first, last)]  # the edit ends where line ``last`` starts
            new_text = lines[first][:col - 1] + content
            new = new_text[:-1].split("\n") if new_text.endswith("\n") else new_text.split("\n")
            if not new_text:
                new = []
        else:
            old = [lines[i] for i in range(first, last + 1)]
            new = (lines[first][:col - 1] + content + lines[last][end_col - 1:]).split("\n")
        while old and new and old[0] == new[0]:
            old, new, first, col = old[1:], new[1:], first + 1, 1
        while old and new and old[-1] == new[-1]:
            old, new = old[:-1], new[:-1]
        focus = col - 1

        def shown(text: str) -> str:
            cut, _, _ = _visible(text.replace("\t", " "), focus, focus)
            return esc(cut)

        for i, text in enumerate(old[:DIFF_LINES]):
            out.append(f"{st('blue', f'{first + i + 1:>{width}} |')} {st('red', '- ' + shown(text))}")
        if len(old) > DIFF_LINES:
            out.append(f"{st('blue', f'{chr(32) * width} |')} "
                       f"{st('red', f'- … ({len(old) - DIFF_LINES} more lines)')}")
        for text in new[:DIFF_LINES]:
            out.append(f"{st('blue', f'{chr(32) * width} |')} {st('green', '+ ' + shown(text))}")
    return out


def _frame(d, lines, color: bool = True) -> list[str]:
    def st(style: str, text: str) -> str:
        return styled(style, text, color)

    esc = str  # the frame's text went through printable(): nothing in it can style a terminal
    n = d.line - 1
    if not (0 <= n < len(lines)) or (not lines[n] and d.column > 1):
        # No text to frame (a JSONL record is not kept): the evidence is the matched text.
        if not d.matched:
            return []
        shown, _, _ = _visible(d.matched.replace("\t", " ").replace("\n", " "), 0, 0)
        return [f"{st('blue', '  |')} {esc(shown)}"]
    width = len(str(min(len(lines), d.line + CONTEXT)))
    out = [st("blue", f"{' ' * width} |")]
    for i in range(max(0, n - CONTEXT), min(len(lines), n + CONTEXT + 1)):
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
        out.extend(_fix_diff(d, lines, st, esc, width))
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
class Full(Reporter):
    file = joined_items  # a finding and its frame at a time: a long record's are never held at once

    def items(self, r):
        if not r.diagnostics:
            return iter(())
        lines = _FrameLines(r.frame) if r.frame is not None else \
            (r.new if r.new is not None else r.original or "").split("\n")
        return ("\n".join([_head(d, self.ctx), *_frame(d, lines, self.ctx.color), ""]) + "\n"
                for d in r.diagnostics)


@formatter("concise")
class Concise(Reporter):
    file = joined_items

    def items(self, r):
        return (_head(d, self.ctx) + "\n" for d in r.diagnostics)
