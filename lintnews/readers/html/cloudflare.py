"""Cloudflare-protected e-mail addresses: finding them in markup and decoding them."""

from __future__ import annotations

import re

_CF_HREF = re.compile(r"/cdn-cgi/l/email-protection#([0-9a-fA-F]+)")
_PLACEHOLDER = re.compile(r"\[email(?:[ \u00a0])protected\]", re.I)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def decode_cfemail(hexstr: str) -> str | None:
    """Cloudflare's scheme: the first byte is the XOR key of the rest."""
    try:
        data = bytes.fromhex(hexstr)
    except ValueError:
        return None
    if len(data) < 2:
        return None
    key = data[0]
    try:
        text = bytes(b ^ key for b in data[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if _EMAIL.match(text) else None


def cf_address(el) -> str | None:
    """The decoded address an element protects, if it protects one."""
    hexstr = el.get("data-cfemail")
    if hexstr:
        return decode_cfemail(hexstr)
    href = el.get("href") or ""
    m = _CF_HREF.search(href)
    return decode_cfemail(m.group(1)) if m else None


def is_cf_placeholder(el, text: str) -> bool:
    cls = el.get("class") or ""
    return "__cf_email__" in cls or el.get("data-cfemail") is not None or bool(
        el.tag == "a" and _CF_HREF.search(el.get("href") or "") and _PLACEHOLDER.fullmatch(text.strip()))


def is_cf_tag(tag_src: str) -> bool:
    """A start tag's source that marks a protected address."""
    return "__cf_email__" in tag_src or "data-cfemail" in tag_src or "email-protection#" in tag_src
