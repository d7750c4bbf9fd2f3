"""The compiled code of slow regexes is kept between runs (lintnews.keep): a regex read back must
be the regex re.compile makes, and a kept file that is missing, corrupt, for another Python or
holding code the engine refuses must change nothing but the time."""

import os
import re

import pytest

from lintnews import keep, pack_read, packs
from lintnews.rules import _teaser_headline

# Regexes slow enough to be kept: the phrase alternation of a shipped pack rule (with named
# groups, flags set inside the pattern, and scripts beyond Latin) and module regexes.
PACK_REGEXES = [cls.regex.pattern for cls in packs.load_pack(pack_read.shipped_packs()[0], None, checked=True)]
SAMPLES = [(p, re.IGNORECASE) for p in PACK_REGEXES[:6]] + [
    (v.pattern, v.flags) for v in vars(_teaser_headline).values() if isinstance(v, re.Pattern)] + [
    (r"(?P<name>[A-ZÀ-Ý][\w.'’-]+)\s+(?P=name)|(?i:von|par|por)\s+\w+", 0),
    ("(?x) a  b # a comment\n | c+", 0)]


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """A fresh store in its own folder, every regex slow enough to be kept."""
    monkeypatch.setenv("LINTNEWS_PACK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(keep, "KEPT_FROM", 0.0)
    monkeypatch.setattr(keep, "_COMPILED", keep._Compiled())
    return tmp_path / "cache"


def kept_files(where):
    """The regexes' own files (the set of a run's small regexes aside)."""
    return [os.path.join(d, n) for d, _dirs, names in os.walk(where) for n in names if n != keep.RECENT_FILE]


def reopen(monkeypatch):
    keep._COMPILED.save()
    monkeypatch.setattr(keep, "_COMPILED", keep._Compiled())


@pytest.mark.parametrize("pattern,flags", SAMPLES, ids=range(len(SAMPLES)))
def test_a_regex_read_back_is_the_regex_re_compiles(kept, monkeypatch, pattern, flags):
    fresh = keep.compile_regex(pattern, flags)
    assert fresh == re.compile(pattern, flags)
    assert keep._COMPILED.new
    reopen(monkeypatch)
    again = keep.compile_regex(pattern, flags)
    assert not keep._COMPILED.new  # read back, not compiled
    assert again == re.compile(pattern, flags)
    assert again.groupindex == re.compile(pattern, flags).groupindex
    assert again.groups == re.compile(pattern, flags).groups


def test_a_read_back_regex_matches_as_compiled(kept, monkeypatch):
    pattern = r"(?P<label>Also Read|Lesen Sie auch|Читайте также)\s*:\s*(?P<rest>.+)$"
    keep.compile_regex(pattern, re.IGNORECASE | re.MULTILINE)
    reopen(monkeypatch)
    got = keep.compile_regex(pattern, re.IGNORECASE | re.MULTILINE)
    text = "Body.\nчитайте ТАКЖЕ: Другая новость\nALSO READ: other story"
    assert [m.groupdict() for m in got.finditer(text)] == [
        {"label": "читайте ТАКЖЕ", "rest": "Другая новость"}, {"label": "ALSO READ", "rest": "other story"}]


@pytest.mark.parametrize("damage", ["garbage", "truncate", "other key"])
def test_a_damaged_file_is_passed_over(kept, monkeypatch, damage):
    pattern, flags = SAMPLES[0]
    keep.compile_regex(pattern, flags)
    reopen(monkeypatch)
    (file,) = kept_files(kept)
    with open(file, "rb") as f:
        blob = f.read()
    if damage == "garbage":
        blob = keep.MAGIC + os.urandom(2000)
    elif damage == "truncate":
        blob = blob[: len(blob) // 2]
    else:
        blob = blob[: len(keep.MAGIC)] + bytes(32) + blob[len(keep.MAGIC) + 32:]
    with open(file, "wb") as f:
        f.write(blob)
    assert keep.compile_regex(pattern, flags) == re.compile(pattern, flags)
    assert keep._COMPILED.new  # compiled anew, and kept again at exit


def test_code_the_engine_refuses_is_compiled_anew(kept, monkeypatch):
    pattern, flags = SAMPLES[0]
    keep.compile_regex(pattern, flags)
    store = keep._COMPILED
    parts = list(store.new[(pattern, int(flags))])
    parts[1] = parts[1][: len(parts[1]) // 2]  # code cut in the middle of an instruction
    store.new[(pattern, int(flags))] = tuple(parts)
    reopen(monkeypatch)
    assert keep.compile_regex(pattern, flags) == re.compile(pattern, flags)
    assert keep._COMPILED.new  # compiled anew


def test_a_bad_pattern_is_the_error_re_gives(kept):
    with pytest.raises(re.error, match="missing \\), unterminated subpattern"):
        keep.compile_regex("(unclosed", 0)


def test_nothing_is_kept_where_the_setting_is_empty(tmp_path, monkeypatch):
    monkeypatch.setenv("LINTNEWS_PACK_CACHE", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(keep, "KEPT_FROM", 0.0)
    monkeypatch.setattr(keep, "_COMPILED", keep._Compiled())
    pattern, flags = SAMPLES[0]
    assert keep.compile_regex(pattern, flags) == re.compile(pattern, flags)
    keep._COMPILED.save()
    assert os.listdir(tmp_path) == []


def test_fast_regexes_are_not_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("LINTNEWS_PACK_CACHE", str(tmp_path))
    monkeypatch.setattr(keep, "KEPT_FROM", 60.0)
    monkeypatch.setattr(keep, "_COMPILED", keep._Compiled())
    keep.compile_regex(SAMPLES[0][0], SAMPLES[0][1])
    assert not keep._COMPILED.new
    keep._COMPILED.save()
    assert kept_files(tmp_path) == []


def test_the_folder_keeps_the_latest_regexes_up_to_its_bound(kept, monkeypatch):
    monkeypatch.setattr(keep, "MAX_KEPT", 3)
    for i in range(5):
        keep.compile_regex(rf"first{i}|second{i}", 0)
        reopen(monkeypatch)
    keep._COMPILED.open()
    assert sorted(kept_files(kept)) == sorted(keep._COMPILED.file(rf"first{i}|second{i}", 0)[0] for i in (2, 3, 4))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no fifos on this system")
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_kept_name_that_is_not_a_regular_file_is_passed_over(kept, monkeypatch, kind):
    pattern, flags = SAMPLES[0]
    keep._COMPILED.open()
    file, _key = keep._COMPILED.file(pattern, int(flags))
    os.makedirs(os.path.dirname(file))
    if kind == "fifo":
        os.mkfifo(file)  # no writer: a blocking open or read would wait for ever
    else:
        os.symlink("/dev/zero", file)  # endless bytes
    assert keep.compile_regex(pattern, flags) == re.compile(pattern, flags)
    assert keep._COMPILED.new  # compiled anew


SMALL = [(rf"(?:also|see)\s+read{i}\s*:", re.IGNORECASE) for i in range(4)]


def recent_file(where):
    (found,) = [os.path.join(d, keep.RECENT_FILE) for d, _dirs, names in os.walk(where) if keep.RECENT_FILE in names]
    return found


def test_small_regexes_are_read_back_together(kept, monkeypatch):
    for pattern, flags in SMALL:
        keep.compile_regex(pattern, flags)
    reopen(monkeypatch)
    for path in kept_files(kept):
        os.unlink(path)  # their own files gone: the set of the last run's serves them
    for pattern, flags in SMALL:
        assert keep.compile_regex(pattern, flags) == re.compile(pattern, flags)
    assert not keep._COMPILED.new and not keep._COMPILED.missed


def test_the_set_is_written_again_only_for_a_regex_it_lacks(kept, monkeypatch):
    keep.compile_regex(*SMALL[0])
    reopen(monkeypatch)
    written = os.stat(recent_file(kept)).st_mtime_ns
    os.utime(recent_file(kept), ns=(written - 10**9, written - 10**9))
    keep.compile_regex(*SMALL[0])
    reopen(monkeypatch)
    assert os.stat(recent_file(kept)).st_mtime_ns == written - 10**9
    keep.compile_regex(*SMALL[1])
    reopen(monkeypatch)
    keep._COMPILED.open()
    assert set(keep._COMPILED.recent) == {SMALL[0], SMALL[1]}  # the last run's, then the one's before


def test_the_set_holds_the_last_runs_regexes_first_up_to_its_bound(kept, monkeypatch):
    for pattern, flags in SMALL[:3]:
        keep.compile_regex(pattern, flags)
    reopen(monkeypatch)
    keep._COMPILED.open()
    one = keep._words(keep._COMPILED.recent[SMALL[0]][1])
    monkeypatch.setattr(keep, "RECENT", 2 * one)  # room for two such regexes
    monkeypatch.setattr(keep, "_COMPILED", keep._Compiled())
    keep.compile_regex(*SMALL[3])
    reopen(monkeypatch)
    keep._COMPILED.open()
    assert list(keep._COMPILED.recent)[0] == SMALL[3] and len(keep._COMPILED.recent) == 2


def test_a_large_regex_stays_in_its_own_file(kept, monkeypatch):
    monkeypatch.setattr(keep, "SMALL", 10)
    keep.compile_regex(*SMALL[0])
    assert not keep._COMPILED.used and not keep._COMPILED.missed
    reopen(monkeypatch)
    assert len(kept_files(kept)) == 1
    assert not any(keep.RECENT_FILE in names for _d, _dirs, names in os.walk(kept))


@pytest.mark.parametrize("damage", ["garbage", "truncate"])
def test_a_damaged_set_is_passed_over(kept, monkeypatch, damage):
    keep.compile_regex(*SMALL[0])
    reopen(monkeypatch)
    path = recent_file(kept)
    with open(path, "rb") as f:
        blob = f.read()
    with open(path, "wb") as f:
        f.write(keep.MAGIC + os.urandom(500) if damage == "garbage" else blob[: len(blob) // 2])
    assert keep.compile_regex(*SMALL[0]) == re.compile(*SMALL[0])  # from its own file
    assert not keep._COMPILED.new and keep._COMPILED.missed  # and the set is written again


def test_the_set_keeps_code_as_bytes_of_words_and_refuses_a_cut_word(kept, monkeypatch):
    keep.compile_regex(*SMALL[0])
    reopen(monkeypatch)
    keep._COMPILED.open()
    parts = keep._COMPILED.recent[SMALL[0]]
    assert isinstance(parts[1], bytes)
    assert keep._unpacked(parts)[1] == list(map(int, re._compiler._code(re._parser.parse(*SMALL[0]), SMALL[0][1])))
    # A word cut short: the set's code is refused, the regex's own file serves it.
    keep._COMPILED.recent[SMALL[0]] = (parts[0], parts[1][:-1], *parts[2:])
    assert keep._unpacked(keep._COMPILED.recent[SMALL[0]]) is None
    assert keep.compile_regex(*SMALL[0]) == re.compile(*SMALL[0])
    assert keep._COMPILED.missed and not keep._COMPILED.new
