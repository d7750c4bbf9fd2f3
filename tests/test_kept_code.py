"""The code of the methods @dataclass writes is kept between runs of the lintnews command
(keep.keep_generated_code): a class made from kept code must be the class the texts make, and a
kept file that is missing, damaged, for another Python or not this user's alone must change
nothing but the time."""

import dataclasses
import importlib.util
import os
import subprocess
import sys

import pytest

from clitools import ROOT
from lintnews import keep


def _fresh_dataclasses():
    """A module of its own, made from dataclasses' source, to serve (the imported one is left
    as it is)."""
    spec = importlib.util.find_spec("dataclasses")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _classes(module):
    @module.dataclass
    class Plain:
        """A plain one."""
        name: str
        tags: list[str] = module.field(default_factory=list)
        size: int = 3

    @module.dataclass(frozen=True, order=True)
    class Frozen:
        x: int
        y: "str | None" = None

    return Plain, Frozen


def _same_as_made_from_texts(module):
    plain, frozen = _classes(module)
    want_plain, want_frozen = _classes(dataclasses)
    for got, want in ((plain, want_plain), (frozen, want_frozen)):
        for name in ("__init__", "__repr__", "__eq__", "__lt__", "__setattr__", "__hash__"):
            a, b = getattr(got, name, None), getattr(want, name, None)
            assert (a is None) == (b is None), name
            code_a, code_b = getattr(a, "__code__", None), getattr(b, "__code__", None)
            assert code_a == code_b, name
            if code_a is not None:
                # Compared by repr: each copy of the module has its own default factory mark.
                assert repr((a.__defaults__, a.__kwdefaults__, a.__annotations__)) == \
                    repr((b.__defaults__, b.__kwdefaults__, b.__annotations__)), name
                assert code_a.co_filename == code_b.co_filename
    one = plain("a")
    assert repr(one) == "_classes.<locals>.Plain(name='a', tags=[], size=3)"
    assert one == plain("a", [], 3) and one != plain("b")
    assert frozen(1) < frozen(2) and hash(frozen(1, "a")) == hash(frozen(1, "a"))
    with pytest.raises(dataclasses.FrozenInstanceError if module is dataclasses else module.FrozenInstanceError):
        frozen(1).x = 2
    assert [f.name for f in module.fields(plain)] == ["name", "tags", "size"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LINTNEWS_PACK_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _code_files(where):
    return sorted(p for p in where.iterdir() if p.name.endswith(keep.CODE_SUFFIX)) if where.exists() else []


def test_classes_made_from_kept_code_are_the_classes_the_texts_make(cache):
    first = _fresh_dataclasses()
    kept = keep.keep_generated_code(first, at_exit=False)
    _same_as_made_from_texts(first)  # missing: compiled, then kept
    assert kept.missed > 0
    kept.save()
    (file,) = _code_files(cache)
    again = _fresh_dataclasses()
    served = keep.keep_generated_code(again, at_exit=False)
    _same_as_made_from_texts(again)
    assert served.missed == 0 and served.used  # every text read back
    assert all(code == compile(text, "<string>", "exec", 0, True) for text, code in served.table.items())
    before = file.stat().st_mtime_ns
    served.save()
    assert file.stat().st_mtime_ns == before  # nothing new: not written again
    assert keep.keep_generated_code(again, at_exit=False) is None  # served once


def _kept_once(cache):
    module = _fresh_dataclasses()
    kept = keep.keep_generated_code(module, at_exit=False)
    _classes(module)
    kept.save()
    (file,) = _code_files(cache)
    return file


def _read_back(cache) -> int:
    module = _fresh_dataclasses()
    kept = keep.keep_generated_code(module, at_exit=False)
    _same_as_made_from_texts(module)
    return kept.missed


def test_a_damaged_or_wrong_file_compiles_the_texts_again(cache):
    file = _kept_once(cache)
    blob = file.read_bytes()
    file.write_bytes(blob[:-20] + b"\0" * 20)
    assert _read_back(cache) > 0
    key = blob[len(keep.MAGIC):len(keep.MAGIC) + keep.DIGEST]
    some_text = next(iter(keep.load(str(file), key, private=True) or {"": None})) or "x = 1"
    for value in ([1, 2], {some_text: "not code"}, {1: compile("x = 1", "<string>", "exec")}):
        keep.store(str(file), key, value, private=True)
        assert _read_back(cache) > 0
    file.write_bytes(b"")
    assert _read_back(cache) > 0


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no owners of files")
def test_a_file_others_may_write_is_not_read(cache):
    file = _kept_once(cache)
    assert oct(file.stat().st_mode & 0o777) == oct(0o600)
    assert _read_back(cache) == 0
    file.chmod(0o664)
    assert _read_back(cache) > 0
    file.chmod(0o600)
    assert _read_back(cache) == 0


def test_another_python_build_or_o_level_reads_its_own_file(cache, monkeypatch):
    _kept_once(cache)
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert _read_back(cache) > 0


def test_no_cache_folder_serves_nothing(monkeypatch):
    monkeypatch.setenv("LINTNEWS_PACK_CACHE", "")
    module = _fresh_dataclasses()
    assert keep.keep_generated_code(module, at_exit=False) is None
    assert "exec" not in vars(module)
    _same_as_made_from_texts(module)


def test_the_command_keeps_the_code_and_reads_it_back(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nBody text of the story, with a sentence.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": ROOT, "LINTNEWS_PACK_CACHE": str(cache)}
    outs = []
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-m", "lintnews", "check", "--no-cache", str(article)],
                              capture_output=True, text=True, env=env, cwd=tmp_path)
        outs.append((proc.returncode, proc.stdout, proc.stderr))
        (file,) = _code_files(cache)
        if len(outs) == 1:
            written = file.stat().st_mtime_ns
    assert outs[0] == outs[1] and "All checks passed" in outs[0][1]
    assert file.stat().st_mtime_ns == written  # the second run compiled nothing


def test_a_caller_of_main_leaves_dataclasses_as_it_is():
    code = "import dataclasses\nimport lintnews.cli\nprint('exec' in vars(dataclasses))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": ROOT})
    assert proc.stdout.strip() == "False", proc.stderr


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no owners of files")
def test_a_private_file_is_the_owners_alone_whatever_the_umask_or_a_file_left_behind(tmp_path):
    file = tmp_path / "x.code"
    left = tmp_path / f"x.code.{os.getpid()}.tmp"
    left.write_bytes(b"left by a run that stopped")
    left.chmod(0o666)
    old = os.umask(0o002)
    try:
        keep.store(str(file), b"k" * 32, {"text": 1}, private=True)
    finally:
        os.umask(old)
    assert file.stat().st_mode & 0o777 == 0o600 and not left.exists()
    assert keep.load(str(file), b"k" * 32, private=True) == {"text": 1}
