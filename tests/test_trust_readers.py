"""Readers and decoding under hostile input: bytes kept exactly, every problem one line, the run
going on after it."""

import codecs

import pytest

from lintnews.readers.html import MOST_ATTRIBUTES, too_many_attributes
from lintnews.source import codec_name, decode
from lintnews.splice import changed_regions

from clitools import assert_one_line_error, lintnews

JUNK = "Also Read: Another headline"
# A tight text article: the "Also Read" line is the one thing a safe fix removes.
ARTICLE = "Headline\n\nA real paragraph {x} of the article.\n\n" + JUNK + "\n\nLast paragraph {y}.\n"
PAGE = ("<html><head><meta charset=\"{cs}\"><title>T</title></head><body><article>\n"
        "<h1>Headline</h1>\n<p>A real paragraph {x} of the article.</p>\n"
        "<p><a href=\"/other\">" + JUNK + "</a></p>\n<p>Last paragraph {y}.</p>\n"
        "</article></body></html>\n")

# CP932 has two byte sequences for these characters (NEC-selected and IBM extensions);
# Python's codec writes the NEC-selected ones, the file holds the IBM ones.
IBM = {"髙": b"\xfb\xfc", "﨑": b"\xfa\xb1", "ⅰ": b"\xfa\x40", "∵": b"\xfa\x5b"}


def ibm_cp932(text):
    data = text.encode("cp932")
    for ch, ibm in IBM.items():
        data = data.replace(ch.encode("cp932"), ibm)
    return data


def fix(tmp_path, name, data, config=None):
    p = tmp_path / name
    p.write_bytes(data)
    if config:
        (tmp_path / "lintnews.toml").write_text(config)
    return p, lintnews("check", "--fix", "--no-cache", p, cwd=tmp_path)


def without_junk(data, junk):
    assert data.count(junk) == 1
    return data.replace(junk, b"")


def test_cp932_extension_characters_keep_their_bytes(tmp_path):
    text = ARTICLE.format(x="①髙﨑", y="ⅰ∵")
    data = ibm_cp932(text)
    assert data != text.encode("cp932")  # the trap: re-encoding would change these bytes
    p, proc = fix(tmp_path, "a.txt", data, 'encoding = "cp932"\n')
    assert proc.returncode == 0, proc.err
    assert p.read_bytes() == without_junk(data, (JUNK + "\n\n").encode())


@pytest.mark.parametrize("label", ["ms932", "windows-31j", "x-sjis"])
def test_cp932_page_keeps_extension_bytes(tmp_path, label):
    data = ibm_cp932(PAGE.format(cs=label, x="①髙﨑", y="ⅰ"))
    p, proc = fix(tmp_path, "a.html", data)
    assert proc.returncode == 0, proc.err
    assert p.read_bytes() == without_junk(data, f'<p><a href="/other">{JUNK}</a></p>\n'.encode())


def test_shift_jis_round_trip(tmp_path):
    data = ARTICLE.format(x="日本語", y="終わり").encode("shift_jis")
    p, proc = fix(tmp_path, "a.txt", data, 'encoding = "shift-jis"\n')
    assert proc.returncode == 0, proc.err
    assert p.read_bytes() == without_junk(data, (JUNK + "\n\n").encode())


def test_one_stray_byte_in_a_utf8_page_is_kept_and_the_page_fixed(tmp_path):
    page = PAGE.format(cs="utf-8", x="caf\u00e9", y="\u2014 end").encode()
    data = page.replace(b"A real paragraph", b"A real\xff paragraph") + b"<!--" + b"x" * 1000 + b"-->\n"
    p, proc = fix(tmp_path, "a.html", data)
    # The kept byte is reported where it is (a lost character), never "fixed".
    assert proc.returncode == 1 and proc.err == "", proc.err
    assert "a.html:3:" in proc.out and "ENC002" in proc.out and "1 fixed" in proc.out
    assert p.read_bytes() == without_junk(data, f'<p><a href="/other">{JUNK}</a></p>\n'.encode())


def test_stray_byte_next_to_the_fix_in_text(tmp_path):
    body = ARTICLE.format(x="x", y="y").encode() + b"filler line\n" * 100
    data = body.replace(b"Last paragraph", b"\xe9Last paragraph")
    p, proc = fix(tmp_path, "a.txt", data)
    assert proc.returncode == 1 and "ENC002" in proc.out and "1 fixed" in proc.out, proc.err
    assert p.read_bytes() == without_junk(data, (JUNK + "\n\n").encode())


def test_a_mostly_invalid_file_is_still_refused(tmp_path):
    data = ARTICLE.format(x="caf\u00e9", y="na\u00efve").encode("latin-1") * 3
    p, proc = fix(tmp_path, "a.txt", data)
    assert "not valid utf-8" in assert_one_line_error(proc, str(p))
    assert p.read_bytes() == data


def test_utf16_with_bom_and_crlf_round_trip(tmp_path):
    text = ARTICLE.format(x="\u00e9\u4e2d", y="\U0001f600").replace("\n", "\r\n")
    data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    p, proc = fix(tmp_path, "a.txt", data)
    assert proc.returncode == 0, proc.err
    assert p.read_bytes() == codecs.BOM_UTF16_BE + text.replace(JUNK + "\r\n\r\n", "").encode("utf-16-be")


def test_crlf_cp932_round_trip(tmp_path):
    data = ibm_cp932(ARTICLE.format(x="髙", y="﨑").replace("\n", "\r\n"))
    p, proc = fix(tmp_path, "a.txt", data, 'encoding = "windows-31j"\n')
    assert proc.returncode == 0, proc.err
    assert p.read_bytes() == without_junk(data, (JUNK + "\r\n\r\n").encode())


def test_utf16_without_bom_is_named_and_read_when_declared(tmp_path):
    data = ARTICLE.format(x="x", y="y").encode("utf-16-le")
    p, proc = fix(tmp_path, "a.txt", data)
    assert "UTF-16 without a byte-order mark" in assert_one_line_error(proc, str(p))
    assert p.read_bytes() == data
    p, proc = fix(tmp_path, "a.txt", data, 'encoding = "utf-16-le"\n')
    assert proc.returncode == 0, proc.err
    assert p.read_bytes() == without_junk(data, (JUNK + "\n\n").encode("utf-16-le"))


@pytest.mark.parametrize("label,codec", [("utf-8-sig", "utf-8"), ("utf-16", "utf-16-le"), ("utf-32", "utf-32-le")])
def test_a_codec_that_writes_a_bom_adds_none_to_a_file_without_one(tmp_path, label, codec):
    # Text the fix left alone was encoded anew with the codec, BOM and all: a BOM the file
    # never had came first (and before every fixed record of a JSONL file).
    data = ARTICLE.format(x="x", y="y").encode(codec)
    p, proc = fix(tmp_path, "a.txt", data, f'encoding = "{label}"\n')
    assert proc.returncode == 0, proc.err
    assert p.read_bytes() == without_junk(data, (JUNK + "\n\n").encode(codec))
    if label == "utf-8-sig":
        record = ('{"text": "%s"}\n' % ARTICLE.format(x="x", y="y").replace("\n", "\\n")).encode()
        p, proc = fix(tmp_path, "a.jsonl", record * 2)
        assert proc.returncode == 0, proc.err
        assert p.read_bytes() == record.replace((JUNK + "\\n\\n").encode(), b"") * 2


@pytest.mark.parametrize("label", ["punycode", "unicode_escape", "raw-unicode-escape", "idna", "undefined"])
def test_a_python_codec_that_is_no_character_set_is_an_unknown_encoding(tmp_path, label):
    # punycode failed with a bare UnicodeError and a traceback; the escape codecs read the file
    # and wrote back bytes the fix had not touched.
    data = ARTICLE.format(x="x", y="y").encode("utf-8")
    p, proc = fix(tmp_path, "a.txt", data, f'encoding = "{label}"\n')
    assert_one_line_error(proc, str(p), "unknown encoding")
    assert p.read_bytes() == data


@pytest.mark.parametrize("label", ["unicode_escape", "raw_unicode_escape", "punycode"])
def test_a_page_declaring_a_python_codec_keeps_every_byte_outside_the_fix(tmp_path, label):
    # Read as the codec, "\\u0041" became "A" and "caf\\xe9" came back as four characters.
    page = PAGE.format(cs=label, x="C:\\new \\u0041", y="z").encode("utf-8")
    p, proc = fix(tmp_path, "a.html", page)
    assert proc.returncode == 0, proc.err
    assert p.read_bytes() == without_junk(page, b'<p><a href="/other">' + JUNK.encode() + b"</a></p>\n")
    bad = PAGE.format(cs=label, x="caf\xe9", y="z").encode("latin-1")
    p, proc = fix(tmp_path, "b.html", bad)
    assert_one_line_error(proc, str(p), "not valid utf-8")
    assert p.read_bytes() == bad


def test_late_nul_byte_is_binary(tmp_path):
    data = ARTICLE.format(x="x", y="y").encode() + b"a" * 20_000 + b"\x00tail\n"
    p, proc = fix(tmp_path, "a.txt", data)
    assert "binary" in assert_one_line_error(proc, str(p))
    assert p.read_bytes() == data


@pytest.mark.parametrize("label,codec", [
    ("windows-31j", "cp932"), ("MS932", "cp932"), ("x-sjis", "cp932"), ("shift-jis", "shift_jis"),
    ("x-mac-roman", "mac-roman"), ("x-cp1252", "cp1252"), ("ks_c_5601-1987", "cp949"),
])
def test_encoding_labels(label, codec):
    assert codec_name(label) == codec


def test_unknown_page_charset_is_read_as_utf8():
    assert decode(b'<meta charset="no-such"><p>ok</p>', "a.html", None, "no-such").text.endswith("ok</p>")


@pytest.mark.parametrize("old,new", [
    ("a\nb\nc\n", "a\nc\n"),
    ("<p>x</p><p>y</p><p>z</p>", "<p>x</p><p>z</p>"),
    ("one two three four", "one three four!"),
    ("same", "same"),
    ("", "added"),
])
def test_changed_regions_rebuild_the_new_text(old, new):
    out, pos = [], 0
    for a, b, c, d in changed_regions(old, new):
        out += [old[pos:a], new[c:d]]
        pos = b
    out.append(old[pos:])
    assert "".join(out) == new


# -- JSONL ----------------------------------------------------------------------------------
def jsonl_line(text, **extra):
    import json

    return json.dumps({"text": text, **extra}, ensure_ascii=False)


def test_deeply_nested_record_is_one_line_and_the_rest_is_fixed(tmp_path):
    good = jsonl_line(ARTICLE.format(x="x", y="y"))
    deep = '{"text": "a", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    data = (good + "\n" + deep + "\n" + good + "\n").encode()
    p, proc = fix(tmp_path, "a.jsonl", data)
    line = assert_one_line_error(proc, f"{p}:2:", "nested too deeply")
    assert "kept as is" in line
    fixed = jsonl_line(ARTICLE.format(x="x", y="y").replace(JUNK + "\n\n", ""))
    assert p.read_bytes() == (fixed + "\n" + deep + "\n" + fixed + "\n").encode()


def test_a_5000_digit_integer_is_valid_json(tmp_path):
    big = "9" * 5000
    line = '{"id": ' + big + ', "text": ' + jsonl_line(ARTICLE.format(x="x", y="y"))[9:]
    p, proc = fix(tmp_path, "a.jsonl", (line + "\n").encode())
    assert proc.returncode == 0, proc.err
    assert p.read_bytes() == (line.replace(JUNK + "\\n\\n", "") + "\n").encode()


def test_cp932_jsonl_keeps_extension_bytes(tmp_path):
    data = ibm_cp932(jsonl_line(ARTICLE.format(x="髙﨑", y="ⅰ"), title="﨑") + "\n")
    p, proc = fix(tmp_path, "a.jsonl", data, 'encoding = "windows-31j"\n')
    assert proc.returncode == 0, proc.err
    assert p.read_bytes() == without_junk(data, (JUNK + "\\n\\n").encode())


# -- Markdown front matter --------------------------------------------------------------------
BODY = "# Headline\n\nA  real paragraph of the article.\n\n" + JUNK + "\n\nLast paragraph.\n"
BODY_FIXED = "# Headline\n\nA real paragraph of the article.\n\nLast paragraph.\n"
FRONT = "---\ntitle: A  spaced   title\nauthor: Jane Doe\ndate: 2020-13-45\n---\n"


def test_crlf_front_matter_above_an_lf_body_is_front_matter(tmp_path):
    data = (FRONT.replace("\n", "\r\n") + BODY).encode()
    p, proc = fix(tmp_path, "a.md", data)
    assert proc.returncode == 0, proc.out + proc.err
    # WS003 fixed the body's doubled space and left the YAML's alone.
    assert p.read_bytes() == (FRONT.replace("\n", "\r\n") + BODY_FIXED).encode()


def test_all_crlf_front_matter_is_kept(tmp_path):
    data = (FRONT + BODY).replace("\n", "\r\n").encode()
    p, proc = fix(tmp_path, "a.md", data)
    assert proc.returncode == 0, proc.out + proc.err
    assert p.read_bytes() == (FRONT + BODY_FIXED).replace("\n", "\r\n").encode()


def test_impossible_date_is_kept_as_written():
    from lintnews.readers.markdown import front_matter

    meta, _ = front_matter(FRONT + BODY, "a.md")
    assert meta["date"] == "2020-13-45" and meta["author"] == "Jane Doe"
    meta, _ = front_matter("---\ndate: 2020-01-02 10:00:00\n---\n", "a.md")
    assert meta["date"] == "2020-01-02 10:00:00"


BOMB = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9)) + "---\n"


@pytest.mark.parametrize("front,needle", [
    (BOMB, "YAML alias (*a)"),
    ("---\nn: !!int nope\n---\n", "cannot be read"),
    ("---\nn: " + "[" * 20_000 + "]" * 20_000 + "\n---\n", "nested too deeply"),
    ("---\n" + "".join(" " * i + "k:\n" for i in range(500)) + "---\n", "nested too deeply"),
    ("---\n- a list\n---\n", "not a mapping"),
    ("---\na: [unclosed\n---\n", "not valid YAML"),
    # A control character YAML refuses, found as the loader is made, before it parses.
    ("---\ntitle: ok\nauthor: a\x07b\n---\n", "a.md:3: front matter is not valid YAML: special characters"),
    # A hexadecimal title YAML reads as a number too long to write in decimal.
    ("---\ntitle: 0x" + "f" * 5000 + "\n---\n", "cannot be read"),
    ("---\ntitle: [0x" + "f" * 5000 + "]\n---\n", "cannot be read"),
])
def test_bad_front_matter_is_one_line_and_the_run_goes_on(tmp_path, front, needle):
    (tmp_path / "a.md").write_text(front + BODY)
    (tmp_path / "b.md").write_text(BODY)
    proc = lintnews("check", "--fix", "--no-cache", ".", cwd=tmp_path)
    assert_one_line_error(proc, "a.md", needle)
    assert (tmp_path / "a.md").read_text() == front + BODY
    assert (tmp_path / "b.md").read_text() == BODY_FIXED


# -- HTML -----------------------------------------------------------------------------------
def test_html_deeper_than_the_parser_reads_is_said_and_left_alone(tmp_path):
    deep = PAGE.format(cs="utf-8", x="x", y="y").replace(
        "<article>", "<article>" + "<div>" * 100_000).encode()
    p, proc = fix(tmp_path, "a.html", deep)
    assert "nested deeper" in assert_one_line_error(proc, str(p))
    assert p.read_bytes() == deep


def test_html_with_an_element_of_too_many_attributes_is_said_and_left_alone(tmp_path):
    # libxml2 takes time in the square of one element's attributes: 100,000 took 17 s, and a
    # million would take half an hour. One over the limit is refused as surely, in a tenth of the
    # text. Quoted values may hold a ">".
    crowded = PAGE.format(cs="utf-8", x="x", y="y").replace(
        "<article>", "<article data-x " + " ".join(f'a{i}="v>{i}"' for i in range(10_000)) + ">").encode()
    p, proc = fix(tmp_path, "a.html", crowded)
    assert "more than 10,000 attributes" in assert_one_line_error(proc, str(p))
    assert p.read_bytes() == crowded
    usual = PAGE.format(cs="utf-8", x="x", y="y").replace(
        "<article>", "<article " + " ".join(f'data-a{i}="v>{i}"' for i in range(2000)) + ">").encode()
    p, proc = fix(tmp_path, "b.html", usual)
    assert proc.returncode == 0, proc.out + proc.err


@pytest.mark.parametrize("count,refused", [(MOST_ATTRIBUTES, False), (MOST_ATTRIBUTES + 1, True)])
def test_the_attribute_limit_refuses_more_than_its_message_says_and_no_fewer(count, refused):
    # The test alone, not the parse: libxml2 takes a third of a second over 10,000 attributes.
    tag = "<article " + " ".join(f'a{i}="v>{i}"' for i in range(count)) + ">"
    assert too_many_attributes(tag) is refused

def test_html_just_below_the_limit_is_fixed(tmp_path):
    data = PAGE.format(cs="utf-8", x="x", y="y").replace(
        "<article>", "<article>" + "<div>" * 200).encode()
    p, proc = fix(tmp_path, "a.html", data)
    assert proc.returncode == 0, proc.out + proc.err
    assert p.read_bytes() == without_junk(data, f'<p><a href="/other">{JUNK}</a></p>\n'.encode())


def test_html_with_markup_after_its_end_is_fixed(tmp_path):
    # libxml2 makes what follows </html> a second root element; looking for the element after
    # the page's last block, the reader climbed into it and failed (KeyError, a traceback).
    tail = "<script>var seen = 1;</script>\n"
    page = PAGE.format(cs="utf-8", x="x", y="y").replace("<p>Last paragraph y.</p>\n", "")
    data = (page + tail).encode()
    p, proc = fix(tmp_path, "a.html", data)
    assert proc.returncode == 0, proc.out + proc.err
    assert p.read_bytes() == data.replace(f'<p><a href="/other">{JUNK}</a></p>\n'.encode(), b"")


def test_stdin_filter_keeps_extension_bytes(tmp_path):
    data = ibm_cp932(ARTICLE.format(x="髙﨑", y="ⅰ"))
    (tmp_path / "lintnews.toml").write_text('encoding = "ms932"\n')
    proc = lintnews("check", "--fix", "--no-cache", "--stdin-filename", "a.txt", "-", cwd=tmp_path, stdin=data)
    assert proc.stdout == without_junk(data, (JUNK + "\n\n").encode())


@pytest.mark.parametrize("label", ["iso-8859-1", "latin1", "us-ascii"])
def test_a_page_that_says_latin_1_is_read_as_browsers_read_it(tmp_path, label):
    # Read as Latin-1, the page's curly quotes and dashes (windows-1252's 0x80-0x9F) reached the
    # rules as control characters: "Minister\x92s plan".
    page = (f'<html><head><meta charset="{label}"></head><body><article><h1>Rally</h1>\n'
            "<p>The minister spoke to a crowd of several thousand supporters in the park on Sunday.</p>\n"
            "<p>Also Read: Minister\u2019s plan for the city \u2013 what it means</p>\n"
            "<p>The rally ended peacefully in the early evening, police said, and no one was held.</p>\n"
            "</article></body></html>\n").encode("cp1252")
    assert decode(page, "a.html", None, label).text == page.decode("cp1252")
    (tmp_path / "a.html").write_bytes(page)
    proc = lintnews("check", "--no-cache", "--fix", "a.html", cwd=tmp_path)
    assert proc.returncode == 0, proc.err
    assert (tmp_path / "a.html").read_bytes() == page.replace(
        "<p>Also Read: Minister\u2019s plan for the city \u2013 what it means</p>\n".encode("cp1252"), b"")


def test_a_page_that_says_latin_1_with_a_byte_windows_1252_lacks_is_read_as_it_says():
    page = b'<html><head><meta charset="iso-8859-1"></head><body><p>Caf\xe9 \x81 \x93quoted\x94</p></body></html>'
    assert decode(page, "a.html", None, "iso-8859-1").text == page.decode("latin-1")
