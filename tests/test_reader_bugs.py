"""A reader that fails where it should have read a file, or said in one line why it could not, is
that file's error, as a failing rule's is: one line naming the file (and a JSONL record's line),
exit 2, the file left as it was, and the run goes on with the other files."""

import pytest

from lintnews.readers.jsonl import JsonlReader
from lintnews.readers.markdown import MarkdownReader

from clitools import assert_one_line_error, lintnews

BODY = "The body of the article, with words enough in it.\n\nAlso Read: Another headline\n"


def _failing(method):
    def failing(self, unit, *args):
        if "boom" in unit.text:
            raise ValueError("bad span 3..2")
        return method(self, unit, *args)
    return failing


@pytest.mark.parametrize("fix", [False, True])
def test_a_reader_that_fails_on_a_file_is_that_files_error(tmp_path, monkeypatch, fix):
    monkeypatch.setattr(MarkdownReader, "parse", _failing(MarkdownReader.parse))
    (tmp_path / "bad.md").write_text("boom\n\n" + BODY, encoding="utf-8")
    (tmp_path / "good.md").write_text(BODY, encoding="utf-8")
    proc = lintnews("check", *(["--fix"] if fix else []), "bad.md", "good.md", cwd=tmp_path)
    assert_one_line_error(proc, "bad.md: reading it as markdown failed: ValueError: bad span 3..2",
                          "test_reader_bugs.py:", "a bug in lintnews")
    assert (tmp_path / "bad.md").read_text(encoding="utf-8") == "boom\n\n" + BODY
    good = (tmp_path / "good.md").read_text(encoding="utf-8")
    assert ("Also Read" not in good) if fix else ("good.md" in proc.out and good == BODY)


def test_a_reader_that_fails_writing_a_record_back_is_that_records_error(tmp_path, monkeypatch):
    monkeypatch.setattr(JsonlReader, "render", _failing(JsonlReader.render))
    lines = ['{"text": "%s"}\n' % BODY.replace("\n", "\\n"), '{"text": "boom\\n\\n%s"}\n' % BODY.replace("\n", "\\n")]
    (tmp_path / "dump.jsonl").write_text("".join(lines), encoding="utf-8")
    proc = lintnews("check", "--fix", "dump.jsonl", cwd=tmp_path)
    assert_one_line_error(proc, "dump.jsonl:2: reading it as jsonl failed: ValueError")
    # The dump's other record is fixed; the failing one is kept as it was.
    fixed = (tmp_path / "dump.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    assert "Also Read" not in fixed[0] and fixed[1] == lines[1]
