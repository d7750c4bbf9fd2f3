"""The given-name lexicon is looked up by bisection: its records must stay in the names' order."""

from itertools import pairwise

from lintnews.bio import lexicon


def test_records_are_sorted_by_name_and_unique():
    lines = lexicon._lines()
    names = [line.split("\t", 1)[0] for line in lines]
    assert len(lines) > 20_000
    assert all(a < b for a, b in pairwise(lines))
    assert all(a < b for a, b in pairwise(names))


def test_lookup_finds_first_last_and_missing_names():
    lines = lexicon._lines()
    for line in (lines[0], lines[len(lines) // 2], lines[-1]):
        name, sex, births, total = line.split("\t")
        assert lexicon.is_given_name(name.capitalize())
        assert lexicon.lookup(name.upper()) == lexicon.NameFacts(sex, int(births), int(total))
    for word in ("", "zzzzzz", lines[0].split("\t")[0][:-1], lines[-1].split("\t")[0] + "z"):
        assert not lexicon.is_given_name(word) and lexicon.lookup(word) is None


def test_known_names_and_a_word_holding_a_tab():
    assert lexicon.lookup("Mary").sex == "f"
    assert lexicon.lookup("John").sex == "m"
    name, sex = lexicon._lines()[0].split("\t")[:2]
    # A tab would reach into the record's facts, which are no part of the name.
    assert not lexicon.is_given_name(f"{name}\t{sex}")


def test_a_search_of_the_text_answers_as_bisection(monkeypatch):
    text = lexicon._text()
    assert "\r" not in text
    lines = lexicon._lines()
    assert all(line.split("\t", 1)[0].isprintable() and not line.startswith("#") for line in lines)
    words = [line.split("\t", 1)[0] for line in lines[::97]]
    words += [w[:-1] for w in words] + [w + "x" for w in words] + ["", "#", "a\tb", "Zoë", "mary ann"]
    words += [line for line in text.splitlines() if line.startswith("#")]  # the comments are no names
    searched, bisected = [], []
    for word in words:
        monkeypatch.setattr(lexicon, "_searched", 0)
        searched.append(lexicon.lookup(word))
        monkeypatch.setattr(lexicon, "_searched", lexicon._SEARCHES)
        bisected.append(lexicon.lookup(word))
    assert searched == bisected
    assert sum(f is not None for f in searched) >= len(lines) // 97


def _fresh_text(monkeypatch, folder) -> str:
    monkeypatch.setenv("LINTNEWS_PACK_CACHE", str(folder))
    lexicon._text.cache_clear()
    try:
        return lexicon._text()
    finally:
        lexicon._text.cache_clear()


def _unpacked() -> str:
    import gzip

    return "\n" + gzip.decompress(lexicon._data()).decode("utf-8")


def test_the_kept_text_is_the_unpacked_file_and_is_read_back(monkeypatch, tmp_path):
    want = _unpacked()
    assert _fresh_text(monkeypatch, tmp_path) == want  # missing: unpacked, then kept
    kept = [p for p in tmp_path.iterdir() if p.name.endswith(".bin")]
    assert len(kept) == 1
    monkeypatch.setattr(lexicon, "_unpack", lambda data: (_ for _ in ()).throw(AssertionError("unpacked")))
    assert _fresh_text(monkeypatch, tmp_path) == want  # read back, not unpacked


def test_a_damaged_or_wrong_kept_text_is_unpacked_again(monkeypatch, tmp_path):
    want = _unpacked()
    _fresh_text(monkeypatch, tmp_path)
    (file,) = [p for p in tmp_path.iterdir() if p.name.endswith(".bin")]
    blob = file.read_bytes()
    file.write_bytes(blob[:-10] + b"x" * 10)  # damaged: its digest no longer holds
    assert _fresh_text(monkeypatch, tmp_path) == want
    assert file.read_bytes() == blob  # and kept again
    key = blob[len(lexicon.keep.MAGIC):len(lexicon.keep.MAGIC) + lexicon.keep.DIGEST]
    for value in (12, "no line break first", b"\nbytes"):  # sound files, but no text of the lexicon
        lexicon.keep.store(str(file), key, value)
        assert _fresh_text(monkeypatch, tmp_path) == want
    file.write_bytes(b"")
    assert _fresh_text(monkeypatch, tmp_path) == want


def test_a_changed_lexicon_file_is_never_answered_by_the_text_kept_of_the_old(monkeypatch, tmp_path):
    import gzip

    _fresh_text(monkeypatch, tmp_path)
    other = "# another lexicon\nzed\tm\t300\t300\n"
    monkeypatch.setattr(lexicon, "_data", lambda: gzip.compress(other.encode()))
    assert _fresh_text(monkeypatch, tmp_path) == "\n" + other


def test_no_cache_folder_or_one_not_writable_still_reads_the_lexicon(monkeypatch, tmp_path):
    want = _unpacked()
    monkeypatch.setenv("LINTNEWS_PACK_CACHE", "")
    lexicon._text.cache_clear()
    try:
        assert lexicon._text() == want
    finally:
        lexicon._text.cache_clear()
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert _fresh_text(monkeypatch, blocked / "packs") == want
