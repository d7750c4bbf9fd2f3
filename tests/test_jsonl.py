"""The JSONL reader and streamed linting/fixing, on tests/fixtures/jsonl/dump.jsonl."""

import json
import re
import os
import shutil

import pytest

from lintnews.api import Linter, Options
from lintnews.config import Config
from lintnews.readers import ReadContext, Unit, formats
from lintnews.readers.jsonl import StringOffsets, value_spans

from conftest import FIXTURES, run_cli

DUMP = os.path.join(FIXTURES, "jsonl", "dump.jsonl")


def dump_copy(tmp_path):
    path = tmp_path / "dump.jsonl"
    shutil.copy(DUMP, path)
    return path


def test_records_fields_and_meta():
    with open(DUMP, encoding="utf-8") as f:
        first = f.readline()
    [doc] = formats()["jsonl"].parse(Unit(first, 1, 0), ReadContext("d.jsonl"))
    assert doc.field == "text"
    assert doc.text.startswith("Café owners met on Monday.\n\nAlso Read:")
    assert doc.meta["title"] == "Café talks" and doc.meta["author"] == "Jane Doe"
    assert doc.meta["url"] == "https://example.org/a"
    assert doc.meta["fields"]["author_bio"] == "Jane is a writer."
    assert "text" not in doc.meta["fields"] and "tags" not in doc.meta["fields"]


def test_configured_fields():
    line = '{"summary": "Also Read: x", "text": "Body.", "content": "Other."}\n'
    ctx = ReadContext("d.jsonl", {"fields": ["summary", "content"]})
    docs = formats()["jsonl"].parse(Unit(line), ctx)
    assert [d.field for d in docs] == ["summary", "content"]


def test_check_reports_line_column_field_and_the_broken_line(tmp_path):
    path = dump_copy(tmp_path)
    proc = run_cli("check", "--output-format", "json", str(path))
    assert proc.returncode == 2
    found = json.loads(proc.stdout)
    rel = next(d for d in found if d["code"] == "REL001")
    syn = next(d for d in found if d["code"] == "SYN001")
    assert (rel["line"], rel["field"]) == (1, "text")
    assert (syn["line"], syn["field"]) == (4, "content")
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0][rel["column"] - 1:].startswith("Also Read:")
    assert lines[3][syn["column"] - 1:].startswith("Source link")
    err = proc.stderr.decode()
    assert f"{path}:3: malformed JSON record" in err
    assert f"{path}:5: record is not a JSON object" in err
    assert "Traceback" not in err


def test_fix_rewrites_only_changed_records_and_keeps_their_style(tmp_path):
    path = dump_copy(tmp_path)
    before = path.read_bytes().split(b"\n")
    proc = run_cli("check", "--fix", str(path))
    assert proc.returncode == 2  # the malformed lines remain, reported
    after = path.read_bytes().split(b"\n")
    assert len(after) == len(before)
    changed = [i + 1 for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert changed == [1, 4]
    # escapes, CRLF inside the string, key order and the other fields are as they were
    assert after[0] == (b'{"id": 1, "url": "https://example.org/a", "title": "Caf\\u00e9 talks", '
                        b'"author": "Jane Doe", "text": "Caf\\u00e9 owners met on Monday.\\r\\n\\r\\n'
                        b'They agreed on \\"fair\\" prices \\u2014 for now.", '
                        b'"author_bio": "Jane is a writer.", "tags": ["a", "b"]}')
    assert after[3] == '{"content": "Der Brücke fehlt nichts.", "url": "https://example.de/b", "id": 4}'.encode()
    assert after[2] == before[2] and after[4] == before[4]  # malformed lines kept byte for byte
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".lintnews-")]


def test_streamed_result_keeps_no_copy_of_the_file(tmp_path):
    path = dump_copy(tmp_path)
    result = Linter(Options(fix=True)).process(str(path))
    assert result.original is None and result.new is None and result.changed
    assert {d.code for d in result.fixed} == {"REL001", "SYN001"}
    assert [e.line for e in result.errors] == [3, 5]


def test_in_memory_path_agrees_with_the_stream(tmp_path):
    with open(DUMP, encoding="utf-8") as f:
        text = f.read()
    mem = Linter(Options()).lint_text(text, "d.jsonl", Config(), formats()["jsonl"])
    streamed = Linter(Options()).process(str(dump_copy(tmp_path)))
    key = lambda d: (d.line, d.column, d.code, d.field)
    assert sorted(map(key, mem.diagnostics)) == sorted(map(key, streamed.diagnostics))


def test_diff_writes_nothing(tmp_path):
    path = dump_copy(tmp_path)
    data = path.read_bytes()
    proc = run_cli("check", "--diff", str(path))
    out = proc.stdout.decode()
    # The changed field's text, labelled with file, line, field and record; not the raw line.
    assert out.startswith("# lintnews: JSONL records are shown as diffs of their changed text fields")
    assert f"--- a {path}:4:content (record 4)\n" in out
    assert "-Source link\n" in out and "-{\"id\"" not in out
    assert path.read_bytes() == data


def test_diff_of_a_record_holding_a_lone_surrogate_shows_its_escape(tmp_path):
    # The field's text holds the character "\\ud800" makes, which no stream can write: the diff
    # raised a UnicodeEncodeError traceback.
    path = tmp_path / "s.jsonl"
    text = "Body of the story \\ud800 here.\\n\\nAlso Read: Another story of the day\\n\\nMore of the article.\\n"
    path.write_text('{"id": 1, "text": "' + text + '"}\n', encoding="utf-8")
    data = path.read_bytes()
    proc = run_cli("check", "--diff", str(path))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr.decode()
    out = proc.stdout.decode()
    assert " Body of the story \\ud800 here.\n" in out and "-Also Read: Another story of the day\n" in out
    assert path.read_bytes() == data


def test_crlf_file_and_bom(tmp_path):
    path = tmp_path / "crlf.ndjson"
    lines = ['{"text": "Fine.\\n\\nSource link"}', '{"text": "Clean."}']
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n")
    proc = run_cli("check", "--fix", str(path))
    assert proc.returncode == 0, proc.stderr.decode()
    assert path.read_bytes() == b'\xef\xbb\xbf{"text": "Fine."}\r\n{"text": "Clean."}\r\n'


def test_binary_and_bad_encoding_lines_are_reported_and_kept(tmp_path):
    path = tmp_path / "bad.jsonl"
    data = b'{"text": "caf\xe9"}\n{"text": "ok\\n\\nSource link"}\n\x00\x01\x02\n'
    path.write_bytes(data)
    proc = run_cli("check", "--fix", str(path))
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err
    assert f"{path}:1: not valid utf-8" in err and f"{path}:3: binary data" in err
    assert path.read_bytes() == data.replace(b'ok\\n\\nSource link', b"ok")


def test_value_spans_and_offsets():
    line = '{"a": 1, "t": "x\\u00e9\\ud83d\\ude00\\"y", "b": [1, {"c": 2}]}'
    spans = value_spans(line)
    assert line[spans["t"][0]:spans["t"][1]] == '"x\\u00e9\\ud83d\\ude00\\"y"'
    assert line[spans["b"][0]:spans["b"][1]] == '[1, {"c": 2}]'
    raw = line[spans["t"][0] + 1:spans["t"][1] - 1]
    assert list(StringOffsets(raw)) == [0, 1, 7, 19, 21, 22]
    assert list(StringOffsets(raw, 100)) == [100, 101, 107, 119, 121, 122]


def _offsets_by_walking(raw: str, base: int = 0) -> list[int]:
    """Each decoded character's raw offset, read escape by escape."""
    out, i = [], 0
    while i < len(raw):
        width = 1
        if raw[i] == "\\":
            width = 2
            if raw[i + 1] == "u":
                width = 6
                if 0xD800 <= int(raw[i + 2:i + 6], 16) < 0xDC00 and raw[i + 6:i + 8] == "\\u" \
                        and 0xDC00 <= int(raw[i + 8:i + 12], 16) < 0xE000:
                    width = 12
        out.append(base + i)
        i += width
    return out + [base + len(raw)]


def test_offsets_are_those_of_a_walk_over_the_escapes():
    # Surrogate pairs (upper- or lower-case hex), lone surrogates, escaped backslashes before a
    # "u", and unescaped text between: every decoded character maps to its escape's start.
    import random

    rng = random.Random(7)
    alphabet = ["a", " ", "\n", '"', "\\", "/", "\t", "é", "€", "😀", "\ud800", "\udc00", "\x01", "Ж", "u"]
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        raw = json.dumps(text, ensure_ascii=rng.random() < 0.5)[1:-1]
        if rng.random() < 0.5:
            raw = re.sub(r"\\u[0-9a-f]{4}", lambda m: m.group(0)[:2] + m.group(0)[2:].upper(), raw)
        assert list(StringOffsets(raw)) == _offsets_by_walking(raw), raw
        line = '{"id": 1, "t": "' + raw + '"}'
        start = line.index('"t": "') + 6
        assert list(StringOffsets(line, start, start + len(raw))) == _offsets_by_walking(raw, start), raw


@pytest.mark.parametrize("line", [
    '{"a": 1, "t": "x\\u00e9\\ud83d\\ude00\\"y", "b": [1, {"c": 2}]}',
    '{"t": "ends in a backslash \\\\", "u": "\\\\\\"", "v": ""}',
    '{"t": "tab\\tand\\nbreaks\\r\\n", "n": null, "o": {"t": "inner \\" quote"}}\r\n',
])
def test_a_long_line_finds_string_ends_as_the_decoder_does(line, monkeypatch):
    from lintnews.readers import jsonl

    short = value_spans(line)
    monkeypatch.setattr(jsonl, "_LONG_LINE", 0)  # every line read as one of a megabyte or more
    assert value_spans(line) == short and short


def _offsets_one_by_one(raw):
    """The raw offset of each decoded character, walked a character at a time."""
    offs, i = [], 0
    while i < len(raw):
        offs.append(i)
        if raw[i] != "\\":
            i += 1
        elif raw[i + 1] != "u":
            i += 2
        elif 0xD800 <= int(raw[i + 2:i + 6], 16) < 0xDC00 and raw[i + 6:i + 8] == "\\u" \
                and 0xDC00 <= int(raw[i + 8:i + 12], 16) < 0xE000:
            i += 12
        else:
            i += 6
    return offs + [len(raw)]


def test_string_offsets_from_escapes_match_a_walk_of_every_character():
    import random

    rng = random.Random(7)
    alphabet = ["a", " ", "é", "\n", '"', "\\", "\t", "\x01", "😀", "\ud800", "\udc00", "中", "/"]
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        for ascii_only in (True, False):
            raw = json.dumps(text, ensure_ascii=ascii_only)[1:-1]
            offsets = StringOffsets(raw)
            assert list(offsets) == _offsets_one_by_one(raw), raw
            assert len(offsets) == len(json.loads(f'"{raw}"')) + 1


def test_string_offsets_read_in_place_match_those_of_the_value_cut_out():
    raw = 'x\\n\\u00e9\\ud83d\\ude00 "q\\"\\\\ tail'
    line = '{"text": "' + raw + '"}'
    start = line.index(raw)
    assert list(StringOffsets(line, start, start + len(raw))) == list(StringOffsets(raw, start))


def test_a_long_record_lets_go_of_its_line_and_keeps_its_positions(monkeypatch):
    from lintnews.readers import jsonl

    line = '{"id": 1, "text": "Tit\\u00e9le\\n\\nA paragraph\\r\\nmore \\ud83d\\ude00 end"}\n'
    record = json.loads(line)
    lazy = jsonl.JsonlSource(line, 3, "text", record["text"])
    monkeypatch.setattr(jsonl, "_LONG_LINE", 10)
    eager = jsonl.JsonlSource(line, 3, "text", record["text"])
    assert eager.line is None and lazy.line is line
    text = record["text"].replace("\r\n", "\n")
    assert [eager.position(i) for i in range(len(text) + 1)] == [lazy.position(i) for i in range(len(text) + 1)]


def _random_record_line(rng):
    alphabet = ["a", " ", "é", "\n", '"', "\\", "\t", "😀", "\ud800", "中", "/", "\r\n", "x" * 9]
    def text():
        return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
    record = {"id": rng.randrange(10**6), "text": text(), "title": text(),
              "tags": [text(), {"k": text()}], "n": None, "ok": rng.random() < 0.5, "f": 1.5}
    keys = list(record)
    rng.shuffle(keys)
    line = json.dumps({k: record[k] for k in keys}, ensure_ascii=rng.random() < 0.5,
                      separators=rng.choice([(",", ":"), (", ", ": "), (" ,\t", " : ")]))
    if rng.random() < 0.2:
        line = line[:-1] + ', "text": ' + json.dumps(text()) + "}"  # a key given twice: the last counts
    return " " * rng.randrange(2) + line + rng.choice(["", "\n", " \r\n"])


def test_a_long_record_decoded_in_pieces_is_the_record_the_decoder_reads(monkeypatch):
    import random

    from lintnews.readers import jsonl

    monkeypatch.setattr(jsonl, "_PIECE", 5)  # every string of more than 5 characters in pieces
    rng = random.Random(11)
    for _ in range(1500):
        line = _random_record_line(rng)
        record, pieces = jsonl._long_record(line)
        for key, parts in pieces.items():
            assert record[key] == ""
            record[key] = "".join(parts)
        assert record == json.loads(line), line


@pytest.mark.parametrize("line", [
    '{"text": "a control \x01 character"}',
    '{"text": "a bad \\q escape here"}',
    '{"text": "unterminated string goes on',
    '{"text": "fine"} trailing',
    '{"text": "fine",}',
    '["text", "not an object"]',
    '{"text" "no colon"}',
    '{"text": "a lone \\ud83d high half then more text"}',
])
def test_a_long_line_that_is_not_a_valid_record_is_left_to_the_decoder(line, monkeypatch):
    from lintnews.readers import jsonl

    monkeypatch.setattr(jsonl, "_PIECE", 5)
    try:
        expected = json.loads(line)
    except ValueError:
        expected = None
    if not isinstance(expected, dict):
        assert jsonl._long_record(line) is None
    else:  # a lone surrogate escape is valid JSON: read as the decoder reads it
        record, pieces = jsonl._long_record(line)
        assert {**record, **{k: "".join(v) for k, v in pieces.items()}} == expected


def test_a_long_record_is_checked_and_fixed_as_the_same_record_read_whole(tmp_path, monkeypatch):
    from lintnews.readers import jsonl

    paras = [f"Paragraph {i} of the story says \u201cmore\u201d about the council\\/library.\r\n"
             for i in range(40)]
    paras[5] = "Also Read: Another story here"
    paras[20] += " \U0001F600 \"quoted\" and a tab\t."
    record = {"id": 7, "title": "T", "text": "\n\n".join(paras), "html": "<p>" + "x" * 300 + "</p>"}
    line = json.dumps(record, ensure_ascii=False) + "\n"
    results = {}
    for long_line in (1 << 40, 100):
        monkeypatch.setattr(jsonl, "_LONG_LINE", long_line)
        monkeypatch.setattr(jsonl, "_PIECE", 64)
        for fix in (False, True):
            path = tmp_path / f"{long_line}-{fix}.jsonl"
            path.write_text(line, encoding="utf-8")
            found = Linter(Options(fix=fix)).process(str(path))
            results[long_line, fix] = ([(d.code, d.line, d.column, d.end_column) for d in found.diagnostics + found.fixed],
                                       path.read_bytes())
    assert results[100, False] == results[1 << 40, False] and results[100, False][0]
    assert results[100, True] == results[1 << 40, True]
    assert b"Also Read" not in results[100, True][1]
