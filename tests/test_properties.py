"""What --fix promises, over generated articles rather than hand-picked ones: safe fixes delete no
real sentence, change no byte outside what the ledger says they cut, settle in one run, and keep
the file's encoding, byte-order mark, line ends, final newline, mode and links.

Articles are built from invented news sentences (quotes, non-ASCII, varied lengths) interleaved
with junk a scraper leaves behind, in the four formats, in every layout the readers must take:
blank-line-separated blocks, hard-wrapped paragraphs and tight articles (one line per block, no
blank lines). Every property runs the real command in this process.
"""

import base64
import difflib
import hashlib
import html
import json
import re
import os
import stat
import tempfile
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lintnews.source import decode

from clitools import lintnews

# Deterministic in CI: the same examples every run, nothing remembered between runs.
SETTINGS = dict(derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SENTENCES = [
    "The city council voted 7-2 on Tuesday to approve the mayor's revised budget.",
    "Residents said they were \"cautiously optimistic\" about the plan.",
    "“We have waited a decade for this,” said María José Fernández, who runs a bakery on Calle Mayor.",
    "Officials expect the new rules to take effect in March.",
    "Shares of the company fell 4.2% in early trading after the announcement.",
    "The minister shared the news with reporters outside the parliament in Zürich.",
    "Police said a 34-year-old man had been arrested.",
    "Der Bürgermeister sagte, die Straße werde im Frühjahr wieder geöffnet.",
    "« C'est une victoire pour tout le quartier », a déclaré l'adjointe au maire.",
    "Analysts at Nomura wrote that the yen's slide could continue into the new fiscal year, "
    "citing weak wage growth and a widening trade deficit.",
    "東京都は月曜日、新しい防災計画を発表した。",
    "The study, published in the journal Nature, followed 12,000 adults for more than 20 years.",
    "Readers who follow the trial closely will remember the testimony from last spring.",
    "She told the committee that the cookies sold at the fair had raised $3,400 for the shelter.",
    "It was not immediately clear how many people had been affected.",
    "The report's authors said subscribers to the service had doubled since 2021.",
    "The club said in a statement that its coach would leave at the end of the season.",
    "Rain is expected to return on Thursday, the weather service said.",
    "He added: 'Nobody here wants another year like the last one.'",
    "Ms. Øyen, 58, has lived in the village since 1991.",
    "The agency's director, Dr. Kwame Mensah, declined to comment on the findings.",
    "Prices for rice and cooking oil rose by about a third in the past six months.",
]

JUNK = [
    "Sign up for our newsletter to get the latest news delivered to your inbox.",
    "Subscribe to our newsletter",
    "Also Read: Five things to know about the transit strike",
    "READ MORE: Council approves new cycle lanes",
    "Share this article",
    "Share this:",
    "Follow us on Twitter and Facebook",
    "We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.",
    "Leave a Reply Cancel reply",
    "Your email address will not be published. Required fields are marked *",
    "Advertisement",
]
# Reported, not fixed by a safe fix (a quoted headline may be a quotation).
KEPT_JUNK = ["[email protected]", "Home | World | Business | Sport | Opinion",
             "Also Read: “Why the port deal collapsed”"]
HEADLINES = ["Mayor unveils new budget plan", "Storm leaves thousands without power",
             "Bürgermeister kündigt neue Pläne an", "Port deal collapses after last-minute talks"]


def wrap(sentence, width):
    lines, line = [], ""
    for word in sentence.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + [line]


@st.composite
def bodies(draw):
    """(title, the body's blocks as lists of lines, the real sentences in it)."""
    title = draw(st.sampled_from(HEADLINES))
    layout = draw(st.sampled_from(["blank", "wrapped"]))
    blocks, real = [], []
    for _ in range(draw(st.integers(3, 9))):
        if draw(st.booleans()):
            block = [draw(st.sampled_from(JUNK + KEPT_JUNK))]
        else:
            sentences = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3, unique=True))
            real.extend(sentences)
            paragraph = " ".join(sentences)
            block = wrap(paragraph, draw(st.integers(55, 80))) if layout == "wrapped" else [paragraph]
        blocks.append(block)
    if not real:
        real.append(SENTENCES[0])
        blocks.append([SENTENCES[0]])
    if not any(b[0] in JUNK for b in blocks):  # something for every example's fix to do
        blocks.insert(draw(st.integers(0, len(blocks))), [draw(st.sampled_from(JUNK))])
    byline = draw(st.sampled_from([None, "By Jane Doe", "Von Jürgen Müller"]))
    return title, byline, blocks, real, layout


@st.composite
def bodies_tight(draw):
    """One line per block and no blank line anywhere: junk sits right against real lines."""
    title = draw(st.sampled_from(HEADLINES))
    lines, real = [], []
    for _ in range(draw(st.integers(3, 10))):
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(JUNK + KEPT_JUNK)))
        else:
            s = draw(st.sampled_from(SENTENCES))
            lines.append(s)
            real.append(s)
    if not real:
        lines.append(SENTENCES[0])
        real.append(SENTENCES[0])
    return title, None, [[ln] for ln in lines], real, "tight"


def as_lines(title, byline, blocks, layout):
    """The article as text lines ('' for a blank line)."""
    head = [title] + ([byline] if byline else [])
    if layout == "tight":
        return head + [ln for b in blocks for ln in b]
    out = []
    for block in [[h] for h in head] + blocks:
        out.extend(block + [""])
    return out[:-1]


def join(lines, draw, allow_mixed=True):
    ending = draw(st.sampled_from(["\n", "\r\n", "mixed"] if allow_mixed else ["\n", "\r\n"]))
    final = draw(st.booleans())
    if ending == "mixed":
        ends = [draw(st.sampled_from(["\n", "\r\n"])) for _ in lines]
    else:
        ends = [ending] * len(lines)
    text = "".join(ln + e for ln, e in zip(lines, ends))
    if not final:
        text = text[: -len(ends[-1])]
    return text


ENCODINGS = st.sampled_from([("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                             ("utf-16-be", b"\xfe\xff")])


@st.composite
def articles(draw, tight=False, formats=("text", "markdown", "html", "jsonl")):
    """(file name, bytes, real sentences, format)."""
    fmt = draw(st.sampled_from(formats))
    title, byline, blocks, real, layout = draw(bodies_tight() if tight else bodies())
    encoding, bom = draw(ENCODINGS) if fmt != "jsonl" else draw(st.sampled_from([("utf-8", b""),
                                                                                 ("utf-8", b"\xef\xbb\xbf")]))
    if fmt == "text":
        text, name = join(as_lines(title, byline, blocks, layout), draw), "a.txt"
    elif fmt == "markdown":
        front = ["---", f"title: \"{title}\"", "author: Jane Doe", "date: 2024-03-05", "---", ""]
        body = as_lines(f"# {title}", byline, blocks, layout)
        text, name = join(front + body, draw), "a.md"
    elif fmt == "html":
        charset = "utf-8" if encoding == "utf-8" else "utf-16"
        lines = [f"<html><head><meta charset=\"{charset}\"><title>{html.escape(title)}</title></head>",
                 "<body><article>", f"<h1>{html.escape(title)}</h1>"]
        if byline:
            lines.append(f"<p class=\"byline\">{byline}</p>")
        for block in blocks:
            inner = "\n".join(html.escape(ln, quote=False) for ln in block)
            lines.append(f"<p>{inner}</p>")
        lines += ["</article></body></html>"]
        text, name = join(lines, draw), "a.html"
    else:
        records = []
        for i in range(draw(st.integers(1, 3))):
            body = "\n".join(as_lines(title, byline, blocks, layout))
            record = {"id": i, "url": f"https://example.com/{i}", "title": title, "text": body}
            records.append(json.dumps(record, ensure_ascii=draw(st.booleans())))
        text, name = join(records, draw, allow_mixed=False), "a.jsonl"
    return name, bom + text.encode(encoding), real, fmt


def run_fix(folder, name, ledger="ledger.jsonl"):
    proc = lintnews("check", "--fix", "--no-cache", "-q", "--ledger", ledger, name, cwd=folder)
    assert proc.returncode in (0, 1), (proc.returncode, proc.err)
    assert "Traceback" not in proc.err and proc.err == "", proc.err
    entries = []
    path = os.path.join(folder, ledger)
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            entries = [json.loads(line) for line in f]
        os.remove(path)
    return entries


def visible(data, fmt, name):
    """The article's words as a reader would see them, whitespace collapsed."""
    text = decode(data, name).text
    if fmt == "jsonl":
        text = "\n".join(json.loads(line)["text"] for line in text.splitlines() if line.strip())
    elif fmt == "html":
        text = html.unescape(text)
    return " ".join(unicodedata.normalize("NFC", text).split())


def is_subsequence(small, big):
    it = iter(big)
    return all(b in it for b in small)


def lines_of(text, fmt):
    """The article's lines as a reader sees them: a JSONL dump's text fields, a page's lines
    without tags."""
    if fmt == "jsonl":
        text = "\n".join(json.loads(line)["text"] for line in text.splitlines() if line.strip())
    elif fmt == "html":
        text = html.unescape(re.sub(r"<[^>]*>", "", text))
    return [ln.strip() for ln in text.splitlines()]


def only_junk_deleted(before, after, fmt):
    """Formats whose ledger positions are not the file's (a page's extracted text, a record's
    JSON string): every line the fix took is junk, blank or a repeat of a line that stays."""
    old, new = lines_of(before, fmt), lines_of(after, fmt)
    kept = " ".join(" ".join(new).split())
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        assert op in ("equal", "delete"), (op, old[a0:a1], new[b0:b1])
        for line in old[a0:a1] if op == "delete" else ():
            assert line in JUNK or not line or " ".join(line.split()) in kept, line


def replay(text, entries):
    """``text`` with the ledger's cuts taken out, pass by pass: what the fixed file must hold."""
    for number in sorted({e["pass"] for e in entries}):
        starts = [0]
        for line in text.split("\n"):
            starts.append(starts[-1] + len(line) + 1)
        spans, trimmed = [], None
        for e in entries:
            if e["pass"] != number:
                continue
            for edit in e["edits"]:
                cut = edit["cut"]
                if cut is not None:
                    at = starts[cut["line"] - 1] + cut["column"] - 1
                    assert text[at:at + len(cut["text"])] == cut["text"], (e["code"], cut)
                    spans.append((at, at + len(cut["text"]), edit["replacement"]))
                trimmed = edit.get("trimmed", trimmed)
        for start, end, replacement in sorted(spans, reverse=True):
            text = text[:start] + replacement + text[end:]
        if trimmed is not None:
            assert text.endswith(trimmed)
            text = text[: len(text) - len(trimmed)] + "\n"
    return text


def change_bytes(change, key):
    if f"{key}_b64" in change:
        return base64.b64decode(change[f"{key}_b64"])
    return change[key].encode("utf-8")


def replay_bytes(data, record):
    """``data`` with the ledger's byte changes applied, first offset first."""
    assert hashlib.sha256(data).hexdigest() == record["sha256_before"]
    assert len(data) == record["size_before"]
    out, at = [], 0
    for change in record["changes"]:
        cut, put = change_bytes(change, "cut"), change_bytes(change, "put")
        assert change["offset"] >= at, record  # in order, not overlapping
        assert data[change["offset"]:change["offset"] + len(cut)] == cut, change
        out += [data[at:change["offset"]], put]
        at = change["offset"] + len(cut)
    result = b"".join(out) + data[at:]
    assert hashlib.sha256(result).hexdigest() == record["sha256_after"]
    assert len(result) == record["size_after"]
    assert record["removed_bytes"] == sum(len(change_bytes(c, "cut")) for c in record["changes"])
    assert record["added_bytes"] == sum(len(change_bytes(c, "put")) for c in record["changes"])
    return result


def assert_no_sentence_cut(record, real, data, fmt, name, encoding):
    """No byte change takes a real sentence, in any of the forms it has in the file, unless the
    sentence is repeated in the article (property (a) holds that one copy stays)."""
    text = visible(data, fmt, name)
    forms = set()
    for sentence in real:
        if text.count(" ".join(unicodedata.normalize("NFC", sentence).split())) > 1:
            continue
        forms |= {sentence, html.escape(sentence, quote=False), json.dumps(sentence)[1:-1],
                  json.dumps(sentence, ensure_ascii=False)[1:-1]}
    encoded = {f.encode(encoding) for f in forms}
    for change in record["changes"]:
        cut = change_bytes(change, "cut")
        for form in encoded:
            assert form not in cut, (form, cut)


def check_fix(data, name, real, fmt, mode=0o644, via_link=False, must_fix=False):
    with tempfile.TemporaryDirectory(prefix="lintnews-prop-") as folder:
        target = os.path.join(folder, name)
        with open(target, "wb") as f:
            f.write(data)
        os.chmod(target, mode)
        arg = name
        if via_link:
            arg = "link" + os.path.splitext(name)[1]
            os.symlink(name, os.path.join(folder, arg))
        entries = run_fix(folder, arg)
        with open(target, "rb") as f:
            out = f.read()

        # (a) no real sentence is deleted
        seen = visible(out, fmt, name)
        for sentence in real:
            assert " ".join(unicodedata.normalize("NFC", sentence).split()) in seen, (sentence, out)

        # (b) no byte outside the fixes changed: the file line's byte changes, replayed on the
        # input, give the output exactly (every format), and no change cuts a real sentence
        fixes = [e for e in entries if "edits" in e]
        files = [e for e in entries if "file" in e]
        assert len(fixes) + len(files) == len(entries), entries
        assert len(files) == (out != data), files
        if files:
            assert replay_bytes(data, files[0]["file"]) == out
            assert_no_sentence_cut(files[0]["file"], real, data, fmt, name, decode(data, name).encoding)
        if all(edit["replacement"] == "" for e in fixes for edit in e["edits"]):
            assert is_subsequence(out, data)
        before, after = decode(data, name), decode(out, name)
        if fmt in ("text", "markdown"):
            # the fix lines, in text positions, say the same; compared in the file's own line
            # ends: a mixed file whose LF lines were all cut reads back as CRLF
            assert replay(before.text, fixes).replace("\n", before.newline) == \
                after.text.replace("\n", after.newline)
        else:
            only_junk_deleted(before.text, after.text, fmt)
        assert (out == data) == (fixes == [])
        assert entries or not must_fix, "no fix applied: the example tests nothing"

        # (c) a second --fix changes nothing
        assert run_fix(folder, arg) == []
        with open(target, "rb") as f:
            assert f.read() == out

        # (d) encoding, BOM, line ends, final newline, mode, link
        assert (after.encoding, after.bom) == (before.encoding, before.bom)
        if before.newline == "\r\n" and "\n" in after.text:
            assert after.newline == "\r\n"
        if "\r" not in before.text:
            assert "\r" not in after.text
        if fmt in ("html", "jsonl") or before.text.endswith("\n"):
            assert after.text.endswith("\n") == before.text.endswith("\n")
        # else: a file whose last line is cut ends in one newline (the README says so); the
        # replay above holds the text to exactly that
        assert stat.S_IMODE(os.stat(target).st_mode) == mode
        if via_link:
            assert os.path.islink(os.path.join(folder, arg))
        return entries


@settings(max_examples=30, **SETTINGS)
@given(articles())
def test_safe_fix_keeps_every_sentence(article):
    """Safe fixes delete no real sentence, cut only what the ledger lists, settle in one run and
    keep the file's form; blank-line-separated and hard-wrapped articles."""
    name, data, real, fmt = article
    check_fix(data, name, real, fmt, must_fix=True)


def known_tight(fmt):
    """The case the tight layout exists for: prompts right above real lines, no blank line."""
    name = {"text": "a.txt", "markdown": "a.md", "html": "a.html", "jsonl": "a.jsonl"}[fmt]
    real = [SENTENCES[0], SENTENCES[2]]
    lines = [JUNK[0], real[0], JUNK[5], JUNK[2], real[1]]
    body = "\n".join(["# " + HEADLINES[0] if fmt == "markdown" else HEADLINES[0]] + lines) + "\n"
    if fmt == "html":
        body = "<html><body><article><h1>T</h1><p>" + html.escape(body, quote=False) + "</p></article></body></html>\n"
    elif fmt == "jsonl":
        body = json.dumps({"id": 1, "text": body}) + "\n"
    return name, body.encode(), real, fmt


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "jsonl"])
def test_safe_fix_keeps_every_sentence_in_tight_articles(fmt):
    """The same, with junk lines right against real lines (no blank lines at all)."""
    @settings(max_examples=10, **SETTINGS)
    @given(articles(tight=True, formats=(fmt,)))
    @example(known_tight(fmt))
    def check(article):
        name, data, real, fmt = article
        check_fix(data, name, real, fmt)

    check()


@settings(max_examples=10, **SETTINGS)
@given(articles(), st.sampled_from([0o644, 0o600, 0o755, 0o4755, 0o2755, 0o6755]), st.booleans())
def test_fix_keeps_mode_and_links(article, mode, via_link):
    name, data, real, fmt = article
    check_fix(data, name, real, fmt, mode=mode, via_link=via_link)
