"""The value types every other module speaks: spans, edits, fixes and diagnostics."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Applicability(str, Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


@dataclass(frozen=True, order=True, slots=True, init=False)
class Span:
    """Half-open character offsets into ``Document.text``."""

    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        if start < 0 or end < start:
            raise ValueError(f"bad span {start}..{end}")
        # Set by the slots' own descriptors, not by name through object.__setattr__ as a frozen
        # dataclass's __init__ sets them (twice as long): reading a text makes a span or two and
        # a block (see Block) for each of its lines, a third of the reading of short lines.
        _SPAN_START(self, start)
        _SPAN_END(self, end)

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


_SPAN_START, _SPAN_END = Span.start.__set__, Span.end.__set__


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text at ``span`` with ``content``."""
    span: Span
    content: str = ""  # "" deletes


@dataclass(frozen=True, slots=True)
class Fix:
    """A finding's fix: its edits, applied together, and how safe it is to apply unasked."""
    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE

    @property
    def is_deletion(self) -> bool:
        return all(e.content == "" for e in self.edits)


@dataclass(frozen=True, slots=True)  # a long record may have tens of thousands
class Diagnostic:
    """A finding. Rules fill code..fix; the engine stamps the position fields."""

    code: str
    name: str
    message: str
    span: Span
    severity: Severity = Severity.WARNING
    fix: Fix | None = None
    # stamped by the engine:
    path: str = ""
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    field: str | None = None  # JSONL: the record field the finding is in
    matched: str = ""  # the text the span covers, for baselines and ledgers
    extra: dict = dataclasses.field(default_factory=dict, compare=False, hash=False)
