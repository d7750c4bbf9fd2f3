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
    assert ratio < 6, ratio  # 7.5 when each step of a fix copied the line or the text



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
