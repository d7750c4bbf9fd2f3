"""The result cache: hits, invalidation by content, config and version, corruption, clean.

An entry is shown to be used by editing its message and sealing it again (as lintnews does when
it writes one): a run that prints the edited message read the entry, one that prints the real
message did not. An edit that is not sealed, or that does not fit the file, is never used.
"""

import glob
import json
import os
import shutil

import pytest

from lintnews.cache import Cache, seal
from lintnews.config import Config

from clitools import SEED_ARTICLE, assert_one_line_error, lintnews

MARK = "FROM-THE-CACHE"


@pytest.fixture
def project(tmp_path):
    shutil.copy(SEED_ARTICLE, tmp_path / "article.txt")
    return tmp_path


def entries(folder):
    return sorted(glob.glob(os.path.join(folder, "entries", "*", "*.json")))


def edit_entries(folder, change, sealed=True):
    """Apply ``change`` to every entry's JSON (in place), sealed again unless ``sealed`` is false."""
    for path in entries(folder):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        data = change(data) or data
        if sealed and isinstance(data, dict):
            data["digest"] = seal(data)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f)


def tamper(folder):
    """Rewrite every cached message, so reading an entry shows in the output."""
    def change(data):
        for d in data["diagnostics"]:
            d["message"] = MARK
    edit_entries(folder, change)


def check(project, *args):
    return lintnews("check", "article.txt", "--output-format", "concise", *args, cwd=project)


def test_second_run_reads_the_cache(project):
    first = check(project)
    assert first.returncode == 1
    cache = project / ".lintnews_cache"
    assert len(entries(cache)) == 1
    assert (cache / "CACHEDIR.TAG").exists() and (cache / ".gitignore").exists()
    tamper(cache)
    second = check(project)
    assert second.returncode == 1
    assert MARK in second.out
    assert second.out.count("\n") == first.out.count("\n")
    assert MARK not in check(project, "--no-cache").out


def test_content_change_misses(project):
    check(project)
    tamper(project / ".lintnews_cache")
    article = project / "article.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    proc = check(project)
    assert MARK not in proc.out and "REL001" in proc.out
    assert len(entries(project / ".lintnews_cache")) == 2


def test_config_and_selection_changes_miss(project):
    check(project)
    tamper(project / ".lintnews_cache")
    assert MARK not in check(project, "--ignore", "WS").out  # another selection
    (project / "lintnews.toml").write_text('[severity]\nREL001 = "error"\n', encoding="utf-8")
    assert MARK not in check(project).out  # another config
    tamper(project / ".lintnews_cache")
    assert MARK in check(project).out  # and that config's entry is used in turn


def test_version_and_packs_are_part_of_the_key(monkeypatch, tmp_path):
    config = Config(None, str(tmp_path), {})
    selection = {"select": None}
    key = Cache(str(tmp_path)).settings_key(config, selection)
    assert Cache(str(tmp_path)).settings_key(config, selection) == key
    monkeypatch.setattr("lintnews.cache.__version__", "99.0")
    assert Cache(str(tmp_path)).settings_key(config, selection) != key
    monkeypatch.undo()
    pack = tmp_path / "pack.toml"
    pack.write_text("[[rules]]\n", encoding="utf-8")
    with_pack = Config(None, str(tmp_path), {"packs": [str(pack)]})
    k1 = Cache(str(tmp_path)).settings_key(with_pack, selection)
    pack.write_text("[[rules]]\n# edited\n", encoding="utf-8")
    assert Cache(str(tmp_path)).settings_key(with_pack, selection) != k1


def test_corrupt_entries_are_ignored(project):
    expected = check(project, "--no-cache").out
    check(project)
    for path in entries(project / ".lintnews_cache"):
        with open(path, "wb") as f:
            f.write(b"\x00{ not json")
    proc = check(project)
    assert proc.returncode == 1
    assert proc.out == expected
    assert "Traceback" not in proc.err
    assert json.loads(open(entries(project / ".lintnews_cache")[0], encoding="utf-8").read())  # rewritten


def test_unwritable_cache_is_not_fatal(project):
    (project / "blocker").write_text("a file where the cache folder should be", encoding="utf-8")
    proc = check(project, "--cache-dir", "blocker/cache")
    assert proc.returncode == 1
    assert "REL001" in proc.out
    assert "warning: cache disabled" in proc.err


def test_cache_dir_option_and_env(project):
    check(project, "--cache-dir", "elsewhere")
    assert entries(project / "elsewhere") and not (project / ".lintnews_cache").exists()
    lintnews("check", "article.txt", cwd=project, env={"LINTNEWS_CACHE_DIR": str(project / "fromenv")})
    assert entries(project / "fromenv")


def test_default_cache_sits_beside_the_config(project):
    (project / "lintnews.toml").write_text("", encoding="utf-8")
    (project / "sub").mkdir()
    shutil.copy(SEED_ARTICLE, project / "sub" / "b.txt")
    lintnews("check", "b.txt", cwd=project / "sub")
    assert entries(project / ".lintnews_cache")
    assert not (project / "sub" / ".lintnews_cache").exists()


def test_fix_runs_use_the_cache_only_for_files_with_nothing_to_fix(project):
    check(project)
    tamper(project / ".lintnews_cache")
    proc = lintnews("check", "article.txt", "--fix", cwd=project)
    assert MARK not in proc.out  # fixable findings: the file is linted and fixed for real
    assert "fixed" in proc.out
    fixed = (project / "article.txt").read_bytes()
    check(project)  # caches the fixed text's findings: no safe fix among them
    tamper(project / ".lintnews_cache")
    proc = lintnews("check", "article.txt", "--fix", "--output-format", "concise", cwd=project)
    assert MARK in proc.out
    assert (project / "article.txt").read_bytes() == fixed


def test_clean(project):
    check(project)
    proc = lintnews("clean", cwd=project)
    assert proc.returncode == 0
    assert not (project / ".lintnews_cache").exists()
    assert "No cache" in lintnews("clean", cwd=project).out
    (project / "precious").mkdir()
    (project / "precious" / "notes.txt").write_text("keep me", encoding="utf-8")
    assert_one_line_error(lintnews("clean", "--cache-dir", "precious", cwd=project), "not a lintnews cache")
    assert (project / "precious" / "notes.txt").exists()


def _first(data):
    return data["diagnostics"][0]


def _set(key, value):
    def change(data):
        _first(data)[key] = value
    return change


def _drop(key):
    def change(data):
        del _first(data)[key]
    return change


EDITS = {
    # Sealed again, so only the checks against the file and the types catch them.
    "another path": _set("path", "elsewhere.txt"),
    "missing key": _drop("severity"),
    "line as text": _set("line", "5"),
    "line as bool": _set("line", True),
    "line past the end": _set("line", 10_000),
    "end before start": _set("end_line", 0),
    "column past the line": _set("column", 5_000),
    "span reversed": _set("span", [9, 3]),
    "span of three": _set("span", [1, 2, 3]),
    "unknown severity": _set("severity", "fatal"),
    "fix edits not a list": _set("fix", {"message": "x", "applicability": "safe", "edits": 5}),
    "extra edits past the end": _set("extra", {"edits": [[10_000, 1, 10_001, 1, ""]]}),
    "extra edits of wrong shape": _set("extra", {"edits": [[1, 1]]}),
    "removed not text": _set("extra", {"removed": [1]}),
    "findings not a list": lambda data: data.update(diagnostics={"a": 1}),
    "entry names other bytes": lambda data: data.update(sha256="0" * 64),
    "entry not an object": lambda data: [data],
}


# Each edit is read back through one report format, the formats taken in turn: every format
# reads a recomputed entry, and every edit is caught before any report sees it.
FORMATS = ("concise", "full", "json", "sarif")


_PROJECTS = {}  # format -> (a copy of the seed, its report without the cache), one per process


def edited_project(fmt, tmp_path_factory):
    """A project whose report in ``fmt`` is known, its cache emptied: the tests of one format
    share it (the report names the project's folder in SARIF)."""
    if fmt not in _PROJECTS:
        folder = tmp_path_factory.mktemp(f"edited-{fmt}")
        shutil.copy(SEED_ARTICLE, folder / "article.txt")
        _PROJECTS[fmt] = folder, lintnews("check", "article.txt", "--output-format", fmt, "--no-cache",
                                          cwd=folder).out
    folder, expected = _PROJECTS[fmt]
    shutil.rmtree(folder / ".lintnews_cache", ignore_errors=True)
    return folder, expected


@pytest.mark.parametrize("edit,fmt", [(e, FORMATS[i % len(FORMATS)]) for i, e in enumerate(sorted(EDITS))])
def test_an_edited_entry_is_recomputed(tmp_path_factory, edit, fmt):
    project, expected = edited_project(fmt, tmp_path_factory)
    check(project)
    for _ in range(2):  # again: a miss rewrites the entry, and the rewritten one is read
        edit_entries(project / ".lintnews_cache", EDITS[edit])
        proc = lintnews("check", "article.txt", "--output-format", fmt, cwd=project)
        assert proc.returncode == 1 and not proc.err, proc.err
        assert proc.out == expected


def test_an_unsealed_edit_cannot_hide_findings(project):
    expected = check(project, "--no-cache").out
    check(project)
    edit_entries(project / ".lintnews_cache", lambda data: data.update(diagnostics=[]), sealed=False)
    assert check(project).out == expected
    edit_entries(project / ".lintnews_cache",
                 lambda data: [d.update(message=MARK) for d in data["diagnostics"]], sealed=False)
    assert MARK not in check(project).out


def test_a_truncated_entry_is_recomputed_and_rewritten(project):
    expected = check(project, "--no-cache").out
    check(project)
    (path,) = entries(project / ".lintnews_cache")
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[: len(data) // 2])
    assert check(project).out == expected
    with open(path, encoding="utf-8") as f:
        assert json.load(f)["digest"]


@pytest.mark.parametrize("tag", ["fifo", "binary"])
def test_clean_refuses_an_odd_tag_without_hanging_or_crashing(project, tag):
    folder = project / "odd"
    folder.mkdir()
    if tag == "fifo":
        os.mkfifo(folder / "CACHEDIR.TAG")  # no writer: opened for reading as is, it never returns
    else:
        (folder / "CACHEDIR.TAG").write_bytes(b"\xff\xfe not the tag lintnews writes")
    assert_one_line_error(lintnews("clean", "--cache-dir", "odd", cwd=project, real_process=True),
                          "odd: not a lintnews cache folder")
    assert folder.exists()
