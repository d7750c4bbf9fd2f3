"""What fixing one long JSONL record holds at its peak, as a multiple of its text's size in
memory (4 bytes a character: the text holds one emoji), measured in the same process: the line
and the field's text, and the field and line a pass makes, not a copy of each per step."""

import json
import tracemalloc

from lintnews.api import Linter, Options

# Above the reader's long-line mark (a million characters), where a record's line is let go
# of once read.
PARAGRAPHS = 300


def _record():
    paras = [" ".join(f"Sentence {k} of paragraph {i} says something about the council and its library."
                      for k in range(50)) for i in range(PARAGRAPHS)]
    paras[3] += " \U0001F600"
    for i in range(10, PARAGRAPHS, 43):
        paras[i] = "Also Read: Another story here"
    text = "\n\n".join(paras)
    return text, json.dumps({"id": 1, "text": text}, ensure_ascii=False) + "\n"


def _peak(tmp_path, fix: bool):
    text, line = _record()
    path = tmp_path / "dump.jsonl"
    linter = Linter(Options(fix=fix))
    path.write_text('{"text": "Also Read: Another story here"}\n', encoding="utf-8")
    linter.process(str(path))  # the rules and their packs loaded before measuring
    path.write_text(line, encoding="utf-8")
    tracemalloc.start()
    try:
        result = linter.process(str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak / (4 * len(text)), result, path


def test_fixing_a_long_record_holds_few_copies_of_it(tmp_path):
    ratio, result, path = _peak(tmp_path, fix=True)
    assert len(result.fixed) == 7 and "Also Read" not in path.read_text(encoding="utf-8")
    # 7.5 when each step of a fix copied the line or the text; 3.8 when the fixed line was made
    # beside the record's text as well as its line
    assert ratio < 3.6, ratio



def test_checking_a_long_record_holds_its_text_about_once_and_a_half(tmp_path):
    ratio, result, _ = _peak(tmp_path, fix=False)
    assert len(result.diagnostics) == 7
    assert ratio < 1.8, ratio  # 2.2 when the text was decoded whole beside its line


def test_a_long_text_spliced_in_pieces_keeps_every_character(monkeypatch):
    import random

    from lintnews import fix

    rng = random.Random(5)
    monkeypatch.setattr(fix, "_STRETCH", 3)
    for _ in range(300):
        text = "".join(rng.choice("ab\n😀é") for _ in range(rng.randrange(0, 40)))
        cuts = sorted(rng.sample(range(len(text) + 1), k=min(len(text) + 1, 2 * rng.randrange(0, 4))))
        reps = [(a, b, rng.choice(["", "X", "yy"])) for a, b in zip(cuts[0::2], cuts[1::2])]
        expected, pos = "", 0
        for a, b, content in reps:
            expected += text[pos:a] + content
            pos = b
        assert fix.splice(text, reps) == expected + text[pos:]


def _random_edits(rng):
    from lintnews.model import Edit, Span

    text = "".join(rng.choice(["a", "\n", " ", "\t", "\u00a0", "b\n", "\n\n"]) for _ in range(rng.randrange(0, 14)))
    cuts = sorted(rng.choice(range(len(text) + 1)) for _ in range(2 * rng.randrange(0, 4)))
    edits = [Edit(Span(a, b), rng.choice(["", "", "X", "\n", "y\n\n"])) for a, b in zip(cuts[0::2], cuts[1::2])]
    if rng.random() < 0.5 and text:
        edits.append(Edit(Span(rng.randrange(len(text)), len(text)), ""))
    kept = []  # as fixes come: apart, but for deletions, which may overlap
    for e in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        crossed = [k for k in kept if k.span.end > e.span.start]
        if not crossed or e.content == "" and all(k.content == "" for k in crossed):
            kept.append(e)
    return text, kept


def _tidied_whole(text, edits):
    """apply_edits as it was: the fixed text whole, then its trailing blank lines cut."""
    from lintnews.fix import edit_triples, merge_deletions, splice

    merged = merge_deletions(edits)
    result = splice(text, edit_triples(merged)) if merged else text
    if merged and merged[-1].content == "" and merged[-1].span.end == len(text) and len(merged[-1].span):
        if result.endswith("\n"):
            first = result.find("\n", len(result.rstrip(" \t\u00a0\n")))
            if result.count("\n", first) >= 2:
                result = result[:first] + "\n"
    return result


def test_the_end_tidied_as_an_edit_gives_the_text_tidied_whole():
    import random

    from lintnews.fix import apply_edits, edit_triples, merge_deletions, splice
    from lintnews.readers.jsonl import _field_edits

    rng = random.Random(3)
    by_edits = 0
    for _ in range(20000):
        text, edits = _random_edits(rng)
        expected = _tidied_whole(text, edits)
        assert apply_edits(text, edits) == expected, (text, edits)
        if not edits:
            continue
        field = _field_edits(text, merge_deletions(edits))  # a JSONL field: no final newline of its own
        if field is not None:
            by_edits += 1
            assert splice(text, edit_triples(field)) == (expected if text.endswith("\n") else expected.rstrip("\n"))
    assert by_edits > 5000


def test_a_fixed_record_line_is_made_once_the_documents_are_let_go_of(tmp_path):
    import gc
    import weakref

    from lintnews.readers import ReadContext, Unit, formats

    reader = formats()["jsonl"]
    line = json.dumps({"text": "Body.\n\nAlso Read: Another story here\n\nMore body."}) + "\n"
    [doc] = reader.parse(Unit(line, 1, 0), ReadContext("d.jsonl"))
    alive = weakref.ref(doc)
    from lintnews.config import Config

    edits = [e for d in Linter(Options()).ruleset(Config()).run(doc, []) if d.fix for e in d.fix.edits]
    changes = [(doc, edits)]
    del doc
    fixed = reader.render(Unit(line, 1, 0), changes)
    gc.collect()
    assert "Also Read" not in fixed and alive() is None and changes == []
