"""Markdown: front matter is metadata, never linted or changed; blocks come from a real parser."""

import pytest

from lintnews.readers import formats

from conftest import run_cli

DOC = """---
title: "Also Read: not a body line"
author: Jane Roe
date: 2025-05-19
---
# Trump says talks to begin

> Also Read: a quote block is a quote, not an insertion

Body paragraph with a *link*.

- a list item
- Also Read: [Another headline](https://example.com/x)

Also Read: Yet another headline
"""


def parse(text):
    return formats()["markdown"].parse(
        __import__("lintnews.readers", fromlist=["Unit"]).Unit(text),
        __import__("lintnews.readers", fromlist=["ReadContext"]).ReadContext("a.md"))[0]


def test_front_matter_is_metadata_and_blocks_have_kinds():
    doc = parse(DOC)
    assert doc.meta["title"] == "Also Read: not a body line"
    assert doc.meta["author"] == "Jane Roe" and doc.meta["date"] == "2025-05-19"
    kinds = [(b.kind, doc.block_text(b)[:12]) for b in doc.blocks]
    assert kinds == [("title", "Trump says t"), ("quote", "Also Read: a"), ("paragraph", "Body paragra"),
                     ("list-item", "a list item"), ("list-item", "Also Read: ["), ("paragraph", "Also Read: Y")]


def test_fix_leaves_front_matter_and_quotes_alone(tmp_path):
    p = tmp_path / "a.md"
    p.write_text(DOC, encoding="utf-8")
    proc = run_cli("check", "--fix", "--select", "REL", str(p))
    assert proc.returncode == 0, proc.stdout
    text = p.read_text(encoding="utf-8")
    assert text.startswith(DOC.split("# Trump")[0])
    assert "> Also Read: a quote block" in text
    assert "Another headline" not in text and "Yet another" not in text
    assert text.endswith("- a list item\n")


def test_bad_front_matter_is_an_input_error(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    proc = run_cli("check", str(p))
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "front matter" in err and str(p) in err and "Traceback" not in err


def test_brackets_in_titles_and_nested_lists_still_read():
    """The depth check that stops a crafted front matter early counts brackets, quoted or not: real
    metadata holds a few, well under its limit."""
    doc = parse('---\ntitle: "Q&A [part 2] {live}"\ntags: [a, [b, {c: [d, [e]]}]]\n---\nBody.\n')
    assert doc.meta["title"] == "Q&A [part 2] {live}"
    assert doc.meta["front_matter"]["tags"] == ["a", ["b", {"c": ["d", ["e"]]}]]


def test_a_stray_cr_ends_a_line_as_the_parser_reads_it(tmp_path):
    # The parser ends a line at a lone CR; counted at LF only, its blocks landed a line late:
    # here the paragraph before the fence on the fenced "Also Read" line, and the last one
    # past the end of the file (a traceback).
    fenced = "```\nAlso Read: Leaders to speak on Monday\n```\n"
    doc = ("# A headline about the talks\n\nThe first paragraph says something.\rIt goes on.\rAnd on.\n\n"
           "How the related line is printed:\n" + fenced + "\nAlso Read: Another headline\n\n"
           "The last paragraph of the article, a real sentence.\n")
    p = tmp_path / "a.md"
    p.write_bytes(doc.encode())
    texts = [b.kind + ":" + parse(doc).block_text(b)[:16] for b in parse(doc).blocks]
    assert texts == ["title:A headline about", "paragraph:The first paragr", "paragraph:How the related ",
                     "paragraph:Also Read: Anoth", "paragraph:The last paragra"]
    proc = run_cli("check", "--fix", str(p))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert p.read_bytes() == doc.replace("Also Read: Another headline\n\n", "").encode()


def test_removing_the_last_blocks_keeps_the_code_around_them(tmp_path):
    # A code block is no block to the rules: removing the last block took everything from the
    # previous block to the end of the file, code blocks before and after it included.
    before = "```\nAlso Read: Leaders to speak on Monday\n```\n\n"
    after = "\n```\nSource link\n```\n"
    doc = "# A headline\n\nThe article's one real paragraph, with a sentence.\n\n" + before + "Advertisement\n"
    p = tmp_path / "a.md"
    for text, fixed in ((doc, doc.replace("\nAdvertisement\n", "")),
                        (doc + after, doc.replace("Advertisement\n", "") + after[1:])):
        p.write_text(text)
        proc = run_cli("check", "--fix", str(p))
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert p.read_text() == fixed


def test_removing_a_run_of_blocks_keeps_the_code_between_them(tmp_path):
    # A menu of labels removed as one run took everything from its first label to its last, the
    # code block standing between two of them included.
    head = ("# Council approves budget\n\nThe city council approved the budget on Monday after a long debate "
            "about schools and roads in the northern districts of the city.\n\n")
    code = "```\nkeep this code\n```\n\n"
    tail = ("The budget takes effect in January, officials said, and will be reviewed in the spring by an "
            "independent panel of experts.\n\nThe mayor said the vote showed the council could agree on hard "
            "choices, and promised more money for repairs next year.\n\nThe opposition said it would keep "
            "watching how the money is spent in the coming months and years.\n")
    p = tmp_path / "a.md"
    p.write_text(head + "Home\n\nNews\n\n" + code + "Sport\n\nWeather\n\nContact\n\n" + tail)
    proc = run_cli("check", "--fix", "--unsafe-fixes", str(p))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert p.read_text() == head + code + tail


@pytest.mark.parametrize("text", ["# ", "## \nBody of the story.\n", "Body of the story.\n\n#  \n\nMore of it.\n",
                                  "> ## \t\n"])
def test_an_empty_heading_is_an_empty_block(text):
    # Its marker's white space runs past the end of its stripped text: the reader failed on it.
    doc = parse(text)
    headings = [b for b in doc.blocks if b.kind in ("title", "heading")]
    assert len(headings) == 1 and doc.block_text(headings[0]) == ""


def test_a_file_with_an_empty_heading_is_checked_and_fixed(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("Body of the story.\n\n##  \n\nMore of the story.\n", encoding="utf-8")
    proc = run_cli("check", "--fix", str(p))
    assert proc.returncode == 0, proc.stderr
    assert p.read_text(encoding="utf-8") == "Body of the story.\n\n##\n\nMore of the story.\n"
