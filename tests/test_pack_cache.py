"""What is worked out from a shipped pack is kept in the user's cache folder between runs: a rule
built from it must be the rule built without it, and a cache that is corrupt, stale, missing or
cannot be written must change nothing but the time."""

import os

import pytest

from lintnews import keep, pack_read, packs, regex_starts
from lintnews.errors import ConfigError

PACK = pack_read.shipped_packs()[0]


def rule_facts(rules):
    """Everything a pack rule is built from that the cache could change."""
    out = []
    for cls in rules:
        parts, flags, _known = cls.letters._source if cls.letters._source else (None, None, None)
        out.append((cls.code, cls.__doc__, cls.mode, parts, int(flags), cls.regex.pattern,
                    cls.languages, cls.sites, cls.examples, cls.site_source))
    return out


def known_heads(rules):
    return [cls.letters._source[2] for cls in rules]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv("LINTNEWS_PACK_CACHE", str(where))
    return where


def uncached(monkeypatch, path=PACK, languages=None):
    monkeypatch.setenv("LINTNEWS_PACK_CACHE", "")
    return packs.load_pack(path, languages, checked=True)


def test_a_kept_pack_builds_the_same_rules(folder, monkeypatch):
    cold = packs.load_pack(PACK, None, checked=True)
    assert len(os.listdir(folder)) == 1
    warm = packs.load_pack(PACK, None, checked=True)
    plain = uncached(monkeypatch)
    assert rule_facts(cold) == rule_facts(warm) == rule_facts(plain)
    # Kept: the leading literals of every part that has some, those of the phrases among them.
    for cls, some in zip(warm, known_heads(plain)):
        _parts, flags, full = cls.letters._source
        assert full.items() >= some.items()
        for part, heads in full.items():
            assert heads == regex_starts.literal_heads(part, flags), (cls.code, part)


def test_what_the_parts_without_leading_literals_tell_is_what_they_tell_anew(folder, monkeypatch):
    for path in pack_read.shipped_packs():
        packs.load_pack(path, None, checked=True)  # kept
    monkeypatch.setattr(regex_starts, "_TOLD", {})
    for path in pack_read.shipped_packs():
        packs.load_pack(path, None, checked=True)  # read back: told again
    told = dict(regex_starts._TOLD)
    assert len(told) > 50
    monkeypatch.setattr(regex_starts, "_TOLD", {})
    regex_starts.literal_heads.cache_clear()
    regex_starts.required_strings.cache_clear()
    try:
        for (part, flags), answer in told.items():
            assert regex_starts.answers(part, flags) == answer, part
            assert answer[0] is None
    finally:
        regex_starts.literal_heads.cache_clear()
        regex_starts.required_strings.cache_clear()


def test_the_languages_key_what_is_kept(folder, monkeypatch):
    english = packs.load_pack(PACK, {"en"}, checked=True)
    every = packs.load_pack(PACK, None, checked=True)
    assert len(os.listdir(folder)) == 2
    assert rule_facts(english) == rule_facts(uncached(monkeypatch, languages={"en"}))
    assert rule_facts(every) != rule_facts(english)


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty", "other key"])
def test_a_corrupt_cache_file_is_passed_over_and_written_again(folder, monkeypatch, damage):
    packs.load_pack(PACK, None, checked=True)
    (name,) = os.listdir(folder)
    file = folder / name
    blob = file.read_bytes()
    if damage == "truncate":
        blob = blob[: len(blob) // 2]
    elif damage == "flip":
        blob = blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:]
    elif damage == "garbage":
        blob = keep.MAGIC + os.urandom(5000)
    elif damage == "empty":
        blob = b""
    else:  # the file of another pack's key under this name
        blob = blob[: len(keep.MAGIC)] + bytes(32) + blob[len(keep.MAGIC) + 32:]
    file.write_bytes(blob)
    assert rule_facts(packs.load_pack(PACK, None, checked=True)) == rule_facts(uncached(monkeypatch))
    assert file.read_bytes() != blob  # replaced by a good one


def test_an_unwritable_cache_folder_keeps_nothing_and_works(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LINTNEWS_PACK_CACHE", str(blocker / "cache"))
    rules = packs.load_pack(PACK, None, checked=True)
    assert rule_facts(rules) == rule_facts(uncached(monkeypatch))
    # Nothing kept, so the prefilter's literals are left to be read on first use, as without a cache.
    assert known_heads(rules) == known_heads(uncached(monkeypatch))


def test_an_empty_setting_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("LINTNEWS_PACK_CACHE", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert keep.folder() is None
    packs.load_pack(PACK, None, checked=True)
    assert os.listdir(tmp_path) == []


def test_the_default_folder_is_the_users_cache(tmp_path, monkeypatch):
    monkeypatch.delenv("LINTNEWS_PACK_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if os.name == "posix" and keep.sys.platform not in ("darwin",):
        assert keep.folder() == os.path.join(str(tmp_path), "lintnews", "packs")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # not a folder one may trust
    monkeypatch.setenv("HOME", "")
    assert keep.folder() is None or os.path.isabs(keep.folder())


def test_other_bytes_are_worked_out_anew(folder, tmp_path):
    pack = tmp_path / "p.toml"
    entry = ('[[rules]]\ncode = "LOC001"\nname = "loc"\nsummary = "S."\nwhy = "W."\nmatch = "start"\n'
             'phrases = {{en = ["{0}"]}}\n')
    pack.write_text(entry.format("Read more"), encoding="utf-8")
    first = pack_read.read_shipped(str(pack), "", lambda data, full: [full])
    pack.write_text(entry.format("Read less"), encoding="utf-8")
    second = pack_read.read_shipped(str(pack), "", lambda data, full: [full])
    assert first[0]["rules"][0]["phrases"]["en"] == ["Read more"]
    assert second[0]["rules"][0]["phrases"]["en"] == ["Read less"]
    assert first[1] == second[1] == [True]
    again = pack_read.read_shipped(str(pack), "", lambda data, full: pytest.fail("worked out again"))
    assert again == second
    assert len(os.listdir(folder)) == 2


def test_a_broken_or_missing_shipped_pack_is_still_a_config_error(folder, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rules]]\ncode = "X001\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="rule pack is not valid TOML"):
        pack_read.read_shipped(str(bad), "", lambda data, full: None)
    with pytest.raises(ConfigError, match="cannot read rule pack"):
        pack_read.read_shipped(str(tmp_path / "missing.toml"), "", lambda data, full: None)


def test_kept_prefilters_are_worked_out_together_on_the_first_check(folder, monkeypatch):
    from lintnews.document import Document
    from lintnews.readers.text import make_blocks, split_blocks

    monkeypatch.setattr(packs, "_PENDING", [])
    packs.load_pack(PACK, None, checked=True)  # worked out here, then kept
    assert packs._PENDING
    packs._PENDING.clear()
    kept = packs.load_pack(PACK, None, checked=True)
    assert [letters for letters in packs._PENDING] == [cls.letters for cls in kept]
    text = ("Read more: something else\n\nA paragraph of the article itself, as it was written.\n\n"
            "Advertisement\n\nStory continues below advertisement\n")
    doc = Document("a.txt", "text", text, make_blocks(text, split_blocks(text), {}), {})
    found = [d.message for cls in kept for d in cls().check(doc)]
    assert found  # the first pack flags some of these
    assert not packs._PENDING and all(cls.letters._source is None for cls in kept)
    plain = uncached(monkeypatch)
    assert not packs._PENDING  # nothing kept, nothing pending: each works out its own on first use
    assert found == [d.message for cls in plain for d in cls().check(doc)]


def test_the_folder_keeps_the_files_written_last(folder, monkeypatch, tmp_path):
    monkeypatch.setattr(keep, "KEEP", 3)
    folder.mkdir()
    for i in range(5):
        old = folder / f"{i:040x}.bin"
        old.write_bytes(b"x")
        os.utime(old, ns=(i * 10**9, i * 10**9))
    (folder / "other.txt").write_text("not ours")
    packs.load_pack(PACK, None, checked=True)
    names = sorted(os.listdir(folder))
    assert "other.txt" in names and len([n for n in names if n.endswith(".bin")]) == 3
    assert f"{4:040x}.bin" in names and f"{3:040x}.bin" in names and f"{0:040x}.bin" not in names


def test_the_folder_keeps_the_files_written_last_up_to_its_size_in_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(keep, "KEEP_BYTES", 250)
    sizes = [100, 50, 100, 100, 30]  # oldest first: the last three hold 230 bytes, the last four 330
    for i, size in enumerate(sizes):
        old = tmp_path / f"{i:040x}.bin"
        old.write_bytes(b"x" * size)
        os.utime(old, ns=(i * 10**9, i * 10**9))
    (tmp_path / "recent-words.set").write_bytes(b"y" * 1000)  # not a .bin: neither counted nor removed
    keep.prune(str(tmp_path))
    assert sorted(os.listdir(tmp_path)) == [f"{i:040x}.bin" for i in (2, 3, 4)] + ["recent-words.set"]


def test_the_key_follows_the_deriving_codes_bytes_not_its_times(tmp_path):
    here = os.path.dirname(pack_read.__file__)
    for name in pack_read._DERIVING:
        with open(os.path.join(here, name), "rb") as f:
            (tmp_path / name).write_bytes(f.read())
    first = pack_read._code_stamps(str(tmp_path))
    assert first == pack_read._code_stamps.__wrapped__(here)  # a fresh clone of the same code
    for name in pack_read._DERIVING:
        os.utime(tmp_path / name, (1, 1))
    assert pack_read._code_stamps.__wrapped__(str(tmp_path)) == first
    (tmp_path / "slots.py").write_bytes((tmp_path / "slots.py").read_bytes() + b"\n# edited\n")
    assert pack_read._code_stamps.__wrapped__(str(tmp_path)) != first
