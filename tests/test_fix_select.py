"""select_fixes finds the chosen fixes that a new one would touch near its spans: it must choose
exactly what comparing each fix with every chosen edit chooses, for short, long, empty and
nested spans, deletions and replacements."""

from hypothesis import given, settings
from hypothesis import strategies as st

from lintnews.fix import select_fixes
from lintnews.model import Applicability, Diagnostic, Edit, Fix, Span


def every_pair(diags, unsafe):
    """The definition: a fix applies unless one of its edits touches a chosen edit (overlaps it,
    or starts where it does when either is empty), two deletions excepted."""
    from lintnews.fix import wanted

    candidates = [d for d in diags if wanted(d, unsafe)]
    candidates.sort(key=lambda d: (not d.fix.is_deletion, -sum(len(e.span) for e in d.fix.edits),
                                   min(e.span.start for e in d.fix.edits)))
    chosen, edits = [], []
    for diag in candidates:
        if all(not ((new.span.overlaps(old.span) or (new.span.start == old.span.start
                                                     and (len(new.span) == 0 or len(old.span) == 0)))
                    and not (new.content == "" and old.content == ""))
               for new in diag.fix.edits for old in edits):
            chosen.append(diag)
            edits.extend(diag.fix.edits)
    return chosen, edits


# Lengths from empty to longer than the window the search keeps short spans in (4,096).
LENGTHS = st.one_of(st.integers(0, 3), st.integers(0, 60), st.sampled_from([4095, 4096, 4097, 9000]))
EDIT = st.builds(lambda start, length, content: Edit(Span(start, start + length), content),
                 st.integers(0, 12000), LENGTHS, st.sampled_from(["", "", "x"]))
FIX = st.builds(lambda edits, ap: Diagnostic("X001", "x", "m", edits[0].span, fix=Fix("f", tuple(edits), ap)),
                st.lists(EDIT, min_size=1, max_size=3), st.sampled_from([Applicability.SAFE, Applicability.UNSAFE]))


@settings(max_examples=100, deadline=None)
@given(st.lists(FIX, max_size=60), st.booleans())
def test_the_fixes_chosen_are_those_every_pair_allows(diags, unsafe):
    assert select_fixes(diags, unsafe) == every_pair(diags, unsafe)


def test_a_deletion_inside_a_long_replacement_waits():
    long = Diagnostic("X001", "x", "m", Span(0, 9000), fix=Fix("f", (Edit(Span(0, 9000), "new"),)))
    inner = Diagnostic("X002", "x", "m", Span(8000, 8010), fix=Fix("f", (Edit(Span(8000, 8010), ""),)))
    chosen, _ = select_fixes([long, inner], False)
    assert chosen == [inner]  # deletions go first; the replacement touches it and waits
