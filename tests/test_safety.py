"""Nothing lost: encodings, line endings, modes, bad input, atomic and stale-safe writes."""

import codecs
import os
import stat

import pytest

from lintnews.errors import InputError
from lintnews.source import atomic_write, fingerprint

from clitools import assert_one_line_error, run_cli

ARTICLE = "Headline\n\nA real paragraph of the article.\n\nAlso Read:Another headline\n\nLast paragraph."
CLEANED = "Headline\n\nA real paragraph of the article.\n\nLast paragraph."


def fix(path, *extra):
    return run_cli("check", "--fix", *extra, str(path))


def test_crlf_stays_crlf_and_missing_final_newline_stays_missing(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(ARTICLE.replace("\n", "\r\n").encode())
    assert fix(p).returncode == 0
    assert p.read_bytes() == CLEANED.replace("\n", "\r\n").encode()


def test_final_newline_kept(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes((ARTICLE + "\n").encode())
    fix(p)
    assert p.read_bytes() == (CLEANED + "\n").encode()


def test_utf8_bom_kept(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(codecs.BOM_UTF8 + ARTICLE.encode())
    fix(p)
    assert p.read_bytes() == codecs.BOM_UTF8 + CLEANED.encode()


def test_utf16_with_bom_is_read_and_written_back_in_utf16(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"))
    fix(p)
    assert p.read_bytes() == codecs.BOM_UTF16_LE + CLEANED.encode("utf-16-le")


def test_file_mode_kept(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    os.chmod(p, 0o640)
    fix(p)
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o640
    assert p.read_text(encoding="utf-8") == CLEANED
    assert [n for n in os.listdir(tmp_path) if n.startswith(".lintnews-")] == []


def test_binary_file_is_an_input_error_and_untouched(tmp_path):
    p = tmp_path / "photo.txt"
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    p.write_bytes(data)
    assert "binary" in assert_one_line_error(fix(p), str(p))
    assert p.read_bytes() == data


def test_invalid_utf8_is_reported_and_untouched(tmp_path):
    p = tmp_path / "latin.txt"
    data = "Caf\u00e9 owners said.\n\nAlso Read:Other\n".encode("latin-1")
    p.write_bytes(data)
    assert "not valid utf-8" in assert_one_line_error(fix(p), str(p))
    assert p.read_bytes() == data


def test_declared_encoding_reads_and_keeps_latin1(tmp_path):
    p = tmp_path / "latin.txt"
    (tmp_path / "lintnews.toml").write_text('encoding = "latin-1"\n')
    p.write_bytes("Caf\u00e9 owners said.\n\nAlso Read:Other headline\n".encode("latin-1"))
    assert fix(p).returncode == 0
    assert p.read_bytes() == "Caf\u00e9 owners said.\n".encode("latin-1")


def test_missing_path(tmp_path):
    p = tmp_path / "nope.txt"
    assert "no such file" in assert_one_line_error(run_cli("check", str(p)), str(p))


def test_link_loop_is_an_error_not_a_hang(tmp_path):
    loop = tmp_path / "loop"
    os.symlink(loop, loop)
    assert_one_line_error(run_cli("check", str(loop)), str(loop))


def test_other_files_are_still_processed_after_an_error(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02")
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    proc = run_cli("check", "--fix", str(tmp_path))
    assert proc.returncode == 2
    assert good.read_text(encoding="utf-8") == CLEANED


def test_write_refuses_a_file_changed_since_it_was_read(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("old", encoding="utf-8")
    seen = fingerprint(p)
    original = p.read_bytes()
    p.write_text("changed by someone else", encoding="utf-8")
    with pytest.raises(InputError, match="changed since it was read"):
        atomic_write(str(p), b"new", seen, original)
    assert p.read_text(encoding="utf-8") == "changed by someone else"


PAGE = ('<html><head><meta charset="{cs}"><title>Caf\u00e9</title></head><body>'
        '<p>Le caf\u00e9 est ouvert, a dit le maire, et tout le monde est content.</p>'
        '<p>Lire aussi : Un autre article</p></body></html>')


def test_html_in_its_declared_charset_is_read_and_written_back_in_it(tmp_path):
    p = tmp_path / "page.html"
    p.write_bytes(PAGE.format(cs="iso-8859-1").encode("latin-1"))
    assert fix(p).returncode == 0
    assert p.read_bytes() == PAGE.format(cs="iso-8859-1").replace(
        "<p>Lire aussi : Un autre article</p>", "").encode("latin-1")


def test_utf8_page_that_declares_another_charset_stays_utf8(tmp_path):
    p = tmp_path / "page.html"
    p.write_bytes(PAGE.format(cs="windows-1252").encode("utf-8"))
    assert fix(p).returncode == 0
    text = p.read_bytes().decode("utf-8")
    assert "Le caf\u00e9 est ouvert" in text and "Lire aussi" not in text
