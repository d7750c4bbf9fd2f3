from collections.abc import Iterator

from lintnews.document import Document
from lintnews.model import Diagnostic, Severity, Span
from lintnews.rule import Rule
from lintnews.patterns import compile_cached

_RUN = compile_cached("\ufffd+")


class ReplacementCharacter(Rule):
    """The Unicode replacement character U+FFFD ("�") where a character was lost.

    ## Why is this bad?

    A decoder that meets bytes it cannot read puts "�" in their place. The original character is
    gone: no tool can tell whether "Z�rich" was "Zürich" or "Zurich". The text needs to be
    fetched or decoded again from the source.

    ## Example

    ```text
    The fair opens in Z�rich on Monday.
    ```

    Reported only; there is nothing to repair it from.
    """

    code = "ENC002"
    name = "replacement-character"
    severity = Severity.WARNING

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        if "\ufffd" not in doc.text:
            return
        for m in _RUN.finditer(doc.text):
            yield self.report(f"{len(m.group(0))} lost character(s) (U+FFFD): decode the source again",
                              Span(m.start(), m.end()))
