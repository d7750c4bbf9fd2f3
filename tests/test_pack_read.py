"""The shipped packs are read by the compiled TOML parser where it is installed: it must read each
exactly as the standard library's tomllib does (which reads every other pack, and is what a pack
author's TOML is held to)."""

import tomllib

import pytest

from lintnews import pack_read
from lintnews.errors import ConfigError


@pytest.mark.parametrize("path", pack_read.shipped_packs(), ids=lambda p: p.rsplit("/", 1)[-1])
def test_a_shipped_pack_reads_as_tomllib_reads_it(path):
    with open(path, "rb") as f:
        assert pack_read.read_pack(path, shipped=True) == tomllib.load(f)


def test_the_compiled_parser_serves_where_installed():
    try:
        import tomli
    except ImportError:
        pytest.skip("tomli is not installed: tomllib reads the shipped packs")
    assert pack_read._compiled_parser() is tomli


@pytest.mark.parametrize("shipped", [True, False])
def test_a_broken_pack_is_a_config_error_whichever_parser_reads_it(tmp_path, shipped):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rules]]\ncode = "X001\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="rule pack is not valid TOML"):
        pack_read.read_pack(str(bad), shipped=shipped)
    with pytest.raises(ConfigError, match="cannot read rule pack"):
        pack_read.read_pack(str(tmp_path / "missing.toml"), shipped=shipped)
