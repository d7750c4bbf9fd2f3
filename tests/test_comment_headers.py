"""A comment header's pattern is tried only on lines holding a time: every line it matches holds one."""

import glob
import os
import tomllib
from collections import Counter

from conftest import FIXTURES

from lintnews.rules.comment_headers import _CLOCK, _HEADER, header


def lines():
    out = []
    for path in sorted(glob.glob(os.path.join(FIXTURES, "corpus", "views", "*", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            out += f.read().split("\n")
    for path in sorted(glob.glob(os.path.join(FIXTURES, "rules", "CMT*.toml"))):
        with open(path, "rb") as f:
            for case in tomllib.load(f)["cases"]:
                out += (case.get("flag") or case.get("pass") or "").split("\n")
    return out


def test_every_line_the_header_pattern_matches_holds_a_time():
    matched = 0
    # The corpus's views share most of their lines: each text is matched once, and counted as
    # often as it comes.
    for text, times in Counter(line.strip() for line in lines()).items():
        if len(text) <= 120 and _HEADER.match(text):
            matched += times
            assert _CLOCK.search(text), text
    assert matched >= 10
    assert header("Catherine (GiveWell) on August 8, 2018 at 3:17 pm said:")
    assert header("Катерина 8 августа 2018 в 15H17") and not header("Catherine on August 8, 2018")
